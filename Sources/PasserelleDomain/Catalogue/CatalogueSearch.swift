import Foundation

/// What a visitor asks the catalogue: one query box and optional filters.
///
/// Words match whatever their accents, case, plural or simple feminine ("ilot de fraicheur" finds
/// "îlots de fraîcheur"); French stop words ("de", "la", "pour"…) are ignored. An example matches
/// when it contains at least one of the words (all of them with `requireAllWords`); a query with
/// no words lists every example passing the filters, in catalogue order.
public struct CatalogueSearch: Sendable, Equatable, Hashable {
    public var text: String
    /// Axis number (1–4) of the example's key action.
    public var axis: Int?
    public var keyAction: Int?
    public var theme: TransitionTheme?
    public var scale: ExampleScale?
    public var costBand: CostBand?
    /// Region name, compared without accents or case ("ile-de-france" finds "Île-de-France").
    public var region: String?
    /// The public aimed at ("public" is a Swift keyword).
    public var audience: Public?
    /// Retired examples are left out unless asked for (curation pages).
    public var includeRetired: Bool
    public var requireAllWords: Bool

    public init(text: String = "", axis: Int? = nil, keyAction: Int? = nil, theme: TransitionTheme? = nil,
                scale: ExampleScale? = nil, costBand: CostBand? = nil, region: String? = nil, audience: Public? = nil,
                includeRetired: Bool = false, requireAllWords: Bool = false) {
        self.text = text
        self.axis = axis
        self.keyAction = keyAction
        self.theme = theme
        self.scale = scale
        self.costBand = costBand
        self.region = region
        self.audience = audience
        self.includeRetired = includeRetired
        self.requireAllWords = requireAllWords
    }
}

/// One example found, with why it was found.
public struct CatalogueHit: Sendable, Equatable {
    public var example: Example
    /// Position of the example in `catalogue.examples`.
    public var position: Int
    /// Higher is better; 0 when the query has no words.
    public var score: Double
    /// Every stem of the query, in query order, used to highlight any text of the example.
    public var queryTerms: [String]
    /// The query's words as typed, one per stem of `queryTerms`.
    public var queryWords: [String]
    /// Bit i set when `queryTerms[i]` is found in the example (kept as bits: a search may return
    /// a thousand hits and the lists below are only read for the page shown).
    var matchMask: UInt64
    /// True when the query's words appear side by side, in order, in one field.
    public var isPhraseMatch: Bool

    /// The query's stems found in this example, in query order.
    public var matchedTerms: [String] { queryTerms.indices.filter(isMatched).map { queryTerms[$0] } }
    /// The query's words, as typed, found in this example.
    public var matchedWords: [String] { queryWords.indices.filter(isMatched).map { queryWords[$0] } }

    private func isMatched(_ index: Int) -> Bool { matchMask & (UInt64(1) << UInt64(index)) != 0 }

    /// The text cut into marked and unmarked pieces for the query's words (original text kept).
    public func highlights(_ text: String) -> [HighlightSegment] {
        FrenchText.highlight(text, stems: Set(queryTerms))
    }

    public var titleHighlights: [HighlightSegment] { highlights(example.title) }
    public var summaryHighlights: [HighlightSegment] { highlights(example.summary) }
}

/// The answer to a `CatalogueSearch`.
public struct CatalogueSearchResults: Sendable, Equatable {
    public var hits: [CatalogueHit]
    /// The stems searched for, in query order, without repeats.
    public var terms: [String]
    /// Words of the query that were ignored because they are stop words, as typed.
    public var ignoredWords: [String]

    public var isEmptyQuery: Bool { terms.isEmpty }
}

/// The catalogue's examples prepared for search: an inverted index built once, so that a search
/// only walks the lists of the query's words.
///
/// Ranking is BM25F: each word's frequency is weighted by field (title ×3; key action title,
/// tags and place ×2; summary, method, results, partners ×1), normalised by field length, saturated
/// (k1 = 1.2, b = 0.75) and multiplied by the word's rarity (idf). Queries of two words or more
/// add a bonus of 2 when all words are present and of 3 (title) or 1.5 (other field) when they
/// appear side by side in order. Ties are broken by folded title, then catalogue order.
public struct CatalogueIndex: Sendable {
    public let catalogue: Catalogue

    static let k1 = 1.2
    static let b = 0.75
    static let allWordsBonus = 2.0
    static let titlePhraseBonus = 3.0
    static let fieldPhraseBonus = 1.5

    enum Field: Int, CaseIterable {
        case title, keyAction, tags, place, text, actors

        var weight: Double {
            switch self {
            case .title: 3
            case .keyAction, .tags, .place: 2
            case .text, .actors: 1
            }
        }
    }

    struct Posting: Sendable {
        var document: Int32
        /// Weighted, length-normalised frequency, before saturation.
        var frequency: Double
        /// Where the word occurs, ascending: field number × 2²⁰ + position in the field.
        var positions: [Int32]
    }

    /// Positions are numbered per field, with a gap between the texts of a field (two partners,
    /// summary and method) so that a phrase never spans two of them.
    static let fieldStride: Int32 = 1 << 20

    /// What filters look at, read once per example.
    struct Facts: Sendable {
        var axis: Int?
        var keyAction: Int
        var themes: UInt32
        var scale: ExampleScale
        var costBand: CostBand
        var region: String
        var publics: UInt32
        var isActive: Bool
    }

    private let vocabulary: [String: Int32]
    private let postings: [[Posting]]
    private let idf: [Double]
    private let facts: [Facts]
    /// Rank of each example in folded-title order, the tie-break, compared as integers.
    private let titleRanks: [Int32]

    public init(_ catalogue: Catalogue) {
        self.catalogue = catalogue
        var vocabulary: [String: Int32] = [:]
        let keyActionTitles = Dictionary(catalogue.keyActions.map { ($0.number, $0.title) }, uniquingKeysWith: { first, _ in first })
        let axisOfAction = Dictionary(catalogue.keyActions.map { ($0.number, $0.axis) }, uniquingKeysWith: { first, _ in first })
        // Per example: each term's positions, and each field's length in words.
        var occurrences: [[Int32: [Int32]]] = []
        var lengths: [[Int]] = []
        occurrences.reserveCapacity(catalogue.examples.count)
        for example in catalogue.examples {
            var positions: [Int32: [Int32]] = [:]
            var fieldLengths: [Int] = []
            for field in Field.allCases {
                var position = Int32(field.rawValue) * Self.fieldStride
                var length = 0
                for text in Self.texts(of: example, field: field, keyActionTitle: keyActionTitles[example.keyAction]) {
                    for stem in FrenchText.stems(text) {
                        let id: Int32
                        if let known = vocabulary[stem] {
                            id = known
                        } else {
                            id = Int32(vocabulary.count)
                            vocabulary[stem] = id
                        }
                        positions[id, default: []].append(position)
                        position += 1
                        length += 1
                    }
                    position += 1
                }
                fieldLengths.append(length)
            }
            occurrences.append(positions)
            lengths.append(fieldLengths)
        }

        let count = max(catalogue.examples.count, 1)
        var averageLength = [Double](repeating: 0, count: Field.allCases.count)
        for fieldLengths in lengths {
            for (field, length) in fieldLengths.enumerated() { averageLength[field] += Double(length) }
        }
        averageLength = averageLength.map { $0 / Double(count) }

        var postings = [[Posting]](repeating: [], count: vocabulary.count)
        for (document, positions) in occurrences.enumerated() {
            let norms = Field.allCases.map { field in
                let average = averageLength[field.rawValue]
                return average > 0 ? 1 - Self.b + Self.b * Double(lengths[document][field.rawValue]) / average : 1
            }
            // Sorting the ids keeps posting lists, hence score sums, identical from run to run.
            for id in positions.keys.sorted() {
                let list = positions[id]!
                var frequency = 0.0
                for position in list {
                    let field = Field(rawValue: Int(position / Self.fieldStride))!
                    frequency += field.weight / norms[field.rawValue]
                }
                postings[Int(id)].append(Posting(document: Int32(document), frequency: frequency, positions: list))
            }
        }
        let total = Double(catalogue.examples.count)
        idf = postings.map { list in
            let df = Double(list.count)
            return log(1 + (total - df + 0.5) / (df + 0.5))
        }
        self.vocabulary = vocabulary
        self.postings = postings
        facts = catalogue.examples.map { example in
            Facts(axis: axisOfAction[example.keyAction], keyAction: example.keyAction,
                  themes: Self.mask(example.tags.themes.compactMap { TransitionTheme.allCases.firstIndex(of: $0) }),
                  scale: example.scale, costBand: example.tags.costBand,
                  region: SearchKey.fold(example.place.region ?? ""),
                  publics: Self.mask(example.tags.publics.compactMap { Public.allCases.firstIndex(of: $0) }),
                  isActive: example.isActive)
        }
        let titleKeys = catalogue.examples.map { SearchKey.fold($0.title) }
        var ranks = [Int32](repeating: 0, count: titleKeys.count)
        for (rank, position) in titleKeys.indices.sorted(by: { titleKeys[$0] != titleKeys[$1] ? titleKeys[$0] < titleKeys[$1] : $0 < $1 }).enumerated() {
            ranks[position] = Int32(rank)
        }
        titleRanks = ranks
    }

    /// The texts indexed in each field.
    static func texts(of example: Example, field: Field, keyActionTitle: String?) -> [String] {
        switch field {
        case .title:
            return [example.title]
        case .keyAction:
            return keyActionTitle.map { [$0] } ?? []
        case .tags:
            return example.tags.themes.map(\.shortLabel) + example.tags.vulnerabilities.map(\.label) + example.tags.publics.map(\.label)
        case .place:
            return [example.place.qpvName, example.place.commune, example.place.department, example.place.region, example.place.country].compactMap { $0 }
        case .text:
            return [example.summary] + [example.method].compactMap { $0 } + example.results.map(\.text)
        case .actors:
            return example.partners.map(\.name) + [example.pilot?.name].compactMap { $0 }
        }
    }

    private static func mask(_ positions: [Int]) -> UInt32 {
        positions.reduce(0) { $0 | (1 << UInt32($1)) }
    }

    /// Number of distinct searchable stems, for diagnostics.
    public var vocabularySize: Int { vocabulary.count }

    /// Runs a search. Deterministic: the same index and search always give the same hits in the same order.
    public func search(_ search: CatalogueSearch) -> CatalogueSearchResults {
        // The query's words: distinct stems in order (at most 64, the width of the match mask).
        var terms: [String] = []
        var typed: [String] = []
        var sequence: [String] = []
        var ignored: [String] = []
        for token in FrenchText.tokens(search.text) {
            let word = String(search.text[token.range])
            if token.isStopWord {
                ignored.append(word)
                continue
            }
            sequence.append(token.stem)
            if !terms.contains(token.stem) && terms.count < 64 {
                terms.append(token.stem)
                typed.append(word)
            }
        }

        let filter = FilterValues(search, catalogue: catalogue)
        guard !terms.isEmpty else {
            var hits: [CatalogueHit] = []
            for (position, example) in catalogue.examples.enumerated() where filter.accepts(facts[position]) {
                hits.append(CatalogueHit(example: example, position: position, score: 0, queryTerms: [], queryWords: [],
                                         matchMask: 0, isPhraseMatch: false))
            }
            return CatalogueSearchResults(hits: hits, terms: [], ignoredWords: ignored)
        }

        let count = catalogue.examples.count
        var scores = [Double](repeating: 0, count: count)
        var masks = [UInt64](repeating: 0, count: count)
        for (queryIndex, term) in terms.enumerated() {
            guard let id = vocabulary[term] else { continue }
            let weight = idf[Int(id)]
            let bit = UInt64(1) << UInt64(queryIndex)
            for posting in postings[Int(id)] {
                let document = Int(posting.document)
                scores[document] += weight * posting.frequency * (Self.k1 + 1) / (posting.frequency + Self.k1)
                masks[document] |= bit
            }
        }
        let allBits: UInt64 = terms.count == 64 ? .max : (UInt64(1) << UInt64(terms.count)) - 1
        let phraseIDs: [Int32]? = sequence.count >= 2 ? sequence.map { vocabulary[$0] ?? -1 } : nil

        // Scores and sorts plain numbers first; hits (which copy their example) are built last.
        var found: [(document: Int32, score: Double, isPhrase: Bool)] = []
        for document in 0..<count where masks[document] != 0 && filter.accepts(facts[document]) {
            let hasAll = masks[document] == allBits
            if search.requireAllWords && !hasAll { continue }
            var score = scores[document]
            var isPhrase = false
            if terms.count >= 2 && hasAll {
                score += Self.allWordsBonus
                if let phraseIDs, let start = phraseStart(phraseIDs, in: Int32(document)) {
                    score += start < Self.fieldStride ? Self.titlePhraseBonus : Self.fieldPhraseBonus
                    isPhrase = true
                }
            }
            found.append((Int32(document), score, isPhrase))
        }
        found.sort { left, right in
            if left.score != right.score { return left.score > right.score }
            return titleRanks[Int(left.document)] < titleRanks[Int(right.document)]
        }
        var hits: [CatalogueHit] = []
        hits.reserveCapacity(found.count)
        for (document, score, isPhrase) in found {
            let position = Int(document)
            hits.append(CatalogueHit(example: catalogue.examples[position], position: position, score: score,
                                     queryTerms: terms, queryWords: typed, matchMask: masks[position], isPhraseMatch: isPhrase))
        }
        return CatalogueSearchResults(hits: hits, terms: terms, ignoredWords: ignored)
    }

    /// Where the query's words first follow one another in one field of the example (the title's
    /// positions come first), or nil. Walks only the words' positions, never the texts.
    private func phraseStart(_ ids: [Int32], in document: Int32) -> Int32? {
        var lists: [[Int32]] = []
        for id in ids {
            guard id >= 0, let posting = posting(of: id, in: document) else { return nil }
            lists.append(posting.positions)
        }
        for start in lists[0] {
            var offset = 1
            while offset < lists.count && Self.sortedContains(lists[offset], start + Int32(offset)) { offset += 1 }
            if offset == lists.count { return start }
        }
        return nil
    }

    /// The posting of a word for one example: lists are sorted by example, so a binary search.
    private func posting(of id: Int32, in document: Int32) -> Posting? {
        let list = postings[Int(id)]
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].document < document { low = middle + 1 } else { high = middle }
        }
        return low < list.count && list[low].document == document ? list[low] : nil
    }

    private static func sortedContains(_ list: [Int32], _ value: Int32) -> Bool {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < list.count && list[low] == value
    }

    /// The filters of a search, prepared once per search.
    private struct FilterValues {
        var search: CatalogueSearch
        var themeBit: UInt32?
        var publicBit: UInt32?
        var region: String?

        init(_ search: CatalogueSearch, catalogue: Catalogue) {
            self.search = search
            themeBit = search.theme.map { UInt32(1) << UInt32(TransitionTheme.allCases.firstIndex(of: $0)!) }
            publicBit = search.audience.map { UInt32(1) << UInt32(Public.allCases.firstIndex(of: $0)!) }
            region = search.region.map(SearchKey.fold).flatMap { $0.isEmpty ? nil : $0 }
        }

        func accepts(_ facts: Facts) -> Bool {
            if !search.includeRetired && !facts.isActive { return false }
            if let axis = search.axis, facts.axis != axis { return false }
            if let keyAction = search.keyAction, facts.keyAction != keyAction { return false }
            if let themeBit, facts.themes & themeBit == 0 { return false }
            if let scale = search.scale, facts.scale != scale { return false }
            if let costBand = search.costBand, facts.costBand != costBand { return false }
            if let region, facts.region != region { return false }
            if let publicBit, facts.publics & publicBit == 0 { return false }
            return true
        }
    }
}
