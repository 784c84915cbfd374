import Fluent
import Foundation
import PasserelleDomain
import Vapor

/// Diagnostic JSON API: point location, vulnerability results, cool places, outline imports.
struct DiagnosticAPIController: Sendable {
    static let maxPoints = 100_000

    struct LocateRequest: Content {
        struct Point: Content { var id: String?; var lat: Double?; var lon: Double? }
        var points: [Point]
    }
    struct PlaceRefJSON: Content { var code: String; var name: String }
    struct LocatedJSON: Content { var id: String?; var qpv: PlaceRefJSON?; var commune: PlaceRefJSON?; var epci: PlaceRefJSON?; var error: String? }
    struct CountJSON: Content { var code: String; var name: String; var count: Int }
    struct LocateSummaryJSON: Content { var total: Int; var located: Int; var inQPV: Int; var invalid: Int; var byQPV: [CountJSON] }
    struct LocateResponseJSON: Content { var items: [LocatedJSON]; var summary: LocateSummaryJSON }

    func locate(req: Request) async throws -> LocateResponseJSON {
        let body = try req.content.decode(LocateRequest.self)
        guard body.points.count <= Self.maxPoints else {
            throw RequestError.invalidBody(reason: "\(body.points.count) points envoyés, \(Self.maxPoints) au plus par requête")
        }
        let points = body.points.map { point -> GeoPoint? in
            guard let lat = point.lat, let lon = point.lon else { return nil }
            return GeoPoint(longitude: lon, latitude: lat)
        }
        let located = try await DiagnosticService(database: req.db, clock: req.application.clock).locate(points, locators: req.application.outlineLocators)
        var counts: [String: CountJSON] = [:]
        let items = zip(body.points, located).map { point, where_ in
            if let qpv = where_.qpv { counts[qpv.code, default: CountJSON(code: qpv.code, name: qpv.name, count: 0)].count += 1 }
            return LocatedJSON(id: point.id, qpv: where_.qpv.map { PlaceRefJSON(code: $0.code, name: $0.name) },
                               commune: where_.commune.map { PlaceRefJSON(code: $0.code, name: $0.name) },
                               epci: where_.epci.map { PlaceRefJSON(code: $0.code, name: $0.name) }, error: where_.problem)
        }
        let invalid = located.filter { $0.problem != nil }.count
        return LocateResponseJSON(items: items, summary: LocateSummaryJSON(
            total: items.count, located: items.count - invalid, inQPV: located.filter { $0.qpv != nil }.count, invalid: invalid,
            byQPV: counts.values.sorted { $0.code < $1.code }))
    }

    struct ScoreJSON: Content {
        var code: String
        var name: String
        var status: String
        var score: Double?
        var rank: Int?
        var classIndex: Int?
        var themes: [String: Double]
        var rankLow: Int?
        var rankHigh: Int?
        var rankMin: Int?
        var rankMax: Int?
        var topContributions: [String]
        var missingIndicators: [String]
    }
    struct VulnerabilityJSON: Content { var model: String; var version: Int; var seed: Int; var samples: Int; var delta: Double; var items: [ScoreJSON] }

    func vulnerability(req: Request) async throws -> Response {
        let detail = try await req.contract()
        guard let name = try req.strictQuery.text("model", maxLength: 80) else { throw RequestError.invalidParameter(name: "model", reason: "nom du modèle attendu") }
        let version = try req.strictQuery.text("version", maxLength: 6).flatMap(Int.init)
        guard let stored = try await SQLDiagnosticRepository(database: req.db).models(contractID: detail.contract.id)
            .first(where: { $0.name == name && (version == nil || $0.version == version) }) else {
            throw RequestError.notFound(what: "Le modèle « \(name) »")
        }
        let json = try await Self.vulnerabilityJSON(detail: detail, stored: stored, database: req.db, clock: req.application.clock)
        if try req.strictQuery.text("format", maxLength: 10) == "csv" {
            return Self.vulnerabilityCSV(json).response(fileName: "vulnerabilite-\(detail.contract.slug).csv")
        }
        return try await json.encodeResponse(for: req)
    }

    static func vulnerabilityJSON(detail: ContractDetail, stored: StoredVulnerabilityModel, database: any Database, clock: any Clock) async throws -> VulnerabilityJSON {
        let result = try await DiagnosticService(database: database, clock: clock).vulnerability(detail, definition: stored.definition, seed: stored.seed, sensitivity: true)
        var spread: [String: TerritorySensitivity] = [:]
        for item in result.sensitivity?.territories ?? [] { spread[item.territory] = item }
        let ordered: [TerritoryScore] = result.index.ranking + result.index.scores.filter { $0.rank == nil }
        let items = ordered.map { (score: TerritoryScore) -> ScoreJSON in
            var themes: [String: Double] = [:]
            for theme in score.themes { if let value = theme.score { themes[VulnerabilityService.themeKey(theme.kind)] = value } }
            return ScoreJSON(code: score.territory, name: result.territories[score.territory]?.name ?? score.territory, status: score.status.rawValue, score: score.overall,
                      rank: score.rank, classIndex: score.classIndex.map { $0 + 1 },
                      themes: themes,
                      rankLow: spread[score.territory]?.lowRank, rankHigh: spread[score.territory]?.highRank,
                      rankMin: spread[score.territory]?.minRank, rankMax: spread[score.territory]?.maxRank,
                      topContributions: score.topContributions.map(\.sentence), missingIndicators: score.missingIndicators)
        }
        return VulnerabilityJSON(model: stored.name, version: stored.version, seed: stored.seed, samples: stored.definition.samples, delta: stored.definition.delta, items: items)
    }

    static func vulnerabilityCSV(_ json: VulnerabilityJSON) -> CSVWriter {
        var csv = CSVWriter(header: ["territory_code", "name", "status", "score", "rank", "class", "rank_p5", "rank_p95", "rank_min", "rank_max", "top_contributions"])
        for item in json.items {
            csv.append([item.code, item.name, item.status, item.score.map(JSONNumberOrSecret.plain) ?? "", item.rank.map(String.init) ?? "",
                        item.classIndex.map(String.init) ?? "", item.rankLow.map(String.init) ?? "", item.rankHigh.map(String.init) ?? "",
                        item.rankMin.map(String.init) ?? "", item.rankMax.map(String.init) ?? "", item.topContributions.joined(separator: " ; ")])
        }
        return csv
    }

    struct CoolPlaceJSON: Content { var id: Int?; var name: String; var kind: String; var latitude: Double; var longitude: Double; var openingHours: String?; var heatwaveHours: String?; var accessibility: String? }
    struct CoverageJSON: Content { var code: String; var name: String; var uncoveredShareByArea: Double? }
    struct CoolPlacesJSON: Content { var radius: Double; var items: [CoolPlaceJSON]; var coverage: [CoverageJSON] }

    func coolPlaces(req: Request) async throws -> CoolPlacesJSON {
        let detail = try await req.contract()
        let radius = Double(try req.strictQuery.integer("radius", in: 50...5000, default: 300))
        let places = try await SQLDiagnosticRepository(database: req.db).coolPlaces(contractID: detail.contract.id)
        let coverage = try await DiagnosticService(database: req.db, clock: req.application.clock).coverage(detail, places: places, radius: radius, locators: req.application.outlineLocators)
        return CoolPlacesJSON(radius: radius,
                              items: places.map { CoolPlaceJSON(id: $0.id, name: $0.name, kind: $0.kind.rawValue, latitude: $0.latitude, longitude: $0.longitude,
                                                               openingHours: $0.openingHours, heatwaveHours: $0.heatwaveHours, accessibility: $0.accessibility) },
                              coverage: coverage.map { CoverageJSON(code: $0.territory.code, name: $0.territory.name, uncoveredShareByArea: $0.byArea?.share) })
    }

    struct OutlineReportJSON: Content { var summary: String; var rejected: Bool; var features: Int; var created: Int; var updated: Int; var territoriesCreated: Int; var problems: [String] }

    /// `POST /api/v1/outlines?kind=&codeProperty=&nameProperty=&createMissing=&source=` with the GeoJSON as body.
    func importOutlines(req: Request) async throws -> Response {
        let query = req.strictQuery
        guard let kind = try query.choice("kind", of: TerritoryKind.self) else { throw RequestError.invalidParameter(name: "kind", reason: "niveau des territoires attendu") }
        guard let property = try query.text("codeProperty", maxLength: 80) else { throw RequestError.invalidParameter(name: "codeProperty", reason: "nom de la propriété portant le code attendu") }
        guard let buffer = req.body.data, buffer.readableBytes > 0 else { throw RequestError.invalidBody(reason: "le corps de la requête doit contenir le GeoJSON") }
        let outcome = try await DiagnosticService(database: req.db, clock: req.application.clock).importOutlines(Array(buffer.readableBytesView), .init(
            kind: kind, codeProperty: property, nameProperty: try query.text("nameProperty", maxLength: 80), createMissing: try query.text("createMissing", maxLength: 5) == "true",
            source: try query.text("source", maxLength: 200) ?? "API", actor: req.actor,
            scope: try await ImportScope.of(req.account?.principal, database: req.db)))
        let response = try await OutlineReportJSON(summary: outcome.summary, rejected: outcome.rejected, features: outcome.featureCount, created: outcome.created,
                                                   updated: outcome.updated, territoriesCreated: outcome.territoriesCreated, problems: outcome.problems).encodeResponse(for: req)
        response.status = outcome.rejected ? .unprocessableEntity : (outcome.created + outcome.updated > 0 ? .created : .ok)
        return response
    }
}
