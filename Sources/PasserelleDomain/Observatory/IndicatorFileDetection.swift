/// A character used to group thousands in a file's numbers.
public enum ThousandsSeparator: String, Sendable, Hashable, CaseIterable, Comparable {
    case space
    case noBreakSpace
    case narrowNoBreakSpace
    case thinSpace
    case dot
    case comma

    public var label: String {
        switch self {
        case .space: "espace"
        case .noBreakSpace: "espace insécable"
        case .narrowNoBreakSpace: "espace fine insécable"
        case .thinSpace: "espace fine"
        case .dot: "point"
        case .comma: "virgule"
        }
    }

    public static func < (lhs: ThousandsSeparator, rhs: ThousandsSeparator) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What the first bytes of an indicator file say about it, for a "dry run" screen shown before the
/// import: separator, encoding, header, number style and the likely format.
public struct IndicatorFileDetection: Sendable, Equatable {
    public var dialect: CSVDialect
    public var hasByteOrderMark: Bool
    public var header: [String]
    /// The first data rows, as read.
    public var sampleRows: [[String]]
    /// A number written with a decimal comma ("19698,8") was seen.
    public var decimalCommaSeen: Bool
    /// A number written with a decimal point ("19698.8") was seen.
    public var decimalPointSeen: Bool
    public var thousandsSeparators: [ThousandsSeparator]
    /// Secret and missing markers met, as written ("s", "nd"…).
    public var markersSeen: [String]
    /// Long when the header holds territory, indicator and value columns under their usual names.
    public var format: IndicatorFileFormat
    /// The columns recognised by their usual names (nil when absent).
    public var territoryColumn: String?
    public var indicatorColumn: String?
    public var periodColumn: String?
    public var valueColumn: String?

    /// Examines the beginning of a file. With `isWholeFile`, a last line without a line break counts;
    /// otherwise it may be cut and is left out. Nil for an empty sample.
    public static func detect(_ bytes: [UInt8], isWholeFile: Bool = false, sampleRowCount: Int = 20) -> IndicatorFileDetection? {
        var reader = CSVReader()
        var records: [CSVRecord] = []
        let wanted = sampleRowCount + 1
        do {
            try reader.consume(bytes[...]) { if records.count < wanted { records.append($0) } }
            if isWholeFile { try reader.finish { if records.count < wanted { records.append($0) } } }
        } catch {
            // An open quote at the end of a sample is expected when the sample cuts a field.
        }
        guard let dialect = reader.dialect, let first = records.first else { return nil }
        let header = first.fields.map(\.trimmingSpaces)
        let keys = header.map(SearchKey.fold)
        func column(_ names: [String]) -> String? {
            for name in names { if let index = keys.firstIndex(of: name) { return header[index] } }
            return nil
        }
        var detection = IndicatorFileDetection(
            dialect: dialect, hasByteOrderMark: CSVReader.bomLength(bytes) > 0, header: header,
            sampleRows: records.dropFirst().map(\.fields), decimalCommaSeen: false, decimalPointSeen: false,
            thousandsSeparators: [], markersSeen: [], format: .wide,
            territoryColumn: column(IndicatorFileColumns.territoryNames),
            indicatorColumn: column(IndicatorFileColumns.indicatorNames),
            periodColumn: column(IndicatorFileColumns.periodNames),
            valueColumn: column(IndicatorFileColumns.valueNames))
        if detection.territoryColumn != nil && detection.indicatorColumn != nil && detection.valueColumn != nil {
            detection.format = .long
        }
        var separators = Set<ThousandsSeparator>()
        var markers: [String] = []
        for row in detection.sampleRows {
            for cell in row {
                let text = cell.trimmingSpaces
                if text.isEmpty { continue }
                guard FrenchNumber.parseDecimal(text) != nil else {
                    let marker = text.lowercased()
                    if (ObservationValue.secretMarkers.contains(marker) || ObservationValue.missingMarkers.contains(marker)) && !markers.contains(text) {
                        markers.append(text)
                    }
                    continue
                }
                let style = numberStyle(text)
                if style.decimalComma { detection.decimalCommaSeen = true }
                if style.decimalPoint { detection.decimalPointSeen = true }
                separators.formUnion(style.groups)
            }
        }
        detection.thousandsSeparators = separators.sorted()
        detection.markersSeen = markers
        return detection
    }

    /// How a number that `FrenchNumber` accepts is written: its decimal mark and grouping characters.
    static func numberStyle(_ text: String) -> (decimalComma: Bool, decimalPoint: Bool, groups: Set<ThousandsSeparator>) {
        // The space before a unit ("12,5 %") groups nothing: look at the number alone.
        let number = String(String.UnicodeScalarView(text.unicodeScalars.prefix { $0 != "%" && $0 != "€" })).trimmingSpaces
        var groups = Set<ThousandsSeparator>()
        var commas = 0, dots = 0
        var last: Unicode.Scalar? = nil
        var sawDigit = false
        for scalar in number.unicodeScalars {
            switch scalar {
            case "0"..."9": sawDigit = true
            case ",": commas += 1; last = scalar
            case ".": dots += 1; last = scalar
            case " " where sawDigit: groups.insert(.space)
            case "\u{00A0}" where sawDigit: groups.insert(.noBreakSpace)
            case "\u{202F}" where sawDigit: groups.insert(.narrowNoBreakSpace)
            case "\u{2009}" where sawDigit: groups.insert(.thinSpace)
            default: break
            }
        }
        // Same rule as FrenchNumber: with both marks the last is decimal; a lone mark is decimal;
        // a repeated mark groups thousands.
        var decimalComma = false, decimalPoint = false
        if commas > 0 && dots > 0 {
            if last == "," { decimalComma = true; groups.insert(.dot) } else { decimalPoint = true; groups.insert(.comma) }
        } else if commas == 1 {
            decimalComma = true
        } else if dots == 1 {
            decimalPoint = true
        } else if dots > 1 {
            groups.insert(.dot)
        } else if commas > 1 {
            groups.insert(.comma)
        }
        return (decimalComma, decimalPoint, groups)
    }

    /// The findings in French, one line each, for the dry-run screen.
    public var summary: [String] {
        var lines = [
            "Séparateur : \(dialect.separatorLabel)",
            "Encodage : \(dialect.encoding.label)" + (hasByteOrderMark ? " (avec BOM)" : ""),
            "Format probable : \(format.label)",
        ]
        if decimalCommaSeen && decimalPointSeen {
            lines.append("Décimales : virgule et point mêlés")
        } else if decimalCommaSeen {
            lines.append("Décimales : virgule")
        } else if decimalPointSeen {
            lines.append("Décimales : point")
        }
        if !thousandsSeparators.isEmpty {
            lines.append("Séparateur de milliers : " + thousandsSeparators.map(\.label).joined(separator: ", "))
        }
        if !markersSeen.isEmpty {
            lines.append("Marques de secret ou d'absence : " + markersSeen.map { "« \($0) »" }.joined(separator: ", "))
        }
        return lines
    }
}
