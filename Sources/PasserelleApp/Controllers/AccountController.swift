import PasserelleDomain
import Vapor

/// Sign-in, sign-up, e-mail confirmation, password reset, invitations and the account page.
struct AccountController: Sendable {
    struct SignInForm: Content { var email: String?; var password: String?; var retour: String? }

    func signInPage(req: Request) async throws -> Response {
        let notice = req.sessionExpired ? AuthError.sessionExpired.userMessage : nil
        return .html(AccountPages.signIn(email: nil, returnTo: try req.strictQuery.text("retour"), errors: [], notice: notice, context: req.pageContext(withForm: true)))
    }

    func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(SignInForm.self)
        let email = form.email ?? ""
        do {
            let account = try await signInChecked(req: req, email: email, password: form.password ?? "")
            try await req.signIn(account)
            return req.redirect(to: Self.safeReturn(form.retour) ?? SiteURL.account.path, redirectType: .normal)
        } catch let error as AuthError where error == .badCredentials {
            return .html(AccountPages.signIn(email: email, returnTo: form.retour, errors: [FieldError(field: "email", message: error.userMessage)],
                                             context: req.pageContext(withForm: true)), status: .unauthorized)
        } catch let invalid as FormInvalid {
            return .html(AccountPages.signIn(email: email, returnTo: form.retour, errors: invalid.errors, context: req.pageContext(withForm: true)), status: invalid.status)
        }
    }

    /// Rate-limited password check shared by the page and the API.
    func signInChecked(req: Request, email: String, password: String) async throws -> Account {
        let now = req.application.clock.now().timeIntervalSince1970
        // The same key however the address is typed (spaces, case): one account, one counter.
        let key = Credentials.normalisedEmail(email) ?? email.trimmingSpaces.lowercased()
        try await req.application.attemptLimits.checkSignIn(address: req.clientAddress, email: key, now: now)
        do {
            let account = try await req.accountService.authenticate(email: email, password: password)
            await req.application.attemptLimits.recordSuccessfulSignIn(email: key)
            return account
        } catch {
            await req.application.attemptLimits.recordFailedSignIn(email: key, now: now)
            throw error
        }
    }

    /// Only paths of this site: "/compte", never "//ailleurs.fr", "https://…", nor a path hiding
    /// control characters or backslashes that a browser would strip or turn into "//".
    static func safeReturn(_ path: String?) -> String? {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"),
              path.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && $0 != "\\" }),
              let components = URLComponents(string: path), components.scheme == nil, components.host == nil else { return nil }
        return path
    }

    func signOut(req: Request) async throws -> Response {
        req.session.destroy()
        return req.redirect(to: SiteURL.home.path, redirectType: .normal)
    }

    struct SignUpForm: Content { var email: String?; var displayName: String?; var password: String?; var role: String?; var organisationName: String?; var siret: String? }

    func signUpPage(req: Request) async throws -> Response {
        .html(AccountPages.signUp(AccountPages.SignUpValues(), errors: [], context: req.pageContext(withForm: true)))
    }

    func signUp(req: Request) async throws -> Response {
        let form = try req.content.decode(SignUpForm.self)
        try await req.application.attemptLimits.checkSignUp(address: req.clientAddress, now: req.application.clock.now().timeIntervalSince1970)
        do {
            try await req.accountService.signUp(.init(email: form.email ?? "", displayName: form.displayName ?? "", password: form.password ?? "",
                                                      role: form.role ?? "", organisationName: form.organisationName, siret: form.siret))
        } catch let invalid as FormInvalid {
            let values = AccountPages.SignUpValues(email: form.email ?? "", displayName: form.displayName ?? "", role: form.role ?? Role.projectHolder.rawValue,
                                                   organisationName: form.organisationName ?? "", siret: form.siret ?? "")
            return .html(AccountPages.signUp(values, errors: invalid.errors, context: req.pageContext(withForm: true)), status: invalid.status)
        }
        return .html(AccountPages.message(title: "Vérifiez votre messagerie", [
            "Si l'adresse peut être utilisée, un lien de confirmation vient d'y être envoyé. Il reste valable trois jours.",
            "Tant que la messagerie de cette installation n'est pas configurée, l'administrateur retrouve le lien dans le journal du serveur.",
        ], link: ("Aller à la connexion", SiteURL.signIn.path), context: req.pageContext()))
    }

    /// The link opens a page with a button: mail scanners that fetch links do not confirm anything.
    func verifyEmailPage(req: Request) async throws -> Response {
        guard let token = try req.strictQuery.text("jeton") else { throw AccountError.tokenInvalid }
        return .html(AccountPages.confirm(token: token, context: req.pageContext(withForm: true)))
    }

    struct TokenField: Content { var jeton: String? }

    func verifyEmail(req: Request) async throws -> Response {
        guard let token = try req.content.decode(TokenField.self).jeton, !token.isEmpty else { throw AccountError.tokenInvalid }
        try await req.accountService.verifyEmail(token: token)
        return .html(AccountPages.message(title: "Adresse confirmée", ["Votre adresse est confirmée : vous pouvez vous connecter."],
                                          link: ("Se connecter", SiteURL.signIn.path), context: req.pageContext()))
    }

    struct EmailForm: Content { var email: String? }

    func passwordForgottenPage(req: Request) async throws -> Response {
        .html(AccountPages.passwordForgotten(email: nil, errors: [], context: req.pageContext(withForm: true)))
    }

    func passwordForgotten(req: Request) async throws -> Response {
        let form = try req.content.decode(EmailForm.self)
        try await req.application.attemptLimits.checkSignUp(address: req.clientAddress, now: req.application.clock.now().timeIntervalSince1970)
        try await req.accountService.requestPasswordReset(email: form.email ?? "")
        return .html(AccountPages.message(title: "Demande enregistrée", [
            "Si un compte existe avec cette adresse, un lien pour choisir un nouveau mot de passe vient d'y être envoyé ; il reste valable une heure.",
        ], context: req.pageContext()))
    }

    struct ResetForm: Content { var jeton: String?; var password: String?; var confirmation: String? }

    func passwordResetPage(req: Request) async throws -> Response {
        guard let token = try req.strictQuery.text("jeton") else { throw AccountError.tokenInvalid }
        return .html(AccountPages.passwordReset(token: token, errors: [], context: req.pageContext(withForm: true)))
    }

    func passwordReset(req: Request) async throws -> Response {
        let form = try req.content.decode(ResetForm.self)
        let token = form.jeton ?? ""
        do {
            try await req.accountService.resetPassword(token: token, password: form.password ?? "", confirmation: form.confirmation ?? "")
        } catch let invalid as FormInvalid {
            return .html(AccountPages.passwordReset(token: token, errors: invalid.errors, context: req.pageContext(withForm: true)), status: invalid.status)
        }
        return .html(AccountPages.message(title: "Mot de passe changé", ["Votre nouveau mot de passe est enregistré."],
                                          link: ("Se connecter", SiteURL.signIn.path), context: req.pageContext()))
    }

    struct InvitationForm: Content { var jeton: String?; var displayName: String?; var password: String? }

    func invitationPage(req: Request) async throws -> Response {
        guard let token = try req.strictQuery.text("jeton"),
              let invitation = try await SQLAccountRepository(database: req.db, clock: req.application.clock).invitation(tokenHash: Secret.hash(token)) else {
            throw AccountError.tokenInvalid
        }
        return .html(AccountPages.invitation(token: token, email: invitation.email, roleLabel: Role(rawValue: invitation.role)?.label ?? invitation.role,
                                             displayName: "", errors: [], context: req.pageContext(withForm: true)))
    }

    func acceptInvitation(req: Request) async throws -> Response {
        let form = try req.content.decode(InvitationForm.self)
        let token = form.jeton ?? ""
        do {
            let accepted = try await req.accountService.acceptInvitation(token: token, displayName: form.displayName ?? "", password: form.password ?? "")
            guard accepted.mayOpenSession else {
                return .html(AccountPages.message(title: "Rôle ajouté", ["Ce rôle est ajouté à votre compte existant. Connectez-vous avec votre mot de passe habituel."],
                                                  link: ("Se connecter", SiteURL.signIn.path), context: req.pageContext()))
            }
            try await req.signIn(accepted.account)
            return req.redirect(to: SiteURL.account.path, redirectType: .normal)
        } catch let invalid as FormInvalid {
            guard let invitation = try await SQLAccountRepository(database: req.db, clock: req.application.clock).invitation(tokenHash: Secret.hash(token)) else {
                throw AccountError.tokenInvalid
            }
            return .html(AccountPages.invitation(token: token, email: invitation.email, roleLabel: Role(rawValue: invitation.role)?.label ?? invitation.role,
                                                 displayName: form.displayName ?? "", errors: invalid.errors, context: req.pageContext(withForm: true)), status: invalid.status)
        }
    }

    // MARK: Account page

    func accountPage(req: Request) async throws -> Response {
        .html(try await accountPage(req: req, newToken: nil, errors: [], notice: nil))
    }

    private func accountPage(req: Request, newToken: (String, String)?, errors: [FieldError], notice: String?) async throws -> String {
        let account = req.account!
        let names = Dictionary(uniqueKeysWithValues: try await req.contracts.list(concerning: nil).map { ($0.id, $0.shortName) })
        let tokens = try await SQLAccountRepository(database: req.db, clock: req.application.clock).apiTokens(userID: account.id)
        return AccountPages.account(.init(account: account, contractNames: names, tokens: tokens, newToken: newToken.map { (name: $0.0, value: $0.1) },
                                          errors: errors, notice: notice), context: req.pageContext())
    }

    struct PasswordForm: Content { var current: String?; var password: String?; var confirmation: String? }

    func changePassword(req: Request) async throws -> Response {
        let form = try req.content.decode(PasswordForm.self)
        do {
            try await req.accountService.changePassword(account: req.account!, current: form.current ?? "", new: form.password ?? "", confirmation: form.confirmation ?? "")
            // Other sessions end with the old password; this one opens anew.
            if let account = try await SQLAccountRepository(database: req.db, clock: req.application.clock).account(id: req.account!.id) { try await req.signIn(account) }
        } catch let invalid as FormInvalid {
            return .html(try await accountPage(req: req, newToken: nil, errors: invalid.errors, notice: nil), status: invalid.status)
        }
        return .html(try await accountPage(req: req, newToken: nil, errors: [], notice: "Mot de passe changé."))
    }

    struct TokenForm: Content { var name: String? }

    func createToken(req: Request) async throws -> Response {
        let form = try req.content.decode(TokenForm.self)
        do {
            let created = try await req.accountService.createAPIToken(for: req.account!, name: form.name ?? "")
            return .html(try await accountPage(req: req, newToken: (form.name ?? "", created.token), errors: [], notice: nil), status: .created)
        } catch let invalid as FormInvalid {
            return .html(try await accountPage(req: req, newToken: nil, errors: invalid.errors, notice: nil), status: invalid.status)
        }
    }

    func revokeToken(req: Request) async throws -> Response {
        let id = try req.parameters.require("tokenID", as: Int.self)
        guard try await req.accountService.revokeAPIToken(id: id, of: req.account!) else {
            throw RequestError.notFound(what: "Le jeton n° \(id)")
        }
        return .html(try await accountPage(req: req, newToken: nil, errors: [], notice: "Jeton révoqué."))
    }
}
