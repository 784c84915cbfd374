import Testing
@testable import PasserelleDomain

@Suite struct DecisionTests {
    let application = ProgrammingFixture.application()

    func decision(line: Int = 2, funder: Int = 2, _ outcome: DecisionOutcome, _ amount: Double) -> Decision {
        Decision(id: 1, applicationID: 1, fundingLineID: line, funderID: funder, outcome: outcome, amount: amount,
                 decidedOn: isoDay("2025-03-15"), decidedBy: "Commission permanente", reference: "CP-2025-117")
    }

    @Test func derivesTheOutcomeFromTheAmount() {
        #expect(Decision.outcome(amount: 4_000, requested: 4_000) == .granted)
        #expect(Decision.outcome(amount: 3_999.99, requested: 4_000) == .partlyGranted)
        #expect(Decision.outcome(amount: 0, requested: 4_000) == .refused)
    }

    @Test func acceptsAConsistentDecision() {
        #expect(decision(.partlyGranted, 3_000).problems(application: application, catalog: ProgrammingFixture.catalog) == [])
        #expect(decision(.refused, 0).problems(application: application) == [])
    }

    @Test func reportsInconsistentDecisions() {
        #expect(decision(.granted, 3_000).problems(application: application).map(\.message)
            == ["Ligne « Région – programmation » : la décision « accordée » ne correspond pas au montant (" + frenchEuros("3 000 €") + " pour " + frenchEuros("4 000 €") + " demandés : « accordée en partie »)."])
        #expect(decision(.granted, 5_000).problems(application: application).map(\.message)
            == ["Ligne « Région – programmation » : " + frenchEuros("5 000 €") + " accordés pour " + frenchEuros("4 000 €") + " demandés ; le porteur doit d'abord modifier son plan de financement."])
        #expect(decision(line: 1, funder: 2, .granted, 5_000).problems(application: application, catalog: ProgrammingFixture.catalog).map(\.message)
            == ["Ligne « État – BOP 147 » : elle relève de État – préfecture du Pas-de-Calais, pas de Région Hauts-de-France."])
        #expect(decision(line: 8, .granted, 5_000).problems(application: application).map(\.field) == ["fundingLineID"])
        var unsigned = decision(.refused, 0)
        unsigned.reference = ""
        unsigned.decidedBy = " "
        #expect(unsigned.problems(application: application).map(\.field) == ["reference", "decidedBy"])
    }

    @Test func summarisesAnApplicationsDecisions() {
        let all = [decision(line: 1, funder: 1, .granted, 5_000), decision(line: 2, funder: 2, .granted, 4_000), decision(line: 3, funder: 3, .granted, 2_000)]
        #expect(Decision.overallOutcome(of: application, decisions: all) == .granted)
        #expect(Decision.overallOutcome(of: application, decisions: [all[0], decision(.partlyGranted, 1_000), all[2]]) == .partlyGranted)
        #expect(Decision.overallOutcome(of: application, decisions: [decision(line: 1, funder: 1, .refused, 0), decision(.refused, 0), decision(line: 3, funder: 3, .refused, 0)]) == .refused)
        #expect(Decision.overallOutcome(of: application, decisions: [all[0], all[1]]) == nil)
    }

    @Test func checksAgreementYearsAgainstTheGrant() {
        let granted = [decision(line: 1, funder: 1, .granted, 5_000)]
        let agreement = Agreement(applicationID: 1, funderID: 1, years: [2025: 2_000, 2026: 2_000, 2027: 1_000], signedOn: isoDay("2025-04-01"))
        #expect(agreement.total == 5_000)
        #expect(agreement.isMultiYear)
        #expect(agreement.sortedYears == [2025, 2026, 2027])
        #expect(agreement.problems(decisions: granted) == [])
        let short = Agreement(applicationID: 1, funderID: 1, years: [2025: 4_500], signedOn: nil)
        #expect(!short.isMultiYear)
        #expect(short.problems(decisions: granted, catalog: ProgrammingFixture.catalog).map(\.message)
            == ["Convention avec État – préfecture du Pas-de-Calais : les montants annuels font " + frenchEuros("4 500 €") + " mais " + frenchEuros("5 000 €") + " ont été accordés."])
    }
}
