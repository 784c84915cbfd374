import Vapor

enum ErrorPage {
    struct Model {
        var status: HTTPResponseStatus
        var message: String
    }

    static func render(_ model: Model) -> String {
        let heading: String = switch model.status.code {
        case 400: "Requête invalide"
        case 401: "Connexion requise"
        case 403: "Accès refusé"
        case 404: "Page introuvable"
        case 413: "Contenu trop volumineux"
        case 500...: "Erreur du serveur"
        default: "La demande n'a pas abouti"
        }
        return Layout.page(title: heading,
            .h1(.text(heading)),
            .p(.class("error-message"), .text(model.message)),
            .p("Code HTTP \(model.status.code)."),
            .p(.a(href: SiteURL.home.path, "Revenir à l'accueil"), " ou ", .a(href: SiteURL.search.path, "rechercher un territoire"), ".")
        )
    }
}
