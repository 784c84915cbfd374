/// SIREN (9 digits) and SIRET (14 digits) of French organisations, checked with the Luhn key
/// INSEE uses. La Poste's establishments (SIREN 356 000 000) may instead follow another rule: the
/// digits of their SIRET add up to a multiple of 5.
public enum CompanyIdentifier {
    public static func isValidSIREN(_ text: String) -> Bool {
        let digits = Array(text.utf8)
        guard digits.count == 9, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        return luhn(digits)
    }

    public static func isValidSIRET(_ text: String) -> Bool {
        let digits = Array(text.utf8)
        guard digits.count == 14, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        if text.hasPrefix("356000000"), digits.reduce(0, { $0 + Int($1 - 48) }) % 5 == 0 { return true }
        return luhn(digits)
    }

    /// Digits only, spaces removed: "130 025 265 00013" → "13002526500013".
    public static func normalised(_ text: String) -> String {
        text.filter { !$0.isWhitespace && $0 != "\u{202F}" && $0 != "\u{00A0}" }
    }

    static func luhn(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (index, byte) in digits.reversed().enumerated() {
            var value = Int(byte - 48)
            if index % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }
}
