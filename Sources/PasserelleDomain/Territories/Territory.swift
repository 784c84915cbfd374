/// A territory stored in Passerelle.
public struct Territory: Sendable, Equatable, Hashable, Codable {
    public var id: Int
    public var kind: TerritoryKind
    public var code: String
    public var name: String
    public var population: Int?
    public var municipalPopulation: Int?
    public var populationSource: String?

    public init(id: Int, kind: TerritoryKind, code: String, name: String, population: Int? = nil, municipalPopulation: Int? = nil, populationSource: String? = nil) {
        self.id = id
        self.kind = kind
        self.code = code
        self.name = name
        self.population = population
        self.municipalPopulation = municipalPopulation
        self.populationSource = populationSource
    }

    public var key: TerritoryKey { TerritoryKey(kind: kind, code: code) }
}

/// A page of results with the total number of matches.
public struct ResultPage<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int
    public var limit: Int
    public var offset: Int

    public init(items: [Item], total: Int, limit: Int, offset: Int) {
        self.items = items
        self.total = total
        self.limit = limit
        self.offset = offset
    }

    public var hasNext: Bool { offset + items.count < total }
    public var hasPrevious: Bool { offset > 0 }
}

/// What to look for among territories.
public struct TerritoryQuery: Sendable, Equatable {
    public var text: String?
    public var kind: TerritoryKind?
    public var parentID: Int?
    public var limit: Int
    public var offset: Int

    public init(text: String? = nil, kind: TerritoryKind? = nil, parentID: Int? = nil, limit: Int = 50, offset: Int = 0) {
        self.text = text
        self.kind = kind
        self.parentID = parentID
        self.limit = limit
        self.offset = offset
    }

    /// The words of the text, folded for accent- and case-insensitive matching.
    public var words: [String] {
        guard let text else { return [] }
        return SearchKey.fold(text).split(separator: " ").map(String.init)
    }
}
