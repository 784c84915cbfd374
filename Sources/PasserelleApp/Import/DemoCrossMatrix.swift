import Fluent
import Foundation
import PasserelleDomain

/// The CALL demo's cross-matrix: a sample PCAET and the SATD food plan with a few actions, links of
/// every kind (a blind spot and a contradiction among them), roadmap milestones, commitments and
/// photograph lines. Every plan is flagged as a demonstration sample and says which facts come from
/// seed 004; the rest is written for the demonstration. Loaded through the services, so the demo
/// obeys the same rules as user input, in one transaction; idempotent (nothing happens when the
/// CALL already has plans).
enum DemoCrossMatrix {
    struct File: Decodable {
        struct Action: Decodable { var code: String; var title: String; var theme: String?; var budget: Double?; var target: String?; var perimeter: String }
        struct Plan: Decodable {
            var kind: String; var title: String; var owner: String; var startYear: Int; var endYear: Int; var summary: String
            var actions: [Action]
        }
        struct Link: Decodable { var action: String; var objective: String; var kind: String; var qpv: [String]?; var note: String? }
        struct MilestoneSpec: Decodable {
            var year: Int; var title: String; var owner: String; var indicator: String?; var target: String?; var status: String
            var objectives: [String]?; var actions: [String]?
        }
        struct CommitmentSpec: Decodable { var organisation: String; var year: Int; var kind: String; var status: String; var evidence: String? }
        struct MeansSpec: Decodable {
            var organisation: String; var year: Int; var pillar: String?; var ambition: String?; var amountEuros: Double?; var staffFTE: Double?
            var beneficiaries: Int?; var beneficiariesInQPV: Int?; var note: String?
        }

        var contract: String
        var source: String
        var assertedBy: String
        var plans: [Plan]
        var links: [Link]
        var milestones: [MilestoneSpec]
        var commitments: [CommitmentSpec]
        var means: [MeansSpec]
    }

    struct DemoDataError: Error, CustomStringConvertible {
        var description: String
    }

    static let actor = Actor(userID: nil, label: "démonstration Passerelle")

    /// Loads the sample when the contract exists and has no plan yet; returns whether it loaded.
    @discardableResult
    static func run(on database: any Database, clock: any Clock) async throws -> Bool {
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: Resources.demoDirectory.appendingPathComponent("call-crossmatrix.json")))
        guard let contractID = try await SQLContractRepository(database: database).id(forSlug: file.contract),
              try await SQLCrossMatrixRepository(database: database).plans(contractID: contractID).isEmpty else { return false }
        try await database.transaction { db in
            guard let detail = try await SQLContractRepository(database: db).find(id: contractID) else { return }
            let repository = SQLCrossMatrixRepository(database: db)
            let matrix = CrossMatrixService(database: db, clock: clock)
            let nodes = detail.tree.flatMap(\.flattened)
            func node(_ code: String) throws -> StrategyNode {
                guard let node = nodes.first(where: { $0.code == code }) else { throw DemoDataError(description: "démonstration : nœud « \(code) » absent du contrat") }
                return node
            }
            var actionIDs: [String: Int] = [:]
            for plan in file.plans {
                guard let kind = PlanKind(rawValue: plan.kind) else { throw DemoDataError(description: "démonstration : type de plan « \(plan.kind) » inconnu") }
                let planID = try await repository.insertPlan(contractID: contractID,
                    TerritorialPlan(id: 0, kind: kind, title: plan.title, owner: plan.owner, startYear: plan.startYear, endYear: plan.endYear),
                    summary: plan.summary, source: file.source, isDemo: true, createdAt: clock.now().isoString)
                try await AuditTrail(database: db, clock: clock).record("create", entity: "territorial-plan", id: String(planID), contractID: contractID, by: actor,
                                                                         after: ["title": plan.title, "demo": "oui"])
                for action in plan.actions {
                    let saved = try await matrix.addAction(contractID: contractID, planID: planID,
                        .init(code: action.code, title: action.title, theme: action.theme, budget: action.budget.map { JSONNumberOrSecret.plain($0) },
                              target: action.target, perimeter: action.perimeter), by: actor)
                    actionIDs[action.code] = saved.id
                }
            }
            func action(_ code: String) throws -> Int {
                guard let id = actionIDs[code] else { throw DemoDataError(description: "démonstration : action « \(code) » absente des plans") }
                return id
            }
            for link in file.links {
                _ = try await matrix.addLink(contractID: contractID,
                    .init(actionID: try action(link.action), objectiveID: try node(link.objective).id, kind: link.kind, qpv: link.qpv ?? [], note: link.note),
                    assertedBy: file.assertedBy, by: actor)
            }
            let roadmap = RoadmapService(database: db, clock: clock)
            for milestone in file.milestones {
                _ = try await roadmap.add(contract: detail.contract,
                    .init(year: milestone.year, title: milestone.title, owner: milestone.owner, indicatorCode: milestone.indicator, target: milestone.target,
                          status: milestone.status, objectiveIDs: try (milestone.objectives ?? []).map { try node($0).id },
                          actionIDs: try (milestone.actions ?? []).map(action)), by: actor)
            }
            let commitments = CommitmentService(database: db, clock: clock)
            let everything = Principal(userID: 0, organisationID: nil, memberships: [Membership(role: .administrator, contractID: nil)])
            func signatory(_ name: String) throws -> Int {
                guard let organisation = detail.signatories.first(where: { $0.name == name }) else {
                    throw DemoDataError(description: "démonstration : « \(name) » n'est pas signataire du contrat")
                }
                return organisation.id
            }
            for record in file.commitments {
                try await commitments.record(detail: detail, organisationID: try signatory(record.organisation), year: record.year,
                                             [.init(kind: record.kind, status: record.status, evidence: record.evidence)], principal: everything, by: actor)
            }
            for line in file.means {
                _ = try await commitments.addMeans(detail: detail, organisationID: try signatory(line.organisation),
                    .init(year: line.year, pillarID: try line.pillar.map { try node($0).id }, ambitionID: try line.ambition.map { try node($0).id },
                          amount: line.amountEuros.map { JSONNumberOrSecret.plain($0) }, staff: line.staffFTE.map { JSONNumberOrSecret.plain($0) },
                          beneficiaries: line.beneficiaries.map(String.init), beneficiariesInQPV: line.beneficiariesInQPV.map(String.init), note: line.note),
                    principal: everything, by: actor)
            }
        }
        return true
    }
}
