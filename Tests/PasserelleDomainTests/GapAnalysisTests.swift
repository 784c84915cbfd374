import Foundation
import Testing
@testable import PasserelleDomain

@Suite struct GapAnalysisTests {
    static let call = 5, cabbalr = 6

    @Test func seedIncomeGap() throws {
        // CALL median disposable income 2020: 17 020 €; all its QPV together: 10 619 €.
        let gaps = GapAnalysis.gaps(values: [10: .number(10619), Self.call: .number(17020)], referenceOf: [10: Self.call])
        let gap = try #require(gaps.first)
        #expect(gaps.count == 1)
        #expect(gap.territoryID == 10 && gap.referenceID == Self.call)
        #expect(gap.difference == -6401)
        let ratio = try #require(gap.ratio)
        #expect((ratio * 1000).rounded() == 624)     // 0,624
        #expect(abs(ratio - 0.623_913_043_478_261) < 1e-15)
        #expect((1 / ratio * 10).rounded() == 16)    // 1,6 fois moins
    }

    @Test func qpvSpanningTwoEPCIGetsAGapAgainstEach() throws {
        let values: [Int: ObservationValue] = [11: .number(70.5), Self.call: .number(36.1), Self.cabbalr: .number(30)]
        let gaps = GapAnalysis.gaps(values: values, references: [11: [Self.cabbalr, Self.call]])
        #expect(gaps.map(\.referenceID) == [Self.call, Self.cabbalr])
        #expect(abs(gaps[0].difference! - 34.4) < 1e-12)
        #expect(gaps[1].difference == 40.5)
        #expect(gaps[1].ratio == 2.35)
    }

    @Test func ratioAndDifferenceNeedTwoNumbersAndAPositiveReference() {
        let secret = Gap(territoryID: 1, value: .secret, referenceID: 2, referenceValue: .number(10))
        #expect(secret.ratio == nil && secret.difference == nil)
        let missingReference = Gap(territoryID: 1, value: .number(3), referenceID: 2, referenceValue: .missing)
        #expect(missingReference.ratio == nil && missingReference.difference == nil)
        let zeroReference = Gap(territoryID: 1, value: .number(5), referenceID: 2, referenceValue: .number(0))
        #expect(zeroReference.ratio == nil && zeroReference.difference == 5)
        let negative = Gap(territoryID: 1, value: .number(-3.04), referenceID: 2, referenceValue: .number(1.1))
        #expect(negative.ratio == nil && abs(negative.difference! - -4.14) < 1e-12)
        let zeroValue = Gap(territoryID: 1, value: .number(0), referenceID: 2, referenceValue: .number(4))
        #expect(zeroValue.ratio == 0 && zeroValue.measure(.ratio) == nil && zeroValue.measure(.points) == -4)
        let absent = GapAnalysis.gaps(values: [:], referenceOf: [10: 5])
        #expect(absent == [Gap(territoryID: 10, value: .missing, referenceID: 5, referenceValue: .missing)])
    }

    @Test func disadvantageFollowsPolarity() throws {
        let gap = Gap(territoryID: 1, value: .number(60), referenceID: 2, referenceValue: .number(40))
        #expect(gap.disadvantage(.points, polarity: .higherIsWorse) == 20)
        #expect(gap.disadvantage(.points, polarity: .higherIsBetter) == -20)
        #expect(gap.disadvantage(.points, polarity: .neutral) == 20)
        let ratio = try #require(gap.disadvantage(.ratio, polarity: .higherIsBetter))
        #expect(abs(ratio - -log(1.5)) < 1e-15)
    }

    @Test func contractSummary() throws {
        let values: [Int: ObservationValue] = [10: .number(53.9), 11: .number(70.5), 12: .secret, 14: .number(70.5), Self.call: .number(36.1)]
        let summary = GapAnalysis.summary(territories: [14, 12, 11, 10, 13], referenceID: Self.call, values: values, aggregate: .number(61.5))
        #expect(summary.minimum == TerritoryValue(territoryID: 10, value: 53.9))
        #expect(summary.maximum == TerritoryValue(territoryID: 11, value: 70.5)) // tie with 14: the smaller id
        #expect(summary.knownCount == 3 && summary.secretCount == 1 && summary.missingCount == 1)
        #expect(summary.gaps.map(\.territoryID) == [10, 11, 12, 13, 14])
        let aggregate = try #require(summary.aggregate)
        #expect(abs(aggregate.difference! - 25.4) < 1e-12)
        #expect(summary.referenceValue == .number(36.1))
        let none = GapAnalysis.summary(territories: [10], referenceID: Self.call, values: [:])
        #expect(none.minimum == nil && none.aggregate == nil && none.missingCount == 1)
    }

    // MARK: Trends

    static func income(_ pairs: [(Int, ObservationValue)]) -> [Int: ObservationValue] { Dictionary(uniqueKeysWithValues: pairs) }

    @Test func incomeTrendOnTheRatioScale() throws {
        let indicator = try #require(IndicatorCatalogue.indicator(code: "median_disposable_income"))
        let first: [Int: ObservationValue] = [Self.call: .number(16000), 10: .number(10000), 11: .number(9000), 12: .number(12000), 13: .secret, 14: .number(17000)]
        let second: [Int: ObservationValue] = [Self.call: .number(17500), 10: .number(10500), 11: .number(10500), 12: .number(13125), 13: .number(9000), 14: .number(18000)]
        let references = [10: Self.call, 11: Self.call, 12: Self.call, 13: Self.call, 14: Self.call]
        let summary = GapAnalysis.trends(indicator: indicator, first: first, second: second, referenceOf: references)
        // 10: ratio 0,625 → 0,6 (|ln| 0,470 → 0,511): widened. 11: 0,5625 → 0,6: narrowed.
        // 12: 0,75 → 0,75: stable. 13: secret at first: unknown. 14: above the EPCI both times: favourable.
        #expect(summary.trends.map(\.direction) == [.widened, .narrowed, .stable, nil, .favourable])
        #expect(summary.widened == 1 && summary.narrowed == 1 && summary.stable == 1 && summary.favourable == 1 && summary.unknown == 1)
        #expect(summary.known == 4)
        #expect(summary.shareWidened == 0.25)
        let trend = summary.trends[0]
        #expect(abs(trend.firstDisadvantage! - log(1.6)) < 1e-15)
        #expect(abs(trend.secondDisadvantage! - log(17500.0 / 10500)) < 1e-15)
    }

    @Test func povertyTrendInPoints() throws {
        let indicator = try #require(IndicatorCatalogue.indicator(code: "poverty_rate"))
        let first: [Int: ObservationValue] = [Self.call: .number(35), 10: .number(60), 11: .number(50), 12: .number(40), 13: .number(30), 14: .number(38)]
        let second: [Int: ObservationValue] = [Self.call: .number(36), 10: .number(62), 11: .number(50.9), 12: .number(39), 13: .number(37), 14: .number(34)]
        let references = [10: Self.call, 11: Self.call, 12: Self.call, 13: Self.call, 14: Self.call]
        let summary = GapAnalysis.trends(indicator: indicator, first: first, second: second, referenceOf: references)
        // 10: 25 → 26 points. 11: 15 → 14,9: a change equal to the 0,1-point tolerance is stable.
        // 12: 5 → 3. 13: 5 below → 1 above: crossed to the unfavourable side. 14: 3 above → 2 below.
        #expect(summary.trends.map(\.direction) == [.widened, .stable, .narrowed, .widened, .narrowed])
        #expect(summary.shareWidened == 0.4)
        #expect(summary.shareNarrowed == 0.4)
    }

    @Test func neutralIndicatorsFollowTheDistance() throws {
        let indicator = try #require(IndicatorCatalogue.indicator(code: "under_25_share"))
        let summary = GapAnalysis.trends(indicator: indicator, first: [5: .number(30), 10: .number(35), 11: .number(25)],
                                         second: [5: .number(30), 10: .number(33), 11: .number(22)], referenceOf: [10: 5, 11: 5])
        #expect(summary.trends.map(\.direction) == [.narrowed, .widened])
    }

    @Test func intervalScaleTrendUsesTheDifference() throws {
        let indicator = try #require(IndicatorCatalogue.indicator(code: "summer_surface_temperature"))
        let summary = GapAnalysis.trends(indicator: indicator, first: [5: .number(30), 10: .number(32.5)],
                                         second: [5: .number(31), 10: .number(34)], referenceOf: [10: 5])
        #expect(summary.trends.map(\.direction) == [.widened])
        #expect(summary.trends[0].firstDisadvantage == 2.5 && summary.trends[0].secondDisadvantage == 3)
    }

    @Test func toleranceIsAdjustable() throws {
        let indicator = try #require(IndicatorCatalogue.indicator(code: "poverty_rate"))
        let first: [Int: ObservationValue] = [5: .number(35), 10: .number(60)]
        let second: [Int: ObservationValue] = [5: .number(35), 10: .number(60.5)]
        #expect(GapAnalysis.trends(indicator: indicator, first: first, second: second, referenceOf: [10: 5]).widened == 1)
        let loose = TrendTolerance(points: 1)
        #expect(GapAnalysis.trends(indicator: indicator, first: first, second: second, referenceOf: [10: 5], tolerance: loose).stable == 1)
    }

    @Test func trendAgainstEachOfTwoReferences() throws {
        let indicator = try #require(IndicatorCatalogue.indicator(code: "poverty_rate"))
        // QPV 11 spans the CALL and the CABBALR: its gap widens against the first, narrows against the second.
        let first: [Int: ObservationValue] = [11: .number(60), Self.call: .number(36), Self.cabbalr: .number(30)]
        let second: [Int: ObservationValue] = [11: .number(61), Self.call: .number(35), Self.cabbalr: .number(33)]
        let summary = GapAnalysis.trends(indicator: indicator, first: first, second: second, references: [11: [Self.call, Self.cabbalr]])
        #expect(summary.trends.map(\.referenceID) == [Self.call, Self.cabbalr])
        #expect(summary.trends.map(\.direction) == [.widened, .narrowed]) // 24 → 26 points; 30 → 28 points
        #expect(summary.known == 2 && summary.shareWidened == 0.5)
    }

    @Test(arguments: [
        (5.0, 5.2, 0.1, TrendDirection.widened), (5, 5.1, 0.1, .stable), (5, 4.9, 0.1, .stable), (5, 4.8, 0.1, .narrowed),
        (-1, -3, 0.1, .favourable), (-1, 0, 0.1, .stable), (-1, 2, 0.1, .widened), (2, -1, 0.1, .narrowed), (0, 0, 0.1, .stable),
    ] as [(Double, Double, Double, TrendDirection)])
    func directionRule(first: Double, second: Double, tolerance: Double, expected: TrendDirection) {
        #expect(GapAnalysis.direction(first: first, second: second, tolerance: tolerance) == expected)
    }

    @Test func unknownWhenAPeriodCannotBeMeasured() {
        #expect(GapAnalysis.direction(first: nil, second: 1, tolerance: 0.1) == nil)
        let summary = GapAnalysis.trends(unit: .euro, polarity: .higherIsBetter, first: [5: .number(0), 10: .number(1)],
                                         second: [5: .number(10), 10: .number(0)], references: [10: [5]])
        #expect(summary.unknown == 1 && summary.shareWidened == nil)
    }

    @Test func seedShareOfWidenedGaps() throws {
        // 25 QPV whose income gap widened for 18 of them: "72 %".
        let indicator = try #require(IndicatorCatalogue.indicator(code: "median_disposable_income"))
        var first: [Int: ObservationValue] = [1: .number(16000)]
        var second: [Int: ObservationValue] = [1: .number(17000)]
        var references: [Int: Int] = [:]
        for qpv in 100..<125 {
            references[qpv] = 1
            first[qpv] = .number(10000)
            second[qpv] = .number(qpv < 118 ? 10000 : 12000) // 10000/17000 < 10000/16000; 12000/17000 > 10000/16000
        }
        let summary = GapAnalysis.trends(indicator: indicator, first: first, second: second, referenceOf: references)
        #expect(summary.widened == 18 && summary.narrowed == 7)
        #expect(summary.shareWidened == 0.72)
        #expect(GapWording.trend(indicator: indicator, summary: summary, referenceName: "l'agglomération")
                == "l'écart de revenu avec l'agglomération s'est creusé pour 72\u{00A0}% des quartiers comparés (18 sur 25)")
    }
}
