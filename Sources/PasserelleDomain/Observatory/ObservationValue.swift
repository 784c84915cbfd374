/// The value of one observation (territory × indicator × period).
///
/// A secret value exists but may not be published (statistical confidentiality: too few households);
/// a missing value was not produced or not provided. Pages say which, because the first is not a gap
/// in the data but a protection of the inhabitants.
public enum ObservationValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case number(Double)
    case secret
    case missing

    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    public var isSecret: Bool { self == .secret }
    public var isMissing: Bool { self == .missing }

    /// Cell contents meaning "secret", compared after trimming and ignoring case:
    ///
    /// | marker | meaning |
    /// |---|---|
    /// | `s`, `secret`, `secret stat`, `c`, `confidentiel` | statistical secret (INSEE writes `s`, some producers `c`) |
    ///
    /// Only producers' explicit confidentiality marks count as secret: "nc" is ambiguous
    /// (non communiqué, non calculable) and is read as missing.
    public static let secretMarkers: Set<String> = ["s", "secret", "secret stat", "c", "confidentiel"]

    /// Cell contents meaning "no value", compared after trimming and ignoring case:
    ///
    /// | marker | usual meaning |
    /// |---|---|
    /// | (empty) | nothing written |
    /// | `nd`, `n.d.`, `n/d` | non disponible |
    /// | `nc`, `n.c.` | non communiqué / non calculable |
    /// | `na`, `n/a`, `null`, `\N` | not available (spreadsheets, R, database exports) |
    /// | `-`, `–`, `—`, `.`, `..`, `...` | typographic "nothing" |
    ///
    /// Any other text in a numeric cell is a problem to report, never silently a missing value.
    public static let missingMarkers: Set<String> = [
        "", "nd", "n.d.", "n/d", "nc", "n.c.", "na", "n/a", "null", "\\n", "-", "–", "—", ".", "..", "...",
    ]

    /// Reads a cell: a number as French files write it ("6 206", "19698,8", "12,5 %"), a secret or
    /// missing marker, or nil when the cell holds anything else (the caller reports it).
    public static func parse(_ cell: String) -> ObservationValue? {
        if let value = fastDecimal(cell) { return .number(value) }
        if let value = FrenchNumber.parseDecimal(cell) { return .number(value) }
        let marker = cell.trimmingSpaces.lowercased()
        if missingMarkers.contains(marker) { return .missing }
        if secretMarkers.contains(marker) { return .secret }
        return nil
    }

    /// The common case — optional sign, digits, at most one "." or "," with digits on both sides,
    /// at most 15 significant digits — read straight from the bytes. Exact: an integer below 2^53
    /// divided by a power of ten up to 10^22 is correctly rounded, so the result is the same Double
    /// as `FrenchNumber.parseDecimal`. Anything else returns nil and takes the general path.
    static func fastDecimal(_ text: String) -> Double? {
        let result: Double?? = text.utf8.withContiguousStorageIfAvailable { bytes -> Double? in
            var index = 0
            var end = bytes.count
            while index < end && bytes[index] == 32 { index += 1 }
            while end > index && bytes[end - 1] == 32 { end -= 1 }
            guard index < end else { return nil }
            var negative = false
            if bytes[index] == 45 || bytes[index] == 43 { negative = bytes[index] == 45; index += 1 }
            var mantissa: UInt64 = 0
            var digits = 0, fractionDigits = 0
            var sawMark = false, digitsBeforeMark = 0
            while index < end {
                let byte = bytes[index]
                if byte >= 48 && byte <= 57 {
                    mantissa = mantissa &* 10 &+ UInt64(byte - 48)
                    digits += 1
                    if sawMark { fractionDigits += 1 }
                } else if (byte == 44 || byte == 46) && !sawMark {
                    sawMark = true
                    digitsBeforeMark = digits
                } else {
                    return nil
                }
                index += 1
            }
            guard digits > 0, digits <= 15, !sawMark || (digitsBeforeMark > 0 && fractionDigits > 0) else { return nil }
            let magnitude = Double(mantissa) / powersOfTen[fractionDigits]
            return negative ? -magnitude : magnitude
        }
        return result ?? nil
    }

    private static let powersOfTen: [Double] = (0...15).map { exponent in
        var value: Double = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    public var description: String {
        switch self {
        case .number(let value): "\(value)"
        case .secret: "secret"
        case .missing: "manquant"
        }
    }

    /// JSON: a number, the string "secret", or null.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .missing
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else {
            let text = try container.decode(String.self)
            guard text == "secret" else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "valeur « \(text) » : nombre, « secret » ou null attendu")
            }
            self = .secret
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .secret: try container.encode("secret")
        case .missing: try container.encodeNil()
        }
    }
}
