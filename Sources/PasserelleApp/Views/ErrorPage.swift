import Vapor

enum ErrorPage {
    struct Model {
        var status: HTTPResponseStatus
        var message: String
        var path: String
    }

    static func render(_ model: Model, context: PageContext) -> String {
        let heading: String = switch model.status.code {
        case 400: "Requête invalide"
        case 401: "Connexion requise"
        case 403: "Accès refusé"
        case 404: "Page introuvable"
        case 413: "Contenu trop volumineux"
        case 500...: "Erreur du serveur"
        default: "La demande n'a pas abouti"
        }
        return Layout.page(title: heading, context: context,
            .h1(.text(heading)),
            .p(.class("error-message"), .text(model.message)),
            .p("Code HTTP \(model.status.code)."),
            .if(model.status == .unauthorized, .p(.a(href: SiteURL.signIn.path(query: ["retour": model.path]), "Se connecter"))),
            .p(.a(href: SiteURL.home.path, "Revenir à l'accueil"), " ou ", .a(href: SiteURL.search.path, "rechercher un territoire"), ".")
        )
    }
}
