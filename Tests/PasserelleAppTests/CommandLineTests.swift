import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import FluentPostgresDriver
import SQLKit
import Testing
@testable import PasserelleApp
import Vapor

/// The real executable, as a newcomer runs it: first start on a fresh SQLite file, clean stop on
/// SIGTERM, a second start that reuses the file, a clear message when the port is taken.
@Suite(.serialized)
struct CommandLineTests {
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("passerelle")
    }

    struct Run {
        let process: Process
        let output: Pipe

        var text: String { String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }
    }

    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { $1 }
        merged["PASSERELLE_DATABASE_URL"] = nil
        merged.merge(environment) { $1 }
        process.environment = merged
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        return Run(process: process, output: pipe)
    }

    static func fetch(_ url: String) async -> (Int, String)? {
        guard let (data, response) = try? await URLSession.shared.data(from: URL(string: url)!) else { return nil }
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    static func waitForHealth(port: Int, seconds: Int = 120) async -> Bool {
        for _ in 0..<(seconds * 4) {
            if let (status, _) = await fetch("http://127.0.0.1:\(port)/health"), status == 200 { return true }
            try? await Task.sleep(nanoseconds: 250_000_000)
        }
        return false
    }

    @Test func firstStartLoadsEverythingThenStopsCleanlyAndRestartsOnTheSameFile() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable.path), "build the executable first (swift build --build-tests)")
        let file = NSTemporaryDirectory() + "passerelle-cli-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let port = Int.random(in: 20_000...40_000)
        let database = ["PASSERELLE_DATABASE_URL": "sqlite://" + file]

        let first = try Self.start(["serve", "--port", String(port)], environment: database)
        #expect(await Self.waitForHealth(port: port))
        let contracts = await Self.fetch("http://127.0.0.1:\(port)/api/v1/contracts")
        #expect(contracts?.1.contains("\"total\":3") == true)

        // The port is taken: a second server says so in one French line and exits with an error.
        let second = try Self.start(["serve", "--port", String(port)], environment: database)
        second.process.waitUntilExit()
        #expect(second.process.terminationStatus == 1)
        #expect(second.text.contains("Le port \(port) de 127.0.0.1 est déjà utilisé"))

        first.process.terminate() // SIGTERM
        first.process.waitUntilExit()
        #expect(first.process.terminationStatus == 0)
        let firstLog = first.text
        #expect(firstLog.contains("Premier démarrage"))

        let again = try Self.start(["serve", "--port", String(port)], environment: database)
        #expect(await Self.waitForHealth(port: port))
        again.process.terminate()
        again.process.waitUntilExit()
        #expect(again.process.terminationStatus == 0)
        #expect(!again.text.contains("Premier démarrage"), "a later start reuses the file")
    }

    @Test func aBadSettingStopsStartUpWithOneLine() throws {
        let run = try Self.start(["serve"], environment: ["PASSERELLE_PORT": "huit mille"])
        run.process.waitUntilExit()
        #expect(run.process.terminationStatus == 2)
        #expect(run.text == "passerelle : Réglage invalide PASSERELLE_PORT=\"huit mille\" : le port doit être un nombre entier entre 1 et 65535.\n")
    }

    @Test func importReferenceTwiceChangesNothing() throws {
        let file = NSTemporaryDirectory() + "passerelle-cli-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let database = ["PASSERELLE_DATABASE_URL": "sqlite://" + file]
        let first = try Self.start(["import", "reference"], environment: database)
        first.process.waitUntilExit()
        let firstText = first.text
        #expect(first.process.terminationStatus == 0)
        #expect(firstText.contains("37803 territoires créés"))
        #expect(firstText.contains("1493 quartiers prioritaires (qpv 2024)"))
        let second = try Self.start(["import", "reference"], environment: database)
        second.process.waitUntilExit()
        #expect(second.text.contains("Aucun changement"))
        let demo = try Self.start(["demo"], environment: database)
        demo.process.waitUntilExit()
        #expect(demo.text.contains("Contrats de démonstration chargés : call, cabbalr, cab."))
    }
}

/// A process killed in the middle of an import leaves the database as it was before the import.
@Suite(.serialized)
struct InterruptedImportTests {
    /// Whether the import's write transaction is open: SQLite's rollback journal exists, or
    /// PostgreSQL shows a transaction in progress on the test database (asked through `admin`).
    static func transactionOpen(_ location: DatabaseLocation, admin: (any SQLDatabase)?) async throws -> Bool {
        switch location {
        case .sqliteFile(let path):
            return FileManager.default.fileExists(atPath: path + "-journal") || FileManager.default.fileExists(atPath: path + "-wal")
        case .postgres(let url):
            let name = String(URLComponents(string: url)?.path.dropFirst() ?? "")
            struct Count: Decodable { var total: Int }
            let count = try await admin?.raw("""
                SELECT COUNT(*) AS total FROM pg_stat_activity WHERE datname = \(bind: name) AND xact_start IS NOT NULL AND state <> 'idle'
                """).first(decoding: Count.self)?.total ?? 0
            return count > 0
        case .sqliteMemory:
            return false
        }
    }

    @Test(arguments: Engine.allCases)
    func killedDuringAnImportTheDatabaseIsAsBefore(engine: Engine) async throws {
        let location = try await TestDatabases.shared.location(engine, seed: .empty)
        let url: String = switch location {
        case .sqliteFile(let path): "sqlite://" + path
        case .postgres(let url): url
        case .sqliteMemory: ""
        }
        // The watcher is ready before the import starts, and the import holds its transaction open
        // (FaultInjection) once its rows are written: on a loaded machine the whole write can otherwise
        // end before the watcher has looked.
        let watcher = try await Application.make(.testing)
        watcher.logger.logLevel = .error
        if engine == .postgres {
            watcher.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: TestDatabases.postgresAdminURL!)), as: .psql)
        }
        let run = try CommandLineTests.start(["import", "reference"],
                                             environment: ["PASSERELLE_DATABASE_URL": url, "PASSERELLE_TEST_HOLD_IMPORT_SECONDS": "60"])
        // Wait until the files are read and the write transaction is about to open, then kill -9.
        var seen = ""
        while !seen.contains("Écriture en base"), run.process.isRunning {
            let chunk = run.output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        #expect(seen.contains("Écriture en base"))
        // Kill only once the write transaction is really open: SQLite's rollback journal exists,
        // or PostgreSQL shows a transaction in progress on the test database.
        var writing = false
        for _ in 0..<2000 where !writing && run.process.isRunning {
            writing = (try? await Self.transactionOpen(location, admin: engine == .postgres ? watcher.db as? any SQLDatabase : nil)) ?? false
            if !writing { try await Task.sleep(nanoseconds: 5_000_000) }
        }
        #expect(writing && run.process.isRunning, "the import must still be writing when it is killed")
        kill(run.process.processIdentifier, SIGKILL)
        run.process.waitUntilExit()
        try await watcher.asyncShutdown()
        #expect(run.process.terminationReason == .uncaughtSignal)

        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try await configure(app, settings: Settings(database: location))
            let territories = SQLTerritoryRepository(database: app.db)
            #expect(try await territories.count(kind: .commune, codePrefix: nil) == 0, "nothing of the interrupted import remains")
            let summary = try await ReferenceImport.run(on: app.db)
            #expect(summary.created == 37803, "and the next import goes through")
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        await TestDatabases.shared.release(location)
    }
}
