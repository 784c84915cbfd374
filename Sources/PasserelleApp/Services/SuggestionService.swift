import Fluent
import Foundation
import PasserelleDomain
import Vapor

/// What a diagnostic says about a territory's vulnerabilities, whatever produced it.
///
/// Today the observatory's gaps produce it (`SuggestionService.diagnosis(of:)`, through the pure
/// `GapVulnerabilities.diagnose`). A composite vulnerability index can produce the same value:
/// one `DiagnosedVulnerability` per vulnerability type, its severity the index's normalised
/// score (0 to 1), its evidence the index's figures; the suggestions then need no other change.
struct TerritoryDiagnosis: Sendable, Equatable {
    enum Basis: String, Sendable, Equatable {
        /// Gaps of the territory's indicators to its reference (a QPV against its EPCI).
        case observatoryGaps
        /// A vulnerability index model's scores.
        case vulnerabilityIndex
    }

    var basis: Basis
    var vulnerabilities: [DiagnosedVulnerability]

    var signals: [VulnerabilitySignal] { vulnerabilities.map(\.signal) }
}

/// Key actions and examples proposed to a territory or a contract, with the diagnosis behind them.
struct CatalogueSuggestions: Sendable {
    var diagnosis: TerritoryDiagnosis
    var weakestCoveredAmbitions: [WeakAmbition]
    var suggestions: [Suggestion]
    var catalogue: Catalogue

    var isEmpty: Bool { suggestions.isEmpty }
}

/// Reads vulnerabilities from the observatory and asks the catalogue for answers.
struct SuggestionService: Sendable {
    let database: any Database
    let catalogue: CatalogueService

    /// Key actions shown on a page or returned by the API.
    static let limit = 5

    init(database: any Database, catalogue: CatalogueService) {
        self.database = database
        self.catalogue = catalogue
    }

    /// A territory's vulnerabilities from its portrait: each figure's gap to its reference.
    func diagnosis(of territory: Territory) async throws -> TerritoryDiagnosis {
        let figures = try await ObservatoryService(database: database).portrait(of: territory)
        let readings = figures.compactMap { figure -> IndicatorReading? in
            guard let gap = figure.gap, let reference = figure.reference else { return nil }
            return IndicatorReading(indicator: figure.indicator, period: figure.period, gap: gap,
                                    referenceName: ObservatoryService.referenceName(reference), source: figure.provenance?.source)
        }
        return TerritoryDiagnosis(basis: .observatoryGaps, vulnerabilities: GapVulnerabilities.diagnose(readings))
    }

    /// A contract's vulnerabilities: for each indicator, all its QPV together against the EPCI when
    /// the source gives that figure, otherwise each QPV against the EPCI (the most marked one counts).
    func diagnosis(of contract: ContractDetail) async throws -> TerritoryDiagnosis {
        let figures = try await ObservatoryService(database: database).portrait(of: contract)
        let referenceName = ObservatoryService.referenceName(contract.contract.epci)
        var readings: [IndicatorReading] = []
        for figure in figures {
            guard let summary = figure.summary else { continue }
            if let aggregate = summary.aggregate {
                readings.append(IndicatorReading(indicator: figure.indicator, period: figure.period, gap: aggregate, referenceName: referenceName,
                                                 territoryName: "Ensemble des quartiers", source: figure.provenance?.source))
                continue
            }
            let names = Dictionary(figure.qpv.map { ($0.territory.id, $0.territory.name) }, uniquingKeysWith: { first, _ in first })
            for gap in summary.gaps {
                readings.append(IndicatorReading(indicator: figure.indicator, period: figure.period, gap: gap, referenceName: referenceName,
                                                 territoryName: names[gap.territoryID], source: figure.provenance?.source))
            }
        }
        return TerritoryDiagnosis(basis: .observatoryGaps, vulnerabilities: GapVulnerabilities.diagnose(readings))
    }

    /// A contract's suggestions: its diagnosis, then the ambitions its cross-matrix finds least covered.
    func suggestions(for contract: ContractDetail, limit: Int = SuggestionService.limit) async throws -> CatalogueSuggestions {
        let matrix = try await CrossMatrixService(database: database, clock: catalogue.clock).matrix(contract, filter: .none).matrix
        return try await suggestions(for: try await diagnosis(of: contract), weakestCoveredAmbitions: matrix.weakestCoveredAmbitions(), limit: limit)
    }

    /// The key actions answering a diagnosis' most marked vulnerabilities, then the weakest-covered
    /// ambitions (by `Suggestions.suggest`).
    /// - Parameter weakestCoveredAmbitions: the contract's ambitions that the cross-matrix finds least
    ///   covered; none for a single QPV.
    func suggestions(for diagnosis: TerritoryDiagnosis, weakestCoveredAmbitions: [WeakAmbition] = [],
                     limit: Int = SuggestionService.limit) async throws -> CatalogueSuggestions {
        let snapshot = try await catalogue.snapshot()
        let suggestions = Suggestions.suggest(vulnerabilities: diagnosis.signals, weakAmbitions: weakestCoveredAmbitions,
                                              in: snapshot.catalogue, limit: limit)
        return CatalogueSuggestions(diagnosis: diagnosis, weakestCoveredAmbitions: weakestCoveredAmbitions, suggestions: suggestions,
                                    catalogue: snapshot.catalogue)
    }
}

extension Request {
    var suggestionService: SuggestionService { SuggestionService(database: db, catalogue: catalogueService) }
}
