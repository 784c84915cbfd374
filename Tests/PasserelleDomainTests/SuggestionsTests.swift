import Testing
@testable import PasserelleDomain

@Suite struct SuggestionsTests {
    let catalogue = CatalogueFixtures.real
    /// A hand-built diagnostic: strong heat exposure, medium energy poverty.
    let diagnostic = [VulnerabilitySignal(vulnerability: .energyPoverty, severity: 0.6, label: "Précarité énergétique"),
                      VulnerabilitySignal(vulnerability: .heat, severity: 0.9, label: "Exposition à la chaleur")]

    @Test func heatAndEnergyPovertyAgainstTheRealCatalogue() {
        let suggestions = Suggestions.suggest(vulnerabilities: diagnostic, in: catalogue, limit: 10)
        // Heat is listed by key actions 1, 7 and 8. Their examples tagged heat, then tagged climate:
        // 8 → 5 + 1 = 6, 7 → 3 + 2 = 5, 1 → 1 + 1 = 2. No key action lists energy poverty: its
        // examples are in key actions 1 (2 tagged) and 9 (1 tagged + 1 tagged energy).
        #expect(suggestions.map(\.keyAction.number) == [8, 7, 1, 9])
        #expect(suggestions.map(\.reasons) == [
            ["Exposition à la chaleur (intensité forte) → action 8, 6 exemples"],
            ["Exposition à la chaleur (intensité forte) → action 7, 5 exemples"],
            ["Exposition à la chaleur (intensité forte) → action 1, 2 exemples",
             "Précarité énergétique (intensité moyenne) → action 1 (par ses exemples), 2 exemples"],
            ["Précarité énergétique (intensité moyenne) → action 9 (par ses exemples), 2 exemples"],
        ])
        #expect(suggestions[0].examples.map(\.id) == [
            "carte-des-sites-prioritaires-a-vegetaliser-a-saint-georges-de-reneins-sesame",
            "vegetalisation-de-la-dalle-du-forum-a-montreynaud-saint-etienne",
            "espaces-publics-face-a-la-surchauffe-urbaine-dans-la-metropole-de-toulon",
            "carte-des-ilots-de-fraicheur-et-horaires-elargis-a-paris",
            "plus-fraiche-ma-ville-outil-de-l-ademe-pour-le-rafraichissement-urbain",
            "lens-lievin-plantons-le-decor",
        ])
        #expect(suggestions[1].examples.map(\.id) == [
            "eaux-pluviales-gerees-durablement-pour-eviter-un-surcout-a-crepy-en-valois",
            "methode-reproductible-pour-des-cours-oasis-dans-9-ecoles-de-creil",
            "mini-guide-d-ambition-locale-pour-adapter-les-ecoles-au-changement-climatique",
            "feuille-de-route-regenerative-donut-du-bailleur-haute-savoie-habitat",
            "cap-territoires-durables-outil-d-aide-a-la-decision-pour-prioriser-les-projets",
        ])
        #expect(suggestions[2].examples.map(\.id) == [
            "cartographie-croisee-des-vulnerabilites-sociales-et-climatiques-en-seine-saint-denis",
            "lens-lievin-thermographie-aerienne-deperditions",
        ])
        #expect(suggestions[3].examples.map(\.id) == ["porte-du-hainaut-precarite-energetique-inhari", "ferme-urbaine-concorde-lille"])
        #expect(suggestions[0].cause == .vulnerability(.heat, severity: 0.9, throughExamples: false))
        #expect(suggestions[3].cause == .vulnerability(.energyPoverty, severity: 0.6, throughExamples: true))
    }

    @Test func limitKeepsTheMostSevereFirst() {
        let suggestions = Suggestions.suggest(vulnerabilities: diagnostic, in: catalogue, limit: 3)
        #expect(suggestions.map(\.keyAction.number) == [8, 7, 1])
        #expect(Suggestions.suggest(vulnerabilities: diagnostic, in: catalogue, limit: 0).isEmpty)
    }

    @Test func weakAmbitionsComeAfterVulnerabilities() {
        let suggestions = Suggestions.suggest(
            vulnerabilities: [(vulnerability: .heat, severity: 0.9, label: "Exposition à la chaleur"),
                              (vulnerability: .energyPoverty, severity: 0.6, label: "Précarité énergétique")],
            weakAmbitions: [(ambitionTitle: "Améliorer le cadre de vie", themes: [.climate, .biodiversity])],
            in: catalogue, limit: 10)
        // Key actions sharing both themes: 8 (9 examples), 3 and 7 (5 each); one theme: 1 (2), 5 (1).
        #expect(suggestions.map(\.keyAction.number) == [8, 7, 1, 9, 3, 5])
        #expect(suggestions[1].reasons == ["Exposition à la chaleur (intensité forte) → action 7, 5 exemples",
                                           "Ambition « Améliorer le cadre de vie » peu couverte → action 7, 5 exemples"])
        #expect(suggestions[0].reasons.last == "Ambition « Améliorer le cadre de vie » peu couverte → action 8, 9 exemples")
        #expect(suggestions[4].reason == "Ambition « Améliorer le cadre de vie » peu couverte → action 3, 5 exemples")
        #expect(suggestions[4].cause == .ambition("Améliorer le cadre de vie"))
        #expect(suggestions[4].examples.map(\.id) == [
            "consultation-des-habitants-sur-la-biodiversite-a-la-noue-malassis-montreuil-bagnolet",
            "banlieues-climat-formation-au-climat-des-jeunes-des-quartiers-populaires",
            "cine-debat-agroecologie-hazebrouck",
            "roubaix-reseaux-habitants-gestes-verts",
            "manne-monnaie-anges-gardins-loos-en-gohelle",
        ])
        #expect(suggestions[5].reason == "Ambition « Améliorer le cadre de vie » peu couverte → action 5, 1 exemple")
    }

    @Test func aWeakAmbitionKeepsAPlaceWhenVulnerabilitiesFillTheList() {
        let vulnerabilities = [VulnerabilitySignal(vulnerability: .heat, severity: 0.9, label: "Exposition à la chaleur")]
        let full = Suggestions.suggest(vulnerabilities: vulnerabilities, in: catalogue, limit: 3)
        #expect(full.count == 3)
        let withAmbition = Suggestions.suggest(vulnerabilities: vulnerabilities,
                                               weakAmbitions: [WeakAmbition(title: "Se déplacer autrement", themes: [.mobility])],
                                               in: catalogue, limit: 3)
        #expect(withAmbition.map(\.keyAction.number) == full.prefix(2).map(\.keyAction.number) + [11])
        #expect(withAmbition[2].reason == "Ambition « Se déplacer autrement » peu couverte → action 11, 3 exemples")
        // Never more than half the places.
        #expect(Suggestions.suggest(vulnerabilities: vulnerabilities,
                                    weakAmbitions: [WeakAmbition(title: "Se déplacer autrement", themes: [.mobility])],
                                    in: catalogue, limit: 1).map(\.keyAction.number) == full.prefix(1).map(\.keyAction.number))
    }

    @Test func ambitionExamplesSharingMoreThemesComeFirst() {
        let suggestions = Suggestions.suggest(vulnerabilities: [], weakAmbitions: [WeakAmbition(title: "Cadre de vie", themes: [.climate, .biodiversity])],
                                              in: catalogue, limit: 1)
        #expect(suggestions.map(\.keyAction.number) == [8])
        // Both themes: sites, dalle, plantons; then one theme, in catalogue order.
        #expect(suggestions[0].examples.map(\.id) == [
            "carte-des-sites-prioritaires-a-vegetaliser-a-saint-georges-de-reneins-sesame",
            "vegetalisation-de-la-dalle-du-forum-a-montreynaud-saint-etienne",
            "lens-lievin-plantons-le-decor",
            "far-la-fiction-au-service-de-la-renaturation-a-plaine-commune",
            "espaces-publics-face-a-la-surchauffe-urbaine-dans-la-metropole-de-toulon",
            "carte-des-ilots-de-fraicheur-et-horaires-elargis-a-paris",
            "plus-fraiche-ma-ville-outil-de-l-ademe-pour-le-rafraichissement-urbain",
            "porte-du-hainaut-jardins-partages-saprophytes",
            "lens-cite-12-14-agriculture-urbaine",
        ])
    }

    @Test func retiredExamplesAreNotCounted() {
        var catalogue = self.catalogue
        let index = catalogue.examples.firstIndex { $0.id == "plus-fraiche-ma-ville-outil-de-l-ademe-pour-le-rafraichissement-urbain" }!
        catalogue.examples[index].retire(reason: "Outil remplacé")
        let suggestions = Suggestions.suggest(vulnerabilities: diagnostic, in: catalogue, limit: 2)
        // Action 8 drops to 5 examples and ties with action 7: the lower number comes first.
        #expect(suggestions.map(\.reason) == ["Exposition à la chaleur (intensité forte) → action 7, 5 exemples",
                                              "Exposition à la chaleur (intensité forte) → action 8, 5 exemples"])
    }

    @Test func vulnerabilityWithoutAnyAnswerSuggestsNothing() {
        // No key action lists drought and no example is tagged with it.
        #expect(!catalogue.examples.contains { $0.tags.vulnerabilities.contains(.drought) })
        let suggestions = Suggestions.suggest(vulnerabilities: [VulnerabilitySignal(vulnerability: .drought, severity: 1, label: "Sécheresse")],
                                              in: catalogue, limit: 5)
        #expect(suggestions.isEmpty)
    }

    @Test func minimumSeverityAndIntensityWords() {
        let weak = [VulnerabilitySignal(vulnerability: .carDependence, severity: 0.2, label: "Dépendance à la voiture")]
        #expect(Suggestions.suggest(vulnerabilities: weak, in: catalogue, limit: 5, minimumSeverity: 0.3).isEmpty)
        let suggestions = Suggestions.suggest(vulnerabilities: weak, in: catalogue, limit: 5)
        // Key action 11 lists car dependence; its three examples are all tagged mobility.
        #expect(suggestions.map(\.reason) == ["Dépendance à la voiture (intensité faible) → action 11, 3 exemples"])
        #expect(VulnerabilitySignal(vulnerability: .heat, severity: 0.66, label: "").intensityLabel == "forte")
        #expect(VulnerabilitySignal(vulnerability: .heat, severity: 0.65, label: "").intensityLabel == "moyenne")
        #expect(VulnerabilitySignal(vulnerability: .heat, severity: 0.33, label: "").intensityLabel == "moyenne")
        #expect(VulnerabilitySignal(vulnerability: .heat, severity: 0.32, label: "").intensityLabel == "faible")
    }

    @Test func equalSeveritiesKeepTheGivenOrder() {
        let suggestions = Suggestions.suggest(
            vulnerabilities: [VulnerabilitySignal(vulnerability: .carDependence, severity: 0.5, label: "Voiture"),
                              VulnerabilitySignal(vulnerability: .noise, severity: 0.5, label: "Bruit")],
            in: catalogue, limit: 5)
        // Noise: key action 6 lists it (examples tagged noise: butte; tagged theme noise: none else) → 1.
        #expect(suggestions.map(\.reason) == ["Voiture (intensité moyenne) → action 11, 3 exemples",
                                              "Bruit (intensité moyenne) → action 6, 1 exemple"])
    }
}
