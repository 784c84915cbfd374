import PasserelleDomain

enum HomePage {
    struct Model {
        var qpvCount: Int
        var qpvMainlandCount: Int
        var communeCount: Int
        var epciCount: Int
        var contracts: [ContractSummary]
    }

    static func render(_ model: Model, context: PageContext) -> String {
        Layout.page(title: "Accueil", section: .home, context: context,
            .h1("Passerelle"),
            .p(.class("lead"), "L'outil de travail des contrats de ville « Engagements Quartiers 2030 » : relier ce que montrent les données des quartiers prioritaires, ce que prévoient les plans du territoire et ce qui est financé."),
            SearchForm.render(query: nil, kind: nil, headingLevel: 2),
            .section(.ariaLabel("Le référentiel en chiffres"),
                .h2("Le référentiel 2024"),
                .ul(.class("figures"),
                    .li(.strong(.text(FrenchFormat.integer(model.qpvCount))), " quartiers prioritaires (QPV 2024), dont ", .strong(.text(FrenchFormat.integer(model.qpvMainlandCount))), " en métropole"),
                    .li(.strong(.text(FrenchFormat.integer(model.communeCount))), " communes"),
                    .li(.strong(.text(FrenchFormat.integer(model.epciCount))), " intercommunalités (EPCI)")
                )
            ),
            .section(
                .h2("Contrats de ville"),
                .if(model.contracts.isEmpty,
                    .p("Aucun contrat n'est encore enregistré."),
                    else: ContractListPage.table(model.contracts, caption: "Contrats de ville enregistrés"))
            )
        )
    }
}

/// The territory search box, shared by the home page and the search page.
enum SearchForm {
    static func render(query: String?, kind: TerritoryKind?, headingLevel: Int) -> HTMLNode {
        let heading: HTMLNode = headingLevel == 1 ? .h1("Rechercher un territoire") : .h2("Rechercher un territoire")
        return .form(.method("get"), .action(SiteURL.search.path), .class("search-form"), .role("search"),
            heading,
            .div(.class("field"),
                .label(.for("q"), "Nom ou code (commune, QPV, intercommunalité, département, région)"),
                .input(.type("search"), .id("q"), .name("q"), .value(query ?? ""), .attr("autocomplete", "off"), .attr("aria-describedby", "q-aide")),
                .p(.id("q-aide"), .class("hint"), "Accents et majuscules indifférents : « noeux » trouve Nœux-les-Mines, « QN06224M » trouve le quartier.")
            ),
            .div(.class("field"),
                .label(.for("type"), "Type de territoire"),
                .select(.id("type"), .name("type"),
                    .option(.value(""), .selected(kind == nil), "Tous"),
                    .forEach([TerritoryKind.qpv, .commune, .epci, .department, .region]) { option in
                        .option(.value(option.rawValue), .selected(kind == option), .text(option.label))
                    }
                )
            ),
            .button(.type("submit"), "Rechercher")
        )
    }
}
