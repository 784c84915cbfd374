/// Facts from outside the application that some rules need.
public struct EligibilityContext: Sendable, Equatable {
    /// The department's programme 147 (State city-policy credits) envelope for the year.
    public var programme147Envelope: Double?
    /// What that envelope has already granted, this year, to actions in vulnerable territories.
    public var grantedToVulnerableAreas: Double?

    public init(programme147Envelope: Double? = nil, grantedToVulnerableAreas: Double? = nil) {
        self.programme147Envelope = programme147Envelope
        self.grantedToVulnerableAreas = grantedToVulnerableAreas
    }
}

/// A rule that fired (or could not be settled) on an application.
public struct RuleFinding: Sendable, Equatable, Codable {
    public var ruleID: String
    public var title: String
    public var source: String
    /// The rule's outcome; `.warning` when the rule could not be evaluated.
    public var outcome: RuleOutcome
    public var message: String
    /// Which conditions fired and why, in French ("type d'action « Activité sportive » ∈ {…} et dispositif = PIC").
    public var explanation: String
    /// True when data was missing to decide: the finding asks a person to check.
    public var isUndetermined: Bool

    public init(ruleID: String, title: String, source: String, outcome: RuleOutcome, message: String, explanation: String, isUndetermined: Bool = false) {
        self.ruleID = ruleID
        self.title = title
        self.source = source
        self.outcome = outcome
        self.message = message
        self.explanation = explanation
        self.isUndetermined = isUndetermined
    }
}

/// Runs the eligibility rules on an application.
public enum EligibilityEngine {
    /// The findings of every rule whose scope covers the application and whose condition holds, plus
    /// one `.warning` finding per rule that could not be decided for lack of data. Ordered from the
    /// most serious outcome (not eligible) to the least (eligible), in file order within an outcome.
    public static func evaluate(_ application: FundingApplication, call: Call, rules: EligibilityRuleSet,
                                catalog: FundingCatalog, context: EligibilityContext = EligibilityContext()) -> [RuleFinding] {
        var findings: [RuleFinding] = []
        for rule in rules.rules {
            guard let scope = scopeMatch(rule.appliesTo, application: application, call: call, catalog: catalog) else { continue }
            let facts = EligibilityFacts(application: application, call: call, catalog: catalog, context: context,
                              scopedLines: scope.lines, criteria: rules)
            let result = facts.evaluate(rule.when)
            let explanation = [result.explanation, scope.explanation].filter { !$0.isEmpty }.joined(separator: " et ")
            switch result.value {
            case true?:
                findings.append(RuleFinding(ruleID: rule.id, title: rule.title, source: rule.source, outcome: rule.outcome,
                                            message: rule.message, explanation: explanation.isEmpty ? "s'applique à toute demande" : explanation))
            case nil:
                findings.append(RuleFinding(ruleID: rule.id, title: rule.title, source: rule.source, outcome: .warning,
                                            message: "Règle « \(rule.title) » non évaluée faute de données ; à vérifier. \(rule.message)",
                                            explanation: explanation, isUndetermined: true))
            case false?:
                break
            }
        }
        return findings.enumerated()
            .sorted { ($0.element.outcome.severityRank, $0.offset) < ($1.element.outcome.severityRank, $1.offset) }
            .map(\.element)
    }

    /// The most serious outcome among the findings (nil when no rule fired).
    public static func verdict(_ findings: [RuleFinding]) -> RuleOutcome? {
        findings.map(\.outcome).min { $0.severityRank < $1.severityRank }
    }

    struct ScopeMatch {
        var lines: [FundingLine]
        var explanation: String
    }

    /// The funding lines a scope selects and the French wording of why it matched, or nil when the
    /// rule does not concern the application.
    static func scopeMatch(_ scope: RuleScope, application: FundingApplication, call: Call, catalog: FundingCatalog) -> ScopeMatch? {
        var parts: [String] = []
        if let callKinds = scope.callKinds {
            guard callKinds.contains(call.kind) else { return nil }
            parts.append("type d'appel = « \(call.kind.label) »")
        }
        guard scope.filtersLines else { return ScopeMatch(lines: application.fundingPlan, explanation: parts.joined(separator: " et ")) }
        let lines = application.fundingPlan.filter { line in
            let scheme = catalog.scheme(line.schemeID)
            let funder = catalog.funder(line.funderID)
            if let schemes = scope.schemes, !(scheme.map { schemes.contains($0.code) } ?? false) { return false }
            if let funders = scope.funders, !(funder.map { funders.contains($0.code) } ?? false) { return false }
            if let kinds = scope.fundingKinds, !(scheme.map { kinds.contains($0.kind) } ?? false) { return false }
            return true
        }
        guard !lines.isEmpty else { return nil }
        if scope.schemes != nil {
            parts.append("dispositif = " + unique(lines.compactMap { catalog.scheme($0.schemeID)?.code }).joined(separator: ", "))
        }
        if scope.funders != nil {
            parts.append("financeur = " + unique(lines.compactMap { catalog.funder($0.funderID)?.name }).joined(separator: ", "))
        }
        if let kinds = scope.fundingKinds {
            parts.append("crédits sollicités : " + unique(kinds.filter { kind in lines.contains { catalog.scheme($0.schemeID)?.kind == kind } }.map { $0.label.lowercased() }).joined(separator: ", "))
        }
        return ScopeMatch(lines: lines, explanation: parts.joined(separator: " et "))
    }

    static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}

/// The outcome of a condition and the French sentence stating the facts that decided it. The
/// sentence always states what is true ("« culture » ∉ {sport}"), so `not` keeps it unchanged.
struct ConditionEvaluation {
    var value: Bool?
    var explanation: String
}

/// What a field holds for one application.
enum EligibilityFieldValue {
    case code(String)
    case codes([String])
    case flag(Bool)
    case number(Double)
    case missing(String)
}

struct EligibilityFacts {
    var application: FundingApplication
    var call: Call
    var catalog: FundingCatalog
    var context: EligibilityContext
    var scopedLines: [FundingLine]
    var criteria: EligibilityRuleSet

    func evaluate(_ condition: RuleCondition) -> ConditionEvaluation {
        switch condition {
        case .always:
            return ConditionEvaluation(value: true, explanation: "")
        case .not(let inner):
            let result = evaluate(inner)
            return ConditionEvaluation(value: result.value.map { !$0 }, explanation: result.explanation)
        case .all(let parts):
            let results = parts.map(evaluate)
            let falses = results.filter { $0.value == false }
            if !falses.isEmpty { return ConditionEvaluation(value: false, explanation: join(falses)) }
            // Undecided: say what holds and what is missing.
            if results.contains(where: { $0.value == nil }) { return ConditionEvaluation(value: nil, explanation: join(results)) }
            return ConditionEvaluation(value: true, explanation: join(results))
        case .any(let parts):
            let results = parts.map(evaluate)
            let trues = results.filter { $0.value == true }
            if !trues.isEmpty { return ConditionEvaluation(value: true, explanation: join(trues)) }
            let unknowns = results.filter { $0.value == nil }
            if !unknowns.isEmpty { return ConditionEvaluation(value: nil, explanation: join(unknowns)) }
            return ConditionEvaluation(value: false, explanation: join(results))
        case let .compare(field, op, value):
            return compare(field, op, value)
        }
    }

    private func join(_ results: [ConditionEvaluation]) -> String {
        results.map(\.explanation).filter { !$0.isEmpty }.joined(separator: " et ")
    }

    func actual(_ field: ConditionField) -> EligibilityFieldValue {
        let app = application
        switch field {
        case .actionType: return .code(app.actionType.rawValue)
        case .holderKind: return .code(app.holder.kind.rawValue)
        case .callKind: return .code(call.kind.rawValue)
        case .scale: return app.scale.map { .code($0.rawValue) } ?? .missing("échelle de l'action non renseignée")
        case .schemeCodes: return .codes(EligibilityEngine.unique(app.fundingPlan.compactMap { catalog.scheme($0.schemeID)?.code }))
        case .funderCodes: return .codes(EligibilityEngine.unique(app.fundingPlan.compactMap { catalog.funder($0.funderID)?.code }))
        case .territoryKinds:
            var kinds: [String] = app.qpvCodes.isEmpty ? [] : [TerritoryKind.qpv.rawValue]
            kinds += app.otherAreas.map(\.kind.rawValue)
            return .codes(EligibilityEngine.unique(kinds))
        case .declaredCriteria: return .codes(app.declaredCriteria)
        case .hasCommonLawLine: return .flag(app.fundingPlan.contains { catalog.scheme($0.schemeID)?.kind == .commonLaw })
        case .isMultiYear: return .flag(app.isMultiYear)
        case .yearsCount: return .number(Double(Set(app.years).count))
        case .totalBudget: return .number(app.totalBudget)
        case .totalRequested: return .number(app.totalRequested)
        case .scopedRequested: return .number(EuroAmount.sum(scopedLines.map(\.requested)))
        case .ownFundsShare:
            let budget = app.totalBudget
            return budget > 0 ? .number(app.ownFunds / budget * 100) : .missing("budget total nul")
        case .qpvBeneficiaryShare: return .number(app.beneficiaries.livingInQPVShare)
        case .vulnerableAreaShareOfP147:
            guard let envelope = context.programme147Envelope, envelope > 0 else {
                return .missing("enveloppe départementale du programme 147 non renseignée")
            }
            guard let granted = context.grantedToVulnerableAreas else {
                return .missing("montant déjà accordé aux territoires vulnérables non renseigné")
            }
            let request = EuroAmount.sum(scopedLines.map(\.requested))
            return .number((granted + request) / envelope * 100)
        }
    }

    /// A code as people read it: the French label of an enumeration, a funder's name, a criterion's label.
    func display(_ field: ConditionField, _ code: String) -> String {
        switch field {
        case .actionType: ActionType(rawValue: code)?.label ?? code
        case .holderKind: HolderKind(rawValue: code)?.label ?? code
        case .callKind: CallKind(rawValue: code)?.label ?? code
        case .scale: ActionScale(rawValue: code)?.label ?? code
        case .territoryKinds: TerritoryKind(rawValue: code)?.label ?? code
        case .funderCodes: catalog.funders.first { $0.code == code }?.name ?? code
        case .declaredCriteria: criteria.criterionLabel(code)
        default: code
        }
    }

    func number(_ field: ConditionField, _ value: Double) -> String {
        switch field.kind {
        case .amount: EuroAmount.format(value)
        case .percent: ProgrammingFormat.decimal(value, maxDecimals: 2) + "\u{00A0}%"
        default: ProgrammingFormat.decimal(value, maxDecimals: 2)
        }
    }

    func compare(_ field: ConditionField, _ op: ConditionOperator, _ value: RuleValue) -> ConditionEvaluation {
        let label = field.label
        func holds(_ result: Bool) -> ConditionOperator { result ? op : op.negated }
        func quoted(_ code: String) -> String { "« \(display(field, code)) »" }
        func braces(_ codes: [String]) -> String { "{" + codes.map { display(field, $0) }.joined(separator: ", ") + "}" }

        switch (actual(field), value) {
        case (.missing(let reason), _):
            return ConditionEvaluation(value: nil, explanation: reason)

        case (.code(let code), .list(let list)):
            let result = (list.contains(code)) == (op == .in)
            let member = list.contains(code)
            return ConditionEvaluation(value: result, explanation: "\(label) \(quoted(code)) \(member ? "∈" : "∉") \(braces(list))")

        case (.code(let code), .text(let expected)):
            let result: Bool
            switch op {
            case .equal: result = code == expected
            case .notEqual: result = code != expected
            default:
                // Only ordered fields accept comparisons (checked when the rule file is read).
                guard case .ordered(let order) = field.kind else { return ConditionEvaluation(value: nil, explanation: "\(label) : condition mal formée") }
                let lhs = order.firstIndex(of: code) ?? 0
                let rhs = order.firstIndex(of: expected) ?? 0
                switch op {
                case .less: result = lhs < rhs
                case .lessOrEqual: result = lhs <= rhs
                case .greater: result = lhs > rhs
                case .greaterOrEqual: result = lhs >= rhs
                default: result = false
                }
            }
            return ConditionEvaluation(value: result, explanation: "\(label) \(quoted(code)) \(holds(result).symbol) \(quoted(expected))")

        case (.codes(let codes), .text(let expected)):
            let present = codes.contains(expected)
            let result = op == .equal ? present : !present
            let context = present ? "" : " (" + (codes.isEmpty ? "aucun" : "présents : " + codes.map { display(field, $0) }.joined(separator: ", ")) + ")"
            return ConditionEvaluation(value: result, explanation: "\(label) \(present ? "=" : "≠") \(display(field, expected))\(context)")

        case (.codes(let codes), .list(let list)):
            if op == .containsAll {
                let missing = list.filter { !codes.contains($0) }
                if missing.isEmpty {
                    return ConditionEvaluation(value: true, explanation: "\(label) : " + list.map(quoted).joined(separator: ", ") + " tous présents")
                }
                return ConditionEvaluation(value: false, explanation: "\(label) : il manque " + missing.map(quoted).joined(separator: ", "))
            }
            let matches = codes.filter { list.contains($0) }
            let result = matches.isEmpty == (op == .notIn)
            if matches.isEmpty {
                let present = codes.isEmpty ? "aucun" : "présents : " + codes.map { display(field, $0) }.joined(separator: ", ")
                return ConditionEvaluation(value: result, explanation: "\(label) ∉ \(braces(list)) (\(present))")
            }
            return ConditionEvaluation(value: result, explanation: "\(label) " + matches.map(quoted).joined(separator: ", ") + " ∈ \(braces(list))")

        case (.flag(let flag), .flag(let expected)):
            let result = op == .equal ? flag == expected : flag != expected
            return ConditionEvaluation(value: result, explanation: "\(label) = \(flag ? "oui" : "non")")

        case (.number(let number), .number(let threshold)):
            // Amounts compare to the cent, so 0.1 + 0.2 is 0.30 €.
            let lhs = field.kind == .amount ? Double(EuroAmount.cents(number)) : number
            let rhs = field.kind == .amount ? Double(EuroAmount.cents(threshold)) : threshold
            let result: Bool
            switch op {
            case .equal: result = lhs == rhs
            case .notEqual: result = lhs != rhs
            case .less: result = lhs < rhs
            case .lessOrEqual: result = lhs <= rhs
            case .greater: result = lhs > rhs
            case .greaterOrEqual: result = lhs >= rhs
            default: result = false
            }
            return ConditionEvaluation(value: result,
                explanation: "\(label) \(self.number(field, number)) \(holds(result).symbol) \(self.number(field, threshold))")

        default:
            // Shapes are checked when the file is read; a rule built in code with a wrong shape
            // cannot be decided rather than being silently true or false.
            return ConditionEvaluation(value: nil, explanation: "\(label) : condition mal formée")
        }
    }
}
