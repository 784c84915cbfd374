import PasserelleDomain

/// Editing the strategy tree and transversal axes; amendments; the history of changes.
enum StrategyPages {
    struct EditModel {
        var detail: ContractDetail
        var outline: StrategyOutline
        var axes: [TransversalAxisRecord]
        var openAmendment: Amendment?
        var nodeForm = ContractTools.FormState(prefix: "noeud-")
        var axisForm = ContractTools.FormState(prefix: "axe-")
        var notice: String?
    }

    static func edit(_ model: EditModel, context: PageContext) -> String {
        let contract = model.detail.contract
        let key = Parameter<String>.value(contract.slug)
        let outline = model.outline
        return Layout.page(title: "Arbre stratégique — \(contract.shortName)", section: .contracts, context: context,
            .p(.class("kicker"), .text(contract.name)),
            .h1("Modifier l'arbre stratégique"),
            ContractTools.nav(contract, current: .strategy, context: context),
            ContractTools.notice(model.notice),
            amendmentBanner(model.openAmendment, contract: contract),
            .p(.class("hint"), .text("Chaque modification (ajout, renommage, changement de code, déplacement, suppression) est inscrite à l'historique du contrat et au journal d'audit, avec l'état avant et après. Un nœud qu'utilisent des liens de la matrice, des jalons ou des lignes de moyens ne peut pas être supprimé.")),
            .section(.id("arbre"),
                .h2(.text("Arbre du contrat (\(ContractPage.treeCounts(model.detail.tree)))")),
                .if(outline.nodes.isEmpty, .p("L'arbre est vide : ajoutez un premier nœud ci-dessous."),
                    else: .ol(.class("tree"), .forEach(outline.children(of: nil)) { nodeItem($0, outline: outline, key: key) }))),
            .section(.id("ajout-noeud"),
                .h2("Ajouter un nœud"),
                ContractTools.errorSummary(model.nodeForm),
                Forms.post(SiteURL.contractNodes(key).path, context: context,
                    ContractTools.select("level", label: "Niveau", state: model.nodeForm,
                                         options: outline.levels.map { (value: $0.rawValue, label: outline.name(of: $0)) },
                                         selected: outline.levels.last?.rawValue),
                    ContractTools.select("parent", label: "Rattaché à", state: model.nodeForm,
                                         options: [(value: "", label: "— aucun : premier niveau de l'arbre —")] + parentOptions(outline, depths: Set(0..<max(outline.levels.count - 1, 0))),
                                         selected: "", required: false, hint: "Le nœud parent doit être du niveau juste au-dessus (une ambition sous un pilier, un objectif sous une ambition)."),
                    ContractTools.field("code", label: "Code", state: model.nodeForm, hint: "Unique dans le contrat, sans espace, par exemple P2.A6 ou P2.A3.O1."),
                    ContractTools.field("title", label: "Intitulé", state: model.nodeForm),
                    ContractTools.textarea("summary", label: "Présentation", state: model.nodeForm),
                    ContractTools.field("position", label: "Rang parmi ses voisins", state: model.nodeForm, type: "number", required: false,
                                        hint: "1 pour le placer en premier ; vide pour le placer en dernier.", extra: [.attr("min", "1")]),
                    ContractTools.submit("Ajouter le nœud"))),
            .section(.id("axes"),
                .h2("Axes transversaux"),
                .if(model.axes.isEmpty, .p("Aucun axe transversal."), else: .ol(.forEach(model.axes) { axis in
                    .li(.span(.class("node-code"), .text(axis.code)), " — ", .strong(.text(axis.title)), " ",
                        .a(href: SiteURL.contractAxis(key, .value(axis.id)).path, .text("Modifier"), .span(.class("visually-hidden"), .text(" l'axe \(axis.code)"))))
                })),
                .h3("Ajouter un axe transversal"),
                ContractTools.errorSummary(model.axisForm),
                Forms.post(SiteURL.contractAxes(key).path, context: context,
                    ContractTools.field("code", label: "Code", state: model.axisForm, hint: "Par exemple T3."),
                    ContractTools.field("title", label: "Intitulé", state: model.axisForm),
                    ContractTools.textarea("summary", label: "Présentation", state: model.axisForm),
                    ContractTools.field("position", label: "Rang", state: model.axisForm, type: "number", required: false, hint: "Vide pour le placer en dernier.", extra: [.attr("min", "1")]),
                    ContractTools.submit("Ajouter l'axe")))
        )
    }

    static func amendmentBanner(_ amendment: Amendment?, contract: Contract) -> HTMLNode {
        let key = Parameter<String>.value(contract.slug)
        guard let amendment else {
            return .p(.class("notice"), .text("Aucun avenant n'est ouvert : les changements seront enregistrés hors avenant. "),
                      .a(href: SiteURL.contractAmendments(key).path + "#ouvrir", "Ouvrir un avenant"))
        }
        return .p(.class("notice"), .strong(.text("Avenant n° \(amendment.number) ouvert")),
                  .text(" — « \(amendment.title) » (\(French.date(amendment.date))) : les changements faits maintenant lui sont rattachés. "),
                  .a(href: SiteURL.contractAmendment(key, .value(amendment.id)).path, "Voir l'avenant et le clore"))
    }

    static func nodeItem(_ node: StrategyNodeRecord, outline: StrategyOutline, key: Parameter<String>) -> HTMLNode {
        let children = outline.children(of: node.id)
        return .li(
            .span(.class("node-level"), .text(outline.name(of: node.level))), " ",
            .span(.class("node-code"), .text(node.code)), " — ",
            .strong(.text(node.title)), " ",
            .a(href: SiteURL.contractNode(key, .value(node.id)).path, .text("Modifier"), .span(.class("visually-hidden"), .text(" « \(node.code) »"))),
            .if(!children.isEmpty, .ol(.forEach(children) { nodeItem($0, outline: outline, key: key) })))
    }

    /// Nodes at the given depths, as options "P1 — Prévenir – repérer (Pilier stratégique)", in tree order.
    static func parentOptions(_ outline: StrategyOutline, depths: Set<Int>) -> [(value: String, label: String)] {
        outline.ordered.filter { depths.contains($0.depth) }.map {
            (value: String($0.id), label: String(repeating: "\u{00A0}\u{00A0}", count: $0.depth) + "\($0.code) — \($0.title) (\(outline.name(of: $0.level)))")
        }
    }

    // MARK: One node

    struct NodeModel {
        var detail: ContractDetail
        var outline: StrategyOutline
        var node: StrategyNodeRecord
        var form: ContractTools.FormState
        var conflict: String?
    }

    static func node(_ model: NodeModel, context: PageContext) -> String {
        let contract = model.detail.contract
        let key = Parameter<String>.value(contract.slug)
        let node = model.node
        let outline = model.outline
        let levelName = outline.name(of: node.level)
        let siblings = outline.children(of: node.parentID)
        return Layout.page(title: "\(node.code) — modifier", section: .contracts, context: context,
            .p(.class("kicker"), .text(contract.name)),
            .h1(.text("Modifier \(outline.name(of: node))")),
            ContractTools.nav(contract, current: .strategy, context: context),
            .p(.a(href: SiteURL.contractStrategy(key).path, "← Retour à l'arbre")),
            .unwrap(model.conflict) { .div(.class("error-summary"), .role("alert"), .attr("tabindex", "-1"), .h2("Suppression refusée"), .p(.text($0))) },
            ContractTools.errorSummary(model.form),
            Forms.post(SiteURL.contractNode(key, .value(node.id)).path, context: context,
                .input(.type("hidden"), .name("level"), .value(node.level.rawValue)),
                .p(.text("Niveau : \(levelName) (le niveau d'un nœud ne change pas ; ses sous-nœuds le suivent quand il est déplacé).")),
                .if(node.depth > 0,
                    ContractTools.select("parent", label: "Rattaché à", state: model.form, options: parentOptions(outline, depths: [node.depth - 1]),
                                         selected: node.parentID.map(String.init), hint: "Déplacer le nœud sous un autre nœud du niveau « \(outline.levels.indices.contains(node.depth - 1) ? outline.name(of: outline.levels[node.depth - 1]) : "") ».")),
                ContractTools.field("code", label: "Code", state: model.form, value: node.code, hint: "Unique dans le contrat, sans espace."),
                ContractTools.field("title", label: "Intitulé", state: model.form, value: node.title),
                ContractTools.textarea("summary", label: "Présentation", state: model.form, value: node.summary, rows: 4),
                ContractTools.field("position", label: "Rang parmi ses voisins", state: model.form, value: String(node.position + 1), type: "number",
                                    hint: "Entre 1 et \(max(siblings.count, 1)) sous le même parent ; en dernier si le nœud change de parent et que ce champ est vide.",
                                    extra: [.attr("min", "1")]),
                ContractTools.submit("Enregistrer les modifications")),
            .h2("Supprimer ce nœud"),
            .p(.text("Possible seulement si aucun sous-nœud, lien de la matrice, jalon ni ligne de moyens ne s'y rattache.")),
            ContractTools.button(SiteURL.contractNodeRemoval(key, .value(node.id)).path, label: "Supprimer « \(node.code) »", context: context)
        )
    }

    // MARK: One axis

    struct AxisModel {
        var detail: ContractDetail
        var axes: [TransversalAxisRecord]
        var axis: TransversalAxisRecord
        var form: ContractTools.FormState
    }

    static func axis(_ model: AxisModel, context: PageContext) -> String {
        let contract = model.detail.contract
        let key = Parameter<String>.value(contract.slug)
        let axis = model.axis
        return Layout.page(title: "Axe \(axis.code) — modifier", section: .contracts, context: context,
            .p(.class("kicker"), .text(contract.name)),
            .h1(.text("Modifier l'axe transversal « \(axis.code) »")),
            ContractTools.nav(contract, current: .strategy, context: context),
            .p(.a(href: SiteURL.contractStrategy(key).path + "#axes", "← Retour à l'arbre et aux axes")),
            ContractTools.errorSummary(model.form),
            Forms.post(SiteURL.contractAxis(key, .value(axis.id)).path, context: context,
                ContractTools.field("code", label: "Code", state: model.form, value: axis.code),
                ContractTools.field("title", label: "Intitulé", state: model.form, value: axis.title),
                ContractTools.textarea("summary", label: "Présentation", state: model.form, value: axis.summary, rows: 4),
                ContractTools.field("position", label: "Rang", state: model.form, value: String(axis.position + 1), type: "number",
                                    hint: "Entre 1 et \(model.axes.count).", extra: [.attr("min", "1")]),
                ContractTools.submit("Enregistrer les modifications")),
            .h2("Supprimer cet axe"),
            ContractTools.button(SiteURL.contractAxisRemoval(key, .value(axis.id)).path, label: "Supprimer l'axe « \(axis.code) »", context: context)
        )
    }

    // MARK: Amendments

    struct AmendmentsModel {
        var detail: ContractDetail
        var amendments: [Amendment]
        /// Changes per amendment id.
        var changeCounts: [Int: Int]
        var unattachedCount: Int
        var form = ContractTools.FormState(prefix: "avenant-")
        var notice: String?
        var nextNumber: Int
    }

    static func amendments(_ model: AmendmentsModel, context: PageContext) -> String {
        let contract = model.detail.contract
        let key = Parameter<String>.value(contract.slug)
        let canEdit = context.editsContract(contract.id)
        let open = model.amendments.first(where: \.isOpen)
        return Layout.page(title: "Avenants — \(contract.shortName)", section: .contracts, context: context,
            .p(.class("kicker"), .text(contract.name)),
            .h1("Avenants au contrat"),
            ContractTools.nav(contract, current: .amendments, context: context),
            ContractTools.notice(model.notice),
            .p(.text("Un avenant modifie le contrat. Tant qu'il est ouvert, chaque changement de l'arbre stratégique et des axes transversaux lui est rattaché ; sa page dit ce qui a changé et quand.")),
            .if(model.amendments.isEmpty, .p("Aucun avenant n'a été enregistré."), else: .table(.class("data"),
                .caption("Avenants du contrat"),
                .thead(.tr(.th(.scope("col"), "N°"), .th(.scope("col"), "Date"), .th(.scope("col"), "Objet"), .th(.scope("col"), "État"), .th(.scope("col"), .class("num"), "Changements"))),
                .tbody(.forEach(model.amendments) { amendment in
                    .tr(.td(.text(String(amendment.number))), .td(.time(datetime: amendment.date, .text(French.date(amendment.date)))),
                        .th(.scope("row"), .a(href: SiteURL.contractAmendment(key, .value(amendment.id)).path, .text(amendment.title))),
                        .td(.text(amendment.isOpen ? "ouvert" : "clos")), .td(.class("num"), .text(String(model.changeCounts[amendment.id] ?? 0))))
                }))),
            .p(.text("\(French.count(model.unattachedCount, "changement a été fait", "changements ont été faits")) hors avenant. "),
               .a(href: SiteURL.contractHistory(key).path, "Voir tout l'historique")),
            .if(canEdit && open == nil, .section(.id("ouvrir"),
                .h2("Ouvrir un avenant"),
                ContractTools.errorSummary(model.form),
                Forms.post(SiteURL.contractAmendments(key).path, context: context,
                    ContractTools.field("number", label: "Numéro", state: model.form, value: String(model.nextNumber), type: "number", extra: [.attr("min", "1")]),
                    ContractTools.field("date", label: "Date de l'avenant", state: model.form, type: "date", hint: "Date de la délibération ou de la signature, au format AAAA-MM-JJ."),
                    ContractTools.field("title", label: "Objet", state: model.form, hint: "Par exemple « Clause de revoyure 2027 »."),
                    ContractTools.textarea("summary", label: "Résumé", state: model.form),
                    ContractTools.submit("Ouvrir l'avenant")))),
            .if(canEdit && open != nil, .p(.class("hint"), .text("Pour ouvrir un nouvel avenant, clôturez d'abord l'avenant en cours.")))
        )
    }

    struct AmendmentModel {
        var detail: ContractDetail
        var amendment: Amendment
        var changes: [StrategyChange]
        var showsAuthors: Bool
        var notice: String?
    }

    static func amendment(_ model: AmendmentModel, context: PageContext) -> String {
        let contract = model.detail.contract
        let key = Parameter<String>.value(contract.slug)
        let amendment = model.amendment
        return Layout.page(title: "Avenant n° \(amendment.number) — \(contract.shortName)", section: .contracts, context: context,
            .p(.class("kicker"), .text(contract.name)),
            .h1(.text("Avenant n° \(amendment.number) : \(amendment.title)")),
            ContractTools.nav(contract, current: .amendments, context: context),
            ContractTools.notice(model.notice),
            .dl(.class("facts"),
                .dt("Date"), .dd(.time(datetime: amendment.date, .text(French.date(amendment.date)))),
                .dt("État"), .dd(.text(amendment.isOpen ? "ouvert depuis le \(French.date(String(amendment.openedAt.prefix(10))))"
                                                        : "clos le \(French.date(String(amendment.closedAt!.prefix(10))))")),
                .dt("Changements"), .dd(.text(String(model.changes.count)))),
            .unwrap(amendment.summary) { .p(.class("lead"), .text($0)) },
            .if(amendment.isOpen && context.editsContract(contract.id),
                .group([.p(.text("Les changements faits à l'arbre et aux axes sont rattachés à cet avenant tant qu'il est ouvert.")),
                        ContractTools.button(SiteURL.contractAmendmentClosure(key, .value(amendment.id)).path, label: "Clore l'avenant", context: context, secondary: false)])),
            .h2("Ce qui a changé"),
            changesTable(model.changes, amendments: [amendment], showsAuthors: model.showsAuthors, showsAmendment: false, contract: contract)
        )
    }

    // MARK: History

    struct HistoryModel {
        var detail: ContractDetail
        var changes: [StrategyChange]
        var amendments: [Amendment]
        var showsAuthors: Bool
    }

    static func history(_ model: HistoryModel, context: PageContext) -> String {
        let contract = model.detail.contract
        return Layout.page(title: "Historique — \(contract.shortName)", section: .contracts, context: context,
            .p(.class("kicker"), .text(contract.name)),
            .h1("Historique de l'arbre stratégique et des axes"),
            ContractTools.nav(contract, current: .history, context: context),
            .p(.text("Chaque ajout, modification ou suppression d'un nœud de l'arbre ou d'un axe transversal, du plus récent au plus ancien, avec l'avenant auquel il est rattaché."
                     + (model.showsAuthors ? "" : " Les auteurs des changements sont visibles de l'équipe du contrat."))),
            changesTable(model.changes, amendments: model.amendments, showsAuthors: model.showsAuthors, showsAmendment: true, contract: contract)
        )
    }

    static func changesTable(_ changes: [StrategyChange], amendments: [Amendment], showsAuthors: Bool, showsAmendment: Bool, contract: Contract) -> HTMLNode {
        let key = Parameter<String>.value(contract.slug)
        guard !changes.isEmpty else { return .p("Aucun changement enregistré.") }
        return .table(.class("data"),
            .caption("Changements, les plus récents d'abord"),
            .thead(.tr(.th(.scope("col"), "Date"), .th(.scope("col"), "Changement"),
                       .if(showsAmendment, .th(.scope("col"), "Avenant")), .if(showsAuthors, .th(.scope("col"), "Par")))),
            .tbody(.forEach(changes) { change in
                let amendment = change.amendmentID.flatMap { id in amendments.first { $0.id == id } }
                return .tr(
                    .td(.time(datetime: change.occurredAt, .text(French.date(String(change.occurredAt.prefix(10)))))),
                    .td(.text(change.description)),
                    .if(showsAmendment, .td(.unwrap(amendment, { .a(href: SiteURL.contractAmendment(key, .value($0.id)).path, .text("n° \($0.number)")) }, else: .text("hors avenant")))),
                    .if(showsAuthors, .td(.text(change.actorLabel))))
            }))
    }
}
