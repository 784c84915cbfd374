import Testing
@testable import PasserelleDomain

@Suite struct TerritoryCodeIndexTests {
    let index = ObservatoryFixtures.index

    @Test(arguments: [
        ("1001", "01001"), ("01001", "01001"), (" 2a004 ", "2A004"), ("1", "01"), ("10010000", "010010000"),
        ("qn06224m", "QN06224M"), ("'01001", "01001"), ("246200364", "246200364"), ("62", "62"), ("971", "971"),
        ("\u{00A0}QP062001\u{202F}", "QP062001"),
    ])
    func normalisation(raw: String, expected: String) {
        #expect(TerritoryCodeIndex.normalize(raw) == expected)
    }

    @Test(arguments: [
        ("1001", 7), ("01001", 7), ("2A004", 8), ("2b033", 9), ("QN06224M", 10), ("qn06225m", 11), ("QP062001", 12),
        ("246200364", 5), ("200072460", 6), ("010010000", 13), ("10010000", 13), ("62", 3), ("62498", 14),
    ])
    func resolvesEveryKindOfCode(raw: String, id: Int) throws {
        let resolved = try index.resolve(raw).get()
        #expect(resolved.id == id)
        #expect(resolved.setAside == [])
    }

    @Test func bareSharedCodeFollowsTheResolutionOrder() throws {
        let resolved = try index.resolve("32").get()
        #expect(resolved == ResolvedTerritory(id: 2, key: TerritoryKey(kind: .department, code: "32"), setAside: [.region]))
        // "1" is "01": the Ain before Guadeloupe.
        #expect(try index.resolve("1").get().id == 4)
    }

    @Test func explicitKindWins() throws {
        #expect(try index.resolve("32", kind: .region).get() == ResolvedTerritory(id: 1, key: TerritoryKey(kind: .region, code: "32")))
        #expect(try index.resolve("1", kind: .region).get().id == 16)
        #expect(index.resolve("62", kind: .region) == .failure(.unknownForKind(code: "62", kind: .region)))
    }

    @Test func ambiguityCanBeRefused() throws {
        let result = index.resolve("32", ambiguity: .reject)
        #expect(result == .failure(.ambiguous(code: "32", kinds: [.department, .region])))
        if case .failure(let problem) = result {
            #expect(problem.message == "code « 32 » ambigu : il désigne plusieurs niveaux (Département, Région) ; précisez le niveau")
        }
        #expect(try index.resolve("62", ambiguity: .reject).get().id == 3)
    }

    @Test func problemsNameTheCode() {
        #expect(index.resolve("QN99999X") == .failure(.unknown(code: "QN99999X")))
        #expect(CodeProblem.unknown(code: "QN99999X").message == "code territoire « QN99999X » inconnu")
        #expect(index.resolve("  ") == .failure(.empty))
        #expect(CodeProblem.empty.message == "code territoire vide")
        #expect(CodeProblem.unknownForKind(code: "62", kind: .region).message == "code territoire « 62 » inconnu au niveau « Région »")
    }

    @Test func buildsFromTerritories() throws {
        let index = TerritoryCodeIndex([Territory(id: 42, kind: .commune, code: "62498", name: "Lens")])
        #expect(index.count == 1)
        #expect(try index.resolve("62498").get().id == 42)
    }
}
