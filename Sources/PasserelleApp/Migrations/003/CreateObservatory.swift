import Fluent
import SQLKit

/// The observatory: indicators, observations with their provenance, saved column mappings.
struct CreateObservatory: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("indicators")
            .field("id", .int, .identifier(auto: true))
            .field("code", .string, .required)
            .field("label", .string, .required)
            .field("unit", .string, .required)
            .field("theme", .string, .required)
            .field("polarity", .string, .required)
            .field("source", .string, .required)
            .field("comparison_noun", .string)
            .field("is_standard", .bool, .required)
            .unique(on: "code")
            .create()

        try await database.schema("indicator_imports")
            .field("id", .int, .identifier(auto: true))
            .field("file_name", .string, .required)
            .field("file_sha256", .string, .required)
            .field("source_label", .string, .required)
            .field("format", .string, .required)
            .field("imported_at", .string, .required)
            .field("imported_by", .string, .required)
            .field("rows_read", .int, .required)
            .field("observations_created", .int, .required)
            .field("observations_updated", .int, .required)
            .create()

        // status: 0 = value, 1 = secret (statistical confidentiality), 2 = missing.
        try await database.schema("observations")
            .field("id", .int, .identifier(auto: true))
            .field("territory_id", .int, .required, .references("territories", "id", onDelete: .cascade))
            .field("indicator_id", .int, .required, .references("indicators", "id", onDelete: .cascade))
            .field("period", .string, .required)
            .field("value", .double)
            .field("status", .int, .required)
            .field("import_id", .int, .required, .references("indicator_imports", "id"))
            .unique(on: "territory_id", "indicator_id", "period")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "observations_indicator_period").on("observations").column("indicator_id").column("period").run()

        try await database.schema("column_mappings")
            .field("id", .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("format", .string, .required)
            .field("territory_column", .string)
            .field("period", .string)
            .field("mapping", .string, .required)
            .field("created_at", .string, .required)
            .field("created_by", .string, .required)
            .unique(on: "name")
            .create()

        // Findings a contract's diagnostic states in words ("the gap widened for 72 % of QPV").
        try await database.schema("contract_findings")
            .field("id", .int, .identifier(auto: true))
            .field("contract_id", .int, .required, .references("contracts", "id", onDelete: .cascade))
            .field("statement", .string, .required)
            .field("value", .double)
            .field("unit", .string)
            .field("source", .string, .required)
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["contract_findings", "column_mappings", "observations", "indicator_imports", "indicators"] {
            try await database.schema(table).delete()
        }
    }
}

/// The standard catalogue, written once so that every database starts with the same indicators.
struct SeedIndicatorCatalogue: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await SQLObservatoryRepository(database: database).ensure(IndicatorCatalogue.standard, isStandard: true)
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).delete(from: "indicators").where("is_standard", .equal, true).run()
    }
}

import PasserelleDomain
