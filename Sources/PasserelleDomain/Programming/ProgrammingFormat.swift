/// French number wording shared by the programming messages and explanations.
enum ProgrammingFormat {
    /// "12,5 %", "100 %": at most one decimal, decimal comma, no-break space before the sign.
    static func percent(_ value: Double) -> String {
        decimal(value, maxDecimals: 1) + "\u{00A0}%"
    }

    /// "2,5", "3", "1 234,57": thousands grouped by narrow no-break spaces, trailing zeros dropped.
    static func decimal(_ value: Double, maxDecimals: Int = 2) -> String {
        var scale = 1
        for _ in 0..<maxDecimals { scale *= 10 }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        var fraction = String(scaled % scale)
        if maxDecimals > 0 {
            fraction = String(repeating: "0", count: maxDecimals - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
        } else {
            fraction = ""
        }
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return sign + EuroAmount.grouped(scaled / scale) + (fraction.isEmpty ? "" : "," + fraction)
    }

    static func capitalised(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}
