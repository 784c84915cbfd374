import Foundation
import PasserelleDomain

/// The frame of every page: language, title, skip link, navigation, footer.
enum Layout {
    enum Section { case home, contracts, search, none }

    static func page(title: String, section: Section = .none, _ content: HTMLNode...) -> String {
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
                                navItem("Territoires", SiteURL.search.path, current: section == .search)
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

    private static func navItem(_ label: String, _ href: String, current: Bool) -> HTMLNode {
        .li(.a(href: href, .if(current, .ariaCurrent("page")), .text(label)))
    }

    /// A clearly visible notice that what follows is demonstration data.
    static func demoNotice(_ text: String) -> HTMLNode {
        .p(.class("notice demo"), .strong("Données de démonstration. "), .text(text))
    }
}

/// French number and date formatting, without depending on the machine's locale.
enum French {
    /// "244 525" with a narrow no-break space as thousands separator.
    static func integer(_ value: Int) -> String {
        let digits = String(abs(value))
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "−" : "") + groups.joined(separator: "\u{202F}")
    }

    /// "3 QPV", "1 commune", "2 communes".
    static func count(_ value: Int, _ singular: String, _ plural: String) -> String {
        "\(integer(value)) \(value > 1 ? plural : singular)"
    }

    /// "24 septembre 2024" from "2024-09-24".
    static func date(_ iso: String) -> String {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return iso }
        let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        return "\(parts[2] == 1 ? "1er" : String(parts[2])) \(months[parts[1] - 1]) \(parts[0])"
    }
}
