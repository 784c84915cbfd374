import Testing
@testable import PasserelleDomain

@Suite("Distances, areas and coverage rules")
struct CoverageTests {
    /// A square of `side` metres whose south-west corner is `origin`, built in the local projection of that corner.
    static func square(side: Double, at origin: GeoPoint) -> MultiPolygon {
        let projection = LocalProjection(origin: origin)
        return MultiPolygon(Polygon(exterior: LinearRing([
            projection.unproject(x: 0, y: 0), projection.unproject(x: side, y: 0),
            projection.unproject(x: side, y: side), projection.unproject(x: 0, y: side),
        ])))
    }

    static let lens = GeoPoint(longitude: 2.8319, latitude: 50.4322)

    @Test("haversine distances")
    func haversine() {
        // One degree of latitude: R·π/180 with the IUGG mean radius.
        #expect(abs(GeoDistance.haversineMetres(lonLat(2, 50), lonLat(2, 51)) - 111_195.080_233_532_92) < 1e-6)
        // Reference values from an independent implementation of the same formula.
        #expect(abs(GeoDistance.haversineMetres(lonLat(2.3522, 48.8566), lonLat(3.0573, 50.6292)) - 203_509.451_009_362_6) < 1e-6)
        #expect(abs(GeoDistance.haversineMetres(lonLat(2.8319, 50.4322), lonLat(2.6403, 50.5303)) - 17_400.627_843_752_22) < 1e-6)
        #expect(GeoDistance.haversineMetres(Self.lens, Self.lens) == 0)
        #expect(GeoDistance.haversineMetres(lonLat(0, 0), lonLat(180, 0)) == GeoDistance.earthRadiusMetres * Double.pi)
    }

    @Test("local projection: round trip and areas")
    func localProjection() {
        let projection = LocalProjection(origin: Self.lens)
        let p = projection.unproject(x: 1_234.5, y: -678.9)
        let back = projection.project(p)
        #expect(abs(back.x - 1_234.5) < 1e-9 && abs(back.y + 678.9) < 1e-9)
        let square = Self.square(side: 1_000, at: Self.lens)
        #expect(abs(projection.area(of: square) - 1_000_000) < 1e-6)
        // Measured around its own centre, 500 m away, the same square loses about 0.01 %.
        #expect(abs(square.areaSquareMetres - 1_000_000) < 150)
        let holed = Polygon(exterior: square.polygons[0].exterior, holes: [Self.square(side: 100, at: projection.unproject(x: 200, y: 200)).polygons[0].exterior])
        #expect(abs(projection.area(of: holed) - 990_000) < 1)
    }

    @Test("place index: a place exactly at the radius covers, one a metre beyond does not")
    func placeIndex() {
        let projection = LocalProjection(origin: Self.lens)
        let places = [projection.unproject(x: 0, y: 0), projection.unproject(x: 5_000, y: 5_000), projection.unproject(x: -700, y: 0)]
        let index = PlaceIndex(places: places)
        let atRadius = GeoDistance.haversineMetres(places[0], projection.unproject(x: 0, y: 300))
        #expect(index.hasPlace(within: atRadius, of: projection.unproject(x: 0, y: 300)))
        #expect(!index.hasPlace(within: atRadius - 1, of: projection.unproject(x: 0, y: 300)))
        // 400 m from the first place, 300 m from the third.
        let nearest = index.nearest(to: projection.unproject(x: -400, y: 0), within: 1_000)
        #expect(nearest?.index == 2)
        #expect(abs(nearest!.distanceMetres - 300) < 0.1)
        #expect(index.nearest(to: projection.unproject(x: 2_500, y: 2_500), within: 1_000) == nil)
        // Radii larger than the grid cells reach several cells away.
        #expect(index.hasPlace(within: 3_600, of: projection.unproject(x: 2_500, y: 2_500)))
        #expect(!PlaceIndex(places: []).hasPlace(within: 1_000, of: Self.lens))
    }

    @Test("area coverage of a 1 km square with one cool place in its corner", arguments: [
        // (cell size, cells considered, cells farther than 300 m), counts from the exact geometry of cell centres.
        (100.0, 100, 92), (25.0, 1_600, 1_488), (10.0, 10_000, 9_293),
    ])
    func squareWithCornerPlace(_ c: (cell: Double, considered: Int, uncovered: Int)) {
        let square = Self.square(side: 1_000, at: Self.lens)
        let rule = CoverageRule(radiusMetres: 300)
        let result = rule.uncoveredShare(of: square, places: PlaceIndex(places: [Self.lens]), cellSizeMetres: c.cell)
        #expect(result == CoverageShare(considered: c.considered, uncovered: c.uncovered))
        // Analytically, a quarter disc of radius 300 m is covered: 1 − π·300²/4 / 10⁶ = 0.929314… uncovered.
        let analytic = 1 - Double.pi * 300 * 300 / 4 / 1_000_000
        #expect(abs(result.share! - analytic) < (c.cell >= 100 ? 0.01 : 0.001))
    }

    @Test("area coverage: no place at all, a place in the middle, an outline smaller than a cell")
    func areaEdgeCases() {
        let projection = LocalProjection(origin: Self.lens)
        let square = Self.square(side: 1_000, at: Self.lens)
        let rule = CoverageRule()
        #expect(rule.uncoveredShare(of: square, places: PlaceIndex(places: []), cellSizeMetres: 100) == CoverageShare(considered: 100, uncovered: 100))
        // A place at the centre covers 8 cells per quadrant, those whose centre is (50|150|250, 50|150|250) m away along
        // each axis except (250, 250), 354 m: 32 cells, the farthest (150, 250) at 292 m.
        let centre = PlaceIndex(places: [projection.unproject(x: 500, y: 500)])
        #expect(rule.uncoveredShare(of: square, places: centre, cellSizeMetres: 100) == CoverageShare(considered: 100, uncovered: 68))
        let tiny = Self.square(side: 10, at: Self.lens)
        let result = rule.uncoveredShare(of: tiny, places: centre, cellSizeMetres: 25)
        #expect(result == CoverageShare(considered: 0, uncovered: 0))
        #expect(result.share == nil)
    }

    @Test("point coverage: share of addresses farther than the radius")
    func pointsCoverage() {
        let projection = LocalProjection(origin: Self.lens)
        let index = PlaceIndex(places: [projection.unproject(x: 0, y: 0), projection.unproject(x: 1_000, y: 0)])
        let addresses = [(0.0, 100.0), (0, 299), (0, 301), (1_000, 250), (500, 0), (700, 0), (2_000, 2_000), (-200, -200)]
            .map { projection.unproject(x: $0.0, y: $0.1) }
        let result = CoverageRule(radiusMetres: 300).uncoveredShare(of: addresses, places: index)
        // Farther than 300 m: (0, 301), (500, 0), (2000, 2000); (700, 0) is exactly 300 m from the second place.
        #expect(result.considered == 8)
        #expect(result.uncovered == 3)
        #expect(result.share == 3.0 / 8.0)
        #expect(CoverageRule().uncoveredShare(of: [], places: index).share == nil)
    }
}
