import Fluent
import Foundation
import PasserelleDomain
import SQLKit

/// A cool place or heat-wave shelter.
struct CoolPlace: Sendable, Equatable, Codable {
    enum Kind: String, Sendable, Codable, CaseIterable {
        case coolPlace, shelter, greenSpace, water

        var label: String {
            switch self {
            case .coolPlace: "Lieu frais"
            case .shelter: "Lieu refuge en canicule"
            case .greenSpace: "Espace vert ombragé"
            case .water: "Point d'eau, fontaine, brumisateur"
            }
        }
    }

    var id: Int?
    var name: String
    var kind: Kind
    var latitude: Double
    var longitude: Double
    var openingHours: String?
    var heatwaveHours: String?
    var accessibility: String?
    var source: String?

    var point: GeoPoint { GeoPoint(longitude: longitude, latitude: latitude) }
}

/// A saved vulnerability model: a named, versioned definition of a contract's composite index.
struct StoredVulnerabilityModel: Sendable, Equatable {
    var id: Int
    var contractID: Int
    var name: String
    var version: Int
    var definition: VulnerabilityDefinition
    var seed: Int
    var createdAt: String
    var createdBy: String
}

/// What a model says, as stored: the index model, the period of the data, and the sensitivity settings.
struct VulnerabilityDefinition: Sendable, Equatable, Codable {
    var model: VulnerabilityModel
    var period: String?
    var samples: Int
    var delta: Double
}

/// Outlines, cool places and vulnerability models.
struct SQLDiagnosticRepository: Sendable {
    let database: any SQLDatabase

    init(database: any Database) {
        self.database = database as! any SQLDatabase
    }

    // MARK: Outlines

    /// Creates or replaces outlines; returns how many were written (unchanged ones are left alone).
    func saveOutlines(_ outlines: [(territoryID: Int, geometry: MultiPolygon)], source: String, importedAt: String) async throws -> (created: Int, updated: Int) {
        struct Row: Decodable { var territory_id: Int; var geometry: String }
        var existing: [Int: String] = [:]
        for chunk in outlines.map(\.territoryID).chunks(of: 2000) {
            for row in try await database.raw("SELECT territory_id, geometry FROM territory_outlines WHERE territory_id IN (\(SQLList(chunk.map { SQLBind($0) })))")
                .all(decoding: Row.self) { existing[row.territory_id] = row.geometry }
        }
        var created = 0, updated = 0
        for outline in outlines {
            let json = OutlineJSON.encode(outline.geometry)
            if existing[outline.territoryID] == json { continue }
            let box = outline.geometry.boundingBox
            let area = LocalProjection(origin: box.center).area(of: outline.geometry)
            try await database.insert(into: "territory_outlines")
                .columns("territory_id", "geometry", "min_lon", "min_lat", "max_lon", "max_lat", "area_m2", "source", "imported_at")
                .values(SQLBind(outline.territoryID), SQLBind(json), SQLBind(box.minLongitude), SQLBind(box.minLatitude), SQLBind(box.maxLongitude),
                        SQLBind(box.maxLatitude), SQLBind(area), SQLBind(source), SQLBind(importedAt))
                .onConflict(with: ["territory_id"]) { conflict in
                    conflict.set(excludedValueOf: "geometry").set(excludedValueOf: "min_lon").set(excludedValueOf: "min_lat").set(excludedValueOf: "max_lon")
                        .set(excludedValueOf: "max_lat").set(excludedValueOf: "area_m2").set(excludedValueOf: "source").set(excludedValueOf: "imported_at")
                }
                .run()
            if existing[outline.territoryID] == nil { created += 1 } else { updated += 1 }
        }
        return (created, updated)
    }

    /// Outlines of every territory of a kind (or of the given territories), by territory id.
    func outlines(kind: TerritoryKind? = nil, territoryIDs: [Int]? = nil) async throws -> [Int: MultiPolygon] {
        struct Row: Decodable { var territory_id: Int; var geometry: String }
        var query: SQLQueryString = "SELECT o.territory_id, o.geometry FROM territory_outlines o JOIN territories t ON t.id = o.territory_id WHERE 1 = 1"
        if let kind { query = query + " AND t.kind = \(bind: kind.rawValue)" }
        var rows: [Row] = []
        if let territoryIDs {
            for chunk in territoryIDs.chunks(of: 2000) {
                rows += try await database.raw(query + " AND o.territory_id IN (\(SQLList(chunk.map { SQLBind($0) })))").all(decoding: Row.self)
            }
        } else {
            rows = try await database.raw(query).all(decoding: Row.self)
        }
        return try OutlineJSON.decode(rows.map { ($0.territory_id, $0.geometry) })
    }

    func outlineCount(kind: TerritoryKind) async throws -> Int {
        struct Count: Decodable { var total: Int }
        return try await database.raw("SELECT COUNT(*) AS total FROM territory_outlines o JOIN territories t ON t.id = o.territory_id WHERE t.kind = \(bind: kind.rawValue)")
            .first(decoding: Count.self)?.total ?? 0
    }

    // MARK: Cool places

    func coolPlaces(contractID: Int) async throws -> [CoolPlace] {
        struct Row: Decodable {
            var id: Int, name: String, kind: String, latitude: Double, longitude: Double
            var opening_hours: String?, heatwave_hours: String?, accessibility: String?, source: String?
        }
        return try await database.raw("SELECT * FROM cool_places WHERE contract_id = \(bind: contractID) ORDER BY name").all(decoding: Row.self).map {
            CoolPlace(id: $0.id, name: $0.name, kind: CoolPlace.Kind(rawValue: $0.kind) ?? .coolPlace, latitude: $0.latitude, longitude: $0.longitude,
                      openingHours: $0.opening_hours, heatwaveHours: $0.heatwave_hours, accessibility: $0.accessibility, source: $0.source)
        }
    }

    func addCoolPlace(_ place: CoolPlace, contractID: Int, createdAt: String) async throws -> Int {
        struct IDRow: Decodable { var id: Int }
        return try await database.insert(into: "cool_places")
            .columns("contract_id", "name", "kind", "latitude", "longitude", "opening_hours", "heatwave_hours", "accessibility", "source", "created_at")
            .values(SQLBind(contractID), SQLBind(place.name), SQLBind(place.kind.rawValue), SQLBind(place.latitude), SQLBind(place.longitude),
                    SQLBind(place.openingHours), SQLBind(place.heatwaveHours), SQLBind(place.accessibility), SQLBind(place.source), SQLBind(createdAt))
            .returning("id").first(decoding: IDRow.self)!.id
    }

    func deleteCoolPlace(id: Int, contractID: Int) async throws -> Bool {
        struct Count: Decodable { var total: Int }
        let found = try await database.raw("SELECT COUNT(*) AS total FROM cool_places WHERE id = \(bind: id) AND contract_id = \(bind: contractID)").first(decoding: Count.self)?.total ?? 0
        guard found > 0 else { return false }
        try await database.raw("DELETE FROM cool_places WHERE id = \(bind: id) AND contract_id = \(bind: contractID)").run()
        return true
    }

    // MARK: Vulnerability models

    func models(contractID: Int) async throws -> [StoredVulnerabilityModel] {
        struct Row: Decodable { var id: Int; var contract_id: Int; var name: String; var version: Int; var definition: String; var seed: Int; var created_at: String; var created_by: String }
        return try await database.raw("SELECT * FROM vulnerability_models WHERE contract_id = \(bind: contractID) ORDER BY name, version DESC").all(decoding: Row.self).compactMap { row in
            guard let definition = try? JSONDecoder().decode(VulnerabilityDefinition.self, from: Data(row.definition.utf8)) else { return nil }
            return StoredVulnerabilityModel(id: row.id, contractID: row.contract_id, name: row.name, version: row.version, definition: definition,
                                            seed: row.seed, createdAt: row.created_at, createdBy: row.created_by)
        }
    }

    /// The latest version of a named model.
    func model(contractID: Int, name: String) async throws -> StoredVulnerabilityModel? {
        try await models(contractID: contractID).first { $0.name == name }
    }

    /// Saves a new version of a model (versions are never overwritten); returns its number.
    func saveModel(contractID: Int, name: String, definition: VulnerabilityDefinition, seed: Int, createdAt: String, createdBy: String) async throws -> Int {
        let version = (try await models(contractID: contractID).filter { $0.name == name }.map(\.version).max() ?? 0) + 1
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try await database.insert(into: "vulnerability_models")
            .columns("contract_id", "name", "version", "definition", "seed", "created_at", "created_by")
            .values(SQLBind(contractID), SQLBind(name), SQLBind(version), SQLBind(String(decoding: try encoder.encode(definition), as: UTF8.self)),
                    SQLBind(seed), SQLBind(createdAt), SQLBind(createdBy))
            .run()
        return version
    }
}

/// Outlines stored as GeoJSON MultiPolygon text (7 decimals, about a centimetre), and read back in one
/// pass through the domain's GeoJSON reader.
enum OutlineJSON {
    static func encode(_ geometry: MultiPolygon) -> String {
        var out = "{\"type\":\"MultiPolygon\",\"coordinates\":["
        for (p, polygon) in geometry.polygons.enumerated() {
            if p > 0 { out += "," }
            out += "["
            for (r, ring) in polygon.rings.enumerated() {
                if r > 0 { out += "," }
                out += "["
                for (i, point) in ring.points.enumerated() {
                    if i > 0 { out += "," }
                    out += "[" + number(point.longitude) + "," + number(point.latitude) + "]"
                }
                out += "]"
            }
            out += "]"
        }
        return out + "]}"
    }

    static func number(_ value: Double) -> String {
        var text = String(format: "%.7f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    static func decode(_ rows: [(Int, String)]) throws -> [Int: MultiPolygon] {
        guard !rows.isEmpty else { return [:] }
        var collection = "{\"type\":\"FeatureCollection\",\"features\":["
        for (index, row) in rows.enumerated() {
            if index > 0 { collection += "," }
            collection += "{\"type\":\"Feature\",\"properties\":{\"id\":\"\(row.0)\"},\"geometry\":" + row.1 + "}"
        }
        collection += "]}"
        let features = try GeoJSONReader.features(from: Array(collection.utf8), codeProperty: "id")
        var result: [Int: MultiPolygon] = [:]
        for feature in features {
            if let id = feature.code("id").flatMap(Int.init) { result[id] = feature.geometry }
        }
        return result
    }
}
