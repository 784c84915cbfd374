import Fluent
import Foundation
import PasserelleDomain
import SQLKit

/// The catalogue of key actions and inspiring examples, with the actors directory and the curation
/// history. Lists are child tables (one row per partner, result, resource, tag) so the data stays
/// queryable; `sort_order` keeps the order the curators gave.
struct CreateCatalogue: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One row: bumped by every write, so that every server process knows when to reload.
        try await database.schema("catalogue_state")
            .field("id", .int, .identifier(auto: false))
            .field("revision", .int, .required)
            .create()

        try await database.schema("catalogue_sources")
            .field("sort_order", .int, .identifier(auto: false))
            .field("label", .string, .required)
            .create()

        try await database.schema("catalogue_axes")
            .field("number", .int, .identifier(auto: false))
            .field("sort_order", .int, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .create()

        try await database.schema("catalogue_key_actions")
            .field("number", .int, .identifier(auto: false))
            .field("sort_order", .int, .required)
            .field("axis", .int, .required, .references("catalogue_axes", "number"))
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .create()

        // kind: "theme" or "vulnerability".
        try await database.schema("catalogue_key_action_tags")
            .field("id", .int, .identifier(auto: true))
            .field("key_action", .int, .required, .references("catalogue_key_actions", "number", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("code", .string, .required)
            .field("sort_order", .int, .required)
            .create()

        try await database.schema("catalogue_examples")
            .field("id", .string, .identifier(auto: false))
            .field("sort_order", .int, .required)
            .field("key_action", .int, .required, .references("catalogue_key_actions", "number"))
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("qpv_name", .string)
            .field("commune", .string)
            .field("department", .string)
            .field("region", .string)
            .field("country", .string)
            .field("scale", .string, .required)
            .field("method", .string)
            .field("duration", .string)
            // cost_text is null when the source says nothing about the cost.
            .field("cost_amount", .double)
            .field("cost_currency", .string)
            .field("cost_covers", .string)
            .field("cost_text", .string)
            .field("cost_band", .string, .required)
            .field("pilot_name", .string)
            .field("pilot_kind", .string)
            .field("contact_role", .string)
            .field("seed", .string)
            .field("seed_line", .int)
            .field("status", .string, .required)
            .field("retired_reason", .string)
            .create()

        try await database.schema("catalogue_example_partners")
            .field("id", .int, .identifier(auto: true))
            .field("example_id", .string, .required, .references("catalogue_examples", "id", onDelete: .cascade))
            .field("sort_order", .int, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .create()

        try await database.schema("catalogue_example_results")
            .field("id", .int, .identifier(auto: true))
            .field("example_id", .string, .required, .references("catalogue_examples", "id", onDelete: .cascade))
            .field("sort_order", .int, .required)
            .field("label", .string, .required)
            .field("figure", .double)
            .field("unit", .string)
            .create()

        try await database.schema("catalogue_example_resources")
            .field("id", .int, .identifier(auto: true))
            .field("example_id", .string, .required, .references("catalogue_examples", "id", onDelete: .cascade))
            .field("sort_order", .int, .required)
            .field("title", .string, .required)
            .field("url", .string)
            .create()

        // kind: "theme", "vulnerability" or "public".
        try await database.schema("catalogue_example_tags")
            .field("id", .int, .identifier(auto: true))
            .field("example_id", .string, .required, .references("catalogue_examples", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("code", .string, .required)
            .field("sort_order", .int, .required)
            .create()

        try await database.schema("catalogue_actors")
            .field("id", .string, .identifier(auto: false))
            .field("sort_order", .int, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("territory", .string, .required)
            .field("status", .string, .required)
            .field("retired_reason", .string)
            .create()

        try await database.schema("catalogue_actor_themes")
            .field("id", .int, .identifier(auto: true))
            .field("actor_id", .string, .required, .references("catalogue_actors", "id", onDelete: .cascade))
            .field("code", .string, .required)
            .field("sort_order", .int, .required)
            .create()

        try await database.schema("catalogue_actor_examples")
            .field("id", .int, .identifier(auto: true))
            .field("actor_id", .string, .required, .references("catalogue_actors", "id", onDelete: .cascade))
            .field("example_id", .string, .required, .references("catalogue_examples", "id"))
            .field("sort_order", .int, .required)
            .create()

        // The curation history: one row per field changed (CatalogueChange), with who and when.
        // record_type: "example", "keyAction" or "actor"; action: create, update, retire, reinstate, import.
        try await database.schema("catalogue_changes")
            .field("id", .int, .identifier(auto: true))
            // The rows one curation step wrote together share their change_set.
            .field("change_set", .string, .required)
            .field("record_type", .string, .required)
            .field("record_id", .string, .required)
            .field("action", .string, .required)
            .field("field", .string, .required)
            .field("before_value", .string)
            .field("after_value", .string)
            .field("changed_at", .string, .required)
            .field("changed_by_user_id", .int)
            .field("changed_by_label", .string, .required)
            .create()

        let sql = database as! any SQLDatabase
        try await sql.create(index: "catalogue_changes_record").on("catalogue_changes").column("record_type").column("record_id").run()
        for (table, column) in [("catalogue_example_partners", "example_id"), ("catalogue_example_results", "example_id"),
                                ("catalogue_example_resources", "example_id"), ("catalogue_example_tags", "example_id"),
                                ("catalogue_actor_themes", "actor_id"), ("catalogue_actor_examples", "actor_id"),
                                ("catalogue_key_action_tags", "key_action")] {
            try await sql.create(index: "\(table)_\(column)").on(table).column(column).run()
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["catalogue_changes", "catalogue_actor_examples", "catalogue_actor_themes", "catalogue_actors",
                      "catalogue_example_tags", "catalogue_example_resources", "catalogue_example_results", "catalogue_example_partners",
                      "catalogue_examples", "catalogue_key_action_tags", "catalogue_key_actions", "catalogue_axes",
                      "catalogue_sources", "catalogue_state"] {
            try await database.schema(table).delete()
        }
    }
}

/// Loads the shipped catalogue: the national palette (seed 002) and the local examples of seeds 000
/// and 004. Real data, not a demonstration: every database starts with it, and curators take it
/// from there (their changes go to the history; the files are not read again).
struct SeedCatalogue: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let catalogue = try CatalogueFiles.shipped()
        try await database.transaction { db in
            try await SQLCatalogueRepository(database: db).insertAll(catalogue)
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for table in ["catalogue_changes", "catalogue_actor_examples", "catalogue_actor_themes", "catalogue_actors",
                      "catalogue_example_tags", "catalogue_example_resources", "catalogue_example_results", "catalogue_example_partners",
                      "catalogue_examples", "catalogue_key_action_tags", "catalogue_key_actions", "catalogue_axes",
                      "catalogue_sources", "catalogue_state"] {
            try await sql.delete(from: table).run()
        }
    }
}

/// The catalogue files shipped with Passerelle.
enum CatalogueFiles {
    static var directory: URL { Bundle.module.url(forResource: "catalogue", withExtension: nil)! }

    /// The palette merged with the local examples and validated (`Catalogue.decode`).
    static func shipped() throws -> Catalogue {
        let palette = try Data(contentsOf: directory.appendingPathComponent("palette.json"))
        let local = try Data(contentsOf: directory.appendingPathComponent("local-examples.json"))
        do {
            return try Catalogue.decode(palette: palette, local: local)
        } catch {
            throw CommandFailure(description: error.message)
        }
    }
}
