import Fluent
import Foundation
import PasserelleDomain
import SQLKit
import Vapor

/// The catalogue as read at one revision, with its search indexes built once.
struct CatalogueSnapshot: Sendable {
    let revision: Int
    let catalogue: Catalogue
    let index: CatalogueIndex
    let directory: ActorDirectory

    init(revision: Int, catalogue: Catalogue) {
        self.revision = revision
        self.catalogue = catalogue
        index = CatalogueIndex(catalogue)
        directory = ActorDirectory(catalogue)
    }
}

/// Keeps the last snapshot in memory: a request costs one small query (the revision) unless the
/// catalogue changed, in this process or another one sharing the database.
actor CatalogueCache {
    private var snapshot: CatalogueSnapshot?

    func current(_ database: any Database) async throws -> CatalogueSnapshot {
        let repository = SQLCatalogueRepository(database: database)
        let revision = try await repository.revision()
        if let snapshot, snapshot.revision == revision { return snapshot }
        let fresh = CatalogueSnapshot(revision: revision, catalogue: try await repository.load())
        if snapshot == nil || snapshot!.revision <= revision { snapshot = fresh }
        return fresh
    }
}

struct CatalogueCacheKey: StorageKey {
    typealias Value = CatalogueCache
}

extension Application {
    /// Set once when routes are registered (see `registerRoutes`), read by every request.
    var catalogueCache: CatalogueCache? {
        get { storage[CatalogueCacheKey.self] }
        set { storage[CatalogueCacheKey.self] = newValue }
    }
}

extension Request {
    var catalogueService: CatalogueService {
        CatalogueService(database: db, clock: application.clock, cache: application.catalogueCache)
    }
}

/// What a catalogue import did, or why it was refused (then nothing was written).
struct CatalogueImportOutcome: Sendable, Equatable {
    var issues: [CatalogueIssue] = []
    var examplesAdded = 0
    var examplesUpdated = 0
    var examplesUnchanged = 0
    var actorsAdded = 0
    var actorsUpdated = 0
    var keyActionsAdded = 0
    var axesAdded = 0
    var sourcesAdded = 0

    var rejected: Bool { !issues.isEmpty }
    var changedNothing: Bool {
        !rejected && examplesAdded + examplesUpdated + actorsAdded + actorsUpdated + keyActionsAdded + axesAdded + sourcesAdded == 0
    }

    var summary: String {
        if rejected {
            return issues.count == 1 ? "Catalogue refusé : 1 erreur, rien n'a été importé." : "Catalogue refusé : \(issues.count) erreurs, rien n'a été importé."
        }
        if changedNothing { return "Aucun changement : tout le contenu du fichier était déjà dans le catalogue, à l'identique." }
        var parts = ["\(examplesAdded) exemple(s) ajouté(s)", "\(examplesUpdated) mis à jour", "\(actorsAdded) acteur(s) ajouté(s)", "\(actorsUpdated) complété(s)"]
        if keyActionsAdded > 0 { parts.append("\(keyActionsAdded) action(s) clé(s) ajoutée(s)") }
        if axesAdded > 0 { parts.append("\(axesAdded) axe(s) ajouté(s)") }
        return "Catalogue importé : " + parts.joined(separator: ", ") + "."
    }
}

/// Reading and curating the catalogue. Every write is one transaction holding the change, its
/// history rows (`catalogue_changes`), its audit line and the revision bump; the whole catalogue
/// is validated with the change applied before anything is written.
struct CatalogueService: Sendable {
    let database: any Database
    let clock: any Clock
    let cache: CatalogueCache?

    init(database: any Database, clock: any Clock, cache: CatalogueCache? = nil) {
        self.database = database
        self.clock = clock
        self.cache = cache
    }

    enum Failure: UserFacingError, Equatable {
        case unknownExample(String)
        case unknownKeyAction(String)
        case unknownActor(String)
        case alreadyRetired
        case notRetired

        var status: HTTPResponseStatus {
            switch self {
            case .unknownExample, .unknownKeyAction, .unknownActor: .notFound
            case .alreadyRetired, .notRetired: .conflict
            }
        }

        var code: String {
            switch self {
            case .unknownExample, .unknownKeyAction, .unknownActor: "not_found"
            case .alreadyRetired, .notRetired: "conflict"
            }
        }

        var userMessage: String {
            switch self {
            case .unknownExample(let id): "L'exemple « \(id) » est introuvable."
            case .unknownKeyAction(let number): "L'action clé n° \(number) est introuvable."
            case .unknownActor(let id): "L'acteur « \(id) » est introuvable."
            case .alreadyRetired: "Cette fiche est déjà retirée."
            case .notRetired: "Cette fiche n'est pas retirée."
            }
        }
    }

    // MARK: Reading

    func snapshot() async throws -> CatalogueSnapshot {
        if let cache { return try await cache.current(database) }
        let repository = SQLCatalogueRepository(database: database)
        return CatalogueSnapshot(revision: try await repository.revision(), catalogue: try await repository.load())
    }

    func history(_ type: CatalogueRecordType, id: String) async throws -> [CatalogueHistoryEntry] {
        try await SQLCatalogueRepository(database: database).history(type: type, id: id)
    }

    // MARK: Writing

    /// Runs a curation step: locks the catalogue (the revision bump comes first, so concurrent
    /// writers queue on both engines), reads it fresh, lets `change` work, then records.
    private func write<T: Sendable>(_ change: @escaping @Sendable (SQLCatalogueRepository, Catalogue, AuditTrail, String) async throws -> T) async throws -> T {
        try await database.transaction { db in
            let repository = SQLCatalogueRepository(database: db)
            try await repository.bumpRevision()
            let catalogue = try await repository.load()
            return try await change(repository, catalogue, AuditTrail(database: db, clock: clock), clock.now().isoString)
        }
    }

    /// A whole catalogue's problems about one record, as form errors.
    static func formErrors(_ issues: [CatalogueIssue], kind: CatalogueRecordKind, id: String) -> [FieldError] {
        issues.filter { $0.kind == kind && $0.recordID == id }.map { issue in
            FieldError(field: CatalogueForms.formField(for: issue.field, kind: kind),
                       message: "Champ « \(CatalogueForms.formLabel(for: issue.field, kind: kind)) » : \(issue.message).")
        }
    }

    /// Adds an example; its id is made from its title (made unique). Returns it as saved.
    func createExample(_ draft: Example, by actor: Actor) async throws -> Example {
        try await write { repository, catalogue, audit, now in
            var example = draft
            example.id = Self.uniqueID(for: example.title, taken: Set(catalogue.examples.map(\.id)))
            example.status = .active
            example.retiredReason = nil
            var proposed = catalogue
            proposed.examples.append(example)
            let errors = Self.formErrors(proposed.validate(), kind: .example, id: example.id)
            if !errors.isEmpty { throw FormInvalid(errors: errors) }
            try await repository.insertExamples([(example, try await repository.nextSortOrder("catalogue_examples"))])
            try await repository.recordChanges(example.creationChanges, type: .example, action: .create, at: now, by: actor)
            try await audit.record("catalogue.example.create", entity: "catalogue-example", id: example.id, by: actor, after: example)
            return example
        }
    }

    /// Saves an edited example; its id, status and source document stay as they were.
    func updateExample(id: String, with edited: Example, by actor: Actor) async throws -> Example {
        try await write { repository, catalogue, audit, now in
            guard let position = catalogue.examples.firstIndex(where: { $0.id == id }) else { throw Failure.unknownExample(id) }
            let previous = catalogue.examples[position]
            var example = edited
            example.id = previous.id
            example.status = previous.status
            example.retiredReason = previous.retiredReason
            example.seed = previous.seed
            example.seedLine = previous.seedLine
            var proposed = catalogue
            proposed.examples[position] = example
            let errors = Self.formErrors(proposed.validate(), kind: .example, id: id)
            if !errors.isEmpty { throw FormInvalid(errors: errors) }
            let changes = example.changes(from: previous)
            guard !changes.isEmpty else { return example }
            try await repository.updateExample(example)
            try await repository.recordChanges(changes, type: .example, action: .update, at: now, by: actor)
            try await audit.record("catalogue.example.update", entity: "catalogue-example", id: id, by: actor, before: previous, after: example)
            return example
        }
    }

    func retireExample(id: String, reason: String, by actor: Actor) async throws -> Example {
        try await setExampleStatus(id: id, by: actor, action: .retire, try Self.retirement(reason: reason))
    }

    func reinstateExample(id: String, by actor: Actor) async throws -> Example {
        try await setExampleStatus(id: id, by: actor, action: .reinstate, Self.reinstatement())
    }

    /// Retiring a record needs a reason and an active record.
    private static func retirement<Record: Retirable>(reason: String) throws -> @Sendable (inout Record) throws -> Void {
        let reason = reason.trimmingSpaces
        guard !reason.isEmpty else {
            throw FormInvalid(errors: [FieldError(field: "motif", message: "Champ « Motif du retrait » : dites pourquoi la fiche est retirée.")])
        }
        return { record in
            guard record.isActive else { throw Failure.alreadyRetired }
            record.retire(reason: reason)
        }
    }

    /// Reinstating a record needs a retired one.
    private static func reinstatement<Record: Retirable>() -> @Sendable (inout Record) throws -> Void {
        { record in
            guard !record.isActive else { throw Failure.notRetired }
            record.reinstate()
        }
    }

    private func setExampleStatus(id: String, by actor: Actor, action: CatalogueAction,
                                  _ apply: @escaping @Sendable (inout Example) throws -> Void) async throws -> Example {
        try await write { repository, catalogue, audit, now in
            guard let previous = catalogue.example(id: id) else { throw Failure.unknownExample(id) }
            var example = previous
            try apply(&example)
            try await repository.updateExample(example)
            try await repository.recordChanges(example.changes(from: previous), type: .example, action: action, at: now, by: actor)
            try await audit.record("catalogue.example.\(action.rawValue)", entity: "catalogue-example", id: id, by: actor, before: previous, after: example)
            return example
        }
    }

    /// Title, summary and tags of a key action; its number and axis are those of the national palette.
    func updateKeyAction(number: Int, title: String, summary: String, themes: [TransitionTheme], vulnerabilities: [VulnerabilityType],
                         by actor: Actor) async throws -> KeyAction {
        try await write { repository, catalogue, audit, now in
            guard let position = catalogue.keyActions.firstIndex(where: { $0.number == number }) else { throw Failure.unknownKeyAction(String(number)) }
            let previous = catalogue.keyActions[position]
            var action = previous
            action.title = title
            action.summary = summary
            action.themes = themes
            action.vulnerabilities = vulnerabilities
            var proposed = catalogue
            proposed.keyActions[position] = action
            let errors = Self.formErrors(proposed.validate(), kind: .keyAction, id: String(number))
            if !errors.isEmpty { throw FormInvalid(errors: errors) }
            let changes = action.changes(from: previous)
            guard !changes.isEmpty else { return action }
            try await repository.updateKeyAction(action)
            try await repository.recordChanges(changes, type: .keyAction, action: .update, at: now, by: actor)
            try await audit.record("catalogue.keyAction.update", entity: "catalogue-key-action", id: String(number), by: actor, before: previous, after: action)
            return action
        }
    }

    func createActor(_ draft: CatalogueActor, by actor: Actor) async throws -> CatalogueActor {
        try await write { repository, catalogue, audit, now in
            var record = draft
            record.id = Self.uniqueID(for: record.name, taken: Set(catalogue.actors.map(\.id)))
            record.status = .active
            record.retiredReason = nil
            var proposed = catalogue
            proposed.actors.append(record)
            let errors = Self.formErrors(proposed.validate(), kind: .actor, id: record.id)
            if !errors.isEmpty { throw FormInvalid(errors: errors) }
            try await repository.insertActors([(record, try await repository.nextSortOrder("catalogue_actors"))])
            try await repository.recordChanges(record.creationChanges, type: .actor, action: .create, at: now, by: actor)
            try await audit.record("catalogue.actor.create", entity: "catalogue-actor", id: record.id, by: actor, after: record)
            return record
        }
    }

    func updateActor(id: String, with edited: CatalogueActor, by actor: Actor) async throws -> CatalogueActor {
        try await write { repository, catalogue, audit, now in
            guard let position = catalogue.actors.firstIndex(where: { $0.id == id }) else { throw Failure.unknownActor(id) }
            let previous = catalogue.actors[position]
            var record = edited
            record.id = previous.id
            record.status = previous.status
            record.retiredReason = previous.retiredReason
            var proposed = catalogue
            proposed.actors[position] = record
            let errors = Self.formErrors(proposed.validate(), kind: .actor, id: id)
            if !errors.isEmpty { throw FormInvalid(errors: errors) }
            let changes = record.changes(from: previous)
            guard !changes.isEmpty else { return record }
            try await repository.updateActor(record)
            try await repository.recordChanges(changes, type: .actor, action: .update, at: now, by: actor)
            try await audit.record("catalogue.actor.update", entity: "catalogue-actor", id: id, by: actor, before: previous, after: record)
            return record
        }
    }

    func retireActor(id: String, reason: String, by actor: Actor) async throws -> CatalogueActor {
        try await setActorStatus(id: id, by: actor, action: .retire, try Self.retirement(reason: reason))
    }

    func reinstateActor(id: String, by actor: Actor) async throws -> CatalogueActor {
        try await setActorStatus(id: id, by: actor, action: .reinstate, Self.reinstatement())
    }

    private func setActorStatus(id: String, by actor: Actor, action: CatalogueAction,
                                _ apply: @escaping @Sendable (inout CatalogueActor) throws -> Void) async throws -> CatalogueActor {
        try await write { repository, catalogue, audit, now in
            guard let previous = catalogue.actor(id: id) else { throw Failure.unknownActor(id) }
            var record = previous
            try apply(&record)
            try await repository.updateActor(record)
            try await repository.recordChanges(record.changes(from: previous), type: .actor, action: action, at: now, by: actor)
            try await audit.record("catalogue.actor.\(action.rawValue)", entity: "catalogue-actor", id: id, by: actor, before: previous, after: record)
            return record
        }
    }

    /// An id from a title, unique among `taken` ("cour-oasis", then "cour-oasis-2"…); the words
    /// the site uses after `/exemples/` and `/acteurs/` are never given.
    static func uniqueID(for title: String, taken: Set<String>) -> String {
        var base = CatalogueSlug.make(title)
        if base.count > 90 {
            base = String(base.prefix(90))
            while base.hasSuffix("-") { base.removeLast() }
        }
        if base.isEmpty { base = "fiche" }
        let reserved: Set<String> = ["nouveau", "nouvel", "import"]
        var candidate = base
        var counter = 2
        while taken.contains(candidate) || reserved.contains(candidate) {
            candidate = "\(base)-\(counter)"
            counter += 1
        }
        return candidate
    }

    // MARK: Import

    /// Imports a catalogue exported by Passerelle (`Catalogue.encodeJSON`), merged into this one
    /// (`Catalogue.merging`): new axes, key actions, examples and actors are added; an example whose
    /// id exists is replaced by the imported version; an actor with the same id or name is completed;
    /// the palette's axes and key actions already here are kept. The file is validated whole, then
    /// the merged catalogue is validated whole: any problem refuses the import and nothing is written.
    func importCatalogue(_ data: Data, by actor: Actor) async throws -> CatalogueImportOutcome {
        let imported: Catalogue
        do {
            imported = try Catalogue.decodeExport(data)
        } catch {
            return CatalogueImportOutcome(issues: error.issues)
        }
        struct Refused: Error { var issues: [CatalogueIssue] }
        do {
            return try await write { repository, catalogue, audit, now in
                let merged = catalogue.merging(imported)
                let issues = merged.validate()
                if !issues.isEmpty { throw Refused(issues: issues) }
                var outcome = CatalogueImportOutcome()

                var nextSource = catalogue.sources.count
                for source in merged.sources where !catalogue.sources.contains(source) {
                    try await repository.insertSource(source, sortOrder: nextSource)
                    nextSource += 1
                    outcome.sourcesAdded += 1
                }
                var nextAxis = try await repository.nextSortOrder("catalogue_axes")
                for axis in merged.axes where catalogue.axis(number: axis.number) == nil {
                    try await repository.insertAxis(axis, sortOrder: nextAxis)
                    nextAxis += 1
                    outcome.axesAdded += 1
                }
                var nextAction = try await repository.nextSortOrder("catalogue_key_actions")
                for action in merged.keyActions where catalogue.keyAction(number: action.number) == nil {
                    try await repository.insertKeyAction(action, sortOrder: nextAction)
                    nextAction += 1
                    outcome.keyActionsAdded += 1
                    try await repository.recordChanges(action.changes(from: KeyAction(number: action.number, axis: action.axis, title: "", summary: "")),
                                                       type: .keyAction, action: .import, at: now, by: actor)
                }
                var nextExample = try await repository.nextSortOrder("catalogue_examples")
                for example in merged.examples {
                    if let previous = catalogue.example(id: example.id) {
                        let changes = example.changes(from: previous)
                        if changes.isEmpty {
                            if imported.example(id: example.id) != nil { outcome.examplesUnchanged += 1 }
                            continue
                        }
                        try await repository.updateExample(example)
                        try await repository.recordChanges(changes, type: .example, action: .import, at: now, by: actor)
                        outcome.examplesUpdated += 1
                    } else {
                        try await repository.insertExamples([(example, nextExample)])
                        nextExample += 1
                        try await repository.recordChanges(example.creationChanges, type: .example, action: .import, at: now, by: actor)
                        outcome.examplesAdded += 1
                    }
                }
                var nextActor = try await repository.nextSortOrder("catalogue_actors")
                for record in merged.actors {
                    if let previous = catalogue.actor(id: record.id) {
                        let changes = record.changes(from: previous)
                        guard !changes.isEmpty else { continue }
                        try await repository.updateActor(record)
                        try await repository.recordChanges(changes, type: .actor, action: .import, at: now, by: actor)
                        outcome.actorsUpdated += 1
                    } else {
                        try await repository.insertActors([(record, nextActor)])
                        nextActor += 1
                        try await repository.recordChanges(record.creationChanges, type: .actor, action: .import, at: now, by: actor)
                        outcome.actorsAdded += 1
                    }
                }
                guard !outcome.changedNothing else { throw NothingChanged(outcome: outcome) }
                try await audit.record("catalogue.import", entity: "catalogue", id: "catalogue", by: actor, after: [
                    "examplesAdded": outcome.examplesAdded, "examplesUpdated": outcome.examplesUpdated, "actorsAdded": outcome.actorsAdded,
                    "actorsUpdated": outcome.actorsUpdated, "keyActionsAdded": outcome.keyActionsAdded, "axesAdded": outcome.axesAdded,
                    "sourcesAdded": outcome.sourcesAdded,
                ])
                return outcome
            }
        } catch let refused as Refused {
            return CatalogueImportOutcome(issues: refused.issues)
        } catch let nothing as NothingChanged {
            return nothing.outcome // rolled back: not even the revision moved
        }
    }

    private struct NothingChanged: Error { var outcome: CatalogueImportOutcome }
}
