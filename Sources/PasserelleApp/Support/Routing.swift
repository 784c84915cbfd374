import PasserelleDomain
import Vapor

/// How to find the contract a request is about, so that `Permission.contract` can be decided.
struct ContractScope: Sendable {
    let name: String
    let resolve: @Sendable (Request) async throws -> Int?

    static let none = ContractScope(name: "-") { _ in nil }
    /// The `:id` path parameter of `/contrats/:id` and `/api/v1/contracts/:id` (number or short name).
    static let contractParameter = ContractScope(name: "contrat") { try await $0.contractID() }
}

/// What a route requires; kept on the route itself so the permission table test can read it.
struct RouteRequirement: Sendable {
    let permission: Permission
    let scope: ContractScope
}

extension RoutesBuilder {
    /// Registers a route with the permission it requires. Every route of Passerelle goes through
    /// here: authorization (401/403) and, for state-changing methods, the CSRF check happen before
    /// the handler runs, the same way for every page and API call.
    @discardableResult
    func on<Output: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ url: SiteURL, _ permission: Permission, scope: ContractScope = .none,
        body: HTTPBodyStreamStrategy = .collect, use handler: @escaping @Sendable (Request) async throws -> Output
    ) -> Route {
        // Authorization runs as route middleware, before Vapor collects the body: an anonymous caller
        // cannot make the server hold a 100 MB upload just to be told 401.
        let route = grouped(AuthorizationMiddleware(permission: permission, scope: scope)).on(method, url.pathComponents, body: body) { request async throws -> Output in
            try request.verifyCSRF()
            return try await handler(request)
        }
        route.userInfo["requirement"] = RouteRequirement(permission: permission, scope: scope)
        return route
    }
}

/// The permission check of one route.
struct AuthorizationMiddleware: AsyncMiddleware {
    let permission: Permission
    let scope: ContractScope

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await request.authorize(permission, scope: scope)
        return try await next.respond(to: request)
    }
}

extension Request {
    func authorize(_ permission: Permission, scope: ContractScope) async throws {
        if case .everyone = permission { return }
        let contractID = try await scope.resolve(self)
        switch AccessPolicy.decide(permission, principal: account?.principal, contractID: contractID) {
        case .allowed: return
        case .signInRequired: throw sessionExpired ? AuthError.sessionExpired : AuthError.signInRequired
        case .forbidden: throw AuthError.forbidden
        }
    }

    /// State-changing requests sent with the session cookie must carry the session's CSRF token in
    /// the `_csrf` form field. API-token requests carry no cookie and need none. What a foreign page
    /// cannot send across sites without a CORS preflight (which Passerelle never grants) needs no
    /// token either: DELETE, PUT and PATCH requests, and POST bodies typed `application/json`.
    /// The session cookie is also SameSite=Lax.
    func verifyCSRF() throws {
        guard method == .POST else { return }
        if authenticationMethod == .apiToken { return }
        if headers.contentType == .json { return }
        guard hasSessionCookie, let expected = session.data["csrf"],
              let sent = try? content.get(String.self, at: "_csrf"), Secret.equal(sent, expected) else {
            throw AuthError.csrfMismatch
        }
    }

    /// The contract named by the `id` path parameter: its number or its short name ("call").
    func contractID() async throws -> Int {
        let key = try parameters.require("id")
        if let number = Int(key), try await contracts.exists(id: number) { return number }
        if Int(key) == nil, let id = try await contracts.id(forSlug: key.lowercased()) { return id }
        throw RequestError.notFound(what: "Le contrat « \(key) »")
    }
}
