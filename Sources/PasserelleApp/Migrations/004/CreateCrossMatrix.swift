import Fluent

/// Amendments ("avenants") and the history of changes to a contract's strategy tree and axes.
struct CreateStrategyHistory: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("amendments")
            .field("id", .int, .identifier(auto: true))
            .field("contract_id", .int, .required, .references("contracts", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("amendment_date", .string, .required)
            .field("title", .string, .required)
            .field("summary", .string)
            .field("opened_at", .string, .required)
            .field("opened_by", .string, .required)
            .field("closed_at", .string)
            .unique(on: "contract_id", "number")
            .create()

        try await database.schema("strategy_changes")
            .field("id", .int, .identifier(auto: true))
            .field("contract_id", .int, .required, .references("contracts", "id", onDelete: .cascade))
            .field("amendment_id", .int, .references("amendments", "id", onDelete: .cascade))
            .field("occurred_at", .string, .required)
            .field("actor_user_id", .int)
            .field("actor_label", .string, .required)
            .field("action", .string, .required)
            .field("target", .string, .required)
            .field("target_id", .int, .required)
            .field("code", .string, .required)
            .field("description", .string, .required)
            .field("before_state", .string)
            .field("after_state", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("strategy_changes").delete()
        try await database.schema("amendments").delete()
    }
}

/// Territorial plans crossed with a contract, and their actions.
struct CreateTerritorialPlans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("territorial_plans")
            .field("id", .int, .identifier(auto: true))
            .field("contract_id", .int, .required, .references("contracts", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("owner", .string, .required)
            .field("start_year", .int, .required)
            .field("end_year", .int, .required)
            .field("summary", .string)
            .field("source", .string)
            .field("is_demo", .bool, .required)
            .field("position", .int, .required)
            .field("created_at", .string, .required)
            .create()

        try await database.schema("plan_actions")
            .field("id", .int, .identifier(auto: true))
            .field("plan_id", .int, .required, .references("territorial_plans", "id", onDelete: .cascade))
            .field("code", .string, .required)
            .field("title", .string, .required)
            .field("theme", .string)
            .field("budget", .double)
            .field("target", .string)
            .field("perimeter", .string, .required)
            .field("position", .int, .required)
            .unique(on: "plan_id", "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("plan_actions").delete()
        try await database.schema("territorial_plans").delete()
    }
}

/// Links between plan actions and strategy nodes. The services refuse to remove a node or an action
/// that a link uses (and say which); the cascades only keep the database whole when rows go by
/// other means (a contract deleted, a wipe before a restore).
struct CreatePlanLinks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("plan_links")
            .field("id", .int, .identifier(auto: true))
            .field("contract_id", .int, .required, .references("contracts", "id", onDelete: .cascade))
            .field("action_id", .int, .required, .references("plan_actions", "id", onDelete: .cascade))
            .field("node_id", .int, .required, .references("strategy_nodes", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("qpv", .string, .required)
            .field("note", .string)
            .field("asserted_by", .string, .required)
            .field("asserted_by_user_id", .int)
            .field("created_at", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("plan_links").delete()
    }
}

/// The transition roadmap: milestones and what they serve.
struct CreateRoadmap: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("milestones")
            .field("id", .int, .identifier(auto: true))
            .field("contract_id", .int, .required, .references("contracts", "id", onDelete: .cascade))
            .field("year", .int, .required)
            .field("title", .string, .required)
            .field("owner", .string, .required)
            .field("indicator_code", .string)
            .field("target", .string)
            .field("status", .string, .required)
            .field("position", .int, .required)
            .field("updated_at", .string, .required)
            .create()

        try await database.schema("milestone_objectives")
            .field("id", .int, .identifier(auto: true))
            .field("milestone_id", .int, .required, .references("milestones", "id", onDelete: .cascade))
            .field("node_id", .int, .required, .references("strategy_nodes", "id", onDelete: .cascade))
            .unique(on: "milestone_id", "node_id")
            .create()

        try await database.schema("milestone_actions")
            .field("id", .int, .identifier(auto: true))
            .field("milestone_id", .int, .required, .references("milestones", "id", onDelete: .cascade))
            .field("action_id", .int, .required, .references("plan_actions", "id", onDelete: .cascade))
            .unique(on: "milestone_id", "action_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["milestone_actions", "milestone_objectives", "milestones"] {
            try await database.schema(table).delete()
        }
    }
}

/// Signatories' commitments (one record per signatory, commitment and year) and the yearly
/// photograph of their common-law means in the QPV.
struct CreateCommitments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("commitments")
            .field("id", .int, .identifier(auto: true))
            .field("contract_id", .int, .required, .references("contracts", "id", onDelete: .cascade))
            .field("organisation_id", .int, .required, .references("organisations", "id"))
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("evidence", .string)
            .field("year", .int, .required)
            .field("recorded_at", .string, .required)
            .field("recorded_by", .string, .required)
            .unique(on: "contract_id", "organisation_id", "kind", "year")
            .create()

        try await database.schema("common_law_means")
            .field("id", .int, .identifier(auto: true))
            .field("contract_id", .int, .required, .references("contracts", "id", onDelete: .cascade))
            .field("organisation_id", .int, .required, .references("organisations", "id"))
            .field("year", .int, .required)
            .field("pillar_id", .int, .references("strategy_nodes", "id", onDelete: .setNull))
            .field("ambition_id", .int, .references("strategy_nodes", "id", onDelete: .setNull))
            .field("amount_euros", .double)
            .field("staff_fte", .double)
            .field("beneficiaries", .int)
            .field("beneficiaries_in_qpv", .int)
            .field("note", .string)
            .field("recorded_at", .string, .required)
            .field("recorded_by", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("common_law_means").delete()
        try await database.schema("commitments").delete()
    }
}
