import Foundation
@testable import PasserelleApp
import Testing
import Vapor

/// The OpenAPI document and the routes agree: same paths and methods, and real responses
/// (successes and errors) match the documented schemas.
struct OpenAPIConformanceTests {
    static var document: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(Resources.openAPIDocument))) as? [String: Any] ?? [:]
    }

    static var documentedOperations: Set<String> {
        var operations = Set<String>()
        for (path, item) in document["paths"] as? [String: Any] ?? [:] {
            for method in (item as? [String: Any] ?? [:]).keys { operations.insert("\(method.uppercased()) \(path)") }
        }
        return operations
    }

    @Test func everyAPIRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        try await withPasserelle(.sqlite, seed: .empty) { app in
            let registered = Set(app.routes.all.compactMap { route -> String? in
                let components = route.path.map { component -> String in
                    switch component {
                    case .parameter(let name): "{\(name)}"
                    default: component.description
                    }
                }
                guard components.starts(with: ["api", "v1"]) else { return nil }
                return "\(route.method.rawValue) /" + components.joined(separator: "/")
            })
            #expect(registered == Self.documentedOperations)
        }
    }

    struct Call: Sendable {
        var method: HTTPMethod = .GET
        var path: String
        var template: String
        var status: Int
        var json: [String: String]? = nil
        var raw: String? = nil
        var asAdministrator = false
    }

    /// Concrete calls covering every documented operation, with the status each must answer.
    static let calls: [Call] = [
        Call(path: "/api/v1/openapi.json", template: "/api/v1/openapi.json", status: 200),
        Call(path: "/api/v1/territories?q=lens&kind=commune&limit=3", template: "/api/v1/territories", status: 200),
        Call(path: "/api/v1/territories?limit=0", template: "/api/v1/territories", status: 400),
        Call(path: "/api/v1/territories?parent=999999999", template: "/api/v1/territories", status: 404),
        Call(path: "/api/v1/territories/QN06216M", template: "/api/v1/territories/{code}", status: 200),
        Call(path: "/api/v1/territories/32?kind=region", template: "/api/v1/territories/{code}", status: 200),
        Call(path: "/api/v1/territories/ZZ", template: "/api/v1/territories/{code}", status: 404),
        Call(path: "/api/v1/territories/32?kind=planete", template: "/api/v1/territories/{code}", status: 400),
        Call(path: "/api/v1/contracts", template: "/api/v1/contracts", status: 200),
        Call(method: .POST, path: "/api/v1/contracts", template: "/api/v1/contracts", status: 401, json: ["name": "X", "shortName": "X", "epci": "246200299"]),
        Call(method: .POST, path: "/api/v1/contracts", template: "/api/v1/contracts", status: 201, json: ["name": "Hénin-Carvin", "shortName": "CAHC", "epci": "246200299"], asAdministrator: true),
        Call(method: .POST, path: "/api/v1/contracts", template: "/api/v1/contracts", status: 422, json: ["name": "", "shortName": "Y", "epci": "246200299"], asAdministrator: true),
        Call(path: "/api/v1/contracts/call", template: "/api/v1/contracts/{id}", status: 200),
        Call(path: "/api/v1/contracts/404", template: "/api/v1/contracts/{id}", status: 404),
        Call(method: .POST, path: "/api/v1/session", template: "/api/v1/session", status: 401, json: ["email": "personne@exemple.fr", "password": "mauvais mot de passe"]),
        Call(method: .POST, path: "/api/v1/session", template: "/api/v1/session", status: 200, json: ["email": "admin-openapi@exemple.fr", "password": TestUsers.password]),
        Call(method: .DELETE, path: "/api/v1/session", template: "/api/v1/session", status: 204),
        Call(path: "/api/v1/me", template: "/api/v1/me", status: 401),
        Call(path: "/api/v1/me", template: "/api/v1/me", status: 200, asAdministrator: true),
        Call(path: "/api/v1/tokens", template: "/api/v1/tokens", status: 200, asAdministrator: true),
        Call(method: .POST, path: "/api/v1/tokens", template: "/api/v1/tokens", status: 201, json: ["name": "conformité"], asAdministrator: true),
        Call(method: .POST, path: "/api/v1/tokens", template: "/api/v1/tokens", status: 422, json: ["name": ""], asAdministrator: true),
        Call(method: .DELETE, path: "/api/v1/tokens/987654", template: "/api/v1/tokens/{tokenID}", status: 404, asAdministrator: true),
        Call(path: "/api/v1/audit", template: "/api/v1/audit", status: 200, asAdministrator: true),
        Call(path: "/api/v1/audit", template: "/api/v1/audit", status: 401),
        Call(path: "/api/v1/indicators", template: "/api/v1/indicators", status: 200),
        Call(path: "/api/v1/observations?territory=246200364", template: "/api/v1/observations", status: 200),
        Call(path: "/api/v1/observations", template: "/api/v1/observations", status: 400),
        Call(path: "/api/v1/observations?territory=XX", template: "/api/v1/observations", status: 404),
        Call(path: "/api/v1/gaps?indicator=poverty_rate&period=2019&contract=call", template: "/api/v1/gaps", status: 200),
        Call(path: "/api/v1/gaps?indicator=poverty_rate", template: "/api/v1/gaps", status: 400),
        Call(path: "/api/v1/gaps?indicator=nope&period=2019&contract=call", template: "/api/v1/gaps", status: 404),
        Call(path: "/api/v1/territories/QN06225M/portrait", template: "/api/v1/territories/{code}/portrait", status: 200),
        Call(path: "/api/v1/territories/32/portrait?kind=x", template: "/api/v1/territories/{code}/portrait", status: 400),
        Call(path: "/api/v1/territories/XX/portrait", template: "/api/v1/territories/{code}/portrait", status: 404),
        Call(path: "/api/v1/contracts/call/portrait", template: "/api/v1/contracts/{id}/portrait", status: 200),
        Call(path: "/api/v1/contracts/999/portrait", template: "/api/v1/contracts/{id}/portrait", status: 404),
        Call(method: .POST, path: "/api/v1/indicator-imports", template: "/api/v1/indicator-imports", status: 401),
        Call(method: .POST, path: "/api/v1/indicator-imports?fileName=x.csv&dryRun=true", template: "/api/v1/indicator-imports", status: 200,
             raw: "code,indicateur,periode,valeur\n62498,poverty_rate,2020,32.4\n", asAdministrator: true),
        Call(method: .POST, path: "/api/v1/indicator-imports?fileName=x.csv", template: "/api/v1/indicator-imports", status: 201,
             raw: "code,indicateur,periode,valeur\n62498,poverty_rate,2020,32.4\n", asAdministrator: true),
        Call(method: .POST, path: "/api/v1/indicator-imports?fileName=x.csv", template: "/api/v1/indicator-imports", status: 422,
             raw: "code,indicateur,periode,valeur\n62498,poverty_rate,2020,beaucoup\n", asAdministrator: true),
        Call(method: .POST, path: "/api/v1/indicator-imports?format=rond", template: "/api/v1/indicator-imports", status: 400,
             raw: "code\n", asAdministrator: true),
        // Issue 6 — key actions, examples, actors, suggestions, catalogue export and import
        Call(path: "/api/v1/key-actions", template: "/api/v1/key-actions", status: 200),
        Call(path: "/api/v1/examples?q=ilot%20de%20fraicheur&theme=climate&limit=5", template: "/api/v1/examples", status: 200),
        Call(path: "/api/v1/examples?axis=2&costBand=under10k&scale=commune&public=youth&region=occitanie&keyAction=3&offset=1", template: "/api/v1/examples", status: 200),
        Call(path: "/api/v1/examples?theme=lune", template: "/api/v1/examples", status: 400),
        Call(path: "/api/v1/examples/carte-des-ilots-de-fraicheur-et-horaires-elargis-a-paris", template: "/api/v1/examples/{exampleID}", status: 200),
        Call(path: "/api/v1/examples/atelier-textile-pere-pigne-insertion-de-femmes-gitanes-a-perpignan", template: "/api/v1/examples/{exampleID}", status: 200),
        Call(path: "/api/v1/examples/inconnu", template: "/api/v1/examples/{exampleID}", status: 404),
        Call(path: "/api/v1/actors?q=bailleur&limit=3", template: "/api/v1/actors", status: 200),
        Call(path: "/api/v1/actors?kind=martien", template: "/api/v1/actors", status: 400),
        Call(path: "/api/v1/actors/ademe", template: "/api/v1/actors/{actorID}", status: 200),
        Call(path: "/api/v1/actors/inconnu", template: "/api/v1/actors/{actorID}", status: 404),
        Call(path: "/api/v1/territories/QN06225M/suggestions", template: "/api/v1/territories/{code}/suggestions", status: 200),
        Call(path: "/api/v1/territories/QN06225M/suggestions?limit=0", template: "/api/v1/territories/{code}/suggestions", status: 400),
        Call(path: "/api/v1/territories/XX/suggestions", template: "/api/v1/territories/{code}/suggestions", status: 404),
        Call(path: "/api/v1/contracts/call/suggestions", template: "/api/v1/contracts/{id}/suggestions", status: 200),
        Call(path: "/api/v1/contracts/call/suggestions?limit=99", template: "/api/v1/contracts/{id}/suggestions", status: 400),
        Call(path: "/api/v1/contracts/999/suggestions", template: "/api/v1/contracts/{id}/suggestions", status: 404),
        Call(path: "/api/v1/catalogue", template: "/api/v1/catalogue", status: 200),
        Call(path: "/api/v1/catalogue?format=xml", template: "/api/v1/catalogue", status: 400),
        Call(method: .POST, path: "/api/v1/catalogue", template: "/api/v1/catalogue", status: 401, raw: CatalogueTests.sharedCatalogue),
        Call(method: .POST, path: "/api/v1/catalogue", template: "/api/v1/catalogue", status: 201, raw: CatalogueTests.sharedCatalogue, asAdministrator: true),
        Call(method: .POST, path: "/api/v1/catalogue", template: "/api/v1/catalogue", status: 200, raw: CatalogueTests.sharedCatalogue, asAdministrator: true),
        Call(method: .POST, path: "/api/v1/catalogue", template: "/api/v1/catalogue", status: 422,
             raw: CatalogueTests.sharedCatalogue.replacingOccurrences(of: "\"keyAction\":1", with: "\"keyAction\":99"), asAdministrator: true),
        Call(method: .POST, path: "/api/v1/catalogue", template: "/api/v1/catalogue", status: 400, raw: "", asAdministrator: true),
    ]

    @Test func responsesMatchTheDocumentedSchemas() async throws {
        #expect(Set(Self.calls.map { "\($0.method.rawValue) \($0.template)" }) == Self.documentedOperations, "every operation is exercised")
        let check = JSONSchemaCheck(document: Self.document)
        let paths = Self.document["paths"] as? [String: Any] ?? [:]
        try await withPasserelle(.sqlite) { app in
            let admin = try await TestUsers.make(app, role: .administrator, contract: nil, email: "admin-openapi@exemple.fr")
            for call in Self.calls {
                let browser = Browser(app, bearer: call.asAdministrator ? admin.token : nil)
                let response = try await browser.request(call.method, call.path, json: call.json,
                                                         headers: call.raw == nil ? [:] : ["Content-Type": "text/csv"], raw: call.raw)
                #expect(Int(response.status.code) == call.status, "\(call.method) \(call.path)")
                let operation = (paths[call.template] as? [String: Any])?[call.method.rawValue.lowercased()] as? [String: Any]
                let documented = try #require((operation?["responses"] as? [String: Any])?[String(call.status)] as? [String: Any],
                                              "status \(call.status) of \(call.method) \(call.template) is documented")
                guard let content = documented["content"] as? [String: Any] else {
                    #expect(response.body.isEmpty, "\(call.path): an undocumented body")
                    continue
                }
                let schema = try #require((content["application/json"] as? [String: Any])?["schema"] as? [String: Any])
                let body = try #require(JSONValue.parse(response.body), "\(call.path) answers JSON")
                #expect(check.problems(body, against: schema) == [], "\(call.method) \(call.path)")
            }
        }
    }
}
