import PasserelleDomain

enum ContractListPage {
    static func render(_ contracts: [ContractSummary], context: PageContext) -> String {
        Layout.page(title: "Contrats de ville", section: .contracts, context: context,
            .h1("Contrats de ville"),
            .if(contracts.contains(where: \.isDemo),
                Layout.demoNotice("Les contrats marqués « démonstration » reprennent les faits publiés par le Département du Pas-de-Calais (délibération du 24 février 2025) ; ils servent à découvrir l'outil.")),
            .if(contracts.isEmpty, .p("Aucun contrat n'est encore enregistré."), else: table(contracts, caption: "Contrats de ville enregistrés"))
        )
    }

    static func table(_ contracts: [ContractSummary], caption: String) -> HTMLNode {
        .table(.class("data"),
            .caption(.text(caption)),
            .thead(.tr(.th(.scope("col"), "Contrat"), .th(.scope("col"), "Intercommunalité"), .th(.scope("col"), .class("num"), "QPV"), .th(.scope("col"), "Période"))),
            .tbody(.forEach(contracts) { contract in
                .tr(
                    .th(.scope("row"), .a(href: SiteURL.contract(.value(String(contract.id))).path, .text(contract.name)),
                        .if(contract.isDemo, .span(.class("badge"), "démonstration"))),
                    .td(.a(href: SiteURL.link(to: contract.epci), .text(contract.epci.name))),
                    .td(.class("num"), .text(String(contract.qpvCodes.count))),
                    .td(.text("\(contract.startYear)–\(contract.endYear)"))
                )
            })
        )
    }
}
