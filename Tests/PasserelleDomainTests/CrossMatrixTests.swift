import Testing
@testable import PasserelleDomain

/// A small contract crossed with a PCAET and a food plan, over three QPV.
///
/// Tree: P1 Cadre de vie (A1.1 → 1.1.1, 1.1.2; A1.2 → 1.2.1 car use), P2 Santé (A2.1 → 2.1.1).
/// PCAET: C1 cours d'école (climate, whole territory), C2 rénovation (energy, Q1+Q2),
///        C3 covoiturage (mobility, whole territory, linked to nothing), C4 maisons individuelles (energy, hors QPV).
/// PAT:   F1 épiceries solidaires (food, Q3 only), F2 drive fermier (food, whole territory, contradicts 1.2.1),
///        F3 ateliers cuisine (health, perimeter unspecified).
enum CrossMatrixFixture {
    static let q1 = TerritoryKey(kind: .qpv, code: "QN06201M")
    static let q2 = TerritoryKey(kind: .qpv, code: "QN06202M")
    static let q3 = TerritoryKey(kind: .qpv, code: "QN06203N")
    static let contractQPV = [q1, q2, q3]

    static func node(_ id: Int, _ code: String, _ title: String, _ level: StrategyLevel, _ children: [StrategyNode] = []) -> StrategyNode {
        StrategyNode(id: id, code: code, title: title, summary: nil, level: level, levelName: level.defaultLabel, children: children)
    }

    static let tree: [StrategyNode] = [
        node(1, "P1", "Cadre de vie et transitions", .pillar, [
            node(11, "A1.1", "Adapter les quartiers au climat", .ambition, [
                node(111, "1.1.1", "Végétaliser cours et espaces publics", .objective),
                node(112, "1.1.2", "Rénover les logements ; réduire la précarité énergétique", .objective),
            ]),
            node(12, "A1.2", "Réduire la place de la voiture", .ambition, [
                node(121, "1.2.1", "Réduire l'usage de la voiture individuelle", .objective),
            ]),
        ]),
        node(2, "P2", "Santé et alimentation", .pillar, [
            node(21, "A2.1", "Bien se nourrir", .ambition, [
                node(211, "2.1.1", "Rendre une alimentation saine accessible", .objective),
            ]),
        ]),
    ]

    static let themes: [Int: [TransitionTheme]] = [111: [.climate, .biodiversity], 112: [.energy], 121: [.mobility, .air]]
    static var objectives: [MatrixObjective] { MatrixObjective.rows(tree: tree, themes: themes) }

    static let pcaet = TerritorialPlan(id: 1, kind: .pcaet, title: "PCAET 2020-2026", owner: "Agglomération", startYear: 2020, endYear: 2026)
    static let pat = TerritorialPlan(id: 2, kind: .foodPlan, title: "PAT \"Bien manger\"", owner: "Agglomération", startYear: 2023, endYear: 2028)
    static let plans = [pcaet, pat]

    static let c1 = PlanAction(id: 101, planID: 1, code: "C1", title: "Désimperméabiliser les cours d'école", theme: .climate, budget: 1_200_000, perimeter: .wholeTerritory)
    static let c2 = PlanAction(id: 102, planID: 1, code: "C2", title: "Rénovation thermique du parc social", theme: .energy, perimeter: .qpv([q1, q2]))
    static let c3 = PlanAction(id: 103, planID: 1, code: "C3", title: "Covoiturage et pistes cyclables", theme: .mobility, perimeter: .wholeTerritory)
    static let c4 = PlanAction(id: 104, planID: 1, code: "C4", title: "Aide à la rénovation des maisons individuelles", theme: .energy, perimeter: .excludesQPV)
    static let f1 = PlanAction(id: 201, planID: 2, code: "F1", title: "Épiceries solidaires", theme: .food, perimeter: .qpv([q3]))
    static let f2 = PlanAction(id: 202, planID: 2, code: "F2", title: "Drive fermier en périphérie", theme: .food, perimeter: .wholeTerritory)
    static let f3 = PlanAction(id: 203, planID: 2, code: "F3", title: "Ateliers cuisine et nutrition", theme: .health, perimeter: .unspecified)
    static let actions = [c1, c2, c3, c4, f1, f2, f3]

    static let links: [PlanLink] = [
        PlanLink(actionID: 101, objectiveID: 111, kind: .contributes, assertedBy: "référente PCAET"),
        PlanLink(actionID: 102, objectiveID: 112, kind: .contributes, qpv: [q1], assertedBy: "référente PCAET"),
        PlanLink(actionID: 102, objectiveID: 112, kind: .couldContribute, qpv: [q2], assertedBy: "cheffe de projet"),
        PlanLink(actionID: 202, objectiveID: 121, kind: .contradicts, note: "on s'y rend en voiture", assertedBy: "cheffe de projet"),
        PlanLink(actionID: 201, objectiveID: 211, kind: .contributes, assertedBy: "référent PAT"),
        PlanLink(actionID: 203, objectiveID: 211, kind: .couldContribute, assertedBy: "référent PAT"),
        PlanLink(actionID: 104, objectiveID: 112, kind: .couldContribute, assertedBy: "référente PCAET"),
        PlanLink(actionID: 202, objectiveID: 211, kind: .contributes, assertedBy: "référent PAT"),
    ]

    static func matrix(_ filter: MatrixFilter = .none, links: [PlanLink] = links, objectives: [MatrixObjective] = objectives) -> CrossMatrix {
        CrossMatrix.build(objectives: objectives, plans: plans, actions: actions, links: links, contractQPV: contractQPV, filter: filter)
    }
}

private typealias F = CrossMatrixFixture

private func counts(_ contributes: Int, _ could: Int, _ contradicts: Int) -> LinkCounts {
    LinkCounts(contributes: contributes, couldContribute: could, contradicts: contradicts)
}

/// Cells of every row, as [objective code: [PCAET cell, PAT cell]].
private func cells(_ matrix: CrossMatrix) -> [String: [LinkCounts]] {
    Dictionary(uniqueKeysWithValues: matrix.rows.map { ($0.objective.code, $0.cells) })
}

@Suite struct CrossMatrixTests {
    @Test func rowsFollowTheTreeWithPillarAndAmbition() {
        let rows = F.objectives
        #expect(rows.map(\.code) == ["1.1.1", "1.1.2", "1.2.1", "2.1.1"])
        #expect(rows[2] == MatrixObjective(id: 121, code: "1.2.1", title: "Réduire l'usage de la voiture individuelle", level: .objective,
                                           pillarCode: "P1", pillarTitle: "Cadre de vie et transitions", pillarID: 1,
                                           ambitionCode: "A1.2", ambitionTitle: "Réduire la place de la voiture", ambitionID: 12,
                                           themes: [.mobility, .air]))
        #expect(rows[3].themes == nil)
    }

    @Test func anAmbitionWithoutObjectivesIsARowUnderItsPillar() {
        let tree = [
            F.node(1, "P1", "Cadre de vie", .pillar, [
                F.node(11, "A1", "Climat", .ambition, [F.node(111, "1.1", "Végétaliser", .objective)]),
                F.node(12, "A2", "Mobilité", .ambition),
            ]),
            F.node(2, "P2", "Emploi", .pillar),
        ]
        let rows = MatrixObjective.rows(tree: tree)
        #expect(rows.map(\.code) == ["1.1", "A2", "P2"])
        #expect(rows.map(\.level) == [.objective, .ambition, .pillar])
        #expect(rows[1] == MatrixObjective(id: 12, code: "A2", title: "Mobilité", level: .ambition, pillarCode: "P1", pillarTitle: "Cadre de vie", pillarID: 1))
        #expect(rows[2].pillarCode == "P2" && rows[2].ambitionCode == nil)

        let matrix = CrossMatrix.build(objectives: rows, plans: [F.pcaet], actions: [F.c3],
                                       links: [PlanLink(actionID: 103, objectiveID: 12, kind: .contributes, assertedBy: "x")],
                                       contractQPV: F.contractQPV, filter: .none)
        #expect(matrix.pillars.map(\.code) == ["P1", "P2"])
        #expect(matrix.pillars[0].ambitions.map(\.code) == ["A1", nil])
        #expect(matrix.pillars[0].ambitions[1].rows.map(\.objective.code) == ["A2"])
        #expect(matrix.cell(objectiveID: 12, planID: 1) == counts(1, 0, 0))
        #expect(matrix.coverage == MatrixCoverage(objectiveCount: 3, coveredCount: 1, contributedCount: 1))
    }

    @Test func cellsCountDistinctActionsPerKind() {
        let matrix = F.matrix()
        #expect(matrix.columns.map(\.plan.id) == [1, 2])
        #expect(cells(matrix) == [
            "1.1.1": [counts(1, 0, 0), counts(0, 0, 0)],
            "1.1.2": [counts(1, 2, 0), counts(0, 0, 0)], // C2 contributes (Q1) and could (Q2); C4 could
            "1.2.1": [counts(0, 0, 0), counts(0, 0, 1)],
            "2.1.1": [counts(0, 0, 0), counts(2, 1, 0)],
        ])
        #expect(matrix.row(objectiveID: 112)?.total == counts(1, 2, 0))
        #expect(matrix.columns.map(\.totals) == [counts(2, 2, 0), counts(2, 1, 1)])
        #expect(matrix.columns.map(\.unlinkedActionIDs) == [[103], []])
        #expect(matrix.ignoredLinks.isEmpty)
    }

    @Test func drillDownGivesEachActionItsKinds() throws {
        let matrix = F.matrix()
        let row = try #require(matrix.row(objectiveID: 112))
        #expect(row.cell(actionID: 102) == counts(1, 1, 0))
        #expect(row.cell(actionID: 104) == counts(0, 1, 0))
        #expect(row.cell(actionID: 101) == counts(0, 0, 0))
        #expect(matrix.columns[0].actions.map(\.code) == ["C1", "C2", "C3", "C4"])
        #expect(matrix.columns[1].actions.map(\.code) == ["F1", "F2", "F3"])
    }

    @Test func groupsTotalDistinctActions() {
        let matrix = F.matrix()
        #expect(matrix.pillars.map(\.code) == ["P1", "P2"])
        let p1 = matrix.pillars[0]
        #expect(p1.ambitions.map(\.code) == ["A1.1", "A1.2"])
        #expect(p1.ambitions[0].cells == [counts(2, 2, 0), counts(0, 0, 0)])
        #expect(p1.ambitions[1].cells == [counts(0, 0, 0), counts(0, 0, 1)])
        #expect(p1.cells == [counts(2, 2, 0), counts(0, 0, 1)])
        #expect(matrix.pillars[1].cells == [counts(0, 0, 0), counts(2, 1, 0)])
        #expect(p1.directCells == [.zero, .zero])
    }

    @Test func coverageIgnoresContradictions() {
        let matrix = F.matrix()
        #expect(matrix.coverage == MatrixCoverage(objectiveCount: 4, coveredCount: 3, contributedCount: 3))
        #expect(matrix.coverage.share == 0.75)
        #expect(matrix.coverage(pillarCode: "P1") == MatrixCoverage(objectiveCount: 3, coveredCount: 2, contributedCount: 2))
        #expect(matrix.coverage(pillarCode: "P2") == MatrixCoverage(objectiveCount: 1, coveredCount: 1, contributedCount: 1))
        #expect(matrix.coverage(pillarCode: "P1")?.share == 2.0 / 3.0)
    }

    @Test func blindSpotsOfEachKind() {
        let matrix = F.matrix()
        #expect(matrix.blindSpots(of: .objectiveWithoutAction) == [
            BlindSpot(kind: .objectiveWithoutAction, code: "1.2.1", title: "Réduire l'usage de la voiture individuelle"),
        ])
        // Reached: climate, mobility, food everywhere; energy in Q1 and Q2 (C4 is outside QPV);
        // health nowhere (F3's perimeter is not stated).
        #expect(matrix.blindSpots(of: .themeWithoutQPVAction).map(\.code) == ["air", "noise", "water", "waste", "biodiversity", "health"])
        #expect(matrix.blindSpots(of: .themeWithoutActionInQPV) == [
            BlindSpot(kind: .themeWithoutActionInQPV, code: "energy", title: "Énergie", qpv: F.q3),
        ])
        #expect(matrix.blindSpots(of: .actionExcludingQPV) == [
            BlindSpot(kind: .actionExcludingQPV, code: "C4", title: "Aide à la rénovation des maisons individuelles", planTitle: "PCAET 2020-2026"),
        ])
        #expect(matrix.blindSpots.map(\.kind) == [.objectiveWithoutAction] + Array(repeating: .themeWithoutQPVAction, count: 6)
                + [.themeWithoutActionInQPV, .actionExcludingQPV])
    }

    @Test func blindSpotMessagesAreFrench() {
        let matrix = F.matrix()
        #expect(matrix.blindSpots.first?.message == "« 1.2.1 — Réduire l'usage de la voiture individuelle » : aucune action de plan n'y contribue ni ne pourrait y contribuer")
        #expect(matrix.blindSpots(of: .themeWithoutActionInQPV).first?.message == "QPV QN06203N : aucune action de plan sur le thème « Énergie »")
        #expect(matrix.blindSpots(of: .themeWithoutQPVAction).first?.message == "thème « Air » : aucune action de plan n'atteint les QPV")
        #expect(matrix.blindSpots(of: .actionExcludingQPV).first?.message == "action « C4 — Aide à la rénovation des maisons individuelles » (PCAET 2020-2026) : son périmètre exclut les QPV")
    }

    @Test func aLinkRestrictedToAQPVMakesTheActionReachIt() {
        // F3 has no stated perimeter; a link naming Q2 puts health in Q2 only.
        var links = F.links
        links.append(PlanLink(actionID: 203, objectiveID: 111, kind: .couldContribute, qpv: [F.q2], assertedBy: "x"))
        // A link cannot bring into a QPV an action whose perimeter excludes them: energy stays missing in Q3.
        links.append(PlanLink(actionID: 104, objectiveID: 112, kind: .couldContribute, qpv: [F.q3], assertedBy: "x"))
        let matrix = F.matrix(links: links)
        #expect(!matrix.blindSpots(of: .themeWithoutQPVAction).map(\.code).contains("health"))
        #expect(matrix.blindSpots(of: .themeWithoutActionInQPV).map { "\($0.qpv!.code) \($0.code)" } == ["QN06201M health", "QN06203N energy", "QN06203N health"])
        #expect(CrossMatrix.reachedQPV(action: F.f3, links: links, among: F.contractQPV) == [F.q2])
        #expect(CrossMatrix.reachedQPV(action: F.c4, links: links, among: F.contractQPV) == [])
        #expect(CrossMatrix.reachedQPV(action: F.c2, links: links, among: F.contractQPV) == [F.q1, F.q2])
    }

    @Test func contradictionsAreListedForDebate() {
        #expect(F.matrix().contradictions == [
            Contradiction(objectiveID: 121, objectiveCode: "1.2.1", objectiveTitle: "Réduire l'usage de la voiture individuelle",
                          actionID: 202, actionCode: "F2", actionTitle: "Drive fermier en périphérie", planTitle: "PAT \"Bien manger\"",
                          note: "on s'y rend en voiture", qpv: [], assertedBy: "cheffe de projet"),
        ])
    }

    @Test func filterByQPVKeepsLinksThatHoldThere() {
        let matrix = F.matrix(MatrixFilter(qpv: F.q3))
        // Q3: C1 (whole territory) yes; C2 named Q1/Q2 only; C4 outside QPV; F1 Q3 yes; F2 whole yes; F3 unstated.
        #expect(cells(matrix) == [
            "1.1.1": [counts(1, 0, 0), counts(0, 0, 0)],
            "1.1.2": [counts(0, 0, 0), counts(0, 0, 0)],
            "1.2.1": [counts(0, 0, 0), counts(0, 0, 1)],
            "2.1.1": [counts(0, 0, 0), counts(2, 0, 0)],
        ])
        #expect(matrix.coverage == MatrixCoverage(objectiveCount: 4, coveredCount: 2, contributedCount: 2))
        #expect(matrix.coverage(pillarCode: "P1") == MatrixCoverage(objectiveCount: 3, coveredCount: 1, contributedCount: 1))
        #expect(matrix.coverage(pillarCode: "P2") == MatrixCoverage(objectiveCount: 1, coveredCount: 1, contributedCount: 1))
        #expect(matrix.blindSpots(of: .objectiveWithoutAction).map(\.code) == ["1.1.2", "1.2.1"])
        #expect(matrix.blindSpots(of: .themeWithoutQPVAction).map(\.code) == ["energy", "air", "noise", "water", "waste", "biodiversity", "health"])
        #expect(matrix.blindSpots(of: .themeWithoutActionInQPV).isEmpty)
        #expect(matrix.blindSpots(of: .actionExcludingQPV).map(\.code) == ["C4"])
        #expect(matrix.contradictions.map(\.actionCode) == ["F2"])
        #expect(matrix.columns.map(\.unlinkedActionIDs) == [[102, 103, 104], [203]])
    }

    @Test func filterByQPVFollowsTheLinkRestriction() {
        let q1 = F.matrix(MatrixFilter(qpv: F.q1))
        #expect(q1.cell(objectiveID: 112, planID: 1) == counts(1, 0, 0))
        #expect(q1.cell(objectiveID: 211, planID: 2) == counts(1, 0, 0))
        let q2 = F.matrix(MatrixFilter(qpv: F.q2))
        #expect(q2.cell(objectiveID: 112, planID: 1) == counts(0, 1, 0))
        #expect(q2.coverage == MatrixCoverage(objectiveCount: 4, coveredCount: 3, contributedCount: 2))
    }

    @Test func filterByThemeAppliesToActionsAndKeepsEveryRow() {
        let matrix = F.matrix(MatrixFilter(theme: .food))
        #expect(matrix.columns.map { $0.actions.map(\.code) } == [[], ["F1", "F2"]])
        #expect(cells(matrix) == [
            "1.1.1": [counts(0, 0, 0), counts(0, 0, 0)],
            "1.1.2": [counts(0, 0, 0), counts(0, 0, 0)],
            "1.2.1": [counts(0, 0, 0), counts(0, 0, 1)],
            "2.1.1": [counts(0, 0, 0), counts(2, 0, 0)],
        ])
        #expect(matrix.coverage(pillarCode: "P1") == MatrixCoverage(objectiveCount: 3, coveredCount: 0, contributedCount: 0))
        #expect(matrix.coverage(pillarCode: "P2") == MatrixCoverage(objectiveCount: 1, coveredCount: 1, contributedCount: 1))
        #expect(matrix.blindSpots(of: .objectiveWithoutAction).map(\.code) == ["1.1.1", "1.1.2", "1.2.1"])
        #expect(matrix.blindSpots(of: .themeWithoutQPVAction).isEmpty)
        #expect(matrix.blindSpots(of: .themeWithoutActionInQPV).isEmpty)
        #expect(matrix.blindSpots(of: .actionExcludingQPV).isEmpty)
        // The food plan's contradiction with the car-use objective stays visible.
        #expect(matrix.contradictions.map(\.objectiveCode) == ["1.2.1"])
    }

    @Test func filterByThemeCanHideRowsOfOtherThemes() {
        let matrix = F.matrix(MatrixFilter(theme: .food, hidesRowsOfOtherThemes: true))
        // Only the untagged objective 2.1.1 stays: pillar P1 disappears with its contradiction.
        #expect(matrix.pillars.map(\.code) == ["P2"])
        #expect(matrix.rows.map(\.objective.code) == ["2.1.1"])
        #expect(matrix.coverage == MatrixCoverage(objectiveCount: 1, coveredCount: 1, contributedCount: 1))
        #expect(matrix.contradictions.isEmpty)
        #expect(matrix.ignoredLinks.isEmpty)
        let energy = F.matrix(MatrixFilter(theme: .energy, hidesRowsOfOtherThemes: true))
        #expect(energy.rows.map(\.objective.code) == ["1.1.2", "2.1.1"])
    }

    @Test func filterByEnergyShowsTheQPVLeftOut() {
        let matrix = F.matrix(MatrixFilter(theme: .energy))
        #expect(matrix.cell(objectiveID: 112, planID: 1) == counts(1, 2, 0))
        #expect(matrix.coverage == MatrixCoverage(objectiveCount: 4, coveredCount: 1, contributedCount: 1))
        #expect(matrix.blindSpots(of: .themeWithoutQPVAction).isEmpty)
        #expect(matrix.blindSpots(of: .themeWithoutActionInQPV).map(\.qpv) == [F.q3])
        #expect(matrix.blindSpots(of: .actionExcludingQPV).map(\.code) == ["C4"])
        #expect(matrix.contradictions.isEmpty)
    }

    @Test func filtersCombine() {
        let matrix = F.matrix(MatrixFilter(qpv: F.q1, theme: .energy))
        #expect(cells(matrix) == [
            "1.1.1": [.zero, .zero], "1.1.2": [counts(1, 0, 0), .zero], "1.2.1": [.zero, .zero], "2.1.1": [.zero, .zero],
        ])
        #expect(matrix.blindSpots(of: .themeWithoutQPVAction).isEmpty)
        #expect(matrix.blindSpots(of: .themeWithoutActionInQPV).isEmpty)
        #expect(matrix.filter.label == "QPV QN06201M, thème « Énergie »")
        #expect(MatrixFilter.none.label == "tous les QPV, tous les thèmes")
    }

    @Test func linksToAnAmbitionHeadingAreShownThereWithoutCoveringItsRows() {
        var links = F.links
        links.append(PlanLink(actionID: 103, objectiveID: 12, kind: .contributes, assertedBy: "x"))       // ambition A1.2
        links.append(PlanLink(actionID: 201, objectiveID: 1, kind: .contradicts, note: "?", assertedBy: "y")) // pillar P1
        let matrix = F.matrix(links: links)
        let p1 = matrix.pillars[0]
        #expect(p1.ambitions[1].directCells == [counts(1, 0, 0), .zero])
        #expect(p1.ambitions[1].cells == [counts(1, 0, 0), counts(0, 0, 1)])
        #expect(p1.directCells == [.zero, counts(0, 0, 1)])
        #expect(p1.cells == [counts(3, 2, 0), counts(0, 0, 2)])
        #expect(matrix.coverage(pillarCode: "P1") == MatrixCoverage(objectiveCount: 3, coveredCount: 2, contributedCount: 2))
        #expect(matrix.contradictions.map { "\($0.objectiveCode) \($0.actionCode)" } == ["P1 F1", "1.2.1 F2"])
        #expect(matrix.columns[0].unlinkedActionIDs.isEmpty)
    }

    @Test func unknownActionsAndNodesAreIgnoredNotCounted() {
        var links = F.links
        let stray = [
            PlanLink(actionID: 999, objectiveID: 111, kind: .contributes, assertedBy: "x"),
            PlanLink(actionID: 101, objectiveID: 999, kind: .contributes, assertedBy: "x"),
            PlanLink(actionID: 203, objectiveID: 999, kind: .contributes, qpv: [F.q3], assertedBy: "x"),
        ]
        links += stray
        let matrix = F.matrix(links: links)
        #expect(matrix.ignoredLinks == stray)
        #expect(cells(matrix) == cells(F.matrix()))
        // The stray link naming Q3 does not bring the health action there.
        #expect(matrix.blindSpots == F.matrix().blindSpots)
    }

    @Test func interleavedRowsAreRegroupedInOrderOfFirstAppearance() {
        let o = F.objectives
        let matrix = F.matrix(objectives: [o[0], o[3], o[2], o[1]])
        #expect(matrix.rows.map(\.objective.code) == ["1.1.1", "1.1.2", "1.2.1", "2.1.1"])
        #expect(matrix.pillars.map(\.code) == ["P1", "P2"])
    }

    @Test func contradictionsFollowDisplayOrder() {
        let o = F.objectives
        let links = [
            PlanLink(actionID: 202, objectiveID: 211, kind: .contradicts, assertedBy: "a"),
            PlanLink(actionID: 101, objectiveID: 112, kind: .contradicts, assertedBy: "b"),
            PlanLink(actionID: 202, objectiveID: 121, kind: .contradicts, assertedBy: "c"),
            PlanLink(actionID: 103, objectiveID: 111, kind: .contradicts, assertedBy: "d"),
        ]
        // 1.1.2 is given after 1.2.1 but is shown with its ambition A1.1, before it.
        let matrix = F.matrix(links: links, objectives: [o[0], o[2], o[1], o[3]])
        #expect(matrix.contradictions.map(\.assertedBy) == ["d", "b", "c", "a"])
    }

    @Test func csvExportQuotesWhatNeedsIt() {
        let csv = F.matrix().csv()
        let expected = [
            "code objectif;objectif;plan;contribue;pourrait contribuer;contredit",
            "1.1.1;Végétaliser cours et espaces publics;PCAET 2020-2026;1;0;0",
            "1.1.1;Végétaliser cours et espaces publics;\"PAT \"\"Bien manger\"\"\";0;0;0",
            "1.1.2;\"Rénover les logements ; réduire la précarité énergétique\";PCAET 2020-2026;1;2;0",
            "1.1.2;\"Rénover les logements ; réduire la précarité énergétique\";\"PAT \"\"Bien manger\"\"\";0;0;0",
            "1.2.1;Réduire l'usage de la voiture individuelle;PCAET 2020-2026;0;0;0",
            "1.2.1;Réduire l'usage de la voiture individuelle;\"PAT \"\"Bien manger\"\"\";0;0;1",
            "2.1.1;Rendre une alimentation saine accessible;PCAET 2020-2026;0;0;0",
            "2.1.1;Rendre une alimentation saine accessible;\"PAT \"\"Bien manger\"\"\";2;1;0",
        ].joined(separator: "\r\n") + "\r\n"
        #expect(csv == expected)
    }

    @Test func csvExportCanSkipEmptyCellsAndUseCommas() {
        var links = F.links
        links.append(PlanLink(actionID: 103, objectiveID: 12, kind: .contributes, assertedBy: "x"))
        let csv = F.matrix(links: links).csv(separator: ",", includeEmptyCells: false)
        #expect(csv == [
            "code objectif,objectif,plan,contribue,pourrait contribuer,contredit",
            "1.1.1,Végétaliser cours et espaces publics,PCAET 2020-2026,1,0,0",
            "1.1.2,Rénover les logements ; réduire la précarité énergétique,PCAET 2020-2026,1,2,0",
            "A1.2,Réduire la place de la voiture,PCAET 2020-2026,1,0,0",
            "1.2.1,Réduire l'usage de la voiture individuelle,\"PAT \"\"Bien manger\"\"\",0,0,1",
            "2.1.1,Rendre une alimentation saine accessible,\"PAT \"\"Bien manger\"\"\",2,1,0",
        ].joined(separator: "\r\n") + "\r\n")
    }

    @Test(arguments: [
        ("simple", "simple"),
        ("a;b", "\"a;b\""),
        ("dit \"oui\"", "\"dit \"\"oui\"\"\""),
        ("deux\r\nlignes", "\"deux\r\nlignes\""),
        ("ligne\n", "\"ligne\n\""),
        (" espace", "\" espace\""),
        ("=SOMME(A1:A2)", "'=SOMME(A1:A2)"),
        ("@cmd", "'@cmd"),
        ("-12", "-12"),
        ("", ""),
    ])
    func csvField(text: String, expected: String) {
        #expect(MatrixCSV.field(text, separator: ";") == expected)
    }

    @Test func linkValidationNamesTheItems() {
        let link = PlanLink(actionID: 101, objectiveID: 999, kind: .contributes, qpv: [F.q1, TerritoryKey(kind: .qpv, code: "QN06299Z")], assertedBy: "x")
        #expect(link.validationProblems(tree: F.tree, actions: F.actions, contractQPV: F.contractQPV) == [
            "lien de l'action « C1 » : l'objectif n° 999 n'existe pas dans ce contrat",
            "lien de l'action « C1 » vers l'objectif n° 999 : le QPV QN06299Z ne fait pas partie des quartiers de ce contrat",
        ])
        let unknownAction = PlanLink(actionID: 777, objectiveID: 121, kind: .contradicts, assertedBy: " ")
        #expect(unknownAction.validationProblems(tree: F.tree, actions: F.actions, contractQPV: F.contractQPV) == [
            "lien vers l'objectif « 1.2.1 » : l'action n° 777 est inconnue (aucun plan croisé avec ce contrat ne la contient)",
            "lien de l'action n° 777 vers l'objectif « 1.2.1 » : il faut dire qui l'affirme",
        ])
        // An ambition is a valid target; a duplicate is refused.
        let toAmbition = PlanLink(actionID: 103, objectiveID: 12, kind: .contributes, assertedBy: "x")
        #expect(toAmbition.validationProblems(tree: F.tree, actions: F.actions, contractQPV: F.contractQPV).isEmpty)
        #expect(F.links[1].validationProblems(tree: F.tree, actions: F.actions, contractQPV: F.contractQPV, existing: F.links) == [
            "lien de l'action « C2 » vers l'objectif « 1.1.2 » : ce lien « contribue » existe déjà",
        ])
    }

    @Test func linkHoldsWhereTheLinkOrThePerimeterSays() {
        let open = PlanLink(actionID: 102, objectiveID: 112, kind: .contributes, assertedBy: "x")
        #expect(open.holds(in: F.q1, action: F.c2))
        #expect(!open.holds(in: F.q3, action: F.c2))
        let named = PlanLink(actionID: 102, objectiveID: 112, kind: .contributes, qpv: [F.q3], assertedBy: "x")
        #expect(named.holds(in: F.q3, action: F.c2))
        #expect(!named.holds(in: F.q3, action: F.c4))
        #expect(!open.holds(in: F.q1, action: F.f3))
    }

    @Test(arguments: [("contribue", LinkKind.contributes), ("Pourrait contribuer", .couldContribute), ("CONTREDIT", .contradicts), ("couldContribute", .couldContribute)])
    func linkKindReadsFrench(text: String, kind: LinkKind) {
        #expect(LinkKind(text: text) == kind)
    }

    @Test func linkKindLabels() {
        #expect(LinkKind.allCases.map(\.label) == ["contribue", "pourrait contribuer", "contredit"])
        #expect(LinkKind(text: "peut-être") == nil)
    }
}

@Suite struct WeakAmbitionTests {
    @Test func theLeastCoveredAmbitionsComeWithTheirThemes() {
        // A1.2's only objective (1.2.1) has nothing but a contradiction: 0 % covered.
        // A1.1 and A2.1 are fully covered.
        #expect(F.matrix().weakestCoveredAmbitions() == [WeakAmbition(title: "Réduire la place de la voiture", themes: [.mobility, .air])])
    }

    @Test func partlyCoveredAmbitionsFollowTheUncoveredOnesAndFullyCoveredOnesAreLeftOut() {
        // Without the rénovation links, A1.1 is half covered (1.1.1 only).
        let links = F.links.filter { $0.objectiveID != 112 }
        #expect(F.matrix(links: links).weakestCoveredAmbitions().map(\.title) == ["Réduire la place de la voiture", "Adapter les quartiers au climat"])
        #expect(F.matrix(links: links).weakestCoveredAmbitions(limit: 1).map(\.title) == ["Réduire la place de la voiture"])
    }

    @Test func untaggedObjectivesTakeTheThemesTheirTitlesName() {
        let untagged = MatrixObjective.rows(tree: F.tree)
        // "Rénover les logements ; réduire la précarité énergétique" names energy; "Adapter les quartiers au climat" names climate.
        let links = F.links.filter { $0.objectiveID != 112 }
        let weak = F.matrix(links: links, objectives: untagged).weakestCoveredAmbitions()
        #expect(weak == [WeakAmbition(title: "Réduire la place de la voiture", themes: [.mobility]),
                         WeakAmbition(title: "Adapter les quartiers au climat", themes: [.climate, .energy])])
    }

    @Test func withoutAnyPlanNothingIsCalledWeak() {
        let matrix = CrossMatrix.build(objectives: F.objectives, plans: [], actions: [], links: [], contractQPV: F.contractQPV)
        #expect(matrix.weakestCoveredAmbitions().isEmpty)
    }

    @Test func themesAreFoundByWholeWordsAndPhrases() {
        #expect(TransitionTheme.mentioned(in: "Améliorer la santé et développer les parcours santé") == [.health])
        #expect(TransitionTheme.mentioned(in: "Lutter contre la précarité énergétique et les îlots de CHALEUR") == [.climate, .energy])
        #expect(TransitionTheme.mentioned(in: "Favoriser la qualité de l'air") == [.air])
        #expect(TransitionTheme.mentioned(in: "Soutenir la réussite éducative").isEmpty)
        // "aire" is not "air", "eaux" is not "eau": whole words only.
        #expect(TransitionTheme.mentioned(in: "Aire de jeux, nouveaux réseaux").isEmpty)
        #expect(TransitionTheme.named("Mobilités") == .mobility)
        #expect(TransitionTheme.named("chaleur") == .climate)
        #expect(TransitionTheme.named("réussite") == nil)
    }
}
