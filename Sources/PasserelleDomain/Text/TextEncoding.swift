/// The encodings French public data files come in.
public enum TextEncoding: String, Sendable, Equatable {
    case utf8
    case windows1252

    public var label: String {
        switch self {
        case .utf8: "UTF-8"
        case .windows1252: "Windows-1252 (Latin-1)"
        }
    }

    /// Decodes bytes; a UTF-8 field that is not valid UTF-8 falls back to Windows-1252
    /// so a stray Latin-1 byte never loses the cell.
    public func decode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        switch self {
        case .utf8:
            if let text = String(validating: bytes, as: UTF8.self) { return text }
            return Self.decodeWindows1252(bytes)
        case .windows1252:
            return Self.decodeWindows1252(bytes)
        }
    }

    /// UTF-8 unless the sample holds a byte sequence UTF-8 forbids. A sample cut in the middle of a
    /// multi-byte character (its last 1–3 bytes) does not count as invalid.
    public static func detect<Bytes: Collection>(in sample: Bytes) -> TextEncoding where Bytes.Element == UInt8 {
        let bytes = Array(sample)
        for cut in 0...min(3, bytes.count) where String(validating: bytes.dropLast(cut), as: UTF8.self) != nil {
            return .utf8
        }
        return .windows1252
    }

    static func decodeWindows1252<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if byte >= 0x80 && byte < 0xA0, let mapped = windows1252High[Int(byte - 0x80)] {
                scalars.append(mapped)
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    /// Windows-1252 differs from Latin-1 only in 0x80–0x9F (€, œ, ’, …).
    private static let windows1252High: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]
}
