import Foundation
@testable import PasserelleDomain

/// Files of `Fixtures/`, found next to this source file.
enum GeometryFixtures {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(name)
        return [UInt8](try Data(contentsOf: url))
    }

    /// The 158 communes of CA Lens-Liévin, CA Béthune-Bruay and CA du Boulonnais (simplified outlines, WGS84).
    static func communes() throws -> [GeoFeature] {
        try GeoJSONReader.features(from: bytes("communes_CALL_CABBALR_CAB.geojson"), codeProperty: "insee_com")
    }

    /// ANCT's points of QPV 2024 by commune, for the communes above: (INSEE code of the commune, point).
    static func qpvPoints() throws -> [(commune: String, point: GeoPoint)] {
        let root = try bytes("qpv_centroids_CALL_CABBALR_CAB.geojson").withUnsafeBufferPointer { try JSONScanner.parse($0) }
        guard case .array(let features) = root["features"] else { return [] }
        return features.compactMap { feature in
            guard case .string(let commune) = feature["properties"]?["insee_com"],
                  case .array(let xy) = feature["geometry"]?["coordinates"], xy.count == 2,
                  case .number(let x) = xy[0], case .number(let y) = xy[1] else { return nil }
            return (commune, GeoPoint(longitude: x, latitude: y))
        }
    }
}
