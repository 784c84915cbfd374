import PasserelleDomain

enum TerritoryPage {
    struct Model {
        var territory: Territory
        var parents: [Territory]
        var children: [Territory]
        var contracts: [ContractSummary]
        // Issue 6 — key actions and examples for a QPV (nil for other levels).
        var suggestions: CatalogueSuggestions? = nil
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let territory = model.territory
        let epcis = model.parents.filter { $0.kind == .epci }
        return Layout.page(title: "\(territory.name) (\(territory.code))", section: .search, context: context,
            .p(.class("kicker"), .text(territory.kind.label)),
            .h1(.text(territory.name)),
            .dl(.class("facts"),
                .dt("Code officiel"), .dd(.code(.text(territory.code))),
                .dt("Niveau"), .dd(.text(territory.kind.label)),
                .dt("Population"), .dd(population(territory))
            ),
            .if(territory.kind == .qpv && epcis.count > 1,
                .p(.class("notice"), "Ce quartier s'étend sur \(epcis.count) intercommunalités : ", .text(epcis.map(\.name).joined(separator: " et ")), ".")),
            .if(!model.parents.isEmpty, .section(
                .h2("Appartient à"),
                grouped(model.parents)
            )),
            .if(!model.children.isEmpty, .section(
                .h2("Comprend"),
                grouped(model.children)
            )),
            .section(
                .h2("Contrats de ville"),
                .if(model.contracts.isEmpty,
                    .p("Aucun contrat de ville enregistré ne concerne ce territoire."),
                    else: .ul(.forEach(model.contracts) { contract in
                        .li(.a(href: SiteURL.contract(.value(String(contract.id))).path, .text(contract.name)),
                            .if(contract.isDemo, .span(.class("badge"), " démonstration")))
                    }))
            ),
            // Issue 6 — suggestions of key actions and examples
            .unwrap(model.suggestions) { SuggestionSection.render($0, subject: "ce quartier", portraitLink: SiteURL.territoryPortrait(.value(territory.code)).path) }
        )
    }

    static func population(_ territory: Territory) -> HTMLNode {
        guard let population = territory.population else {
            return territory.kind == .qpv
                ? "Non renseignée : la population des quartiers vient des fichiers d'indicateurs (INSEE, ANCT), pas du référentiel."
                : "Non renseignée"
        }
        var text = "\(FrenchFormat.integer(population)) habitants (population totale)"
        if let municipal = territory.municipalPopulation, municipal != population {
            text += ", dont \(FrenchFormat.integer(municipal)) en population municipale"
        }
        return .group([.text(text), .unwrap(territory.populationSource) { .group([.br(), .small(.text("Source : \($0)"))]) }])
    }

    /// Territories grouped by level, each group a labelled list with its count.
    static func grouped(_ territories: [Territory]) -> HTMLNode {
        let groups = Dictionary(grouping: territories, by: \.kind).sorted { $0.key < $1.key }
        return .forEach(groups) { kind, members in
            .details(.attr("open", members.count <= 40 ? "" : nil),
                .summary(.text("\(kind.pluralLabel) (\(FrenchFormat.integer(members.count)))")),
                .ul(.class(members.count > 12 ? "columns" : "plain"), .forEach(members) { member in
                    .li(.a(href: SiteURL.link(to: member), .text(member.name)), " ", .small(.code(.text(member.code))))
                })
            )
        }
    }
}
