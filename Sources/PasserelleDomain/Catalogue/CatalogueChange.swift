/// One field of one record that changed between two versions, as the curation history stores it.
/// Values are rendered as text (lists joined with " | ", codes as French labels) so the history
/// stays readable even if the model changes later.
public struct CatalogueChange: Sendable, Equatable, Hashable, Codable {
    public var recordID: String
    /// JSON path of the field: "title", "place.commune", "tags.themes", "status"…
    public var field: String
    public var before: String?
    public var after: String?

    public init(recordID: String, field: String, before: String?, after: String?) {
        self.recordID = recordID
        self.field = field
        self.before = before
        self.after = after
    }

    /// The field's French name for history pages ("Commune", "Thèmes"); the path when unknown.
    public var fieldLabel: String { Example.fields.first { $0.key == field }?.label ?? field }
}

extension Example {
    /// A field of an example as curation sees it: its JSON path, its French name and its value as text.
    struct Field: Sendable {
        var key: String
        var label: String
        var render: @Sendable (Example) -> String?
    }

    /// Every field, in the order of the example sheet.
    static let fields: [Field] = [
        Field(key: "id", label: "Identifiant") { $0.id },
        Field(key: "keyAction", label: "Action clé") { String($0.keyAction) },
        Field(key: "title", label: "Titre") { $0.title },
        Field(key: "place.qpvName", label: "Quartier") { $0.place.qpvName },
        Field(key: "place.commune", label: "Commune") { $0.place.commune },
        Field(key: "place.department", label: "Département") { $0.place.department },
        Field(key: "place.region", label: "Région") { $0.place.region },
        Field(key: "place.country", label: "Pays") { $0.place.country },
        Field(key: "scale", label: "Échelle") { $0.scale.label },
        Field(key: "summary", label: "Description") { $0.summary },
        Field(key: "partners", label: "Partenaires") { joined($0.partners.map(ExampleText.mention)) },
        Field(key: "method", label: "Méthode") { $0.method },
        Field(key: "results", label: "Résultats") { joined($0.results.map(ExampleText.result)) },
        Field(key: "duration", label: "Durée") { $0.duration },
        Field(key: "cost.amount", label: "Coût (montant)") { $0.cost?.amount.map(ExampleText.number) },
        Field(key: "cost.currency", label: "Coût (devise)") { $0.cost?.currency },
        Field(key: "cost.covers", label: "Coût (ce qu'il couvre)") { $0.cost?.covers },
        Field(key: "cost.text", label: "Coût") { $0.cost?.text },
        Field(key: "pilot", label: "Pilote") { $0.pilot.map(ExampleText.mention) },
        Field(key: "resources", label: "Ressources") { joined($0.resources.map(ExampleText.resource)) },
        Field(key: "contactRole", label: "Contact") { $0.contactRole },
        Field(key: "tags.themes", label: "Thèmes") { joined($0.tags.themes.map(\.shortLabel)) },
        Field(key: "tags.vulnerabilities", label: "Vulnérabilités") { joined($0.tags.vulnerabilities.map(\.label)) },
        Field(key: "tags.publics", label: "Publics") { joined($0.tags.publics.map(\.label)) },
        Field(key: "tags.costBand", label: "Tranche de coût") { $0.tags.costBand.label },
        Field(key: "seed", label: "Document source") { $0.seed },
        Field(key: "seedLine", label: "Ligne dans le document source") { $0.seedLine.map(String.init) },
        Field(key: "status", label: "Statut") { $0.status.label },
        Field(key: "retiredReason", label: "Motif du retrait") { $0.retiredReason },
    ]

    private static func joined(_ items: [String]) -> String? {
        items.isEmpty ? nil : items.joined(separator: " | ")
    }

    /// What changed from `previous` to this version, field by field in sheet order; empty when nothing did.
    /// The record id is this version's (an id change shows as a change of "id").
    public func changes(from previous: Example) -> [CatalogueChange] {
        Self.fields.compactMap { field in
            let before = field.render(previous), after = field.render(self)
            return before == after ? nil : CatalogueChange(recordID: id, field: field.key, before: before, after: after)
        }
    }
}

/// How the text renderings of an example (history, CSV) write its composite values.
enum ExampleText {
    /// "Ville de Perpignan (Collectivité territoriale)".
    static func mention(_ mention: ActorMention) -> String { "\(mention.name) (\(mention.kind.label))" }

    /// "Entrées comptées (185 entrées)"; the text alone when there is no figure.
    static func result(_ result: ExampleResult) -> String {
        guard let value = result.value else { return result.text }
        let figure = [number(value), result.unit].compactMap { $0 }.joined(separator: " ")
        return "\(result.text) (\(figure))"
    }

    /// "Fresque du climat <https://fresqueduclimat.org/>"; the title alone without an address.
    static func resource(_ resource: ExampleResource) -> String {
        resource.url.map { "\(resource.title) <\($0)>" } ?? resource.title
    }

    /// "4600000", "4,5": no grouping, a decimal comma, as French spreadsheets read numbers.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        var text = String(value)
        if let dot = text.firstIndex(of: ".") { text.replaceSubrange(dot...dot, with: ",") }
        return text
    }
}
