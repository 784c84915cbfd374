/// A property value of a GeoJSON feature. Nested objects and arrays are kept as their compact JSON text
/// in `.string`, so no property is silently dropped.
public enum GeoPropertyValue: Sendable, Hashable, Codable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    /// The value as a code: text as written, an integral number without decimals ("62001"), nil for null or blank.
    public var codeText: String? {
        switch self {
        case .string(let text):
            let trimmed = text.trimmingSpaces
            return trimmed.isEmpty ? nil : trimmed
        case .number(let value):
            if value.rounded() == value && abs(value) < 1e15 { return String(Int64(value)) }
            return "\(value)"
        case .bool(let value): return value ? "true" : "false"
        case .null: return nil
        }
    }

    public var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }
}

/// One feature of a GeoJSON FeatureCollection with a polygonal geometry.
public struct GeoFeature: Sendable, Equatable {
    /// Position of the feature in the file's `features` array, 1-based, as problems name it.
    public var index: Int
    public var properties: [String: GeoPropertyValue]
    /// Polygon geometries are read as a multipolygon of one part.
    public var geometry: MultiPolygon

    public init(index: Int, properties: [String: GeoPropertyValue], geometry: MultiPolygon) {
        self.index = index
        self.properties = properties
        self.geometry = geometry
    }

    /// The value of a property read as a code (see `GeoPropertyValue.codeText`).
    public func code(_ property: String) -> String? { properties[property]?.codeText }
}

/// Something wrong with one feature, named by its 1-based index and, when known, its code.
public struct GeoJSONProblem: Sendable, Equatable, CustomStringConvertible {
    public var featureIndex: Int
    /// The value of the code property the caller named, when the feature has one.
    public var code: String?
    /// What is wrong, in French, without the feature prefix.
    public var message: String

    public init(featureIndex: Int, code: String?, message: String) {
        self.featureIndex = featureIndex
        self.code = code
        self.message = message
    }

    /// "objet n° 3 (code 62001) : …", or "objet n° 3 (sans code) : …" when the feature has no code (the wording of `QPVListFile`).
    public var description: String {
        "objet n° \(featureIndex) (\(code.map { "code \($0)" } ?? "sans code")) : \(message)"
    }
}

/// What reading a GeoJSON file gives: the valid features and every problem found in the others.
public struct GeoJSONReport: Sendable, Equatable {
    /// Features without any problem, in file order.
    public var features: [GeoFeature]
    /// All problems, in file order; a feature with a problem is absent from `features`.
    public var problems: [GeoJSONProblem]
    /// Number of entries in the file's `features` array.
    public var featureCount: Int

    public var isValid: Bool { problems.isEmpty }
}

/// Errors that make a whole GeoJSON document unusable.
public enum GeoJSONError: Error, Sendable, Equatable, CustomStringConvertible {
    case syntax(JSONSyntaxError)
    /// The root is not a FeatureCollection (nor a single Feature); carries what was found.
    case notAFeatureCollection(found: String)
    /// The document declares a coordinate reference system other than WGS84 longitude/latitude.
    case unsupportedCoordinateSystem(name: String)
    /// Some features have problems; thrown by `GeoJSONReader.features(from:)`, which accepts all or nothing.
    case invalidFeatures([GeoJSONProblem])

    public var description: String {
        switch self {
        case .syntax(let error): return error.description
        case .notAFeatureCollection(let found):
            return "le document n'est pas une FeatureCollection GeoJSON (trouvé : \(found))"
        case .unsupportedCoordinateSystem(let name):
            return "système de coordonnées « \(name) » non pris en charge : le fichier doit être en WGS84 (EPSG:4326, longitude puis latitude)"
        case .invalidFeatures(let problems):
            let shown = problems.prefix(20).map(\.description).joined(separator: "\n")
            let more = problems.count > 20 ? "\n… et \(problems.count - 20) autres problèmes" : ""
            return "\(problems.count) problème\(problems.count > 1 ? "s" : "") dans le fichier GeoJSON :\n\(shown)\(more)"
        }
    }
}

/// Reads GeoJSON FeatureCollections of Polygon and MultiPolygon features (QPV, IRIS, commune outlines) in WGS84.
///
/// Checks, reported per feature with its index and code: geometry present and of a supported type, coordinates
/// numeric, positions within [−180, 180] × [−90, 90], rings of at least 4 positions and closed, code property
/// present when the caller names one, and no code used twice. Not checked: self-intersections, holes lying
/// outside their exterior ring, ring orientation (the containment test does not depend on it).
public enum GeoJSONReader {
    /// All features, or an error listing every problem (nothing is half-read).
    public static func features(from bytes: [UInt8], codeProperty: String? = nil) throws(GeoJSONError) -> [GeoFeature] {
        let report = try read(bytes, codeProperty: codeProperty)
        guard report.problems.isEmpty else { throw .invalidFeatures(report.problems) }
        return report.features
    }

    /// Reads the document and validates every feature, collecting all problems.
    /// Throws only when the document as a whole is unusable (syntax, not a FeatureCollection, foreign CRS).
    public static func read(_ bytes: [UInt8], codeProperty: String? = nil) throws(GeoJSONError) -> GeoJSONReport {
        let bomLength = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        let root: JSONValue
        do {
            root = try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
                try JSONScanner.parse(UnsafeBufferPointer(rebasing: buffer[bomLength...]))
            }
        } catch {
            throw .syntax(error)
        }
        try checkCoordinateSystem(root)
        let entries: [JSONValue]
        switch root["type"] {
        case .string("FeatureCollection"):
            guard case .array(let items) = root["features"] else {
                throw .notAFeatureCollection(found: "FeatureCollection sans tableau « features »")
            }
            entries = items
        case .string("Feature"):
            entries = [root]
        case .string(let other):
            throw .notAFeatureCollection(found: "objet de type « \(other) »")
        default:
            throw .notAFeatureCollection(found: root.kindLabel)
        }

        var features: [GeoFeature] = []
        features.reserveCapacity(entries.count)
        var problems: [GeoJSONProblem] = []
        var firstIndexOfCode: [String: Int] = [:]
        for (offset, entry) in entries.enumerated() {
            let index = offset + 1
            var messages: [String] = []
            let properties = readProperties(entry, messages: &messages)
            var code: String? = nil
            if let codeProperty {
                code = properties[codeProperty]?.codeText
                if code == nil {
                    messages.append(properties[codeProperty] == nil
                        ? "propriété « \(codeProperty) » absente"
                        : "propriété « \(codeProperty) » vide")
                } else if let code, let first = firstIndexOfCode[code] {
                    messages.append("code \(code) déjà utilisé par l'objet n° \(first)")
                } else if let code {
                    firstIndexOfCode[code] = index
                }
            }
            let geometry = readGeometry(entry, messages: &messages)
            if messages.isEmpty, let geometry {
                features.append(GeoFeature(index: index, properties: properties, geometry: geometry))
            } else {
                problems += messages.map { GeoJSONProblem(featureIndex: index, code: code, message: $0) }
            }
        }
        return GeoJSONReport(features: features, problems: problems, featureCount: entries.count)
    }

    private static func checkCoordinateSystem(_ root: JSONValue) throws(GeoJSONError) {
        guard case .string(let name) = root["crs"]?["properties"]?["name"] else { return }
        let accepted = ["CRS84", "EPSG::4326", "EPSG:4326"]
        if !accepted.contains(where: { name.uppercased().hasSuffix($0) }) {
            throw .unsupportedCoordinateSystem(name: name)
        }
    }

    private static func readProperties(_ entry: JSONValue, messages: inout [String]) -> [String: GeoPropertyValue] {
        guard case .object = entry else {
            messages.append("l'entrée n'est pas un objet (\(entry.kindLabel))")
            return [:]
        }
        if entry["type"] != .string("Feature") {
            messages.append("type « Feature » attendu (trouvé : \(entry["type"].map(describe) ?? "absent"))")
        }
        guard case .object(let members) = entry["properties"] else { return [:] }
        var properties: [String: GeoPropertyValue] = [:]
        properties.reserveCapacity(members.count)
        for (key, value) in members {
            switch value {
            case .string(let text): properties[key] = .string(text)
            case .number(let number): properties[key] = .number(number)
            case .bool(let flag): properties[key] = .bool(flag)
            case .null: properties[key] = .null
            case .array, .object: properties[key] = .string(value.jsonText)
            }
        }
        return properties
    }

    private static func describe(_ value: JSONValue) -> String {
        if case .string(let text) = value { return "« \(text) »" }
        return value.kindLabel
    }

    private static func readGeometry(_ entry: JSONValue, messages: inout [String]) -> MultiPolygon? {
        guard let geometry = entry["geometry"], geometry != .null else {
            messages.append("géométrie absente")
            return nil
        }
        guard case .string(let type) = geometry["type"] else {
            messages.append("géométrie sans type")
            return nil
        }
        guard let coordinates = geometry["coordinates"] else {
            messages.append("géométrie \(type) sans coordonnées")
            return nil
        }
        switch type {
        case "Polygon":
            return readPolygon(coordinates, partLabel: nil, messages: &messages).map { MultiPolygon([$0]) }
        case "MultiPolygon":
            guard case .array(let parts) = coordinates, !parts.isEmpty else {
                messages.append("coordonnées mal formées : tableau de polygones non vide attendu")
                return nil
            }
            var polygons: [Polygon] = []
            var failed = false
            for (k, part) in parts.enumerated() {
                if let polygon = readPolygon(part, partLabel: "partie \(k + 1)", messages: &messages) {
                    polygons.append(polygon)
                } else {
                    failed = true
                }
            }
            return failed ? nil : MultiPolygon(polygons)
        default:
            messages.append("type de géométrie « \(type) » non pris en charge (Polygon ou MultiPolygon attendu)")
            return nil
        }
    }

    private static func readPolygon(_ value: JSONValue, partLabel: String?, messages: inout [String]) -> Polygon? {
        let prefix = partLabel.map { "\($0), " } ?? ""
        guard case .array(let ringValues) = value, !ringValues.isEmpty else {
            messages.append("\(prefix)coordonnées mal formées : tableau d'anneaux non vide attendu")
            return nil
        }
        var rings: [LinearRing] = []
        var failed = false
        for (r, ringValue) in ringValues.enumerated() {
            let label = prefix + (r == 0 ? "anneau extérieur" : "trou \(r)")
            if let ring = readRing(ringValue, label: label, messages: &messages) {
                rings.append(ring)
            } else {
                failed = true
            }
        }
        guard !failed else { return nil }
        return Polygon(exterior: rings[0], holes: Array(rings.dropFirst()))
    }

    private static func readRing(_ value: JSONValue, label: String, messages: inout [String]) -> LinearRing? {
        guard case .array(let positions) = value else {
            messages.append("\(label) : tableau de positions attendu (trouvé : \(value.kindLabel))")
            return nil
        }
        var points: [GeoPoint] = []
        points.reserveCapacity(positions.count)
        var malformed: (position: Int, message: String)? = nil, malformedCount = 0
        var outOfRange: (position: Int, message: String)? = nil, outOfRangeCount = 0
        for (k, position) in positions.enumerated() {
            guard case .array(let numbers) = position, numbers.count >= 2 else {
                malformedCount += 1
                if malformed == nil { malformed = (k + 1, "position mal formée (tableau [longitude, latitude] attendu, trouvé : \(position.jsonTextPreview))") }
                continue
            }
            guard case .number(let x) = numbers[0], case .number(let y) = numbers[1] else {
                malformedCount += 1
                if malformed == nil {
                    let culprit = numbers[0].isNumber ? numbers[1] : numbers[0]
                    malformed = (k + 1, "coordonnée non numérique (\(culprit.jsonTextPreview))")
                }
                continue
            }
            var issues: [String] = []
            if !(x >= -180 && x <= 180) { issues.append("longitude \(format(x)) hors de [−180, 180]") }
            if !(y >= -90 && y <= 90) { issues.append("latitude \(format(y)) hors de [−90, 90]") }
            if !issues.isEmpty {
                outOfRangeCount += 1
                if outOfRange == nil {
                    let hint = abs(x) > 1000 || abs(y) > 1000 ? " (coordonnées projetées ? WGS84 attendu)" : ""
                    outOfRange = (k + 1, issues.joined(separator: ", ") + hint)
                }
                continue
            }
            points.append(GeoPoint(longitude: x, latitude: y))
        }
        func others(_ count: Int) -> String {
            count > 1 ? " (et \(count - 1) autre\(count > 2 ? "s" : "") position\(count > 2 ? "s" : "") dans ce cas)" : ""
        }
        if let malformed { messages.append("\(label), position \(malformed.position) : \(malformed.message)\(others(malformedCount))") }
        if let outOfRange { messages.append("\(label), position \(outOfRange.position) : \(outOfRange.message)\(others(outOfRangeCount))") }
        guard malformed == nil, outOfRange == nil else { return nil }
        var ok = true
        if positions.count < 4 {
            messages.append("\(label) : \(positions.count) position\(positions.count > 1 ? "s" : ""), il en faut au moins 4 (la première répétée à la fin)")
            ok = false
        }
        if let first = points.first, let last = points.last, first != last {
            messages.append("\(label) non fermé : la dernière position (\(format(last.longitude)), \(format(last.latitude))) diffère de la première (\(format(first.longitude)), \(format(first.latitude)))")
            ok = false
        }
        return ok ? LinearRing(points) : nil
    }

    private static func format(_ value: Double) -> String {
        if value.rounded() == value && abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}

extension JSONValue {
    var isNumber: Bool {
        if case .number = self { return true }
        return false
    }

    /// JSON text cut to 40 characters, to quote a culprit in a message.
    var jsonTextPreview: String {
        let text = jsonText
        return text.count > 40 ? String(text.prefix(40)) + "…" : text
    }
}
