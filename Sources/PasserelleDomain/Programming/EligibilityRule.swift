import Foundation

/// What a rule says when its condition holds.
public enum RuleOutcome: String, Codable, Sendable, CaseIterable {
    /// The scheme cannot fund this.
    case notEligible
    /// Common-law credits must be sought first; specific credits only complement them.
    case commonLawFirst
    /// A person must check something the data cannot settle.
    case warning
    /// The action is expressly within the scheme's reach.
    case eligible

    public var label: String {
        switch self {
        case .notEligible: "Non éligible"
        case .commonLawFirst: "Droit commun d'abord"
        case .warning: "À vérifier"
        case .eligible: "Éligible"
        }
    }

    /// Lower is more serious; findings are listed in this order.
    public var severityRank: Int { Self.allCases.firstIndex(of: self)! }

    public init(from decoder: any Decoder) throws {
        self = try decodeRuleCode(Self.self, from: decoder.singleValueContainer(), codingPath: decoder.codingPath)
    }
}

/// Decodes an enumeration written as its code, with a French message listing the known codes.
func decodeRuleCode<T: RawRepresentable & CaseIterable>(_ type: T.Type, from container: any SingleValueDecodingContainer,
                                                       codingPath: [any CodingKey]) throws -> T where T.RawValue == String {
    let code = try container.decode(String.self)
    guard let value = T(rawValue: code) else {
        throw DecodingError.dataCorrupted(.init(codingPath: codingPath,
            debugDescription: "valeur inconnue « \(code) » (connues : \(T.allCases.map(\.rawValue).joined(separator: ", ")))"))
    }
    return value
}

/// Which applications a rule looks at: those asking, on at least one funding line, one of `schemes`
/// (codes) from one of `funders` (codes) with a scheme of one of `fundingKinds` — each filter only
/// when given — in a call of one of `callKinds`. No filter at all: every application.
public struct RuleScope: Sendable, Hashable, Codable {
    public var schemes: [String]?
    public var funders: [String]?
    public var fundingKinds: [FundingKind]?
    public var callKinds: [CallKind]?

    public init(schemes: [String]? = nil, funders: [String]? = nil, fundingKinds: [FundingKind]? = nil, callKinds: [CallKind]? = nil) {
        self.schemes = schemes
        self.funders = funders
        self.fundingKinds = fundingKinds
        self.callKinds = callKinds
    }

    /// Whether the scope filters funding lines (rather than taking the whole plan).
    public var filtersLines: Bool { schemes != nil || funders != nil || fundingKinds != nil }

    private struct Code<T: RawRepresentable & CaseIterable>: Decodable where T.RawValue == String {
        var value: T
        init(from decoder: any Decoder) throws {
            value = try decodeRuleCode(T.self, from: decoder.singleValueContainer(), codingPath: decoder.codingPath)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schemes = try container.decodeIfPresent([String].self, forKey: .schemes)
        funders = try container.decodeIfPresent([String].self, forKey: .funders)
        fundingKinds = try container.decodeIfPresent([Code<FundingKind>].self, forKey: .fundingKinds)?.map(\.value)
        callKinds = try container.decodeIfPresent([Code<CallKind>].self, forKey: .callKinds)?.map(\.value)
    }
}

/// The application facts a condition can test.
public enum ConditionField: String, Codable, Sendable, CaseIterable {
    case actionType
    case holderKind
    case callKind
    case scale
    case schemeCodes
    case funderCodes
    case territoryKinds
    case declaredCriteria
    case hasCommonLawLine
    case isMultiYear
    case yearsCount
    case totalBudget
    case totalRequested
    /// Amount asked on the funding lines the rule's scope selects.
    case scopedRequested
    /// Own funds as a percentage of the total budget.
    case ownFundsShare
    /// Share of beneficiaries living in a QPV, in percent.
    case qpvBeneficiaryShare
    /// Percentage of the department's programme 147 envelope that would go to vulnerable
    /// territories if this request (its scoped lines) were granted in full; needs the context.
    case vulnerableAreaShareOfP147

    public enum Kind: Sendable, Equatable {
        /// A single value among known codes (`values`).
        case enumeration(values: [String])
        /// A single value among ordered codes: comparisons follow that order.
        case ordered(values: [String])
        /// A set of codes (the application may have several); `values` nil means free codes.
        case codeSet(values: [String]?)
        case flag
        case count
        case amount
        case percent
    }

    public var kind: Kind {
        switch self {
        case .actionType: .enumeration(values: ActionType.allCases.map(\.rawValue))
        case .holderKind: .enumeration(values: HolderKind.allCases.map(\.rawValue))
        case .callKind: .enumeration(values: CallKind.allCases.map(\.rawValue))
        case .scale: .ordered(values: ActionScale.allCases.map(\.rawValue))
        case .schemeCodes, .funderCodes, .declaredCriteria: .codeSet(values: nil)
        case .territoryKinds: .codeSet(values: [TerritoryKind.qpv, .livedArea, .vulnerableArea].map(\.rawValue))
        case .hasCommonLawLine, .isMultiYear: .flag
        case .yearsCount: .count
        case .totalBudget, .totalRequested, .scopedRequested: .amount
        case .ownFundsShare, .qpvBeneficiaryShare, .vulnerableAreaShareOfP147: .percent
        }
    }

    /// The field's name in explanations.
    public var label: String {
        switch self {
        case .actionType: "type d'action"
        case .holderKind: "type de porteur"
        case .callKind: "type d'appel"
        case .scale: "échelle"
        case .schemeCodes: "dispositif"
        case .funderCodes: "financeur"
        case .territoryKinds: "territoire visé"
        case .declaredCriteria: "critères déclarés"
        case .hasCommonLawLine: "droit commun sollicité dans le plan"
        case .isMultiYear: "action pluriannuelle"
        case .yearsCount: "nombre d'années"
        case .totalBudget: "budget total"
        case .totalRequested: "montant total demandé"
        case .scopedRequested: "montant demandé sur les lignes visées"
        case .ownFundsShare: "part d'autofinancement"
        case .qpvBeneficiaryShare: "part des bénéficiaires habitant en QPV"
        case .vulnerableAreaShareOfP147: "part de l'enveloppe départementale du programme 147 allant aux territoires vulnérables (demande comprise)"
        }
    }

    public var allowedOperators: [ConditionOperator] {
        switch kind {
        case .enumeration: [.equal, .notEqual, .in, .notIn]
        case .ordered: [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .in, .notIn]
        case .codeSet: [.equal, .notEqual, .in, .notIn, .containsAll]
        case .flag: [.equal, .notEqual]
        case .count, .amount, .percent: [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual]
        }
    }
}

/// Comparison operators, written in the JSON as their symbol or word.
public enum ConditionOperator: String, Codable, Sendable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case `in` = "in"
    case notIn = "notIn"
    /// For a set of codes: every listed code is present.
    case containsAll = "containsAll"

    /// The symbol shown in explanations.
    var symbol: String {
        switch self {
        case .equal: "="
        case .notEqual: "≠"
        case .less: "<"
        case .lessOrEqual: "≤"
        case .greater: ">"
        case .greaterOrEqual: "≥"
        case .in: "∈"
        case .notIn: "∉"
        case .containsAll: "⊇"
        }
    }

    /// The operator that holds exactly when this one does not.
    var negated: ConditionOperator {
        switch self {
        case .equal: .notEqual
        case .notEqual: .equal
        case .less: .greaterOrEqual
        case .lessOrEqual: .greater
        case .greater: .lessOrEqual
        case .greaterOrEqual: .less
        case .in: .notIn
        case .notIn: .in
        case .containsAll: .containsAll
        }
    }
}

/// A literal in a condition: a code, a number, a yes/no, or a list of codes.
public enum RuleValue: Sendable, Hashable, Codable {
    case text(String)
    case number(Double)
    case flag(Bool)
    case list([String])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) { self = .flag(flag); return }
        if let number = try? container.decode(Double.self) { self = .number(number); return }
        if let text = try? container.decode(String.self) { self = .text(text); return }
        if let list = try? container.decode([String].self) { self = .list(list); return }
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
            debugDescription: "valeur illisible : attendu un texte, un nombre, true/false ou une liste de textes"))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        case .flag(let flag): try container.encode(flag)
        case .list(let list): try container.encode(list)
        }
    }
}

/// A condition written as JSON:
/// `{"all": [...]}`, `{"any": [...]}`, `{"not": {...}}`, `{"always": true}`, or a comparison
/// `{"field": "actionType", "op": "in", "value": ["sport", "culture"]}`.
/// Decoding checks that the field exists, that the operator suits it and that the value has the
/// right shape and known codes, with a French message when not.
public indirect enum RuleCondition: Sendable, Hashable, Codable {
    case all([RuleCondition])
    case any([RuleCondition])
    case not(RuleCondition)
    case always
    case compare(field: ConditionField, op: ConditionOperator, value: RuleValue)

    private enum Key: String, CodingKey {
        case all, any, not, always, field, op, value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        func corrupt(_ message: String) -> DecodingError {
            .dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: message))
        }
        if container.contains(.all) {
            let parts = try container.decode([RuleCondition].self, forKey: .all)
            guard !parts.isEmpty else { throw corrupt("« all » doit contenir au moins une condition") }
            self = .all(parts)
        } else if container.contains(.any) {
            let parts = try container.decode([RuleCondition].self, forKey: .any)
            guard !parts.isEmpty else { throw corrupt("« any » doit contenir au moins une condition") }
            self = .any(parts)
        } else if container.contains(.not) {
            self = .not(try container.decode(RuleCondition.self, forKey: .not))
        } else if container.contains(.always) {
            guard try container.decode(Bool.self, forKey: .always) else { throw corrupt("« always » ne peut valoir que true") }
            self = .always
        } else if container.contains(.field) {
            let name = try container.decode(String.self, forKey: .field)
            guard let field = ConditionField(rawValue: name) else {
                throw corrupt("champ de condition inconnu « \(name) » (connus : \(ConditionField.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let opName = try container.decode(String.self, forKey: .op)
            guard let op = ConditionOperator(rawValue: opName) else {
                throw corrupt("opérateur inconnu « \(opName) » (connus : \(ConditionOperator.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard field.allowedOperators.contains(op) else {
                throw corrupt("l'opérateur « \(opName) » ne s'applique pas au champ « \(name) » (possibles : \(field.allowedOperators.map(\.rawValue).joined(separator: ", ")))")
            }
            let value = try container.decode(RuleValue.self, forKey: .value)
            if let problem = Self.problem(field: field, op: op, value: value) { throw corrupt(problem) }
            self = .compare(field: field, op: op, value: value)
        } else {
            throw corrupt("condition vide : attendu « all », « any », « not », « always » ou « field »/« op »/« value »")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch self {
        case .all(let parts): try container.encode(parts, forKey: .all)
        case .any(let parts): try container.encode(parts, forKey: .any)
        case .not(let part): try container.encode(part, forKey: .not)
        case .always: try container.encode(true, forKey: .always)
        case let .compare(field, op, value):
            try container.encode(field.rawValue, forKey: .field)
            try container.encode(op.rawValue, forKey: .op)
            try container.encode(value, forKey: .value)
        }
    }

    /// Why a value does not suit a field and operator, or nil when it does.
    static func problem(field: ConditionField, op: ConditionOperator, value: RuleValue) -> String? {
        let listOperator = op == .in || op == .notIn || op == .containsAll
        func unknown(_ codes: [String], among known: [String]) -> String? {
            let bad = codes.filter { !known.contains($0) }
            return bad.isEmpty ? nil : "valeur inconnue pour « \(field.rawValue) » : \(bad.map { "« \($0) »" }.joined(separator: ", ")) (connues : \(known.joined(separator: ", ")))"
        }
        switch (field.kind, value) {
        case (.enumeration(let known), .text(let code)) where !listOperator,
             (.ordered(let known), .text(let code)) where !listOperator:
            return unknown([code], among: known)
        case (.enumeration(let known), .list(let codes)) where listOperator,
             (.ordered(let known), .list(let codes)) where listOperator:
            return codes.isEmpty ? "la liste de valeurs est vide" : unknown(codes, among: known)
        case (.codeSet(let known), .text(let code)) where !listOperator:
            return known.flatMap { unknown([code], among: $0) }
        case (.codeSet(let known), .list(let codes)) where listOperator:
            return codes.isEmpty ? "la liste de valeurs est vide" : known.flatMap { unknown(codes, among: $0) }
        case (.flag, .flag):
            return nil
        case (.count, .number(let number)), (.amount, .number(let number)), (.percent, .number(let number)):
            return number.isFinite ? nil : "nombre invalide"
        default:
            return listOperator
                ? "l'opérateur « \(op.rawValue) » attend une liste de valeurs"
                : "valeur de type inattendu pour le champ « \(field.rawValue) »"
        }
    }

    /// Codes of declared criteria the condition tests, to check them against the rule file's list.
    var declaredCriteriaCodes: [String] {
        switch self {
        case .all(let parts), .any(let parts): parts.flatMap(\.declaredCriteriaCodes)
        case .not(let part): part.declaredCriteriaCodes
        case .always: []
        case let .compare(field, _, value):
            switch (field, value) {
            case (.declaredCriteria, .text(let code)): [code]
            case (.declaredCriteria, .list(let codes)): codes
            default: []
            }
        }
    }
}

/// One eligibility rule: its scope, its condition, what it concludes and where it comes from.
public struct EligibilityRule: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    /// The text the rule is drawn from (document and section).
    public var source: String
    public var appliesTo: RuleScope
    public var when: RuleCondition
    public var outcome: RuleOutcome
    /// What the applicant or instructor reads when the rule fires.
    public var message: String

    public init(id: String, title: String, source: String, appliesTo: RuleScope = RuleScope(), when: RuleCondition,
                outcome: RuleOutcome, message: String) {
        self.id = id
        self.title = title
        self.source = source
        self.appliesTo = appliesTo
        self.when = when
        self.outcome = outcome
        self.message = message
    }
    /// `appliesTo` may be left out: the rule then looks at every application.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        title = try container.decode(String.self, forKey: .title)
        source = try container.decode(String.self, forKey: .source)
        appliesTo = try container.decodeIfPresent(RuleScope.self, forKey: .appliesTo) ?? RuleScope()
        when = try container.decode(RuleCondition.self, forKey: .when)
        outcome = try container.decode(RuleOutcome.self, forKey: .outcome)
        message = try container.decode(String.self, forKey: .message)
    }
}

/// A criterion an applicant can declare its project meets (shown as a checkbox on the form).
public struct DeclarableCriterion: Sendable, Hashable, Codable {
    public var code: String
    /// The sentence the form shows next to the checkbox.
    public var label: String
    /// A few words for explanations ("intérêt collectif").
    public var shortLabel: String?

    public init(code: String, label: String, shortLabel: String? = nil) {
        self.code = code
        self.label = label
        self.shortLabel = shortLabel
    }
}

/// Why a rule file could not be read, in French, pointing at the rule.
public struct RuleFileError: Error, Sendable, Equatable {
    public var message: String
}

/// A rule file: the rules, and the criteria applicants can declare.
public struct EligibilityRuleSet: Sendable, Hashable, Codable {
    public var version: Int
    /// Free notes for the people editing the file (the codes it expects, its sources).
    public var notes: [String]
    public var criteria: [DeclarableCriterion]
    public var rules: [EligibilityRule]

    public init(version: Int = 1, notes: [String] = [], criteria: [DeclarableCriterion] = [], rules: [EligibilityRule]) {
        self.version = version
        self.notes = notes
        self.criteria = criteria
        self.rules = rules
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        notes = try container.decodeIfPresent([String].self, forKey: .notes) ?? []
        criteria = try container.decodeIfPresent([DeclarableCriterion].self, forKey: .criteria) ?? []
        rules = try container.decode([EligibilityRule].self, forKey: .rules)
    }

    /// The short wording of a declarable criterion (its label when it has none, its code when unknown).
    public func criterionLabel(_ code: String) -> String {
        guard let criterion = criteria.first(where: { $0.code == code }) else { return code }
        return criterion.shortLabel ?? criterion.label
    }

    /// Reads a rule file. Errors name the rule (number and id) and the place in it.
    public static func decode(json: Data) -> Result<EligibilityRuleSet, RuleFileError> {
        do {
            let set = try JSONDecoder().decode(EligibilityRuleSet.self, from: json)
            let problems = set.problems()
            return problems.isEmpty ? .success(set) : .failure(RuleFileError(message: problems.joined(separator: "\n")))
        } catch let error as DecodingError {
            return .failure(RuleFileError(message: describe(error, in: json)))
        } catch {
            return .failure(RuleFileError(message: "fichier de règles illisible : \(error)"))
        }
    }

    public static func decode(json: String) -> Result<EligibilityRuleSet, RuleFileError> {
        decode(json: Data(json.utf8))
    }

    /// The file as people edit it: indented, keys sorted.
    public func encodedJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Problems a well-formed file can still have: duplicate ids, empty texts, criteria codes the
    /// file does not declare, empty scope lists.
    public func problems() -> [String] {
        var problems: [String] = []
        var seen = Set<String>()
        let knownCriteria = Set(criteria.map(\.code))
        for (index, rule) in rules.enumerated() {
            let name = "règle n° \(index + 1) (« \(rule.id) »)"
            if rule.id.trimmingSpaces.isEmpty { problems.append("règle n° \(index + 1) : l'identifiant est vide") }
            else if !seen.insert(rule.id).inserted { problems.append("\(name) : l'identifiant est déjà utilisé par une autre règle") }
            if rule.title.trimmingSpaces.isEmpty { problems.append("\(name) : le titre est vide") }
            if rule.source.trimmingSpaces.isEmpty { problems.append("\(name) : la source est vide ; chaque règle doit citer son texte") }
            if rule.message.trimmingSpaces.isEmpty { problems.append("\(name) : le message est vide") }
            let scope = rule.appliesTo
            if scope.schemes?.isEmpty == true || scope.funders?.isEmpty == true || scope.fundingKinds?.isEmpty == true || scope.callKinds?.isEmpty == true {
                problems.append("\(name) : une liste de « appliesTo » est vide (retirez-la pour ne pas filtrer)")
            }
            for code in rule.when.declaredCriteriaCodes where !knownCriteria.contains(code) {
                problems.append("\(name) : le critère déclaré « \(code) » ne figure pas dans la liste « criteria » du fichier")
            }
        }
        return problems
    }

    /// Scope codes that the catalog does not know: the rule would never apply. Returned as warnings
    /// for the contract team, not as errors, since a catalog may legitimately lack a funder.
    public func unknownCodes(in catalog: FundingCatalog) -> [String] {
        let schemeCodes = Set(catalog.schemes.map(\.code))
        let funderCodes = Set(catalog.funders.map(\.code))
        var warnings: [String] = []
        for rule in rules {
            for code in rule.appliesTo.schemes ?? [] where !schemeCodes.contains(code) {
                warnings.append("règle « \(rule.id) » : aucun dispositif n'a le code « \(code) »")
            }
            for code in rule.appliesTo.funders ?? [] where !funderCodes.contains(code) {
                warnings.append("règle « \(rule.id) » : aucun financeur n'a le code « \(code) »")
            }
        }
        return warnings
    }

    /// Just the ids of the rules, read leniently, to name a rule that failed to decode.
    private struct RuleIDs: Decodable {
        struct Entry: Decodable {
            var id: String?
            enum Key: String, CodingKey { case id }
            init(from decoder: any Decoder) throws {
                id = try? decoder.container(keyedBy: Key.self).decode(String.self, forKey: .id)
            }
        }
        var rules: [Entry]
    }

    private static func describe(_ error: DecodingError, in json: Data) -> String {
        let path: [any CodingKey]
        let detail: String
        switch error {
        case .keyNotFound(let key, let context):
            path = context.codingPath
            detail = "champ obligatoire « \(key.stringValue) » absent"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            path = context.codingPath
            detail = "valeur de type inattendu"
        case .dataCorrupted(let context):
            path = context.codingPath
            // Foundation's own messages (invalid JSON) come without a path and in English.
            detail = context.codingPath.isEmpty || context.underlyingError != nil ? "le texte n'est pas du JSON valide" : context.debugDescription
        @unknown default:
            path = []
            detail = "erreur de lecture"
        }
        let where_ = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".")
        if path.count >= 2, path[0].stringValue == "rules", let index = path[1].intValue {
            let ids = (try? JSONDecoder().decode(RuleIDs.self, from: json))?.rules ?? []
            let id = ids.indices.contains(index) ? ids[index].id : nil
            let name = "règle n° \(index + 1)" + (id.map { " (« \($0) »)" } ?? "")
            return "\(name), à « \(where_) » : \(detail)"
        }
        return where_.isEmpty ? detail : "à « \(where_) » : \(detail)"
    }
}
