/// How an indicator file lays out its observations.
public enum IndicatorFileFormat: String, Codable, Sendable, CaseIterable {
    /// One observation per row: territory code, indicator, period, value.
    case long
    /// One territory per row, one indicator per column.
    case wide

    public var label: String {
        switch self {
        case .long: "format long (une observation par ligne)"
        case .wide: "format large (un indicateur par colonne)"
        }
    }
}

/// Which column of a wide file holds which indicator, as the user chose it; saved and reused for
/// the next files of the same producer. Headers match ignoring case, accents and punctuation
/// ("Taux de pauvreté" = "taux_de_pauvrete").
public struct ColumnMapping: Sendable, Hashable, Codable {
    /// Column header → indicator code.
    public var indicators: [String: String]
    /// Headers the user chose to leave out (territory names, notes…).
    public var ignored: Set<String>

    public init(indicators: [String: String] = [:], ignored: Set<String> = []) {
        self.indicators = indicators
        self.ignored = ignored
    }

    /// A first mapping to show the user: headers that name a known indicator by its code or its
    /// label are mapped; usual name columns are ignored; everything else is left for the user.
    public static func suggested(header: [String], indicators: [Indicator], territoryColumn: String? = nil) -> ColumnMapping {
        var byKey: [String: String] = [:]
        for indicator in indicators {
            byKey[SearchKey.fold(indicator.code)] = indicator.code
            byKey[SearchKey.fold(indicator.label)] = indicator.code
        }
        let reserved = Set(IndicatorFileColumns.territoryNames + IndicatorFileColumns.periodNames + [territoryColumn].compactMap { $0 }.map(SearchKey.fold))
        var mapping = ColumnMapping()
        for column in header {
            let key = SearchKey.fold(column)
            if key.isEmpty || reserved.contains(key) { continue }
            if let code = byKey[key] {
                mapping.indicators[column] = code
            } else if IndicatorFileColumns.nameNames.contains(key) {
                mapping.ignored.insert(column)
            }
        }
        return mapping
    }
}

/// The header names recognised by default, already folded with `SearchKey.fold`.
public enum IndicatorFileColumns {
    public static let territoryNames = ["code", "code territoire", "territoire", "territory", "territory code", "codgeo", "code geo"]
    public static let indicatorNames = ["indicateur", "code indicateur", "indicator", "indicator code"]
    public static let periodNames = ["periode", "period", "annee", "year", "millesime"]
    public static let valueNames = ["valeur", "value"]
    /// Optional: the level of each row's code, for files mixing levels whose codes overlap ("32").
    public static let kindNames = ["niveau", "kind", "type territoire", "typgeo", "niveau geo"]

    /// A level as files write it: "department", "departement", "DEP", "région", "REG"…
    public static func kind(_ text: String) -> TerritoryKind? {
        let key = SearchKey.fold(text)
        if let kind = TerritoryKind.allCases.first(where: { SearchKey.fold($0.rawValue) == key }) { return kind }
        let synonyms: [String: TerritoryKind] = [
            "departement": .department, "dep": .department, "region": .region, "reg": .region, "com": .commune, "pays": .country,
            "fra": .country, "france": .country, "intercommunalite": .epci, "qp": .qpv, "qpv 2024": .qpv, "qpv 2015": .qpv2015, "iris": .iris,
        ]
        return synonyms[key]
    }
    /// Territory-name columns a suggested mapping ignores.
    public static let nameNames = ["libelle", "nom", "name", "label", "lib qp", "libgeo", "nom territoire", "territoire nom", "territory name"]
}

/// What the user told about a file before reading it.
public struct IndicatorFileOptions: Sendable {
    public var format: IndicatorFileFormat
    /// Header of the territory-code column; nil: the default names ("code", "territory", "codgeo"…).
    public var territoryColumn: String?
    /// Long format: header of the indicator column; nil: "indicateur", "indicator"…
    public var indicatorColumn: String?
    /// Header of the period column; nil: "periode", "period", "annee", "year"… Not needed when `period` is set.
    public var periodColumn: String?
    /// Long format: header of the value column; nil: "valeur", "value".
    public var valueColumn: String?
    /// Wide format: which column holds which indicator. A header equal to a known indicator code
    /// needs no entry.
    public var mapping: ColumnMapping
    /// The period of every row ("2020"). Required for a wide file without a period column;
    /// when set, it wins over any period column, which is then ignored.
    public var period: String?
    /// Forces the level of every code (a file of departments or of regions, whose codes overlap).
    public var kind: TerritoryKind?
    /// What to do with codes designating several levels when `kind` is not set.
    public var ambiguity: TerritoryCodeIndex.AmbiguityPolicy
    /// Accept unknown (but well-formed) indicator codes and list them in the report, for the caller
    /// to create; otherwise each is a problem.
    public var createMissingIndicators: Bool
    /// Forces separator and encoding; nil: detected from the first 64 KiB.
    public var dialect: CSVDialect?
    /// Observations handed to `emit` at a time.
    public var batchSize: Int
    /// Problems kept in the report (all are counted); protects memory when a whole file is wrong.
    public var maxProblems: Int

    public init(
        format: IndicatorFileFormat = .long,
        territoryColumn: String? = nil,
        indicatorColumn: String? = nil,
        periodColumn: String? = nil,
        valueColumn: String? = nil,
        mapping: ColumnMapping = ColumnMapping(),
        period: String? = nil,
        kind: TerritoryKind? = nil,
        ambiguity: TerritoryCodeIndex.AmbiguityPolicy = .resolutionOrder,
        createMissingIndicators: Bool = false,
        dialect: CSVDialect? = nil,
        batchSize: Int = 4096,
        maxProblems: Int = 1000
    ) {
        self.format = format
        self.territoryColumn = territoryColumn
        self.indicatorColumn = indicatorColumn
        self.periodColumn = periodColumn
        self.valueColumn = valueColumn
        self.mapping = mapping
        self.period = period
        self.kind = kind
        self.ambiguity = ambiguity
        self.createMissingIndicators = createMissingIndicators
        self.dialect = dialect
        self.batchSize = max(1, batchSize)
        self.maxProblems = max(1, maxProblems)
    }
}

/// One observation read from a file, ready to be written.
public struct ParsedObservation: Sendable, Hashable {
    public var territoryID: Int
    public var indicator: String
    public var period: String
    public var value: ObservationValue
    /// Line of the file the value comes from (1 = header).
    public var line: Int

    public init(territoryID: Int, indicator: String, period: String, value: ObservationValue, line: Int) {
        self.territoryID = territoryID
        self.indicator = indicator
        self.period = period
        self.value = value
        self.line = line
    }
}

/// A problem found in a file, located by line and, when it concerns one cell, by column header.
public struct RowProblem: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: String?
    /// The reason, in French, without the location: "« abc » n'est pas un nombre".
    public var message: String

    public init(line: Int, column: String? = nil, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// "ligne 12, colonne « taux_pauvrete » : « abc » n'est pas un nombre".
    public var description: String {
        if let column { return "ligne \(line), colonne « \(column) » : \(message)" }
        return "ligne \(line) : \(message)"
    }
}

/// The outcome of reading a whole file. Import it only when `isClean`: a file with problems is
/// refused whole, so nothing is ever half-imported.
public struct IndicatorFileReport: Sendable, Equatable {
    public var dialect: CSVDialect?
    public var format: IndicatorFileFormat
    public var header: [String]
    /// Data rows read (the header excluded).
    public var rowsRead: Int
    /// Observations handed to `emit` (secret and missing ones included).
    public var observationsAccepted: Int
    public var secretCount: Int
    public var missingCount: Int
    /// Rows repeating an observation with the same value, kept once.
    public var identicalDuplicates: Int
    /// Problems by line, at most `IndicatorFileOptions.maxProblems`.
    public var problems: [RowProblem]
    /// Every problem found, including those beyond the ones kept.
    public var problemCount: Int
    /// Indicator codes met that the caller does not know yet (with `createMissingIndicators`), in order of appearance.
    public var newIndicators: [String]
    /// Indicator codes and periods met, in order of appearance.
    public var indicators: [String]
    public var periods: [String]
    /// Things worth knowing that do not reject the file (an ambiguous code resolved, a column set aside).
    public var notes: [String]

    public var isClean: Bool { problemCount == 0 }

    public init(dialect: CSVDialect? = nil, format: IndicatorFileFormat, header: [String] = [], rowsRead: Int = 0, observationsAccepted: Int = 0, secretCount: Int = 0, missingCount: Int = 0, identicalDuplicates: Int = 0, problems: [RowProblem] = [], problemCount: Int = 0, newIndicators: [String] = [], indicators: [String] = [], periods: [String] = [], notes: [String] = []) {
        self.dialect = dialect
        self.format = format
        self.header = header
        self.rowsRead = rowsRead
        self.observationsAccepted = observationsAccepted
        self.secretCount = secretCount
        self.missingCount = missingCount
        self.identicalDuplicates = identicalDuplicates
        self.problems = problems
        self.problemCount = problemCount
        self.newIndicators = newIndicators
        self.indicators = indicators
        self.periods = periods
        self.notes = notes
    }
}
