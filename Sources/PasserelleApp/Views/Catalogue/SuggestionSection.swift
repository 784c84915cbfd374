import PasserelleDomain

/// The "ideas for this neighbourhood" section of QPV and contract pages: the vulnerabilities the
/// diagnosis finds, then the key actions and examples that answer them, each with its reason.
enum SuggestionSection {
    /// Examples shown under each key action (the reason gives their full number).
    static let examplesShown = 3
    /// Figures shown under each vulnerability.
    static let evidenceShown = 3

    static func render(_ model: CatalogueSuggestions, subject: String, portraitLink: String?) -> HTMLNode {
        let vulnerabilities = model.diagnosis.vulnerabilities
        return .section(.id("suggestions"), .class("suggestions"),
            .h2(.text("Idées d'actions pour \(subject)")),
            .if(vulnerabilities.isEmpty && model.weakestCoveredAmbitions.isEmpty,
                .p(.text("Aucune vulnérabilité n'est encore mesurée : aucun indicateur de l'observatoire ne montre d'écart défavorable à sa référence. Importez des indicateurs (chaleur, précarité énergétique, revenus, emploi…) pour recevoir des suggestions, ou parcourez "),
                   .a(href: SiteURL.keyActions.path, "les actions clés"), "."),
                else: .group([
                    .p(.class("hint"), "Vulnérabilités lues dans les écarts de l'observatoire à la référence (intensité forte dès 13 points d'écart, ou 1,6 fois la référence) ; les actions clés qui y répondent, puis leurs exemples."),
                    .if(!model.weakestCoveredAmbitions.isEmpty, .p(.text("Ambitions du contrat les moins couvertes : "
                        + model.weakestCoveredAmbitions.map(\.title).joined(separator: " ; ") + "."))),
                    .if(!vulnerabilities.isEmpty, .group([
                        .h3("Vulnérabilités les plus marquées"),
                        .ul(.class("vulnerabilities"), .forEach(vulnerabilities.prefix(5)) { diagnosed in
                            .li(.strong(.text("\(diagnosed.signal.label) — intensité \(diagnosed.signal.intensityLabel)")),
                                .ul(.forEach(diagnosed.evidence.prefix(evidenceShown)) { evidence in
                                    .li(.small(.text(evidence.sentence), .unwrap(evidence.source) { .text(" — source : \($0)") }))
                                }))
                        }),
                    ])),
                    .unwrap(portraitLink) { .p(.a(href: $0, "Voir toutes les données dans le portrait")) },
                    .h3("Actions clés suggérées"),
                    .if(model.suggestions.isEmpty,
                        .p("Le catalogue ne contient encore aucune action clé qui réponde à ces vulnérabilités."),
                        else: .ol(.class("suggestion-list"), .forEach(model.suggestions) { suggestion in
                            suggestionItem(suggestion)
                        }))
                ]))
        )
    }

    static func suggestionItem(_ suggestion: Suggestion) -> HTMLNode {
        let number = suggestion.keyAction.number
        return .li(
            .p(.strong(CataloguePages.keyActionLink(suggestion.keyAction))),
            .forEach(suggestion.reasons) { .p(.class("reason"), .text($0)) },
            .if(!suggestion.examples.isEmpty, .group([
                .p(.class("hint"), "Exemples à regarder :"),
                .ul(.class("examples"), .forEach(suggestion.examples.prefix(examplesShown)) { example in
                    .li(.a(href: SiteURL.example(.value(example.id)).path, .text(example.title)),
                        .small(.text(" — " + CataloguePages.exampleFacts(example))))
                }),
            ])),
            .if(suggestion.examples.count > examplesShown,
                .p(.a(href: SiteURL.examples.path(query: ["action": String(number)]), .text("Tous les exemples de l'action \(number)"))))
        )
    }
}
