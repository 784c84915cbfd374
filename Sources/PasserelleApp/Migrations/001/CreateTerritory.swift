import Fluent
import SQLKit

struct CreateTerritory: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("territories")
            .field("id", .int, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("search_key", .string, .required)
            .field("population", .int)
            .field("municipal_population", .int)
            .field("population_source", .string)
            .unique(on: "kind", "code")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "territories_code").on("territories").column("code").run()
        try await sql.create(index: "territories_kind_search").on("territories").column("kind").column("search_key").run()

        try await database.schema("territory_links")
            .field("id", .int, .identifier(auto: true))
            .field("parent_id", .int, .required, .references("territories", "id", onDelete: .cascade))
            .field("child_id", .int, .required, .references("territories", "id", onDelete: .cascade))
            .unique(on: "parent_id", "child_id")
            .create()
        try await sql.create(index: "territory_links_child").on("territory_links").column("child_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("territory_links").delete()
        try await database.schema("territories").delete()
    }
}
