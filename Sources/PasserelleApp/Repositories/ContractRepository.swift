import Fluent
import Foundation
import PasserelleDomain
import SQLKit

/// City contracts: their tree, axes, signatories, governance and QPV.
protocol ContractRepository: Sendable {
    /// All contracts, or those that concern a territory: its EPCI, one of its QPV, or a QPV inside it.
    func list(concerning territoryID: Int?) async throws -> [ContractSummary]
    func find(id: Int) async throws -> ContractDetail?
    func id(forSlug slug: String) async throws -> Int?
    func exists(id: Int) async throws -> Bool
    /// Writes a contract described by a spec; the QPV list comes from the reference links of its EPCI.
    func create(from spec: ContractSpec, source: String?, isDemo: Bool) async throws -> Int
}

enum ContractLoadError: Error, CustomStringConvertible {
    case unknownEPCI(slug: String, siren: String)
    case invalid([String])

    var description: String {
        switch self {
        case .unknownEPCI(let slug, let siren):
            "contrat « \(slug) » : l'EPCI \(siren) est absent des territoires (importez d'abord le référentiel : passerelle import reference)"
        case .invalid(let problems):
            problems.joined(separator: " ; ")
        }
    }
}

struct SQLContractRepository: ContractRepository {
    let database: any SQLDatabase

    init(database: any Database) {
        self.database = database as! any SQLDatabase
    }

    private var territories: SQLTerritoryRepository { SQLTerritoryRepository(database: database as! any Database) }

    struct ContractRow: Decodable {
        var id: Int
        var slug: String
        var name: String
        var short_name: String
        var epci_id: Int
        var start_year: Int
        var end_year: Int
        var signed_on: String?
        var summary: String?
        var level_names: String
        var notes: String
        var source: String?
        var is_demo: Bool
    }

    func list(concerning territoryID: Int?) async throws -> [ContractSummary] {
        struct Row: Decodable {
            var id: Int, slug: String, name: String, short_name: String, epci_id: Int
            var start_year: Int, end_year: Int, is_demo: Bool
        }
        var query = SQLQueryString("SELECT c.id, c.slug, c.name, c.short_name, c.epci_id, c.start_year, c.end_year, c.is_demo FROM contracts c")
        if let territoryID {
            query = query + """
                 WHERE c.epci_id = \(bind: territoryID) OR c.id IN (SELECT ct.contract_id FROM contract_territories ct
                   WHERE ct.territory_id = \(bind: territoryID)
                      OR ct.territory_id IN (SELECT child_id FROM territory_links WHERE parent_id = \(bind: territoryID)))
                """
        }
        let rows = try await database.raw(query + " ORDER BY c.name").all(decoding: Row.self)
        struct CodeRow: Decodable { var contract_id: Int; var code: String }
        let codes = Dictionary(grouping: try await database.raw("""
            SELECT ct.contract_id, t.code FROM contract_territories ct JOIN territories t ON t.id = ct.territory_id ORDER BY t.code
            """).all(decoding: CodeRow.self), by: \.contract_id)
        let epcis = try await territories.territories(ids: Array(Set(rows.map(\.epci_id))))
        var result: [ContractSummary] = []
        for row in rows {
            guard let epci = epcis[row.epci_id] else { continue }
            result.append(ContractSummary(id: row.id, slug: row.slug, name: row.name, shortName: row.short_name, epci: epci,
                                          qpvCodes: (codes[row.id] ?? []).map(\.code), startYear: row.start_year, endYear: row.end_year, isDemo: row.is_demo))
        }
        return result
    }

    func exists(id: Int) async throws -> Bool {
        struct Row: Decodable { var id: Int }
        return try await database.raw("SELECT id FROM contracts WHERE id = \(bind: id)").first(decoding: Row.self) != nil
    }

    func id(forSlug slug: String) async throws -> Int? {
        struct Row: Decodable { var id: Int }
        return try await database.raw("SELECT id FROM contracts WHERE slug = \(bind: slug)").first(decoding: Row.self)?.id
    }

    func find(id: Int) async throws -> ContractDetail? {
        guard let row = try await database.raw("SELECT * FROM contracts WHERE id = \(bind: id)").first(decoding: ContractRow.self),
              let epci = try await territories.find(id: row.epci_id) else { return nil }
        let levelNames = (try? JSONDecoder().decode([String].self, from: Data(row.level_names.utf8))) ?? []
        let notes = (try? JSONDecoder().decode(ContractNotes.self, from: Data(row.notes.utf8))) ?? ContractNotes()
        let contract = Contract(id: row.id, slug: row.slug, name: row.name, shortName: row.short_name, epci: epci,
                                startYear: row.start_year, endYear: row.end_year, signedOn: row.signed_on, summary: row.summary,
                                levelNames: levelNames, notes: notes, source: row.source, isDemo: row.is_demo)

        let qpv = try await database.raw("""
            SELECT \(unsafeRaw: SQLTerritoryRepository.columns) FROM territories t
            JOIN contract_territories ct ON ct.territory_id = t.id
            WHERE ct.contract_id = \(bind: id) ORDER BY t.code
            """).all(decoding: SQLTerritoryRepository.Row.self).map(\.territory)

        struct NodeRow: Decodable { var id: Int; var parent_id: Int?; var depth: Int; var level: String; var code: String; var title: String; var summary: String?; var position: Int }
        let nodes = try await database.raw("""
            SELECT id, parent_id, depth, level, code, title, summary, position FROM strategy_nodes
            WHERE contract_id = \(bind: id) ORDER BY depth, position
            """).all(decoding: NodeRow.self)
        let childrenByParent = Dictionary(grouping: nodes, by: \.parent_id)
        func build(_ parent: Int?) -> [StrategyNode] {
            (childrenByParent[parent] ?? []).sorted { $0.position < $1.position }.map { node in
                let level = StrategyLevel(rawValue: node.level) ?? StrategyLevel(depth: node.depth)
                return StrategyNode(id: node.id, code: node.code, title: node.title, summary: node.summary, level: level,
                                    levelName: levelNames.indices.contains(node.depth) ? levelNames[node.depth] : level.defaultLabel,
                                    children: build(node.id))
            }
        }

        struct AxisRow: Decodable { var code: String; var title: String; var summary: String? }
        let axes = try await database.raw("SELECT code, title, summary FROM transversal_axes WHERE contract_id = \(bind: id) ORDER BY position")
            .all(decoding: AxisRow.self).map { TransversalAxis(code: $0.code, title: $0.title, summary: $0.summary) }

        struct OrganisationRow: Decodable { var id: Int; var name: String; var kind: String; var siren: String? }
        let signatories = try await database.raw("""
            SELECT o.id, o.name, o.kind, o.siren FROM organisations o JOIN signatories s ON s.organisation_id = o.id
            WHERE s.contract_id = \(bind: id) ORDER BY s.position
            """).all(decoding: OrganisationRow.self)
            .map { Organisation(id: $0.id, name: $0.name, kind: OrganisationKind(rawValue: $0.kind) ?? .other, siren: $0.siren) }

        struct BodyRow: Decodable { var name: String; var kind: String; var rhythm: String?; var role: String? }
        let governance = try await database.raw("SELECT name, kind, rhythm, role FROM governance_bodies WHERE contract_id = \(bind: id) ORDER BY position")
            .all(decoding: BodyRow.self)
            .map { GovernanceBody(name: $0.name, kind: GovernanceBodyKind(rawValue: $0.kind) ?? .other, rhythm: $0.rhythm, role: $0.role) }

        return ContractDetail(contract: contract, qpv: qpv, tree: build(nil), transversalAxes: axes, signatories: signatories, governance: governance)
    }

    func create(from spec: ContractSpec, source: String?, isDemo: Bool) async throws -> Int {
        let problems = spec.validationProblems()
        guard problems.isEmpty else { throw ContractLoadError.invalid(problems) }
        guard let epci = try await territories.find(code: spec.epciSiren, kind: .epci) else {
            throw ContractLoadError.unknownEPCI(slug: spec.slug, siren: spec.epciSiren)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let notes = ContractNotes(tree: spec.treeNotes ?? [], signatories: spec.signatoryNotes ?? [], governance: spec.governanceNotes ?? [])
        struct IDRow: Decodable { var id: Int }
        let contractID = try await database.insert(into: "contracts")
            .columns("slug", "name", "short_name", "epci_id", "start_year", "end_year", "signed_on", "summary", "level_names", "notes", "source", "is_demo")
            .values(SQLBind(spec.slug), SQLBind(spec.name), SQLBind(spec.shortName), SQLBind(epci.id), SQLBind(spec.startYear), SQLBind(spec.endYear),
                    SQLBind(spec.signedOn), SQLBind(spec.summary), SQLBind(String(decoding: try encoder.encode(spec.levelNames), as: UTF8.self)),
                    SQLBind(String(decoding: try encoder.encode(notes), as: UTF8.self)), SQLBind(source), SQLBind(isDemo))
            .returning("id").first(decoding: IDRow.self)!.id

        var nodeIDs: [String: Int] = [:]
        for (node, depth, parentCode, position) in spec.flattenedTree() {
            nodeIDs[node.code] = try await database.insert(into: "strategy_nodes")
                .columns("contract_id", "parent_id", "depth", "level", "code", "title", "summary", "position")
                .values(SQLBind(contractID), SQLBind(parentCode.flatMap { nodeIDs[$0] }), SQLBind(depth), SQLBind(spec.level(atDepth: depth).rawValue),
                        SQLBind(node.code), SQLBind(node.title), SQLBind(node.summary), SQLBind(position))
                .returning("id").first(decoding: IDRow.self)!.id
        }
        for (position, axis) in spec.transversalAxes.enumerated() {
            try await database.insert(into: "transversal_axes")
                .columns("contract_id", "code", "title", "summary", "position")
                .values(SQLBind(contractID), SQLBind(axis.code), SQLBind(axis.title), SQLBind(axis.summary), SQLBind(position))
                .run()
        }
        for (position, signatory) in spec.signatories.enumerated() {
            // The EPCI that pilots the contract is known by its SIREN from the reference.
            let siren = signatory.siren ?? (signatory.kind == .epci ? spec.epciSiren : nil)
            let organisationID = try await organisationID(name: signatory.name, kind: signatory.kind, siren: siren)
            try await database.insert(into: "signatories")
                .columns("contract_id", "organisation_id", "position")
                .values(SQLBind(contractID), SQLBind(organisationID), SQLBind(position))
                .ignoringConflicts(with: ["contract_id", "organisation_id"])
                .run()
        }
        for (position, body) in spec.governance.enumerated() {
            try await database.insert(into: "governance_bodies")
                .columns("contract_id", "name", "kind", "rhythm", "role", "position")
                .values(SQLBind(contractID), SQLBind(body.name), SQLBind(body.kind.rawValue), SQLBind(body.rhythm), SQLBind(body.role), SQLBind(position))
                .run()
        }
        let qpv = try await territories.children(of: epci.id).filter { $0.kind == .qpv }
        for territory in qpv {
            try await database.insert(into: "contract_territories")
                .columns("contract_id", "territory_id")
                .values(SQLBind(contractID), SQLBind(territory.id))
                .run()
        }
        return contractID
    }

    /// The organisation with this name, created if it does not exist yet.
    private func organisationID(name: String, kind: OrganisationKind, siren: String?) async throws -> Int {
        struct IDRow: Decodable { var id: Int }
        if let existing = try await database.raw("SELECT id FROM organisations WHERE name = \(bind: name)").first(decoding: IDRow.self) {
            return existing.id
        }
        return try await database.insert(into: "organisations")
            .columns("name", "kind", "siren")
            .values(SQLBind(name), SQLBind(kind.rawValue), SQLBind(siren))
            .returning("id").first(decoding: IDRow.self)!.id
    }
}
