import Foundation
@testable import PasserelleDomain

/// The real catalogue files and small hand-built catalogues for the catalogue tests.
enum CatalogueFixtures {
    /// The app's resource folder, found from this file's place in the package.
    static let directory: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/PasserelleApp/Resources/catalogue").path

    static func paletteData() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: directory + "/palette.json")) }
    static func localData() throws -> Data { try Data(contentsOf: URL(fileURLWithPath: directory + "/local-examples.json")) }

    /// The embedded catalogue, decoded once for all tests.
    static let real: Catalogue = {
        do { return try Catalogue.decode(palette: paletteData(), local: localData()) }
        catch { fatalError("catalogue illisible : \(error)") }
    }()

    static func example(_ id: String, keyAction: Int, title: String, summary: String = "",
                        place: ExamplePlace = ExamplePlace(country: nil), scale: ExampleScale = .neighbourhood,
                        themes: [TransitionTheme] = [], vulnerabilities: [VulnerabilityType] = [],
                        publics: [Public] = [], costBand: CostBand = .unknown) -> Example {
        Example(id: id, keyAction: keyAction, title: title, place: place, scale: scale, summary: summary,
                tags: ExampleTags(themes: themes, vulnerabilities: vulnerabilities, publics: publics, costBand: costBand))
    }

    /// Two axes, three key actions, four examples written for the search tests.
    static let small = Catalogue(
        axes: [CatalogueAxis(number: 1, title: "Connaître", summary: "Diagnostic."),
               CatalogueAxis(number: 2, title: "Agir", summary: "Actions.")],
        keyActions: [KeyAction(number: 1, axis: 1, title: "Cartographier les vulnérabilités", summary: "", themes: [.climate]),
                     KeyAction(number: 2, axis: 2, title: "Adapter les quartiers au climat", summary: "", themes: [.climate, .water]),
                     KeyAction(number: 3, axis: 2, title: "Développer les mobilités actives", summary: "", themes: [.mobility])],
        examples: [
            example("ilots", keyAction: 2, title: "Carte des îlots de fraîcheur à Paris", summary: "La ville recense ses lieux frais.",
                    place: ExamplePlace(commune: "Paris", region: "Île-de-France"), scale: .commune,
                    themes: [.climate], vulnerabilities: [.heat], publics: [.inhabitants]),
            example("oasis", keyAction: 2, title: "Une cour oasis dans une école", summary: "Désimperméabilisation et végétalisations de la cour.",
                    place: ExamplePlace(commune: "Creil", region: "Hauts-de-France"), scale: .building,
                    themes: [.climate, .water], publics: [.children], costBand: .from200kTo1m),
            example("velo", keyAction: 3, title: "Vélo-école pour les habitantes", summary: "Apprendre le vélo en ville ; des îlots de calme.",
                    place: ExamplePlace(commune: "Lens", region: "Hauts-de-France"), themes: [.mobility], publics: [.women]),
            example("carte", keyAction: 1, title: "Cartographie de la chaleur", summary: "Une carte croisée des fraîcheurs et des revenus.",
                    place: ExamplePlace(region: "Occitanie"), scale: .department, themes: [.climate, .health]),
        ],
        actors: [],
        sources: ["Catalogue d'essai"])
}
