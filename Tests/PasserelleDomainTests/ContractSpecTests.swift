import Foundation
@testable import PasserelleDomain
import Testing

/// The demo contracts of seed 004 as shipped in Resources/demo/contracts.json.
struct ContractSpecTests {
    struct File: Decodable {
        var source: String
        var contracts: [ContractSpec]
    }

    static func demo() throws -> [String: ContractSpec] {
        let url = ReferenceGeographyTests.directory.deletingLastPathComponent().appendingPathComponent("demo/contracts.json")
        let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        return Dictionary(uniqueKeysWithValues: file.contracts.map { ($0.slug, $0) })
    }

    @Test func theThreeContractsAreValid() throws {
        let contracts = try Self.demo()
        #expect(Set(contracts.keys) == ["call", "cabbalr", "cab"])
        for contract in contracts.values {
            #expect(contract.validationProblems().isEmpty, "\(contract.slug)")
            #expect(contract.startYear == 2024 && contract.endYear == 2030)
        }
    }

    @Test func lensLievinHasThreePillarsAndTwelveAmbitions() throws {
        let call = try #require(try Self.demo()["call"])
        #expect(call.epciSiren == "246200364")
        #expect(call.tree.map(\.title) == ["Prévenir – repérer", "Agir", "Coopérer"])
        #expect(call.tree.map(\.children.count) == [5, 5, 2])
        #expect(call.transversalAxes.map(\.title) == ["Participation des habitants", "Transition écologique"])
        #expect(call.level(atDepth: 1) == .ambition)
        #expect(call.treeNotes?.isEmpty == false, "what the seed leaves out is said, not invented")
    }

    @Test func bethuneBruayHasThreeStakesAndTenAmbitions() throws {
        let cabbalr = try #require(try Self.demo()["cabbalr"])
        #expect(cabbalr.epciSiren == "200072460")
        #expect(cabbalr.tree.count == 3)
        #expect(cabbalr.tree.flatMap(\.children).count == 10)
        #expect(cabbalr.transversalAxes.count == 3)
        #expect(cabbalr.levelNames == ["Enjeu", "Ambition", "Objectif"])
    }

    @Test func boulonnaisHasFourStrategicAxes() throws {
        let cab = try #require(try Self.demo()["cab"])
        #expect(cab.epciSiren == "246200729")
        #expect(cab.tree.count == 4)
        #expect(cab.levels == [.pillar, .objective])
        #expect(cab.level(atDepth: 1) == .objective)
    }

    @Test func duplicateCodesAreReported() {
        let spec = ContractSpec(
            slug: "x", name: "X", shortName: "X", epciSiren: "246200364", startYear: 2024, endYear: 2030, signedOn: nil, summary: nil,
            levelNames: ["Pilier"], levels: [.pillar],
            tree: [.init(code: "P1", title: "A"), .init(code: "P1", title: "B")],
            treeNotes: nil, transversalAxes: [], signatories: [], signatoryNotes: nil, governance: [], governanceNotes: nil, qpvFacts: nil)
        #expect(spec.validationProblems() == ["contrat « x » : le code « P1 » est utilisé deux fois"])
    }
}
