import Foundation
import Testing
@testable import PasserelleDomain

/// Timings printed for the record, never asserted. The full sizes (1,000,000 observations;
/// 1,600 QPV × 100 indicators × 2 periods) run when the environment sets OBSERVATORY_BENCH=1:
///     OBSERVATORY_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter ObservatoryBenchmarkTests
/// Otherwise small sizes only check the counts.
@Suite(.serialized) struct ObservatoryBenchmarkTests {
    static let full = ProcessInfo.processInfo.environment["OBSERVATORY_BENCH"] == "1"

    /// A long file: `territories` communes × `indicators` × `periods`, sorted by territory like an INSEE export.
    static func longFile(territories: Int, indicators: Int, periods: Int, shuffled: Bool) -> (bytes: [UInt8], index: TerritoryCodeIndex, codes: Set<String>) {
        var random = SplitMix64(seed: 42)
        let codes = (0..<territories).map { number -> String in
            let digits = String(1001 + number)
            return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
        }
        let indicatorCodes = (0..<indicators).map { "indicator_\($0)" }
        var rows: [[UInt8]] = []
        rows.reserveCapacity(territories * indicators * periods)
        for code in codes {
            for indicator in indicatorCodes {
                for period in 0..<periods {
                    let tenths = random.next() % 1_000_000
                    rows.append(Array("\(code);\(indicator);\(2010 + period);\(tenths / 10),\(tenths % 10)\n".utf8))
                }
            }
        }
        if shuffled { rows.shuffle(using: &random) }
        var bytes = Array("code;indicateur;periode;valeur\n".utf8)
        bytes.reserveCapacity(rows.count * 40)
        for row in rows { bytes += row }
        let index = TerritoryCodeIndex(codes.enumerated().map { (key: TerritoryKey(kind: .commune, code: $1), id: $0 + 1) })
        return (bytes, index, Set(indicatorCodes))
    }

    /// CPU time of the process, in seconds: steadier than the wall clock on a shared machine.
    static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    @Test(arguments: [false, true])
    func readingALongFile(shuffled: Bool) throws {
        let (territories, indicators, periods) = Self.full ? (5_000, 20, 10) : (200, 5, 4)
        let (bytes, index, codes) = Self.longFile(territories: territories, indicators: indicators, periods: periods, shuffled: shuffled)
        var reader = IndicatorFileReader(options: IndicatorFileOptions(), codes: index, indicators: codes)
        var count = 0
        var tableBytes = 0
        let cpuStart = Self.cpuSeconds()
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            var start = 0
            while start < bytes.count {
                let end = min(start + (1 << 20), bytes.count)
                try reader.consume(bytes[start..<end]) { count += $0.count }
                start = end
            }
            let report = try reader.finish { count += $0.count }
            tableBytes = reader.duplicateTableBytes
            #expect(report.isClean)
            #expect(report.observationsAccepted == territories * indicators * periods)
        }
        let cpu = Self.cpuSeconds() - cpuStart
        #expect(count == territories * indicators * periods)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("observatory bench: read \(count) observations (\(bytes.count / 1_000_000) MB, \(shuffled ? "shuffled" : "sorted")) in \(String(format: "%.3f", seconds)) s = \(Int(Double(count) / seconds)) rows/s (CPU \(String(format: "%.3f", cpu)) s = \(Int(Double(count) / cpu)) rows/s); duplicate table \(tableBytes / 1_048_576) MiB")
    }

    /// The CSV layer alone on the same file, to tell its share of the time.
    @Test func csvReaderAlone() throws {
        let (territories, indicators, periods) = Self.full ? (5_000, 20, 10) : (200, 5, 4)
        let (bytes, _, _) = Self.longFile(territories: territories, indicators: indicators, periods: periods, shuffled: false)
        var reader = CSVReader()
        var records = 0
        let cpuStart = Self.cpuSeconds()
        let elapsed = try ContinuousClock().measure {
            var start = 0
            while start < bytes.count {
                let end = min(start + (1 << 20), bytes.count)
                try reader.consume(bytes[start..<end]) { _ in records += 1 }
                start = end
            }
            try reader.finish { _ in records += 1 }
        }
        #expect(records == territories * indicators * periods + 1)
        print("observatory bench: CSVReader alone, \(records) records in \(elapsed) (CPU \(String(format: "%.3f", Self.cpuSeconds() - cpuStart)) s)")
    }

    @Test func gapAnalysisAtNationalScale() throws {
        let (qpvCount, epciCount, indicatorCount) = Self.full ? (1_600, 440, 100) : (160, 44, 10)
        var random = SplitMix64(seed: 7)
        var referenceOf: [Int: Int] = [:]
        for qpv in 0..<qpvCount { referenceOf[10_000 + qpv] = 1 + Int(random.next() % UInt64(epciCount)) }
        let catalogue = IndicatorCatalogue.standard
        var periods: [(indicator: Indicator, first: [Int: ObservationValue], second: [Int: ObservationValue])] = []
        for index in 0..<indicatorCount {
            var first: [Int: ObservationValue] = [:], second: [Int: ObservationValue] = [:]
            for id in Array(1...epciCount) + Array(referenceOf.keys) {
                first[id] = .number(Double(1 + random.next() % 1000) / 10)
                second[id] = .number(Double(1 + random.next() % 1000) / 10)
            }
            periods.append((catalogue[index % catalogue.count], first, second))
        }
        var widened = 0
        let cpuStart = Self.cpuSeconds()
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for (indicator, first, second) in periods {
                let trends = GapAnalysis.trends(indicator: indicator, first: first, second: second, referenceOf: referenceOf)
                widened += trends.widened
                for epci in 1...epciCount where epci % 50 == 0 {
                    let qpv = referenceOf.filter { $0.value == epci }.map(\.key)
                    _ = GapAnalysis.summary(territories: qpv, referenceID: epci, values: second)
                }
            }
        }
        #expect(widened > 0)
        print("observatory bench: trends of \(qpvCount) QPV × \(indicatorCount) indicators × 2 periods in \(elapsed) (CPU \(String(format: "%.3f", Self.cpuSeconds() - cpuStart)) s)")
    }
}
