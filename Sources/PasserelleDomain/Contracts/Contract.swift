/// A city contract as Passerelle shows it.
public struct Contract: Sendable, Equatable {
    public var id: Int
    public var slug: String
    public var name: String
    public var shortName: String
    public var epci: Territory
    public var startYear: Int
    public var endYear: Int
    public var signedOn: String?
    public var summary: String?
    public var levelNames: [String]
    public var notes: ContractNotes
    public var source: String?
    public var isDemo: Bool

    public init(id: Int, slug: String, name: String, shortName: String, epci: Territory, startYear: Int, endYear: Int,
                signedOn: String?, summary: String?, levelNames: [String], notes: ContractNotes, source: String?, isDemo: Bool) {
        self.id = id
        self.slug = slug
        self.name = name
        self.shortName = shortName
        self.epci = epci
        self.startYear = startYear
        self.endYear = endYear
        self.signedOn = signedOn
        self.summary = summary
        self.levelNames = levelNames
        self.notes = notes
        self.source = source
        self.isDemo = isDemo
    }
}

/// What the contract's source leaves unsaid, shown on its page rather than invented.
public struct ContractNotes: Codable, Sendable, Equatable {
    public var tree: [String]
    public var signatories: [String]
    public var governance: [String]

    public init(tree: [String] = [], signatories: [String] = [], governance: [String] = []) {
        self.tree = tree
        self.signatories = signatories
        self.governance = governance
    }
}

/// A node of the strategy tree: pillar (or stake, or axis) → ambition → operational objective.
public struct StrategyNode: Sendable, Equatable {
    public var id: Int
    public var code: String
    public var title: String
    public var summary: String?
    public var level: StrategyLevel
    public var levelName: String
    public var children: [StrategyNode]

    public init(id: Int, code: String, title: String, summary: String?, level: StrategyLevel, levelName: String, children: [StrategyNode]) {
        self.id = id
        self.code = code
        self.title = title
        self.summary = summary
        self.level = level
        self.levelName = levelName
        self.children = children
    }

    /// This node and all its descendants, depth first.
    public var flattened: [StrategyNode] { [self] + children.flatMap(\.flattened) }
}

public struct TransversalAxis: Sendable, Equatable {
    public var code: String
    public var title: String
    public var summary: String?

    public init(code: String, title: String, summary: String?) {
        self.code = code
        self.title = title
        self.summary = summary
    }
}

public struct Organisation: Sendable, Equatable, Hashable {
    public var id: Int
    public var name: String
    public var kind: OrganisationKind
    public var siren: String?

    public init(id: Int, name: String, kind: OrganisationKind, siren: String?) {
        self.id = id
        self.name = name
        self.kind = kind
        self.siren = siren
    }
}

public struct GovernanceBody: Sendable, Equatable {
    public var name: String
    public var kind: GovernanceBodyKind
    public var rhythm: String?
    public var role: String?

    public init(name: String, kind: GovernanceBodyKind, rhythm: String?, role: String?) {
        self.name = name
        self.kind = kind
        self.rhythm = rhythm
        self.role = role
    }
}

/// Everything the contract page and API show.
public struct ContractDetail: Sendable, Equatable {
    public var contract: Contract
    public var qpv: [Territory]
    public var tree: [StrategyNode]
    public var transversalAxes: [TransversalAxis]
    public var signatories: [Organisation]
    public var governance: [GovernanceBody]

    public init(contract: Contract, qpv: [Territory], tree: [StrategyNode], transversalAxes: [TransversalAxis], signatories: [Organisation], governance: [GovernanceBody]) {
        self.contract = contract
        self.qpv = qpv
        self.tree = tree
        self.transversalAxes = transversalAxes
        self.signatories = signatories
        self.governance = governance
    }

    /// Node counts per level, e.g. 3 pillars, 12 ambitions, 0 objectives.
    public var countsByLevel: [StrategyLevel: Int] {
        var counts: [StrategyLevel: Int] = [:]
        for node in tree.flatMap(\.flattened) { counts[node.level, default: 0] += 1 }
        return counts
    }
}

/// One line of the contracts list.
public struct ContractSummary: Sendable, Equatable {
    public var id: Int
    public var slug: String
    public var name: String
    public var shortName: String
    public var epci: Territory
    public var qpvCodes: [String]
    public var startYear: Int
    public var endYear: Int
    public var isDemo: Bool

    public init(id: Int, slug: String, name: String, shortName: String, epci: Territory, qpvCodes: [String], startYear: Int, endYear: Int, isDemo: Bool) {
        self.id = id
        self.slug = slug
        self.name = name
        self.shortName = shortName
        self.epci = epci
        self.qpvCodes = qpvCodes
        self.startYear = startYear
        self.endYear = endYear
        self.isDemo = isDemo
    }
}
