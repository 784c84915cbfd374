/// What a visitor asks the actors directory: words and optional filters.
public struct ActorQuery: Sendable, Equatable, Hashable {
    public var text: String
    public var kind: ActorKind?
    public var theme: TransitionTheme?
    /// Retired actors are left out unless asked for (curation pages).
    public var includeRetired: Bool

    public init(text: String = "", kind: ActorKind? = nil, theme: TransitionTheme? = nil, includeRetired: Bool = false) {
        self.text = text
        self.kind = kind
        self.theme = theme
        self.includeRetired = includeRetired
    }
}

/// One actor found, with the query's stems to highlight its texts.
public struct ActorHit: Sendable, Equatable {
    public var actor: CatalogueActor
    public var score: Double
    public var queryTerms: [String]

    /// The text cut into marked and unmarked pieces for the query's words.
    public func highlights(_ text: String) -> [HighlightSegment] {
        FrenchText.highlight(text, stems: Set(queryTerms))
    }
}

/// The actors directory, searched with the same French matching as the examples (accents, case,
/// plurals, stop words; see `FrenchText`).
///
/// Ranking: for each word of the query, 3 points when the actor's name holds it, 2 for its
/// territory, 1 for its kind or themes, 0.5 for the title of an example it takes part in (each
/// field counts once per word); 2 more points when every word is found. An actor matches when it
/// holds at least one word. Ties, and queries without words, go by name (accents and case folded),
/// then id.
public struct ActorDirectory: Sendable {
    public let catalogue: Catalogue

    static let nameWeight = 3.0
    static let territoryWeight = 2.0
    static let tagWeight = 1.0
    static let exampleWeight = 0.5
    static let allWordsBonus = 2.0

    /// Per actor: the stems of each field, as sets.
    private let fields: [[(weight: Double, stems: Set<String>)]]
    private let sortKeys: [String]

    public init(_ catalogue: Catalogue) {
        self.catalogue = catalogue
        var fields: [[(weight: Double, stems: Set<String>)]] = []
        for actor in catalogue.actors {
            let tags = [actor.kind.label] + actor.themes.map(\.shortLabel) + actor.themes.map(\.label)
            let titles = actor.examples.compactMap { catalogue.example(id: $0)?.title }
            fields.append([
                (Self.nameWeight, Set(FrenchText.stems(actor.name))),
                (Self.territoryWeight, Set(FrenchText.stems(actor.territory))),
                (Self.tagWeight, Set(tags.flatMap(FrenchText.stems))),
                (Self.exampleWeight, Set(titles.flatMap(FrenchText.stems))),
            ])
        }
        self.fields = fields
        sortKeys = catalogue.actors.map { SearchKey.fold($0.name) }
    }

    /// Runs a search; deterministic.
    public func search(_ query: ActorQuery) -> [ActorHit] {
        var terms: [String] = []
        for stem in FrenchText.stems(query.text) where !terms.contains(stem) { terms.append(stem) }
        var found: [(position: Int, score: Double)] = []
        for (position, actor) in catalogue.actors.enumerated() {
            guard query.includeRetired || actor.isActive else { continue }
            if let kind = query.kind, actor.kind != kind { continue }
            if let theme = query.theme, !actor.themes.contains(theme) { continue }
            guard !terms.isEmpty else {
                found.append((position, 0))
                continue
            }
            var score = 0.0
            var matched = 0
            for term in terms {
                var termScore = 0.0
                for field in fields[position] where field.stems.contains(term) { termScore += field.weight }
                if termScore > 0 { matched += 1 }
                score += termScore
            }
            guard matched > 0 else { continue }
            if matched == terms.count && terms.count > 1 { score += Self.allWordsBonus }
            found.append((position, score))
        }
        found.sort { left, right in
            if left.score != right.score { return left.score > right.score }
            if sortKeys[left.position] != sortKeys[right.position] { return sortKeys[left.position] < sortKeys[right.position] }
            return catalogue.actors[left.position].id < catalogue.actors[right.position].id
        }
        return found.map { ActorHit(actor: catalogue.actors[$0.position], score: $0.score, queryTerms: terms) }
    }
}
