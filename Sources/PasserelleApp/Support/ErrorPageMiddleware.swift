import Vapor

/// Turns every error into an answer the user can read: JSON `{error, message}` under `/api`,
/// a French HTML page elsewhere. Internal details (stack, SQL, driver messages) are logged, never sent.
struct ErrorPageMiddleware: AsyncMiddleware {
    let environment: Environment

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let answer = Self.answer(for: error, path: request.url.path)
            if answer.status == .internalServerError {
                request.logger.error("\(request.method) \(request.url.path) a échoué : \(String(reflecting: error))")
            } else {
                request.logger.info("\(answer.status.code) \(request.method) \(request.url.path): \(answer.message)")
            }
            return Self.response(for: answer, request: request)
        }
    }

    struct Answer {
        var status: HTTPResponseStatus
        var code: String
        var message: String
        var retryAfter: Int? = nil
    }

    static func answer(for error: any Error, path: String) -> Answer {
        if let error = error as? any UserFacingError {
            return Answer(status: error.status, code: error.code, message: error.userMessage, retryAfter: (error as? AuthError).flatMap {
                if case .tooManyAttempts(let seconds) = $0 { return seconds } else { return nil }
            })
        }
        if error is DecodingError {
            return Answer(status: .badRequest, code: "invalid_body", message: "Le contenu envoyé ne peut pas être lu : vérifiez le format JSON et les champs attendus.")
        }
        if let abort = error as? any AbortError {
            switch abort.status {
            case .notFound:
                return Answer(status: .notFound, code: "not_found", message: "La page « \(path) » n'existe pas.")
            case .methodNotAllowed:
                return Answer(status: .methodNotAllowed, code: "method_not_allowed", message: "Cette adresse n'accepte pas cette méthode.")
            case .payloadTooLarge:
                return Answer(status: .payloadTooLarge, code: "payload_too_large", message: "Le contenu envoyé est trop volumineux.")
            case .unsupportedMediaType:
                return Answer(status: .unsupportedMediaType, code: "unsupported_media_type", message: "Ce type de contenu n'est pas accepté.")
            case .badRequest, .unprocessableEntity:
                // Vapor's own 422 comes from a body it could not decode: for the user, a malformed request.
                return Answer(status: .badRequest, code: "invalid_body", message: "Le contenu envoyé ne peut pas être lu : vérifiez le format (JSON ou formulaire) et les champs attendus.")
            case let status where status.code < 500:
                return Answer(status: status, code: "client_error", message: "La requête ne peut pas être traitée (\(status.code)).")
            default:
                break
            }
        }
        return Answer(status: .internalServerError, code: "internal_error",
                      message: "Une erreur interne est survenue. Elle a été consignée ; réessayez plus tard.")
    }

    static func response(for answer: Answer, request: Request) -> Response {
        let response: Response
        if request.url.path.hasPrefix("/api/") {
            response = Response(status: answer.status)
            try? response.content.encode(APIErrorBody(error: answer.code, message: answer.message))
            if answer.status == .unauthorized { response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer realm=\"passerelle\"") }
        } else {
            let page = ErrorPage.Model(status: answer.status, message: answer.message, path: request.url.path)
            response = Response(status: answer.status, body: .init(string: ErrorPage.render(page, context: request.pageContext())))
            response.headers.contentType = .html
        }
        if let seconds = answer.retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds)) }
        return response
    }
}

struct APIErrorBody: Content {
    var error: String
    var message: String
}
