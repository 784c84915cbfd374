/// A node of a contract's strategy tree as it is stored: flat, with its parent and its place
/// among its siblings. `StrategyNode` is the nested form pages read; this one is what edits work on.
public struct StrategyNodeRecord: Sendable, Equatable, Hashable, Codable {
    public var id: Int
    public var parentID: Int?
    public var depth: Int
    public var level: StrategyLevel
    public var code: String
    public var title: String
    public var summary: String?
    /// 0-based rank among the siblings.
    public var position: Int

    public init(id: Int, parentID: Int?, depth: Int, level: StrategyLevel, code: String, title: String, summary: String? = nil, position: Int) {
        self.id = id
        self.parentID = parentID
        self.depth = depth
        self.level = level
        self.code = code
        self.title = title
        self.summary = summary
        self.position = position
    }
}

/// A transversal axis as it is stored.
public struct TransversalAxisRecord: Sendable, Equatable, Hashable, Codable {
    public var id: Int
    public var code: String
    public var title: String
    public var summary: String?
    public var position: Int

    public init(id: Int, code: String, title: String, summary: String? = nil, position: Int) {
        self.id = id
        self.code = code
        self.title = title
        self.summary = summary
        self.position = position
    }
}

/// One problem of a tree edit, tied to the form field it concerns ("code", "title", "level",
/// "parent", "position"), with a French message naming the item.
public struct StrategyEditProblem: Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { message }
}

/// What uses a node (or an axis), so that removing it would leave something pointing nowhere:
/// a cross-matrix link, a roadmap milestone, a line of the common-law photograph…
public struct StrategyNodeUse: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case link, milestone, means
    }

    public var nodeID: Int
    public var kind: Kind
    /// How the page names the user, e.g. "action « PCAET-1 » (PCAET de la CALL)".
    public var label: String

    public init(nodeID: Int, kind: Kind, label: String) {
        self.nodeID = nodeID
        self.kind = kind
        self.label = label
    }
}

/// A contract's strategy tree in its flat form, with the rules of editing it:
/// unique codes, a level that fits its parent, ordering among siblings, and what blocks a removal.
///
/// Rules (see docs/decisions/0004-strategy-editing-and-cross-matrix-app.md):
/// - the tree has one level per depth (`levels`): pillar → ambition → objective, or pillar → objective
///   in a two-level contract; a node of level *k* sits under a node of level *k − 1*, a first-level
///   node has no parent;
/// - a move keeps the node's level (and so its children's): it may change parent among the nodes of
///   the level above, and its rank among its new siblings;
/// - codes are unique in the contract, case and accents ignored ("p1.a1" clashes with "P1.A1");
/// - a node with children, or one that links, milestones or photograph lines use, is not removed.
public struct StrategyOutline: Sendable, Equatable {
    public var levels: [StrategyLevel]
    public var levelNames: [String]
    public var nodes: [StrategyNodeRecord]

    public static let maxCodeLength = 30
    public static let maxTitleLength = 300
    public static let maxSummaryLength = 4000

    public init(levels: [StrategyLevel], levelNames: [String], nodes: [StrategyNodeRecord]) {
        self.levels = levels
        self.levelNames = levelNames
        self.nodes = nodes
    }

    /// The contract's levels, one per depth: what the nodes already stored at each depth say, else
    /// the default order (pillar, ambition, objective). As many as the contract names, and at least
    /// as many as the deepest node needs.
    public static func levels(levelNames: [String], nodes: [StrategyNodeRecord]) -> [StrategyLevel] {
        let deepest = nodes.map(\.depth).max() ?? -1
        let count = max(levelNames.count, deepest + 1, 1)
        return (0..<count).map { depth in
            nodes.first { $0.depth == depth }?.level ?? StrategyLevel(depth: depth)
        }
    }

    /// What a level is called in this contract ("Pilier stratégique", "Enjeu", "Axe stratégique"…).
    public func name(of level: StrategyLevel) -> String {
        guard let depth = levels.firstIndex(of: level), levelNames.indices.contains(depth) else { return level.defaultLabel }
        return levelNames[depth]
    }

    public func node(_ id: Int) -> StrategyNodeRecord? { nodes.first { $0.id == id } }

    /// The children of a node (or the first-level nodes for nil), in order.
    public func children(of parentID: Int?) -> [StrategyNodeRecord] {
        nodes.filter { $0.parentID == parentID }.sorted { ($0.position, $0.id) < ($1.position, $1.id) }
    }

    /// Every node under this one, depth first.
    public func descendants(of id: Int) -> [StrategyNodeRecord] {
        children(of: id).flatMap { [$0] + descendants(of: $0.id) }
    }

    /// Every node in display order (depth first, siblings by position).
    public var ordered: [StrategyNodeRecord] {
        children(of: nil).flatMap { [$0] + descendants(of: $0.id) }
    }

    /// "l'ambition « P1.A2 »", how messages name a node.
    public func name(of node: StrategyNodeRecord) -> String {
        "\(article(node.level))\(name(of: node.level).lowercased()) « \(node.code) »"
    }

    private func article(_ level: StrategyLevel) -> String {
        let word = name(of: level).lowercased()
        let vowels: Set<Character> = ["a", "e", "é", "è", "ê", "i", "o", "u", "y", "h"]
        if let first = word.first, vowels.contains(first) { return "l'" }
        return "le "
    }

    /// A node to add, or the new state of an existing one.
    public struct Draft: Sendable, Equatable {
        public var code: String
        public var title: String
        public var summary: String?
        public var level: StrategyLevel
        public var parentID: Int?
        /// 1-based rank among the siblings; nil puts the node last.
        public var position: Int?

        public init(code: String, title: String, summary: String? = nil, level: StrategyLevel, parentID: Int?, position: Int? = nil) {
            self.code = code
            self.title = title
            self.summary = summary
            self.level = level
            self.parentID = parentID
            self.position = position
        }
    }

    /// Problems of adding `draft` to the tree.
    public func problems(adding draft: Draft) -> [StrategyEditProblem] {
        problems(draft, editing: nil)
    }

    /// Problems of changing node `id` to `draft` (rename, re-code, move, reorder).
    /// The level cannot change: a draft with another level is refused.
    public func problems(updating id: Int, to draft: Draft) -> [StrategyEditProblem] {
        guard let current = node(id) else {
            return [StrategyEditProblem(field: "node", message: "Le nœud n° \(id) n'existe pas dans ce contrat.")]
        }
        var problems: [StrategyEditProblem] = []
        if draft.level != current.level {
            problems.append(StrategyEditProblem(field: "level",
                message: "Champ « niveau » : le niveau d'un nœud existant ne change pas (« \(current.code) » est de niveau « \(name(of: current.level).lowercased()) ») ; créez plutôt un nouveau nœud."))
        }
        if let parentID = draft.parentID, parentID == id || descendants(of: id).contains(where: { $0.id == parentID }) {
            problems.append(StrategyEditProblem(field: "parent",
                message: "Champ « rattaché à » : \(name(of: current)) ne peut pas être placé sous lui-même ou sous l'un de ses sous-nœuds."))
            return problems
        }
        return problems + self.problems(draft, editing: current)
    }

    private func problems(_ draft: Draft, editing current: StrategyNodeRecord?) -> [StrategyEditProblem] {
        var problems: [StrategyEditProblem] = []
        let code = draft.code.trimmingSpaces
        let shownCode = code.isEmpty ? (current?.code ?? "") : code
        let subject = current.map { name(of: $0) } ?? "le nouveau nœud" + (code.isEmpty ? "" : " « \(code) »")
        if code.isEmpty {
            problems.append(StrategyEditProblem(field: "code", message: "Champ « code » : \(subject) n'a pas de code."))
        } else if code.count > Self.maxCodeLength {
            problems.append(StrategyEditProblem(field: "code", message: "Champ « code » : « \(code) » dépasse \(Self.maxCodeLength) caractères."))
        } else if code.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" }) {
            problems.append(StrategyEditProblem(field: "code", message: "Champ « code » : « \(code) » ne doit contenir ni espace, ni virgule, ni point-virgule (par exemple P2.A3)."))
        } else if let clash = nodes.first(where: { $0.id != current?.id && SearchKey.fold($0.code) == SearchKey.fold(code) }) {
            problems.append(StrategyEditProblem(field: "code",
                message: "Champ « code » : le code « \(code) » est déjà celui de \(name(of: clash)) (« \(clash.title) ») ; chaque code est unique dans le contrat."))
        }
        let title = draft.title.trimmingSpaces
        if title.isEmpty {
            problems.append(StrategyEditProblem(field: "title", message: "Champ « intitulé » : \(subject) n'a pas d'intitulé."))
        } else if title.count > Self.maxTitleLength {
            problems.append(StrategyEditProblem(field: "title", message: "Champ « intitulé » : « \(shownCode) » a un intitulé de plus de \(Self.maxTitleLength) caractères."))
        }
        if let summary = draft.summary, summary.count > Self.maxSummaryLength {
            problems.append(StrategyEditProblem(field: "summary", message: "Champ « présentation » : « \(shownCode) » a une présentation de plus de \(Self.maxSummaryLength) caractères."))
        }

        // Level and parent.
        guard let depth = levels.firstIndex(of: draft.level) else {
            let allowed = levels.map { name(of: $0).lowercased() }.joined(separator: ", ")
            problems.append(StrategyEditProblem(field: "level", message: "Champ « niveau » : ce contrat n'a pas de niveau « \(draft.level.defaultLabel.lowercased()) » (niveaux : \(allowed))."))
            return problems
        }
        let levelName = name(of: draft.level).lowercased()
        if depth == 0 {
            if let parentID = draft.parentID {
                let parent = node(parentID)
                problems.append(StrategyEditProblem(field: "parent",
                    message: "Champ « rattaché à » : un nœud de niveau « \(levelName) » est au premier niveau de l'arbre ; il ne se place pas sous \(parent.map { name(of: $0) } ?? "le nœud n° \(parentID)")."))
            }
        } else {
            let above = name(of: levels[depth - 1]).lowercased()
            if let parentID = draft.parentID {
                if let parent = node(parentID) {
                    if parent.depth != depth - 1 {
                        problems.append(StrategyEditProblem(field: "parent",
                            message: "Champ « rattaché à » : un nœud de niveau « \(levelName) » se place sous un nœud de niveau « \(above) » ; \(name(of: parent)) est de niveau « \(name(of: parent.level).lowercased()) »."))
                    }
                } else {
                    problems.append(StrategyEditProblem(field: "parent", message: "Champ « rattaché à » : le nœud n° \(parentID) n'existe pas dans ce contrat."))
                }
            } else {
                problems.append(StrategyEditProblem(field: "parent",
                    message: "Champ « rattaché à » : un nœud de niveau « \(levelName) » doit être rattaché à un nœud de niveau « \(above) »."))
            }
        }
        if let position = draft.position {
            let siblings = children(of: draft.parentID).filter { $0.id != current?.id }
            if position < 1 || position > siblings.count + 1 {
                problems.append(StrategyEditProblem(field: "position",
                    message: "Champ « rang » : \(position) est hors des rangs possibles (1 à \(siblings.count + 1))."))
            }
        }
        return problems
    }

    /// The positions of the siblings once node `id` (nil for a new node, returned as id 0) is placed
    /// under `parentID` at the 1-based `position` (nil: last). Only the nodes whose position changes
    /// are returned, plus the placed node itself. The siblings left behind by a move are closed up
    /// too (`closingUp`).
    public func placement(of id: Int?, under parentID: Int?, at position: Int?) -> [(id: Int, position: Int)] {
        var siblings = children(of: parentID).filter { $0.id != id }.map(\.id)
        let index = min(max((position ?? siblings.count + 1) - 1, 0), siblings.count)
        let placed = id ?? 0
        siblings.insert(placed, at: index)
        var changes: [(id: Int, position: Int)] = []
        for (rank, sibling) in siblings.enumerated() {
            if sibling == placed || node(sibling)?.position != rank { changes.append((sibling, rank)) }
        }
        if let id, let current = node(id), current.parentID != parentID {
            changes += closingUp(after: id, under: current.parentID)
        }
        return changes
    }

    /// New positions of the siblings of a node that leaves `parentID` (moved away or removed).
    public func closingUp(after id: Int, under parentID: Int?) -> [(id: Int, position: Int)] {
        children(of: parentID).filter { $0.id != id }.enumerated().compactMap { rank, sibling in
            sibling.position == rank ? nil : (sibling.id, rank)
        }
    }

    /// Why node `id` cannot be removed, in one French sentence; nil when it can.
    public func removalProblem(of id: Int, uses: [StrategyNodeUse]) -> String? {
        guard let target = node(id) else { return "Le nœud n° \(id) n'existe pas dans ce contrat." }
        var reasons: [String] = []
        let children = self.children(of: id)
        if !children.isEmpty {
            reasons.append("\(children.count == 1 ? "un sous-nœud en dépend" : "\(children.count) sous-nœuds en dépendent") (" + Self.list(children.map { "« \($0.code) »" }) + ")")
        }
        let mine = uses.filter { $0.nodeID == id }
        for kind in StrategyNodeUse.Kind.allCases {
            let labels = mine.filter { $0.kind == kind }.map(\.label)
            guard !labels.isEmpty else { continue }
            let what: String
            switch kind {
            case .link: what = labels.count == 1 ? "un lien de la matrice l'utilise" : "\(labels.count) liens de la matrice l'utilisent"
            case .milestone: what = labels.count == 1 ? "un jalon de la feuille de route l'utilise" : "\(labels.count) jalons de la feuille de route l'utilisent"
            case .means: what = labels.count == 1 ? "une ligne de moyens de droit commun s'y rattache" : "\(labels.count) lignes de moyens de droit commun s'y rattachent"
            }
            reasons.append("\(what) (" + Self.list(labels) + ")")
        }
        guard !reasons.isEmpty else { return nil }
        return "Impossible de supprimer \(name(of: target)) : " + reasons.joined(separator: " ; ") + ". Retirez-les ou rattachez-les ailleurs d'abord."
    }

    /// "a, b et c", at most 5 items then "et N autres".
    public static func list(_ items: [String]) -> String {
        let shown = items.prefix(5)
        var text = shown.dropLast().joined(separator: ", ")
        if items.count > 5 {
            text += (text.isEmpty ? "" : ", ") + shown.last! + " et \(items.count - 5) autre(s)"
        } else if let last = shown.last {
            text += (text.isEmpty ? "" : " et ") + last
        }
        return text
    }

    // MARK: Transversal axes

    public struct AxisDraft: Sendable, Equatable {
        public var code: String
        public var title: String
        public var summary: String?
        public var position: Int?

        public init(code: String, title: String, summary: String? = nil, position: Int? = nil) {
            self.code = code
            self.title = title
            self.summary = summary
            self.position = position
        }
    }

    /// Problems of adding (`editing` nil) or changing a transversal axis.
    public static func problems(axis draft: AxisDraft, editing id: Int?, axes: [TransversalAxisRecord]) -> [StrategyEditProblem] {
        var problems: [StrategyEditProblem] = []
        let code = draft.code.trimmingSpaces
        if code.isEmpty {
            problems.append(StrategyEditProblem(field: "code", message: "Champ « code » : l'axe transversal n'a pas de code."))
        } else if code.count > maxCodeLength || code.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" }) {
            problems.append(StrategyEditProblem(field: "code", message: "Champ « code » : « \(code) » doit tenir en \(maxCodeLength) caractères, sans espace ni virgule (par exemple T2)."))
        } else if let clash = axes.first(where: { $0.id != id && SearchKey.fold($0.code) == SearchKey.fold(code) }) {
            problems.append(StrategyEditProblem(field: "code", message: "Champ « code » : le code « \(code) » est déjà celui de l'axe transversal « \(clash.title) »."))
        }
        let title = draft.title.trimmingSpaces
        if title.isEmpty {
            problems.append(StrategyEditProblem(field: "title", message: "Champ « intitulé » : l'axe transversal" + (code.isEmpty ? "" : " « \(code) »") + " n'a pas d'intitulé."))
        } else if title.count > maxTitleLength {
            problems.append(StrategyEditProblem(field: "title", message: "Champ « intitulé » : plus de \(maxTitleLength) caractères."))
        }
        if let summary = draft.summary, summary.count > maxSummaryLength {
            problems.append(StrategyEditProblem(field: "summary", message: "Champ « présentation » : plus de \(maxSummaryLength) caractères."))
        }
        if let position = draft.position {
            let count = axes.filter { $0.id != id }.count + 1
            if position < 1 || position > count {
                problems.append(StrategyEditProblem(field: "position", message: "Champ « rang » : \(position) est hors des rangs possibles (1 à \(count))."))
            }
        }
        return problems
    }
}

/// An amendment ("avenant") to the contract: while it is open, every change to the strategy tree
/// and the transversal axes is attached to it.
public struct Amendment: Sendable, Equatable, Hashable, Codable {
    public var id: Int
    public var number: Int
    /// ISO date (YYYY-MM-DD) of the amendment (deliberation or signature).
    public var date: String
    public var title: String
    public var summary: String?
    public var openedAt: String
    public var closedAt: String?

    public init(id: Int, number: Int, date: String, title: String, summary: String? = nil, openedAt: String, closedAt: String? = nil) {
        self.id = id
        self.number = number
        self.date = date
        self.title = title
        self.summary = summary
        self.openedAt = openedAt
        self.closedAt = closedAt
    }

    public var isOpen: Bool { closedAt == nil }

    /// Problems of a new amendment, given the contract's others.
    public static func problems(number: Int?, date: String, title: String, summary: String?, existing: [Amendment]) -> [StrategyEditProblem] {
        var problems: [StrategyEditProblem] = []
        if let number {
            if number < 1 || number > 999 {
                problems.append(StrategyEditProblem(field: "number", message: "Champ « numéro » : un nombre entier de 1 à 999 est attendu, « \(number) » reçu."))
            } else if existing.contains(where: { $0.number == number }) {
                problems.append(StrategyEditProblem(field: "number", message: "Champ « numéro » : l'avenant n° \(number) existe déjà."))
            }
        } else {
            problems.append(StrategyEditProblem(field: "number", message: "Champ « numéro » : un nombre entier est attendu."))
        }
        if !isISODate(date) {
            problems.append(StrategyEditProblem(field: "date", message: "Champ « date » : une date au format AAAA-MM-JJ est attendue" + (date.isEmpty ? "." : ", « \(date) » reçu.")))
        }
        if title.trimmingSpaces.isEmpty {
            problems.append(StrategyEditProblem(field: "title", message: "Champ « objet » : l'avenant" + (number.map { " n° \($0)" } ?? "") + " n'a pas d'objet."))
        } else if title.trimmingSpaces.count > StrategyOutline.maxTitleLength {
            problems.append(StrategyEditProblem(field: "title", message: "Champ « objet » : plus de \(StrategyOutline.maxTitleLength) caractères."))
        }
        if let summary, summary.count > StrategyOutline.maxSummaryLength {
            problems.append(StrategyEditProblem(field: "summary", message: "Champ « résumé » : plus de \(StrategyOutline.maxSummaryLength) caractères."))
        }
        if let open = existing.first(where: \.isOpen) {
            problems.append(StrategyEditProblem(field: "number", message: "L'avenant n° \(open.number) (« \(open.title) ») est encore ouvert : clôturez-le avant d'en ouvrir un autre."))
        }
        return problems
    }

    /// "2025-06-30" with a real month and day.
    public static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1900...2200).contains(year), (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}
