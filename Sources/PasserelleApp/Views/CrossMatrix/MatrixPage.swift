import PasserelleDomain

/// The cross-matrix: the contract's objectives (rows, by pillar and ambition) against the plans of
/// the territory (columns, or one plan's actions in the drill-down), with coverage, blind spots and
/// contradictions. `printable` drops the forms and navigation for the committee pack.
enum MatrixPage {
    struct Model {
        var view: MatrixView
        var filter: MatrixFilter
        /// The plan whose actions are the columns (`?plan=ID`); nil for one column per plan.
        var drillPlanID: Int?
        var printable: Bool
        /// "2026-01-01", the day the page is built.
        var today: String
    }

    static func query(_ model: Model, plan: Int?? = nil, printable: Bool = false) -> KeyValuePairs<String, String?> {
        let planID = plan ?? model.drillPlanID
        return ["qpv": model.filter.qpv?.code, "theme": model.filter.theme?.rawValue, "plan": planID.map(String.init), "impression": printable ? "1" : nil]
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let detail = model.view.detail
        let contract = detail.contract
        let key = Parameter<String>.value(contract.slug)
        let matrix = model.view.matrix
        let drill = model.drillPlanID.flatMap { id in matrix.columns.first { $0.plan.id == id } }
        let hasDemoPlans = model.view.plans.contains(where: \.isDemo)
        let qpvNames = Dictionary(detail.qpv.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        let coverage = matrix.coverage
        return Layout.page(title: "Matrice de croisement — \(contract.shortName)", section: .contracts, context: context,
            .div(.class(model.printable ? "matrix-page printable" : "matrix-page"),
                .p(.class("kicker"), .text(contract.name)),
                .h1(.text("Matrice de croisement du contrat et des plans du territoire")),
                .if(!model.printable, ContractTools.nav(contract, current: .matrix, context: context)),
                ContractTools.demoNotice(contract),
                .if(hasDemoPlans && !contract.isDemo, Layout.demoNotice("Certains plans sont des échantillons de démonstration.")),
                .p(.class("lead"), .text("Chaque case compte les actions de plan reliées à l'objectif, selon la nature du lien : elles y contribuent, pourraient y contribuer, ou le contredisent. Les angles morts et les contradictions sont listés sous le tableau.")),
                .if(!model.printable, filterForm(model, detail: detail)),
                .p(.class("filter-caption"), .strong("Vue : "), .text(filterLabel(model.filter, qpvNames: qpvNames)),
                   .unwrap(drill) { .text(" — détail du plan « \($0.plan.title) »") }),
                .if(!model.printable, .p(.class("exports"),
                    .a(href: SiteURL.contractMatrix(key).path(query: query(model, printable: true)), "Version imprimable"), " · ",
                    .a(href: SiteURL.api(.contractMatrix(key)).path(query: ["format": "csv", "qpv": model.filter.qpv?.code, "theme": model.filter.theme?.rawValue]),
                       "Exporter les cases en CSV"),
                    .if(drill != nil, .group([" · ", .a(href: SiteURL.contractMatrix(key).path(query: query(model, plan: .some(nil))), "Revenir à tous les plans")])))),
                .ul(.class("figures"),
                    .li(.strong(.text("\(coverage.coveredCount) sur \(coverage.objectiveCount)")), .text(" objectifs servis par au moins une action" + (coverage.share.map { " (\(ContractTools.percent($0)))" } ?? ""))),
                    .li(.strong(.text(String(coverage.contributedCount))), .text(" avec au moins une action qui y contribue")),
                    .li(.strong(.text(String(matrix.contradictions.count))), .text(matrix.contradictions.count > 1 ? " contradictions à débattre" : " contradiction à débattre")),
                    .li(.strong(.text(String(matrix.blindSpots.count))), .text(matrix.blindSpots.count > 1 ? " angles morts" : " angle mort"))),
                legend(),
                .if(matrix.columns.isEmpty, .p("Aucun plan n'est encore enregistré : ajoutez-en depuis la page des plans du territoire."),
                    else: table(model, drill: drill, key: key)),
                blindSpotSection(matrix, qpvNames: qpvNames),
                contradictionSection(matrix, model: model, key: key),
                .p(.class("source"), .small(.text("Matrice établie le \(French.date(model.today)) à partir des \(French.count(model.view.links.count, "lien déclaré", "liens déclarés")) entre les actions de \(French.count(model.view.plans.count, "plan", "plans")) et l'arbre du contrat. Règles de calcul : docs/decisions/0003-cross-matrix.md."))))
        )
    }

    static func filterLabel(_ filter: MatrixFilter, qpvNames: [String: String]) -> String {
        let place = filter.qpv.map { "QPV \($0.code)" + (qpvNames[$0.code].map { " (\($0))" } ?? "") } ?? "tous les QPV"
        let topic = filter.theme.map { "thème « \($0.label) »" } ?? "tous les thèmes"
        return "\(place), \(topic)"
    }

    static func filterForm(_ model: Model, detail: ContractDetail) -> HTMLNode {
        let key = Parameter<String>.value(detail.contract.slug)
        return .form(.method("get"), .action(SiteURL.contractMatrix(key).path), .class("search-form"),
            .h2(.class("visually-hidden"), "Filtrer la matrice"),
            .div(.class("inline-fields"),
                Forms.select("qpv", label: "Quartier", options: [(value: "", label: "Tous les QPV")] + detail.qpv.map { (value: $0.code, label: "\($0.code) — \($0.name)") },
                             selected: model.filter.qpv?.code ?? ""),
                Forms.select("theme", label: "Thème de transition des actions", options: PlanPages.themeOptions(empty: "Tous les thèmes"),
                             selected: model.filter.theme?.rawValue ?? "")),
            .unwrap(model.drillPlanID) { .input(.type("hidden"), .name("plan"), .value(String($0))) },
            .button(.type("submit"), "Filtrer"))
    }

    static func legend() -> HTMLNode {
        .p(.class("legend"), .strong("Lecture des cases : "),
           symbol(.contributes), .text(" actions qui contribuent, "),
           symbol(.couldContribute), .text(" actions qui pourraient contribuer, "),
           symbol(.contradicts), .text(" actions qui contredisent l'objectif ; « — » : aucune action."))
    }

    static func symbol(_ kind: LinkKind) -> HTMLNode {
        let mark: String
        switch kind {
        case .contributes: mark = "✓"
        case .couldContribute: mark = "≈"
        case .contradicts: mark = "✗"
        }
        return .span(.class("link-kind \(kind.rawValue)"), .attr("aria-hidden", "true"), .text(mark))
    }

    /// A cell: "✓ 2 ≈ 1" with the words for screen readers, "—" when empty.
    static func cell(_ counts: LinkCounts) -> HTMLNode {
        guard !counts.isEmpty else { return .group([.span(.attr("aria-hidden", "true"), "—"), .span(.class("visually-hidden"), "aucune action")]) }
        return .forEach(LinkKind.allCases.filter { counts[$0] > 0 }) { kind in
            .span(.class("count \(kind.rawValue)"), symbol(kind), .text("\u{00A0}\(counts[kind])"),
                  .span(.class("visually-hidden"), .text(" " + (counts[kind] > 1 ? plural(kind) : kind.label))), " ")
        }
    }

    static func plural(_ kind: LinkKind) -> String {
        switch kind {
        case .contributes: "contribuent"
        case .couldContribute: "pourraient contribuer"
        case .contradicts: "contredisent"
        }
    }

    static func table(_ model: Model, drill: MatrixColumn?, key: Parameter<String>) -> HTMLNode {
        let matrix = model.view.matrix
        let actions = drill?.actions ?? []
        let width = 1 + (drill == nil ? matrix.columns.count : actions.count)
        func cells(_ counts: [LinkCounts], row: MatrixRow?) -> HTMLNode {
            if let drill {
                guard let row else { return .forEach(drill.actions) { _ in .td(.class("cell"), "") } }
                return .forEach(drill.actions) { action in .td(.class("cell"), cell(row.cell(actionID: action.id))) }
            }
            return .forEach(counts) { .td(.class("cell"), cell($0)) }
        }
        return .div(.class("table-scroll"), .table(.class("data matrix"),
            .caption(.text("Objectifs du contrat × " + (drill.map { "actions du plan « \($0.plan.title) »" } ?? "plans du territoire"))),
            .thead(.tr(
                .th(.scope("col"), "Objectif du contrat"),
                .if(drill == nil,
                    .forEach(matrix.columns) { column in
                        .th(.scope("col"), .if(!model.printable, .a(href: SiteURL.contractMatrix(key).path(query: query(model, plan: .some(column.plan.id))),
                                                                    .abbr(title: column.plan.kind.label, .text(column.plan.kind.shortCode)), .br(), .text(column.plan.title),
                                                                    .span(.class("visually-hidden"), " (détail par action)")),
                                              else: .group([.text(column.plan.kind.shortCode), .br(), .text(column.plan.title)])))
                    },
                    else: .forEach(actions) { action in
                        .th(.scope("col"), .a(href: SiteURL.contractAction(key, .value(action.id)).path, .abbr(title: action.title, .text(action.code))))
                    })
            )),
            .tbody(.forEach(matrix.pillars) { pillar in
                .group([
                    .tr(.class("group pillar"),
                        .th(.scope("rowgroup"), .attr("colspan", pillar.directCells.allSatisfy(\.isEmpty) || drill != nil ? String(width) : nil),
                            .text("\(pillar.code) — \(pillar.title)"),
                            .small(.text(" · \(pillar.coverage.coveredCount) sur \(pillar.coverage.objectiveCount) objectifs servis"))),
                        .if(!pillar.directCells.allSatisfy(\.isEmpty) && drill == nil, cells(pillar.directCells, row: nil))),
                    .forEach(pillar.ambitions) { ambition in
                        .group([
                            .unwrap(ambition.code) { code in
                                .tr(.class("group ambition"),
                                    .th(.scope("rowgroup"), .attr("colspan", ambition.directCells.allSatisfy(\.isEmpty) || drill != nil ? String(width) : nil),
                                        .text("\(code) — \(ambition.title ?? code)")),
                                    .if(!ambition.directCells.allSatisfy(\.isEmpty) && drill == nil, cells(ambition.directCells, row: nil)))
                            },
                            .forEach(ambition.rows) { row in
                                .tr(.class(row.isCovered ? "objective" : "objective blind"),
                                    .th(.scope("row"), .span(.class("node-code"), .text(row.objective.code)), " ", .text(row.objective.title),
                                        .if(!row.isCovered, .small(.class("blind-label"), " — angle mort"))),
                                    cells(row.cells, row: row))
                            },
                        ])
                    },
                ])
            }),
            HTMLNode.element("tfoot", [.tr(.th(.scope("row"), .text(drill == nil ? "Actions reliées, tous objectifs" : "Objectifs reliés à l'action")),
                       .if(drill == nil, .forEach(matrix.columns) { .td(.class("cell"), cell($0.totals)) },
                           else: .forEach(actions) { action in
                               .td(.class("cell"), cell(matrix.rows.reduce(into: LinkCounts.zero) { sum, row in
                                   let one = row.cell(actionID: action.id)
                                   sum.contributes += one.contributes
                                   sum.couldContribute += one.couldContribute
                                   sum.contradicts += one.contradicts
                               }))
                           }))])
        ))
    }

    static func blindSpotSection(_ matrix: CrossMatrix, qpvNames: [String: String]) -> HTMLNode {
        let objectives = matrix.blindSpots(of: .objectiveWithoutAction)
        let themes = matrix.blindSpots(of: .themeWithoutQPVAction)
        let perQPV = matrix.blindSpots(of: .themeWithoutActionInQPV)
        let excluding = matrix.blindSpots(of: .actionExcludingQPV)
        var byQPV: [(code: String, themes: [String])] = []
        for spot in perQPV {
            let code = spot.qpv?.code ?? "?"
            if let index = byQPV.firstIndex(where: { $0.code == code }) { byQPV[index].themes.append(spot.title) } else { byQPV.append((code, [spot.title])) }
        }
        return .section(.id("angles-morts"),
            .h2(.text("Angles morts (\(matrix.blindSpots.count))")),
            .if(matrix.blindSpots.isEmpty, .p("Aucun angle mort sous ce filtre.")),
            .if(!objectives.isEmpty, .group([
                .h3(.text("Objectifs qu'aucune action de plan ne sert (\(objectives.count))")),
                .ul(.forEach(objectives) { .li(.span(.class("node-code"), .text($0.code)), " ", .text($0.title)) })])),
            .if(!themes.isEmpty, .group([
                .h3(.text("Thèmes sans aucune action qui atteigne les QPV (\(themes.count))")),
                .ul(.forEach(themes) { .li(.text($0.message)) })])),
            .if(!byQPV.isEmpty, .group([
                .h3(.text("Quartiers qu'aucune action n'atteint sur un thème (\(perQPV.count))")),
                .ul(.forEach(byQPV) { entry in
                    .li(.strong(.text("QPV \(entry.code)" + (qpvNames[entry.code].map { " — \($0)" } ?? ""))), .text(" : rien sur " + entry.themes.joined(separator: ", ")))
                })])),
            .if(!excluding.isEmpty, .group([
                .h3(.text("Actions dont le périmètre exclut les QPV (\(excluding.count))")),
                .ul(.forEach(excluding) { .li(.text($0.message)) })])))
    }

    static func contradictionSection(_ matrix: CrossMatrix, model: Model, key: Parameter<String>) -> HTMLNode {
        .section(.id("contradictions"),
            .h2(.text("Contradictions à mettre en débat (\(matrix.contradictions.count))")),
            .if(matrix.contradictions.isEmpty, .p("Aucune contradiction déclarée sous ce filtre."), else: .table(.class("data"),
                .caption("Actions de plan déclarées contraires à un objectif du contrat"),
                .thead(.tr(.th(.scope("col"), "Objectif"), .th(.scope("col"), "Action (plan)"), .th(.scope("col"), "Pourquoi"), .th(.scope("col"), "QPV"), .th(.scope("col"), "Affirmé par"))),
                .tbody(.forEach(matrix.contradictions) { item in
                    .tr(.th(.scope("row"), .span(.class("node-code"), .text(item.objectiveCode)), " ", .text(item.objectiveTitle)),
                        .td(.if(model.printable, .text("\(item.actionCode) — \(item.actionTitle)"),
                                else: .a(href: SiteURL.contractAction(key, .value(item.actionID)).path, .text("\(item.actionCode) — \(item.actionTitle)"))),
                            .small(.text(" (\(item.planTitle))"))),
                        .td(.text(item.note ?? "—")),
                        .td(.text(item.qpv.isEmpty ? "tous" : item.qpv.map(\.code).joined(separator: ", "))),
                        .td(.text(item.assertedBy)))
                }))))
    }
}
