/// The kinds of territorial plan a city contract is crossed with.
public enum PlanKind: String, CaseIterable, Codable, Sendable {
    case pcaet
    case foodPlan
    case housingPlan
    case mobilityPlan
    case crte
    case regionalCop
    case prse
    case npnru
    case scot
    case other

    /// The acronym people use in meetings ("PCAET", "PAT/SATD"…).
    public var shortCode: String {
        switch self {
        case .pcaet: "PCAET"
        case .foodPlan: "PAT/SATD"
        case .housingPlan: "PLH"
        case .mobilityPlan: "PDM/PDU"
        case .crte: "CRTE"
        case .regionalCop: "COP régionale"
        case .prse: "PRSE"
        case .npnru: "NPNRU"
        case .scot: "SCoT"
        case .other: "Autre"
        }
    }

    /// The plan's name spelled out, in French.
    public var label: String {
        switch self {
        case .pcaet: "Plan climat-air-énergie territorial"
        case .foodPlan: "Projet ou système alimentaire territorial"
        case .housingPlan: "Programme local de l'habitat"
        case .mobilityPlan: "Plan de mobilité (ex-plan de déplacements urbains)"
        case .crte: "Contrat pour la réussite de la transition écologique"
        case .regionalCop: "Feuille de route de la COP régionale"
        case .prse: "Plan régional santé-environnement"
        case .npnru: "Convention de renouvellement urbain (NPNRU)"
        case .scot: "Schéma de cohérence territoriale"
        case .other: "Autre plan territorial"
        }
    }

    /// Reads a kind from a form or a file: the raw value, the acronym or one of its parts
    /// ("PAT", "SATD", "PDU", "PDM"), case and accents ignored.
    public init?(text: String) {
        let key = SearchKey.fold(text)
        guard !key.isEmpty else { return nil }
        for kind in Self.allCases {
            let names = [kind.rawValue, kind.shortCode, kind.label] + kind.shortCode.split(separator: "/").map(String.init)
            if names.contains(where: { SearchKey.fold($0) == key }) {
                self = kind
                return
            }
        }
        return nil
    }
}

/// A plan of the territory (PCAET, food plan, PLH…) whose actions are crossed with the contract.
public struct TerritorialPlan: Sendable, Equatable, Hashable, Identifiable {
    public var id: Int
    public var kind: PlanKind
    public var title: String
    /// Name of the organisation that carries the plan (an EPCI, a syndicate, the Région…).
    public var owner: String
    public var startYear: Int
    public var endYear: Int

    public init(id: Int, kind: PlanKind, title: String, owner: String, startYear: Int, endYear: Int) {
        self.id = id
        self.kind = kind
        self.title = title
        self.owner = owner
        self.startYear = startYear
        self.endYear = endYear
    }

    /// What a form must refuse, in French, naming the plan.
    public func validationProblems() -> [String] {
        let name = title.trimmingSpaces.isEmpty ? "le plan n° \(id)" : "le plan « \(title.trimmingSpaces) »"
        var problems: [String] = []
        if title.trimmingSpaces.isEmpty { problems.append("le plan n° \(id) n'a pas de titre") }
        if owner.trimmingSpaces.isEmpty { problems.append("\(name) : le porteur du plan manque") }
        if startYear > endYear { problems.append("\(name) : la période \(startYear)–\(endYear) est inversée") }
        return problems
    }
}

/// Where a plan action applies, as far as the priority neighbourhoods are concerned.
public enum ActionPerimeter: Sendable, Equatable, Hashable {
    /// The whole territory of the plan, QPV included.
    case wholeTerritory
    /// Only these QPV.
    case qpv([TerritoryKey])
    /// Explicitly outside every QPV (e.g. a scheme reserved to detached houses).
    case excludesQPV
    /// The plan does not say.
    case unspecified

    /// Whether the action, by its perimeter alone, reaches this QPV.
    /// An unspecified perimeter reaches nothing: the matrix only counts what is stated.
    public func reaches(_ qpv: TerritoryKey) -> Bool {
        switch self {
        case .wholeTerritory: true
        case .qpv(let list): list.contains(qpv)
        case .excludesQPV, .unspecified: false
        }
    }

    /// A French text that `parse` reads back to the same value, for forms and storage:
    /// "tout le territoire", "hors QPV", "non précisé" or the QPV codes joined by ", ".
    public var text: String {
        switch self {
        case .wholeTerritory: "tout le territoire"
        case .excludesQPV: "hors QPV"
        case .unspecified: "non précisé"
        case .qpv(let list): list.map(\.code).joined(separator: ", ")
        }
    }

    /// A short French description for pages.
    public var label: String {
        switch self {
        case .wholeTerritory: "Tout le territoire (QPV compris)"
        case .excludesQPV: "Hors QPV"
        case .unspecified: "Périmètre non précisé"
        case .qpv(let list) where list.count == 1: "QPV \(list[0].code)"
        case .qpv(let list): "\(list.count) QPV : " + list.map(\.code).joined(separator: ", ")
        }
    }

    /// Reads a perimeter as people write it: blank or "tout le territoire" → whole territory,
    /// "hors QPV" → excludes QPV, "non précisé" → unspecified, otherwise QPV codes separated
    /// by ',', ';' or spaces. Codes are upper-cased and deduplicated; malformed ones are returned
    /// as the failure so that every one of them can be reported.
    public static func parse(_ text: String) -> Result<ActionPerimeter, PerimeterError> {
        if text.trimmingSpaces.isEmpty { return .success(.wholeTerritory) }
        let key = SearchKey.fold(text)
        // Punctuation only ("-", "?") says something, but not which perimeter.
        if key.isEmpty { return .failure(.unreadable(text)) }
        if wholeTerritoryWords.contains(key) { return .success(.wholeTerritory) }
        if excludesWords.contains(key) { return .success(.excludesQPV) }
        if unspecifiedWords.contains(key) { return .success(.unspecified) }
        let separators: Set<Character> = [",", ";", " ", "\t", "\u{00A0}", "\u{202F}", "\n", "\r", "\r\n"]
        let tokens = text.split(whereSeparator: { separators.contains($0) }).map(String.init)
        let malformed = tokens.filter { !isQPVCode($0.uppercased()) }
        if !malformed.isEmpty { return .failure(.malformedCodes(malformed)) }
        var seen = Set<String>()
        let keys = tokens.map { $0.uppercased() }.filter { seen.insert($0).inserted }.map { TerritoryKey(kind: .qpv, code: $0) }
        return .success(.qpv(keys))
    }

    /// The 2024 QPV code shape: "QN", a department on three characters ("062", "971", "02A"),
    /// two digits and a capital letter, e.g. QN06224M. Every code of the 2024 list has it.
    public static func isQPVCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard bytes.count == 8, bytes[0] == UInt8(ascii: "Q"), bytes[1] == UInt8(ascii: "N") else { return false }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        return isDigit(bytes[2]) && isDigit(bytes[3])
            && (isDigit(bytes[4]) || bytes[4] == UInt8(ascii: "A") || bytes[4] == UInt8(ascii: "B"))
            && isDigit(bytes[5]) && isDigit(bytes[6])
            && bytes[7] >= UInt8(ascii: "A") && bytes[7] <= UInt8(ascii: "Z")
    }

    private static let wholeTerritoryWords: Set<String> = [
        "tout le territoire", "ensemble du territoire", "tout territoire", "territoire", "tous", "tout",
        "toutes", "tous les qpv", "whole territory", "all",
    ]
    private static let excludesWords: Set<String> = [
        "hors qpv", "hors quartiers prioritaires", "hors quartier prioritaire", "hors quartiers", "excludes qpv",
        "outside qpv",
    ]
    private static let unspecifiedWords: Set<String> = [
        "non precise", "non precisee", "a preciser", "inconnu", "nc", "n c", "unspecified",
    ]
}

/// Why a perimeter text could not be read.
public enum PerimeterError: Error, Sendable, Equatable {
    /// Nothing but separators.
    case unreadable(String)
    /// These tokens are not QPV codes (e.g. "QN6224", "centre-ville").
    case malformedCodes([String])

    public var message: String {
        switch self {
        case .unreadable(let text):
            "périmètre « \(text) » illisible (attendu : vide, « tout le territoire », « hors QPV » ou des codes QPV)"
        case .malformedCodes(let codes) where codes.count == 1:
            "code QPV « \(codes[0]) » mal formé (attendu QN suivi de 6 caractères, par exemple QN06224M)"
        case .malformedCodes(let codes):
            "codes QPV mal formés : " + codes.map { "« \($0) »" }.joined(separator: ", ")
                + " (attendu QN suivi de 6 caractères, par exemple QN06224M)"
        }
    }
}

/// One action of a territorial plan.
public struct PlanAction: Sendable, Equatable, Hashable, Identifiable {
    public var id: Int
    public var planID: Int
    /// The plan's own numbering ("3.2", "AXE2-A4"), unique within the plan.
    public var code: String
    public var title: String
    public var theme: TransitionTheme?
    /// Budget in euros, when the plan gives one.
    public var budget: Double?
    /// Who or what the action targets, as the plan words it.
    public var target: String?
    public var perimeter: ActionPerimeter

    public init(id: Int, planID: Int, code: String, title: String, theme: TransitionTheme? = nil,
                budget: Double? = nil, target: String? = nil, perimeter: ActionPerimeter = .unspecified) {
        self.id = id
        self.planID = planID
        self.code = code
        self.title = title
        self.theme = theme
        self.budget = budget
        self.target = target
        self.perimeter = perimeter
    }

    /// What a form must refuse, in French, naming the action.
    public func validationProblems() -> [String] {
        let name = code.trimmingSpaces.isEmpty ? "l'action n° \(id)" : "l'action « \(code.trimmingSpaces) »"
        var problems: [String] = []
        if code.trimmingSpaces.isEmpty { problems.append("l'action n° \(id) n'a pas de code") }
        if title.trimmingSpaces.isEmpty { problems.append("\(name) n'a pas de titre") }
        if let budget, !(budget >= 0) || !budget.isFinite { problems.append("\(name) : le budget doit être un montant positif en euros") }
        if case .qpv(let list) = perimeter {
            if list.isEmpty { problems.append("\(name) : le périmètre ne cite aucun QPV") }
            for key in list where key.kind != .qpv || !ActionPerimeter.isQPVCode(key.code) {
                problems.append("\(name) : code QPV « \(key.code) » mal formé")
            }
        }
        return problems
    }
}
