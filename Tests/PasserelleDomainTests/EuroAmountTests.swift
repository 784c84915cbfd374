import Testing
@testable import PasserelleDomain

@Suite struct EuroAmountTests {
    @Test func formatsTheFrenchWay() {
        #expect(EuroAmount.format(12_000) == "12\u{202F}000\u{00A0}€")
        #expect(EuroAmount.format(12_500.5) == "12\u{202F}500,50\u{00A0}€")
        #expect(EuroAmount.format(1_234_567.89) == "1\u{202F}234\u{202F}567,89\u{00A0}€")
        #expect(EuroAmount.format(999) == "999\u{00A0}€")
        #expect(EuroAmount.format(0.01) == "0,01\u{00A0}€")
        #expect(EuroAmount.format(0.07) == "0,07\u{00A0}€")
        #expect(EuroAmount.format(-500) == "-500\u{00A0}€")
        #expect(frenchEuros("12 500,50 €") == EuroAmount.format(12_500.5))
    }

    @Test func addsToTheCent() {
        #expect(EuroAmount.sum([0.1, 0.2]) == 0.3)
        #expect(EuroAmount.cents(0.1 + 0.2) == 30)
        #expect(EuroAmount.cents(12_500.505) == 1_250_051)
    }

    @Test func splitsWithoutLosingACent() {
        #expect(EuroAmount.splitEqually(100, parts: 3) == [33.34, 33.33, 33.33])
        #expect(EuroAmount.splitEqually(100.01, parts: 2) == [50.01, 50])
        #expect(EuroAmount.splitEqually(6_000, parts: 2) == [3_000, 3_000])
        #expect(EuroAmount.splitEqually(-0.05, parts: 2) == [-0.03, -0.02])
        #expect(EuroAmount.splitEqually(10, parts: 0) == [])
    }

    @Test(arguments: [
        ("12 500,50", 12_500.5), ("12500,50", 12_500.5), ("12500.50", 12_500.5), ("12 500", 12_500.0),
        ("12\u{202F}500,50", 12_500.5), ("12\u{00A0}500 €", 12_500.0), ("  800 ", 800.0), ("1 234 567,8", 1_234_567.8),
        ("1.234,56", 1_234.56), ("0,05", 0.05), ("-500", -500.0),
    ])
    func readsFrenchAmounts(_ text: String, _ expected: Double) {
        #expect(EuroAmount.parse(text, field: "requested", fieldLabel: "Montant demandé") == .success(expected))
    }

    @Test func refusesWords() {
        #expect(EuroAmount.parse("douze mille", field: "fundingPlan[0].requested", fieldLabel: "Montant demandé à la Région")
            == .failure(FieldProblem(field: "fundingPlan[0].requested",
                message: "Montant demandé à la Région : « douze mille » n'est pas un montant ; écrivez-le en chiffres, par exemple 12 500,50.")))
    }

    @Test(arguments: ["douze mille", "12 500 euros", "12k", "12 %", "1,2,3", "--5", "€", "12,5a", "0x10", "1e3"])
    func refusesWhatIsNotAnAmount(_ text: String) {
        guard case .failure(let problem) = EuroAmount.parse(text, field: "f", fieldLabel: "Montant") else {
            Issue.record("« \(text) » was read as an amount")
            return
        }
        #expect(problem.field == "f")
        #expect(problem.message.hasPrefix("Montant : « "))
    }

    @Test func refusesEmptyTextAndFractionsOfACent() {
        #expect(EuroAmount.parse("  ", field: "f", fieldLabel: "Montant") == .failure(FieldProblem(field: "f", message: "Montant : le montant est vide.")))
        #expect(EuroAmount.parse("1.234", field: "f", fieldLabel: "Montant") == .failure(FieldProblem(field: "f",
            message: "Montant : « 1.234 » a plus de deux décimales ; les centimes s'écrivent après une virgule (12 500,50).")))
        #expect(EuroAmount.parse("12,505", field: "f", fieldLabel: "Montant").isFailureResult)
    }
}

extension Result {
    var isFailureResult: Bool { if case .failure = self { true } else { false } }
}
