import Fluent
import Foundation
@testable import PasserelleApp
import SQLKit
import Testing
import Vapor

/// The two engines every repository test runs on.
enum Engine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// What a test database starts with.
enum Seed: Sendable {
    /// Migrated, empty.
    case empty
    /// Migrated, with the 2024 reference territories and the demo contracts.
    case demo
}

struct PostgresUnavailable: Error, CustomStringConvertible {
    var description: String {
        "PostgreSQL indisponible : définissez PASSERELLE_TEST_POSTGRES_URL (par ex. postgres://postgres@127.0.0.1:5433/postgres) ou lancez scripts/test, qui démarre un serveur. Les tests PostgreSQL ne sont jamais ignorés en silence."
    }
}

/// Fresh databases for tests, made fast by copying a template prepared once per test run:
/// a file copy for SQLite, `CREATE DATABASE … TEMPLATE` for PostgreSQL.
actor TestDatabases {
    static let shared = TestDatabases()

    private var sqliteTemplates: [String: Task<String, any Error>] = [:]
    private var postgresTemplates: [String: Task<String, any Error>] = [:]
    private let directory: String = {
        let path = NSTemporaryDirectory() + "passerelle-tests-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    static var postgresAdminURL: String? {
        ProcessInfo.processInfo.environment["PASSERELLE_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A database location ready for one test.
    func location(_ engine: Engine, seed: Seed) async throws -> DatabaseLocation {
        switch engine {
        case .sqlite:
            let template = try await sqliteTemplate(seed)
            let path = directory + "/\(UUID().uuidString).sqlite"
            try FileManager.default.copyItem(atPath: template, toPath: path)
            return .sqliteFile(path: path)
        case .postgres:
            guard let admin = Self.postgresAdminURL else { throw PostgresUnavailable() }
            let template = try await postgresTemplate(seed)
            let name = "passerelle_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await Self.admin(admin) { sql in
                try await sql.raw("CREATE DATABASE \(ident: name) TEMPLATE \(ident: template)").run()
            }
            Self.notePostgresCase(name)
            return .postgres(url: Self.url(admin, database: name))
        }
    }

    /// Appends one line per PostgreSQL test database to the file named by
    /// `PASSERELLE_TEST_POSTGRES_LOG`, so `scripts/test` can prove real PostgreSQL cases ran
    /// whatever the test runner prints.
    private static func notePostgresCase(_ name: String) {
        guard let path = ProcessInfo.processInfo.environment["PASSERELLE_TEST_POSTGRES_LOG"], !path.isEmpty,
              let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data((name + "\n").utf8))
    }

    /// Drops a PostgreSQL test database once its application has shut down.
    func release(_ location: DatabaseLocation) async {
        switch location {
        case .sqliteFile(let path):
            try? FileManager.default.removeItem(atPath: path)
        case .postgres(let url):
            guard let admin = Self.postgresAdminURL, let name = URLComponents(string: url)?.path.dropFirst() else { return }
            try? await Self.admin(admin) { sql in
                try await sql.raw("DROP DATABASE IF EXISTS \(ident: String(name))").run()
            }
        case .sqliteMemory:
            break
        }
    }

    private func sqliteTemplate(_ seed: Seed) async throws -> String {
        let key = "\(seed)"
        if let task = sqliteTemplates[key] { return try await task.value }
        let path = directory + "/template-\(key).sqlite"
        let task = Task { try await Self.prepare(.sqliteFile(path: path), seed: seed); return path }
        sqliteTemplates[key] = task
        return try await task.value
    }

    private func postgresTemplate(_ seed: Seed) async throws -> String {
        let key = "\(seed)"
        if let task = postgresTemplates[key] { return try await task.value }
        guard let admin = Self.postgresAdminURL else { throw PostgresUnavailable() }
        let name = "passerelle_tpl_\(key)_\(ProcessInfo.processInfo.processIdentifier)"
        let task = Task {
            try await Self.admin(admin) { sql in
                try await sql.raw("DROP DATABASE IF EXISTS \(ident: name)").run()
                try await sql.raw("CREATE DATABASE \(ident: name)").run()
            }
            try await Self.prepare(.postgres(url: Self.url(admin, database: name)), seed: seed)
            return name
        }
        postgresTemplates[key] = task
        return try await task.value
    }

    /// Migrates a database and loads what the seed asks for, then closes every connection
    /// (PostgreSQL refuses to copy a template that has open connections).
    private static func prepare(_ location: DatabaseLocation, seed: Seed) async throws {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try await configure(app, settings: Settings(database: location))
            try await app.autoMigrate()
            if case .demo = seed {
                _ = try await ReferenceImport.run(on: app.db)
                _ = try await DemoImport.run(on: app.db)
                _ = try await DemoObservatory.run(on: app.db, clock: app.clock)
                _ = try await DemoOutlines.run(on: app.db, clock: app.clock)
                // 004 — cross-matrix demo of the CALL
                _ = try await DemoCrossMatrix.run(on: app.db, clock: app.clock)
                _ = try await DemoProgramming.run(on: app.db)
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    private static func admin(_ url: String, _ body: @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url)), as: .psql)
            try await body(app.db as! any SQLDatabase)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    private static func url(_ admin: String, database: String) -> String {
        var components = URLComponents(string: admin)!
        components.path = "/" + database
        return components.string!
    }
}

/// Runs a test against a configured application on a fresh database of the given engine.
func withPasserelle<T>(_ engine: Engine, seed: Seed = .demo, _ test: (Application) async throws -> T) async throws -> T {
    let location = try await TestDatabases.shared.location(engine, seed: seed)
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    let result: T
    do {
        try await configure(app, settings: Settings(database: location))
        result = try await test(app)
    } catch {
        try? await app.asyncShutdown()
        await TestDatabases.shared.release(location)
        throw error
    }
    try await app.asyncShutdown()
    await TestDatabases.shared.release(location)
    return result
}

import FluentPostgresDriver
