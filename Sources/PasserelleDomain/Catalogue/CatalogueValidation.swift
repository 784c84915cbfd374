/// What kind of record an issue is about.
public enum CatalogueRecordKind: String, Sendable, Equatable, Codable {
    case document, axis, keyAction, example, actor

    public var label: String {
        switch self {
        case .document: "document"
        case .axis: "axe"
        case .keyAction: "action clé"
        case .example: "exemple"
        case .actor: "acteur"
        }
    }
}

/// A problem found in a catalogue, naming the record and the field at fault, in French.
public struct CatalogueIssue: Sendable, Equatable, Hashable, Error, CustomStringConvertible {
    public var kind: CatalogueRecordKind
    /// Position of the record in its list, from 1; nil for the document itself.
    public var position: Int?
    /// The record's id (examples, actors) or number (axes, key actions), when it could be read.
    public var recordID: String?
    public var title: String?
    /// JSON path of the field, e.g. "tags.themes" or "results[0].value".
    public var field: String?
    public var message: String

    public init(kind: CatalogueRecordKind, position: Int?, recordID: String?, title: String? = nil,
                field: String?, message: String) {
        self.kind = kind
        self.position = position
        self.recordID = recordID
        self.title = title
        self.field = field
        self.message = message
    }

    /// "exemple « cour-oasis » (position 3)", "action clé n° 8", "exemple en position 5 « Titre »".
    public var record: String {
        switch kind {
        case .document:
            return "document"
        case .axis, .keyAction:
            if let recordID, !recordID.isEmpty { return "\(kind.label) n° \(recordID)" }
        case .example, .actor:
            if let recordID, !recordID.isEmpty {
                return "\(kind.label) « \(recordID) »" + (position.map { " (position \($0))" } ?? "")
            }
        }
        var text = "\(kind.label)" + (position.map { " en position \($0)" } ?? "")
        if let title, !title.isEmpty { text += " « \(title) »" }
        return text
    }

    public var description: String {
        if let field { return "\(record), champ « \(field) » : \(message)" }
        return "\(record) : \(message)"
    }
}

/// An import refused as a whole, with every problem found (nothing is half-imported).
public struct CatalogueImportError: Error, Sendable, Equatable {
    public var issues: [CatalogueIssue]

    public init(issues: [CatalogueIssue]) {
        self.issues = issues
    }

    public var message: String {
        let count = issues.count
        let heading = count == 1 ? "Le catalogue n'a pas été importé : 1 erreur." : "Le catalogue n'a pas été importé : \(count) erreurs."
        return ([heading] + issues.map { "– \($0.description)" }).joined(separator: "\n")
    }
}

extension Catalogue {
    /// Checks the links and identities decoding cannot see: every key action in a known axis,
    /// every example in a known key action, ids unique and well formed, titles and names not empty,
    /// retired examples with a reason, actors pointing at existing examples. Empty when all is well.
    /// (Unknown theme, vulnerability or other codes are reported when decoding.)
    public func validate() -> [CatalogueIssue] {
        var issues: [CatalogueIssue] = []
        func isBlank(_ text: String) -> Bool { text.allSatisfy(\.isWhitespace) }

        var axisPositions: [Int: Int] = [:]
        for (offset, axis) in axes.enumerated() {
            let position = offset + 1
            func issue(_ field: String, _ message: String) {
                issues.append(CatalogueIssue(kind: .axis, position: position, recordID: String(axis.number),
                                             title: axis.title, field: field, message: message))
            }
            if let first = axisPositions[axis.number] {
                issue("number", "numéro d'axe déjà utilisé par l'axe en position \(first)")
            } else {
                axisPositions[axis.number] = position
            }
            if isBlank(axis.title) { issue("title", "le titre est vide") }
        }

        var actionPositions: [Int: Int] = [:]
        let axisNumbers = axes.map(\.number)
        for (offset, action) in keyActions.enumerated() {
            let position = offset + 1
            func issue(_ field: String, _ message: String) {
                issues.append(CatalogueIssue(kind: .keyAction, position: position, recordID: String(action.number),
                                             title: action.title, field: field, message: message))
            }
            if let first = actionPositions[action.number] {
                issue("number", "numéro d'action clé déjà utilisé par l'action clé en position \(first)")
            } else {
                actionPositions[action.number] = position
            }
            if axisPositions[action.axis] == nil {
                issue("axis", "l'axe n° \(action.axis) n'existe pas (axes connus : \(Self.describeNumbers(axisNumbers, none: "aucun")))")
            }
            if isBlank(action.title) { issue("title", "le titre est vide") }
        }

        var examplePositions: [String: Int] = [:]
        let actionNumbers = keyActions.map(\.number)
        for (offset, example) in examples.enumerated() {
            let position = offset + 1
            func issue(_ field: String, _ message: String) {
                issues.append(CatalogueIssue(kind: .example, position: position, recordID: example.id,
                                             title: example.title, field: field, message: message))
            }
            if example.id.isEmpty {
                issue("id", "l'identifiant est vide")
            } else if let first = examplePositions[example.id] {
                issue("id", "identifiant déjà utilisé par l'exemple en position \(first)")
            } else {
                examplePositions[example.id] = position
                if !CatalogueSlug.isValid(example.id) {
                    issue("id", "identifiant mal formé : lettres minuscules sans accent, chiffres et tirets seulement")
                }
            }
            if actionPositions[example.keyAction] == nil {
                issue("keyAction", "l'action clé n° \(example.keyAction) n'existe pas (actions clés connues : \(Self.describeNumbers(actionNumbers, none: "aucune")))")
            }
            if isBlank(example.title) { issue("title", "le titre est vide") }
            if example.status == .retired && isBlank(example.retiredReason ?? "") {
                issue("retiredReason", "un exemple retiré doit dire pourquoi")
            }
            if example.status == .active && example.retiredReason != nil {
                issue("retiredReason", "un exemple actif ne peut pas avoir de motif de retrait")
            }
            for (index, resource) in example.resources.enumerated() {
                if isBlank(resource.title) { issue("resources[\(index)].title", "le titre de la ressource est vide") }
                if let url = resource.url, !CatalogueText.isWebAddress(url) {
                    issue("resources[\(index)].url", "adresse « \(url) » refusée : une adresse web commençant par http:// ou https:// est attendue")
                }
            }
            if let contact = example.contactRole, CatalogueText.containsEmailAddress(contact) {
                issue("contactRole", "le contact doit nommer un service ou une fonction, jamais une adresse électronique personnelle")
            }
        }

        var actorPositions: [String: Int] = [:]
        for (offset, actor) in actors.enumerated() {
            let position = offset + 1
            func issue(_ field: String, _ message: String) {
                issues.append(CatalogueIssue(kind: .actor, position: position, recordID: actor.id,
                                             title: actor.name, field: field, message: message))
            }
            if actor.id.isEmpty {
                issue("id", "l'identifiant est vide")
            } else if let first = actorPositions[actor.id] {
                issue("id", "identifiant déjà utilisé par l'acteur en position \(first)")
            } else {
                actorPositions[actor.id] = position
                if !CatalogueSlug.isValid(actor.id) {
                    issue("id", "identifiant mal formé : lettres minuscules sans accent, chiffres et tirets seulement")
                }
            }
            if isBlank(actor.name) { issue("name", "le nom est vide") }
            if actor.status == .retired && isBlank(actor.retiredReason ?? "") {
                issue("retiredReason", "un acteur retiré doit dire pourquoi")
            }
            if actor.status == .active && actor.retiredReason != nil {
                issue("retiredReason", "un acteur actif ne peut pas avoir de motif de retrait")
            }
            for id in actor.examples where examplePositions[id] == nil {
                issue("examples", "l'exemple « \(id) » n'existe pas")
            }
        }
        return issues
    }

    /// "1 à 11" for a run of three or more, "1, 2, 5" otherwise, `none` when empty.
    static func describeNumbers(_ numbers: [Int], none: String) -> String {
        let sorted = Array(Set(numbers)).sorted()
        guard let first = sorted.first, let last = sorted.last else { return none }
        if sorted.count > 2 && last - first + 1 == sorted.count { return "\(first) à \(last)" }
        return sorted.map(String.init).joined(separator: ", ")
    }
}

/// Checks on free text that the catalogue's validation and curation forms share.
public enum CatalogueText {
    /// An absolute http or https address with a host: the only links the catalogue shows
    /// (a "javascript:" or "data:" address is never accepted).
    public static func isWebAddress(_ text: String) -> Bool {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") { rest = lower.dropFirst(8) } else if lower.hasPrefix("http://") { rest = lower.dropFirst(7) } else { return false }
        guard let host = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first, !host.isEmpty else { return false }
        return !text.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"" })
    }

    /// Whether the text holds something shaped like an e-mail address ("prenom.nom@ville.fr"):
    /// a run of address characters, "@", then a domain with a dot.
    public static func containsEmailAddress(_ text: String) -> Bool {
        let characters = Array(text)
        for (index, character) in characters.enumerated() where character == "@" {
            let isAddressCharacter: (Character) -> Bool = { $0.isLetter || $0.isNumber || "._%+-".contains($0) }
            guard index > 0, isAddressCharacter(characters[index - 1]) else { continue }
            var end = index + 1
            while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "." || characters[end] == "-" { end += 1 }
            let domain = String(characters[(index + 1)..<end]).trimmed(of: ".")
            if domain.contains("."), domain.first?.isLetter == true || domain.first?.isNumber == true { return true }
        }
        return false
    }
}

private extension String {
    func trimmed(of set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
