import PasserelleDomain

enum SearchPage {
    struct Model {
        var query: String?
        var kind: TerritoryKind?
        var results: ResultPage<Territory>?
    }

    static func render(_ model: Model, context: PageContext) -> String {
        Layout.page(title: model.query.map { "Recherche « \($0) »" } ?? "Rechercher un territoire", section: .search, context: context,
            SearchForm.render(query: model.query, kind: model.kind, headingLevel: 1),
            .unwrap(model.results) { page in
                .section(.attr("aria-live", "polite"),
                    .h2(.text(page.total == 0 ? "Aucun résultat" : French.count(page.total, "résultat", "résultats"))),
                    .if(page.total == 0,
                        .p("Vérifiez l'orthographe ou essayez une partie du nom, ou le code officiel."),
                        else: .group([results(page), pagination(page, model: model)]))
                )
            }
        )
    }

    static func results(_ page: ResultPage<Territory>) -> HTMLNode {
        .table(.class("data"),
            .caption("Territoires correspondants, \(page.offset + 1) à \(page.offset + page.items.count) sur \(page.total)"),
            .thead(.tr(.th(.scope("col"), "Nom"), .th(.scope("col"), "Type"), .th(.scope("col"), "Code"), .th(.scope("col"), .class("num"), "Population"))),
            .tbody(.forEach(page.items) { territory in
                .tr(
                    .th(.scope("row"), .a(href: SiteURL.link(to: territory), .text(territory.name))),
                    .td(.text(territory.kind.label)),
                    .td(.code(.text(territory.code))),
                    .td(.class("num"), .text(territory.population.map(FrenchFormat.integer) ?? "—"))
                )
            })
        )
    }

    static func pagination(_ page: ResultPage<Territory>, model: Model) -> HTMLNode {
        func link(offset: Int, label: String, rel: String) -> HTMLNode {
            .a(href: SiteURL.search.path(query: ["q": model.query, "type": model.kind?.rawValue, "debut": offset == 0 ? nil : String(offset)]), .attr("rel", rel), .text(label))
        }
        return .nav(.class("pagination"), .ariaLabel("Pages de résultats"),
            .if(page.hasPrevious, link(offset: max(0, page.offset - page.limit), label: "← Résultats précédents", rel: "prev")),
            .if(page.hasNext, link(offset: page.offset + page.limit, label: "Résultats suivants →", rel: "next"))
        )
    }
}
