import Fluent
import Foundation
import PasserelleDomain
import Vapor

/// Signatories' commitments and the yearly photograph of their common-law means in the QPV.
///
/// Who may write: the contract team (and administrators) for any signatory; a partner referent for
/// its own organisation only. Reading is public.
struct CommitmentService: Sendable {
    let database: any Database
    let clock: any Clock

    private func repository(_ db: any Database) -> SQLCrossMatrixRepository { SQLCrossMatrixRepository(database: db) }

    /// Whether this person may record commitments and means for this signatory of this contract.
    static func mayWrite(_ principal: Principal?, contractID: Int, organisationID: Int) -> Bool {
        guard let principal else { return false }
        if AccessPolicy.decide(.contract([.contractTeam]), principal: principal, contractID: contractID) == .allowed { return true }
        return principal.roles(onContract: contractID).contains(.partnerReferent) && principal.organisationID == organisationID
    }

    /// The signatory, or 404 naming the organisation when it does not sign this contract.
    static func signatory(_ organisationID: Int, of detail: ContractDetail, db: any Database) async throws -> Organisation {
        if let signatory = detail.signatories.first(where: { $0.id == organisationID }) { return signatory }
        if let organisation = try await SQLOrganisationRepository(database: db).organisation(id: organisationID) {
            throw RequestError.notFound(what: "L'organisation « \(organisation.name) » parmi les signataires de ce contrat (elle n'en fait pas partie) : sa fiche d'engagements")
        }
        throw RequestError.notFound(what: "L'organisation n° \(organisationID)")
    }

    // MARK: Commitments

    struct CommitmentInput: Sendable {
        var kind: String?
        var status: String?
        var evidence: String?
    }

    struct CommitmentState: Codable, Equatable {
        var organisation: String, kind: String, status: String, evidence: String?, year: Int
    }

    /// Records commitments of one organisation for one year, all or nothing. Returns how many
    /// records changed (an identical status and evidence is not written again).
    @discardableResult
    func record(detail: ContractDetail, organisationID: Int, year: Int?, _ inputs: [CommitmentInput], principal: Principal?, by actor: Actor) async throws -> Int {
        let contract = detail.contract
        var errors: [FieldError] = []
        let known = try await SQLOrganisationRepository(database: database).organisation(id: organisationID)
        guard let year else {
            throw FormInvalid(errors: [FieldError(field: "year", message: "Champ « année » : une année entre \(contract.startYear) et \(contract.endYear) est attendue.")])
        }
        if !(contract.startYear...contract.endYear).contains(year) {
            errors.append(FieldError(field: "year", message: "Champ « année » : \(year) est hors de la période du contrat (\(contract.startYear)–\(contract.endYear))."))
        }
        var records: [Commitment] = []
        for input in inputs {
            let kindText = input.kind?.trimmingSpaces ?? ""
            guard let kind = CommitmentKind(rawValue: kindText) else {
                errors.append(FieldError(field: "kind", message: "Champ « engagement » : « \(kindText) » n'est pas un des 15 engagements du contrat."))
                continue
            }
            let statusText = input.status?.trimmingSpaces ?? ""
            guard let status = CommitmentStatus(rawValue: statusText) ?? CommitmentStatus.allCases.first(where: { SearchKey.fold($0.label) == SearchKey.fold(statusText) }) else {
                errors.append(FieldError(field: "status-" + kind.rawValue, message: "Champ « état » de l'engagement « \(kind.label) » : « \(statusText) » n'est pas reconnu (pas engagé, en cours, tenu ou sans objet)."))
                continue
            }
            let evidence = input.evidence?.trimmingSpaces.nilIfEmpty
            if let evidence, evidence.count > 1000 {
                errors.append(FieldError(field: "evidence-" + kind.rawValue, message: "Champ « preuve » de l'engagement « \(kind.label) » : plus de 1 000 caractères."))
            }
            records.append(Commitment(signatoryID: organisationID, kind: kind, status: status, evidence: evidence, updatedYear: year))
        }
        for problem in CommitmentBoard.problems(commitments: records, signatories: detail.signatories, organisations: known.map { [$0] } ?? []) {
            errors.append(FieldError(field: "organisation", message: problem.prefix(1).uppercased() + problem.dropFirst() + "."))
        }
        // A signatory's data is refused to whoever may not write it, before saying what is wrong with it.
        if detail.signatories.contains(where: { $0.id == organisationID }), !Self.mayWrite(principal, contractID: contract.id, organisationID: organisationID) {
            throw AuthError.forbidden
        }
        guard errors.isEmpty else { throw FormInvalid(errors: errors) }
        let name = known?.name ?? String(organisationID)
        let toWrite = records
        return try await database.transaction { db in
            let stored = try await repository(db).commitments(contractID: contract.id)
            var changed = 0
            for record in toWrite {
                let previous = stored.first { $0.commitment.signatoryID == organisationID && $0.commitment.kind == record.kind && $0.commitment.updatedYear == year }
                if let previous, previous.commitment == record { continue }
                // The latest record before this year says the same: nothing to write either.
                let latest = stored.filter { $0.commitment.signatoryID == organisationID && $0.commitment.kind == record.kind && $0.commitment.updatedYear <= year }
                    .max { $0.commitment.updatedYear < $1.commitment.updatedYear }
                if previous == nil, let latest, latest.commitment.status == record.status, latest.commitment.evidence == record.evidence { continue }
                if previous == nil, latest == nil, record.status == (record.kind.applies(to: known?.kind ?? .other) ? .notStarted : .notApplicable), record.evidence == nil { continue }
                try await repository(db).upsertCommitment(contractID: contract.id, record, recordedAt: clock.now().isoString, recordedBy: actor.label)
                try await AuditTrail(database: db, clock: clock).record("record", entity: "commitment", id: "\(organisationID)-\(record.kind.rawValue)-\(year)",
                    contractID: contract.id, by: actor,
                    before: previous.map { CommitmentState(organisation: name, kind: $0.commitment.kind.rawValue, status: $0.commitment.status.rawValue, evidence: $0.commitment.evidence, year: year) },
                    after: CommitmentState(organisation: name, kind: record.kind.rawValue, status: record.status.rawValue, evidence: record.evidence, year: year))
                changed += 1
            }
            return changed
        }
    }

    // MARK: Photograph

    struct MeansInput: Sendable {
        var year: Int?
        var pillarID: Int?
        var ambitionID: Int?
        var amount: String?
        var staff: String?
        var beneficiaries: String?
        var beneficiariesInQPV: String?
        var note: String?
    }

    struct MeansState: Codable, Equatable {
        var organisation: String, year: Int, pillar: String?, ambition: String?, amountEuros: Double?, staffFTE: Double?
        var beneficiaries: Int?, beneficiariesInQPV: Int?, note: String?
    }

    func addMeans(detail: ContractDetail, organisationID: Int, _ input: MeansInput, principal: Principal?, by actor: Actor) async throws -> StoredMeans {
        let contract = detail.contract
        var errors: [FieldError] = []
        let known = try await SQLOrganisationRepository(database: database).organisation(id: organisationID)
        guard let year = input.year else {
            throw FormInvalid(errors: [FieldError(field: "year", message: "Champ « année » : une année entre \(contract.startYear) et \(contract.endYear) est attendue.")])
        }
        let nodes = detail.tree.flatMap(\.flattened)
        var pillar: StrategyNode?
        var ambition: StrategyNode?
        if let id = input.pillarID {
            pillar = detail.tree.first { $0.id == id }
            if pillar == nil { errors.append(FieldError(field: "pillar", message: "Champ « pilier » : le nœud n° \(id) n'est pas un pilier de ce contrat.")) }
        }
        if let id = input.ambitionID {
            ambition = nodes.first { $0.id == id && $0.level == .ambition }
            if ambition == nil {
                errors.append(FieldError(field: "ambition", message: "Champ « ambition » : le nœud n° \(id) n'est pas une ambition de ce contrat."))
            } else if let owner = detail.tree.first(where: { $0.flattened.contains { $0.id == id } }) {
                if let chosen = pillar, chosen.id != owner.id {
                    errors.append(FieldError(field: "ambition", message: "Champ « ambition » : « \(ambition!.code) » relève du pilier « \(owner.code) », pas de « \(chosen.code) »."))
                }
                pillar = pillar ?? owner
            }
        }
        func decimal(_ text: String?, field: String, label: String) -> Double? {
            guard let text = text?.trimmingSpaces, !text.isEmpty else { return nil }
            guard let value = FrenchNumber.parseDecimal(text.replacingOccurrences(of: "€", with: "")), value.isFinite, value >= 0 else {
                errors.append(FieldError(field: field, message: "Champ « \(label) » : « \(text) » n'est pas un nombre positif."))
                return nil
            }
            return value
        }
        func integer(_ text: String?, field: String, label: String) -> Int? {
            guard let text = text?.trimmingSpaces, !text.isEmpty else { return nil }
            guard let value = FrenchNumber.parseInteger(text), value >= 0 else {
                errors.append(FieldError(field: field, message: "Champ « \(label) » : « \(text) » n'est pas un nombre entier positif."))
                return nil
            }
            return value
        }
        let note = input.note?.trimmingSpaces.nilIfEmpty
        if let note, note.count > 1000 { errors.append(FieldError(field: "note", message: "Champ « note » : plus de 1 000 caractères.")) }
        let line = CommonLawMeans(signatoryID: organisationID, year: year, pillarCode: pillar?.code, ambitionCode: ambition?.code,
                                  amountEuros: decimal(input.amount, field: "amount", label: "montant (€)"),
                                  staffFTE: decimal(input.staff, field: "staff", label: "effectif (ETP)"),
                                  beneficiaries: integer(input.beneficiaries, field: "beneficiaries", label: "bénéficiaires"),
                                  beneficiariesInQPV: integer(input.beneficiariesInQPV, field: "beneficiariesInQPV", label: "dont habitant en QPV"),
                                  note: note)
        if line.amountEuros == nil && line.staffFTE == nil && line.beneficiaries == nil && line.beneficiariesInQPV == nil && errors.isEmpty {
            errors.append(FieldError(field: "amount", message: "Champ « montant (€) » : indiquez au moins un chiffre (montant, effectif ou bénéficiaires)."))
        }
        let existing = try await repository(database).means(contractID: contract.id).map(\.means)
        let problems = CommonLawPhotograph.problems(means: existing + [line], signatories: detail.signatories, organisations: known.map { [$0] } ?? [],
                                                     period: contract.startYear...contract.endYear, pillarCodes: Set(detail.tree.map(\.code)))
        // Problems of the lines already stored are not this form's business.
        let before = Set(CommonLawPhotograph.problems(means: existing, signatories: detail.signatories, period: contract.startYear...contract.endYear,
                                                      pillarCodes: Set(detail.tree.map(\.code))))
        for problem in problems where !before.contains(problem) {
            let field = problem.contains("hors de la période") ? "year" : problem.contains("bénéficiaires") ? "beneficiariesInQPV"
                : problem.contains("donnée deux fois") ? "pillar" : "organisation"
            errors.append(FieldError(field: field, message: problem.prefix(1).uppercased() + problem.dropFirst() + "."))
        }
        if detail.signatories.contains(where: { $0.id == organisationID }), !Self.mayWrite(principal, contractID: contract.id, organisationID: organisationID) {
            throw AuthError.forbidden
        }
        guard errors.isEmpty else { throw FormInvalid(errors: errors) }
        let pillarID = pillar?.id, ambitionID = ambition?.id
        return try await database.transaction { db in
            let id = try await repository(db).insertMeans(contractID: contract.id, line, pillarID: pillarID, ambitionID: ambitionID,
                                                          recordedAt: clock.now().isoString, recordedBy: actor.label)
            try await AuditTrail(database: db, clock: clock).record("create", entity: "common-law-means", id: String(id), contractID: contract.id, by: actor,
                before: Optional<MeansState>.none, after: Self.state(line, name: known?.name ?? ""))
            return try await repository(db).means(contractID: contract.id).first { $0.id == id }!
        }
    }

    func removeMeans(detail: ContractDetail, meansID: Int, organisationID: Int?, principal: Principal?, by actor: Actor) async throws -> StoredMeans {
        let contractID = detail.contract.id
        return try await database.transaction { db in
            guard let current = try await repository(db).means(contractID: contractID).first(where: { $0.id == meansID }),
                  organisationID == nil || organisationID == current.means.signatoryID else {
                throw RequestError.notFound(what: "La ligne de moyens n° \(meansID) de ce contrat")
            }
            guard Self.mayWrite(principal, contractID: contractID, organisationID: current.means.signatoryID) else { throw AuthError.forbidden }
            let name = detail.signatories.first { $0.id == current.means.signatoryID }?.name ?? ""
            try await repository(db).deleteMeans(meansID)
            try await AuditTrail(database: db, clock: clock).record("delete", entity: "common-law-means", id: String(meansID), contractID: contractID, by: actor,
                before: Self.state(current.means, name: name), after: Optional<MeansState>.none)
            return current
        }
    }

    static func state(_ line: CommonLawMeans, name: String) -> MeansState {
        MeansState(organisation: name, year: line.year, pillar: line.pillarCode, ambition: line.ambitionCode, amountEuros: line.amountEuros,
                   staffFTE: line.staffFTE, beneficiaries: line.beneficiaries, beneficiariesInQPV: line.beneficiariesInQPV, note: line.note)
    }

    // MARK: Reading

    struct Overview: Sendable {
        var detail: ContractDetail
        var board: CommitmentBoard
        var records: [StoredCommitment]
        var means: [StoredMeans]
        var photograph: CommonLawPhotograph
        var asOfYear: Int?
    }

    func overview(_ detail: ContractDetail, asOfYear: Int? = nil) async throws -> Overview {
        let records = try await repository(database).commitments(contractID: detail.contract.id)
        let means = try await repository(database).means(contractID: detail.contract.id)
        let board = CommitmentBoard.build(signatories: detail.signatories, commitments: records.map(\.commitment), asOfYear: asOfYear)
        let photograph = CommonLawPhotograph.build(means: means.map(\.means), signatories: detail.signatories, pillarOrder: detail.tree.map(\.code))
        return Overview(detail: detail, board: board, records: records, means: means, photograph: photograph, asOfYear: asOfYear)
    }
}
