import Fluent
import Foundation
import PasserelleDomain

/// How to pick the territory a gap is measured against.
enum ReferenceChoice: Sendable, Equatable {
    /// The same territory for every row (e.g. the contract's EPCI, a department, France).
    case territory(Territory)
    /// For each territory, its parents of this kind (a QPV spanning two EPCI gets two rows).
    case parentKind(TerritoryKind)
}

/// One row of a gap table.
struct GapRow: Sendable, Equatable {
    var territory: Territory
    var value: ObservationValue
    var reference: Territory?
    var referenceValue: ObservationValue?
    var ratio: Double?
    var difference: Double?
}

/// One indicator in a portrait: the territory's value beside its reference, the gap in words,
/// and how the gap moved since the previous period when there is one.
struct PortraitFigure: Sendable {
    var indicator: Indicator
    var period: String
    var value: ObservationValue
    var reference: Territory?
    var referenceValue: ObservationValue?
    var gap: Gap?
    var sentence: String
    /// Earlier periods, oldest first, for the small trend line.
    var history: [(period: String, value: Double)]
    var referenceHistory: [(period: String, value: Double)]
    var trend: TrendDirection?
    var provenance: Provenance?
}

/// One indicator across the QPV of a contract.
struct ContractFigure: Sendable {
    var indicator: Indicator
    var period: String
    var epciValue: ObservationValue?
    var aggregate: (territory: Territory, value: ObservationValue)?
    var qpv: [(territory: Territory, value: ObservationValue)]
    var summary: ContractGapSummary?
    var headline: String?
    var spread: String?
    var trend: String?
    var provenance: Provenance?
}

/// Reads the observatory for pages, the API and the command line: gaps, portraits, trends.
struct ObservatoryService: Sendable {
    let database: any Database

    private var observatory: SQLObservatoryRepository { SQLObservatoryRepository(database: database) }
    private var territories: SQLTerritoryRepository { SQLTerritoryRepository(database: database) }

    enum Failure: UserFacingError, Equatable {
        case unknownIndicator(String)
        case noPeriod(String)

        var status: HTTPResponseStatus { .notFound }
        var code: String { "not_found" }
        var userMessage: String {
            switch self {
            case .unknownIndicator(let code): "L'indicateur « \(code) » est introuvable dans le catalogue."
            case .noPeriod(let code): "Aucune valeur de l'indicateur « \(code) » pour ces territoires."
            }
        }
    }

    func indicator(_ code: String) async throws -> StoredIndicator {
        guard let indicator = try await observatory.indicator(code: code) else { throw Failure.unknownIndicator(code) }
        return indicator
    }

    /// `territory_code, value, reference_code, reference_value, ratio, difference` for each territory.
    func gaps(indicator code: String, period: String, territories list: [Territory], reference: ReferenceChoice) async throws -> [GapRow] {
        let indicator = try await indicator(code)
        var pairs: [(Territory, Territory?)] = []
        switch reference {
        case .territory(let reference):
            pairs = list.map { ($0, reference) }
        case .parentKind(let kind):
            let parents = try await territories.parents(ofAll: list.map(\.id))
            for territory in list {
                let references = (parents[territory.id] ?? []).filter { $0.kind == kind }
                pairs += references.isEmpty ? [(territory, nil)] : references.map { (territory, $0) }
            }
        }
        let ids = Array(Set(pairs.flatMap { [$0.0.id] + ($0.1.map { [$0.id] } ?? []) }))
        let values = try await observatory.values(indicatorID: indicator.id, period: period, territoryIDs: ids)
        return pairs.map { territory, reference in
            let value = values[territory.id] ?? .missing
            guard let reference else { return GapRow(territory: territory, value: value) }
            let referenceValue = values[reference.id] ?? .missing
            let gap = Gap(territoryID: territory.id, value: value, referenceID: reference.id, referenceValue: referenceValue)
            return GapRow(territory: territory, value: value, reference: reference, referenceValue: referenceValue, ratio: gap.ratio, difference: gap.difference)
        }
    }

    /// The portrait of one territory: each indicator it has a value for, against its reference
    /// (a QPV's EPCI, a commune's EPCI, an EPCI's department, a department's region, a region's France).
    func portrait(of territory: Territory) async throws -> [PortraitFigure] {
        let parents = try await territories.parents(of: territory.id)
        let referenceKind: TerritoryKind = switch territory.kind {
        case .qpv, .qpvAggregate, .commune, .iris, .qpv2015, .livedArea, .vulnerableArea: .epci
        case .epci: .department
        case .department: .region
        case .region, .country: .country
        }
        let references = parents.filter { $0.kind == referenceKind }
        let ids = [territory.id] + references.map(\.id)
        let observations = try await observatory.observations(territoryIDs: ids)
        let own = observations[territory.id] ?? []
        let catalogue = Dictionary(uniqueKeysWithValues: try await observatory.indicators().map { ($0.indicator.code, $0.indicator) })
        var figures: [PortraitFigure] = []
        for (code, series) in Dictionary(grouping: own, by: \.indicatorCode).sorted(by: { $0.key < $1.key }) {
            guard let indicator = catalogue[code], let latest = series.max(by: { $0.period < $1.period }) else { continue }
            // The first reference that has a value for this indicator and period.
            let reference = references.first { reference in
                (observations[reference.id] ?? []).contains { $0.indicatorCode == code && $0.period == latest.period }
            } ?? references.first
            let referenceSeries = reference.map { ref in (observations[ref.id] ?? []).filter { $0.indicatorCode == code } } ?? []
            let referenceValue = referenceSeries.first { $0.period == latest.period }?.value
            var gap: Gap?
            var sentence = FrenchFormat.value(latest.value.number ?? 0, unit: indicator.unit)
            if latest.value.number == nil { sentence = latest.value == .secret ? "valeur couverte par le secret statistique" : "valeur manquante" }
            if let reference, let referenceValue {
                let computed = Gap(territoryID: territory.id, value: latest.value, referenceID: reference.id, referenceValue: referenceValue)
                gap = computed
                sentence = GapWording.sentence(indicator: indicator, gap: computed, referenceName: Self.referenceName(reference))
            }
            let history = series.sorted { $0.period < $1.period }.compactMap { o in o.value.number.map { (period: o.period, value: $0) } }
            let referenceHistory = referenceSeries.sorted { $0.period < $1.period }.compactMap { o in o.value.number.map { (period: o.period, value: $0) } }
            var trend: TrendDirection?
            let periods = series.map(\.period).sorted()
            if periods.count >= 2, let reference {
                let first = periods[periods.count - 2], second = periods[periods.count - 1]
                let value = { (period: String, id: Int) -> ObservationValue? in
                    (id == territory.id ? series : referenceSeries).first { $0.period == period }?.value
                }
                if let a = value(first, territory.id), let b = value(second, territory.id), let ra = value(first, reference.id), let rb = value(second, reference.id) {
                    let summary = GapAnalysis.trends(indicator: indicator, first: [territory.id: a, reference.id: ra], second: [territory.id: b, reference.id: rb],
                                                     referenceOf: [territory.id: reference.id])
                    trend = summary.trends.first?.direction
                }
            }
            figures.append(PortraitFigure(indicator: indicator, period: latest.period, value: latest.value, reference: reference, referenceValue: referenceValue,
                                          gap: gap, sentence: sentence, history: history, referenceHistory: referenceHistory, trend: trend,
                                          provenance: Provenance(source: latest.source, fileName: latest.fileName, importedAt: latest.importedAt)))
        }
        return figures.sorted { ($0.indicator.theme, $0.indicator.label) < ($1.indicator.theme, $1.indicator.label) }
    }

    /// The contract's portrait: for each indicator, every QPV against the EPCI, the spread and the trend.
    func portrait(of contract: ContractDetail) async throws -> [ContractFigure] {
        let epci = contract.contract.epci
        let aggregates = try await territories.children(of: epci.id).filter { $0.kind == .qpvAggregate }
        let qpvIDs = contract.qpv.map(\.id)
        let ids = qpvIDs + [epci.id] + aggregates.map(\.id)
        let observations = try await observatory.observations(territoryIDs: ids)
        let catalogue = Dictionary(uniqueKeysWithValues: try await observatory.indicators().map { ($0.indicator.code, $0.indicator) })
        var byIndicator: [String: [(territoryID: Int, observation: StoredObservation)]] = [:]
        for (territoryID, list) in observations {
            for observation in list { byIndicator[observation.indicatorCode, default: []].append((territoryID, observation)) }
        }
        let referenceName = Self.referenceName(epci)
        var figures: [ContractFigure] = []
        for (code, entries) in byIndicator {
            guard let indicator = catalogue[code] else { continue }
            let periods = Set(entries.map(\.observation.period)).sorted()
            guard let period = periods.last else { continue }
            let atPeriod = entries.filter { $0.observation.period == period }
            let values = Dictionary(atPeriod.map { ($0.territoryID, $0.observation.value) }, uniquingKeysWith: { first, _ in first })
            let qpv = contract.qpv.compactMap { territory in values[territory.id].map { (territory: territory, value: $0) } }
            let aggregate = aggregates.first { values[$0.id] != nil }.map { (territory: $0, value: values[$0.id]!) }
            let epciValue = values[epci.id]
            var summary: ContractGapSummary?
            var headline: String?
            var spread: String?
            if epciValue != nil {
                let computed = GapAnalysis.summary(territories: qpv.map(\.territory.id), referenceID: epci.id, values: values, aggregate: aggregate?.value)
                summary = computed
                if let gap = computed.aggregate { headline = GapWording.headline(indicator: indicator, gap: gap, referenceName: referenceName) }
                spread = GapWording.spread(indicator: indicator, gaps: computed.gaps, referenceName: referenceName)
            }
            var trend: String?
            if periods.count >= 2 {
                let previous = periods[periods.count - 2]
                let first = Dictionary(entries.filter { $0.observation.period == previous }.map { ($0.territoryID, $0.observation.value) }, uniquingKeysWith: { a, _ in a })
                let trends = GapAnalysis.trends(indicator: indicator, first: first, second: values,
                                                referenceOf: Dictionary(uniqueKeysWithValues: qpvIDs.map { ($0, epci.id) }))
                if trends.known > 0 { trend = GapWording.trend(indicator: indicator, summary: trends, referenceName: referenceName) }
            }
            let provenance = atPeriod.first.map { Provenance(source: $0.observation.source, fileName: $0.observation.fileName, importedAt: $0.observation.importedAt) }
            figures.append(ContractFigure(indicator: indicator, period: period, epciValue: epciValue, aggregate: aggregate, qpv: qpv, summary: summary,
                                          headline: headline, spread: spread, trend: trend, provenance: provenance))
        }
        return figures.sorted { ($0.indicator.theme, $0.indicator.label) < ($1.indicator.theme, $1.indicator.label) }
    }

    /// "l'agglomération" for an EPCI, the name otherwise: how the sentences refer to the reference.
    static func referenceName(_ territory: Territory) -> String {
        switch territory.kind {
        case .epci: "l'agglomération"
        case .department: "le département"
        case .region: "la région"
        case .country: "la France"
        default: territory.name
        }
    }
}

import Vapor
