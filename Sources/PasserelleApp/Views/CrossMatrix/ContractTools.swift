import PasserelleDomain

extension PageContext {
    /// Whether the person looking at the page holds this permission on the contract.
    func may(_ permission: Permission, contractID: Int) -> Bool {
        AccessPolicy.decide(permission, principal: account?.principal, contractID: contractID) == .allowed
    }

    /// Contract team or administrator: may edit the tree, plans, links and roadmap.
    func editsContract(_ contractID: Int) -> Bool { may(.contract([.contractTeam]), contractID: contractID) }
}

/// The small navigation block linking the working pages of a contract, and form helpers whose
/// field ids carry a prefix, so several forms can share one page.
enum ContractTools {
    enum Tab { case contract, portrait, map, vulnerability, coolPlaces, matrix, plans, roadmap, commitments, programming, dashboard, amendments, history, strategy }

    static func nav(_ contract: Contract, current: Tab?, context: PageContext) -> HTMLNode {
        let key = Parameter<String>.value(contract.slug)
        var items: [(Tab, String, String)] = [
            (.contract, "Le contrat", SiteURL.contract(key).path),
            (.portrait, "Portrait", SiteURL.contractPortrait(key).path),
            (.map, "Carte", SiteURL.contractMap(key).path),
            (.vulnerability, "Vulnérabilités", SiteURL.contractVulnerability(key).path),
            (.coolPlaces, "Lieux frais", SiteURL.contractCoolPlaces(key).path),
            (.matrix, "Matrice de croisement", SiteURL.contractMatrix(key).path),
            (.plans, "Plans du territoire", SiteURL.contractPlans(key).path),
            (.roadmap, "Feuille de route 2030", SiteURL.contractRoadmap(key).path),
            (.commitments, "Engagements des signataires", SiteURL.contractCommitments(key).path),
            (.programming, "Programmation", SiteURL.contractProgramming(key).path),
            (.dashboard, "Tableau de bord du comité", SiteURL.contractDashboard(key).path),
            (.amendments, "Avenants", SiteURL.contractAmendments(key).path),
            (.history, "Historique", SiteURL.contractHistory(key).path),
        ]
        if context.editsContract(contract.id) { items.append((.strategy, "Modifier l'arbre stratégique", SiteURL.contractStrategy(key).path)) }
        return .nav(.class("contract-tools"), .ariaLabel("Pages de travail du contrat"),
            .ul(.forEach(items) { tab, label, href in
                .li(.a(href: href, .if(tab == current, .ariaCurrent("page")), .text(label)))
            }))
    }

    /// The notice shown on every working page of a demonstration contract.
    static func demoNotice(_ contract: Contract) -> HTMLNode {
        .if(contract.isDemo, Layout.demoNotice("Ce contrat est chargé pour la démonstration. Les plans, actions, liens, jalons, engagements et moyens affichés ici sont des exemples rédigés pour montrer l'outil : seuls les faits dont la source est citée sont réels."))
    }

    /// One form's fields: their id prefix, the values to show and the errors to attach.
    struct FormState: Sendable {
        var prefix: String
        var values: [String: String] = [:]
        var errors: [FieldError] = []

        init(prefix: String, values: [String: String] = [:], errors: [FieldError] = []) {
            self.prefix = prefix
            self.values = values
            self.errors = errors
        }

        func value(_ name: String, _ fallback: String? = nil) -> String { values[name] ?? fallback ?? "" }
    }

    static func errorSummary(_ state: FormState) -> HTMLNode {
        guard !state.errors.isEmpty else { return .empty }
        return .div(.class("error-summary"), .role("alert"), .attr("tabindex", "-1"),
            .h2(.text(state.errors.count == 1 ? "Le formulaire contient une erreur" : "Le formulaire contient \(state.errors.count) erreurs")),
            .ul(.forEach(state.errors) { .li(.a(href: "#" + state.prefix + $0.field, .text($0.message))) }))
    }

    private static func described(_ name: String, hint: String?, error: FieldError?, state: FormState) -> String? {
        let ids = [hint.map { _ in state.prefix + name + "-aide" }, error.map { _ in state.prefix + name + "-erreur" }].compactMap { $0 }
        return ids.isEmpty ? nil : ids.joined(separator: " ")
    }

    private static func label(_ id: String, _ text: String, required: Bool) -> HTMLNode {
        .label(.for(id), .text(text), .if(!required, .span(.class("optional"), " (facultatif)")))
    }

    private static func messages(_ name: String, hint: String?, error: FieldError?, state: FormState) -> HTMLNode {
        .group([
            .unwrap(hint) { .p(.id(state.prefix + name + "-aide"), .class("hint"), .text($0)) },
            .unwrap(error) { .p(.id(state.prefix + name + "-erreur"), .class("field-error"), .text($0.message)) },
        ])
    }

    static func field(_ name: String, label text: String, state: FormState, value: String? = nil, type: String = "text", required: Bool = true,
                      hint: String? = nil, extra: [HTMLNode] = []) -> HTMLNode {
        let id = state.prefix + name
        let error = state.errors.first { $0.field == name }
        return .div(.class(error == nil ? "field" : "field has-error"),
            label(id, text, required: required),
            messages(name, hint: hint, error: error, state: state),
            .input(.type(type), .id(id), .name(name), .value(state.values[name] ?? value ?? ""), .if(required, .required()),
                   .attr("aria-describedby", described(name, hint: hint, error: error, state: state)),
                   .attr("aria-invalid", error == nil ? nil : "true"), .group(extra)))
    }

    static func textarea(_ name: String, label text: String, state: FormState, value: String? = nil, required: Bool = false, hint: String? = nil, rows: Int = 3) -> HTMLNode {
        let id = state.prefix + name
        let error = state.errors.first { $0.field == name }
        return .div(.class(error == nil ? "field" : "field has-error"),
            label(id, text, required: required),
            messages(name, hint: hint, error: error, state: state),
            .textarea(.id(id), .name(name), .attr("rows", String(rows)), .if(required, .required()),
                      .attr("aria-describedby", described(name, hint: hint, error: error, state: state)),
                      .attr("aria-invalid", error == nil ? nil : "true"), .text(state.values[name] ?? value ?? "")))
    }

    static func select(_ name: String, label text: String, state: FormState, options: [(value: String, label: String)], selected: String?,
                       required: Bool = true, hint: String? = nil) -> HTMLNode {
        let id = state.prefix + name
        let error = state.errors.first { $0.field == name }
        let chosen = state.values[name] ?? selected
        return .div(.class(error == nil ? "field" : "field has-error"),
            label(id, text, required: required),
            messages(name, hint: hint, error: error, state: state),
            .select(.id(id), .name(name), .attr("aria-describedby", described(name, hint: hint, error: error, state: state)),
                    .attr("aria-invalid", error == nil ? nil : "true"),
                    .forEach(options) { option in .option(.value(option.value), .selected(option.value == chosen), .text(option.label)) }))
    }

    /// A group of checkboxes sending `name[]`; `name` is also the error field and the fieldset id.
    static func checkboxes(_ name: String, legend: String, state: FormState, options: [(value: String, label: String)], checked: Set<String>, hint: String? = nil) -> HTMLNode {
        let error = state.errors.first { $0.field == name }
        return .fieldset(.id(state.prefix + name), .class(error == nil ? "checkboxes" : "checkboxes has-error"),
            .attr("aria-describedby", described(name, hint: hint, error: error, state: state)),
            .legend(.text(legend)),
            messages(name, hint: hint, error: error, state: state),
            .forEach(options.enumerated()) { index, option in
                let id = "\(state.prefix)\(name)-\(index)"
                return .div(.class("choice"),
                    .input(.type("checkbox"), .id(id), .name(name + "[]"), .value(option.value), .attr("checked", checked.contains(option.value) ? "" : nil)),
                    .label(.for(id), .text(option.label)))
            })
    }

    static func submit(_ label: String, secondary: Bool = false) -> HTMLNode {
        .button(.type("submit"), .if(secondary, .class("secondary")), .text(label))
    }

    /// A one-button POST form (remove, close…).
    static func button(_ action: String, label: String, context: PageContext, secondary: Bool = true) -> HTMLNode {
        .form(.method("post"), .action(action), .class("inline"), context.csrfField, submit(label, secondary: secondary))
    }

    /// The notice after a successful change, from the `fait` query parameter a redirect carries.
    static func notice(_ code: String?) -> HTMLNode {
        .unwrap(code.flatMap { notices[$0] }) { .p(.class("notice success"), .role("status"), .text($0)) }
    }

    static let notices: [String: String] = [
        "noeud-ajoute": "Le nœud a été ajouté à l'arbre.",
        "noeud-modifie": "Le nœud a été modifié.",
        "noeud-supprime": "Le nœud a été supprimé.",
        "axe-ajoute": "L'axe transversal a été ajouté.",
        "axe-modifie": "L'axe transversal a été modifié.",
        "axe-supprime": "L'axe transversal a été supprimé.",
        "inchange": "Aucun changement : les valeurs envoyées étaient déjà celles enregistrées.",
        "avenant-ouvert": "L'avenant est ouvert : les changements de l'arbre et des axes lui seront rattachés jusqu'à sa clôture.",
        "avenant-clos": "L'avenant est clos.",
        "plan-ajoute": "Le plan a été ajouté.",
        "plan-modifie": "Le plan a été modifié.",
        "plan-supprime": "Le plan et ses actions ont été supprimés.",
        "action-ajoutee": "L'action a été ajoutée au plan.",
        "action-modifiee": "L'action a été modifiée.",
        "action-supprimee": "L'action a été supprimée.",
        "lien-ajoute": "Le lien a été enregistré.",
        "lien-supprime": "Le lien a été supprimé.",
        "jalon-ajoute": "Le jalon a été ajouté à la feuille de route.",
        "jalon-modifie": "Le jalon a été modifié.",
        "jalon-supprime": "Le jalon a été supprimé.",
        "engagements-enregistres": "Les engagements ont été enregistrés.",
        "moyens-ajoutes": "La ligne de moyens a été ajoutée.",
        "moyens-supprimes": "La ligne de moyens a été supprimée.",
    ]

    /// Euros on pages: "1 250 000 €".
    static func euros(_ value: Double) -> String {
        FrenchFormat.decimal(value, digits: value == value.rounded() ? 0 : 2) + "\u{00A0}€"
    }

    /// "12 %" from a share between 0 and 1.
    static func percent(_ share: Double) -> String {
        FrenchFormat.decimal(share * 100, digits: 0) + "\u{00A0}%"
    }
}
