/// A territory as the reference files describe it, before it gets a database identity.
public struct TerritoryRecord: Sendable, Equatable, Hashable {
    public var kind: TerritoryKind
    public var code: String
    public var name: String
    /// Total population ("population totale") where the source gives it.
    public var population: Int?
    /// Municipal population ("population municipale") where the source gives it.
    public var municipalPopulation: Int?
    public var populationSource: String?

    public init(kind: TerritoryKind, code: String, name: String, population: Int? = nil, municipalPopulation: Int? = nil, populationSource: String? = nil) {
        self.kind = kind
        self.code = code
        self.name = name
        self.population = population
        self.municipalPopulation = municipalPopulation
        self.populationSource = populationSource
    }

    public var key: TerritoryKey { TerritoryKey(kind: kind, code: code) }
}

/// A territory's identity across the system: its level and its official code.
public struct TerritoryKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var kind: TerritoryKind
    public var code: String

    public init(kind: TerritoryKind, code: String) {
        self.kind = kind
        self.code = code
    }

    public static func < (lhs: TerritoryKey, rhs: TerritoryKey) -> Bool {
        (lhs.kind.rank, lhs.code) < (rhs.kind.rank, rhs.code)
    }

    public var description: String { "\(kind.rawValue):\(code)" }
}

/// "parent contains (all or part of) child": a commune in its department, a QPV in a commune it touches.
public struct TerritoryLink: Sendable, Hashable {
    public var parent: TerritoryKey
    public var child: TerritoryKey

    public init(parent: TerritoryKey, child: TerritoryKey) {
        self.parent = parent
        self.child = child
    }
}

/// A problem found in a reference file, located by file and line.
public struct ReferenceFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file), ligne \(line) : \(message)" }
        return "\(file) : \(message)"
    }
}

/// The 2024 reference geography: every territory and every containment link, built from the
/// official files (COG 2024, DGCL EPCI composition 2024, QPV 2024 list).
public struct ReferenceGeography: Sendable {
    public var territories: [TerritoryRecord]
    public var links: [TerritoryLink]

    public init(territories: [TerritoryRecord], links: [TerritoryLink]) {
        self.territories = territories
        self.links = links
    }

    /// The raw bytes of each file, by its role.
    public struct Files: Sendable {
        public var regions: [UInt8]
        public var departments: [UInt8]
        public var communes: [UInt8]
        public var communePopulations: [UInt8]
        public var epciComposition: [UInt8]
        public var qpvList: [UInt8]

        public init(regions: [UInt8], departments: [UInt8], communes: [UInt8], communePopulations: [UInt8], epciComposition: [UInt8], qpvList: [UInt8]) {
            self.regions = regions
            self.departments = departments
            self.communes = communes
            self.communePopulations = communePopulations
            self.epciComposition = epciComposition
            self.qpvList = qpvList
        }

        public static let names = (
            regions: "cog2024/regions.csv",
            departments: "cog2024/departements.csv",
            communes: "cog2024/communes.csv",
            communePopulations: "cog2024/donnees_communes.csv",
            epciComposition: "cog2024/epcicom__Epcicom2024.csv",
            qpvList: "qpv2024/centroide-4326_qpv.geojson"
        )
    }

    static let communeSource = "INSEE, populations légales en vigueur au 1er janvier 2024 (COG 2024)"
    static let epciSource = "DGCL, composition des EPCI au 1er janvier 2024"
    static let sumSource = "Somme des populations légales des communes (INSEE, COG 2024)"

    /// Builds the geography, or throws the first problem found, naming its file and line.
    public static func build(from files: Files) throws -> ReferenceGeography {
        let names = Files.names
        var territories: [TerritoryKey: TerritoryRecord] = [:]
        var links = Set<TerritoryLink>()

        let regions = try Table(name: names.regions, bytes: files.regions, columns: ["REG", "LIBELLE"])
        for row in regions.rows {
            let code = try regions.value(row, "REG"), name = try regions.value(row, "LIBELLE")
            territories[TerritoryKey(kind: .region, code: code)] = TerritoryRecord(kind: .region, code: code, name: name)
        }

        let departments = try Table(name: names.departments, bytes: files.departments, columns: ["DEP", "REG", "LIBELLE"])
        var regionOfDepartment: [String: String] = [:]
        for row in departments.rows {
            let code = try departments.value(row, "DEP"), region = try departments.value(row, "REG")
            guard territories[TerritoryKey(kind: .region, code: region)] != nil else {
                throw ReferenceFileError(file: departments.name, line: row.line, message: "la région « \(region) » du département \(code) est absente de \(names.regions)")
            }
            territories[TerritoryKey(kind: .department, code: code)] = TerritoryRecord(kind: .department, code: code, name: try departments.value(row, "LIBELLE"))
            regionOfDepartment[code] = region
            links.insert(TerritoryLink(parent: TerritoryKey(kind: .region, code: region), child: TerritoryKey(kind: .department, code: code)))
        }

        let populations = try Table(name: names.communePopulations, bytes: files.communePopulations, columns: ["COM", "PMUN", "PTOT"])
        var communePopulation: [String: (total: Int, municipal: Int)] = [:]
        for row in populations.rows {
            let code = try populations.value(row, "COM")
            communePopulation[code] = (try populations.integer(row, "PTOT"), try populations.integer(row, "PMUN"))
        }

        let communes = try Table(name: names.communes, bytes: files.communes, columns: ["TYPECOM", "COM", "DEP", "LIBELLE"])
        var departmentOfCommune: [String: String] = [:]
        for row in communes.rows where try communes.value(row, "TYPECOM") == "COM" {
            let code = try communes.value(row, "COM"), department = try communes.value(row, "DEP")
            guard territories[TerritoryKey(kind: .department, code: department)] != nil else {
                throw ReferenceFileError(file: communes.name, line: row.line, message: "le département « \(department) » de la commune \(code) est absent de \(names.departments)")
            }
            let population = communePopulation[code]
            territories[TerritoryKey(kind: .commune, code: code)] = TerritoryRecord(
                kind: .commune, code: code, name: try communes.value(row, "LIBELLE"),
                population: population?.total, municipalPopulation: population?.municipal,
                populationSource: population == nil ? nil : communeSource)
            departmentOfCommune[code] = department
            links.insert(TerritoryLink(parent: TerritoryKey(kind: .department, code: department), child: TerritoryKey(kind: .commune, code: code)))
        }

        let epcis = try Table(name: names.epciComposition, bytes: files.epciComposition,
                              columns: ["siren", "raison_sociale", "insee", "total_pop_tot", "total_pop_mun"])
        var epcisOfCommune: [String: Set<String>] = [:]
        for row in epcis.rows {
            let siren = try epcis.value(row, "siren"), commune = try epcis.value(row, "insee")
            guard siren.utf8.count == 9, siren.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
                throw ReferenceFileError(file: epcis.name, line: row.line, message: "le SIREN « \(siren) » n'a pas 9 chiffres")
            }
            guard let department = departmentOfCommune[commune] else {
                throw ReferenceFileError(file: epcis.name, line: row.line, message: "la commune « \(commune) » de l'EPCI \(siren) est absente de \(names.communes)")
            }
            let key = TerritoryKey(kind: .epci, code: siren)
            if territories[key] == nil {
                territories[key] = TerritoryRecord(
                    kind: .epci, code: siren, name: try epcis.value(row, "raison_sociale"),
                    population: try epcis.integer(row, "total_pop_tot"), municipalPopulation: try epcis.integer(row, "total_pop_mun"),
                    populationSource: epciSource)
            }
            epcisOfCommune[commune, default: []].insert(siren)
            links.insert(TerritoryLink(parent: key, child: TerritoryKey(kind: .commune, code: commune)))
            links.insert(TerritoryLink(parent: TerritoryKey(kind: .department, code: department), child: key))
        }

        for qpv in try QPVListFile.parse(files.qpvList, fileName: names.qpvList) {
            let key = TerritoryKey(kind: .qpv, code: qpv.code)
            territories[key] = TerritoryRecord(kind: .qpv, code: qpv.code, name: qpv.name)
            for commune in qpv.communes {
                guard let department = departmentOfCommune[commune] else {
                    throw ReferenceFileError(file: names.qpvList, line: nil, message: "la commune « \(commune) » du QPV \(qpv.code) est absente de \(names.communes)")
                }
                links.insert(TerritoryLink(parent: TerritoryKey(kind: .commune, code: commune), child: key))
                links.insert(TerritoryLink(parent: TerritoryKey(kind: .department, code: department), child: key))
                for siren in epcisOfCommune[commune] ?? [] {
                    links.insert(TerritoryLink(parent: TerritoryKey(kind: .epci, code: siren), child: key))
                }
            }
        }

        // Departments and regions carry the sum of their communes' populations.
        var departmentTotals: [String: (Int, Int)] = [:]
        for (code, department) in departmentOfCommune {
            guard let population = communePopulation[code] else { continue }
            let sum = departmentTotals[department] ?? (0, 0)
            departmentTotals[department] = (sum.0 + population.total, sum.1 + population.municipal)
        }
        var regionTotals: [String: (Int, Int)] = [:]
        for (department, sum) in departmentTotals {
            guard let region = regionOfDepartment[department] else { continue }
            let total = regionTotals[region] ?? (0, 0)
            regionTotals[region] = (total.0 + sum.0, total.1 + sum.1)
            territories[TerritoryKey(kind: .department, code: department)]?.setPopulation(sum, source: sumSource)
        }
        for (region, sum) in regionTotals {
            territories[TerritoryKey(kind: .region, code: region)]?.setPopulation(sum, source: sumSource)
        }
        // France, the reference of last resort for gaps, holds every region.
        var france = TerritoryRecord(kind: .country, code: "FR", name: "France")
        france.setPopulation(regionTotals.values.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }, source: sumSource)
        territories[france.key] = france
        for region in territories.keys where region.kind == .region {
            links.insert(TerritoryLink(parent: france.key, child: region))
        }

        return ReferenceGeography(
            territories: territories.values.sorted { $0.key < $1.key },
            links: links.sorted { ($0.parent, $0.child) < ($1.parent, $1.child) })
    }
}

private extension TerritoryRecord {
    mutating func setPopulation(_ sum: (Int, Int), source: String) {
        population = sum.0
        municipalPopulation = sum.1
        populationSource = source
    }
}

/// A CSV file read whole, with its header mapped to column positions.
struct Table {
    let name: String
    let header: [String: Int]
    let rows: [CSVRecord]

    init(name: String, bytes: [UInt8], columns required: [String]) throws {
        self.name = name
        let records: [CSVRecord]
        do {
            records = try CSVReader.read(bytes).records
        } catch let error as CSVError {
            throw ReferenceFileError(file: name, line: nil, message: error.message)
        }
        guard let first = records.first else {
            throw ReferenceFileError(file: name, line: nil, message: "le fichier est vide")
        }
        var header: [String: Int] = [:]
        for (index, column) in first.fields.enumerated() {
            header[column.trimmingSpaces] = index
        }
        for column in required where header[column] == nil {
            throw ReferenceFileError(file: name, line: 1, message: "la colonne « \(column) » manque dans l'en-tête")
        }
        self.header = header
        self.rows = Array(records.dropFirst())
    }

    func value(_ row: CSVRecord, _ column: String) throws -> String {
        let index = header[column]!
        guard index < row.fields.count else {
            throw ReferenceFileError(file: name, line: row.line, message: "la ligne a \(row.fields.count) colonnes, la colonne « \(column) » manque (ligne tronquée ?)")
        }
        let value = row.fields[index].trimmingSpaces
        guard !value.isEmpty else {
            throw ReferenceFileError(file: name, line: row.line, message: "la colonne « \(column) » est vide")
        }
        return value
    }

    func integer(_ row: CSVRecord, _ column: String) throws -> Int {
        let text = try value(row, column)
        guard let number = FrenchNumber.parseInteger(text) else {
            throw ReferenceFileError(file: name, line: row.line, message: "la colonne « \(column) » contient « \(text) » au lieu d'un nombre entier")
        }
        return number
    }
}

extension String {
    /// Trims ASCII and non-breaking spaces and line breaks at both ends.
    public var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\u{00A0}" || $0 == "\u{202F}" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return String(self[start...end])
    }
}
