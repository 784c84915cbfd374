/// A closed sequence of positions: the first position is repeated at the end, as GeoJSON requires.
public struct LinearRing: Sendable, Hashable, Codable {
    /// The positions, closed (`points.first == points.last`).
    public let points: [GeoPoint]
    /// Computed once: containment tests start with it.
    public let boundingBox: BoundingBox

    /// Closes the ring if the last position does not repeat the first one, so hand-built rings
    /// may omit it. (The GeoJSON reader reports unclosed rings before building any ring.)
    public init(_ points: [GeoPoint]) {
        var points = points
        if let first = points.first, points.last != first { points.append(first) }
        self.points = points
        self.boundingBox = BoundingBox(points: points) ?? .empty
    }

    /// Encoded as its positions only; the bounding box is recomputed on decoding.
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([GeoPoint].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(points)
    }

    /// Number of edges (positions minus the closing repetition).
    public var edgeCount: Int { Swift.max(points.count - 1, 0) }

    /// Shoelace area in square degrees, positive when the ring turns anticlockwise
    /// (longitude east, latitude north). Used for ring orientation only; areas in m² come from `LocalProjection`.
    public var signedArea: Double {
        guard points.count >= 4 else { return 0 }
        var twice = 0.0
        for i in 0..<(points.count - 1) {
            let a = points[i], b = points[i + 1]
            twice += a.longitude * b.latitude - b.longitude * a.latitude
        }
        return twice / 2
    }

    /// The number of edges a ray from the point towards the east crosses, modulo 2,
    /// under the half-open boundary rule described on `Polygon`.
    func crossingParity(_ point: GeoPoint) -> Bool {
        var inside = false
        points.withUnsafeBufferPointer { p in
            guard p.count >= 2 else { return }
            for i in 0..<(p.count - 1) where EdgeCrossing.crosses(px: point.longitude, py: point.latitude,
                                                                  ax: p[i].longitude, ay: p[i].latitude,
                                                                  bx: p[i + 1].longitude, by: p[i + 1].latitude) {
                inside.toggle()
            }
        }
        return inside
    }
}

/// A polygon: one exterior ring and zero or more holes, in WGS84 degrees.
///
/// **Containment and the boundary rule.** A point is inside when a ray drawn from it towards the east
/// crosses the polygon's rings (exterior and holes together) an odd number of times (crossing-number test,
/// computed in doubles). A point exactly on the outline is decided by a half-open rule:
///
/// > A point on the outline belongs to the polygon exactly when the polygon's interior lies immediately
/// > to its east; on a horizontal edge (or at a vertex where that is undecided), when the interior lies
/// > immediately to its north-east. In other words the point is judged as if it were nudged an infinitely
/// > small step east, then an even smaller step north.
///
/// For a rectangle this means the west and south sides (and the south-west corner) are inside, the east and
/// north sides and the three other corners are outside — like a raster fill rule, or `[min, max)` intervals.
/// On a hole's outline the same rule applies: its east side belongs to the polygon, its west side to the hole.
/// Because the nudged point lands in exactly one of two polygons sharing an edge or a vertex, a point on a
/// shared border belongs to exactly one of them (or to none when the border is the outer edge of their union).
/// The decision for each edge is computed from its endpoints ordered south to north whatever the ring's
/// direction, so two neighbours sharing an edge take the same, bit-identical decision. Vertices and
/// horizontal or vertical edges are decided exactly; on a slanted edge the "exact" position of a point is
/// itself subject to rounding, but neighbours still agree.
public struct Polygon: Sendable, Hashable, Codable {
    public var exterior: LinearRing
    public var holes: [LinearRing]

    public init(exterior: LinearRing, holes: [LinearRing] = []) {
        self.exterior = exterior
        self.holes = holes
    }

    public var boundingBox: BoundingBox { exterior.boundingBox }

    /// All rings, exterior first.
    public var rings: [LinearRing] { [exterior] + holes }

    /// Containment under the boundary rule documented on the type.
    public func contains(_ point: GeoPoint) -> Bool {
        guard exterior.boundingBox.contains(point) else { return false }
        var inside = exterior.crossingParity(point)
        for hole in holes where hole.crossingParity(point) { inside.toggle() }
        return inside
    }
}

/// One or more polygons forming one territory (a commune with an exclave, a QPV in several parts).
/// Containment follows the boundary rule documented on `Polygon`: a point is inside when it is inside one of the parts.
public struct MultiPolygon: Sendable, Hashable, Codable {
    public var polygons: [Polygon]

    public init(_ polygons: [Polygon]) {
        self.polygons = polygons
    }

    public init(_ polygon: Polygon) {
        self.polygons = [polygon]
    }

    public var boundingBox: BoundingBox {
        polygons.reduce(BoundingBox.empty) { $0.union($1.boundingBox) }
    }

    /// Total number of positions, closing repetitions included (a size measure for tests and budgets).
    public var positionCount: Int {
        polygons.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.points.count } }
    }

    public func contains(_ point: GeoPoint) -> Bool {
        polygons.contains { $0.contains(point) }
    }
}

/// The single edge test of the crossing-number rule, shared by `Polygon.contains` and `PointLocator`
/// so both always agree.
enum EdgeCrossing {
    /// Whether the edge a–b crosses the ray going east from p, under the half-open rule:
    /// the edge covers latitudes `[south end, north end)` and must pass strictly east of p.
    @inline(__always)
    static func crosses(px: Double, py: Double, ax: Double, ay: Double, bx: Double, by: Double) -> Bool {
        // Order the endpoints south to north so both neighbours sharing this edge compute the same numbers.
        let southFirst = ay < by
        let xlo = southFirst ? ax : bx, ylo = southFirst ? ay : by
        let xhi = southFirst ? bx : ax, yhi = southFirst ? by : ay
        guard ylo <= py && py < yhi else { return false }
        return px < xlo + (py - ylo) * slope(xlo: xlo, ylo: ylo, xhi: xhi, yhi: yhi)
    }

    /// Inverse slope (longitude per latitude) of a non-horizontal edge given south end first.
    @inline(__always)
    static func slope(xlo: Double, ylo: Double, xhi: Double, yhi: Double) -> Double {
        (xhi - xlo) / (yhi - ylo)
    }
}
