import Testing
@testable import PasserelleDomain

@Suite struct FrenchFormatTests {
    @Test(arguments: [
        (1.4, 1, false, "1,4"),
        (10619, 0, false, "10\u{202F}619"),
        (1234567.891, 2, false, "1\u{202F}234\u{202F}567,89"),
        (-2.5, 1, false, "\u{2212}2,5"),
        (-0.04, 1, false, "0,0"),          // rounds to zero: no minus sign
        (2.0, 1, true, "2"),
        (2.0, 1, false, "2,0"),
        (1.25, 1, false, "1,3"),           // half away from zero
        (0.05, 2, false, "0,05"),
        (999.96, 1, false, "1\u{202F}000,0"),
        (6206, 0, false, "6\u{202F}206"),
        (999, 0, false, "999"),
        (17020 / 10619.0, 1, true, "1,6"),
    ] as [(Double, Int, Bool, String)])
    func decimal(value: Double, digits: Int, drop: Bool, expected: String) {
        #expect(FrenchFormat.decimal(value, digits: digits, dropZeroFraction: drop) == expected)
    }

    @Test func nonFiniteValuesShowADash() {
        #expect(FrenchFormat.decimal(.infinity, digits: 1) == "—")
        #expect(FrenchFormat.decimal(.nan, digits: 0) == "—")
    }

    @Test func integers() {
        #expect(FrenchFormat.integer(241645) == "241\u{202F}645")
        #expect(FrenchFormat.integer(-3000) == "\u{2212}3\u{202F}000")
        #expect(FrenchFormat.integer(0) == "0")
    }

    @Test(arguments: [
        (10619.0, IndicatorUnit.euro, "10\u{202F}619\u{00A0}€"),
        (61.5, .percent, "61,5\u{00A0}%"),
        (27, .percent, "27,0\u{00A0}%"),
        (12.34, .microgramsPerCubicMetre, "12,3\u{00A0}µg/m³"),
        (1.5, .years, "1,5\u{00A0}an"),
        (78.2, .years, "78,2\u{00A0}ans"),
        (1, .days, "1\u{00A0}jour"),
        (12, .days, "12\u{00A0}jours"),
        (6617, .count, "6\u{202F}617"),
        (0.62391, .ratio, "0,62"),
        (31.04, .degreesCelsius, "31,0\u{00A0}°C"),
        (58, .decibel, "58\u{00A0}dB"),
    ] as [(Double, IndicatorUnit, String)])
    func valuesWithUnits(value: Double, unit: IndicatorUnit, expected: String) {
        #expect(FrenchFormat.value(value, unit: unit) == expected)
    }

    @Test(arguments: [(61.5, "61,5"), (17020, "17\u{202F}020"), (19698.8, "19\u{202F}698,8"), (0.125, "0,125"), (-3.04, "\u{2212}3,04")] as [(Double, String)])
    func shortest(value: Double, expected: String) {
        #expect(FrenchFormat.shortest(value) == expected)
    }
}
