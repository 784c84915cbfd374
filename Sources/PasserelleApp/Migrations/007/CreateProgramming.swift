import Fluent
import SQLKit

/// Programming and funding: funders and their schemes, calls for projects, applications with their
/// funding lines and frozen versions, reviews, decisions per funding line, agreements, status history,
/// and the eligibility rule file as edited by administrators.
struct CreateProgramming: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // A funder is an organisation; `code` is what eligibility rules name ("etat", "region-hdf").
        try await database.schema("funders")
            .field("id", .int, .identifier(auto: true))
            .field("organisation_id", .int, .required, .references("organisations", "id"))
            .field("code", .string, .required)
            .field("source", .string)
            .field("position", .int, .required)
            .unique(on: "organisation_id")
            .unique(on: "code")
            .create()

        try await database.schema("schemes")
            .field("id", .int, .identifier(auto: true))
            .field("funder_id", .int, .required, .references("funders", "id", onDelete: .cascade))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("source", .string)
            .field("position", .int, .required)
            .unique(on: "code")
            .create()

        try await database.schema("calls")
            .field("id", .int, .identifier(auto: true))
            .field("contract_id", .int, .required, .references("contracts", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("year", .int, .required)
            .field("opens_on", .string, .required)
            .field("closes_on", .string, .required)
            .field("action_starts_on", .string, .required)
            .field("action_ends_on", .string, .required)
            .field("grid", .string, .required)
            .field("documents", .string, .required)
            .field("p147_department_envelope", .double)
            .field("is_demo", .bool, .required)
            .field("created_at", .string, .required)
            .create()

        try await database.schema("call_objectives")
            .field("id", .int, .identifier(auto: true))
            .field("call_id", .int, .required, .references("calls", "id", onDelete: .cascade))
            .field("node_id", .int, .required, .references("strategy_nodes", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .unique(on: "call_id", "node_id")
            .create()

        try await database.schema("call_funders")
            .field("id", .int, .identifier(auto: true))
            .field("call_id", .int, .required, .references("calls", "id", onDelete: .cascade))
            .field("funder_id", .int, .required, .references("funders", "id"))
            .field("envelope", .double)
            .field("position", .int, .required)
            .unique(on: "call_id", "funder_id")
            .create()

        try await database.schema("call_schemes")
            .field("id", .int, .identifier(auto: true))
            .field("call_id", .int, .required, .references("calls", "id", onDelete: .cascade))
            .field("scheme_id", .int, .required, .references("schemes", "id"))
            .unique(on: "call_id", "scheme_id")
            .create()

        // One application per organisation and call. `body` holds the draft's lists (objectives,
        // QPV, budget, beneficiaries…) as JSON; funding lines have their own rows because reviews
        // and decisions point at them.
        try await database.schema("applications")
            .field("id", .int, .identifier(auto: true))
            .field("call_id", .int, .required, .references("calls", "id", onDelete: .cascade))
            .field("organisation_id", .int, .required, .references("organisations", "id"))
            .field("holder_name", .string, .required)
            .field("holder_siret", .string, .required)
            .field("holder_kind", .string, .required)
            .field("title", .string, .required)
            .field("status", .string, .required)
            .field("own_funds", .double, .required)
            .field("body", .string, .required)
            .field("version", .int, .required)
            .field("is_demo", .bool, .required)
            .field("created_at", .string, .required)
            .field("updated_at", .string, .required)
            .field("submitted_at", .string)
            .unique(on: "call_id", "organisation_id")
            .create()

        try await database.schema("funding_lines")
            .field("id", .int, .identifier(auto: true))
            .field("application_id", .int, .required, .references("applications", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("funder_id", .int, .references("funders", "id"))
            .field("scheme_id", .int, .references("schemes", "id"))
            .field("label", .string, .required)
            .field("requested", .double, .required)
            .create()

        // What was submitted, frozen: one row per submission.
        try await database.schema("application_versions")
            .field("id", .int, .identifier(auto: true))
            .field("application_id", .int, .required, .references("applications", "id", onDelete: .cascade))
            .field("version", .int, .required)
            .field("submitted_at", .string, .required)
            .field("submitted_by", .string, .required)
            .field("snapshot", .string, .required)
            .unique(on: "application_id", "version")
            .create()

        try await database.schema("application_status_changes")
            .field("id", .int, .identifier(auto: true))
            .field("application_id", .int, .required, .references("applications", "id", onDelete: .cascade))
            .field("from_status", .string, .required)
            .field("to_status", .string, .required)
            .field("occurred_at", .string, .required)
            .field("actor_user_id", .int)
            .field("actor_label", .string, .required)
            .field("role", .string, .required)
            .create()

        try await database.schema("reviews")
            .field("id", .int, .identifier(auto: true))
            .field("application_id", .int, .required, .references("applications", "id", onDelete: .cascade))
            .field("funder_id", .int, .required, .references("funders", "id"))
            .field("instructor_user_id", .int, .references("users", "id"))
            .field("instructor_name", .string, .required)
            .field("scores", .string, .required)
            .field("opinion", .string, .required)
            .field("comment", .string, .required)
            .field("proposed", .string, .required)
            .field("created_at", .string, .required)
            .field("updated_at", .string, .required)
            .create()

        try await database.schema("decisions")
            .field("id", .int, .identifier(auto: true))
            .field("application_id", .int, .required, .references("applications", "id", onDelete: .cascade))
            .field("funding_line_id", .int, .required, .references("funding_lines", "id", onDelete: .cascade))
            .field("funder_id", .int, .required, .references("funders", "id"))
            .field("outcome", .string, .required)
            .field("amount", .double, .required)
            .field("decided_on", .string, .required)
            .field("decided_by", .string, .required)
            .field("reference", .string, .required)
            .field("paid_on", .string, .required)
            .field("recorded_at", .string, .required)
            .field("recorded_by", .string, .required)
            .unique(on: "funding_line_id")
            .create()

        try await database.schema("agreements")
            .field("id", .int, .identifier(auto: true))
            .field("application_id", .int, .required, .references("applications", "id", onDelete: .cascade))
            .field("funder_id", .int, .required, .references("funders", "id"))
            .field("years", .string, .required)
            .field("signed_on", .string)
            .field("reference", .string)
            .field("recorded_at", .string, .required)
            .unique(on: "application_id", "funder_id")
            .create()

        // Each save of the rule file by an administrator; the latest one is in force, the bundled
        // file when there is none.
        try await database.schema("eligibility_rule_files")
            .field("id", .int, .identifier(auto: true))
            .field("content", .string, .required)
            .field("saved_at", .string, .required)
            .field("saved_by", .string, .required)
            .create()

        let sql = database as! any SQLDatabase
        try await sql.create(index: "applications_call").on("applications").column("call_id").run()
        try await sql.create(index: "funding_lines_application").on("funding_lines").column("application_id").run()
        try await sql.create(index: "reviews_application").on("reviews").column("application_id").run()
        try await sql.create(index: "decisions_application").on("decisions").column("application_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["eligibility_rule_files", "agreements", "decisions", "reviews", "application_status_changes", "application_versions",
                      "funding_lines", "applications", "call_schemes", "call_funders", "call_objectives", "calls", "schemes", "funders"] {
            try await database.schema(table).delete()
        }
    }
}
