/// How a delimited text file is written: its separator and its encoding.
public struct CSVDialect: Sendable, Equatable {
    public var separator: UInt8
    public var encoding: TextEncoding

    public init(separator: UInt8, encoding: TextEncoding) {
        self.separator = separator
        self.encoding = encoding
    }

    public var separatorLabel: String {
        switch separator {
        case UInt8(ascii: ";"): "point-virgule"
        case UInt8(ascii: "\t"): "tabulation"
        case UInt8(ascii: ","): "virgule"
        default: "« \(Character(Unicode.Scalar(separator))) »"
        }
    }

    /// Picks the separator that appears most often, outside quotes, on the header line.
    public static func detect<Bytes: Collection>(in sample: Bytes) -> CSVDialect where Bytes.Element == UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ";"): 0, UInt8(ascii: "\t"): 0, UInt8(ascii: ","): 0]
        var inQuotes = false
        for byte in sample.dropFirst(CSVReader.bomLength(sample)) {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            if counts[byte] != nil { counts[byte]! += 1 }
        }
        let order: [UInt8] = [UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: ",")]
        let separator = order.max { counts[$0]! < counts[$1]! || (counts[$0]! == counts[$1]! && order.firstIndex(of: $0)! < order.firstIndex(of: $1)!) }!
        return CSVDialect(separator: counts[separator]! > 0 ? separator : UInt8(ascii: ","), encoding: TextEncoding.detect(in: sample))
    }
}

/// One record of a delimited file, with the line it starts on (1 = first line of the file).
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

public enum CSVError: Error, Equatable, Sendable {
    /// A quoted field is still open at the end of the file: the file is truncated or malformed.
    case unterminatedQuote(line: Int)

    public var message: String {
        switch self {
        case .unterminatedQuote(let line):
            "ligne \(line) : un guillemet ouvert n'est jamais fermé (fichier tronqué ou mal formé)"
        }
    }
}

/// A streaming RFC 4180 reader that copes with what French open data really contains:
/// byte-order marks, ';' or tab separators, CRLF, quoted fields with separators, doubled quotes
/// and line breaks. Feed it chunks of bytes; it hands out complete records as soon as they end.
/// Blank lines are skipped.
public struct CSVReader: Sendable {
    public private(set) var dialect: CSVDialect?
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var inQuotes = false
    private var quoteJustClosed = false
    private var fieldStarted = false
    private var previousWasCR = false
    private var line = 1
    private var recordLine = 1
    private var started = false
    private var pendingHeader: [UInt8] = []

    public init(dialect: CSVDialect? = nil) {
        self.dialect = dialect
    }

    static func bomLength<Bytes: Collection>(_ bytes: Bytes) -> Int where Bytes.Element == UInt8 {
        Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF] ? 3 : 0
    }

    /// Reads a whole file held in memory.
    public static func read(_ bytes: [UInt8], dialect: CSVDialect? = nil) throws -> (dialect: CSVDialect, records: [CSVRecord]) {
        var reader = CSVReader(dialect: dialect)
        var records: [CSVRecord] = []
        try reader.consume(bytes[...]) { records.append($0) }
        try reader.finish { records.append($0) }
        return (reader.dialect ?? CSVDialect(separator: UInt8(ascii: ","), encoding: .utf8), records)
    }

    public mutating func consume(_ chunk: ArraySlice<UInt8>, _ emit: (CSVRecord) throws -> Void) throws {
        var bytes = chunk
        if !started {
            // The separator is read off the header line: wait until it is complete. Even with a
            // known dialect, wait for 3 bytes so a byte-order mark split across chunks is removed.
            pendingHeader.append(contentsOf: chunk)
            if dialect == nil {
                let lineEnded = pendingHeader.contains(UInt8(ascii: "\n")) || pendingHeader.contains(UInt8(ascii: "\r"))
                guard lineEnded || pendingHeader.count >= 1 << 20 else { return }
                dialect = CSVDialect.detect(in: pendingHeader.prefix(1 << 20))
            } else {
                guard pendingHeader.count >= 3 else { return }
            }
            bytes = pendingHeader[...]
            pendingHeader = []
            started = true
            bytes = bytes.dropFirst(Self.bomLength(bytes))
        }
        let separator = dialect!.separator
        let quote = UInt8(ascii: "\"")
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        for byte in bytes {
            let afterCR = previousWasCR
            previousWasCR = byte == cr
            if inQuotes {
                if byte == quote {
                    inQuotes = false
                    quoteJustClosed = true
                } else {
                    if byte == cr || (byte == lf && !afterCR) { line += 1 }
                    field.append(byte)
                }
                continue
            }
            if byte == quote {
                if quoteJustClosed {
                    field.append(quote) // "" inside a quoted field
                    inQuotes = true
                    quoteJustClosed = false
                } else if !fieldStarted {
                    inQuotes = true
                    fieldStarted = true
                } else {
                    field.append(byte) // a stray quote in an unquoted field is kept as text
                }
                continue
            }
            quoteJustClosed = false
            if byte == separator {
                endField()
            } else if byte == lf || byte == cr {
                if byte == lf && afterCR { continue } // the LF of a CRLF
                try endRecord(emit)
                line += 1
                recordLine = line
            } else {
                field.append(byte)
                fieldStarted = true
            }
        }
    }

    /// Ends the input: emits a last record without a final line break, or reports a quote left open.
    public mutating func finish(_ emit: (CSVRecord) throws -> Void) throws {
        if !started && !pendingHeader.isEmpty {
            if dialect == nil { dialect = CSVDialect.detect(in: pendingHeader) }
            let header = pendingHeader
            pendingHeader = []
            started = true
            try consume(header.dropFirst(Self.bomLength(header)), emit)
        }
        if inQuotes { throw CSVError.unterminatedQuote(line: recordLine) }
        try endRecord(emit)
    }

    private mutating func endRecord(_ emit: (CSVRecord) throws -> Void) throws {
        let isBlank = fields.isEmpty && field.isEmpty && !fieldStarted
        if !isBlank {
            endField()
            try emit(CSVRecord(line: recordLine, fields: fields))
        }
        fields.removeAll(keepingCapacity: true)
    }

    private mutating func endField() {
        fields.append(dialect!.encoding.decode(field))
        field.removeAll(keepingCapacity: true)
        fieldStarted = false
        quoteJustClosed = false
    }
}
