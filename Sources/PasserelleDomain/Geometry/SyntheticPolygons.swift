/// Seeded, reproducible QPV-like outlines and points, for tests and benchmarks of the spatial tools.
///
/// Each outline is star-shaped around a centre: vertices at increasing angles with a noisy radius, which makes
/// every ring simple (no self-intersection). Sizes mimic QPV: 300 m to 1.5 km across, 50 to 2,000 vertices
/// (log-uniform), about one in six with a hole (an inner star well inside the smallest radius), one in ten with
/// a second, disjoint part. Most centres gather around "cities" like real QPV do; outlines never overlap.
public enum SyntheticPolygons {
    /// Metropolitan France, roughly: longitude −5…9, latitude 42…51.
    public static let metropolitanFrance = BoundingBox(minLongitude: -5, minLatitude: 42, maxLongitude: 9, maxLatitude: 51)

    private static let metresPerDegreeLatitude = 111_195.0

    /// `count` non-overlapping QPV-like multipolygons in `box`.
    public static func generate(count: Int, seed: UInt64, in box: BoundingBox = metropolitanFrance) -> [MultiPolygon] {
        var random = SeededGenerator(seed: seed)
        let cityCount = Swift.max(1, count / 12)
        let cities = (0..<cityCount).map { _ in
            GeoPoint(longitude: random.nextDouble(in: box.minLongitude + 0.2, box.maxLongitude - 0.2),
                     latitude: random.nextDouble(in: box.minLatitude + 0.2, box.maxLatitude - 0.2))
        }
        // Placed discs (centre, radius in degrees of latitude), checked through a coarse grid to keep outlines apart.
        var placed: [(center: GeoPoint, radius: Double)] = []
        var grid: [Int64: [Int]] = [:]
        let gridCell = 0.05
        func key(_ ix: Int, _ iy: Int) -> Int64 { Int64(ix) << 32 | Int64(UInt32(bitPattern: Int32(iy))) }
        func free(_ c: GeoPoint, _ r: Double, _ k: Double) -> Bool {
            let ix = Int((c.longitude / gridCell).rounded(.down)), iy = Int((c.latitude / gridCell).rounded(.down))
            for dx in -1...1 { for dy in -1...1 {
                for j in grid[key(ix + dx, iy + dy)] ?? [] {
                    let o = placed[j]
                    let ex = (c.longitude - o.center.longitude) * k, ey = c.latitude - o.center.latitude
                    if (ex * ex + ey * ey).squareRoot() < r + o.radius { return false }
                }
            }}
            return true
        }
        func place(_ c: GeoPoint, _ r: Double) {
            let ix = Int((c.longitude / gridCell).rounded(.down)), iy = Int((c.latitude / gridCell).rounded(.down))
            grid[key(ix, iy), default: []].append(placed.count)
            placed.append((c, r))
        }

        var result: [MultiPolygon] = []
        result.reserveCapacity(count)
        while result.count < count {
            // Radius of the part's bounding disc, in metres, then in degrees.
            let radiusMetres = random.nextDouble(in: 150, 750)
            let r = radiusMetres / metresPerDegreeLatitude
            let center: GeoPoint
            if random.nextUnit() < 0.75 {
                let city = cities[random.nextInt(below: cities.count)]
                let spread = 0.12
                center = GeoPoint(longitude: city.longitude + random.nextDouble(in: -spread, spread),
                                  latitude: city.latitude + random.nextDouble(in: -spread * 0.7, spread * 0.7))
            } else {
                center = GeoPoint(longitude: random.nextDouble(in: box.minLongitude + 0.05, box.maxLongitude - 0.05),
                                  latitude: random.nextDouble(in: box.minLatitude + 0.05, box.maxLatitude - 0.05))
            }
            let k = cosDegrees(center.latitude)
            guard free(center, r, k) else { continue }
            var parts = [star(center: center, radius: r, random: &random, withHole: random.nextUnit() < 1.0 / 6.0)]
            place(center, r)
            if random.nextUnit() < 0.1 {
                let r2 = r * random.nextDouble(in: 0.3, 0.6)
                let angle = random.nextDouble(in: 0, 2 * Double.pi)
                let distance = (r + r2) * 1.3
                let c2 = GeoPoint(longitude: center.longitude + distance * cosRadians(angle) / k,
                                  latitude: center.latitude + distance * sinRadians(angle))
                if free(c2, r2, k) {
                    parts.append(star(center: c2, radius: r2, random: &random, withHole: false))
                    place(c2, r2)
                }
            }
            result.append(MultiPolygon(parts))
        }
        return result
    }

    /// A star-shaped polygon whose vertices all lie within `radius` (degrees of latitude) of the centre.
    private static func star(center: GeoPoint, radius: Double, random: inout SeededGenerator, withHole: Bool) -> Polygon {
        // Log-uniform vertex count between 50 and 2,000.
        let vertexCount = Int((50.0 * pow2(random.nextDouble(in: 0, 5.321928094887363) /* log2(40) */)).rounded())
        let k = cosDegrees(center.latitude)
        // Radii between 55 % and 100 % of the bounding radius, smoothed so outlines look like blocks, not urchins.
        var radii = (0..<vertexCount).map { _ in random.nextDouble(in: 0.55, 1.0) }
        for _ in 0..<3 {
            radii = radii.indices.map { i -> Double in
                let previous: Double = radii[(i + vertexCount - 1) % vertexCount]
                let next: Double = radii[(i + 1) % vertexCount]
                return (previous + 2 * radii[i] + next) / 4
            }
        }
        let minRadius = radii.min()!
        var points: [GeoPoint] = []
        points.reserveCapacity(vertexCount + 1)
        let step = 2 * Double.pi / Double(vertexCount)
        for i in 0..<vertexCount {
            // Jitter angles by less than half a step so they stay strictly increasing.
            let angle = (Double(i) + random.nextDouble(in: -0.3, 0.3)) * step
            let rr = radius * radii[i]
            points.append(GeoPoint(longitude: center.longitude + rr * cosRadians(angle) / k, latitude: center.latitude + rr * sinRadians(angle)))
        }
        var holes: [LinearRing] = []
        if withHole {
            // A hole well inside the smallest radius: the outer edges never come closer than r·cos(step) to the centre.
            let holeRadius = radius * minRadius * random.nextDouble(in: 0.2, 0.45)
            let holeVertices = 24
            let holeCenterShift = radius * minRadius * 0.1
            let hc = GeoPoint(longitude: center.longitude + holeCenterShift / k, latitude: center.latitude)
            let hole = (0..<holeVertices).reversed().map { i -> GeoPoint in
                let angle = Double(i) * 2 * Double.pi / Double(holeVertices)
                let rr = holeRadius * random.nextDouble(in: 0.7, 1.0)
                return GeoPoint(longitude: hc.longitude + rr * cosRadians(angle) / k, latitude: hc.latitude + rr * sinRadians(angle))
            }
            holes.append(LinearRing(hole))
        }
        return Polygon(exterior: LinearRing(points), holes: holes)
    }

    /// `count` points drawn uniformly in `box`.
    public static func uniformPoints(count: Int, seed: UInt64, in box: BoundingBox = metropolitanFrance) -> [GeoPoint] {
        var random = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            GeoPoint(longitude: random.nextDouble(in: box.minLongitude, box.maxLongitude),
                     latitude: random.nextDouble(in: box.minLatitude, box.maxLatitude))
        }
    }

    /// `count` points like addresses of a city contract: a share `nearShare` drawn in the bounding box of a random
    /// outline (widened by half its size each side, so many fall just outside), the rest uniformly in `box`.
    public static func points(count: Int, seed: UInt64, near polygons: [MultiPolygon], nearShare: Double = 0.5,
                              in box: BoundingBox = metropolitanFrance) -> [GeoPoint] {
        var random = SeededGenerator(seed: seed)
        let boxes = polygons.map(\.boundingBox)
        return (0..<count).map { _ in
            if !boxes.isEmpty && random.nextUnit() < nearShare {
                let b = boxes[random.nextInt(below: boxes.count)]
                return GeoPoint(longitude: random.nextDouble(in: b.minLongitude - b.width / 2, b.maxLongitude + b.width / 2),
                                latitude: random.nextDouble(in: b.minLatitude - b.height / 2, b.maxLatitude + b.height / 2))
            }
            return GeoPoint(longitude: random.nextDouble(in: box.minLongitude, box.maxLongitude),
                            latitude: random.nextDouble(in: box.minLatitude, box.maxLatitude))
        }
    }
}
