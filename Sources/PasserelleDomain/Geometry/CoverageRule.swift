import Foundation

/// Points of interest (cool places, shelters, tree-covered spaces…) on a grid, for fast "is there one within
/// r metres?" questions. The grid is in degrees: rows `cellSizeMetres` high, columns at least `cellSizeMetres`
/// wide at the places' highest latitude; a query visits the few cells its radius reaches and measures
/// haversine distances only to the places in them.
public struct PlaceIndex: Sendable {
    public let places: [GeoPoint]
    let cellHeight: Double
    let cellWidth: Double
    /// Places sorted by cell; `cells[key]` is their range in `sortedLongitudes`/`sortedLatitudes`.
    let cells: [Int64: Range<Int>]
    let sortedLongitudes: [Double]
    let sortedLatitudes: [Double]
    let sortedIndices: [Int]

    /// Indexes the places; the cell size is best close to the radius of the questions (default 300 m).
    public init(places: [GeoPoint], cellSizeMetres: Double = 300) {
        precondition(cellSizeMetres > 0)
        self.places = places
        let maxLatitude = Swift.min(89.0, places.reduce(0) { Swift.max($0, abs($1.latitude)) })
        let height = cellSizeMetres / GeoDistance.metresPerDegreeLatitude
        let width = cellSizeMetres / (GeoDistance.metresPerDegreeLatitude * cos(maxLatitude * .pi / 180))
        cellHeight = height
        cellWidth = width
        let keys = places.map { PlaceIndex.key(Int(($0.longitude / width).rounded(.down)), Int(($0.latitude / height).rounded(.down))) }
        let order = places.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }
        var cells: [Int64: Range<Int>] = [:]
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && keys[order[end]] == keys[order[start]] { end += 1 }
            cells[keys[order[start]]] = start..<end
            start = end
        }
        self.cells = cells
        sortedLongitudes = order.map { places[$0].longitude }
        sortedLatitudes = order.map { places[$0].latitude }
        sortedIndices = order
    }

    static func key(_ column: Int, _ row: Int) -> Int64 {
        Int64(column) << 32 | Int64(UInt32(truncatingIfNeeded: row))
    }

    /// Calls `body` with (index, distance in metres) of every place within `radiusMetres` of the point; `body`
    /// returns false to stop early.
    func forEachPlace(within radiusMetres: Double, of point: GeoPoint, _ body: (Int, Double) -> Bool) {
        guard !places.isEmpty else { return }
        let radiusLatitude = radiusMetres / GeoDistance.metresPerDegreeLatitude
        // Longitude span of the radius at the most poleward latitude it reaches: a conservative bound.
        let poleward = Swift.min(89.0, abs(point.latitude) + radiusLatitude)
        let radiusLongitude = radiusMetres / (GeoDistance.metresPerDegreeLatitude * cos(poleward * .pi / 180))
        let column0 = Int(((point.longitude - radiusLongitude) / cellWidth).rounded(.down))
        let column1 = Int(((point.longitude + radiusLongitude) / cellWidth).rounded(.down))
        let row0 = Int(((point.latitude - radiusLatitude) / cellHeight).rounded(.down))
        let row1 = Int(((point.latitude + radiusLatitude) / cellHeight).rounded(.down))
        for row in row0...row1 {
            for column in column0...column1 {
                guard let range = cells[PlaceIndex.key(column, row)] else { continue }
                for k in range {
                    let d = GeoDistance.haversineMetres(point, GeoPoint(longitude: sortedLongitudes[k], latitude: sortedLatitudes[k]))
                    if d <= radiusMetres && !body(sortedIndices[k], d) { return }
                }
            }
        }
    }

    /// Whether at least one place lies within `radiusMetres` (distance ≤ radius) of the point.
    public func hasPlace(within radiusMetres: Double, of point: GeoPoint) -> Bool {
        var found = false
        forEachPlace(within: radiusMetres, of: point) { _, _ in found = true; return false }
        return found
    }

    /// The nearest place within `radiusMetres` and its distance, or nil when there is none that close.
    public func nearest(to point: GeoPoint, within radiusMetres: Double) -> (index: Int, distanceMetres: Double)? {
        var best: (index: Int, distanceMetres: Double)? = nil
        forEachPlace(within: radiusMetres, of: point) { index, d in
            if best == nil || d < best!.distanceMetres || (d == best!.distanceMetres && index < best!.index) { best = (index, d) }
            return true
        }
        return best
    }
}

/// How much of something lies too far from every place: the result of a `CoverageRule`.
public struct CoverageShare: Sendable, Equatable {
    /// Grid cells (area method) or points (points method) taken into account.
    public var considered: Int
    /// Those farther than the radius from every place.
    public var uncovered: Int

    public init(considered: Int, uncovered: Int) {
        self.considered = considered
        self.uncovered = uncovered
    }

    /// `uncovered / considered` in [0, 1]; nil when nothing was considered (outline smaller than one cell, no point).
    public var share: Double? { considered == 0 ? nil : Double(uncovered) / Double(considered) }
}

/// A proximity rule such as "share of the QPV farther than 300 m from a cool place or a tree-covered space".
/// "Farther" is strict: a place exactly at the radius covers.
public struct CoverageRule: Sendable, Equatable, Codable {
    public var radiusMetres: Double

    public init(radiusMetres: Double = 300) {
        self.radiusMetres = radiusMetres
    }

    /// Area method: a regular grid of square cells of `cellSizeMetres` (default 25 m) is laid over the outline in a
    /// local projection centred on its bounding box, starting at the box's south-west corner; the cells whose
    /// centre lies inside the outline (boundary rule of `Polygon`) are considered, and the share is that of
    /// cells whose centre is farther than the radius from every place. Its error shrinks with the cell size:
    /// on a 1 km square it is within 0.5 percentage point at 25 m.
    public func uncoveredShare(of area: MultiPolygon, places: PlaceIndex, cellSizeMetres: Double = 25) -> CoverageShare {
        precondition(cellSizeMetres > 0)
        let box = area.boundingBox
        guard !box.isEmpty else { return CoverageShare(considered: 0, uncovered: 0) }
        let projection = LocalProjection(origin: box.center)
        let southWest = projection.project(GeoPoint(longitude: box.minLongitude, latitude: box.minLatitude))
        let northEast = projection.project(GeoPoint(longitude: box.maxLongitude, latitude: box.maxLatitude))
        let columns = Int(((northEast.x - southWest.x) / cellSizeMetres).rounded(.up))
        let rows = Int(((northEast.y - southWest.y) / cellSizeMetres).rounded(.up))
        let locator = PointLocator(entries: [(id: 0, geometry: area)])
        var considered = 0, uncovered = 0
        for row in 0..<rows {
            let y = southWest.y + (Double(row) + 0.5) * cellSizeMetres
            for column in 0..<columns {
                let centre = projection.unproject(x: southWest.x + (Double(column) + 0.5) * cellSizeMetres, y: y)
                guard locator.firstLocation(of: centre) != nil else { continue }
                considered += 1
                if !places.hasPlace(within: radiusMetres, of: centre) { uncovered += 1 }
            }
        }
        return CoverageShare(considered: considered, uncovered: uncovered)
    }

    /// Points method: the share of the given points (addresses, dwellings, beneficiaries) farther than the radius
    /// from every place. Points are taken as given: locate them in the QPV first if needed.
    public func uncoveredShare(of points: [GeoPoint], places: PlaceIndex) -> CoverageShare {
        var uncovered = 0
        for point in points where !places.hasPlace(within: radiusMetres, of: point) { uncovered += 1 }
        return CoverageShare(considered: points.count, uncovered: uncovered)
    }
}
