import PasserelleDomain

/// The actors directory: associations, local authorities, landlords, agencies and resource centres
/// named by the examples, with the examples each takes part in.
enum ActorPages {
    struct DirectoryModel {
        var query: ActorQuery
        var hits: [ActorHit]
        var offset: Int
        var limit: Int
        var canCurate: Bool
    }

    static func directory(_ model: DirectoryModel, context: PageContext) -> String {
        let query = model.query
        let shown = Array(model.hits.dropFirst(model.offset).prefix(model.limit))
        return Layout.page(title: query.text.isEmpty ? "Annuaire des acteurs" : "Acteurs pour « \(query.text) »", section: .catalogue, context: context,
            .p(.class("kicker"), .a(href: SiteURL.keyActions.path, "Actions clés"), " › Acteurs"),
            .h1("Annuaire des acteurs"),
            .p(.class("lead"), "Les structures qui pilotent ou accompagnent les exemples inspirants : à qui s'adresser pour monter une action semblable."),
            .if(model.canCurate, CataloguePages.curationLinks([("Ajouter un acteur", SiteURL.actorNew.path)])),
            .form(.method("get"), .action(SiteURL.actors.path), .class("search-form"), .role("search"),
                .div(.class("field"),
                    .label(.for("q"), "Nom, territoire ou sujet"),
                    .p(.id("q-aide"), .class("hint"), "Par exemple « bailleur », « Roubaix », « vélo » : accents, majuscules et pluriels indifférents."),
                    .input(.type("search"), .id("q"), .name("q"), .value(query.text), .attr("aria-describedby", "q-aide"))),
                .div(.class("filters"),
                    Forms.select("type", label: "Type", options: [(value: "", label: "Tous les types")] + ActorKind.allCases.map { (value: $0.rawValue, label: $0.label) },
                                 selected: query.kind?.rawValue),
                    Forms.select("theme", label: "Thème", options: [(value: "", label: "Tous les thèmes")] + TransitionTheme.allCases.map { (value: $0.rawValue, label: $0.label) },
                                 selected: query.theme?.rawValue)),
                .button(.type("submit"), "Chercher"), " ", .a(href: SiteURL.actors.path, "Tout effacer")
            ),
            .section(.attr("aria-live", "polite"),
                .h2(.text(model.hits.isEmpty ? "Aucun acteur ne correspond" : French.count(model.hits.count, "acteur", "acteurs"))),
                .if(model.hits.isEmpty, .p("Essayez d'autres mots, ou retirez un filtre."), else: .group([
                    .table(.class("data"),
                        .caption(.text("Acteurs \(model.offset + 1) à \(model.offset + shown.count) sur \(model.hits.count)")),
                        .thead(.tr(.th(.scope("col"), "Nom"), .th(.scope("col"), "Type"), .th(.scope("col"), "Territoire"), .th(.scope("col"), "Thèmes"),
                                   .th(.scope("col"), .class("num"), "Exemples"))),
                        .tbody(.forEach(shown) { hit in
                            .tr(.th(.scope("row"), .a(href: SiteURL.actor(.value(hit.actor.id)).path, CataloguePages.highlighted(hit.highlights(hit.actor.name)))),
                                .td(.text(hit.actor.kind.label)),
                                .td(CataloguePages.highlighted(hit.highlights(territoryLabel(hit.actor.territory)))),
                                .td(.text(hit.actor.themes.map(\.shortLabel).joined(separator: ", "))),
                                .td(.class("num"), .text(String(hit.actor.examples.count))))
                        })),
                    pagination(model),
                ]))
            )
        )
    }

    static func territoryLabel(_ territory: String) -> String {
        territory == "national" ? "National" : (territory.isEmpty ? "—" : territory)
    }

    static func pagination(_ model: DirectoryModel) -> HTMLNode {
        let total = model.hits.count
        let hasPrevious = model.offset > 0, hasNext = model.offset + model.limit < total
        guard hasPrevious || hasNext else { return .empty }
        func link(_ offset: Int, _ label: String, _ rel: String) -> HTMLNode {
            .a(href: SiteURL.actors.path(query: ["q": model.query.text.isEmpty ? nil : model.query.text, "type": model.query.kind?.rawValue,
                                                  "theme": model.query.theme?.rawValue, "debut": offset == 0 ? nil : String(offset)]),
               .attr("rel", rel), .text(label))
        }
        return .nav(.class("pagination"), .ariaLabel("Pages de résultats"),
            .if(hasPrevious, link(max(0, model.offset - model.limit), "← Acteurs précédents", "prev")),
            .if(hasPrevious && hasNext, " "),
            .if(hasNext, link(model.offset + model.limit, "Acteurs suivants →", "next")))
    }

    /// - Parameter subsidies: the granted subsidies whose beneficiary bears the actor's name, as the open-data
    ///   export publishes them (`ProgrammingReports.subsidies(toBeneficiaryNamed:)`).
    static func actor(_ actor: CatalogueActor, catalogue: Catalogue, subsidies: [SCDLSubsidyRow] = [], canCurate: Bool, context: PageContext) -> String {
        let examples = actor.examples.compactMap { catalogue.example(id: $0) }.filter { $0.isActive || canCurate }
        return Layout.page(title: actor.name, section: .catalogue, context: context,
            .p(.class("kicker"), .a(href: SiteURL.actors.path, "Annuaire des acteurs"), .text(" › \(actor.kind.label)")),
            .h1(.text(actor.name)),
            .if(!actor.isActive, .p(.class("notice"), .strong("Acteur retiré de l'annuaire. "), .text("Motif : \(actor.retiredReason ?? "non précisé")."))),
            .if(canCurate, CataloguePages.curationLinks([("Modifier", SiteURL.actorEdit(.value(actor.id)).path), ("Historique", SiteURL.actorHistory(.value(actor.id)).path)])),
            .if(canCurate, CataloguePages.retireForm(actor.isActive, retire: SiteURL.actorRetire(.value(actor.id)).path,
                                                     reinstate: SiteURL.actorReinstate(.value(actor.id)).path, context: context)),
            .dl(.class("facts"),
                .dt("Type"), .dd(.text(actor.kind.label)),
                .dt("Territoire d'action"), .dd(.text(territoryLabel(actor.territory))),
                .dt("Thèmes"), .dd(.text(actor.themes.isEmpty ? "—" : actor.themes.map(\.label).joined(separator: ", ")))
            ),
            .section(
                .h2(.text(examples.isEmpty ? "Exemples" : "\(French.count(examples.count, "exemple", "exemples")) auxquels il participe")),
                .if(examples.isEmpty, .p("Aucun exemple du catalogue ne le cite pour l'instant."), else: .forEach(examples) { example in
                    CataloguePages.exampleCard(example, keyAction: catalogue.keyAction(number: example.keyAction))
                })
            ),
            fundedProjects(subsidies)
        )
    }

    /// Projects of the actor funded through the contracts' programming: the same public rows as the
    /// open-data export of granted subsidies (SCDL).
    static func fundedProjects(_ subsidies: [SCDLSubsidyRow]) -> HTMLNode {
        .section(
            .h2("Projets financés dans les contrats de ville"),
            .if(subsidies.isEmpty, .p("Aucune subvention accordée à ce nom n'est publiée par Passerelle."), else: .div(
                .p(.text("Subventions accordées à un bénéficiaire de ce nom, telles que les publie l'export en données ouvertes (SCDL).")),
                .div(.class("table-scroll"), .table(.class("data"),
                    .caption("Subventions accordées, de la plus ancienne à la plus récente"),
                    .thead(.tr(.th(.scope("col"), "Projet"), .th(.scope("col"), "Financeur"), .th(.scope("col"), "Date"),
                               .th(.scope("col"), .class("number"), "Montant"))),
                    .tbody(.forEach(subsidies) { row in
                        .tr(.th(.scope("row"), .text(row.objet)), .td(.text(row.nomAttribuant)), .td(.text(row.dateConvention.frenchText)),
                            .td(.class("number"), .text(ContractTools.euros(row.montant * row.pourcentageSubvention))))
                    })))
            ))
        )
    }
}
