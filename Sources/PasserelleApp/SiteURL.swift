import Foundation
import PasserelleDomain
import Vapor

/// A path parameter: `.key` when registering a route, `.value(x)` when building a link.
enum Parameter<Value: LosslessStringConvertible & Sendable>: Sendable {
    case key
    case value(Value)
}

/// Every address of Passerelle, in one place: routes are registered from it and links are built
/// from it, so a link can never point to a route that does not exist.
enum SiteURL: Sendable {
    case home
    case search
    case territory(Parameter<String>)
    case contracts
    case contract(Parameter<String>)
    case health
    case stylesheet
    case signIn
    case signOut
    case signUp
    case verifyEmail
    case passwordForgotten
    case passwordReset
    case invitation
    case account
    case accountPassword
    case accountTokens
    case accountTokenRevoke(Parameter<Int>)
    case adminUsers
    case adminInvitations
    case adminRoles(Parameter<Int>)
    case adminAudit
    case observatory
    case observatoryImport
    case territoryPortrait(Parameter<String>)
    case contractPortrait(Parameter<String>)
    case contractMap(Parameter<String>)
    case contractVulnerability(Parameter<String>)
    case contractCoolPlaces(Parameter<String>)
    case contractCoolPlaceDelete(Parameter<String>, Parameter<Int>)
    case outlinesImport
    case locateTool
    // 004 — strategy editing, cross-matrix, roadmap, commitments
    case contractStrategy(Parameter<String>)
    case contractNodes(Parameter<String>)
    case contractNode(Parameter<String>, Parameter<Int>)
    case contractNodeRemoval(Parameter<String>, Parameter<Int>)
    case contractAxes(Parameter<String>)
    case contractAxis(Parameter<String>, Parameter<Int>)
    case contractAxisRemoval(Parameter<String>, Parameter<Int>)
    case contractAmendments(Parameter<String>)
    case contractAmendment(Parameter<String>, Parameter<Int>)
    case contractAmendmentClosure(Parameter<String>, Parameter<Int>)
    case contractHistory(Parameter<String>)
    case contractPlans(Parameter<String>)
    case contractPlan(Parameter<String>, Parameter<Int>)
    case contractPlanEdit(Parameter<String>, Parameter<Int>)
    case contractPlanRemoval(Parameter<String>, Parameter<Int>)
    case contractPlanActions(Parameter<String>, Parameter<Int>)
    case contractPlanImport(Parameter<String>, Parameter<Int>)
    case contractAction(Parameter<String>, Parameter<Int>)
    case contractActionRemoval(Parameter<String>, Parameter<Int>)
    case contractLinks(Parameter<String>)
    case contractLinkRemoval(Parameter<String>, Parameter<Int>)
    case contractMatrix(Parameter<String>)
    case contractRoadmap(Parameter<String>)
    case contractMilestones(Parameter<String>)
    case contractMilestone(Parameter<String>, Parameter<Int>)
    case contractMilestoneRemoval(Parameter<String>, Parameter<Int>)
    case contractCommitments(Parameter<String>)
    case contractSignatory(Parameter<String>, Parameter<Int>)
    case contractSignatoryMeans(Parameter<String>, Parameter<Int>)
    case contractSignatoryMeansRemoval(Parameter<String>, Parameter<Int>, Parameter<Int>)
    // Issue 6 — key actions, inspiring examples, actors, curation
    case keyActions
    case keyAction(Parameter<Int>)
    case keyActionEdit(Parameter<Int>)
    case keyActionHistory(Parameter<Int>)
    case examples
    case exampleNew
    case example(Parameter<String>)
    case exampleEdit(Parameter<String>)
    case exampleRetire(Parameter<String>)
    case exampleReinstate(Parameter<String>)
    case exampleHistory(Parameter<String>)
    case actors
    case actorNew
    case actor(Parameter<String>)
    case actorEdit(Parameter<String>)
    case actorRetire(Parameter<String>)
    case actorReinstate(Parameter<String>)
    case actorHistory(Parameter<String>)
    case catalogueImport
    // Programming and funding
    case contractProgramming(Parameter<String>)
    case contractDashboard(Parameter<String>)
    case newCall(Parameter<String>)
    case contractCalls(Parameter<String>)
    case call(Parameter<Int>)
    case callApplications(Parameter<Int>)
    case callInstruction(Parameter<Int>)
    case myApplications
    case application(Parameter<Int>)
    case applicationEdit(Parameter<Int>)
    case applicationSubmit(Parameter<Int>)
    case applicationStatus(Parameter<Int>)
    case applicationReview(Parameter<Int>)
    case applicationDecisions(Parameter<Int>)
    case applicationAgreement(Parameter<Int>)
    case funders
    case funderSchemes(Parameter<Int>)
    case eligibilityRules
    case api(APIURL)

    enum APIURL: Sendable {
        case openAPI
        case territories
        case territory(Parameter<String>)
        case contracts
        case contract(Parameter<String>)
        case session
        case me
        case tokens
        case token(Parameter<Int>)
        case audit
        case indicators
        case observations
        case gaps
        case territoryPortrait(Parameter<String>)
        case contractPortrait(Parameter<String>)
        case indicatorImports
        case contractVulnerability(Parameter<String>)
        case contractCoolPlaces(Parameter<String>)
        case locate
        case outlines

        // 004 — strategy editing, cross-matrix, roadmap, commitments
        case contractMatrix(Parameter<String>)
        case contractCommitments(Parameter<String>)
        case contractRoadmap(Parameter<String>)
        case contractNodes(Parameter<String>)
        case contractNode(Parameter<String>, Parameter<Int>)
        case contractAxes(Parameter<String>)
        case contractAxis(Parameter<String>, Parameter<Int>)
        case contractAmendments(Parameter<String>)
        case contractAmendmentClosure(Parameter<String>, Parameter<Int>)
        case contractPlans(Parameter<String>)
        case contractPlan(Parameter<String>, Parameter<Int>)
        case contractPlanActions(Parameter<String>, Parameter<Int>)
        case contractPlanActionImports(Parameter<String>, Parameter<Int>)
        case contractAction(Parameter<String>, Parameter<Int>)
        case contractLinks(Parameter<String>)
        case contractLink(Parameter<String>, Parameter<Int>)
        case contractMilestones(Parameter<String>)
        case contractMilestone(Parameter<String>, Parameter<Int>)
        case contractMeans(Parameter<String>)
        case contractMeansLine(Parameter<String>, Parameter<Int>)

        // Issue 6 — catalogue
        case keyActions
        case examples
        case example(Parameter<String>)
        case actors
        case actor(Parameter<String>)
        case territorySuggestions(Parameter<String>)
        case contractSuggestions(Parameter<String>)
        case catalogue

        // Programming and funding
        case funders
        case contractCalls(Parameter<String>)
        case call(Parameter<Int>)
        case callApplications(Parameter<Int>)
        case callInstruction(Parameter<Int>)
        case applications
        case application(Parameter<Int>)
        case applicationSubmission(Parameter<Int>)
        case applicationTransitions(Parameter<Int>)
        case applicationReviews(Parameter<Int>)
        case applicationDecisions(Parameter<Int>)
        case applicationAgreements(Parameter<Int>)
        case programmingDashboard(Parameter<String>)
        case programmingSCDL(Parameter<String>)

        var components: [String] {
            switch self {
            case .contractVulnerability(let id): ["contracts", SiteURL.component(id, name: "id"), "vulnerability"]
            case .contractCoolPlaces(let id): ["contracts", SiteURL.component(id, name: "id"), "cool-places"]
            case .locate: ["locate"]
            case .outlines: ["outlines"]
            case .contractMatrix(let id): ["contracts", SiteURL.component(id, name: "id"), "matrix"]
            case .contractCommitments(let id): ["contracts", SiteURL.component(id, name: "id"), "commitments"]
            case .contractRoadmap(let id): ["contracts", SiteURL.component(id, name: "id"), "roadmap"]
            case .contractNodes(let id): ["contracts", SiteURL.component(id, name: "id"), "nodes"]
            case .contractNode(let id, let node): ["contracts", SiteURL.component(id, name: "id"), "nodes", SiteURL.component(node, name: "nodeID")]
            case .contractAxes(let id): ["contracts", SiteURL.component(id, name: "id"), "axes"]
            case .contractAxis(let id, let axis): ["contracts", SiteURL.component(id, name: "id"), "axes", SiteURL.component(axis, name: "axisID")]
            case .contractAmendments(let id): ["contracts", SiteURL.component(id, name: "id"), "amendments"]
            case .contractAmendmentClosure(let id, let amendment):
                ["contracts", SiteURL.component(id, name: "id"), "amendments", SiteURL.component(amendment, name: "amendmentID"), "close"]
            case .contractPlans(let id): ["contracts", SiteURL.component(id, name: "id"), "plans"]
            case .contractPlan(let id, let plan): ["contracts", SiteURL.component(id, name: "id"), "plans", SiteURL.component(plan, name: "planID")]
            case .contractPlanActions(let id, let plan): ["contracts", SiteURL.component(id, name: "id"), "plans", SiteURL.component(plan, name: "planID"), "actions"]
            case .contractPlanActionImports(let id, let plan):
                ["contracts", SiteURL.component(id, name: "id"), "plans", SiteURL.component(plan, name: "planID"), "action-imports"]
            case .contractAction(let id, let action): ["contracts", SiteURL.component(id, name: "id"), "actions", SiteURL.component(action, name: "actionID")]
            case .contractLinks(let id): ["contracts", SiteURL.component(id, name: "id"), "links"]
            case .contractLink(let id, let link): ["contracts", SiteURL.component(id, name: "id"), "links", SiteURL.component(link, name: "linkID")]
            case .contractMilestones(let id): ["contracts", SiteURL.component(id, name: "id"), "milestones"]
            case .contractMilestone(let id, let milestone): ["contracts", SiteURL.component(id, name: "id"), "milestones", SiteURL.component(milestone, name: "milestoneID")]
            case .contractMeans(let id): ["contracts", SiteURL.component(id, name: "id"), "means"]
            case .contractMeansLine(let id, let line): ["contracts", SiteURL.component(id, name: "id"), "means", SiteURL.component(line, name: "meansID")]
            case .keyActions: ["key-actions"]
            case .examples: ["examples"]
            case .example(let id): ["examples", SiteURL.component(id, name: "exampleID")]
            case .actors: ["actors"]
            case .actor(let id): ["actors", SiteURL.component(id, name: "actorID")]
            case .territorySuggestions(let code): ["territories", SiteURL.component(code, name: "code"), "suggestions"]
            case .contractSuggestions(let id): ["contracts", SiteURL.component(id, name: "id"), "suggestions"]
            case .catalogue: ["catalogue"]
            case .funders: ["funders"]
            case .contractCalls(let id): ["contracts", SiteURL.component(id, name: "id"), "calls"]
            case .call(let id): ["calls", SiteURL.component(id, name: "callID")]
            case .callApplications(let id): ["calls", SiteURL.component(id, name: "callID"), "applications"]
            case .callInstruction(let id): ["calls", SiteURL.component(id, name: "callID"), "instruction"]
            case .applications: ["applications"]
            case .application(let id): ["applications", SiteURL.component(id, name: "applicationID")]
            case .applicationSubmission(let id): ["applications", SiteURL.component(id, name: "applicationID"), "submission"]
            case .applicationTransitions(let id): ["applications", SiteURL.component(id, name: "applicationID"), "transitions"]
            case .applicationReviews(let id): ["applications", SiteURL.component(id, name: "applicationID"), "reviews"]
            case .applicationDecisions(let id): ["applications", SiteURL.component(id, name: "applicationID"), "decisions"]
            case .applicationAgreements(let id): ["applications", SiteURL.component(id, name: "applicationID"), "agreements"]
            case .programmingDashboard(let id): ["contracts", SiteURL.component(id, name: "id"), "programming", "dashboard"]
            case .programmingSCDL(let id): ["contracts", SiteURL.component(id, name: "id"), "programming", "scdl"]
            case .indicators: ["indicators"]
            case .observations: ["observations"]
            case .gaps: ["gaps"]
            case .territoryPortrait(let code): ["territories", SiteURL.component(code, name: "code"), "portrait"]
            case .contractPortrait(let id): ["contracts", SiteURL.component(id, name: "id"), "portrait"]
            case .indicatorImports: ["indicator-imports"]
            case .session: ["session"]
            case .me: ["me"]
            case .tokens: ["tokens"]
            case .token(let id): ["tokens", SiteURL.component(id, name: "tokenID")]
            case .audit: ["audit"]
            case .openAPI: ["openapi.json"]
            case .territories: ["territories"]
            case .territory(let code): ["territories", SiteURL.component(code, name: "code")]
            case .contracts: ["contracts"]
            case .contract(let id): ["contracts", SiteURL.component(id, name: "id")]
            }
        }
    }

    var components: [String] {
        switch self {
        case .home: []
        case .search: ["recherche"]
        case .territory(let code): ["territoires", Self.component(code, name: "code")]
        case .contracts: ["contrats"]
        case .contract(let id): ["contrats", Self.component(id, name: "id")]
        case .health: ["health"]
        case .stylesheet: ["static", "passerelle.css"]
        case .signIn: ["connexion"]
        case .signOut: ["deconnexion"]
        case .signUp: ["inscription"]
        case .verifyEmail: ["inscription", "confirmation"]
        case .passwordForgotten: ["mot-de-passe", "oubli"]
        case .passwordReset: ["mot-de-passe", "nouveau"]
        case .invitation: ["invitation"]
        case .account: ["compte"]
        case .accountPassword: ["compte", "mot-de-passe"]
        case .accountTokens: ["compte", "jetons"]
        case .accountTokenRevoke(let id): ["compte", "jetons", Self.component(id, name: "tokenID"), "revoquer"]
        case .adminUsers: ["admin", "utilisateurs"]
        case .adminInvitations: ["admin", "invitations"]
        case .adminRoles(let id): ["admin", "utilisateurs", Self.component(id, name: "userID"), "roles"]
        case .adminAudit: ["admin", "journal"]
        case .observatory: ["observatoire"]
        case .observatoryImport: ["observatoire", "import"]
        case .territoryPortrait(let code): ["territoires", Self.component(code, name: "code"), "portrait"]
        case .contractPortrait(let id): ["contrats", Self.component(id, name: "id"), "portrait"]
        case .contractMap(let id): ["contrats", Self.component(id, name: "id"), "carte"]
        case .contractVulnerability(let id): ["contrats", Self.component(id, name: "id"), "vulnerabilite"]
        case .contractCoolPlaces(let id): ["contrats", Self.component(id, name: "id"), "lieux-frais"]
        case .contractCoolPlaceDelete(let id, let place): ["contrats", Self.component(id, name: "id"), "lieux-frais", Self.component(place, name: "placeID"), "retirer"]
        case .outlinesImport: ["observatoire", "contours"]
        case .locateTool: ["outils", "localiser"]
        case .contractStrategy(let id): ["contrats", Self.component(id, name: "id"), "strategie"]
        case .contractNodes(let id): ["contrats", Self.component(id, name: "id"), "strategie", "noeuds"]
        case .contractNode(let id, let node): ["contrats", Self.component(id, name: "id"), "strategie", "noeuds", Self.component(node, name: "nodeID")]
        case .contractNodeRemoval(let id, let node): ["contrats", Self.component(id, name: "id"), "strategie", "noeuds", Self.component(node, name: "nodeID"), "supprimer"]
        case .contractAxes(let id): ["contrats", Self.component(id, name: "id"), "strategie", "axes"]
        case .contractAxis(let id, let axis): ["contrats", Self.component(id, name: "id"), "strategie", "axes", Self.component(axis, name: "axisID")]
        case .contractAxisRemoval(let id, let axis): ["contrats", Self.component(id, name: "id"), "strategie", "axes", Self.component(axis, name: "axisID"), "supprimer"]
        case .contractAmendments(let id): ["contrats", Self.component(id, name: "id"), "avenants"]
        case .contractAmendment(let id, let amendment): ["contrats", Self.component(id, name: "id"), "avenants", Self.component(amendment, name: "amendmentID")]
        case .contractAmendmentClosure(let id, let amendment): ["contrats", Self.component(id, name: "id"), "avenants", Self.component(amendment, name: "amendmentID"), "clore"]
        case .contractHistory(let id): ["contrats", Self.component(id, name: "id"), "historique"]
        case .contractPlans(let id): ["contrats", Self.component(id, name: "id"), "plans"]
        case .contractPlan(let id, let plan): ["contrats", Self.component(id, name: "id"), "plans", Self.component(plan, name: "planID")]
        case .contractPlanEdit(let id, let plan): ["contrats", Self.component(id, name: "id"), "plans", Self.component(plan, name: "planID"), "modifier"]
        case .contractPlanRemoval(let id, let plan): ["contrats", Self.component(id, name: "id"), "plans", Self.component(plan, name: "planID"), "supprimer"]
        case .contractPlanActions(let id, let plan): ["contrats", Self.component(id, name: "id"), "plans", Self.component(plan, name: "planID"), "actions"]
        case .contractPlanImport(let id, let plan): ["contrats", Self.component(id, name: "id"), "plans", Self.component(plan, name: "planID"), "import"]
        case .contractAction(let id, let action): ["contrats", Self.component(id, name: "id"), "actions", Self.component(action, name: "actionID")]
        case .contractActionRemoval(let id, let action): ["contrats", Self.component(id, name: "id"), "actions", Self.component(action, name: "actionID"), "supprimer"]
        case .contractLinks(let id): ["contrats", Self.component(id, name: "id"), "liens"]
        case .contractLinkRemoval(let id, let link): ["contrats", Self.component(id, name: "id"), "liens", Self.component(link, name: "linkID"), "supprimer"]
        case .contractMatrix(let id): ["contrats", Self.component(id, name: "id"), "matrice"]
        case .contractRoadmap(let id): ["contrats", Self.component(id, name: "id"), "feuille-de-route"]
        case .contractMilestones(let id): ["contrats", Self.component(id, name: "id"), "feuille-de-route", "jalons"]
        case .contractMilestone(let id, let milestone): ["contrats", Self.component(id, name: "id"), "feuille-de-route", "jalons", Self.component(milestone, name: "milestoneID")]
        case .contractMilestoneRemoval(let id, let milestone):
            ["contrats", Self.component(id, name: "id"), "feuille-de-route", "jalons", Self.component(milestone, name: "milestoneID"), "supprimer"]
        case .contractCommitments(let id): ["contrats", Self.component(id, name: "id"), "engagements"]
        case .contractSignatory(let id, let organisation): ["contrats", Self.component(id, name: "id"), "engagements", Self.component(organisation, name: "organisationID")]
        case .contractSignatoryMeans(let id, let organisation):
            ["contrats", Self.component(id, name: "id"), "engagements", Self.component(organisation, name: "organisationID"), "moyens"]
        case .contractSignatoryMeansRemoval(let id, let organisation, let line):
            ["contrats", Self.component(id, name: "id"), "engagements", Self.component(organisation, name: "organisationID"), "moyens", Self.component(line, name: "meansID"), "supprimer"]
        case .keyActions: ["actions-cles"]
        case .keyAction(let number): ["actions-cles", Self.component(number, name: "number")]
        case .keyActionEdit(let number): ["actions-cles", Self.component(number, name: "number"), "modifier"]
        case .keyActionHistory(let number): ["actions-cles", Self.component(number, name: "number"), "historique"]
        case .examples: ["exemples"]
        case .exampleNew: ["exemples", "nouveau"]
        case .example(let id): ["exemples", Self.component(id, name: "exampleID")]
        case .exampleEdit(let id): ["exemples", Self.component(id, name: "exampleID"), "modifier"]
        case .exampleRetire(let id): ["exemples", Self.component(id, name: "exampleID"), "retrait"]
        case .exampleReinstate(let id): ["exemples", Self.component(id, name: "exampleID"), "reintegration"]
        case .exampleHistory(let id): ["exemples", Self.component(id, name: "exampleID"), "historique"]
        case .actors: ["acteurs"]
        case .actorNew: ["acteurs", "nouveau"]
        case .actor(let id): ["acteurs", Self.component(id, name: "actorID")]
        case .actorEdit(let id): ["acteurs", Self.component(id, name: "actorID"), "modifier"]
        case .actorRetire(let id): ["acteurs", Self.component(id, name: "actorID"), "retrait"]
        case .actorReinstate(let id): ["acteurs", Self.component(id, name: "actorID"), "reintegration"]
        case .actorHistory(let id): ["acteurs", Self.component(id, name: "actorID"), "historique"]
        case .catalogueImport: ["catalogue", "import"]
        case .contractProgramming(let id): ["contrats", Self.component(id, name: "id"), "programmation"]
        case .contractDashboard(let id): ["contrats", Self.component(id, name: "id"), "programmation", "tableau-de-bord"]
        case .newCall(let id): ["contrats", Self.component(id, name: "id"), "appels", "nouveau"]
        case .contractCalls(let id): ["contrats", Self.component(id, name: "id"), "appels"]
        case .call(let id): ["appels", Self.component(id, name: "callID")]
        case .callApplications(let id): ["appels", Self.component(id, name: "callID"), "candidatures"]
        case .callInstruction(let id): ["appels", Self.component(id, name: "callID"), "instruction"]
        case .myApplications: ["candidatures"]
        case .application(let id): ["candidatures", Self.component(id, name: "applicationID")]
        case .applicationEdit(let id): ["candidatures", Self.component(id, name: "applicationID"), "modifier"]
        case .applicationSubmit(let id): ["candidatures", Self.component(id, name: "applicationID"), "depot"]
        case .applicationStatus(let id): ["candidatures", Self.component(id, name: "applicationID"), "statut"]
        case .applicationReview(let id): ["candidatures", Self.component(id, name: "applicationID"), "avis"]
        case .applicationDecisions(let id): ["candidatures", Self.component(id, name: "applicationID"), "decisions"]
        case .applicationAgreement(let id): ["candidatures", Self.component(id, name: "applicationID"), "convention"]
        case .funders: ["financeurs"]
        case .funderSchemes(let id): ["financeurs", Self.component(id, name: "funderID"), "dispositifs"]
        case .eligibilityRules: ["regles-eligibilite"]
        case .api(let api): ["api", "v1"] + api.components
        }
    }

    fileprivate static func component<T>(_ parameter: Parameter<T>, name: String) -> String {
        switch parameter {
        case .key: ":" + name
        case .value(let value):
            String(value).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? ""
        }
    }

    /// The path components to register a route with.
    var pathComponents: [PathComponent] { components.map { PathComponent(stringLiteral: $0) } }

    /// The link, with an optional query string (nil values are left out).
    func path(query: KeyValuePairs<String, String?> = [:]) -> String {
        var path = "/" + components.joined(separator: "/")
        let items = query.compactMap { key, value in value.map { URLQueryItem(name: key, value: $0) } }
        if !items.isEmpty {
            var url = URLComponents()
            url.queryItems = items
            path += "?" + (url.percentEncodedQuery ?? "")
        }
        return path
    }

    var path: String { path() }

    static func link(to territory: Territory) -> String {
        // A bare code designates the first level in `TerritoryKind.resolutionOrder` that has it
        // ("32" is the Gers before Hauts-de-France): links to the other levels carry their kind.
        let needsKind = territory.kind == .region || territory.kind == .iris
        return SiteURL.territory(.value(territory.code)).path(query: ["type": needsKind ? territory.kind.rawValue : nil])
    }
}
