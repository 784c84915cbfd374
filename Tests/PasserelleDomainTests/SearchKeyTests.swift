@testable import PasserelleDomain
import Testing

struct SearchKeyTests {
    @Test(arguments: [
        ("Nœux-les-Mines", "noeux les mines"),
        ("L'Abergement-Clémenciat", "l abergement clemenciat"),
        ("ÉTAPLES", "etaples"),
        ("Saint-Martin-Boulogne", "saint martin boulogne"),
        ("Quartier du 3/15", "quartier du 3 15"),
        ("Cité 12-14", "cite 12 14"),
        ("l’île", "l ile"),
        ("  Œuvre   ÆSOP  ", "oeuvre aesop"),
        ("Îlots de fraîcheur", "ilots de fraicheur"),
        ("", ""),
    ])
    func folds(_ input: String, _ expected: String) {
        #expect(SearchKey.fold(input) == expected)
    }

    @Test func combiningAccentsAreDropped() {
        // "é" written as "e" + U+0301, as some files do.
        #expect(SearchKey.fold("Me\u{0301}ricourt") == "mericourt")
    }
}
