import Vapor

/// An error whose French message may be shown as is: it names the field, parameter or item at
/// fault and carries the HTTP status that goes with it. Anything else becomes a generic 500.
protocol UserFacingError: Error {
    var status: HTTPResponseStatus { get }
    /// Short machine-readable code for API clients, e.g. "not_found".
    var code: String { get }
    /// The message for the user, in French.
    var userMessage: String { get }
}

/// Problems with what the caller asked for: unknown object, malformed parameter.
enum RequestError: UserFacingError, Equatable {
    case notFound(what: String)
    case invalidParameter(name: String, reason: String)
    case invalidBody(reason: String)

    var status: HTTPResponseStatus {
        switch self {
        case .notFound: .notFound
        case .invalidParameter, .invalidBody: .badRequest
        }
    }

    var code: String {
        switch self {
        case .notFound: "not_found"
        case .invalidParameter: "invalid_parameter"
        case .invalidBody: "invalid_body"
        }
    }

    var userMessage: String {
        switch self {
        case .notFound(let what): "\(what) est introuvable."
        case .invalidParameter(let name, let reason): "Paramètre « \(name) » invalide : \(reason)."
        case .invalidBody(let reason): "Contenu de la requête invalide : \(reason)."
        }
    }
}
