import Testing
@testable import PasserelleDomain

/// Builds a rectangle polygon, anticlockwise unless told otherwise.
func rectanglePolygon(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, clockwise: Bool = false) -> Polygon {
    let points = [GeoPoint(longitude: x0, latitude: y0), GeoPoint(longitude: x1, latitude: y0),
                  GeoPoint(longitude: x1, latitude: y1), GeoPoint(longitude: x0, latitude: y1)]
    return Polygon(exterior: LinearRing(clockwise ? points.reversed() : points))
}

func lonLat(_ x: Double, _ y: Double) -> GeoPoint { GeoPoint(longitude: x, latitude: y) }

@Suite("Point in polygon and the boundary rule")
struct PointInPolygonTests {
    static let unitSquareCases: [(x: Double, y: Double, inside: Bool, what: String)] = [
        (0.5, 0.5, true, "interior"),
        (0, 0, true, "south-west vertex"),
        (1, 0, false, "south-east vertex"),
        (1, 1, false, "north-east vertex"),
        (0, 1, false, "north-west vertex"),
        (0.5, 0, true, "south (horizontal) edge"),
        (0.5, 1, false, "north (horizontal) edge"),
        (0, 0.5, true, "west (vertical) edge"),
        (1, 0.5, false, "east (vertical) edge"),
        (1.5, 0.5, false, "east of the square"),
        (-0.25, 0.5, false, "west of the square"),
        (0.5, -0.25, false, "south of the square"),
        (0.999999, 0.999999, true, "just inside the north-east corner"),
    ]

    @Test("unit square, anticlockwise and clockwise", arguments: unitSquareCases)
    func unitSquare(_ c: (x: Double, y: Double, inside: Bool, what: String)) {
        #expect(rectanglePolygon(0, 0, 1, 1).contains(lonLat(c.x, c.y)) == c.inside, "\(c.what)")
        #expect(rectanglePolygon(0, 0, 1, 1, clockwise: true).contains(lonLat(c.x, c.y)) == c.inside, "\(c.what), clockwise ring")
    }

    @Test("a point on the edge shared by two squares belongs to exactly one of them: the one to its east")
    func sharedEdge() {
        let west = rectanglePolygon(0, 0, 1, 1), east = rectanglePolygon(1, 0, 2, 1, clockwise: true)
        for y in [0.0, 0.25, 0.5, 0.999] {
            #expect(!west.contains(lonLat(1, y)))
            #expect(east.contains(lonLat(1, y)))
        }
        // The top of the shared edge is on the outer border of the union: in neither.
        #expect(!west.contains(lonLat(1, 1)) && !east.contains(lonLat(1, 1)))
    }

    @Test("every vertex and edge midpoint inside a 3 × 3 grid of squares belongs to exactly one square")
    func gridPartition() {
        var squares: [Polygon] = []
        for i in 0..<3 { for j in 0..<3 { squares.append(rectanglePolygon(Double(i), Double(j), Double(i + 1), Double(j + 1), clockwise: (i + j) % 2 == 0)) } }
        for x in stride(from: 0.5, through: 2.5, by: 0.5) {
            for y in stride(from: 0.5, through: 2.5, by: 0.5) {
                #expect(squares.filter { $0.contains(lonLat(x, y)) }.count == 1, "(\(x), \(y))")
            }
        }
        // The inner vertex (1, 1) goes to the square to its north-east.
        #expect(squares.indices.filter { squares[$0].contains(lonLat(1, 1)) } == [4])
    }

    @Test("points on slanted edges shared by the triangles of a fan belong to exactly one triangle")
    func slantedSharedEdges() {
        var random = SeededGenerator(seed: 17)
        let centre = lonLat(2.35, 48.85)
        let corners = (0..<12).map { k -> GeoPoint in
            let angle = Double(k) / 12 * 2 * Double.pi + random.nextDouble(in: -0.1, 0.1)
            return lonLat(centre.longitude + 0.01 * cosRadians(angle) * random.nextDouble(in: 0.7, 1.3),
                         centre.latitude + 0.01 * sinRadians(angle) * random.nextDouble(in: 0.7, 1.3))
        }
        // Alternate orientations so neighbours run along their shared edge in opposite and in equal directions.
        let triangles = (0..<12).map { k -> Polygon in
            let ring = [centre, corners[k], corners[(k + 1) % 12]]
            return Polygon(exterior: LinearRing(k % 3 == 0 ? ring.reversed() : ring))
        }
        for k in 0..<12 {
            for _ in 0..<200 {
                let t = random.nextDouble(in: 0.001, 0.999)
                let p = lonLat(centre.longitude + t * (corners[k].longitude - centre.longitude),
                              centre.latitude + t * (corners[k].latitude - centre.latitude))
                #expect(triangles.filter { $0.contains(p) }.count == 1)
            }
        }
        // The shared centre too.
        #expect(triangles.filter { $0.contains(centre) }.count == 1)
    }

    @Test("holes: inside a hole is outside; the hole's west and south sides belong to the hole, its east and north sides to the polygon")
    func holes() {
        let frame = Polygon(exterior: rectanglePolygon(0, 0, 4, 4).exterior, holes: [rectanglePolygon(1, 1, 3, 3, clockwise: true).exterior])
        let enclave = rectanglePolygon(1, 1, 3, 3)
        // (point, in the frame, in the enclave): each point lies in exactly one of the two, or in neither.
        let cases: [(GeoPoint, Bool, Bool)] = [
            (lonLat(2, 2), false, true), (lonLat(0.5, 0.5), true, false), (lonLat(3.5, 2), true, false),
            (lonLat(1, 2), false, true), (lonLat(3, 2), true, false), (lonLat(2, 1), false, true), (lonLat(2, 3), true, false),
            (lonLat(1, 1), false, true), (lonLat(3, 3), true, false), (lonLat(4, 2), false, false),
        ]
        for (p, inFrame, inEnclave) in cases {
            #expect(frame.contains(p) == inFrame, "(\(p.longitude), \(p.latitude))")
            #expect(enclave.contains(p) == inEnclave, "enclave (\(p.longitude), \(p.latitude))")
        }
    }

    @Test("a multipolygon contains the points of each of its parts")
    func multiPolygonParts() {
        let shape = MultiPolygon([rectanglePolygon(0, 0, 1, 1), rectanglePolygon(5, 5, 6, 6)])
        #expect(shape.contains(lonLat(0.5, 0.5)))
        #expect(shape.contains(lonLat(5.5, 5.5)))
        #expect(shape.contains(lonLat(5, 5)))
        #expect(!shape.contains(lonLat(3, 3)))
        #expect(!shape.contains(lonLat(6, 5.5)))
        #expect(shape.boundingBox == BoundingBox(minLongitude: 0, minLatitude: 0, maxLongitude: 6, maxLatitude: 6))
    }

    @Test("rings close themselves and report their orientation")
    func rings() {
        let ring = LinearRing([lonLat(0, 0), lonLat(2, 0), lonLat(2, 1)])
        #expect(ring.points.count == 4)
        #expect(ring.points.last == lonLat(0, 0))
        #expect(ring.edgeCount == 3)
        #expect(ring.signedArea == 1)
        #expect(LinearRing(ring.points.reversed()).signedArea == -1)
        #expect(LinearRing([]).points.isEmpty)
    }

    @Test("the edge test is the same whichever way the edge runs")
    func edgeTestSymmetry() {
        var random = SeededGenerator(seed: 3)
        for _ in 0..<1_000 {
            let a = lonLat(random.nextDouble(in: -5, 9), random.nextDouble(in: 42, 51))
            let b = lonLat(random.nextDouble(in: -5, 9), random.nextDouble(in: 42, 51))
            let t = random.nextUnit()
            let p = lonLat(a.longitude + t * (b.longitude - a.longitude), a.latitude + t * (b.latitude - a.latitude))
            #expect(EdgeCrossing.crosses(px: p.longitude, py: p.latitude, ax: a.longitude, ay: a.latitude, bx: b.longitude, by: b.latitude)
                == EdgeCrossing.crosses(px: p.longitude, py: p.latitude, ax: b.longitude, ay: b.latitude, bx: a.longitude, by: a.latitude))
        }
    }
}
