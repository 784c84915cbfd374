import Foundation
import PasserelleDomain

/// The steering committee's dashboard: every figure as a table (with its CSV) and an SVG chart.
enum DashboardPages {
    static func page(_ report: DashboardReport, context: PageContext) -> String {
        let d = report.dashboard
        let slug = report.contract.contract.slug
        let api = SiteURL.api(.programmingDashboard(.value(slug)))
        func csvLink(_ table: String) -> HTMLNode {
            .p(.class("export"), .a(href: api.path(query: ["year": String(report.year), "format": "csv", "table": table]), "Exporter ce tableau (CSV)"))
        }
        let uncovered = d.ambitionCoverage.filter { !$0.isCovered }
        return Layout.page(title: "Tableau de bord \(report.year) — \(report.contract.contract.shortName)", section: .contracts, context: context,
            .p(.class("kicker"), .a(href: SiteURL.contractProgramming(.value(slug)).path, .text("Programmation — \(report.contract.contract.shortName)"))),
            .h1(.text("Tableau de bord de la programmation \(report.year)"), .if(report.isDemo, .span(.class("badge"), "démonstration"))),
            ContractTools.nav(report.contract.contract, current: .dashboard, context: context),
            .if(report.isDemo, Layout.demoNotice("Les chiffres de ce tableau viennent d'une programmation fictive : porteurs, projets et montants sont inventés pour la démonstration.")),
            .nav(.class("toc"), .ariaLabel("Années"),
                .ul(.forEach(report.years) { year in
                    .li(.a(href: SiteURL.contractDashboard(.value(slug)).path(query: ["annee": String(year)]), .if(year == report.year, .ariaCurrent("page")), .text(String(year))))
                })),
            .ul(.class("figures"),
                .li(.strong(.text(EuroAmount.format(d.totalAmount))), .text("accordés pour \(report.year)")),
                .li(.strong(.text(FrenchFormat.integer(d.fundedProjectCount))), "projets financés"),
                .li(.strong(.text("\(d.ambitionCoverage.count - uncovered.count) / \(d.ambitionCoverage.count)")), "ambitions couvertes"),
                .li(.strong(.text(ProgrammingText.percent(d.multiYearShare))), "des montants en pluriannuel")
            ),
            .p(.class("hint"), "Seules les sommes accordées comptent (refus exclus). Un projet qui sert plusieurs ambitions, quartiers ou thèmes voit son montant partagé à parts égales ; une convention pluriannuelle compte pour son montant de l'année. ",
               .a(href: api.path(query: ["year": String(report.year)]), "Toutes ces données en JSON"), "."),

            .section(.id("ambitions"),
                .h2("Couverture des ambitions"),
                .if(uncovered.isEmpty, .p("Chaque ambition du contrat est servie par au moins un projet financé."),
                    else: .p(.class("notice"), .text("\(uncovered.count) ambition\(uncovered.count > 1 ? "s" : "") sans aucun projet financé : " + uncovered.map { "\($0.ambition.code) \($0.ambition.title)" }.joined(separator: " ; ") + "."))),
                Charts.moneyBars(id: "ambitions", title: "Montants accordés par ambition, \(report.year)",
                                 description: d.ambitionCoverage.map { "\($0.ambition.code) : \(EuroAmount.format($0.ambition.amount)), \($0.ambition.projectCount) projet(s)" }.joined(separator: " ; "),
                                 marks: d.ambitionCoverage.map { Charts.Mark(label: "\($0.ambition.code) \($0.ambition.title)", value: $0.ambition.amount, emphasised: !$0.isCovered) }),
                .table(.class("data"),
                    .caption("Ambitions (les non couvertes d'abord) et objectifs"),
                    .thead(.tr(.th(.scope("col"), "Ambition"), .th(.scope("col"), "Pilier"), .th(.scope("col"), .class("num"), "Projets financés"), .th(.scope("col"), .class("num"), "Montant"))),
                    .tbody(.forEach(d.ambitionCoverage) { item in
                        .group([
                            .tr(.attr("class", item.isCovered ? nil : "uncovered"),
                                .th(.scope("row"), .span(.class("node-code"), .text(item.ambition.code)), " ", .text(item.ambition.title), .if(!item.isCovered, .strong(" — non couverte"))),
                                .td(.text(report.pillarTitle(item.pillarID))),
                                .td(.class("num"), .text(FrenchFormat.integer(item.ambition.projectCount))), .td(.class("num"), .text(EuroAmount.format(item.ambition.amount)))),
                            .forEach(item.objectives) { objective in
                                .tr(.th(.scope("row"), .class("indent"), .span(.class("node-code"), .text(objective.code)), " ", .text(objective.title)), .td(""),
                                    .td(.class("num"), .text(FrenchFormat.integer(objective.projectCount))), .td(.class("num"), .text(EuroAmount.format(objective.amount))))
                            },
                        ])
                    })),
                csvLink("ambitions")),

            moneySection(id: "piliers", title: "Montants par pilier", report: report,
                         rows: d.byPillar.map { ("\($0.code) — \($0.title)", $0.amount, $0.projectCount) }, extra: d.unattributedAmount > 0 ? ("Hors arbre du contrat", d.unattributedAmount) : nil,
                         csv: csvLink("piliers")),
            moneySection(id: "financeurs", title: "Montants par financeur", report: report,
                         rows: d.byFunder.map { (report.funderName($0.funderID), $0.amount, $0.projectCount) }, extra: nil, csv: csvLink("financeurs")),
            moneySection(id: "dispositifs", title: "Montants par dispositif", report: report,
                         rows: d.byScheme.map { (report.schemeName($0.schemeID), $0.amount, $0.projectCount) }, extra: nil, csv: csvLink("dispositifs")),
            moneySection(id: "qpv", title: "Montants par quartier prioritaire", report: report,
                         rows: d.byQPV.map { ("\(report.qpvName($0.qpvCode)) (\($0.qpvCode))", $0.amount, $0.projectCount) },
                         extra: d.outsideQPVAmount > 0 ? ("Hors quartier prioritaire", d.outsideQPVAmount) : nil, csv: csvLink("qpv")),
            moneySection(id: "themes", title: "Montants par thème de transition", report: report,
                         rows: d.byTheme.map { ($0.theme.label, $0.amount, $0.projectCount) },
                         extra: d.withoutThemeAmount > 0 ? ("Sans thème de transition", d.withoutThemeAmount) : nil, csv: csvLink("themes")),

            .section(.id("pluriannuel"),
                .h2("Part du financement pluriannuel"),
                .p(.text("\(EuroAmount.format(d.multiYearAmount)) sur \(EuroAmount.format(d.totalAmount)) vont à des actions pluriannuelles, soit \(ProgrammingText.percent(d.multiYearShare)). Le contrat demande de privilégier les conventions pluriannuelles d'objectifs."))),

            beneficiariesSection(report, csv: csvLink("beneficiaires")),
            yearSection(report, csv: csvLink("annees"))
        )
    }

    static func moneySection(id: String, title: String, report: DashboardReport, rows: [(label: String, amount: Double, projects: Int)],
                             extra: (label: String, amount: Double)?, csv: HTMLNode) -> HTMLNode {
        .section(.id(id),
            .h2(.text(title)),
            .if(rows.isEmpty, .p("Aucun montant accordé cette année."), else: .group([
                Charts.moneyBars(id: "chart-\(id)", title: "\(title), \(report.year)",
                                 description: rows.map { "\($0.label) : \(EuroAmount.format($0.amount))" }.joined(separator: " ; "),
                                 marks: rows.map { Charts.Mark(label: $0.label, value: $0.amount) }),
                .table(.class("data"),
                    .caption(.text("\(title), \(report.year)")),
                    .thead(.tr(.th(.scope("col"), ""), .th(.scope("col"), .class("num"), "Projets financés"), .th(.scope("col"), .class("num"), "Montant"))),
                    .tbody(
                        .forEach(rows) { row in
                            .tr(.th(.scope("row"), .text(row.label)), .td(.class("num"), .text(FrenchFormat.integer(row.projects))), .td(.class("num"), .text(EuroAmount.format(row.amount))))
                        },
                        .unwrap(extra) { extra in .tr(.th(.scope("row"), .text(extra.label)), .td(""), .td(.class("num"), .text(EuroAmount.format(extra.amount)))) },
                        .tr(.th(.scope("row"), "Total"), .td(""), .td(.class("num"), .strong(.text(EuroAmount.format(report.dashboard.totalAmount)))))
                    )),
                csv,
            ]))
        )
    }

    static func beneficiariesSection(_ report: DashboardReport, csv: HTMLNode) -> HTMLNode {
        let rows = report.dashboard.beneficiaries
        let current = rows.filter { $0.year == report.year }
        return .section(.id("beneficiaires"),
            .h2("Femmes et hommes bénéficiaires"),
            .p(.class("hint"), "Bénéficiaires attendus des projets financés. Un projet qui sert deux piliers compte ses bénéficiaires dans chacun : les lignes des piliers peuvent dépasser le total."),
            Charts.groupedBars(id: "femmes-hommes", title: "Femmes et hommes bénéficiaires par pilier, \(report.year)",
                               description: current.map { "\(report.pillarTitle($0.pillarID)) : \($0.women) femmes, \($0.men) hommes" }.joined(separator: " ; "),
                               series: [Charts.Series(name: "Femmes", className: "bar-women"), Charts.Series(name: "Hommes", className: "bar-men")],
                               rows: current.map { (report.pillarTitle($0.pillarID), [Double($0.women), Double($0.men)]) },
                               format: { FrenchFormat.integer(Int($0)) }),
            .table(.class("data"),
                .caption("Bénéficiaires par pilier et par année"),
                .thead(.tr(.th(.scope("col"), "Année"), .th(.scope("col"), "Pilier"), .th(.scope("col"), .class("num"), "Projets"), .th(.scope("col"), .class("num"), "Bénéficiaires"),
                           .th(.scope("col"), .class("num"), "Femmes"), .th(.scope("col"), .class("num"), "Hommes"), .th(.scope("col"), .class("num"), "Part de femmes"))),
                .tbody(.forEach(rows) { row in
                    .tr(.td(.text(String(row.year))), .th(.scope("row"), .text(report.pillarTitle(row.pillarID))),
                        .td(.class("num"), .text(FrenchFormat.integer(row.projectCount))), .td(.class("num"), .text(FrenchFormat.integer(row.total))),
                        .td(.class("num"), .text(FrenchFormat.integer(row.women))), .td(.class("num"), .text(FrenchFormat.integer(row.men))),
                        .td(.class("num"), .text(row.women + row.men > 0 ? ProgrammingText.percent(Double(row.women) / Double(row.women + row.men) * 100) : "—")))
                })),
            csv
        )
    }

    static func yearSection(_ report: DashboardReport, csv: HTMLNode) -> HTMLNode {
        let comparison = report.dashboard.yearOnYear
        let previous = report.year - 1
        return .section(.id("annees"),
            .h2(.text("\(report.year) face à \(previous)")),
            .p(.text("\(EuroAmount.format(comparison.amount)) pour \(comparison.projectCount) projets en \(report.year), contre \(EuroAmount.format(comparison.previousAmount)) pour \(comparison.previousProjectCount) projets en \(previous)"
                     + (comparison.change.map { " (\($0 >= 0 ? "+" : "")\(ProgrammingText.decimal($0 * 100, digits: 1)) %)." } ?? "."))),
            Charts.groupedBars(id: "annees-financeurs", title: "Montants accordés par financeur, \(previous) et \(report.year)",
                               description: comparison.byFunder.map { "\(report.funderName($0.funderID)) : \(EuroAmount.format($0.previousAmount)) puis \(EuroAmount.format($0.amount))" }.joined(separator: " ; "),
                               series: [Charts.Series(name: String(previous), className: "bar-previous"), Charts.Series(name: String(report.year), className: "bar")],
                               rows: comparison.byFunder.map { (report.funderName($0.funderID), [$0.previousAmount, $0.amount]) },
                               format: EuroAmount.format),
            .table(.class("data"),
                .caption("Montants accordés par financeur, d'une année sur l'autre"),
                .thead(.tr(.th(.scope("col"), "Financeur"), .th(.scope("col"), .class("num"), .text(String(previous))), .th(.scope("col"), .class("num"), .text(String(report.year))),
                           .th(.scope("col"), .class("num"), "Écart"))),
                .tbody(
                    .forEach(comparison.byFunder) { item in
                        .tr(.th(.scope("row"), .text(report.funderName(item.funderID))), .td(.class("num"), .text(EuroAmount.format(item.previousAmount))),
                            .td(.class("num"), .text(EuroAmount.format(item.amount))), .td(.class("num"), .text(EuroAmount.format(EuroAmount.sum([item.amount, -item.previousAmount])))))
                    },
                    .tr(.th(.scope("row"), "Tous financeurs"), .td(.class("num"), .text(EuroAmount.format(comparison.previousAmount))),
                        .td(.class("num"), .text(EuroAmount.format(comparison.amount))), .td(.class("num"), .text(EuroAmount.format(comparison.difference))))
                )),
            csv
        )
    }
}
