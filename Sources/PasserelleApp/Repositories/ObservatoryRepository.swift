import Fluent
import Foundation
import PasserelleDomain
import SQLKit

/// An indicator as stored, with its database id.
struct StoredIndicator: Sendable, Equatable {
    var id: Int
    var indicator: Indicator
    var isStandard: Bool
}

/// One observation with where it came from.
struct StoredObservation: Sendable, Equatable {
    var indicatorCode: String
    var period: String
    var value: ObservationValue
    var source: String
    var fileName: String
    var importedAt: String
}

/// Where a figure comes from, as pages show it.
struct Provenance: Sendable, Equatable, Codable {
    var source: String
    var fileName: String
    var importedAt: String
}

/// A past import of an indicator file.
struct IndicatorImportRecord: Sendable, Equatable, Codable {
    var id: Int
    var fileName: String
    var sourceLabel: String
    var format: String
    var importedAt: String
    var importedBy: String
    var rowsRead: Int
    var observationsCreated: Int
    var observationsUpdated: Int
}

/// Indicators, observations and imports.
struct SQLObservatoryRepository: Sendable {
    let database: any SQLDatabase

    init(database: any Database) {
        self.database = database as! any SQLDatabase
    }

    struct IDRow: Decodable { var id: Int }

    // MARK: Indicators

    struct IndicatorRow: Decodable {
        var id: Int, code: String, label: String, unit: String, theme: String, polarity: String, source: String
        var comparison_noun: String?, is_standard: Bool

        var stored: StoredIndicator {
            StoredIndicator(id: id, indicator: Indicator(
                code: code, label: label, unit: IndicatorUnit(rawValue: unit) ?? .index, theme: IndicatorTheme(code: theme) ?? .demography,
                polarity: Polarity(rawValue: polarity) ?? .neutral, source: source, comparisonNoun: comparison_noun), isStandard: is_standard)
        }
    }

    func indicators() async throws -> [StoredIndicator] {
        try await database.raw("SELECT * FROM indicators ORDER BY code").all(decoding: IndicatorRow.self).map(\.stored)
    }

    func indicator(code: String) async throws -> StoredIndicator? {
        try await database.raw("SELECT * FROM indicators WHERE code = \(bind: code)").first(decoding: IndicatorRow.self)?.stored
    }

    /// Inserts the indicators whose code is not there yet; returns their ids by code.
    @discardableResult
    func ensure(_ indicators: [Indicator], isStandard: Bool) async throws -> [String: Int] {
        var ids = Dictionary(uniqueKeysWithValues: try await self.indicators().map { ($0.indicator.code, $0.id) })
        for indicator in indicators where ids[indicator.code] == nil {
            ids[indicator.code] = try await database.insert(into: "indicators")
                .columns("code", "label", "unit", "theme", "polarity", "source", "comparison_noun", "is_standard")
                .values(SQLBind(indicator.code), SQLBind(indicator.label), SQLBind(indicator.unit.rawValue), SQLBind(indicator.theme.code),
                        SQLBind(indicator.polarity.rawValue), SQLBind(indicator.source), SQLBind(indicator.comparisonNoun), SQLBind(isStandard))
                .returning("id").first(decoding: IDRow.self)!.id
        }
        return ids
    }

    // MARK: Territory codes, for reading files

    func codeIndex() async throws -> TerritoryCodeIndex {
        struct Row: Decodable { var id: Int; var kind: String; var code: String }
        let rows = try await database.raw("SELECT id, kind, code FROM territories").all(decoding: Row.self)
        return TerritoryCodeIndex(rows.compactMap { row in TerritoryKind(rawValue: row.kind).map { (key: TerritoryKey(kind: $0, code: row.code), id: row.id) } })
    }

    // MARK: Imports

    func startImport(fileName: String, sha256: String, sourceLabel: String, format: String, importedAt: String, importedBy: String) async throws -> Int {
        try await database.insert(into: "indicator_imports")
            .columns("file_name", "file_sha256", "source_label", "format", "imported_at", "imported_by", "rows_read", "observations_created", "observations_updated")
            .values(SQLBind(fileName), SQLBind(sha256), SQLBind(sourceLabel), SQLBind(format), SQLBind(importedAt), SQLBind(importedBy), SQLBind(0), SQLBind(0), SQLBind(0))
            .returning("id").first(decoding: IDRow.self)!.id
    }

    func finishImport(id: Int, rowsRead: Int, created: Int, updated: Int) async throws {
        try await database.update("indicator_imports")
            .set("rows_read", to: rowsRead).set("observations_created", to: created).set("observations_updated", to: updated)
            .where("id", .equal, id).run()
    }

    func imports(limit: Int = 50) async throws -> [IndicatorImportRecord] {
        struct Row: Decodable {
            var id: Int, file_name: String, source_label: String, format: String, imported_at: String, imported_by: String
            var rows_read: Int, observations_created: Int, observations_updated: Int
        }
        return try await database.raw("SELECT * FROM indicator_imports ORDER BY id DESC LIMIT \(literal: limit)").all(decoding: Row.self).map {
            IndicatorImportRecord(id: $0.id, fileName: $0.file_name, sourceLabel: $0.source_label, format: $0.format, importedAt: $0.imported_at,
                                  importedBy: $0.imported_by, rowsRead: $0.rows_read, observationsCreated: $0.observations_created, observationsUpdated: $0.observations_updated)
        }
    }

    func observationCount() async throws -> Int {
        struct Count: Decodable { var total: Int }
        return try await database.raw("SELECT COUNT(*) AS total FROM observations").first(decoding: Count.self)?.total ?? 0
    }

    func touchedCount(importID: Int) async throws -> Int {
        struct Count: Decodable { var total: Int }
        return try await database.raw("SELECT COUNT(*) AS total FROM observations WHERE import_id = \(bind: importID)").first(decoding: Count.self)?.total ?? 0
    }

    /// Largest batch of rows per statement, under both engines' limits on bound parameters.
    static let batchRows = 5000

    /// Creates or updates observations; a row whose value and status are unchanged is left alone
    /// (it keeps its original provenance), so re-importing a file changes nothing.
    func upsert(_ observations: ArraySlice<(territoryID: Int, indicatorID: Int, period: String, value: ObservationValue)>, importID: Int) async throws {
        for start in stride(from: observations.startIndex, to: observations.endIndex, by: Self.batchRows) {
            let batch = observations[start..<min(start + Self.batchRows, observations.endIndex)]
            var insert = database.insert(into: "observations").columns("territory_id", "indicator_id", "period", "value", "status", "import_id")
            for row in batch {
                insert = insert.values(SQLBind(row.territoryID), SQLBind(row.indicatorID), SQLBind(row.period),
                                       SQLBind(row.value.number), SQLBind(Self.status(of: row.value)), SQLBind(importID))
            }
            try await insert.onConflict(with: ["territory_id", "indicator_id", "period"]) { conflict in
                conflict.set(excludedValueOf: "value").set(excludedValueOf: "status").set(excludedValueOf: "import_id")
                    .where(SQLRaw("observations.value IS DISTINCT FROM excluded.value OR observations.status <> excluded.status"))
            }.run()
        }
    }

    static func status(of value: ObservationValue) -> Int {
        switch value {
        case .number: 0
        case .secret: 1
        case .missing: 2
        }
    }

    static func value(status: Int, number: Double?) -> ObservationValue {
        switch status {
        case 0: number.map(ObservationValue.number) ?? .missing
        case 1: .secret
        default: .missing
        }
    }

    // MARK: Reading

    /// Values of one indicator and period, by territory id (only territories that have one).
    func values(indicatorID: Int, period: String, territoryIDs: [Int]) async throws -> [Int: ObservationValue] {
        guard !territoryIDs.isEmpty else { return [:] }
        struct Row: Decodable { var territory_id: Int; var value: Double?; var status: Int }
        var result: [Int: ObservationValue] = [:]
        for chunk in territoryIDs.chunks(of: 5000) {
            let rows = try await database.raw("""
                SELECT territory_id, value, status FROM observations
                WHERE indicator_id = \(bind: indicatorID) AND period = \(bind: period) AND territory_id IN (\(SQLList(chunk.map { SQLBind($0) })))
                """).all(decoding: Row.self)
            for row in rows { result[row.territory_id] = Self.value(status: row.status, number: row.value) }
        }
        return result
    }

    /// Indicators with at least one observation on these territories.
    func indicatorIDs(territoryIDs: [Int]) async throws -> [Int] {
        guard !territoryIDs.isEmpty else { return [] }
        struct Row: Decodable { var indicator_id: Int }
        return try await database.raw("SELECT DISTINCT indicator_id FROM observations WHERE territory_id IN (\(SQLList(territoryIDs.map { SQLBind($0) })))")
            .all(decoding: Row.self).map(\.indicator_id)
    }

    /// Periods for which an indicator has values on these territories, oldest first.
    func periods(indicatorID: Int, territoryIDs: [Int]) async throws -> [String] {
        guard !territoryIDs.isEmpty else { return [] }
        struct Row: Decodable { var period: String }
        return try await database.raw("""
            SELECT DISTINCT period FROM observations WHERE indicator_id = \(bind: indicatorID)
            AND territory_id IN (\(SQLList(territoryIDs.map { SQLBind($0) }))) ORDER BY period
            """).all(decoding: Row.self).map(\.period)
    }

    /// Every observation of some territories, with provenance, by territory id.
    func observations(territoryIDs: [Int]) async throws -> [Int: [StoredObservation]] {
        guard !territoryIDs.isEmpty else { return [:] }
        struct Row: Decodable { var territory_id: Int; var code: String; var period: String; var value: Double?; var status: Int; var source_label: String; var file_name: String; var imported_at: String }
        let rows = try await database.raw("""
            SELECT o.territory_id, i.code, o.period, o.value, o.status, m.source_label, m.file_name, m.imported_at
            FROM observations o JOIN indicators i ON i.id = o.indicator_id JOIN indicator_imports m ON m.id = o.import_id
            WHERE o.territory_id IN (\(SQLList(territoryIDs.map { SQLBind($0) }))) ORDER BY i.code, o.period
            """).all(decoding: Row.self)
        return Dictionary(grouping: rows, by: \.territory_id).mapValues { rows in
            rows.map { StoredObservation(indicatorCode: $0.code, period: $0.period, value: Self.value(status: $0.status, number: $0.value),
                                         source: $0.source_label, fileName: $0.file_name, importedAt: $0.imported_at) }
        }
    }

    // MARK: Findings of a contract's diagnostic

    func findings(contractID: Int) async throws -> [ContractFinding] {
        struct Row: Decodable { var statement: String; var value: Double?; var unit: String?; var source: String }
        return try await database.raw("SELECT statement, value, unit, source FROM contract_findings WHERE contract_id = \(bind: contractID) ORDER BY position")
            .all(decoding: Row.self).map { ContractFinding(statement: $0.statement, value: $0.value, unit: $0.unit, source: $0.source) }
    }

    func addFinding(_ finding: ContractFinding, contractID: Int, position: Int) async throws {
        try await database.insert(into: "contract_findings")
            .columns("contract_id", "statement", "value", "unit", "source", "position")
            .values(SQLBind(contractID), SQLBind(finding.statement), SQLBind(finding.value), SQLBind(finding.unit), SQLBind(finding.source), SQLBind(position))
            .run()
    }

    // MARK: Column mappings

    struct SavedMapping: Sendable, Equatable, Codable {
        var name: String
        var format: String
        var territoryColumn: String?
        var period: String?
        var mapping: [String: String]
    }

    func saveMapping(_ mapping: SavedMapping, createdAt: String, createdBy: String) async throws {
        let json = String(decoding: try JSONEncoder().encode(mapping.mapping), as: UTF8.self)
        try await database.insert(into: "column_mappings")
            .columns("name", "format", "territory_column", "period", "mapping", "created_at", "created_by")
            .values(SQLBind(mapping.name), SQLBind(mapping.format), SQLBind(mapping.territoryColumn), SQLBind(mapping.period), SQLBind(json), SQLBind(createdAt), SQLBind(createdBy))
            .onConflict(with: ["name"]) { $0.set(excludedValueOf: "format").set(excludedValueOf: "territory_column").set(excludedValueOf: "period").set(excludedValueOf: "mapping") }
            .run()
    }

    func mappings() async throws -> [SavedMapping] {
        struct Row: Decodable { var name: String; var format: String; var territory_column: String?; var period: String?; var mapping: String }
        return try await database.raw("SELECT name, format, territory_column, period, mapping FROM column_mappings ORDER BY name").all(decoding: Row.self).map {
            SavedMapping(name: $0.name, format: $0.format, territoryColumn: $0.territory_column, period: $0.period,
                         mapping: (try? JSONDecoder().decode([String: String].self, from: Data($0.mapping.utf8))) ?? [:])
        }
    }
}
