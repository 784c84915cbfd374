@testable import PasserelleApp
import Testing
import Vapor

struct APITests {
    @Test(arguments: Engine.allCases)
    func territoryByCodeWithParentsAndChildren(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let qpv = try await app.get("/api/v1/territories/QN06216M")
            #expect(qpv.status == .ok)
            #expect(qpv.object["kind"] as? String == "qpv")
            #expect(qpv.object["name"] as? String == "Quartier Saint-Elie - Fosse 13")
            let parents = try #require(qpv.object["parents"] as? [[String: Any]])
            #expect(Set(parents.filter { $0["kind"] as? String == "epci" }.compactMap { $0["code"] as? String }) == ["246200364", "200072460"])
            #expect(parents.filter { $0["kind"] as? String == "commune" }.count == 3)

            let epci = try await app.get("/api/v1/territories/246200364")
            let children = try #require(epci.object["children"] as? [[String: Any]])
            #expect(children.filter { $0["kind"] as? String == "commune" }.count == 36)
            #expect(children.filter { $0["kind"] as? String == "qpv" }.count == 22)
            #expect(epci.object["population"] as? Int == 244_525)
        }
    }

    @Test func territoryListSearchFilterAndPaging() async throws {
        try await withPasserelle(.sqlite) { app in
            let qpv = try await app.get("/api/v1/territories?kind=qpv&limit=5")
            #expect(qpv.object["total"] as? Int == 1493)
            #expect((qpv.object["items"] as? [Any])?.count == 5)
            let call = try await app.get("/api/v1/territories?kind=qpv&parent=246200364&limit=500")
            #expect(call.object["total"] as? Int == 22)
            let cabbalr = try await app.get("/api/v1/territories?kind=commune&parent=200072460&limit=500")
            #expect(cabbalr.object["total"] as? Int == 100)
            let noeux = try await app.get("/api/v1/territories?q=noeux&kind=commune")
            let first = try #require((noeux.object["items"] as? [[String: Any]])?.first)
            #expect(first["name"] as? String == "Nœux-les-Mines")
            #expect(first["code"] as? String == "62617")
        }
    }

    @Test func contractsListAndDetail() async throws {
        try await withPasserelle(.sqlite) { app in
            let list = try await app.get("/api/v1/contracts")
            #expect(list.object["total"] as? Int == 3)
            let detail = try await app.get("/api/v1/contracts/call")
            #expect(detail.status == .ok)
            #expect((detail.object["epci"] as? [String: Any])?["code"] as? String == "246200364")
            #expect((detail.object["qpv"] as? [String])?.count == 22)
            let tree = try #require(detail.object["tree"] as? [[String: Any]])
            #expect(tree.map { $0["title"] as? String } == ["Prévenir – repérer", "Agir", "Coopérer"])
            #expect(tree.map { ($0["children"] as? [Any])?.count } == [5, 5, 2])
            #expect(tree.first?["level"] as? String == "pillar")
            let byID = try await app.get("/api/v1/contracts/\(detail.object["id"] as? Int ?? 0)")
            #expect(byID.object["slug"] as? String == "call")
        }
    }

    @Test func errorsAreJSONInFrenchWithTheRightStatus() async throws {
        try await withPasserelle(.sqlite) { app in
            let unknown = try await app.get("/api/v1/territories/QN00000X")
            #expect(unknown.status == .notFound)
            #expect(unknown.headers.contentType == .json)
            #expect(unknown.object["error"] as? String == "not_found")
            #expect(unknown.object["message"] as? String == "Le territoire de code « QN00000X » est introuvable.")

            let limit = try await app.get("/api/v1/territories?limit=abc")
            #expect(limit.status == .badRequest)
            #expect(limit.object["error"] as? String == "invalid_parameter")
            #expect(limit.object["message"] as? String == "Paramètre « limit » invalide : un nombre entier entre 1 et 500 est attendu, « abc » reçu.")

            let kind = try await app.get("/api/v1/territories?kind=quartier")
            #expect(kind.status == .badRequest)
            #expect((kind.object["message"] as? String)?.contains("« kind »") == true)

            let route = try await app.get("/api/v1/nowhere")
            #expect(route.status == .notFound)
            #expect(route.object["error"] as? String == "not_found")

            let contract = try await app.get("/api/v1/contracts/999")
            #expect(contract.status == .notFound)
            #expect(contract.object["message"] as? String == "Le contrat « 999 » est introuvable.")
        }
    }
}
