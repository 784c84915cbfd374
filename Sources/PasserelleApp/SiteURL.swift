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
    case api(APIURL)

    enum APIURL: Sendable {
        case openAPI
        case territories
        case territory(Parameter<String>)
        case contracts
        case contract(Parameter<String>)

        var components: [String] {
            switch self {
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
        case .api(let api): ["api", "v1"] + api.components
        }
    }

    private static func component<T>(_ parameter: Parameter<T>, name: String) -> String {
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
