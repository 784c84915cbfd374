import Fluent
import Foundation
import PasserelleDomain
import Vapor

/// What an import of plan actions did.
struct PlanActionImportOutcome: Sendable, Equatable {
    var report: PlanActionFileReport
    var created: [String] = []
    var updated: [String] = []
    var unchanged: [String] = []
    /// Actions already in the plan that the file does not list: they are kept.
    var kept: [String] = []

    var rejected: Bool { !report.isAccepted }

    var summary: String {
        if rejected {
            return "Fichier refusé : \(report.problems.count) problème(s), aucune action n'a été enregistrée."
        }
        var parts = ["\(created.count) action(s) créée(s)", "\(updated.count) mise(s) à jour", "\(unchanged.count) inchangée(s)"]
        if !kept.isEmpty { parts.append("\(kept.count) absente(s) du fichier conservée(s)") }
        return parts.joined(separator: ", ") + "."
    }
}

/// Everything the matrix page and API show, for one filter.
struct MatrixView: Sendable {
    var detail: ContractDetail
    var plans: [StoredPlan]
    var actions: [PlanAction]
    var links: [StoredLink]
    var matrix: CrossMatrix
}

/// Plans of a contract's territory, their actions (by form or CSV), the links between actions and
/// the contract's objectives, and the cross-matrix built from them. Writes are transactions with
/// their audit line.
struct CrossMatrixService: Sendable {
    let database: any Database
    let clock: any Clock

    private func repository(_ db: any Database) -> SQLCrossMatrixRepository { SQLCrossMatrixRepository(database: db) }
    private func audit(_ db: any Database) -> AuditTrail { AuditTrail(database: db, clock: clock) }

    // MARK: Plans

    struct PlanInput: Sendable {
        var kind: String?
        var title: String?
        var owner: String?
        var startYear: Int?
        var endYear: Int?
        var summary: String?
    }

    /// Audit shape of a plan.
    struct PlanState: Codable, Equatable {
        var kind: String, title: String, owner: String, startYear: Int, endYear: Int, summary: String?
        init(_ plan: TerritorialPlan, summary: String?) {
            kind = plan.kind.rawValue
            title = plan.title
            owner = plan.owner
            startYear = plan.startYear
            endYear = plan.endYear
            self.summary = summary
        }
    }

    private func validatedPlan(_ input: PlanInput, id: Int, current: StoredPlan?) throws -> (TerritorialPlan, String?) {
        var errors: [FieldError] = []
        let kindText = input.kind?.trimmingSpaces ?? current?.plan.kind.rawValue ?? ""
        let kind = PlanKind(rawValue: kindText) ?? PlanKind(text: kindText)
        if kind == nil {
            errors.append(FieldError(field: "kind", message: "Champ « type de plan » : « \(kindText) » n'est pas un type connu (PCAET, PAT/SATD, PLH, PDM/PDU, CRTE, COP régionale, PRSE, NPNRU, SCoT ou autre)."))
        }
        let title = input.title?.trimmingSpaces ?? current?.plan.title ?? ""
        let owner = input.owner?.trimmingSpaces ?? current?.plan.owner ?? ""
        let start = input.startYear ?? current?.plan.startYear
        let end = input.endYear ?? current?.plan.endYear
        let name = title.isEmpty ? "le plan" : "le plan « \(title) »"
        if title.isEmpty { errors.append(FieldError(field: "title", message: "Champ « intitulé » : le plan n'a pas d'intitulé.")) }
        if title.count > 300 { errors.append(FieldError(field: "title", message: "Champ « intitulé » : plus de 300 caractères.")) }
        if owner.isEmpty { errors.append(FieldError(field: "owner", message: "Champ « porteur » : \(name) n'a pas de porteur (EPCI, syndicat, Région…).")) }
        if owner.count > 200 { errors.append(FieldError(field: "owner", message: "Champ « porteur » : plus de 200 caractères.")) }
        for (field, label, year) in [("startYear", "première année", start), ("endYear", "dernière année", end)] {
            guard let year else {
                errors.append(FieldError(field: field, message: "Champ « \(label) » : une année est attendue (par exemple 2025) pour \(name)."))
                continue
            }
            if !(1990...2100).contains(year) { errors.append(FieldError(field: field, message: "Champ « \(label) » : \(year) n'est pas une année plausible pour \(name).")) }
        }
        if let start, let end, start > end {
            errors.append(FieldError(field: "endYear", message: "Champ « dernière année » : la période \(start)–\(end) " + (title.isEmpty ? "du plan" : "du plan « \(title) »") + " est inversée."))
        }
        let summary = input.summary.map { $0.trimmingSpaces.nilIfEmpty } ?? current?.summary
        if let summary, summary.count > 4000 { errors.append(FieldError(field: "summary", message: "Champ « présentation » : plus de 4 000 caractères.")) }
        guard errors.isEmpty, let kind, let start, let end else { throw FormInvalid(errors: errors) }
        return (TerritorialPlan(id: id, kind: kind, title: title, owner: owner, startYear: start, endYear: end), summary)
    }

    func addPlan(contractID: Int, _ input: PlanInput, by actor: Actor) async throws -> StoredPlan {
        let (plan, summary) = try validatedPlan(input, id: 0, current: nil)
        return try await database.transaction { db in
            let id = try await repository(db).insertPlan(contractID: contractID, plan, summary: summary, source: nil, isDemo: false, createdAt: clock.now().isoString)
            try await audit(db).record("create", entity: "territorial-plan", id: String(id), contractID: contractID, by: actor,
                                       before: Optional<PlanState>.none, after: PlanState(plan, summary: summary))
            return try await repository(db).plan(id, contractID: contractID)!
        }
    }

    func plan(_ id: Int, contractID: Int) async throws -> StoredPlan {
        guard let plan = try await repository(database).plan(id, contractID: contractID) else {
            throw RequestError.notFound(what: "Le plan n° \(id) de ce contrat")
        }
        return plan
    }

    func updatePlan(contractID: Int, planID: Int, _ input: PlanInput, by actor: Actor) async throws -> StoredPlan {
        try await database.transaction { db in
            guard let current = try await repository(db).plan(planID, contractID: contractID) else { throw RequestError.notFound(what: "Le plan n° \(planID) de ce contrat") }
            let (plan, summary) = try validatedPlan(input, id: planID, current: current)
            let before = PlanState(current.plan, summary: current.summary), after = PlanState(plan, summary: summary)
            if before != after {
                try await repository(db).updatePlan(plan, summary: summary)
                try await audit(db).record("update", entity: "territorial-plan", id: String(planID), contractID: contractID, by: actor, before: before, after: after)
            }
            return try await repository(db).plan(planID, contractID: contractID)!
        }
    }

    /// Removes a plan and its actions, unless a link or a milestone uses one of them.
    func removePlan(contractID: Int, planID: Int, by actor: Actor) async throws {
        try await database.transaction { db in
            guard let current = try await repository(db).plan(planID, contractID: contractID) else { throw RequestError.notFound(what: "Le plan n° \(planID) de ce contrat") }
            let actions = try await repository(db).actions(planID: planID)
            let ids = Set(actions.map(\.id))
            let uses = try await repository(db).actionUses(contractID: contractID).filter { ids.contains($0.actionID) }
            if !uses.isEmpty {
                let codes = Dictionary(uniqueKeysWithValues: actions.map { ($0.id, $0.code) })
                throw ConflictError(message: "Impossible de supprimer le plan « \(current.plan.title) » : \(uses.count) lien(s) ou jalon(s) utilisent ses actions ("
                    + StrategyOutline.list(uses.map { "« \(codes[$0.actionID] ?? "?") » : \($0.label)" }) + "). Retirez-les d'abord.")
            }
            try await repository(db).deletePlan(planID)
            try await audit(db).record("delete", entity: "territorial-plan", id: String(planID), contractID: contractID, by: actor,
                                       before: PlanState(current.plan, summary: current.summary), after: ["actions supprimées": String(actions.count)])
        }
    }

    // MARK: Actions

    struct ActionInput: Sendable {
        var code: String?
        var title: String?
        var theme: String?
        var budget: String?
        var target: String?
        var perimeter: String?
    }

    /// Audit shape of an action.
    struct ActionState: Codable, Equatable {
        var code: String, title: String, theme: String?, budget: Double?, target: String?, perimeter: String
        init(_ action: PlanAction) {
            code = action.code
            title = action.title
            theme = action.theme?.rawValue
            budget = action.budget
            target = action.target
            perimeter = action.perimeter.text
        }
    }

    /// Reads an action from a form or JSON, checking its QPV codes against the reference.
    private func validatedAction(_ input: ActionInput, id: Int, planID: Int, current: PlanAction?, siblings: [PlanAction], db: any Database) async throws -> PlanAction {
        var errors: [FieldError] = []
        let code = input.code?.trimmingSpaces ?? current?.code ?? ""
        let title = input.title?.trimmingSpaces ?? current?.title ?? ""
        let name = code.isEmpty ? "l'action" : "l'action « \(code) »"
        if code.isEmpty { errors.append(FieldError(field: "code", message: "Champ « code » : l'action n'a pas de code.")) }
        if code.count > 40 { errors.append(FieldError(field: "code", message: "Champ « code » : « \(code) » dépasse 40 caractères.")) }
        if !code.isEmpty, let clash = siblings.first(where: { $0.id != id && $0.code == code }) {
            errors.append(FieldError(field: "code", message: "Champ « code » : le code « \(code) » est déjà celui de l'action « \(clash.title) » de ce plan."))
        }
        if title.isEmpty { errors.append(FieldError(field: "title", message: "Champ « intitulé » : \(name) n'a pas d'intitulé.")) }
        if title.count > 500 { errors.append(FieldError(field: "title", message: "Champ « intitulé » : plus de 500 caractères.")) }
        var theme = current?.theme
        if let text = input.theme?.trimmingSpaces {
            if text.isEmpty { theme = nil } else if let value = TransitionTheme(rawValue: text) ?? PlanActionFile.theme(from: text) { theme = value } else {
                errors.append(FieldError(field: "theme", message: "Champ « thème » : « \(text) » n'est pas un thème de transition connu pour \(name)."))
            }
        }
        var budget = current?.budget
        if let text = input.budget?.trimmingSpaces {
            if text.isEmpty { budget = nil } else if let value = PlanActionFile.budget(from: text) { budget = value } else {
                errors.append(FieldError(field: "budget", message: "Champ « budget » : « \(text) » n'est pas un montant positif en euros pour \(name) (par exemple « 1 250 000 »)."))
            }
        }
        let target = input.target.map { $0.trimmingSpaces.nilIfEmpty } ?? current?.target
        if let target, target.count > 500 { errors.append(FieldError(field: "target", message: "Champ « cible » : plus de 500 caractères.")) }
        var perimeter = current?.perimeter ?? .wholeTerritory
        if let text = input.perimeter {
            switch ActionPerimeter.parse(text) {
            case .success(let value):
                perimeter = value
                if case .qpv(let keys) = value {
                    let unknown = try await unknownQPV(keys.map(\.code), db: db)
                    if !unknown.isEmpty {
                        errors.append(FieldError(field: "perimeter", message: "Champ « périmètre » : " + unknown.map { "« \($0) »" }.joined(separator: ", ")
                            + (unknown.count == 1 ? " n'est pas un QPV" : " ne sont pas des QPV") + " du référentiel 2024 (\(name))."))
                    }
                }
            case .failure(let error):
                errors.append(FieldError(field: "perimeter", message: "Champ « périmètre » : \(error.message) pour \(name)."))
            }
        }
        guard errors.isEmpty else { throw FormInvalid(errors: errors) }
        return PlanAction(id: id, planID: planID, code: code, title: title, theme: theme, budget: budget, target: target, perimeter: perimeter)
    }

    /// QPV codes absent from the reference.
    private func unknownQPV(_ codes: [String], db: any Database) async throws -> [String] {
        let territories = SQLTerritoryRepository(database: db)
        var unknown: [String] = []
        for code in codes where try await territories.find(code: code, kind: .qpv) == nil { unknown.append(code) }
        return unknown
    }

    func addAction(contractID: Int, planID: Int, _ input: ActionInput, by actor: Actor) async throws -> PlanAction {
        try await database.transaction { db in
            _ = try await planInTransaction(planID, contractID: contractID, db: db)
            let siblings = try await repository(db).actions(planID: planID)
            let action = try await validatedAction(input, id: 0, planID: planID, current: nil, siblings: siblings, db: db)
            let id = try await repository(db).insertAction(action, position: siblings.count)
            try await audit(db).record("create", entity: "plan-action", id: String(id), contractID: contractID, by: actor,
                                       before: Optional<ActionState>.none, after: ActionState(action))
            return try await repository(db).action(id, contractID: contractID)!
        }
    }

    func action(_ id: Int, contractID: Int) async throws -> PlanAction {
        guard let action = try await repository(database).action(id, contractID: contractID) else {
            throw RequestError.notFound(what: "L'action de plan n° \(id) de ce contrat")
        }
        return action
    }

    func updateAction(contractID: Int, actionID: Int, _ input: ActionInput, by actor: Actor) async throws -> PlanAction {
        try await database.transaction { db in
            guard let current = try await repository(db).action(actionID, contractID: contractID) else {
                throw RequestError.notFound(what: "L'action de plan n° \(actionID) de ce contrat")
            }
            let siblings = try await repository(db).actions(planID: current.planID)
            let action = try await validatedAction(input, id: actionID, planID: current.planID, current: current, siblings: siblings, db: db)
            if ActionState(action) != ActionState(current) {
                try await repository(db).updateAction(action)
                try await audit(db).record("update", entity: "plan-action", id: String(actionID), contractID: contractID, by: actor,
                                           before: ActionState(current), after: ActionState(action))
            }
            return try await repository(db).action(actionID, contractID: contractID)!
        }
    }

    func removeAction(contractID: Int, actionID: Int, by actor: Actor) async throws {
        try await database.transaction { db in
            guard let current = try await repository(db).action(actionID, contractID: contractID) else {
                throw RequestError.notFound(what: "L'action de plan n° \(actionID) de ce contrat")
            }
            let uses = try await repository(db).actionUses(contractID: contractID).filter { $0.actionID == actionID }
            if !uses.isEmpty {
                throw ConflictError(message: "Impossible de supprimer l'action « \(current.code) » : "
                    + (uses.count == 1 ? "un lien ou un jalon l'utilise" : "\(uses.count) liens ou jalons l'utilisent") + " ("
                    + StrategyOutline.list(uses.map(\.label)) + "). Retirez-les d'abord.")
            }
            try await repository(db).deleteAction(actionID)
            try await audit(db).record("delete", entity: "plan-action", id: String(actionID), contractID: contractID, by: actor,
                                       before: ActionState(current), after: Optional<ActionState>.none)
        }
    }

    private func planInTransaction(_ planID: Int, contractID: Int, db: any Database) async throws -> StoredPlan {
        guard let plan = try await repository(db).plan(planID, contractID: contractID) else { throw RequestError.notFound(what: "Le plan n° \(planID) de ce contrat") }
        return plan
    }

    /// Imports a plan's actions from CSV. The whole file is refused on any problem (each one listed
    /// with its line). Otherwise, in one transaction: a code already in the plan updates that action,
    /// a new code creates one, and actions the file does not list are kept (never deleted by an import).
    func importActions(contractID: Int, planID: Int, bytes: [UInt8], fileName: String, by actor: Actor) async throws -> PlanActionImportOutcome {
        var report = PlanActionFile.parse(bytes: bytes)
        // QPV codes must exist in the reference: checked line by line, so the file is refused whole.
        if report.isAccepted {
            let territories = SQLTerritoryRepository(database: database)
            var known: [String: Bool] = [:]
            for draft in report.drafts {
                guard case .qpv(let keys) = draft.perimeter else { continue }
                for key in keys {
                    if known[key.code] == nil { known[key.code] = try await territories.find(code: key.code, kind: .qpv) != nil }
                    if known[key.code] == false {
                        report.problems.append(PlanActionFileProblem(line: draft.line, column: "périmètre",
                            message: "le QPV « \(key.code) » de l'action « \(draft.code) » est absent du référentiel 2024"))
                    }
                }
            }
        }
        let checked = report
        guard let drafts = checked.acceptedDrafts else {
            _ = try await plan(planID, contractID: contractID)
            return PlanActionImportOutcome(report: checked)
        }
        return try await database.transaction { db in
            _ = try await planInTransaction(planID, contractID: contractID, db: db)
            let existing = try await repository(db).actions(planID: planID)
            let byCode = Dictionary(existing.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
            var outcome = PlanActionImportOutcome(report: checked)
            var position = existing.count
            for draft in drafts {
                if let current = byCode[draft.code] {
                    let updated = draft.action(id: current.id, planID: planID)
                    if ActionState(updated) == ActionState(current) {
                        outcome.unchanged.append(draft.code)
                    } else {
                        try await repository(db).updateAction(updated)
                        outcome.updated.append(draft.code)
                    }
                } else {
                    _ = try await repository(db).insertAction(draft.action(id: 0, planID: planID), position: position)
                    position += 1
                    outcome.created.append(draft.code)
                }
            }
            let listed = Set(drafts.map(\.code))
            outcome.kept = existing.map(\.code).filter { !listed.contains($0) }
            if !outcome.created.isEmpty || !outcome.updated.isEmpty {
                try await audit(db).record("import", entity: "territorial-plan", id: String(planID), contractID: contractID, by: actor,
                                           before: Optional<[String: String]>.none,
                                           after: ["file": fileName, "created": outcome.created.joined(separator: ", "), "updated": outcome.updated.joined(separator: ", ")])
            }
            return outcome
        }
    }

    // MARK: Links

    struct LinkInput: Sendable {
        var actionID: Int?
        var objectiveID: Int?
        var kind: String?
        var qpv: [String] = []
        var note: String?
    }

    struct LinkState: Codable, Equatable {
        var action: String, objective: String, kind: String, qpv: [String], note: String?, assertedBy: String
    }

    /// Adds a link asserted by `assertedBy` (the signed-in person's name and organisation).
    func addLink(contractID: Int, _ input: LinkInput, assertedBy: String, by actor: Actor) async throws -> StoredLink {
        try await database.transaction { db in
            let contracts = SQLContractRepository(database: db)
            guard let detail = try await contracts.find(id: contractID) else { throw RequestError.notFound(what: "Le contrat n° \(contractID)") }
            var errors: [FieldError] = []
            guard let actionID = input.actionID else {
                throw FormInvalid(errors: [FieldError(field: "action", message: "Champ « action » : choisissez l'action de plan à relier.")])
            }
            guard let objectiveID = input.objectiveID else {
                throw FormInvalid(errors: [FieldError(field: "objective", message: "Champ « objectif » : choisissez l'objectif du contrat à relier.")])
            }
            let kindText = input.kind?.trimmingSpaces ?? ""
            guard let kind = LinkKind(rawValue: kindText) ?? LinkKind(text: kindText) else {
                throw FormInvalid(errors: [FieldError(field: "kind", message: "Champ « nature du lien » : « \(kindText) » n'est pas reconnu (contribue, pourrait contribuer ou contredit).")])
            }
            let note = input.note?.trimmingSpaces.nilIfEmpty
            if kind == .contradicts && note == nil {
                errors.append(FieldError(field: "note", message: "Champ « note » : une contradiction se met en débat ; dites en quoi l'action contredit l'objectif."))
            }
            if let note, note.count > 2000 { errors.append(FieldError(field: "note", message: "Champ « note » : plus de 2 000 caractères.")) }
            var codes: [String] = []
            for raw in input.qpv {
                for token in raw.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }) { codes.append(token.uppercased()) }
            }
            let link = PlanLink(actionID: actionID, objectiveID: objectiveID, kind: kind, qpv: codes.map { TerritoryKey(kind: .qpv, code: $0) },
                                note: note, assertedBy: assertedBy)
            let actions = try await repository(db).actions(contractID: contractID)
            let existing = try await repository(db).links(contractID: contractID).map(\.link)
            let problems = link.validationProblems(tree: detail.tree, actions: actions, contractQPV: detail.qpv.map(\.key), existing: existing)
            for problem in problems {
                let field = problem.contains("l'objectif n°") && problem.contains("n'existe pas") ? "objective"
                    : problem.contains("est inconnue") ? "action" : problem.contains("QPV") ? "qpv" : "kind"
                errors.append(FieldError(field: field, message: problem.prefix(1).uppercased() + problem.dropFirst() + "."))
            }
            guard errors.isEmpty else { throw FormInvalid(errors: errors) }
            let id = try await repository(db).insertLink(contractID: contractID, link, userID: actor.userID, createdAt: clock.now().isoString)
            try await audit(db).record("create", entity: "plan-link", id: String(id), contractID: contractID, by: actor,
                                       before: Optional<LinkState>.none, after: Self.state(link, actions: actions, tree: detail.tree))
            return try await repository(db).link(id, contractID: contractID)!
        }
    }

    func removeLink(contractID: Int, linkID: Int, by actor: Actor) async throws -> StoredLink {
        try await database.transaction { db in
            guard let current = try await repository(db).link(linkID, contractID: contractID) else { throw RequestError.notFound(what: "Le lien n° \(linkID) de ce contrat") }
            let actions = try await repository(db).actions(contractID: contractID)
            let tree = try await SQLContractRepository(database: db).find(id: contractID)?.tree ?? []
            try await repository(db).deleteLink(linkID)
            try await audit(db).record("delete", entity: "plan-link", id: String(linkID), contractID: contractID, by: actor,
                                       before: Self.state(current.link, actions: actions, tree: tree), after: Optional<LinkState>.none)
            return current
        }
    }

    static func state(_ link: PlanLink, actions: [PlanAction], tree: [StrategyNode]) -> LinkState {
        LinkState(action: actions.first { $0.id == link.actionID }?.code ?? String(link.actionID),
                  objective: tree.flatMap(\.flattened).first { $0.id == link.objectiveID }?.code ?? String(link.objectiveID),
                  kind: link.kind.rawValue, qpv: link.qpv.map(\.code), note: link.note, assertedBy: link.assertedBy)
    }

    // MARK: Matrix

    func matrix(_ detail: ContractDetail, filter: MatrixFilter) async throws -> MatrixView {
        let repository = repository(database)
        let plans = try await repository.plans(contractID: detail.contract.id)
        let actions = try await repository.actions(contractID: detail.contract.id)
        let links = try await repository.links(contractID: detail.contract.id)
        let matrix = CrossMatrix.build(objectives: MatrixObjective.rows(tree: detail.tree), plans: plans.map(\.plan), actions: actions,
                                       links: links.map(\.link), contractQPV: detail.qpv.map(\.key), filter: filter)
        return MatrixView(detail: detail, plans: plans, actions: actions, links: links, matrix: matrix)
    }
}
