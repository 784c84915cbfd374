/// A problem found in a form or a record, attached to the field at fault so a page can show it
/// next to that field. `field` is a stable path ("fundingPlan[2].requested"); `message` is the
/// French sentence for the user and names the field in words.
public struct FieldProblem: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The record cannot be accepted as it is.
        case error
        /// Accepted, but a person should look at it.
        case warning
    }

    public var field: String
    public var message: String
    public var severity: Severity

    public init(field: String, message: String, severity: Severity = .error) {
        self.field = field
        self.message = message
        self.severity = severity
    }

    public var description: String { "\(field) : \(message)" }
}

/// Euro amounts as forms type them and French pages print them.
///
/// Amounts travel as `Double` euros (what the API and the database columns hold), but every sum and
/// comparison that must be right "to the cent" goes through whole cents, where adding is exact.
public enum EuroAmount {
    /// The amount in whole cents, rounded half away from zero.
    public static func cents(_ amount: Double) -> Int {
        Int((amount * 100).rounded())
    }

    public static func euros(cents: Int) -> Double { Double(cents) / 100 }

    /// The exact sum of amounts, to the cent.
    public static func sum<S: Sequence>(_ amounts: S) -> Double where S.Element == Double {
        euros(cents: amounts.reduce(0) { $0 + cents($1) })
    }

    /// "12 000 €", "12 500,50 €": narrow no-break spaces between thousands, a no-break space before
    /// the euro sign (French typography, and a line never breaks inside an amount).
    public static func format(_ amount: Double) -> String {
        let total = cents(amount)
        let sign = total < 0 ? "-" : ""
        let magnitude = abs(total)
        let units = magnitude / 100
        let fraction = magnitude % 100
        var text = sign + grouped(units)
        if fraction != 0 { text += "," + (fraction < 10 ? "0" : "") + String(fraction) }
        return text + "\u{00A0}€"
    }

    /// A number with its thousands grouped by narrow no-break spaces: "12 500".
    public static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append("\u{202F}") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Splits an amount into `parts` amounts that differ by at most one cent and add up exactly to it
    /// (the first parts take the leftover cents). Used where a project's money is shared between its
    /// QPV, themes or years.
    public static func splitEqually(_ amount: Double, parts: Int) -> [Double] {
        guard parts > 0 else { return [] }
        let total = cents(amount)
        let base = total / parts
        let leftover = total - base * parts
        return (0..<parts).map { euros(cents: base + ($0 < abs(leftover) ? leftover.signum() : 0)) }
    }

    /// Reads an amount typed in a form, the French way: "12 500,50", "12500.50", "12 500 €".
    /// Refuses words ("douze mille"), percentages, and more than two decimals (so "1.234", which a
    /// French reader may mean as 1 234, is not silently read as 1,234). Does not judge the sign:
    /// the caller says whether zero or a negative amount is allowed.
    /// - Parameter fieldLabel: the field's name in French, for the message ("Montant demandé à la Région").
    public static func parse(_ text: String, field: String, fieldLabel: String) -> Result<Double, FieldProblem> {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else {
            return .failure(FieldProblem(field: field, message: "\(fieldLabel) : le montant est vide."))
        }
        let allowed = Set("0123456789,.-+ \u{00A0}\u{202F}€\u{2212}".unicodeScalars)
        let hasDigit = trimmed.unicodeScalars.contains { ("0"..."9").contains($0) }
        // A French amount has at most one decimal comma; "1,2,3" is a typo, not 123.
        let commas = trimmed.unicodeScalars.filter { $0 == "," }.count
        guard hasDigit, commas <= 1, trimmed.unicodeScalars.allSatisfy({ allowed.contains($0) }),
              let value = FrenchNumber.parseDecimal(trimmed), value.isFinite else {
            return .failure(FieldProblem(field: field,
                message: "\(fieldLabel) : « \(trimmed) » n'est pas un montant ; écrivez-le en chiffres, par exemple 12 500,50."))
        }
        guard abs(value) < 1e12 else {
            return .failure(FieldProblem(field: field, message: "\(fieldLabel) : « \(trimmed) » est un montant trop grand."))
        }
        guard abs(value * 100 - (value * 100).rounded()) < 1e-6 else {
            return .failure(FieldProblem(field: field,
                message: "\(fieldLabel) : « \(trimmed) » a plus de deux décimales ; les centimes s'écrivent après une virgule (12 500,50)."))
        }
        return .success(euros(cents: cents(value)))
    }
}
