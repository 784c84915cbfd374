import Foundation
@testable import PasserelleApp
import PasserelleDomain
import Testing
import Vapor

/// The demo programming of the CALL (Resources/demo/call-programming.json) on both engines, its
/// dashboard checked against figures computed by hand from that file, and the SCDL export checked
/// against the schema's rules.
///
/// How the 2025 figures were computed (amounts in euros; only granted money counts):
/// - 16 funded projects: 9 « accordée », 3 « accordée en partie », 2 « convention signée », 1 « en cours »,
///   1 « bilan remis ». Two refusals count for nothing.
/// - Two CPO with agreements count their 2025 share: atelier vélo (État 27 000 → 9 000 ; Région 9 000 → 3 000),
///   médiation (État 45 000 → 15 000 ; Département 9 000 → 3 000). The theatre CPO has no agreement: its
///   grants are split over 2025–2027 (État 15 000 → 5 000 ; Région 12 000 → 4 000).
/// - État: 6 000 + 3 000 + 9 000 + 8 000 + 4 000 + 8 000 + 5 000 + 4 500 + 15 000 + 7 000 + 5 000 + 10 000 = 84 500 (12 projects);
///   Région: 4 000 + 3 000 + 6 000 + 4 000 + 3 000 + 4 000 + 6 000 + 3 000 = 33 000 (8);
///   Département: 3 000 + 3 000 + 6 000 + 5 000 = 17 000 (4); CAF: 2 000 + 3 000 + 3 000 + 5 000 = 13 000 (4). Total 147 500.
/// - Multi-year money: 12 000 (vélo) + 18 000 (médiation) + 9 000 (théâtre) = 39 000, i.e. 26,44 % of 147 500.
/// - A project serving two ambitions (or QPV, or themes) has its money split equally; beneficiaries are not split.
/// - 2024 (the year before): 5 projects, 29 000 (État 18 000, CAF 5 000, Région 4 000, Département 2 000).
struct DemoProgrammingTests {
    static func amount(_ items: Any?, key: String, value: String) -> [String: Double] {
        var result: [String: Double] = [:]
        for item in items as? [[String: Any]] ?? [] {
            if let name = item[key] as? String, let amount = ProgrammingFixtures.double(item[value]) { result[name] = amount }
        }
        return result
    }

    @Test(arguments: Engine.allCases)
    func theDashboardMatchesTheFiguresComputedByHand(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let response = try await app.get("/api/v1/contracts/call/programming/dashboard?year=2025")
            #expect(response.status == .ok)
            let d = response.object
            #expect(d["isDemo"] as? Bool == true)
            #expect(ProgrammingFixtures.double(d["totalAmount"]) == 147_500)
            #expect(ProgrammingFixtures.int(d["fundedProjectCount"]) == 16)

            let coverage = d["ambitionCoverage"] as? [[String: Any]] ?? []
            #expect(coverage.map { $0["code"] as? String ?? "" } == [
                "P1.A5", "P3.A2", // uncovered first, in tree order
                "P1.A1", "P1.A2", "P1.A3", "P1.A4", "P2.A1", "P2.A2", "P2.A3", "P2.A4", "P2.A5", "P3.A1",
            ])
            #expect(coverage.map { "\($0["code"]!):\(ProgrammingFixtures.int($0["projectCount"])!):\(ProgrammingFixtures.double($0["amount"])!)" } == [
                "P1.A5:0:0.0", "P3.A2:0:0.0",
                "P1.A1:1:9000.0", "P1.A2:1:9000.0", "P1.A3:1:4500.0", "P1.A4:2:13000.0",
                "P2.A1:2:9500.0", "P2.A2:2:15000.0", "P2.A3:4:25500.0", "P2.A4:2:22000.0", "P2.A5:2:24000.0",
                "P3.A1:2:16000.0",
            ])
            #expect(coverage.prefix(2).allSatisfy { $0["covered"] as? Bool == false })

            #expect(Self.amount(d["byFunder"], key: "funder", value: "amount") == ["etat": 84_500, "region-hdf": 33_000, "departement-62": 17_000, "caf-62": 13_000])
            #expect((d["byFunder"] as? [[String: Any]])?.map { ProgrammingFixtures.int($0["projectCount"])! } == [12, 8, 4, 4])
            #expect(Self.amount(d["byPillar"], key: "code", value: "amount") == ["P1": 35_500, "P2": 96_000, "P3": 16_000])
            #expect((d["byPillar"] as? [[String: Any]])?.map { ProgrammingFixtures.int($0["projectCount"])! } == [5, 12, 2])
            #expect(Self.amount(d["byScheme"], key: "scheme", value: "amount") == [
                "P147": 84_500, "PROG-CV": 26_000, "FONDS-ALIMENTATION": 14_000, "CAF-ACTION-SOCIALE": 13_000, "NQE": 4_000, "PIC": 3_000, "BUDGET-CITOYEN": 3_000,
            ])
            #expect(Self.amount(d["byQpv"], key: "code", value: "amount") == [
                "QN06221M": 17_000, "QN06234M": 17_000, "QN06227M": 10_000, "QN06223M": 9_000, "QN06224M": 9_000, "QN06226M": 9_000, "QN06243M": 9_000,
                "QN06222M": 8_000, "QN06245M": 8_000, "QN06219M": 7_000, "QN06225M": 7_000, "QN06233M": 7_000, "QN06228M": 6_000, "QN06229M": 6_000,
                "QN06230M": 6_000, "QN06220M": 5_000, "QN06235M": 4_500, "QN06232M": 3_000,
            ])
            #expect((d["byQpv"] as? [[String: Any]])?.first?["code"] as? String == "QN06221M", "largest first, then by code")
            #expect(ProgrammingFixtures.double(d["outsideQpvAmount"]) == 0)
            #expect(Self.amount(d["byTheme"], key: "theme", value: "amount") == [
                "economy": 20_000, "health": 20_000, "food": 17_500, "energy": 12_500, "participation": 12_500, "mobility": 12_000, "climate": 10_500,
                "biodiversity": 6_000, "waste": 3_500,
            ])
            #expect(ProgrammingFixtures.double(d["withoutThemeAmount"]) == 33_000)
            #expect(ProgrammingFixtures.double(d["multiYearAmount"]) == 39_000)
            #expect(abs((ProgrammingFixtures.double(d["multiYearShare"]) ?? 0) - 39_000.0 / 147_500 * 100) < 1e-9)

            let people = try #require(d["beneficiaries"] as? [String: Any])
            #expect(ProgrammingFixtures.int(people["women"]) == 1_580)
            #expect(ProgrammingFixtures.int(people["men"]) == 1_104)
            #expect(ProgrammingFixtures.int(people["total"]) == 2_684)
            let rows = (people["byPillarAndYear"] as? [[String: Any]] ?? []).map {
                "\($0["year"]!) \($0["pillar"] as? String ?? "tous") \($0["projectCount"]!) \($0["women"]!)/\($0["men"]!)"
            }
            #expect(rows == ["2024 tous 5 388/242", "2024 P1 1 70/0", "2024 P2 3 128/82", "2024 P3 1 190/160",
                             "2025 tous 16 1580/1104", "2025 P1 5 758/522", "2025 P2 12 902/602", "2025 P3 2 540/460"])

            let years = try #require(d["yearOnYear"] as? [String: Any])
            #expect(ProgrammingFixtures.double(years["previousAmount"]) == 29_000)
            #expect(ProgrammingFixtures.int(years["previousProjectCount"]) == 5)
            #expect(Self.amount(years["byFunder"], key: "funder", value: "previousAmount") == ["etat": 18_000, "region-hdf": 4_000, "departement-62": 2_000, "caf-62": 5_000])

            // The same figures as CSV tables for the committee's file.
            let csv = try await app.get("/api/v1/contracts/call/programming/dashboard?year=2025&format=csv&table=financeurs")
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.body == "financeur,projets_finances,montant\r\nÉtat (Préfecture du Pas-de-Calais),12,84500\r\nRégion Hauts-de-France,8,33000\r\n"
                + "Département du Pas-de-Calais,4,17000\r\nCaisse d'allocations familiales du Pas-de-Calais (CAF),4,13000\r\n")
            let ambitions = try await app.get("/api/v1/contracts/call/programming/dashboard?year=2025&format=csv&table=ambitions")
            #expect(ambitions.body.split(separator: "\r\n").dropFirst().first?.hasSuffix("P1.A5,\"Coordonner aller-vers, médiation, animation locale et veille contre le sentiment d'insécurité\",0,0,non") == true)
            #expect(try await app.get("/api/v1/contracts/call/programming/dashboard?year=2025&format=csv&table=inconnue").status == .badRequest)
            #expect(try await app.get("/api/v1/contracts/call/programming/dashboard?year=vingt").status == .badRequest)
            #expect(try await app.get("/api/v1/contracts/inconnu/programming/dashboard").status == .notFound)
        }
    }

    @Test(arguments: Engine.allCases)
    func theDemoHoldsThirtyApplicationsAtEveryStageWithSyntheticSIRETs(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let repository = SQLProgrammingRepository(database: app.db)
            let contractID = try #require(try await app.contractID("call"))
            let calls = try await repository.calls(contractID: contractID)
            #expect(calls.map(\.call.year) == [2025, 2024])
            #expect(calls.allSatisfy { $0.isDemo && $0.call.title.contains("(démonstration)") })
            let applications = try await repository.applications(.call(calls[0].call.id))
            #expect(applications.count == 30)
            var counts: [String: Int] = [:]
            for application in applications { counts[application.status.code, default: 0] += 1 }
            #expect(counts == ["draft": 2, "submitted": 2, "receivable": 2, "notReceivable": 1, "underInstruction": 3, "proposed": 2,
                               "decided.granted": 9, "decided.partlyGranted": 3, "decided.refused": 2, "agreementSigned": 2, "inProgress": 1, "reported": 1])
            #expect(Set(applications.flatMap { $0.fundingLines.compactMap(\.funderID) }).count == 4, "four funders")
            let all = try await repository.applications(.contract(contractID))
            #expect(all.allSatisfy { $0.isDemo && ($0.holder.name.hasSuffix("(fictive)") || $0.holder.name.hasSuffix("(fictif)")) })
            #expect(all.allSatisfy { SIRET.isValid($0.holder.siret) && $0.holder.siret.hasPrefix("0000") })
            #expect(DemoProgramming.syntheticSIRET(1) == "00000001800010")
            #expect(SIREN.isValid("000000018"))
            #expect(try await repository.statusChanges(applicationID: try #require(applications.first { $0.status == .reported }).id).map(\.to.code) == [
                "submitted", "receivable", "underInstruction", "proposed", "decided.partlyGranted", "agreementSigned", "inProgress", "reported",
            ])
            #expect(try await DemoProgramming.run(on: app.db) == nil, "loading twice changes nothing")
            #expect(try await repository.applications(.contract(contractID)).count == 35)
        }
    }

    @Test(arguments: Engine.allCases)
    func theSCDLExportFollowsTheSchema(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let export = try await ProgrammingReports(database: app.db).scdl(contractID: try await app.contractID("call"), year: 2025, funderCode: nil)
            #expect(SCDLSubsidies.validate(csv: export.csv) == [])
            let lines = export.csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == "nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,idBeneficiaire,objet,montant,nature,conditionsVersement,datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention")
            #expect(export.rows.count == 12, "8 grants of the Région and 4 of the Département in 2025")
            #expect(export.rows.map(\.montant).reduce(0, +) == 70_000, "Région 47 000 + Département 23 000: each decision's full amount")
            #expect(lines[1] == "Région Hauts-de-France,20005374200017,2025-03-20,DEMO-2025-02-REGION-HDF,Association exemple Cités en Fête (fictive),00000002600013,Fête de quartier écoresponsable de l'été,4000,aide en numéraire,unique,2025-07-01/2025-08-31,,non,1")
            #expect(lines[2] == "Région Hauts-de-France,20005374200017,2025-04-15,DEMO-2025-03-REGION-HDF,Association exemple Vélo Solidaire du Bassin (fictive),00000003400017,Atelier vélo et apprentissage du vélo pour adultes,9000,aide en numéraire,échelonné,2025-01-01/2027-12-31,,non,1")
            #expect(export.rows.allSatisfy { SIRET.isValid($0.idAttribuant) && SIRET.isValid($0.idBeneficiaire) && $0.pourcentageSubvention == 1 })
            #expect(export.problems == [
                "État (Préfecture du Pas-de-Calais) : le SIRET de l'attribuant manque ; aucune ligne ne peut être publiée.",
                "Caisse d'allocations familiales du Pas-de-Calais (CAF) : le SIRET de l'attribuant manque ; aucune ligne ne peut être publiée.",
            ])

            // The same as JSON and CSV on the API; 2024 has the Région's and the Département's single grants.
            let json = try await app.get("/api/v1/contracts/call/programming/scdl?year=2025")
            #expect(ProgrammingFixtures.int(json.object["total"]) == 12)
            let csv = try await app.get("/api/v1/contracts/call/programming/scdl?year=2025&format=csv")
            #expect(csv.body == export.csv)
            let region2024 = try await ProgrammingReports(database: app.db).scdl(contractID: nil, year: 2024, funderCode: "region-hdf")
            #expect(region2024.rows.map { "\($0.referenceDecision) \($0.montant)" } == ["DEMO-2024-02-REGION-HDF 4000.0"])
            #expect(try await app.get("/api/v1/contracts/call/programming/scdl?funder=inconnu").status == .notFound)
        }
    }

    @Test func passerelleDemoLoadsTheProgrammingOnAnEmptyDatabase() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.executable.path), "build the executable first (swift build --build-tests)")
        let location = try await TestDatabases.shared.location(.sqlite, seed: .empty)
        guard case .sqliteFile(let path) = location else { return }
        defer { Task { await TestDatabases.shared.release(location) } }
        let run = try CommandLineTests.start(["demo"], environment: ["PASSERELLE_DATABASE_URL": "sqlite://" + path])
        let output = run.text
        run.process.waitUntilExit()
        #expect(run.process.terminationStatus == 0, "\(output)")
        #expect(output.contains("Programmation de démonstration de la CALL : 35 candidatures fictives (porteurs, SIRET et montants inventés)."))
        let again = try CommandLineTests.start(["demo"], environment: ["PASSERELLE_DATABASE_URL": "sqlite://" + path])
        let second = again.text
        again.process.waitUntilExit()
        #expect(!second.contains("Programmation de démonstration"), "loaded once")
    }

    @Test func theCommandLineWritesTheSCDLFileToStandardOutput() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.executable.path), "build the executable first (swift build --build-tests)")
        let location = try await TestDatabases.shared.location(.sqlite, seed: .demo)
        guard case .sqliteFile(let path) = location else { return }
        defer { Task { await TestDatabases.shared.release(location) } }
        func run(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
            let process = Process()
            process.executableURL = CommandLineTests.executable
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            environment["PASSERELLE_DATABASE_URL"] = "sqlite://" + path
            process.environment = environment
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let outData = out.fileHandleForReading.readDataToEndOfFile()
            let errData = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
        }
        let result = try run(["export", "scdl", "--contract", "call", "--year", "2025"])
        #expect(result.status == 0)
        #expect(result.out.hasPrefix("nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,idBeneficiaire,objet,montant,nature,conditionsVersement,datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention\r\n"))
        #expect(SCDLSubsidies.validate(csv: result.out) == [])
        #expect(result.out.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 13)
        #expect(result.err.contains("Non publié : État (Préfecture du Pas-de-Calais) : le SIRET de l'attribuant manque"))
        let all = try run(["export", "scdl"])
        #expect(all.out.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 15, "2024 and 2025: 14 rows")
        let bad = try run(["export", "scdl", "--year", "deux-mille"])
        #expect(bad.status == 1)
        #expect(bad.err.contains("Option --year invalide « deux-mille »"))
        let unknown = try run(["export", "scdl", "--contract", "nulle-part"])
        #expect(unknown.err.contains("Contrat « nulle-part » introuvable."))
    }
}
