import Foundation
@testable import PasserelleApp
import PasserelleDomain
import SQLKit
import Testing
import Vapor

/// Audit trail, contract creation rights, escaping of hostile text, backups.
struct TrustTests {
    static let hostile = "<script>alert(\"x\")</script>"

    @Test(arguments: Engine.allCases)
    func creatingAContractNeedsAnAdministratorAndIsAudited(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let body = ["name": "Contrat de ville de test", "shortName": "TEST", "epci": "246200299"]
            let anonymous = try await Browser(app).request(.POST, "/api/v1/contracts", json: body)
            #expect(anonymous.status == .unauthorized)
            let team = try await TestUsers.make(app, role: .contractTeam)
            #expect(try await Browser(app, bearer: team.token).request(.POST, "/api/v1/contracts", json: body).status == .forbidden)

            let admin = try await TestUsers.make(app, role: .administrator, contract: nil)
            let created = try await Browser(app, bearer: admin.token).request(.POST, "/api/v1/contracts", json: body)
            #expect(created.status == .created)
            #expect(created.object["slug"] as? String == "test")
            #expect((created.object["qpv"] as? [String])?.count == 12, "CA Hénin-Carvin touches twelve QPV 2024")
            #expect((created.object["qpv"] as? [String])?.contains("QN06243M") == true, "shared with Lens-Liévin")
            #expect(created.headers.first(name: .location) == "/api/v1/contracts/\(created.object["id"] as? Int ?? 0)")

            let duplicate = try await Browser(app, bearer: admin.token).request(.POST, "/api/v1/contracts", json: body)
            #expect(duplicate.status == .unprocessableEntity)
            #expect(duplicate.object["message"] as? String == "Champ « slug » : « test » est déjà utilisé par un autre contrat.")
            let unknownEPCI = try await Browser(app, bearer: admin.token).request(.POST, "/api/v1/contracts", json: ["name": "X", "shortName": "X2", "epci": "123456789"])
            #expect(unknownEPCI.status == .unprocessableEntity)
            #expect(unknownEPCI.object["message"] as? String == "Champ « epci » : aucun EPCI de SIREN « 123456789 » dans le référentiel.")
            let malformed = try await Browser(app, bearer: admin.token).request(.POST, "/api/v1/contracts", headers: ["Content-Type": "application/json"])
            #expect(malformed.status == .badRequest)

            let audit = try await Browser(app, bearer: admin.token).get("/api/v1/audit?entityType=contract")
            let entries = try #require(audit.object["items"] as? [[String: Any]])
            #expect(entries.count == 1)
            #expect(entries.first?["actorLabel"] as? String == admin.account.email)
            #expect((entries.first?["after"] as? String)?.contains("\"epci\":\"246200299\"") == true)
            #expect(try await Browser(app, bearer: team.token).get("/api/v1/audit").status == .forbidden)
        }
    }

    @Test(arguments: Engine.allCases)
    func theAuditTrailIsAppendOnly(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let admin = try await TestUsers.make(app, role: .administrator, contract: nil)
            let team = try await TestUsers.make(app, role: .contractTeam)
            let service = AccountService(database: app.db, clock: app.clock, hasher: app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.next()),
                                         logger: app.logger, outbox: MemoryOutbox(), publicURL: "http://test")
            #expect(try await service.changeRole(userID: team.account.id, membership: Membership(role: .funder, contractID: 2), grant: true,
                                                 by: Actor(userID: admin.account.id, label: admin.account.email)))
            let entries = try await AuditTrail(database: app.db, clock: app.clock).entries(.init(entityType: "user"))
            let grant = try #require(entries.items.first)
            #expect(grant.action == "grant")
            #expect(grant.before == "[\"contractTeam@1\"]")
            #expect(grant.after == "[\"contractTeam@1\",\"funder@2\"]")
            #expect(grant.contractID == 2)

            let sql = app.db as! any SQLDatabase
            await #expect(throws: (any Error).self) { try await sql.raw("UPDATE audit_log SET actor_label = 'quelqu''un d''autre'").run() }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM audit_log").run() }
            let after = try await AuditTrail(database: app.db, clock: app.clock).entries(.init())
            #expect(after.items.contains { $0.actorLabel == admin.account.email })

            let csv = try await Browser(app, bearer: admin.token).get("/api/v1/audit?format=csv&entityType=user")
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.body.hasPrefix("id,occurred_at,actor_user_id,actor,action,entity_type,entity_id,contract_id,before,after\r\n"))
            #expect(csv.body.contains("\"[\"\"contractTeam@1\"\",\"\"funder@2\"\"]\""))
        }
    }

    @Test func hostileTextComesBackInert() async throws {
        try await withPasserelle(.sqlite) { app in
            let admin = try await TestUsers.make(app, role: .administrator, contract: nil, organisation: Self.hostile)
            let body = AccountAPIController.NewContract(slug: "hostile", name: "Contrat " + Self.hostile, shortName: Self.hostile, epci: "246200299",
                                                        startYear: nil, endYear: nil, levelNames: [Self.hostile])
            let created = try await Browser(app, bearer: admin.token).request(.POST, "/api/v1/contracts", json: body)
            #expect(created.status == .created)
            let browser = Browser(app)
            _ = try await browser.request(.POST, "/api/v1/session", json: ["email": admin.account.email, "password": TestUsers.password])
            _ = try await browser.submit(from: "/compte", to: "/compte/jetons", ["name": Self.hostile])
            for path in ["/contrats/hostile", "/contrats", "/", "/compte", "/admin/utilisateurs", "/admin/journal",
                         "/recherche?q=\(Self.hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                         "/territoires/\(Self.hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"] {
                let page = try await browser.get(path)
                #expect(!page.body.contains("<script"), "\(path) lets a script tag through")
                #expect(!page.body.contains("alert(\"x\")"), "\(path) lets a quote through unescaped")
            }
            let contractPage = try await browser.get("/contrats/hostile")
            #expect(contractPage.body.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        }
    }

    @Test func errorsNeverLeakInternals() async throws {
        try await withPasserelle(.sqlite) { app in
            let admin = try await TestUsers.make(app, role: .administrator, contract: nil)
            let notJSON = try await Browser(app, bearer: admin.token).request(.POST, "/api/v1/contracts", headers: ["Content-Type": "application/json"])
            #expect(notJSON.status == .badRequest)
            #expect(notJSON.object["error"] as? String != nil)
            for text in ["SQL", "sqlite", "Swift", "Fatal", "DecodingError"] {
                #expect(!notJSON.body.contains(text))
            }
            let page = try await Browser(app).get("/territoires/%00")
            #expect(page.status == .notFound)
            #expect(page.headers.first(name: "Content-Security-Policy") != nil, "error pages carry the security headers too")
        }
    }

    @Test(arguments: Engine.allCases)
    func backupWipeRestoreGivesTheSameDatabase(engine: Engine) async throws {
        let location = try await TestDatabases.shared.location(engine, seed: .demo)
        let file = NSTemporaryDirectory() + "passerelle-backup-\(UUID().uuidString).\(engine == .sqlite ? "sqlite" : "dump")"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let tables = ["territories", "territory_links", "contracts", "strategy_nodes", "organisations", "signatories", "users", "memberships", "audit_log"]

        func fingerprint(_ app: Application) async throws -> [String: Int] {
            var counts: [String: Int] = [:]
            struct Count: Decodable { var total: Int }
            for table in tables {
                counts[table] = try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS total FROM \(ident: table)").first(decoding: Count.self)?.total
            }
            struct Sum: Decodable { var total: Int? }
            counts["population"] = try await (app.db as! any SQLDatabase).raw("SELECT CAST(SUM(population) AS BIGINT) AS total FROM territories").first(decoding: Sum.self)?.total
            return counts
        }

        func withApp<T>(_ body: (Application) async throws -> T) async throws -> T {
            let app = try await Application.make(.testing)
            app.logger.logLevel = .warning
            do {
                try await configure(app, settings: Settings(database: location))
                let result = try await body(app)
                try await app.asyncShutdown()
                return result
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
        }

        let before = try await withApp { app in
            _ = try await TestUsers.make(app, role: .administrator, contract: nil)
            try await Backup.backup(location, database: app.db, to: file)
            await #expect(throws: Backup.Failure.self) { try await Backup.backup(location, database: app.db, to: file) }
            return try await fingerprint(app)
        }
        #expect(before["users"] == 1)
        #expect(before["territories"] == 37804, "the reference and the demo's aggregate of the CALL QPV")

        // Wipe: every table emptied or dropped.
        try await withApp { app in
            let sql = app.db as! any SQLDatabase
            if engine == .sqlite {
                for table in ["memberships", "api_tokens", "users", "signatories", "governance_bodies", "transversal_axes", "strategy_nodes", "contract_territories", "contracts"] {
                    try await sql.raw("DELETE FROM \(ident: table)").run()
                }
            } else {
                try await sql.raw("DROP SCHEMA public CASCADE").run()
                try await sql.raw("CREATE SCHEMA public").run()
            }
        }
        try Backup.restore(location, from: file)
        let after = try await withApp { app in try await fingerprint(app) }
        #expect(after == before)
        #expect(throws: Backup.Failure.self) { try Backup.restore(location, from: "/etc/hostname") }
        await TestDatabases.shared.release(location)
    }
}
