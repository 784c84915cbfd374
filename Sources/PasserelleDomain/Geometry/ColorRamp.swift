import Foundation

/// Sequential colour ramps for choropleth maps, from Cynthia Brewer's ColorBrewer 2.0 schemes
/// (colorbrewer2.org, Apache-style licence: "This product includes color specifications and designs developed
/// by Cynthia Brewer"). Both are sequential, print-friendly and safe for colour-blind readers.
public enum ColorRamp: String, CaseIterable, Sendable, Codable {
    /// ColorBrewer "YlOrRd" (yellow–orange–red): for exposure and vulnerability, darker = more exposed.
    case yellowOrangeRed
    /// ColorBrewer "Blues": for neutral quantities (population, counts).
    case blues

    /// The scheme's ColorBrewer name.
    public var paletteName: String {
        switch self {
        case .yellowOrangeRed: "YlOrRd"
        case .blues: "Blues"
        }
    }

    /// The numbers of classes the ramp offers colours for.
    public static let supportedClassCounts = 1...7

    /// Fill for territories without a value: neutral grey, distinct from every class of both ramps.
    public static let noDataHex = "#d9d9d9"

    /// The ColorBrewer colours for `classes` classes, lightest first; 1 and 2 classes (what merged quantiles can
    /// leave) take the middle, or the two ends, of the 3-class scheme. Nil outside 1…7.
    public func colors(classes: Int) -> [String]? {
        guard Self.supportedClassCounts.contains(classes) else { return nil }
        let schemes: [[String]]
        switch self {
        case .yellowOrangeRed:
            schemes = [
                ["#ffeda0", "#feb24c", "#f03b20"],
                ["#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"],
                ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"],
                ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"],
                ["#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"],
            ]
        case .blues:
            schemes = [
                ["#deebf7", "#9ecae1", "#3182bd"],
                ["#eff3ff", "#bdd7e7", "#6baed6", "#2171b5"],
                ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"],
                ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"],
                ["#eff3ff", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594"],
            ]
        }
        switch classes {
        case 1: return [schemes[0][1]]
        case 2: return [schemes[0][0], schemes[0][2]]
        default: return schemes[classes - 3]
        }
    }

    /// The fill of class `classIndex` (1-based, 1 = lightest) among `classes`; `noDataHex` for a nil class;
    /// nil when the class is out of range.
    public func hex(forClass classIndex: Int?, of classes: Int) -> String? {
        guard let classIndex else { return Self.noDataHex }
        guard let colors = colors(classes: classes), (1...classes).contains(classIndex) else { return nil }
        return colors[classIndex - 1]
    }

    /// Black or white, whichever contrasts more with the fill (WCAG 2 contrast ratio), for labels drawn on a class.
    public static func labelHex(onFill fill: String) -> String {
        guard let luminance = relativeLuminance(fill) else { return "#000000" }
        let onBlack = (luminance + 0.05) / 0.05
        let onWhite = 1.05 / (luminance + 0.05)
        return onBlack >= onWhite ? "#000000" : "#ffffff"
    }

    /// WCAG 2 contrast ratio of two "#rrggbb" colours, from 1 to 21; nil for a malformed colour.
    public static func contrastRatio(_ a: String, _ b: String) -> Double? {
        guard let la = relativeLuminance(a), let lb = relativeLuminance(b) else { return nil }
        return (Swift.max(la, lb) + 0.05) / (Swift.min(la, lb) + 0.05)
    }

    /// WCAG 2 relative luminance of "#rrggbb".
    static func relativeLuminance(_ hex: String) -> Double? {
        let digits = Array(hex.utf8.dropFirst(hex.hasPrefix("#") ? 1 : 0))
        guard digits.count == 6 else { return nil }
        var channels: [Double] = []
        for k in 0..<3 {
            guard let value = UInt8(String(decoding: digits[(2 * k)..<(2 * k + 2)], as: UTF8.self), radix: 16) else { return nil }
            let c = Double(value) / 255
            channels.append(c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4))
        }
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    }
}
