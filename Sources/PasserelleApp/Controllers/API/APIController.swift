import PasserelleDomain
import Vapor

/// JSON API, version 1. Shapes are documented in Resources/public/openapi.json; a test checks both agree.
struct APIController: Sendable {
    func territories(req: Request) async throws -> TerritoryListJSON {
        let query = req.strictQuery
        var parentID: Int?
        if let parentCode = try query.text("parent", maxLength: 20) {
            let parentKind = try query.choice("parentKind", of: TerritoryKind.self)
            guard let parent = try await req.territories.find(code: parentCode.uppercased(), kind: parentKind) else {
                throw RequestError.notFound(what: "Le territoire parent de code « \(parentCode) »")
            }
            parentID = parent.id
        }
        let page = try await req.territories.search(TerritoryQuery(
            text: try query.text("q"),
            kind: try query.choice("kind", of: TerritoryKind.self),
            parentID: parentID,
            limit: try query.integer("limit", in: 1...500, default: 50),
            offset: try query.integer("offset", in: 0...10_000_000, default: 0)))
        return TerritoryListJSON(items: page.items.map(TerritoryJSON.init), total: page.total, limit: page.limit, offset: page.offset)
    }

    func territory(req: Request) async throws -> TerritoryDetailJSON {
        let territory = try await req.territory(kindParameter: "kind")
        return TerritoryDetailJSON(
            territory: territory,
            parents: try await req.territories.parents(of: territory.id),
            children: try await req.territories.children(of: territory.id),
            contracts: try await req.contracts.list(concerning: territory.id))
    }

    func contracts(req: Request) async throws -> ContractListJSON {
        let contracts = try await req.contracts.list(concerning: nil)
        return ContractListJSON(items: contracts.map(ContractSummaryJSON.init), total: contracts.count)
    }

    func contract(req: Request) async throws -> ContractJSON {
        ContractJSON(try await req.contract())
    }
}

// MARK: - JSON shapes

struct TerritoryJSON: Content {
    var code: String
    var kind: String
    var name: String
    var population: Int?

    init(_ territory: Territory) {
        code = territory.code
        kind = territory.kind.rawValue
        name = territory.name
        population = territory.population
    }
}

struct TerritoryRefJSON: Content {
    var code: String
    var kind: String
    var name: String

    init(_ territory: Territory) {
        code = territory.code
        kind = territory.kind.rawValue
        name = territory.name
    }
}

struct TerritoryListJSON: Content {
    var items: [TerritoryJSON]
    var total: Int
    var limit: Int
    var offset: Int
}

struct ContractRefJSON: Content {
    var id: Int
    var name: String
}

struct TerritoryDetailJSON: Content {
    var code: String
    var kind: String
    var name: String
    var population: Int?
    var municipalPopulation: Int?
    var populationSource: String?
    var parents: [TerritoryRefJSON]
    var children: [TerritoryRefJSON]
    var contracts: [ContractRefJSON]

    init(territory: Territory, parents: [Territory], children: [Territory], contracts: [ContractSummary]) {
        code = territory.code
        kind = territory.kind.rawValue
        name = territory.name
        population = territory.population
        municipalPopulation = territory.municipalPopulation
        populationSource = territory.populationSource
        self.parents = parents.map(TerritoryRefJSON.init)
        self.children = children.map(TerritoryRefJSON.init)
        self.contracts = contracts.map { ContractRefJSON(id: $0.id, name: $0.name) }
    }
}

struct EPCIRefJSON: Content {
    var code: String
    var name: String
}

struct ContractSummaryJSON: Content {
    var id: Int
    var slug: String
    var name: String
    var shortName: String
    var epci: EPCIRefJSON
    var qpv: [String]
    var startYear: Int
    var endYear: Int
    var isDemo: Bool

    init(_ contract: ContractSummary) {
        id = contract.id
        slug = contract.slug
        name = contract.name
        shortName = contract.shortName
        epci = EPCIRefJSON(code: contract.epci.code, name: contract.epci.name)
        qpv = contract.qpvCodes
        startYear = contract.startYear
        endYear = contract.endYear
        isDemo = contract.isDemo
    }
}

struct ContractListJSON: Content {
    var items: [ContractSummaryJSON]
    var total: Int
}

struct StrategyNodeJSON: Content {
    var code: String
    var title: String
    var level: String
    var levelName: String
    var summary: String?
    var children: [StrategyNodeJSON]

    init(_ node: StrategyNode) {
        code = node.code
        title = node.title
        level = node.level.rawValue
        levelName = node.levelName
        summary = node.summary
        children = node.children.map(StrategyNodeJSON.init)
    }
}

struct ContractJSON: Content {
    struct Axis: Content { var code: String; var title: String; var summary: String? }
    struct Signatory: Content { var name: String; var kind: String; var siren: String? }
    struct Body: Content { var name: String; var kind: String; var rhythm: String?; var role: String? }
    struct Notes: Content { var tree: [String]; var signatories: [String]; var governance: [String] }

    var id: Int
    var slug: String
    var name: String
    var shortName: String
    var epci: EPCIRefJSON
    var startYear: Int
    var endYear: Int
    var signedOn: String?
    var summary: String?
    var isDemo: Bool
    var source: String?
    var levelNames: [String]
    var qpv: [String]
    var tree: [StrategyNodeJSON]
    var transversalAxes: [Axis]
    var signatories: [Signatory]
    var governance: [Body]
    var notes: Notes

    init(_ detail: ContractDetail) {
        let contract = detail.contract
        id = contract.id
        slug = contract.slug
        name = contract.name
        shortName = contract.shortName
        epci = EPCIRefJSON(code: contract.epci.code, name: contract.epci.name)
        startYear = contract.startYear
        endYear = contract.endYear
        signedOn = contract.signedOn
        summary = contract.summary
        isDemo = contract.isDemo
        source = contract.source
        levelNames = contract.levelNames
        qpv = detail.qpv.map(\.code)
        tree = detail.tree.map(StrategyNodeJSON.init)
        transversalAxes = detail.transversalAxes.map { Axis(code: $0.code, title: $0.title, summary: $0.summary) }
        signatories = detail.signatories.map { Signatory(name: $0.name, kind: $0.kind.rawValue, siren: $0.siren) }
        governance = detail.governance.map { Body(name: $0.name, kind: $0.kind.rawValue, rhythm: $0.rhythm, role: $0.role) }
        notes = Notes(tree: contract.notes.tree, signatories: contract.notes.signatories, governance: contract.notes.governance)
    }
}
