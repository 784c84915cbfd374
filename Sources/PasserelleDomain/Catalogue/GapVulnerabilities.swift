import Foundation

/// One indicator of a territory against its reference, as the observatory gives it (a portrait figure).
public struct IndicatorReading: Sendable, Equatable {
    public var indicator: Indicator
    public var period: String
    public var gap: Gap
    /// How sentences name the reference, with its article: "l'agglomération".
    public var referenceName: String
    /// The territory the figure is about, when a diagnostic reads several (a contract's QPV).
    public var territoryName: String?
    /// Where the figure comes from, as the observatory recorded it (shown beside the evidence).
    public var source: String?

    public init(indicator: Indicator, period: String, gap: Gap, referenceName: String, territoryName: String? = nil, source: String? = nil) {
        self.indicator = indicator
        self.period = period
        self.gap = gap
        self.referenceName = referenceName
        self.territoryName = territoryName
        self.source = source
    }
}

/// How an observatory indicator reads as a vulnerability.
public struct VulnerabilityRule: Sendable, Equatable {
    public var indicatorCode: String
    public var vulnerability: VulnerabilityType
    /// The unfavourable side for this reading; it overrides the indicator's own polarity, which
    /// may be neutral (a share of car-free households is neither good nor bad in itself).
    public var polarity: Polarity
    /// How the reason names the vulnerability when the type's own label would mislead.
    public var label: String?

    public init(_ indicatorCode: String, _ vulnerability: VulnerabilityType, _ polarity: Polarity, label: String? = nil) {
        self.indicatorCode = indicatorCode
        self.vulnerability = vulnerability
        self.polarity = polarity
        self.label = label
    }
}

/// A figure behind a vulnerability, with the sentence that says it.
public struct VulnerabilityEvidence: Sendable, Equatable {
    public var indicatorCode: String
    public var indicatorLabel: String
    public var period: String
    public var unit: IndicatorUnit
    public var value: Double
    public var referenceValue: Double
    public var territoryName: String?
    public var source: String?
    /// This figure's severity, from 0 to 1 (see `GapVulnerabilities`).
    public var severity: Double
    /// "Taux de pauvreté (2019) : 70,5 % contre 36,1 % pour l'agglomération, soit 34,4 points de plus (2 fois plus)".
    public var sentence: String
}

/// A vulnerability found in a diagnostic: the signal suggestions read, and the figures behind it.
public struct DiagnosedVulnerability: Sendable, Equatable {
    public var signal: VulnerabilitySignal
    /// The most marked figure first.
    public var evidence: [VulnerabilityEvidence]

    public init(signal: VulnerabilitySignal, evidence: [VulnerabilityEvidence]) {
        self.signal = signal
        self.evidence = evidence
    }
}

/// Reads a territory's vulnerabilities from its gaps to its reference (a QPV against its EPCI).
///
/// The severity rule, for one figure:
/// 1. The figure needs a number for the territory and for its reference. Counts (population, job
///    seekers) are left out: a neighbourhood is always smaller than its reference, so their gap says
///    nothing about vulnerability.
/// 2. Its disadvantage is the gap on the unit's yardstick (`IndicatorUnit.gapMeasure`), counted
///    positive on the unfavourable side given by the rule: percentage points for shares, the
///    difference for °C and dB, ln(ratio) for euros and concentrations (so that "half the income"
///    weighs as much as "twice the poverty").
/// 3. A disadvantage no larger than the observatory's stability tolerance (0,1 point, 0,1 unit,
///    1 % of the ratio) is no vulnerability: the territory is not worse off than its reference.
/// 4. Severity = disadvantage ÷ full scale, capped at 1. Full scale: 20 points for shares,
///    3 °C, 10 dB, 20 index points, and a factor of 2 (ln 2) for ratio units. So 10 points more
///    poverty than the EPCI is 0,5 ("moyenne"), 14 points or 1,6 times less income is "forte".
/// For one vulnerability, the most marked figure sets the severity (the others stay as evidence).
/// Vulnerabilities come out most severe first; ties follow `VulnerabilityType.allCases`.
///
/// The result is made of `VulnerabilitySignal`s, the input of `Suggestions.suggest`; a composite
/// vulnerability index can feed the same input with its normalised theme scores instead.
public enum GapVulnerabilities {
    /// Which observatory indicators say which vulnerability (codes of `IndicatorCatalogue.standard`).
    public static let rules: [VulnerabilityRule] = [
        // Climate and environment
        VulnerabilityRule("heat_exposure_share", .heat, .higherIsWorse),
        VulnerabilityRule("summer_surface_temperature", .heat, .higherIsWorse),
        VulnerabilityRule("flood_risk_population_share", .flood, .higherIsWorse),
        VulnerabilityRule("no2_annual_mean", .airPollution, .higherIsWorse),
        VulnerabilityRule("pm25_annual_mean", .airPollution, .higherIsWorse),
        VulnerabilityRule("noise_exposure_share", .noise, .higherIsWorse),
        VulnerabilityRule("energy_poor_households_share", .energyPoverty, .higherIsWorse),
        VulnerabilityRule("dpe_efg_share", .poorHousing, .higherIsWorse),
        VulnerabilityRule("social_housing_pre1949_share", .poorHousing, .higherIsWorse),
        VulnerabilityRule("green_space_access_share", .lackOfGreenSpace, .higherIsBetter),
        VulnerabilityRule("tree_canopy_share", .lackOfGreenSpace, .higherIsBetter),
        VulnerabilityRule("public_transport_access_share", .carDependence, .higherIsBetter,
                          label: "Desserte en transports en commun insuffisante"),
        // Many car-free households: mobility rests on walking, cycling and public transport, which
        // is what the mobility key action answers; the label says so rather than "dependence".
        VulnerabilityRule("car_free_households_share", .carDependence, .higherIsWorse,
                          label: "Mobilité contrainte (ménages sans voiture)"),
        // Social
        VulnerabilityRule("poverty_rate", .lowIncome, .higherIsWorse),
        VulnerabilityRule("median_disposable_income", .lowIncome, .higherIsBetter),
        VulnerabilityRule("median_declared_income", .lowIncome, .higherIsBetter),
        VulnerabilityRule("rsa_recipients_share", .lowIncome, .higherIsWorse),
        VulnerabilityRule("employment_rate_15_64", .unemployment, .higherIsBetter),
        VulnerabilityRule("female_employment_rate", .unemployment, .higherIsBetter),
        VulnerabilityRule("jobseekers_abc", .unemployment, .higherIsWorse),
        VulnerabilityRule("jobseekers_duration_over_24_months", .unemployment, .higherIsWorse),
        VulnerabilityRule("neet_rate", .unemployment, .higherIsWorse),
        VulnerabilityRule("no_complementary_health_share", .healthInequality, .higherIsWorse),
        VulnerabilityRule("no_referring_doctor_share", .healthInequality, .higherIsWorse),
    ]

    /// The rules by indicator code.
    public static let rulesByCode: [String: VulnerabilityRule] = Dictionary(rules.map { ($0.indicatorCode, $0) }, uniquingKeysWith: { first, _ in first })

    /// The gap at which severity reaches 1, on the unit's yardstick.
    static func fullScale(_ unit: IndicatorUnit) -> Double {
        switch unit.gapMeasure {
        case .points: 20
        case .ratio: log(2)
        case .difference:
            switch unit {
            case .degreesCelsius: 3
            case .decibel: 10
            default: 20
            }
        }
    }

    /// Severity of one figure, from 0 to 1, by the rule above; nil when the figure says nothing
    /// (no number, a count, or no disadvantage).
    public static func severity(of gap: Gap, unit: IndicatorUnit, polarity: Polarity) -> Double? {
        guard unit != .count, gap.value.number != nil, gap.referenceValue.number != nil else { return nil }
        let measure = unit.gapMeasure
        guard let disadvantage = gap.disadvantage(measure, polarity: polarity),
              disadvantage > TrendTolerance.standard.value(for: measure) + 1e-9 else { return nil }
        return min(1, disadvantage / fullScale(unit))
    }

    /// The vulnerabilities the readings show, most severe first (see the rule above).
    public static func diagnose(_ readings: [IndicatorReading], rules: [String: VulnerabilityRule] = rulesByCode) -> [DiagnosedVulnerability] {
        var byType: [VulnerabilityType: [VulnerabilityEvidence]] = [:]
        for reading in readings {
            guard let rule = rules[reading.indicator.code],
                  let severity = severity(of: reading.gap, unit: reading.indicator.unit, polarity: rule.polarity),
                  let value = reading.gap.value.number, let reference = reading.gap.referenceValue.number else { continue }
            let sentence = GapWording.sentence(indicator: reading.indicator, gap: reading.gap, referenceName: reading.referenceName)
            let subject = [reading.territoryName, "\(reading.indicator.label) (\(reading.period))"].compactMap { $0 }.joined(separator: ", ")
            let evidence = VulnerabilityEvidence(indicatorCode: reading.indicator.code, indicatorLabel: reading.indicator.label, period: reading.period,
                                                 unit: reading.indicator.unit, value: value, referenceValue: reference, territoryName: reading.territoryName,
                                                 source: reading.source, severity: severity, sentence: "\(subject) : \(sentence)")
            byType[rule.vulnerability, default: []].append(evidence)
        }
        var diagnosed: [DiagnosedVulnerability] = []
        for type in VulnerabilityType.allCases {
            guard let found = byType[type] else { continue }
            let evidence = found.enumerated()
                .sorted { $0.element.severity != $1.element.severity ? $0.element.severity > $1.element.severity : $0.offset < $1.offset }
                .map(\.element)
            // The label of the most marked figure's rule, so the reason names what was measured.
            let strongest = evidence[0]
            let label = rules[strongest.indicatorCode]?.label ?? type.label
            diagnosed.append(DiagnosedVulnerability(signal: VulnerabilitySignal(vulnerability: type, severity: strongest.severity, label: label),
                                                    evidence: evidence))
        }
        // Stable: equal severities keep the order of VulnerabilityType.allCases.
        return diagnosed.enumerated()
            .sorted { $0.element.signal.severity != $1.element.signal.severity ? $0.element.signal.severity > $1.element.signal.severity : $0.offset < $1.offset }
            .map(\.element)
    }
}
