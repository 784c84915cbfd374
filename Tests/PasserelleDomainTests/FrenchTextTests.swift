import Testing
@testable import PasserelleDomain

@Suite struct FrenchTextTests {
    @Test(arguments: [
        ("ilots", "ilot"), ("cours", "cour"), ("cour", "cour"), ("vegetalisations", "vegetalisation"),
        ("locaux", "local"), ("locales", "local"), ("locale", "local"), ("sociaux", "social"), ("sociales", "social"),
        ("eaux", "eau"), ("eau", "eau"), ("reseaux", "reseau"), ("lieux", "lieu"), ("jeux", "jeu"),
        ("travaux", "travail"), ("maux", "mal"), ("baux", "bail"), ("commerciaux", "commercial"), ("tuyaux", "tuyau"), ("vegetalisee", "vegetalise"),
        ("vegetalisees", "vegetalise"), ("vegetalise", "vegetalise"), ("naturelles", "naturel"),
        ("quotidienne", "quotidien"), ("collectives", "collectif"), ("jardins", "jardin"), ("partagees", "partage"),
    ])
    func pluralsAndFemininesMeet(word: String, stem: String) {
        #expect(FrenchText.stem(word) == stem)
    }

    @Test(arguments: ["stress", "bus", "gaz", "prix", "taux", "pays", "temps", "ville", "course", "entre", "entree", "vert", "olive", "mal"])
    func wordsThatAreNotPluralsStayAsTheyAre(word: String) {
        #expect(FrenchText.stem(word) == word)
    }

    @Test(arguments: [("cour", "course"), ("entre", "entrees"), ("vegetal", "vegetalisation"), ("eau", "eaux pluviales"), ("ville", "vil"), ("mer", "merle")])
    func falseFriendsStayApart(first: String, second: String) {
        #expect(FrenchText.stem(first) != FrenchText.stem(second))
    }

    @Test func tokensKeepTheirPlaceInTheOriginalText() {
        let text = "L'îlot, « Nœux-les-Mines » ÉTÉ"
        let tokens = FrenchText.tokens(text)
        #expect(tokens.map { String(text[$0.range]) } == ["L", "îlot", "Nœux", "les", "Mines", "ÉTÉ"])
        #expect(tokens.map(\.folded) == ["l", "ilot", "noeux", "les", "mines", "ete"])
        #expect(tokens.map(\.isStopWord) == [true, false, false, true, false, false])
        #expect(tokens.map(\.stem) == ["l", "ilot", "noeu", "les", "mine", "ete"]) // a name loses its "x" too, harmlessly
    }

    @Test func stemsLeaveStopWordsOut() {
        #expect(FrenchText.stems("Îlots de fraîcheur pour les habitants du quartier") == ["ilot", "fraicheur", "habitant", "quartier"])
        #expect(FrenchText.stems("de la, et à l'") == [])
        #expect(FrenchText.stems("") == [])
    }

    @Test func decomposedAccentsStayInTheirWord() {
        let text = "I\u{302}lots" // "Î" written as I + combining circumflex
        let tokens = FrenchText.tokens(text)
        #expect(tokens.count == 1)
        #expect(tokens[0].stem == "ilot")
        #expect(String(text[tokens[0].range]) == text)
    }

    @Test func highlightMarksMatchingWordsInTheOriginalText() {
        #expect(FrenchText.highlight("Carte des îlots de fraîcheur à Paris", stems: ["ilot", "fraicheur"]) == [
            HighlightSegment(text: "Carte des ", isMatch: false),
            HighlightSegment(text: "îlots", isMatch: true),
            HighlightSegment(text: " de ", isMatch: false),
            HighlightSegment(text: "fraîcheur", isMatch: true),
            HighlightSegment(text: " à Paris", isMatch: false),
        ])
    }

    @Test func neighbouringMatchesFormOnePiece() {
        #expect(FrenchText.highlight("Des Cours Oasis, enfin.", stems: ["cour", "oasi"]) == [
            HighlightSegment(text: "Des ", isMatch: false),
            HighlightSegment(text: "Cours Oasis", isMatch: true),
            HighlightSegment(text: ", enfin.", isMatch: false),
        ])
    }

    @Test func highlightLeavesMarkupToTheApp() {
        let segments = FrenchText.highlight("<b>îlots</b> & co", stems: ["ilot"])
        #expect(segments == [
            HighlightSegment(text: "<b>", isMatch: false),
            HighlightSegment(text: "îlots", isMatch: true),
            HighlightSegment(text: "</b> & co", isMatch: false),
        ])
    }

    @Test(arguments: ["", "Sans rapport", "îlots", "Les îlots, les îlots ; et l'îlot !"])
    func highlightPiecesGiveTheTextBack(text: String) {
        let segments = FrenchText.highlight(text, stems: ["ilot"])
        #expect(segments.map(\.text).joined() == text)
        #expect(!segments.contains { $0.text.isEmpty })
    }

    @Test func stopWordsAreNeverHighlighted() {
        #expect(FrenchText.highlight("La cour de la ville", stems: ["la", "cour"]) == [
            HighlightSegment(text: "La ", isMatch: false),
            HighlightSegment(text: "cour", isMatch: true),
            HighlightSegment(text: " de la ville", isMatch: false),
        ])
        #expect(FrenchText.highlight("Rien", stems: []) == [HighlightSegment(text: "Rien", isMatch: false)])
    }
}
