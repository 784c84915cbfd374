/// The levels of the French territorial geography Passerelle knows.
public enum TerritoryKind: String, CaseIterable, Codable, Sendable, Comparable {
    case country
    case region
    case department
    case epci
    case commune
    case qpv
    /// All the QPV of an EPCI taken together, as INSEE and ANCT publish some figures ("QPV de la CALL").
    case qpvAggregate
    case qpv2015
    case iris
    case livedArea
    case vulnerableArea

    /// French label, singular.
    public var label: String {
        switch self {
        case .country: "Pays"
        case .region: "Région"
        case .department: "Département"
        case .epci: "Intercommunalité (EPCI)"
        case .commune: "Commune"
        case .qpv: "Quartier prioritaire (QPV 2024)"
        case .qpvAggregate: "Ensemble des quartiers prioritaires d'un EPCI"
        case .qpv2015: "Ancien quartier prioritaire (QPV 2015)"
        case .iris: "IRIS"
        case .livedArea: "Quartier vécu"
        case .vulnerableArea: "Territoire de veille / vulnérable"
        }
    }

    /// French label, plural, for list headings.
    public var pluralLabel: String {
        switch self {
        case .country: "Pays"
        case .region: "Régions"
        case .department: "Départements"
        case .epci: "Intercommunalités (EPCI)"
        case .commune: "Communes"
        case .qpv: "Quartiers prioritaires (QPV 2024)"
        case .qpvAggregate: "Ensembles de quartiers prioritaires"
        case .qpv2015: "Anciens quartiers prioritaires (QPV 2015)"
        case .iris: "IRIS"
        case .livedArea: "Quartiers vécus"
        case .vulnerableArea: "Territoires vulnérables"
        }
    }

    /// Order from the largest level to the smallest, used to sort parents and children.
    public var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: TerritoryKind, rhs: TerritoryKind) -> Bool { lhs.rank < rhs.rank }

    /// When several levels share a code ("32" is both the Gers and Hauts-de-France),
    /// a bare code designates the first of these that exists.
    public static let resolutionOrder: [TerritoryKind] = [.qpv, .commune, .epci, .department, .region, .country, .qpvAggregate, .qpv2015, .iris, .livedArea, .vulnerableArea]

    /// The kinds whose code shape matches: used to read codes from files without a kind column.
    public static func plausibleKinds(forCode code: String) -> [TerritoryKind] {
        let chars = Array(code.utf8)
        let isDigits = chars.allSatisfy { $0 >= 48 && $0 <= 57 }
        if code.hasPrefix("QN") && chars.count == 8 { return [.qpv] }
        if code.hasPrefix("QP") && chars.count == 8 { return [.qpv2015] }
        if code.hasPrefix("QPV-") { return [.qpvAggregate] }
        if code == "FR" { return [.country] }
        switch chars.count {
        case 9 where isDigits: return [.epci, .iris]
        case 9 where code.hasPrefix("2A") || code.hasPrefix("2B"): return [.iris]
        case 5 where isDigits || code.hasPrefix("2A") || code.hasPrefix("2B"): return [.commune]
        case 3 where isDigits && code.hasPrefix("97"): return [.department]
        case 2 where isDigits: return [.department, .region]
        case 2 where code == "2A" || code == "2B": return [.department]
        default: return []
        }
    }
}
