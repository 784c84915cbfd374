import Fluent
import Foundation
import PasserelleDomain
import SQLKit
import Vapor

/// One line of the audit trail.
struct AuditEntry: Sendable, Equatable, Codable {
    var id: Int?
    var occurredAt: String
    var actorUserID: Int?
    var actorLabel: String
    var action: String
    var entityType: String
    var entityID: String
    var contractID: Int?
    var before: String?
    var after: String?
}

/// Who acts, for the audit trail: a signed-in user, or the command line.
struct Actor: Sendable {
    var userID: Int?
    var label: String

    static let commandLine = Actor(userID: nil, label: "ligne de commande")
}

/// Writes to the append-only `audit_log`, always inside the transaction of the change it records,
/// so a change and its trace are saved together or not at all.
struct AuditTrail: Sendable {
    let database: any SQLDatabase
    let clock: any Clock

    init(database: any Database, clock: any Clock) {
        self.database = database as! any SQLDatabase
        self.clock = clock
    }

    func record<Before: Encodable, After: Encodable>(
        _ action: String, entity: String, id: String, contractID: Int? = nil, by actor: Actor,
        before: Before?, after: After?
    ) async throws {
        try await database.insert(into: "audit_log")
            .columns("occurred_at", "actor_user_id", "actor_label", "action", "entity_type", "entity_id", "contract_id", "before_state", "after_state")
            .values(SQLBind(clock.now().isoString), SQLBind(actor.userID), SQLBind(actor.label), SQLBind(action), SQLBind(entity),
                    SQLBind(id), SQLBind(contractID), SQLBind(try before.map(Self.json)), SQLBind(try after.map(Self.json)))
            .run()
    }

    func record<After: Encodable>(_ action: String, entity: String, id: String, contractID: Int? = nil, by actor: Actor, after: After) async throws {
        try await record(action, entity: entity, id: id, contractID: contractID, by: actor, before: Optional<After>.none, after: after)
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    struct Filter: Sendable {
        var entityType: String?
        var contractID: Int?
        var limit = 200
        var offset = 0
    }

    func entries(_ filter: Filter) async throws -> ResultPage<AuditEntry> {
        var conditions: [SQLQueryString] = []
        if let type = filter.entityType { conditions.append("entity_type = \(bind: type)") }
        if let contract = filter.contractID { conditions.append("contract_id = \(bind: contract)") }
        var whereClause = SQLQueryString("")
        for (index, condition) in conditions.enumerated() {
            whereClause = whereClause + SQLQueryString(index == 0 ? " WHERE " : " AND ") + condition
        }
        struct Count: Decodable { var total: Int }
        let total = try await database.raw("SELECT COUNT(*) AS total FROM audit_log" + whereClause).first(decoding: Count.self)?.total ?? 0
        struct Row: Decodable {
            var id: Int, occurred_at: String, actor_user_id: Int?, actor_label: String, action: String
            var entity_type: String, entity_id: String, contract_id: Int?, before_state: String?, after_state: String?
        }
        let rows = try await database.raw("SELECT * FROM audit_log" + whereClause + " ORDER BY id DESC LIMIT \(literal: filter.limit) OFFSET \(literal: filter.offset)")
            .all(decoding: Row.self)
        let items = rows.map {
            AuditEntry(id: $0.id, occurredAt: $0.occurred_at, actorUserID: $0.actor_user_id, actorLabel: $0.actor_label, action: $0.action,
                       entityType: $0.entity_type, entityID: $0.entity_id, contractID: $0.contract_id, before: $0.before_state, after: $0.after_state)
        }
        return ResultPage(items: items, total: total, limit: filter.limit, offset: filter.offset)
    }
}

extension Request {
    var audit: AuditTrail { AuditTrail(database: db, clock: application.clock) }

    /// The signed-in person as an audit actor.
    var actor: Actor {
        guard let user = account else { return Actor(userID: nil, label: "anonyme") }
        return Actor(userID: user.id, label: user.email)
    }
}
