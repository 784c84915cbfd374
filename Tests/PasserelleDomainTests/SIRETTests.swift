import Testing
@testable import PasserelleDomain

@Suite struct SIRETTests {
    @Test(arguments: ["73282932000074", "81223113200026", "23350001600040", "78200000100019", "13000000700018"])
    func acceptsLuhnValidSIRETs(_ siret: String) {
        #expect(SIRET.isValid(siret))
        #expect(SIRET.problem(siret) == nil)
    }

    @Test(arguments: ["73282932000075", "81223113200062", "78200000100018"])
    func rejectsAWrongKey(_ siret: String) {
        #expect(!SIRET.isValid(siret))
        #expect(SIRET.problem(siret) == "« \(siret) » n'est pas un SIRET valide : la clé de contrôle ne correspond pas (erreur de saisie ?)")
    }

    @Test func rejectsWrongLengthsAndLetters() {
        #expect(SIRET.problem("7328293200007") == "« 7328293200007 » n'est pas un SIRET : il faut 14 chiffres, il y en a 13")
        #expect(SIRET.problem("732829320000740") == "« 732829320000740 » n'est pas un SIRET : il faut 14 chiffres, il y en a 15")
        #expect(SIRET.problem("7328293200007A") == "« 7328293200007A » n'est pas un SIRET : il ne doit contenir que des chiffres")
        #expect(SIRET.problem("") == "«  » n'est pas un SIRET : il ne doit contenir que des chiffres")
        #expect(!SIRET.isValid("732 829 320 00074"))
    }

    @Test func normalisesWhatPeopleType() {
        #expect(SIRET.normalized("732 829 320 00074") == "73282932000074")
        #expect(SIRET.normalized("732\u{00A0}829\u{202F}320.00074") == "73282932000074")
        #expect(SIRET.isValid(SIRET.normalized("732 829 320 00074")))
    }

    @Test func acceptsLaPosteEstablishmentsByTheirOwnKey() {
        // Digits add up to 15 (a multiple of 5) but the Luhn sum does not end in 0.
        #expect(!Luhn.isValid(Array("35600000000010".utf8).map { $0 - 48 }))
        #expect(SIRET.isValid("35600000000010"))
        // The same digit-sum rule does not apply outside La Poste's SIREN.
        #expect(!SIRET.isValid("35600000100005"))
        #expect(!SIRET.isValid("12300000000010"))
    }

    @Test func checksSIREN() {
        #expect(SIREN.isValid("732829320"))
        #expect(SIREN.isValid("356000000"))
        #expect(!SIREN.isValid("732829321"))
        #expect(!SIREN.isValid("73282932"))
        #expect(!SIREN.isValid("73282932A"))
        #expect(SIRET.siren(of: "73282932000074") == "732829320")
        #expect(SIRET.siren(of: "73282932000075") == nil)
    }

    @Test func buildsCheckDigits() {
        #expect(Luhn.checkDigit(for: [7, 3, 2, 8, 2, 9, 3, 2]) == 0)
        #expect(Luhn.checkDigit(for: Array("7820000010001".utf8).map { $0 - 48 }) == 9)
    }
}
