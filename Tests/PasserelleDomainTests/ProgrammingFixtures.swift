import Foundation
@testable import PasserelleDomain

// Builders shared by the programming tests. SIRETs are fictitious numbers built to pass the Luhn
// check; QPV codes have the 2024 shape but are not real ones.

func isoDay(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

/// "12 000 €" as `EuroAmount.format` writes it (narrow no-break space, no-break space before €).
func frenchEuros(_ text: String) -> String {
    text.replacingOccurrences(of: " €", with: "\u{00A0}€").replacingOccurrences(of: " ", with: "\u{202F}")
}

enum ProgrammingFixture {
    static let etat = Funder(id: 1, code: "etat", name: "État – préfecture du Pas-de-Calais", kind: .state, siret: "13000000700018")
    static let region = Funder(id: 2, code: "region-hdf", name: "Région Hauts-de-France", kind: .region, siret: "20060006000012")
    static let departement = Funder(id: 3, code: "departement-62", name: "Département du Pas-de-Calais", kind: .department, siret: "23062000800014")
    static let drac = Funder(id: 4, code: "drac", name: "DRAC Hauts-de-France", kind: .state)

    static let p147 = Scheme(id: 10, funderID: 1, name: "Programme 147 – politique de la ville", code: "P147", kind: .specific)
    static let pic = Scheme(id: 20, funderID: 2, name: "Projets d'initiative citoyenne", code: "PIC", kind: .specific)
    static let ftu = Scheme(id: 21, funderID: 2, name: "Fonds de travaux urbains", code: "FTU", kind: .specific)
    static let nqe = Scheme(id: 22, funderID: 2, name: "Nos Quartiers d'Été", code: "NQE", kind: .specific)
    static let regionProgramming = Scheme(id: 23, funderID: 2, name: "Soutien régional aux programmations", code: "REGION-PROG", kind: .specific)
    static let regionSport = Scheme(id: 24, funderID: 2, name: "Politique sportive régionale", code: "REGION-SPORT", kind: .commonLaw)
    static let departementSolidarity = Scheme(id: 30, funderID: 3, name: "Fonds départemental de solidarité", code: "CD62-SOL", kind: .commonLaw)
    static let dracEAC = Scheme(id: 40, funderID: 4, name: "Éducation artistique et culturelle", code: "DRAC-EAC", kind: .commonLaw)

    static let catalog = FundingCatalog(
        funders: [etat, region, departement, drac],
        schemes: [p147, pic, ftu, nqe, regionProgramming, regionSport, departementSolidarity, dracEAC])

    static func call(kind: CallKind = .yearlyCall, id: Int = 100) -> Call {
        Call(id: id, contractID: 1, kind: kind, title: "Appel à projets 2025", year: 2025,
             opensOn: isoDay("2024-10-01"), closesOn: isoDay("2024-11-30"),
             actionStartsOn: isoDay("2025-01-01"), actionEndsOn: isoDay("2027-12-31"),
             objectiveIDs: [111, 112, 121, 122, 211, 212, 311],
             funders: [
                CallFunder(funderID: 1, schemeIDs: [10], envelope: 200_000),
                CallFunder(funderID: 2, schemeIDs: [20, 21, 22, 23, 24], envelope: 150_000),
                CallFunder(funderID: 3, schemeIDs: [30], envelope: 80_000),
                CallFunder(funderID: 4, schemeIDs: [40], envelope: nil),
             ])
    }

    static let association = ProjectHolder(name: "Association Les Jardins du Maroc", siret: "78200000100019", kind: .association)
    static let sportClub = ProjectHolder(name: "Sport Ensemble Lens", siret: "44100000200010", kind: .association)
    static let commune = ProjectHolder(name: "Commune de Méricourt", siret: "39100000300015", kind: .commune)

    /// A balanced application: 12 000 € of expenses = 5 000 (État) + 4 000 (Région) + 2 000 (Département) + 1 000 own funds.
    static func application(id: Int = 1, holder: ProjectHolder = association) -> FundingApplication {
        FundingApplication(
            id: id, callID: 100, holder: holder, title: "Jardin partagé du Maroc",
            objectiveIDs: [111], qpvCodes: ["QN06201M"],
            startDate: isoDay("2025-03-01"), endDate: isoDay("2025-11-30"), years: [2025],
            budgetLines: [BudgetLine(label: "Animation", amount: 8_000), BudgetLine(label: "Matériel", amount: 4_000)],
            fundingPlan: [
                FundingLine(id: 1, funderID: 1, schemeID: 10, label: "État – BOP 147", requested: 5_000),
                FundingLine(id: 2, funderID: 2, schemeID: 23, label: "Région – programmation", requested: 4_000),
                FundingLine(id: 3, funderID: 3, schemeID: 30, label: "Département – solidarité", requested: 2_000),
            ],
            ownFunds: 1_000,
            beneficiaries: Beneficiaries(total: 100, women: 55, men: 45, ageBands: [.from6to11: 40, .from26to64: 60], livingInQPVShare: 80),
            expectedIndicators: [ExpectedIndicator(label: "Habitants participant aux ateliers", target: 100, unit: "personnes")],
            transitionStatement: "Des parcelles cultivées sans pesticides et un composteur collectif.",
            themes: [.food, .biodiversity],
            actionType: .food, scale: .neighbourhood)
    }

    /// The rule file of the scratch package (`rules/eligibility-rules.json`, three levels above this file).
    static let ruleFileURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/PasserelleApp/Resources/rules/eligibility-rules.json")
}
