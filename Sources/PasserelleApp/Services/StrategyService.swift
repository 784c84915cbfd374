import Fluent
import Foundation
import PasserelleDomain
import Vapor

/// A change refused because of what the database holds (a node still used, an amendment already
/// closed): 409, with a French message naming what blocks it.
struct ConflictError: UserFacingError, Equatable {
    var message: String

    var status: HTTPResponseStatus { .conflict }
    var code: String { "conflict" }
    var userMessage: String { message }
}

extension FormInvalid {
    init(_ problems: [StrategyEditProblem]) {
        self.init(errors: problems.map { FieldError(field: $0.field, message: $0.message) })
    }
}

/// Editing a contract's strategy tree and transversal axes, with amendments and history.
/// Each change is one transaction: the change, its history line (attached to the open amendment,
/// if any) and its audit line are written together or not at all.
struct StrategyService: Sendable {
    let database: any Database
    let clock: any Clock

    /// A node to add or change, as a form or the API gives it. For an update, nil fields keep
    /// their current value.
    struct NodeInput: Sendable {
        var code: String?
        var title: String?
        var summary: String?
        var level: StrategyLevel?
        var parentID: Int?
        /// Whether `parentID` was given (an update may move a node; nil then keeps its parent).
        var parentGiven = false
        var position: Int?
    }

    struct AxisInput: Sendable {
        var code: String?
        var title: String?
        var summary: String?
        var position: Int?
    }

    private func repository(_ db: any Database) -> SQLStrategyRepository { SQLStrategyRepository(database: db) }

    // MARK: Nodes

    func addNode(contractID: Int, _ input: NodeInput, by actor: Actor) async throws -> StrategyNodeRecord {
        try await database.transaction { db in
            let repository = repository(db)
            let outline = try await repository.outline(contractID: contractID)
            guard let level = input.level else {
                throw FormInvalid(errors: [FieldError(field: "level", message: "Champ « niveau » : choisissez le niveau du nouveau nœud.")])
            }
            let draft = StrategyOutline.Draft(code: input.code?.trimmingSpaces ?? "", title: input.title?.trimmingSpaces ?? "",
                                              summary: input.summary?.trimmingSpaces.nilIfEmpty, level: level, parentID: input.parentID, position: input.position)
            let problems = outline.problems(adding: draft)
            guard problems.isEmpty else { throw FormInvalid(problems) }
            let depth = outline.levels.firstIndex(of: level)!
            let placement = outline.placement(of: nil, under: draft.parentID, at: draft.position)
            let rank = placement.first { $0.id == 0 }!.position
            let id = try await repository.insertNode(contractID: contractID, parentID: draft.parentID, depth: depth, level: level, code: draft.code,
                                                     title: draft.title, summary: draft.summary, position: rank)
            for (sibling, position) in placement where sibling != 0 { try await repository.setNodePosition(sibling, position) }
            let record = StrategyNodeRecord(id: id, parentID: draft.parentID, depth: depth, level: level, code: draft.code, title: draft.title,
                                            summary: draft.summary, position: rank)
            let parent = draft.parentID.flatMap(outline.node).map { " sous « \($0.code) »" } ?? " au premier niveau"
            let description = "Ajout \(Self.of(outline.name(of: record))) — « \(record.title) »\(parent), au rang \(rank + 1)."
            try await logChange(db, contractID: contractID, actor: actor, action: .add, target: .node, id: id, code: record.code,
                             description: description, before: Optional<StrategyNodeRecord>.none, after: record, entity: "strategy-node")
            return record
        }
    }

    /// Renames, re-codes, moves or reorders a node. Returns nil when nothing changed (no history line then).
    @discardableResult
    func updateNode(contractID: Int, nodeID: Int, _ input: NodeInput, by actor: Actor) async throws -> StrategyNodeRecord? {
        try await database.transaction { db in
            let repository = repository(db)
            let outline = try await repository.outline(contractID: contractID)
            guard let current = outline.node(nodeID) else { throw RequestError.notFound(what: "Le nœud n° \(nodeID) de ce contrat") }
            let parentID = input.parentGiven ? input.parentID : current.parentID
            let currentRank = current.position + 1
            let draft = StrategyOutline.Draft(code: input.code?.trimmingSpaces ?? current.code, title: input.title?.trimmingSpaces ?? current.title,
                                              summary: input.summary.map { $0.trimmingSpaces.nilIfEmpty } ?? current.summary,
                                              level: input.level ?? current.level, parentID: parentID,
                                              position: input.position ?? (parentID == current.parentID ? currentRank : nil))
            let problems = outline.problems(updating: nodeID, to: draft)
            guard problems.isEmpty else { throw FormInvalid(problems) }

            let placement = outline.placement(of: nodeID, under: parentID, at: draft.position)
            let newRank = placement.first { $0.id == nodeID }?.position ?? current.position
            var after = current
            after.code = draft.code
            after.title = draft.title
            after.summary = draft.summary
            after.parentID = parentID
            after.position = newRank
            guard after != current else { return nil }

            try await repository.updateNode(nodeID, parentID: parentID, code: after.code, title: after.title, summary: after.summary)
            for (sibling, position) in placement { try await repository.setNodePosition(sibling, position) }

            var parts: [String] = []
            if after.code != current.code { parts.append("code « \(current.code) » → « \(after.code) »") }
            if after.title != current.title { parts.append("intitulé « \(current.title) » → « \(after.title) »") }
            if after.summary != current.summary { parts.append("présentation modifiée") }
            if after.parentID != current.parentID {
                let from = current.parentID.flatMap(outline.node)?.code ?? "premier niveau"
                let to = after.parentID.flatMap(outline.node)?.code ?? "premier niveau"
                parts.append("déplacement de « \(from) » vers « \(to) », rang \(newRank + 1)")
            } else if after.position != current.position {
                parts.append("rang \(current.position + 1) → \(newRank + 1)")
            }
            let description = "Modification \(Self.of(outline.name(of: after))) : " + parts.joined(separator: " ; ") + "."
            try await logChange(db, contractID: contractID, actor: actor, action: .update, target: .node, id: nodeID, code: after.code,
                             description: description, before: current, after: after, entity: "strategy-node")
            return after
        }
    }

    func removeNode(contractID: Int, nodeID: Int, by actor: Actor) async throws {
        try await database.transaction { db in
            let repository = repository(db)
            let outline = try await repository.outline(contractID: contractID)
            guard let current = outline.node(nodeID) else { throw RequestError.notFound(what: "Le nœud n° \(nodeID) de ce contrat") }
            if let problem = outline.removalProblem(of: nodeID, uses: try await repository.nodeUses(contractID: contractID)) {
                throw ConflictError(message: problem)
            }
            try await repository.deleteNode(nodeID)
            for (sibling, position) in outline.closingUp(after: nodeID, under: current.parentID) { try await repository.setNodePosition(sibling, position) }
            let description = "Suppression \(Self.of(outline.name(of: current))) — « \(current.title) »."
            try await logChange(db, contractID: contractID, actor: actor, action: .remove, target: .node, id: nodeID, code: current.code,
                             description: description, before: current, after: Optional<StrategyNodeRecord>.none, entity: "strategy-node")
        }
    }

    // MARK: Transversal axes

    func addAxis(contractID: Int, _ input: AxisInput, by actor: Actor) async throws -> TransversalAxisRecord {
        try await database.transaction { db in
            let repository = repository(db)
            let axes = try await repository.axes(contractID: contractID)
            let draft = StrategyOutline.AxisDraft(code: input.code?.trimmingSpaces ?? "", title: input.title?.trimmingSpaces ?? "",
                                                  summary: input.summary?.trimmingSpaces.nilIfEmpty, position: input.position)
            let problems = StrategyOutline.problems(axis: draft, editing: nil, axes: axes)
            guard problems.isEmpty else { throw FormInvalid(problems) }
            let order = Self.order(axes.map(\.id), placing: 0, at: draft.position)
            let rank = order.firstIndex(of: 0)!
            let id = try await repository.insertAxis(contractID: contractID, code: draft.code, title: draft.title, summary: draft.summary, position: rank)
            for (position, axis) in order.enumerated() where axis != 0 && axes.first(where: { $0.id == axis })?.position != position {
                try await repository.setAxisPosition(axis, position)
            }
            let record = TransversalAxisRecord(id: id, code: draft.code, title: draft.title, summary: draft.summary, position: rank)
            try await logChange(db, contractID: contractID, actor: actor, action: .add, target: .axis, id: id, code: record.code,
                             description: "Ajout de l'axe transversal « \(record.code) » — « \(record.title) », au rang \(rank + 1).",
                             before: Optional<TransversalAxisRecord>.none, after: record, entity: "transversal-axis")
            return record
        }
    }

    @discardableResult
    func updateAxis(contractID: Int, axisID: Int, _ input: AxisInput, by actor: Actor) async throws -> TransversalAxisRecord? {
        try await database.transaction { db in
            let repository = repository(db)
            let axes = try await repository.axes(contractID: contractID)
            guard let current = axes.first(where: { $0.id == axisID }) else { throw RequestError.notFound(what: "L'axe transversal n° \(axisID) de ce contrat") }
            let draft = StrategyOutline.AxisDraft(code: input.code?.trimmingSpaces ?? current.code, title: input.title?.trimmingSpaces ?? current.title,
                                                  summary: input.summary.map { $0.trimmingSpaces.nilIfEmpty } ?? current.summary,
                                                  position: input.position ?? (axes.firstIndex(of: current)! + 1))
            let problems = StrategyOutline.problems(axis: draft, editing: axisID, axes: axes)
            guard problems.isEmpty else { throw FormInvalid(problems) }
            let order = Self.order(axes.filter { $0.id != axisID }.map(\.id), placing: axisID, at: draft.position)
            var after = current
            after.code = draft.code
            after.title = draft.title
            after.summary = draft.summary
            after.position = order.firstIndex(of: axisID)!
            guard after != current else { return nil }
            try await repository.updateAxis(axisID, code: after.code, title: after.title, summary: after.summary)
            for (position, axis) in order.enumerated() where axes.first(where: { $0.id == axis })?.position != position {
                try await repository.setAxisPosition(axis, position)
            }
            var parts: [String] = []
            if after.code != current.code { parts.append("code « \(current.code) » → « \(after.code) »") }
            if after.title != current.title { parts.append("intitulé « \(current.title) » → « \(after.title) »") }
            if after.summary != current.summary { parts.append("présentation modifiée") }
            if after.position != current.position { parts.append("rang \(current.position + 1) → \(after.position + 1)") }
            try await logChange(db, contractID: contractID, actor: actor, action: .update, target: .axis, id: axisID, code: after.code,
                             description: "Modification de l'axe transversal « \(after.code) » : " + parts.joined(separator: " ; ") + ".",
                             before: current, after: after, entity: "transversal-axis")
            return after
        }
    }

    func removeAxis(contractID: Int, axisID: Int, by actor: Actor) async throws {
        try await database.transaction { db in
            let repository = repository(db)
            let axes = try await repository.axes(contractID: contractID)
            guard let current = axes.first(where: { $0.id == axisID }) else { throw RequestError.notFound(what: "L'axe transversal n° \(axisID) de ce contrat") }
            try await repository.deleteAxis(axisID)
            for (position, axis) in axes.filter({ $0.id != axisID }).enumerated() where axis.position != position {
                try await repository.setAxisPosition(axis.id, position)
            }
            try await logChange(db, contractID: contractID, actor: actor, action: .remove, target: .axis, id: axisID, code: current.code,
                             description: "Suppression de l'axe transversal « \(current.code) » — « \(current.title) ».",
                             before: current, after: Optional<TransversalAxisRecord>.none, entity: "transversal-axis")
        }
    }

    /// `ids` with `placing` inserted at the 1-based `position` (nil: last).
    private static func order(_ ids: [Int], placing id: Int, at position: Int?) -> [Int] {
        var result = ids
        result.insert(id, at: min(max((position ?? ids.count + 1) - 1, 0), ids.count))
        return result
    }

    // MARK: Amendments

    struct AmendmentInput: Sendable {
        var number: Int?
        var date: String
        var title: String
        var summary: String?
    }

    func openAmendment(contractID: Int, _ input: AmendmentInput, by actor: Actor) async throws -> Amendment {
        try await database.transaction { db in
            let repository = repository(db)
            let existing = try await repository.amendments(contractID: contractID)
            let title = input.title.trimmingSpaces
            let summary = input.summary?.trimmingSpaces.nilIfEmpty
            let date = input.date.trimmingSpaces
            let problems = Amendment.problems(number: input.number, date: date, title: title, summary: summary, existing: existing)
            guard problems.isEmpty, let number = input.number else { throw FormInvalid(problems) }
            let now = clock.now().isoString
            let id = try await repository.insertAmendment(contractID: contractID, number: number, date: date, title: title, summary: summary,
                                                          openedAt: now, openedBy: actor.label)
            let amendment = Amendment(id: id, number: number, date: date, title: title, summary: summary, openedAt: now)
            try await AuditTrail(database: db, clock: clock).record("open", entity: "amendment", id: String(id), contractID: contractID, by: actor,
                                                                     before: Optional<Amendment>.none, after: amendment)
            return amendment
        }
    }

    func closeAmendment(contractID: Int, amendmentID: Int, by actor: Actor) async throws -> Amendment {
        try await database.transaction { db in
            let repository = repository(db)
            guard let current = try await repository.amendments(contractID: contractID).first(where: { $0.id == amendmentID }) else {
                throw RequestError.notFound(what: "L'avenant n° \(amendmentID) de ce contrat")
            }
            guard current.isOpen else { throw ConflictError(message: "L'avenant n° \(current.number) (« \(current.title) ») est déjà clos.") }
            var closed = current
            closed.closedAt = clock.now().isoString
            try await repository.closeAmendment(amendmentID, at: closed.closedAt!)
            try await AuditTrail(database: db, clock: clock).record("close", entity: "amendment", id: String(amendmentID), contractID: contractID, by: actor,
                                                                     before: current, after: closed)
            return closed
        }
    }

    // MARK: Recording

    private func logChange<Value: Encodable>(_ db: any Database, contractID: Int, actor: Actor, action: StrategyChange.Action, target: StrategyChange.Target,
                                          id: Int, code: String, description: String, before: Value?, after: Value?, entity: String) async throws {
        let repository = repository(db)
        let amendment = try await repository.openAmendment(contractID: contractID)
        try await repository.recordChange(contractID: contractID, amendmentID: amendment?.id, occurredAt: clock.now().isoString, actor: actor, action: action,
                                          target: target, targetID: id, code: code, description: description,
                                          before: try before.map(AuditTrail.json), after: try after.map(AuditTrail.json))
        try await AuditTrail(database: db, clock: clock).record(action.rawValue, entity: entity, id: String(id), contractID: contractID, by: actor,
                                                                 before: before, after: after)
    }

    /// "de l'ambition « X »" / "du pilier « X »" from "l'ambition « X »" / "le pilier « X »".
    static func of(_ name: String) -> String {
        name.hasPrefix("le ") ? "du " + name.dropFirst(3) : "de " + name
    }
}
