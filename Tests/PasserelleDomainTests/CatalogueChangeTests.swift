import Testing
@testable import PasserelleDomain

@Suite struct CatalogueChangeTests {
    let original = CatalogueFixtures.real.example(id: "atelier-textile-pere-pigne-insertion-de-femmes-gitanes-a-perpignan")!

    @Test func sameVersionHasNoChange() {
        #expect(original.changes(from: original) == [])
    }

    @Test func changedFieldsAreListedInSheetOrder() {
        var edited = original
        edited.title = "Atelier textile Père Pigne à Perpignan"
        edited.place.qpvName = nil
        edited.partners.removeLast(3)
        edited.results[0].value = 32
        edited.cost = ExampleCost(amount: 250_000.5, currency: "EUR", text: "250 000 € par an")
        edited.tags.themes.append(.waste)
        edited.tags.costBand = .from200kTo1m
        #expect(edited.changes(from: original) == [
            CatalogueChange(recordID: original.id, field: "title",
                            before: "Atelier textile Père Pigne : insertion de femmes gitanes à Perpignan",
                            after: "Atelier textile Père Pigne à Perpignan"),
            CatalogueChange(recordID: original.id, field: "place.qpvName", before: "Saint-Jacques", after: nil),
            CatalogueChange(recordID: original.id, field: "partners",
                            before: "JVS Textiles Perpignan (Entreprise) | Ville de Perpignan (Collectivité territoriale) | Département des Pyrénées-Orientales (Collectivité territoriale) | Programme Résilience de l'État (État) | Fédération Made in France (Association)",
                            after: "JVS Textiles Perpignan (Entreprise) | Ville de Perpignan (Collectivité territoriale)"),
            CatalogueChange(recordID: original.id, field: "results",
                            before: "Femmes engagées dans un parcours d'insertion professionnelle (une trentaine) (30 femmes en insertion)",
                            after: "Femmes engagées dans un parcours d'insertion professionnelle (une trentaine) (32 femmes en insertion)"),
            CatalogueChange(recordID: original.id, field: "cost.amount", before: nil, after: "250000,5"),
            CatalogueChange(recordID: original.id, field: "cost.currency", before: nil, after: "EUR"),
            CatalogueChange(recordID: original.id, field: "cost.text", before: nil, after: "250 000 € par an"),
            CatalogueChange(recordID: original.id, field: "tags.themes", before: "Économie locale | Participation",
                            after: "Économie locale | Participation | Déchets"),
            CatalogueChange(recordID: original.id, field: "tags.costBand", before: "Coût non renseigné", after: "De 200 000 € à 1 M€"),
        ])
    }

    @Test func retiringIsAStatusChangeWithItsReason() {
        var retired = original
        retired.retire(reason: "L'atelier a fermé en 2025")
        #expect(!retired.isActive)
        let changes = retired.changes(from: original)
        #expect(changes == [
            CatalogueChange(recordID: original.id, field: "status", before: "Actif", after: "Retiré"),
            CatalogueChange(recordID: original.id, field: "retiredReason", before: nil, after: "L'atelier a fermé en 2025"),
        ])
        #expect(changes.map(\.fieldLabel) == ["Statut", "Motif du retrait"])
        var reinstated = retired
        reinstated.reinstate()
        #expect(reinstated == original)
        #expect(reinstated.changes(from: retired).map(\.after) == ["Actif", nil])
    }

    @Test func anIdChangeIsRecordedUnderTheNewId() {
        var renamed = original
        renamed.id = "atelier-pere-pigne"
        #expect(renamed.changes(from: original) == [
            CatalogueChange(recordID: "atelier-pere-pigne", field: "id", before: original.id, after: "atelier-pere-pigne"),
        ])
        #expect(CatalogueChange(recordID: "x", field: "inconnu", before: nil, after: nil).fieldLabel == "inconnu")
    }

    @Test func everyFieldOfTheModelIsTracked() {
        // Changing each field once must produce exactly one change for it.
        var changed = original
        changed.id = "autre"; changed.keyAction = 9; changed.title = "T"; changed.place = ExamplePlace(commune: "Lens", department: "Pas-de-Calais", region: "Hauts-de-France", country: "Belgique", qpvName: "Q")
        changed.scale = .commune; changed.summary = "S"; changed.partners = []; changed.method = "M"; changed.results = []
        changed.duration = "D"; changed.cost = ExampleCost(amount: 1, currency: "EUR", covers: "C", text: "1 €"); changed.pilot = nil
        changed.resources = []; changed.contactRole = "R"; changed.tags = ExampleTags(themes: [.air], vulnerabilities: [.noise], publics: [.youth], costBand: .under10k)
        changed.seed = "004"; changed.seedLine = 3; changed.retire(reason: "Essai")
        #expect(changed.changes(from: original).map(\.field) == [
            "id", "keyAction", "title", "place.qpvName", "place.commune", "place.department", "place.region", "place.country",
            "scale", "summary", "partners", "method", "results", "duration", "cost.amount", "cost.currency", "cost.covers", "cost.text",
            "pilot", "resources", "contactRole", "tags.themes", "tags.vulnerabilities", "tags.publics", "tags.costBand",
            "seed", "seedLine", "status", "retiredReason",
        ])
    }
}
