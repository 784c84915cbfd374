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
        /// A JSON body written out, for bodies whose values are not all strings.
        var jsonText: String? = nil
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
        // 004 — cross-matrix, roadmap, commitments, strategy tree (demo ids: CALL nodes 1–15, axes 1–2, plans 1–2, actions 1–11,
        // links 1–12, milestones 1–7, photograph lines 1–6; organisation 1 is the State, first CALL signatory)
        Call(path: "/api/v1/contracts/call/matrix", template: "/api/v1/contracts/{id}/matrix", status: 200),
        Call(path: "/api/v1/contracts/call/matrix?qpv=QN06224M&theme=food", template: "/api/v1/contracts/{id}/matrix", status: 200),
        Call(path: "/api/v1/contracts/call/matrix?qpv=QN99999Z", template: "/api/v1/contracts/{id}/matrix", status: 400),
        Call(path: "/api/v1/contracts/nulle-part/matrix", template: "/api/v1/contracts/{id}/matrix", status: 404),
        Call(path: "/api/v1/contracts/call/roadmap", template: "/api/v1/contracts/{id}/roadmap", status: 200),
        Call(path: "/api/v1/contracts/999/roadmap", template: "/api/v1/contracts/{id}/roadmap", status: 404),
        Call(path: "/api/v1/contracts/call/commitments", template: "/api/v1/contracts/{id}/commitments", status: 200),
        Call(path: "/api/v1/contracts/call/commitments?year=1990", template: "/api/v1/contracts/{id}/commitments", status: 400),
        Call(path: "/api/v1/contracts/999/commitments", template: "/api/v1/contracts/{id}/commitments", status: 404),
        Call(method: .POST, path: "/api/v1/contracts/call/commitments", template: "/api/v1/contracts/{id}/commitments", status: 401,
             jsonText: #"{"organisation": 1, "kind": "evaluationStaff", "status": "met", "year": 2026}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/commitments", template: "/api/v1/contracts/{id}/commitments", status: 201, asAdministrator: true,
             jsonText: #"{"organisation": 1, "kind": "evaluationStaff", "status": "met", "evidence": "chargée d'études", "year": 2026}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/commitments", template: "/api/v1/contracts/{id}/commitments", status: 200, asAdministrator: true,
             jsonText: #"{"organisation": 1, "kind": "evaluationStaff", "status": "met", "evidence": "chargée d'études", "year": 2026}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/commitments", template: "/api/v1/contracts/{id}/commitments", status: 422, asAdministrator: true,
             jsonText: #"{"organisation": 999999, "kind": "evaluationStaff", "status": "met", "year": 2026}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/means", template: "/api/v1/contracts/{id}/means", status: 201, asAdministrator: true,
             jsonText: #"{"organisation": 1, "year": 2026, "pillar": "P3", "staffFTE": 2.5, "beneficiaries": 40, "beneficiariesInQPV": 30}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/means", template: "/api/v1/contracts/{id}/means", status: 422, asAdministrator: true,
             jsonText: #"{"organisation": 1, "year": 2031, "amountEuros": 10}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/means", template: "/api/v1/contracts/{id}/means", status: 401, jsonText: #"{"organisation": 1, "year": 2026}"#),
        Call(method: .DELETE, path: "/api/v1/contracts/call/means/6", template: "/api/v1/contracts/{id}/means/{meansID}", status: 204, asAdministrator: true),
        Call(method: .DELETE, path: "/api/v1/contracts/call/means/999999", template: "/api/v1/contracts/{id}/means/{meansID}", status: 404, asAdministrator: true),
        Call(method: .POST, path: "/api/v1/contracts/call/nodes", template: "/api/v1/contracts/{id}/nodes", status: 201, asAdministrator: true,
             jsonText: #"{"code": "P3.A3", "title": "Ambition ajoutée", "level": "ambition", "parentID": 13}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/nodes", template: "/api/v1/contracts/{id}/nodes", status: 422, asAdministrator: true,
             jsonText: #"{"code": "P1.A1", "title": "Doublon", "level": "ambition", "parentID": 1}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/nodes", template: "/api/v1/contracts/{id}/nodes", status: 401, jsonText: #"{"code": "X"}"#),
        Call(method: .PATCH, path: "/api/v1/contracts/call/nodes/15", template: "/api/v1/contracts/{id}/nodes/{nodeID}", status: 200, asAdministrator: true,
             jsonText: #"{"title": "Développer le travail en réseau et la coopération", "position": 1}"#),
        Call(method: .PATCH, path: "/api/v1/contracts/call/nodes/15", template: "/api/v1/contracts/{id}/nodes/{nodeID}", status: 422, asAdministrator: true,
             jsonText: #"{"code": "P3.A1"}"#),
        Call(method: .PATCH, path: "/api/v1/contracts/call/nodes/999999", template: "/api/v1/contracts/{id}/nodes/{nodeID}", status: 404, asAdministrator: true,
             jsonText: #"{"title": "X"}"#),
        Call(method: .DELETE, path: "/api/v1/contracts/call/nodes/10", template: "/api/v1/contracts/{id}/nodes/{nodeID}", status: 409, asAdministrator: true),
        Call(method: .DELETE, path: "/api/v1/contracts/call/nodes/15", template: "/api/v1/contracts/{id}/nodes/{nodeID}", status: 204, asAdministrator: true),
        Call(method: .DELETE, path: "/api/v1/contracts/call/nodes/999999", template: "/api/v1/contracts/{id}/nodes/{nodeID}", status: 404, asAdministrator: true),
        Call(method: .POST, path: "/api/v1/contracts/call/axes", template: "/api/v1/contracts/{id}/axes", status: 201, asAdministrator: true,
             jsonText: #"{"code": "T3", "title": "Égalité entre les femmes et les hommes"}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/axes", template: "/api/v1/contracts/{id}/axes", status: 422, asAdministrator: true,
             jsonText: #"{"code": "T1", "title": "Doublon"}"#),
        Call(method: .PATCH, path: "/api/v1/contracts/call/axes/1", template: "/api/v1/contracts/{id}/axes/{axisID}", status: 200, asAdministrator: true,
             jsonText: #"{"position": 2}"#),
        Call(method: .PATCH, path: "/api/v1/contracts/call/axes/999999", template: "/api/v1/contracts/{id}/axes/{axisID}", status: 404, asAdministrator: true,
             jsonText: #"{"position": 2}"#),
        Call(method: .DELETE, path: "/api/v1/contracts/call/axes/2", template: "/api/v1/contracts/{id}/axes/{axisID}", status: 204, asAdministrator: true),
        Call(method: .DELETE, path: "/api/v1/contracts/call/axes/999999", template: "/api/v1/contracts/{id}/axes/{axisID}", status: 404, asAdministrator: true),
        Call(method: .POST, path: "/api/v1/contracts/call/amendments", template: "/api/v1/contracts/{id}/amendments", status: 201, asAdministrator: true,
             jsonText: #"{"number": 1, "date": "2026-01-15", "title": "Clause de revoyure"}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/amendments", template: "/api/v1/contracts/{id}/amendments", status: 422, asAdministrator: true,
             jsonText: #"{"number": 2, "date": "2026-13-40", "title": "Second"}"#),
        Call(path: "/api/v1/contracts/call/amendments", template: "/api/v1/contracts/{id}/amendments", status: 200),
        Call(path: "/api/v1/contracts/999/amendments", template: "/api/v1/contracts/{id}/amendments", status: 404),
        Call(method: .POST, path: "/api/v1/contracts/call/amendments/1/close", template: "/api/v1/contracts/{id}/amendments/{amendmentID}/close", status: 200, asAdministrator: true),
        Call(method: .POST, path: "/api/v1/contracts/call/amendments/1/close", template: "/api/v1/contracts/{id}/amendments/{amendmentID}/close", status: 409, asAdministrator: true),
        Call(method: .POST, path: "/api/v1/contracts/call/amendments/999999/close", template: "/api/v1/contracts/{id}/amendments/{amendmentID}/close", status: 404, asAdministrator: true),
        Call(path: "/api/v1/contracts/call/plans", template: "/api/v1/contracts/{id}/plans", status: 200),
        Call(path: "/api/v1/contracts/999/plans", template: "/api/v1/contracts/{id}/plans", status: 404),
        Call(method: .POST, path: "/api/v1/contracts/call/plans", template: "/api/v1/contracts/{id}/plans", status: 201, asAdministrator: true,
             jsonText: #"{"kind": "PLH", "title": "Programme local de l'habitat (essai)", "owner": "CALL", "startYear": 2024, "endYear": 2029}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/plans", template: "/api/v1/contracts/{id}/plans", status: 422, asAdministrator: true,
             jsonText: #"{"kind": "PLU", "title": "", "owner": "CALL", "startYear": 2030, "endYear": 2024}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/plans", template: "/api/v1/contracts/{id}/plans", status: 401, jsonText: #"{"kind": "pcaet"}"#),
        Call(method: .PATCH, path: "/api/v1/contracts/call/plans/3", template: "/api/v1/contracts/{id}/plans/{planID}", status: 200, asAdministrator: true,
             jsonText: #"{"endYear": 2030}"#),
        Call(method: .PATCH, path: "/api/v1/contracts/call/plans/3", template: "/api/v1/contracts/{id}/plans/{planID}", status: 422, asAdministrator: true,
             jsonText: #"{"startYear": 2031}"#),
        Call(method: .PATCH, path: "/api/v1/contracts/call/plans/999999", template: "/api/v1/contracts/{id}/plans/{planID}", status: 404, asAdministrator: true,
             jsonText: #"{"endYear": 2030}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/plans/2/actions", template: "/api/v1/contracts/{id}/plans/{planID}/actions", status: 201, asAdministrator: true,
             jsonText: #"{"code": "SATD-9", "title": "Action d'essai", "theme": "food", "budget": 12500.5, "perimeter": "QN06224M"}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/plans/2/actions", template: "/api/v1/contracts/{id}/plans/{planID}/actions", status: 422, asAdministrator: true,
             jsonText: #"{"code": "SATD-1.1", "title": "Doublon", "perimeter": "QN6224"}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/plans/999999/actions", template: "/api/v1/contracts/{id}/plans/{planID}/actions", status: 404, asAdministrator: true,
             jsonText: #"{"code": "X", "title": "X"}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/plans/3/action-imports?fileName=plh.csv", template: "/api/v1/contracts/{id}/plans/{planID}/action-imports",
             status: 201, raw: "code;titre;thème;périmètre\nPLH-1;Produire des logements sociaux;énergie;QN06224M\n", asAdministrator: true),
        Call(method: .POST, path: "/api/v1/contracts/call/plans/3/action-imports?fileName=plh.csv", template: "/api/v1/contracts/{id}/plans/{planID}/action-imports",
             status: 200, raw: "code;titre;thème;périmètre\nPLH-1;Produire des logements sociaux;énergie;QN06224M\n", asAdministrator: true),
        Call(method: .POST, path: "/api/v1/contracts/call/plans/3/action-imports", template: "/api/v1/contracts/{id}/plans/{planID}/action-imports",
             status: 422, raw: "code;titre\n;Sans code\nPLH-2;Un\nPLH-2;Deux\n", asAdministrator: true),
        Call(method: .POST, path: "/api/v1/contracts/call/plans/999999/action-imports", template: "/api/v1/contracts/{id}/plans/{planID}/action-imports",
             status: 404, raw: "code;titre\nX;Y\n", asAdministrator: true),
        Call(method: .PATCH, path: "/api/v1/contracts/call/actions/7", template: "/api/v1/contracts/{id}/actions/{actionID}", status: 200, asAdministrator: true,
             jsonText: #"{"target": "Écoles et collèges"}"#),
        Call(method: .PATCH, path: "/api/v1/contracts/call/actions/7", template: "/api/v1/contracts/{id}/actions/{actionID}", status: 422, asAdministrator: true,
             jsonText: #"{"theme": "astrologie"}"#),
        Call(method: .PATCH, path: "/api/v1/contracts/call/actions/999999", template: "/api/v1/contracts/{id}/actions/{actionID}", status: 404, asAdministrator: true,
             jsonText: #"{"target": "X"}"#),
        Call(method: .DELETE, path: "/api/v1/contracts/call/actions/1", template: "/api/v1/contracts/{id}/actions/{actionID}", status: 409, asAdministrator: true),
        Call(method: .DELETE, path: "/api/v1/contracts/call/actions/12", template: "/api/v1/contracts/{id}/actions/{actionID}", status: 204, asAdministrator: true),
        Call(method: .DELETE, path: "/api/v1/contracts/call/actions/999999", template: "/api/v1/contracts/{id}/actions/{actionID}", status: 404, asAdministrator: true),
        Call(method: .DELETE, path: "/api/v1/contracts/call/plans/1", template: "/api/v1/contracts/{id}/plans/{planID}", status: 409, asAdministrator: true),
        Call(method: .DELETE, path: "/api/v1/contracts/call/plans/3", template: "/api/v1/contracts/{id}/plans/{planID}", status: 204, asAdministrator: true),
        Call(method: .DELETE, path: "/api/v1/contracts/call/plans/999999", template: "/api/v1/contracts/{id}/plans/{planID}", status: 404, asAdministrator: true),
        Call(path: "/api/v1/contracts/call/links", template: "/api/v1/contracts/{id}/links", status: 200),
        Call(path: "/api/v1/contracts/999/links", template: "/api/v1/contracts/{id}/links", status: 404),
        Call(method: .POST, path: "/api/v1/contracts/call/links", template: "/api/v1/contracts/{id}/links", status: 201, asAdministrator: true,
             jsonText: #"{"action": 2, "objective": 3, "kind": "couldContribute", "qpv": ["QN06224M"], "note": "Îlots de fraîcheur près des personnes isolées"}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/links", template: "/api/v1/contracts/{id}/links", status: 422, asAdministrator: true,
             jsonText: #"{"action": 2, "objective": 999999, "kind": "contributes"}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/links", template: "/api/v1/contracts/{id}/links", status: 401, jsonText: #"{"action": 2}"#),
        Call(method: .DELETE, path: "/api/v1/contracts/call/links/1", template: "/api/v1/contracts/{id}/links/{linkID}", status: 204, asAdministrator: true),
        Call(method: .DELETE, path: "/api/v1/contracts/call/links/999999", template: "/api/v1/contracts/{id}/links/{linkID}", status: 404, asAdministrator: true),
        Call(method: .POST, path: "/api/v1/contracts/call/milestones", template: "/api/v1/contracts/{id}/milestones", status: 201, asAdministrator: true,
             jsonText: #"{"year": 2029, "title": "Bilan des îlots de fraîcheur", "owner": "CALL", "indicator": "heat_exposure_share", "status": "planned", "objectives": [10], "actions": [2]}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/milestones", template: "/api/v1/contracts/{id}/milestones", status: 422, asAdministrator: true,
             jsonText: #"{"year": 2031, "title": "Trop tard", "owner": "CALL"}"#),
        Call(method: .POST, path: "/api/v1/contracts/call/milestones", template: "/api/v1/contracts/{id}/milestones", status: 401, jsonText: #"{"year": 2029}"#),
        Call(method: .PATCH, path: "/api/v1/contracts/call/milestones/2", template: "/api/v1/contracts/{id}/milestones/{milestoneID}", status: 200, asAdministrator: true,
             jsonText: #"{"status": "done"}"#),
        Call(method: .PATCH, path: "/api/v1/contracts/call/milestones/2", template: "/api/v1/contracts/{id}/milestones/{milestoneID}", status: 422, asAdministrator: true,
             jsonText: #"{"year": 2019}"#),
        Call(method: .PATCH, path: "/api/v1/contracts/call/milestones/999999", template: "/api/v1/contracts/{id}/milestones/{milestoneID}", status: 404, asAdministrator: true,
             jsonText: #"{"status": "done"}"#),
        Call(method: .DELETE, path: "/api/v1/contracts/call/milestones/7", template: "/api/v1/contracts/{id}/milestones/{milestoneID}", status: 204, asAdministrator: true),
        Call(method: .DELETE, path: "/api/v1/contracts/call/milestones/999999", template: "/api/v1/contracts/{id}/milestones/{milestoneID}", status: 404, asAdministrator: true),
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
        Call(method: .POST, path: "/api/v1/contracts/call/calls", template: "/api/v1/contracts/{id}/calls", status: 401, jsonText: openCall),
        Call(method: .POST, path: "/api/v1/contracts/call/calls", template: "/api/v1/contracts/{id}/calls", status: 403, jsonText: openCall, by: "holder"),
        Call(method: .POST, path: "/api/v1/contracts/call/calls", template: "/api/v1/contracts/{id}/calls", status: 400, jsonText: "{pas du json", by: "team"),
        Call(method: .POST, path: "/api/v1/contracts/nulle-part/calls", template: "/api/v1/contracts/{id}/calls", status: 404, asAdministrator: true, jsonText: openCall),
        Call(method: .POST, path: "/api/v1/contracts/call/calls", template: "/api/v1/contracts/{id}/calls", status: 422,
             jsonText: openCall.replacingOccurrences(of: "2099-12-31", with: "2025-12-31"), by: "team"),
        Call(method: .POST, path: "/api/v1/contracts/call/calls", template: "/api/v1/contracts/{id}/calls", status: 201, jsonText: openCall, by: "team"),
        Call(path: "/api/v1/calls/3", template: "/api/v1/calls/{callID}", status: 200),
        Call(path: "/api/v1/calls/999999", template: "/api/v1/calls/{callID}", status: 404),
        Call(method: .POST, path: "/api/v1/calls/3/applications", template: "/api/v1/calls/{callID}/applications", status: 401, jsonText: "{}"),
        Call(method: .POST, path: "/api/v1/calls/3/applications", template: "/api/v1/calls/{callID}/applications", status: 403, jsonText: "{}", by: "team"),
        Call(method: .POST, path: "/api/v1/calls/999999/applications", template: "/api/v1/calls/{callID}/applications", status: 404, jsonText: "{}", by: "holder"),
        Call(method: .POST, path: "/api/v1/calls/3/applications", template: "/api/v1/calls/{callID}/applications", status: 422, asAdministrator: true, jsonText: "{}"),
        Call(method: .POST, path: "/api/v1/calls/3/applications", template: "/api/v1/calls/{callID}/applications", status: 201, jsonText: #"{"title": "Projet de conformité"}"#, by: "holder"),
        Call(method: .POST, path: "/api/v1/calls/3/applications", template: "/api/v1/calls/{callID}/applications", status: 409, jsonText: "{}", by: "holder"),
        Call(path: "/api/v1/applications", template: "/api/v1/applications", status: 401),
        Call(path: "/api/v1/applications", template: "/api/v1/applications", status: 200, by: "holder"),
        Call(path: "/api/v1/applications/36", template: "/api/v1/applications/{applicationID}", status: 401),
        Call(path: "/api/v1/applications/1", template: "/api/v1/applications/{applicationID}", status: 404, by: "holder"),
        Call(path: "/api/v1/applications/36", template: "/api/v1/applications/{applicationID}", status: 200, by: "holder"),
        Call(method: .PUT, path: "/api/v1/applications/36", template: "/api/v1/applications/{applicationID}", status: 401, jsonText: draft(budget: 6000)),
        Call(method: .PUT, path: "/api/v1/applications/1", template: "/api/v1/applications/{applicationID}", status: 404, jsonText: draft(budget: 6000), by: "holder"),
        Call(method: .PUT, path: "/api/v1/applications/36", template: "/api/v1/applications/{applicationID}", status: 400, jsonText: "[1, 2", by: "holder"),
        Call(method: .PUT, path: "/api/v1/applications/36", template: "/api/v1/applications/{applicationID}", status: 422,
             jsonText: draft(budget: 6000).replacingOccurrences(of: "\"requested\": 5000", with: "\"requested\": \"cinq mille\""), by: "holder"),
        Call(method: .PUT, path: "/api/v1/applications/36", template: "/api/v1/applications/{applicationID}", status: 200, jsonText: draft(budget: 7000), by: "holder"),
        Call(method: .POST, path: "/api/v1/applications/36/submission", template: "/api/v1/applications/{applicationID}/submission", status: 422, by: "holder"),
        Call(method: .POST, path: "/api/v1/applications/36/submission", template: "/api/v1/applications/{applicationID}/submission", status: 401),
        Call(method: .POST, path: "/api/v1/applications/1/submission", template: "/api/v1/applications/{applicationID}/submission", status: 404, by: "holder"),
        Call(method: .PUT, path: "/api/v1/applications/36", template: "/api/v1/applications/{applicationID}", status: 200, jsonText: draft(budget: 6000), by: "holder"),
        Call(method: .POST, path: "/api/v1/applications/36/submission", template: "/api/v1/applications/{applicationID}/submission", status: 200, by: "holder"),
        Call(method: .POST, path: "/api/v1/applications/36/transitions", template: "/api/v1/applications/{applicationID}/transitions", status: 401, jsonText: #"{"to": "receivable"}"#),
        Call(method: .POST, path: "/api/v1/applications/36/transitions", template: "/api/v1/applications/{applicationID}/transitions", status: 400, jsonText: #"{"to": "ailleurs"}"#, by: "team"),
        Call(method: .POST, path: "/api/v1/applications/999999/transitions", template: "/api/v1/applications/{applicationID}/transitions", status: 404, jsonText: #"{"to": "receivable"}"#, by: "team"),
        Call(method: .POST, path: "/api/v1/applications/36/transitions", template: "/api/v1/applications/{applicationID}/transitions", status: 422, jsonText: #"{"to": "receivable"}"#, by: "holder"),
        Call(method: .POST, path: "/api/v1/applications/36/transitions", template: "/api/v1/applications/{applicationID}/transitions", status: 200, jsonText: #"{"to": "receivable"}"#, by: "team"),
        Call(path: "/api/v1/calls/3/instruction", template: "/api/v1/calls/{callID}/instruction", status: 401),
        Call(path: "/api/v1/calls/3/instruction", template: "/api/v1/calls/{callID}/instruction", status: 403, by: "holder"),
        Call(path: "/api/v1/calls/999999/instruction", template: "/api/v1/calls/{callID}/instruction", status: 404, by: "team"),
        Call(method: .POST, path: "/api/v1/applications/36/reviews", template: "/api/v1/applications/{applicationID}/reviews", status: 401, jsonText: "{}"),
        Call(method: .POST, path: "/api/v1/applications/36/reviews", template: "/api/v1/applications/{applicationID}/reviews", status: 403, jsonText: "{}", by: "holder"),
        Call(method: .POST, path: "/api/v1/applications/999999/reviews", template: "/api/v1/applications/{applicationID}/reviews", status: 404, jsonText: "{}", by: "etat"),
        Call(method: .POST, path: "/api/v1/applications/36/reviews", template: "/api/v1/applications/{applicationID}/reviews", status: 422,
             jsonText: #"{"scores": {"priorites": 5, "qualite-impact": 3, "mobilisation-habitants": 3, "partenariat": 3, "gouvernance-suivi": 3}, "opinion": "favourable"}"#, by: "etat"),
        Call(method: .POST, path: "/api/v1/applications/36/reviews", template: "/api/v1/applications/{applicationID}/reviews", status: 200,
             jsonText: #"{"scores": {"priorites": 4, "qualite-impact": 3, "mobilisation-habitants": 3, "partenariat": 3, "gouvernance-suivi": 3}, "opinion": "favourable", "proposed": {"etat": 5000}}"#, by: "etat"),
        Call(path: "/api/v1/calls/3/instruction", template: "/api/v1/calls/{callID}/instruction", status: 200, by: "etat"),
        Call(method: .POST, path: "/api/v1/applications/36/transitions", template: "/api/v1/applications/{applicationID}/transitions", status: 200, jsonText: #"{"to": "proposed"}"#, by: "etat"),
        Call(method: .POST, path: "/api/v1/applications/36/decisions", template: "/api/v1/applications/{applicationID}/decisions", status: 401, jsonText: #"{"decisions": []}"#),
        Call(method: .POST, path: "/api/v1/applications/999999/decisions", template: "/api/v1/applications/{applicationID}/decisions", status: 404, jsonText: #"{"decisions": []}"#, by: "team"),
        Call(method: .POST, path: "/api/v1/applications/36/decisions", template: "/api/v1/applications/{applicationID}/decisions", status: 422, jsonText: #"{"decisions": []}"#, by: "team"),
        Call(method: .POST, path: "/api/v1/applications/36/decisions", template: "/api/v1/applications/{applicationID}/decisions", status: 200,
             jsonText: #"{"decisions": [{"funder": "etat", "amount": 5000}], "decidedOn": "2027-02-01", "decidedBy": "Comité de pilotage", "reference": "COPIL-2027-01"}"#, by: "team"),
        Call(method: .POST, path: "/api/v1/applications/36/agreements", template: "/api/v1/applications/{applicationID}/agreements", status: 401, jsonText: #"{"funder": "etat", "years": {}}"#),
        Call(method: .POST, path: "/api/v1/applications/999999/agreements", template: "/api/v1/applications/{applicationID}/agreements", status: 404, jsonText: #"{"funder": "etat", "years": {}}"#, by: "team"),
        Call(method: .POST, path: "/api/v1/applications/36/agreements", template: "/api/v1/applications/{applicationID}/agreements", status: 422, jsonText: #"{"funder": "etat", "years": {"2027": 4000}}"#, by: "team"),
        Call(method: .POST, path: "/api/v1/applications/36/agreements", template: "/api/v1/applications/{applicationID}/agreements", status: 200,
             jsonText: #"{"funder": "etat", "years": {"2027": 5000}, "signedOn": "2027-02-15", "reference": "CONV-1"}"#, by: "team"),
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
                let headers: HTTPHeaders = call.jsonText != nil ? ["Content-Type": "application/json"] : (call.raw == nil ? [:] : ["Content-Type": call.contentType])
                let response = try await browser.request(call.method, call.path, json: call.json, headers: headers, raw: call.jsonText ?? call.raw)
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
