import Fluent
import Foundation
import PasserelleDomain
import Vapor

/// Form fields that do not pass validation; pages show them next to the fields, the API lists them.
struct FormInvalid: UserFacingError, Equatable {
    var errors: [FieldError]

    var status: HTTPResponseStatus { .unprocessableEntity }
    var code: String { "invalid_fields" }
    var userMessage: String { errors.map(\.message).joined(separator: " ") }
}

/// Accounts: sign-up, sign-in, invitations, passwords, roles and API tokens. Pages, the JSON API
/// and the command line all call these functions; each write is one transaction with its audit line.
struct AccountService: Sendable {
    let database: any Database
    let clock: any Clock
    let hasher: AsyncPasswordHasher
    let logger: Logger
    let outbox: any Outbox
    let publicURL: String

    static let verificationLifetime: TimeInterval = 3 * 24 * 3600
    static let resetLifetime: TimeInterval = 3600
    static let invitationLifetime: TimeInterval = 14 * 24 * 3600
    /// Verified against when the e-mail is unknown, so both cases take the same time.
    static let dummyHash: String = (try? Bcrypt.hash("passerelle-compte-inexistant", cost: 12)) ?? ""

    private func accounts(_ db: any Database) -> SQLAccountRepository { SQLAccountRepository(database: db, clock: clock) }
    private func audit(_ db: any Database) -> AuditTrail { AuditTrail(database: db, clock: clock) }

    // MARK: Sign-in

    func authenticate(email rawEmail: String, password: String) async throws -> Account {
        let email = Credentials.normalisedEmail(rawEmail) ?? rawEmail.lowercased()
        guard let row = try await accounts(database).userRow(email: email) else {
            _ = try? await hasher.verify(password, created: Self.dummyHash)
            throw AuthError.badCredentials
        }
        guard try await hasher.verify(password, created: row.password_hash), row.disabled_at == nil,
              let account = try await accounts(database).account(id: row.id) else { throw AuthError.badCredentials }
        guard account.emailVerified else {
            throw FormInvalid(errors: [FieldError(field: "email", message: "Adresse e-mail pas encore confirmée : suivez le lien reçu à l'inscription.")])
        }
        return account
    }

    // MARK: Sign-up (project holders and inhabitants)

    struct SignUp: Sendable {
        var email: String
        var displayName: String
        var password: String
        var role: String
        var organisationName: String?
        var siret: String?
    }

    /// Creates an unverified account and logs its confirmation link. When the e-mail is already
    /// used, nothing is created and the caller answers exactly as on success (no account probing).
    func signUp(_ form: SignUp) async throws {
        var errors: [FieldError] = []
        let email = Credentials.normalisedEmail(form.email)
        if email == nil { errors.append(FieldError(field: "email", message: "Champ « adresse e-mail » : adresse non valide.")) }
        let displayName = form.displayName.trimmingSpaces
        if displayName.isEmpty || displayName.count > 120 { errors.append(FieldError(field: "displayName", message: "Champ « nom affiché » : entre 1 et 120 caractères.")) }
        if let problem = Credentials.passwordProblem(form.password, email: email) { errors.append(FieldError(field: "password", message: "Champ « mot de passe » : \(problem).")) }
        let role = Role(rawValue: form.role)
        if role == nil || role?.allowsSelfSignUp == false { errors.append(FieldError(field: "role", message: "Champ « vous êtes » : choisissez porteur de projet ou habitant.")) }
        let siret = form.siret.map(SIRET.normalized).flatMap { $0.isEmpty ? nil : $0 }
        let organisationName = form.organisationName?.trimmingSpaces.nilIfEmpty
        if role == .projectHolder {
            if organisationName == nil { errors.append(FieldError(field: "organisationName", message: "Champ « nom de l'organisation » : obligatoire pour un porteur de projet.")) }
            if let siret, !SIRET.isValid(siret) { errors.append(FieldError(field: "siret", message: "Champ « SIRET » : « \(siret) » n'est pas un SIRET valide (14 chiffres, clé de contrôle).")) }
            if siret == nil { errors.append(FieldError(field: "siret", message: "Champ « SIRET » : obligatoire pour un porteur de projet.")) }
        }
        guard errors.isEmpty, let email, let role else { throw FormInvalid(errors: errors) }

        // Hash first, whether or not the address is taken: both answers then take the same time.
        let hash = try await hasher.hash(form.password)
        if let existing = try await accounts(database).userRow(email: email) {
            // An address left unconfirmed past the confirmation window can be registered again.
            guard existing.email_verified_at == nil, try await accounts(database).isStale(userID: existing.id, olderThan: Self.verificationLifetime) else {
                logger.notice("Inscription demandée pour une adresse déjà inscrite ; aucun compte créé.")
                return
            }
            try await accounts(database).delete(userID: existing.id)
        }
        let token = Secret.token()
        try await database.transaction { db in
            // A self-registered holder never joins an existing organisation by typing its (public)
            // SIRET: an administrator attaches the account; a new organisation is created otherwise.
            var organisationID: Int?
            if role == .projectHolder, let organisationName, let siret {
                let organisations = SQLOrganisationRepository(database: db)
                if let existing = try await organisations.find(siret) {
                    try await audit(db).record("request-membership", entity: "organisation", id: String(existing.id), by: Actor(userID: nil, label: email),
                                               after: ["siret": siret, "email": email])
                } else {
                    organisationID = try await organisations.create(name: try await organisations.availableName(organisationName, siret: siret),
                                                                    kind: .association, siren: String(siret.prefix(9)), siret: siret)
                    try await audit(db).record("create", entity: "organisation", id: String(organisationID!), by: Actor(userID: nil, label: email),
                                               after: ["name": organisationName, "siret": siret])
                }
            }
            let userID = try await accounts(db).createUser(email: email, displayName: displayName, passwordHash: hash, organisationID: organisationID, verified: false)
            try await accounts(db).grant(userID: userID, Membership(role: role, contractID: nil))
            try await accounts(db).issueToken(userID: userID, purpose: .verifyEmail, tokenHash: Secret.hash(token), validFor: Self.verificationLifetime)
            let actor = Actor(userID: userID, label: email)
            try await audit(db).record("create", entity: "user", id: String(userID), by: actor, after: ["email": email, "role": role.rawValue])
        }
        outbox.send(OutgoingMessage(to: email, subject: "Confirmez votre adresse", link: publicURL + SiteURL.verifyEmail.path(query: ["jeton": token])))
    }

    func verifyEmail(token: String) async throws {
        try await database.transaction { db in
            guard let userID = try await accounts(db).consumeToken(tokenHash: Secret.hash(token), purpose: .verifyEmail) else { throw AccountError.tokenInvalid }
            try await accounts(db).markVerified(userID: userID)
        }
    }

    // MARK: Passwords

    /// Logs a reset link when the account exists; says nothing either way.
    func requestPasswordReset(email rawEmail: String) async throws {
        guard let email = Credentials.normalisedEmail(rawEmail), let row = try await accounts(database).userRow(email: email), row.disabled_at == nil else { return }
        let token = Secret.token()
        try await accounts(database).issueToken(userID: row.id, purpose: .resetPassword, tokenHash: Secret.hash(token), validFor: Self.resetLifetime)
        outbox.send(OutgoingMessage(to: email, subject: "Nouveau mot de passe", link: publicURL + SiteURL.passwordReset.path(query: ["jeton": token])))
    }

    func resetPassword(token: String, password: String, confirmation: String) async throws {
        if let errors = Self.newPasswordErrors(password, confirmation: confirmation, email: nil) { throw FormInvalid(errors: errors) }
        let hash = try await hasher.hash(password)
        try await database.transaction { db in
            guard let userID = try await accounts(db).consumeToken(tokenHash: Secret.hash(token), purpose: .resetPassword) else { throw AccountError.tokenInvalid }
            try await accounts(db).setPassword(userID: userID, hash: hash)
            try await accounts(db).spendTokens(userID: userID, purpose: .resetPassword)
            try await accounts(db).markVerified(userID: userID) // the link proved the mailbox
            try await audit(db).record("reset-password", entity: "user", id: String(userID), by: Actor(userID: userID, label: "lien de réinitialisation"), after: ["password": "modifié"])
        }
    }

    func changePassword(account: Account, current: String, new password: String, confirmation: String) async throws {
        guard let row = try await accounts(database).userRow(email: account.email), try await hasher.verify(current, created: row.password_hash) else {
            throw FormInvalid(errors: [FieldError(field: "current", message: "Champ « mot de passe actuel » : il ne correspond pas.")])
        }
        if let errors = Self.newPasswordErrors(password, confirmation: confirmation, email: account.email) { throw FormInvalid(errors: errors) }
        let hash = try await hasher.hash(password)
        try await database.transaction { db in
            try await accounts(db).setPassword(userID: account.id, hash: hash)
            try await audit(db).record("change-password", entity: "user", id: String(account.id), by: Actor(userID: account.id, label: account.email), after: ["password": "modifié"])
        }
    }

    static func newPasswordErrors(_ password: String, confirmation: String, email: String?) -> [FieldError]? {
        var errors: [FieldError] = []
        if let problem = Credentials.passwordProblem(password, email: email) { errors.append(FieldError(field: "password", message: "Champ « nouveau mot de passe » : \(problem).")) }
        if password != confirmation { errors.append(FieldError(field: "confirmation", message: "Champ « confirmation » : les deux mots de passe diffèrent.")) }
        return errors.isEmpty ? nil : errors
    }

    // MARK: Institutional users: invitations, direct creation, roles

    struct Invite: Sendable {
        var email: String
        var organisation: String?
        var role: Role
        var contractID: Int?
    }

    /// Creates an invitation and returns its link (shown once to the administrator, and logged).
    func invite(_ invite: Invite, by actor: Actor) async throws -> String {
        guard let email = Credentials.normalisedEmail(invite.email) else {
            throw FormInvalid(errors: [FieldError(field: "email", message: "Champ « adresse e-mail » : adresse non valide.")])
        }
        let token = Secret.token()
        try await database.transaction { db in
            var organisationID: Int?
            if let key = invite.organisation?.trimmingSpaces.nilIfEmpty {
                guard let organisation = try await SQLOrganisationRepository(database: db).find(key) else {
                    throw FormInvalid(errors: [FieldError(field: "organisation", message: "Champ « organisation » : « \(key) » est introuvable (SIREN, SIRET ou nom exact).")])
                }
                organisationID = organisation.id
            }
            let membership = Membership(role: invite.role, contractID: invite.role == .administrator ? nil : invite.contractID)
            let id = try await accounts(db).createInvitation(email: email, organisationID: organisationID, membership: membership,
                                                             tokenHash: Secret.hash(token), invitedBy: actor.userID, validFor: Self.invitationLifetime)
            try await audit(db).record("invite", entity: "invitation", id: String(id), contractID: membership.contractID, by: actor,
                                       after: ["email": email, "role": invite.role.rawValue, "contract": membership.contractID.map(String.init) ?? "tous"])
        }
        let link = publicURL + SiteURL.invitation.path(query: ["jeton": token])
        outbox.send(OutgoingMessage(to: email, subject: "Invitation à rejoindre Passerelle", link: link))
        return link
    }

    /// Accepts an invitation: a new account, or an unconfirmed one taken over, is returned ready to
    /// sign in; a confirmed account only gains the role (`mayOpenSession` false: its owner signs in with
    /// their own password, so an invitation link can never open someone else's session).
    func acceptInvitation(token: String, displayName: String, password: String) async throws -> (account: Account, mayOpenSession: Bool) {
        guard let invitation = try await accounts(database).invitation(tokenHash: Secret.hash(token)) else { throw AccountError.tokenInvalid }
        var errors: [FieldError] = []
        let name = displayName.trimmingSpaces
        if name.isEmpty || name.count > 120 { errors.append(FieldError(field: "displayName", message: "Champ « nom affiché » : entre 1 et 120 caractères.")) }
        if let problem = Credentials.passwordProblem(password, email: invitation.email) { errors.append(FieldError(field: "password", message: "Champ « mot de passe » : \(problem).")) }
        guard errors.isEmpty else { throw FormInvalid(errors: errors) }
        let hash = try await hasher.hash(password)
        let existedConfirmed = try await accounts(database).userRow(email: invitation.email)?.email_verified_at != nil
        let userID = try await database.transaction { db -> Int in
            let userID: Int
            if let existing = try await accounts(db).userRow(email: invitation.email) {
                // The invitation link proves the mailbox: an unconfirmed account at this address is taken
                // over (new password), a confirmed one keeps its password and gains the role.
                userID = existing.id
                if existing.email_verified_at == nil {
                    try await accounts(db).setPassword(userID: userID, hash: hash)
                    try await accounts(db).markVerified(userID: userID)
                }
                if existing.organisation_id == nil, let organisation = invitation.organisation_id {
                    try await accounts(db).setOrganisation(userID: userID, organisationID: organisation)
                }
            } else {
                userID = try await accounts(db).createUser(email: invitation.email, displayName: name, passwordHash: hash, organisationID: invitation.organisation_id, verified: true)
            }
            let membership = Membership(role: Role(rawValue: invitation.role) ?? .inhabitant, contractID: invitation.contract_id)
            try await accounts(db).grant(userID: userID, membership)
            guard try await accounts(db).markAccepted(invitationID: invitation.id) else { throw AccountError.tokenInvalid }
            let actor = Actor(userID: userID, label: invitation.email)
            try await audit(db).record("grant", entity: "user", id: String(userID), contractID: membership.contractID, by: actor,
                                       before: [String: String]?.none, after: ["email": invitation.email, "role": membership.role.rawValue])
            return userID
        }
        return (try await accounts(database).account(id: userID)!, !existedConfirmed)
    }

    /// `passerelle users create`: a verified account with one role, straight away.
    func createUser(email rawEmail: String, organisation key: String?, role: Role, contractID: Int?, password: String, by actor: Actor) async throws -> Account {
        guard let email = Credentials.normalisedEmail(rawEmail) else { throw AccountError.invalidEmail }
        if let problem = Credentials.passwordProblem(password, email: email) { throw AccountError.weakPassword(problem) }
        let hash = try await hasher.hash(password)
        let userID = try await database.transaction { db -> Int in
            var organisationID: Int?
            if let key = key?.trimmingSpaces.nilIfEmpty {
                organisationID = try await organisationForUser(key, db: db, actor: actor)
            }
            let userID = try await accounts(db).createUser(email: email, displayName: email, passwordHash: hash, organisationID: organisationID, verified: true)
            let membership = Membership(role: role, contractID: role == .administrator ? nil : contractID)
            try await accounts(db).grant(userID: userID, membership)
            try await audit(db).record("grant", entity: "user", id: String(userID), contractID: membership.contractID, by: actor,
                                       before: [String: String]?.none, after: ["email": email, "role": role.rawValue])
            return userID
        }
        return try await accounts(database).account(id: userID)!
    }

    /// An existing organisation by SIREN, SIRET or name; an EPCI or commune of the reference by its
    /// SIREN becomes an organisation; any other name creates one.
    private func organisationForUser(_ key: String, db: any Database, actor: Actor) async throws -> Int {
        let organisations = SQLOrganisationRepository(database: db)
        if let existing = try await organisations.find(key) { return existing.id }
        let digits = SIRET.normalized(key)
        if digits.allSatisfy(\.isNumber) {
            guard digits.count == 9, let epci = try await SQLTerritoryRepository(database: db).find(code: digits, kind: .epci) else {
                throw AccountError.unknownOrganisation(key)
            }
            let id = try await organisations.create(name: epci.name, kind: .epci, siren: digits, siret: nil)
            try await audit(db).record("create", entity: "organisation", id: String(id), by: actor, after: ["name": epci.name, "siren": digits])
            return id
        }
        let id = try await organisations.create(name: key, kind: .other, siren: nil, siret: nil)
        try await audit(db).record("create", entity: "organisation", id: String(id), by: actor, after: ["name": key])
        return id
    }

    /// Grants or revokes a role, with its audit line; returns false when nothing changed.
    func changeRole(userID: Int, membership: Membership, grant: Bool, by actor: Actor) async throws -> Bool {
        try await database.transaction { db in
            let repository = accounts(db)
            let before = try await repository.memberships(userID: userID)
            let changed = grant ? try await repository.grant(userID: userID, membership) : try await repository.revoke(userID: userID, membership)
            if changed {
                let after = try await repository.memberships(userID: userID)
                try await audit(db).record(grant ? "grant" : "revoke", entity: "user", id: String(userID), contractID: membership.contractID,
                                           by: actor, before: before.map(Self.describe), after: after.map(Self.describe))
            }
            return changed
        }
    }

    static func describe(_ membership: Membership) -> String {
        membership.role.rawValue + "@" + (membership.contractID.map(String.init) ?? "*")
    }

    // MARK: API tokens

    /// Creates a token and returns it in clear, the only time it is ever available.
    func createAPIToken(for account: Account, name rawName: String) async throws -> (id: Int, token: String) {
        let name = rawName.trimmingSpaces
        guard !name.isEmpty, name.count <= 80 else {
            throw FormInvalid(errors: [FieldError(field: "name", message: "Champ « nom du jeton » : entre 1 et 80 caractères.")])
        }
        let token = "pas_" + Secret.token()
        let id = try await database.transaction { db -> Int in
            let id = try await accounts(db).createAPIToken(userID: account.id, name: name, prefix: String(token.prefix(10)), tokenHash: Secret.hash(token))
            try await audit(db).record("create", entity: "api-token", id: String(id), by: Actor(userID: account.id, label: account.email), after: ["name": name])
            return id
        }
        return (id, token)
    }

    func revokeAPIToken(id: Int, of account: Account) async throws -> Bool {
        try await database.transaction { db in
            let revoked = try await accounts(db).revokeAPIToken(id: id, userID: account.id)
            if revoked {
                try await audit(db).record("revoke", entity: "api-token", id: String(id), by: Actor(userID: account.id, label: account.email), after: ["revoked": true])
            }
            return revoked
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

extension Request {
    var accountService: AccountService {
        AccountService(database: db, clock: application.clock, hasher: password.async, logger: logger, outbox: application.outbox, publicURL: application.settings.publicURL)
    }
}
