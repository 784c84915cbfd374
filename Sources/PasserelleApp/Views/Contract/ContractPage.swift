import PasserelleDomain

/// The contract "at a glance": its QPV, strategy tree, transversal axes, signatories, governance.
enum ContractPage {
    struct Model {
        var detail: ContractDetail
        /// The communes of each QPV, by QPV id.
        var communesByQPV: [Int: [Territory]]
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let detail = model.detail
        let contract = detail.contract
        return Layout.page(title: contract.shortName + " — contrat de ville", section: .contracts, context: context,
            .p(.class("kicker"), "Contrat de ville en un clin d'œil"),
            .h1(.text(contract.name)),
            .if(contract.isDemo, Layout.demoNotice("Ce contrat est chargé pour la démonstration à partir des faits publiés dans la source indiquée en bas de page ; les textes de présentation sont rédigés pour Passerelle.")),
            .dl(.class("facts"),
                .dt("Intercommunalité"), .dd(.a(href: SiteURL.link(to: contract.epci), .text(contract.epci.name)), " ", .small(.code(.text(contract.epci.code)))),
                .dt("Période"), .dd(.text("\(contract.startYear)–\(contract.endYear)")),
                .dt("Signature"), .dd(.text(contract.signedOn.map(French.date) ?? "date non précisée par la source")),
                .dt("Quartiers prioritaires"), .dd(.text(French.count(detail.qpv.count, "QPV", "QPV"))),
                .dt("Stratégie"), .dd(.text(treeCounts(detail.tree)))
            ),
            .unwrap(contract.summary) { .p(.class("lead"), .text($0)) },
            .p(.class("links"), .strong("Programmation et financements : "),
               .a(href: SiteURL.contractProgramming(.value(contract.slug)).path, "appels à projets et candidatures"), " · ",
               .a(href: SiteURL.contractDashboard(.value(contract.slug)).path, "tableau de bord du comité de pilotage")),
            nav(),
            qpvSection(detail.qpv, communes: model.communesByQPV),
            treeSection(detail),
            axesSection(detail.transversalAxes),
            signatoriesSection(detail.signatories, notes: contract.notes.signatories),
            governanceSection(detail.governance, notes: contract.notes.governance),
            .unwrap(contract.source) { .p(.class("source"), .small(.text("Source : \($0)"))) }
        )
    }

    static func nav() -> HTMLNode {
        .nav(.class("toc"), .ariaLabel("Sommaire du contrat"),
            .ul(
                .li(.a(href: "#quartiers", "Quartiers")),
                .li(.a(href: "#strategie", "Stratégie")),
                .li(.a(href: "#axes", "Axes transversaux")),
                .li(.a(href: "#signataires", "Signataires")),
                .li(.a(href: "#gouvernance", "Gouvernance"))
            )
        )
    }

    /// "3 × pilier stratégique, 12 × ambition", in tree order.
    static func treeCounts(_ tree: [StrategyNode]) -> String {
        var counts: [(name: String, count: Int)] = []
        for node in tree.flatMap(\.flattened).sorted(by: { StrategyLevel.allCases.firstIndex(of: $0.level)! < StrategyLevel.allCases.firstIndex(of: $1.level)! }) {
            if let index = counts.firstIndex(where: { $0.name == node.levelName }) { counts[index].count += 1 } else { counts.append((node.levelName, 1)) }
        }
        return counts.isEmpty ? "non renseignée" : counts.map { "\($0.count) × \($0.name.lowercased())" }.joined(separator: ", ")
    }

    static func qpvSection(_ qpv: [Territory], communes: [Int: [Territory]]) -> HTMLNode {
        .section(.id("quartiers"),
            .h2(.text("Les \(qpv.count) quartiers prioritaires")),
            .p(.class("hint"), "Liste officielle des QPV 2024 qui touchent l'intercommunalité. La population des quartiers s'affiche dès qu'un fichier d'indicateurs la fournit."),
            .table(.class("data"),
                .caption("Quartiers prioritaires du contrat"),
                .thead(.tr(.th(.scope("col"), "Quartier"), .th(.scope("col"), "Code"), .th(.scope("col"), "Communes"), .th(.scope("col"), .class("num"), "Population"))),
                .tbody(.forEach(qpv) { territory in
                    .tr(
                        .th(.scope("row"), .a(href: SiteURL.link(to: territory), .text(territory.name))),
                        .td(.code(.text(territory.code))),
                        .td(.text((communes[territory.id] ?? []).filter { $0.kind == .commune }.map(\.name).joined(separator: ", "))),
                        .td(.class("num"), .text(territory.population.map(FrenchFormat.integer) ?? "non renseignée"))
                    )
                })
            )
        )
    }

    static func treeSection(_ detail: ContractDetail) -> HTMLNode {
        .section(.id("strategie"),
            .h2("Stratégie : l'arbre du contrat"),
            .if(detail.tree.isEmpty, .p("L'arbre stratégique n'est pas renseigné."), else: .ol(.class("tree"), .forEach(detail.tree, node))),
            .if(!detail.contract.notes.tree.isEmpty, .aside(.class("notes"), .ariaLabel("Ce que la source ne précise pas"),
                .h3("Ce que la source ne précise pas"),
                .ul(.forEach(detail.contract.notes.tree) { .li(.text($0)) })
            ))
        )
    }

    static func node(_ node: StrategyNode) -> HTMLNode {
        .li(
            .span(.class("node-level"), .text(node.levelName)), " ",
            .span(.class("node-code"), .text(node.code)), " — ",
            .strong(.text(node.title)),
            .unwrap(node.summary) { .p(.class("node-summary"), .text($0)) },
            .if(!node.children.isEmpty, .ol(.forEach(node.children, self.node)))
        )
    }

    static func axesSection(_ axes: [TransversalAxis]) -> HTMLNode {
        .section(.id("axes"),
            .h2("Axes transversaux"),
            .if(axes.isEmpty, .p("Aucun axe transversal n'est renseigné."), else: .ul(.forEach(axes) { axis in
                .li(.strong(.text(axis.title)), .unwrap(axis.summary) { .text(" — " + $0) })
            }))
        )
    }

    static func signatoriesSection(_ signatories: [Organisation], notes: [String]) -> HTMLNode {
        let groups = Dictionary(grouping: signatories, by: \.kind).sorted { $0.key.label < $1.key.label }
        return .section(.id("signataires"),
            .h2(.text("Signataires (\(signatories.count))")),
            .if(signatories.isEmpty, .p("Aucun signataire n'est renseigné."), else: .dl(.class("groups"), .forEach(groups) { kind, members in
                .group([.dt(.text(kind.label)), .dd(.text(members.map(\.name).joined(separator: " · ")))])
            })),
            .if(!notes.isEmpty, .ul(.class("notes"), .forEach(notes) { .li(.text($0)) }))
        )
    }

    static func governanceSection(_ bodies: [GovernanceBody], notes: [String]) -> HTMLNode {
        .section(.id("gouvernance"),
            .h2("Gouvernance"),
            .if(bodies.isEmpty, .p("Aucune instance n'est renseignée."), else: .table(.class("data"),
                .caption("Instances du contrat et leur rythme"),
                .thead(.tr(.th(.scope("col"), "Instance"), .th(.scope("col"), "Nature"), .th(.scope("col"), "Rôle"), .th(.scope("col"), "Rythme"))),
                .tbody(.forEach(bodies) { body in
                    .tr(.th(.scope("row"), .text(body.name)), .td(.text(body.kind.label)),
                        .td(.text(body.role ?? "—")), .td(.text(body.rhythm ?? "non précisé par la source")))
                })
            )),
            .if(!notes.isEmpty, .ul(.class("notes"), .forEach(notes) { .li(.text($0)) }))
        )
    }
}
