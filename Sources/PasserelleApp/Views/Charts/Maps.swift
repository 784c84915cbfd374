import Foundation
import PasserelleDomain

/// Choropleth maps drawn on the server: areas filled by class, optional points (QPV shown at the
/// middle of their communes when their own outlines are absent), a legend, a title and a text
/// alternative, a hover title on every shape. No tiles, no external resource.
enum Maps {
    struct Area: Sendable {
        var name: String
        var geometry: MultiPolygon
        var value: Double?
        var valueText: String
    }

    struct Marker: Sendable {
        var name: String
        var point: GeoPoint
        var value: Double?
        var valueText: String
        /// Markers without a class (cool places) are drawn as small squares.
        var isPlace = false
    }

    static func choropleth(id: String, title: String, description: String, areas: [Area], markers: [Marker] = [],
                           breaks: ClassBreaks?, ramp: ColorRamp = .yellowOrangeRed, unit: IndicatorUnit?,
                           width: Double = 640, height mapHeight: Double = 440) -> HTMLNode {
        let markerBox = markers.reduce(BoundingBox.empty) { $0.union(BoundingBox(minLongitude: $1.point.longitude, minLatitude: $1.point.latitude,
                                                                                   maxLongitude: $1.point.longitude, maxLatitude: $1.point.latitude)) }
        let box = areas.reduce(markerBox) { $0.union($1.geometry.boundingBox) }
        guard let projection = MapProjection(fitting: box, width: width, height: mapHeight, margin: 12) else { return .empty }
        let classes = breaks?.classCount ?? 0
        // The legend sits under the map, one class per line, then "sans donnée".
        let legendRows = Double((breaks?.classCount ?? 0) + 1)
        let height = mapHeight + 10 + legendRows * 20
        func fill(_ value: Double?) -> String {
            guard let breaks, let hex = ramp.hex(forClass: breaks.classIndex(of: value), of: classes) else { return ColorRamp.noDataHex }
            return hex
        }
        let legendLabels = breaks?.legendLabels(decimals: unit?.displayDigits ?? 1) ?? []
        return Charts.svg(id: id, title: title, description: description, width: width, height: height,
            .element("g", [.class("map-areas"), .forEach(areas) { area in
                .element("path", [.attr("d", svgPath(for: area.geometry, projection: projection)), .attr("fill", fill(area.value)), .class("map-area"),
                                  .attr("fill-rule", "evenodd"), .element("title", [.text("\(area.name) : \(area.valueText)")])])
            }]),
            .element("g", [.class("map-markers"), .forEach(markers) { marker in
                let position = projection.project(marker.point)
                return marker.isPlace
                    ? .element("rect", [.attr("x", Charts.fmt(position.x - 3)), .attr("y", Charts.fmt(position.y - 3)), .attr("width", "6"), .attr("height", "6"),
                                        .class("map-place"), .element("title", [.text("\(marker.name) : \(marker.valueText)")])])
                    : .element("circle", [.attr("cx", Charts.fmt(position.x)), .attr("cy", Charts.fmt(position.y)), .attr("r", "6"),
                                          .attr("fill", fill(marker.value)), .class("map-marker"),
                                          .element("title", [.text("\(marker.name) : \(marker.valueText)")])])
            }]),
            .element("g", [.class("map-legend"), .attr("transform", "translate(12,\(Charts.fmt(mapHeight + 10)))"),
                .forEach(Array(legendLabels.enumerated())) { index, label in
                    let y = Double(index) * 20
                    return .element("g", [
                        .element("rect", [.attr("x", "0"), .attr("y", Charts.fmt(y)), .attr("width", "18"), .attr("height", "14"),
                                          .attr("fill", ramp.hex(forClass: index, of: classes) ?? ColorRamp.noDataHex), .class("legend-swatch")]),
                        .element("text", [.attr("x", "26"), .attr("y", Charts.fmt(y + 12)), .class("chart-label"),
                                          .text(unit.map { label + " " + ($0.symbol ?? "") } ?? label)]),
                    ])
                },
                .element("rect", [.attr("x", "0"), .attr("y", Charts.fmt(Double(legendLabels.count) * 20)), .attr("width", "18"), .attr("height", "14"),
                                  .attr("fill", ColorRamp.noDataHex), .class("legend-swatch")]),
                .element("text", [.attr("x", "26"), .attr("y", Charts.fmt(Double(legendLabels.count) * 20 + 12)), .class("chart-label"), .text("sans donnée")]),
            ])
        )
    }
}
