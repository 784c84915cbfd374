import PasserelleDomain

/// The transition roadmap: a timeline of milestones by year up to the end of the contract.
enum RoadmapPages {
    struct Model {
        var detail: ContractDetail
        var milestones: [Milestone]
        var timeline: RoadmapTimeline
        var currentYear: Int
        var actions: [PlanAction]
        var plans: [StoredPlan]
        var indicators: [(code: String, label: String)]
        var form = ContractTools.FormState(prefix: "jalon-")
        var checkedObjectives: Set<String> = []
        var checkedActions: Set<String> = []
        var notice: String?
    }

    static func statusOptions() -> [(value: String, label: String)] {
        MilestoneStatus.allCases.map { (value: $0.rawValue, label: $0.label) }
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let contract = model.detail.contract
        let key = Parameter<String>.value(contract.slug)
        let overdueIDs = Set(model.timeline.overdue.map(\.id))
        let canEdit = context.editsContract(contract.id)
        let counts = model.timeline.countsByStatus
        return Layout.page(title: "Feuille de route transitions — \(contract.shortName)", section: .contracts, context: context,
            .p(.class("kicker"), .text(contract.name)),
            .h1(.text("Feuille de route des transitions \(contract.startYear)–\(contract.endYear)")),
            ContractTools.nav(contract, current: .roadmap, context: context),
            ContractTools.demoNotice(contract),
            ContractTools.notice(model.notice),
            .p(.class("lead"), .text("Les jalons que le contrat se fixe année après année pour les transitions dans les quartiers : ce qui doit être fait, qui en répond, l'indicateur et la cible, les objectifs et les actions de plan qu'ils servent.")),
            .ul(.class("figures"),
                .forEach(MilestoneStatus.allCases) { status in .li(.strong(.text(String(counts[status] ?? 0))), .text(" \(status.label)")) },
                .li(.strong(.text(String(model.timeline.overdue.count))), .text(" en souffrance (année passée, pas réalisé)"))),
            .if(!model.timeline.overdue.isEmpty, .section(.class("overdue-list"), .role("region"), .ariaLabel("Jalons en souffrance"),
                .h2(.text("Jalons en souffrance (\(model.timeline.overdue.count))")),
                .p(.text("Leur année est passée (nous sommes en \(model.currentYear)) et ils ne sont pas réalisés.")),
                .ul(.forEach(model.timeline.overdue) { milestone in
                    .li(.a(href: "#jalon-\(milestone.id)", .text("\(milestone.year) — \(milestone.title)")), .text(" (\(milestone.status.label), \(milestone.owner))"))
                }))),
            .section(.class("timeline"), .ariaLabel("Chronologie des jalons"),
                .forEach(model.timeline.years) { year in
                    .section(.id("annee-\(year.year)"), .class(year.year == model.currentYear ? "year current" : (year.year < model.currentYear ? "year past" : "year")),
                        .h2(.text(String(year.year)), .if(year.year == model.currentYear, .small(" — année en cours"))),
                        .if(year.milestones.isEmpty, .p(.class("hint"), "Aucun jalon."), else: .ol(.class("milestones"), .forEach(year.milestones) { milestone in
                            milestoneItem(milestone, model: model, overdue: overdueIDs.contains(milestone.id), canEdit: canEdit, key: key)
                        })))
                }),
            .if(!model.timeline.outOfPeriod.isEmpty, .section(
                .h2("Jalons hors de la période du contrat"),
                .ul(.forEach(model.timeline.outOfPeriod) { .li(.text("\($0.year) — \($0.title)")) }))),
            .if(canEdit, .section(.id("ajout-jalon"),
                .h2("Ajouter un jalon"),
                ContractTools.errorSummary(model.form),
                Forms.post(SiteURL.contractMilestones(key).path, context: context, fields(model, milestone: nil),
                           ContractTools.submit("Ajouter le jalon"))))
        )
    }

    static func milestoneItem(_ milestone: Milestone, model: Model, overdue: Bool, canEdit: Bool, key: Parameter<String>) -> HTMLNode {
        let nodes = model.detail.tree.flatMap(\.flattened)
        let objectives = milestone.objectiveIDs.compactMap { id in nodes.first { $0.id == id } }
        let actions = milestone.actionIDs.compactMap { id in model.actions.first { $0.id == id } }
        let indicator = milestone.indicatorCode.map { code in model.indicators.first { $0.code == code }?.label ?? code }
        return .li(.id("jalon-\(milestone.id)"), .class(overdue ? "milestone overdue" : "milestone status-\(milestone.status.rawValue)"),
            .h3(.text(milestone.title)),
            .p(.span(.class("badge status-\(milestone.status.rawValue)"), .text(milestone.status.label)),
               .if(overdue, .strong(.class("overdue-label"), " En souffrance : l'année est passée et le jalon n'est pas réalisé."))),
            .dl(.class("facts"),
                .dt("Qui en répond"), .dd(.text(milestone.owner)),
                .dt("Indicateur"), .dd(.text(indicator ?? "non précisé")),
                .dt("Cible"), .dd(.text(milestone.target ?? "non précisée")),
                .dt("Objectifs servis"), .dd(.text(objectives.isEmpty ? "aucun" : objectives.map { "\($0.code) — \($0.title)" }.joined(separator: " ; "))),
                .dt("Actions de plan"), .dd(.if(actions.isEmpty, .text("aucune"), else: .group(actions.enumerated().map { index, action in
                    .group([.if(index > 0, .text(" ; ")), .a(href: SiteURL.contractAction(key, .value(action.id)).path, .text("\(action.code) — \(action.title)"))])
                })))),
            .if(canEdit, .p(.a(href: SiteURL.contractMilestone(key, .value(milestone.id)).path, .text("Modifier ou changer l'état"),
                              .span(.class("visually-hidden"), .text(" du jalon « \(milestone.title) »"))))))
    }

    static func fields(_ model: Model, milestone: Milestone?) -> HTMLNode {
        let contract = model.detail.contract
        let state = model.form
        let planTitles = Dictionary(model.plans.map { ($0.plan.id, $0.plan.kind.shortCode) }, uniquingKeysWith: { first, _ in first })
        let objectives = milestone.map { Set($0.objectiveIDs.map(String.init)) } ?? model.checkedObjectives
        let actions = milestone.map { Set($0.actionIDs.map(String.init)) } ?? model.checkedActions
        return .group([
            ContractTools.field("year", label: "Année", state: state, value: milestone.map { String($0.year) }, type: "number",
                                hint: "Entre \(contract.startYear) et \(contract.endYear).", extra: [.attr("min", String(contract.startYear)), .attr("max", String(contract.endYear))]),
            ContractTools.field("title", label: "Ce qui doit être fait", state: state, value: milestone?.title),
            ContractTools.field("owner", label: "Qui en répond", state: state, value: milestone?.owner, hint: "Une organisation, un service ou une instance."),
            ContractTools.select("indicator", label: "Indicateur de l'observatoire", state: state,
                                 options: [(value: "", label: "— aucun —")] + model.indicators.map { (value: $0.code, label: "\($0.label) (\($0.code))") },
                                 selected: milestone?.indicatorCode ?? "", required: false),
            ContractTools.field("target", label: "Cible", state: state, value: milestone?.target, required: false, hint: "La valeur ou l'état à atteindre, par exemple « 30 % de cours végétalisées »."),
            ContractTools.select("status", label: "État", state: state, options: statusOptions(), selected: milestone?.status.rawValue ?? MilestoneStatus.planned.rawValue),
            ContractTools.checkboxes("objectives", legend: "Objectifs du contrat servis", state: state,
                                     options: model.detail.tree.flatMap(\.flattened).map { (value: String($0.id), label: "\($0.code) — \($0.title)") }, checked: objectives),
            ContractTools.checkboxes("actions", legend: "Actions de plan sur lesquelles il s'appuie", state: state,
                                     options: model.actions.map { (value: String($0.id), label: "\(planTitles[$0.planID] ?? "") \($0.code) — \($0.title)") }, checked: actions),
        ])
    }

    struct EditModel {
        var roadmap: Model
        var milestone: Milestone
    }

    static func edit(_ model: EditModel, context: PageContext) -> String {
        let contract = model.roadmap.detail.contract
        let key = Parameter<String>.value(contract.slug)
        let milestone = model.milestone
        return Layout.page(title: "Jalon — \(milestone.title)", section: .contracts, context: context,
            .p(.class("kicker"), .text(contract.name)),
            .h1(.text("Modifier le jalon « \(milestone.title) »")),
            ContractTools.nav(contract, current: .roadmap, context: context),
            .p(.a(href: SiteURL.contractRoadmap(key).path + "#jalon-\(milestone.id)", "← Retour à la feuille de route")),
            ContractTools.errorSummary(model.roadmap.form),
            Forms.post(SiteURL.contractMilestone(key, .value(milestone.id)).path, context: context,
                       fields(model.roadmap, milestone: model.roadmap.form.errors.isEmpty ? milestone : nil),
                       ContractTools.submit("Enregistrer le jalon")),
            .h2("Supprimer ce jalon"),
            ContractTools.button(SiteURL.contractMilestoneRemoval(key, .value(milestone.id)).path, label: "Supprimer le jalon", context: context)
        )
    }
}
