/// How a plan action relates to a contract objective.
public enum LinkKind: String, CaseIterable, Codable, Sendable, Comparable {
    case contributes
    case couldContribute
    case contradicts

    public var label: String {
        switch self {
        case .contributes: "contribue"
        case .couldContribute: "pourrait contribuer"
        case .contradicts: "contredit"
        }
    }

    /// Whether the link counts as coverage of the objective; a contradiction does not.
    public var covers: Bool { self != .contradicts }

    /// Reads a kind from its French label or raw value, case and accents ignored.
    public init?(text: String) {
        let key = SearchKey.fold(text)
        guard let kind = Self.allCases.first(where: { SearchKey.fold($0.label) == key || SearchKey.fold($0.rawValue) == key }) else { return nil }
        self = kind
    }

    public static func < (lhs: LinkKind, rhs: LinkKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A statement, made by someone, that a plan action contributes to (or could contribute to,
/// or contradicts) a node of the contract's strategy tree, in some or all of its QPV.
public struct PlanLink: Sendable, Equatable, Hashable {
    public var actionID: Int
    /// A `StrategyNode` id: normally an objective, or an ambition when the contract has no objectives.
    public var objectiveID: Int
    public var kind: LinkKind
    /// The QPV where the statement holds; empty means every QPV of the contract.
    public var qpv: [TerritoryKey]
    /// Why: the argument to show in the debate, mostly for contradictions.
    public var note: String?
    /// Who asserted the link (a person or a body), so a contested link can be traced.
    public var assertedBy: String

    public init(actionID: Int, objectiveID: Int, kind: LinkKind, qpv: [TerritoryKey] = [], note: String? = nil, assertedBy: String) {
        self.actionID = actionID
        self.objectiveID = objectiveID
        self.kind = kind
        self.qpv = qpv
        self.note = note
        self.assertedBy = assertedBy
    }

    /// Whether this link holds in that QPV: the link's own QPV when it names some, otherwise the
    /// action's perimeter. An action outside every QPV never holds in one.
    public func holds(in qpv: TerritoryKey, action: PlanAction) -> Bool {
        if action.perimeter == .excludesQPV { return false }
        return self.qpv.isEmpty ? action.perimeter.reaches(qpv) : self.qpv.contains(qpv)
    }

    /// What a form must refuse, in French, naming the items at fault.
    /// - Parameters:
    ///   - tree: the contract's strategy tree (any level may be linked).
    ///   - actions: the actions of the plans crossed with the contract.
    ///   - contractQPV: the QPV of the contract.
    ///   - existing: links already saved, to refuse an identical one.
    public func validationProblems(tree: [StrategyNode], actions: [PlanAction], contractQPV: [TerritoryKey], existing: [PlanLink] = []) -> [String] {
        let node = tree.lazy.flatMap(\.flattened).first { $0.id == objectiveID }
        let action = actions.first { $0.id == actionID }
        let actionName = action.map { "l'action « \($0.code) »" } ?? "l'action n° \(actionID)"
        let nodeName = node.map { "l'objectif « \($0.code) »" } ?? "l'objectif n° \(objectiveID)"
        var problems: [String] = []
        if node == nil {
            problems.append("lien de \(actionName) : l'objectif n° \(objectiveID) n'existe pas dans ce contrat")
        }
        if action == nil {
            problems.append("lien vers \(nodeName) : l'action n° \(actionID) est inconnue (aucun plan croisé avec ce contrat ne la contient)")
        }
        let inContract = Set(contractQPV)
        for key in qpv where !inContract.contains(key) {
            problems.append("lien de \(actionName) vers \(nodeName) : le QPV \(key.code) ne fait pas partie des quartiers de ce contrat")
        }
        var seen = Set<TerritoryKey>()
        for key in qpv where !seen.insert(key).inserted {
            problems.append("lien de \(actionName) vers \(nodeName) : le QPV \(key.code) est cité deux fois")
        }
        if assertedBy.trimmingSpaces.isEmpty {
            problems.append("lien de \(actionName) vers \(nodeName) : il faut dire qui l'affirme")
        }
        if existing.contains(where: { $0.actionID == actionID && $0.objectiveID == objectiveID && $0.kind == kind && Set($0.qpv) == Set(qpv) }) {
            problems.append("lien de \(actionName) vers \(nodeName) : ce lien « \(kind.label) » existe déjà")
        }
        return problems
    }
}
