import Foundation
import Testing
@testable import PasserelleDomain

@Suite struct ObservationValueTests {
    @Test(arguments: [
        ("6 206", 6206.0), ("6\u{202F}206", 6206), ("6\u{00A0}206", 6206), ("19698,8", 19698.8), ("19698.8", 19698.8),
        ("12,5 %", 12.5), ("-3,04", -3.04), ("\u{2212}3,04", -3.04), ("  42 ", 42), ("1.234,5", 1234.5), ("+7", 7),
        ("0", 0), ("0,1", 0.1), ("10619 €", 10619),
    ] as [(String, Double)])
    func numbers(cell: String, expected: Double) {
        #expect(ObservationValue.parse(cell) == .number(expected))
    }

    @Test(arguments: ["s", "S", "secret", "Secret", " c ", "C", "confidentiel", "secret stat"])
    func secretMarkers(cell: String) {
        #expect(ObservationValue.parse(cell) == .secret)
    }

    @Test(arguments: ["", "   ", "nd", "ND", "n.d.", "N.D.", "n/d", "NA", "N/A", "na", "\\N", "-", "–", "—", "nc", "NC", "n.c.", "null", ".", "..", "..."])
    func missingMarkers(cell: String) {
        #expect(ObservationValue.parse(cell) == .missing)
    }

    @Test(arguments: ["abc", "12 ans", "12/3", "x12", "12-3", "secrets", "n.d", "1e5"])
    func textIsNotAValue(cell: String) {
        #expect(ObservationValue.parse(cell) == nil)
    }

    /// The byte-level fast path must give exactly the Double of the general parser.
    @Test func fastPathAgreesWithFrenchNumber() {
        var random = SplitMix64(seed: 2024)
        for _ in 0..<20_000 {
            let integerDigits = Int.random(in: 1...9, using: &random)
            let fractionDigits = Int.random(in: 0...6, using: &random)
            var text = Bool.random(using: &random) ? "-" : ""
            for _ in 0..<integerDigits { text.append(Character(Unicode.Scalar(UInt8.random(in: 48...57, using: &random)))) }
            if fractionDigits > 0 {
                text.append(Bool.random(using: &random) ? "," : ".")
                for _ in 0..<fractionDigits { text.append(Character(Unicode.Scalar(UInt8.random(in: 48...57, using: &random)))) }
            }
            let fast = ObservationValue.fastDecimal(text)
            #expect(fast != nil)
            #expect(fast?.bitPattern == FrenchNumber.parseDecimal(text)?.bitPattern, "\(text)")
        }
    }

    @Test func fastPathLeavesUnusualShapesToTheGeneralParser() {
        #expect(ObservationValue.fastDecimal("6 206") == nil)
        #expect(ObservationValue.fastDecimal("1.234.567") == nil)
        #expect(ObservationValue.fastDecimal("5.") == nil)
        #expect(ObservationValue.fastDecimal("1234567890123456") == nil) // 16 digits: beyond exact
        #expect(ObservationValue.fastDecimal("12,5") == 12.5)
    }

    @Test func jsonForm() throws {
        let values: [ObservationValue] = [.number(61.5), .secret, .missing]
        let json = String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
        #expect(json == #"[61.5,"secret",null]"#)
        #expect(try JSONDecoder().decode([ObservationValue].self, from: Data(json.utf8)) == values)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ObservationValue].self, from: Data(#"["abc"]"#.utf8)) }
    }
}
