/// A city contract as described in a data file (the demo contracts of seed 004),
/// ready to be written into a database.
public struct ContractSpec: Codable, Sendable, Equatable {
    public var slug: String
    public var name: String
    public var shortName: String
    public var epciSiren: String
    public var startYear: Int
    public var endYear: Int
    public var signedOn: String?
    public var summary: String?
    public var levelNames: [String]
    /// What each depth of the tree is; a two-level contract goes from axes straight to objectives.
    public var levels: [StrategyLevel]
    public var tree: [StrategyNodeSpec]
    public var treeNotes: [String]?
    public var transversalAxes: [TransversalAxisSpec]
    public var signatories: [SignatorySpec]
    public var signatoryNotes: [String]?
    public var governance: [GovernanceBodySpec]
    public var governanceNotes: [String]?
    public var qpvFacts: [QPVFactSpec]?

    public init(slug: String, name: String, shortName: String, epciSiren: String, startYear: Int, endYear: Int, signedOn: String? = nil,
                summary: String? = nil, levelNames: [String], levels: [StrategyLevel], tree: [StrategyNodeSpec] = [], treeNotes: [String]? = nil,
                transversalAxes: [TransversalAxisSpec] = [], signatories: [SignatorySpec] = [], signatoryNotes: [String]? = nil,
                governance: [GovernanceBodySpec] = [], governanceNotes: [String]? = nil, qpvFacts: [QPVFactSpec]? = nil) {
        self.slug = slug
        self.name = name
        self.shortName = shortName
        self.epciSiren = epciSiren
        self.startYear = startYear
        self.endYear = endYear
        self.signedOn = signedOn
        self.summary = summary
        self.levelNames = levelNames
        self.levels = levels
        self.tree = tree
        self.treeNotes = treeNotes
        self.transversalAxes = transversalAxes
        self.signatories = signatories
        self.signatoryNotes = signatoryNotes
        self.governance = governance
        self.governanceNotes = governanceNotes
        self.qpvFacts = qpvFacts
    }

    public struct StrategyNodeSpec: Codable, Sendable, Equatable {
        public var code: String
        public var title: String
        public var summary: String?
        public var children: [StrategyNodeSpec]

        public init(code: String, title: String, summary: String? = nil, children: [StrategyNodeSpec] = []) {
            self.code = code
            self.title = title
            self.summary = summary
            self.children = children
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            code = try container.decode(String.self, forKey: .code)
            title = try container.decode(String.self, forKey: .title)
            summary = try container.decodeIfPresent(String.self, forKey: .summary)
            children = try container.decodeIfPresent([StrategyNodeSpec].self, forKey: .children) ?? []
        }
    }

    public struct TransversalAxisSpec: Codable, Sendable, Equatable {
        public var code: String
        public var title: String
        public var summary: String?
    }

    public struct SignatorySpec: Codable, Sendable, Equatable {
        public var name: String
        public var kind: OrganisationKind
        public var siren: String?
    }

    public struct GovernanceBodySpec: Codable, Sendable, Equatable {
        public var name: String
        public var kind: GovernanceBodyKind
        public var rhythm: String?
        public var role: String?
    }

    public struct QPVFactSpec: Codable, Sendable, Equatable {
        public var code: String
        public var population: Int
        public var source: String
    }

    public func level(atDepth depth: Int) -> StrategyLevel {
        levels.indices.contains(depth) ? levels[depth] : StrategyLevel(depth: depth)
    }

    /// Every node with its depth, parent code and position among its siblings, parents first.
    public func flattenedTree() -> [(node: StrategyNodeSpec, depth: Int, parentCode: String?, position: Int)] {
        var result: [(StrategyNodeSpec, Int, String?, Int)] = []
        func walk(_ nodes: [StrategyNodeSpec], depth: Int, parent: String?) {
            for (position, node) in nodes.enumerated() {
                result.append((node, depth, parent, position))
                walk(node.children, depth: depth + 1, parent: node.code)
            }
        }
        walk(tree, depth: 0, parent: nil)
        return result
    }

    /// Problems that would make the contract unusable: duplicate codes, an empty title, a bad period.
    public func validationProblems() -> [String] {
        var problems: [String] = []
        var seen = Set<String>()
        for (node, _, _, _) in flattenedTree() {
            if !seen.insert(node.code).inserted { problems.append("contrat « \(slug) » : le code « \(node.code) » est utilisé deux fois") }
            if node.title.trimmingSpaces.isEmpty { problems.append("contrat « \(slug) » : le nœud « \(node.code) » n'a pas de titre") }
        }
        if startYear > endYear { problems.append("contrat « \(slug) » : la période \(startYear)–\(endYear) est inversée") }
        if levels.count != levelNames.count { problems.append("contrat « \(slug) » : \(levels.count) niveaux pour \(levelNames.count) noms de niveaux") }
        if levelNames.isEmpty { problems.append("contrat « \(slug) » : les noms des niveaux de l'arbre manquent") }
        return problems
    }
}

/// The three levels of a contract's strategy tree, whatever each contract calls them.
public enum StrategyLevel: String, Codable, Sendable, CaseIterable {
    case pillar
    case ambition
    case objective

    public init(depth: Int) {
        self = Self.allCases[min(max(depth, 0), Self.allCases.count - 1)]
    }

    public var defaultLabel: String {
        switch self {
        case .pillar: "Pilier"
        case .ambition: "Ambition"
        case .objective: "Objectif opérationnel"
        }
    }
}

public enum OrganisationKind: String, Codable, Sendable, CaseIterable {
    case state, region, department, epci, commune, caf, ars, cpam, franceTravail, socialLandlord
    case bank, education, justice, police, association, chamber, other

    public var label: String {
        switch self {
        case .state: "État"
        case .region: "Région"
        case .department: "Département"
        case .epci: "Intercommunalité"
        case .commune: "Commune"
        case .caf: "Caisse d'allocations familiales"
        case .ars: "Agence régionale de santé"
        case .cpam: "Assurance maladie"
        case .franceTravail: "France Travail"
        case .socialLandlord: "Bailleur social"
        case .bank: "Banque publique"
        case .education: "Éducation nationale"
        case .justice: "Justice"
        case .police: "Sécurité"
        case .association: "Association"
        case .chamber: "Chambre consulaire"
        case .other: "Autre partenaire"
        }
    }
}

public enum GovernanceBodyKind: String, Codable, Sendable, CaseIterable {
    case steering, technical, funders, participation, other

    public var label: String {
        switch self {
        case .steering: "Pilotage stratégique"
        case .technical: "Instance technique"
        case .funders: "Comité des financeurs"
        case .participation: "Participation des habitants"
        case .other: "Autre instance"
        }
    }
}
