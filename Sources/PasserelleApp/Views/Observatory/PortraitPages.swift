import PasserelleDomain

/// Portraits readable by non-specialists: each figure with its reference, the gap in one French
/// sentence, a chart, and its source and date.
enum PortraitPages {
    static func territory(_ territory: Territory, figures: [PortraitFigure], context: PageContext) -> String {
        let exportJSON = SiteURL.api(.territoryPortrait(.value(territory.code))).path(query: ["kind": territory.kind == .region ? "region" : nil])
        return Layout.page(title: "Portrait — \(territory.name)", section: .search, context: context,
            .p(.class("kicker"), .text("Portrait · \(territory.kind.label)")),
            .h1(.text(territory.name)),
            .p(.a(href: SiteURL.link(to: territory), "Fiche du territoire"), " · Exporter : ",
               .a(href: exportJSON + (exportJSON.contains("?") ? "&" : "?") + "format=csv", "CSV"), " · ", .a(href: exportJSON, "JSON")),
            .if(figures.isEmpty,
                .p(.class("notice"), "Aucun indicateur n'est encore chargé pour ce territoire. L'équipe du contrat peut importer les fichiers de l'INSEE ou de l'ANCT depuis l'observatoire."),
                else: .group([
                    summaryTable(figures),
                    .forEach(Array(figures.enumerated())) { index, figure in figureSection(figure, index: index, territory: territory) },
                ]))
        )
    }

    static func summaryTable(_ figures: [PortraitFigure]) -> HTMLNode {
        .table(.class("data"),
            .caption("Les chiffres clés et leur écart à la référence"),
            .thead(.tr(.th(.scope("col"), "Indicateur"), .th(.scope("col"), "Période"), .th(.scope("col"), .class("num"), "Valeur"),
                       .th(.scope("col"), "Référence"), .th(.scope("col"), .class("num"), "Valeur de référence"), .th(.scope("col"), "Évolution de l'écart"))),
            .tbody(.forEach(figures) { figure in
                .tr(.th(.scope("row"), .text(figure.indicator.label)), .td(.text(figure.period)),
                    .td(.class("num"), .text(display(figure.value, unit: figure.indicator.unit))),
                    .td(.text(figure.reference?.name ?? "—")),
                    .td(.class("num"), .text(figure.referenceValue.map { display($0, unit: figure.indicator.unit) } ?? "—")),
                    .td(.text(figure.trend?.label ?? "une seule période")))
            })
        )
    }

    static func figureSection(_ figure: PortraitFigure, index: Int, territory: Territory) -> HTMLNode {
        var marks = [Charts.Mark(label: territory.name, value: figure.value.number ?? 0)]
        if let reference = figure.reference, let value = figure.referenceValue?.number {
            marks.append(Charts.Mark(label: reference.name, value: value, emphasised: true))
        }
        return .section(.class("figure"),
            .h2(.text(figure.indicator.label)),
            .p(.class("sentence"), .text(capitalised(figure.sentence) + ".")),
            .if(figure.value.number != nil && marks.count == 2,
                Charts.bars(id: "fig\(index)", title: "\(figure.indicator.label), \(figure.period)", description: figure.sentence, unit: figure.indicator.unit, marks: marks)),
            .if(figure.history.count >= 2,
                .figure(Charts.trendLine(id: "tend\(index)", title: "Évolution : \(figure.indicator.label)",
                                         description: figure.history.map { "\($0.period) : \(FrenchFormat.value($0.value, unit: figure.indicator.unit))" }.joined(separator: ", "),
                                         unit: figure.indicator.unit, series: figure.history, reference: figure.referenceHistory),
                        .figcaption(.text("Évolution\(figure.trend.map { " — écart \($0.label)" } ?? "") (pointillés : \(figure.reference?.name ?? "référence"))")))),
            source(figure.provenance)
        )
    }

    static func source(_ provenance: Provenance?) -> HTMLNode {
        .unwrap(provenance) { provenance in
            .p(.class("source"), .small(.text("Source : \(provenance.source) — fichier « \(provenance.fileName) », importé le \(String(provenance.importedAt.prefix(10))).")))
        }
    }

    static func display(_ value: ObservationValue, unit: IndicatorUnit) -> String {
        switch value {
        case .number(let number): FrenchFormat.value(number, unit: unit)
        case .secret: "secret statistique"
        case .missing: "non disponible"
        }
    }

    static func capitalised(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }

    // MARK: Contract portrait

    static func contract(_ detail: ContractDetail, figures: [ContractFigure], findings: [ContractFinding], context: PageContext) -> String {
        let contract = detail.contract
        let exportJSON = SiteURL.api(.contractPortrait(.value(String(contract.id)))).path
        return Layout.page(title: "Portrait — \(contract.shortName)", section: .contracts, context: context,
            .p(.class("kicker"), "Portrait du contrat : les quartiers face à l'agglomération"),
            .h1(.text(contract.name)),
            .if(contract.isDemo, Layout.demoNotice("Les chiffres ci-dessous sont ceux que publie le diagnostic du contrat (source indiquée sous chaque figure) ; ils sont chargés pour la démonstration.")),
            ContractTools.nav(contract, current: .portrait, context: context),
            .p("Exporter : ",
               .a(href: exportJSON + "?format=csv", "CSV"), " · ", .a(href: exportJSON, "JSON")),
            .if(!findings.isEmpty, .section(
                .h2("Ce que dit le diagnostic"),
                .ul(.forEach(findings) { finding in .li(.text(finding.statement)) }),
                .p(.class("source"), .small(.text("Source : " + Array(Set(findings.map(\.source))).sorted().joined(separator: " ; ") + ".")))
            )),
            .if(figures.isEmpty, .p(.class("notice"), "Aucun indicateur n'est encore chargé pour les quartiers de ce contrat."),
                else: .group([
                    contractTable(figures, epci: contract.epci),
                    .forEach(Array(figures.enumerated())) { index, figure in contractFigure(figure, index: index, epci: contract.epci) },
                ]))
        )
    }

    static func contractTable(_ figures: [ContractFigure], epci: Territory) -> HTMLNode {
        .table(.class("data"),
            .caption(.text("Les quartiers et \(epci.name)")),
            .thead(.tr(.th(.scope("col"), "Indicateur"), .th(.scope("col"), "Période"), .th(.scope("col"), .class("num"), "Agglomération"),
                       .th(.scope("col"), .class("num"), "Ensemble des QPV"), .th(.scope("col"), "Quartier le plus bas"), .th(.scope("col"), "Quartier le plus haut"))),
            .tbody(.forEach(figures) { figure in
                let unit = figure.indicator.unit
                let name = { (id: Int) in figure.qpv.first { $0.territory.id == id }?.territory.name ?? "" }
                return .tr(.th(.scope("row"), .text(figure.indicator.label)), .td(.text(figure.period)),
                    .td(.class("num"), .text(figure.epciValue.map { display($0, unit: unit) } ?? "—")),
                    .td(.class("num"), .text(figure.aggregate.map { display($0.value, unit: unit) } ?? "—")),
                    .td(.text(figure.summary?.minimum.map { "\(name($0.territoryID)) (\(FrenchFormat.value($0.value, unit: unit)))" } ?? "—")),
                    .td(.text(figure.summary?.maximum.map { "\(name($0.territoryID)) (\(FrenchFormat.value($0.value, unit: unit)))" } ?? "—")))
            })
        )
    }

    static func contractFigure(_ figure: ContractFigure, index: Int, epci: Territory) -> HTMLNode {
        let unit = figure.indicator.unit
        let marks = figure.qpv.compactMap { item in item.value.number.map { Charts.Mark(label: item.territory.name, value: $0) } }
        let reference = figure.epciValue?.number.map { Charts.Mark(label: epci.name, value: $0, emphasised: true) }
        let sentences = [figure.headline, figure.spread, figure.trend].compactMap { $0 }
        return .section(.class("figure"),
            .h2(.text(figure.indicator.label)),
            .forEach(sentences) { .p(.class("sentence"), .text(capitalised($0) + ".")) },
            .if(!marks.isEmpty,
                .figure(Charts.dotPlot(id: "qpv\(index)", title: "\(figure.indicator.label) dans chaque quartier, \(figure.period)",
                                       description: marks.map { "\($0.label) : \(FrenchFormat.value($0.value, unit: unit))" }.joined(separator: " ; "),
                                       unit: unit, marks: marks, reference: reference),
                        .figcaption(.text("Chaque point est un quartier ; le trait vertical marque \(epci.name).")))),
            .if(marks.isEmpty && reference != nil, Charts.bars(id: "agg\(index)", title: figure.indicator.label, description: sentences.joined(separator: " "), unit: unit,
                marks: ([figure.aggregate.flatMap { aggregate in aggregate.value.number.map { Charts.Mark(label: aggregate.territory.name, value: $0) } }] + [reference]).compactMap { $0 })),
            source(figure.provenance)
        )
    }
}

/// A finding a contract's diagnostic states in words.
struct ContractFinding: Sendable, Equatable, Codable {
    var statement: String
    var value: Double?
    var unit: String?
    var source: String
}
