import Foundation
import Testing
@testable import PasserelleDomain

@Suite struct CatalogueModelTests {
    /// Every example of the national palette (seed 002), by title, with its key action, in file order.
    static let paletteExamples: [(keyAction: Int, title: String)] = [
        (1, "Cartographie croisée des vulnérabilités sociales et climatiques en Seine-Saint-Denis"),
        (2, "Atelier textile Père Pigne : insertion de femmes gitanes à Perpignan"),
        (2, "Data-Asso : recensement et carte des associations en France"),
        (2, "Étude de l'Apur : liens sociaux et résilience dans le Grand Paris"),
        (3, "Convention citoyenne des quartiers populaires à Laval"),
        (3, "Consultation des habitants sur la biodiversité à la Noue-Malassis (Montreuil, Bagnolet)"),
        (3, "Démarche « aller vers » pour la rénovation du quartier Maille 1 à Miramas"),
        (3, "Programme Émergences : les jeunes acteurs des enjeux urbains à Grenoble"),
        (3, "Banlieues Climat : formation au climat des jeunes des quartiers populaires"),
        (3, "Formation « acteurs habitants » de l'École du Renouvellement Urbain"),
        (3, "Resilient BoTu 2028 : les habitants décident des financements du quartier à Rotterdam"),
        (3, "Concierge-habitant de quartier aux Glacis à Dunkerque"),
        (3, "Fêtes de déambulation dans l'espace public à L'Île-Saint-Denis"),
        (3, "VoisinMalin : des habitants « messagers » en porte-à-porte dans les quartiers"),
        (4, "Patrimoine textile de Mulhouse : diagnostic et filière de surcyclage"),
        (4, "« Zone sensible » : ferme artistique et nourricière à Saint-Denis"),
        (4, "Démantèlement de la centrale EDF de Vitry-sur-Seine accompagné par l'art"),
        (5, "Foresta : un parc sur une friche en urbanisme transitoire à Marseille"),
        (6, "Urbanisme favorable à la santé dans le quartier La Maille à Miramas"),
        (6, "Butte acoustique et agriculture urbaine en bord d'autoroute à Lille"),
        (6, "Jeu sérieux Santé-Cité du Cerema pour un aménagement favorable à la santé"),
        (7, "Eaux pluviales gérées durablement pour éviter un surcoût à Crépy-en-Valois"),
        (7, "Méthode reproductible pour des cours oasis dans 9 écoles de Creil"),
        (7, "Mini-guide d'Ambition locale pour adapter les écoles au changement climatique"),
        (7, "Feuille de route régénérative « Donut » du bailleur Haute-Savoie HABITAT"),
        (7, "CAP Territoires Durables : outil d'aide à la décision pour prioriser les projets"),
        (8, "Carte des sites prioritaires à végétaliser à Saint-Georges-de-Reneins (SESAME)"),
        (8, "Végétalisation de la dalle du Forum à Montreynaud, Saint-Étienne"),
        (8, "FAR : la fiction au service de la renaturation à Plaine Commune"),
        (8, "Espaces publics face à la surchauffe urbaine dans la Métropole de Toulon"),
        (8, "Carte des îlots de fraîcheur et horaires élargis à Paris"),
        (8, "« Plus fraîche ma ville » : outil de l'ADEME pour le rafraîchissement urbain"),
        (9, "Orientation des jeunes et formation des actifs pour l'emploi à Dunkerque"),
        (9, "Territoire zéro chômeur de longue durée au Grand Saint-Nicolas à Laval"),
        (9, "Clauses d'insertion dans les chantiers NPNRU de Grand Paris Sud Est Avenir"),
        (9, "Jardins de Cocagne : insertion par l'agriculture biologique dans les quartiers"),
        (10, "Maison de l'économie circulaire et du zéro déchet à Roubaix"),
        (10, "Valorisation des cagettes en bois par les régies de quartier (Plaine Commune)"),
        (10, "Traitement écologique du mobilier infesté de punaises de lit à Stains"),
        (11, "Vélo dans les QPV : étude et guide du Club des villes cyclables"),
    ]

    @Test func paletteListsEveryExampleWithItsKeyAction() throws {
        let palette = try Catalogue.decodePalette(CatalogueFixtures.paletteData())
        #expect(palette.examples.count == 40)
        #expect(palette.examples.map(\.title) == Self.paletteExamples.map(\.title))
        #expect(palette.examples.map(\.keyAction) == Self.paletteExamples.map(\.keyAction))
        let perKeyAction = (1...11).map { number in palette.examples.filter { $0.keyAction == number }.count }
        #expect(perKeyAction == [1, 3, 10, 3, 1, 3, 5, 6, 4, 3, 1])
        #expect(perKeyAction.reduce(0, +) == 40)
        #expect(palette.examples.allSatisfy { (1...11).contains($0.keyAction) })
        #expect(palette.keyActions.map(\.number) == Array(1...11))
        #expect(palette.keyActions.allSatisfy { (1...4).contains($0.axis) })
        #expect(palette.keyActions.map(\.axis) == [1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4])
        #expect(palette.axes.map(\.number) == [1, 2, 3, 4])
        #expect(palette.examples.allSatisfy { $0.seed == "002" && $0.seedLine == nil })
    }

    @Test func embeddedCatalogueMergesPaletteAndLocalExamples() throws {
        let catalogue = CatalogueFixtures.real
        #expect(catalogue.axes.count == 4)
        #expect(catalogue.keyActions.count == 11)
        #expect(catalogue.examples.count == 68)
        // 101 palette actors + 36 local ones, one of which is the same club under another id.
        #expect(catalogue.actors.count == 136)
        #expect(catalogue.sources.count == 2)
        #expect(catalogue.examples.filter { $0.seed == "000" }.count == 17)
        #expect(catalogue.examples.filter { $0.seed == "004" }.count == 11)
        #expect(catalogue.examples.allSatisfy { $0.isActive })
        #expect(catalogue.validate() == [])
        let perKeyAction = (1...11).map { catalogue.examples(forKeyAction: $0).count }
        #expect(perKeyAction == [4, 3, 15, 3, 1, 7, 6, 9, 7, 10, 3])
    }

    @Test func decodesEveryFieldOfAnExample() throws {
        let example = try #require(CatalogueFixtures.real.example(id: "atelier-textile-pere-pigne-insertion-de-femmes-gitanes-a-perpignan"))
        #expect(example.keyAction == 2)
        #expect(example.place == ExamplePlace(commune: "Perpignan", department: "Pyrénées-Orientales", region: "Occitanie",
                                              country: "France", qpvName: "Saint-Jacques"))
        #expect(example.scale == .neighbourhood)
        #expect(example.partners.count == 5)
        #expect(example.partners[0] == ActorMention(name: "JVS Textiles Perpignan", kind: .company))
        #expect(example.partners[3] == ActorMention(name: "Programme Résilience de l'État", kind: .state))
        #expect(example.results == [ExampleResult(text: "Femmes engagées dans un parcours d'insertion professionnelle (une trentaine)",
                                                  value: 30, unit: "femmes en insertion")])
        #expect(example.duration == "En cours")
        #expect(example.cost == nil)
        #expect(example.pilot == ActorMention(name: "JVS Textiles Perpignan", kind: .company))
        #expect(example.resources == [ExampleResource(title: "Fiche Père Pigne – Marques de France",
                                                      url: "https://www.marques-de-france.fr/listing/pere-pigne/")])
        #expect(example.tags == ExampleTags(themes: [.economy, .participation], vulnerabilities: [.unemployment, .lowIncome],
                                            publics: [.women, .jobSeekers], costBand: .unknown))
        #expect(example.status == .active && example.retiredReason == nil)
    }

    @Test func decodesLocalExamplesWithTheirSeedAndDecimalResults() throws {
        let ferme = try #require(CatalogueFixtures.real.example(id: "ferme-urbaine-concorde-lille"))
        #expect(ferme.seed == "000")
        #expect(ferme.results.contains { $0.value == 4.5 })
        let cine = try #require(CatalogueFixtures.real.example(id: "cine-debat-agroecologie-hazebrouck"))
        #expect(cine.seed == "000" && cine.seedLine == 280)
        #expect(cine.results.map(\.value) == [185, nil])
        let withoutMethod = CatalogueFixtures.real.examples.filter { $0.method == nil }.count
        #expect(withoutMethod == 10)
    }

    @Test func costBandsOfTheDataAgreeWithTheirAmounts() {
        let priced = CatalogueFixtures.real.examples.filter { $0.cost?.currency == "EUR" && $0.cost?.amount != nil }
        #expect(priced.count == 8)
        for example in priced {
            #expect(CostBand(euros: example.cost!.amount!) == example.tags.costBand, "\(example.id)")
        }
    }

    @Test(arguments: [(9_999.0, CostBand.under10k), (10_000, .from10kTo50k), (49_999, .from10kTo50k), (50_000, .from50kTo200k),
                      (199_999, .from50kTo200k), (200_000, .from200kTo1m), (999_999, .from200kTo1m), (1_000_000, .over1m)])
    func costBandBoundaries(amount: Double, band: CostBand) {
        #expect(CostBand(euros: amount) == band)
    }

    @Test func sameActorUnderTwoIdsIsMergedOnce() throws {
        let clubs = CatalogueFixtures.real.actors.filter { $0.name == "Club des villes et territoires cyclables et marchables" }
        #expect(clubs.count == 1)
        let club = try #require(clubs.first)
        #expect(club.id == "club-des-villes-et-territoires-cyclables-et-marchables")
        #expect(club.kind == .association)
        #expect(club.themes == [.mobility, .health])
        #expect(club.territory == "national")
        #expect(club.examples == ["velo-dans-les-qpv-etude-et-guide-du-club-des-villes-cyclables"])
        #expect(CatalogueFixtures.real.actor(id: "club-villes-territoires-cyclables-marchables") == nil)
    }

    @Test func mergingCompletesActorsReplacesExamplesAndKeepsTheReference() {
        let base = Catalogue(
            axes: [CatalogueAxis(number: 1, title: "Axe A", summary: "")],
            keyActions: [KeyAction(number: 1, axis: 1, title: "Action A", summary: "")],
            examples: [CatalogueFixtures.example("un", keyAction: 1, title: "Premier"),
                       CatalogueFixtures.example("deux", keyAction: 1, title: "Deuxième")],
            actors: [CatalogueActor(id: "ville", name: "Ville d'Évry", kind: .other, themes: [.climate], territory: "", examples: ["un"])],
            sources: ["Palette"])
        let other = Catalogue(
            axes: [CatalogueAxis(number: 1, title: "Autre axe", summary: ""), CatalogueAxis(number: 2, title: "Axe B", summary: "")],
            keyActions: [KeyAction(number: 1, axis: 1, title: "Autre action", summary: "")],
            examples: [CatalogueFixtures.example("deux", keyAction: 1, title: "Deuxième, revu"),
                       CatalogueFixtures.example("trois", keyAction: 1, title: "Troisième")],
            actors: [CatalogueActor(id: "ville-evry", name: "VILLE D'EVRY", kind: .localAuthority, themes: [.water, .climate],
                           territory: "Essonne", examples: ["deux", "un"]),
                     CatalogueActor(id: "ademe", name: "ADEME", kind: .publicAgency, territory: "national")],
            sources: ["Palette", "Local"])
        let merged = base.merging(other)
        #expect(merged.axes.map(\.title) == ["Axe A", "Axe B"])
        #expect(merged.keyActions.map(\.title) == ["Action A"])
        #expect(merged.examples.map(\.title) == ["Premier", "Deuxième, revu", "Troisième"])
        #expect(merged.actors == [
            CatalogueActor(id: "ville", name: "Ville d'Évry", kind: .localAuthority, themes: [.climate, .water], territory: "Essonne", examples: ["un", "deux"]),
            CatalogueActor(id: "ademe", name: "ADEME", kind: .publicAgency, territory: "national"),
        ])
        #expect(merged.sources == ["Palette", "Local"])
    }

    @Test func lookupsFollowCatalogueOrder() {
        let catalogue = CatalogueFixtures.real
        #expect(catalogue.keyActions(inAxis: 3).map(\.number) == [6, 7, 8])
        #expect(catalogue.axis(number: 4)?.title == "Faire de la résilience un levier de transition économique et d'emploi")
        #expect(catalogue.actors(forExample: "ferme-urbaine-concorde-lille").map(\.id) == ["lille-sud-insertion", "bio-hauts-de-france"])
        var retired = catalogue
        retired.examples[0].retire(reason: "Doublon")
        #expect(retired.examples(forKeyAction: 1).count == 3)
        #expect(retired.examples(forKeyAction: 1, includeRetired: true).count == 4)
    }

    @Test func placeLabelLeavesOutMissingLevelsAndFrance() {
        #expect(ExamplePlace(commune: "Perpignan", department: "Pyrénées-Orientales", region: "Occitanie", qpvName: "Saint-Jacques").label
                == "Quartier Saint-Jacques, Perpignan, Pyrénées-Orientales, Occitanie")
        #expect(ExamplePlace(commune: "Rotterdam", country: "Pays-Bas").label == "Rotterdam, Pays-Bas")
        #expect(ExamplePlace().label == "")
    }

    @Test func slugsFromTitles() {
        #expect(CatalogueSlug.make("Cour oasis à Paris") == "cour-oasis-a-paris")
        #expect(CatalogueSlug.make("« Plus fraîche ma ville » : l'outil") == "plus-fraiche-ma-ville-l-outil")
        #expect(CatalogueSlug.isValid("cour-oasis-a-paris"))
        #expect(!CatalogueSlug.isValid("Cour-oasis"))
        #expect(!CatalogueSlug.isValid("cour--oasis"))
        #expect(!CatalogueSlug.isValid("-cour"))
        #expect(!CatalogueSlug.isValid(""))
    }

    @Test func labelsAreFrench() {
        #expect(ExampleScale.intercommunality.label == "Intercommunalité")
        #expect(CostBand.from50kTo200k.label == "De 50 000 à 200 000 €")
        #expect(CostBand.from50kTo200k.rawValue == "50kTo200k")
        #expect(Public.jobSeekers.label == "Demandeurs d'emploi")
        #expect(PartnerKind.socialLandlord.label == "Bailleur social")
        #expect(ExampleStatus.retired.label == "Retiré")
    }
}
