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

    /// Concrete calls covering every documented operation, with the status each must answer.
    static let calls: [(path: String, template: String, status: Int)] = [
        ("/api/v1/openapi.json", "/api/v1/openapi.json", 200),
        ("/api/v1/territories?q=lens&kind=commune&limit=3", "/api/v1/territories", 200),
        ("/api/v1/territories?limit=0", "/api/v1/territories", 400),
        ("/api/v1/territories?parent=999999999", "/api/v1/territories", 404),
        ("/api/v1/territories/QN06216M", "/api/v1/territories/{code}", 200),
        ("/api/v1/territories/32?kind=region", "/api/v1/territories/{code}", 200),
        ("/api/v1/territories/ZZ", "/api/v1/territories/{code}", 404),
        ("/api/v1/territories/32?kind=planete", "/api/v1/territories/{code}", 400),
        ("/api/v1/contracts", "/api/v1/contracts", 200),
        ("/api/v1/contracts/call", "/api/v1/contracts/{id}", 200),
        ("/api/v1/contracts/404", "/api/v1/contracts/{id}", 404),
    ]

    @Test func responsesMatchTheDocumentedSchemas() async throws {
        #expect(Set(Self.calls.map { "GET \($0.template)" }) == Self.documentedOperations, "every operation is exercised")
        let check = JSONSchemaCheck(document: Self.document)
        let paths = Self.document["paths"] as? [String: Any] ?? [:]
        try await withPasserelle(.sqlite) { app in
            for call in Self.calls {
                let response = try await app.get(call.path)
                #expect(Int(response.status.code) == call.status, "\(call.path)")
                let operation = (paths[call.template] as? [String: Any])?["get"] as? [String: Any]
                let documented = (operation?["responses"] as? [String: Any])?[String(call.status)] as? [String: Any]
                let schema = try #require(((documented?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any],
                                          "status \(call.status) of \(call.template) is documented")
                let body = try #require(JSONValue.parse(response.body), "\(call.path) answers JSON")
                #expect(check.problems(body, against: schema) == [], "\(call.path)")
            }
        }
    }
}
