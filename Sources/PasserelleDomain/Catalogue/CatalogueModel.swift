// The records of the catalogue: the national palette's axes and key actions, the inspiring
// examples (national and local) and the actors who carry them.

/// One of the four axes grouping the palette's key actions.
public struct CatalogueAxis: Sendable, Equatable, Hashable, Codable {
    public var number: Int
    public var title: String
    public var summary: String

    public init(number: Int, title: String, summary: String) {
        self.number = number
        self.title = title
        self.summary = summary
    }
}

/// A key action of the national palette (11 in 4 axes), with the themes and vulnerabilities it answers.
public struct KeyAction: Sendable, Equatable, Hashable, Codable {
    public var number: Int
    public var axis: Int
    public var title: String
    public var summary: String
    public var themes: [TransitionTheme]
    public var vulnerabilities: [VulnerabilityType]

    public init(number: Int, axis: Int, title: String, summary: String,
                themes: [TransitionTheme] = [], vulnerabilities: [VulnerabilityType] = []) {
        self.number = number
        self.axis = axis
        self.title = title
        self.summary = summary
        self.themes = themes
        self.vulnerabilities = vulnerabilities
    }
}

/// The scale an example works at, from one building to the whole country.
public enum ExampleScale: String, CaseIterable, Codable, Sendable, Comparable {
    case building, neighbourhood, commune, intercommunality, department, region, national

    public var label: String {
        switch self {
        case .building: "Bâtiment ou site"
        case .neighbourhood: "Quartier"
        case .commune: "Commune"
        case .intercommunality: "Intercommunalité"
        case .department: "Département"
        case .region: "Région"
        case .national: "National"
        }
    }

    public static func < (lhs: ExampleScale, rhs: ExampleScale) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A rough cost band, so examples can be filtered by budget even when the amount is not known exactly.
public enum CostBand: String, CaseIterable, Codable, Sendable, Comparable {
    case unknown
    case under10k
    case from10kTo50k = "10kTo50k"
    case from50kTo200k = "50kTo200k"
    case from200kTo1m = "200kTo1m"
    case over1m

    public var label: String {
        switch self {
        case .unknown: "Coût non renseigné"
        case .under10k: "Moins de 10 000 €"
        case .from10kTo50k: "De 10 000 à 50 000 €"
        case .from50kTo200k: "De 50 000 à 200 000 €"
        case .from200kTo1m: "De 200 000 € à 1 M€"
        case .over1m: "1 M€ ou plus"
        }
    }

    /// The band an amount in euros falls in; each band includes its lower bound
    /// (50 000 € is in "de 50 000 à 200 000 €"). Used by curation forms to propose a band.
    public init(euros amount: Double) {
        switch amount {
        case ..<10_000: self = .under10k
        case ..<50_000: self = .from10kTo50k
        case ..<200_000: self = .from50kTo200k
        case ..<1_000_000: self = .from200kTo1m
        default: self = .over1m
        }
    }

    public static func < (lhs: CostBand, rhs: CostBand) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The people an example is aimed at.
public enum Public: String, CaseIterable, Codable, Sendable, Comparable {
    case inhabitants, tenants, families, children, youth, women, seniors, jobSeekers
    case schools, associations, professionals

    public var label: String {
        switch self {
        case .inhabitants: "Habitants"
        case .tenants: "Locataires"
        case .families: "Familles"
        case .children: "Enfants"
        case .youth: "Jeunes"
        case .women: "Femmes"
        case .seniors: "Personnes âgées"
        case .jobSeekers: "Demandeurs d'emploi"
        case .schools: "Écoles et élèves"
        case .associations: "Associations"
        case .professionals: "Professionnels et agents"
        }
    }

    public static func < (lhs: Public, rhs: Public) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What kind of organisation an actor, a partner or a pilot is.
public enum ActorKind: String, CaseIterable, Codable, Sendable, Comparable {
    case state, localAuthority, publicAgency, socialLandlord, association, company, research, resourceCentre, other

    public var label: String {
        switch self {
        case .state: "État"
        case .localAuthority: "Collectivité territoriale"
        case .publicAgency: "Établissement ou agence publique"
        case .socialLandlord: "Bailleur social"
        case .association: "Association"
        case .company: "Entreprise"
        case .research: "Recherche"
        case .resourceCentre: "Centre de ressources"
        case .other: "Autre"
        }
    }

    public static func < (lhs: ActorKind, rhs: ActorKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Partners and pilots are described with the same kinds as actors.
public typealias PartnerKind = ActorKind

/// Where an example takes place; every level is optional because national tools have no commune.
public struct ExamplePlace: Sendable, Equatable, Hashable, Codable {
    public var commune: String?
    public var department: String?
    public var region: String?
    public var country: String?
    public var qpvName: String?

    public init(commune: String? = nil, department: String? = nil, region: String? = nil,
                country: String? = "France", qpvName: String? = nil) {
        self.commune = commune
        self.department = department
        self.region = region
        self.country = country
        self.qpvName = qpvName
    }

    /// "Quartier Saint-Jacques, Perpignan, Pyrénées-Orientales, Occitanie", without the missing levels;
    /// the country is named only when it is not France.
    public var label: String {
        var parts: [String] = []
        if let qpvName { parts.append("Quartier \(qpvName)") }
        for part in [commune, department, region] { if let part { parts.append(part) } }
        if let country, country != "France" { parts.append(country) }
        return parts.joined(separator: ", ")
    }
}

/// An organisation named by an example, as partner or pilot.
public struct ActorMention: Sendable, Equatable, Hashable, Codable {
    public var name: String
    public var kind: ActorKind

    public init(name: String, kind: ActorKind) {
        self.name = name
        self.kind = kind
    }
}

/// A result reported by an example; the figure is kept apart from the text when there is one.
public struct ExampleResult: Sendable, Equatable, Hashable, Codable {
    public var text: String
    public var value: Double?
    public var unit: String?

    public init(text: String, value: Double? = nil, unit: String? = nil) {
        self.text = text
        self.value = value
        self.unit = unit
    }
}

/// What an example cost, as far as its source says: an amount when there is one, always a text.
public struct ExampleCost: Sendable, Equatable, Hashable, Codable {
    public var amount: Double?
    public var currency: String?
    public var covers: String?
    public var text: String

    public init(amount: Double? = nil, currency: String? = nil, covers: String? = nil, text: String) {
        self.amount = amount
        self.currency = currency
        self.covers = covers
        self.text = text
    }
}

/// A document or site to read more about an example; the address is missing when the source gives none.
public struct ExampleResource: Sendable, Equatable, Hashable, Codable {
    public var title: String
    public var url: String?

    public init(title: String, url: String?) {
        self.title = title
        self.url = url
    }
}

/// The tags search filters and suggestions rely on.
public struct ExampleTags: Sendable, Equatable, Hashable, Codable {
    public var themes: [TransitionTheme]
    public var vulnerabilities: [VulnerabilityType]
    public var publics: [Public]
    public var costBand: CostBand

    public init(themes: [TransitionTheme] = [], vulnerabilities: [VulnerabilityType] = [],
                publics: [Public] = [], costBand: CostBand = .unknown) {
        self.themes = themes
        self.vulnerabilities = vulnerabilities
        self.publics = publics
        self.costBand = costBand
    }
}

/// Whether an example is shown; a retired example stays in the catalogue (and its history) with the reason.
public enum ExampleStatus: String, CaseIterable, Codable, Sendable {
    case active, retired

    public var label: String {
        switch self {
        case .active: "Actif"
        case .retired: "Retiré"
        }
    }
}

/// An inspiring example: one field for each heading of the palette's example sheets.
public struct Example: Sendable, Equatable, Hashable, Codable {
    /// A slug (lower-case ASCII letters, digits and hyphens), stable across versions: links and history use it.
    public var id: String
    public var keyAction: Int
    public var title: String
    public var place: ExamplePlace
    public var scale: ExampleScale
    public var summary: String
    public var partners: [ActorMention]
    public var method: String?
    public var results: [ExampleResult]
    public var duration: String?
    public var cost: ExampleCost?
    public var pilot: ActorMention?
    public var resources: [ExampleResource]
    public var contactRole: String?
    public var tags: ExampleTags
    /// The seed document the example comes from ("002" for the national palette) and its line, when known.
    public var seed: String?
    public var seedLine: Int?
    public var status: ExampleStatus
    /// Why the example was retired; nil while it is active.
    public var retiredReason: String?

    public init(id: String, keyAction: Int, title: String, place: ExamplePlace = ExamplePlace(),
                scale: ExampleScale, summary: String, partners: [ActorMention] = [], method: String? = nil,
                results: [ExampleResult] = [], duration: String? = nil, cost: ExampleCost? = nil,
                pilot: ActorMention? = nil, resources: [ExampleResource] = [], contactRole: String? = nil,
                tags: ExampleTags = ExampleTags(), seed: String? = nil, seedLine: Int? = nil,
                status: ExampleStatus = .active, retiredReason: String? = nil) {
        self.id = id
        self.keyAction = keyAction
        self.title = title
        self.place = place
        self.scale = scale
        self.summary = summary
        self.partners = partners
        self.method = method
        self.results = results
        self.duration = duration
        self.cost = cost
        self.pilot = pilot
        self.resources = resources
        self.contactRole = contactRole
        self.tags = tags
        self.seed = seed
        self.seedLine = seedLine
        self.status = status
        self.retiredReason = retiredReason
    }
}

/// An organisation of the actors directory, with the examples it takes part in.
/// (Not named `Actor`: that name would hide Swift's `Actor` protocol in every file importing the domain.)
public struct CatalogueActor: Sendable, Equatable, Hashable, Codable {
    public var id: String
    public var name: String
    public var kind: ActorKind
    public var themes: [TransitionTheme]
    /// Where it works, as written by the curators: "national", a region, a department, a city…
    public var territory: String
    /// Ids of the examples it pilots or supports.
    public var examples: [String]
    /// A retired actor stays in the catalogue (and its history) but leaves the directory's searches.
    public var status: ExampleStatus
    /// Why the actor was retired; nil while it is active.
    public var retiredReason: String?

    public init(id: String, name: String, kind: ActorKind, themes: [TransitionTheme] = [],
                territory: String, examples: [String] = [], status: ExampleStatus = .active, retiredReason: String? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.themes = themes
        self.territory = territory
        self.examples = examples
        self.status = status
        self.retiredReason = retiredReason
    }
}

/// A catalogue record that curators retire rather than delete: a retired example leaves searches and
/// suggestions, a retired actor the directory's searches; both stay, with the reason, in the history.
public protocol Retirable {
    var status: ExampleStatus { get set }
    /// Why the record was retired; nil while it is active.
    var retiredReason: String? { get set }
}

extension Retirable {
    public var isActive: Bool { status == .active }

    /// Takes the record out, keeping it and saying why.
    public mutating func retire(reason: String) {
        status = .retired
        retiredReason = reason
    }

    /// Puts a retired record back.
    public mutating func reinstate() {
        status = .active
        retiredReason = nil
    }
}

extension Example: Retirable {}
extension CatalogueActor: Retirable {}

/// Makes a catalogue id from a title: "Cour oasis à Paris" → "cour-oasis-a-paris".
public enum CatalogueSlug {
    public static func make(_ title: String) -> String {
        SearchKey.fold(title).split(separator: " ").joined(separator: "-")
    }

    /// Lower-case ASCII letters, digits and single hyphens, neither first nor last.
    public static func isValid(_ id: String) -> Bool {
        guard let first = id.utf8.first, let last = id.utf8.last, first != UInt8(ascii: "-"), last != UInt8(ascii: "-")
        else { return false }
        var previousHyphen = false
        for byte in id.utf8 {
            let isHyphen = byte == UInt8(ascii: "-")
            let isWord = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            guard isHyphen || isWord, !(isHyphen && previousHyphen) else { return false }
            previousHyphen = isHyphen
        }
        return true
    }
}

// MARK: - Decoding
// Codes are read as text and checked here, so an unknown code is reported in French with the
// field and the accepted codes, instead of Foundation's generic message. Missing lists default to
// empty and a missing status to active: the seed files carry no curation fields.

extension KeyAction {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        number = try container.decode(Int.self, forKey: .number)
        axis = try container.decode(Int.self, forKey: .axis)
        title = try container.decode(String.self, forKey: .title)
        summary = try container.decodeIfPresent(String.self, forKey: .summary) ?? ""
        themes = try container.decodeCodes(TransitionTheme.self, forKey: .themes)
        vulnerabilities = try container.decodeCodes(VulnerabilityType.self, forKey: .vulnerabilities)
    }
}

extension ActorMention {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        kind = try container.decodeCode(ActorKind.self, forKey: .kind)
    }
}

extension ExampleTags {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        themes = try container.decodeCodes(TransitionTheme.self, forKey: .themes)
        vulnerabilities = try container.decodeCodes(VulnerabilityType.self, forKey: .vulnerabilities)
        publics = try container.decodeCodes(Public.self, forKey: .publics)
        costBand = try container.decodeCodeIfPresent(CostBand.self, forKey: .costBand) ?? .unknown
    }
}

extension Example {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        keyAction = try container.decode(Int.self, forKey: .keyAction)
        title = try container.decode(String.self, forKey: .title)
        place = try container.decodeIfPresent(ExamplePlace.self, forKey: .place) ?? ExamplePlace(country: nil)
        scale = try container.decodeCode(ExampleScale.self, forKey: .scale)
        summary = try container.decodeIfPresent(String.self, forKey: .summary) ?? ""
        partners = try container.decodeIfPresent([ActorMention].self, forKey: .partners) ?? []
        method = try container.decodeIfPresent(String.self, forKey: .method)
        results = try container.decodeIfPresent([ExampleResult].self, forKey: .results) ?? []
        duration = try container.decodeIfPresent(String.self, forKey: .duration)
        cost = try container.decodeIfPresent(ExampleCost.self, forKey: .cost)
        pilot = try container.decodeIfPresent(ActorMention.self, forKey: .pilot)
        resources = try container.decodeIfPresent([ExampleResource].self, forKey: .resources) ?? []
        contactRole = try container.decodeIfPresent(String.self, forKey: .contactRole)
        tags = try container.decodeIfPresent(ExampleTags.self, forKey: .tags) ?? ExampleTags()
        seed = try container.decodeIfPresent(String.self, forKey: .seed)
        seedLine = try container.decodeIfPresent(Int.self, forKey: .seedLine)
        status = try container.decodeCodeIfPresent(ExampleStatus.self, forKey: .status) ?? .active
        retiredReason = try container.decodeIfPresent(String.self, forKey: .retiredReason)
    }
}

extension CatalogueActor {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        kind = try container.decodeCode(ActorKind.self, forKey: .kind)
        themes = try container.decodeCodes(TransitionTheme.self, forKey: .themes)
        territory = try container.decodeIfPresent(String.self, forKey: .territory) ?? ""
        examples = try container.decodeIfPresent([String].self, forKey: .examples) ?? []
        status = try container.decodeCodeIfPresent(ExampleStatus.self, forKey: .status) ?? .active
        retiredReason = try container.decodeIfPresent(String.self, forKey: .retiredReason)
    }
}
