import Benchmark
import Foundation
import PasserelleDomain

/// Reading indicator files (the parsing and checking half of an import; the database half is timed by
/// `scripts/bench` on the real command) and the gap analysis at national scale.
let benchmarks: @Sendable () -> Void = {
    let directory = ProcessInfo.processInfo.environment["PASSERELLE_BENCH_DIR"] ?? "/tmp/passerelle-bench"
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal]

    // Codes of the shipped communes, with made-up ids: the reader only needs the code → id index.
    func codeIndex() -> TerritoryCodeIndex {
        let text = (try? String(contentsOfFile: directory + "/wide-communes-50.csv", encoding: .utf8)) ?? ""
        let codes = text.split(separator: "\n").dropFirst().compactMap { $0.split(separator: ";").first.map(String.init) }
        return TerritoryCodeIndex(codes.enumerated().map { (key: TerritoryKey(kind: .commune, code: $0.element), id: $0.offset + 1) })
    }

    Benchmark("Lecture d'un fichier long de 1 000 000 d'observations", configuration: .init(metrics: metrics, maxDuration: .seconds(60), maxIterations: 5)) { benchmark in
        let index = codeIndex()
        let indicators = Set((1...100).map { "bench_" + String(format: "%03d", $0) })
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var reader = IndicatorFileReader(options: IndicatorFileOptions(), codes: index, indicators: indicators)
            let handle = FileHandle(forReadingAtPath: directory + "/long-1M.csv")!
            var accepted = 0
            while case let data = handle.readData(ofLength: 1 << 20), !data.isEmpty {
                try reader.consume(Array(data)[...]) { accepted += $0.count }
            }
            let report = try reader.finish { accepted += $0.count }
            precondition(report.isClean && accepted == 1_000_000, "le fichier de banc doit être accepté entier")
            blackHole(report)
        }
    }

    Benchmark("Lecture d'un fichier large communes × 50 indicateurs", configuration: .init(metrics: metrics, maxDuration: .seconds(60), maxIterations: 5)) { benchmark in
        let index = codeIndex()
        let indicators = Set(IndicatorCatalogue.standard.map(\.code))
        let bytes = Array(FileManager.default.contents(atPath: directory + "/wide-communes-50.csv")!)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let (observations, report) = try IndicatorFileReader.read(bytes, options: IndicatorFileOptions(format: .wide, period: "2022"), codes: index, indicators: indicators)
            precondition(report.isClean, "le fichier large de banc doit être accepté")
            blackHole(observations.count)
        }
    }

    Benchmark("Écarts et tendances : 1 600 QPV × 100 indicateurs × 2 périodes", configuration: .init(metrics: metrics, maxDuration: .seconds(30), maxIterations: 20)) { benchmark in
        var generator = SeededGenerator(seed: 9)
        let qpv = Array(1...1600), epcis = Array(10_001...10_400)
        let references = Dictionary(uniqueKeysWithValues: qpv.map { ($0, [epcis[$0 % epcis.count]]) })
        let indicators = (0..<100).map { i in Indicator(code: "i\(i)", label: "i\(i)", unit: i % 2 == 0 ? .percent : .euro, theme: .income, polarity: .higherIsWorse, source: "banc") }
        func values() -> [Int: ObservationValue] {
            var values: [Int: ObservationValue] = [:]
            for id in qpv + epcis { values[id] = .number(generator.nextDouble(in: 1, 100)) }
            return values
        }
        let periods = indicators.map { _ in (values(), values()) }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var widened = 0
            for (indicator, (first, second)) in zip(indicators, periods) {
                widened += GapAnalysis.trends(indicator: indicator, first: first, second: second, references: references).widened
                blackHole(GapAnalysis.gaps(values: second, references: references).count)
            }
            blackHole(widened)
        }
    }
}
