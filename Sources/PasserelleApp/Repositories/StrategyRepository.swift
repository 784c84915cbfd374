import Fluent
import Foundation
import PasserelleDomain
import SQLKit

/// One recorded change to a contract's strategy tree or transversal axes.
struct StrategyChange: Sendable, Equatable, Codable {
    enum Action: String, Sendable, Codable { case add, update, remove }
    enum Target: String, Sendable, Codable { case node, axis }

    var id: Int
    var amendmentID: Int?
    var occurredAt: String
    var actorUserID: Int?
    var actorLabel: String
    var action: Action
    var target: Target
    var targetID: Int
    var code: String
    /// One French sentence: what changed.
    var description: String
    var before: String?
    var after: String?
}

/// The flat strategy tree, transversal axes, amendments and change history of a contract.
/// Same SQL on SQLite and PostgreSQL, bound parameters only.
struct SQLStrategyRepository: Sendable {
    let database: any SQLDatabase

    init(database: any Database) {
        self.database = database as! any SQLDatabase
    }

    struct IDRow: Decodable { var id: Int }

    // MARK: Nodes

    struct NodeRow: Decodable {
        var id: Int, parent_id: Int?, depth: Int, level: String, code: String, title: String, summary: String?, position: Int
        var record: StrategyNodeRecord {
            StrategyNodeRecord(id: id, parentID: parent_id, depth: depth, level: StrategyLevel(rawValue: level) ?? StrategyLevel(depth: depth),
                               code: code, title: title, summary: summary, position: position)
        }
    }

    func nodes(contractID: Int) async throws -> [StrategyNodeRecord] {
        try await database.raw("""
            SELECT id, parent_id, depth, level, code, title, summary, position FROM strategy_nodes
            WHERE contract_id = \(bind: contractID) ORDER BY depth, position, id
            """).all(decoding: NodeRow.self).map(\.record)
    }

    /// The contract's tree with its levels and level names.
    func outline(contractID: Int) async throws -> StrategyOutline {
        struct Row: Decodable { var level_names: String }
        let names = try await database.raw("SELECT level_names FROM contracts WHERE id = \(bind: contractID)").first(decoding: Row.self)
            .flatMap { try? JSONDecoder().decode([String].self, from: Data($0.level_names.utf8)) } ?? []
        let nodes = try await nodes(contractID: contractID)
        return StrategyOutline(levels: StrategyOutline.levels(levelNames: names, nodes: nodes), levelNames: names, nodes: nodes)
    }

    func insertNode(contractID: Int, parentID: Int?, depth: Int, level: StrategyLevel, code: String, title: String, summary: String?, position: Int) async throws -> Int {
        try await database.insert(into: "strategy_nodes")
            .columns("contract_id", "parent_id", "depth", "level", "code", "title", "summary", "position")
            .values(SQLBind(contractID), SQLBind(parentID), SQLBind(depth), SQLBind(level.rawValue), SQLBind(code), SQLBind(title), SQLBind(summary), SQLBind(position))
            .returning("id").first(decoding: IDRow.self)!.id
    }

    func updateNode(_ id: Int, parentID: Int?, code: String, title: String, summary: String?) async throws {
        try await database.update("strategy_nodes")
            .set("parent_id", to: SQLBind(parentID)).set("code", to: SQLBind(code)).set("title", to: SQLBind(title)).set("summary", to: SQLBind(summary))
            .where("id", .equal, SQLBind(id)).run()
    }

    func setNodePosition(_ id: Int, _ position: Int) async throws {
        try await database.update("strategy_nodes").set("position", to: SQLBind(position)).where("id", .equal, SQLBind(id)).run()
    }

    func deleteNode(_ id: Int) async throws {
        try await database.delete(from: "strategy_nodes").where("id", .equal, SQLBind(id)).run()
    }

    /// What uses the nodes of a contract: links, milestones, photograph lines.
    func nodeUses(contractID: Int) async throws -> [StrategyNodeUse] {
        struct LinkRow: Decodable { var node_id: Int; var code: String; var title: String }
        let links = try await database.raw("""
            SELECT l.node_id, a.code, p.title FROM plan_links l JOIN plan_actions a ON a.id = l.action_id JOIN territorial_plans p ON p.id = a.plan_id
            WHERE l.contract_id = \(bind: contractID) ORDER BY l.id
            """).all(decoding: LinkRow.self)
        struct MilestoneRow: Decodable { var node_id: Int; var title: String; var year: Int }
        let milestones = try await database.raw("""
            SELECT mo.node_id, m.title, m.year FROM milestone_objectives mo JOIN milestones m ON m.id = mo.milestone_id
            WHERE m.contract_id = \(bind: contractID) ORDER BY m.year, m.id
            """).all(decoding: MilestoneRow.self)
        struct MeansRow: Decodable { var pillar_id: Int?; var ambition_id: Int?; var name: String; var year: Int }
        let means = try await database.raw("""
            SELECT c.pillar_id, c.ambition_id, o.name, c.year FROM common_law_means c JOIN organisations o ON o.id = c.organisation_id
            WHERE c.contract_id = \(bind: contractID) ORDER BY c.year, c.id
            """).all(decoding: MeansRow.self)
        return links.map { StrategyNodeUse(nodeID: $0.node_id, kind: .link, label: "action « \($0.code) » (\($0.title))") }
            + milestones.map { StrategyNodeUse(nodeID: $0.node_id, kind: .milestone, label: "« \($0.title) » (\($0.year))") }
            + means.flatMap { row in
                [row.pillar_id, row.ambition_id].compactMap { $0 }.map { StrategyNodeUse(nodeID: $0, kind: .means, label: "\(row.name), \(row.year)") }
            }
    }

    // MARK: Transversal axes

    func axes(contractID: Int) async throws -> [TransversalAxisRecord] {
        struct Row: Decodable { var id: Int; var code: String; var title: String; var summary: String?; var position: Int }
        return try await database.raw("SELECT id, code, title, summary, position FROM transversal_axes WHERE contract_id = \(bind: contractID) ORDER BY position, id")
            .all(decoding: Row.self).map { TransversalAxisRecord(id: $0.id, code: $0.code, title: $0.title, summary: $0.summary, position: $0.position) }
    }

    func insertAxis(contractID: Int, code: String, title: String, summary: String?, position: Int) async throws -> Int {
        try await database.insert(into: "transversal_axes")
            .columns("contract_id", "code", "title", "summary", "position")
            .values(SQLBind(contractID), SQLBind(code), SQLBind(title), SQLBind(summary), SQLBind(position))
            .returning("id").first(decoding: IDRow.self)!.id
    }

    func updateAxis(_ id: Int, code: String, title: String, summary: String?) async throws {
        try await database.update("transversal_axes")
            .set("code", to: SQLBind(code)).set("title", to: SQLBind(title)).set("summary", to: SQLBind(summary))
            .where("id", .equal, SQLBind(id)).run()
    }

    func setAxisPosition(_ id: Int, _ position: Int) async throws {
        try await database.update("transversal_axes").set("position", to: SQLBind(position)).where("id", .equal, SQLBind(id)).run()
    }

    func deleteAxis(_ id: Int) async throws {
        try await database.delete(from: "transversal_axes").where("id", .equal, SQLBind(id)).run()
    }

    // MARK: Amendments

    struct AmendmentRow: Decodable {
        var id: Int, number: Int, amendment_date: String, title: String, summary: String?, opened_at: String, closed_at: String?
        var amendment: Amendment {
            Amendment(id: id, number: number, date: amendment_date, title: title, summary: summary, openedAt: opened_at, closedAt: closed_at)
        }
    }

    func amendments(contractID: Int) async throws -> [Amendment] {
        try await database.raw("""
            SELECT id, number, amendment_date, title, summary, opened_at, closed_at FROM amendments
            WHERE contract_id = \(bind: contractID) ORDER BY number
            """).all(decoding: AmendmentRow.self).map(\.amendment)
    }

    func openAmendment(contractID: Int) async throws -> Amendment? {
        try await amendments(contractID: contractID).first(where: \.isOpen)
    }

    func insertAmendment(contractID: Int, number: Int, date: String, title: String, summary: String?, openedAt: String, openedBy: String) async throws -> Int {
        try await database.insert(into: "amendments")
            .columns("contract_id", "number", "amendment_date", "title", "summary", "opened_at", "opened_by")
            .values(SQLBind(contractID), SQLBind(number), SQLBind(date), SQLBind(title), SQLBind(summary), SQLBind(openedAt), SQLBind(openedBy))
            .returning("id").first(decoding: IDRow.self)!.id
    }

    func closeAmendment(_ id: Int, at: String) async throws {
        try await database.update("amendments").set("closed_at", to: SQLBind(at)).where("id", .equal, SQLBind(id)).run()
    }

    // MARK: History

    func recordChange(contractID: Int, amendmentID: Int?, occurredAt: String, actor: Actor, action: StrategyChange.Action, target: StrategyChange.Target,
                      targetID: Int, code: String, description: String, before: String?, after: String?) async throws {
        try await database.insert(into: "strategy_changes")
            .columns("contract_id", "amendment_id", "occurred_at", "actor_user_id", "actor_label", "action", "target", "target_id", "code", "description", "before_state", "after_state")
            .values(SQLBind(contractID), SQLBind(amendmentID), SQLBind(occurredAt), SQLBind(actor.userID), SQLBind(actor.label), SQLBind(action.rawValue),
                    SQLBind(target.rawValue), SQLBind(targetID), SQLBind(code), SQLBind(description), SQLBind(before), SQLBind(after))
            .run()
    }

    /// Changes of a contract, most recent first; only those of one amendment when given.
    func changes(contractID: Int, amendmentID: Int? = nil) async throws -> [StrategyChange] {
        struct Row: Decodable {
            var id: Int, amendment_id: Int?, occurred_at: String, actor_user_id: Int?, actor_label: String, action: String, target: String
            var target_id: Int, code: String, description: String, before_state: String?, after_state: String?
        }
        var query = SQLQueryString("SELECT * FROM strategy_changes WHERE contract_id = \(bind: contractID)")
        if let amendmentID { query = query + " AND amendment_id = \(bind: amendmentID)" }
        return try await database.raw(query + " ORDER BY id DESC").all(decoding: Row.self).map {
            StrategyChange(id: $0.id, amendmentID: $0.amendment_id, occurredAt: $0.occurred_at, actorUserID: $0.actor_user_id, actorLabel: $0.actor_label,
                           action: StrategyChange.Action(rawValue: $0.action) ?? .update, target: StrategyChange.Target(rawValue: $0.target) ?? .node,
                           targetID: $0.target_id, code: $0.code, description: $0.description, before: $0.before_state, after: $0.after_state)
        }
    }
}
