import PasserelleDomain

/// The signatories' commitments and the yearly photograph of common-law means in the QPV.
enum CommitmentPages {
    static func number(_ kind: CommitmentKind) -> Int { CommitmentKind.allCases.firstIndex(of: kind)! + 1 }

    static func statusMark(_ status: CommitmentStatus) -> String {
        switch status {
        case .notStarted: "✗"
        case .inProgress: "…"
        case .met: "✓"
        case .notApplicable: "·"
        }
    }

    static func figure(_ value: Double?, digits: Int = 0) -> String { value.map { FrenchFormat.decimal($0, digits: digits) } ?? "non renseigné" }
    static func amount(_ value: Double?) -> String { value.map(ContractTools.euros) ?? "non renseigné" }
    static func count(_ value: Int?) -> String { value.map(FrenchFormat.integer) ?? "non renseigné" }

    // MARK: Overview

    struct Model {
        var overview: CommitmentService.Overview
        var years: [Int]
        var canWriteAny: Bool
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let overview = model.overview
        let contract = overview.detail.contract
        let key = Parameter<String>.value(contract.slug)
        let board = overview.board
        let tally = board.metByKind
        let photograph = overview.photograph
        let missingTotal = board.lines.reduce(0) { $0 + $1.missing.count }
        let names = Dictionary(overview.detail.signatories.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let pillars = Dictionary(overview.detail.tree.map { ($0.code, $0.title) }, uniquingKeysWith: { first, _ in first })
        return Layout.page(title: "Engagements des signataires — \(contract.shortName)", section: .contracts, context: context,
            .p(.class("kicker"), .text(contract.name)),
            .h1("Engagements des signataires et moyens de droit commun"),
            ContractTools.nav(contract, current: .commitments, context: context),
            ContractTools.demoNotice(contract),
            .p(.class("lead"), .text("Ce que chaque signataire s'est engagé à faire pour le contrat, où il en est et ce qui le montre ; puis la photographie annuelle des moyens de droit commun qu'il mobilise dans les quartiers prioritaires.")),
            .form(.method("get"), .action(SiteURL.contractCommitments(key).path), .class("search-form"),
                Forms.select("annee", label: "État des engagements", options: [(value: "", label: "à ce jour")] + model.years.map { (value: String($0), label: "fin \($0)") },
                             selected: overview.asOfYear.map(String.init) ?? ""),
                .button(.type("submit"), "Afficher")),
            .ul(.class("figures"),
                .li(.strong(.text(String(board.lines.count))), .text(" signataires")),
                .li(.strong(.text(String(missingTotal))), .text(" engagements attendus pas encore tenus")),
                .li(.strong(.text(String(board.lines.filter { $0.missing.isEmpty }.count))), .text(" signataires à jour de tous leurs engagements"))),
            .section(.id("signataires"),
                .h2("Qui tient quoi : les engagements manquants d'abord"),
                .p(.class("legend"), .text("Engagements numérotés comme dans la liste plus bas. ✗ pas engagé, … en cours, ✓ tenu, · sans objet.")),
                .div(.class("table-scroll"), .table(.class("data commitments"),
                    .caption(.text("Engagements de chaque signataire" + (overview.asOfYear.map { " (état à la fin de \($0))" } ?? ""))),
                    .thead(.tr(.th(.scope("col"), "Signataire"), .th(.scope("col"), .class("num"), "Manquants"), .th(.scope("col"), .class("num"), "Tenus"),
                               .forEach(CommitmentKind.allCases) { kind in .th(.scope("col"), .class("num"), .abbr(title: kind.label, .text(String(number(kind))))) })),
                    .tbody(.forEach(board.lines) { line in
                        let byKind = Dictionary(line.entries.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
                        return .tr(.class(line.missing.isEmpty ? "complete" : "missing"),
                            .th(.scope("row"), .a(href: SiteURL.contractSignatory(key, .value(line.signatory.id)).path, .text(line.signatory.name)),
                                .small(.text(" · \(line.signatory.kind.label)"))),
                            .td(.class("num"), .text(String(line.missing.count))),
                            .td(.class("num"), .text("\(line.met.count)/\(line.applicableCount)")),
                            .forEach(CommitmentKind.allCases) { kind in
                                let status = byKind[kind]?.status ?? .notStarted
                                return .td(.class("num status-\(status.rawValue)"), .span(.attr("aria-hidden", "true"), .text(statusMark(status))),
                                           .span(.class("visually-hidden"), .text("\(number(kind)) : \(status.label)")))
                            })
                    })))),
            .section(.id("liste"),
                .h2("Les 15 engagements et combien de signataires les tiennent"),
                .table(.class("data"),
                    .caption("Engagements attendus des signataires (contrat de la CALL, délibération du 24 février 2025)"),
                    .thead(.tr(.th(.scope("col"), .class("num"), "N°"), .th(.scope("col"), "Engagement"), .th(.scope("col"), "Famille"), .th(.scope("col"), .class("num"), "Tenu par"))),
                    .tbody(.forEach(CommitmentKind.allCases) { kind in
                        let counts = tally[kind] ?? CommitmentTally(met: 0, applicable: 0)
                        return .tr(.td(.class("num"), .text(String(number(kind)))), .th(.scope("row"), .text(kind.label)), .td(.text(kind.group.label)),
                                   .td(.class("num"), .text("\(counts.met) sur \(counts.applicable)")))
                    }))),
            .section(.id("photographie"),
                .h2("Photographie des moyens de droit commun dans les QPV"),
                .p(.text("Chaque année, chaque signataire dit ce qu'il a mobilisé dans les quartiers : montants, effectifs (équivalents temps plein), bénéficiaires et, quand il le sait, combien habitent un QPV. Un chiffre que personne ne donne reste « non renseigné » : ce n'est pas zéro.")),
                .if(photograph.years.isEmpty, .p("Aucune ligne de moyens n'a encore été déclarée."), else: .group([
                    .table(.class("data"),
                        .caption("Tous signataires, par année"),
                        .thead(totalsHeader("Année")),
                        .tbody(.forEach(photograph.byYear) { year in totalsRow(String(year.year), year.totals) })),
                    .if(photograph.years.count > 1, .table(.class("data"),
                        .caption("Évolution d'une année de photographie à la suivante, tous signataires"),
                        .thead(.tr(.th(.scope("col"), "Période"), .th(.scope("col"), .class("num"), "Montant"), .th(.scope("col"), .class("num"), "Effectif (ETP)"),
                                   .th(.scope("col"), .class("num"), "Bénéficiaires en QPV"))),
                        .tbody(.forEach(photograph.yearOnYear(.all)) { change in
                            .tr(.th(.scope("row"), .text("\(change.fromYear) → \(change.toYear)")),
                                .td(.class("num"), .text(difference(change.amountEuros, euros: true))),
                                .td(.class("num"), .text(difference(change.staffFTE, euros: false))),
                                .td(.class("num"), .text(difference(change.beneficiariesInQPV, euros: false))))
                        }))),
                    .table(.class("data"),
                        .caption("Par signataire et par année"),
                        .thead(totalsHeader("Signataire, année")),
                        .tbody(.forEach(photograph.byPartner) { line in totalsRow("\(line.signatory.name), \(line.year)", line.totals) })),
                    .table(.class("data"),
                        .caption("Par pilier et par année"),
                        .thead(totalsHeader("Pilier, année")),
                        .tbody(.forEach(photograph.byPillar) { line in
                            totalsRow((line.pillarCode.map { "\($0) — \(pillars[$0] ?? $0)" } ?? "Non ventilé") + ", \(line.year)", line.totals)
                        })),
                ])),
                .if(!overview.means.isEmpty, .details(.summary(.text("Les \(overview.means.count) lignes déclarées")),
                    meansTable(overview.means, names: names, removal: nil, context: context))))
        )
    }

    static func difference(_ change: MeansChange, euros: Bool) -> String {
        guard let difference = change.difference else { return "non comparable" }
        let sign = difference > 0 ? "+" : ""
        let text = euros ? ContractTools.euros(difference) : FrenchFormat.decimal(difference, digits: difference == difference.rounded() ? 0 : 1)
        return sign + text + (change.ratio.map { " (× \(FrenchFormat.decimal($0, digits: 2)))" } ?? "")
    }

    static func totalsHeader(_ first: String) -> HTMLNode {
        .tr(.th(.scope("col"), .text(first)), .th(.scope("col"), .class("num"), "Lignes"), .th(.scope("col"), .class("num"), "Montant"),
            .th(.scope("col"), .class("num"), "Effectif (ETP)"), .th(.scope("col"), .class("num"), "Bénéficiaires"),
            .th(.scope("col"), .class("num"), "dont en QPV"), .th(.scope("col"), .class("num"), "Part QPV"))
    }

    static func totalsRow(_ label: String, _ totals: MeansTotals) -> HTMLNode {
        .tr(.th(.scope("row"), .text(label)), .td(.class("num"), .text(String(totals.lineCount))),
            .td(.class("num"), .text(amount(totals.amountEuros) + (totals.linesWithoutAmount > 0 && totals.amountEuros != nil ? " (\(totals.linesWithoutAmount) ligne(s) sans montant)" : ""))),
            .td(.class("num"), .text(figure(totals.staffFTE, digits: 1))), .td(.class("num"), .text(count(totals.beneficiaries))),
            .td(.class("num"), .text(count(totals.beneficiariesInQPV))), .td(.class("num"), .text(totals.qpvShare.map(ContractTools.percent) ?? "—")))
    }

    static func meansTable(_ lines: [StoredMeans], names: [Int: String], removal: ((StoredMeans) -> String?)?, context: PageContext) -> HTMLNode {
        .table(.class("data"),
            .caption("Lignes de moyens de droit commun"),
            .thead(.tr(.th(.scope("col"), "Signataire"), .th(.scope("col"), "Année"), .th(.scope("col"), "Pilier / ambition"), .th(.scope("col"), .class("num"), "Montant"),
                       .th(.scope("col"), .class("num"), "ETP"), .th(.scope("col"), .class("num"), "Bénéficiaires"), .th(.scope("col"), .class("num"), "dont en QPV"),
                       .th(.scope("col"), "Note"), .if(removal != nil, .th(.scope("col"), .span(.class("visually-hidden"), "Retirer"))))),
            .tbody(.forEach(lines) { line in
                .tr(.th(.scope("row"), .text(names[line.means.signatoryID] ?? "n° \(line.means.signatoryID)")), .td(.text(String(line.means.year))),
                    .td(.text([line.means.pillarCode, line.means.ambitionCode].compactMap { $0 }.joined(separator: " / ").nilIfEmpty ?? "non ventilé")),
                    .td(.class("num"), .text(amount(line.means.amountEuros))), .td(.class("num"), .text(figure(line.means.staffFTE, digits: 1))),
                    .td(.class("num"), .text(count(line.means.beneficiaries))), .td(.class("num"), .text(count(line.means.beneficiariesInQPV))),
                    .td(.text(line.means.note ?? "—")),
                    .unwrap(removal) { removal in .td(.unwrap(removal(line)) { ContractTools.button($0, label: "Retirer", context: context) }) })
            }))
    }

    // MARK: One signatory

    struct SignatoryModel {
        var detail: ContractDetail
        var signatory: Organisation
        var line: SignatoryCommitments
        var records: [StoredCommitment]
        var means: [StoredMeans]
        var canWrite: Bool
        var currentYear: Int
        var commitmentForm = ContractTools.FormState(prefix: "eng-")
        var meansForm = ContractTools.FormState(prefix: "moyens-")
        var notice: String?
    }

    static func signatory(_ model: SignatoryModel, context: PageContext) -> String {
        let contract = model.detail.contract
        let key = Parameter<String>.value(contract.slug)
        let organisation = model.signatory
        let entries = Dictionary(model.line.entries.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
        let defaultYear = min(max(model.currentYear, contract.startYear), contract.endYear)
        let years = Array(contract.startYear...contract.endYear).map { (value: String($0), label: String($0)) }
        let ambitions = model.detail.tree.flatMap { pillar in pillar.children.filter { $0.level == .ambition }.map { (pillar: pillar, ambition: $0) } }
        return Layout.page(title: "\(organisation.name) — engagements", section: .contracts, context: context,
            .p(.class("kicker"), .a(href: SiteURL.contractCommitments(key).path, .text("Engagements des signataires · \(contract.shortName)"))),
            .h1(.text(organisation.name)),
            ContractTools.nav(contract, current: .commitments, context: context),
            ContractTools.demoNotice(contract),
            ContractTools.notice(model.notice),
            .dl(.class("facts"),
                .dt("Nature"), .dd(.text(organisation.kind.label)),
                .dt("Engagements tenus"), .dd(.text("\(model.line.met.count) sur \(model.line.applicableCount)")),
                .dt("Manquants"), .dd(.text(String(model.line.missing.count)))),
            .h2("Ses engagements"),
            .table(.class("data"),
                .caption(.text("Engagements de \(organisation.name), les manquants d'abord")),
                .thead(.tr(.th(.scope("col"), .class("num"), "N°"), .th(.scope("col"), "Engagement"), .th(.scope("col"), "État"), .th(.scope("col"), "Preuve"), .th(.scope("col"), "Année"))),
                .tbody(.forEach(model.line.entries) { entry in
                    .tr(.class("status-\(entry.status.rawValue)"), .td(.class("num"), .text(String(number(entry.kind)))), .th(.scope("row"), .text(entry.kind.label)),
                        .td(.text(entry.status.label)), .td(.text(entry.evidence ?? "—")), .td(.text(entry.updatedYear.map(String.init) ?? "—")))
                })),
            .if(model.canWrite, .section(.id("mise-a-jour"),
                .h2("Mettre à jour ses engagements"),
                .p(.class("hint"), .text("Seuls les engagements dont l'état ou la preuve change sont enregistrés, pour l'année choisie ; l'état le plus récent s'affiche.")),
                ContractTools.errorSummary(model.commitmentForm),
                Forms.post(SiteURL.contractSignatory(key, .value(organisation.id)).path, context: context,
                    ContractTools.select("year", label: "Année", state: model.commitmentForm, options: years, selected: String(defaultYear)),
                    .div(.class("table-scroll"), .table(.class("data"),
                        .caption("État et preuve de chaque engagement"),
                        .thead(.tr(.th(.scope("col"), "Engagement"), .th(.scope("col"), "État"), .th(.scope("col"), "Preuve"))),
                        .tbody(.forEach(CommitmentKind.allCases) { kind in
                            let entry = entries[kind]
                            let statusName = "status-" + kind.rawValue, evidenceName = "evidence-" + kind.rawValue
                            let current = model.commitmentForm.values[statusName] ?? entry?.status.rawValue ?? CommitmentStatus.notStarted.rawValue
                            return .tr(
                                .th(.scope("row"), .label(.for("eng-" + statusName), .text("\(number(kind)). \(kind.label)"))),
                                .td(.select(.id("eng-" + statusName), .name(statusName),
                                            .forEach(CommitmentStatus.allCases) { status in .option(.value(status.rawValue), .selected(status.rawValue == current), .text(status.label)) })),
                                .td(.input(.type("text"), .id("eng-" + evidenceName), .name(evidenceName), .ariaLabel("Preuve : \(kind.label)"),
                                           .value(model.commitmentForm.values[evidenceName] ?? entry?.evidence ?? ""))))
                        }))),
                    ContractTools.submit("Enregistrer les engagements")))),
            .h2("Moyens de droit commun déclarés"),
            .if(model.means.isEmpty, .p("Aucune ligne de moyens déclarée."),
                else: meansTable(model.means, names: [organisation.id: organisation.name],
                                 removal: model.canWrite ? { SiteURL.contractSignatoryMeansRemoval(key, .value(organisation.id), .value($0.id)).path } : nil,
                                 context: context)),
            .if(model.canWrite, .section(.id("ajout-moyens"),
                .h2("Déclarer une ligne de moyens"),
                ContractTools.errorSummary(model.meansForm),
                Forms.post(SiteURL.contractSignatoryMeans(key, .value(organisation.id)).path, context: context,
                    ContractTools.select("year", label: "Année", state: model.meansForm, options: years, selected: String(defaultYear)),
                    ContractTools.select("pillar", label: "Pilier", state: model.meansForm,
                                         options: [(value: "", label: "— non ventilé —")] + model.detail.tree.map { (value: String($0.id), label: "\($0.code) — \($0.title)") },
                                         selected: "", required: false),
                    ContractTools.select("ambition", label: "Ambition", state: model.meansForm,
                                         options: [(value: "", label: "— toutes —")] + ambitions.map { (value: String($0.ambition.id), label: "\($0.ambition.code) — \($0.ambition.title)") },
                                         selected: "", required: false, hint: "Facultatif ; elle doit relever du pilier choisi."),
                    ContractTools.field("amount", label: "Montant (€)", state: model.meansForm, required: false, hint: "Par exemple « 125 000 »."),
                    ContractTools.field("staff", label: "Effectif (équivalents temps plein)", state: model.meansForm, required: false, hint: "Par exemple « 2,5 »."),
                    ContractTools.field("beneficiaries", label: "Bénéficiaires", state: model.meansForm, required: false),
                    ContractTools.field("beneficiariesInQPV", label: "dont habitant en QPV", state: model.meansForm, required: false, hint: "Vide si vous ne le savez pas."),
                    ContractTools.textarea("note", label: "Note", state: model.meansForm, hint: "Dispositif, source du chiffre…"),
                    ContractTools.submit("Ajouter la ligne"))))
        )
    }
}
