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
