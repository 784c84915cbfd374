import Foundation
import PasserelleDomain
import Vapor

/// How the current request proved who it is.
enum AuthenticationMethod: Sendable {
    case session
    case apiToken
}

/// Errors of signing in and of permissions, with their statuses and French messages.
enum AuthError: UserFacingError, Equatable {
    case signInRequired
    case sessionExpired
    case forbidden
    case invalidAPIToken
    case badCredentials
    case csrfMismatch
    case tooManyAttempts(retryAfter: Int)

    var status: HTTPResponseStatus {
        switch self {
        case .signInRequired, .sessionExpired, .invalidAPIToken, .badCredentials: .unauthorized
        case .forbidden, .csrfMismatch: .forbidden
        case .tooManyAttempts: .tooManyRequests
        }
    }

    var code: String {
        switch self {
        case .signInRequired: "sign_in_required"
        case .sessionExpired: "session_expired"
        case .forbidden: "forbidden"
        case .invalidAPIToken: "invalid_token"
        case .badCredentials: "bad_credentials"
        case .csrfMismatch: "csrf_mismatch"
        case .tooManyAttempts: "too_many_attempts"
        }
    }

    var userMessage: String {
        switch self {
        case .signInRequired: "Connectez-vous pour continuer."
        case .sessionExpired: "Votre session a expiré : reconnectez-vous."
        case .forbidden: "Vous n'avez pas les droits nécessaires pour cette action."
        case .invalidAPIToken: "Le jeton d'API est invalide ou a été révoqué."
        case .badCredentials: "Adresse e-mail ou mot de passe incorrect."
        case .csrfMismatch: "Ce formulaire a expiré ou ne provient pas de Passerelle : rechargez la page et recommencez."
        case .tooManyAttempts(let seconds): "Trop de tentatives : réessayez dans \(max(1, seconds / 60)) minute(s)."
        }
    }
}

/// Identifies the caller from a personal API token (`Authorization: Bearer …`) or from the session
/// cookie, and applies the session's idle and absolute lifetimes.
struct AuthenticationMiddleware: AsyncMiddleware {
    static let idleLifetime: TimeInterval = 8 * 3600
    static let absoluteLifetime: TimeInterval = 7 * 24 * 3600

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let accounts = SQLAccountRepository(database: request.db, clock: request.application.clock)
        if let bearer = request.headers.bearerAuthorization {
            guard let userID = try await accounts.userID(forAPITokenHash: Secret.hash(bearer.token)),
                  let account = try await accounts.account(id: userID), !account.disabled else {
                throw AuthError.invalidAPIToken
            }
            request.storage[AccountKey.self] = account
            request.storage[MethodKey.self] = .apiToken
        } else if request.hasSessionCookie, let userID = request.session.data["userID"].flatMap(Int.init) {
            let now = request.application.clock.now()
            let seen = request.session.data["seenAt"].flatMap(Date.init(isoString:)) ?? .distantPast
            let signedIn = request.session.data["signedInAt"].flatMap(Date.init(isoString:)) ?? .distantPast
            if now.timeIntervalSince(seen) > Self.idleLifetime || now.timeIntervalSince(signedIn) > Self.absoluteLifetime {
                request.session.signOut()
                request.storage[ExpiredKey.self] = true
            } else if let account = try await accounts.account(id: userID), !account.disabled,
                      account.passwordChangedAt.map({ $0 <= signedIn.isoString }) ?? true {
                request.storage[AccountKey.self] = account
                request.storage[MethodKey.self] = .session
                if now.timeIntervalSince(seen) > 60 { request.session.data["seenAt"] = now.isoString }
            } else {
                // Disabled, deleted, or the password changed since this session opened.
                request.session.signOut()
                request.storage[ExpiredKey.self] = true
            }
        }
        return try await next.respond(to: request)
    }

    struct AccountKey: StorageKey { typealias Value = Account }
    struct MethodKey: StorageKey { typealias Value = AuthenticationMethod }
    struct ExpiredKey: StorageKey { typealias Value = Bool }
}

extension Request {
    /// The signed-in user, if any.
    var account: Account? { storage[AuthenticationMiddleware.AccountKey.self] }
    var authenticationMethod: AuthenticationMethod? { storage[AuthenticationMiddleware.MethodKey.self] }
    var sessionExpired: Bool { storage[AuthenticationMiddleware.ExpiredKey.self] ?? false }

    var hasSessionCookie: Bool { cookies[SessionSettings.cookieName] != nil }

    /// The CSRF token of this session, created on first use; forms carry it in `_csrf`.
    var csrfToken: String {
        if let token = session.data["csrf"] { return token }
        let token = Secret.token(bytes: 24)
        session.data["csrf"] = token
        return token
    }

    /// Opens a session for this user under a fresh identifier (the previous one, possibly planted
    /// by someone else, is deleted: no session fixation), with the user and its timestamps.
    func signIn(_ account: Account) async throws {
        if let previous = session.id {
            try await application.sessions.driver.deleteSession(previous, for: self).get()
        }
        session.id = nil
        session.data = SessionData()
        let now = application.clock.now().isoString
        session.data["userID"] = String(account.id)
        session.data["signedInAt"] = now
        session.data["seenAt"] = now
        session.data["csrf"] = Secret.token(bytes: 24)
        storage[AuthenticationMiddleware.AccountKey.self] = account
        storage[AuthenticationMiddleware.MethodKey.self] = .session
    }
}

extension Session {
    func signOut() {
        data["userID"] = nil
        data["signedInAt"] = nil
        data["seenAt"] = nil
    }
}

enum SessionSettings {
    static let cookieName = "passerelle_session"
}

/// Limits on sign-in and sign-up attempts, per address and per e-mail, kept in memory.
actor AttemptLimits {
    private var signInByAddress = AttemptLimiter(limit: 20, windowSeconds: 15 * 60)
    private var failedSignInByEmail = AttemptLimiter(limit: 5, windowSeconds: 15 * 60)
    private var signUpByAddress = AttemptLimiter(limit: 5, windowSeconds: 3600)

    func checkSignIn(address: String, email: String, now: Double) throws {
        if let wait = signInByAddress.retryAfter(key: address, now: now) ?? failedSignInByEmail.retryAfter(key: email, now: now) {
            throw AuthError.tooManyAttempts(retryAfter: Int(wait))
        }
        signInByAddress.record(key: address, now: now)
    }

    func recordFailedSignIn(email: String, now: Double) { failedSignInByEmail.record(key: email, now: now) }
    func recordSuccessfulSignIn(email: String) { failedSignInByEmail.reset(key: email) }

    func checkSignUp(address: String, now: Double) throws {
        if let wait = signUpByAddress.retryAfter(key: address, now: now) {
            throw AuthError.tooManyAttempts(retryAfter: Int(wait))
        }
        signUpByAddress.record(key: address, now: now)
    }
}

extension Application {
    struct AttemptLimitsKey: StorageKey { typealias Value = AttemptLimits }

    /// Set once by `configure`, so concurrent requests share one limiter.
    var attemptLimits: AttemptLimits { storage[AttemptLimitsKey.self]! }
}

extension Request {
    /// The caller's address for rate limits: the peer, or, when the peer is the trusted reverse proxy
    /// (`PASSERELLE_TRUSTED_PROXY`), the last address it added to X-Forwarded-For.
    var clientAddress: String {
        let peer = remoteAddress?.ipAddress ?? "inconnue"
        guard let proxy = application.settings.trustedProxy, peer == proxy,
              let forwarded = headers.first(name: "X-Forwarded-For")?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
              !forwarded.isEmpty else { return peer }
        return forwarded
    }
}
