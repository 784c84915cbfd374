import Foundation

/// Fits outlines into an SVG viewport: equirectangular projection whose longitudes are shrunk by the cosine of
/// the mid-latitude of the outlines' bounding box (so shapes keep their proportions at French latitudes),
/// scaled uniformly to fit inside the margins and centred; y grows downwards as in SVG.
public struct MapProjection: Sendable, Equatable {
    public let width: Double
    public let height: Double
    public let margin: Double
    /// The bounding box that was fitted.
    public let box: BoundingBox
    /// cos(mid-latitude of `box`).
    public let longitudeFactor: Double
    /// Pixels per degree of latitude.
    public let scale: Double
    let offsetX: Double
    let offsetY: Double

    /// Nil when the box is empty or the viewport has no room inside its margins.
    public init?(fitting box: BoundingBox, width: Double, height: Double, margin: Double = 10) {
        guard !box.isEmpty, width - 2 * margin > 0, height - 2 * margin > 0 else { return nil }
        self.width = width
        self.height = height
        self.margin = margin
        self.box = box
        longitudeFactor = cos((box.minLatitude + box.maxLatitude) / 2 * .pi / 180)
        let spanX = box.width * longitudeFactor, spanY = box.height
        let innerWidth = width - 2 * margin, innerHeight = height - 2 * margin
        switch (spanX > 0, spanY > 0) {
        case (true, true): scale = Swift.min(innerWidth / spanX, innerHeight / spanY)
        case (true, false): scale = innerWidth / spanX
        case (false, true): scale = innerHeight / spanY
        case (false, false): scale = 1
        }
        offsetX = margin + (innerWidth - spanX * scale) / 2
        offsetY = margin + (innerHeight - spanY * scale) / 2
    }

    /// Fits every outline of the list; nil when the list holds no position.
    public init?(fitting geometries: [MultiPolygon], width: Double, height: Double, margin: Double = 10) {
        let box = geometries.reduce(BoundingBox.empty) { $0.union($1.boundingBox) }
        self.init(fitting: box, width: width, height: height, margin: margin)
    }

    /// SVG user-space coordinates of a position.
    public func project(_ point: GeoPoint) -> (x: Double, y: Double) {
        (offsetX + (point.longitude - box.minLongitude) * longitudeFactor * scale,
         offsetY + (box.maxLatitude - point.latitude) * scale)
    }
}

/// SVG path data (the `d` attribute, "M…L…Z" per ring) of a multipolygon, coordinates rounded to 0.1 px.
///
/// Each polygon is written exterior ring first, then its holes. Repeated points after rounding are dropped,
/// and rings left with fewer than 3 distinct points too (with their holes, for an exterior). Exteriors are
/// written clockwise on screen and holes anticlockwise, so the path renders the same with
/// `fill-rule="evenodd"` and with the default `nonzero`. The app assembles the SVG document.
public func svgPath(for geometry: MultiPolygon, projection: MapProjection) -> String {
    SVGPath.data(for: geometry, projection: projection)
}

/// The path writer behind `svgPath(for:projection:)`.
enum SVGPath {
    static func data(for geometry: MultiPolygon, projection: MapProjection) -> String {
        var out = ""
        for polygon in geometry.polygons {
            guard let exterior = screenRing(polygon.exterior, projection) else { continue }
            append(exterior, clockwise: true, to: &out)
            for hole in polygon.holes {
                if let ring = screenRing(hole, projection) { append(ring, clockwise: false, to: &out) }
            }
        }
        return out
    }

    /// Tenths of a pixel, deduplicated; nil when fewer than 3 distinct points remain.
    private static func screenRing(_ ring: LinearRing, _ projection: MapProjection) -> [(x: Int, y: Int)]? {
        var points: [(x: Int, y: Int)] = []
        points.reserveCapacity(ring.points.count)
        for point in ring.points {
            let p = projection.project(point)
            let q = (x: Int((p.x * 10).rounded()), y: Int((p.y * 10).rounded()))
            if let last = points.last, last == q { continue }
            points.append(q)
        }
        if points.count > 1, let first = points.first, let last = points.last, first == last { points.removeLast() }
        return points.count >= 3 ? points : nil
    }

    private static func append(_ ring: [(x: Int, y: Int)], clockwise: Bool, to out: inout String) {
        // Shoelace on screen coordinates (y down): positive means clockwise as seen on screen.
        var twice = 0
        for i in ring.indices {
            let a = ring[i], b = ring[(i + 1) % ring.count]
            twice += a.x * b.y - b.x * a.y
        }
        let ordered = (twice > 0) == clockwise ? ring : ring.reversed()
        for (k, p) in ordered.enumerated() {
            out += k == 0 ? "M" : "L"
            out += tenths(p.x) + " " + tenths(p.y)
        }
        out += "Z"
    }

    /// "12.3", "12" for 12.0, "-0.5".
    static func tenths(_ value: Int) -> String {
        let sign = value < 0 ? "-" : ""
        let magnitude = abs(value)
        return magnitude % 10 == 0 ? sign + String(magnitude / 10) : sign + String(magnitude / 10) + "." + String(magnitude % 10)
    }
}
