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
        // Issue 6 — catalogue
        case keyActions
        case examples
        case example(Parameter<String>)
        case actors
        case actor(Parameter<String>)
        case territorySuggestions(Parameter<String>)
        case contractSuggestions(Parameter<String>)
        case catalogue

        var components: [String] {
            switch self {
            case .keyActions: ["key-actions"]
            case .examples: ["examples"]
            case .example(let id): ["examples", SiteURL.component(id, name: "exampleID")]
            case .actors: ["actors"]
            case .actor(let id): ["actors", SiteURL.component(id, name: "actorID")]
            case .territorySuggestions(let code): ["territories", SiteURL.component(code, name: "code"), "suggestions"]
            case .contractSuggestions(let id): ["contracts", SiteURL.component(id, name: "id"), "suggestions"]
            case .catalogue: ["catalogue"]
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
