import Foundation
import PasserelleDomain
import Vapor

/// A number as a person or a client sends it: JSON number or text ("12 500,50"). Kept as text so the
/// reading (and its French message naming the field) happens in one place.
struct LooseValue: Codable, Sendable, Equatable, ExpressibleByStringLiteral {
    var text: String

    init(_ text: String) { self.text = text }
    init(stringLiteral value: String) { text = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            text = number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        } else if let string = try? container.decode(String.self) {
            text = string
        } else if container.decodeNil() {
            text = ""
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "nombre ou texte attendu"))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

/// Collects the French problems of a form, each with the field it belongs to.
struct InputProblems {
    var errors: [FieldError] = []

    mutating func add(_ field: String, _ message: String) { errors.append(FieldError(field: field, message: message)) }

    /// An amount in euros; nil (and a problem) when it is not one. Blank gives `blank`.
    mutating func amount(_ value: LooseValue?, field: String, label: String, blank: Double? = nil, allowZero: Bool = true) -> Double? {
        let text = value?.text.trimmingSpaces ?? ""
        if text.isEmpty {
            if blank == nil { add(field, "\(label) : le montant est vide.") }
            return blank
        }
        switch EuroAmount.parse(text, field: field, fieldLabel: label) {
        case .success(let amount):
            if amount < 0 || (!allowZero && amount == 0) {
                add(field, "\(label) : le montant doit être \(allowZero ? "positif ou nul" : "supérieur à 0 €") (« \(text) »).")
                return nil
            }
            return amount
        case .failure(let problem):
            add(field, problem.message)
            return nil
        }
    }

    /// A whole number within bounds; blank gives `blank`.
    mutating func integer(_ value: LooseValue?, field: String, label: String, range: ClosedRange<Int>, blank: Int?) -> Int? {
        let text = (value?.text.trimmingSpaces ?? "").filter { $0 != " " && $0 != "\u{00A0}" && $0 != "\u{202F}" }
        if text.isEmpty {
            if blank == nil { add(field, "\(label) : la valeur est vide.") }
            return blank
        }
        guard let number = Int(text) else {
            add(field, "\(label) : « \(value?.text ?? "") » n'est pas un nombre entier ; écrivez-le en chiffres.")
            return nil
        }
        guard range.contains(number) else {
            add(field, "\(label) : \(number) sort des valeurs possibles (\(range.lowerBound) à \(range.upperBound)).")
            return nil
        }
        return number
    }

    /// A decimal number (comma or point) within bounds; blank gives `blank`.
    mutating func decimal(_ value: LooseValue?, field: String, label: String, range: ClosedRange<Double>, blank: Double?) -> Double? {
        let text = value?.text.trimmingSpaces ?? ""
        if text.isEmpty {
            if blank == nil { add(field, "\(label) : la valeur est vide.") }
            return blank
        }
        guard let number = FrenchNumber.parseDecimal(text.replacingOccurrences(of: "%", with: "").trimmingSpaces), number.isFinite else {
            add(field, "\(label) : « \(text) » n'est pas un nombre ; écrivez-le en chiffres.")
            return nil
        }
        guard range.contains(number) else {
            add(field, "\(label) : \(ProgrammingText.decimal(number)) sort des valeurs possibles (\(ProgrammingText.decimal(range.lowerBound)) à \(ProgrammingText.decimal(range.upperBound))).")
            return nil
        }
        return number
    }

    /// A day, written `AAAA-MM-JJ` (date fields) or `JJ/MM/AAAA`; blank gives nil without a problem
    /// unless `required`.
    mutating func date(_ text: String?, field: String, label: String, required: Bool) -> CalendarDate? {
        let text = text?.trimmingSpaces ?? ""
        if text.isEmpty {
            if required { add(field, "\(label) : la date est vide.") }
            return nil
        }
        if let date = ProgrammingText.date(text) { return date }
        add(field, "\(label) : « \(text) » n'est pas une date ; écrivez-la JJ/MM/AAAA (par exemple 15/03/2026).")
        return nil
    }

    mutating func code<T: RawRepresentable & CaseIterable>(_ text: String?, of type: T.Type, field: String, label: String, labelOf: (T) -> String) -> T? where T.RawValue == String {
        guard let text = text?.trimmingSpaces, !text.isEmpty else { return nil }
        if let value = T(rawValue: text) { return value }
        add(field, "\(label) : « \(text) » n'est pas une valeur possible (\(T.allCases.map(labelOf).joined(separator: ", "))).")
        return nil
    }
}

/// French wording shared by the programming pages and messages.
enum ProgrammingText {
    /// "12,5", "3": decimal comma, trailing zeros dropped.
    static func decimal(_ value: Double, digits: Int = 2) -> String {
        FrenchFormat.decimal(value, digits: digits, dropZeroFraction: true)
    }

    static func percent(_ value: Double?) -> String {
        guard let value else { return "—" }
        return FrenchFormat.decimal(value, digits: 1, dropZeroFraction: true) + "\u{00A0}%"
    }

    static func date(_ text: String) -> CalendarDate? {
        let text = text.trimmingSpaces
        if let date = CalendarDate(iso: text) { return date }
        let parts = text.split(separator: "/")
        guard parts.count == 3, parts[2].count == 4, let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// "15 mars 2026".
    static func longDate(_ date: CalendarDate) -> String { French.date(date.iso) }

    static func euros(_ amount: Double?) -> String { amount.map(EuroAmount.format) ?? "—" }
}

// MARK: - What clients send

/// An application as a holder fills it (JSON API; the form is read into the same shape). Every
/// field may be left out while the application is a draft. Funders and schemes are named by their
/// codes, objectives by their codes in the contract tree.
struct ApplicationInput: Content, Sendable, Equatable {
    struct BudgetLineInput: Codable, Sendable, Equatable { var label: String?; var amount: LooseValue? }
    struct FundingLineInput: Codable, Sendable, Equatable { var funder: String?; var scheme: String?; var label: String?; var requested: LooseValue? }
    struct BeneficiariesInput: Codable, Sendable, Equatable {
        var total: LooseValue?
        var women: LooseValue?
        var men: LooseValue?
        var livingInQPVShare: LooseValue?
        var ageBands: [String: LooseValue]?
    }
    struct IndicatorInput: Codable, Sendable, Equatable { var label: String?; var target: LooseValue?; var unit: String? }
    struct AreaInput: Codable, Sendable, Equatable { var kind: String?; var code: String?; var name: String? }
    struct CoHolderInput: Codable, Sendable, Equatable { var name: String?; var siret: String?; var kind: String?; var share: LooseValue? }

    var title: String?
    var holderKind: String?
    var objectives: [String]?
    var qpv: [String]?
    var otherAreas: [AreaInput]?
    var startDate: String?
    var endDate: String?
    var years: [LooseValue]?
    var budget: [BudgetLineInput]?
    var fundingPlan: [FundingLineInput]?
    var ownFunds: LooseValue?
    var beneficiaries: BeneficiariesInput?
    var indicators: [IndicatorInput]?
    var transitionStatement: String?
    var themes: [String]?
    var actionType: String?
    var scale: String?
    var declaredCriteria: [String]?
    var coHolders: [CoHolderInput]?
}

/// A draft read and checked field by field: what can be saved.
struct ParsedDraft: Sendable, Equatable {
    var title: String
    var holderKind: HolderKind
    var ownFunds: Double
    var body: ApplicationBody
    var lines: [ParsedFundingLine]
}

struct ParsedFundingLine: Sendable, Equatable {
    var funderID: Int?
    var schemeID: Int?
    var label: String
    var requested: Double
}

/// Form field names, shared by the form, the reading of the form and the messages, so that an error
/// links to the field it is about.
enum ApplicationField {
    static let title = "titre"
    static let holderKind = "type_porteur"
    static let objectives = "objectifs"
    static let qpv = "qpv"
    static let startDate = "debut"
    static let endDate = "fin"
    static let years = "annees"
    static let ownFunds = "autofinancement"
    static let total = "beneficiaires_total"
    static let women = "beneficiaires_femmes"
    static let men = "beneficiaires_hommes"
    static let qpvShare = "beneficiaires_part_qpv"
    static let transition = "transition"
    static let themes = "themes"
    static let actionType = "type_action"
    static let scale = "echelle"
    static let criteria = "criteres"
    static let otherAreas = "territoires"
    static let coHolders = "coporteurs"
    static func budgetLabel(_ index: Int) -> String { "depense_libelle_\(index + 1)" }
    static func budgetAmount(_ index: Int) -> String { "depense_montant_\(index + 1)" }
    static func fundingSource(_ index: Int) -> String { "financement_source_\(index + 1)" }
    static func fundingLabel(_ index: Int) -> String { "financement_libelle_\(index + 1)" }
    static func fundingAmount(_ index: Int) -> String { "financement_montant_\(index + 1)" }
    static func ageBand(_ band: AgeBand) -> String { "age_\(band.rawValue)" }
    static func indicatorLabel(_ index: Int) -> String { "indicateur_libelle_\(index + 1)" }
    static func indicatorTarget(_ index: Int) -> String { "indicateur_cible_\(index + 1)" }
    static func indicatorUnit(_ index: Int) -> String { "indicateur_unite_\(index + 1)" }
    static func objective(_ nodeID: Int) -> String { "objectif_\(nodeID)" }
    static func qpvBox(_ code: String) -> String { "qpv_\(code)" }
    static func theme(_ theme: TransitionTheme) -> String { "theme_\(theme.rawValue)" }
    static func criterion(_ code: String) -> String { "critere_\(code)" }

    /// Where a problem found by `ApplicationValidation` shows on the form.
    static func formField(forDomainPath path: String) -> String {
        func index(_ prefix: String) -> Int? {
            guard path.hasPrefix(prefix + "["), let close = path.firstIndex(of: "]") else { return nil }
            return Int(path[path.index(path.startIndex, offsetBy: prefix.count + 1)..<close])
        }
        if let i = index("budgetLines") { return path.hasSuffix(".label") ? budgetLabel(i) : budgetAmount(i) }
        if let i = index("fundingPlan") { return path.hasSuffix(".label") ? fundingLabel(i) : path.hasSuffix(".requested") ? fundingAmount(i) : fundingSource(i) }
        if path.hasPrefix("objectiveIDs") { return objectives }
        if path.hasPrefix("qpvCodes") { return qpv }
        if path.hasPrefix("otherAreas") { return otherAreas }
        if path.hasPrefix("years") { return years }
        if path.hasPrefix("coHolders") { return coHolders }
        switch path {
        case "title": return title
        case "startDate": return startDate
        case "endDate": return endDate
        case "fundingPlan": return fundingAmount(0)
        case "ownFunds": return ownFunds
        case "beneficiaries.total": return total
        case "beneficiaries.women": return women
        case "beneficiaries.ageBands": return ageBand(.under6)
        case "beneficiaries.livingInQPVShare": return qpvShare
        case "transitionStatement": return transition
        case "actionType": return actionType
        default: return path.hasPrefix("beneficiaries.ageBands.") ? "age_" + path.dropFirst("beneficiaries.ageBands.".count) : title
        }
    }
}

/// A call as the contract team opens it (JSON API; the form is read into the same shape).
struct CallInput: Content, Sendable {
    struct FunderInput: Codable, Sendable { var funder: String; var schemes: [String]?; var envelope: LooseValue? }
    struct CriterionInput: Codable, Sendable { var code: String; var label: String; var weight: LooseValue?; var min: Int?; var max: Int? }

    var kind: String?
    var title: String?
    var year: LooseValue?
    var opensOn: String?
    var closesOn: String?
    var actionStartsOn: String?
    var actionEndsOn: String?
    /// Codes of tree nodes; all the contract's deepest nodes when left out.
    var objectives: [String]?
    var funders: [FunderInput]?
    /// The Région's five criteria when left out.
    var grid: [CriterionInput]?
    var documents: [String]?
    var departmentP147Envelope: LooseValue?
}

struct ReviewInput: Content, Sendable {
    var scores: [String: LooseValue]?
    var opinion: String?
    var comment: String?
    /// Amount proposed per funding line id (or per funder code, when that funder has one line).
    var proposed: [String: LooseValue]?
}

struct DecisionInput: Content, Sendable {
    /// A decided line, by its id or by its funder's code when that funder has a single line.
    struct Line: Codable, Sendable { var line: Int?; var funder: String?; var amount: LooseValue? }
    var decisions: [Line]
    var decidedOn: String?
    var decidedBy: String?
    var reference: String?
}

struct AgreementInput: Content, Sendable {
    var funder: String
    var years: [String: LooseValue]
    var signedOn: String?
    var reference: String?
}

struct TransitionInput: Content, Sendable {
    var to: String
}
