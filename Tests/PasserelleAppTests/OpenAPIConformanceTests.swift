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
        var contentType = "text/csv"
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
        Call(method: .POST, path: "/api/v1/locate", template: "/api/v1/locate", status: 401, json: [:]),
        Call(method: .POST, path: "/api/v1/locate", template: "/api/v1/locate", status: 200, raw: "{\"points\":[{\"id\":\"a\",\"lat\":50.72,\"lon\":1.61},{\"id\":\"b\"}]}", asAdministrator: true, contentType: "application/json"),
        Call(method: .POST, path: "/api/v1/locate", template: "/api/v1/locate", status: 400, raw: "{\"points\":3}", asAdministrator: true, contentType: "application/json"),
        Call(path: "/api/v1/contracts/call/vulnerability?model=aucun", template: "/api/v1/contracts/{id}/vulnerability", status: 404, asAdministrator: true),
        Call(path: "/api/v1/contracts/call/vulnerability", template: "/api/v1/contracts/{id}/vulnerability", status: 400, asAdministrator: true),
        Call(path: "/api/v1/contracts/call/vulnerability?model=x", template: "/api/v1/contracts/{id}/vulnerability", status: 401),
        Call(path: "/api/v1/contracts/call/cool-places", template: "/api/v1/contracts/{id}/cool-places", status: 200),
        Call(path: "/api/v1/contracts/call/cool-places?radius=2", template: "/api/v1/contracts/{id}/cool-places", status: 400),
        Call(path: "/api/v1/contracts/999/cool-places", template: "/api/v1/contracts/{id}/cool-places", status: 404),
        Call(method: .POST, path: "/api/v1/outlines?kind=qpv&codeProperty=code", template: "/api/v1/outlines", status: 401, raw: "{}"),
        Call(method: .POST, path: "/api/v1/outlines?kind=qpv", template: "/api/v1/outlines", status: 400, raw: "{}", asAdministrator: true),
        Call(method: .POST, path: "/api/v1/outlines?kind=qpv&codeProperty=code", template: "/api/v1/outlines", status: 422,
             raw: "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"QN99999X\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[1,1],[2,1],[2,2],[1,1]]]}}]}", asAdministrator: true),
        Call(method: .POST, path: "/api/v1/outlines?kind=commune&codeProperty=code", template: "/api/v1/outlines", status: 201,
             raw: "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":\"75056\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[2.3,48.8],[2.4,48.8],[2.4,48.9],[2.3,48.8]]]}}]}", asAdministrator: true),
        Call(method: .POST, path: "/api/v1/outlines?kind=commune&codeProperty=code", template: "/api/v1/outlines", status: 200,
             raw: "{\"type\":\"FeatureCollection\",\"features\":[]}", asAdministrator: true),
        Call(method: .POST, path: "/api/v1/indicator-imports?format=rond", template: "/api/v1/indicator-imports", status: 400,
             raw: "code\n", asAdministrator: true),
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
                                                         headers: call.raw == nil ? [:] : ["Content-Type": call.contentType], raw: call.raw)
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
