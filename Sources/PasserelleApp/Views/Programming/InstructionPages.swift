import Foundation
import PasserelleDomain

/// The multi-funder picture every instructor of a call shares.
enum InstructionPages {
    static func table(call stored: StoredCall, table: InstructionTable, applications: [StoredApplication], catalog: FundingCatalog, context: PageContext) -> String {
        let call = stored.call
        let byID = Dictionary(uniqueKeysWithValues: applications.map { ($0.id, $0) })
        let funderIDs = table.funderTotals.map(\.funderID)
        return Layout.page(title: "Instruction — \(call.title)", section: .contracts, context: context,
            .p(.class("kicker"), .a(href: SiteURL.call(.value(call.id)).path, .text(call.title)), " · instruction partagée"),
            .h1("Tableau d'instruction partagé"),
            .if(stored.isDemo, Layout.demoNotice(ProgrammingPages.demoText)),
            .p(.class("lead"), "Chaque candidature déposée, ce que chaque financeur propose, le total proposé face au montant demandé et les notes de chacun, côte à côte. Les porteurs ne voient pas cette page."),
            .p(.a(href: SiteURL.api(.callInstruction(.value(call.id))).path, "Ce tableau en JSON")),
            .table(.class("data"),
                .caption("Enveloppes des financeurs"),
                .thead(.tr(.th(.scope("col"), "Financeur"), .th(.scope("col"), .class("num"), "Demandé"), .th(.scope("col"), .class("num"), "Proposé"),
                           .th(.scope("col"), .class("num"), "Enveloppe"), .th(.scope("col"), .class("num"), "Reste"))),
                .tbody(.forEach(table.funderTotals) { totals in
                    .tr(.th(.scope("row"), .text(catalog.funderName(totals.funderID))), .td(.class("num"), .text(EuroAmount.format(totals.requested))),
                        .td(.class("num"), .text(EuroAmount.format(totals.proposed))), .td(.class("num"), .text(ProgrammingText.euros(totals.envelope))),
                        .td(.class("num"), .text(ProgrammingText.euros(totals.remaining))))
                })),
            .div(.class("table-scroll"), .table(.class("data instruction"),
                .caption(.text("\(table.rows.count) candidatures, de la mieux notée à la moins bien notée")),
                .thead(.tr(.th(.scope("col"), "Candidature"), .th(.scope("col"), "Statut"),
                           .forEach(funderIDs) { .th(.scope("col"), .class("num"), .text(catalog.funderName($0)), .br(), .small("demandé / proposé")) },
                           .th(.scope("col"), .class("num"), "Total demandé"), .th(.scope("col"), .class("num"), "Total proposé"),
                           .th(.scope("col"), .class("num"), "Reste à financer"), .th(.scope("col"), "Notes (sur 100)"), .th(.scope("col"), "Avis manquants"))),
                .tbody(.forEach(table.rowsByScore()) { row in
                    let application = byID[row.applicationID]
                    return .tr(
                        .th(.scope("row"), .a(href: SiteURL.application(.value(row.applicationID)).path, .text(row.title)), .br(), .small(.text(row.holderName))),
                        .td(.unwrap(application) { ProgrammingPages.statusBadge($0.status) }),
                        .forEach(funderIDs) { funderID in
                            let proposal = row.proposals.first { $0.funderID == funderID }
                            return .td(.class("num"), .text(proposal.map { "\(EuroAmount.format($0.requested)) / \(ProgrammingText.euros($0.proposed))" } ?? "—"),
                                       .unwrap(proposal?.opinion) { .group([.br(), .small(.text($0.label))]) })
                        },
                        .td(.class("num"), .text(EuroAmount.format(row.totalRequested))),
                        .td(.class("num"), .text(EuroAmount.format(row.totalProposed))),
                        .td(.class("num"), .text(EuroAmount.format(row.gap))),
                        .td(.text(row.scores.map { "\(catalog.funderName($0.funderID)) : \($0.weightedScore.map { ProgrammingText.decimal($0, digits: 1) } ?? "incomplète")" }
                            .joined(separator: " · ").nilIfEmpty ?? "—"),
                            .unwrap(row.averageWeightedScore) { .group([.br(), .strong(.text("Moyenne : \(ProgrammingText.decimal($0, digits: 1))"))]) }),
                        .td(.text(row.fundersWithoutReview.map { catalog.funderName($0) }.joined(separator: ", ").nilIfEmpty ?? "aucun")))
                })))
        )
    }
}
