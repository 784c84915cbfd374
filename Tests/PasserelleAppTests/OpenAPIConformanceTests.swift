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
        /// A JSON body given as text (nested objects, numbers).
        var body: String? = nil
        /// Who calls, by name in `tokens` (programming: "holder", "team", "etat").
        var by: String? = nil
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
    ] + programmingCalls

    // Programming (issue 8): the demo has calls 1 (2024) and 2 (2025) and applications 1–35; the call opened
    // here is n° 3 and the application started on it n° 36.
    static let openCall = #"{"title": "Appel conformité", "year": 2027, "opensOn": "2026-01-01", "closesOn": "2099-12-31", "actionStartsOn": "2027-01-01", "actionEndsOn": "2030-12-31", "funders": [{"funder": "etat", "schemes": ["P147"], "envelope": 50000}]}"#
    static func draft(budget: Int) -> String {
        #"{"title": "Projet de conformité", "actionType": "food", "scale": "commune", "objectives": ["P2.A3"], "qpv": ["QN06224M"], "startDate": "2027-03-01", "endDate": "2027-11-30", "years": [2027], "budget": [{"label": "Animation", "amount": \#(budget)}], "fundingPlan": [{"funder": "etat", "scheme": "P147", "requested": 5000}], "ownFunds": "1 000", "beneficiaries": {"total": 40, "women": 20, "men": 20, "livingInQPVShare": 90}, "transitionStatement": "Moins de gaspillage alimentaire."}"#
    }
    static let programmingCalls: [Call] = [
        Call(path: "/api/v1/funders", template: "/api/v1/funders", status: 200),
        Call(path: "/api/v1/contracts/call/calls", template: "/api/v1/contracts/{id}/calls", status: 200),
        Call(path: "/api/v1/contracts/nulle-part/calls", template: "/api/v1/contracts/{id}/calls", status: 404),
        Call(method: .POST, path: "/api/v1/contracts/call/calls", template: "/api/v1/contracts/{id}/calls", status: 401, body: openCall),
        Call(method: .POST, path: "/api/v1/contracts/call/calls", template: "/api/v1/contracts/{id}/calls", status: 403, body: openCall, by: "holder"),
        Call(method: .POST, path: "/api/v1/contracts/call/calls", template: "/api/v1/contracts/{id}/calls", status: 400, body: "{pas du json", by: "team"),
        Call(method: .POST, path: "/api/v1/contracts/nulle-part/calls", template: "/api/v1/contracts/{id}/calls", status: 404, asAdministrator: true, body: openCall),
        Call(method: .POST, path: "/api/v1/contracts/call/calls", template: "/api/v1/contracts/{id}/calls", status: 422,
             body: openCall.replacingOccurrences(of: "2099-12-31", with: "2025-12-31"), by: "team"),
        Call(method: .POST, path: "/api/v1/contracts/call/calls", template: "/api/v1/contracts/{id}/calls", status: 201, body: openCall, by: "team"),
        Call(path: "/api/v1/calls/3", template: "/api/v1/calls/{callID}", status: 200),
        Call(path: "/api/v1/calls/999999", template: "/api/v1/calls/{callID}", status: 404),
        Call(method: .POST, path: "/api/v1/calls/3/applications", template: "/api/v1/calls/{callID}/applications", status: 401, body: "{}"),
        Call(method: .POST, path: "/api/v1/calls/3/applications", template: "/api/v1/calls/{callID}/applications", status: 403, body: "{}", by: "team"),
        Call(method: .POST, path: "/api/v1/calls/999999/applications", template: "/api/v1/calls/{callID}/applications", status: 404, body: "{}", by: "holder"),
        Call(method: .POST, path: "/api/v1/calls/3/applications", template: "/api/v1/calls/{callID}/applications", status: 422, asAdministrator: true, body: "{}"),
        Call(method: .POST, path: "/api/v1/calls/3/applications", template: "/api/v1/calls/{callID}/applications", status: 201, body: #"{"title": "Projet de conformité"}"#, by: "holder"),
        Call(method: .POST, path: "/api/v1/calls/3/applications", template: "/api/v1/calls/{callID}/applications", status: 409, body: "{}", by: "holder"),
        Call(path: "/api/v1/applications", template: "/api/v1/applications", status: 401),
        Call(path: "/api/v1/applications", template: "/api/v1/applications", status: 200, by: "holder"),
        Call(path: "/api/v1/applications/36", template: "/api/v1/applications/{applicationID}", status: 401),
        Call(path: "/api/v1/applications/1", template: "/api/v1/applications/{applicationID}", status: 404, by: "holder"),
        Call(path: "/api/v1/applications/36", template: "/api/v1/applications/{applicationID}", status: 200, by: "holder"),
        Call(method: .PUT, path: "/api/v1/applications/36", template: "/api/v1/applications/{applicationID}", status: 401, body: draft(budget: 6000)),
        Call(method: .PUT, path: "/api/v1/applications/1", template: "/api/v1/applications/{applicationID}", status: 404, body: draft(budget: 6000), by: "holder"),
        Call(method: .PUT, path: "/api/v1/applications/36", template: "/api/v1/applications/{applicationID}", status: 400, body: "[1, 2", by: "holder"),
        Call(method: .PUT, path: "/api/v1/applications/36", template: "/api/v1/applications/{applicationID}", status: 422,
             body: draft(budget: 6000).replacingOccurrences(of: "\"requested\": 5000", with: "\"requested\": \"cinq mille\""), by: "holder"),
        Call(method: .PUT, path: "/api/v1/applications/36", template: "/api/v1/applications/{applicationID}", status: 200, body: draft(budget: 7000), by: "holder"),
        Call(method: .POST, path: "/api/v1/applications/36/submission", template: "/api/v1/applications/{applicationID}/submission", status: 422, by: "holder"),
        Call(method: .POST, path: "/api/v1/applications/36/submission", template: "/api/v1/applications/{applicationID}/submission", status: 401),
        Call(method: .POST, path: "/api/v1/applications/1/submission", template: "/api/v1/applications/{applicationID}/submission", status: 404, by: "holder"),
        Call(method: .PUT, path: "/api/v1/applications/36", template: "/api/v1/applications/{applicationID}", status: 200, body: draft(budget: 6000), by: "holder"),
        Call(method: .POST, path: "/api/v1/applications/36/submission", template: "/api/v1/applications/{applicationID}/submission", status: 200, by: "holder"),
        Call(method: .POST, path: "/api/v1/applications/36/transitions", template: "/api/v1/applications/{applicationID}/transitions", status: 401, body: #"{"to": "receivable"}"#),
        Call(method: .POST, path: "/api/v1/applications/36/transitions", template: "/api/v1/applications/{applicationID}/transitions", status: 400, body: #"{"to": "ailleurs"}"#, by: "team"),
        Call(method: .POST, path: "/api/v1/applications/999999/transitions", template: "/api/v1/applications/{applicationID}/transitions", status: 404, body: #"{"to": "receivable"}"#, by: "team"),
        Call(method: .POST, path: "/api/v1/applications/36/transitions", template: "/api/v1/applications/{applicationID}/transitions", status: 422, body: #"{"to": "receivable"}"#, by: "holder"),
        Call(method: .POST, path: "/api/v1/applications/36/transitions", template: "/api/v1/applications/{applicationID}/transitions", status: 200, body: #"{"to": "receivable"}"#, by: "team"),
        Call(path: "/api/v1/calls/3/instruction", template: "/api/v1/calls/{callID}/instruction", status: 401),
        Call(path: "/api/v1/calls/3/instruction", template: "/api/v1/calls/{callID}/instruction", status: 403, by: "holder"),
        Call(path: "/api/v1/calls/999999/instruction", template: "/api/v1/calls/{callID}/instruction", status: 404, by: "team"),
        Call(method: .POST, path: "/api/v1/applications/36/reviews", template: "/api/v1/applications/{applicationID}/reviews", status: 401, body: "{}"),
        Call(method: .POST, path: "/api/v1/applications/36/reviews", template: "/api/v1/applications/{applicationID}/reviews", status: 403, body: "{}", by: "holder"),
        Call(method: .POST, path: "/api/v1/applications/999999/reviews", template: "/api/v1/applications/{applicationID}/reviews", status: 404, body: "{}", by: "etat"),
        Call(method: .POST, path: "/api/v1/applications/36/reviews", template: "/api/v1/applications/{applicationID}/reviews", status: 422,
             body: #"{"scores": {"priorites": 5, "qualite-impact": 3, "mobilisation-habitants": 3, "partenariat": 3, "gouvernance-suivi": 3}, "opinion": "favourable"}"#, by: "etat"),
        Call(method: .POST, path: "/api/v1/applications/36/reviews", template: "/api/v1/applications/{applicationID}/reviews", status: 200,
             body: #"{"scores": {"priorites": 4, "qualite-impact": 3, "mobilisation-habitants": 3, "partenariat": 3, "gouvernance-suivi": 3}, "opinion": "favourable", "proposed": {"etat": 5000}}"#, by: "etat"),
        Call(path: "/api/v1/calls/3/instruction", template: "/api/v1/calls/{callID}/instruction", status: 200, by: "etat"),
        Call(method: .POST, path: "/api/v1/applications/36/transitions", template: "/api/v1/applications/{applicationID}/transitions", status: 200, body: #"{"to": "proposed"}"#, by: "etat"),
        Call(method: .POST, path: "/api/v1/applications/36/decisions", template: "/api/v1/applications/{applicationID}/decisions", status: 401, body: #"{"decisions": []}"#),
        Call(method: .POST, path: "/api/v1/applications/999999/decisions", template: "/api/v1/applications/{applicationID}/decisions", status: 404, body: #"{"decisions": []}"#, by: "team"),
        Call(method: .POST, path: "/api/v1/applications/36/decisions", template: "/api/v1/applications/{applicationID}/decisions", status: 422, body: #"{"decisions": []}"#, by: "team"),
        Call(method: .POST, path: "/api/v1/applications/36/decisions", template: "/api/v1/applications/{applicationID}/decisions", status: 200,
             body: #"{"decisions": [{"funder": "etat", "amount": 5000}], "decidedOn": "2027-02-01", "decidedBy": "Comité de pilotage", "reference": "COPIL-2027-01"}"#, by: "team"),
        Call(method: .POST, path: "/api/v1/applications/36/agreements", template: "/api/v1/applications/{applicationID}/agreements", status: 401, body: #"{"funder": "etat", "years": {}}"#),
        Call(method: .POST, path: "/api/v1/applications/999999/agreements", template: "/api/v1/applications/{applicationID}/agreements", status: 404, body: #"{"funder": "etat", "years": {}}"#, by: "team"),
        Call(method: .POST, path: "/api/v1/applications/36/agreements", template: "/api/v1/applications/{applicationID}/agreements", status: 422, body: #"{"funder": "etat", "years": {"2027": 4000}}"#, by: "team"),
        Call(method: .POST, path: "/api/v1/applications/36/agreements", template: "/api/v1/applications/{applicationID}/agreements", status: 200,
             body: #"{"funder": "etat", "years": {"2027": 5000}, "signedOn": "2027-02-15", "reference": "CONV-1"}"#, by: "team"),
        Call(path: "/api/v1/applications/36", template: "/api/v1/applications/{applicationID}", status: 200, by: "team"),
        Call(path: "/api/v1/contracts/call/programming/dashboard?year=2025", template: "/api/v1/contracts/{id}/programming/dashboard", status: 200),
        Call(path: "/api/v1/contracts/call/programming/dashboard?year=deux", template: "/api/v1/contracts/{id}/programming/dashboard", status: 400),
        Call(path: "/api/v1/contracts/nulle-part/programming/dashboard", template: "/api/v1/contracts/{id}/programming/dashboard", status: 404),
        Call(path: "/api/v1/contracts/call/programming/scdl?year=2025", template: "/api/v1/contracts/{id}/programming/scdl", status: 200),
        Call(path: "/api/v1/contracts/call/programming/scdl?year=x", template: "/api/v1/contracts/{id}/programming/scdl", status: 400),
        Call(path: "/api/v1/contracts/call/programming/scdl?funder=inconnu", template: "/api/v1/contracts/{id}/programming/scdl", status: 404),
    ]

    @Test func responsesMatchTheDocumentedSchemas() async throws {
        #expect(Set(Self.calls.map { "\($0.method.rawValue) \($0.template)" }) == Self.documentedOperations, "every operation is exercised")
        let check = JSONSchemaCheck(document: Self.document)
        let paths = Self.document["paths"] as? [String: Any] ?? [:]
        try await withPasserelle(.sqlite) { app in
            let admin = try await TestUsers.make(app, role: .administrator, contract: nil, email: "admin-openapi@exemple.fr")
            let cast = try await ProgrammingCast.make(app)
            let tokens = ["holder": cast.holder, "team": cast.team, "etat": cast.etat]
            for call in Self.calls {
                let browser = Browser(app, bearer: call.by.flatMap { tokens[$0] } ?? (call.asAdministrator ? admin.token : nil))
                let headers: HTTPHeaders = call.body != nil ? ["Content-Type": "application/json"] : call.raw == nil ? [:] : ["Content-Type": "text/csv"]
                let response = try await browser.request(call.method, call.path, json: call.json, headers: headers, raw: call.raw ?? call.body)
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
