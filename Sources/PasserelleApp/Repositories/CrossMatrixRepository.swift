import Fluent
import Foundation
import PasserelleDomain
import SQLKit

/// A territorial plan as stored for a contract, with what the domain type leaves out.
struct StoredPlan: Sendable, Equatable {
    var plan: TerritorialPlan
    var summary: String?
    var source: String?
    var isDemo: Bool
    var position: Int
}

/// A link as stored, with its identity and when it was asserted.
struct StoredLink: Sendable, Equatable {
    var id: Int
    var link: PlanLink
    var assertedByUserID: Int?
    var createdAt: String
}

/// A commitment record as stored.
struct StoredCommitment: Sendable, Equatable {
    var id: Int
    var commitment: Commitment
    var recordedAt: String
    var recordedBy: String
}

/// A line of the common-law photograph as stored: the domain line (with the pillar and ambition
/// codes as they are now) and the node ids it is attached to.
struct StoredMeans: Sendable, Equatable {
    var id: Int
    var means: CommonLawMeans
    var pillarID: Int?
    var ambitionID: Int?
    var recordedAt: String
    var recordedBy: String
}

/// Plans, actions, links, roadmap milestones, commitments and photograph lines of a contract.
/// Same SQL on SQLite and PostgreSQL, bound parameters only.
struct SQLCrossMatrixRepository: Sendable {
    let database: any SQLDatabase

    init(database: any Database) {
        self.database = database as! any SQLDatabase
    }

    struct IDRow: Decodable { var id: Int }

    // MARK: Plans

    struct PlanRow: Decodable {
        var id: Int, kind: String, title: String, owner: String, start_year: Int, end_year: Int
        var summary: String?, source: String?, is_demo: Bool, position: Int
        var stored: StoredPlan {
            StoredPlan(plan: TerritorialPlan(id: id, kind: PlanKind(rawValue: kind) ?? .other, title: title, owner: owner, startYear: start_year, endYear: end_year),
                       summary: summary, source: source, isDemo: is_demo, position: position)
        }
    }

    func plans(contractID: Int) async throws -> [StoredPlan] {
        try await database.raw("""
            SELECT id, kind, title, owner, start_year, end_year, summary, source, is_demo, position FROM territorial_plans
            WHERE contract_id = \(bind: contractID) ORDER BY position, id
            """).all(decoding: PlanRow.self).map(\.stored)
    }

    func plan(_ id: Int, contractID: Int) async throws -> StoredPlan? {
        try await database.raw("""
            SELECT id, kind, title, owner, start_year, end_year, summary, source, is_demo, position FROM territorial_plans
            WHERE id = \(bind: id) AND contract_id = \(bind: contractID)
            """).first(decoding: PlanRow.self)?.stored
    }

    func insertPlan(contractID: Int, _ plan: TerritorialPlan, summary: String?, source: String?, isDemo: Bool, createdAt: String) async throws -> Int {
        struct Count: Decodable { var n: Int }
        let position = try await database.raw("SELECT COUNT(*) AS n FROM territorial_plans WHERE contract_id = \(bind: contractID)").first(decoding: Count.self)?.n ?? 0
        return try await database.insert(into: "territorial_plans")
            .columns("contract_id", "kind", "title", "owner", "start_year", "end_year", "summary", "source", "is_demo", "position", "created_at")
            .values(SQLBind(contractID), SQLBind(plan.kind.rawValue), SQLBind(plan.title), SQLBind(plan.owner), SQLBind(plan.startYear), SQLBind(plan.endYear),
                    SQLBind(summary), SQLBind(source), SQLBind(isDemo), SQLBind(position), SQLBind(createdAt))
            .returning("id").first(decoding: IDRow.self)!.id
    }

    func updatePlan(_ plan: TerritorialPlan, summary: String?) async throws {
        try await database.update("territorial_plans")
            .set("kind", to: SQLBind(plan.kind.rawValue)).set("title", to: SQLBind(plan.title)).set("owner", to: SQLBind(plan.owner))
            .set("start_year", to: SQLBind(plan.startYear)).set("end_year", to: SQLBind(plan.endYear)).set("summary", to: SQLBind(summary))
            .where("id", .equal, SQLBind(plan.id)).run()
    }

    func deletePlan(_ id: Int) async throws {
        try await database.delete(from: "plan_actions").where("plan_id", .equal, SQLBind(id)).run()
        try await database.delete(from: "territorial_plans").where("id", .equal, SQLBind(id)).run()
    }

    // MARK: Actions

    struct ActionRow: Decodable {
        var id: Int, plan_id: Int, code: String, title: String, theme: String?, budget: Double?, target: String?, perimeter: String, position: Int
        var action: PlanAction {
            let parsed = (try? ActionPerimeter.parse(perimeter).get()) ?? .unspecified
            return PlanAction(id: id, planID: plan_id, code: code, title: title, theme: theme.flatMap(TransitionTheme.init(rawValue:)),
                              budget: budget, target: target, perimeter: parsed)
        }
    }

    /// The actions of the contract's plans, plan by plan, in their order.
    func actions(contractID: Int) async throws -> [PlanAction] {
        try await database.raw("""
            SELECT a.id, a.plan_id, a.code, a.title, a.theme, a.budget, a.target, a.perimeter, a.position FROM plan_actions a
            JOIN territorial_plans p ON p.id = a.plan_id WHERE p.contract_id = \(bind: contractID)
            ORDER BY p.position, p.id, a.position, a.id
            """).all(decoding: ActionRow.self).map(\.action)
    }

    func actions(planID: Int) async throws -> [PlanAction] {
        try await database.raw("""
            SELECT id, plan_id, code, title, theme, budget, target, perimeter, position FROM plan_actions
            WHERE plan_id = \(bind: planID) ORDER BY position, id
            """).all(decoding: ActionRow.self).map(\.action)
    }

    func action(_ id: Int, contractID: Int) async throws -> PlanAction? {
        try await database.raw("""
            SELECT a.id, a.plan_id, a.code, a.title, a.theme, a.budget, a.target, a.perimeter, a.position FROM plan_actions a
            JOIN territorial_plans p ON p.id = a.plan_id WHERE a.id = \(bind: id) AND p.contract_id = \(bind: contractID)
            """).first(decoding: ActionRow.self)?.action
    }

    func insertAction(_ action: PlanAction, position: Int) async throws -> Int {
        try await database.insert(into: "plan_actions")
            .columns("plan_id", "code", "title", "theme", "budget", "target", "perimeter", "position")
            .values(SQLBind(action.planID), SQLBind(action.code), SQLBind(action.title), SQLBind(action.theme?.rawValue), SQLBind(action.budget),
                    SQLBind(action.target), SQLBind(action.perimeter.text), SQLBind(position))
            .returning("id").first(decoding: IDRow.self)!.id
    }

    func updateAction(_ action: PlanAction) async throws {
        try await database.update("plan_actions")
            .set("code", to: SQLBind(action.code)).set("title", to: SQLBind(action.title)).set("theme", to: SQLBind(action.theme?.rawValue))
            .set("budget", to: SQLBind(action.budget)).set("target", to: SQLBind(action.target)).set("perimeter", to: SQLBind(action.perimeter.text))
            .where("id", .equal, SQLBind(action.id)).run()
    }

    func deleteAction(_ id: Int) async throws {
        try await database.delete(from: "plan_actions").where("id", .equal, SQLBind(id)).run()
    }

    /// What uses the actions of a contract: links and milestones, as "lien vers « P2.A3 »" labels.
    func actionUses(contractID: Int) async throws -> [(actionID: Int, label: String)] {
        struct LinkRow: Decodable { var action_id: Int; var code: String; var kind: String }
        let links = try await database.raw("""
            SELECT l.action_id, n.code, l.kind FROM plan_links l JOIN strategy_nodes n ON n.id = l.node_id
            WHERE l.contract_id = \(bind: contractID) ORDER BY l.id
            """).all(decoding: LinkRow.self)
        struct MilestoneRow: Decodable { var action_id: Int; var title: String; var year: Int }
        let milestones = try await database.raw("""
            SELECT ma.action_id, m.title, m.year FROM milestone_actions ma JOIN milestones m ON m.id = ma.milestone_id
            WHERE m.contract_id = \(bind: contractID) ORDER BY m.year, m.id
            """).all(decoding: MilestoneRow.self)
        return links.map { ($0.action_id, "lien « \(LinkKind(rawValue: $0.kind)?.label ?? $0.kind) » vers « \($0.code) »") }
            + milestones.map { ($0.action_id, "jalon « \($0.title) » (\($0.year))") }
    }

    // MARK: Links

    struct LinkRow: Decodable {
        var id: Int, action_id: Int, node_id: Int, kind: String, qpv: String, note: String?, asserted_by: String, asserted_by_user_id: Int?, created_at: String
        var stored: StoredLink {
            let codes = qpv.split(separator: ",").map { TerritoryKey(kind: .qpv, code: String($0)) }
            return StoredLink(id: id, link: PlanLink(actionID: action_id, objectiveID: node_id, kind: LinkKind(rawValue: kind) ?? .couldContribute,
                                                     qpv: codes, note: note, assertedBy: asserted_by),
                              assertedByUserID: asserted_by_user_id, createdAt: created_at)
        }
    }

    func links(contractID: Int) async throws -> [StoredLink] {
        try await database.raw("""
            SELECT id, action_id, node_id, kind, qpv, note, asserted_by, asserted_by_user_id, created_at FROM plan_links
            WHERE contract_id = \(bind: contractID) ORDER BY id
            """).all(decoding: LinkRow.self).map(\.stored)
    }

    func link(_ id: Int, contractID: Int) async throws -> StoredLink? {
        try await database.raw("""
            SELECT id, action_id, node_id, kind, qpv, note, asserted_by, asserted_by_user_id, created_at FROM plan_links
            WHERE id = \(bind: id) AND contract_id = \(bind: contractID)
            """).first(decoding: LinkRow.self)?.stored
    }

    func insertLink(contractID: Int, _ link: PlanLink, userID: Int?, createdAt: String) async throws -> Int {
        try await database.insert(into: "plan_links")
            .columns("contract_id", "action_id", "node_id", "kind", "qpv", "note", "asserted_by", "asserted_by_user_id", "created_at")
            .values(SQLBind(contractID), SQLBind(link.actionID), SQLBind(link.objectiveID), SQLBind(link.kind.rawValue),
                    SQLBind(link.qpv.map(\.code).joined(separator: ",")), SQLBind(link.note), SQLBind(link.assertedBy), SQLBind(userID), SQLBind(createdAt))
            .returning("id").first(decoding: IDRow.self)!.id
    }

    func deleteLink(_ id: Int) async throws {
        try await database.delete(from: "plan_links").where("id", .equal, SQLBind(id)).run()
    }

    // MARK: Milestones

    func milestones(contractID: Int) async throws -> [Milestone] {
        struct Row: Decodable {
            var id: Int, year: Int, title: String, owner: String, indicator_code: String?, target: String?, status: String, position: Int
        }
        let rows = try await database.raw("""
            SELECT id, year, title, owner, indicator_code, target, status, position FROM milestones
            WHERE contract_id = \(bind: contractID) ORDER BY year, position, id
            """).all(decoding: Row.self)
        struct JoinRow: Decodable { var milestone_id: Int; var other_id: Int }
        let objectives = Dictionary(grouping: try await database.raw("""
            SELECT mo.milestone_id, mo.node_id AS other_id FROM milestone_objectives mo JOIN milestones m ON m.id = mo.milestone_id
            WHERE m.contract_id = \(bind: contractID) ORDER BY mo.id
            """).all(decoding: JoinRow.self), by: \.milestone_id)
        let actions = Dictionary(grouping: try await database.raw("""
            SELECT ma.milestone_id, ma.action_id AS other_id FROM milestone_actions ma JOIN milestones m ON m.id = ma.milestone_id
            WHERE m.contract_id = \(bind: contractID) ORDER BY ma.id
            """).all(decoding: JoinRow.self), by: \.milestone_id)
        return rows.map {
            Milestone(id: $0.id, year: $0.year, title: $0.title, owner: $0.owner, indicatorCode: $0.indicator_code, target: $0.target,
                      objectiveIDs: (objectives[$0.id] ?? []).map(\.other_id), actionIDs: (actions[$0.id] ?? []).map(\.other_id),
                      status: MilestoneStatus(rawValue: $0.status) ?? .planned)
        }
    }

    func insertMilestone(contractID: Int, _ milestone: Milestone, updatedAt: String) async throws -> Int {
        struct Count: Decodable { var n: Int }
        let position = try await database.raw("SELECT COUNT(*) AS n FROM milestones WHERE contract_id = \(bind: contractID)").first(decoding: Count.self)?.n ?? 0
        let id = try await database.insert(into: "milestones")
            .columns("contract_id", "year", "title", "owner", "indicator_code", "target", "status", "position", "updated_at")
            .values(SQLBind(contractID), SQLBind(milestone.year), SQLBind(milestone.title), SQLBind(milestone.owner), SQLBind(milestone.indicatorCode),
                    SQLBind(milestone.target), SQLBind(milestone.status.rawValue), SQLBind(position), SQLBind(updatedAt))
            .returning("id").first(decoding: IDRow.self)!.id
        try await replaceMilestoneLinks(id, objectiveIDs: milestone.objectiveIDs, actionIDs: milestone.actionIDs)
        return id
    }

    func updateMilestone(_ milestone: Milestone, updatedAt: String) async throws {
        try await database.update("milestones")
            .set("year", to: SQLBind(milestone.year)).set("title", to: SQLBind(milestone.title)).set("owner", to: SQLBind(milestone.owner))
            .set("indicator_code", to: SQLBind(milestone.indicatorCode)).set("target", to: SQLBind(milestone.target))
            .set("status", to: SQLBind(milestone.status.rawValue)).set("updated_at", to: SQLBind(updatedAt))
            .where("id", .equal, SQLBind(milestone.id)).run()
        try await replaceMilestoneLinks(milestone.id, objectiveIDs: milestone.objectiveIDs, actionIDs: milestone.actionIDs)
    }

    private func replaceMilestoneLinks(_ id: Int, objectiveIDs: [Int], actionIDs: [Int]) async throws {
        try await database.delete(from: "milestone_objectives").where("milestone_id", .equal, SQLBind(id)).run()
        try await database.delete(from: "milestone_actions").where("milestone_id", .equal, SQLBind(id)).run()
        var seen = Set<Int>()
        for node in objectiveIDs where seen.insert(node).inserted {
            try await database.insert(into: "milestone_objectives").columns("milestone_id", "node_id").values(SQLBind(id), SQLBind(node)).run()
        }
        seen = []
        for action in actionIDs where seen.insert(action).inserted {
            try await database.insert(into: "milestone_actions").columns("milestone_id", "action_id").values(SQLBind(id), SQLBind(action)).run()
        }
    }

    func deleteMilestone(_ id: Int) async throws {
        try await database.delete(from: "milestone_objectives").where("milestone_id", .equal, SQLBind(id)).run()
        try await database.delete(from: "milestone_actions").where("milestone_id", .equal, SQLBind(id)).run()
        try await database.delete(from: "milestones").where("id", .equal, SQLBind(id)).run()
    }

    // MARK: Commitments

    func commitments(contractID: Int) async throws -> [StoredCommitment] {
        struct Row: Decodable {
            var id: Int, organisation_id: Int, kind: String, status: String, evidence: String?, year: Int, recorded_at: String, recorded_by: String
        }
        return try await database.raw("""
            SELECT id, organisation_id, kind, status, evidence, year, recorded_at, recorded_by FROM commitments
            WHERE contract_id = \(bind: contractID) ORDER BY year, id
            """).all(decoding: Row.self).compactMap { row in
            guard let kind = CommitmentKind(rawValue: row.kind), let status = CommitmentStatus(rawValue: row.status) else { return nil }
            return StoredCommitment(id: row.id, commitment: Commitment(signatoryID: row.organisation_id, kind: kind, status: status, evidence: row.evidence, updatedYear: row.year),
                                    recordedAt: row.recorded_at, recordedBy: row.recorded_by)
        }
    }

    /// Writes the record of a signatory × commitment × year, replacing the one of that year.
    func upsertCommitment(contractID: Int, _ commitment: Commitment, recordedAt: String, recordedBy: String) async throws {
        try await database.delete(from: "commitments")
            .where("contract_id", .equal, SQLBind(contractID)).where("organisation_id", .equal, SQLBind(commitment.signatoryID))
            .where("kind", .equal, SQLBind(commitment.kind.rawValue)).where("year", .equal, SQLBind(commitment.updatedYear)).run()
        try await database.insert(into: "commitments")
            .columns("contract_id", "organisation_id", "kind", "status", "evidence", "year", "recorded_at", "recorded_by")
            .values(SQLBind(contractID), SQLBind(commitment.signatoryID), SQLBind(commitment.kind.rawValue), SQLBind(commitment.status.rawValue),
                    SQLBind(commitment.evidence), SQLBind(commitment.updatedYear), SQLBind(recordedAt), SQLBind(recordedBy))
            .run()
    }

    // MARK: Common-law photograph

    func means(contractID: Int) async throws -> [StoredMeans] {
        struct Row: Decodable {
            var id: Int, organisation_id: Int, year: Int, pillar_id: Int?, ambition_id: Int?, pillar_code: String?, ambition_code: String?
            var amount_euros: Double?, staff_fte: Double?, beneficiaries: Int?, beneficiaries_in_qpv: Int?, note: String?, recorded_at: String, recorded_by: String
        }
        return try await database.raw("""
            SELECT c.id, c.organisation_id, c.year, c.pillar_id, c.ambition_id, p.code AS pillar_code, a.code AS ambition_code,
                   c.amount_euros, c.staff_fte, c.beneficiaries, c.beneficiaries_in_qpv, c.note, c.recorded_at, c.recorded_by
            FROM common_law_means c LEFT JOIN strategy_nodes p ON p.id = c.pillar_id LEFT JOIN strategy_nodes a ON a.id = c.ambition_id
            WHERE c.contract_id = \(bind: contractID) ORDER BY c.year, c.id
            """).all(decoding: Row.self).map {
            StoredMeans(id: $0.id, means: CommonLawMeans(signatoryID: $0.organisation_id, year: $0.year, pillarCode: $0.pillar_code, ambitionCode: $0.ambition_code,
                                                         amountEuros: $0.amount_euros, staffFTE: $0.staff_fte, beneficiaries: $0.beneficiaries,
                                                         beneficiariesInQPV: $0.beneficiaries_in_qpv, note: $0.note),
                        pillarID: $0.pillar_id, ambitionID: $0.ambition_id, recordedAt: $0.recorded_at, recordedBy: $0.recorded_by)
        }
    }

    func insertMeans(contractID: Int, _ line: CommonLawMeans, pillarID: Int?, ambitionID: Int?, recordedAt: String, recordedBy: String) async throws -> Int {
        try await database.insert(into: "common_law_means")
            .columns("contract_id", "organisation_id", "year", "pillar_id", "ambition_id", "amount_euros", "staff_fte", "beneficiaries", "beneficiaries_in_qpv",
                     "note", "recorded_at", "recorded_by")
            .values(SQLBind(contractID), SQLBind(line.signatoryID), SQLBind(line.year), SQLBind(pillarID), SQLBind(ambitionID), SQLBind(line.amountEuros),
                    SQLBind(line.staffFTE), SQLBind(line.beneficiaries), SQLBind(line.beneficiariesInQPV), SQLBind(line.note), SQLBind(recordedAt), SQLBind(recordedBy))
            .returning("id").first(decoding: IDRow.self)!.id
    }

    func deleteMeans(_ id: Int) async throws {
        try await database.delete(from: "common_law_means").where("id", .equal, SQLBind(id)).run()
    }
}
