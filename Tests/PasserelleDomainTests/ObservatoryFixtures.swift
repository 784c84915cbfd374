@testable import PasserelleDomain

/// Territories and helpers shared by the observatory tests. Ids are what a database would give.
enum ObservatoryFixtures {
    static let territories: [(key: TerritoryKey, id: Int)] = [
        (TerritoryKey(kind: .region, code: "32"), 1),          // Hauts-de-France
        (TerritoryKey(kind: .department, code: "32"), 2),      // Gers
        (TerritoryKey(kind: .department, code: "62"), 3),      // Pas-de-Calais
        (TerritoryKey(kind: .department, code: "01"), 4),      // Ain
        (TerritoryKey(kind: .epci, code: "246200364"), 5),     // CA de Lens-Liévin
        (TerritoryKey(kind: .epci, code: "200072460"), 6),     // CA Béthune-Bruay
        (TerritoryKey(kind: .commune, code: "01001"), 7),      // L'Abergement-Clémenciat
        (TerritoryKey(kind: .commune, code: "2A004"), 8),      // Ajaccio
        (TerritoryKey(kind: .commune, code: "2B033"), 9),      // Bastia
        (TerritoryKey(kind: .qpv, code: "QN06224M"), 10),
        (TerritoryKey(kind: .qpv, code: "QN06225M"), 11),
        (TerritoryKey(kind: .qpv2015, code: "QP062001"), 12),
        (TerritoryKey(kind: .iris, code: "010010000"), 13),
        (TerritoryKey(kind: .commune, code: "62498"), 14),     // Lens
        (TerritoryKey(kind: .region, code: "01"), 16),         // Guadeloupe
    ]

    static let index = TerritoryCodeIndex(territories)

    static let indicators: Set<String> = ["poverty_rate", "median_disposable_income", "population", "rsa_recipients_share"]

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Reads a whole file with the given options.
    static func read(_ bytes: [UInt8], _ options: IndicatorFileOptions = IndicatorFileOptions(), indicators: Set<String> = indicators) throws -> (observations: [ParsedObservation], report: IndicatorFileReport) {
        try IndicatorFileReader.read(bytes, options: options, codes: index, indicators: indicators)
    }

    /// Reads a file fed in chunks of `size` bytes, as an upload arrives.
    static func readInChunks(_ bytes: [UInt8], size: Int, _ options: IndicatorFileOptions = IndicatorFileOptions(), indicators: Set<String> = indicators) throws -> (observations: [ParsedObservation], report: IndicatorFileReport) {
        var reader = IndicatorFileReader(options: options, codes: index, indicators: indicators)
        var observations: [ParsedObservation] = []
        var start = 0
        while start < bytes.count {
            let end = min(start + size, bytes.count)
            try reader.consume(bytes[start..<end]) { observations += $0 }
            start = end
        }
        let report = try reader.finish { observations += $0 }
        return (observations, report)
    }

    static func observation(_ id: Int, _ indicator: String, _ period: String, _ value: ObservationValue, line: Int) -> ParsedObservation {
        ParsedObservation(territoryID: id, indicator: indicator, period: period, value: value, line: line)
    }
}

