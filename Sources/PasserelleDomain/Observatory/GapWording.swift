/// Gaps said in plain French for portraits and reports.
///
/// When to say "points" and when "fois" (in `sentence`; `headline` has its own rule):
/// - percentages: the difference in points always comes first, since a share is read against the
///   other share ("61,5 % contre 36,1 % pour l'agglomération, soit 25,4 points de plus"); the factor
///   follows in brackets when it is at least 1,1 ("(1,7 fois plus)"), because "fois" alone
///   exaggerates gaps between small shares and hides them between large ones;
/// - interval scales (°C, dB, index): the difference only ("soit 2,5 °C de plus");
/// - ratio-scale units with a comparison noun: the factor leads
///   ("1,6 fois moins de revenu que l'agglomération (10 619 € contre 17 020 €)");
///   without a noun: "… contre …, soit 1,6 fois plus";
/// - counts: the two values only ("6 617 contre 22 223 pour l'agglomération"), since a
///   neighbourhood is always smaller than its EPCI;
/// - no ratio (reference 0, negative values): the difference in the unit.
/// Factors and differences have one decimal, dropped when it is zero ("2 fois plus").
public enum GapWording {
    /// One sentence (without final full stop) comparing a territory with its reference.
    /// - Parameter referenceName: with its article, as it follows "pour": "l'agglomération", "la CALL".
    public static func sentence(indicator: Indicator, gap: Gap, referenceName: String) -> String {
        let unit = indicator.unit
        guard let own = gap.value.number else {
            return gap.value.isSecret ? "valeur couverte par le secret statistique" : "valeur non disponible"
        }
        let ownText = FrenchFormat.value(own, unit: unit)
        guard let reference = gap.referenceValue.number, let difference = gap.difference else {
            let why = gap.referenceValue.isSecret ? "couverte par le secret statistique" : "non disponible"
            return "\(ownText) ; la valeur pour \(referenceName) est \(why)"
        }
        let referenceText = FrenchFormat.value(reference, unit: unit)
        if own == reference {
            if unit.gapMeasure == .ratio, unit != .count, let noun = indicator.comparisonNoun {
                return "autant \(noun) \(que(referenceName)) (\(ownText))"
            }
            return "\(ownText), comme pour \(referenceName)"
        }
        let versus = "\(ownText) contre \(referenceText) pour \(referenceName)"
        if unit == .count { return versus }

        if unit.gapMeasure != .ratio || gap.ratio == nil, isNegligible(difference, unit: unit) {
            return "\(versus), un écart inférieur à \(differenceNumber(smallestStep(unit), unit: unit))"
        }
        switch unit.gapMeasure {
        case .points:
            let gapText = differencePhrase(difference, unit: unit)
            if let factor = factorPhrase(gap.ratio), !factor.isEmpty {
                return "\(versus), soit \(gapText) (\(factor))"
            }
            return "\(versus), soit \(gapText)"
        case .difference:
            return "\(versus), soit \(differencePhrase(difference, unit: unit))"
        case .ratio:
            guard let ratio = gap.ratio, ratio > 0 else {
                return "\(versus), soit \(differencePhrase(difference, unit: unit))"
            }
            let factor = factorPhrase(ratio) ?? ""
            if let noun = indicator.comparisonNoun {
                if factor.isEmpty { return "presque autant \(noun) \(que(referenceName)) (\(ownText) contre \(referenceText))" }
                return "\(factor) \(noun) \(que(referenceName)) (\(ownText) contre \(referenceText))"
            }
            if factor.isEmpty { return "\(versus), un niveau presque identique" }
            return "\(versus), soit \(factor)"
        }
    }

    /// A short phrase for tiles and chart titles, without the values:
    /// "1,6 fois moins de revenu que l'agglomération", "2 fois plus de pauvreté que l'agglomération",
    /// "12,3 points de plus que l'EPCI", "2,5 °C de plus que l'agglomération".
    ///
    /// For percentages the factor is used once it reaches 1,5 (it then reads better than points and
    /// does not overstate), points below. Nil when the gap cannot be measured, for counts, and when
    /// the two values are equal (say it with `sentence`).
    public static func headline(indicator: Indicator, gap: Gap, referenceName: String) -> String? {
        let unit = indicator.unit
        guard unit != .count, let difference = gap.difference, !isNegligible(difference, unit: unit) else { return nil }
        let noun = indicator.comparisonNoun.map { " " + $0 } ?? ""
        let tail = " \(que(referenceName))"
        switch unit.gapMeasure {
        case .points:
            if let ratio = gap.ratio, ratio > 0, max(ratio, 1 / ratio) >= 1.5, let factor = factorPhrase(ratio) {
                return factor + noun + tail
            }
            return differencePhrase(difference, unit: unit) + tail
        case .difference:
            return differencePhrase(difference, unit: unit) + tail
        case .ratio:
            guard let ratio = gap.ratio, ratio > 0, let factor = factorPhrase(ratio) else {
                return differencePhrase(difference, unit: unit) + tail
            }
            return (factor.isEmpty ? "presque autant" : factor) + noun + tail
        }
    }

    /// The spread of the QPV's gaps: "de 1,4 à 1,9 fois moins de revenu que l'agglomération selon
    /// les quartiers", "de 17,8 à 34,4 points de plus que l'agglomération selon les quartiers",
    /// "entre 2 points de moins et 5,5 points de plus que …" when they lie on both sides.
    /// Nil with fewer than two measurable gaps, or for counts.
    public static func spread(indicator: Indicator, gaps: [Gap], referenceName: String) -> String? {
        let unit = indicator.unit
        guard unit != .count else { return nil }
        let measure = unit.gapMeasure
        let values = gaps.compactMap { measure == .ratio ? $0.ratio.flatMap { $0 > 0 ? $0 : nil } : $0.difference }
        guard values.count >= 2, let low = values.min(), let high = values.max() else { return nil }
        let tail = " \(que(referenceName)) selon les quartiers"
        if measure == .ratio, factorNumber(low >= 1 ? low : 1 / low) == factorNumber(high >= 1 ? high : 1 / high), (low >= 1) == (high >= 1) {
            let noun = indicator.comparisonNoun.map { " " + $0 } ?? ""
            let factor = factorPhrase(low).flatMap { $0.isEmpty ? nil : $0 } ?? "presque autant"
            return "\(factor)\(noun) \(que(referenceName)) dans chaque quartier"
        }
        if measure != .ratio, bareDifference(abs(low), unit: unit) == bareDifference(abs(high), unit: unit), (low >= 0) == (high >= 0) {
            return "\(differencePhrase(low, unit: unit)) \(que(referenceName)) dans chaque quartier"
        }
        if measure == .ratio {
            let noun = indicator.comparisonNoun.map { " " + $0 } ?? ""
            if low >= 1 {
                return "de \(factorNumber(low)) à \(factorNumber(high)) fois plus\(noun)\(tail)"
            }
            if high <= 1 {
                return "de \(factorNumber(1 / high)) à \(factorNumber(1 / low)) fois moins\(noun)\(tail)"
            }
            return "entre \(factorNumber(1 / low)) fois moins et \(factorNumber(high)) fois plus\(noun)\(tail)"
        }
        if low >= 0 {
            return "de \(bareDifference(low, unit: unit)) à \(differencePhrase(high, unit: unit))\(tail)"
        }
        if high <= 0 {
            return "de \(bareDifference(-high, unit: unit)) à \(differencePhrase(low, unit: unit))\(tail)"
        }
        return "entre \(differencePhrase(low, unit: unit)) et \(differencePhrase(high, unit: unit))\(tail)"
    }

    /// "l'écart de revenu avec l'agglomération s'est creusé pour 72 % des quartiers comparés (18 sur 25)".
    /// Nil when no territory has a known trend.
    public static func trend(indicator: Indicator, summary: TrendSummary, referenceName: String) -> String? {
        guard let share = summary.shareWidened else { return nil }
        let noun = indicator.comparisonNoun.map { " " + $0 } ?? ""
        let percent = FrenchFormat.decimal(share * 100, digits: 0)
        return "l'écart\(noun) avec \(referenceName) s'est creusé pour \(percent)\(FrenchFormat.unitSeparator)% des quartiers comparés (\(summary.widened) sur \(summary.known))"
    }

    // MARK: Pieces

    /// "1,6 fois moins", "2 fois plus"; "" when the factor rounds to 1; nil without a usable ratio.
    static func factorPhrase(_ ratio: Double?) -> String? {
        guard let ratio, ratio > 0, ratio.isFinite else { return nil }
        let factor = ratio >= 1 ? ratio : 1 / ratio
        let text = factorNumber(factor)
        if text == "1" { return "" }
        return "\(text) fois " + (ratio >= 1 ? "plus" : "moins")
    }

    static func factorNumber(_ factor: Double) -> String {
        FrenchFormat.decimal(factor, digits: 1, dropZeroFraction: true)
    }

    /// "25,4 points de plus", "1 point de moins", "2,5 °C de plus", "6 401 € de moins".
    static func differencePhrase(_ difference: Double, unit: IndicatorUnit) -> String {
        differenceNumber(abs(difference), unit: unit) + (difference >= 0 ? " de plus" : " de moins")
    }

    /// The smallest difference shown for the unit: 0,1 point, 0,1 °C, 1 €.
    static func smallestStep(_ unit: IndicatorUnit) -> Double {
        var step = 1.0
        for _ in 0..<max(unit.displayDigits, unit.gapMeasure == .ratio ? 0 : 1) { step /= 10 }
        return step
    }

    /// A difference that rounds to zero at the precision shown.
    static func isNegligible(_ difference: Double, unit: IndicatorUnit) -> Bool {
        bareDifference(abs(difference), unit: unit) == "0"
    }

    static func bareDifference(_ magnitude: Double, unit: IndicatorUnit) -> String {
        FrenchFormat.decimal(magnitude, digits: max(unit.displayDigits, unit.gapMeasure == .ratio ? 0 : 1), dropZeroFraction: true)
    }

    /// A magnitude with its unit, for a difference: percentages and indices in points.
    static func differenceNumber(_ magnitude: Double, unit: IndicatorUnit) -> String {
        let digits = max(unit.displayDigits, unit.gapMeasure == .ratio ? 0 : 1)
        let number = bareDifference(magnitude, unit: unit)
        switch unit {
        case .percent, .index:
            return number + String(FrenchFormat.unitSeparator) + (abs(magnitude) < 2 ? "point" : "points")
        default:
            return FrenchFormat.value(magnitude, unit: unit, digits: digits, dropZeroFraction: true)
        }
    }

    /// "que l'agglomération", "qu'Arras".
    static func que(_ name: String) -> String {
        guard let first = name.unicodeScalars.first else { return "que" }
        let vowels: Set<Unicode.Scalar> = ["a", "e", "i", "o", "u", "y", "A", "E", "I", "O", "U", "Y", "é", "É", "è", "È", "ê", "Ê", "à", "À", "â", "Â", "î", "Î", "ô", "Ô", "û", "Û"]
        return vowels.contains(first) ? "qu'" + name : "que " + name
    }
}

extension FrenchFormat {
    /// A value with its unit: "10 619 €", "61,5 %", "12,3 µg/m³", "1,5 an", "3 ans".
    /// Uses the unit's usual number of decimals unless `digits` is given.
    public static func value(_ value: Double, unit: IndicatorUnit, digits: Int? = nil, dropZeroFraction: Bool = false) -> String {
        let number = decimal(value, digits: digits ?? unit.displayDigits, dropZeroFraction: dropZeroFraction)
        // French agrees nouns in the singular below 2: "1,5 an", "2 ans".
        let singular = abs(value) < 2
        let symbol: String?
        switch unit {
        case .years: symbol = singular ? "an" : "ans"
        case .days: symbol = singular ? "jour" : "jours"
        default: symbol = unit.symbol
        }
        guard let symbol else { return number }
        return number + String(unitSeparator) + symbol
    }
}
