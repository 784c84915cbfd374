import Benchmark
import Foundation
import PasserelleDomain

/// Point location (the geopandas sjoin peer runs on the same data in `scripts/bench`) and the
/// vulnerability index's sensitivity analysis.
let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .peakMemoryResident]
    // The same seeds as BenchData, so the points and polygons are those of the peer's files.
    let polygons = SyntheticPolygons.generate(count: 1600, seed: 2024)
    let points = SyntheticPolygons.points(count: 1_000_000, seed: 7, near: polygons, nearShare: 0.5)

    Benchmark("Construction de l'index : 1 600 polygones", configuration: .init(metrics: metrics, maxDuration: .seconds(20), maxIterations: 20)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(PointLocator(entries: polygons.enumerated().map { (id: $0.offset, geometry: $0.element) }))
        }
    }

    // One iteration locates all 1,000,000 points: points per second = 1,000,000 / wall clock.
    Benchmark("Localisation de 1 000 000 de points dans 1 600 polygones (un cœur)", configuration: .init(metrics: metrics, maxDuration: .seconds(60), maxIterations: 10)) { benchmark in
        let locator = PointLocator(entries: polygons.enumerated().map { (id: $0.offset, geometry: $0.element) })
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(locator.countPoints(points).outside)
        }
    }

    Benchmark("Sensibilité : 1 600 QPV × 30 indicateurs × 10 000 tirages", configuration: .init(metrics: metrics, maxDuration: .seconds(60), maxIterations: 5)) { benchmark in
        var generator = SeededGenerator(seed: 11)
        let codes = (0..<30).map { "ind\($0)" }
        let territories = (0..<1600).map { "QN\($0)" }
        let rows = territories.map { _ in codes.map { _ in Optional(generator.nextDouble(in: 0, 100)) } }
        let themes = (0..<5).map { theme in
            VulnerabilityTheme(kind: .social("thème \(theme)"), weight: 1,
                               indicators: codes[(theme * 6)..<(theme * 6 + 6)].map { VulnerabilityIndicator(code: $0, name: $0, label: $0) })
        }
        let model = VulnerabilityModel(name: "banc", version: "1", themes: themes)
        let index = try VulnerabilityIndex(model: model, data: IndicatorMatrix(territories: territories, indicators: codes, rows: rows))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try index.sensitivity(SensitivitySettings(samples: 10_000, delta: 0.25, seed: 5)))
        }
    }
}
