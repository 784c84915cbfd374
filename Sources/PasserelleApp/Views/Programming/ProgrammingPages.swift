import Foundation
import PasserelleDomain

/// The programming of a contract: its calls, a call, opening a call, funders and eligibility rules.
enum ProgrammingPages {
    static let demoText = "Cet appel, ses porteurs de projet, leurs SIRET et tous les montants sont fictifs ; seuls les financeurs et leurs dispositifs sont réels."

    static func statusBadge(_ status: ApplicationStatus) -> HTMLNode {
        .span(.class("status status-\(status.code.replacingOccurrences(of: ".", with: "-"))"), .text(status.label))
    }

    static func callState(_ call: Call, today: CalendarDate) -> String {
        if today < call.opensOn { return "ouvrira le \(call.opensOn.frenchText)" }
        if today > call.closesOn { return "clos depuis le \(call.closesOn.frenchText)" }
        return "ouvert jusqu'au \(call.closesOn.frenchText)"
    }

    // MARK: Programming home of a contract

    struct HomeModel {
        var contract: ContractDetail
        var calls: [StoredCall]
        var applicationCounts: [Int: Int]
        var canOpenCall: Bool
        var today: CalendarDate
    }

    static func home(_ model: HomeModel, context: PageContext) -> String {
        let contract = model.contract.contract
        let slug = contract.slug
        return Layout.page(title: "Programmation — \(contract.shortName)", section: .contracts, context: context,
            .p(.class("kicker"), .a(href: SiteURL.contract(.value(slug)).path, .text(contract.shortName)), " · Programmation"),
            .h1(.text("Programmation et financements — \(contract.shortName)")),
            ContractTools.nav(contract, current: .programming, context: context),
            .if(model.calls.contains(where: \.isDemo), Layout.demoNotice("Les appels marqués « démonstration » sont fictifs : porteurs, SIRET et montants sont inventés pour montrer l'outil ; les financeurs et leurs dispositifs sont réels.")),
            .p(.class("lead"), "Les appels à projets du contrat, les candidatures des porteurs, l'instruction partagée entre financeurs, les décisions du comité et leurs chiffres."),
            .ul(.class("figures"),
                .li(.a(href: SiteURL.contractDashboard(.value(slug)).path, .strong("Tableau de bord"), "du comité de pilotage")),
                .li(.a(href: SiteURL.funders.path, .strong("Financeurs"), "et dispositifs")),
                .li(.a(href: SiteURL.eligibilityRules.path, .strong("Règles d'éligibilité"), "et leurs sources")),
                .li(.a(href: SiteURL.api(.programmingSCDL(.value(slug))).path, .strong("Données ouvertes"), "subventions accordées (SCDL)"))
            ),
            .if(model.canOpenCall, .p(.a(href: SiteURL.newCall(.value(slug)).path, .class("button"), "Ouvrir un appel à projets"))),
            .h2("Appels à projets"),
            .if(model.calls.isEmpty, .p("Aucun appel n'a encore été ouvert pour ce contrat."), else: .table(.class("data"),
                .caption("Appels du contrat, du plus récent au plus ancien"),
                .thead(.tr(.th(.scope("col"), "Appel"), .th(.scope("col"), "Type"), .th(.scope("col"), "Année"), .th(.scope("col"), "Dépôt"),
                           .th(.scope("col"), .class("num"), "Candidatures déposées"))),
                .tbody(.forEach(model.calls) { stored in
                    .tr(.th(.scope("row"), .a(href: SiteURL.call(.value(stored.call.id)).path, .text(stored.call.title)),
                            .if(stored.isDemo, .span(.class("badge"), "démonstration"))),
                        .td(.text(stored.call.kind.label)), .td(.text(String(stored.call.year))),
                        .td(.text(callState(stored.call, today: model.today))),
                        .td(.class("num"), .text(FrenchFormat.integer(model.applicationCounts[stored.call.id] ?? 0))))
                })
            ))
        )
    }

    // MARK: A call

    struct CallModel {
        var stored: StoredCall
        var contract: ContractDetail
        var catalog: [StoredFunder]
        var submittedCount: Int
        var today: CalendarDate
        /// Signed-in project holder with an organisation: may apply (or has applied).
        var isHolder: Bool
        var ownApplicationID: Int?
        var canInstruct: Bool
    }

    static func callPage(_ model: CallModel, errors: [FieldError] = [], context: PageContext) -> String {
        let call = model.stored.call
        let nodes = model.contract.tree.flatMap(\.flattened)
        let slug = model.contract.contract.slug
        return Layout.page(title: call.title, section: .contracts, context: context,
            .p(.class("kicker"), .a(href: SiteURL.contractProgramming(.value(slug)).path, .text("Programmation — \(model.contract.contract.shortName)")),
               " · \(call.kind.label)"),
            .h1(.text(call.title), .if(model.stored.isDemo, .span(.class("badge"), "démonstration"))),
            .if(model.stored.isDemo, Layout.demoNotice(demoText)),
            Forms.errorSummary(errors),
            .dl(.class("facts"),
                .dt("Programmation"), .dd(.text(String(call.year))),
                .dt("Dépôt des candidatures"), .dd(.text("du \(call.opensOn.frenchText) au \(call.closesOn.frenchText) — \(callState(call, today: model.today))")),
                .dt("Période des actions"), .dd(.text("du \(call.actionStartsOn.frenchText) au \(call.actionEndsOn.frenchText)")),
                .dt("Candidatures déposées"), .dd(.text(FrenchFormat.integer(model.submittedCount)))
            ),
            applyBox(model, context: context),
            .if(model.canInstruct, .p(.a(href: SiteURL.callInstruction(.value(call.id)).path, .class("button"), "Tableau d'instruction partagé"))),
            .h2("Objectifs du contrat visés"),
            .ul(.forEach(call.objectiveIDs.compactMap { id in nodes.first { $0.id == id } }) { node in
                .li(.span(.class("node-code"), .text(node.code)), " ", .text(node.title))
            }),
            .h2("Financeurs et dispositifs"),
            .table(.class("data"),
                .caption("Financeurs participant à l'appel"),
                .thead(.tr(.th(.scope("col"), "Financeur"), .th(.scope("col"), "Dispositifs ouverts"), .th(.scope("col"), .class("num"), "Enveloppe"))),
                .tbody(.forEach(call.funders) { entry in
                    let funder = model.catalog.first { $0.funder.id == entry.funderID }
                    return .tr(.th(.scope("row"), .text(funder?.funder.name ?? "financeur n° \(entry.funderID)")),
                               .td(.ul(.class("plain"), .forEach(entry.schemeIDs.compactMap { id in funder?.schemes.first { $0.scheme.id == id } }) { scheme in
                                   .li(.text(scheme.scheme.name), " ", .small(.text("(\(scheme.scheme.kind.label.lowercased()))")))
                               })),
                               .td(.class("num"), .text(entry.envelope.map(EuroAmount.format) ?? "non précisée")))
                })
            ),
            .h2("Grille d'instruction"),
            .p(.class("hint"), "Chaque financeur note les candidatures sur ces critères ; les notes vont de la borne basse (absent) à la borne haute (excellent)."),
            .table(.class("data"),
                .caption("Critères de la grille"),
                .thead(.tr(.th(.scope("col"), "Critère"), .th(.scope("col"), .class("num"), "Poids"), .th(.scope("col"), "Échelle"))),
                .tbody(.forEach(call.grid.criteria) { criterion in
                    .tr(.th(.scope("row"), .text(criterion.label)), .td(.class("num"), .text(ProgrammingText.decimal(criterion.weight))),
                        .td(.text("\(criterion.scale.lowerBound) à \(criterion.scale.upperBound)")))
                })
            ),
            .h2("Pièces demandées"),
            .if(call.documentsAsked.isEmpty, .p("Aucune pièce particulière."), else: .ul(.forEach(call.documentsAsked) { .li(.text($0)) })),
            .p(.a(href: SiteURL.eligibilityRules.path, "Règles d'éligibilité des dispositifs"), " · ",
               .a(href: SiteURL.api(.call(.value(call.id))).path, "Cet appel en JSON"))
        )
    }

    static func applyBox(_ model: CallModel, context: PageContext) -> HTMLNode {
        let call = model.stored.call
        if let id = model.ownApplicationID {
            return .p(.class("notice"), "Votre organisation a une candidature à cet appel : ", .a(href: SiteURL.application(.value(id)).path, "la consulter"), ".")
        }
        guard call.isOpen(on: model.today) else { return .empty }
        guard context.account != nil else {
            return .p(.class("notice"), "Pour candidater, ", .a(href: SiteURL.signIn.path(query: ["retour": SiteURL.call(.value(call.id)).path]), "connectez-vous"),
                      " ou ", .a(href: SiteURL.signUp.path, "créez un compte porteur de projet"), " (avec le SIRET de votre organisation).")
        }
        guard model.isHolder else { return .empty }
        return Forms.post(SiteURL.callApplications(.value(call.id)).path, context: context,
            .p("Votre candidature s'enregistre comme brouillon : vous pouvez la compléter en plusieurs fois avant de la déposer."),
            Forms.field("titre", label: "Titre du projet", errors: []),
            .button(.type("submit"), "Commencer une candidature"))
    }

    // MARK: Opening a call

    struct NewCallValues {
        var values: [String: String]

        func value(_ name: String) -> String { values[name] ?? "" }
        func checked(_ name: String) -> Bool { values[name] == "oui" }
    }

    static func newCall(contract: ContractDetail, funders: [StoredFunder], values: NewCallValues, errors: [FieldError], context: PageContext) -> String {
        let slug = contract.contract.slug
        let leaves = ProgrammingService.leaves(contract.tree)
        return Layout.page(title: "Ouvrir un appel — \(contract.contract.shortName)", section: .contracts, context: context,
            .p(.class("kicker"), .a(href: SiteURL.contractProgramming(.value(slug)).path, .text("Programmation — \(contract.contract.shortName)"))),
            .h1("Ouvrir un appel à projets"),
            Forms.errorSummary(errors),
            Forms.post(SiteURL.contractCalls(.value(slug)).path, context: context,
                Forms.select("kind", label: "Type d'appel", options: CallKind.allCases.map { ($0.rawValue, $0.label) }, selected: values.value("kind"), errors: errors),
                Forms.field("title", label: "Titre", value: values.value("title"), errors: errors),
                Forms.field("year", label: "Année de programmation", value: values.value("year"), type: "number", errors: errors),
                Forms.field("opensOn", label: "Ouverture des dépôts", value: values.value("opensOn"), type: "date", errors: errors),
                Forms.field("closesOn", label: "Clôture des dépôts", value: values.value("closesOn"), type: "date", errors: errors),
                Forms.field("actionStartsOn", label: "Début de la période des actions", value: values.value("actionStartsOn"), type: "date", errors: errors),
                Forms.field("actionEndsOn", label: "Fin de la période des actions", value: values.value("actionEndsOn"), type: "date", errors: errors),
                .fieldset(.id("objectives"), .legend("Objectifs du contrat visés"),
                    .forEach(leaves) { node in
                        let name = "objectif_\(node.code)"
                        return .div(.class("choice"),
                            .input(.type("checkbox"), .id(name), .name(name), .value("oui"), .attr("checked", values.checked(name) ? "" : nil)),
                            .label(.for(name), .span(.class("node-code"), .text(node.code)), " ", .text(node.title)))
                    }
                ),
                .fieldset(.id("funders"), .legend("Financeurs participants, dispositifs ouverts et enveloppes"),
                    .forEach(funders) { funder in
                        let code = funder.funder.code
                        return .fieldset(.legend(.text(funder.funder.name)),
                            .div(.class("choice"),
                                .input(.type("checkbox"), .id("financeur_\(code)"), .name("financeur_\(code)"), .value("oui"),
                                       .attr("checked", values.checked("financeur_\(code)") ? "" : nil)),
                                .label(.for("financeur_\(code)"), "Participe à l'appel")),
                            .forEach(funder.schemes) { scheme in
                                let name = "dispositif_\(scheme.scheme.code)"
                                return .div(.class("choice"),
                                    .input(.type("checkbox"), .id(name), .name(name), .value("oui"), .attr("checked", values.checked(name) ? "" : nil)),
                                    .label(.for(name), .text(scheme.scheme.name), " ", .small(.text("(\(scheme.scheme.kind.label.lowercased()))"))))
                            },
                            Forms.field("enveloppe_\(code)", label: "Enveloppe de \(funder.funder.name) pour l'appel (€)", value: values.value("enveloppe_\(code)"),
                                        required: false, errors: errors))
                    }
                ),
                Forms.field("departmentP147Envelope", label: "Enveloppe départementale du programme 147 de l'année (€)", value: values.value("departmentP147Envelope"),
                            required: false, hint: "Sert à vérifier le plafond de 2,5 % pour les territoires vulnérables.", errors: errors),
                .div(.class("field"),
                    .label(.for("documents"), "Pièces demandées (une par ligne)"),
                    .textarea(.id("documents"), .name("documents"), .attr("rows", "4"), .text(values.value("documents")))),
                .p(.class("hint"), "La grille d'instruction est celle des cinq critères de la Région Hauts-de-France (poids égaux, notes de 0 à 4) ; l'API permet d'en donner une autre."),
                .button(.type("submit"), "Ouvrir l'appel")
            )
        )
    }

    // MARK: Funders

    static func funders(_ funders: [StoredFunder], isAdministrator: Bool, errors: [FieldError], context: PageContext) -> String {
        Layout.page(title: "Financeurs et dispositifs", section: .contracts, context: context,
            .h1("Financeurs et dispositifs"),
            .p(.class("lead"), "Les institutions qui financent les actions des contrats de ville et leurs dispositifs, en droit commun ou en crédits spécifiques de la politique de la ville. Les codes sont ceux qu'utilisent les règles d'éligibilité."),
            Forms.errorSummary(errors),
            .forEach(funders) { funder in
                .section(.class("figure"),
                    .h2(.text(funder.funder.name), " ", .small(.code(.text(funder.funder.code)))),
                    .p(.text("SIRET : \(funder.funder.siret ?? "non renseigné (nécessaire à l'export des données ouvertes)")")),
                    .unwrap(funder.source) { .p(.class("source"), .small(.text("Source : \($0)"))) },
                    .table(.class("data"),
                        .caption(.text("Dispositifs de \(funder.funder.name)")),
                        .thead(.tr(.th(.scope("col"), "Code"), .th(.scope("col"), "Dispositif"), .th(.scope("col"), "Nature des crédits"))),
                        .tbody(.forEach(funder.schemes) { scheme in
                            .tr(.td(.code(.text(scheme.scheme.code))), .th(.scope("row"), .text(scheme.scheme.name)), .td(.text(scheme.scheme.kind.label)))
                        })),
                    .if(isAdministrator, Forms.post(SiteURL.funderSchemes(.value(funder.funder.id)).path, context: context,
                        .h3(.text("Ajouter un dispositif à \(funder.funder.name)")),
                        Forms.field("code", label: "Code du dispositif", errors: []),
                        Forms.field("nom", label: "Nom du dispositif", errors: []),
                        Forms.select("nature", label: "Nature des crédits", options: FundingKind.allCases.map { ($0.rawValue, $0.label) }, selected: nil),
                        .button(.type("submit"), .class("secondary"), "Ajouter le dispositif")))
                )
            },
            .if(isAdministrator, .section(
                .h2("Ajouter un financeur ou compléter son SIRET"),
                Forms.post(SiteURL.funders.path, context: context,
                    Forms.field("code", label: "Code (par exemple caf-62)", hint: "Un code existant met à jour le SIRET de ce financeur.", errors: errors),
                    Forms.field("nom", label: "Nom de l'organisation", required: false, errors: errors),
                    Forms.select("type", label: "Nature de l'organisation", options: OrganisationKind.allCases.map { ($0.rawValue, $0.label) }, selected: nil),
                    Forms.field("siret", label: "SIRET", required: false, hint: "14 chiffres ; utilisé comme idAttribuant dans les données ouvertes.", errors: errors),
                    .button(.type("submit"), "Enregistrer")
                )
            ))
        )
    }

    // MARK: Eligibility rules

    static func rules(_ set: EligibilityRuleSet, saved: (savedAt: String, savedBy: String)?, isAdministrator: Bool, text: String?,
                      errors: [FieldError], notice: String? = nil, context: PageContext) -> String {
        Layout.page(title: "Règles d'éligibilité", section: .contracts, context: context,
            .h1("Règles d'éligibilité des dispositifs"),
            .p(.class("lead"), "Les « lignes de partage » et les critères des dispositifs, écrits comme des données : chaque règle cite son texte source. Avant de déposer, chaque porteur voit les règles qui concernent sa candidature et pourquoi."),
            .unwrap(notice) { .p(.class("notice"), .role("status"), .text($0)) },
            .p(.text(saved.map { "Fichier modifié le \(French.date(String($0.savedAt.prefix(10)))) par \($0.savedBy)." } ?? "Fichier livré avec Passerelle (cadre régional 2024-2030 et contrats du Pas-de-Calais).")),
            Forms.errorSummary(errors),
            .table(.class("data"),
                .caption(.text("\(set.rules.count) règles")),
                .thead(.tr(.th(.scope("col"), "Règle"), .th(.scope("col"), "Conclusion"), .th(.scope("col"), "Ce qu'elle dit"), .th(.scope("col"), "Source"))),
                .tbody(.forEach(set.rules) { rule in
                    .tr(.th(.scope("row"), .text(rule.title), .br(), .small(.code(.text(rule.id)))), .td(.text(rule.outcome.label)),
                        .td(.text(rule.message)), .td(.small(.text(rule.source))))
                })),
            .h2("Critères que les porteurs peuvent déclarer"),
            .ul(.forEach(set.criteria) { .li(.strong(.text($0.shortLabel ?? $0.code)), " — ", .text($0.label)) }),
            .if(isAdministrator, .section(
                .h2("Modifier le fichier de règles"),
                .p(.class("hint"), "Format décrit dans docs/eligibility-rules.md. Le fichier est vérifié avant d'être enregistré ; une erreur nomme la règle en cause et rien n'est changé."),
                Forms.post(SiteURL.eligibilityRules.path, context: context,
                    .div(.class(errors.isEmpty ? "field" : "field has-error"),
                        .label(.for("regles"), "Fichier de règles (JSON)"),
                        .unwrap(errors.first) { .p(.id("regles-erreur"), .class("field-error"), .text($0.message)) },
                        .textarea(.id("regles"), .name("regles"), .attr("rows", "18"), .class("code"), .text(text ?? ((try? set.encodedJSON()).map { String(decoding: $0, as: UTF8.self) } ?? "")))),
                    .button(.type("submit"), "Enregistrer les règles")
                )
            ))
        )
    }
}
