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
            try await SQLTerritoryRepository(database: transaction).importReference(geography)
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
        app.logger.info("Démonstration chargée : \(demo.joined(separator: ", ")).")
    }
}

import Vapor
