import Fluent
import Foundation
import PasserelleDomain
import SQLKit

/// A funder as stored: the domain funder (its organisation's name, kind and SIRET) and its schemes.
struct StoredFunder: Sendable, Equatable {
    var funder: Funder
    var organisationID: Int
    var source: String?
    var schemes: [StoredScheme]
}

struct StoredScheme: Sendable, Equatable {
    var scheme: Scheme
    var source: String?
}

/// A call as stored, with what the domain `Call` does not hold.
struct StoredCall: Sendable, Equatable {
    var call: Call
    /// The department's programme 147 envelope for the year, needed by the vulnerable-territories cap.
    var departmentP147Envelope: Double?
    var isDemo: Bool
    var createdAt: String
}

/// What a holder fills in besides the title, the holder and the funding lines; kept as JSON.
/// Everything may be missing or empty while the application is a draft.
struct ApplicationBody: Codable, Sendable, Equatable {
    var coHolders: [CoHolder] = []
    var objectiveIDs: [Int] = []
    var qpvCodes: [String] = []
    var otherAreas: [TargetArea] = []
    var startDate: CalendarDate?
    var endDate: CalendarDate?
    var years: [Int] = []
    var budgetLines: [BudgetLine] = []
    var beneficiaries = Beneficiaries(total: 0, women: 0, men: 0, livingInQPVShare: 0)
    var expectedIndicators: [ExpectedIndicator] = []
    var transitionStatement = ""
    var themes: [TransitionTheme] = []
    var actionType: ActionType?
    var scale: ActionScale?
    var declaredCriteria: [String] = []
}

/// An application as stored.
struct StoredApplication: Sendable, Equatable {
    var id: Int
    var callID: Int
    var organisationID: Int
    var holder: ProjectHolder
    var title: String
    var status: ApplicationStatus
    var ownFunds: Double
    var body: ApplicationBody
    var fundingLines: [FundingLine]
    /// Number of submitted versions (0 for a draft never submitted).
    var version: Int
    var isDemo: Bool
    var createdAt: String
    var updatedAt: String
    var submittedAt: String?

    /// The application as the domain reads it. A draft's missing dates take the call's action period
    /// and a missing action type reads as `.other`; both are required before submission.
    func domain(call: Call) -> FundingApplication {
        FundingApplication(
            id: id, callID: callID, holder: holder, coHolders: body.coHolders, title: title, objectiveIDs: body.objectiveIDs,
            qpvCodes: body.qpvCodes, otherAreas: body.otherAreas, startDate: body.startDate ?? call.actionStartsOn,
            endDate: body.endDate ?? call.actionEndsOn, years: body.years, budgetLines: body.budgetLines, fundingPlan: fundingLines,
            ownFunds: ownFunds, beneficiaries: body.beneficiaries, expectedIndicators: body.expectedIndicators,
            transitionStatement: body.transitionStatement, themes: body.themes, actionType: body.actionType ?? .other,
            scale: body.scale, declaredCriteria: body.declaredCriteria, status: status)
    }
}

struct StoredReview: Sendable, Equatable {
    var id: Int
    var review: Review
    var instructorUserID: Int?
    var createdAt: String
    var updatedAt: String
}

struct StoredDecision: Sendable, Equatable {
    var decision: Decision
    var recordedAt: String
    var recordedBy: String
}

struct StoredAgreement: Sendable, Equatable {
    var agreement: Agreement
    var recordedAt: String
}

/// One move of an application's status, with who made it and when.
struct StatusChange: Sendable, Equatable, Codable {
    var from: ApplicationStatus
    var to: ApplicationStatus
    var occurredAt: String
    var actorUserID: Int?
    var actorLabel: String
    var role: ProgrammingRole
}

/// Which applications a query reads.
enum ApplicationSelection: Sendable {
    case id(Int)
    case call(Int)
    case contract(Int)
    case organisation(Int)

    /// The condition on `applications a`, with its bound value.
    var condition: SQLQueryString {
        switch self {
        case .id(let id): "a.id = \(bind: id)"
        case .call(let id): "a.call_id = \(bind: id)"
        case .contract(let id): "a.call_id IN (SELECT c.id FROM calls c WHERE c.contract_id = \(bind: id))"
        case .organisation(let id): "a.organisation_id = \(bind: id)"
        }
    }
}

/// Funders, schemes, calls, applications, reviews, decisions and agreements: the same SQL on
/// SQLite and PostgreSQL, bound parameters only.
struct SQLProgrammingRepository: Sendable {
    let database: any SQLDatabase

    init(database: any Database) {
        self.database = database as! any SQLDatabase
    }

    struct IDRow: Decodable { var id: Int }

    // MARK: Funders and schemes

    func funders() async throws -> [StoredFunder] {
        struct FunderRow: Decodable { var id: Int; var organisation_id: Int; var code: String; var source: String?; var name: String; var kind: String; var siret: String? }
        struct SchemeRow: Decodable { var id: Int; var funder_id: Int; var code: String; var name: String; var kind: String; var source: String? }
        let funders = try await database.raw("""
            SELECT f.id, f.organisation_id, f.code, f.source, o.name, o.kind, o.siret FROM funders f
            JOIN organisations o ON o.id = f.organisation_id ORDER BY f.position, f.id
            """).all(decoding: FunderRow.self)
        let schemes = Dictionary(grouping: try await database.raw("SELECT id, funder_id, code, name, kind, source FROM schemes ORDER BY position, id")
            .all(decoding: SchemeRow.self), by: \.funder_id)
        return funders.map { row in
            StoredFunder(
                funder: Funder(id: row.id, code: row.code, name: row.name, kind: OrganisationKind(rawValue: row.kind) ?? .other, siret: row.siret),
                organisationID: row.organisation_id, source: row.source,
                schemes: (schemes[row.id] ?? []).map {
                    StoredScheme(scheme: Scheme(id: $0.id, funderID: $0.funder_id, name: $0.name, code: $0.code, kind: FundingKind(rawValue: $0.kind) ?? .specific),
                                 source: $0.source)
                })
        }
    }

    func catalog() async throws -> FundingCatalog {
        let funders = try await funders()
        return FundingCatalog(funders: funders.map(\.funder), schemes: funders.flatMap { $0.schemes.map(\.scheme) })
    }

    /// The funder with this code, created (with its organisation when no organisation has that name)
    /// if missing. Returns its id.
    @discardableResult
    func ensureFunder(code: String, organisationName: String, kind: OrganisationKind, siren: String?, siret: String?, source: String?) async throws -> Int {
        if let existing = try await database.raw("SELECT id FROM funders WHERE code = \(bind: code)").first(decoding: IDRow.self) {
            return existing.id
        }
        let organisationID: Int
        if let organisation = try await database.raw("SELECT id FROM organisations WHERE name = \(bind: organisationName)").first(decoding: IDRow.self) {
            organisationID = organisation.id
            if let siret {
                try await database.raw("UPDATE organisations SET siret = \(bind: siret) WHERE id = \(bind: organisationID) AND siret IS NULL").run()
            }
        } else {
            organisationID = try await database.insert(into: "organisations").columns("name", "kind", "siren", "siret")
                .values(SQLBind(organisationName), SQLBind(kind.rawValue), SQLBind(siren ?? siret.map { String($0.prefix(9)) }), SQLBind(siret))
                .returning("id").first(decoding: IDRow.self)!.id
        }
        struct Count: Decodable { var total: Int }
        let position = try await database.raw("SELECT COUNT(*) AS total FROM funders").first(decoding: Count.self)?.total ?? 0
        return try await database.insert(into: "funders").columns("organisation_id", "code", "source", "position")
            .values(SQLBind(organisationID), SQLBind(code), SQLBind(source), SQLBind(position))
            .returning("id").first(decoding: IDRow.self)!.id
    }

    /// The scheme with this code, created under the funder if missing. Returns its id.
    @discardableResult
    func ensureScheme(funderID: Int, code: String, name: String, kind: FundingKind, source: String?) async throws -> Int {
        if let existing = try await database.raw("SELECT id FROM schemes WHERE code = \(bind: code)").first(decoding: IDRow.self) {
            return existing.id
        }
        struct Count: Decodable { var total: Int }
        let position = try await database.raw("SELECT COUNT(*) AS total FROM schemes WHERE funder_id = \(bind: funderID)").first(decoding: Count.self)?.total ?? 0
        return try await database.insert(into: "schemes").columns("funder_id", "code", "name", "kind", "source", "position")
            .values(SQLBind(funderID), SQLBind(code), SQLBind(name), SQLBind(kind.rawValue), SQLBind(source), SQLBind(position))
            .returning("id").first(decoding: IDRow.self)!.id
    }

    func schemeCodeExists(_ code: String) async throws -> Bool {
        try await database.raw("SELECT id FROM schemes WHERE code = \(bind: code)").first(decoding: IDRow.self) != nil
    }

    func setSIRET(organisationID: Int, siret: String?) async throws {
        try await database.raw("UPDATE organisations SET siret = \(bind: siret) WHERE id = \(bind: organisationID)").run()
    }

    // MARK: Calls

    struct CallRow: Decodable {
        var id: Int, contract_id: Int, kind: String, title: String, year: Int
        var opens_on: String, closes_on: String, action_starts_on: String, action_ends_on: String
        var grid: String, documents: String, p147_department_envelope: Double?, is_demo: Bool, created_at: String
    }

    func calls(contractID: Int? = nil, callID: Int? = nil) async throws -> [StoredCall] {
        var query = SQLQueryString("SELECT * FROM calls")
        if let contractID { query = query + " WHERE contract_id = \(bind: contractID)" }
        if let callID { query = query + " WHERE id = \(bind: callID)" }
        let rows = try await database.raw(query + " ORDER BY year DESC, id DESC").all(decoding: CallRow.self)
        guard !rows.isEmpty else { return [] }
        let ids = rows.map(\.id)
        struct ObjectiveRow: Decodable { var call_id: Int; var node_id: Int }
        struct FunderRow: Decodable { var call_id: Int; var funder_id: Int; var envelope: Double? }
        struct SchemeRow: Decodable { var call_id: Int; var scheme_id: Int; var funder_id: Int }
        let objectives = Dictionary(grouping: try await database.raw("""
            SELECT call_id, node_id FROM call_objectives WHERE call_id IN (\(binds: ids)) ORDER BY position
            """).all(decoding: ObjectiveRow.self), by: \.call_id)
        let funders = Dictionary(grouping: try await database.raw("""
            SELECT call_id, funder_id, envelope FROM call_funders WHERE call_id IN (\(binds: ids)) ORDER BY position
            """).all(decoding: FunderRow.self), by: \.call_id)
        let schemes = Dictionary(grouping: try await database.raw("""
            SELECT cs.call_id, cs.scheme_id, s.funder_id FROM call_schemes cs JOIN schemes s ON s.id = cs.scheme_id
            WHERE cs.call_id IN (\(binds: ids)) ORDER BY s.position, s.id
            """).all(decoding: SchemeRow.self), by: \.call_id)
        let decoder = JSONDecoder()
        return rows.map { row in
            let callSchemes = schemes[row.id] ?? []
            let call = Call(
                id: row.id, contractID: row.contract_id, kind: CallKind(rawValue: row.kind) ?? .other, title: row.title, year: row.year,
                opensOn: CalendarDate(iso: row.opens_on)!, closesOn: CalendarDate(iso: row.closes_on)!,
                actionStartsOn: CalendarDate(iso: row.action_starts_on)!, actionEndsOn: CalendarDate(iso: row.action_ends_on)!,
                objectiveIDs: (objectives[row.id] ?? []).map(\.node_id),
                funders: (funders[row.id] ?? []).map { funder in
                    CallFunder(funderID: funder.funder_id, schemeIDs: callSchemes.filter { $0.funder_id == funder.funder_id }.map(\.scheme_id), envelope: funder.envelope)
                },
                grid: (try? decoder.decode(ScoringGrid.self, from: Data(row.grid.utf8))) ?? .regionDefault,
                documentsAsked: (try? decoder.decode([String].self, from: Data(row.documents.utf8))) ?? [])
            return StoredCall(call: call, departmentP147Envelope: row.p147_department_envelope, isDemo: row.is_demo, createdAt: row.created_at)
        }
    }

    func call(id: Int) async throws -> StoredCall? {
        try await calls(callID: id).first
    }

    func contractID(ofCall id: Int) async throws -> Int? {
        struct Row: Decodable { var contract_id: Int }
        return try await database.raw("SELECT contract_id FROM calls WHERE id = \(bind: id)").first(decoding: Row.self)?.contract_id
    }

    func createCall(_ call: Call, departmentP147Envelope: Double?, isDemo: Bool, createdAt: String) async throws -> Int {
        let id = try await database.insert(into: "calls")
            .columns("contract_id", "kind", "title", "year", "opens_on", "closes_on", "action_starts_on", "action_ends_on", "grid", "documents",
                     "p147_department_envelope", "is_demo", "created_at")
            .values(SQLBind(call.contractID), SQLBind(call.kind.rawValue), SQLBind(call.title), SQLBind(call.year), SQLBind(call.opensOn.iso),
                    SQLBind(call.closesOn.iso), SQLBind(call.actionStartsOn.iso), SQLBind(call.actionEndsOn.iso), SQLBind(try JSONText.encode(call.grid)),
                    SQLBind(try JSONText.encode(call.documentsAsked)), SQLBind(departmentP147Envelope), SQLBind(isDemo), SQLBind(createdAt))
            .returning("id").first(decoding: IDRow.self)!.id
        for (position, nodeID) in call.objectiveIDs.enumerated() {
            try await database.insert(into: "call_objectives").columns("call_id", "node_id", "position")
                .values(SQLBind(id), SQLBind(nodeID), SQLBind(position)).run()
        }
        for (position, funder) in call.funders.enumerated() {
            try await database.insert(into: "call_funders").columns("call_id", "funder_id", "envelope", "position")
                .values(SQLBind(id), SQLBind(funder.funderID), SQLBind(funder.envelope), SQLBind(position)).run()
            for schemeID in funder.schemeIDs {
                try await database.insert(into: "call_schemes").columns("call_id", "scheme_id").values(SQLBind(id), SQLBind(schemeID)).run()
            }
        }
        return id
    }

    // MARK: Applications

    struct ApplicationRow: Decodable {
        var id: Int, call_id: Int, organisation_id: Int, holder_name: String, holder_siret: String, holder_kind: String
        var title: String, status: String, own_funds: Double, body: String, version: Int, is_demo: Bool
        var created_at: String, updated_at: String, submitted_at: String?
    }

    func applications(_ selection: ApplicationSelection) async throws -> [StoredApplication] {
        let rows = try await database.raw("SELECT a.* FROM applications a WHERE " + selection.condition + " ORDER BY a.id")
            .all(decoding: ApplicationRow.self)
        guard !rows.isEmpty else { return [] }
        struct LineRow: Decodable { var id: Int; var application_id: Int; var funder_id: Int?; var scheme_id: Int?; var label: String; var requested: Double }
        let lines = Dictionary(grouping: try await database.raw("""
            SELECT fl.id, fl.application_id, fl.funder_id, fl.scheme_id, fl.label, fl.requested FROM funding_lines fl
            JOIN applications a ON a.id = fl.application_id
            """ + " WHERE " + selection.condition + " ORDER BY fl.application_id, fl.position, fl.id").all(decoding: LineRow.self), by: \.application_id)
        let decoder = JSONDecoder()
        return rows.map { row in
            StoredApplication(
                id: row.id, callID: row.call_id, organisationID: row.organisation_id,
                holder: ProjectHolder(name: row.holder_name, siret: row.holder_siret, kind: HolderKind(rawValue: row.holder_kind) ?? .other),
                title: row.title, status: ApplicationStatus(code: row.status) ?? .draft, ownFunds: row.own_funds,
                body: (try? decoder.decode(ApplicationBody.self, from: Data(row.body.utf8))) ?? ApplicationBody(),
                fundingLines: (lines[row.id] ?? []).map { FundingLine(id: $0.id, funderID: $0.funder_id, schemeID: $0.scheme_id, label: $0.label, requested: $0.requested) },
                version: row.version, isDemo: row.is_demo, createdAt: row.created_at, updatedAt: row.updated_at, submittedAt: row.submitted_at)
        }
    }

    func application(id: Int) async throws -> StoredApplication? {
        try await applications(.id(id)).first
    }

    func contractID(ofApplication id: Int) async throws -> Int? {
        struct Row: Decodable { var contract_id: Int }
        return try await database.raw("SELECT c.contract_id FROM applications a JOIN calls c ON c.id = a.call_id WHERE a.id = \(bind: id)")
            .first(decoding: Row.self)?.contract_id
    }

    func applicationID(callID: Int, organisationID: Int) async throws -> Int? {
        try await database.raw("SELECT id FROM applications WHERE call_id = \(bind: callID) AND organisation_id = \(bind: organisationID)")
            .first(decoding: IDRow.self)?.id
    }

    func createApplication(callID: Int, organisationID: Int, holder: ProjectHolder, title: String, isDemo: Bool, now: String) async throws -> Int {
        try await database.insert(into: "applications")
            .columns("call_id", "organisation_id", "holder_name", "holder_siret", "holder_kind", "title", "status", "own_funds", "body", "version",
                     "is_demo", "created_at", "updated_at")
            .values(SQLBind(callID), SQLBind(organisationID), SQLBind(holder.name), SQLBind(holder.siret), SQLBind(holder.kind.rawValue), SQLBind(title),
                    SQLBind(ApplicationStatus.draft.code), SQLBind(0.0), SQLBind(try JSONText.encode(ApplicationBody())), SQLBind(0), SQLBind(isDemo),
                    SQLBind(now), SQLBind(now))
            .returning("id").first(decoding: IDRow.self)!.id
    }

    /// Replaces a draft's content and funding lines; returns the new lines' ids in order.
    @discardableResult
    func saveDraft(id: Int, title: String, holderKind: HolderKind, ownFunds: Double, body: ApplicationBody,
                   lines: [(funderID: Int?, schemeID: Int?, label: String, requested: Double)], now: String) async throws -> [Int] {
        try await database.raw("""
            UPDATE applications SET title = \(bind: title), holder_kind = \(bind: holderKind.rawValue), own_funds = \(bind: ownFunds),
            body = \(bind: try JSONText.encode(body)), updated_at = \(bind: now) WHERE id = \(bind: id)
            """).run()
        try await database.raw("DELETE FROM funding_lines WHERE application_id = \(bind: id)").run()
        var ids: [Int] = []
        for (position, line) in lines.enumerated() {
            ids.append(try await database.insert(into: "funding_lines")
                .columns("application_id", "position", "funder_id", "scheme_id", "label", "requested")
                .values(SQLBind(id), SQLBind(position), SQLBind(line.funderID), SQLBind(line.schemeID), SQLBind(line.label), SQLBind(line.requested))
                .returning("id").first(decoding: IDRow.self)!.id)
        }
        return ids
    }

    func setStatus(id: Int, _ status: ApplicationStatus, now: String) async throws {
        try await database.raw("UPDATE applications SET status = \(bind: status.code), updated_at = \(bind: now) WHERE id = \(bind: id)").run()
    }

    /// Freezes what was submitted as the next version.
    func addVersion(applicationID: Int, snapshot: FundingApplication, submittedBy: String, now: String) async throws -> Int {
        struct Row: Decodable { var version: Int }
        let version = (try await database.raw("SELECT version FROM applications WHERE id = \(bind: applicationID)").first(decoding: Row.self)?.version ?? 0) + 1
        try await database.insert(into: "application_versions").columns("application_id", "version", "submitted_at", "submitted_by", "snapshot")
            .values(SQLBind(applicationID), SQLBind(version), SQLBind(now), SQLBind(submittedBy), SQLBind(try JSONText.encode(snapshot))).run()
        try await database.raw("UPDATE applications SET version = \(bind: version), submitted_at = \(bind: now) WHERE id = \(bind: applicationID)").run()
        return version
    }

    func versions(applicationID: Int) async throws -> [(version: Int, submittedAt: String, submittedBy: String, snapshot: FundingApplication?)] {
        struct Row: Decodable { var version: Int; var submitted_at: String; var submitted_by: String; var snapshot: String }
        return try await database.raw("SELECT version, submitted_at, submitted_by, snapshot FROM application_versions WHERE application_id = \(bind: applicationID) ORDER BY version")
            .all(decoding: Row.self)
            .map { ($0.version, $0.submitted_at, $0.submitted_by, try? JSONDecoder().decode(FundingApplication.self, from: Data($0.snapshot.utf8))) }
    }

    func recordStatusChange(applicationID: Int, _ change: StatusChange) async throws {
        try await database.insert(into: "application_status_changes")
            .columns("application_id", "from_status", "to_status", "occurred_at", "actor_user_id", "actor_label", "role")
            .values(SQLBind(applicationID), SQLBind(change.from.code), SQLBind(change.to.code), SQLBind(change.occurredAt), SQLBind(change.actorUserID),
                    SQLBind(change.actorLabel), SQLBind(change.role.rawValue)).run()
    }

    func statusChanges(applicationID: Int) async throws -> [StatusChange] {
        struct Row: Decodable { var from_status: String; var to_status: String; var occurred_at: String; var actor_user_id: Int?; var actor_label: String; var role: String }
        return try await database.raw("""
            SELECT from_status, to_status, occurred_at, actor_user_id, actor_label, role FROM application_status_changes
            WHERE application_id = \(bind: applicationID) ORDER BY id
            """).all(decoding: Row.self).map {
            StatusChange(from: ApplicationStatus(code: $0.from_status) ?? .draft, to: ApplicationStatus(code: $0.to_status) ?? .draft, occurredAt: $0.occurred_at,
                         actorUserID: $0.actor_user_id, actorLabel: $0.actor_label, role: ProgrammingRole(rawValue: $0.role) ?? .contractTeam)
        }
    }

    // MARK: Reviews

    func reviews(_ selection: ApplicationSelection) async throws -> [StoredReview] {
        struct Row: Decodable {
            var id: Int, application_id: Int, funder_id: Int, instructor_user_id: Int?, instructor_name: String, scores: String, opinion: String
            var comment: String, proposed: String, created_at: String, updated_at: String
        }
        let rows = try await database.raw("SELECT r.* FROM reviews r JOIN applications a ON a.id = r.application_id WHERE " + selection.condition + " ORDER BY r.updated_at, r.id")
            .all(decoding: Row.self)
        let decoder = JSONDecoder()
        return rows.map { row in
            let proposed = (try? decoder.decode([String: Double].self, from: Data(row.proposed.utf8))) ?? [:]
            return StoredReview(
                id: row.id,
                review: Review(applicationID: row.application_id, funderID: row.funder_id, instructor: row.instructor_name,
                               scores: (try? decoder.decode([String: Int].self, from: Data(row.scores.utf8))) ?? [:],
                               opinion: ReviewOpinion(rawValue: row.opinion) ?? .pending, comment: row.comment,
                               proposedAmounts: Dictionary(uniqueKeysWithValues: proposed.compactMap { key, value in Int(key).map { ($0, value) } })),
                instructorUserID: row.instructor_user_id, createdAt: row.created_at, updatedAt: row.updated_at)
        }
    }

    /// Writes a review: the one of this instructor (or, without a user, of this name) for this funder
    /// is updated in place; otherwise a new one is added. Returns its id and whether it existed.
    func saveReview(_ review: Review, instructorUserID: Int?, now: String) async throws -> (id: Int, existed: Bool) {
        let proposed = Dictionary(uniqueKeysWithValues: review.proposedAmounts.map { (String($0.key), $0.value) })
        let existing: IDRow?
        if let instructorUserID {
            existing = try await database.raw("""
                SELECT id FROM reviews WHERE application_id = \(bind: review.applicationID) AND funder_id = \(bind: review.funderID)
                AND instructor_user_id = \(bind: instructorUserID)
                """).first(decoding: IDRow.self)
        } else {
            existing = try await database.raw("""
                SELECT id FROM reviews WHERE application_id = \(bind: review.applicationID) AND funder_id = \(bind: review.funderID)
                AND instructor_user_id IS NULL AND instructor_name = \(bind: review.instructor)
                """).first(decoding: IDRow.self)
        }
        if let existing {
            try await database.raw("""
                UPDATE reviews SET instructor_name = \(bind: review.instructor), scores = \(bind: try JSONText.encode(review.scores)),
                opinion = \(bind: review.opinion.rawValue), comment = \(bind: review.comment), proposed = \(bind: try JSONText.encode(proposed)),
                updated_at = \(bind: now) WHERE id = \(bind: existing.id)
                """).run()
            return (existing.id, true)
        }
        let id = try await database.insert(into: "reviews")
            .columns("application_id", "funder_id", "instructor_user_id", "instructor_name", "scores", "opinion", "comment", "proposed", "created_at", "updated_at")
            .values(SQLBind(review.applicationID), SQLBind(review.funderID), SQLBind(instructorUserID), SQLBind(review.instructor),
                    SQLBind(try JSONText.encode(review.scores)), SQLBind(review.opinion.rawValue), SQLBind(review.comment),
                    SQLBind(try JSONText.encode(proposed)), SQLBind(now), SQLBind(now))
            .returning("id").first(decoding: IDRow.self)!.id
        return (id, false)
    }

    // MARK: Decisions and agreements

    func decisions(_ selection: ApplicationSelection) async throws -> [StoredDecision] {
        struct Row: Decodable {
            var id: Int, application_id: Int, funding_line_id: Int, funder_id: Int, outcome: String, amount: Double, decided_on: String
            var decided_by: String, reference: String, paid_on: String, recorded_at: String, recorded_by: String
        }
        let rows = try await database.raw("SELECT d.* FROM decisions d JOIN applications a ON a.id = d.application_id WHERE " + selection.condition + " ORDER BY d.id")
            .all(decoding: Row.self)
        return rows.map { row in
            let paid = ((try? JSONDecoder().decode([String].self, from: Data(row.paid_on.utf8))) ?? []).compactMap(CalendarDate.init(iso:))
            return StoredDecision(
                decision: Decision(id: row.id, applicationID: row.application_id, fundingLineID: row.funding_line_id, funderID: row.funder_id,
                                   outcome: DecisionOutcome(rawValue: row.outcome) ?? .refused, amount: row.amount,
                                   decidedOn: CalendarDate(iso: row.decided_on)!, decidedBy: row.decided_by, reference: row.reference, paidOn: paid),
                recordedAt: row.recorded_at, recordedBy: row.recorded_by)
        }
    }

    func insertDecision(_ decision: Decision, recordedAt: String, recordedBy: String) async throws -> Int {
        try await database.insert(into: "decisions")
            .columns("application_id", "funding_line_id", "funder_id", "outcome", "amount", "decided_on", "decided_by", "reference", "paid_on", "recorded_at", "recorded_by")
            .values(SQLBind(decision.applicationID), SQLBind(decision.fundingLineID), SQLBind(decision.funderID), SQLBind(decision.outcome.rawValue),
                    SQLBind(decision.amount), SQLBind(decision.decidedOn.iso), SQLBind(decision.decidedBy), SQLBind(decision.reference),
                    SQLBind(try JSONText.encode(decision.paidOn.map(\.iso))), SQLBind(recordedAt), SQLBind(recordedBy))
            .returning("id").first(decoding: IDRow.self)!.id
    }

    func agreements(_ selection: ApplicationSelection) async throws -> [StoredAgreement] {
        struct Row: Decodable { var application_id: Int; var funder_id: Int; var years: String; var signed_on: String?; var reference: String?; var recorded_at: String }
        let rows = try await database.raw("SELECT g.* FROM agreements g JOIN applications a ON a.id = g.application_id WHERE " + selection.condition + " ORDER BY g.id")
            .all(decoding: Row.self)
        return rows.map { row in
            let years = (try? JSONDecoder().decode([String: Double].self, from: Data(row.years.utf8))) ?? [:]
            return StoredAgreement(
                agreement: Agreement(applicationID: row.application_id, funderID: row.funder_id,
                                     years: Dictionary(uniqueKeysWithValues: years.compactMap { key, value in Int(key).map { ($0, value) } }),
                                     signedOn: row.signed_on.flatMap(CalendarDate.init(iso:)), reference: row.reference),
                recordedAt: row.recorded_at)
        }
    }

    /// Writes the agreement of a funder on an application, replacing an earlier one.
    func saveAgreement(_ agreement: Agreement, now: String) async throws {
        let years = Dictionary(uniqueKeysWithValues: agreement.years.map { (String($0.key), $0.value) })
        try await database.raw("DELETE FROM agreements WHERE application_id = \(bind: agreement.applicationID) AND funder_id = \(bind: agreement.funderID)").run()
        try await database.insert(into: "agreements").columns("application_id", "funder_id", "years", "signed_on", "reference", "recorded_at")
            .values(SQLBind(agreement.applicationID), SQLBind(agreement.funderID), SQLBind(try JSONText.encode(years)), SQLBind(agreement.signedOn?.iso),
                    SQLBind(agreement.reference), SQLBind(now)).run()
    }

    // MARK: Eligibility rule file

    func latestRuleFile() async throws -> (content: String, savedAt: String, savedBy: String)? {
        struct Row: Decodable { var content: String; var saved_at: String; var saved_by: String }
        return try await database.raw("SELECT content, saved_at, saved_by FROM eligibility_rule_files ORDER BY id DESC LIMIT 1").first(decoding: Row.self)
            .map { ($0.content, $0.saved_at, $0.saved_by) }
    }

    func saveRuleFile(_ content: String, savedAt: String, savedBy: String) async throws {
        try await database.insert(into: "eligibility_rule_files").columns("content", "saved_at", "saved_by")
            .values(SQLBind(content), SQLBind(savedAt), SQLBind(savedBy)).run()
    }
}

/// JSON text for the columns that hold lists, with sorted keys so equal values are equal texts.
enum JSONText {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
