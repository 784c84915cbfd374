import Foundation
import Testing
@testable import PasserelleDomain

@Suite("GeoJSON reading")
struct GeoJSONReaderTests {
    @Test("the shipped commune outlines read without problem")
    func realCommunes() throws {
        let report = try GeoJSONReader.read(GeometryFixtures.bytes("communes_CALL_CABBALR_CAB.geojson"), codeProperty: "insee_com")
        #expect(report.problems == [])
        #expect(report.featureCount == 158)
        #expect(report.features.count == 158)
        let first = try #require(report.features.first)
        #expect(first.index == 1)
        #expect(first.code("insee_com") == "62001")
        #expect(first.properties["nom"] == .string("Ablain-Saint-Nazaire"))
        #expect(first.properties["population_municipale"] == .number(1772))
        #expect(first.geometry.polygons.count == 1)
        #expect(first.geometry.polygons[0].exterior.points.first == GeoPoint(longitude: 2.7294746874944993, latitude: 50.38727407366412))
        let byEPCI = Dictionary(grouping: report.features, by: { $0.code("siren_epci") ?? "" }).mapValues(\.count)
        #expect(byEPCI == ["200072460": 100, "246200364": 36, "246200729": 22])
        #expect(report.features.reduce(0) { $0 + $1.geometry.positionCount } == 3356)
    }

    @Test("a byte-order mark is skipped, a single Feature is read as a collection of one")
    func bomAndSingleFeature() throws {
        let text = #"{"type":"Feature","properties":{"code":7},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}"#
        let features = try GeoJSONReader.features(from: [0xEF, 0xBB, 0xBF] + Array(text.utf8), codeProperty: "code")
        #expect(features.count == 1)
        #expect(features[0].code("code") == "7")
        #expect(features[0].geometry == MultiPolygon(Polygon(exterior: LinearRing([lonLat(0, 0), lonLat(1, 0), lonLat(1, 1)]))))
    }

    static let faulty = #"""
    {"type": "FeatureCollection", "features": [
     {"type": "Feature", "properties": {"code_qp": "QN00001M"}, "geometry": {"type": "Polygon", "coordinates": [[[2, 48], [2.1, 48], [2.1, 48.1], [2, 48]]]}},
     {"type": "Feature", "properties": {"code_qp": "QN00002M"}, "geometry": {"type": "Polygon", "coordinates": [[[2, 48], [2.1, 48], [2.1, 48.1], [2, 48.1]]]}},
     {"type": "Feature", "properties": {"code_qp": "QN00003M"}, "geometry": {"type": "Polygon", "coordinates": [[[2, 48], [2.1, 48], [2, 48]]]}},
     {"type": "Feature", "properties": {"code_qp": "QN00004M"}, "geometry": {"type": "Polygon", "coordinates": [[[2, 48], ["2,1", 48], [2.1, 48.1], [2, 48]]]}},
     {"type": "Feature", "properties": {"code_qp": "QN00005M"}, "geometry": {"type": "MultiPolygon", "coordinates": [[[[2, 48], [2.1, 48], [2.1, 48.1], [2, 48]]], [[[200, 48], [2.1, 95], [652000, 6862000], [200, 48]]]]}},
     {"type": "Feature", "properties": {"code_qp": "QN00006M"}, "geometry": {"type": "Point", "coordinates": [2, 48]}},
     {"type": "Feature", "properties": {"lib_qp": "Sans code"}, "geometry": {"type": "Polygon", "coordinates": [[[2, 48], [2.1, 48], [2.1, 48.1], [2, 48]]]}},
     {"type": "Feature", "properties": {"code_qp": "QN00001M"}, "geometry": {"type": "Polygon", "coordinates": [[[3, 48], [3.1, 48], [3.1, 48.1], [3, 48]]]}},
     {"type": "Feature", "properties": {"code_qp": "QN00009M"}, "geometry": null},
     {"type": "Feature", "properties": {"code_qp": "QN00010M", "communes": ["62001", "62002"], "vert": true, "note": null},
      "geometry": {"type": "MultiPolygon", "coordinates": [[[[0, 40], [4, 40], [4, 44], [0, 44], [0, 40]], [[1, 41], [1, 43], [3, 43], [3, 41], [1, 41]]]]}}
    ]}
    """#

    @Test("every problem of every feature is reported, in French, with the feature's index and code")
    func problems() throws {
        let report = try GeoJSONReader.read(Array(Self.faulty.utf8), codeProperty: "code_qp")
        #expect(report.featureCount == 10)
        #expect(report.features.map(\.index) == [1, 10])
        #expect(report.problems.map(\.description) == [
            "objet n° 2 (code QN00002M) : anneau extérieur non fermé : la dernière position (2, 48.1) diffère de la première (2, 48)",
            "objet n° 3 (code QN00003M) : anneau extérieur : 3 positions, il en faut au moins 4 (la première répétée à la fin)",
            #"objet n° 4 (code QN00004M) : anneau extérieur, position 2 : coordonnée non numérique ("2,1")"#,
            "objet n° 5 (code QN00005M) : partie 2, anneau extérieur, position 1 : longitude 200 hors de [−180, 180] (et 3 autres positions dans ce cas)",
            "objet n° 6 (code QN00006M) : type de géométrie « Point » non pris en charge (Polygon ou MultiPolygon attendu)",
            "objet n° 7 (sans code) : propriété « code_qp » absente",
            "objet n° 8 (code QN00001M) : code QN00001M déjà utilisé par l'objet n° 1",
            "objet n° 9 (code QN00009M) : géométrie absente",
        ])
        let last = try #require(report.features.last)
        #expect(last.properties["communes"] == .string(#"["62001","62002"]"#))
        #expect(last.properties["vert"] == .bool(true))
        #expect(last.properties["note"] == .null)
        #expect(last.geometry.polygons[0].holes.count == 1)
        #expect(!last.geometry.contains(lonLat(2, 42)))
        #expect(last.geometry.contains(lonLat(0.5, 42)))
    }

    @Test("features(from:) refuses the whole file when one feature is wrong")
    func allOrNothing() throws {
        #expect(throws: GeoJSONError.self) { try GeoJSONReader.features(from: Array(Self.faulty.utf8), codeProperty: "code_qp") }
        do {
            _ = try GeoJSONReader.features(from: Array(Self.faulty.utf8), codeProperty: "code_qp")
        } catch {
            guard case .invalidFeatures(let problems) = error else { Issue.record("unexpected \(error)"); return }
            #expect(problems.count == 8)
            #expect(error.description.hasPrefix("8 problèmes dans le fichier GeoJSON :\nobjet n° 2 (code QN00002M)"))
        }
    }

    @Test("latitude out of range and projected coordinates are named")
    func outOfRange() throws {
        let text = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[2,91],[2.1,48],[2.1,48.1],[2,91]]]}},{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[652000.5,6862000],[652100,6862000],[652100,6862100],[652000.5,6862000]]]}}]}"#
        let report = try GeoJSONReader.read(Array(text.utf8))
        #expect(report.problems.map(\.description) == [
            "objet n° 1 (sans code) : anneau extérieur, position 1 : latitude 91 hors de [−90, 90] (et 1 autre position dans ce cas)",
            "objet n° 2 (sans code) : anneau extérieur, position 1 : longitude 652000.5 hors de [−180, 180], latitude 6862000 hors de [−90, 90] (coordonnées projetées ? WGS84 attendu) (et 3 autres positions dans ce cas)",
        ])
    }

    @Test("whole-document errors: syntax with line and column, wrong root, foreign coordinate system")
    func documentErrors() throws {
        let broken = "{\"type\": \"FeatureCollection\",\n  \"features\": [}"
        #expect(throws: GeoJSONError.syntax(JSONSyntaxError(line: 2, column: 16, message: "valeur attendue, « } » trouvé"))) {
            try GeoJSONReader.read(Array(broken.utf8))
        }
        #expect(GeoJSONError.syntax(JSONSyntaxError(line: 2, column: 16, message: "valeur attendue, « } » trouvé")).description
            == "JSON invalide ligne 2, colonne 16 : valeur attendue, « } » trouvé")
        #expect(throws: GeoJSONError.notAFeatureCollection(found: "objet de type « Polygon »")) {
            try GeoJSONReader.read(Array(#"{"type":"Polygon","coordinates":[]}"#.utf8))
        }
        #expect(throws: GeoJSONError.notAFeatureCollection(found: "tableau")) { try GeoJSONReader.read(Array("[]".utf8)) }
        let lambert = #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}},"features":[]}"#
        #expect(throws: GeoJSONError.unsupportedCoordinateSystem(name: "urn:ogc:def:crs:EPSG::2154")) { try GeoJSONReader.read(Array(lambert.utf8)) }
        let crs84 = #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[]}"#
        #expect(try GeoJSONReader.read(Array(crs84.utf8)).featureCount == 0)
    }

    static let syntaxCases: [(text: String, line: Int, column: Int, message: String)] = [
        ("", 1, 1, "valeur attendue, fin du fichier atteinte"),
        ("{\"a\" 1}", 1, 6, "« : » attendu après le nom « a », « 1 » trouvé"),
        ("[1, 2", 1, 6, "tableau non fermé : « ] » attendu, fin du fichier atteinte"),
        ("[01]", 1, 2, "nombre mal formé (zéro initial)"),
        ("[1.]", 1, 2, "nombre mal formé (chiffre attendu après le point)"),
        ("[tru]", 1, 2, "valeur inconnue (« true » attendu ?)"),
        ("\n\n  \"abc", 3, 3, "chaîne non fermée (guillemet ouvert ici)"),
        ("{} x", 1, 4, "contenu inattendu après la fin du document"),
        (String(repeating: "[", count: 200), 1, 129, "imbrication trop profonde (plus de 128 niveaux)"),
    ]

    @Test("JSON syntax errors are located", arguments: syntaxCases)
    func syntaxErrors(_ c: (text: String, line: Int, column: Int, message: String)) {
        let bytes = Array(c.text.utf8)
        #expect(throws: JSONSyntaxError(line: c.line, column: c.column, message: c.message)) {
            try bytes.withUnsafeBufferPointer { try JSONScanner.parse($0) }
        }
    }

    @Test("numbers parse to the correctly rounded double, by the fast path or the fallback",
          arguments: ["2.7294746874944993", "50.38727407366412", "0", "-0.0", "1e-7", "-12.5E+3", "0.1", "123456789012345678901234",
                      "4.9e-324", "1.7976931348623157e308", "9007199254740993", "0.000000000000000000000000000001"])
    func numbers(_ text: String) throws {
        let value = try Array(text.utf8).withUnsafeBufferPointer { try JSONScanner.parse($0) }
        let expected = try #require(Double(text))
        #expect(value == .number(expected))
        if case .number(let parsed) = value { #expect(parsed.sign == expected.sign) }
    }

    @Test("strings: escapes, accents and surrogate pairs")
    func strings() throws {
        let text = #"["Sall\u00e9e \"centre\" \\ \/ \n", "Liévin", "\ud83c\udf33"]"#
        let value = try Array(text.utf8).withUnsafeBufferPointer { try JSONScanner.parse($0) }
        #expect(value == .array([.string("Sallée \"centre\" \\ / \n"), .string("Liévin"), .string("🌳")]))
    }
}
