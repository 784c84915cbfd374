/// A position on the WGS84 ellipsoid (EPSG:4326), in decimal degrees, longitude first as GeoJSON writes it.
public struct GeoPoint: Sendable, Hashable, Codable {
    public var longitude: Double
    public var latitude: Double

    public init(longitude: Double, latitude: Double) {
        self.longitude = longitude
        self.latitude = latitude
    }

    /// Whether both coordinates are finite and within [−180, 180] × [−90, 90].
    public var isValidWGS84: Bool {
        longitude.isFinite && latitude.isFinite && abs(longitude) <= 180 && abs(latitude) <= 90
    }
}

/// An axis-aligned rectangle in longitude/latitude, closed on every side.
/// It does not handle the antimeridian: a box never wraps from 180° to −180°.
public struct BoundingBox: Sendable, Hashable, Codable {
    public var minLongitude: Double
    public var minLatitude: Double
    public var maxLongitude: Double
    public var maxLatitude: Double

    public init(minLongitude: Double, minLatitude: Double, maxLongitude: Double, maxLatitude: Double) {
        self.minLongitude = minLongitude
        self.minLatitude = minLatitude
        self.maxLongitude = maxLongitude
        self.maxLatitude = maxLatitude
    }

    /// The smallest box holding every point; nil for no point.
    public init?<Points: Sequence>(points: Points) where Points.Element == GeoPoint {
        var iterator = points.makeIterator()
        guard let first = iterator.next() else { return nil }
        var box = BoundingBox(minLongitude: first.longitude, minLatitude: first.latitude, maxLongitude: first.longitude, maxLatitude: first.latitude)
        while let point = iterator.next() { box.extend(with: point) }
        self = box
    }

    /// The empty box: extending it with a point gives that point's box.
    public static let empty = BoundingBox(minLongitude: .infinity, minLatitude: .infinity, maxLongitude: -.infinity, maxLatitude: -.infinity)

    public var isEmpty: Bool { minLongitude > maxLongitude || minLatitude > maxLatitude }
    public var width: Double { maxLongitude - minLongitude }
    public var height: Double { maxLatitude - minLatitude }
    public var center: GeoPoint { GeoPoint(longitude: (minLongitude + maxLongitude) / 2, latitude: (minLatitude + maxLatitude) / 2) }

    /// Closed test: a point on the box's border is inside, so no boundary point of a polygon is ever lost by a box filter.
    @inlinable
    public func contains(_ point: GeoPoint) -> Bool {
        point.longitude >= minLongitude && point.longitude <= maxLongitude
            && point.latitude >= minLatitude && point.latitude <= maxLatitude
    }

    public func intersects(_ other: BoundingBox) -> Bool {
        other.minLongitude <= maxLongitude && other.maxLongitude >= minLongitude
            && other.minLatitude <= maxLatitude && other.maxLatitude >= minLatitude
    }

    public mutating func extend(with point: GeoPoint) {
        minLongitude = Swift.min(minLongitude, point.longitude)
        minLatitude = Swift.min(minLatitude, point.latitude)
        maxLongitude = Swift.max(maxLongitude, point.longitude)
        maxLatitude = Swift.max(maxLatitude, point.latitude)
    }

    public func union(_ other: BoundingBox) -> BoundingBox {
        BoundingBox(minLongitude: Swift.min(minLongitude, other.minLongitude), minLatitude: Swift.min(minLatitude, other.minLatitude),
                    maxLongitude: Swift.max(maxLongitude, other.maxLongitude), maxLatitude: Swift.max(maxLatitude, other.maxLatitude))
    }
}
