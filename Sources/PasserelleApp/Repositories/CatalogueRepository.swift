import Fluent
import Foundation
import PasserelleDomain
import SQLKit

/// Which kind of catalogue record a history row is about (stored as `record_type`).
enum CatalogueRecordType: String, Sendable, Codable, CaseIterable {
    case example, keyAction, actor

    var kind: CatalogueRecordKind {
        switch self {
        case .example: .example
        case .keyAction: .keyAction
        case .actor: .actor
        }
    }
}

/// What a curation step did (stored as `action` in the history).
enum CatalogueAction: String, Sendable, Codable, CaseIterable {
    case create, update, retire, reinstate, `import`

    var label: String {
        switch self {
        case .create: "Création"
        case .update: "Modification"
        case .retire: "Retrait"
        case .reinstate: "Réintégration"
        case .import: "Import d'un catalogue"
        }
    }
}

/// One step of a record's history: who did what, when, and the fields it changed.
struct CatalogueHistoryEntry: Sendable, Equatable {
    var action: CatalogueAction
    var changedAt: String
    var changedBy: String
    var changes: [CatalogueChange]
}

/// The catalogue tables, read whole and written record by record. Same SQL on both engines.
struct SQLCatalogueRepository: Sendable {
    let database: any SQLDatabase

    init(database: any Database) {
        self.database = database as! any SQLDatabase
    }

    // MARK: Revision

    /// Bumped by every write in the same transaction; readers reload when it moves.
    func revision() async throws -> Int {
        struct Row: Decodable { var revision: Int }
        return try await database.raw("SELECT revision FROM catalogue_state WHERE id = 1").first(decoding: Row.self)?.revision ?? 0
    }

    func bumpRevision() async throws {
        try await database.raw("UPDATE catalogue_state SET revision = revision + 1 WHERE id = 1").run()
    }

    // MARK: Reading

    func load() async throws -> Catalogue {
        struct SourceRow: Decodable { var label: String }
        struct AxisRow: Decodable { var number: Int; var title: String; var summary: String }
        struct ActionRow: Decodable { var number: Int; var axis: Int; var title: String; var summary: String }
        struct ActionTagRow: Decodable { var key_action: Int; var kind: String; var code: String }
        struct ExampleRow: Decodable {
            var id: String, key_action: Int, title: String, summary: String
            var qpv_name: String?, commune: String?, department: String?, region: String?, country: String?
            var scale: String, method: String?, duration: String?
            var cost_amount: Double?, cost_currency: String?, cost_covers: String?, cost_text: String?, cost_band: String
            var pilot_name: String?, pilot_kind: String?, contact_role: String?, seed: String?, seed_line: Int?
            var status: String, retired_reason: String?
        }
        struct PartnerRow: Decodable { var example_id: String; var name: String; var kind: String }
        struct ResultRow: Decodable { var example_id: String; var label: String; var figure: Double?; var unit: String? }
        struct ResourceRow: Decodable { var example_id: String; var title: String; var url: String? }
        struct TagRow: Decodable { var example_id: String; var kind: String; var code: String }
        struct ActorRow: Decodable { var id: String; var name: String; var kind: String; var territory: String; var status: String; var retired_reason: String? }
        struct ActorThemeRow: Decodable { var actor_id: String; var code: String }
        struct ActorExampleRow: Decodable { var actor_id: String; var example_id: String }

        let sources = try await database.raw("SELECT label FROM catalogue_sources ORDER BY sort_order").all(decoding: SourceRow.self).map(\.label)
        let axes = try await database.raw("SELECT number, title, summary FROM catalogue_axes ORDER BY sort_order, number").all(decoding: AxisRow.self)
            .map { CatalogueAxis(number: $0.number, title: $0.title, summary: $0.summary) }
        let actionTags = Dictionary(grouping: try await database.raw("SELECT key_action, kind, code FROM catalogue_key_action_tags ORDER BY key_action, sort_order, id")
            .all(decoding: ActionTagRow.self), by: \.key_action)
        let keyActions = try await database.raw("SELECT number, axis, title, summary FROM catalogue_key_actions ORDER BY sort_order, number")
            .all(decoding: ActionRow.self).map { row in
                let tags = actionTags[row.number] ?? []
                return KeyAction(number: row.number, axis: row.axis, title: row.title, summary: row.summary,
                                 themes: tags.filter { $0.kind == "theme" }.compactMap { TransitionTheme(rawValue: $0.code) },
                                 vulnerabilities: tags.filter { $0.kind == "vulnerability" }.compactMap { VulnerabilityType(rawValue: $0.code) })
            }

        let partners = Dictionary(grouping: try await database.raw("SELECT example_id, name, kind FROM catalogue_example_partners ORDER BY example_id, sort_order, id")
            .all(decoding: PartnerRow.self), by: \.example_id)
        let results = Dictionary(grouping: try await database.raw("SELECT example_id, label, figure, unit FROM catalogue_example_results ORDER BY example_id, sort_order, id")
            .all(decoding: ResultRow.self), by: \.example_id)
        let resources = Dictionary(grouping: try await database.raw("SELECT example_id, title, url FROM catalogue_example_resources ORDER BY example_id, sort_order, id")
            .all(decoding: ResourceRow.self), by: \.example_id)
        let tags = Dictionary(grouping: try await database.raw("SELECT example_id, kind, code FROM catalogue_example_tags ORDER BY example_id, sort_order, id")
            .all(decoding: TagRow.self), by: \.example_id)
        let examples = try await database.raw("SELECT * FROM catalogue_examples ORDER BY sort_order, id").all(decoding: ExampleRow.self).map { row in
            let exampleTags = tags[row.id] ?? []
            func codes(_ kind: String) -> [String] { exampleTags.filter { $0.kind == kind }.map(\.code) }
            return Example(
                id: row.id, keyAction: row.key_action, title: row.title,
                place: ExamplePlace(commune: row.commune, department: row.department, region: row.region, country: row.country, qpvName: row.qpv_name),
                scale: ExampleScale(rawValue: row.scale) ?? .neighbourhood, summary: row.summary,
                partners: (partners[row.id] ?? []).map { ActorMention(name: $0.name, kind: ActorKind(rawValue: $0.kind) ?? .other) },
                method: row.method,
                results: (results[row.id] ?? []).map { ExampleResult(text: $0.label, value: $0.figure, unit: $0.unit) },
                duration: row.duration,
                cost: row.cost_text.map { ExampleCost(amount: row.cost_amount, currency: row.cost_currency, covers: row.cost_covers, text: $0) },
                pilot: row.pilot_name.map { ActorMention(name: $0, kind: row.pilot_kind.flatMap(ActorKind.init(rawValue:)) ?? .other) },
                resources: (resources[row.id] ?? []).map { ExampleResource(title: $0.title, url: $0.url) },
                contactRole: row.contact_role,
                tags: ExampleTags(themes: codes("theme").compactMap(TransitionTheme.init(rawValue:)),
                                  vulnerabilities: codes("vulnerability").compactMap(VulnerabilityType.init(rawValue:)),
                                  publics: codes("public").compactMap(Public.init(rawValue:)),
                                  costBand: CostBand(rawValue: row.cost_band) ?? .unknown),
                seed: row.seed, seedLine: row.seed_line,
                status: ExampleStatus(rawValue: row.status) ?? .active, retiredReason: row.retired_reason)
        }

        let actorThemes = Dictionary(grouping: try await database.raw("SELECT actor_id, code FROM catalogue_actor_themes ORDER BY actor_id, sort_order, id")
            .all(decoding: ActorThemeRow.self), by: \.actor_id)
        let actorExamples = Dictionary(grouping: try await database.raw("SELECT actor_id, example_id FROM catalogue_actor_examples ORDER BY actor_id, sort_order, id")
            .all(decoding: ActorExampleRow.self), by: \.actor_id)
        let actors = try await database.raw("SELECT id, name, kind, territory, status, retired_reason FROM catalogue_actors ORDER BY sort_order, id")
            .all(decoding: ActorRow.self).map { row in
                CatalogueActor(id: row.id, name: row.name, kind: ActorKind(rawValue: row.kind) ?? .other,
                               themes: (actorThemes[row.id] ?? []).compactMap { TransitionTheme(rawValue: $0.code) },
                               territory: row.territory, examples: (actorExamples[row.id] ?? []).map(\.example_id),
                               status: ExampleStatus(rawValue: row.status) ?? .active, retiredReason: row.retired_reason)
            }
        return Catalogue(axes: axes, keyActions: keyActions, examples: examples, actors: actors, sources: sources)
    }

    // MARK: Writing

    /// Writes a whole catalogue into empty tables (first start).
    func insertAll(_ catalogue: Catalogue) async throws {
        try await database.insert(into: "catalogue_state").columns("id", "revision").values(SQLBind(1), SQLBind(1)).run()
        for (order, source) in catalogue.sources.enumerated() { try await insertSource(source, sortOrder: order) }
        for (order, axis) in catalogue.axes.enumerated() { try await insertAxis(axis, sortOrder: order) }
        for (order, action) in catalogue.keyActions.enumerated() { try await insertKeyAction(action, sortOrder: order) }
        try await insertExamples(catalogue.examples.enumerated().map { ($0.element, $0.offset) })
        try await insertActors(catalogue.actors.enumerated().map { ($0.element, $0.offset) })
    }

    func insertSource(_ label: String, sortOrder: Int) async throws {
        try await database.insert(into: "catalogue_sources").columns("sort_order", "label").values(SQLBind(sortOrder), SQLBind(label)).run()
    }

    func insertAxis(_ axis: CatalogueAxis, sortOrder: Int) async throws {
        try await database.insert(into: "catalogue_axes").columns("number", "sort_order", "title", "summary")
            .values(SQLBind(axis.number), SQLBind(sortOrder), SQLBind(axis.title), SQLBind(axis.summary)).run()
    }

    func insertKeyAction(_ action: KeyAction, sortOrder: Int) async throws {
        try await database.insert(into: "catalogue_key_actions").columns("number", "sort_order", "axis", "title", "summary")
            .values(SQLBind(action.number), SQLBind(sortOrder), SQLBind(action.axis), SQLBind(action.title), SQLBind(action.summary)).run()
        try await insertKeyActionTags(action)
    }

    /// Title, summary and tags; the number and the axis never change.
    func updateKeyAction(_ action: KeyAction) async throws {
        try await database.update("catalogue_key_actions").set("title", to: action.title).set("summary", to: action.summary)
            .where("number", .equal, action.number).run()
        try await database.delete(from: "catalogue_key_action_tags").where("key_action", .equal, action.number).run()
        try await insertKeyActionTags(action)
    }

    private func insertKeyActionTags(_ action: KeyAction) async throws {
        let rows = action.themes.enumerated().map { [SQLBind(action.number), SQLBind("theme"), SQLBind($0.element.rawValue), SQLBind($0.offset)] }
            + action.vulnerabilities.enumerated().map { [SQLBind(action.number), SQLBind("vulnerability"), SQLBind($0.element.rawValue), SQLBind($0.offset)] }
        try await insertRows("catalogue_key_action_tags", ["key_action", "kind", "code", "sort_order"], rows)
    }

    static let exampleColumns = ["id", "sort_order", "key_action", "title", "summary", "qpv_name", "commune", "department", "region", "country",
                                 "scale", "method", "duration", "cost_amount", "cost_currency", "cost_covers", "cost_text", "cost_band",
                                 "pilot_name", "pilot_kind", "contact_role", "seed", "seed_line", "status", "retired_reason"]

    private static func exampleValues(_ example: Example, sortOrder: Int) -> [SQLBind] {
        [SQLBind(example.id), SQLBind(sortOrder), SQLBind(example.keyAction), SQLBind(example.title), SQLBind(example.summary),
         SQLBind(example.place.qpvName), SQLBind(example.place.commune), SQLBind(example.place.department), SQLBind(example.place.region),
         SQLBind(example.place.country), SQLBind(example.scale.rawValue), SQLBind(example.method), SQLBind(example.duration),
         SQLBind(example.cost?.amount), SQLBind(example.cost?.currency), SQLBind(example.cost?.covers), SQLBind(example.cost?.text),
         SQLBind(example.tags.costBand.rawValue), SQLBind(example.pilot?.name), SQLBind(example.pilot?.kind.rawValue),
         SQLBind(example.contactRole), SQLBind(example.seed), SQLBind(example.seedLine), SQLBind(example.status.rawValue),
         SQLBind(example.retiredReason)]
    }

    func insertExamples(_ examples: [(example: Example, sortOrder: Int)]) async throws {
        try await insertRows("catalogue_examples", Self.exampleColumns, examples.map { Self.exampleValues($0.example, sortOrder: $0.sortOrder) })
        try await insertExampleChildren(examples.map(\.example))
    }

    /// Rewrites an example's row and lists; its id and place in the catalogue stay.
    func updateExample(_ example: Example) async throws {
        var update = database.update("catalogue_examples")
        for (column, value) in zip(Self.exampleColumns, Self.exampleValues(example, sortOrder: 0)) where column != "id" && column != "sort_order" {
            update = update.set(SQLIdentifier(column), to: value)
        }
        try await update.where("id", .equal, example.id).run()
        for table in ["catalogue_example_partners", "catalogue_example_results", "catalogue_example_resources", "catalogue_example_tags"] {
            try await database.delete(from: table).where("example_id", .equal, example.id).run()
        }
        try await insertExampleChildren([example])
    }

    private func insertExampleChildren(_ examples: [Example]) async throws {
        var partners: [[SQLBind]] = [], results: [[SQLBind]] = [], resources: [[SQLBind]] = [], tags: [[SQLBind]] = []
        for example in examples {
            let id = SQLBind(example.id)
            for (order, partner) in example.partners.enumerated() {
                partners.append([id, SQLBind(order), SQLBind(partner.name), SQLBind(partner.kind.rawValue)])
            }
            for (order, result) in example.results.enumerated() {
                results.append([id, SQLBind(order), SQLBind(result.text), SQLBind(result.value), SQLBind(result.unit)])
            }
            for (order, resource) in example.resources.enumerated() {
                resources.append([id, SQLBind(order), SQLBind(resource.title), SQLBind(resource.url)])
            }
            for (order, theme) in example.tags.themes.enumerated() { tags.append([id, SQLBind("theme"), SQLBind(theme.rawValue), SQLBind(order)]) }
            for (order, type) in example.tags.vulnerabilities.enumerated() { tags.append([id, SQLBind("vulnerability"), SQLBind(type.rawValue), SQLBind(order)]) }
            for (order, audience) in example.tags.publics.enumerated() { tags.append([id, SQLBind("public"), SQLBind(audience.rawValue), SQLBind(order)]) }
        }
        try await insertRows("catalogue_example_partners", ["example_id", "sort_order", "name", "kind"], partners)
        try await insertRows("catalogue_example_results", ["example_id", "sort_order", "label", "figure", "unit"], results)
        try await insertRows("catalogue_example_resources", ["example_id", "sort_order", "title", "url"], resources)
        try await insertRows("catalogue_example_tags", ["example_id", "kind", "code", "sort_order"], tags)
    }

    func insertActors(_ actors: [(actor: CatalogueActor, sortOrder: Int)]) async throws {
        try await insertRows("catalogue_actors", ["id", "sort_order", "name", "kind", "territory", "status", "retired_reason"], actors.map { actor, order in
            [SQLBind(actor.id), SQLBind(order), SQLBind(actor.name), SQLBind(actor.kind.rawValue), SQLBind(actor.territory),
             SQLBind(actor.status.rawValue), SQLBind(actor.retiredReason)]
        })
        try await insertActorChildren(actors.map(\.actor))
    }

    func updateActor(_ actor: CatalogueActor) async throws {
        try await database.update("catalogue_actors").set("name", to: actor.name).set("kind", to: actor.kind.rawValue)
            .set("territory", to: actor.territory).set("status", to: actor.status.rawValue).set("retired_reason", to: SQLBind(actor.retiredReason))
            .where("id", .equal, actor.id).run()
        for table in ["catalogue_actor_themes", "catalogue_actor_examples"] {
            try await database.delete(from: table).where("actor_id", .equal, actor.id).run()
        }
        try await insertActorChildren([actor])
    }

    private func insertActorChildren(_ actors: [CatalogueActor]) async throws {
        var themes: [[SQLBind]] = [], examples: [[SQLBind]] = []
        for actor in actors {
            for (order, theme) in actor.themes.enumerated() { themes.append([SQLBind(actor.id), SQLBind(theme.rawValue), SQLBind(order)]) }
            for (order, example) in actor.examples.enumerated() { examples.append([SQLBind(actor.id), SQLBind(example), SQLBind(order)]) }
        }
        try await insertRows("catalogue_actor_themes", ["actor_id", "code", "sort_order"], themes)
        try await insertRows("catalogue_actor_examples", ["actor_id", "example_id", "sort_order"], examples)
    }

    /// The sort order after the last record of a table.
    func nextSortOrder(_ table: String) async throws -> Int {
        struct Row: Decodable { var next: Int? }
        let row = try await database.raw("SELECT MAX(sort_order) + 1 AS next FROM \(ident: table)").first(decoding: Row.self)
        return row?.next ?? 0
    }

    /// Multi-row inserts, in batches that stay under both engines' limits on bound parameters.
    private func insertRows(_ table: String, _ columns: [String], _ rows: [[SQLBind]]) async throws {
        guard !rows.isEmpty else { return }
        let batch = max(1, 900 / columns.count)
        for start in stride(from: 0, to: rows.count, by: batch) {
            var insert = database.insert(into: table).columns(columns)
            for row in rows[start..<min(start + batch, rows.count)] { insert = insert.values(row) }
            try await insert.run()
        }
    }

    // MARK: History

    func recordChanges(_ changes: [CatalogueChange], type: CatalogueRecordType, action: CatalogueAction, at: String, by actor: Actor) async throws {
        let changeSet = UUID().uuidString
        try await insertRows("catalogue_changes",
                             ["change_set", "record_type", "record_id", "action", "field", "before_value", "after_value", "changed_at", "changed_by_user_id", "changed_by_label"],
                             changes.map { change in
                                 [SQLBind(changeSet), SQLBind(type.rawValue), SQLBind(change.recordID), SQLBind(action.rawValue), SQLBind(change.field), SQLBind(change.before),
                                  SQLBind(change.after), SQLBind(at), SQLBind(actor.userID), SQLBind(actor.label)]
                             })
    }

    /// A record's history, the most recent step first; each step holds the fields it changed, in order.
    func history(type: CatalogueRecordType, id: String) async throws -> [CatalogueHistoryEntry] {
        struct Row: Decodable {
            var id: Int, change_set: String, record_id: String, action: String, field: String, before_value: String?, after_value: String?
            var changed_at: String, changed_by_label: String
        }
        let rows = try await database.raw("""
            SELECT id, change_set, record_id, action, field, before_value, after_value, changed_at, changed_by_label FROM catalogue_changes
            WHERE record_type = \(bind: type.rawValue) AND record_id = \(bind: id) ORDER BY id
            """).all(decoding: Row.self)
        var entries: [CatalogueHistoryEntry] = []
        var lastSet: String?
        for row in rows {
            let change = CatalogueChange(recordID: row.record_id, field: row.field, before: row.before_value, after: row.after_value)
            if lastSet == row.change_set {
                entries[entries.count - 1].changes.append(change)
            } else {
                entries.append(CatalogueHistoryEntry(action: CatalogueAction(rawValue: row.action) ?? .update, changedAt: row.changed_at,
                                                     changedBy: row.changed_by_label, changes: [change]))
                lastSet = row.change_set
            }
        }
        return entries.reversed()
    }
}
