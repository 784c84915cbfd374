import PasserelleDomain

enum AdminPages {
    struct UsersModel {
        var accounts: [Account]
        var contracts: [ContractSummary]
        var invitationLink: String?
        var errors: [FieldError]
        var notice: String?
    }

    static func users(_ model: UsersModel, context: PageContext) -> String {
        let contractNames = Dictionary(uniqueKeysWithValues: model.contracts.map { ($0.id, $0.shortName) })
        let roleOptions = Role.allCases.map { (value: $0.rawValue, label: $0.label) }
        let contractOptions = [(value: "", label: "Tous les contrats")] + model.contracts.map { (value: String($0.id), label: $0.shortName + " — " + $0.name) }
        return Layout.page(title: "Utilisateurs", section: .admin, context: context,
            .h1("Utilisateurs et rôles"),
            .p(.a(href: SiteURL.adminAudit.path, "Journal des modifications")),
            .unwrap(model.notice) { .p(.class("notice"), .role("status"), .text($0)) },
            .unwrap(model.invitationLink) { link in
                .div(.class("notice"), .role("status"),
                    .p("Invitation créée. Transmettez ce lien à la personne invitée (il n'est affiché qu'une fois, et figure dans le journal du serveur tant que la messagerie n'est pas configurée) :"),
                    .p(.code(.class("secret"), .text(link))))
            },
            .h2("Inviter un agent ou un partenaire"),
            Forms.errorSummary(model.errors),
            Forms.post(SiteURL.adminInvitations.path, context: context,
                Forms.field("email", label: "Adresse e-mail", type: "email", errors: model.errors),
                Forms.field("organisation", label: "Organisation", required: false, hint: "SIREN, SIRET ou nom exact d'une organisation déjà connue.", errors: model.errors),
                Forms.select("role", label: "Rôle", options: roleOptions, selected: Role.contractTeam.rawValue),
                Forms.select("contract", label: "Contrat", options: contractOptions, selected: nil),
                .button(.type("submit"), "Créer l'invitation")
            ),
            .h2(.text("Comptes (\(model.accounts.count))")),
            .table(.class("data"),
                .caption("Comptes et rôles par contrat"),
                .thead(.tr(.th(.scope("col"), "Compte"), .th(.scope("col"), "Organisation"), .th(.scope("col"), "Rôles"), .th(.scope("col"), "Modifier un rôle"))),
                .tbody(.forEach(model.accounts) { account in
                    .tr(
                        .th(.scope("row"), .text(account.displayName), .br(), .small(.text(account.email)), .if(!account.emailVerified, .span(.class("badge"), "non confirmé"))),
                        .td(.text(account.organisationName ?? "—")),
                        .td(.ul(.class("plain"), .forEach(account.memberships) { membership in
                            .li(.text(membership.role.label), " — ", .text(membership.contractID.map { contractNames[$0] ?? "contrat \($0)" } ?? "tous"))
                        })),
                        .td(Forms.post(SiteURL.adminRoles(.value(account.id)).path, context: context,
                            .div(.class("inline-fields"),
                                .label(.for("role-\(account.id)"), .class("visually-hidden"), .text("Rôle pour \(account.email)")),
                                .select(.id("role-\(account.id)"), .name("role"), .forEach(Role.allCases) { .option(.value($0.rawValue), .text($0.label)) }),
                                .label(.for("contract-\(account.id)"), .class("visually-hidden"), .text("Contrat pour \(account.email)")),
                                .select(.id("contract-\(account.id)"), .name("contract"), .forEach(contractOptions) { .option(.value($0.value), .text($0.label)) }),
                                .button(.type("submit"), .name("action"), .value("grant"), "Accorder"),
                                .button(.type("submit"), .name("action"), .value("revoke"), .class("secondary"), "Retirer"))
                        ))
                    )
                })
            )
        )
    }

    static func audit(_ page: ResultPage<AuditEntry>, entityType: String?, context: PageContext) -> String {
        Layout.page(title: "Journal", section: .admin, context: context,
            .h1("Journal des modifications"),
            .p("Chaque modification des contrats, plans, liens, engagements, candidatures, instructions, décisions et droits des utilisateurs y est inscrite, sans possibilité de la modifier ni de l'effacer."),
            .p("Exporter : ", .a(href: SiteURL.api(.audit).path(query: ["format": "csv", "entityType": entityType]), "CSV"), " · ",
               .a(href: SiteURL.api(.audit).path(query: ["entityType": entityType]), "JSON")),
            .table(.class("data"),
                .caption(.text("\(page.total) entrées, les plus récentes d'abord")),
                .thead(.tr(.th(.scope("col"), "Date (UTC)"), .th(.scope("col"), "Auteur"), .th(.scope("col"), "Action"), .th(.scope("col"), "Objet"),
                           .th(.scope("col"), "Avant"), .th(.scope("col"), "Après"))),
                .tbody(.forEach(page.items) { entry in
                    .tr(.td(.text(entry.occurredAt)), .td(.text(entry.actorLabel)), .td(.text(entry.action)),
                        .td(.text("\(entry.entityType) n° \(entry.entityID)")),
                        .td(.code(.text(entry.before ?? "—"))), .td(.code(.text(entry.after ?? "—"))))
                })
            )
        )
    }
}
