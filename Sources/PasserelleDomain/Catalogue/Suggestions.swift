/// A vulnerability a QPV (or a contract) shows, with how marked it is.
public struct VulnerabilitySignal: Sendable, Equatable, Hashable {
    public var vulnerability: VulnerabilityType
    /// From 0 (absent) to 1 (the most marked), e.g. a normalised score of the vulnerability index.
    public var severity: Double
    /// How the diagnostic names it, quoted in the reason ("Exposition à la chaleur").
    public var label: String

    public init(vulnerability: VulnerabilityType, severity: Double, label: String) {
        self.vulnerability = vulnerability
        self.severity = severity
        self.label = label
    }

    /// "forte" from 0.66, "moyenne" from 0.33, "faible" below.
    public var intensityLabel: String {
        severity >= 0.66 ? "forte" : severity >= 0.33 ? "moyenne" : "faible"
    }
}

/// An ambition of the contract that its programming covers poorly, with the themes it concerns.
public struct WeakAmbition: Sendable, Equatable, Hashable {
    public var title: String
    public var themes: [TransitionTheme]

    public init(title: String, themes: [TransitionTheme]) {
        self.title = title
        self.themes = themes
    }
}

/// Why a key action is suggested.
public enum SuggestionCause: Sendable, Equatable, Hashable {
    /// The key action answers this vulnerability; `throughExamples` when only its examples do.
    case vulnerability(VulnerabilityType, severity: Double, throughExamples: Bool)
    case ambition(String)
}

/// A key action proposed to a QPV or a contract, with the examples to look at first.
public struct Suggestion: Sendable, Equatable {
    public var keyAction: KeyAction
    /// The first cause found (the most severe vulnerability, or the weakest ambition).
    public var cause: SuggestionCause
    /// One line per cause, the first for `cause`: "Exposition à la chaleur (intensité forte) → action 8, 6 exemples".
    public var reasons: [String]
    /// Examples answering the first cause, most relevant first.
    public var examples: [Example]

    public var reason: String { reasons[0] }
}

/// Proposes key actions and examples from a diagnostic.
///
/// Rules:
/// 1. Vulnerabilities are taken by severity, highest first (ties: the order given); those below
///    `minimumSeverity` are ignored.
/// 2. A key action answers a vulnerability when its `vulnerabilities` list contains it. When no key
///    action lists it, the key actions having at least one active example tagged with it answer it
///    ("through its examples", said in the reason).
/// 3. The examples listed for a suggestion are the key action's active examples tagged with the
///    vulnerability, then those tagged with the vulnerability's theme, each group in catalogue order.
///    Their number is the one given in the reason.
/// 4. For one vulnerability, key actions are ranked by number of listed examples (more first), then
///    by number. A key action already suggested for a more severe vulnerability is not repeated: the
///    new reason is added to its `reasons`.
/// 5. Weakly covered ambitions come after all vulnerabilities, in the order given. A key action answers
///    an ambition when it shares at least one theme with it; they are ranked by number of shared themes,
///    then number of listed examples (the key action's active examples sharing a theme with the ambition,
///    most shared themes first), then number.
/// 6. At most `limit` suggestions are returned. When vulnerabilities alone would fill them, the best
///    key action of each weak ambition not already among them still takes a place (weakest ambition
///    first, at most half the places), in place of the last vulnerability suggestions: a contract
///    always hears about its least covered ambitions.
public enum Suggestions {
    /// Key actions for a diagnostic, by the rules above; `vulnerabilities` may come in any order.
    public static func suggest(vulnerabilities: [VulnerabilitySignal], weakAmbitions: [WeakAmbition] = [],
                               in catalogue: Catalogue, limit: Int, minimumSeverity: Double = 0) -> [Suggestion] {
        var suggestions: [Suggestion] = []
        var positionOfAction: [Int: Int] = [:]

        func add(_ action: KeyAction, cause: SuggestionCause, reason: String, examples: [Example]) {
            if let position = positionOfAction[action.number] {
                suggestions[position].reasons.append(reason)
            } else {
                positionOfAction[action.number] = suggestions.count
                suggestions.append(Suggestion(keyAction: action, cause: cause, reasons: [reason], examples: examples))
            }
        }

        let signals = vulnerabilities.enumerated()
            .filter { $0.element.severity >= minimumSeverity }
            .sorted { $0.element.severity != $1.element.severity ? $0.element.severity > $1.element.severity : $0.offset < $1.offset }
            .map(\.element)
        for signal in signals {
            let vulnerability = signal.vulnerability
            var answering = catalogue.keyActions.filter { $0.vulnerabilities.contains(vulnerability) }
            let throughExamples = answering.isEmpty
            if throughExamples {
                answering = catalogue.keyActions.filter { action in
                    catalogue.examples.contains { $0.keyAction == action.number && $0.isActive && $0.tags.vulnerabilities.contains(vulnerability) }
                }
            }
            let ranked = answering
                .map { action in (action, relevantExamples(of: action.number, for: vulnerability, in: catalogue)) }
                .sorted { $0.1.count != $1.1.count ? $0.1.count > $1.1.count : $0.0.number < $1.0.number }
            for (action, examples) in ranked {
                let via = throughExamples ? " (par ses exemples)" : ""
                let reason = "\(signal.label) (intensité \(signal.intensityLabel)) → action \(action.number)\(via), \(countLabel(examples.count))"
                add(action, cause: .vulnerability(vulnerability, severity: signal.severity, throughExamples: throughExamples),
                    reason: reason, examples: examples)
            }
        }

        var bestForAmbition: [Int] = []
        for ambition in weakAmbitions {
            let wanted = Set(ambition.themes)
            let ranked = catalogue.keyActions
                .map { action in (action, Set(action.themes).intersection(wanted).count, relevantExamples(of: action.number, sharing: wanted, in: catalogue)) }
                .filter { $0.1 > 0 }
                .sorted { left, right in
                    if left.1 != right.1 { return left.1 > right.1 }
                    if left.2.count != right.2.count { return left.2.count > right.2.count }
                    return left.0.number < right.0.number
                }
            for (action, _, examples) in ranked {
                let reason = "Ambition « \(ambition.title) » peu couverte → action \(action.number), \(countLabel(examples.count))"
                add(action, cause: .ambition(ambition.title), reason: reason, examples: examples)
            }
            if let best = ranked.first, let position = positionOfAction[best.0.number] { bestForAmbition.append(position) }
        }
        return kept(suggestions, limit: max(limit, 0), reserving: bestForAmbition)
    }

    /// The first `limit` suggestions, except that positions in `reserved` beyond the limit replace
    /// the last ones kept (at most half the places; in the order given, without repeats).
    private static func kept(_ suggestions: [Suggestion], limit: Int, reserving reserved: [Int]) -> [Suggestion] {
        var late: [Int] = []
        for position in reserved where position >= limit && !late.contains(position) { late.append(position) }
        late = Array(late.prefix(limit / 2))
        return Array(suggestions.prefix(limit - late.count)) + late.map { suggestions[$0] }
    }

    /// Same, with the tuples a caller may already hold.
    public static func suggest(vulnerabilities: [(vulnerability: VulnerabilityType, severity: Double, label: String)],
                               weakAmbitions: [(ambitionTitle: String, themes: [TransitionTheme])] = [],
                               in catalogue: Catalogue, limit: Int, minimumSeverity: Double = 0) -> [Suggestion] {
        suggest(vulnerabilities: vulnerabilities.map { VulnerabilitySignal(vulnerability: $0.vulnerability, severity: $0.severity, label: $0.label) },
                weakAmbitions: weakAmbitions.map { WeakAmbition(title: $0.ambitionTitle, themes: $0.themes) },
                in: catalogue, limit: limit, minimumSeverity: minimumSeverity)
    }

    /// Rule 3: tagged with the vulnerability first, then tagged with its theme.
    static func relevantExamples(of keyAction: Int, for vulnerability: VulnerabilityType, in catalogue: Catalogue) -> [Example] {
        let candidates = catalogue.examples(forKeyAction: keyAction)
        let tagged = candidates.filter { $0.tags.vulnerabilities.contains(vulnerability) }
        let themed = candidates.filter { !$0.tags.vulnerabilities.contains(vulnerability) && $0.tags.themes.contains(vulnerability.theme) }
        return tagged + themed
    }

    /// Rule 5: sharing the most themes with the ambition first; stable, so catalogue order breaks ties.
    static func relevantExamples(of keyAction: Int, sharing themes: Set<TransitionTheme>, in catalogue: Catalogue) -> [Example] {
        var scored: [(example: Example, shared: Int, position: Int)] = []
        for (position, example) in catalogue.examples(forKeyAction: keyAction).enumerated() {
            let shared = example.tags.themes.filter(themes.contains).count
            if shared > 0 { scored.append((example, shared, position)) }
        }
        scored.sort { $0.shared != $1.shared ? $0.shared > $1.shared : $0.position < $1.position }
        return scored.map(\.example)
    }

    static func countLabel(_ count: Int) -> String {
        switch count {
        case 0: "aucun exemple"
        case 1: "1 exemple"
        default: "\(count) exemples"
        }
    }
}
