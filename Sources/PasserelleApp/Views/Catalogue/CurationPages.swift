import PasserelleDomain

/// The resource centre's pages: forms to add and edit records, history of a record, import.
enum CurationPages {
    // MARK: Form pieces

    static func textarea(_ name: String, label: String, value: String, rows: Int = 4, required: Bool = false, hint: String? = nil,
                         errors: [FieldError]) -> HTMLNode {
        let error = errors.first { $0.field == name }
        let describedBy = [hint.map { _ in name + "-aide" }, error.map { _ in name + "-erreur" }].compactMap { $0 }.joined(separator: " ")
        return .div(.class(error == nil ? "field" : "field has-error"),
            .label(.for(name), .text(label), .if(!required, .span(.class("optional"), " (facultatif)"))),
            .unwrap(hint) { .p(.id(name + "-aide"), .class("hint"), .text($0)) },
            .unwrap(error) { .p(.id(name + "-erreur"), .class("field-error"), .text($0.message)) },
            .textarea(.id(name), .name(name), .attr("rows", String(rows)), .if(required, .required()),
                      .attr("aria-describedby", describedBy.isEmpty ? nil : describedBy), .attr("aria-invalid", error == nil ? nil : "true"),
                      .text(value)))
    }

    /// A group of checkboxes named `prefix + code`.
    static func checkboxes(_ legend: String, prefix: String, options: [(code: String, label: String)], checked: Set<String>,
                           hint: String? = nil, errors: [FieldError] = []) -> HTMLNode {
        let error = errors.first { $0.field.hasPrefix(prefix) }
        return .fieldset(.class(error == nil ? "checkboxes" : "checkboxes has-error"),
            .legend(.text(legend)),
            .unwrap(hint) { .p(.class("hint"), .text($0)) },
            .unwrap(error) { .p(.class("field-error"), .text($0.message)) },
            .div(.class("choices"), .forEach(options) { option in
                .div(.class("choice"),
                    .input(.type("checkbox"), .id(prefix + option.code), .name(prefix + option.code), .value("oui"), .attr("checked", checked.contains(option.code) ? "" : nil)),
                    .label(.for(prefix + option.code), .text(option.label)))
            }))
    }

    static let themeOptions = TransitionTheme.allCases.map { (code: $0.rawValue, label: $0.label) }
    static let vulnerabilityOptions = VulnerabilityType.allCases.map { (code: $0.rawValue, label: $0.label) }

    // MARK: Example form

    static func exampleForm(_ form: CatalogueForms.ExampleForm, existing: Example?, catalogue: Catalogue, errors: [FieldError], context: PageContext) -> String {
        let title = existing.map { "Modifier « \($0.title) »" } ?? "Ajouter un exemple inspirant"
        let action = existing.map { SiteURL.exampleEdit(.value($0.id)).path } ?? SiteURL.exampleNew.path
        return Layout.page(title: title, section: .catalogue, context: context,
            .p(.class("kicker"), .a(href: SiteURL.keyActions.path, "Actions clés"), " › ",
               existing.map { .a(href: SiteURL.example(.value($0.id)).path, .text($0.title)) } ?? "Nouvel exemple"),
            .h1(.text(title)),
            .p("Décrivez l'exemple avec vos propres mots. Les listes s'écrivent un élément par ligne ; les parties d'une ligne sont séparées par « | »."),
            Forms.errorSummary(errors),
            Forms.post(action, context: context,
                Forms.select("action", label: "Action clé", options: catalogue.keyActions.map { (value: String($0.number), label: "\($0.number) — \($0.title)") },
                             selected: form.keyAction, errors: errors),
                Forms.field("titre", label: "Titre", value: form.title, hint: "Ce qui a été fait, et où : « Cours oasis dans neuf écoles de Creil ».", errors: errors),
                textarea("description", label: "Description", value: form.summary, rows: 5, required: true, errors: errors),
                .fieldset(.legend("Lieu"),
                    Forms.field("quartier", label: "Quartier prioritaire", value: form.qpvName, required: false, errors: errors),
                    Forms.field("commune", label: "Commune", value: form.commune, required: false, errors: errors),
                    Forms.field("departement", label: "Département", value: form.department, required: false, errors: errors),
                    Forms.field("region", label: "Région", value: form.region, required: false, errors: errors),
                    Forms.field("pays", label: "Pays", value: form.country, required: false, errors: errors)),
                Forms.select("echelle", label: "Échelle", options: ExampleScale.allCases.map { (value: $0.rawValue, label: $0.label) }, selected: form.scale, errors: errors),
                Forms.field("pilote", label: "Pilote", value: form.pilot, required: false,
                            hint: "« Nom | type », par exemple « Ville de Creil | Collectivité territoriale ». Types : \(CatalogueForms.actorKindList).", errors: errors),
                textarea("partenaires", label: "Partenaires", value: form.partners, hint: "Un par ligne, « Nom | type ».", errors: errors),
                textarea("methode", label: "Méthode", value: form.method, errors: errors),
                textarea("resultats", label: "Résultats", value: form.results,
                         hint: "Un par ligne : « Texte », ou « Texte | valeur | unité » quand il y a un chiffre, par exemple « Habitants formés | 700 | habitants ».", errors: errors),
                Forms.field("duree", label: "Durée", value: form.duration, required: false, hint: "Par exemple « 2021-2024 » ou « En cours ».", errors: errors),
                .fieldset(.legend("Coût"),
                    Forms.field("cout_montant", label: "Montant en euros", value: form.costAmount, required: false, hint: "Par exemple « 297 000 ».", errors: errors),
                    Forms.field("cout_couvre", label: "Ce que couvre ce montant", value: form.costCovers, required: false, errors: errors),
                    Forms.field("cout_texte", label: "Le coût en toutes lettres", value: form.costText, required: false,
                                hint: "Tel que la source le dit, par exemple « 297 000 € par école ». Par défaut : le montant.", errors: errors),
                    Forms.select("tranche", label: "Tranche de coût",
                                 options: [(value: "auto", label: "Déduite du montant")] + CostBand.allCases.map { (value: $0.rawValue, label: $0.label) },
                                 selected: form.costBand, errors: errors)),
                textarea("ressources", label: "Ressources", value: form.resources, hint: "Une par ligne, « Titre | https://adresse ».", errors: errors),
                Forms.field("contact", label: "Contact", value: form.contactRole, required: false,
                            hint: "Un service ou une fonction (« Direction de la transition écologique »), jamais une adresse électronique personnelle.", errors: errors),
                checkboxes("Thèmes", prefix: "theme_", options: themeOptions, checked: form.themes),
                checkboxes("Vulnérabilités traitées", prefix: "vulnerabilite_", options: vulnerabilityOptions, checked: form.vulnerabilities,
                           hint: "Elles relient l'exemple aux vulnérabilités des quartiers dans les suggestions."),
                checkboxes("Publics visés", prefix: "public_", options: Public.allCases.map { (code: $0.rawValue, label: $0.label) }, checked: form.publics),
                .button(.type("submit"), existing == nil ? "Ajouter l'exemple" : "Enregistrer les modifications")
            )
        )
    }

    // MARK: Key action form

    static func keyActionForm(_ form: CatalogueForms.KeyActionForm, action: KeyAction, errors: [FieldError], context: PageContext) -> String {
        Layout.page(title: "Modifier l'action clé \(action.number)", section: .catalogue, context: context,
            .p(.class("kicker"), .a(href: SiteURL.keyActions.path, "Actions clés"), " › ", CataloguePages.keyActionLink(action)),
            .h1(.text("Modifier l'action clé \(action.number)")),
            .p(.text("Le numéro et l'axe (\(action.axis)) viennent de la palette nationale et ne changent pas ; l'intitulé, la présentation et les thèmes peuvent être précisés.")),
            Forms.errorSummary(errors),
            Forms.post(SiteURL.keyActionEdit(.value(action.number)).path, context: context,
                Forms.field("titre", label: "Intitulé", value: form.title, errors: errors),
                textarea("presentation", label: "Présentation", value: form.summary, rows: 4, errors: errors),
                checkboxes("Thèmes", prefix: "theme_", options: themeOptions, checked: form.themes, errors: errors),
                checkboxes("Vulnérabilités traitées", prefix: "vulnerabilite_", options: vulnerabilityOptions, checked: form.vulnerabilities,
                           hint: "Les suggestions proposent cette action clé aux quartiers qui montrent ces vulnérabilités."),
                .button(.type("submit"), "Enregistrer les modifications"))
        )
    }

    // MARK: Actor form

    static func actorForm(_ form: CatalogueForms.ActorForm, existing: CatalogueActor?, catalogue: Catalogue, errors: [FieldError], context: PageContext) -> String {
        let title = existing.map { "Modifier « \($0.name) »" } ?? "Ajouter un acteur"
        let action = existing.map { SiteURL.actorEdit(.value($0.id)).path } ?? SiteURL.actorNew.path
        return Layout.page(title: title, section: .catalogue, context: context,
            .p(.class("kicker"), .a(href: SiteURL.actors.path, "Annuaire des acteurs"), " › ",
               existing.map { .a(href: SiteURL.actor(.value($0.id)).path, .text($0.name)) } ?? "Nouvel acteur"),
            .h1(.text(title)),
            Forms.errorSummary(errors),
            Forms.post(action, context: context,
                Forms.field("nom", label: "Nom", value: form.name, errors: errors),
                Forms.select("type", label: "Type", options: ActorKind.allCases.map { (value: $0.rawValue, label: $0.label) }, selected: form.kind, errors: errors),
                Forms.field("territoire", label: "Territoire d'action", value: form.territory, required: false,
                            hint: "« national », une région, un département ou une ville.", errors: errors),
                checkboxes("Thèmes", prefix: "theme_", options: themeOptions, checked: form.themes),
                .fieldset(.id("exemples"), .class("checkboxes"),
                    .legend("Exemples auxquels il participe"),
                    .forEach(catalogue.keyActions) { keyAction in
                        let examples = catalogue.examples(forKeyAction: keyAction.number, includeRetired: true)
                        return .if(!examples.isEmpty, .details(.attr("open", examples.contains { form.examples.contains($0.id) } ? "" : nil),
                            .summary(.text("Action \(keyAction.number) — \(keyAction.title)")),
                            .forEach(examples) { example in
                                .div(.class("choice"),
                                    .input(.type("checkbox"), .id("exemple_" + example.id), .name("exemple_" + example.id), .value("oui"),
                                           .attr("checked", form.examples.contains(example.id) ? "" : nil)),
                                    .label(.for("exemple_" + example.id), .text(example.title + (example.isActive ? "" : " (retiré)"))))
                            }))
                    }),
                .button(.type("submit"), existing == nil ? "Ajouter l'acteur" : "Enregistrer les modifications"))
        )
    }

    // MARK: Retire (form re-shown with its error)

    static func retirePage(title: String, back: String, retire: String, reinstate: String, errors: [FieldError], context: PageContext) -> String {
        Layout.page(title: "Retirer « \(title) »", section: .catalogue, context: context,
            .p(.class("kicker"), .a(href: back, .text(title))),
            .h1(.text("Retirer « \(title) »")),
            CataloguePages.retireForm(true, retire: retire, reinstate: reinstate, context: context, errors: errors))
    }

    // MARK: History

    static func history(title: String, back: String, kind: CatalogueRecordKind, entries: [CatalogueHistoryEntry], context: PageContext) -> String {
        Layout.page(title: "Historique — \(title)", section: .catalogue, context: context,
            .p(.class("kicker"), .a(href: back, .text(title))),
            .h1(.text("Historique de « \(title) »")),
            .if(entries.isEmpty,
                .p("Aucune modification depuis le chargement du catalogue livré avec Passerelle (palette nationale et exemples locaux)."),
                else: .forEach(entries) { entry in
                    .section(.class("history-entry"),
                        .h2(.text("\(entry.action.label) — "), .time(datetime: entry.changedAt, .text(dateTime(entry.changedAt))), .text(", par \(entry.changedBy)")),
                        .table(.class("data"),
                            .caption(.text("Champs modifiés (\(entry.changes.count))")),
                            .thead(.tr(.th(.scope("col"), "Champ"), .th(.scope("col"), "Avant"), .th(.scope("col"), "Après"))),
                            .tbody(.forEach(entry.changes) { change in
                                .tr(.th(.scope("row"), .text(change.fieldLabel(for: kind))),
                                    .td(.text(change.before ?? "—")),
                                    .td(.text(change.after ?? "—")))
                            }))
                    )
                })
        )
    }

    /// "24 septembre 2026 à 14:05 (UTC)" from an ISO-8601 timestamp.
    static func dateTime(_ iso: String) -> String {
        let date = French.date(String(iso.prefix(10)))
        guard iso.count >= 16 else { return date }
        let time = iso.dropFirst(11).prefix(5)
        return "\(date) à \(time) (UTC)"
    }

    // MARK: Import

    static func importPage(outcome: CatalogueImportOutcome?, errors: [FieldError], context: PageContext) -> String {
        Layout.page(title: "Importer un catalogue", section: .catalogue, context: context,
            .p(.class("kicker"), .a(href: SiteURL.keyActions.path, "Actions clés"), " › Import"),
            .h1("Importer un catalogue d'actions et d'exemples"),
            .p("Le fichier est un export JSON de Passerelle (lien « JSON » en bas de la page des actions clés), par exemple celui d'une autre région."),
            .ul(
                .li("Il est ", .strong("ajouté"), " au catalogue : les exemples et acteurs nouveaux s'ajoutent ; un exemple de même identifiant est remplacé par la version importée ; un acteur de même identifiant ou de même nom est complété (thèmes, exemples)."),
                .li("Les axes et actions clés déjà présents gardent leur texte : la palette nationale fait référence ; des numéros nouveaux s'ajoutent."),
                .li("Tout le fichier, puis tout le catalogue qui en résulte, sont vérifiés avant d'écrire : au moindre problème, rien n'est importé et chaque problème est nommé."),
                .li("Chaque fiche ajoutée ou modifiée garde la trace de l'import dans son historique.")),
            .unwrap(outcome) { report($0) },
            Forms.errorSummary(errors),
            .form(.method("post"), .action(SiteURL.catalogueImport.path), .attr("enctype", "multipart/form-data"), .attr("novalidate", ""),
                context.csrfField,
                .div(.class(errors.isEmpty ? "field" : "field has-error"),
                    .label(.for("fichier"), "Fichier JSON"),
                    .p(.id("fichier-aide"), .class("hint"), "10 Mo au plus."),
                    .unwrap(errors.first) { .p(.id("fichier-erreur"), .class("field-error"), .text($0.message)) },
                    .input(.type("file"), .id("fichier"), .name("fichier"), .attr("accept", ".json,application/json"), .required(),
                           .attr("aria-describedby", errors.isEmpty ? "fichier-aide" : "fichier-aide fichier-erreur"))),
                .button(.type("submit"), "Importer"))
        )
    }

    static func report(_ outcome: CatalogueImportOutcome) -> HTMLNode {
        .section(.class(outcome.rejected ? "report report-rejected" : "report"), .role(outcome.rejected ? "alert" : "status"),
            .h2(.text(outcome.summary)),
            .if(outcome.rejected, .ul(.forEach(outcome.issues) { .li(.text($0.description)) })),
            .if(!outcome.rejected && !outcome.changedNothing, .p(.a(href: SiteURL.keyActions.path, "Voir le catalogue")))
        )
    }
}
