import Foundation
import Testing
@testable import PasserelleDomain

@Suite struct CatalogueCurationTests {
    @Test func keyActionChangesCoverTitleSummaryAndTags() throws {
        let original = try #require(CatalogueFixtures.real.keyAction(number: 8))
        #expect(original.changes(from: original) == [])
        var edited = original
        edited.title = "Privilégier les solutions fondées sur la nature"
        edited.vulnerabilities.append(.drought)
        #expect(edited.changes(from: original) == [
            CatalogueChange(recordID: "8", field: "title", before: "Privilégier actions à coûts constants et solutions fondées sur la nature",
                            after: "Privilégier les solutions fondées sur la nature"),
            CatalogueChange(recordID: "8", field: "vulnerabilities", before: "Exposition à la chaleur | Risque d'inondation | Manque d'espaces verts",
                            after: "Exposition à la chaleur | Risque d'inondation | Manque d'espaces verts | Sécheresse"),
        ])
        #expect(edited.changes(from: original)[1].fieldLabel(for: .keyAction) == "Vulnérabilités")
    }

    @Test func actorChangesAndRetirement() throws {
        let original = try #require(CatalogueFixtures.real.actor(id: "maison-du-velo"))
        var edited = original
        edited.territory = "Valenciennes"
        edited.themes.append(.health)
        edited.retire(reason: "Association dissoute")
        let changes = edited.changes(from: original)
        #expect(changes.map(\.field) == ["themes", "territory", "status", "retiredReason"])
        #expect(changes.map { $0.fieldLabel(for: .actor) } == ["Thèmes", "Territoire d'action", "Statut", "Motif du retrait"])
        #expect(changes[2] == CatalogueChange(recordID: "maison-du-velo", field: "status", before: "Actif", after: "Retiré"))
        var back = edited
        back.reinstate()
        #expect(back.status == .active && back.retiredReason == nil)
    }

    @Test func creationChangesListEveryFieldWithAValue() {
        let actor = CatalogueActor(id: "regie-de-quartier", name: "Régie de quartier", kind: .association, themes: [.waste], territory: "Lens")
        #expect(actor.creationChanges == [
            CatalogueChange(recordID: "regie-de-quartier", field: "id", before: nil, after: "regie-de-quartier"),
            CatalogueChange(recordID: "regie-de-quartier", field: "name", before: nil, after: "Régie de quartier"),
            CatalogueChange(recordID: "regie-de-quartier", field: "kind", before: nil, after: "Association"),
            CatalogueChange(recordID: "regie-de-quartier", field: "themes", before: nil, after: "Déchets"),
            CatalogueChange(recordID: "regie-de-quartier", field: "territory", before: nil, after: "Lens"),
            CatalogueChange(recordID: "regie-de-quartier", field: "status", before: nil, after: "Actif"),
        ])
        let example = CatalogueFixtures.example("carte", keyAction: 1, title: "Carte", summary: "Une carte.")
        #expect(example.creationChanges.map(\.field) == ["id", "keyAction", "title", "scale", "summary", "tags.costBand", "status"])
        #expect(example.creationChanges.allSatisfy { $0.before == nil })
    }

    @Test func onlyWebAddressesAreAccepted() {
        #expect(CatalogueText.isWebAddress("https://www.ecologie.gouv.fr/plan"))
        #expect(CatalogueText.isWebAddress("HTTP://exemple.fr"))
        #expect(!CatalogueText.isWebAddress("javascript:alert(1)"))
        #expect(!CatalogueText.isWebAddress("data:text/html,<b>"))
        #expect(!CatalogueText.isWebAddress("https://"))
        #expect(!CatalogueText.isWebAddress("https://exemple.fr/a b"))
        #expect(!CatalogueText.isWebAddress("www.exemple.fr"))
    }

    @Test func emailAddressesAreSpotted() {
        #expect(CatalogueText.containsEmailAddress("Écrire à jean.dupont@ville-lens.fr"))
        #expect(CatalogueText.containsEmailAddress("contact@exemple.org"))
        #expect(!CatalogueText.containsEmailAddress("Direction de la transition écologique"))
        #expect(!CatalogueText.containsEmailAddress("Service @ mairie"))
        #expect(!CatalogueText.containsEmailAddress("chef@projet"))
    }

    @Test func validationRefusesBadLinksPersonalAddressesAndActorsRetiredWithoutReason() {
        var catalogue = CatalogueFixtures.small
        catalogue.examples[0].resources = [ExampleResource(title: "Piège", url: "javascript:alert(1)"), ExampleResource(title: " ", url: nil)]
        catalogue.examples[1].contactRole = "Mme Martin, martin@creil.fr"
        catalogue.actors = [CatalogueActor(id: "ville", name: "Ville", kind: .localAuthority, territory: "", status: .retired),
                            CatalogueActor(id: "asso", name: "Asso", kind: .association, territory: "", retiredReason: "oubli")]
        #expect(catalogue.validate().map(\.description) == [
            "exemple « ilots » (position 1), champ « resources[0].url » : adresse « javascript:alert(1) » refusée : une adresse web commençant par http:// ou https:// est attendue",
            "exemple « ilots » (position 1), champ « resources[1].title » : le titre de la ressource est vide",
            "exemple « oasis » (position 2), champ « contactRole » : le contact doit nommer un service ou une fonction, jamais une adresse électronique personnelle",
            "acteur « ville » (position 1), champ « retiredReason » : un acteur retiré doit dire pourquoi",
            "acteur « asso » (position 2), champ « retiredReason » : un acteur actif ne peut pas avoir de motif de retrait",
        ])
        #expect(CatalogueFixtures.real.validate() == [], "the shipped catalogue passes")
    }

    @Test func exportKeepsRetiredActors() throws {
        var catalogue = CatalogueFixtures.real
        catalogue.actors[0].retire(reason: "Doublon")
        let imported = try Catalogue.decodeExport(catalogue.encodeJSON())
        #expect(imported == catalogue)
        #expect(imported.actors[0].status == .retired && imported.actors[0].retiredReason == "Doublon")
    }
}
