/// A row of the cross-matrix: a leaf of the contract's strategy tree, with the pillar and
/// ambition it sits under.
///
/// Rule for rows (`rows(tree:themes:)`): every node without children is a row. In a three-level
/// contract this gives the operational objectives; an ambition with no objectives under it is a row
/// itself (as in a contract with pillars and ambitions only), and so is a pillar with nothing under it.
/// A row that is an ambition or a pillar has no `ambitionCode`: it sits directly under its pillar.
public struct MatrixObjective: Sendable, Equatable, Hashable, Identifiable {
    /// The `StrategyNode` id.
    public var id: Int
    public var code: String
    public var title: String
    /// `.objective` normally; `.ambition` or `.pillar` when that node is a leaf.
    public var level: StrategyLevel
    public var pillarCode: String
    public var pillarTitle: String
    /// The pillar's node id, so that links made to the pillar itself can be shown on its heading.
    public var pillarID: Int?
    public var ambitionCode: String?
    public var ambitionTitle: String?
    /// The ambition's node id, so that links made to the ambition itself can be shown on its heading.
    public var ambitionID: Int?
    /// The transition themes the objective is about; nil or empty when not tagged.
    public var themes: [TransitionTheme]?

    public init(id: Int, code: String, title: String, level: StrategyLevel = .objective,
                pillarCode: String, pillarTitle: String, pillarID: Int? = nil,
                ambitionCode: String? = nil, ambitionTitle: String? = nil, ambitionID: Int? = nil,
                themes: [TransitionTheme]? = nil) {
        self.id = id
        self.code = code
        self.title = title
        self.level = level
        self.pillarCode = pillarCode
        self.pillarTitle = pillarTitle
        self.pillarID = pillarID
        self.ambitionCode = ambitionCode
        self.ambitionTitle = ambitionTitle
        self.ambitionID = ambitionID
        self.themes = themes
    }

    /// The rows of a contract's tree, depth first: every leaf, with its pillar and its ambition
    /// (the nearest ancestor of level `.ambition`, if any). `themes` tags rows by node id.
    public static func rows(tree: [StrategyNode], themes: [Int: [TransitionTheme]] = [:]) -> [MatrixObjective] {
        var rows: [MatrixObjective] = []
        func walk(_ node: StrategyNode, pillar: StrategyNode, ambition: StrategyNode?) {
            if node.children.isEmpty {
                let isGroupLeaf = node.id == pillar.id || node.id == ambition?.id
                rows.append(MatrixObjective(
                    id: node.id, code: node.code, title: node.title, level: node.level,
                    pillarCode: pillar.code, pillarTitle: pillar.title, pillarID: pillar.id,
                    ambitionCode: isGroupLeaf ? nil : ambition?.code,
                    ambitionTitle: isGroupLeaf ? nil : ambition?.title,
                    ambitionID: isGroupLeaf ? nil : ambition?.id,
                    themes: themes[node.id]))
                return
            }
            for child in node.children {
                let childAmbition = ambition ?? (child.level == .ambition ? child : nil)
                walk(child, pillar: pillar, ambition: childAmbition)
            }
        }
        for pillar in tree {
            walk(pillar, pillar: pillar, ambition: nil)
        }
        return rows
    }
}

/// What the matrix shows: one QPV or all, one transition theme or all.
public struct MatrixFilter: Sendable, Equatable, Hashable {
    /// Only links that hold in this QPV (see `PlanLink.holds(in:action:)`).
    public var qpv: TerritoryKey?
    /// Only actions of this theme. Rows stay, so that an action of this theme working against an
    /// objective of another theme (a food plan drawing cars) still shows.
    public var theme: TransitionTheme?
    /// With a theme: also hide rows tagged with other themes only (untagged rows stay).
    public var hidesRowsOfOtherThemes: Bool

    public init(qpv: TerritoryKey? = nil, theme: TransitionTheme? = nil, hidesRowsOfOtherThemes: Bool = false) {
        self.qpv = qpv
        self.theme = theme
        self.hidesRowsOfOtherThemes = hidesRowsOfOtherThemes
    }

    public static let none = MatrixFilter()

    /// A French caption for the page heading.
    public var label: String {
        let place = qpv.map { "QPV \($0.code)" } ?? "tous les QPV"
        let topic = theme.map { "thème « \($0.shortLabel) »" } ?? "tous les thèmes"
        return "\(place), \(topic)"
    }

    func showsRow(_ objective: MatrixObjective) -> Bool {
        guard hidesRowsOfOtherThemes, let theme, let themes = objective.themes, !themes.isEmpty else { return true }
        return themes.contains(theme)
    }
}

/// How many distinct actions are linked, per kind of link.
public struct LinkCounts: Sendable, Equatable, Hashable {
    public var contributes: Int
    public var couldContribute: Int
    public var contradicts: Int

    public init(contributes: Int = 0, couldContribute: Int = 0, contradicts: Int = 0) {
        self.contributes = contributes
        self.couldContribute = couldContribute
        self.contradicts = contradicts
    }

    public static let zero = LinkCounts()

    public subscript(kind: LinkKind) -> Int {
        switch kind {
        case .contributes: contributes
        case .couldContribute: couldContribute
        case .contradicts: contradicts
        }
    }

    public var total: Int { contributes + couldContribute + contradicts }
    public var isEmpty: Bool { total == 0 }
    /// At least one action contributes or could contribute.
    public var covers: Bool { contributes + couldContribute > 0 }

    init(_ sets: [LinkKind: Set<Int>]) {
        self.init(contributes: sets[.contributes]?.count ?? 0,
                  couldContribute: sets[.couldContribute]?.count ?? 0,
                  contradicts: sets[.contradicts]?.count ?? 0)
    }
}

/// A column of the matrix: one plan, with the actions the filter keeps (for the drill-down).
public struct MatrixColumn: Sendable, Equatable {
    public var plan: TerritorialPlan
    /// The plan's actions, in the order given, after the theme filter.
    public var actions: [PlanAction]
    /// Distinct actions of the plan per kind of link, over the whole matrix.
    public var totals: LinkCounts
    /// Actions of the column with no counted link: material the contract does not use yet.
    public var unlinkedActionIDs: [Int]
}

/// A row with one cell per column (plan) and, for the drill-down, one per action.
public struct MatrixRow: Sendable, Equatable {
    public var objective: MatrixObjective
    /// Aligned with `CrossMatrix.columns`: distinct actions of each plan per kind.
    public var cells: [LinkCounts]
    /// The kinds of link each linked action has with this row.
    public var actionKinds: [Int: Set<LinkKind>]

    /// Distinct actions, all plans together.
    public var total: LinkCounts {
        cells.reduce(into: LinkCounts.zero) { sum, cell in
            sum.contributes += cell.contributes
            sum.couldContribute += cell.couldContribute
            sum.contradicts += cell.contradicts
        }
    }

    public var isCovered: Bool { total.covers }

    /// The drill-down cell of one action: each count is 0 or 1.
    public func cell(actionID: Int) -> LinkCounts {
        let kinds = actionKinds[actionID] ?? []
        return LinkCounts(contributes: kinds.contains(.contributes) ? 1 : 0,
                          couldContribute: kinds.contains(.couldContribute) ? 1 : 0,
                          contradicts: kinds.contains(.contradicts) ? 1 : 0)
    }
}

/// Rows sharing an ambition (or sitting directly under their pillar when `code` is nil).
public struct MatrixAmbitionGroup: Sendable, Equatable {
    public var id: Int?
    public var code: String?
    public var title: String?
    public var rows: [MatrixRow]
    /// Links made to the ambition node itself, per column. They do not cover the rows below:
    /// a link to a whole ambition does not say which operational objective it serves.
    public var directCells: [LinkCounts]
    /// Distinct actions per column over the rows and the ambition itself.
    public var cells: [LinkCounts]
}

/// A pillar heading with its ambitions.
public struct MatrixPillarGroup: Sendable, Equatable {
    public var id: Int?
    public var code: String
    public var title: String
    public var ambitions: [MatrixAmbitionGroup]
    /// Links made to the pillar node itself, per column (they cover no row).
    public var directCells: [LinkCounts]
    /// Distinct actions per column over the whole pillar.
    public var cells: [LinkCounts]
    public var coverage: MatrixCoverage

    public var rows: [MatrixRow] { ambitions.flatMap(\.rows) }
}

/// Share of rows covered: at least one action contributes or could contribute.
public struct MatrixCoverage: Sendable, Equatable, Hashable {
    public var objectiveCount: Int
    /// Rows with at least one action that contributes or could contribute.
    public var coveredCount: Int
    /// Rows with at least one action that contributes (firm coverage).
    public var contributedCount: Int

    public init(objectiveCount: Int, coveredCount: Int, contributedCount: Int) {
        self.objectiveCount = objectiveCount
        self.coveredCount = coveredCount
        self.contributedCount = contributedCount
    }

    /// coveredCount / objectiveCount, nil without rows.
    public var share: Double? { objectiveCount == 0 ? nil : Double(coveredCount) / Double(objectiveCount) }
    /// contributedCount / objectiveCount, nil without rows.
    public var contributedShare: Double? { objectiveCount == 0 ? nil : Double(contributedCount) / Double(objectiveCount) }
    public var uncoveredCount: Int { objectiveCount - coveredCount }
}

/// Something the matrix shows nobody takes care of.
public struct BlindSpot: Sendable, Equatable, Hashable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        /// A row no action contributes or could contribute to.
        case objectiveWithoutAction
        /// An environmental theme with no plan action reaching any QPV considered.
        case themeWithoutQPVAction
        /// An environmental theme some QPV are reached on, but not this one.
        case themeWithoutActionInQPV
        /// An action whose perimeter excludes every QPV.
        case actionExcludingQPV

        public var label: String {
            switch self {
            case .objectiveWithoutAction: "Objectif sans action de plan"
            case .themeWithoutQPVAction: "Thème sans action dans les QPV"
            case .themeWithoutActionInQPV: "Thème sans action dans un QPV"
            case .actionExcludingQPV: "Action qui exclut les QPV"
            }
        }
    }

    public var kind: Kind
    /// Objective code, theme raw value or action code.
    public var code: String
    /// Objective title, theme label or action title.
    public var title: String
    /// The QPV concerned, for `themeWithoutActionInQPV`.
    public var qpv: TerritoryKey?
    /// The plan of the action, for `actionExcludingQPV`.
    public var planTitle: String?

    public init(kind: Kind, code: String, title: String, qpv: TerritoryKey? = nil, planTitle: String? = nil) {
        self.kind = kind
        self.code = code
        self.title = title
        self.qpv = qpv
        self.planTitle = planTitle
    }

    /// One French sentence for the page.
    public var message: String {
        switch kind {
        case .objectiveWithoutAction:
            "« \(code) — \(title) » : aucune action de plan n'y contribue ni ne pourrait y contribuer"
        case .themeWithoutQPVAction:
            "thème « \(title) » : aucune action de plan n'atteint les QPV"
        case .themeWithoutActionInQPV:
            "QPV \(qpv?.code ?? "?") : aucune action de plan sur le thème « \(title) »"
        case .actionExcludingQPV:
            "action « \(code) — \(title) »\(planTitle.map { " (\($0))" } ?? "") : son périmètre exclut les QPV"
        }
    }
}

/// A plan action said to work against a contract objective, to put on the table.
public struct Contradiction: Sendable, Equatable, Hashable {
    public var objectiveID: Int
    public var objectiveCode: String
    public var objectiveTitle: String
    public var actionID: Int
    public var actionCode: String
    public var actionTitle: String
    public var planTitle: String
    public var note: String?
    /// The QPV the link names; empty for all.
    public var qpv: [TerritoryKey]
    public var assertedBy: String

    public init(objectiveID: Int, objectiveCode: String, objectiveTitle: String, actionID: Int, actionCode: String,
                actionTitle: String, planTitle: String, note: String?, qpv: [TerritoryKey], assertedBy: String) {
        self.objectiveID = objectiveID
        self.objectiveCode = objectiveCode
        self.objectiveTitle = objectiveTitle
        self.actionID = actionID
        self.actionCode = actionCode
        self.actionTitle = actionTitle
        self.planTitle = planTitle
        self.note = note
        self.qpv = qpv
        self.assertedBy = assertedBy
    }
}

/// The cross-matrix: contract objectives (rows, grouped by pillar and ambition) against territorial
/// plans (columns, with their actions), each cell counting distinct actions per kind of link,
/// with coverage, blind spots and contradictions.
public struct CrossMatrix: Sendable, Equatable {
    public var filter: MatrixFilter
    public var columns: [MatrixColumn]
    public var pillars: [MatrixPillarGroup]
    public var coverage: MatrixCoverage
    /// Ordered by kind, then row order, theme order, QPV order or column order.
    public var blindSpots: [BlindSpot]
    /// In row order, then column order, then action order.
    public var contradictions: [Contradiction]
    /// Links left out because their action, its plan or their node is unknown.
    public var ignoredLinks: [PlanLink]

    /// The themes blind spots of kind `themeWithoutQPVAction` are looked for in.
    public static let environmentalThemes: [TransitionTheme] = [
        .climate, .energy, .mobility, .food, .air, .noise, .water, .waste, .biodiversity, .health,
    ]

    public var rows: [MatrixRow] { pillars.flatMap(\.rows) }

    public func row(objectiveID: Int) -> MatrixRow? { rows.first { $0.objective.id == objectiveID } }

    /// The cell of a row and a plan; nil when either is not shown.
    public func cell(objectiveID: Int, planID: Int) -> LinkCounts? {
        guard let row = row(objectiveID: objectiveID), let column = columns.firstIndex(where: { $0.plan.id == planID }) else { return nil }
        return row.cells[column]
    }

    /// MatrixCoverage of one pillar; nil when the pillar is not shown.
    public func coverage(pillarCode: String) -> MatrixCoverage? { pillars.first { $0.code == pillarCode }?.coverage }

    public func blindSpots(of kind: BlindSpot.Kind) -> [BlindSpot] { blindSpots.filter { $0.kind == kind } }

    /// Builds the matrix.
    /// - Parameters:
    ///   - objectives: the rows, in display order (see `MatrixObjective.rows(tree:themes:)`).
    ///   - plans: the columns, in display order.
    ///   - actions: the actions of these plans (others are ignored), in display order.
    ///   - links: every link of the contract.
    ///   - contractQPV: the QPV of the contract, in display order.
    ///   - filter: the QPV and theme to look at.
    public static func build(objectives: [MatrixObjective], plans: [TerritorialPlan], actions: [PlanAction],
                             links: [PlanLink], contractQPV: [TerritoryKey], filter: MatrixFilter = .none) -> CrossMatrix {
        let columnOfPlan = Dictionary(plans.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let knownActions = actions.filter { columnOfPlan[$0.planID] != nil }
        let actionByID = Dictionary(knownActions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let shownActions = knownActions.filter { filter.theme == nil || $0.theme == filter.theme }
        let shownActionIDs = Set(shownActions.map(\.id))
        let actionOrder = Dictionary(knownActions.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })

        // Every node id the rows know of, shown or not, to tell a filtered-out target from an unknown one.
        var knownNodeIDs = Set(objectives.map(\.id))
        knownNodeIDs.formUnion(objectives.compactMap(\.pillarID))
        knownNodeIDs.formUnion(objectives.compactMap(\.ambitionID))
        let shownRows = objectives.filter(filter.showsRow)

        // Layout: pillars in order of first appearance, then ambitions, then rows.
        var layout = Layout()
        for objective in shownRows { layout.place(objective) }

        // Tally distinct actions per scope (row, ambition heading, pillar heading), column and kind.
        let columnCount = plans.count
        var scopeSets = Array(repeating: Array(repeating: [LinkKind: Set<Int>](), count: columnCount), count: layout.scopes.count)
        var rowActionKinds = Array(repeating: [Int: Set<LinkKind>](), count: layout.scopes.count)
        var countedActions = Set<Int>()
        var contradictionEntries: [(scope: Int, column: Int, action: Int, index: Int, value: Contradiction)] = []
        var ignored: [PlanLink] = []
        // QPV named by valid links, whatever the filters: they bring their action there (blind spots).
        var restrictedQPVOfAction: [Int: Set<TerritoryKey>] = [:]
        for (index, link) in links.enumerated() {
            guard let action = actionByID[link.actionID], knownNodeIDs.contains(link.objectiveID) else {
                ignored.append(link)
                continue
            }
            if !link.qpv.isEmpty { restrictedQPVOfAction[action.id, default: []].formUnion(link.qpv) }
            guard shownActionIDs.contains(action.id), let scope = layout.scopeOfNode[link.objectiveID] else { continue }
            if let qpv = filter.qpv, !link.holds(in: qpv, action: action) { continue }
            let column = columnOfPlan[action.planID]!
            scopeSets[scope][column][link.kind, default: []].insert(action.id)
            rowActionKinds[scope][action.id, default: []].insert(link.kind)
            countedActions.insert(action.id)
            if link.kind == .contradicts {
                let target = layout.scopes[scope]
                contradictionEntries.append((scope, column, actionOrder[action.id]!, index, Contradiction(
                    objectiveID: link.objectiveID, objectiveCode: target.code, objectiveTitle: target.title,
                    actionID: action.id, actionCode: action.code, actionTitle: action.title,
                    planTitle: plans[column].title, note: link.note, qpv: link.qpv, assertedBy: link.assertedBy)))
            }
        }

        func counts(_ scopes: [Int]) -> [LinkCounts] {
            (0..<columnCount).map { column in
                var union: [LinkKind: Set<Int>] = [:]
                for scope in scopes {
                    for (kind, ids) in scopeSets[scope][column] { union[kind, default: []].formUnion(ids) }
                }
                return LinkCounts(union)
            }
        }

        var pillars: [MatrixPillarGroup] = []
        var allRows: [MatrixRow] = []
        for pillar in layout.pillars {
            var ambitions: [MatrixAmbitionGroup] = []
            var pillarScopes = [pillar.scope]
            for ambition in pillar.ambitions {
                let rows = ambition.rowScopes.map { scope in
                    MatrixRow(objective: layout.scopes[scope].objective!, cells: counts([scope]), actionKinds: rowActionKinds[scope])
                }
                let scopes = ambition.rowScopes + (ambition.scope.map { [$0] } ?? [])
                pillarScopes += scopes
                ambitions.append(MatrixAmbitionGroup(
                    id: ambition.id, code: ambition.code, title: ambition.title, rows: rows,
                    directCells: ambition.scope.map { counts([$0]) } ?? Array(repeating: .zero, count: columnCount),
                    cells: counts(scopes)))
                allRows += rows
            }
            let rows = ambitions.flatMap(\.rows)
            pillars.append(MatrixPillarGroup(
                id: pillar.id, code: pillar.code, title: pillar.title, ambitions: ambitions,
                directCells: counts([pillar.scope]), cells: counts(pillarScopes),
                coverage: MatrixCoverage(objectiveCount: rows.count, coveredCount: rows.filter(\.isCovered).count,
                                   contributedCount: rows.filter { $0.total.contributes > 0 }.count)))
        }

        let allScopes = Array(layout.scopes.indices)
        let columnTotals = counts(allScopes)
        let columns = plans.enumerated().map { column, plan in
            let planActions = shownActions.filter { $0.planID == plan.id }
            return MatrixColumn(plan: plan, actions: planActions, totals: columnTotals[column],
                                unlinkedActionIDs: planActions.map(\.id).filter { !countedActions.contains($0) })
        }

        // Blind spots.
        var blindSpots: [BlindSpot] = []
        for row in allRows where !row.isCovered {
            blindSpots.append(BlindSpot(kind: .objectiveWithoutAction, code: row.objective.code, title: row.objective.title))
        }
        var consideredQPV: [TerritoryKey] = []
        for key in filter.qpv.map({ [$0] }) ?? contractQPV where !consideredQPV.contains(key) { consideredQPV.append(key) }
        let themes = filter.theme.map { theme in environmentalThemes.filter { $0 == theme } } ?? environmentalThemes
        var reachedByTheme: [TransitionTheme: Set<TerritoryKey>] = [:]
        for action in shownActions {
            guard let theme = action.theme else { continue }
            let reached = reachedQPV(action: action, linkQPV: restrictedQPVOfAction[action.id] ?? [], among: consideredQPV)
            reachedByTheme[theme, default: []].formUnion(reached)
        }
        var perQPV: [BlindSpot] = []
        for theme in themes {
            let reached = reachedByTheme[theme] ?? []
            if reached.isEmpty {
                blindSpots.append(BlindSpot(kind: .themeWithoutQPVAction, code: theme.rawValue, title: theme.shortLabel))
            } else {
                for qpv in consideredQPV where !reached.contains(qpv) {
                    perQPV.append(BlindSpot(kind: .themeWithoutActionInQPV, code: theme.rawValue, title: theme.shortLabel, qpv: qpv))
                }
            }
        }
        // Grouped by QPV, as the page reads "in this neighbourhood, nothing on heat, nothing on noise".
        let qpvOrder = Dictionary(consideredQPV.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        blindSpots += perQPV.enumerated().sorted { lhs, rhs in
            (qpvOrder[lhs.element.qpv!]!, lhs.offset) < (qpvOrder[rhs.element.qpv!]!, rhs.offset)
        }.map(\.element)
        for column in columns {
            for action in column.actions where action.perimeter == .excludesQPV {
                blindSpots.append(BlindSpot(kind: .actionExcludingQPV, code: action.code, title: action.title, planTitle: column.plan.title))
            }
        }

        let rank = layout.displayRank()
        let contradictions = contradictionEntries
            .sorted { (rank[$0.scope], $0.column, $0.action, $0.index) < (rank[$1.scope], $1.column, $1.action, $1.index) }
            .map(\.value)

        return CrossMatrix(
            filter: filter, columns: columns, pillars: pillars,
            coverage: MatrixCoverage(objectiveCount: allRows.count, coveredCount: allRows.filter(\.isCovered).count,
                               contributedCount: allRows.filter { $0.total.contributes > 0 }.count),
            blindSpots: blindSpots, contradictions: contradictions, ignoredLinks: ignored)
    }

    /// The QPV among `qpv` an action reaches: those its perimeter covers, plus those a link restricts
    /// it to; none when its perimeter excludes QPV.
    public static func reachedQPV(action: PlanAction, links: [PlanLink], among qpv: [TerritoryKey]) -> Set<TerritoryKey> {
        reachedQPV(action: action, linkQPV: Set(links.filter { $0.actionID == action.id }.flatMap(\.qpv)), among: qpv)
    }

    private static func reachedQPV(action: PlanAction, linkQPV: Set<TerritoryKey>, among qpv: [TerritoryKey]) -> Set<TerritoryKey> {
        if action.perimeter == .excludesQPV { return [] }
        return Set(qpv.filter { action.perimeter.reaches($0) || linkQPV.contains($0) })
    }
}

/// Where each row and heading goes, in display order.
private struct Layout {
    struct Scope {
        var code: String
        var title: String
        var objective: MatrixObjective?
    }
    struct Ambition {
        var id: Int?
        var code: String?
        var title: String?
        var scope: Int?
        var rowScopes: [Int] = []
    }
    struct Pillar {
        var id: Int?
        var code: String
        var title: String
        var scope: Int
        var ambitions: [Ambition] = []
    }

    var scopes: [Scope] = []
    var pillars: [Pillar] = []
    var scopeOfNode: [Int: Int] = [:]

    /// Position of each scope on the page (pillar heading, ambition heading, its rows…), which
    /// differs from creation order when rows of one ambition come interleaved with another's.
    func displayRank() -> [Int] {
        var rank = Array(repeating: 0, count: scopes.count)
        var next = 0
        func put(_ scope: Int) { rank[scope] = next; next += 1 }
        for pillar in pillars {
            put(pillar.scope)
            for ambition in pillar.ambitions {
                if let scope = ambition.scope { put(scope) }
                ambition.rowScopes.forEach(put)
            }
        }
        return rank
    }

    mutating func place(_ objective: MatrixObjective) {
        var pillarIndex = pillars.firstIndex { $0.code == objective.pillarCode }
        if pillarIndex == nil {
            scopes.append(Scope(code: objective.pillarCode, title: objective.pillarTitle))
            pillars.append(Pillar(id: objective.pillarID, code: objective.pillarCode, title: objective.pillarTitle, scope: scopes.count - 1))
            pillarIndex = pillars.count - 1
        }
        let p = pillarIndex!
        if pillars[p].id == nil, let id = objective.pillarID { pillars[p].id = id }
        if let id = pillars[p].id, scopeOfNode[id] == nil { scopeOfNode[id] = pillars[p].scope }

        var ambitionIndex = pillars[p].ambitions.firstIndex { $0.code == objective.ambitionCode }
        if ambitionIndex == nil {
            var ambition = Ambition(id: objective.ambitionID, code: objective.ambitionCode, title: objective.ambitionTitle)
            if let code = objective.ambitionCode {
                scopes.append(Scope(code: code, title: objective.ambitionTitle ?? code))
                ambition.scope = scopes.count - 1
            }
            pillars[p].ambitions.append(ambition)
            ambitionIndex = pillars[p].ambitions.count - 1
        }
        let a = ambitionIndex!
        if pillars[p].ambitions[a].id == nil, let id = objective.ambitionID { pillars[p].ambitions[a].id = id }
        if let id = pillars[p].ambitions[a].id, let scope = pillars[p].ambitions[a].scope, scopeOfNode[id] == nil { scopeOfNode[id] = scope }

        scopes.append(Scope(code: objective.code, title: objective.title, objective: objective))
        pillars[p].ambitions[a].rowScopes.append(scopes.count - 1)
        scopeOfNode[objective.id] = scopes.count - 1
    }
}
