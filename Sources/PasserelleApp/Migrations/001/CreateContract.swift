import Fluent

struct CreateOrganisation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organisations")
            .field("id", .int, .identifier(auto: true))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("siren", .string)
            .unique(on: "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organisations").delete()
    }
}

struct CreateContract: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("contracts")
            .field("id", .int, .identifier(auto: true))
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("short_name", .string, .required)
            .field("epci_id", .int, .required, .references("territories", "id"))
            .field("start_year", .int, .required)
            .field("end_year", .int, .required)
            .field("signed_on", .string)
            .field("summary", .string)
            .field("level_names", .string, .required)
            .field("notes", .string, .required)
            .field("source", .string)
            .field("is_demo", .bool, .required)
            .unique(on: "slug")
            .create()

        try await database.schema("strategy_nodes")
            .field("id", .int, .identifier(auto: true))
            .field("contract_id", .int, .required, .references("contracts", "id", onDelete: .cascade))
            .field("parent_id", .int, .references("strategy_nodes", "id", onDelete: .cascade))
            .field("depth", .int, .required)
            .field("level", .string, .required)
            .field("code", .string, .required)
            .field("title", .string, .required)
            .field("summary", .string)
            .field("position", .int, .required)
            .unique(on: "contract_id", "code")
            .create()

        try await database.schema("transversal_axes")
            .field("id", .int, .identifier(auto: true))
            .field("contract_id", .int, .required, .references("contracts", "id", onDelete: .cascade))
            .field("code", .string, .required)
            .field("title", .string, .required)
            .field("summary", .string)
            .field("position", .int, .required)
            .unique(on: "contract_id", "code")
            .create()

        try await database.schema("signatories")
            .field("id", .int, .identifier(auto: true))
            .field("contract_id", .int, .required, .references("contracts", "id", onDelete: .cascade))
            .field("organisation_id", .int, .required, .references("organisations", "id"))
            .field("position", .int, .required)
            .unique(on: "contract_id", "organisation_id")
            .create()

        try await database.schema("governance_bodies")
            .field("id", .int, .identifier(auto: true))
            .field("contract_id", .int, .required, .references("contracts", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("rhythm", .string)
            .field("role", .string)
            .field("position", .int, .required)
            .create()

        try await database.schema("contract_territories")
            .field("id", .int, .identifier(auto: true))
            .field("contract_id", .int, .required, .references("contracts", "id", onDelete: .cascade))
            .field("territory_id", .int, .required, .references("territories", "id"))
            .unique(on: "contract_id", "territory_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["contract_territories", "governance_bodies", "signatories", "transversal_axes", "strategy_nodes", "contracts"] {
            try await database.schema(table).delete()
        }
    }
}
