import PasserelleDomain

/// Sign-in, sign-up, password and invitation pages.
enum AccountPages {
    static func signIn(email: String?, returnTo: String?, errors: [FieldError], notice: String? = nil, context: PageContext) -> String {
        Layout.page(title: "Connexion", section: .account, context: context,
            .h1("Connexion"),
            .unwrap(notice) { .p(.class("notice"), .role("status"), .text($0)) },
            Forms.errorSummary(errors),
            Forms.post(SiteURL.signIn.path, context: context,
                .input(.type("hidden"), .name("retour"), .value(returnTo ?? "")),
                Forms.field("email", label: "Adresse e-mail", value: email, type: "email", autocomplete: "username", errors: errors),
                Forms.field("password", label: "Mot de passe", type: "password", autocomplete: "current-password", errors: errors),
                .button(.type("submit"), "Se connecter")
            ),
            .p(.a(href: SiteURL.passwordForgotten.path, "Mot de passe oublié ?")),
            .p("Pas encore de compte ? ", .a(href: SiteURL.signUp.path, "Créer un compte porteur de projet ou habitant"), ". Les agents des institutions sont invités par un administrateur.")
        )
    }

    struct SignUpValues: Sendable {
        var email = ""
        var displayName = ""
        var role = Role.projectHolder.rawValue
        var organisationName = ""
        var siret = ""
    }

    static func signUp(_ values: SignUpValues, errors: [FieldError], context: PageContext) -> String {
        Layout.page(title: "Créer un compte", section: .account, context: context,
            .h1("Créer un compte"),
            .p("Les porteurs de projet (associations, communes, bailleurs) et les habitants créent leur compte eux-mêmes. Un lien de confirmation est envoyé à l'adresse indiquée."),
            Forms.errorSummary(errors),
            Forms.post(SiteURL.signUp.path, context: context,
                Forms.radios("role", legend: "Vous êtes", options: [(value: Role.projectHolder.rawValue, label: "Porteur de projet (organisation)"),
                                                                   (value: Role.inhabitant.rawValue, label: "Habitant")], selected: values.role, errors: errors),
                Forms.field("displayName", label: "Nom affiché", value: values.displayName, autocomplete: "name", errors: errors),
                Forms.field("email", label: "Adresse e-mail", value: values.email, type: "email", autocomplete: "email", errors: errors),
                Forms.field("password", label: "Mot de passe", type: "password", autocomplete: "new-password",
                            hint: "Au moins \(Credentials.minimumPasswordLength) caractères.", errors: errors),
                .fieldset(.legend("Votre organisation (porteurs de projet)"),
                    Forms.field("organisationName", label: "Nom de l'organisation", value: values.organisationName, required: false, autocomplete: "organization", errors: errors),
                    Forms.field("siret", label: "SIRET", value: values.siret, required: false, hint: "14 chiffres, espaces acceptés.", errors: errors)
                ),
                .button(.type("submit"), "Créer le compte")
            )
        )
    }

    static func confirm(token: String, context: PageContext) -> String {
        Layout.page(title: "Confirmer votre adresse", section: .account, context: context,
            .h1("Confirmer votre adresse"),
            Forms.post(SiteURL.verifyEmail.path, context: context,
                .input(.type("hidden"), .name("jeton"), .value(token)),
                .button(.type("submit"), "Confirmer mon adresse e-mail"))
        )
    }

    static func message(title: String, _ paragraphs: [String], link: (String, String)? = nil, context: PageContext) -> String {
        Layout.page(title: title, section: .account, context: context,
            .h1(.text(title)),
            .forEach(paragraphs) { .p(.text($0)) },
            .unwrap(link) { .p(.a(href: $0.1, .text($0.0))) }
        )
    }

    static func passwordForgotten(email: String?, errors: [FieldError], context: PageContext) -> String {
        Layout.page(title: "Mot de passe oublié", section: .account, context: context,
            .h1("Mot de passe oublié"),
            Forms.errorSummary(errors),
            Forms.post(SiteURL.passwordForgotten.path, context: context,
                Forms.field("email", label: "Adresse e-mail du compte", value: email, type: "email", autocomplete: "username", errors: errors),
                .button(.type("submit"), "Recevoir un lien")
            )
        )
    }

    static func passwordReset(token: String, errors: [FieldError], context: PageContext) -> String {
        Layout.page(title: "Nouveau mot de passe", section: .account, context: context,
            .h1("Choisir un nouveau mot de passe"),
            Forms.errorSummary(errors),
            Forms.post(SiteURL.passwordReset.path, context: context,
                .input(.type("hidden"), .name("jeton"), .value(token)),
                Forms.field("password", label: "Nouveau mot de passe", type: "password", autocomplete: "new-password",
                            hint: "Au moins \(Credentials.minimumPasswordLength) caractères.", errors: errors),
                Forms.field("confirmation", label: "Confirmation", type: "password", autocomplete: "new-password", errors: errors),
                .button(.type("submit"), "Enregistrer")
            )
        )
    }

    static func invitation(token: String, email: String, roleLabel: String, displayName: String, errors: [FieldError], context: PageContext) -> String {
        Layout.page(title: "Invitation", section: .account, context: context,
            .h1("Rejoindre Passerelle"),
            .p("Vous êtes invité(e) avec l'adresse ", .strong(.text(email)), " comme ", .strong(.text(roleLabel)), "."),
            Forms.errorSummary(errors),
            Forms.post(SiteURL.invitation.path, context: context,
                .input(.type("hidden"), .name("jeton"), .value(token)),
                Forms.field("displayName", label: "Nom affiché", value: displayName, autocomplete: "name", errors: errors),
                Forms.field("password", label: "Mot de passe", type: "password", autocomplete: "new-password",
                            hint: "Au moins \(Credentials.minimumPasswordLength) caractères.", errors: errors),
                .button(.type("submit"), "Créer mon compte")
            )
        )
    }

    struct AccountModel {
        var account: Account
        var contractNames: [Int: String]
        var tokens: [SQLAccountRepository.APIToken]
        var newToken: (name: String, value: String)?
        var errors: [FieldError]
        var notice: String?
    }

    static func account(_ model: AccountModel, context: PageContext) -> String {
        let account = model.account
        return Layout.page(title: "Mon compte", section: .account, context: context,
            .h1("Mon compte"),
            .unwrap(model.notice) { .p(.class("notice"), .role("status"), .text($0)) },
            .dl(.class("facts"),
                .dt("Nom"), .dd(.text(account.displayName)),
                .dt("Adresse e-mail"), .dd(.text(account.email)),
                .dt("Organisation"), .dd(.text(account.organisationName ?? "aucune"))
            ),
            .h2("Mes rôles"),
            .if(account.memberships.isEmpty, .p("Aucun rôle pour l'instant."), else: .ul(.forEach(account.memberships) { membership in
                .li(.text(membership.role.label), " — ", .text(membership.contractID.map { model.contractNames[$0] ?? "contrat \($0)" } ?? "tous les contrats"))
            })),
            .h2(.id("mot-de-passe"), "Changer de mot de passe"),
            Forms.errorSummary(model.errors),
            Forms.post(SiteURL.accountPassword.path, context: context,
                Forms.field("current", label: "Mot de passe actuel", type: "password", autocomplete: "current-password", errors: model.errors),
                Forms.field("password", label: "Nouveau mot de passe", type: "password", autocomplete: "new-password",
                            hint: "Au moins \(Credentials.minimumPasswordLength) caractères.", errors: model.errors),
                Forms.field("confirmation", label: "Confirmation", type: "password", autocomplete: "new-password", errors: model.errors),
                .button(.type("submit"), "Changer le mot de passe")
            ),
            .h2(.id("jetons"), "Jetons d'API"),
            .p("Un jeton donne à un outil les mêmes droits que vous sur l'API (en-tête Authorization: Bearer …). Il n'est affiché qu'une fois ; révoquez-le dès qu'il ne sert plus."),
            .unwrap(model.newToken) { token in
                .div(.class("notice"), .role("status"),
                    .p("Jeton « ", .text(token.name), " » créé. Copiez-le maintenant, il ne sera plus affiché :"),
                    .p(.code(.class("secret"), .text(token.value))))
            },
            .if(!model.tokens.isEmpty, .table(.class("data"),
                .caption("Vos jetons"),
                .thead(.tr(.th(.scope("col"), "Nom"), .th(.scope("col"), "Début"), .th(.scope("col"), "Créé le"), .th(.scope("col"), "Dernier usage"), .th(.scope("col"), "État"))),
                .tbody(.forEach(model.tokens) { token in
                    .tr(.th(.scope("row"), .text(token.name)), .td(.code(.text(token.prefix + "…"))), .td(.text(String(token.created_at.prefix(10)))),
                        .td(.text(token.last_used_at.map { String($0.prefix(10)) } ?? "jamais")),
                        .td(.if(token.revoked_at == nil,
                                Forms.post(SiteURL.accountTokenRevoke(.value(token.id)).path, context: context,
                                           .button(.type("submit"), .class("secondary"), .ariaLabel("Révoquer le jeton \(token.name)"), "Révoquer")),
                                else: .text("révoqué"))))
                })
            )),
            Forms.post(SiteURL.accountTokens.path, context: context,
                Forms.field("name", label: "Nom du nouveau jeton", hint: "Par exemple : « tableur de suivi » ou « script d'import ».", errors: model.errors),
                .button(.type("submit"), "Créer un jeton")
            )
        )
    }
}
