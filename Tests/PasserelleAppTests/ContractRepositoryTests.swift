import PasserelleDomain
@testable import PasserelleApp
import Testing
import Vapor

struct ContractRepositoryTests {
    @Test(arguments: Engine.allCases)
    func theThreeDemoContractsListTheirQPV(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let contracts = try await SQLContractRepository(database: app.db).list(concerning: nil)
            let bySlug = Dictionary(uniqueKeysWithValues: contracts.map { ($0.slug, $0) })
            #expect(bySlug["call"]?.qpvCodes.count == 22)
            #expect(bySlug["cabbalr"]?.qpvCodes.count == 16)
            #expect(bySlug["cab"]?.qpvCodes == ["QN06249M", "QN06250M", "QN06251M", "QN06252M"])
            #expect(bySlug["call"]?.qpvCodes.contains("QN06216M") == true)
            #expect(bySlug["cabbalr"]?.qpvCodes.contains("QN06216M") == true)
            #expect(contracts.allSatisfy { $0.isDemo })
        }
    }

    @Test(arguments: Engine.allCases)
    func theLensLievinTree(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let repository = SQLContractRepository(database: app.db)
            let id = try #require(try await repository.id(forSlug: "call"))
            let detail = try #require(try await repository.find(id: id))
            #expect(detail.contract.epci.code == "246200364")
            #expect(detail.tree.map(\.title) == ["Prévenir – repérer", "Agir", "Coopérer"])
            #expect(detail.tree.map(\.children.count) == [5, 5, 2])
            #expect(detail.countsByLevel == [.pillar: 3, .ambition: 12])
            #expect(detail.tree[0].levelName == "Pilier stratégique")
            #expect(detail.tree[1].children[0].code == "P2.A1")
            #expect(detail.transversalAxes.map(\.title) == ["Participation des habitants", "Transition écologique"])
            #expect(detail.signatories.count == 35)
            #expect(detail.governance.first?.kind == .steering)
            #expect(!detail.contract.notes.tree.isEmpty)
            #expect(detail.qpv.count == 22)
        }
    }

    @Test(arguments: Engine.allCases)
    func contractsConcerningATerritory(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let territories = SQLTerritoryRepository(database: app.db)
            let contracts = SQLContractRepository(database: app.db)
            let shared = try #require(try await territories.find(code: "QN06216M", kind: .qpv))
            #expect(Set(try await contracts.list(concerning: shared.id).map(\.slug)) == ["call", "cabbalr"])
            let lens = try #require(try await territories.find(code: "62498", kind: .commune))
            try #expect(await contracts.list(concerning: lens.id).map(\.slug) == ["call"])
            let paris = try #require(try await territories.find(code: "75056", kind: .commune))
            try #expect(await contracts.list(concerning: paris.id).isEmpty)
        }
    }

    @Test(arguments: Engine.allCases)
    func loadingTheDemoTwiceChangesNothing(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            try #expect(await DemoImport.run(on: app.db).isEmpty)
            try #expect(await SQLContractRepository(database: app.db).list(concerning: nil).count == 3)
        }
    }

    @Test(arguments: Engine.allCases)
    func aContractForAnUnknownEPCIIsRefusedAndNothingIsWritten(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            var template = try #require(try DemoImport.contractsFile().contracts.first)
            template.slug = "inconnu"
            template.epciSiren = "999999999"
            let spec = template
            await #expect(throws: ContractLoadError.self) {
                try await app.db.transaction { db in
                    _ = try await SQLContractRepository(database: db).create(from: spec, source: nil, isDemo: false)
                }
            }
            try #expect(await SQLContractRepository(database: app.db).id(forSlug: "inconnu") == nil)
        }
    }
}
