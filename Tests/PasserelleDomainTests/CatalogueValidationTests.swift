import Foundation
import Testing
@testable import PasserelleDomain

@Suite struct CatalogueValidationTests {
    /// An export of the small catalogue with one edit applied to its JSON text.
    func importing(_ edit: (inout String) -> Void) throws -> CatalogueImportError {
        var text = String(decoding: try CatalogueFixtures.small.encodeJSON(), as: UTF8.self)
        edit(&text)
        return try #require(throws: CatalogueImportError.self) { try Catalogue.decodeExport(Data(text.utf8)) }
    }

    @Test func smallCatalogueIsValid() throws {
        #expect(CatalogueFixtures.small.validate() == [])
        #expect(try Catalogue.decodeExport(CatalogueFixtures.small.encodeJSON()) == CatalogueFixtures.small)
    }

    @Test func unknownKeyActionNumberNamesTheExample() {
        var catalogue = CatalogueFixtures.small
        catalogue.examples[2].keyAction = 14
        #expect(catalogue.validate().map(\.description) == [
            "exemple « velo » (position 3), champ « keyAction » : l'action clé n° 14 n'existe pas (actions clés connues : 1 à 3)",
        ])
    }

    @Test func duplicateIdPointsAtTheFirstUse() {
        var catalogue = CatalogueFixtures.small
        catalogue.examples[3].id = "ilots"
        let issues = catalogue.validate()
        #expect(issues.map(\.description) == [
            "exemple « ilots » (position 4), champ « id » : identifiant déjà utilisé par l'exemple en position 1",
        ])
        #expect(issues[0].kind == .example && issues[0].position == 4 && issues[0].field == "id")
    }

    @Test func emptyTitlesAndNamesAreRefused() {
        var catalogue = CatalogueFixtures.small
        catalogue.examples[1].title = "  "
        catalogue.keyActions[0].title = ""
        catalogue.actors = [CatalogueActor(id: "x", name: "", kind: .other, territory: "", examples: ["inconnu"])]
        #expect(catalogue.validate().map(\.description) == [
            "action clé n° 1, champ « title » : le titre est vide",
            "exemple « oasis » (position 2), champ « title » : le titre est vide",
            "acteur « x » (position 1), champ « name » : le nom est vide",
            "acteur « x » (position 1), champ « examples » : l'exemple « inconnu » n'existe pas",
        ])
    }

    @Test func structureErrors() {
        var catalogue = CatalogueFixtures.small
        catalogue.axes.append(CatalogueAxis(number: 2, title: "Encore", summary: ""))
        catalogue.keyActions[2].axis = 7
        catalogue.examples[0].id = "Îlots de fraîcheur"
        catalogue.examples[1].status = .retired
        catalogue.examples[2].retiredReason = "Pourquoi ?"
        #expect(catalogue.validate().map(\.description) == [
            "axe n° 2, champ « number » : numéro d'axe déjà utilisé par l'axe en position 2",
            "action clé n° 3, champ « axis » : l'axe n° 7 n'existe pas (axes connus : 1, 2)",
            "exemple « Îlots de fraîcheur » (position 1), champ « id » : identifiant mal formé : lettres minuscules sans accent, chiffres et tirets seulement",
            "exemple « oasis » (position 2), champ « retiredReason » : un exemple retiré doit dire pourquoi",
            "exemple « velo » (position 3), champ « retiredReason » : un exemple actif ne peut pas avoir de motif de retrait",
        ])
    }

    @Test func unknownThemeCodeIsReportedWithItsField() throws {
        let error = try importing { $0 = $0.replacingOccurrences(of: "\"mobility\"\n", with: "\"mobilite\"\n") }
        // "mobility" is the theme of key action 3 and of the example "velo": both are named.
        #expect(error.issues.map(\.description) == [
            "action clé n° 3, champ « themes[0] » : thème inconnu « mobilite » (codes admis : climate, energy, mobility, food, air, noise, water, waste, biodiversity, health, participation, economy)",
            "exemple « velo » (position 3), champ « tags.themes[0] » : thème inconnu « mobilite » (codes admis : climate, energy, mobility, food, air, noise, water, waste, biodiversity, health, participation, economy)",
        ])
    }

    @Test func otherUnknownCodesAgreeInFrench() throws {
        let error = try importing {
            $0 = $0.replacingOccurrences(of: "\"scale\" : \"building\"", with: "\"scale\" : \"immeuble\"")
                .replacingOccurrences(of: "\"women\"", with: "\"femmes\"")
        }
        #expect(error.issues.map(\.message) == [
            "échelle inconnue « immeuble » (codes admis : building, neighbourhood, commune, intercommunality, department, region, national)",
            "public inconnu « femmes » (codes admis : inhabitants, tenants, families, children, youth, women, seniors, jobSeekers, schools, associations, professionals)",
        ])
        #expect(error.issues.map(\.field) == ["scale", "tags.publics[0]"])
    }

    @Test func missingAndMistypedFields() throws {
        let error = try importing {
            $0 = $0.replacingOccurrences(of: "\"title\" : \"Carte des îlots de fraîcheur à Paris\"", with: "\"titre\" : \"Carte\"")
                .replacingOccurrences(of: "\"keyAction\" : 3,", with: "\"keyAction\" : \"trois\",")
                .replacingOccurrences(of: "\"title\" : \"Cartographie de la chaleur\"", with: "\"title\" : null")
        }
        #expect(error.issues.map(\.description) == [
            "exemple « ilots » (position 1), champ « title » : champ obligatoire absent",
            "exemple « velo » (position 3), champ « keyAction » : type inattendu : un nombre attendu",
            "exemple « carte » (position 4), champ « title » : valeur absente (null) alors qu'elle est obligatoire",
        ])
        #expect(error.issues[0].title == nil)
        #expect(error.issues[1].title == "Vélo-école pour les habitantes")
    }

    @Test func everyProblemIsReportedAndNothingImported() throws {
        let error = try importing {
            $0 = $0.replacingOccurrences(of: "\"heat\"", with: "\"canicule\"")
                .replacingOccurrences(of: "\"keyAction\" : 1,", with: "\"keyAction\" : 12,")
        }
        // Decoding problems come first; validation runs on a catalogue that decoded entirely.
        #expect(error.issues.count == 1)
        #expect(error.issues[0].field == "tags.vulnerabilities[0]")
        let second = try importing { $0 = $0.replacingOccurrences(of: "\"keyAction\" : 1,", with: "\"keyAction\" : 12,") }
        #expect(second.issues.map(\.description) == [
            "exemple « carte » (position 4), champ « keyAction » : l'action clé n° 12 n'existe pas (actions clés connues : 1 à 3)",
        ])
    }

    @Test func notJSONOrNotAnObject() throws {
        let notJSON = try #require(throws: CatalogueImportError.self) { try Catalogue.decodeExport(Data("identifiant;titre".utf8)) }
        #expect(notJSON.message == "Le catalogue n'a pas été importé : 1 erreur.\n– document : le fichier n'est pas un document JSON valide")
        let list = try #require(throws: CatalogueImportError.self) { try Catalogue.decodeExport(Data("[]".utf8)) }
        #expect(list.issues.map(\.description) == ["document : le document doit être un objet JSON"])
        let listField = try #require(throws: CatalogueImportError.self) {
            try Catalogue.decodeExport(Data(#"{"format":"passerelle-catalogue","version":1,"examples":{}}"#.utf8))
        }
        #expect(listField.issues.map(\.description) == ["document, champ « examples » : type inattendu : une liste attendu"])
    }

    @Test func recordsWithoutIdAreNamedByPositionAndTitle() {
        let issue = CatalogueIssue(kind: .example, position: 7, recordID: nil, title: "Cour oasis", field: "id", message: "champ obligatoire absent")
        #expect(issue.description == "exemple en position 7 « Cour oasis », champ « id » : champ obligatoire absent")
        #expect(CatalogueIssue(kind: .keyAction, position: 2, recordID: nil, field: nil, message: "x").description == "action clé en position 2 : x")
    }

    @Test func decodingThePaletteAloneReportsBadRecords() throws {
        let broken = Data(#"{"source":"x","examples":[{"id":"a","keyAction":1,"title":"T","scale":"quartier"}]}"#.utf8)
        let error = try #require(throws: CatalogueImportError.self) { try Catalogue.decodePalette(broken) }
        #expect(error.issues.map(\.description) == [
            "exemple « a » (position 1), champ « scale » : échelle inconnue « quartier » (codes admis : building, neighbourhood, commune, intercommunality, department, region, national)",
        ])
    }
}
