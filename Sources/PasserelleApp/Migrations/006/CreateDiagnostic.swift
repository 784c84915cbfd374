import Fluent
import SQLKit

/// The transition diagnostic: territory outlines, cool places and shelters, vulnerability models.
struct CreateDiagnostic: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One outline per territory, as GeoJSON MultiPolygon text, with its bounding box and area.
        try await database.schema("territory_outlines")
            .field("id", .int, .identifier(auto: true))
            .field("territory_id", .int, .required, .references("territories", "id", onDelete: .cascade))
            .field("geometry", .string, .required)
            .field("min_lon", .double, .required)
            .field("min_lat", .double, .required)
            .field("max_lon", .double, .required)
            .field("max_lat", .double, .required)
            .field("area_m2", .double, .required)
            .field("source", .string, .required)
            .field("imported_at", .string, .required)
            .unique(on: "territory_id")
            .create()

        try await database.schema("cool_places")
            .field("id", .int, .identifier(auto: true))
            .field("contract_id", .int, .required, .references("contracts", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("latitude", .double, .required)
            .field("longitude", .double, .required)
            .field("opening_hours", .string)
            .field("heatwave_hours", .string)
            .field("accessibility", .string)
            .field("source", .string)
            .field("created_at", .string, .required)
            .create()

        try await database.schema("vulnerability_models")
            .field("id", .int, .identifier(auto: true))
            .field("contract_id", .int, .required, .references("contracts", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("version", .int, .required)
            .field("definition", .string, .required)
            .field("seed", .int, .required)
            .field("created_at", .string, .required)
            .field("created_by", .string, .required)
            .unique(on: "contract_id", "name", "version")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["vulnerability_models", "cool_places", "territory_outlines"] {
            try await database.schema(table).delete()
        }
    }
}
