import PasserelleDomain

/// The national palette of key actions and its inspiring examples: the palette, one key action,
/// the examples' search and one example's sheet.
enum CataloguePages {
    // MARK: Shared pieces

    /// Highlight segments as text, matches wrapped in `<mark>`; everything escaped like any text.
    static func highlighted(_ segments: [HighlightSegment]) -> HTMLNode {
        .forEach(segments) { segment in segment.isMatch ? .element("mark", [.text(segment.text)]) : .text(segment.text) }
    }

    /// "Action 8 — Privilégier…" as a link.
    static func keyActionLink(_ action: KeyAction) -> HTMLNode {
        .a(href: SiteURL.keyAction(.value(action.number)).path, .text("Action \(action.number) — \(action.title)"))
    }

    static func themeList(_ themes: [TransitionTheme], label: String = "Thèmes") -> HTMLNode {
        guard !themes.isEmpty else { return .empty }
        return .ul(.class("tags"), .ariaLabel(label), .forEach(themes) { .li(.text($0.shortLabel)) })
    }

    /// A one-line description: place, scale and cost band.
    static func exampleFacts(_ example: Example) -> String {
        var parts: [String] = []
        let place = example.place.label
        if !place.isEmpty { parts.append(place) }
        parts.append("échelle : \(example.scale.label.lowercased())")
        if example.tags.costBand != .unknown { parts.append(example.tags.costBand.label) }
        return parts.joined(separator: " · ")
    }

    /// Where a record comes from, in words.
    static func seedLabel(_ seed: String?) -> String? {
        switch seed {
        case "002": "Palette nationale des actions clés (France Villes et territoires Durables)"
        case "000": "Actes de la Cop des quartiers (Hauts-de-France, 2024)"
        case "004": "Contrats de ville du Pas-de-Calais (délibération du 24 février 2025)"
        case nil: nil
        case let other?: "Document \(other)"
        }
    }

    /// Links curators see on the catalogue's pages.
    static func curationLinks(_ links: [(String, String)]) -> HTMLNode {
        .nav(.class("curation"), .ariaLabel("Outils de curation"),
            .p(.strong("Curation : "), .forEach(Array(links.enumerated())) { index, link in
                .group([.if(index > 0, " · "), .a(href: link.1, .text(link.0))])
            }))
    }

    static func exportLinks() -> HTMLNode {
        .p(.class("hint"), "Télécharger tout le catalogue : ",
           .a(href: SiteURL.api(.catalogue).path(query: ["format": "json"]), "JSON (à réimporter ailleurs)"), " · ",
           .a(href: SiteURL.api(.catalogue).path(query: ["format": "csv"]), "CSV (tableur)"), ".")
    }

    // MARK: The palette

    static func keyActions(_ catalogue: Catalogue, canCurate: Bool, context: PageContext) -> String {
        let active = catalogue.examples.filter(\.isActive)
        return Layout.page(title: "Actions clés et exemples inspirants", section: .catalogue, context: context,
            .p(.class("kicker"), "Palette nationale"),
            .h1("Les actions clés pour des quartiers résilients"),
            .p(.class("lead"), .text("\(catalogue.keyActions.count) actions clés réparties en \(catalogue.axes.count) axes, illustrées de \(active.count) exemples inspirants menés en France et ailleurs : ce qui a été fait, avec qui, pour quel coût et avec quels résultats.")),
            searchBox(query: ""),
            .p(.a(href: SiteURL.actors.path, "Annuaire des acteurs"), " : associations, collectivités, bailleurs et centres de ressources qui portent ces exemples."),
            .if(canCurate, curationLinks([("Ajouter un exemple", SiteURL.exampleNew.path), ("Ajouter un acteur", SiteURL.actorNew.path),
                                          ("Importer un catalogue", SiteURL.catalogueImport.path)])),
            .nav(.class("toc"), .ariaLabel("Les axes"),
                .ul(.forEach(catalogue.axes) { axis in .li(.a(href: "#axe-\(axis.number)", .text("Axe \(axis.number)"))) })),
            .forEach(catalogue.axes) { axis in
                .section(.id("axe-\(axis.number)"),
                    .h2(.text("Axe \(axis.number) — \(axis.title)")),
                    .if(!axis.summary.isEmpty, .p(.text(axis.summary))),
                    .forEach(catalogue.keyActions(inAxis: axis.number)) { action in
                        let examples = catalogue.examples(forKeyAction: action.number)
                        return .article(.class("key-action"),
                            .h3(keyActionLink(action)),
                            .if(!action.summary.isEmpty, .p(.text(action.summary))),
                            themeList(action.themes),
                            .if(examples.isEmpty, .p(.class("hint"), "Aucun exemple pour l'instant."),
                                else: .details(.summary(.text(French.count(examples.count, "exemple inspirant", "exemples inspirants"))),
                                    .ul(.forEach(examples) { example in
                                        .li(.a(href: SiteURL.example(.value(example.id)).path, .text(example.title)),
                                            .if(!example.place.label.isEmpty, .small(.text(" — " + example.place.label))))
                                    })))
                        )
                    }
                )
            },
            exportLinks(),
            .if(!catalogue.sources.isEmpty, .section(.class("source"),
                .h2("Sources"),
                .ul(.forEach(catalogue.sources) { .li(.text($0)) }),
                .p(.small("Les fiches sont rédigées pour Passerelle à partir de ces documents ; chiffres et faits en sont repris, les textes non."))))
        )
    }

    /// The examples' search box, on its own (palette and key action pages).
    static func searchBox(query: String, keyAction: Int? = nil) -> HTMLNode {
        .form(.method("get"), .action(SiteURL.examples.path), .class("search-form"), .role("search"),
            .div(.class("field"),
                .label(.for("q-exemples"), "Chercher un exemple"),
                .p(.id("q-exemples-aide"), .class("hint"), "Par exemple « îlot de fraîcheur », « cour d'école », « réemploi » : les accents, majuscules et pluriels sont indifférents."),
                .div(.class("inline-fields"),
                    .input(.type("search"), .id("q-exemples"), .name("q"), .value(query), .attr("aria-describedby", "q-exemples-aide")),
                    .unwrap(keyAction) { .input(.type("hidden"), .name("action"), .value(String($0))) },
                    .button(.type("submit"), "Chercher")))
        )
    }

    // MARK: One key action

    static func keyAction(_ action: KeyAction, catalogue: Catalogue, canCurate: Bool, context: PageContext) -> String {
        let examples = catalogue.examples(forKeyAction: action.number)
        let retired = catalogue.examples(forKeyAction: action.number, includeRetired: true).filter { !$0.isActive }
        let axis = catalogue.axis(number: action.axis)
        return Layout.page(title: "Action clé \(action.number) — \(action.title)", section: .catalogue, context: context,
            .p(.class("kicker"), .a(href: SiteURL.keyActions.path, "Actions clés"), .text(" › Axe \(action.axis)" + (axis.map { " — \($0.title)" } ?? ""))),
            .h1(.text("Action clé \(action.number) : \(action.title)")),
            .if(!action.summary.isEmpty, .p(.class("lead"), .text(action.summary))),
            .dl(.class("facts"),
                .dt("Thèmes"), .dd(.text(action.themes.isEmpty ? "—" : action.themes.map(\.label).joined(separator: ", "))),
                .dt("Vulnérabilités traitées"), .dd(.text(action.vulnerabilities.isEmpty ? "—" : action.vulnerabilities.map(\.label).joined(separator: ", "))),
                .dt("Exemples"), .dd(.text(French.count(examples.count, "exemple inspirant", "exemples inspirants")))
            ),
            .if(canCurate, curationLinks([("Modifier cette action clé", SiteURL.keyActionEdit(.value(action.number)).path),
                                          ("Historique", SiteURL.keyActionHistory(.value(action.number)).path),
                                          ("Ajouter un exemple", SiteURL.exampleNew.path(query: ["action": String(action.number)]))])),
            searchBox(query: "", keyAction: action.number),
            .section(
                .h2("Exemples inspirants"),
                .if(examples.isEmpty, .p("Aucun exemple pour l'instant."), else: .forEach(examples) { exampleCard($0) })
            ),
            .if(canCurate && !retired.isEmpty, .section(
                .h2("Exemples retirés"),
                .ul(.forEach(retired) { example in
                    .li(.a(href: SiteURL.example(.value(example.id)).path, .text(example.title)), .text(" — motif : \(example.retiredReason ?? "")"))
                })))
        )
    }

    static func exampleCard(_ example: Example, hit: CatalogueHit? = nil, keyAction: KeyAction? = nil) -> HTMLNode {
        .article(.class("example-card"),
            .h3(.a(href: SiteURL.example(.value(example.id)).path, hit.map { highlighted($0.titleHighlights) } ?? .text(example.title))),
            .p(.class("meta"), .unwrap(keyAction) { .group([keyActionLink($0), .br()]) }, .text(exampleFacts(example))),
            .p(hit.map { highlighted($0.summaryHighlights) } ?? .text(example.summary)),
            themeList(example.tags.themes)
        )
    }

    // MARK: Search

    struct SearchModel {
        var search: CatalogueSearch
        var results: CatalogueSearchResults
        var offset: Int
        var limit: Int
        var catalogue: Catalogue
        var regions: [String]
        var canCurate: Bool
    }

    static func examples(_ model: SearchModel, context: PageContext) -> String {
        let search = model.search
        let hits = model.results.hits
        let shown = Array(hits.dropFirst(model.offset).prefix(model.limit))
        let title = search.text.isEmpty ? "Exemples inspirants" : "Exemples pour « \(search.text) »"
        return Layout.page(title: title, section: .examples, context: context,
            .p(.class("kicker"), .a(href: SiteURL.keyActions.path, "Actions clés"), " › Exemples"),
            .h1("Chercher parmi les exemples inspirants"),
            .form(.method("get"), .action(SiteURL.examples.path), .class("search-form"), .role("search"),
                .div(.class("field"),
                    .label(.for("q"), "Mots recherchés"),
                    .p(.id("q-aide"), .class("hint"), "Accents, majuscules et pluriels indifférents : « ilot de fraicheur » trouve « îlots de fraîcheur »."),
                    .input(.type("search"), .id("q"), .name("q"), .value(search.text), .attr("aria-describedby", "q-aide"))),
                .fieldset(.legend("Filtres"),
                    .div(.class("filters"),
                        Forms.select("axe", label: "Axe", options: [(value: "", label: "Tous les axes")] + model.catalogue.axes.map { (value: String($0.number), label: "Axe \($0.number) — \($0.title)") },
                                     selected: search.axis.map(String.init)),
                        Forms.select("action", label: "Action clé", options: [(value: "", label: "Toutes les actions clés")] + model.catalogue.keyActions.map { (value: String($0.number), label: "\($0.number) — \($0.title)") },
                                     selected: search.keyAction.map(String.init)),
                        Forms.select("theme", label: "Thème", options: [(value: "", label: "Tous les thèmes")] + TransitionTheme.allCases.map { (value: $0.rawValue, label: $0.label) },
                                     selected: search.theme?.rawValue),
                        Forms.select("echelle", label: "Échelle", options: [(value: "", label: "Toutes les échelles")] + ExampleScale.allCases.map { (value: $0.rawValue, label: $0.label) },
                                     selected: search.scale?.rawValue),
                        Forms.select("cout", label: "Coût", options: [(value: "", label: "Tous les coûts")] + CostBand.allCases.map { (value: $0.rawValue, label: $0.label) },
                                     selected: search.costBand?.rawValue),
                        Forms.select("region", label: "Région", options: [(value: "", label: "Toutes les régions")] + model.regions.map { (value: $0, label: $0) },
                                     selected: search.region),
                        Forms.select("public", label: "Public visé", options: [(value: "", label: "Tous les publics")] + Public.allCases.map { (value: $0.rawValue, label: $0.label) },
                                     selected: search.audience?.rawValue))),
                .button(.type("submit"), "Chercher"), " ", .a(href: SiteURL.examples.path, "Tout effacer")
            ),
            .section(.attr("aria-live", "polite"),
                .h2(.text(hits.isEmpty ? "Aucun exemple ne correspond" : French.count(hits.count, "exemple", "exemples") + (search.text.isEmpty ? "" : ", les plus pertinents d'abord"))),
                .if(!model.results.ignoredWords.isEmpty, .p(.class("hint"), .text("Mots trop courants, ignorés : \(model.results.ignoredWords.joined(separator: ", ")).")) ),
                .if(hits.isEmpty, .p("Essayez d'autres mots, ou retirez un filtre."),
                    else: .group([
                        .forEach(shown) { hit in exampleCard(hit.example, hit: hit, keyAction: model.catalogue.keyAction(number: hit.example.keyAction)) },
                        pagination(model, total: hits.count),
                    ]))
            ),
            exportLinks()
        )
    }

    /// The search's query string, for links to other pages of results.
    static func query(_ search: CatalogueSearch, offset: Int) -> KeyValuePairs<String, String?> {
        ["q": search.text.isEmpty ? nil : search.text, "axe": search.axis.map(String.init), "action": search.keyAction.map(String.init),
         "theme": search.theme?.rawValue, "echelle": search.scale?.rawValue, "cout": search.costBand?.rawValue, "region": search.region,
         "public": search.audience?.rawValue, "debut": offset == 0 ? nil : String(offset)]
    }

    static func pagination(_ model: SearchModel, total: Int) -> HTMLNode {
        let hasPrevious = model.offset > 0
        let hasNext = model.offset + model.limit < total
        guard hasPrevious || hasNext else { return .empty }
        return .nav(.class("pagination"), .ariaLabel("Pages de résultats"),
            .p(.text("Exemples \(model.offset + 1) à \(min(model.offset + model.limit, total)) sur \(total)")),
            .if(hasPrevious, .a(href: SiteURL.examples.path(query: query(model.search, offset: max(0, model.offset - model.limit))), .attr("rel", "prev"), "← Exemples précédents")),
            .if(hasPrevious && hasNext, " "),
            .if(hasNext, .a(href: SiteURL.examples.path(query: query(model.search, offset: model.offset + model.limit)), .attr("rel", "next"), "Exemples suivants →"))
        )
    }

    // MARK: One example

    static func example(_ example: Example, catalogue: Catalogue, canCurate: Bool, context: PageContext) -> String {
        let action = catalogue.keyAction(number: example.keyAction)
        let actors = catalogue.actors(forExample: example.id).filter { $0.isActive || canCurate }
        func row(_ label: String, _ value: HTMLNode?) -> HTMLNode {
            guard let value else { return .empty }
            return .group([.dt(.text(label)), .dd(value)])
        }
        func text(_ value: String?) -> HTMLNode? { value.flatMap { $0.isEmpty ? nil : .text($0) } }
        return Layout.page(title: example.title, section: .examples, context: context,
            .p(.class("kicker"), .a(href: SiteURL.keyActions.path, "Actions clés"), " › ", .unwrap(action) { keyActionLink($0) }),
            .h1(.text(example.title)),
            .if(!example.isActive, .p(.class("notice"), .strong("Exemple retiré du catalogue. "), .text("Motif : \(example.retiredReason ?? "non précisé"). Il n'apparaît plus dans les recherches ni dans les suggestions."))),
            .if(canCurate, curationLinks([("Modifier", SiteURL.exampleEdit(.value(example.id)).path), ("Historique", SiteURL.exampleHistory(.value(example.id)).path)])),
            .if(canCurate, retireForm(example.isActive, retire: SiteURL.exampleRetire(.value(example.id)).path,
                                      reinstate: SiteURL.exampleReinstate(.value(example.id)).path, context: context)),
            .p(.class("lead"), .text(example.summary)),
            .dl(.class("facts sheet"),
                row("Lieu", text(example.place.label) ?? .text("non précisé")),
                row("Quartier", text(example.place.qpvName)),
                row("Échelle", .text(example.scale.label)),
                row("Porteur (pilote)", example.pilot.map { .text("\($0.name) (\($0.kind.label))") }),
                row("Partenaires", example.partners.isEmpty ? nil : .ul(.class("plain"), .forEach(example.partners) { .li(.text("\($0.name) (\($0.kind.label))")) })),
                row("Durée", text(example.duration)),
                row("Coût", example.cost.map(costNode)),
                row("Tranche de coût", .text(example.tags.costBand.label)),
                row("Contact", text(example.contactRole).map { .group([$0, .br(), .small("Service ou fonction à joindre ; Passerelle ne publie aucune adresse personnelle.")]) }),
                row("Thèmes", example.tags.themes.isEmpty ? nil : .text(example.tags.themes.map(\.label).joined(separator: ", "))),
                row("Vulnérabilités traitées", example.tags.vulnerabilities.isEmpty ? nil : .text(example.tags.vulnerabilities.map(\.label).joined(separator: ", "))),
                row("Publics visés", example.tags.publics.isEmpty ? nil : .text(example.tags.publics.map(\.label).joined(separator: ", ")))
            ),
            .unwrap(example.method) { method in .section(.h2("Méthode"), .p(.text(method))) },
            .if(!example.results.isEmpty, .section(
                .h2("Résultats"),
                .ul(.class("figures"), .forEach(example.results) { result in
                    .li(.unwrap(result.value) { value in .group([.strong(.text(resultFigure(value, unit: result.unit))), " "]) }, .text(result.text))
                }))),
            .if(!example.resources.isEmpty, .section(
                .h2("Pour aller plus loin"),
                .ul(.forEach(example.resources) { resource in
                    .li(resource.url.flatMap { CatalogueText.isWebAddress($0) ? $0 : nil }.map { url in
                        .a(href: url, .attr("rel", "noopener noreferrer"), .text(resource.title))
                    } ?? .text(resource.title + " (adresse non communiquée)"))
                }))),
            .if(!actors.isEmpty, .section(
                .h2("Acteurs de l'annuaire"),
                .ul(.forEach(actors) { actor in
                    .li(.a(href: SiteURL.actor(.value(actor.id)).path, .text(actor.name)), .text(" — \(actor.kind.label)"))
                }))),
            .unwrap(seedLabel(example.seed)) { .p(.class("source"), .small(.text("Source : \($0)."))) }
        )
    }

    static func costNode(_ cost: ExampleCost) -> HTMLNode {
        .group([
            .unwrap(cost.amount) { amount in .group([.strong(.text(cost.currency == nil || cost.currency == "EUR" ? FrenchFormat.value(amount, unit: .euro) : "\(FrenchFormat.decimal(amount, digits: 0)) \(cost.currency!)")), .br()]) },
            .text(cost.text),
            .unwrap(cost.covers) { .group([.br(), .small(.text("Ce que couvre ce coût : \($0)"))]) },
        ])
    }

    /// "1 800 jeunes", "98 %".
    static func resultFigure(_ value: Double, unit: String?) -> String {
        let digits = value == value.rounded() ? 0 : 1
        let number = FrenchFormat.decimal(value, digits: digits)
        guard let unit, !unit.isEmpty else { return number }
        return number + (unit == "%" ? "\u{202F}%" : " " + unit)
    }

    /// Retire (with a reason) or reinstate, for curators.
    static func retireForm(_ isActive: Bool, retire: String, reinstate: String, context: PageContext, errors: [FieldError] = []) -> HTMLNode {
        if isActive {
            return .details(.class("retire"), .attr("open", errors.isEmpty ? nil : ""),
                .summary("Retirer cette fiche"),
                Forms.errorSummary(errors),
                Forms.post(retire, context: context,
                    .p(.class("hint"), "Une fiche retirée reste consultable par son adresse et dans l'historique, mais sort des recherches et des suggestions."),
                    Forms.field("motif", label: "Motif du retrait", errors: errors),
                    .button(.type("submit"), .class("secondary"), "Retirer")))
        }
        return Forms.post(reinstate, context: context, .button(.type("submit"), "Réintégrer cette fiche dans le catalogue"))
    }
}
