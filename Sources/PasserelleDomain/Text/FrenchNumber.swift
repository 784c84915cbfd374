/// Numbers as French files write them: "6 206", "6 206" (narrow no-break space), "19698,8",
/// "1.234,5", "12,5 %". Returns nil for anything that is not a number.
public enum FrenchNumber {
    public static func parseDecimal(_ text: String) -> Double? {
        var digits: [UInt8] = []
        digits.reserveCapacity(text.utf8.count)
        var commas = 0, dots = 0, lastSeparator: UInt8 = 0
        var sawDigit = false
        var sign: UInt8? = nil
        var trailing = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "0"..."9":
                if trailing { return nil }
                digits.append(UInt8(scalar.value)); sawDigit = true
            case ",":
                if trailing { return nil }
                commas += 1; lastSeparator = UInt8(ascii: ","); digits.append(UInt8(ascii: ","))
            case ".":
                if trailing { return nil }
                dots += 1; lastSeparator = UInt8(ascii: "."); digits.append(UInt8(ascii: "."))
            case " ", "\u{00A0}", "\u{202F}", "\u{2009}", "\t":
                continue
            case "-", "+", "\u{2212}":
                guard !sawDigit, sign == nil, digits.isEmpty else { return nil }
                sign = scalar == "+" ? UInt8(ascii: "+") : UInt8(ascii: "-")
            case "%", "€":
                trailing = true
            default:
                return nil
            }
        }
        guard sawDigit else { return nil }
        // With both marks, the last one is the decimal mark; a mark that appears once alone is
        // decimal too; a mark repeated alone ("1.234.567") groups thousands.
        let decimalMark: UInt8?
        if commas > 0 && dots > 0 {
            decimalMark = lastSeparator
            if (lastSeparator == UInt8(ascii: ",") ? commas : dots) > 1 { return nil }
        } else if commas == 1 {
            decimalMark = UInt8(ascii: ",")
        } else if dots == 1 {
            decimalMark = UInt8(ascii: ".")
        } else {
            decimalMark = nil
        }
        // A grouping mark must be followed by exactly three digits: "1,2,3" is not a number.
        var digitsSinceGroup = -1
        for byte in digits {
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ".") {
                if digitsSinceGroup >= 0 && digitsSinceGroup != 3 { return nil }
                digitsSinceGroup = byte == decimalMark ? -1 : 0
            } else if digitsSinceGroup >= 0 {
                digitsSinceGroup += 1
            }
        }
        if digitsSinceGroup >= 0 && digitsSinceGroup != 3 { return nil }
        var normalized = sign == UInt8(ascii: "-") ? "-" : ""
        for byte in digits {
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ".") {
                if byte == decimalMark { normalized += "." }
            } else {
                normalized.append(Character(Unicode.Scalar(byte)))
            }
        }
        guard let value = Double(normalized), value.isFinite else { return nil }
        return value
    }

    public static func parseInteger(_ text: String) -> Int? {
        guard let value = parseDecimal(text), value.rounded() == value, abs(value) < 9e15 else { return nil }
        return Int(value)
    }
}
