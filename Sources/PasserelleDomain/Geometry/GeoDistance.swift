import Foundation

/// Great-circle distances on a sphere of the Earth's mean radius.
public enum GeoDistance {
    /// IUGG mean Earth radius (R₁), in metres.
    public static let earthRadiusMetres = 6_371_008.8

    /// Haversine distance in metres. Spherical model: within 0.5 % of the ellipsoidal distance,
    /// far below what a 300 m coverage rule can tell.
    public static func haversineMetres(_ a: GeoPoint, _ b: GeoPoint) -> Double {
        let phi1 = a.latitude * .pi / 180, phi2 = b.latitude * .pi / 180
        let dPhi = phi2 - phi1
        let dLambda = (b.longitude - a.longitude) * .pi / 180
        let h = sin(dPhi / 2) * sin(dPhi / 2) + cos(phi1) * cos(phi2) * sin(dLambda / 2) * sin(dLambda / 2)
        return 2 * earthRadiusMetres * asin(Swift.min(1, h.squareRoot()))
    }

    /// Metres per degree of latitude on the sphere (≈ 111,195 m).
    public static let metresPerDegreeLatitude = earthRadiusMetres * .pi / 180
}

/// A local equirectangular projection in metres around an origin: x east, y north.
/// Distortion grows with the distance to the origin (about 0.01 % of lengths at 10 km in France), which is
/// negligible at the scale of a neighbourhood; do not use it across a region.
public struct LocalProjection: Sendable, Equatable {
    public let origin: GeoPoint
    /// Metres per degree of longitude at the origin's latitude.
    public let metresPerDegreeLongitude: Double

    public init(origin: GeoPoint) {
        self.origin = origin
        self.metresPerDegreeLongitude = GeoDistance.metresPerDegreeLatitude * cos(origin.latitude * .pi / 180)
    }

    /// Projected coordinates in metres.
    public func project(_ point: GeoPoint) -> (x: Double, y: Double) {
        ((point.longitude - origin.longitude) * metresPerDegreeLongitude,
         (point.latitude - origin.latitude) * GeoDistance.metresPerDegreeLatitude)
    }

    public func unproject(x: Double, y: Double) -> GeoPoint {
        GeoPoint(longitude: origin.longitude + x / metresPerDegreeLongitude,
                 latitude: origin.latitude + y / GeoDistance.metresPerDegreeLatitude)
    }

    /// Area of the ring in m², positive (orientation ignored).
    public func area(of ring: LinearRing) -> Double {
        let projected = ring.points.map(project)
        guard projected.count >= 4 else { return 0 }
        var twice = 0.0
        for i in 0..<(projected.count - 1) {
            twice += projected[i].x * projected[i + 1].y - projected[i + 1].x * projected[i].y
        }
        return abs(twice) / 2
    }

    /// Area of the polygon in m²: exterior minus holes.
    public func area(of polygon: Polygon) -> Double {
        polygon.holes.reduce(area(of: polygon.exterior)) { $0 - area(of: $1) }
    }

    /// Area of the multipolygon in m² (parts assumed disjoint, as GeoJSON requires).
    public func area(of multiPolygon: MultiPolygon) -> Double {
        multiPolygon.polygons.reduce(0) { $0 + area(of: $1) }
    }
}

extension MultiPolygon {
    /// Area in m², in a local projection centred on the outline's bounding box.
    public var areaSquareMetres: Double {
        LocalProjection(origin: boundingBox.center).area(of: self)
    }
}

@inline(__always) func cosDegrees(_ degrees: Double) -> Double { cos(degrees * .pi / 180) }
@inline(__always) func cosRadians(_ radians: Double) -> Double { cos(radians) }
@inline(__always) func sinRadians(_ radians: Double) -> Double { sin(radians) }
@inline(__always) func pow2(_ exponent: Double) -> Double { pow(2, exponent) }
