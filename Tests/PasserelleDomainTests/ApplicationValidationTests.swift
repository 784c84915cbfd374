import Testing
@testable import PasserelleDomain

/// One fault put into a valid application, and the single problem it must cause.
struct ValidationCase: Sendable, CustomStringConvertible {
    var name: String
    var change: @Sendable (inout FundingApplication) -> Void
    var field: String
    var message: String
    var description: String { name }
}

@Suite struct ApplicationValidationTests {
    let call = ProgrammingFixture.call()
    let catalog = ProgrammingFixture.catalog

    @Test func aBalancedCompleteApplicationHasNoProblem() {
        #expect(ApplicationValidation.problems(ProgrammingFixture.application(), call: call, catalog: catalog) == [])
    }

    @Test func saysByHowMuchThePlanIsUnbalanced() {
        var application = ProgrammingFixture.application()
        application.ownFunds = 500
        let expected = "Le plan de financement n'est pas équilibré : " + frenchEuros("12 000 €") + " de dépenses pour "
            + frenchEuros("11 500 €") + " de recettes (écart " + frenchEuros("500 €") + ")."
        #expect(ApplicationValidation.problems(application, call: call, catalog: catalog) == [FieldProblem(field: "fundingPlan", message: expected)])
    }

    @Test func balancesToTheCent() {
        var application = ProgrammingFixture.application()
        application.ownFunds = 999.99
        #expect(ApplicationValidation.problems(application, call: call, catalog: catalog).map(\.message)
            == ["Le plan de financement n'est pas équilibré : " + frenchEuros("12 000 €") + " de dépenses pour " + frenchEuros("11 999,99 €") + " de recettes (écart " + frenchEuros("0,01 €") + ")."])
        // Amounts that only differ in binary rounding still balance.
        application.budgetLines = [BudgetLine(label: "A", amount: 0.1), BudgetLine(label: "B", amount: 0.2)]
        application.fundingPlan = [FundingLine(id: 1, funderID: 1, schemeID: 10, label: "État", requested: 0.3)]
        application.ownFunds = 0
        #expect(ApplicationValidation.problems(application, call: call, catalog: catalog) == [])
    }

    static let cases: [ValidationCase] = [
        ValidationCase(name: "titre vide", change: { $0.title = "  " }, field: "title", message: "Le titre du projet est vide."),
        ValidationCase(name: "SIRET trop court", change: { $0.holder.siret = "7820000010001" }, field: "holder.siret",
                       message: "SIRET du porteur : « 7820000010001 » n'est pas un SIRET : il faut 14 chiffres, il y en a 13."),
        ValidationCase(name: "clé SIRET fausse", change: { $0.holder.siret = "78200000100018" }, field: "holder.siret",
                       message: "SIRET du porteur : « 78200000100018 » n'est pas un SIRET valide : la clé de contrôle ne correspond pas (erreur de saisie ?)."),
        ValidationCase(name: "objectif hors appel", change: { $0.objectiveIDs = [111, 999] }, field: "objectiveIDs[1]",
                       message: "L'objectif n° 999 ne fait pas partie des objectifs de l'appel « Appel à projets 2025 »."),
        ValidationCase(name: "aucun objectif", change: { $0.objectiveIDs = [] }, field: "objectiveIDs",
                       message: "Choisissez au moins un objectif du contrat auquel le projet répond."),
        ValidationCase(name: "fin avant début", change: { $0.endDate = CalendarDate(iso: "2025-02-01")! }, field: "endDate",
                       message: "La date de fin (01/02/2025) précède la date de début (01/03/2025)."),
        ValidationCase(name: "début avant la période", change: { $0.startDate = CalendarDate(iso: "2024-12-15")!; $0.years = [2024, 2025] }, field: "startDate",
                       message: "La date de début (15/12/2024) sort de la période des actions de l'appel (du 01/01/2025 au 31/12/2027)."),
        ValidationCase(name: "fin après la période", change: { $0.endDate = CalendarDate(iso: "2028-01-15")! }, field: "endDate",
                       message: "La date de fin (15/01/2028) sort de la période des actions de l'appel (du 01/01/2025 au 31/12/2027)."),
        ValidationCase(name: "année hors dates", change: { $0.years = [2025, 2026] }, field: "years[1]",
                       message: "L'année 2026 n'est pas couverte par les dates de l'action (01/03/2025 – 30/11/2025)."),
        ValidationCase(name: "dépense nulle", change: { $0.budgetLines[1].amount = 0; $0.fundingPlan[0].requested = 1_000 }, field: "budgetLines[1].amount",
                       message: "Ligne de dépense 2 (« Matériel ») : le montant doit être supérieur à 0 € (0\u{00A0}€)."),
        // 8 000 + 4 000 of expenses = 5 000 + 4 000 − 2 000 asked + 5 000 own funds: balanced, only the sign is wrong.
        ValidationCase(name: "demande négative", change: { $0.fundingPlan[2].requested = -2_000; $0.ownFunds = 5_000 }, field: "fundingPlan[2].requested",
                       message: "Ligne de financement 3 (« Département – solidarité ») : le montant demandé doit être supérieur à 0 € (-2\u{202F}000\u{00A0}€)."),
        ValidationCase(name: "financeur absent de l'appel", change: { $0.fundingPlan[2].funderID = 9; $0.fundingPlan[2].schemeID = nil }, field: "fundingPlan[2].funderID",
                       message: "Ligne de financement 3 (« Département – solidarité ») : financeur n° 9 ne participe pas à l'appel « Appel à projets 2025 »."),
        ValidationCase(name: "dispositif non ouvert par ce financeur", change: { $0.fundingPlan[1].schemeID = 10 }, field: "fundingPlan[1].schemeID",
                       message: "Ligne de financement 2 (« Région – programmation ») : le dispositif « Programme 147 – politique de la ville » n'est pas ouvert par Région Hauts-de-France dans cet appel."),
        ValidationCase(name: "dispositif sans financeur", change: { $0.fundingPlan[2].funderID = nil }, field: "fundingPlan[2].funderID",
                       message: "Ligne de financement 3 (« Département – solidarité ») : le dispositif « Fonds départemental de solidarité » est indiqué sans son financeur."),
        ValidationCase(name: "femmes et hommes au-delà du total", change: { $0.beneficiaries.women = 60; $0.beneficiaries.men = 50 }, field: "beneficiaries.women",
                       message: "Bénéficiaires : 60 femmes et 50 hommes font 110 personnes, plus que le total déclaré (100)."),
        ValidationCase(name: "part QPV au-delà de 100 %", change: { $0.beneficiaries.livingInQPVShare = 120 }, field: "beneficiaries.livingInQPVShare",
                       message: "La part des bénéficiaires habitant un quartier prioritaire doit être comprise entre 0 et 100 % (120\u{00A0}%)."),
        ValidationCase(name: "part QPV négative", change: { $0.beneficiaries.livingInQPVShare = -2.5 }, field: "beneficiaries.livingInQPVShare",
                       message: "La part des bénéficiaires habitant un quartier prioritaire doit être comprise entre 0 et 100 % (-2,5\u{00A0}%)."),
        ValidationCase(name: "tranches d'âge au-delà du total", change: { $0.beneficiaries.ageBands = [.under6: 70, .over64: 31] }, field: "beneficiaries.ageBands",
                       message: "Bénéficiaires : les tranches d'âge comptent 101 personnes, plus que le total déclaré (100)."),
        ValidationCase(name: "code QPV mal formé", change: { $0.qpvCodes = ["QP062001"] }, field: "qpvCodes[0]",
                       message: "« QP062001 » n'est pas un code de quartier prioritaire 2024 (forme attendue : QN suivi de 6 caractères, par exemple QN06224M)."),
        ValidationCase(name: "aucun territoire", change: { $0.qpvCodes = [] }, field: "qpvCodes",
                       message: "Indiquez au moins un quartier prioritaire (ou un territoire vécu ou vulnérable) visé par le projet."),
        ValidationCase(name: "autre territoire d'un mauvais type", change: { $0.otherAreas = [TargetArea(kind: .commune, code: "62570", name: "Méricourt")] }, field: "otherAreas[0].kind",
                       message: "Le territoire « Méricourt » doit être un quartier vécu ou un territoire vulnérable (ici : Commune)."),
        ValidationCase(name: "autofinancement négatif", change: { $0.ownFunds = -1_000; $0.budgetLines[1].amount = 2_000 }, field: "ownFunds",
                       message: "L'autofinancement ne peut pas être négatif (-1\u{202F}000\u{00A0}€)."),
        ValidationCase(name: "SIRET de co-porteur invalide", change: { $0.coHolders = [CoHolder(holder: ProjectHolder(name: "Collectif Cité 10", siret: "12345678901234", kind: .inhabitantsCollective), share: 0.3)] }, field: "coHolders[0].holder.siret",
                       message: "SIRET du co-porteur « Collectif Cité 10 » : « 12345678901234 » n'est pas un SIRET valide : la clé de contrôle ne correspond pas (erreur de saisie ?)."),
        ValidationCase(name: "appel différent", change: { $0.callID = 7 }, field: "callID",
                       message: "La demande est rattachée à l'appel n° 7, pas à « Appel à projets 2025 »."),
    ]

    @Test(arguments: cases)
    func reportsEachFaultOnceOnItsField(_ testCase: ValidationCase) {
        var application = ProgrammingFixture.application()
        testCase.change(&application)
        let problems = ApplicationValidation.problems(application, call: call, catalog: catalog)
        #expect(problems == [FieldProblem(field: testCase.field, message: testCase.message)])
    }

    @Test func reportsEveryFaultAtOnce() {
        var application = ProgrammingFixture.application()
        application.title = ""
        application.holder.siret = "123"
        application.beneficiaries.livingInQPVShare = 101
        #expect(ApplicationValidation.problems(application, call: call, catalog: catalog).map(\.field)
            == ["title", "holder.siret", "beneficiaries.livingInQPVShare"])
    }

    @Test func acceptsLaPosteAsHolder() {
        let application = ProgrammingFixture.application(holder: ProjectHolder(name: "La Poste – bureau de Lens", siret: "35600000000010", kind: .publicBody))
        #expect(ApplicationValidation.problems(application, call: call, catalog: catalog) == [])
    }

    @Test func acceptsOtherResourcesWithoutFunder() {
        var application = ProgrammingFixture.application()
        application.fundingPlan.append(FundingLine(id: 4, funderID: nil, schemeID: nil, label: "Mécénat", requested: 500))
        application.ownFunds = 500
        #expect(ApplicationValidation.problems(application, call: call, catalog: catalog) == [])
    }

    @Test func namesUnknownFundersAndSchemesByNumberWithoutCatalog() {
        var application = ProgrammingFixture.application()
        application.fundingPlan[1].schemeID = 10
        #expect(ApplicationValidation.problems(application, call: call).map(\.message)
            == ["Ligne de financement 2 (« Région – programmation ») : le dispositif « dispositif n° 10 » n'est pas ouvert par financeur n° 2 dans cet appel."])
    }
}
