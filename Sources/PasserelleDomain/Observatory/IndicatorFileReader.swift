/// Reads an indicator file (long or wide, see `IndicatorFileFormat`) in a single streaming pass:
/// feed it chunks as they arrive, it hands out batches of observations and never holds the file.
///
/// ```swift
/// var reader = IndicatorFileReader(options: options, codes: index, indicators: knownCodes)
/// for chunk in chunks { try reader.consume(chunk) { try insert($0) } }
/// let report = try reader.finish { try insert($0) }
/// if !report.isClean { rollback() }
/// ```
///
/// Every faulty row is reported (unknown code, text where a number is expected, conflicting
/// duplicate, wrong number of cells…), and a faulty row emits nothing. What the caller has
/// received must be discarded when the report is not clean: the file is refused whole.
///
/// Memory stays proportional to the distinct (territory, indicator, period) keys, kept as packed
/// 64-bit integers with the value bits to tell identical duplicates from conflicting ones
/// (about 32 bytes per observation with the table's slack: 32 MB for a million).
public struct IndicatorFileReader: Sendable {
    private var csv: CSVReader
    private var interpreter: RowInterpreter
    private var pending: [UInt8] = []
    private var started = false

    /// Bytes gathered before detecting separator and encoding when the options do not force them.
    static let detectionSampleSize = 64 * 1024

    /// - Parameters:
    ///   - codes: the stored territories, to resolve codes to ids.
    ///   - indicators: the indicator codes already known.
    public init(options: IndicatorFileOptions, codes: TerritoryCodeIndex, indicators: Set<String>) {
        csv = CSVReader(dialect: options.dialect)
        interpreter = RowInterpreter(options: options, codes: codes, indicators: indicators)
    }

    /// Reads the next bytes of the file; `emit` receives observations by batches.
    public mutating func consume(_ chunk: ArraySlice<UInt8>, emit: ([ParsedObservation]) throws -> Void) throws {
        if !started {
            // The separator is detected on the header line and the encoding on a sample: a first
            // chunk of a few bytes must not decide for the whole file.
            pending.append(contentsOf: chunk)
            guard pending.count >= (csv.dialect == nil ? Self.detectionSampleSize : 3) else { return }
            let sample = pending
            pending = []
            try feed(sample[...], emit: emit)
            return
        }
        try feed(chunk, emit: emit)
    }

    /// Ends the file: emits the last batch and returns the report.
    public mutating func finish(emit: ([ParsedObservation]) throws -> Void) throws -> IndicatorFileReport {
        if !pending.isEmpty {
            let sample = pending
            pending = []
            try feed(sample[...], emit: emit)
        }
        var csv = self.csv
        self.csv = CSVReader()
        defer { self.csv = csv }
        do {
            try csv.finish { try interpreter.handle($0, emit: emit) }
        } catch let error as CSVError {
            switch error {
            case .unterminatedQuote(let line):
                interpreter.report(RowProblem(line: line, message: "un guillemet ouvert n'est jamais fermé (fichier tronqué ou mal formé)"))
            }
        }
        return try interpreter.finish(dialect: csv.dialect, emit: emit)
    }

    /// Memory held by the duplicate check, the reader's main cost (for benchmarks).
    var duplicateTableBytes: Int { interpreter.duplicateTableBytes }

    /// Reads a whole file held in memory (tests, small uploads).
    public static func read(_ bytes: [UInt8], options: IndicatorFileOptions, codes: TerritoryCodeIndex, indicators: Set<String>) throws -> (observations: [ParsedObservation], report: IndicatorFileReport) {
        var reader = IndicatorFileReader(options: options, codes: codes, indicators: indicators)
        var observations: [ParsedObservation] = []
        try reader.consume(bytes[...]) { observations += $0 }
        let report = try reader.finish { observations += $0 }
        return (observations, report)
    }

    private mutating func feed(_ bytes: ArraySlice<UInt8>, emit: ([ParsedObservation]) throws -> Void) throws {
        guard !bytes.isEmpty else { return }
        started = true
        // The CSV reader is moved out while it calls back into the interpreter, so that the two
        // never share one exclusive access to `self`.
        var csv = self.csv
        self.csv = CSVReader()
        defer { self.csv = csv }
        try csv.consume(bytes) { try interpreter.handle($0, emit: emit) }
    }
}

/// Turns CSV records into observations: the header once, then each row.
struct RowInterpreter: Sendable {
    private let options: IndicatorFileOptions
    private let codes: TerritoryCodeIndex
    /// Known indicator codes, by code and by folded code ("Poverty Rate" finds poverty_rate).
    private let knownIndicators: [String: String]

    // Header
    private var header: [String] = []
    private var sawHeader = false
    private var headerFailed = false
    private var territoryColumn = -1
    /// Optional column giving each row's level.
    private var kindColumn = -1
    private var indicatorColumn = -1
    private var periodColumn = -1
    private var valueColumn = -1
    /// Wide format: value columns with their indicator.
    private var valueColumns: [(column: Int, indicator: Int)] = []
    private var fixedPeriod = -1

    // Interning: each indicator and period string is kept once and shared by every observation.
    private var indicatorCodes: [String] = []
    private var indicatorIndex: [String: IndicatorLookup] = [:]
    private var lastIndicatorRaw = ""
    private var lastIndicator: IndicatorLookup?
    private var periodStrings: [String] = []
    private var periodIndex: [String: Int] = [:]
    private var lastPeriodRaw = ""
    private var lastPeriod = -1
    private var newIndicators: [String] = []

    // Territory codes: files are usually sorted by territory, so the last answer is kept.
    private var lastCodeRaw = ""
    private var lastResolution: Result<ResolvedTerritory, CodeProblem>?
    private var notedAmbiguities: Set<String> = []

    /// Packed key → value bits, for duplicates.
    private var seen = PackedKeyTable()
    /// Territory codes already resolved, as written in the file (files not sorted by territory).
    private var resolvedCodes: [String: Int] = [:]
    static let resolvedCodesLimit = 200_000
    var duplicateTableBytes: Int { seen.byteCount }
    static let rejectedIndicatorCacheLimit = 10_000

    private var batch: [ParsedObservation] = []
    private var rowBuffer: [(observation: ParsedObservation, indicator: Int)] = []

    // Report
    private var rowsRead = 0
    private var accepted = 0
    private var secretCount = 0
    private var missingCount = 0
    private var identicalDuplicates = 0
    private var problems: [RowProblem] = []
    private var problemCount = 0
    /// Problems repeated on many rows (an unknown code, an unknown indicator) are reported once,
    /// on their first line, with the number of rows concerned.
    private var groupedProblems: [String: (index: Int?, rows: Int)] = [:]
    private var notes: [String] = []

    private enum IndicatorLookup: Sendable {
        case accepted(Int)
        case rejected(String)
    }

    /// Limits of the packed duplicate key: 40 bits of territory id, 12 of indicator, 12 of period.
    static let maxTerritoryID = (1 << 40) - 1
    static let maxInterned = 1 << 12

    init(options: IndicatorFileOptions, codes: TerritoryCodeIndex, indicators: Set<String>) {
        self.options = options
        self.codes = codes
        var known: [String: String] = [:]
        for code in indicators {
            known[SearchKey.fold(code)] = code
        }
        for code in indicators { known[code] = code }
        self.knownIndicators = known
        batch.reserveCapacity(options.batchSize)
    }

    // MARK: Problems

    mutating func report(_ problem: RowProblem) {
        problemCount += 1
        if problems.count < options.maxProblems { problems.append(problem) }
    }

    private mutating func recordGrouped(_ key: String, _ problem: RowProblem) {
        problemCount += 1
        if var group = groupedProblems[key] {
            group.rows += 1
            groupedProblems[key] = group
            return
        }
        // A file of garbage must not grow the groups without bound: past the cap, only count.
        guard groupedProblems.count < options.maxProblems else { return }
        var index: Int? = nil
        if problems.count < options.maxProblems {
            index = problems.count
            problems.append(problem)
        }
        groupedProblems[key] = (index, 1)
    }

    // MARK: Header

    private func findColumn(_ folded: [String], explicit: String?, in keys: [String]) -> Int {
        if let explicit {
            return keys.firstIndex(of: SearchKey.fold(explicit)) ?? -1
        }
        for name in folded {
            if let index = keys.firstIndex(of: name) { return index }
        }
        return -1
    }

    private mutating func readHeader(_ record: CSVRecord) {
        sawHeader = true
        header = record.fields.map(\.trimmingSpaces)
        let keys = header.map(SearchKey.fold)
        var seenKeys: [String: Int] = [:]
        for (index, key) in keys.enumerated() where !key.isEmpty {
            if let first = seenKeys[key] {
                report(RowProblem(line: record.line, column: header[index], message: "colonne en double dans l'en-tête (déjà en position \(first + 1))"))
            } else {
                seenKeys[key] = index
            }
        }

        territoryColumn = findColumn(IndicatorFileColumns.territoryNames, explicit: options.territoryColumn, in: keys)
        if territoryColumn < 0 {
            missingColumn(options.territoryColumn, names: IndicatorFileColumns.territoryNames, role: "des codes territoire", line: record.line)
        }
        kindColumn = findColumn(IndicatorFileColumns.kindNames, explicit: nil, in: keys)
        let periodFromFile = findColumn(IndicatorFileColumns.periodNames, explicit: options.periodColumn, in: keys)
        if let period = options.period?.trimmingSpaces, !period.isEmpty {
            fixedPeriod = intern(period: period)
            if periodFromFile >= 0 {
                notes.append("colonne « \(header[periodFromFile]) » ignorée : la période « \(period) » s'applique à toutes les lignes")
            }
        } else if periodFromFile >= 0 {
            periodColumn = periodFromFile
        } else if options.periodColumn != nil || options.format == .long {
            missingColumn(options.periodColumn, names: IndicatorFileColumns.periodNames, role: "des périodes", line: record.line)
        } else {
            headerFailed = true
            report(RowProblem(line: record.line, message: "aucune colonne de période et aucune période indiquée : précisez la période des valeurs (par exemple 2020)"))
        }

        switch options.format {
        case .long:
            indicatorColumn = findColumn(IndicatorFileColumns.indicatorNames, explicit: options.indicatorColumn, in: keys)
            if indicatorColumn < 0 {
                missingColumn(options.indicatorColumn, names: IndicatorFileColumns.indicatorNames, role: "des indicateurs", line: record.line)
            }
            valueColumn = findColumn(IndicatorFileColumns.valueNames, explicit: options.valueColumn, in: keys)
            if valueColumn < 0 {
                missingColumn(options.valueColumn, names: IndicatorFileColumns.valueNames, role: "des valeurs", line: record.line)
            }
        case .wide:
            readWideColumns(keys: keys, line: record.line, periodFromFile: periodFromFile, duplicates: seenKeys)
        }
    }

    private mutating func missingColumn(_ explicit: String?, names: [String], role: String, line: Int) {
        headerFailed = true
        let read = header.map { "« \($0) »" }.joined(separator: ", ")
        let wanted = explicit.map { "colonne « \($0) » (\(role))" } ?? "colonne \(role) introuvable (noms reconnus : \(names.joined(separator: ", ")))"
        let message = explicit == nil ? wanted : wanted + " introuvable"
        report(RowProblem(line: line, message: "\(message) ; colonnes lues : \(read)"))
    }

    private mutating func readWideColumns(keys: [String], line: Int, periodFromFile: Int, duplicates: [String: Int]) {
        var mapped: [String: String] = [:]
        for (column, code) in options.mapping.indicators { mapped[SearchKey.fold(column)] = code.trimmingSpaces }
        // Name columns ("Libellé", "nom"…) describe the row; they hold no indicator.
        let ignored = Set(options.mapping.ignored.map(SearchKey.fold)).union(IndicatorFileColumns.nameNames.map(SearchKey.fold))
        var columnOfIndicator: [Int: Int] = [:]
        for (index, key) in keys.enumerated() {
            guard !key.isEmpty, duplicates[key] == index, index != territoryColumn, index != periodFromFile, index != kindColumn else { continue }
            if ignored.contains(key) { continue }
            let code = mapped[key] ?? knownIndicators[key]
            guard let code else {
                report(RowProblem(line: line, column: header[index], message: "colonne associée à aucun indicateur : choisissez son indicateur ou ignorez-la"))
                continue
            }
            switch lookUpIndicator(code) {
            case .accepted(let indicator):
                if let other = columnOfIndicator[indicator] {
                    report(RowProblem(line: line, column: header[index], message: "l'indicateur « \(indicatorCodes[indicator]) » est déjà lu dans la colonne « \(header[other]) »"))
                } else {
                    columnOfIndicator[indicator] = index
                    valueColumns.append((index, indicator))
                }
            case .rejected(let reason):
                report(RowProblem(line: line, column: header[index], message: reason))
            }
        }
        if valueColumns.isEmpty && problemCount == 0 {
            headerFailed = true
            report(RowProblem(line: line, message: "aucune colonne d'indicateur dans l'en-tête"))
        }
    }

    // MARK: Interning

    private mutating func intern(period: String) -> Int {
        if let index = periodIndex[period] { return index }
        periodStrings.append(period)
        periodIndex[period] = periodStrings.count - 1
        return periodStrings.count - 1
    }

    private mutating func lookUpIndicator(_ raw: String) -> IndicatorLookup {
        if let found = indicatorIndex[raw] { return found }
        let trimmed = raw.trimmingSpaces
        let result: IndicatorLookup
        if let code = knownIndicators[trimmed] ?? knownIndicators[SearchKey.fold(trimmed)] {
            result = .accepted(internIndicator(code))
        } else if let index = indicatorCodes.firstIndex(of: trimmed) {
            result = .accepted(index) // a new code met before under another spelling (spaces)
        } else if trimmed.isEmpty {
            result = .rejected("code indicateur vide")
        } else if !options.createMissingIndicators {
            result = .rejected("indicateur « \(trimmed) » inconnu")
        } else if indicatorCodes.count >= Self.maxInterned {
            result = .rejected("plus de \(Self.maxInterned) indicateurs distincts dans un même fichier : découpez-le")
        } else if Indicator.isValidCode(trimmed) {
            newIndicators.append(trimmed)
            result = .accepted(internIndicator(trimmed))
        } else {
            let suggestion = Indicator.suggestedCode(from: trimmed).map { " (suggestion : « \($0) »)" } ?? ""
            result = .rejected("code indicateur « \(trimmed) » invalide : lettres minuscules sans accent, chiffres et « _ » seulement\(suggestion)")
        }
        if case .accepted = result {
            indicatorIndex[raw] = result
        } else if indicatorIndex.count < Self.rejectedIndicatorCacheLimit {
            indicatorIndex[raw] = result
        }
        return result
    }

    private mutating func internIndicator(_ code: String) -> Int {
        if let index = indicatorCodes.firstIndex(of: code) { return index }
        indicatorCodes.append(code)
        return indicatorCodes.count - 1
    }

    // MARK: Rows

    mutating func handle(_ record: CSVRecord, emit: ([ParsedObservation]) throws -> Void) throws {
        guard sawHeader else {
            readHeader(record)
            return
        }
        rowsRead += 1
        if headerFailed { return }
        let fields = record.fields
        guard fields.count == header.count else {
            let counted = fields.count == 1 ? "1 colonne" : "\(fields.count) colonnes"
            let hint = fields.count < header.count ? "ligne tronquée ?" : "séparateur dans une valeur sans guillemets ?"
            report(RowProblem(line: record.line, message: "\(counted) au lieu de \(header.count) (\(hint))"))
            return
        }
        var rowFailed = false
        rowBuffer.removeAll(keepingCapacity: true)

        let territory = resolveTerritory(fields[territoryColumn], kind: kindColumn >= 0 ? fields[kindColumn] : nil, line: record.line)
        if territory == nil { rowFailed = true }

        var period = fixedPeriod
        if periodColumn >= 0 {
            period = lookUpPeriod(fields[periodColumn], line: record.line)
            if period < 0 { rowFailed = true }
        }

        switch options.format {
        case .long:
            var indicator = -1
            let raw = fields[indicatorColumn]
            let lookup: IndicatorLookup
            if let last = lastIndicator, raw == lastIndicatorRaw {
                lookup = last
            } else {
                lookup = lookUpIndicator(raw)
                lastIndicatorRaw = raw
                lastIndicator = lookup
            }
            switch lookup {
            case .accepted(let index): indicator = index
            case .rejected(let reason):
                rowFailed = true
                recordGrouped("i\u{1}" + reason, RowProblem(line: record.line, column: header[indicatorColumn], message: reason))
            }
            if let value = parseValue(fields[valueColumn], column: valueColumn, line: record.line), let territory, indicator >= 0, period >= 0 {
                rowBuffer.append((ParsedObservation(territoryID: territory, indicator: indicatorCodes[indicator], period: periodStrings[period], value: value, line: record.line), indicator))
            } else {
                rowFailed = true
            }
        case .wide:
            for (column, indicator) in valueColumns {
                if let value = parseValue(fields[column], column: column, line: record.line) {
                    if let territory, period >= 0 {
                        rowBuffer.append((ParsedObservation(territoryID: territory, indicator: indicatorCodes[indicator], period: periodStrings[period], value: value, line: record.line), indicator))
                    }
                } else {
                    rowFailed = true
                }
            }
        }
        guard !rowFailed else { return }

        for (observation, indicator) in rowBuffer {
            guard isNew(observation, indicator: indicator, period: period, code: fields[territoryColumn]) else { continue }
            switch observation.value {
            case .secret: secretCount += 1
            case .missing: missingCount += 1
            case .number: break
            }
            accepted += 1
            batch.append(observation)
        }
        if batch.count >= options.batchSize {
            try emit(batch)
            batch.removeAll(keepingCapacity: true)
        }
    }

    private mutating func resolveTerritory(_ code: String, kind kindCell: String?, line: Int) -> Int? {
        // With a level column, the cache key holds the level too: "32" department and "32" region.
        let raw = kindCell.map { code + "\u{1}" + $0 } ?? code
        if let id = resolvedCodes[raw] { return id }
        var rowKind = options.kind
        if let kindCell, !kindCell.trimmingSpaces.isEmpty {
            guard let parsed = IndicatorFileColumns.kind(kindCell) else {
                recordGrouped("k\u{1}" + kindCell, RowProblem(line: line, column: header[kindColumn], message: "niveau « \(kindCell) » inconnu"))
                return nil
            }
            rowKind = parsed
        }
        let resolution: Result<ResolvedTerritory, CodeProblem>
        if let last = lastResolution, raw == lastCodeRaw {
            resolution = last
        } else {
            resolution = codes.resolve(code, kind: rowKind, ambiguity: options.ambiguity)
            lastCodeRaw = raw
            lastResolution = resolution
            if case .success(let resolved) = resolution, !resolved.setAside.isEmpty, notes.count < 20,
               notedAmbiguities.insert(resolved.key.code).inserted {
                let others = resolved.setAside.map(\.label).joined(separator: ", ")
                notes.append("le code « \(resolved.key.code) » (ligne \(line)) désigne aussi : \(others) ; « \(resolved.key.kind.label) » retenu. Précisez le niveau si ce n'est pas le bon.")
            }
        }
        switch resolution {
        case .success(let resolved):
            guard resolved.id >= 0 && resolved.id <= Self.maxTerritoryID else {
                report(RowProblem(line: line, column: header[territoryColumn], message: "identifiant interne \(resolved.id) hors des limites de l'import"))
                return nil
            }
            if resolvedCodes.count < Self.resolvedCodesLimit { resolvedCodes[raw] = resolved.id }
            return resolved.id
        case .failure(let problem):
            let key = problem == .empty ? "t\u{1}" : "t\u{1}" + raw.trimmingSpaces
            recordGrouped(key, RowProblem(line: line, column: header[territoryColumn], message: problem.message))
            return nil
        }
    }

    private mutating func lookUpPeriod(_ raw: String, line: Int) -> Int {
        if lastPeriod >= 0 && raw == lastPeriodRaw { return lastPeriod }
        if let index = periodIndex[raw] {
            lastPeriodRaw = raw
            lastPeriod = index
            return index
        }
        let period = raw.trimmingSpaces
        guard !period.isEmpty else {
            report(RowProblem(line: line, column: header[periodColumn], message: "période vide"))
            return -1
        }
        guard periodStrings.count < Self.maxInterned || periodIndex[period] != nil else {
            report(RowProblem(line: line, column: header[periodColumn], message: "plus de \(Self.maxInterned) périodes distinctes dans un même fichier : découpez-le"))
            return -1
        }
        let index = intern(period: period)
        periodIndex[raw] = index // the untrimmed spelling too, so it is trimmed once
        lastPeriodRaw = raw
        lastPeriod = index
        return index
    }

    private mutating func parseValue(_ cell: String, column: Int, line: Int) -> ObservationValue? {
        guard let value = ObservationValue.parse(cell) else {
            report(RowProblem(line: line, column: header[column], message: "« \(cell.trimmingSpaces) » n'est pas un nombre"))
            return nil
        }
        return value
    }

    /// Whether the observation is seen for the first time; a repeat with the same value is counted
    /// and dropped, a repeat with another value is a problem.
    private mutating func isNew(_ observation: ParsedObservation, indicator: Int, period: Int, code: String) -> Bool {
        guard indicator < Self.maxInterned, period < Self.maxInterned else {
            report(RowProblem(line: observation.line, message: "plus de \(Self.maxInterned) indicateurs ou périodes distincts dans un même fichier : découpez-le"))
            return false
        }
        let key = UInt64(observation.territoryID) << 24 | UInt64(indicator) << 12 | UInt64(period)
        let bits = Self.bits(observation.value)
        if let previous = seen.insertIfAbsent(key, bits) {
            if previous == bits {
                identicalDuplicates += 1
            } else {
                report(RowProblem(line: observation.line, message: "« \(TerritoryCodeIndex.normalize(code)) », indicateur « \(indicatorCodes[indicator]) », période « \(periodStrings[period]) » : déjà lu plus haut avec une autre valeur (\(Self.describe(previous)), ici \(Self.describe(bits)))"))
            }
            return false
        }
        return true
    }

    private static let secretBits: UInt64 = 0x7FF8_0000_0000_0001
    private static let missingBits: UInt64 = 0x7FF8_0000_0000_0002

    private static func bits(_ value: ObservationValue) -> UInt64 {
        switch value {
        case .number(let number): (number + 0.0).bitPattern // -0 and +0 are one value
        case .secret: secretBits
        case .missing: missingBits
        }
    }

    private static func describe(_ bits: UInt64) -> String {
        switch bits {
        case secretBits: "secret"
        case missingBits: "vide"
        default: FrenchFormat.shortest(Double(bitPattern: bits))
        }
    }

    // MARK: End

    mutating func finish(dialect: CSVDialect?, emit: ([ParsedObservation]) throws -> Void) throws -> IndicatorFileReport {
        if !batch.isEmpty {
            try emit(batch)
            batch.removeAll()
        }
        if !sawHeader {
            report(RowProblem(line: 1, message: "le fichier est vide"))
        } else if rowsRead == 0 && !headerFailed {
            report(RowProblem(line: 1, message: "le fichier ne contient que l'en-tête, aucune ligne de données"))
        }
        for group in groupedProblems.values where group.rows > 1 {
            guard let index = group.index else { continue }
            problems[index].message += " (\(group.rows) lignes concernées, la première ici)"
        }
        var order: [String: Int] = [:]
        for (index, column) in header.enumerated() where order[column] == nil { order[column] = index }
        let sorted = problems.enumerated().sorted { lhs, rhs in
            let l = (lhs.element.line, lhs.element.column.flatMap { order[$0] } ?? -1, lhs.offset)
            let r = (rhs.element.line, rhs.element.column.flatMap { order[$0] } ?? -1, rhs.offset)
            return l < r
        }.map(\.element)
        return IndicatorFileReport(
            dialect: dialect, format: options.format, header: header, rowsRead: rowsRead,
            observationsAccepted: accepted, secretCount: secretCount, missingCount: missingCount,
            identicalDuplicates: identicalDuplicates, problems: sorted, problemCount: problemCount,
            newIndicators: newIndicators, indicators: indicatorCodes, periods: periodStrings, notes: notes)
    }
}

extension FrenchFormat {
    /// A value read from a file, with as many decimals as it needs (up to 6): 61.5 → "61,5", 17020 → "17 020".
    public static func shortest(_ value: Double) -> String {
        guard value.isFinite else { return decimal(value, digits: 0) }
        var scale: Double = 1
        for digits in 0...6 {
            if ((value * scale).rounded() / scale) == value { return decimal(value, digits: digits) }
            scale *= 10
        }
        return decimal(value, digits: 6)
    }
}
