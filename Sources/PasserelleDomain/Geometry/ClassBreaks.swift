/// The classes of a choropleth map: ascending bounds, class k (1-based) covering `[bounds[k−1], bounds[k])`,
/// the last class also holding its upper bound. Values below the first bound fall in class 1, values above the
/// last in the last class, so a map drawn with breaks from last year still colours every QPV.
public struct ClassBreaks: Sendable, Equatable, Codable {
    /// `classCount + 1` strictly ascending bounds: the minimum, the inner thresholds, the maximum.
    public let bounds: [Double]

    public var classCount: Int { bounds.count - 1 }
    /// The inner thresholds (bounds without the minimum and the maximum), as a user would type them.
    public var thresholds: [Double] { Array(bounds.dropFirst().dropLast()) }

    init(bounds: [Double]) {
        self.bounds = bounds
    }

    /// Quantile classes: bound i is the (i / classes) quantile of the finite values, interpolated linearly between
    /// order statistics (Hyndman & Fan type 7, the default of R and NumPy). Equal bounds, which repeated values
    /// produce, are merged, so there may be fewer classes than asked but never an empty one at a bound.
    /// Nil when there is no finite value. All values equal give one class.
    public static func quantiles(values: [Double], classes: Int) -> ClassBreaks? {
        precondition(classes >= 1, "au moins une classe")
        let sorted = values.filter(\.isFinite).sorted()
        guard let first = sorted.first, let last = sorted.last else { return nil }
        guard first < last else { return ClassBreaks(bounds: [first, last]) }
        var bounds: [Double] = [first]
        for i in 1..<classes {
            let position = Double(i) / Double(classes) * Double(sorted.count - 1)
            let lower = Int(position.rounded(.down))
            let fraction = position - Double(lower)
            let value = lower + 1 < sorted.count ? sorted[lower] + fraction * (sorted[lower + 1] - sorted[lower]) : sorted[lower]
            if value > bounds.last! && value < last { bounds.append(value) }
        }
        bounds.append(last)
        return ClassBreaks(bounds: bounds)
    }

    /// Classes from thresholds a user typed, checked against the values to map: thresholds must be finite,
    /// strictly ascending and strictly inside the range of the finite values, otherwise a class would be empty.
    /// Throws every problem at once, each naming the threshold by its position (1-based) and value.
    public static func userDefined(thresholds: [Double], values: [Double]) throws(ClassBreaksError) -> ClassBreaks {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { throw ClassBreaksError(problems: ["aucune valeur à classer"]) }
        var problems: [String] = []
        if thresholds.isEmpty { problems.append("au moins une borne est nécessaire pour faire deux classes") }
        for (k, t) in thresholds.enumerated() {
            let label = "la borne \(k + 1) (\(FrenchDecimal.format(t)))"
            guard t.isFinite else { problems.append("la borne \(k + 1) n'est pas un nombre"); continue }
            if k > 0, thresholds[k - 1].isFinite, t <= thresholds[k - 1] {
                problems.append("\(label) doit être strictement supérieure à la borne \(k) (\(FrenchDecimal.format(thresholds[k - 1])))")
            }
            if t <= low || t >= high {
                problems.append("\(label) est en dehors des valeurs observées ]\(FrenchDecimal.format(low)) ; \(FrenchDecimal.format(high))[ : une classe serait vide")
            }
        }
        guard problems.isEmpty else { throw ClassBreaksError(problems: problems) }
        return ClassBreaks(bounds: [low] + thresholds + [high])
    }

    /// The class (1…`classCount`) of a value; nil for a missing or non-finite value ("pas de donnée").
    public func classIndex(of value: Double?) -> Int? {
        guard let value, value.isFinite else { return nil }
        for k in 1..<bounds.count - 1 where value < bounds[k] { return k }
        return classCount
    }

    /// French legend labels, one per class: "de 12,5 à moins de 20", the last "de 20 à 35".
    public func legendLabels(decimals: Int = 1) -> [String] {
        (1...classCount).map { k in
            let from = FrenchDecimal.format(bounds[k - 1], decimals: decimals), to = FrenchDecimal.format(bounds[k], decimals: decimals)
            return k == classCount ? "de \(from) à \(to)" : "de \(from) à moins de \(to)"
        }
    }
}

/// Why user-set class bounds were refused; every problem in French.
public struct ClassBreaksError: Error, Sendable, Equatable, CustomStringConvertible {
    public var problems: [String]
    public var description: String { problems.joined(separator: " ; ") }
}

/// Numbers written the French way in messages and legends: decimal comma, no trailing zeros.
enum FrenchDecimal {
    /// At most `decimals` decimals (default: as many as needed, up to 6), trailing zeros dropped, "−" for negatives.
    static func format(_ value: Double, decimals: Int = 6) -> String {
        guard value.isFinite else { return value.isNaN ? "non défini" : (value > 0 ? "+∞" : "−∞") }
        var factor = 1.0
        for _ in 0..<decimals { factor *= 10 }
        let scaled = (abs(value) * factor).rounded()
        guard scaled < 9e15 else { return (value < 0 ? "−" : "") + String(Int64(abs(value).rounded())) }
        let units = Int64(scaled)
        let divisor = Int64(factor)
        let whole = units / divisor
        var fraction = String(units % divisor)
        fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let sign = value < 0 && units != 0 ? "−" : ""
        return sign + String(whole) + (fraction.isEmpty ? "" : "," + fraction)
    }
}
