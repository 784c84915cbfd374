import Testing
@testable import PasserelleDomain

private func bytes(_ lines: [String], bom: Bool = false) -> [UInt8] {
    (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(lines.joined(separator: "\r\n").utf8)
}

private func qpv(_ codes: String...) -> ActionPerimeter {
    .qpv(codes.map { TerritoryKey(kind: .qpv, code: $0) })
}

@Suite struct PlanActionFileTests {
    @Test func readsAFrenchFileWithAccentedHeaders() throws {
        let report = PlanActionFile.parse(bytes: bytes([
            "Code;Intitulé;Thème;Budget (€);Cible;Périmètre",
            "1.1;Planter 500 arbres;climat;1 250 000;écoles;",
            "1.2;Rénover les copropriétés;Énergie;12 500,50 €;ménages modestes;tout le territoire",
            "2.1;\"Vélo-école ; ateliers\";Mobilité;;;QN06201M, qn06202m",
            "2.2;Aide aux chaudières bois;energy;300000;;hors QPV",
            "3.1;Jardins partagés;nature;;;\"QN06201M;QN06203N\"",
            "3.2;Cantines bio;;;;QN06203N QN06203N",
        ], bom: true))
        #expect(report.problems == [])
        #expect(report.isAccepted)
        #expect(report.ignoredColumns == [])
        #expect(report.dialect?.separator == UInt8(ascii: ";"))
        #expect(report.acceptedDrafts == [
            PlanActionDraft(line: 2, code: "1.1", title: "Planter 500 arbres", theme: .climate, budget: 1_250_000, target: "écoles", perimeter: .wholeTerritory),
            PlanActionDraft(line: 3, code: "1.2", title: "Rénover les copropriétés", theme: .energy, budget: 12_500.5, target: "ménages modestes", perimeter: .wholeTerritory),
            PlanActionDraft(line: 4, code: "2.1", title: "Vélo-école ; ateliers", theme: .mobility, budget: nil, target: nil, perimeter: qpv("QN06201M", "QN06202M")),
            PlanActionDraft(line: 5, code: "2.2", title: "Aide aux chaudières bois", theme: .energy, budget: 300_000, target: nil, perimeter: .excludesQPV),
            PlanActionDraft(line: 6, code: "3.1", title: "Jardins partagés", theme: .biodiversity, budget: nil, target: nil, perimeter: qpv("QN06201M", "QN06203N")),
            PlanActionDraft(line: 7, code: "3.2", title: "Cantines bio", theme: nil, budget: nil, target: nil, perimeter: qpv("QN06203N")),
        ])
        let draft = try #require(report.drafts.first)
        #expect(draft.action(id: 9, planID: 4) == PlanAction(id: 9, planID: 4, code: "1.1", title: "Planter 500 arbres", theme: .climate,
                                                             budget: 1_250_000, target: "écoles", perimeter: .wholeTerritory))
    }

    @Test func readsEnglishHeadersCommasAndIgnoresUnknownColumns() {
        let report = PlanActionFile.parse(bytes: bytes([
            "code,title,theme,budget,target,perimeter,commentaire",
            "A,Bus à haut niveau de service,mobility,\"2 000 000\",usagers,whole territory,à voir",
            "B,Qualité de l'air intérieur,air,,,QN06201M,",
        ]))
        #expect(report.problems == [])
        #expect(report.ignoredColumns == ["commentaire"])
        #expect(report.drafts.map(\.code) == ["A", "B"])
        #expect(report.drafts.map(\.theme) == [.mobility, .air])
        #expect(report.drafts.map(\.budget) == [2_000_000, nil])
        #expect(report.drafts.map(\.perimeter) == [.wholeTerritory, qpv("QN06201M")])
    }

    @Test func withoutAPerimeterColumnThePerimeterIsUnspecified() {
        let report = PlanActionFile.parse(bytes: bytes(["code;titre", "A;Sans périmètre"]))
        #expect(report.drafts.map(\.perimeter) == [.unspecified])
    }

    @Test func readsWindows1252() {
        // "Intitulé" and "Thème" and "Déchets" in Latin-1.
        var file: [UInt8] = Array("code;Intitul".utf8) + [0xE9] + Array(";Th".utf8) + [0xE8] + Array("me\n".utf8)
        file += Array("D1;Composteurs;D".utf8) + [0xE9] + Array("chets\n".utf8)
        let report = PlanActionFile.parse(bytes: file)
        #expect(report.problems == [])
        #expect(report.dialect?.encoding == .windows1252)
        #expect(report.drafts.map(\.theme) == [.waste])
    }

    @Test func reportsEveryProblemOfEveryLineAndRefusesTheFile() {
        let report = PlanActionFile.parse(bytes: bytes([
            "code;titre;thème;budget;cible;périmètre",
            ";Sans code;climat;;;",
            "A1;Première;climat;;;",
            "A2;;vélo;12k€;;",
            "A1;Doublon;eau;-5;;QN6224",
            "A3;Codes;santé;10 %;;QN06201M, centre-ville, QN06202m",
            "A4;Trop;air;;;;en trop",
        ]))
        #expect(!report.isAccepted)
        #expect(report.acceptedDrafts == nil)
        #expect(report.drafts.map(\.code) == ["A1"])
        #expect(report.problems.map(\.description) == [
            "ligne 2 : le code de l'action est vide (colonne « code »)",
            "ligne 4 : l'action « A2 » n'a pas de titre (colonne « titre »)",
            "ligne 4 : thème « vélo » inconnu pour l'action « A2 » (attendu : climat, énergie, mobilité, alimentation, air, bruit, eau, déchets, biodiversité, santé, participation ou économie)",
            "ligne 4 : budget « 12k€ » illisible pour l'action « A2 » (attendu un montant positif en euros, par exemple « 1 250 000 » ou « 12 500,50 € »)",
            "ligne 5 : le code « A1 » est déjà celui de l'action de la ligne 3",
            "ligne 5 : budget « -5 » illisible pour l'action « A1 » (attendu un montant positif en euros, par exemple « 1 250 000 » ou « 12 500,50 € »)",
            "ligne 5 : code QPV « QN6224 » mal formé (attendu QN suivi de 6 caractères, par exemple QN06224M) pour l'action « A1 »",
            "ligne 6 : budget « 10 % » illisible pour l'action « A3 » (attendu un montant positif en euros, par exemple « 1 250 000 » ou « 12 500,50 € »)",
            "ligne 6 : code QPV « centre-ville » mal formé (attendu QN suivi de 6 caractères, par exemple QN06224M) pour l'action « A3 »",
            "ligne 7 : la ligne a 7 colonnes alors que l'en-tête en a 6 (un séparateur « ; » dans une valeur non entourée de guillemets ?)",
        ])
        #expect(report.problems.map(\.column) == [
            "code", "titre", "thème", "budget", "code", "budget", "périmètre", "budget", "périmètre", nil,
        ])
    }

    @Test func refusesAFileWithoutTheRequiredColumns() {
        let report = PlanActionFile.parse(bytes: bytes(["code;thème", "A;climat"]))
        #expect(report.problems.map(\.description) == ["ligne 1 : la colonne « titre » manque dans l'en-tête (colonnes lues : « code », « thème »)"])
        #expect(report.drafts.isEmpty)
    }

    @Test func refusesTwoColumnsForOneField() {
        let report = PlanActionFile.parse(bytes: bytes(["code;titre;intitulé", "A;x;y"]))
        #expect(report.problems.map(\.description) == [
            "ligne 1 : les colonnes n° 2 (« titre ») et n° 3 (« intitulé ») désignent toutes deux la colonne « titre »",
        ])
    }

    @Test func refusesEmptyFilesAndHeaderOnly() {
        #expect(PlanActionFile.parse(bytes: []).problems.map(\.description) == ["ligne 1 : le fichier est vide"])
        #expect(PlanActionFile.parse(bytes: bytes(["code;titre"])).problems.map(\.description)
                == ["ligne 1 : le fichier ne contient aucune action (seulement l'en-tête)"])
    }

    @Test func reportsAnUnterminatedQuote() {
        let report = PlanActionFile.parse(bytes: bytes(["code;titre", "A;\"Ouvert", "B;fin"]))
        #expect(report.problems.map(\.description) == ["ligne 2 : un guillemet ouvert n'est jamais fermé (fichier tronqué ou mal formé)"])
    }

    @Test func shortLinesReadMissingCellsAsEmpty() {
        let report = PlanActionFile.parse(bytes: bytes(["code;titre;thème;budget;cible;périmètre", "A;Court"]))
        #expect(report.problems == [])
        #expect(report.drafts == [PlanActionDraft(line: 2, code: "A", title: "Court", theme: nil, budget: nil, target: nil, perimeter: .wholeTerritory)])
    }

    @Test(arguments: [
        ("climat", TransitionTheme.climate), ("Énergie", .energy), ("mobilité", .mobility), ("MOBILITÉS", .mobility),
        ("alimentation", .food), ("air", .air), ("bruit", .noise), ("eau", .water), ("déchets", .waste),
        ("biodiversité", .biodiversity), ("Nature", .biodiversity), ("santé", .health), ("Santé-environnement", .health),
        ("climate", .climate), ("biodiversity", .biodiversity), ("economy", .economy), ("participation", .participation),
        ("Nature en ville et biodiversité", .biodiversity),
    ])
    func themeNames(text: String, theme: TransitionTheme) {
        #expect(PlanActionFile.theme(from: text) == theme)
    }

    @Test(arguments: ["vélo", "climats ", "x", "énergies fossiles"])
    func unknownThemes(text: String) {
        #expect(PlanActionFile.theme(from: text) == nil)
    }

    @Test(arguments: [
        ("1 250 000", 1_250_000.0), ("12 500,50 €", 12_500.5), ("300000", 300_000), ("1\u{202F}000", 1_000), ("0", 0), ("1.250.000", 1_250_000),
    ])
    func budgets(text: String, value: Double) {
        #expect(PlanActionFile.budget(from: text) == value)
    }

    @Test(arguments: ["12k€", "-5", "10 %", "beaucoup", "1.234,5,6"])
    func badBudgets(text: String) {
        #expect(PlanActionFile.budget(from: text) == nil)
    }
}

@Suite struct TerritorialPlanTests {
    @Test(arguments: [
        ("", ActionPerimeter.wholeTerritory), ("Tout le territoire", .wholeTerritory), ("hors QPV", .excludesQPV),
        ("Hors quartiers prioritaires", .excludesQPV), ("non précisé", .unspecified),
        ("QN06201M", .qpv([TerritoryKey(kind: .qpv, code: "QN06201M")])),
        ("qn02a01m ; QN97101M", .qpv([TerritoryKey(kind: .qpv, code: "QN02A01M"), TerritoryKey(kind: .qpv, code: "QN97101M")])),
    ])
    func perimeters(text: String, perimeter: ActionPerimeter) throws {
        #expect(try ActionPerimeter.parse(text).get() == perimeter)
    }

    @Test func perimeterTextReadsBack() throws {
        let perimeters: [ActionPerimeter] = [.wholeTerritory, .excludesQPV, .unspecified,
                                             .qpv([TerritoryKey(kind: .qpv, code: "QN06201M"), TerritoryKey(kind: .qpv, code: "QN06203N")])]
        for perimeter in perimeters {
            #expect(try ActionPerimeter.parse(perimeter.text).get() == perimeter)
        }
        #expect(perimeters.map(\.label) == ["Tout le territoire (QPV compris)", "Hors QPV", "Périmètre non précisé", "2 QPV : QN06201M, QN06203N"])
    }

    @Test func malformedPerimeters() {
        #expect(ActionPerimeter.parse(" - ") == .failure(.unreadable(" - ")))
        #expect(ActionPerimeter.parse(" ") == .success(.wholeTerritory))
        #expect(ActionPerimeter.parse("QN06201M, QP062001") == .failure(.malformedCodes(["QP062001"])))
    }

    @Test(arguments: [("QN06224M", true), ("QN02A01M", true), ("QN97101M", true), ("QN0622M", false), ("QN06224m", false),
                      ("QP06224M", false), ("QN0C224M", false), ("QN062241", false)])
    func qpvCodes(code: String, valid: Bool) {
        #expect(ActionPerimeter.isQPVCode(code) == valid)
    }

    @Test func planKinds() {
        #expect(PlanKind.allCases.map(\.shortCode) == ["PCAET", "PAT/SATD", "PLH", "PDM/PDU", "CRTE", "COP régionale", "PRSE", "NPNRU", "SCoT", "Autre"])
        #expect(PlanKind(text: "PAT") == .foodPlan)
        #expect(PlanKind(text: "satd") == .foodPlan)
        #expect(PlanKind(text: "PDU") == .mobilityPlan)
        #expect(PlanKind(text: "cop regionale") == .regionalCop)
        #expect(PlanKind(text: "pcaet") == .pcaet)
        #expect(PlanKind(text: "SRADDET") == nil)
    }

    @Test func planAndActionValidation() {
        let plan = TerritorialPlan(id: 3, kind: .pcaet, title: "PCAET", owner: " ", startYear: 2026, endYear: 2020)
        #expect(plan.validationProblems() == ["le plan « PCAET » : le porteur du plan manque", "le plan « PCAET » : la période 2026–2020 est inversée"])
        let action = PlanAction(id: 7, planID: 3, code: "B2", title: "", budget: -1, perimeter: .qpv([TerritoryKey(kind: .qpv, code: "QN1")]))
        #expect(action.validationProblems() == [
            "l'action « B2 » n'a pas de titre",
            "l'action « B2 » : le budget doit être un montant positif en euros",
            "l'action « B2 » : code QPV « QN1 » mal formé",
        ])
        #expect(PlanAction(id: 8, planID: 3, code: "", title: "x").validationProblems() == ["l'action n° 8 n'a pas de code"])
    }
}
