import Vapor
import Foundation
import PasserelleDomain

/// The frame of every page: language, title, skip link, navigation, footer.
/// Who is looking at the page: what the header shows (sign-in link, or account and sign-out form).
struct PageContext: Sendable {
    var account: Account?
    /// The session's CSRF token, for the forms of the page (sign-out included).
    var csrfToken: String?

    static let anonymous = PageContext(account: nil, csrfToken: nil)

    /// The hidden field every state-changing form carries.
    var csrfField: HTMLNode {
        .input(.type("hidden"), .name("_csrf"), .value(csrfToken ?? ""))
    }
}

extension Request {
    /// The page context; a CSRF token is created only for signed-in users (their sign-out form)
    /// or when the page itself holds a form (`withForm`).
    func pageContext(withForm: Bool = false) -> PageContext {
        PageContext(account: account, csrfToken: account != nil || withForm ? csrfToken : nil)
    }
}

enum Layout {
    enum Section { case home, contracts, search, account, admin, applications, catalogue, examples, none }

    static func page(title: String, section: Section = .none, context: PageContext, _ content: HTMLNode...) -> String {
        let document: HTMLNode = .html(
            .lang("fr"),
            .head(
                .meta(.attr("charset", "utf-8")),
                .meta(.name("viewport"), .attr("content", "width=device-width, initial-scale=1")),
                .title("\(title) — Passerelle"),
                .link(.attr("rel", "stylesheet"), .attr("href", SiteURL.stylesheet.path)),
                .link(.attr("rel", "icon"), .attr("href", "data:,"))
            ),
            .body(
                .a(href: "#contenu", .class("skip-link"), "Aller au contenu"),
                .header(.class("site-header"),
                    .div(.class("wrap"),
                        .a(href: SiteURL.home.path, .class("brand"), "Passerelle"),
                        .span(.class("tagline"), "Contrats de ville et transition écologique des quartiers"),
                        .nav(.ariaLabel("Navigation principale"),
                            .ul(
                                navItem("Accueil", SiteURL.home.path, current: section == .home),
                                navItem("Contrats de ville", SiteURL.contracts.path, current: section == .contracts),
                                navItem("Territoires", SiteURL.search.path, current: section == .search),
                                // Issue 6 — key actions and examples
                                navItem("Actions clés", SiteURL.keyActions.path, current: section == .catalogue),
                                navItem("Exemples", SiteURL.examples.path, current: section == .examples),
                                .if(context.account?.principal.allRoles.contains(.projectHolder) == true,
                                    navItem("Mes candidatures", SiteURL.myApplications.path, current: section == .applications)),
                                .if(context.account?.principal.isAdministrator == true,
                                    navItem("Administration", SiteURL.adminUsers.path, current: section == .admin)),
                                accountItems(context, section: section)
                            )
                        )
                    )
                ),
                .main(.id("contenu"), .class("wrap"), .attr("tabindex", "-1"), .group(content)),
                .footer(.class("site-footer"),
                    .div(.class("wrap"),
                        .p("Référentiel territorial : INSEE (code officiel géographique 2024, populations légales), DGCL (composition des EPCI 2024), ANCT (liste des QPV 2024) — Licence Ouverte 2.0."),
                        .p(.a(href: SiteURL.api(.openAPI).path, "API ouverte (OpenAPI)"))
                    )
                )
            )
        )
        return "<!DOCTYPE html>\n" + document.render()
    }

    private static func accountItems(_ context: PageContext, section: Section) -> HTMLNode {
        guard let account = context.account else {
            return navItem("Connexion", SiteURL.signIn.path, current: section == .account)
        }
        return .group([
            navItem("Mon compte (\(account.displayName))", SiteURL.account.path, current: section == .account),
            .li(.form(.method("post"), .action(SiteURL.signOut.path), .class("inline"),
                      context.csrfField, .button(.type("submit"), .class("link"), "Se déconnecter"))),
        ])
    }

    private static func navItem(_ label: String, _ href: String, current: Bool) -> HTMLNode {
        .li(.a(href: href, .if(current, .ariaCurrent("page")), .text(label)))
    }

    /// A clearly visible notice that what follows is demonstration data.
    static func demoNotice(_ text: String) -> HTMLNode {
        .p(.class("notice demo"), .strong("Données de démonstration. "), .text(text))
    }
}

/// French counts and dates for pages (numbers themselves: `FrenchFormat` in the domain).
enum French {
    /// "3 QPV", "1 commune", "2 communes".
    static func count(_ value: Int, _ singular: String, _ plural: String) -> String {
        "\(FrenchFormat.integer(value)) \(value > 1 ? plural : singular)"
    }

    /// "24 septembre 2024" from "2024-09-24".
    static func date(_ iso: String) -> String {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return iso }
        let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        return "\(parts[2] == 1 ? "1er" : String(parts[2])) \(months[parts[1] - 1]) \(parts[0])"
    }
}
