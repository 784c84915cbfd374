import Foundation
@testable import PasserelleDomain
import Testing

/// The real 2024 reference files shipped with the app, and small broken copies of them.
struct ReferenceGeographyTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/PasserelleApp/Resources/reference")

    static func realFiles() throws -> ReferenceGeography.Files {
        func read(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: directory.appendingPathComponent(name))) }
        let names = ReferenceGeography.Files.names
        return ReferenceGeography.Files(
            regions: try read(names.regions), departments: try read(names.departments), communes: try read(names.communes),
            communePopulations: try read(names.communePopulations), epciComposition: try read(names.epciComposition),
            qpvList: try read(names.qpvList))
    }

    static let geography: Result<ReferenceGeography, any Error> = Result { try ReferenceGeography.build(from: realFiles()) }

    private func children(of parent: TerritoryKey, kind: TerritoryKind, in geography: ReferenceGeography) -> Set<String> {
        Set(geography.links.filter { $0.parent == parent && $0.child.kind == kind }.map(\.child.code))
    }

    @Test func countsOfThe2024Geography() throws {
        let geography = try Self.geography.get()
        let byKind = Dictionary(grouping: geography.territories, by: \.kind).mapValues(\.count)
        #expect(byKind[.qpv] == 1493)
        #expect(geography.territories.filter { $0.kind == .qpv && !$0.code.hasPrefix("QN97") }.count == 1362)
        #expect(byKind[.commune] == 34935)
        #expect(byKind[.department] == 101)
        #expect(byKind[.region] == 18)
        #expect(byKind[.country] == 1)
        #expect(byKind[.epci] == 1255)
    }

    @Test(arguments: [
        ("246200364", 36, 22), // CA de Lens-Liévin
        ("200072460", 100, 16), // CA Béthune-Bruay Artois Lys Romane
        ("246200729", 22, 4), // CA du Boulonnais
    ])
    func communesAndQPVOfTheThreeAgglomerations(siren: String, communes: Int, qpv: Int) throws {
        let geography = try Self.geography.get()
        let epci = TerritoryKey(kind: .epci, code: siren)
        #expect(children(of: epci, kind: .commune, in: geography).count == communes)
        #expect(children(of: epci, kind: .qpv, in: geography).count == qpv)
    }

    @Test func qpvSpanningTwoEPCI() throws {
        let geography = try Self.geography.get()
        func epcis(_ qpv: String) -> Set<String> {
            Set(geography.links.filter { $0.child == TerritoryKey(kind: .qpv, code: qpv) && $0.parent.kind == .epci }.map(\.parent.code))
        }
        #expect(epcis("QN06216M") == ["246200364", "200072460"])
        for code in ["QN06243M", "QN06245M", "QN06247M"] {
            #expect(epcis(code) == ["246200364", "246200299"], "\(code) touches CALL and CA Hénin-Carvin")
        }
        let communes = Set(geography.links.filter { $0.child == TerritoryKey(kind: .qpv, code: "QN06216M") && $0.parent.kind == .commune }.map(\.parent.code))
        #expect(communes == ["62276", "62401", "62464"])
    }

    @Test func populationsAndNames() throws {
        let geography = try Self.geography.get()
        let byKey = Dictionary(uniqueKeysWithValues: geography.territories.map { ($0.key, $0) })
        let call = try #require(byKey[TerritoryKey(kind: .epci, code: "246200364")])
        #expect(call.name == "CA de Lens - Liévin")
        #expect(call.population == 244_525)
        #expect(call.municipalPopulation == 242_587)
        #expect(byKey[TerritoryKey(kind: .epci, code: "246200729")]?.population == 113_742)
        #expect(byKey[TerritoryKey(kind: .commune, code: "62617")]?.name == "Nœux-les-Mines")
        #expect(byKey[TerritoryKey(kind: .qpv, code: "QN06224M")]?.name == "Cité 12-14")
        #expect(byKey[TerritoryKey(kind: .commune, code: "2A004")]?.name == "Ajaccio")
        #expect(byKey[TerritoryKey(kind: .region, code: "32")]?.name == "Hauts-de-France")
        #expect(byKey[TerritoryKey(kind: .department, code: "32")]?.name == "Gers")
    }

    @Test func aMissingColumnNamesTheFileAndLine() throws {
        var files = try Self.realFiles()
        files.regions = Array("REG,CHEFLIEU,NOM\r\n32,59350,Hauts-de-France\r\n".utf8)
        #expect(throws: ReferenceFileError(file: "cog2024/regions.csv", line: 1, message: "la colonne « LIBELLE » manque dans l'en-tête")) {
            _ = try ReferenceGeography.build(from: files)
        }
    }

    @Test func aTruncatedLineNamesTheFileAndLine() throws {
        var files = try Self.realFiles()
        var text = String(decoding: files.departments, as: UTF8.self)
        text = text.replacingOccurrences(of: "62,32,62041,2,PAS DE CALAIS,Pas-de-Calais,Pas-de-Calais", with: "62,32")
        files.departments = Array(text.utf8)
        let error = try #require(throws: ReferenceFileError.self) { try ReferenceGeography.build(from: files) }
        #expect(error.file == "cog2024/departements.csv")
        #expect(error.line == 64)
        #expect(error.message.contains("LIBELLE"))
    }

    @Test func aNonNumericPopulationIsRefused() throws {
        var files = try Self.realFiles()
        var text = String(decoding: files.epciComposition, as: UTF8.self)
        text = text.replacingOccurrences(of: "CA de Lens - Liévin,CA,FPU,36,244525", with: "CA de Lens - Liévin,CA,FPU,36,beaucoup")
        files.epciComposition = Array(text.utf8)
        let error = try #require(throws: ReferenceFileError.self) { try ReferenceGeography.build(from: files) }
        #expect(error.file == "cog2024/epcicom__Epcicom2024.csv")
        #expect(error.message == "la colonne « total_pop_tot » contient « beaucoup » au lieu d'un nombre entier")
    }
}
