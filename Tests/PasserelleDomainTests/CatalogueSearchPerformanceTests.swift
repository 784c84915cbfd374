import Foundation
import Testing
@testable import PasserelleDomain

@Suite struct CatalogueSearchPerformanceTests {
    /// The real examples copied 15 times (1,020 examples), each copy with its own ids.
    static let large: Catalogue = {
        var catalogue = CatalogueFixtures.real
        let originals = catalogue.examples
        catalogue.examples = (0..<15).flatMap { copy in
            originals.map { example in
                var example = example
                example.id += "-\(copy)"
                return example
            }
        }
        return catalogue
    }()

    static let queries = ["ilot de fraicheur", "cours oasis", "végétalisation", "habitants du quartier",
                          "insertion emploi chantier", "climat", "précarité énergétique logement", "zzz"]

    @Test func searchingAThousandExamplesTakesWellUnderTenMilliseconds() {
        let clock = ContinuousClock()
        var index: CatalogueIndex? = nil
        let build = clock.measure { index = CatalogueIndex(Self.large) }
        let catalogueIndex = index!
        #expect(catalogueIndex.catalogue.examples.count == 1_020)
        // The median of nine runs per query, so that another process taking the core for a
        // moment does not fail the test; the slowest query's median must stay under 10 ms.
        var slowest = (query: "", median: Duration.zero, hits: 0)
        for query in Self.queries {
            var hits = 0
            var times: [Duration] = []
            for _ in 0..<9 {
                times.append(clock.measure { hits = catalogueIndex.search(CatalogueSearch(text: query)).hits.count })
            }
            let median = times.sorted()[4]
            if median > slowest.median { slowest = (query, median, hits) }
        }
        print("Index de 1 020 exemples construit en \(build) ; requête la plus lente : « \(slowest.query) », \(slowest.hits) résultats, médiane \(slowest.median)")
        // Release builds measure about 0.4 ms for the slowest query; an unoptimised build on a
        // machine shared with other builds, 2 to 8 ms.
        #if DEBUG
        #expect(slowest.median < .milliseconds(25))
        #else
        #expect(slowest.median < .milliseconds(5))
        #endif
        let once = CatalogueIndex(CatalogueFixtures.real).search(CatalogueSearch(text: "habitants du quartier")).hits.count
        #expect(catalogueIndex.search(CatalogueSearch(text: "habitants du quartier")).hits.count == 15 * once)
        #expect(catalogueIndex.search(CatalogueSearch(text: "zzz")).hits.isEmpty)
    }
}
