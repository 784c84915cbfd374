import Foundation
@testable import PasserelleApp
import PasserelleDomain
import Testing
import Vapor

/// Walks every route × every role and compares what the policy does with docs/permissions.tsv.
struct PermissionTableTests {
    static let table: [String: [String: Bool]] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/permissions.tsv")
        let lines = ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n").filter { !$0.hasPrefix("#") }
        guard let header = lines.first?.split(separator: "\t").map(String.init) else { return [:] }
        var table: [String: [String: Bool]] = [:]
        for line in lines.dropFirst() {
            let cells = line.split(separator: "\t").map(String.init)
            var row: [String: Bool] = [:]
            for (index, role) in header.enumerated().dropFirst(2) where index < cells.count { row[role] = cells[index] == "+" }
            table["\(cells[0]) \(cells[1])"] = row
        }
        return table
    }()

    static let roles: [String] = ["anonymous"] + Role.allCases.map(\.rawValue)

    static func samplePath(_ route: Route, samples: [String: String] = [:]) -> String {
        "/" + route.path.map { component -> String in
            switch component {
            case .parameter("code"): "QN06216M"
            case .parameter("id"): "call"
            case .parameter(let name) where samples[name] != nil: samples[name]!
            case .parameter: "999999"
            default: component.description
            }
        }.joined(separator: "/")
    }

    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map { component -> String in
            if case .parameter(let name) = component { return ":" + name }
            return component.description
        }.joined(separator: "/")
    }

    @Test func everyRouteDeclaresAPermissionAndIsInTheTable() async throws {
        try await withPasserelle(.sqlite, seed: .empty) { app in
            let keys = Set(app.routes.all.map(Self.key))
            for route in app.routes.all {
                #expect(route.userInfo["requirement"] is RouteRequirement, "\(Self.key(route)) declares no permission")
            }
            #expect(keys == Set(Self.table.keys), "routes and docs/permissions.tsv differ")
        }
    }

    @Test func everyRoleGetsWhatTheTableSays() async throws {
        try await withPasserelle(.sqlite) { app in
            var tokens: [String: String] = [:]
            for role in Role.allCases {
                tokens[role.rawValue] = try await TestUsers.make(app, role: role).token
            }
            // Routes about a call or an application of the demo programming (issue 8) are tried on the
            // CALL's demo call and one of its submitted applications.
            let programming = SQLProgrammingRepository(database: app.db)
            let demoCall = try #require(try await programming.calls(contractID: try #require(try await SQLContractRepository(database: app.db).id(forSlug: "call"))).first)
            let demoApplication = try #require(try await programming.applications(.call(demoCall.call.id)).first { $0.status == .receivable })
            let samples = ["callID": String(demoCall.call.id), "applicationID": String(demoApplication.id), "funderID": "1"]
            let signInMessage = AuthError.signInRequired.userMessage
            let forbiddenMessage = AuthError.forbidden.userMessage.replacingOccurrences(of: "'", with: "&#39;")
            var mismatches: [String] = []
            for route in app.routes.all.sorted(by: { Self.key($0) < Self.key($1) }) {
                let key = Self.key(route)
                guard let expected = Self.table[key] else { continue }
                for role in Self.roles {
                    let browser = Browser(app, bearer: tokens[role])
                    let response = try await browser.request(route.method, Self.samplePath(route, samples: samples))
                    let refused = (response.status == .unauthorized && response.body.contains(signInMessage))
                        || (response.status == .forbidden && (response.body.contains(forbiddenMessage) || response.body.contains(AuthError.forbidden.userMessage)))
                    if refused == expected[role] {
                        mismatches.append("\(key) as \(role): expected \(expected[role]! ? "allowed" : "refused"), got \(response.status.code)")
                    }
                    if refused {
                        #expect(response.status == (role == "anonymous" ? .unauthorized : .forbidden), "\(key) as \(role)")
                    }
                }
            }
            #expect(mismatches == [])
        }
    }
}
