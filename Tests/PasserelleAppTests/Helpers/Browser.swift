import Foundation
@testable import PasserelleApp
import PasserelleDomain
import Testing
import Vapor
import VaporTesting

/// A test client that keeps cookies like a browser, reads the CSRF token off forms,
/// or authenticates with an API token.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var bearer: String?

    init(_ app: Application, bearer: String? = nil) {
        self.app = app
        self.bearer = bearer
    }

    @discardableResult
    func request(_ method: HTTPMethod, _ path: String, form: [String: String]? = nil, json: (any Encodable & Sendable)? = nil,
                 headers extra: HTTPHeaders = [:], raw: String? = nil) async throws -> Fetched {
        var fetched: Fetched?
        let cookieHeader = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        let bearer = self.bearer
        try await app.testing().test(method, path, beforeRequest: { request in
            if !cookieHeader.isEmpty { request.headers.replaceOrAdd(name: .cookie, value: cookieHeader) }
            if let bearer { request.headers.bearerAuthorization = BearerAuthorization(token: bearer) }
            for (name, value) in extra { request.headers.replaceOrAdd(name: name, value: value) }
            if let form {
                let body = form.map { key, value in
                    "\(key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)"
                }.joined(separator: "&")
                request.headers.contentType = .urlEncodedForm
                request.body = ByteBuffer(string: body)
            }
            if let json {
                try request.content.encode(AnyEncodable(json), as: .json)
            }
            if let raw { request.body = ByteBuffer(string: raw) }
        }, afterResponse: { response in
            fetched = Fetched(status: response.status, headers: response.headers, body: response.body.string)
        })
        let result = try #require(fetched)
        for header in result.headers[.setCookie] {
            let pair = header.split(separator: ";").first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if header.contains("Expires=Thu, 01 Jan 1970") || parts[1].isEmpty { cookies[parts[0]] = nil } else { cookies[parts[0]] = parts[1] }
        }
        return result
    }

    func get(_ path: String) async throws -> Fetched { try await request(.GET, path) }

    /// GETs the page holding a form, then POSTs the form with the page's CSRF token.
    func submit(from page: String, to action: String, _ fields: [String: String]) async throws -> Fetched {
        let html = try await get(page)
        var form = fields
        form["_csrf"] = Browser.csrf(in: html.body)
        return try await request(.POST, action, form: form)
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}

/// Accounts made for tests: one per role, on a given contract.
enum TestUsers {
    static let password = "mot de passe de test 2026"

    /// Creates a verified user with this role and returns it with a fresh API token.
    static func make(_ app: Application, role: Role, contract slug: String? = "call", organisation: String? = nil, email: String? = nil) async throws -> (account: Account, token: String) {
        let contractID: Int? = if let slug { try await SQLContractRepository(database: app.db).id(forSlug: slug) } else { nil }
        let service = AccountService(database: app.db, clock: app.clock, hasher: app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.next()),
                                     logger: app.logger, outbox: app.outbox, publicURL: "http://test")
        let address = email ?? "\(role.rawValue)-\(UUID().uuidString.prefix(8))@exemple.fr".lowercased()
        let account = try await service.createUser(email: address, organisation: organisation, role: role, contractID: contractID, password: password, by: .commandLine)
        let token = try await service.createAPIToken(for: account, name: "tests").token
        return (account, token)
    }
}
