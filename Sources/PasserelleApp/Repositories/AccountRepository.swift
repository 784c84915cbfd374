import Fluent
import Foundation
import PasserelleDomain
import SQLKit

/// A user as the application sees it once signed in.
struct Account: Sendable, Equatable, Codable {
    var id: Int
    var email: String
    var displayName: String
    var organisationID: Int?
    var organisationName: String?
    var emailVerified: Bool
    var disabled: Bool
    var memberships: [Membership]
    var passwordChangedAt: String? = nil

    var principal: Principal { Principal(userID: id, organisationID: organisationID, memberships: memberships) }
}

enum TokenPurpose: String, Sendable {
    case verifyEmail
    case resetPassword
}

enum AccountError: UserFacingError, Equatable {
    case emailTaken
    case invalidEmail
    case weakPassword(String)
    case unknownOrganisation(String)
    case unknownContract(String)
    case tokenInvalid

    var status: HTTPResponseStatus {
        switch self {
        case .emailTaken: .conflict
        case .invalidEmail, .weakPassword, .unknownOrganisation, .unknownContract, .tokenInvalid: .badRequest
        }
    }

    var code: String {
        switch self {
        case .emailTaken: "email_taken"
        case .invalidEmail: "invalid_email"
        case .weakPassword: "weak_password"
        case .unknownOrganisation: "unknown_organisation"
        case .unknownContract: "unknown_contract"
        case .tokenInvalid: "invalid_token"
        }
    }

    var userMessage: String {
        switch self {
        case .emailTaken: "Un compte existe déjà avec cette adresse."
        case .invalidEmail: "Champ « e-mail » : l'adresse n'est pas valide."
        case .weakPassword(let reason): "Champ « mot de passe » : \(reason)."
        case .unknownOrganisation(let name): "Organisation « \(name) » introuvable (SIREN, SIRET ou nom exact)."
        case .unknownContract(let key): "Contrat « \(key) » introuvable."
        case .tokenInvalid: "Ce lien n'est pas valide ou a expiré."
        }
    }
}

import Vapor

/// Users, their roles, one-time tokens, invitations and personal API tokens.
struct SQLAccountRepository: Sendable {
    let database: any SQLDatabase
    let clock: any Clock

    init(database: any Database, clock: any Clock) {
        self.database = database as! any SQLDatabase
        self.clock = clock
    }

    private var now: String { clock.now().isoString }

    struct UserRow: Decodable {
        var id: Int
        var email: String
        var display_name: String
        var password_hash: String
        var organisation_id: Int?
        var organisation_name: String?
        var email_verified_at: String?
        var disabled_at: String?
        var password_changed_at: String?
    }

    private static let userColumns = "u.id, u.email, u.display_name, u.password_hash, u.organisation_id, o.name AS organisation_name, u.email_verified_at, u.disabled_at, u.password_changed_at"

    func userRow(email: String) async throws -> UserRow? {
        try await database.raw("SELECT \(unsafeRaw: Self.userColumns) FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.email = \(bind: email)")
            .first(decoding: UserRow.self)
    }

    func account(id: Int) async throws -> Account? {
        guard let row = try await database.raw("SELECT \(unsafeRaw: Self.userColumns) FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id WHERE u.id = \(bind: id)")
            .first(decoding: UserRow.self) else { return nil }
        return Account(id: row.id, email: row.email, displayName: row.display_name, organisationID: row.organisation_id,
                       organisationName: row.organisation_name, emailVerified: row.email_verified_at != nil,
                       disabled: row.disabled_at != nil, memberships: try await memberships(userID: row.id), passwordChangedAt: row.password_changed_at)
    }

    func accounts() async throws -> [Account] {
        let rows = try await database.raw("SELECT \(unsafeRaw: Self.userColumns) FROM users u LEFT JOIN organisations o ON o.id = u.organisation_id ORDER BY u.email")
            .all(decoding: UserRow.self)
        struct MembershipRow: Decodable { var user_id: Int; var role: String; var contract_id: Int? }
        let memberships = Dictionary(grouping: try await database.raw("SELECT user_id, role, contract_id FROM memberships ORDER BY id").all(decoding: MembershipRow.self), by: \.user_id)
        return rows.map { row in
            Account(id: row.id, email: row.email, displayName: row.display_name, organisationID: row.organisation_id,
                    organisationName: row.organisation_name, emailVerified: row.email_verified_at != nil, disabled: row.disabled_at != nil,
                    memberships: (memberships[row.id] ?? []).compactMap { m in Role(rawValue: m.role).map { Membership(role: $0, contractID: m.contract_id) } })
        }
    }

    func memberships(userID: Int) async throws -> [Membership] {
        struct Row: Decodable { var role: String; var contract_id: Int? }
        return try await database.raw("SELECT role, contract_id FROM memberships WHERE user_id = \(bind: userID) ORDER BY id")
            .all(decoding: Row.self)
            .compactMap { row in Role(rawValue: row.role).map { Membership(role: $0, contractID: row.contract_id) } }
    }

    struct IDRow: Decodable { var id: Int }

    func createUser(email: String, displayName: String, passwordHash: String, organisationID: Int?, verified: Bool) async throws -> Int {
        if try await userRow(email: email) != nil { throw AccountError.emailTaken }
        return try await database.insert(into: "users")
            .columns("email", "display_name", "password_hash", "organisation_id", "email_verified_at", "created_at")
            .values(SQLBind(email), SQLBind(displayName), SQLBind(passwordHash), SQLBind(organisationID), SQLBind(verified ? now : nil), SQLBind(now))
            .returning("id").first(decoding: IDRow.self)!.id
    }

    /// Adds a role; granting one already held changes nothing and returns false.
    @discardableResult
    func grant(userID: Int, _ membership: Membership) async throws -> Bool {
        if try await memberships(userID: userID).contains(membership) { return false }
        try await database.insert(into: "memberships")
            .columns("user_id", "contract_id", "role", "granted_at")
            .values(SQLBind(userID), SQLBind(membership.contractID), SQLBind(membership.role.rawValue), SQLBind(now))
            .run()
        return true
    }

    @discardableResult
    func revoke(userID: Int, _ membership: Membership) async throws -> Bool {
        guard try await memberships(userID: userID).contains(membership) else { return false }
        var query: SQLQueryString = "DELETE FROM memberships WHERE user_id = \(bind: userID) AND role = \(bind: membership.role.rawValue) AND "
        query = query + (membership.contractID.map { "contract_id = \(bind: $0)" } ?? "contract_id IS NULL")
        try await database.raw(query).run()
        return true
    }

    func setPassword(userID: Int, hash: String) async throws {
        try await database.update("users").set("password_hash", to: hash).set("password_changed_at", to: now).where("id", .equal, userID).run()
    }

    func setOrganisation(userID: Int, organisationID: Int?) async throws {
        try await database.update("users").set("organisation_id", to: organisationID).where("id", .equal, userID).run()
    }

    /// Whether the account was created longer ago than `seconds`.
    func isStale(userID: Int, olderThan seconds: TimeInterval) async throws -> Bool {
        struct Row: Decodable { var created_at: String }
        guard let row = try await database.raw("SELECT created_at FROM users WHERE id = \(bind: userID)").first(decoding: Row.self) else { return false }
        return row.created_at < clock.now().addingTimeInterval(-seconds).isoString
    }

    /// Removes an account that was never confirmed (memberships and tokens go with it).
    func delete(userID: Int) async throws {
        try await database.delete(from: "users").where("id", .equal, userID).where("email_verified_at", .is, SQLLiteral.null).run()
    }

    /// Spends every unused token of a purpose (after a password reset: the other links die too).
    func spendTokens(userID: Int, purpose: TokenPurpose) async throws {
        try await database.update("user_tokens").set("used_at", to: now)
            .where("user_id", .equal, userID).where("purpose", .equal, purpose.rawValue).where("used_at", .is, SQLLiteral.null).run()
    }

    func markVerified(userID: Int) async throws {
        try await database.update("users").set("email_verified_at", to: now).where("id", .equal, userID).where("email_verified_at", .is, SQLLiteral.null).run()
    }

    // MARK: One-time tokens (e-mail verification, password reset)

    func issueToken(userID: Int, purpose: TokenPurpose, tokenHash: String, validFor seconds: TimeInterval) async throws {
        try await database.insert(into: "user_tokens")
            .columns("user_id", "purpose", "token_hash", "expires_at")
            .values(SQLBind(userID), SQLBind(purpose.rawValue), SQLBind(tokenHash), SQLBind(clock.now().addingTimeInterval(seconds).isoString))
            .run()
    }

    /// The user a valid, unused token belongs to; the token is spent.
    func consumeToken(tokenHash: String, purpose: TokenPurpose) async throws -> Int? {
        struct Row: Decodable { var id: Int; var user_id: Int; var expires_at: String; var used_at: String? }
        guard let row = try await database.raw("SELECT id, user_id, expires_at, used_at FROM user_tokens WHERE token_hash = \(bind: tokenHash) AND purpose = \(bind: purpose.rawValue)")
            .first(decoding: Row.self), row.used_at == nil, row.expires_at > now else { return nil }
        // Spent only if still unspent: of two simultaneous uses, one wins.
        struct Spent: Decodable { var id: Int }
        let spent = try await database.raw("UPDATE user_tokens SET used_at = \(bind: now) WHERE id = \(bind: row.id) AND used_at IS NULL RETURNING id")
            .first(decoding: Spent.self)
        return spent == nil ? nil : row.user_id
    }

    // MARK: Invitations

    struct Invitation: Sendable, Decodable {
        var id: Int
        var email: String
        var organisation_id: Int?
        var role: String
        var contract_id: Int?
        var expires_at: String
        var accepted_at: String?
    }

    func createInvitation(email: String, organisationID: Int?, membership: Membership, tokenHash: String, invitedBy: Int?, validFor seconds: TimeInterval) async throws -> Int {
        try await database.insert(into: "invitations")
            .columns("email", "organisation_id", "role", "contract_id", "token_hash", "invited_by", "created_at", "expires_at")
            .values(SQLBind(email), SQLBind(organisationID), SQLBind(membership.role.rawValue), SQLBind(membership.contractID), SQLBind(tokenHash),
                    SQLBind(invitedBy), SQLBind(now), SQLBind(clock.now().addingTimeInterval(seconds).isoString))
            .returning("id").first(decoding: IDRow.self)!.id
    }

    /// A pending, unexpired invitation.
    func invitation(tokenHash: String) async throws -> Invitation? {
        guard let invitation = try await database.raw("SELECT id, email, organisation_id, role, contract_id, expires_at, accepted_at FROM invitations WHERE token_hash = \(bind: tokenHash)")
            .first(decoding: Invitation.self), invitation.accepted_at == nil, invitation.expires_at > now else { return nil }
        return invitation
    }

    /// Marks the invitation used; false when someone used it at the same moment.
    func markAccepted(invitationID: Int) async throws -> Bool {
        struct Spent: Decodable { var id: Int }
        return try await database.raw("UPDATE invitations SET accepted_at = \(bind: now) WHERE id = \(bind: invitationID) AND accepted_at IS NULL RETURNING id")
            .first(decoding: Spent.self) != nil
    }

    // MARK: API tokens

    struct APIToken: Sendable, Decodable, Equatable {
        var id: Int
        var name: String
        var prefix: String
        var created_at: String
        var last_used_at: String?
        var revoked_at: String?
    }

    func createAPIToken(userID: Int, name: String, prefix: String, tokenHash: String) async throws -> Int {
        try await database.insert(into: "api_tokens")
            .columns("user_id", "name", "prefix", "token_hash", "created_at")
            .values(SQLBind(userID), SQLBind(name), SQLBind(prefix), SQLBind(tokenHash), SQLBind(now))
            .returning("id").first(decoding: IDRow.self)!.id
    }

    func apiTokens(userID: Int) async throws -> [APIToken] {
        try await database.raw("SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = \(bind: userID) ORDER BY id")
            .all(decoding: APIToken.self)
    }

    /// Revokes one of the user's own tokens; false when there is none with this id (or not theirs).
    func revokeAPIToken(id: Int, userID: Int) async throws -> Bool {
        guard try await apiTokens(userID: userID).contains(where: { $0.id == id && $0.revoked_at == nil }) else { return false }
        try await database.update("api_tokens").set("revoked_at", to: now).where("id", .equal, id).run()
        return true
    }

    /// The owner of an active token, recording its use.
    func userID(forAPITokenHash hash: String) async throws -> Int? {
        struct Row: Decodable { var id: Int; var user_id: Int; var revoked_at: String?; var last_used_at: String? }
        guard let row = try await database.raw("SELECT id, user_id, revoked_at, last_used_at FROM api_tokens WHERE token_hash = \(bind: hash)")
            .first(decoding: Row.self), row.revoked_at == nil else { return nil }
        let stamp = String(now.prefix(16)) // minute precision is enough, and spares a write per request
        if row.last_used_at.map({ !$0.hasPrefix(stamp) }) ?? true {
            try await database.update("api_tokens").set("last_used_at", to: now).where("id", .equal, row.id).run()
        }
        return row.user_id
    }
}

/// Random secrets and their stored form: only a SHA-256 hash of a token ever reaches the database.
enum Secret {
    static func token(bytes count: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Constant-time comparison, for CSRF tokens.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
