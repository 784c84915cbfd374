import PasserelleDomain

/// Territorial plans of a contract, their actions, and the links of an action.
enum PlanPages {
    static func kindOptions() -> [(value: String, label: String)] {
        PlanKind.allCases.map { (value: $0.rawValue, label: "\($0.shortCode) — \($0.label)") }
    }

    static func themeOptions(empty: String = "— non précisé —") -> [(value: String, label: String)] {
        [(value: "", label: empty)] + TransitionTheme.allCases.map { (value: $0.rawValue, label: $0.label) }
    }

    static func period(_ plan: TerritorialPlan) -> String { "\(plan.startYear)–\(plan.endYear)" }

    static func demoBadge(_ plan: StoredPlan) -> HTMLNode {
        .if(plan.isDemo, .span(.class("badge demo"), "échantillon de démonstration"))
    }

    // MARK: List

    struct ListModel {
        var detail: ContractDetail
        var plans: [StoredPlan]
        var actionCounts: [Int: Int]
        var linkedCounts: [Int: Int]
        var form = ContractTools.FormState(prefix: "plan-")
        var notice: String?
    }

    static func list(_ model: ListModel, context: PageContext) -> String {
        let contract = model.detail.contract
        let key = Parameter<String>.value(contract.slug)
        return Layout.page(title: "Plans du territoire — \(contract.shortName)", section: .contracts, context: context,
            .p(.class("kicker"), .text(contract.name)),
            .h1("Plans du territoire croisés avec le contrat"),
            ContractTools.nav(contract, current: .plans, context: context),
            ContractTools.demoNotice(contract),
            ContractTools.notice(model.notice),
            .p(.text("Plan climat-air-énergie, projet alimentaire, programme de l'habitat, plan de mobilité, contrat de transition écologique, feuille de route de la COP régionale, plan santé-environnement, convention de renouvellement urbain : chaque plan, avec son porteur, sa période et ses actions, dont les liens avec les objectifs du contrat nourrissent la matrice.")),
            .if(model.plans.isEmpty, .p("Aucun plan n'est encore enregistré pour ce contrat."), else: .table(.class("data"),
                .caption("Plans croisés avec le contrat"),
                .thead(.tr(.th(.scope("col"), "Type"), .th(.scope("col"), "Plan"), .th(.scope("col"), "Porteur"), .th(.scope("col"), "Période"),
                           .th(.scope("col"), .class("num"), "Actions"), .th(.scope("col"), .class("num"), "Actions reliées au contrat"))),
                .tbody(.forEach(model.plans) { stored in
                    .tr(.td(.abbr(title: stored.plan.kind.label, .text(stored.plan.kind.shortCode))),
                        .th(.scope("row"), .a(href: SiteURL.contractPlan(key, .value(stored.plan.id)).path, .text(stored.plan.title)), " ", demoBadge(stored)),
                        .td(.text(stored.plan.owner)), .td(.text(period(stored.plan))),
                        .td(.class("num"), .text(String(model.actionCounts[stored.plan.id] ?? 0))),
                        .td(.class("num"), .text(String(model.linkedCounts[stored.plan.id] ?? 0))))
                }))),
            .if(context.editsContract(contract.id), .section(.id("ajout-plan"),
                .h2("Ajouter un plan"),
                ContractTools.errorSummary(model.form),
                Forms.post(SiteURL.contractPlans(key).path, context: context,
                    ContractTools.select("kind", label: "Type de plan", state: model.form, options: kindOptions(), selected: PlanKind.pcaet.rawValue),
                    ContractTools.field("title", label: "Intitulé", state: model.form, hint: "Par exemple « PCAET de la CALL 2025-2031 »."),
                    ContractTools.field("owner", label: "Porteur", state: model.form, hint: "L'organisation qui porte le plan (EPCI, syndicat mixte, Région…)."),
                    .div(.class("inline-fields"),
                        ContractTools.field("startYear", label: "Première année", state: model.form, type: "number", extra: [.attr("min", "1990"), .attr("max", "2100")]),
                        ContractTools.field("endYear", label: "Dernière année", state: model.form, type: "number", extra: [.attr("min", "1990"), .attr("max", "2100")])),
                    ContractTools.textarea("summary", label: "Présentation", state: model.form, hint: "Axes du plan, nombre d'actions, partenaires…"),
                    ContractTools.submit("Ajouter le plan"))))
        )
    }

    // MARK: One plan

    struct PlanModel {
        var detail: ContractDetail
        var plan: StoredPlan
        var actions: [PlanAction]
        /// Links per action id.
        var links: [Int: [StoredLink]]
        var actionForm = ContractTools.FormState(prefix: "action-")
        var importErrors: [FieldError] = []
        var importOutcome: PlanActionImportOutcome?
        var conflict: String?
        var notice: String?
    }

    static func plan(_ model: PlanModel, context: PageContext) -> String {
        let contract = model.detail.contract
        let key = Parameter<String>.value(contract.slug)
        let stored = model.plan
        let plan = stored.plan
        let canEdit = context.editsContract(contract.id)
        let importState = ContractTools.FormState(prefix: "import-", errors: model.importErrors)
        return Layout.page(title: "\(plan.title) — \(contract.shortName)", section: .contracts, context: context,
            .p(.class("kicker"), .text("\(plan.kind.label) · \(contract.shortName)")),
            .h1(.text(plan.title), " ", demoBadge(stored)),
            ContractTools.nav(contract, current: .plans, context: context),
            ContractTools.demoNotice(contract),
            ContractTools.notice(model.notice),
            .unwrap(model.conflict) { .div(.class("error-summary"), .role("alert"), .attr("tabindex", "-1"), .h2("Suppression refusée"), .p(.text($0))) },
            .dl(.class("facts"),
                .dt("Type"), .dd(.text("\(plan.kind.shortCode) — \(plan.kind.label)")),
                .dt("Porteur"), .dd(.text(plan.owner)),
                .dt("Période"), .dd(.text(period(plan))),
                .dt("Actions enregistrées"), .dd(.text(String(model.actions.count)))),
            .unwrap(stored.summary) { .p(.class("lead"), .text($0)) },
            .unwrap(stored.source) { .p(.class("source"), .small(.text("Source : \($0)"))) },
            .p(.a(href: SiteURL.contractMatrix(key).path(query: ["plan": String(plan.id)]), "Voir ce plan dans la matrice, action par action"),
               .if(canEdit, .group([" · ", .a(href: SiteURL.contractPlanEdit(key, .value(plan.id)).path, "Modifier le plan")]))),
            .h2("Actions du plan"),
            .if(model.actions.isEmpty, .p("Aucune action enregistrée."), else: .table(.class("data"),
                .caption(.text("Actions de « \(plan.title) »")),
                .thead(.tr(.th(.scope("col"), "Code"), .th(.scope("col"), "Action"), .th(.scope("col"), "Thème"), .th(.scope("col"), .class("num"), "Budget"),
                           .th(.scope("col"), "Périmètre"), .th(.scope("col"), "Liens avec le contrat"))),
                .tbody(.forEach(model.actions) { action in
                    let links = model.links[action.id] ?? []
                    return .tr(.td(.code(.text(action.code))),
                        .th(.scope("row"), .a(href: SiteURL.contractAction(key, .value(action.id)).path, .text(action.title))),
                        .td(.text(action.theme?.shortLabel ?? "—")),
                        .td(.class("num"), .text(action.budget.map(ContractTools.euros) ?? "non connu")),
                        .td(.text(action.perimeter.label)),
                        .td(.text(links.isEmpty ? "aucun" : LinkKind.allCases.compactMap { kind in
                            let count = links.filter { $0.link.kind == kind }.count
                            return count == 0 ? nil : "\(count) « \(kind.label) »"
                        }.joined(separator: ", "))))
                }))),
            .if(canEdit, .group([
                .section(.id("ajout-action"),
                    .h2("Ajouter une action"),
                    ContractTools.errorSummary(model.actionForm),
                    Forms.post(SiteURL.contractPlanActions(key, .value(plan.id)).path, context: context, actionFields(model.actionForm, action: nil),
                               ContractTools.submit("Ajouter l'action"))),
                .section(.id("import"),
                    .h2("Importer les actions d'un fichier CSV"),
                    .p(.text("Colonnes reconnues (en-tête sans accents ni majuscules exigés) : code et titre (obligatoires), thème, budget, cible, périmètre. Le fichier est entièrement vérifié avant d'écrire quoi que ce soit : à la moindre erreur, rien n'est enregistré et chaque problème est listé avec sa ligne. Une action dont le code existe déjà dans le plan est mise à jour, jamais dupliquée ; les actions absentes du fichier sont conservées.")),
                    .unwrap(model.importOutcome) { importReport($0) },
                    ContractTools.errorSummary(importState),
                    .form(.method("post"), .action(SiteURL.contractPlanImport(key, .value(plan.id)).path), .attr("enctype", "multipart/form-data"), .attr("novalidate", ""),
                        context.csrfField,
                        .div(.class(importState.errors.isEmpty ? "field" : "field has-error"),
                            .label(.for("import-fichier"), "Fichier CSV des actions"),
                            .p(.id("import-fichier-aide"), .class("hint"), "Séparateur virgule, point-virgule ou tabulation ; UTF-8 ou Windows-1252 ; 5 Mo au plus."),
                            .input(.type("file"), .id("import-fichier"), .name("fichier"), .attr("accept", ".csv,.txt,.tsv,text/csv"), .required(),
                                   .attr("aria-describedby", "import-fichier-aide"))),
                        ContractTools.submit("Importer les actions"))),
            ]))
        )
    }

    static func actionFields(_ state: ContractTools.FormState, action: PlanAction?) -> HTMLNode {
        .group([
            ContractTools.field("code", label: "Code de l'action", state: state, value: action?.code, hint: "La numérotation du plan, unique dans le plan (par exemple 3.2 ou AXE2-A4)."),
            ContractTools.field("title", label: "Intitulé", state: state, value: action?.title),
            ContractTools.select("theme", label: "Thème de transition", state: state, options: themeOptions(), selected: action?.theme?.rawValue ?? "", required: false),
            ContractTools.field("budget", label: "Budget (€)", state: state, value: action?.budget.map { FrenchFormat.decimal($0, digits: 2, dropZeroFraction: true) },
                                required: false, hint: "Vide s'il n'est pas connu ; par exemple « 1 250 000 »."),
            ContractTools.field("target", label: "Cible", state: state, value: action?.target, required: false, hint: "Public ou résultat visé, tel que le plan le formule."),
            ContractTools.field("perimeter", label: "Périmètre", state: state, value: action?.perimeter.text ?? "tout le territoire", required: false,
                                hint: "« tout le territoire », « hors QPV », « non précisé » ou les codes des QPV concernés séparés par des virgules (par exemple QN06224M, QN06228M)."),
        ])
    }

    static func importReport(_ outcome: PlanActionImportOutcome) -> HTMLNode {
        .div(.class(outcome.rejected ? "report report-rejected" : "report"), .role(outcome.rejected ? "alert" : "status"),
            .h3(.text(outcome.summary)),
            .if(outcome.rejected, .table(.class("data"),
                .caption("Problèmes du fichier, ligne par ligne"),
                .thead(.tr(.th(.scope("col"), .class("num"), "Ligne"), .th(.scope("col"), "Colonne"), .th(.scope("col"), "Problème"))),
                .tbody(.forEach(outcome.report.problems) { problem in
                    .tr(.td(.class("num"), .text(String(problem.line))), .td(.text(problem.column ?? "—")), .td(.text(problem.message)))
                }))),
            .if(!outcome.created.isEmpty, .p(.text("Créées : " + outcome.created.joined(separator: ", ")))),
            .if(!outcome.updated.isEmpty, .p(.text("Mises à jour : " + outcome.updated.joined(separator: ", ")))),
            .if(!outcome.kept.isEmpty, .p(.text("Absentes du fichier, conservées : " + outcome.kept.joined(separator: ", ")))),
            .if(!outcome.report.ignoredColumns.isEmpty, .p(.text("Colonnes ignorées : " + outcome.report.ignoredColumns.joined(separator: ", ")))))
    }

    // MARK: Plan form page

    struct PlanEditModel {
        var detail: ContractDetail
        var plan: StoredPlan
        var form: ContractTools.FormState
    }

    static func planEdit(_ model: PlanEditModel, context: PageContext) -> String {
        let contract = model.detail.contract
        let key = Parameter<String>.value(contract.slug)
        let plan = model.plan.plan
        return Layout.page(title: "Modifier — \(plan.title)", section: .contracts, context: context,
            .p(.class("kicker"), .text(contract.name)),
            .h1(.text("Modifier le plan « \(plan.title) »")),
            ContractTools.nav(contract, current: .plans, context: context),
            .p(.a(href: SiteURL.contractPlan(key, .value(plan.id)).path, "← Retour au plan")),
            ContractTools.errorSummary(model.form),
            Forms.post(SiteURL.contractPlan(key, .value(plan.id)).path, context: context,
                ContractTools.select("kind", label: "Type de plan", state: model.form, options: kindOptions(), selected: plan.kind.rawValue),
                ContractTools.field("title", label: "Intitulé", state: model.form, value: plan.title),
                ContractTools.field("owner", label: "Porteur", state: model.form, value: plan.owner),
                .div(.class("inline-fields"),
                    ContractTools.field("startYear", label: "Première année", state: model.form, value: String(plan.startYear), type: "number"),
                    ContractTools.field("endYear", label: "Dernière année", state: model.form, value: String(plan.endYear), type: "number")),
                ContractTools.textarea("summary", label: "Présentation", state: model.form, value: model.plan.summary, rows: 5),
                ContractTools.submit("Enregistrer les modifications")),
            .h2("Supprimer ce plan"),
            .p(.text("Le plan est supprimé avec ses actions, sauf si un lien de la matrice ou un jalon utilise l'une d'elles.")),
            ContractTools.button(SiteURL.contractPlanRemoval(key, .value(plan.id)).path, label: "Supprimer le plan", context: context)
        )
    }

    // MARK: One action

    struct ActionModel {
        var detail: ContractDetail
        var plan: StoredPlan
        var action: PlanAction
        var links: [StoredLink]
        var actionForm = ContractTools.FormState(prefix: "modif-")
        var linkForm = ContractTools.FormState(prefix: "lien-")
        var linkQPV: Set<String> = []
        var conflict: String?
        var notice: String?
    }

    static func action(_ model: ActionModel, context: PageContext) -> String {
        let contract = model.detail.contract
        let key = Parameter<String>.value(contract.slug)
        let action = model.action
        let plan = model.plan.plan
        let canEdit = context.editsContract(contract.id)
        let nodes = model.detail.tree.flatMap(\.flattened)
        let rows = Set(MatrixObjective.rows(tree: model.detail.tree).map(\.id))
        return Layout.page(title: "\(action.code) — \(plan.title)", section: .contracts, context: context,
            .p(.class("kicker"), .a(href: SiteURL.contractPlan(key, .value(plan.id)).path, .text(plan.title)), " ", demoBadge(model.plan)),
            .h1(.text("Action \(action.code) : \(action.title)")),
            ContractTools.nav(contract, current: .plans, context: context),
            ContractTools.demoNotice(contract),
            ContractTools.notice(model.notice),
            .unwrap(model.conflict) { .div(.class("error-summary"), .role("alert"), .attr("tabindex", "-1"), .h2("Suppression refusée"), .p(.text($0))) },
            .dl(.class("facts"),
                .dt("Thème"), .dd(.text(action.theme?.label ?? "non précisé")),
                .dt("Budget"), .dd(.text(action.budget.map(ContractTools.euros) ?? "non connu")),
                .dt("Cible"), .dd(.text(action.target ?? "non précisée")),
                .dt("Périmètre"), .dd(.text(action.perimeter.label))),
            .h2("Liens avec les objectifs du contrat"),
            .if(model.links.isEmpty, .p("Cette action n'est reliée à aucun objectif du contrat."), else: .table(.class("data"),
                .caption("Liens de l'action avec le contrat"),
                .thead(.tr(.th(.scope("col"), "Objectif"), .th(.scope("col"), "Nature"), .th(.scope("col"), "QPV"), .th(.scope("col"), "Note"),
                           .th(.scope("col"), "Affirmé par"), .if(canEdit, .th(.scope("col"), .span(.class("visually-hidden"), "Retirer"))))),
                .tbody(.forEach(model.links) { stored in
                    let node = nodes.first { $0.id == stored.link.objectiveID }
                    return .tr(
                        .th(.scope("row"), .text(node.map { "\($0.code) — \($0.title)" } ?? "nœud n° \(stored.link.objectiveID)")),
                        .td(.span(.class("link-kind \(stored.link.kind.rawValue)"), .text(stored.link.kind.label))),
                        .td(.text(stored.link.qpv.isEmpty ? "selon le périmètre de l'action" : stored.link.qpv.map(\.code).joined(separator: ", "))),
                        .td(.text(stored.link.note ?? "—")),
                        .td(.text(stored.link.assertedBy), " ", .small(.text("(\(French.date(String(stored.createdAt.prefix(10)))))"))),
                        .if(canEdit, .td(ContractTools.button(SiteURL.contractLinkRemoval(key, .value(stored.id)).path, label: "Retirer ce lien", context: context))))
                }))),
            .if(canEdit, .group([
                .section(.id("ajout-lien"),
                    .h2("Relier cette action à un objectif"),
                    ContractTools.errorSummary(model.linkForm),
                    Forms.post(SiteURL.contractLinks(key).path, context: context,
                        .input(.type("hidden"), .name("action"), .value(String(action.id))),
                        ContractTools.select("objective", label: "Objectif du contrat", state: model.linkForm,
                            options: [(value: "", label: "— choisir —")] + nodes.map { node in
                                (value: String(node.id), label: "\(node.code) — \(node.title)" + (rows.contains(node.id) ? "" : " (\(node.levelName.lowercased()), en-tête de la matrice)"))
                            }, selected: "",
                            hint: "Les lignes de la matrice sont les nœuds sans sous-nœud ; un lien à un en-tête (pilier ou ambition qui a des objectifs) ne couvre aucune ligne."),
                        .fieldset(.id("lien-kind"), .legend("Nature du lien"),
                            .forEach(LinkKind.allCases) { kind in
                                .div(.class("choice"),
                                    .input(.type("radio"), .id("lien-kind-\(kind.rawValue)"), .name("kind"), .value(kind.rawValue),
                                           .attr("checked", (model.linkForm.values["kind"] ?? LinkKind.contributes.rawValue) == kind.rawValue ? "" : nil)),
                                    .label(.for("lien-kind-\(kind.rawValue)"), .text(kind.label)))
                            }),
                        ContractTools.checkboxes("qpv", legend: "Restreindre le lien à certains QPV (facultatif)", state: model.linkForm,
                            options: model.detail.qpv.map { (value: $0.code, label: "\($0.code) — \($0.name)") }, checked: model.linkQPV,
                            hint: "Sans QPV coché, le lien vaut là où l'action s'applique selon son périmètre."),
                        ContractTools.textarea("note", label: "Note", state: model.linkForm, hint: "Pourquoi : l'argument à mettre en débat, obligatoire pour une contradiction."),
                        ContractTools.submit("Enregistrer le lien"))),
                .section(.id("modifier"),
                    .h2("Modifier l'action"),
                    ContractTools.errorSummary(model.actionForm),
                    Forms.post(SiteURL.contractAction(key, .value(action.id)).path, context: context, actionFields(model.actionForm, action: action),
                               ContractTools.submit("Enregistrer les modifications")),
                    .h3("Supprimer l'action"),
                    .p(.text("Possible seulement si aucun lien ni jalon ne l'utilise.")),
                    ContractTools.button(SiteURL.contractActionRemoval(key, .value(action.id)).path, label: "Supprimer l'action « \(action.code) »", context: context)),
            ]))
        )
    }
}
