@testable import PasserelleDomain
import Testing

struct FrenchNumberTests {
    @Test(arguments: [
        ("6 206", 6206.0),
        ("6\u{202F}206", 6206.0),
        ("6\u{00A0}206", 6206.0),
        ("19698,8", 19698.8),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1.234.567", 1234567.0),
        ("12,5 %", 12.5),
        ("-3,25", -3.25),
        ("\u{2212}3,25", -3.25),
        ("17 020 €", 17020.0),
        ("0", 0.0),
        ("42", 42.0),
    ])
    func parses(_ text: String, _ expected: Double) {
        #expect(FrenchNumber.parseDecimal(text) == expected)
    }

    @Test(arguments: ["", "abc", "12a", "1,2,3", "--4", "% 12", "douze"])
    func rejects(_ text: String) {
        #expect(FrenchNumber.parseDecimal(text) == nil)
    }

    @Test func integersMustBeWhole() {
        #expect(FrenchNumber.parseInteger("244 525") == 244525)
        #expect(FrenchNumber.parseInteger("12,5") == nil)
    }
}
