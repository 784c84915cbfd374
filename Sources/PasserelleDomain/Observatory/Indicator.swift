/// What an indicator's values are measured in.
public enum IndicatorUnit: String, CaseIterable, Codable, Sendable {
    case euro
    case percent
    case count
    case ratio
    case perThousand
    case years
    case squareMetres
    case index
    case decibel
    case microgramsPerCubicMetre
    case days
    case metres
    case degreesCelsius

    /// French name of the unit, for forms and legends.
    public var label: String {
        switch self {
        case .euro: "euros"
        case .percent: "pourcentage"
        case .count: "nombre"
        case .ratio: "rapport"
        case .perThousand: "pour mille"
        case .years: "années"
        case .squareMetres: "mètres carrés"
        case .index: "indice"
        case .decibel: "décibels"
        case .microgramsPerCubicMetre: "microgrammes par mètre cube"
        case .days: "jours"
        case .metres: "mètres"
        case .degreesCelsius: "degrés Celsius"
        }
    }

    /// Written after a value ("61,5 %"); nil when a bare number reads best.
    /// Years and days are handled by `FrenchFormat.value` because they agree in number.
    public var symbol: String? {
        switch self {
        case .euro: "€"
        case .percent: "%"
        case .count, .ratio, .index: nil
        case .perThousand: "‰"
        case .years: "ans"
        case .squareMetres: "m²"
        case .decibel: "dB"
        case .microgramsPerCubicMetre: "µg/m³"
        case .days: "jours"
        case .metres: "m"
        case .degreesCelsius: "°C"
        }
    }

    /// Decimals shown for a value of this unit.
    public var displayDigits: Int {
        switch self {
        case .euro, .count, .squareMetres, .days, .metres, .decibel: 0
        case .percent, .perThousand, .years, .index, .microgramsPerCubicMetre, .degreesCelsius: 1
        case .ratio: 2
        }
    }

    /// How a QPV is compared with its reference for this unit (see `GapMeasure`).
    public var gapMeasure: GapMeasure {
        switch self {
        case .percent: .points
        case .degreesCelsius, .decibel, .index: .difference
        case .euro, .count, .ratio, .perThousand, .years, .squareMetres, .microgramsPerCubicMetre, .days, .metres: .ratio
        }
    }
}

/// The yardstick of a gap and of its trend.
///
/// - `points`: shares in percent are compared by their difference in percentage points
///   (61,5 % vs 36,1 % is 25,4 points), the way French diagnostics read them.
/// - `difference`: interval scales, where a ratio means nothing (20 °C is not "twice" 10 °C; decibels
///   are already logarithmic; composite indices have an arbitrary zero), are compared by difference.
/// - `ratio`: quantities with a true zero (euros, counts, concentrations…) are compared by ratio,
///   and their trend by the distance |ln(ratio)|, so "twice as much" and "half as much" weigh the same.
public enum GapMeasure: String, Codable, Sendable {
    case points
    case difference
    case ratio
}

/// Whether a higher value means a better or a worse situation for the inhabitants.
public enum Polarity: String, CaseIterable, Codable, Sendable {
    case higherIsBetter
    case higherIsWorse
    /// No side is favourable (share of under-25s, of social housing…): only the distance counts.
    case neutral

    public var label: String {
        switch self {
        case .higherIsBetter: "plus la valeur est haute, mieux c'est"
        case .higherIsWorse: "plus la valeur est haute, plus la situation est défavorable"
        case .neutral: "ni favorable ni défavorable en soi"
        }
    }
}

/// The theme an indicator informs: the social themes of a city-contract diagnostic,
/// plus the transition themes. Encoded as one string: "income", "transition.climate".
public enum IndicatorTheme: Sendable, Hashable, Comparable, Codable, CaseIterable, CustomStringConvertible {
    case demography
    case income
    case poverty
    case employment
    case education
    case youth
    case family
    case housing
    case healthAccess
    case economicActivity
    case safety
    case transition(TransitionTheme)

    public static let socialThemes: [IndicatorTheme] = [
        .demography, .income, .poverty, .employment, .education, .youth, .family,
        .housing, .healthAccess, .economicActivity, .safety,
    ]

    /// Every theme, social ones first, in display order.
    public static let allCases: [IndicatorTheme] = socialThemes + TransitionTheme.allCases.map { .transition($0) }

    private static let transitionPrefix = "transition."

    /// The stored form: "income", "transition.climate".
    public var code: String {
        switch self {
        case .demography: "demography"
        case .income: "income"
        case .poverty: "poverty"
        case .employment: "employment"
        case .education: "education"
        case .youth: "youth"
        case .family: "family"
        case .housing: "housing"
        case .healthAccess: "healthAccess"
        case .economicActivity: "economicActivity"
        case .safety: "safety"
        case .transition(let theme): Self.transitionPrefix + theme.rawValue
        }
    }

    public init?(code: String) {
        if code.hasPrefix(Self.transitionPrefix) {
            guard let theme = TransitionTheme(rawValue: String(code.dropFirst(Self.transitionPrefix.count))) else { return nil }
            self = .transition(theme)
            return
        }
        guard let theme = Self.socialThemes.first(where: { $0.code == code }) else { return nil }
        self = theme
    }

    public var label: String {
        switch self {
        case .demography: "Population et démographie"
        case .income: "Revenus"
        case .poverty: "Pauvreté et minima sociaux"
        case .employment: "Emploi et chômage"
        case .education: "Éducation et diplômes"
        case .youth: "Jeunesse"
        case .family: "Familles"
        case .housing: "Logement"
        case .healthAccess: "Accès aux droits et à la santé"
        case .economicActivity: "Activité économique"
        case .safety: "Tranquillité publique"
        case .transition(let theme): "Transition : " + theme.label
        }
    }

    public var isTransition: Bool {
        if case .transition = self { return true }
        return false
    }

    public var description: String { code }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: IndicatorTheme, rhs: IndicatorTheme) -> Bool { lhs.rank < rhs.rank }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let code = try container.decode(String.self)
        guard let theme = IndicatorTheme(code: code) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "thème d'indicateur « \(code) » inconnu")
        }
        self = theme
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

/// A statistical indicator the observatory follows (poverty rate, median income, heat exposure…).
public struct Indicator: Sendable, Hashable, Codable, Identifiable {
    /// Stable identifier, snake_case English: "poverty_rate".
    public var code: String
    /// French label shown to users: "Taux de pauvreté".
    public var label: String
    public var unit: IndicatorUnit
    public var theme: IndicatorTheme
    public var polarity: Polarity
    /// Where such figures usually come from ("INSEE, Filosofi"); a file's own provenance is stored with it.
    public var source: String
    /// The noun group completing "fois plus …" in sentences: "de pauvreté", "de revenu".
    /// Without it, sentences compare the values themselves.
    public var comparisonNoun: String?

    public var id: String { code }

    public init(code: String, label: String, unit: IndicatorUnit, theme: IndicatorTheme, polarity: Polarity, source: String, comparisonNoun: String? = nil) {
        self.code = code
        self.label = label
        self.unit = unit
        self.theme = theme
        self.polarity = polarity
        self.source = source
        self.comparisonNoun = comparisonNoun
    }

    /// Whether `code` is a valid indicator code: a lower-case ASCII letter, then lower-case letters,
    /// digits and "_", at most 64 characters, no "__" and no trailing "_".
    public static func isValidCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard let first = bytes.first, bytes.count <= 64, first >= 97, first <= 122, bytes.last != 95 else { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            let allowed = (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 95
            if !allowed || (byte == 95 && previous == 95) { return false }
            previous = byte
        }
        return true
    }

    /// A valid code derived from free text: "Taux de pauvreté (%)" → "taux_de_pauvrete".
    /// Nil when nothing usable is left.
    public static func suggestedCode(from text: String) -> String? {
        var code = SearchKey.fold(text).replacingSpaces(with: "_")
        while let first = code.utf8.first, !(first >= 97 && first <= 122) { code.removeFirst() }
        if code.utf8.count > 64 { code = String(code.prefix(64)) }
        while code.hasSuffix("_") { code.removeLast() }
        return isValidCode(code) ? code : nil
    }
}

private extension String {
    func replacingSpaces(with replacement: Character) -> String {
        String(map { $0 == " " ? replacement : $0 })
    }
}
