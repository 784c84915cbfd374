/// Numbers written the French way for pages and sentences: decimal comma, a narrow no-break space
/// (U+202F) between thousands, a real minus sign (U+2212): "10 619", "1,4", "−2,5".
public enum FrenchFormat {
    /// The thousands separator, as the Imprimerie nationale recommends for figures.
    public static let thousandsSeparator: Character = "\u{202F}"
    /// Between a number and its unit ("61,5 %", "10 619 €"), so a line never breaks inside a value.
    public static let unitSeparator: Character = "\u{00A0}"
    public static let minus: Character = "\u{2212}"

    /// `value` rounded to `digits` decimals (half away from zero), grouped by thousands.
    /// With `dropZeroFraction`, "2,0" becomes "2" (used for factors: "2 fois plus").
    /// A value that rounds to zero never gets a minus sign; non-finite values give "—".
    public static func decimal(_ value: Double, digits: Int, dropZeroFraction: Bool = false) -> String {
        guard value.isFinite else { return "—" }
        let digits = max(0, min(digits, 9))
        var scale: Double = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e15 else { return String(value) } // beyond exact integers: no pretence of precision
        let units = UInt64(scaled)
        let divisor = UInt64(scale)
        let integerPart = units / divisor
        var fraction = units % divisor

        var out = ""
        if value < 0 && units != 0 { out.append(minus) }
        out += grouped(integerPart)
        if digits > 0 && !(dropZeroFraction && fraction == 0) {
            var fractionDigits = [Character](repeating: "0", count: digits)
            var index = digits - 1
            while fraction > 0 && index >= 0 {
                fractionDigits[index] = Character(Unicode.Scalar(UInt8(48 + fraction % 10)))
                fraction /= 10
                index -= 1
            }
            out.append(",")
            out.append(contentsOf: fractionDigits)
        }
        return out
    }

    /// An integer grouped by thousands: 17020 → "17 020".
    public static func integer(_ value: Int) -> String {
        let magnitude = grouped(value.magnitude)
        return value < 0 ? String(minus) + magnitude : magnitude
    }

    private static func grouped(_ value: some BinaryInteger) -> String {
        let digits = Array(String(value))
        var out = ""
        out.reserveCapacity(digits.count + digits.count / 3)
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(thousandsSeparator) }
            out.append(digit)
        }
        return out
    }
}
