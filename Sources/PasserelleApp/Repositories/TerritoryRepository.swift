import Fluent
import PasserelleDomain
import SQLKit

/// Territories and the links between them.
protocol TerritoryRepository: Sendable {
    /// The territory with this code; with no kind, the first match in `TerritoryKind.resolutionOrder`.
    func find(code: String, kind: TerritoryKind?) async throws -> Territory?
    func find(id: Int) async throws -> Territory?
    func search(_ query: TerritoryQuery) async throws -> ResultPage<Territory>
    func parents(of id: Int) async throws -> [Territory]
    func children(of id: Int) async throws -> [Territory]
    /// Parents of several territories at once, by child id.
    func parents(ofAll ids: [Int]) async throws -> [Int: [Territory]]
    /// How many territories of this kind, optionally only those whose code starts with a prefix.
    func count(kind: TerritoryKind, codePrefix: String?) async throws -> Int
    /// Creates or updates territories and their links (the 2024 reference, or territories of another
    /// kind from a file); running it twice changes nothing.
    func importGeography(_ geography: ReferenceGeography) async throws -> ReferenceImportSummary
}

struct ReferenceImportSummary: Sendable, Equatable {
    var created = 0
    var updated = 0
    var unchanged = 0
    var linksCreated = 0
    var countsByKind: [TerritoryKind: Int] = [:]

    var changedNothing: Bool { created == 0 && updated == 0 && linksCreated == 0 }
}

struct SQLTerritoryRepository: TerritoryRepository {
    let database: any SQLDatabase

    init(database: any Database) {
        self.database = database as! any SQLDatabase
    }

    static let columns = "t.id, t.kind, t.code, t.name, t.population, t.municipal_population, t.population_source"

    struct Row: Decodable {
        var id: Int
        var kind: String
        var code: String
        var name: String
        var population: Int?
        var municipal_population: Int?
        var population_source: String?

        var territory: Territory {
            Territory(id: id, kind: TerritoryKind(rawValue: kind) ?? .commune, code: code, name: name,
                      population: population, municipalPopulation: municipal_population, populationSource: population_source)
        }
    }

    /// Sorts by level (regions first), then name.
    static let kindOrder: SQLQueryString = {
        var sql = SQLQueryString("CASE t.kind")
        for kind in TerritoryKind.allCases {
            sql.appendInterpolation(unsafeRaw: " WHEN '\(kind.rawValue)' THEN \(kind.rank)")
        }
        sql.appendInterpolation(unsafeRaw: " ELSE 99 END")
        return sql
    }()

    func find(code: String, kind: TerritoryKind?) async throws -> Territory? {
        let rows = try await database.raw("SELECT \(unsafeRaw: Self.columns) FROM territories t WHERE t.code = \(bind: code)")
            .all(decoding: Row.self).map(\.territory)
        if let kind { return rows.first { $0.kind == kind } }
        for kind in TerritoryKind.resolutionOrder {
            if let match = rows.first(where: { $0.kind == kind }) { return match }
        }
        return nil
    }

    /// Several territories by id, in one query per 2,000.
    func territories(ids: [Int]) async throws -> [Int: Territory] {
        var result: [Int: Territory] = [:]
        for chunk in ids.chunks(of: 2000) {
            for row in try await database.raw("SELECT \(unsafeRaw: Self.columns) FROM territories t WHERE t.id IN (\(SQLList(chunk.map { SQLBind($0) })))").all(decoding: Row.self) {
                result[row.id] = row.territory
            }
        }
        return result
    }

    func find(id: Int) async throws -> Territory? {
        try await database.raw("SELECT \(unsafeRaw: Self.columns) FROM territories t WHERE t.id = \(bind: id)")
            .first(decoding: Row.self)?.territory
    }

    func search(_ query: TerritoryQuery) async throws -> ResultPage<Territory> {
        var conditions: [SQLQueryString] = []
        let words = query.words
        if words.isEmpty, let text = query.text?.trimmingSpaces, !text.isEmpty {
            // Punctuation alone: only an exact code can match.
            conditions.append("t.code = \(bind: text.uppercased())")
        }
        if !words.isEmpty {
            var textCondition = SQLQueryString("(")
            for (index, word) in words.enumerated() {
                if index > 0 { textCondition.appendInterpolation(unsafeRaw: " AND ") }
                textCondition.appendInterpolation(unsafeRaw: "t.search_key LIKE ")
                textCondition.appendInterpolation(bind: "%" + Self.escapeLike(word) + "%")
                textCondition.appendInterpolation(unsafeRaw: " ESCAPE '\\'")
            }
            textCondition.appendInterpolation(unsafeRaw: " OR t.code = ")
            textCondition.appendInterpolation(bind: query.text!.trimmingSpaces.uppercased())
            textCondition.appendInterpolation(unsafeRaw: ")")
            conditions.append(textCondition)
        }
        if let kind = query.kind {
            conditions.append("t.kind = \(bind: kind.rawValue)")
        }
        if let parent = query.parentID {
            conditions.append("t.id IN (SELECT child_id FROM territory_links WHERE parent_id = \(bind: parent))")
        }
        var whereClause = SQLQueryString("")
        for (index, condition) in conditions.enumerated() {
            whereClause.appendInterpolation(unsafeRaw: index == 0 ? " WHERE " : " AND ")
            whereClause.appendLiteral("")
            whereClause = whereClause + condition
        }
        struct Count: Decodable { var total: Int }
        let total = try await database.raw("SELECT COUNT(*) AS total FROM territories t" + whereClause)
            .first(decoding: Count.self)?.total ?? 0
        var order = SQLQueryString(" ORDER BY ")
        if !words.isEmpty {
            let folded = words.joined(separator: " ")
            order = order + "CASE WHEN t.code = \(bind: query.text!.trimmingSpaces.uppercased()) OR t.search_key = \(bind: folded) THEN 0 WHEN t.search_key LIKE \(bind: Self.escapeLike(folded) + "%") ESCAPE '\\' THEN 1 ELSE 2 END, "
        }
        // Among equal matches, the most populated first: "noeux" finds Nœux-les-Mines before Nœux-lès-Auxi.
        order = order + Self.kindOrder + SQLQueryString(", COALESCE(t.population, 0) DESC, t.search_key, t.code LIMIT \(literal: query.limit) OFFSET \(literal: query.offset)")
        let items = try await database.raw("SELECT \(unsafeRaw: Self.columns) FROM territories t" + whereClause + order)
            .all(decoding: Row.self).map(\.territory)
        return ResultPage(items: items, total: total, limit: query.limit, offset: query.offset)
    }

    func parents(of id: Int) async throws -> [Territory] {
        try await database.raw("SELECT \(unsafeRaw: Self.columns) FROM territories t JOIN territory_links l ON l.parent_id = t.id WHERE l.child_id = \(bind: id) ORDER BY " + Self.kindOrder + ", t.search_key, t.code")
            .all(decoding: Row.self).map(\.territory)
    }

    func children(of id: Int) async throws -> [Territory] {
        try await database.raw("SELECT \(unsafeRaw: Self.columns) FROM territories t JOIN territory_links l ON l.child_id = t.id WHERE l.parent_id = \(bind: id) ORDER BY " + Self.kindOrder + ", t.search_key, t.code")
            .all(decoding: Row.self).map(\.territory)
    }

    func parents(ofAll ids: [Int]) async throws -> [Int: [Territory]] {
        guard !ids.isEmpty else { return [:] }
        struct LinkedRow: Decodable { var child_id: Int; var id: Int; var kind: String; var code: String; var name: String; var population: Int?; var municipal_population: Int?; var population_source: String? }
        let rows = try await database.raw("""
            SELECT l.child_id, \(unsafeRaw: Self.columns) FROM territories t JOIN territory_links l ON l.parent_id = t.id
            WHERE l.child_id IN (\(SQLList(ids.map { SQLBind($0) }))) ORDER BY
            """ + " " + Self.kindOrder + ", t.search_key, t.code")
            .all(decoding: LinkedRow.self)
        var result: [Int: [Territory]] = [:]
        for row in rows {
            let territory = Row(id: row.id, kind: row.kind, code: row.code, name: row.name, population: row.population,
                                municipal_population: row.municipal_population, population_source: row.population_source).territory
            result[row.child_id, default: []].append(territory)
        }
        return result
    }

    /// Children of several territories at once, by parent id.
    func childrenOfAll(_ ids: [Int]) async throws -> [Int: [Territory]] {
        var result: [Int: [Territory]] = [:]
        struct LinkedRow: Decodable { var parent_id: Int; var id: Int; var kind: String; var code: String; var name: String; var population: Int?; var municipal_population: Int?; var population_source: String? }
        for chunk in ids.chunks(of: 2000) {
            let rows = try await database.raw("""
                SELECT l.parent_id, \(unsafeRaw: Self.columns) FROM territories t JOIN territory_links l ON l.child_id = t.id
                WHERE l.parent_id IN (\(SQLList(chunk.map { SQLBind($0) })))
                """).all(decoding: LinkedRow.self)
            for row in rows {
                result[row.parent_id, default: []].append(Row(id: row.id, kind: row.kind, code: row.code, name: row.name, population: row.population,
                                                              municipal_population: row.municipal_population, population_source: row.population_source).territory)
            }
        }
        return result
    }

    func count(kind: TerritoryKind, codePrefix: String? = nil) async throws -> Int {
        struct Count: Decodable { var total: Int }
        var query: SQLQueryString = "SELECT COUNT(*) AS total FROM territories WHERE kind = \(bind: kind.rawValue)"
        if let codePrefix {
            query = query + " AND code LIKE \(bind: Self.escapeLike(codePrefix) + "%") ESCAPE '\\'"
        }
        return try await database.raw(query).first(decoding: Count.self)?.total ?? 0
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    // MARK: Reference import

    func importGeography(_ geography: ReferenceGeography) async throws -> ReferenceImportSummary {
        var summary = ReferenceImportSummary()
        let kindList = SQLList(Set(geography.territories.map(\.kind)).sorted().map { SQLBind($0.rawValue) })
        let linkedKinds = Set(geography.territories.map(\.kind) + geography.links.flatMap { [$0.parent.kind, $0.child.kind] })
        let linkedKindList = SQLList(linkedKinds.sorted().map { SQLBind($0.rawValue) })
        let existing = try await database.raw("SELECT \(unsafeRaw: Self.columns) FROM territories t WHERE t.kind IN (\(kindList))")
            .all(decoding: Row.self)
        var byKey: [TerritoryKey: Territory] = [:]
        for row in existing { byKey[row.territory.key] = row.territory }

        var toInsert: [TerritoryRecord] = []
        var toUpdate: [(Int, TerritoryRecord)] = []
        for record in geography.territories {
            summary.countsByKind[record.kind, default: 0] += 1
            if let current = byKey[record.key] {
                if current.name != record.name || current.population != record.population
                    || current.municipalPopulation != record.municipalPopulation || current.populationSource != record.populationSource {
                    toUpdate.append((current.id, record))
                } else {
                    summary.unchanged += 1
                }
            } else {
                toInsert.append(record)
            }
        }
        for batch in toInsert.chunks(of: 1000) {
            var insert = database.insert(into: "territories")
                .columns("kind", "code", "name", "search_key", "population", "municipal_population", "population_source")
            for record in batch {
                insert = insert.values(SQLBind(record.kind.rawValue), SQLBind(record.code), SQLBind(record.name),
                                       SQLBind(SearchKey.fold(record.name)), SQLBind(record.population),
                                       SQLBind(record.municipalPopulation), SQLBind(record.populationSource))
            }
            try await insert.run()
        }
        for (id, record) in toUpdate {
            try await database.update("territories")
                .set("name", to: record.name)
                .set("search_key", to: SearchKey.fold(record.name))
                .set("population", to: record.population)
                .set("municipal_population", to: record.municipalPopulation)
                .set("population_source", to: record.populationSource)
                .where("id", .equal, id)
                .run()
        }
        summary.created = toInsert.count
        summary.updated = toUpdate.count

        struct IDRow: Decodable { var id: Int; var kind: String; var code: String }
        var ids: [TerritoryKey: Int] = [:]
        for row in try await database.raw("SELECT id, kind, code FROM territories WHERE kind IN (\(linkedKindList))").all(decoding: IDRow.self) {
            if let kind = TerritoryKind(rawValue: row.kind) { ids[TerritoryKey(kind: kind, code: row.code)] = row.id }
        }
        struct LinkRow: Decodable, Hashable { var parent_id: Int; var child_id: Int }
        let existingLinks = Set(try await database.raw("SELECT parent_id, child_id FROM territory_links").all(decoding: LinkRow.self))
        var newLinks: [LinkRow] = []
        for link in geography.links {
            guard let parent = ids[link.parent], let child = ids[link.child] else { continue }
            let row = LinkRow(parent_id: parent, child_id: child)
            if !existingLinks.contains(row) { newLinks.append(row) }
        }
        for batch in newLinks.chunks(of: 2000) {
            var insert = database.insert(into: "territory_links").columns("parent_id", "child_id")
            for link in batch { insert = insert.values(SQLBind(link.parent_id), SQLBind(link.child_id)) }
            try await insert.run()
        }
        summary.linksCreated = newLinks.count
        return summary
    }
}

extension Array {
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
