import Foundation
import PasserelleDomain
@testable import PasserelleApp
import Testing
import Vapor

/// Repository tests run on SQLite and on a real PostgreSQL.
struct TerritoryRepositoryTests {
    @Test(arguments: Engine.allCases)
    func findsByCodeAndResolvesSharedCodes(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let territories = SQLTerritoryRepository(database: app.db)
            let qpv = try #require(try await territories.find(code: "QN06224M", kind: nil))
            #expect(qpv.kind == .qpv)
            #expect(qpv.name == "Cité 12-14")
            try #expect(await territories.find(code: "32", kind: nil)?.name == "Gers")
            try #expect(await territories.find(code: "32", kind: .region)?.name == "Hauts-de-France")
            try #expect(await territories.find(code: "QN99999Z", kind: nil) == nil)
        }
    }

    @Test(arguments: Engine.allCases)
    func countsMatchTheReference(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let territories = SQLTerritoryRepository(database: app.db)
            try #expect(await territories.count(kind: .qpv, codePrefix: nil) == 1493)
            try #expect(await territories.count(kind: .qpv, codePrefix: "QN97") == 131)
            try #expect(await territories.count(kind: .commune, codePrefix: nil) == 34935)
            try #expect(await territories.count(kind: .epci, codePrefix: nil) == 1255)
        }
    }

    @Test(arguments: Engine.allCases)
    func searchIsAccentAndCaseInsensitive(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let territories = SQLTerritoryRepository(database: app.db)
            let page = try await territories.search(TerritoryQuery(text: "noeux"))
            #expect(page.items.first?.name == "Nœux-les-Mines", "the biggest match comes first among equals")
            #expect(page.items.map(\.name).contains("Saint-Denœux"))
            let lens = try await territories.search(TerritoryQuery(text: "LENS LIEVIN", kind: .epci))
            #expect(lens.items.map(\.code) == ["246200364"])
            let byCode = try await territories.search(TerritoryQuery(text: "qn06216m"))
            #expect(byCode.items.first?.code == "QN06216M")
            let etangs = try await territories.search(TerritoryQuery(text: "1000 ÉTANGS"))
            #expect(etangs.items.map(\.name) == ["CC des 1000 étangs"])
            for punctuation in ["%", "_", "%_%"] {
                let none = try await territories.search(TerritoryQuery(text: punctuation))
                #expect(none.total == 0, "text without letters or digits matches no name, and never everything")
            }
        }
    }

    @Test(arguments: Engine.allCases)
    func searchFiltersByParentAndPages(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let territories = SQLTerritoryRepository(database: app.db)
            let call = try #require(try await territories.find(code: "246200364", kind: .epci))
            let qpv = try await territories.search(TerritoryQuery(kind: .qpv, parentID: call.id, limit: 10, offset: 0))
            #expect(qpv.total == 22)
            #expect(qpv.items.count == 10)
            let next = try await territories.search(TerritoryQuery(kind: .qpv, parentID: call.id, limit: 10, offset: 20))
            #expect(next.items.count == 2)
            #expect(Set(qpv.items.map(\.code)).isDisjoint(with: next.items.map(\.code)))
            let communes = try await territories.search(TerritoryQuery(kind: .commune, parentID: call.id, limit: 100))
            #expect(communes.total == 36)
        }
    }

    @Test(arguments: Engine.allCases)
    func parentsAndChildren(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let territories = SQLTerritoryRepository(database: app.db)
            let qpv = try #require(try await territories.find(code: "QN06216M", kind: .qpv))
            let parents = try await territories.parents(of: qpv.id)
            #expect(parents.filter { $0.kind == .epci }.map(\.code).sorted() == ["200072460", "246200364"])
            #expect(parents.filter { $0.kind == .commune }.map(\.name) == ["Douvrin", "Haisnes", "Hulluch"])
            #expect(parents.first?.kind == .department, "parents come from the largest level down")

            let cab = try #require(try await territories.find(code: "246200729", kind: .epci))
            let children = try await territories.children(of: cab.id)
            #expect(children.filter { $0.kind == .commune }.count == 22)
            #expect(Set(children.filter { $0.kind == .qpv }.map(\.code)) == ["QN06249M", "QN06250M", "QN06251M", "QN06252M"])

            let all = try await territories.parents(ofAll: [qpv.id])
            #expect(all[qpv.id]?.count == parents.count)
        }
    }

    @Test(arguments: Engine.allCases)
    func reimportingTheReferenceChangesNothing(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let summary = try await ReferenceImport.run(on: app.db)
            #expect(summary.changedNothing)
            #expect(summary.unchanged == 37803)
        }
    }

    @Test(arguments: Engine.allCases)
    func importingIntoAnEmptyDatabaseCreatesEverything(engine: Engine) async throws {
        try await withPasserelle(engine, seed: .empty) { app in
            let summary = try await ReferenceImport.run(on: app.db)
            #expect(summary.created == 37803)
            #expect(summary.countsByKind[.qpv] == 1493)
            #expect(summary.linksCreated == 76018)
            let again = try await ReferenceImport.run(on: app.db)
            #expect(again.changedNothing)
        }
    }

    @Test(arguments: Engine.allCases)
    func aCorruptFileLeavesTheDatabaseAsItWas(engine: Engine) async throws {
        try await withPasserelle(engine, seed: .empty) { app in
            let directory = try CorruptReference.make(breaking: "cog2024/communes.csv", line: 30000)
            defer { try? FileManager.default.removeItem(at: directory) }
            let error = try await #require(throws: ReferenceFileError.self) {
                try await ReferenceImport.run(on: app.db, from: directory)
            }
            #expect(error.file == "cog2024/communes.csv")
            #expect(error.line == 30000)
            try #expect(await SQLTerritoryRepository(database: app.db).count(kind: .region, codePrefix: nil) == 0)
        }
    }
}

/// A copy of the shipped reference with one line of one file cut short.
enum CorruptReference {
    static func make(breaking file: String, line: Int) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reference-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Resources.referenceDirectory, to: directory)
        let url = directory.appendingPathComponent(file)
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\r\n")
        lines[line - 1] = String(lines[line - 1].prefix(12))
        try FileManager.default.removeItem(at: url)
        try lines.joined(separator: "\r\n").write(to: url, atomically: true, encoding: .utf8)
        return directory
    }
}
