import Foundation
import PasserelleDomain

/// Charts drawn on the server as SVG, with the same escaping as pages: a title and a description
/// for screen readers (role="img"), a hover title on every mark, no script, no external resource.
/// Every chart sits beside a table holding the same figures.
enum Charts {
    struct Mark: Sendable {
        var label: String
        var value: Double
        var emphasised = false
    }

    /// Horizontal bars, one per territory, the reference drawn in a second colour.
    static func bars(id: String, title: String, description: String, unit: IndicatorUnit, marks: [Mark], width: Double = 560) -> HTMLNode {
        horizontalBars(id: id, title: title, description: description, marks: marks, width: width, layout: .territories) {
            FrenchFormat.value($0, unit: unit)
        }
    }

    /// Every QPV of a contract as a dot on one axis, the EPCI value as a vertical line: which QPV pull away.
    static func dotPlot(id: String, title: String, description: String, unit: IndicatorUnit, marks: [Mark],
                        reference: Mark?, width: Double = 560) -> HTMLNode {
        let height = 90.0, left = 20.0, right = 20.0
        let values = marks.map(\.value) + (reference.map { [$0.value] } ?? [])
        guard let low = values.min(), let high = values.max() else { return .empty }
        let span = high - low == 0 ? max(abs(high), 1) : high - low
        let from = low - span * 0.05, to = high + span * 0.05
        func x(_ value: Double) -> Double { left + (value - from) / (to - from) * (width - left - right) }
        return svg(id: id, title: title, description: description, width: width, height: height,
            .element("line", [.attr("x1", fmt(left)), .attr("x2", fmt(width - right)), .attr("y1", "45"), .attr("y2", "45"), .class("axis")]),
            .unwrap(reference) { reference in
                .element("g", [
                    .element("title", [.text("\(reference.label) : \(FrenchFormat.value(reference.value, unit: unit))")]),
                    .element("line", [.attr("x1", fmt(x(reference.value))), .attr("x2", fmt(x(reference.value))), .attr("y1", "18"), .attr("y2", "72"), .class("reference-line")]),
                    .element("text", [.attr("x", fmt(x(reference.value))), .attr("y", "12"), .attr("text-anchor", "middle"), .class("chart-label"),
                                      .text("\(shorten(reference.label, 28)) : \(FrenchFormat.value(reference.value, unit: unit))")]),
                ])
            },
            .forEach(marks) { mark in
                .element("circle", [.attr("cx", fmt(x(mark.value))), .attr("cy", "45"), .attr("r", mark.emphasised ? "7" : "5.5"),
                                    .class(mark.emphasised ? "dot dot-emphasised" : "dot"),
                                    .element("title", [.text("\(mark.label) : \(FrenchFormat.value(mark.value, unit: unit))")])])
            },
            .element("text", [.attr("x", fmt(left)), .attr("y", "86"), .class("chart-value"), .text(FrenchFormat.value(low, unit: unit))]),
            .element("text", [.attr("x", fmt(width - right)), .attr("y", "86"), .attr("text-anchor", "end"), .class("chart-value"), .text(FrenchFormat.value(high, unit: unit))])
        )
    }

    /// A small line of a territory's values over periods, with its reference dashed.
    static func trendLine(id: String, title: String, description: String, unit: IndicatorUnit,
                          series: [(period: String, value: Double)], reference: [(period: String, value: Double)], width: Double = 240) -> HTMLNode {
        let periods = Array(Set(series.map(\.period) + reference.map(\.period))).sorted()
        guard periods.count >= 2 else { return .empty }
        let height = 80.0, margin = 14.0
        let values = series.map(\.value) + reference.map(\.value)
        let low = values.min() ?? 0, high = values.max() ?? 1
        let span = high - low == 0 ? 1 : high - low
        func point(_ period: String, _ value: Double) -> String {
            let index = Double(periods.firstIndex(of: period) ?? 0)
            let x = margin + index / Double(periods.count - 1) * (width - 2 * margin)
            let y = height - margin - (value - low) / span * (height - 2 * margin)
            return fmt(x) + "," + fmt(y)
        }
        func polyline(_ data: [(period: String, value: Double)], className: String) -> HTMLNode {
            .element("polyline", [.attr("points", data.map { point($0.period, $0.value) }.joined(separator: " ")), .class(className)])
        }
        return svg(id: id, title: title, description: description, width: width, height: height,
            .if(reference.count >= 2, polyline(reference, className: "trend-reference")),
            polyline(series, className: "trend"),
            .forEach(series) { item in
                let coordinates = point(item.period, item.value).split(separator: ",")
                return .element("circle", [.attr("cx", String(coordinates[0])), .attr("cy", String(coordinates[1])), .attr("r", "3"), .class("dot"),
                                           .element("title", [.text("\(item.period) : \(FrenchFormat.value(item.value, unit: unit))")])])
            },
            .element("text", [.attr("x", fmt(margin)), .attr("y", fmt(height - 1)), .class("chart-value"), .text(periods.first!)]),
            .element("text", [.attr("x", fmt(width - margin)), .attr("y", fmt(height - 1)), .attr("text-anchor", "end"), .class("chart-value"), .text(periods.last!)])
        )
    }

    static func svg(id: String, title: String, description: String, width: Double, height: Double, _ content: HTMLNode...) -> HTMLNode {
        .element("svg", [
            .attr("xmlns", "http://www.w3.org/2000/svg"), .attr("viewBox", "0 0 \(fmt(width)) \(fmt(height))"),
            .attr("width", fmt(width)), .attr("height", fmt(height)), .class("chart"), .role("img"),
            .attr("aria-labelledby", "\(id)-titre \(id)-desc"),
            .element("title", [.id("\(id)-titre"), .text(title)]),
            .element("desc", [.id("\(id)-desc"), .text(description)]),
            .group(content),
        ])
    }

    static func fmt(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static func shorten(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}

// MARK: - Programming charts (money, women/men, year on year)

extension Charts {
    /// One series of a grouped bar chart: its name (for the legend) and its CSS class.
    struct Series: Sendable {
        var name: String
        var className: String
    }

    /// Horizontal bars grouped by row: for each label, one bar per series (women and men of a pillar,
    /// last year and this year of a funder), with a legend. Values are formatted by `format`.
    static func groupedBars(id: String, title: String, description: String, series: [Series], rows: [(label: String, values: [Double])],
                            format: (Double) -> String, width: Double = 640) -> HTMLNode {
        let barHeight = 16.0, gap = 10.0, labelWidth = 230.0, valueWidth = 110.0, legendHeight = 24.0
        let groupHeight = barHeight * Double(series.count) + gap
        let height = legendHeight + groupHeight * Double(rows.count) + 6
        let maximum = max(rows.flatMap(\.values).max() ?? 1, 0.000_001)
        let plotWidth = width - labelWidth - valueWidth
        return svg(id: id, title: title, description: description, width: width, height: height,
            .forEach(Array(series.enumerated())) { index, item in
                let x = labelWidth + Double(index) * 150
                return .element("g", [
                    .element("rect", [.attr("x", fmt(x)), .attr("y", "4"), .attr("width", "14"), .attr("height", "14"), .class(item.className)]),
                    .element("text", [.attr("x", fmt(x + 20)), .attr("y", "16"), .class("chart-label"), .text(item.name)]),
                ])
            },
            .forEach(Array(rows.enumerated())) { rowIndex, row in
                let top = legendHeight + Double(rowIndex) * groupHeight
                return .element("g", [
                    .element("text", [.attr("x", fmt(labelWidth - 8)), .attr("y", fmt(top + barHeight * Double(series.count) / 2 + 4)),
                                      .attr("text-anchor", "end"), .class("chart-label"), .text(shorten(row.label, 32))]),
                    .forEach(Array(zip(series, row.values).enumerated())) { index, pair in
                        let (item, value) = pair
                        let y = top + Double(index) * barHeight
                        let length = max(0, value) / maximum * plotWidth
                        return .element("g", [
                            .element("title", [.text("\(row.label), \(item.name) : \(format(value))")]),
                            .element("rect", [.attr("x", fmt(labelWidth)), .attr("y", fmt(y + 1)), .attr("width", fmt(length)),
                                              .attr("height", fmt(barHeight - 2)), .class(item.className)]),
                            .element("text", [.attr("x", fmt(labelWidth + length + 6)), .attr("y", fmt(y + barHeight - 4)), .class("chart-value"), .text(format(value))]),
                        ])
                    },
                ])
            })
    }

    /// Horizontal bars of amounts in euros, one per label, uncovered (zero) rows drawn as an empty
    /// outline so that they stay visible.
    static func moneyBars(id: String, title: String, description: String, marks: [Mark], width: Double = 640) -> HTMLNode {
        horizontalBars(id: id, title: title, description: description, marks: marks, width: width, layout: .amounts, emptyLabel: "aucun financement") {
            EuroAmount.format($0)
        }
    }

    /// Sizes of a bar chart's rows, in SVG units.
    struct BarLayout {
        var rowHeight: Double, labelWidth: Double, valueWidth: Double
        /// Space above the first row and below the last.
        var top: Double, bottom: Double
        /// From a row's top to its bar's top, and to the baseline of its texts.
        var barOffset: Double, baseline: Double
        /// Labels longer than this are shortened.
        var labelLength: Int

        static let territories = BarLayout(rowHeight: 26, labelWidth: 230, valueWidth: 90, top: 5, bottom: 5, barOffset: 4, baseline: 17, labelLength: 32)
        static let amounts = BarLayout(rowHeight: 24, labelWidth: 260, valueWidth: 110, top: 4, bottom: 4, barOffset: 3, baseline: 16, labelLength: 36)
    }

    /// One horizontal bar per mark, scaled to the largest; with `emptyLabel`, a mark of zero or less is drawn
    /// as a thin empty bar and says so instead of its value.
    private static func horizontalBars(id: String, title: String, description: String, marks: [Mark], width: Double,
                                       layout: BarLayout, emptyLabel: String? = nil, format: (Double) -> String) -> HTMLNode {
        let height = layout.rowHeight * Double(marks.count) + layout.top + layout.bottom
        let maximum = max(marks.map(\.value).max() ?? 1, 0.000_001)
        let plotWidth = width - layout.labelWidth - layout.valueWidth
        let barHeight = fmt(layout.rowHeight - 8)
        return svg(id: id, title: title, description: description, width: width, height: height,
            .forEach(Array(marks.enumerated())) { index, mark in
                let y = layout.top + Double(index) * layout.rowHeight
                let length = max(0, mark.value) / maximum * plotWidth
                let empty = emptyLabel != nil && mark.value <= 0
                let text = empty ? emptyLabel ?? "" : format(mark.value)
                let bar: HTMLNode = empty
                    ? .element("rect", [.attr("x", fmt(layout.labelWidth)), .attr("y", fmt(y + layout.barOffset)), .attr("width", "4"), .attr("height", barHeight), .class("bar-empty")])
                    : .element("rect", [.attr("x", fmt(layout.labelWidth)), .attr("y", fmt(y + layout.barOffset)), .attr("width", fmt(length)), .attr("height", barHeight),
                                        .class(mark.emphasised ? "bar-reference" : "bar")])
                return .element("g", [
                    .element("title", [.text("\(mark.label) : \(text)")]),
                    .element("text", [.attr("x", fmt(layout.labelWidth - 8)), .attr("y", fmt(y + layout.baseline)), .attr("text-anchor", "end"), .class("chart-label"),
                                      .text(shorten(mark.label, layout.labelLength))]),
                    bar,
                    .element("text", [.attr("x", fmt(layout.labelWidth + (emptyLabel == nil ? length : max(length, 4)) + 6)), .attr("y", fmt(y + layout.baseline)), .class("chart-value"), .text(text)]),
                ])
            })
    }
}
