import Fluent
import Foundation
import PasserelleDomain
import SQLKit
import Vapor

/// Outcome of an outline import.
struct OutlineImportOutcome: Sendable {
    var featureCount: Int
    var created = 0
    var updated = 0
    var territoriesCreated = 0
    var problems: [String] = []

    var rejected: Bool { !problems.isEmpty }
    var summary: String {
        if rejected { return "Fichier refusé : \(problems.count) problème(s), aucun contour n'a été importé." }
        if created == 0 && updated == 0 && territoriesCreated == 0 { return "Aucun changement : ces \(featureCount) contours étaient déjà en base." }
        return "\(created) contours créés, \(updated) remplacés\(territoriesCreated > 0 ? ", \(territoriesCreated) territoires ajoutés" : "") (\(featureCount) objets lus)."
    }
}

/// Where a point falls.
struct LocatedPoint: Sendable, Equatable {
    var qpv: Territory?
    var commune: Territory?
    var epci: Territory?
    var problem: String?
}

/// Point-in-polygon indexes of the stored outlines, one per level, built once and rebuilt when the
/// outlines change (the signature is checked on each use, so another server's import is seen too).
actor OutlineLocators {
    struct Entry: Sendable {
        var signature: String
        var locator: PointLocator
        var territories: [Int: Territory]
    }

    private var entries: [TerritoryKind: Entry] = [:]
    /// Builds in progress, so that simultaneous first requests share one build.
    private var building: [String: Task<Entry, any Error>] = [:]

    func locator(kind: TerritoryKind, database: any Database) async throws -> Entry? {
        let sql = database as! any SQLDatabase
        struct Signature: Decodable { var total: Int; var latest: String? }
        let signature = try await sql.raw("""
            SELECT COUNT(*) AS total, MAX(o.imported_at) AS latest FROM territory_outlines o JOIN territories t ON t.id = o.territory_id
            WHERE t.kind = \(bind: kind.rawValue)
            """).first(decoding: Signature.self)
        guard let signature, signature.total > 0 else { return nil }
        let key = "\(signature.total)|\(signature.latest ?? "")"
        if let entry = entries[kind], entry.signature == key { return entry }
        let taskKey = kind.rawValue + "|" + key
        let task = building[taskKey] ?? Task {
            let outlines = try await SQLDiagnosticRepository(database: database).outlines(kind: kind)
            let territories = try await SQLTerritoryRepository(database: database).territories(ids: Array(outlines.keys))
            return Entry(signature: key, locator: PointLocator(entries: outlines.map { (id: $0.key, geometry: $0.value) }), territories: territories)
        }
        building[taskKey] = task
        defer { building[taskKey] = nil }
        let entry = try await task.value
        entries[kind] = entry
        return entry
    }
}

extension Application {
    struct OutlineLocatorsKey: StorageKey { typealias Value = OutlineLocators }

    var outlineLocators: OutlineLocators { storage[OutlineLocatorsKey.self]! }
}

/// The transition diagnostic: outlines, point location, maps, vulnerability index, cool-place coverage.
struct DiagnosticService: Sendable {
    let database: any Database
    let clock: any Clock

    // MARK: Outlines

    struct OutlineRequest: Sendable {
        var kind: TerritoryKind
        var codeProperty: String
        var nameProperty: String?
        var createMissing: Bool
        var source: String
        var actor: Actor
        var scope: ImportScope = .everywhere
    }

    /// Attaches outlines to territories by the code property; any problem refuses the whole file.
    func importOutlines(_ bytes: [UInt8], _ request: OutlineRequest) async throws -> OutlineImportOutcome {
        let report: GeoJSONReport
        do {
            report = try GeoJSONReader.read(bytes, codeProperty: request.codeProperty)
        } catch {
            return OutlineImportOutcome(featureCount: 0, problems: [error.description])
        }
        var outcome = OutlineImportOutcome(featureCount: report.featureCount, problems: report.problems.map(\.description))
        let codes = try await SQLObservatoryRepository(database: database).codeIndex()
        var resolved: [(territoryID: Int?, code: String, name: String?, geometry: MultiPolygon)] = []
        var seen: [String: Int] = [:] // normalised code → feature index
        for feature in report.features {
            if let code = feature.code(request.codeProperty) {
                let key = TerritoryCodeIndex.normalize(code)
                if let first = seen[key] {
                    outcome.problems.append("objet n° \(feature.index) (code \(code)) : même territoire que l'objet n° \(first)")
                    continue
                }
                seen[key] = feature.index
            }
            guard let code = feature.code(request.codeProperty) else { continue }
            let name = request.nameProperty.flatMap { feature.code($0) }
            switch codes.resolve(code, kind: request.kind) {
            case .success(let territory):
                guard request.scope.allows(territory.id) else {
                    outcome.problems.append("objet n° \(feature.index) (code \(code)) : " + ImportScope.outsideMessage)
                    continue
                }
                resolved.append((territory.id, code, name, feature.geometry))
            case .failure(let problem):
                if request.createMissing, request.scope.isGlobal, problem != .empty {
                    guard let name else {
                        outcome.problems.append("objet n° \(feature.index) (code \(code)) : territoire inconnu et pas de nom (propriété « \(request.nameProperty ?? "?") ») pour le créer")
                        continue
                    }
                    resolved.append((nil, TerritoryCodeIndex.normalize(code), name, feature.geometry))
                } else {
                    outcome.problems.append("objet n° \(feature.index) (code \(code)) : \(problem.message)")
                }
            }
        }
        guard outcome.problems.isEmpty else { return outcome }
        let source = request.source, kind = request.kind, now = clock.now().isoString, actor = request.actor
        let toCreate = resolved.filter { $0.territoryID == nil }
        let found = resolved, initial = outcome
        return try await database.transaction { db in
            var outcome = initial
            var ids: [String: Int] = [:]
            if !toCreate.isEmpty {
                let geography = ReferenceGeography(territories: toCreate.map { TerritoryRecord(kind: kind, code: $0.code, name: $0.name ?? $0.code) }, links: [])
                outcome.territoriesCreated = try await SQLTerritoryRepository(database: db).importGeography(geography).created
                for item in toCreate {
                    ids[item.code] = try await SQLTerritoryRepository(database: db).find(code: item.code, kind: kind)?.id
                }
            }
            let outlines = found.compactMap { item -> (territoryID: Int, geometry: MultiPolygon)? in
                guard let id = item.territoryID ?? ids[item.code] else { return nil }
                return (id, item.geometry)
            }
            let counts = try await SQLDiagnosticRepository(database: db).saveOutlines(outlines, source: source, importedAt: now)
            outcome.created = counts.created
            outcome.updated = counts.updated
            if counts.created + counts.updated + outcome.territoriesCreated > 0 {
                try await AuditTrail(database: db, clock: clock).record("import", entity: "outlines", id: kind.rawValue, by: actor,
                    after: ["source": source, "created": String(counts.created), "updated": String(counts.updated), "territories": String(outcome.territoriesCreated)])
            }
            return outcome
        }
    }

    // MARK: Location

    /// Where each point falls: the QPV (smallest code when outlines overlap), the commune, and the
    /// EPCI (from its outline, or else from the commune's membership). Nil points are reported.
    func locate(_ points: [GeoPoint?], locators: OutlineLocators) async throws -> [LocatedPoint] {
        let qpv = try await locators.locator(kind: .qpv, database: database)
        let communes = try await locators.locator(kind: .commune, database: database)
        let epcis = try await locators.locator(kind: .epci, database: database)
        var epciOfCommune: [Int: Territory] = [:]
        if epcis == nil, let communes {
            let parents = try await SQLTerritoryRepository(database: database).parents(ofAll: Array(communes.territories.keys))
            for (id, list) in parents { epciOfCommune[id] = list.first { $0.kind == .epci } }
        }
        return points.map { point in
            guard let point else { return LocatedPoint(problem: "coordonnées absentes ou illisibles") }
            guard point.isValidWGS84 else {
                return LocatedPoint(problem: "coordonnées hors des bornes WGS84 (latitude \(point.latitude), longitude \(point.longitude))")
            }
            var result = LocatedPoint()
            if let qpv, let id = qpv.locator.firstLocation(of: point) { result.qpv = qpv.territories[id] }
            if let communes, let id = communes.locator.firstLocation(of: point) {
                result.commune = communes.territories[id]
                result.epci = epciOfCommune[id]
            }
            if let epcis, let id = epcis.locator.firstLocation(of: point) { result.epci = epcis.territories[id] }
            return result
        }
    }

    /// Which outline levels exist, for the columns of a location table.
    func outlineLevels(locators: OutlineLocators) async throws -> (qpv: Bool, commune: Bool, epci: Bool) {
        let qpv = try await locators.locator(kind: .qpv, database: database) != nil
        let commune = try await locators.locator(kind: .commune, database: database) != nil
        let epci = try await locators.locator(kind: .epci, database: database) != nil
        return (qpv, commune, epci || commune)
    }
}

// MARK: - Maps, vulnerability, coverage

/// A map of a contract: what shapes to draw and with which values.
struct ContractMap: Sendable {
    var areas: [Maps.Area]
    var markers: [Maps.Marker]
    var breaks: ClassBreaks?
    /// True when QPV have no outline and are drawn as points at the middle of their communes.
    var qpvAsPoints: Bool
    var rows: [(territory: Territory, value: ObservationValue)]
}

/// How to cut values into classes.
enum ClassChoice: Sendable, Equatable {
    case quantiles(Int)
    case thresholds([Double])
}

/// An index computed for a contract, with the territories behind the codes.
struct VulnerabilityResult: Sendable {
    var index: VulnerabilityIndex
    var sensitivity: SensitivityReport?
    var territories: [String: Territory]
    var periods: [String: String]
}

/// Coverage of one QPV by cool places.
struct QPVCoverage: Sendable {
    var territory: Territory
    var byArea: CoverageShare?
    var byPoints: CoverageShare?
}

extension DiagnosticService {
    /// The contract's QPV (by outline, or as points in the middle of their communes) and, around them,
    /// the communes of its EPCI; filled by the values of `values` (territory id → value).
    func contractMap(_ detail: ContractDetail, values: [Int: ObservationValue], unit: IndicatorUnit?, classes: ClassChoice) async throws -> (ContractMap, ClassBreaksError?) {
        let repository = SQLDiagnosticRepository(database: database)
        let territories = SQLTerritoryRepository(database: database)
        let qpvOutlines = try await repository.outlines(territoryIDs: detail.qpv.map(\.id))
        let communes = try await territories.children(of: detail.contract.epci.id).filter { $0.kind == .commune }
        let communeOutlines = try await repository.outlines(territoryIDs: communes.map(\.id))
        func text(_ value: ObservationValue?) -> String {
            guard let value else { return "pas de valeur" }
            switch value {
            case .number(let number): return unit.map { FrenchFormat.value(number, unit: $0) } ?? FrenchFormat.decimal(number, digits: 1)
            case .secret: return "secret statistique"
            case .missing: return "valeur manquante"
            }
        }
        var areas = communes.compactMap { commune -> Maps.Area? in
            communeOutlines[commune.id].map { Maps.Area(name: commune.name, geometry: $0, value: values[commune.id]?.number, valueText: text(values[commune.id])) }
        }
        var markers: [Maps.Marker] = []
        let qpvAsPoints = qpvOutlines.isEmpty
        if qpvAsPoints {
            let parents = try await territories.parents(ofAll: detail.qpv.map(\.id))
            for qpv in detail.qpv {
                let boxes = (parents[qpv.id] ?? []).filter { $0.kind == .commune }.compactMap { communeOutlines[$0.id]?.boundingBox }
                guard !boxes.isEmpty else { continue }
                let center = boxes.reduce(BoundingBox.empty) { $0.union($1) }.center
                markers.append(Maps.Marker(name: qpv.name, point: center, value: values[qpv.id]?.number, valueText: text(values[qpv.id])))
            }
        } else {
            areas += detail.qpv.compactMap { qpv in
                qpvOutlines[qpv.id].map { Maps.Area(name: qpv.name, geometry: $0, value: values[qpv.id]?.number, valueText: text(values[qpv.id])) }
            }
        }
        let numbers = (areas.compactMap(\.value) + markers.compactMap(\.value))
        var breaks: ClassBreaks?
        var problem: ClassBreaksError?
        switch classes {
        case .quantiles(let count):
            // Never more classes than distinct values: two quartiers make two classes, not five.
            breaks = ClassBreaks.quantiles(values: numbers, classes: max(1, min(count, Set(numbers).count)))
        case .thresholds(let thresholds):
            do { breaks = try ClassBreaks.userDefined(thresholds: thresholds, values: numbers) } catch { problem = error }
        }
        let rows = detail.qpv.map { (territory: $0, value: values[$0.id] ?? .missing) }
        return (ContractMap(areas: areas, markers: markers, breaks: breaks, qpvAsPoints: qpvAsPoints, rows: rows), problem)
    }

    /// The composite index of a contract's QPV for a model, with its sensitivity analysis.
    func vulnerability(_ detail: ContractDetail, definition: VulnerabilityDefinition, seed: Int, sensitivity: Bool) async throws -> VulnerabilityResult {
        let observatory = SQLObservatoryRepository(database: database)
        let codes = definition.model.indicators.map(\.code)
        let qpvIDs = detail.qpv.map(\.id)
        var rows = Array(repeating: [Double?](repeating: nil, count: codes.count), count: detail.qpv.count)
        var periods: [String: String] = [:]
        for (column, code) in codes.enumerated() {
            guard let stored = try await observatory.indicator(code: code) else { continue }
            let available = try await observatory.periods(indicatorID: stored.id, territoryIDs: qpvIDs)
            guard let period = definition.period.flatMap({ available.contains($0) ? $0 : nil }) ?? available.last else { continue }
            periods[code] = period
            let values = try await observatory.values(indicatorID: stored.id, period: period, territoryIDs: qpvIDs)
            for (row, qpv) in detail.qpv.enumerated() { rows[row][column] = values[qpv.id]?.number }
        }
        let matrix = IndicatorMatrix(territories: detail.qpv.map(\.code), indicators: codes, rows: rows)
        let index = try VulnerabilityIndex(model: definition.model, data: matrix)
        var report: SensitivityReport?
        if sensitivity, index.scores.contains(where: { $0.rank != nil }) {
            report = try? index.sensitivity(SensitivitySettings(samples: definition.samples, delta: definition.delta, seed: UInt64(seed)))
        }
        return VulnerabilityResult(index: index, sensitivity: report, territories: Dictionary(uniqueKeysWithValues: detail.qpv.map { ($0.code, $0) }), periods: periods)
    }

    /// Share of each QPV farther than the radius from every cool place: by outline area when the
    /// QPV has one, and by the supplied points (addresses) that fall in it.
    func coverage(_ detail: ContractDetail, places: [CoolPlace], radius: Double, points: [GeoPoint] = [], locators: OutlineLocators) async throws -> [QPVCoverage] {
        let index = PlaceIndex(places: places.map(\.point), cellSizeMetres: max(radius, 50))
        let rule = CoverageRule(radiusMetres: radius)
        let outlines = try await SQLDiagnosticRepository(database: database).outlines(territoryIDs: detail.qpv.map(\.id))
        var pointsByQPV: [Int: [GeoPoint]] = [:]
        if !points.isEmpty {
            let located = try await locate(points.map { Optional($0) }, locators: locators)
            for (point, where_) in zip(points, located) {
                if let qpv = where_.qpv { pointsByQPV[qpv.id, default: []].append(point) }
            }
        }
        return detail.qpv.map { qpv in
            QPVCoverage(territory: qpv,
                        byArea: outlines[qpv.id].map { rule.uncoveredShare(of: $0, places: index) },
                        byPoints: pointsByQPV[qpv.id].map { rule.uncoveredShare(of: $0, places: index) })
        }
    }
}
