import Foundation
@testable import PasserelleApp
import PasserelleDomain
import Testing
import Vapor

/// Outlines, point location, maps, the vulnerability index and cool places, through services, HTTP and the command line.
struct DiagnosticTests {
    static let fixtures = ObservatoryTests.fixtures

    static func importTestOutlines(_ app: Application) async throws -> OutlineImportOutcome {
        try await DiagnosticService(database: app.db, clock: app.clock).importOutlines(
            try ObservatoryTests.bytes("qpv-contours-test.geojson"),
            .init(kind: .qpv, codeProperty: "code_qp", nameProperty: nil, createMissing: false, source: "formes de test", actor: .commandLine))
    }

    @Test(arguments: Engine.allCases)
    func outlinesAreImportedWholeOrNotAtAll(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let outcome = try await Self.importTestOutlines(app)
            #expect(outcome.problems == [])
            #expect(outcome.created == 2)
            let again = try await Self.importTestOutlines(app)
            #expect(again.summary == "Aucun changement : ces 2 contours étaient déjà en base.")
            let stored = try await SQLDiagnosticRepository(database: app.db).outlines(kind: .qpv)
            #expect(stored.count == 2)
            #expect(stored.values.contains { $0.polygons.first?.holes.count == 1 }, "holes survive the round trip")
            #expect(try await SQLDiagnosticRepository(database: app.db).outlineCount(kind: .commune) == 158, "the demo's commune outlines")

            let bad = try await DiagnosticService(database: app.db, clock: app.clock).importOutlines(
                try ObservatoryTests.bytes("qpv-contours-problemes.geojson"),
                .init(kind: .qpv, codeProperty: "code_qp", nameProperty: nil, createMissing: false, source: "x", actor: .commandLine))
            #expect(bad.rejected)
            #expect(bad.problems.count == 3)
            #expect(bad.problems[0].hasPrefix("objet n° 1 (code QN06224M)"))
            #expect(bad.problems.contains { $0.hasPrefix("objet n° 2 (code QN06225M)") && $0.contains("latitude") })
            #expect(bad.problems.contains { $0.hasPrefix("objet n° 3 (code QN99999X)") })
            #expect(try await SQLDiagnosticRepository(database: app.db).outlineCount(kind: .qpv) == 2, "nothing of the bad file was written")
        }
    }

    @Test func locateFindsQPVCommuneAndEPCIAndReportsBadRows() async throws {
        try await withPasserelle(.sqlite) { app in
            _ = try await Self.importTestOutlines(app)
            let outcome = try await LocateCSV.run(try ObservatoryTests.bytes("adresses.csv"), latitude: "latitude", longitude: "longitude",
                                                  service: DiagnosticService(database: app.db, clock: app.clock), locators: app.outlineLocators)
            let lines = outcome.csv.components(separatedBy: "\r\n")
            #expect(lines[0] == "id;nom;latitude;longitude;qpv_code;qpv_name;commune_code;epci_code")
            #expect(lines[1] == "1;Dans la Cité 12-14;50,436;2,816;QN06224M;Cité 12-14;62498;246200364")
            #expect(lines[2] == "2;Dans le trou;50,439;2,819;;;62498;246200364", "a hole is outside its QPV")
            #expect(lines[3] == "3;Grande Résidence, 2e partie;50,441;2,837;QN06225M;Grande Résidence;62498;246200364")
            #expect(lines[4] == "4;Lens hors QPV;50,43;2,80;;;62498;246200364")
            #expect(lines[5] == "5;Boulogne;50,72;1,61;;;62160;246200729")
            #expect(lines[6] == "6;Coordonnées fausses;abc;2,8;;;;")
            #expect(outcome.total == 8)
            #expect(outcome.inQPV == 2)
            #expect(outcome.invalid.map(\.line) == [7, 8, 9])
            #expect(outcome.invalid.last?.message.contains("hors des bornes") == true)

            let user = try await TestUsers.make(app, role: .projectHolder)
            let api = try await Browser(app, bearer: user.token).request(.POST, "/api/v1/locate",
                json: DiagnosticAPIController.LocateRequest(points: [.init(id: "a", lat: 50.436, lon: 2.816), .init(id: "b", lat: nil, lon: 2.8)]))
            #expect(api.status == .ok)
            let items = try #require(api.object["items"] as? [[String: Any]])
            #expect((items[0]["qpv"] as? [String: Any])?["code"] as? String == "QN06224M")
            #expect(items[1]["error"] as? String == "coordonnées absentes ou illisibles")
            #expect((api.object["summary"] as? [String: Any])?["inQPV"] as? Int == 1)
            #expect(try await Browser(app).request(.POST, "/api/v1/locate", json: ["points": [String]()]).status == .unauthorized)
        }
    }

    @Test func theMapShowsQPVAsPointsUntilTheirOutlinesArrive() async throws {
        try await withPasserelle(.sqlite) { app in
            let page = try await app.get("/contrats/call/carte?indicateur=poverty_rate&periode=2019")
            #expect(page.status == .ok)
            #expect(page.body.contains("role=\"img\""))
            #expect(page.body.contains("<title id=\"carte-titre\">Taux de pauvreté"))
            #expect(page.body.contains("position approximative"))
            #expect(page.body.contains("<circle"))
            #expect(page.body.contains("Grande Résidence : 70,5"))
            #expect(page.body.contains("sans donnée"))
            let bad = try await app.get("/contrats/call/carte?indicateur=poverty_rate&classes=seuils&seuils=60%3B50")
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("Champ « seuils »"))
            _ = try await Self.importTestOutlines(app)
            let withOutlines = try await app.get("/contrats/call/carte?indicateur=poverty_rate&periode=2019&classes=3")
            #expect(withOutlines.status == .ok)
            #expect(withOutlines.body.contains("Contours des QPV et des communes"))
        }
    }

    @Test func aVulnerabilityModelRanksTheQPVAndIsVersioned() async throws {
        try await withPasserelle(.sqlite) { app in
            _ = try await ObservatoryTests.run(app, "vulnerabilite-indicateurs.csv")
            let team = try await TestUsers.make(app, role: .contractTeam)
            let browser = Browser(app)
            _ = try await browser.request(.POST, "/api/v1/session", json: ["email": team.account.email, "password": TestUsers.password])
            let saved = try await browser.submit(from: "/contrats/call/vulnerabilite", to: "/contrats/call/vulnerabilite", [
                "nom": "Chaleur et pauvreté", "normalisation": "minMax", "manquantes": "exclude", "tirages": "500", "variation": "25",
                "poids_poverty_rate": "1", "poids_heat_exposure_share": "1",
            ])
            #expect(saved.status == .seeOther)
            #expect(saved.headers.first(name: .location)?.contains("version=1") == true)
            let api = try await Browser(app, bearer: team.token).get("/api/v1/contracts/call/vulnerability?model=Chaleur%20et%20pauvret%C3%A9")
            let items = try #require(api.object["items"] as? [[String: Any]])
            let ranked = items.filter { $0["rank"] is Int }
            #expect(ranked.map { $0["code"] as? String } == ["QN06225M", "QN06219M", "QN06224M", "QN06202M"])
            #expect(ranked.first?["score"] as? Double == 100)
            #expect(ranked.last?["score"] as? Double == 0)
            #expect(abs((ranked[1]["score"] as? Double ?? 0) - (15.0 / 30.5 + 18.0 / 28.0) / 2 * 100) < 1e-9)
            #expect(ranked.first?["rankLow"] as? Int == 1, "the most exposed QPV stays first whatever the weights")

            let page = try await browser.get("/contrats/call/vulnerabilite?modele=Chaleur%20et%20pauvret%C3%A9")
            #expect(page.body.contains("Classement des quartiers"))
            #expect(page.body.contains("Grande Résidence"))
            let invalid = try await browser.submit(from: "/contrats/call/vulnerabilite", to: "/contrats/call/vulnerabilite", ["nom": "", "tirages": "5", "variation": "25"])
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.body.contains("Champ « nombre de tirages »"))
            let second = try await browser.submit(from: "/contrats/call/vulnerabilite", to: "/contrats/call/vulnerabilite", [
                "nom": "Chaleur et pauvreté", "normalisation": "rank", "manquantes": "flag", "tirages": "500", "variation": "10", "poids_poverty_rate": "2", "poids_heat_exposure_share": "1",
            ])
            #expect(second.headers.first(name: .location)?.contains("version=2") == true, "a model is never overwritten: a new version")
            #expect(try await Browser(app).get("/contrats/call/vulnerabilite").status == .unauthorized)
            let inhabitant = try await TestUsers.make(app, role: .inhabitant)
            #expect(try await Browser(app, bearer: inhabitant.token).get("/contrats/call/vulnerabilite").status == .forbidden)
        }
    }

    @Test(arguments: Engine.allCases)
    func coolPlacesAndTheirCoverage(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            _ = try await Self.importTestOutlines(app)
            let team = try await TestUsers.make(app, role: .contractTeam)
            let browser = Browser(app)
            _ = try await browser.request(.POST, "/api/v1/session", json: ["email": team.account.email, "password": TestUsers.password])
            let refused = try await browser.submit(from: "/contrats/call/lieux-frais", to: "/contrats/call/lieux-frais", ["nom": "Médiathèque", "latitude": "nord", "longitude": "2,83"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("Champ « latitude » : nombre entre −90 et 90 attendu, « nord » reçu."))
            let added = try await browser.submit(from: "/contrats/call/lieux-frais", to: "/contrats/call/lieux-frais", [
                "nom": "Parc de la Glissoire (lieu de test)", "type": "greenSpace", "latitude": "50,435", "longitude": "2,815", "canicule": "8 h – 22 h",
            ])
            #expect(added.status == .created)
            let json = try await app.get("/api/v1/contracts/call/cool-places?radius=300")
            #expect((json.object["items"] as? [[String: Any]])?.first?["name"] as? String == "Parc de la Glissoire (lieu de test)")
            let coverage = try #require(json.object["coverage"] as? [[String: Any]])
            let cite = try #require(coverage.first { $0["code"] as? String == "QN06224M" })
            let share = try #require(cite["uncoveredShareByArea"] as? Double)
            #expect(share > 0.5 && share < 0.95, "a place in one corner leaves most of a 700 m × 1.1 km area beyond 300 m")
            let grande = try #require(coverage.first { $0["code"] as? String == "QN06225M" })
            #expect(grande["uncoveredShareByArea"] as? Double == 1, "no place near it")
            #expect(coverage.first { $0["code"] as? String == "QN06202M" }?["uncoveredShareByArea"] == nil, "no outline, no area share")
            let audit = try await AuditTrail(database: app.db, clock: app.clock).entries(.init(entityType: "cool-place"))
            #expect(audit.total == 1)
        }
    }

    @Test func theCommandLineImportsOutlinesAndLocates() async throws {
        let file = NSTemporaryDirectory() + "passerelle-geo-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let database = ["PASSERELLE_DATABASE_URL": "sqlite://" + file]
        let demo = try CommandLineTests.start(["demo"], environment: database)
        demo.process.waitUntilExit()
        let bad = try CommandLineTests.start(["import", "outlines", Self.fixtures.appendingPathComponent("qpv-contours-problemes.geojson").path,
                                              "--kind", "qpv", "--code-property", "code_qp"], environment: database)
        bad.process.waitUntilExit()
        #expect(bad.process.terminationStatus == 1)
        #expect(bad.text.contains("Rejet : objet n° 3 (code QN99999X)"))
        let good = try CommandLineTests.start(["import", "outlines", Self.fixtures.appendingPathComponent("qpv-contours-test.geojson").path,
                                               "--kind", "qpv", "--code-property", "code_qp"], environment: database)
        good.process.waitUntilExit()
        #expect(good.text.contains("2 contours créés"))

        let process = Process()
        process.executableURL = CommandLineTests.executable
        process.arguments = ["locate", Self.fixtures.appendingPathComponent("adresses.csv").path, "--lat", "latitude", "--lon", "longitude"]
        process.environment = ProcessInfo.processInfo.environment.merging(database) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let csv = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let summary = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(csv.hasPrefix("id;nom;latitude;longitude;qpv_code;qpv_name;commune_code;epci_code\r\n"))
        #expect(csv.contains("1;Dans la Cité 12-14;50,436;2,816;QN06224M;Cité 12-14;62498;246200364\r\n"))
        #expect(summary.contains("8 lignes lues, 5 localisées, 2 en quartier prioritaire."))
        #expect(summary.contains("QN06224M Cité 12-14 : 1"))
        #expect(summary.contains("ligne 7 : coordonnées absentes ou illisibles"))
    }
}
