import Foundation
import PasserelleDomain

/// `BenchData DIR`: writes DIR/polygons.geojson (1,600 QPV-like polygons, 50–2,000 vertices, some with
/// holes) and DIR/points.csv (1,000,000 points, half of them near an outline), from fixed seeds, so that
/// the Swift benchmark and the geopandas peer measure the same job on the same files.
let directory = CommandLine.arguments.dropFirst().first ?? "/tmp/passerelle-bench"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
let polygons = SyntheticPolygons.generate(count: 1600, seed: 2024)
var geojson = "{\"type\":\"FeatureCollection\",\"features\":["
for (index, polygon) in polygons.enumerated() {
    if index > 0 { geojson += "," }
    geojson += "{\"type\":\"Feature\",\"properties\":{\"id\":\(index)},\"geometry\":" + BenchGeoJSON.geometry(polygon) + "}"
}
geojson += "]}"
try geojson.write(toFile: directory + "/polygons.geojson", atomically: true, encoding: .utf8)
let points = SyntheticPolygons.points(count: 1_000_000, seed: 7, near: polygons, nearShare: 0.5)
var csv = "lon,lat\n"
csv.reserveCapacity(points.count * 40)
for point in points { csv += String(format: "%.7f,%.7f\n", point.longitude, point.latitude) }
try csv.write(toFile: directory + "/points.csv", atomically: true, encoding: .utf8)
print("écrit : \(directory)/polygons.geojson (\(polygons.count) polygones, \(polygons.reduce(0) { $0 + $1.positionCount }) sommets), \(directory)/points.csv (\(points.count) points)")

enum BenchGeoJSON {
    static func geometry(_ geometry: MultiPolygon) -> String {
        "{\"type\":\"MultiPolygon\",\"coordinates\":[" + geometry.polygons.map { polygon in
            "[" + polygon.rings.map { ring in "[" + ring.points.map { String(format: "[%.7f,%.7f]", $0.longitude, $0.latitude) }.joined(separator: ",") + "]" }.joined(separator: ",") + "]"
        }.joined(separator: ",") + "]}"
    }
}

// Indicator files over the real commune codes of the shipped reference: a long file of 1,000,000
// observations (10,000 communes × 100 indicators) and a wide file (every commune × 50 indicators).
let reference = URL(fileURLWithPath: CommandLine.arguments.dropFirst(2).first ?? "../Sources/PasserelleApp/Resources/reference")
let communes = try CSVReader.read(Array(Data(contentsOf: reference.appendingPathComponent("cog2024/communes.csv")))).records
    .dropFirst().filter { $0.fields.first == "COM" }.map { $0.fields[1] }
nonisolated(unsafe) var generator = SeededGenerator(seed: 42)  // one thread writes the files
func value() -> String {
    let draw = generator.nextUnit()
    if draw < 0.01 { return "s" }
    if draw < 0.02 { return "" }
    return FrenchFormat.decimal(generator.nextDouble(in: 0, 100), digits: 1) // decimal comma
}
var long = "\u{FEFF}code;indicateur;periode;valeur\n"
long.reserveCapacity(40_000_000)
for commune in communes.prefix(10_000) {
    for indicator in 1...100 { long += "\(commune);bench_\(String(format: "%03d", indicator));2022;\(value())\n" }
}
try long.write(toFile: directory + "/long-1M.csv", atomically: true, encoding: .utf8)
let columns = Array(IndicatorCatalogue.standard.prefix(50).map(\.code))
var wide = "code;" + columns.joined(separator: ";") + "\n"
for commune in communes {
    wide += commune + ";" + columns.map { _ in value() }.joined(separator: ";") + "\n"
}
try wide.write(toFile: directory + "/wide-communes-50.csv", atomically: true, encoding: .utf8)
print("écrit : \(directory)/long-1M.csv (\(min(communes.count, 10_000) * 100) observations), \(directory)/wide-communes-50.csv (\(communes.count) communes × \(columns.count) indicateurs)")
