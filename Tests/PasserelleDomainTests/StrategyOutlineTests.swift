import Testing
@testable import PasserelleDomain

@Suite struct StrategyOutlineTests {
    /// P1 → P1.A1 (→ P1.A1.O1, P1.A1.O2), P1.A2 ; P2 → P2.A1.
    static let nodes = [
        StrategyNodeRecord(id: 1, parentID: nil, depth: 0, level: .pillar, code: "P1", title: "Prévenir", position: 0),
        StrategyNodeRecord(id: 2, parentID: 1, depth: 1, level: .ambition, code: "P1.A1", title: "Repérer", position: 0),
        StrategyNodeRecord(id: 3, parentID: 1, depth: 1, level: .ambition, code: "P1.A2", title: "Isolement", position: 1),
        StrategyNodeRecord(id: 4, parentID: nil, depth: 0, level: .pillar, code: "P2", title: "Agir", position: 1),
        StrategyNodeRecord(id: 5, parentID: 4, depth: 1, level: .ambition, code: "P2.A1", title: "Réussite éducative", position: 0),
        StrategyNodeRecord(id: 6, parentID: 2, depth: 2, level: .objective, code: "P1.A1.O1", title: "Observer", position: 0),
        StrategyNodeRecord(id: 7, parentID: 2, depth: 2, level: .objective, code: "P1.A1.O2", title: "Prévenir tôt", position: 1),
    ]
    static let names = ["Pilier stratégique", "Ambition", "Objectif opérationnel"]
    static let outline = StrategyOutline(levels: StrategyOutline.levels(levelNames: names, nodes: nodes), levelNames: names, nodes: nodes)

    @Test func levelsComeFromTheStoredNodesThenTheDefaultOrder() {
        #expect(Self.outline.levels == [.pillar, .ambition, .objective])
        // A two-level contract stores objectives right under its axes.
        let twoLevels = [StrategyNodeRecord(id: 1, parentID: nil, depth: 0, level: .pillar, code: "A1", title: "Axe", position: 0),
                         StrategyNodeRecord(id: 2, parentID: 1, depth: 1, level: .objective, code: "A1.O1", title: "Objectif", position: 0)]
        #expect(StrategyOutline.levels(levelNames: ["Axe stratégique", "Objectif"], nodes: twoLevels) == [.pillar, .objective])
        #expect(StrategyOutline.levels(levelNames: ["Axe stratégique", "Objectif"], nodes: []) == [.pillar, .ambition])
        #expect(Self.outline.ordered.map(\.code) == ["P1", "P1.A1", "P1.A1.O1", "P1.A1.O2", "P1.A2", "P2", "P2.A1"])
    }

    @Test func aNewNodeNeedsAUniqueCodeATitleAndAParentOfTheLevelAbove() {
        let outline = Self.outline
        #expect(outline.problems(adding: .init(code: "P2.A2", title: "Santé", level: .ambition, parentID: 4)) == [])
        #expect(outline.problems(adding: .init(code: "p1.a1", title: "Doublon", level: .ambition, parentID: 1)) == [
            StrategyEditProblem(field: "code", message: "Champ « code » : le code « p1.a1 » est déjà celui de l'ambition « P1.A1 » (« Repérer ») ; chaque code est unique dans le contrat."),
        ])
        #expect(outline.problems(adding: .init(code: "P2.A2 bis", title: " ", level: .ambition, parentID: 4)).map(\.field) == ["code", "title"])
        #expect(outline.problems(adding: .init(code: "P2.O1", title: "Objectif", level: .objective, parentID: 4)) == [
            StrategyEditProblem(field: "parent", message: "Champ « rattaché à » : un nœud de niveau « objectif opérationnel » se place sous un nœud de niveau « ambition » ; le pilier stratégique « P2 » est de niveau « pilier stratégique »."),
        ])
        #expect(outline.problems(adding: .init(code: "P3", title: "Coopérer", level: .pillar, parentID: 2)).map(\.field) == ["parent"])
        #expect(outline.problems(adding: .init(code: "P2.A2", title: "Santé", level: .ambition, parentID: nil)) == [
            StrategyEditProblem(field: "parent", message: "Champ « rattaché à » : un nœud de niveau « ambition » doit être rattaché à un nœud de niveau « pilier stratégique »."),
        ])
        #expect(outline.problems(adding: .init(code: "P2.A2", title: "Santé", level: .ambition, parentID: 99)).map(\.message)
                == ["Champ « rattaché à » : le nœud n° 99 n'existe pas dans ce contrat."])
        #expect(outline.problems(adding: .init(code: "P2.A2", title: "Santé", level: .ambition, parentID: 4, position: 3)) == [
            StrategyEditProblem(field: "position", message: "Champ « rang » : 3 est hors des rangs possibles (1 à 2)."),
        ])
    }

    @Test func aMoveKeepsTheLevelAndNeverGoesUnderItself() {
        let outline = Self.outline
        // P1.A2 moves under P2, first.
        #expect(outline.problems(updating: 3, to: .init(code: "P1.A2", title: "Isolement", level: .ambition, parentID: 4, position: 1)) == [])
        #expect(outline.problems(updating: 3, to: .init(code: "P1.A2", title: "Isolement", level: .objective, parentID: 2)).map(\.field).first == "level")
        #expect(outline.problems(updating: 2, to: .init(code: "P1.A1", title: "Repérer", level: .ambition, parentID: 6)).map(\.field) == ["parent"])
        // Keeping its own code is not a clash.
        #expect(outline.problems(updating: 2, to: .init(code: "P1.A1", title: "Repérer et observer", level: .ambition, parentID: 1)) == [])
        #expect(outline.problems(updating: 42, to: .init(code: "X", title: "X", level: .pillar, parentID: nil)).map(\.field) == ["node"])
    }

    @Test func placementRenumbersSiblingsAndClosesUpTheOldOnes() {
        let outline = Self.outline
        // A new ambition first under P1: it takes rank 0, the two others shift.
        let added = outline.placement(of: nil, under: 1, at: 1)
        #expect(added.map { [$0.id, $0.position] } == [[0, 0], [2, 1], [3, 2]])
        // Last by default: only the new one.
        #expect(outline.placement(of: nil, under: 1, at: nil).map { [$0.id, $0.position] } == [[0, 2]])
        // P1.A1 moves under P2 after P2.A1; P1.A2 closes up to rank 0.
        let moved = outline.placement(of: 2, under: 4, at: nil)
        #expect(moved.map { [$0.id, $0.position] } == [[2, 1], [3, 0]])
        // Reordering in place: P1.A2 first.
        #expect(outline.placement(of: 3, under: 1, at: 1).map { [$0.id, $0.position] } == [[3, 0], [2, 1]])
    }

    @Test func removalIsRefusedWhileChildrenOrUsesRemainAndSaysWhich() {
        let outline = Self.outline
        let uses = [
            StrategyNodeUse(nodeID: 3, kind: .link, label: "action « PCAET-4 » (PCAET)"),
            StrategyNodeUse(nodeID: 3, kind: .link, label: "action « SATD-2.1 » (SATD)"),
            StrategyNodeUse(nodeID: 3, kind: .milestone, label: "« Ateliers cuisine » (2027)"),
            StrategyNodeUse(nodeID: 5, kind: .means, label: "Département, 2025"),
        ]
        #expect(outline.removalProblem(of: 3, uses: uses)
                == "Impossible de supprimer l'ambition « P1.A2 » : 2 liens de la matrice l'utilisent (action « PCAET-4 » (PCAET) et action « SATD-2.1 » (SATD)) ; un jalon de la feuille de route l'utilise (« Ateliers cuisine » (2027)). Retirez-les ou rattachez-les ailleurs d'abord.")
        #expect(outline.removalProblem(of: 2, uses: uses)
                == "Impossible de supprimer l'ambition « P1.A1 » : 2 sous-nœuds en dépendent (« P1.A1.O1 » et « P1.A1.O2 »). Retirez-les ou rattachez-les ailleurs d'abord.")
        #expect(outline.removalProblem(of: 5, uses: uses)?.contains("une ligne de moyens de droit commun s'y rattache (Département, 2025)") == true)
        #expect(outline.removalProblem(of: 7, uses: uses) == nil)
    }

    @Test func axesAndAmendmentsAreChecked() {
        let axes = [TransversalAxisRecord(id: 1, code: "T1", title: "Participation", position: 0),
                    TransversalAxisRecord(id: 2, code: "T2", title: "Transition écologique", position: 1)]
        #expect(StrategyOutline.problems(axis: .init(code: "t2", title: "Jeunesse"), editing: nil, axes: axes).map(\.message)
                == ["Champ « code » : le code « t2 » est déjà celui de l'axe transversal « Transition écologique »."])
        #expect(StrategyOutline.problems(axis: .init(code: "T2", title: "Transition"), editing: 2, axes: axes) == [])
        #expect(StrategyOutline.problems(axis: .init(code: "T3", title: "", position: 4), editing: nil, axes: axes).map(\.field) == ["title", "position"])

        let open = Amendment(id: 1, number: 1, date: "2025-06-30", title: "Revoyure", openedAt: "2025-06-30T08:00:00Z")
        #expect(Amendment.problems(number: 2, date: "2026-02-29", title: "Ajout", summary: nil, existing: []).map(\.field) == ["date"])
        #expect(Amendment.problems(number: 1, date: "2026-03-01", title: "Ajout", summary: nil, existing: [open]).map(\.message) == [
            "Champ « numéro » : l'avenant n° 1 existe déjà.",
            "L'avenant n° 1 (« Revoyure ») est encore ouvert : clôturez-le avant d'en ouvrir un autre.",
        ])
        var closed = open
        closed.closedAt = "2025-07-01T08:00:00Z"
        #expect(Amendment.problems(number: 2, date: "2028-02-29", title: "Ajout", summary: nil, existing: [closed]) == [])
        #expect(StrategyOutline.list(["a", "b", "c", "d", "e", "f", "g"]) == "a, b, c, d, e et 2 autre(s)")
    }
}
