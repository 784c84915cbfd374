import Foundation

/// The gap between a territory (usually a QPV) and its reference territory (usually its EPCI)
/// for one indicator and one period.
public struct Gap: Sendable, Hashable {
    public var territoryID: Int
    public var value: ObservationValue
    public var referenceID: Int
    public var referenceValue: ObservationValue
    /// value ÷ reference. Nil unless both are numbers, the value is ≥ 0 and the reference > 0:
    /// a ratio between quantities of opposite signs, or against zero, reads as nonsense.
    public var ratio: Double?
    /// value − reference. Nil unless both are numbers (a zero reference keeps its difference).
    public var difference: Double?

    public init(territoryID: Int, value: ObservationValue, referenceID: Int, referenceValue: ObservationValue) {
        self.territoryID = territoryID
        self.value = value
        self.referenceID = referenceID
        self.referenceValue = referenceValue
        if let own = value.number, let reference = referenceValue.number {
            difference = own - reference
            ratio = own >= 0 && reference > 0 ? own / reference : nil
        }
    }

    /// The signed size of the gap on the indicator's yardstick: points or difference, or ln(ratio)
    /// for ratio-scale units (so that twice and half weigh the same). Nil when it cannot be measured.
    public func measure(_ measure: GapMeasure) -> Double? {
        switch measure {
        case .points, .difference: difference
        case .ratio:
            if let ratio, ratio > 0 { Foundation.log(ratio) } else { nil }
        }
    }

    /// How unfavourable the territory's position is: the measure, counted positive when the
    /// territory is on the unfavourable side (below its reference when higher is better, above
    /// when higher is worse); for a neutral indicator, the distance whatever the side.
    public func disadvantage(_ measure: GapMeasure, polarity: Polarity) -> Double? {
        guard let signed = self.measure(measure) else { return nil }
        switch polarity {
        case .higherIsWorse: return signed
        case .higherIsBetter: return -signed
        case .neutral: return abs(signed)
        }
    }
}

/// One territory's value in a summary.
public struct TerritoryValue: Sendable, Hashable {
    public var territoryID: Int
    public var value: Double

    public init(territoryID: Int, value: Double) {
        self.territoryID = territoryID
        self.value = value
    }
}

/// The QPV of a contract against their reference for one indicator and period: the spread
/// ("de 53,9 % à 70,5 %") and the gap of the aggregate when the source gives one.
public struct ContractGapSummary: Sendable, Equatable {
    public var referenceID: Int
    public var referenceValue: ObservationValue
    /// Each QPV's gap, by territory id.
    public var gaps: [Gap]
    /// Lowest and highest known values; on a tie the smallest id.
    public var minimum: TerritoryValue?
    public var maximum: TerritoryValue?
    /// The value for all the QPV together (from the source: it cannot be derived from the
    /// QPV's own values without their populations), compared with the reference.
    public var aggregate: Gap?
    public var knownCount: Int
    public var secretCount: Int
    public var missingCount: Int

    public init(referenceID: Int, referenceValue: ObservationValue, gaps: [Gap], minimum: TerritoryValue?, maximum: TerritoryValue?, aggregate: Gap?, knownCount: Int, secretCount: Int, missingCount: Int) {
        self.referenceID = referenceID
        self.referenceValue = referenceValue
        self.gaps = gaps
        self.minimum = minimum
        self.maximum = maximum
        self.aggregate = aggregate
        self.knownCount = knownCount
        self.secretCount = secretCount
        self.missingCount = missingCount
    }
}

/// How an unfavourable gap evolved between two periods.
public enum TrendDirection: String, Sendable, Codable, CaseIterable {
    /// The territory moved further from its reference on the unfavourable side, or crossed to it.
    case widened
    /// The unfavourable gap shrank, possibly to the favourable side.
    case narrowed
    /// The unfavourable gap changed by no more than the tolerance.
    case stable
    /// The territory did better than its reference at both periods: no unfavourable gap to follow.
    case favourable

    public var label: String {
        switch self {
        case .widened: "écart creusé"
        case .narrowed: "écart réduit"
        case .stable: "écart stable"
        case .favourable: "situation plus favorable que la référence aux deux dates"
        }
    }
}

/// Below these changes a gap is called stable. A change equal to the tolerance is stable.
public struct TrendTolerance: Sendable, Equatable {
    /// In percentage points, for percent units.
    public var points: Double
    /// In the unit itself, for interval scales (°C, dB, index).
    public var difference: Double
    /// On |ln(ratio)|, for ratio-scale units: 0,01 is about a 1 % relative change of the ratio.
    public var logRatio: Double

    public init(points: Double = 0.1, difference: Double = 0.1, logRatio: Double = 0.01) {
        self.points = points
        self.difference = difference
        self.logRatio = logRatio
    }

    public static let standard = TrendTolerance()

    public func value(for measure: GapMeasure) -> Double {
        switch measure {
        case .points: points
        case .difference: difference
        case .ratio: logRatio
        }
    }
}

/// One territory's gap at two periods and what became of it.
public struct GapTrend: Sendable, Hashable {
    public var territoryID: Int
    public var referenceID: Int
    public var first: Gap
    public var second: Gap
    /// `Gap.disadvantage` at each period.
    public var firstDisadvantage: Double?
    public var secondDisadvantage: Double?
    /// Nil when either period lacks a measurable gap (secret, missing, zero reference).
    public var direction: TrendDirection?

    public init(territoryID: Int, referenceID: Int, first: Gap, second: Gap, firstDisadvantage: Double?, secondDisadvantage: Double?, direction: TrendDirection?) {
        self.territoryID = territoryID
        self.referenceID = referenceID
        self.first = first
        self.second = second
        self.firstDisadvantage = firstDisadvantage
        self.secondDisadvantage = secondDisadvantage
        self.direction = direction
    }
}

/// The trends of all the territories compared, counted. A QPV compared with two references
/// counts once per reference; give one reference per QPV for "N % des QPV".
public struct TrendSummary: Sendable, Equatable {
    public var trends: [GapTrend]
    public var widened: Int
    public var narrowed: Int
    public var stable: Int
    public var favourable: Int
    /// Territories without a measurable gap at one of the periods.
    public var unknown: Int

    public init(trends: [GapTrend], widened: Int, narrowed: Int, stable: Int, favourable: Int, unknown: Int) {
        self.trends = trends
        self.widened = widened
        self.narrowed = narrowed
        self.stable = stable
        self.favourable = favourable
        self.unknown = unknown
    }

    /// Territories with a direction.
    public var known: Int { widened + narrowed + stable + favourable }

    /// widened ÷ known, as a fraction (0,72 for "72 % des QPV"); nil when nothing is known.
    public var shareWidened: Double? { known == 0 ? nil : Double(widened) / Double(known) }
    public var shareNarrowed: Double? { known == 0 ? nil : Double(narrowed) / Double(known) }
}

/// Gaps between territories and their references, and their trends. Pure and exact: the same
/// inputs always give the same outputs, sorted by territory then reference id.
public enum GapAnalysis {
    /// Below this, floating-point noise is not a change (61,5 − 36,1 is 25,400000000000002).
    static let noise = 1e-9

    /// Each territory against its one reference. Territories absent from `values` count as missing.
    public static func gaps(values: [Int: ObservationValue], referenceOf: [Int: Int]) -> [Gap] {
        gaps(values: values, references: referenceOf.mapValues { [$0] })
    }

    /// Each territory against each of its references: a QPV spanning two EPCI gets two gaps.
    public static func gaps(values: [Int: ObservationValue], references: [Int: [Int]]) -> [Gap] {
        var result: [Gap] = []
        result.reserveCapacity(references.count)
        for territory in references.keys.sorted() {
            for reference in Set(references[territory]!).sorted() {
                result.append(Gap(territoryID: territory, value: values[territory] ?? .missing,
                                  referenceID: reference, referenceValue: values[reference] ?? .missing))
            }
        }
        return result
    }

    /// The QPV of a contract against one reference.
    /// - Parameter aggregate: the value of all the QPV together, when the source gives it.
    public static func summary(territories: [Int], referenceID: Int, values: [Int: ObservationValue], aggregate: ObservationValue? = nil) -> ContractGapSummary {
        let referenceValue = values[referenceID] ?? .missing
        var gaps: [Gap] = []
        var minimum: TerritoryValue?
        var maximum: TerritoryValue?
        var known = 0, secret = 0, missing = 0
        for territory in Set(territories).sorted() {
            let value = values[territory] ?? .missing
            gaps.append(Gap(territoryID: territory, value: value, referenceID: referenceID, referenceValue: referenceValue))
            switch value {
            case .number(let number):
                known += 1
                // Ids are visited in increasing order, so a strict comparison keeps the smallest id on a tie.
                if minimum == nil || number < minimum!.value { minimum = TerritoryValue(territoryID: territory, value: number) }
                if maximum == nil || number > maximum!.value { maximum = TerritoryValue(territoryID: territory, value: number) }
            case .secret: secret += 1
            case .missing: missing += 1
            }
        }
        let aggregateGap = aggregate.map { Gap(territoryID: -1, value: $0, referenceID: referenceID, referenceValue: referenceValue) }
        return ContractGapSummary(referenceID: referenceID, referenceValue: referenceValue, gaps: gaps, minimum: minimum, maximum: maximum,
                                  aggregate: aggregateGap, knownCount: known, secretCount: secret, missingCount: missing)
    }

    /// The direction of one territory's gap between two periods.
    ///
    /// Rule: with d = `Gap.disadvantage` (positive on the unfavourable side) at each period,
    /// - d < 0 at both periods → `favourable` (not for neutral indicators, where d ≥ 0);
    /// - otherwise, with u = max(d, 0), the unfavourable part of the gap:
    ///   u₂ − u₁ > tolerance → `widened`; u₁ − u₂ > tolerance → `narrowed`; else `stable`.
    /// So a QPV crossing from the favourable to the unfavourable side has widened its gap,
    /// and one crossing the other way has narrowed it.
    public static func direction(first: Double?, second: Double?, tolerance: Double) -> TrendDirection? {
        guard let first, let second else { return nil }
        if first < 0 && second < 0 { return .favourable }
        let change = max(second, 0) - max(first, 0)
        if change > tolerance + noise { return .widened }
        if change < -(tolerance + noise) { return .narrowed }
        return .stable
    }

    /// Trends between two periods, each territory against each of its references.
    public static func trends(unit: IndicatorUnit, polarity: Polarity, first: [Int: ObservationValue], second: [Int: ObservationValue], references: [Int: [Int]], tolerance: TrendTolerance = .standard) -> TrendSummary {
        let measure = unit.gapMeasure
        let limit = tolerance.value(for: measure)
        let before = gaps(values: first, references: references)
        let after = gaps(values: second, references: references)
        var summary = TrendSummary(trends: [], widened: 0, narrowed: 0, stable: 0, favourable: 0, unknown: 0)
        summary.trends.reserveCapacity(before.count)
        for (gap1, gap2) in zip(before, after) {
            let d1 = gap1.disadvantage(measure, polarity: polarity)
            let d2 = gap2.disadvantage(measure, polarity: polarity)
            let direction = direction(first: d1, second: d2, tolerance: limit)
            switch direction {
            case .widened: summary.widened += 1
            case .narrowed: summary.narrowed += 1
            case .stable: summary.stable += 1
            case .favourable: summary.favourable += 1
            case nil: summary.unknown += 1
            }
            summary.trends.append(GapTrend(territoryID: gap1.territoryID, referenceID: gap1.referenceID, first: gap1, second: gap2,
                                           firstDisadvantage: d1, secondDisadvantage: d2, direction: direction))
        }
        return summary
    }

    /// Trends for an indicator, each territory against its one reference.
    public static func trends(indicator: Indicator, first: [Int: ObservationValue], second: [Int: ObservationValue], referenceOf: [Int: Int], tolerance: TrendTolerance = .standard) -> TrendSummary {
        trends(unit: indicator.unit, polarity: indicator.polarity, first: first, second: second, references: referenceOf.mapValues { [$0] }, tolerance: tolerance)
    }

    /// Trends for an indicator, each territory against each of its references.
    public static func trends(indicator: Indicator, first: [Int: ObservationValue], second: [Int: ObservationValue], references: [Int: [Int]], tolerance: TrendTolerance = .standard) -> TrendSummary {
        trends(unit: indicator.unit, polarity: indicator.polarity, first: first, second: second, references: references, tolerance: tolerance)
    }
}
