import Testing
@testable import PasserelleDomain

@Suite struct ActorDirectoryTests {
    let directory = ActorDirectory(CatalogueFixtures.real)

    @Test func noWordsListsEveryActiveActorByName() {
        let hits = directory.search(ActorQuery())
        #expect(hits.count == 136)
        #expect(hits.prefix(3).map(\.actor.name) == ["ADEME", "ADEME Hauts-de-France", "Adéus (Agence d'études urbaines et sociales)"])
        #expect(hits.allSatisfy { $0.score == 0 })
    }

    @Test func accentsCaseAndPluralsDoNotMatter() {
        let eru = directory.search(ActorQuery(text: "ecole du renouvellement urbain"))
        #expect(eru.first?.actor.id == "ecole-du-renouvellement-urbain-eru")
        let centres = directory.search(ActorQuery(text: "CENTRES DE RESSOURCES"))
        #expect(centres.prefix(5).allSatisfy { $0.actor.kind == .resourceCentre }, "the kind's label counts too")
        #expect(centres.first?.actor.name.contains("ressources") == true, "a name holding both words comes first")
    }

    @Test func nameMatchesComeBeforeKindAndExampleMatches() {
        let hits = directory.search(ActorQuery(text: "habitat"))
        // Names first (3 points), by name; Haute-Savoie HABITAT also has its example's title (0,5 more).
        #expect(hits.prefix(5).map(\.actor.id) == ["haute-savoie-habitat", "lille-metropole-habitat", "mayenne-habitat", "meduane-habitat", "seine-saint-denis-habitat"])
        #expect(hits.prefix(5).map(\.score) == [3.5, 3, 3, 3, 3])
        #expect(hits.filter { $0.score >= 3 }.map(\.actor.id).last == "union-sociale-pour-l-habitat-ush")
    }

    @Test func filtersByKindAndTheme() {
        let landlords = directory.search(ActorQuery(kind: .socialLandlord))
        #expect(landlords.map(\.actor.id) == ["clesence", "haute-savoie-habitat", "lille-metropole-habitat", "mayenne-habitat", "meduane-habitat", "seine-saint-denis-habitat"])
        let mobility = directory.search(ActorQuery(text: "velo", theme: .mobility))
        #expect(mobility.first?.actor.id == "maison-du-velo")
        #expect(mobility.allSatisfy { $0.actor.themes.contains(.mobility) })
    }

    @Test func highlightsKeepTheOriginalText() throws {
        let hit = try #require(directory.search(ActorQuery(text: "ecole")).first { $0.actor.id == "ecole-du-renouvellement-urbain-eru" })
        #expect(hit.highlights(hit.actor.name) == [HighlightSegment(text: "École", isMatch: true),
                                                   HighlightSegment(text: " du Renouvellement Urbain (ERU)", isMatch: false)])
    }

    @Test func retiredActorsLeaveTheDirectoryUnlessAsked() {
        var catalogue = CatalogueFixtures.real
        let index = catalogue.actors.firstIndex { $0.id == "ademe" }!
        catalogue.actors[index].retire(reason: "Fiche fusionnée avec ADEME Hauts-de-France")
        let directory = ActorDirectory(catalogue)
        #expect(!directory.search(ActorQuery(text: "ademe")).contains { $0.actor.id == "ademe" })
        #expect(directory.search(ActorQuery(text: "ademe", includeRetired: true)).first?.actor.id == "ademe")
    }
}
