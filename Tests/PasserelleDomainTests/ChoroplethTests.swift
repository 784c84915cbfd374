import Testing
@testable import PasserelleDomain

@Suite("Choropleth classes, projection, paths and colours")
struct ChoroplethTests {
    @Test("quantile breaks interpolate between order statistics (type 7)")
    func quantiles() throws {
        let breaks = try #require(ClassBreaks.quantiles(values: [7, 1, 2, 3, 4, 5, 6, 8, 9, 10, .nan], classes: 5))
        // Positions i/5 × 9 = 1.8, 3.6, 5.4, 7.2 between the sorted values 1…10.
        #expect(breaks.bounds.count == 6)
        for (bound, expected) in zip(breaks.bounds, [1, 2.8, 4.6, 6.4, 8.2, 10]) { #expect(abs(bound - expected) < 1e-12) }
        #expect(breaks.classCount == 5)
        #expect(breaks.classIndex(of: 1) == 1)
        #expect(breaks.classIndex(of: 2.79) == 1)
        #expect(breaks.classIndex(of: 2.8) == 2)
        #expect(breaks.classIndex(of: 8.2) == 5)
        #expect(breaks.classIndex(of: 10) == 5)
        #expect(breaks.classIndex(of: -3) == 1)
        #expect(breaks.classIndex(of: 12) == 5)
        #expect(breaks.classIndex(of: nil) == nil)
        #expect(breaks.classIndex(of: .nan) == nil)
    }

    @Test("repeated values merge classes instead of leaving them empty")
    func quantileTies() throws {
        #expect(ClassBreaks.quantiles(values: [1, 1, 1, 1, 2], classes: 4)?.bounds == [1, 2])
        // Positions 5/3 and 10/3: the first falls among the zeros and merges with the minimum.
        let merged = try #require(ClassBreaks.quantiles(values: [0, 0, 0, 5, 10, 10], classes: 3))
        #expect(merged.bounds.count == 3)
        #expect(merged.bounds[0] == 0 && abs(merged.bounds[1] - 20.0 / 3.0) < 1e-12 && merged.bounds[2] == 10)
        #expect(ClassBreaks.quantiles(values: [4, 4], classes: 5)?.bounds == [4, 4])
        #expect(ClassBreaks.quantiles(values: [4, 4], classes: 5)?.classIndex(of: 4) == 1)
        #expect(ClassBreaks.quantiles(values: [.nan], classes: 5) == nil)
    }

    @Test("user-set thresholds are checked against the values, every problem named")
    func userBreaks() throws {
        let values = [0.0, 12, 35, 60, 100]
        let breaks = try ClassBreaks.userDefined(thresholds: [20, 40, 60], values: values)
        #expect(breaks.bounds == [0, 20, 40, 60, 100])
        #expect(breaks.thresholds == [20, 40, 60])
        #expect(breaks.classIndex(of: 60) == 4)
        #expect(breaks.legendLabels() == ["de 0 à moins de 20", "de 20 à moins de 40", "de 40 à moins de 60", "de 60 à 100"])
        #expect(throws: ClassBreaksError(problems: [
            "la borne 2 (12,5) doit être strictement supérieure à la borne 1 (14)",
            "la borne 3 (−3) doit être strictement supérieure à la borne 2 (12,5)",
            "la borne 3 (−3) est en dehors des valeurs observées ]0 ; 100[ : une classe serait vide",
            "la borne 4 (100) est en dehors des valeurs observées ]0 ; 100[ : une classe serait vide",
        ])) { try ClassBreaks.userDefined(thresholds: [14, 12.5, -3, 100], values: values) }
        #expect(throws: ClassBreaksError(problems: ["aucune valeur à classer"])) { try ClassBreaks.userDefined(thresholds: [1], values: []) }
        #expect(throws: ClassBreaksError(problems: ["au moins une borne est nécessaire pour faire deux classes"])) {
            try ClassBreaks.userDefined(thresholds: [], values: values)
        }
    }

    @Test("legend labels in French")
    func legend() throws {
        let breaks = try ClassBreaks.userDefined(thresholds: [12.345], values: [-1.5, 20])
        #expect(breaks.legendLabels() == ["de −1,5 à moins de 12,3", "de 12,3 à 20"])
        #expect(breaks.legendLabels(decimals: 2) == ["de −1,5 à moins de 12,35", "de 12,35 à 20"])
    }

    @Test("the projection fits the box, corrects longitudes by cos(mid-latitude) and turns y downwards")
    func projection() throws {
        let box = BoundingBox(minLongitude: 0, minLatitude: 45, maxLongitude: 2, maxLatitude: 47)
        let projection = try #require(MapProjection(fitting: box, width: 200, height: 100, margin: 10))
        #expect(abs(projection.longitudeFactor - 0.694_658_370_458_997_3) < 1e-15)
        // Height limits: 80 px for 2° of latitude.
        #expect(projection.scale == 40)
        let northWest = projection.project(lonLat(0, 47)), southEast = projection.project(lonLat(2, 45))
        #expect(abs(northWest.x - 72.213_665_181_640_11) < 1e-9 && northWest.y == 10)
        #expect(abs(southEast.x - 127.786_334_818_359_89) < 1e-9 && southEast.y == 90)
        // A tall box is limited by its height too, and centred horizontally.
        let tall = try #require(MapProjection(fitting: BoundingBox(minLongitude: 0, minLatitude: 40, maxLongitude: 1, maxLatitude: 50), width: 200, height: 100))
        #expect(tall.scale == 8)
        #expect(abs(tall.project(lonLat(0, 50)).x - 97.171_572_875_253_82) < 1e-9)
        #expect(MapProjection(fitting: [], width: 200, height: 100) == nil)
        #expect(MapProjection(fitting: box, width: 20, height: 100, margin: 10) == nil)
    }

    @Test("SVG path data: exterior clockwise then holes anticlockwise, tenths of a pixel")
    func pathData() throws {
        let box = BoundingBox(minLongitude: 0, minLatitude: 45, maxLongitude: 2, maxLatitude: 47)
        let projection = try #require(MapProjection(fitting: box, width: 200, height: 100, margin: 10))
        let hole = LinearRing([lonLat(0.5, 45.5), lonLat(0.5, 46.5), lonLat(1.5, 46.5), lonLat(1.5, 45.5)])
        let shape = MultiPolygon(Polygon(exterior: rectanglePolygon(0, 45, 2, 47).exterior, holes: [hole]))
        let expected = "M72.2 10L127.8 10L127.8 90L72.2 90ZM113.9 70L113.9 30L86.1 30L86.1 70Z"
        #expect(svgPath(for: shape, projection: projection) == expected)
        // Whatever the input orientation, the output orientations are the same (the starting point follows the input).
        let flipped = MultiPolygon(Polygon(exterior: rectanglePolygon(0, 45, 2, 47, clockwise: true).exterior, holes: [LinearRing(hole.points.reversed())]))
        #expect(svgPath(for: flipped, projection: projection) == "M72.2 10L127.8 10L127.8 90L72.2 90ZM86.1 70L113.9 70L113.9 30L86.1 30Z")
        // Points closer than a tenth of a pixel collapse; a part reduced to a dot disappears with its holes.
        let speck = Polygon(exterior: LinearRing([lonLat(1, 46), lonLat(1.0001, 46), lonLat(1.0001, 46.0001)]), holes: [hole])
        let dense = Polygon(exterior: LinearRing([lonLat(0, 45), lonLat(0.0001, 45), lonLat(2, 45), lonLat(2, 47), lonLat(0, 47)]))
        #expect(svgPath(for: MultiPolygon([speck, dense]), projection: projection) == "M72.2 10L127.8 10L127.8 90L72.2 90Z")
        #expect(SVGPath.tenths(-5) == "-0.5")
        #expect(SVGPath.tenths(-120) == "-12")
    }

    @Test("the real commune outlines fit an 800 × 600 map")
    func realCommunesPath() throws {
        let communes = try GeometryFixtures.communes()
        let projection = try #require(MapProjection(fitting: communes.map(\.geometry), width: 800, height: 600, margin: 20))
        for commune in communes {
            let path = svgPath(for: commune.geometry, projection: projection)
            #expect(path.hasPrefix("M") && path.hasSuffix("Z"))
            let numbers: [Double] = path.split(whereSeparator: { "MLZ ".contains($0) }).compactMap { Double($0) }
            let low = numbers.min() ?? 0, high = numbers.max() ?? 0
            #expect(low >= 20 && high <= 780)
        }
    }

    @Test("ColorBrewer ramps, no-data grey and readable labels")
    func colours() {
        #expect(ColorRamp.yellowOrangeRed.paletteName == "YlOrRd")
        #expect(ColorRamp.yellowOrangeRed.colors(classes: 5) == ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"])
        #expect(ColorRamp.blues.colors(classes: 7) == ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"])
        #expect(ColorRamp.blues.colors(classes: 2) == ["#deebf7", "#3182bd"])
        #expect(ColorRamp.blues.colors(classes: 8) == nil)
        #expect(ColorRamp.yellowOrangeRed.hex(forClass: 5, of: 5) == "#bd0026")
        #expect(ColorRamp.yellowOrangeRed.hex(forClass: nil, of: 5) == "#d9d9d9")
        #expect(ColorRamp.yellowOrangeRed.hex(forClass: 6, of: 5) == nil)
        for ramp in ColorRamp.allCases {
            for classes in ColorRamp.supportedClassCounts {
                let colours = ramp.colors(classes: classes)!
                #expect(colours.count == classes)
                #expect(!colours.contains(ColorRamp.noDataHex))
                // Sequential: each class darker than the previous one.
                let luminances = colours.map { ColorRamp.relativeLuminance($0)! }
                #expect(zip(luminances, luminances.dropFirst()).allSatisfy { $0 > $1 })
            }
        }
        #expect(ColorRamp.contrastRatio("#000000", "#ffffff") == 21)
        #expect(ColorRamp.labelHex(onFill: "#ffffb2") == "#000000")
        #expect(ColorRamp.labelHex(onFill: "#bd0026") == "#ffffff")
        #expect(ColorRamp.labelHex(onFill: "#084594") == "#ffffff")
    }
}
