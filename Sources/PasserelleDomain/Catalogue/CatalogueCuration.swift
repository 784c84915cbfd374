// What curation records in the history: the fields of key actions and actors (examples have theirs
// in CatalogueChange.swift), and the changes that describe a creation.

extension KeyAction {
    struct Field: Sendable {
        var key: String
        var label: String
        var render: @Sendable (KeyAction) -> String?
    }

    /// The fields curators may edit; the number and the axis are fixed by the national palette.
    static let fields: [Field] = [
        Field(key: "title", label: "Intitulé") { $0.title },
        Field(key: "summary", label: "Présentation") { $0.summary.isEmpty ? nil : $0.summary },
        Field(key: "themes", label: "Thèmes") { joined($0.themes.map(\.shortLabel)) },
        Field(key: "vulnerabilities", label: "Vulnérabilités") { joined($0.vulnerabilities.map(\.label)) },
    ]

    private static func joined(_ items: [String]) -> String? {
        items.isEmpty ? nil : items.joined(separator: " | ")
    }

    /// What changed from `previous` to this version, field by field; empty when nothing did.
    public func changes(from previous: KeyAction) -> [CatalogueChange] {
        Self.fields.compactMap { field in
            let before = field.render(previous), after = field.render(self)
            return before == after ? nil : CatalogueChange(recordID: String(number), field: field.key, before: before, after: after)
        }
    }
}

extension CatalogueActor {
    struct Field: Sendable {
        var key: String
        var label: String
        var render: @Sendable (CatalogueActor) -> String?
    }

    static let fields: [Field] = [
        Field(key: "id", label: "Identifiant") { $0.id },
        Field(key: "name", label: "Nom") { $0.name },
        Field(key: "kind", label: "Type") { $0.kind.label },
        Field(key: "themes", label: "Thèmes") { joined($0.themes.map(\.shortLabel)) },
        Field(key: "territory", label: "Territoire d'action") { $0.territory.isEmpty ? nil : $0.territory },
        Field(key: "examples", label: "Exemples liés") { joined($0.examples) },
        Field(key: "status", label: "Statut") { $0.status.label },
        Field(key: "retiredReason", label: "Motif du retrait") { $0.retiredReason },
    ]

    private static func joined(_ items: [String]) -> String? {
        items.isEmpty ? nil : items.joined(separator: " | ")
    }

    /// What changed from `previous` to this version, field by field; empty when nothing did.
    public func changes(from previous: CatalogueActor) -> [CatalogueChange] {
        Self.fields.compactMap { field in
            let before = field.render(previous), after = field.render(self)
            return before == after ? nil : CatalogueChange(recordID: id, field: field.key, before: before, after: after)
        }
    }

    /// A new actor as history rows: every field that has a value, with nothing before.
    public var creationChanges: [CatalogueChange] {
        Self.fields.compactMap { field in field.render(self).map { CatalogueChange(recordID: id, field: field.key, before: nil, after: $0) } }
    }
}

extension Example {
    /// A new example as history rows: every field that has a value, with nothing before.
    public var creationChanges: [CatalogueChange] {
        Self.fields.compactMap { field in field.render(self).map { CatalogueChange(recordID: id, field: field.key, before: nil, after: $0) } }
    }
}

extension CatalogueChange {
    /// The field's French name for a record of this kind ("Nom", "Intitulé"); the path when unknown.
    public func fieldLabel(for kind: CatalogueRecordKind) -> String {
        switch kind {
        case .keyAction: KeyAction.fields.first { $0.key == field }?.label ?? field
        case .actor: CatalogueActor.fields.first { $0.key == field }?.label ?? field
        case .example, .axis, .document: fieldLabel
        }
    }
}
