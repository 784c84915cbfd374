import Fluent
import SQLKit

/// Sessions keyed by a hash of their identifier (a backup holds no usable session), with a
/// last-use time so that old ones are swept; replaces Fluent's `_fluent_sessions`.
struct CreateUserSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("user_sessions")
            .field("id", .int, .identifier(auto: true))
            .field("key_hash", .string, .required)
            .field("data", .string, .required)
            .field("updated_at", .string, .required)
            .unique(on: "key_hash")
            .create()
        try await (database as! any SQLDatabase).create(index: "user_sessions_updated").on("user_sessions").column("updated_at").run()
        try await database.schema("_fluent_sessions").delete()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("user_sessions").delete()
        try await SessionRecord.migration.prepare(on: database).get()
    }
}

/// When the password last changed: sessions opened before it end.
struct UpdateUserAddPasswordChangedAt: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users").field("password_changed_at", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").deleteField("password_changed_at").update()
    }
}
