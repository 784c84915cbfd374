/// A list of territories of one kind read from a CSV file (the former 2015 QPV list, IRIS,
/// lived areas…): code, name, and optionally the communes each one touches.
public enum TerritoryFile {
    public struct Columns: Sendable {
        public var code: String
        public var name: String
        public var commune: String?

        public init(code: String, name: String, commune: String? = nil) {
            self.code = code
            self.name = name
            self.commune = commune
        }
    }

    /// Reads the whole file; throws the list of problems (line and column named) when there is any,
    /// so that a faulty file is never half-imported.
    public static func read(_ bytes: [UInt8], kind: TerritoryKind, columns: Columns, knownCommunes: Set<String>) throws(TerritoryFileProblems) -> ReferenceGeography {
        let records: [CSVRecord]
        do {
            records = try CSVReader.read(bytes).records
        } catch let error as CSVError {
            throw TerritoryFileProblems(problems: [error.message])
        } catch {
            throw TerritoryFileProblems(problems: ["fichier illisible"])
        }
        guard let header = records.first?.fields.map({ SearchKey.fold($0) }) else { throw TerritoryFileProblems(problems: ["le fichier est vide"]) }
        func column(_ name: String) -> Int? { header.firstIndex(of: SearchKey.fold(name)) }
        var problems: [String] = []
        let codeColumn = column(columns.code), nameColumn = column(columns.name)
        let communeColumn = columns.commune.flatMap(column)
        if codeColumn == nil { problems.append("ligne 1 : la colonne « \(columns.code) » est absente de l'en-tête") }
        if nameColumn == nil { problems.append("ligne 1 : la colonne « \(columns.name) » est absente de l'en-tête") }
        if let commune = columns.commune, communeColumn == nil { problems.append("ligne 1 : la colonne « \(commune) » est absente de l'en-tête") }
        guard let codeColumn, let nameColumn, problems.isEmpty else { throw TerritoryFileProblems(problems: problems) }

        var territories: [String: TerritoryRecord] = [:]
        var links = Set<TerritoryLink>()
        for record in records.dropFirst() {
            let fields = record.fields
            guard fields.count > max(codeColumn, nameColumn, communeColumn ?? 0) else {
                problems.append("ligne \(record.line) : \(fields.count) colonne(s) au lieu de \(records[0].fields.count) (ligne tronquée ?)")
                continue
            }
            let code = fields[codeColumn].trimmingSpaces.uppercased(), name = fields[nameColumn].trimmingSpaces
            guard !code.isEmpty else { problems.append("ligne \(record.line), colonne « \(columns.code) » : code vide"); continue }
            guard !name.isEmpty else { problems.append("ligne \(record.line), colonne « \(columns.name) » : nom vide"); continue }
            if let existing = territories[code], existing.name != name {
                problems.append("ligne \(record.line) : le code « \(code) » figure déjà avec un autre nom (« \(existing.name) »)")
                continue
            }
            territories[code] = TerritoryRecord(kind: kind, code: code, name: name)
            guard let communeColumn else { continue }
            for commune in fields[communeColumn].split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " || $0 == "|" }).map({ String($0).trimmingSpaces }) where !commune.isEmpty {
                let normalised = commune.count == 4 && commune.allSatisfy(\.isNumber) ? "0" + commune : commune.uppercased()
                guard knownCommunes.contains(normalised) else {
                    problems.append("ligne \(record.line), colonne « \(columns.commune!) » : commune « \(commune) » inconnue du référentiel")
                    continue
                }
                links.insert(TerritoryLink(parent: TerritoryKey(kind: .commune, code: normalised), child: TerritoryKey(kind: kind, code: code)))
            }
        }
        guard problems.isEmpty else { throw TerritoryFileProblems(problems: problems) }
        return ReferenceGeography(territories: territories.values.sorted { $0.code < $1.code }, links: links.sorted { ($0.parent, $0.child) < ($1.parent, $1.child) })
    }
}

public struct TerritoryFileProblems: Error, Sendable, Equatable {
    public var problems: [String]
}
