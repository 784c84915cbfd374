import Foundation
import Testing
@testable import PasserelleDomain

@Suite struct CatalogueSearchTests {
    let index = CatalogueIndex(CatalogueFixtures.small)

    func ids(_ search: CatalogueSearch, in index: CatalogueIndex? = nil) -> [String] {
        (index ?? self.index).search(search).hits.map(\.example.id)
    }

    @Test func accentsCaseAndPluralsDoNotMatter() {
        let results = index.search(CatalogueSearch(text: "ilot de fraicheur"))
        #expect(results.terms == ["ilot", "fraicheur"])
        #expect(results.ignoredWords == ["de"])
        // "carte" says "fraîcheurs" in a shorter summary than "velo" says "îlots".
        #expect(results.hits.map(\.example.id) == ["ilots", "carte", "velo"])
        #expect(results.hits[0].isPhraseMatch)
        #expect(results.hits[0].matchedWords == ["ilot", "fraicheur"])
        #expect(results.hits[1].matchedTerms == ["fraicheur"])
        #expect(results.hits[2].matchedTerms == ["ilot"])
    }

    @Test func singularFindsPluralAndBack() {
        #expect(ids(CatalogueSearch(text: "cours oasis")) == ["oasis"])
        #expect(ids(CatalogueSearch(text: "COUR OASIS")) == ["oasis"])
        #expect(ids(CatalogueSearch(text: "végétalisation")) == ["oasis"])
        #expect(ids(CatalogueSearch(text: "vegetalisations")) == ["oasis"])
        #expect(ids(CatalogueSearch(text: "habitante")) == ["velo"])
        #expect(ids(CatalogueSearch(text: "vegetal")) == [])
    }

    @Test func hitsCarryHighlightsOnTheOriginalText() throws {
        let hit = try #require(index.search(CatalogueSearch(text: "vegetalisation cour")).hits.first)
        #expect(hit.example.id == "oasis")
        #expect(hit.titleHighlights == [
            HighlightSegment(text: "Une ", isMatch: false),
            HighlightSegment(text: "cour", isMatch: true),
            HighlightSegment(text: " oasis dans une école", isMatch: false),
        ])
        #expect(hit.summaryHighlights == [
            HighlightSegment(text: "Désimperméabilisation et ", isMatch: false),
            HighlightSegment(text: "végétalisations", isMatch: true),
            HighlightSegment(text: " de la ", isMatch: false),
            HighlightSegment(text: "cour", isMatch: true),
            HighlightSegment(text: ".", isMatch: false),
        ])
        #expect(hit.highlights("Creil") == [HighlightSegment(text: "Creil", isMatch: false)])
    }

    @Test func weightedFieldsRankKeyActionAndTagsAboveNothing() {
        // "Climat" is a tag of ilots, oasis and carte and the key action title of ilots and oasis;
        // oasis has the shorter tag field.
        #expect(ids(CatalogueSearch(text: "climat")) == ["oasis", "ilots", "carte"])
    }

    @Test func bm25ScoresComputedByHand() throws {
        let catalogue = Catalogue(
            keyActions: [KeyAction(number: 1, axis: 1, title: "", summary: "")],
            examples: [CatalogueFixtures.example("a", keyAction: 1, title: "Jardin partagé"),
                       CatalogueFixtures.example("b", keyAction: 1, title: "Jardin")])
        let hits = CatalogueIndex(catalogue).search(CatalogueSearch(text: "jardins")).hits
        #expect(hits.map(\.example.id) == ["b", "a"])
        // idf = ln(1 + (2 − 2 + 0.5) / (2 + 0.5)) = ln 1.2; title weight 3, average title length 1.5.
        // b: tf = 3 / (0.25 + 0.75 × 1 / 1.5) = 4, score = idf × 4 × 2.2 / (4 + 1.2)
        // a: tf = 3 / (0.25 + 0.75 × 2 / 1.5) = 2.4, score = idf × 2.4 × 2.2 / (2.4 + 1.2)
        #expect(abs(hits[0].score - 0.3085441730359232) < 1e-12)
        #expect(abs(hits[1].score - 0.26740494996446673) < 1e-12)
    }

    @Test func allWordsAndPhraseBonuses() throws {
        let catalogue = Catalogue(
            keyActions: [KeyAction(number: 1, axis: 1, title: "", summary: "")],
            examples: [CatalogueFixtures.example("ordre", keyAction: 1, title: "Oasis pour une cour"),
                       CatalogueFixtures.example("phrase", keyAction: 1, title: "Une cour oasis"),
                       CatalogueFixtures.example("seul", keyAction: 1, title: "Oasis")])
        let hits = CatalogueIndex(catalogue).search(CatalogueSearch(text: "cour oasis")).hits
        #expect(hits.map(\.example.id) == ["phrase", "ordre", "seul"])
        #expect(hits.map(\.isPhraseMatch) == [true, false, false])
        // Same words and lengths: only the title phrase bonus (3) tells the first two apart.
        #expect(abs(hits[0].score - hits[1].score - 3) < 1e-12)
    }

    @Test func phraseInAnotherFieldEarnsTheSmallerBonus() {
        let catalogue = Catalogue(
            keyActions: [KeyAction(number: 1, axis: 1, title: "", summary: "")],
            examples: [CatalogueFixtures.example("a", keyAction: 1, title: "Projet", summary: "Des oasis pour la cour"),
                       CatalogueFixtures.example("b", keyAction: 1, title: "Projet", summary: "Une cour en oasis")])
        let hits = CatalogueIndex(catalogue).search(CatalogueSearch(text: "cour d'oasis")).hits
        #expect(hits.map(\.example.id) == ["b", "a"])
        #expect(abs(hits[0].score - hits[1].score - 1.5) < 1e-12)
    }

    @Test func aPhraseNeverSpansTwoTextsOfAField() {
        var split = CatalogueFixtures.example("split", keyAction: 1, title: "Projet", summary: "Ils ont refait la cour")
        split.method = "Oasis plantée"
        var joined = CatalogueFixtures.example("joined", keyAction: 1, title: "Projet", summary: "Ils ont refait la cour")
        joined.method = "Une cour oasis"
        let catalogue = Catalogue(keyActions: [KeyAction(number: 1, axis: 1, title: "", summary: "")], examples: [split, joined])
        let hits = CatalogueIndex(catalogue).search(CatalogueSearch(text: "cour oasis")).hits
        #expect(hits.map(\.example.id) == ["joined", "split"])
        #expect(hits.map(\.isPhraseMatch) == [true, false])
    }

    @Test func partnersAndPilotsAreSearchable() {
        var example = CatalogueFixtures.example("p", keyAction: 1, title: "Projet")
        example.pilot = ActorMention(name: "ADEME", kind: .publicAgency)
        example.partners = [ActorMention(name: "Banque des Territoires", kind: .publicAgency)]
        let index = CatalogueIndex(Catalogue(keyActions: [KeyAction(number: 1, axis: 1, title: "", summary: "")], examples: [example]))
        #expect(index.search(CatalogueSearch(text: "ademe")).hits.count == 1)
        #expect(index.search(CatalogueSearch(text: "banque territoire")).hits.first?.isPhraseMatch == true)
    }

    @Test func tiesAreBrokenByTitle() {
        let catalogue = Catalogue(
            keyActions: [KeyAction(number: 1, axis: 1, title: "", summary: "")],
            examples: [CatalogueFixtures.example("z", keyAction: 1, title: "Zèbre", summary: "jardin"),
                       CatalogueFixtures.example("e", keyAction: 1, title: "Écureuil", summary: "jardin"),
                       CatalogueFixtures.example("a", keyAction: 1, title: "Abeille", summary: "jardin")])
        let hits = CatalogueIndex(catalogue).search(CatalogueSearch(text: "jardin")).hits
        #expect(hits.map(\.example.id) == ["a", "e", "z"])
        #expect(Set(hits.map(\.score)).count == 1)
    }

    @Test func queryWithoutWordsListsEverythingInCatalogueOrder() {
        for text in ["", "  ", "de la", "l'"] {
            let results = index.search(CatalogueSearch(text: text))
            #expect(results.hits.map(\.example.id) == ["ilots", "oasis", "velo", "carte"])
            #expect(results.isEmptyQuery)
            #expect(results.hits.allSatisfy { $0.score == 0 && $0.matchedTerms.isEmpty })
        }
        #expect(index.search(CatalogueSearch(text: "de la")).ignoredWords == ["de", "la"])
    }

    @Test func filters() {
        #expect(ids(CatalogueSearch(theme: .mobility)) == ["velo"])
        #expect(ids(CatalogueSearch(theme: .climate)) == ["ilots", "oasis", "carte"])
        #expect(ids(CatalogueSearch(scale: .building)) == ["oasis"])
        #expect(ids(CatalogueSearch(costBand: .from200kTo1m)) == ["oasis"])
        #expect(ids(CatalogueSearch(costBand: .unknown)) == ["ilots", "velo", "carte"])
        #expect(ids(CatalogueSearch(region: "hauts de france")) == ["oasis", "velo"])
        #expect(ids(CatalogueSearch(region: "ILE-DE-FRANCE")) == ["ilots"])
        #expect(ids(CatalogueSearch(region: "")) == ["ilots", "oasis", "velo", "carte"])
        #expect(ids(CatalogueSearch(audience: .women)) == ["velo"])
        #expect(ids(CatalogueSearch(axis: 1)) == ["carte"])
        #expect(ids(CatalogueSearch(axis: 2)) == ["ilots", "oasis", "velo"])
        #expect(ids(CatalogueSearch(keyAction: 2)) == ["ilots", "oasis"])
        #expect(ids(CatalogueSearch(text: "climat", region: "Hauts-de-France")) == ["oasis"])
        #expect(ids(CatalogueSearch(text: "velo", axis: 1)) == [])
    }

    @Test func retiredExamplesOnlyWhenAsked() {
        var catalogue = CatalogueFixtures.small
        catalogue.examples[1].retire(reason: "Remplacé par un exemple plus récent")
        let index = CatalogueIndex(catalogue)
        #expect(ids(CatalogueSearch(text: "cour oasis"), in: index) == [])
        #expect(ids(CatalogueSearch(text: "cour oasis", includeRetired: true), in: index) == ["oasis"])
        #expect(ids(CatalogueSearch(), in: index) == ["ilots", "velo", "carte"])
    }

    @Test func anyWordByDefaultAllWordsOnRequest() {
        let any = index.search(CatalogueSearch(text: "cour paris"))
        #expect(any.hits.map(\.example.id) == ["oasis", "ilots"])
        #expect(any.hits.map(\.matchedWords) == [["cour"], ["paris"]])
        #expect(ids(CatalogueSearch(text: "cour paris", requireAllWords: true)) == [])
        #expect(ids(CatalogueSearch(text: "cour creil", requireAllWords: true)) == ["oasis"])
        #expect(ids(CatalogueSearch(text: "inconnu")) == [])
    }

    @Test func realCatalogueFindsWhatTheBriefAsks() throws {
        let index = CatalogueIndex(CatalogueFixtures.real)
        let fraicheur = index.search(CatalogueSearch(text: "ilot de fraicheur"))
        #expect(fraicheur.hits.first?.example.id == "carte-des-ilots-de-fraicheur-et-horaires-elargis-a-paris")
        #expect(fraicheur.hits.first?.isPhraseMatch == true)
        #expect(fraicheur.hits.first?.titleHighlights == [
            HighlightSegment(text: "Carte des ", isMatch: false),
            HighlightSegment(text: "îlots", isMatch: true),
            HighlightSegment(text: " de ", isMatch: false),
            HighlightSegment(text: "fraîcheur", isMatch: true),
            HighlightSegment(text: " et horaires élargis à Paris", isMatch: false),
        ])
        let oasis = index.search(CatalogueSearch(text: "cour oasis"))
        #expect(oasis.hits.first?.example.id == "methode-reproductible-pour-des-cours-oasis-dans-9-ecoles-de-creil")
        let vegetalisation = index.search(CatalogueSearch(text: "vegetalisations"))
        #expect(vegetalisation.hits.map(\.example.id) == ["vegetalisation-de-la-dalle-du-forum-a-montreynaud-saint-etienne",
                                                         "carte-des-sites-prioritaires-a-vegetaliser-a-saint-georges-de-reneins-sesame"])
        #expect(index.search(CatalogueSearch(keyAction: 8)).hits.count == 9)
        #expect(index.search(CatalogueSearch(region: "Hauts-de-France")).hits.count == 33)
    }

    @Test func searchIsDeterministic() {
        let first = CatalogueIndex(CatalogueFixtures.real).search(CatalogueSearch(text: "habitants du quartier climat"))
        let second = CatalogueIndex(CatalogueFixtures.real).search(CatalogueSearch(text: "habitants du quartier climat"))
        #expect(first == second)
        #expect(first.hits.count > 20)
    }
}
