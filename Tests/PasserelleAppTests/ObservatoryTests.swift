import Foundation
@testable import PasserelleApp
import PasserelleDomain
import SQLKit
import Testing
import Vapor

/// Indicator imports on both engines, gaps, portraits, the upload page and the command line.
struct ObservatoryTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: fixtures.appendingPathComponent(name))) }

    static func run(_ app: Application, _ file: String, _ settings: IndicatorImportSettings = .init(), dryRun: Bool = false, source: String? = nil) async throws -> IndicatorImportOutcome {
        try await IndicatorImport(database: app.db, clock: app.clock).run(
            .init(fileName: file, sourceLabel: source ?? file, options: try settings.options(), dryRun: dryRun, actor: .commandLine),
            chunks: try FileChunks(path: fixtures.appendingPathComponent(file).path))
    }

    static func value(_ app: Application, _ code: String, _ indicator: String, _ period: String, kind: TerritoryKind? = nil) async throws -> ObservationValue? {
        let territory = try #require(try await SQLTerritoryRepository(database: app.db).find(code: code, kind: kind))
        let stored = try #require(try await SQLObservatoryRepository(database: app.db).indicator(code: indicator))
        return try await SQLObservatoryRepository(database: app.db).values(indicatorID: stored.id, period: period, territoryIDs: [territory.id])[territory.id]
    }

    @Test(arguments: Engine.allCases)
    func aLongFileWithABOMSemicolonsAndDecimalCommas(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let outcome = try await Self.run(app, "indicateurs-long-bom.csv", source: "INSEE, Filosofi 2020")
            #expect(outcome.report.problems == [])
            #expect(outcome.report.dialect == CSVDialect(separator: UInt8(ascii: ";"), encoding: .utf8))
            #expect(outcome.created == 8, "the ninth, the CALL's 2020 median income, is already there from the demo, identical")
            #expect(outcome.updated == 0)
            #expect(try await Self.value(app, "QN06224M", "median_disposable_income", "2020") == .number(10619))
            #expect(try await Self.value(app, "QN06224M", "poverty_rate", "2020") == .number(61.5))
            #expect(try await Self.value(app, "QN06216M", "poverty_rate", "2020") == .secret)
            #expect(try await Self.value(app, "QN06225M", "poverty_rate", "2020") == .missing)
            #expect(try await Self.value(app, "246200364", "median_disposable_income", "2020") == .number(17020))
            #expect(try await Self.value(app, "01053", "poverty_rate", "2020") == .number(19.8), "a commune code that lost its leading zero")
            #expect(try await Self.value(app, "2A004", "poverty_rate", "2020") == .number(17.2))

            let again = try await Self.run(app, "indicateurs-long-bom.csv", source: "INSEE, Filosofi 2020")
            #expect(again.changedNothing)
            #expect(try await SQLObservatoryRepository(database: app.db).imports().filter { $0.fileName == "indicateurs-long-bom.csv" }.count == 1,
                    "re-importing the same file changes nothing, not even the import list")
            let cite = try #require(try await SQLTerritoryRepository(database: app.db).find(code: "QN06224M", kind: .qpv))
            let stored = try await SQLObservatoryRepository(database: app.db).observations(territoryIDs: [cite.id])
            let observation = try #require(stored[cite.id]?.first { $0.period == "2020" })
            #expect(observation.source == "INSEE, Filosofi 2020")
            #expect(observation.fileName == "indicateurs-long-bom.csv")
        }
    }

    @Test(arguments: Engine.allCases)
    func aWideWindows1252FileWithTabsAndAMapping(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let settings = IndicatorImportSettings(format: "wide", period: "2021",
                                                   columns: "Taux de pauvreté=poverty_rate, Part des moins de 25 ans=under_25_share, Revenu médian=median_disposable_income")
            let dry = try await Self.run(app, "indicateurs-large-cp1252.tsv", settings, dryRun: true)
            #expect(dry.report.problems == [])
            #expect(dry.report.dialect == CSVDialect(separator: UInt8(ascii: "\t"), encoding: .windows1252))
            #expect(dry.report.observationsAccepted == 9)
            #expect(try await Self.value(app, "62510", "poverty_rate", "2021") == nil, "a dry run writes nothing")

            let outcome = try await Self.run(app, "indicateurs-large-cp1252.tsv", settings)
            #expect(outcome.created == 9)
            #expect(try await Self.value(app, "62510", "median_disposable_income", "2021") == .number(16420.5))
            #expect(try await Self.value(app, "62510", "under_25_share", "2021") == .missing)
            #expect(try await Self.value(app, "QN06224M", "median_disposable_income", "2021") == .secret)
        }
    }

    @Test(arguments: Engine.allCases)
    func aFaultyFileIsRefusedWholeWithEveryProblemByLine(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let before = try await SQLObservatoryRepository(database: app.db).observationCount()
            let outcome = try await Self.run(app, "indicateurs-problemes.csv")
            #expect(outcome.rejected)
            let lines = outcome.report.problems.map(\.line)
            #expect(lines == [3, 4, 5, 6, 7])
            let messages = outcome.report.problems.map(\.description)
            #expect(messages.contains { $0.contains("QN99999X") })
            #expect(messages.contains { $0.contains("« beaucoup » n'est pas un nombre") })
            #expect(messages.contains { $0.contains("3 colonnes au lieu de 4") })
            #expect(messages.contains { $0.contains("indicateur_inconnu") })
            #expect(try await SQLObservatoryRepository(database: app.db).observationCount() == before, "nothing is half-imported")
            #expect(try await Self.value(app, "QN06224M", "poverty_rate", "2021") == nil)
        }
    }

    @Test func aChangedValueIsAnUpdate() async throws {
        try await withPasserelle(.sqlite) { app in
            _ = try await Self.run(app, "indicateurs-long-bom.csv")
            let changed = Array(String(decoding: try Self.bytes("indicateurs-long-bom.csv"), as: UTF8.self).replacingOccurrences(of: "61,5", with: "60,9").utf8)
            let outcome = try await IndicatorImport(database: app.db, clock: app.clock).run(
                .init(fileName: "v2.csv", sourceLabel: "v2", options: try IndicatorImportSettings().options(), dryRun: false, actor: .commandLine), chunks: [changed[...]])
            #expect(outcome.created == 0)
            #expect(outcome.updated == 1)
            #expect(try await Self.value(app, "QN06224M", "poverty_rate", "2020") == .number(60.9))
        }
    }

    @Test func gapsOfTheDemoContractAgainstItsEPCI() async throws {
        try await withPasserelle(.sqlite) { app in
            let selection = try await GapSelection.resolve(contract: "call", territories: nil, reference: nil, referenceKind: nil, database: app.db)
            let rows = try await ObservatoryService(database: app.db).gaps(indicator: "poverty_rate", period: "2019", territories: selection.territories, reference: selection.reference)
            #expect(rows.count == 22)
            let shared = try #require(rows.first { $0.territory.code == "QN06216M" })
            #expect(shared.value == .number(53.9))
            #expect(shared.reference?.code == "246200364")
            #expect(shared.referenceValue == .number(36.1))
            #expect(shared.ratio == 53.9 / 36.1)
            #expect(shared.difference == 53.9 - 36.1)
            let csv = GapSelection.csv(rows).text
            #expect(csv.hasPrefix("territory_code,value,reference_code,reference_value,ratio,difference\r\n"))
            #expect(csv.contains("QN06225M,70.5,246200364,36.1,1.9529085873,34.4\r\n"))
            #expect(csv.contains("QN06202M,,246200364,36.1,,\r\n"), "no value: empty ratio and difference")

            let twoEPCI = try await GapSelection.resolve(contract: nil, territories: "QN06216M", reference: nil, referenceKind: "epci", database: app.db)
            let both = try await ObservatoryService(database: app.db).gaps(indicator: "poverty_rate", period: "2019", territories: twoEPCI.territories, reference: twoEPCI.reference)
            #expect(Set(both.compactMap(\.reference?.code)) == ["246200364", "200072460"], "a QPV spanning two EPCI is compared with each")

            let api = try await app.get("/api/v1/gaps?indicator=poverty_rate&period=2019&contract=call&format=csv")
            #expect(api.body.contains("QN06225M,70.5,246200364,36.1,1.9529085873,34.4"))
            let json = try await app.get("/api/v1/gaps?indicator=poverty_rate&period=2019&territories=QN06225M&reference=246200364")
            let item = try #require((json.object["items"] as? [[String: Any]])?.first)
            #expect(abs((item["ratio"] as? Double ?? 0) - 70.5 / 36.1) < 1e-12)
            let missing = try await app.get("/api/v1/gaps?indicator=poverty_rate&contract=call")
            #expect(missing.status == .badRequest)
            #expect(missing.object["message"] as? String == "Paramètre « period » invalide : période attendue (par ex. 2020).")
            let unknown = try await app.get("/api/v1/gaps?indicator=inconnu&period=2019&contract=call")
            #expect(unknown.status == .notFound)
            #expect(unknown.object["message"] as? String == "L'indicateur « inconnu » est introuvable dans le catalogue.")
        }
    }

    @Test func theDemoPortraitTellsTheSeedsStory() async throws {
        try await withPasserelle(.sqlite) { app in
            let page = try await app.get("/contrats/call/portrait")
            #expect(page.status == .ok)
            for fragment in ["Taux de pauvreté", "Quartier Saint-Elie - Fosse 13", "Grande Résidence", "72 %", "<svg", "role=\"img\"",
                             "données de démonstration", "Ensemble des QPV"] {
                #expect(page.body.contains(fragment.replacingOccurrences(of: "'", with: "&#39;")), "missing: \(fragment)")
            }
            #expect(page.body.contains("10\u{202F}619\u{00A0}€"), "the seed's median income of the QPV")
            #expect(page.body.contains("17\u{202F}020\u{00A0}€"))
            let json = try await app.get("/api/v1/contracts/call/portrait")
            let figures = try #require(json.object["figures"] as? [[String: Any]])
            let poverty = try #require(figures.first { $0["indicator"] as? String == "poverty_rate" })
            #expect(poverty["epciValue"] as? Double == 36.1)
            #expect(poverty["aggregateValue"] as? Double == 61.5)
            #expect((poverty["minimum"] as? [String: Any])?["code"] as? String == "QN06216M")
            #expect((poverty["maximum"] as? [String: Any])?["code"] as? String == "QN06225M")
            let qpv = try await app.get("/territoires/QN06225M/portrait")
            #expect(qpv.status == .ok)
            #expect(qpv.body.contains("70,5\u{00A0}% contre 36,1\u{00A0}%"))
            let csv = try await app.get("/api/v1/territories/QN06225M/portrait?format=csv")
            #expect(csv.body.contains("poverty_rate,"))
        }
    }

    @Test func theUploadPageImportsForTheContractTeamOnly() async throws {
        try await withPasserelle(.sqlite) { app in
            let team = try await TestUsers.make(app, role: .contractTeam)
            let browser = Browser(app)
            _ = try await browser.request(.POST, "/api/v1/session", json: ["email": team.account.email, "password": TestUsers.password])
            let form = try await browser.get("/observatoire/import")
            #expect(form.status == .ok)
            let csrf = try #require(Browser.csrf(in: form.body))
            let boundary = "----passerelle"
            var body = ""
            for (name, value) in ["_csrf": csrf, "format": "long", "source": "Tests"] {
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
            }
            let file = String(decoding: try Self.bytes("indicateurs-problemes.csv"), as: UTF8.self)
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"problemes.csv\"\r\nContent-Type: text/csv\r\n\r\n\(file)\r\n--\(boundary)--\r\n"
            let rejected = try await browser.request(.POST, "/observatoire/import", headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], raw: body)
            #expect(rejected.status == .unprocessableEntity)
            #expect(rejected.body.contains("Fichier refusé : 5 problème(s), rien n&#39;a été importé."))
            #expect(rejected.body.contains("« beaucoup » n&#39;est pas un nombre"))

            let binary = body.replacingOccurrences(of: "problemes.csv", with: "classeur.xlsx")
            let refused = try await browser.request(.POST, "/observatoire/import", headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], raw: binary)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("n&#39;est pas un fichier CSV"))

            let inhabitant = try await TestUsers.make(app, role: .inhabitant)
            #expect(try await Browser(app, bearer: inhabitant.token).get("/observatoire/import").status == .forbidden)
            // The CALL team may not write figures for Bourg-en-Bresse or Ajaccio: the whole file is refused.
            let file2 = String(decoding: try Self.bytes("indicateurs-long-bom.csv"), as: UTF8.self)
            let outside = try await Browser(app, bearer: team.token).request(.POST, "/api/v1/indicator-imports?fileName=long.csv&source=API",
                                                                            headers: ["Content-Type": "text/csv"], raw: file2)
            #expect(outside.status == .unprocessableEntity)
            #expect((outside.object["problems"] as? [[String: Any]])?.compactMap { $0["line"] as? Int } == [10, 11])
            let cab = try await TestUsers.make(app, role: .contractTeam, contract: "cab")
            let foreign = try await Browser(app, bearer: cab.token).request(.POST, "/api/v1/indicator-imports?fileName=call.csv",
                headers: ["Content-Type": "text/csv"], raw: "code,indicateur,periode,valeur\nQN06216M,poverty_rate,2020,0\n")
            #expect(foreign.status == .unprocessableEntity, "the Boulonnais team cannot change a Lens-Liévin QPV's figures")
            let mine = try await Browser(app, bearer: team.token).request(.POST, "/api/v1/indicator-imports?fileName=call.csv&source=API",
                headers: ["Content-Type": "text/csv"], raw: "code,kind,indicateur,periode,valeur\nQN06216M,qpv,poverty_rate,2020,52.1\n62,department,poverty_rate,2020,20.2\n")
            #expect(mine.status == .created, "its own QPV, and the department above it for comparisons")
            #expect(mine.object["created"] as? Int == 2)
            let admin = try await TestUsers.make(app, role: .administrator, contract: nil)
            let everywhere = try await Browser(app, bearer: admin.token).request(.POST, "/api/v1/indicator-imports?fileName=long.csv&source=API",
                                                                                headers: ["Content-Type": "text/csv"], raw: file2)
            #expect(everywhere.status == .created)
            let audit = try await AuditTrail(database: app.db, clock: app.clock).entries(.init(entityType: "indicator-import"))
            #expect(audit.items.map(\.actorLabel).contains(team.account.email))
        }
    }

    @Test func theCommandLineImportsAndReportsRejections() async throws {
        let file = NSTemporaryDirectory() + "passerelle-obs-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let database = ["PASSERELLE_DATABASE_URL": "sqlite://" + file]
        let reference = try CommandLineTests.start(["import", "reference"], environment: database)
        reference.process.waitUntilExit()
        let dry = try CommandLineTests.start(["import", "indicators", Self.fixtures.appendingPathComponent("indicateurs-long-bom.csv").path, "--dry-run"], environment: database)
        dry.process.waitUntilExit()
        let dryText = dry.text
        #expect(dry.process.terminationStatus == 0)
        #expect(dryText.contains("séparateur point-virgule, encodage UTF-8"))
        #expect(dryText.contains("Essai à blanc : 9 observations seraient importées"))
        let bad = try CommandLineTests.start(["import", "indicators", Self.fixtures.appendingPathComponent("indicateurs-problemes.csv").path], environment: database)
        bad.process.waitUntilExit()
        let badText = bad.text
        #expect(bad.process.terminationStatus == 1)
        #expect(badText.contains("Rejet : ligne 4, colonne « valeur » : « beaucoup » n'est pas un nombre"))
        let territories = try CommandLineTests.start(["import", "territories", Self.fixtures.appendingPathComponent("qpv2015.csv").path,
                                                      "--kind", "qpv2015", "--code", "code_qp", "--name", "nom_qp", "--commune", "communes"], environment: database)
        territories.process.waitUntilExit()
        #expect(territories.text.contains("2 territoires créés, 0 mis à jour, 3 liens ajoutés."))
        let good = try CommandLineTests.start(["import", "indicators", Self.fixtures.appendingPathComponent("indicateurs-long-bom.csv").path], environment: database)
        good.process.waitUntilExit()
        #expect(good.text.contains("9 observations créées, 0 mises à jour"))
        let gaps = try CommandLineTests.start(["gaps", "--indicator", "poverty_rate", "--period", "2020", "--territories", "QN06224M,62498", "--reference-kind", "epci"], environment: database)
        gaps.process.waitUntilExit()
        #expect(gaps.text == """
            territory_code,value,reference_code,reference_value,ratio,difference
            QN06224M,61.5,246200364,36.1,1.703601108,25.4
            62498,32.4,246200364,36.1,0.8975069252,-3.7

            """)
    }
}
