import Fluent
import SQLKit

struct UpdateOrganisationAddSiret: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organisations").field("siret", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organisations").deleteField("siret").update()
    }
}

struct CreateAccounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .field("id", .int, .identifier(auto: true))
            .field("email", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("organisation_id", .int, .references("organisations", "id"))
            .field("email_verified_at", .string)
            .field("created_at", .string, .required)
            .field("disabled_at", .string)
            .unique(on: "email")
            .create()

        try await database.schema("memberships")
            .field("id", .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references("users", "id", onDelete: .cascade))
            .field("contract_id", .int, .references("contracts", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("granted_at", .string, .required)
            .create()

        try await database.schema("user_tokens")
            .field("id", .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references("users", "id", onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("token_hash", .string, .required)
            .field("expires_at", .string, .required)
            .field("used_at", .string)
            .unique(on: "token_hash")
            .create()

        try await database.schema("invitations")
            .field("id", .int, .identifier(auto: true))
            .field("email", .string, .required)
            .field("organisation_id", .int, .references("organisations", "id"))
            .field("role", .string, .required)
            .field("contract_id", .int, .references("contracts", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("invited_by", .int, .references("users", "id"))
            .field("created_at", .string, .required)
            .field("expires_at", .string, .required)
            .field("accepted_at", .string)
            .unique(on: "token_hash")
            .create()

        try await database.schema("api_tokens")
            .field("id", .int, .identifier(auto: true))
            .field("user_id", .int, .required, .references("users", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("prefix", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .string, .required)
            .field("last_used_at", .string)
            .field("revoked_at", .string)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["api_tokens", "invitations", "user_tokens", "memberships", "users"] {
            try await database.schema(table).delete()
        }
    }
}

/// The audit trail: who changed what, when, with the before and after states. Append-only,
/// enforced by the database itself (triggers refuse UPDATE and DELETE) on both engines.
struct CreateAuditLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_log")
            .field("id", .int, .identifier(auto: true))
            .field("occurred_at", .string, .required)
            .field("actor_user_id", .int)
            .field("actor_label", .string, .required)
            .field("action", .string, .required)
            .field("entity_type", .string, .required)
            .field("entity_id", .string, .required)
            .field("contract_id", .int)
            .field("before_state", .string)
            .field("after_state", .string)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "audit_log_entity").on("audit_log").column("entity_type").column("entity_id").run()
        if sql.dialect.name == "sqlite" {
            try await sql.raw("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END").run()
            try await sql.raw("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END").run()
        } else {
            try await sql.raw("""
                CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql
                """).run()
            try await sql.raw("CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await database.schema("audit_log").delete()
        if sql.dialect.name != "sqlite" {
            try await sql.raw("DROP FUNCTION IF EXISTS audit_log_append_only()").run()
        }
    }
}
