import Fluent
import Foundation
import PasserelleDomain
import Vapor

/// The contract's transition roadmap: milestones per year, linked to objectives and plan actions.
struct RoadmapService: Sendable {
    let database: any Database
    let clock: any Clock

    struct MilestoneInput: Sendable {
        var year: Int?
        var title: String?
        var owner: String?
        var indicatorCode: String?
        var target: String?
        var status: String?
        var objectiveIDs: [Int]?
        var actionIDs: [Int]?
    }

    private func repository(_ db: any Database) -> SQLCrossMatrixRepository { SQLCrossMatrixRepository(database: db) }

    /// The current year, from the injected clock (UTC).
    static func currentYear(_ clock: any Clock) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.component(.year, from: clock.now())
    }

    private func validated(_ input: MilestoneInput, id: Int, current: Milestone?, contract: Contract, db: any Database) async throws -> Milestone {
        var errors: [FieldError] = []
        let statusText = input.status?.trimmingSpaces
        var status = current?.status ?? .planned
        if let statusText, !statusText.isEmpty {
            if let value = MilestoneStatus(rawValue: statusText) ?? MilestoneStatus(text: statusText) { status = value } else {
                errors.append(FieldError(field: "status", message: "Champ « état » : « \(statusText) » n'est pas reconnu (prévu, en bonne voie, en retard ou réalisé)."))
            }
        }
        let indicator = input.indicatorCode.map { $0.trimmingSpaces.nilIfEmpty } ?? current?.indicatorCode
        let title = input.title?.trimmingSpaces ?? current?.title ?? ""
        let milestone = Milestone(id: id, year: input.year ?? current?.year ?? 0, title: title,
                                  owner: input.owner?.trimmingSpaces ?? current?.owner ?? "", indicatorCode: indicator,
                                  target: input.target.map { $0.trimmingSpaces.nilIfEmpty } ?? current?.target,
                                  objectiveIDs: input.objectiveIDs ?? current?.objectiveIDs ?? [], actionIDs: input.actionIDs ?? current?.actionIDs ?? [],
                                  status: status)
        if input.year == nil && current == nil {
            errors.append(FieldError(field: "year", message: "Champ « année » : une année entre \(contract.startYear) et \(contract.endYear) est attendue pour \(milestone.name)."))
        }
        let nodes = try await SQLStrategyRepository(database: db).nodes(contractID: contract.id)
        let actions = try await repository(db).actions(contractID: contract.id)
        for problem in milestone.validationProblems(startYear: contract.startYear, endYear: contract.endYear,
                                                     objectiveIDs: Set(nodes.map(\.id)), actionIDs: Set(actions.map(\.id))) {
            if input.year == nil && current == nil && problem.contains("hors de la période") { continue }
            let field = problem.hasSuffix("n'a pas de titre") ? "title" : problem.contains("est hors de la période du contrat") ? "year"
                : problem.hasSuffix("il faut dire qui en répond") ? "owner" : problem.contains(" : l'objectif n° ") ? "objectives" : "actions"
            errors.append(FieldError(field: field, message: problem.prefix(1).uppercased() + problem.dropFirst() + "."))
        }
        if title.count > 300 { errors.append(FieldError(field: "title", message: "Champ « titre » : plus de 300 caractères.")) }
        if let indicator, try await SQLObservatoryRepository(database: db).indicator(code: indicator) == nil {
            errors.append(FieldError(field: "indicator", message: "Champ « indicateur » : « \(indicator) » n'est pas un indicateur de l'observatoire (\(milestone.name))."))
        }
        if let target = milestone.target, target.count > 500 { errors.append(FieldError(field: "target", message: "Champ « cible » : plus de 500 caractères.")) }
        guard errors.isEmpty else { throw FormInvalid(errors: errors) }
        return milestone
    }

    func add(contract: Contract, _ input: MilestoneInput, by actor: Actor) async throws -> Milestone {
        try await database.transaction { db in
            let milestone = try await validated(input, id: 0, current: nil, contract: contract, db: db)
            let id = try await repository(db).insertMilestone(contractID: contract.id, milestone, updatedAt: clock.now().isoString)
            var saved = milestone
            saved.id = id
            try await AuditTrail(database: db, clock: clock).record("create", entity: "milestone", id: String(id), contractID: contract.id, by: actor,
                                                                     before: Optional<MilestoneState>.none, after: MilestoneState(saved))
            return saved
        }
    }

    func milestone(_ id: Int, contractID: Int) async throws -> Milestone {
        guard let milestone = try await repository(database).milestones(contractID: contractID).first(where: { $0.id == id }) else {
            throw RequestError.notFound(what: "Le jalon n° \(id) de ce contrat")
        }
        return milestone
    }

    func update(contract: Contract, milestoneID: Int, _ input: MilestoneInput, by actor: Actor) async throws -> Milestone {
        try await database.transaction { db in
            guard let current = try await repository(db).milestones(contractID: contract.id).first(where: { $0.id == milestoneID }) else {
                throw RequestError.notFound(what: "Le jalon n° \(milestoneID) de ce contrat")
            }
            let milestone = try await validated(input, id: milestoneID, current: current, contract: contract, db: db)
            if MilestoneState(milestone) != MilestoneState(current) {
                try await repository(db).updateMilestone(milestone, updatedAt: clock.now().isoString)
                try await AuditTrail(database: db, clock: clock).record("update", entity: "milestone", id: String(milestoneID), contractID: contract.id, by: actor,
                                                                         before: MilestoneState(current), after: MilestoneState(milestone))
            }
            return milestone
        }
    }

    func remove(contractID: Int, milestoneID: Int, by actor: Actor) async throws {
        try await database.transaction { db in
            guard let current = try await repository(db).milestones(contractID: contractID).first(where: { $0.id == milestoneID }) else {
                throw RequestError.notFound(what: "Le jalon n° \(milestoneID) de ce contrat")
            }
            try await repository(db).deleteMilestone(milestoneID)
            try await AuditTrail(database: db, clock: clock).record("delete", entity: "milestone", id: String(milestoneID), contractID: contractID, by: actor,
                                                                     before: MilestoneState(current), after: Optional<MilestoneState>.none)
        }
    }

    /// Audit shape of a milestone.
    struct MilestoneState: Codable, Equatable {
        var year: Int, title: String, owner: String, indicator: String?, target: String?, status: String, objectives: [Int], actions: [Int]
        init(_ milestone: Milestone) {
            year = milestone.year
            title = milestone.title
            owner = milestone.owner
            indicator = milestone.indicatorCode
            target = milestone.target
            status = milestone.status.rawValue
            objectives = milestone.objectiveIDs.sorted()
            actions = milestone.actionIDs.sorted()
        }
    }
}
