import Testing
@testable import PasserelleDomain

@Suite("Grid and point locator")
struct PointLocatorTests {
    /// 20 × 20 squares of 0.1° over [0, 2]², ids 0…399 row by row from the south-west.
    static func grid() -> [MultiPolygon] {
        (0..<400).map { k in
            let x = Double(k % 20) / 10, y = Double(k / 20) / 10
            return MultiPolygon(rectanglePolygon(x, y, x + 0.1, y + 0.1))
        }
    }

    @Test("the grid lists every box under each cell it meets, borders and corners included")
    func gridCells() {
        let boxes = Self.grid().map(\.boundingBox)
        let grid = PointLocator.Grid(boxes: boxes)
        // 400 boxes × 64 cells over a square: 160 × 160 cells of 0.0125°.
        #expect(grid.columns == 160 && grid.rows == 160)
        for box in boxes {
            var cells = Set<Int>()
            grid.forEachCell(of: box) { cells.insert($0) }
            let corners = [(box.minLongitude, box.minLatitude), (box.maxLongitude, box.maxLatitude), (box.minLongitude, box.maxLatitude),
                           (box.maxLongitude, box.minLatitude), (box.center.longitude, box.center.latitude)]
            for (x, y) in corners { #expect(grid.cell(x: x, y: y).map(cells.contains) == true) }
        }
        #expect(grid.cell(x: 2.5, y: 1) == nil)
        #expect(grid.cell(x: .nan, y: 1) == nil)
        #expect(PointLocator.Grid(boxes: []).cell(x: 0, y: 0) == nil)
        let dot = PointLocator.Grid(boxes: [BoundingBox(minLongitude: 1, minLatitude: 2, maxLongitude: 1, maxLatitude: 2)])
        #expect(dot.cellCount == 1 && dot.cell(x: 1, y: 2) == 0 && dot.cell(x: 1, y: 2.1) == nil)
        // Flat extents (boxes on one meridian) stay within the cap; mainland plus an overseas cluster gets cells
        // as fine as its boxes.
        let meridian = PointLocator.Grid(boxes: (0..<10).map { BoundingBox(minLongitude: 3, minLatitude: Double($0), maxLongitude: 3, maxLatitude: Double($0) + 0.5) })
        #expect(meridian.columns == 1 && (600...641).contains(meridian.rows) && meridian.cell(x: 3, y: 9.5) == meridian.rows - 1)
        let spread = PointLocator.Grid(boxes: [BoundingBox(minLongitude: -61.6, minLatitude: 15.9, maxLongitude: -61.58, maxLatitude: 15.92),
                                               BoundingBox(minLongitude: 2.3, minLatitude: 48.8, maxLongitude: 2.32, maxLatitude: 48.82),
                                               BoundingBox(minLongitude: 2.33, minLatitude: 48.8, maxLongitude: 2.35, maxLatitude: 48.82)])
        #expect(spread.cellCount <= PointLocator.Grid.maxCells && spread.cell(x: 2.31, y: 48.81) != spread.cell(x: 2.34, y: 48.81))
    }

    @Test("a big polygon spanning many grid cells is still found, together with the small one under the point")
    func bigPolygonAcrossTiles() {
        var entries = Self.grid().enumerated().map { (id: $0.offset, geometry: $0.element) }
        let diamond = MultiPolygon(Polygon(exterior: LinearRing([lonLat(1, -0.5), lonLat(2.5, 1), lonLat(1, 2.5), lonLat(-0.5, 1)])))
        entries.append((id: 1_000, geometry: diamond))
        let locator = PointLocator(entries: entries)
        #expect(locator.partCount == 401)
        #expect(locator.locate(lonLat(1.05, 1.05)) == [210, 1_000])
        #expect(locator.locate(lonLat(0.05, 0.05)) == [0])
        #expect(locator.locate(lonLat(2.2, 1.0)) == [1_000])
        #expect(locator.locate(lonLat(1.0, -0.4)) == [1_000])
        #expect(locator.locate(lonLat(3, 3)) == [])
        #expect(locator.firstLocation(of: lonLat(1.05, 1.05)) == 210)
        #expect(locator.firstLocations(of: [lonLat(1.05, 1.05), lonLat(3, 3), lonLat(2.2, 1)]) == [210, nil, 1_000])
    }

    @Test("the locator agrees with a brute-force test of every outline on 20,000 synthetic points, multipart and holed outlines included")
    func agreesWithBruteForce() {
        let polygons = SyntheticPolygons.generate(count: 150, seed: 11)
        let locator = PointLocator(entries: polygons.enumerated().map { (id: $0.offset, geometry: $0.element) })
        let points = SyntheticPolygons.points(count: 20_000, seed: 12, near: polygons, nearShare: 0.9)
        #expect(locator.partCount > 150)
        var inside = 0
        for p in points {
            let expected = polygons.indices.filter { polygons[$0].contains(p) }
            #expect(locator.locate(p) == expected)
            inside += expected.isEmpty ? 0 : 1
        }
        // The sample must exercise both answers, and points lying in holes.
        #expect(inside > 2_000 && inside < 18_000)
        let inHoles = points.filter { p in
            polygons.contains { $0.polygons.contains { part in Polygon(exterior: part.exterior).contains(p) && !part.contains(p) } }
        }
        #expect(inHoles.count > 10)
        #expect(inHoles.allSatisfy { locator.locate($0) == [] })
    }

    @Test("on the real commune outlines, shared edges and vertices belong to at most one commune")
    func realCommunesPartition() throws {
        let communes = try GeometryFixtures.communes()
        let locator = PointLocator(entries: communes.map { (id: $0.index, geometry: $0.geometry) })
        // Edges used by two communes (in opposite directions): their midpoint is in exactly one of the two, and in no other.
        var owners: [[Double]: Set<Int>] = [:]
        var vertices: [GeoPoint: Set<Int>] = [:]
        for commune in communes {
            for ring in commune.geometry.polygons.flatMap(\.rings) {
                for k in 0..<(ring.points.count - 1) {
                    let a = ring.points[k], b = ring.points[k + 1]
                    guard a != b else { continue }
                    let key = a.longitude < b.longitude || (a.longitude == b.longitude && a.latitude < b.latitude)
                        ? [a.longitude, a.latitude, b.longitude, b.latitude] : [b.longitude, b.latitude, a.longitude, a.latitude]
                    owners[key, default: []].insert(commune.index)
                    vertices[a, default: []].insert(commune.index)
                }
            }
        }
        let shared = owners.filter { $0.value.count == 2 }
        #expect(shared.count == 1_357)
        for (edge, pair) in shared {
            let found = locator.locate(lonLat((edge[0] + edge[2]) / 2, (edge[1] + edge[3]) / 2))
            #expect(found.count == 1 && pair.contains(found[0]))
        }
        let sharedVertices = vertices.filter { $0.value.count > 1 }
        #expect(sharedVertices.count == 1_270)
        let counts = sharedVertices.keys.map { locator.locate($0).count }
        #expect(counts.filter { $0 == 1 }.count == 1_247)
        // The others lie on the outer border of the three EPCI.
        #expect(counts.filter { $0 == 0 }.count == 23)
    }

    @Test("ANCT's point of each QPV commune falls in that commune")
    func qpvPointsInTheirCommune() throws {
        let communes = try GeometryFixtures.communes()
        let locator = PointLocator(entries: communes.map { (id: $0.index, geometry: $0.geometry) })
        let codeOfIndex = Dictionary(uniqueKeysWithValues: communes.map { ($0.index, $0.code("insee_com")!) })
        let qpvPoints = try GeometryFixtures.qpvPoints()
        #expect(qpvPoints.count == 42)
        for (commune, p) in qpvPoints {
            #expect(locator.locate(p).map { codeOfIndex[$0]! } == [commune])
        }
    }

    @Test("counting points per entry")
    func countPoints() {
        let locator = PointLocator(entries: [(id: 7, geometry: MultiPolygon(rectanglePolygon(0, 0, 1, 1))),
                                             (id: 3, geometry: MultiPolygon([rectanglePolygon(2, 0, 3, 1), rectanglePolygon(0.5, 0.5, 2.5, 0.6)])),
                                             (id: 9, geometry: MultiPolygon([]))])
        let result = locator.countPoints([lonLat(0.5, 0.5), lonLat(0.2, 0.2), lonLat(2.5, 0.5), lonLat(5, 5), lonLat(2.2, 0.55)])
        // (0.5, 0.5) is in 7 and in the thin bar of 3; (2.2, 0.55) in two overlapping parts of 3, counted once.
        #expect(result.counts == [2, 3, 0])
        #expect(result.outside == 1)
        #expect(locator.locate(lonLat(2.2, 0.55)) == [3])
        #expect(locator.locate(lonLat(0.5, 0.5)) == [3, 7])
        #expect(locator.firstLocation(of: lonLat(0.5, 0.5)) == 3)
    }

    @Test("synthetic QPV-like outlines: reproducible, realistic sizes, some holes, no overlap")
    func syntheticPolygons() {
        let polygons = SyntheticPolygons.generate(count: 300, seed: 2024)
        #expect(polygons == SyntheticPolygons.generate(count: 300, seed: 2024))
        #expect(polygons != SyntheticPolygons.generate(count: 300, seed: 2025))
        let parts = polygons.flatMap(\.polygons)
        #expect(parts.allSatisfy { (51...2_001).contains($0.exterior.points.count) })
        let holed = parts.filter { !$0.holes.isEmpty }.count
        #expect(holed > 20 && holed < 90)
        #expect(polygons.filter { $0.polygons.count == 2 }.count > 10)
        #expect(polygons.allSatisfy { SyntheticPolygons.metropolitanFrance.contains($0.boundingBox.center) })
        let areas = polygons.map(\.areaSquareMetres)
        #expect(areas.min()! > 20_000 && areas.max()! < 2_500_000)
        // No outline contains a vertex of another one.
        let locator = PointLocator(entries: polygons.enumerated().map { (id: $0.offset, geometry: $0.element) })
        for (k, polygon) in polygons.enumerated() {
            for vertex in polygon.polygons[0].exterior.points.prefix(10) {
                #expect(locator.locate(vertex).allSatisfy { $0 == k })
            }
        }
        let points = SyntheticPolygons.uniformPoints(count: 1_000, seed: 1)
        #expect(points == SyntheticPolygons.uniformPoints(count: 1_000, seed: 1))
        #expect(points.allSatisfy { SyntheticPolygons.metropolitanFrance.contains($0) })
    }

    @Test("SplitMix64 and xoshiro256** match the reference implementations")
    func generators() {
        var mixer = SplitMix64(seed: 0)
        #expect([mixer.next(), mixer.next(), mixer.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
        var zero = SeededGenerator(seed: 0)
        #expect([zero.next(), zero.next(), zero.next()] == [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0])
        var random = SeededGenerator(seed: 42)
        #expect(random.next() == 0x1578_0B2E_0C2E_C716)
        var unit = SeededGenerator(seed: 42)
        #expect(unit.nextUnit() == 0.08386297105988216)
        var bounded = SeededGenerator(seed: 5)
        let draws = (0..<10_000).map { _ in bounded.nextInt(below: 6) }
        #expect(Set(draws) == Set(0..<6))
        #expect(draws.filter { $0 == 0 }.count > 1_500 && draws.filter { $0 == 0 }.count < 1_850)
    }
}
