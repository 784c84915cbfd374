/// A JSON value as read by `JSONScanner`. Objects keep their members in file order.
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.number(a), .number(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    /// The first member with this key, for objects.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// A short French description of the value's kind, for error messages.
    var kindLabel: String {
        switch self {
        case .null: "null"
        case .bool: "booléen"
        case .number: "nombre"
        case .string: "texte"
        case .array: "tableau"
        case .object: "objet"
        }
    }

    /// Compact JSON text of the value (used to keep nested properties as text).
    var jsonText: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let value):
            if value.rounded() == value && abs(value) < 1e15 { return String(Int64(value)) }
            return "\(value)"
        case .string(let text): return JSONValue.quoted(text)
        case .array(let items): return "[" + items.map(\.jsonText).joined(separator: ",") + "]"
        case .object(let members): return "{" + members.map { JSONValue.quoted($0.key) + ":" + $0.value.jsonText }.joined(separator: ",") + "}"
        }
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// A JSON syntax error, located by line and column (1-based, column counted in bytes).
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public var description: String { "JSON invalide ligne \(line), colonne \(column) : \(message)" }
}

/// A strict RFC 8259 parser over bytes. Written here rather than using Foundation's JSONSerialization so that
/// large GeoJSON files parse without bridging millions of numbers through NSNumber, and so that syntax
/// errors are reported in French with their line and column.
struct JSONScanner {
    // GeoJSON needs about 8 levels; the limit keeps hostile input from exhausting a server thread's stack.
    private static let maximumDepth = 128

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        var scanner = Cursor(bytes: bytes)
        scanner.skipWhitespace()
        let value = try scanner.value(depth: 0)
        scanner.skipWhitespace()
        if scanner.index < bytes.count { throw scanner.error("contenu inattendu après la fin du document") }
        return value
    }

    struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
            let end = Swift.min(offset ?? index, bytes.count)
            var line = 1, lineStart = 0
            for i in 0..<end where bytes[i] == 0x0A { line += 1; lineStart = i + 1 }
            return JSONSyntaxError(line: line, column: end - lineStart + 1, message: message)
        }

        @inline(__always)
        mutating func skipWhitespace() {
            while index < bytes.count {
                let byte = bytes[index]
                guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
                index += 1
            }
        }

        private func describeCurrent() -> String {
            guard index < bytes.count else { return "fin du fichier" }
            let byte = bytes[index]
            if byte >= 0x21 && byte < 0x7F { return "« \(Character(Unicode.Scalar(byte))) »" }
            return "octet 0x\(String(byte, radix: 16, uppercase: true))"
        }

        mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            guard index < bytes.count else { throw error("valeur attendue, fin du fichier atteinte") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw error("valeur attendue, \(describeCurrent()) trouvé")
            }
        }

        private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
            let start = index
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw error("valeur inconnue (« \(word) » attendu ?)", at: start) }
            let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
            for k in 0..<count where bytes[index + k] != expected[k] {
                throw error("valeur inconnue (« \(word) » attendu ?)", at: start)
            }
            index += count
        }

        private mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            if depth > JSONScanner.maximumDepth { throw error("imbrication trop profonde (plus de \(JSONScanner.maximumDepth) niveaux)") }
            index += 1
            var members: [(key: String, value: JSONValue)] = []
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("nom de membre entre guillemets attendu, \(describeCurrent()) trouvé") }
                let key = try string()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("« : » attendu après le nom « \(key) », \(describeCurrent()) trouvé") }
                index += 1
                skipWhitespace()
                members.append((key, try value(depth: depth)))
                skipWhitespace()
                guard index < bytes.count else { throw error("objet non fermé : « } » attendu, fin du fichier atteinte") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                throw error("« , » ou « } » attendu, \(describeCurrent()) trouvé")
            }
        }

        private mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            if depth > JSONScanner.maximumDepth { throw error("imbrication trop profonde (plus de \(JSONScanner.maximumDepth) niveaux)") }
            index += 1
            var items: [JSONValue] = []
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                skipWhitespace()
                items.append(try value(depth: depth))
                skipWhitespace()
                guard index < bytes.count else { throw error("tableau non fermé : « ] » attendu, fin du fichier atteinte") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                throw error("« , » ou « ] » attendu, \(describeCurrent()) trouvé")
            }
        }

        private mutating func string() throws(JSONSyntaxError) -> String {
            let open = index
            index += 1
            let start = index
            var hasEscape = false
            while true {
                guard index < bytes.count else { throw error("chaîne non fermée (guillemet ouvert ici)", at: open) }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") { break }
                if byte == UInt8(ascii: "\\") { hasEscape = true; index += 2; continue }
                if byte < 0x20 { throw error("caractère de contrôle non échappé dans une chaîne") }
                index += 1
            }
            let end = index
            index += 1
            let raw = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if !hasEscape { return String(decoding: raw, as: UTF8.self) }
            return try unescape(raw, offset: start)
        }

        private func unescape(_ raw: UnsafeBufferPointer<UInt8>, offset: Int) throws(JSONSyntaxError) -> String {
            var out: [UInt8] = []
            out.reserveCapacity(raw.count)
            var i = 0
            func hex4(_ at: Int) throws(JSONSyntaxError) -> UInt32 {
                guard at + 4 <= raw.count else { throw error("séquence \\u incomplète", at: offset + at) }
                var value: UInt32 = 0
                for k in 0..<4 {
                    let c = raw[at + k]
                    let digit: UInt32
                    switch c {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
                    case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
                    case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
                    default: throw error("séquence \\u invalide", at: offset + at)
                    }
                    value = value << 4 | digit
                }
                return value
            }
            while i < raw.count {
                let byte = raw[i]
                guard byte == UInt8(ascii: "\\") else { out.append(byte); i += 1; continue }
                guard i + 1 < raw.count else { throw error("échappement incomplet", at: offset + i) }
                let escaped = raw[i + 1]
                i += 2
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escaped)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4(i)
                    i += 4
                    if (0xD800..<0xDC00).contains(code), i + 6 <= raw.count, raw[i] == UInt8(ascii: "\\"), raw[i + 1] == UInt8(ascii: "u") {
                        let low = try hex4(i + 2)
                        if (0xDC00..<0xE000).contains(low) {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            i += 6
                        }
                    }
                    let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw error("échappement « \\\(Character(Unicode.Scalar(escaped))) » inconnu", at: offset + i - 2)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        private static let exactPowersOfTen: [Double] = [
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
        ]

        private mutating func number() throws(JSONSyntaxError) -> Double {
            let start = index
            var negative = false
            if bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
            var mantissa: UInt64 = 0
            var significantDigits = 0
            var exponent = 0
            var integerDigits = 0
            func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
            while index < bytes.count, isDigit(bytes[index]) {
                let digit = UInt64(bytes[index] - UInt8(ascii: "0"))
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ digit
                    if mantissa != 0 { significantDigits += 1 }
                } else {
                    exponent += 1
                    significantDigits += 1
                }
                integerDigits += 1
                index += 1
            }
            guard integerDigits > 0 else { throw error("nombre mal formé", at: start) }
            if integerDigits > 1 && bytes[start + (negative ? 1 : 0)] == UInt8(ascii: "0") { throw error("nombre mal formé (zéro initial)", at: start) }
            if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
                index += 1
                var fractionDigits = 0
                while index < bytes.count, isDigit(bytes[index]) {
                    let digit = UInt64(bytes[index] - UInt8(ascii: "0"))
                    if significantDigits < 19 {
                        mantissa = mantissa &* 10 &+ digit
                        if mantissa != 0 { significantDigits += 1 }
                        exponent -= 1
                    } else {
                        significantDigits += 1
                    }
                    fractionDigits += 1
                    index += 1
                }
                guard fractionDigits > 0 else { throw error("nombre mal formé (chiffre attendu après le point)", at: start) }
            }
            if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
                index += 1
                var exponentNegative = false
                if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                    exponentNegative = bytes[index] == UInt8(ascii: "-")
                    index += 1
                }
                var written = 0, exponentDigits = 0
                while index < bytes.count, isDigit(bytes[index]) {
                    if written < 100_000 { written = written * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
                    exponentDigits += 1
                    index += 1
                }
                guard exponentDigits > 0 else { throw error("nombre mal formé (exposant vide)", at: start) }
                exponent += exponentNegative ? -written : written
            }
            // Clinger's fast path: both the mantissa and the power of ten are exact doubles, so one
            // correctly rounded multiplication or division gives the correctly rounded result.
            if significantDigits <= 19 && mantissa <= (1 << 53) && exponent >= -22 && exponent <= 22 {
                var value = Double(mantissa)
                value = exponent < 0 ? value / Self.exactPowersOfTen[-exponent] : value * Self.exactPowersOfTen[exponent]
                return negative ? -value : value
            }
            // Rare in practice for short numbers, common for 17-digit coordinates: the standard library's
            // correctly rounded conversion.
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            guard let value = Double(text), value.isFinite else { throw error("nombre hors des limites", at: start) }
            return value
        }
    }
}
