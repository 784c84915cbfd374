import Foundation
import PasserelleDomain

/// The curation forms: what each one holds as typed text, how it is read into a catalogue record
/// (each problem a French message naming the field and, for lists, the line), and how a record
/// fills it back. Lists are typed one item per line, parts separated by " | ".
enum CatalogueForms {
    /// Splits a list field into its non-blank lines, with their line numbers (from 1).
    static func lines(_ text: String) -> [(number: Int, parts: [String])] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated().compactMap { offset, line in
            let trimmed = String(line).trimmingSpaces
            guard !trimmed.isEmpty else { return nil }
            return (offset + 1, trimmed.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmingSpaces })
        }
    }

    /// An actor kind typed as its French label ("Bailleur social") or its code ("socialLandlord").
    static func actorKind(_ text: String) -> ActorKind? {
        let key = SearchKey.fold(text)
        return ActorKind.allCases.first { SearchKey.fold($0.label) == key || SearchKey.fold($0.rawValue) == key }
    }

    static var actorKindList: String { ActorKind.allCases.map(\.label).joined(separator: ", ") }

    /// "Nom | type", the type optional ("Autre" when missing).
    enum MentionReading {
        case success(ActorMention)
        case failure(FieldError)
    }

    static func mention(_ parts: [String], field: String, label: String, line: Int?) -> MentionReading {
        let at = line.map { ", ligne \($0)" } ?? ""
        guard let name = parts.first, !name.isEmpty else {
            return .failure(FieldError(field: field, message: "Champ « \(label) »\(at) : le nom manque avant « | »."))
        }
        guard parts.count <= 2 else {
            return .failure(FieldError(field: field, message: "Champ « \(label) »\(at) : écrivez « Nom | type », avec un seul « | »."))
        }
        guard parts.count == 2, !parts[1].isEmpty else { return .success(ActorMention(name: name, kind: .other)) }
        guard let kind = actorKind(parts[1]) else {
            return .failure(FieldError(field: field, message: "Champ « \(label) »\(at) : type « \(parts[1]) » inconnu (types admis : \(actorKindList))."))
        }
        return .success(ActorMention(name: name, kind: kind))
    }

    static func mentionText(_ mention: ActorMention) -> String { "\(mention.name) | \(mention.kind.label)" }

    /// The checked codes, those already held first in their order (a form saved unchanged changes
    /// nothing), then the newly checked ones in the list's order.
    static func ordered<T: Equatable>(_ checked: Set<String>, previous: [T], all: [T], code: (T) -> String) -> [T] {
        previous.filter { checked.contains(code($0)) } + all.filter { checked.contains(code($0)) && !previous.contains($0) }
    }

    /// "4600000", "4,5": every digit kept, a decimal comma, so that a form saved unchanged changes nothing.
    static func plainNumber(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value).replacingOccurrences(of: ".", with: ",")
    }

    // MARK: Example

    /// The example form as typed.
    struct ExampleForm: Sendable, Equatable {
        var keyAction = ""
        var title = ""
        var qpvName = ""
        var commune = ""
        var department = ""
        var region = ""
        var country = "France"
        var scale = ExampleScale.neighbourhood.rawValue
        var summary = ""
        var partners = ""
        var pilot = ""
        var method = ""
        var results = ""
        var duration = ""
        var costAmount = ""
        var costCovers = ""
        var costText = ""
        var costBand = "auto"
        var resources = ""
        var contactRole = ""
        var themes: Set<String> = []
        var vulnerabilities: Set<String> = []
        var publics: Set<String> = []

        init() {}

        init(_ example: Example) {
            keyAction = String(example.keyAction)
            title = example.title
            qpvName = example.place.qpvName ?? ""
            commune = example.place.commune ?? ""
            department = example.place.department ?? ""
            region = example.place.region ?? ""
            country = example.place.country ?? ""
            scale = example.scale.rawValue
            summary = example.summary
            partners = example.partners.map(CatalogueForms.mentionText).joined(separator: "\n")
            pilot = example.pilot.map(CatalogueForms.mentionText) ?? ""
            method = example.method ?? ""
            results = example.results.map { result in
                guard let value = result.value else { return result.text }
                return [result.text, CatalogueForms.plainNumber(value), result.unit ?? ""]
                    .joined(separator: " | ").trimmingSpaces.trimmingTrailingBars
            }.joined(separator: "\n")
            duration = example.duration ?? ""
            costAmount = example.cost?.amount.map(CatalogueForms.plainNumber) ?? ""
            costCovers = example.cost?.covers ?? ""
            costText = example.cost?.text ?? ""
            costBand = example.tags.costBand.rawValue
            resources = example.resources.map { [$0.title, $0.url].compactMap { $0 }.joined(separator: " | ") }.joined(separator: "\n")
            contactRole = example.contactRole ?? ""
            themes = Set(example.tags.themes.map(\.rawValue))
            vulnerabilities = Set(example.tags.vulnerabilities.map(\.rawValue))
            publics = Set(example.tags.publics.map(\.rawValue))
        }

        init(fields: [String: String]) {
            func text(_ name: String) -> String { fields[name]?.replacingOccurrences(of: "\r\n", with: "\n") ?? "" }
            keyAction = text("action")
            title = text("titre")
            qpvName = text("quartier")
            commune = text("commune")
            department = text("departement")
            region = text("region")
            country = text("pays")
            scale = text("echelle")
            summary = text("description")
            partners = text("partenaires")
            pilot = text("pilote")
            method = text("methode")
            results = text("resultats")
            duration = text("duree")
            costAmount = text("cout_montant")
            costCovers = text("cout_couvre")
            costText = text("cout_texte")
            costBand = text("tranche")
            resources = text("ressources")
            contactRole = text("contact")
            themes = Set(TransitionTheme.allCases.map(\.rawValue).filter { fields["theme_" + $0] != nil })
            vulnerabilities = Set(VulnerabilityType.allCases.map(\.rawValue).filter { fields["vulnerabilite_" + $0] != nil })
            publics = Set(Public.allCases.map(\.rawValue).filter { fields["public_" + $0] != nil })
        }

        /// The example the form describes (id, status and source are the service's business),
        /// or every problem found.
        func read(keyActions: [Int], previous: Example? = nil) -> Result<Example, FormInvalid> {
            var errors: [FieldError] = []
            func optional(_ text: String) -> String? { text.trimmingSpaces.nilIfEmpty }

            let number = Int(keyAction.trimmingSpaces)
            if number == nil || !keyActions.contains(number!) {
                errors.append(FieldError(field: "action", message: "Champ « Action clé » : choisissez l'une des actions clés de la palette."))
            }
            if title.trimmingSpaces.isEmpty {
                errors.append(FieldError(field: "titre", message: "Champ « Titre » : le titre est obligatoire."))
            } else if title.count > 300 {
                errors.append(FieldError(field: "titre", message: "Champ « Titre » : 300 caractères au plus."))
            }
            let scale = ExampleScale(rawValue: self.scale)
            if scale == nil { errors.append(FieldError(field: "echelle", message: "Champ « Échelle » : choisissez une échelle dans la liste.")) }
            if summary.trimmingSpaces.isEmpty {
                errors.append(FieldError(field: "description", message: "Champ « Description » : décrivez l'exemple en quelques phrases."))
            }

            var partners: [ActorMention] = []
            for line in CatalogueForms.lines(self.partners) {
                switch CatalogueForms.mention(line.parts, field: "partenaires", label: "Partenaires", line: line.number) {
                case .success(let mention): partners.append(mention)
                case .failure(let error): errors.append(error)
                }
            }
            var pilot: ActorMention?
            if let line = CatalogueForms.lines(self.pilot).first {
                switch CatalogueForms.mention(line.parts, field: "pilote", label: "Pilote", line: nil) {
                case .success(let mention): pilot = mention
                case .failure(let error): errors.append(error)
                }
            }
            var results: [ExampleResult] = []
            for line in CatalogueForms.lines(self.results) {
                let parts = line.parts
                guard !parts[0].isEmpty, parts.count <= 3 else {
                    errors.append(FieldError(field: "resultats", message: "Champ « Résultats », ligne \(line.number) : écrivez « Texte », ou « Texte | valeur | unité »."))
                    continue
                }
                var value: Double?
                if parts.count >= 2, !parts[1].isEmpty {
                    value = FrenchNumber.parseDecimal(parts[1])
                    if value == nil {
                        errors.append(FieldError(field: "resultats", message: "Champ « Résultats », ligne \(line.number) : « \(parts[1]) » n'est pas un nombre."))
                        continue
                    }
                }
                results.append(ExampleResult(text: parts[0], value: value, unit: parts.count == 3 ? parts[2].nilIfEmpty : nil))
            }
            var resources: [ExampleResource] = []
            for line in CatalogueForms.lines(self.resources) {
                let parts = line.parts
                guard !parts[0].isEmpty, parts.count <= 2 else {
                    errors.append(FieldError(field: "ressources", message: "Champ « Ressources », ligne \(line.number) : écrivez « Titre | https://adresse »."))
                    continue
                }
                let url = parts.count == 2 ? parts[1].nilIfEmpty : nil
                if let url, !CatalogueText.isWebAddress(url) {
                    errors.append(FieldError(field: "ressources", message: "Champ « Ressources », ligne \(line.number) : « \(url) » n'est pas une adresse web (http:// ou https://)."))
                    continue
                }
                resources.append(ExampleResource(title: parts[0], url: url))
            }
            var amount: Double?
            if let text = optional(costAmount) {
                amount = FrenchNumber.parseDecimal(text)
                if amount == nil || amount! < 0 {
                    errors.append(FieldError(field: "cout_montant", message: "Champ « Montant du coût » : « \(text) » n'est pas un montant en euros."))
                }
            }
            let band: CostBand?
            if costBand == "auto" || costBand.isEmpty {
                band = amount.map { CostBand(euros: $0) } ?? .unknown
            } else {
                band = CostBand(rawValue: costBand)
                if band == nil { errors.append(FieldError(field: "tranche", message: "Champ « Tranche de coût » : choisissez une tranche dans la liste.")) }
            }
            var cost: ExampleCost?
            if amount != nil || optional(costText) != nil || optional(costCovers) != nil {
                let text = optional(costText) ?? amount.map { FrenchFormat.value($0, unit: .euro) } ?? ""
                cost = ExampleCost(amount: amount, currency: amount == nil ? nil : "EUR", covers: optional(costCovers), text: text)
            }
            if let contact = optional(contactRole), CatalogueText.containsEmailAddress(contact) {
                errors.append(FieldError(field: "contact", message: "Champ « Contact » : indiquez un service ou une fonction, jamais une adresse électronique personnelle."))
            }
            guard errors.isEmpty, let number, let scale, let band else { return .failure(FormInvalid(errors: errors)) }
            let place = ExamplePlace(commune: optional(commune), department: optional(department), region: optional(region),
                                     country: optional(country), qpvName: optional(qpvName))
            let old = previous?.tags ?? ExampleTags()
            let tags = ExampleTags(themes: CatalogueForms.ordered(themes, previous: old.themes, all: TransitionTheme.allCases, code: \.rawValue),
                                   vulnerabilities: CatalogueForms.ordered(vulnerabilities, previous: old.vulnerabilities, all: VulnerabilityType.allCases, code: \.rawValue),
                                   publics: CatalogueForms.ordered(publics, previous: old.publics, all: Public.allCases, code: \.rawValue), costBand: band)
            return .success(Example(id: "", keyAction: number, title: title.trimmingSpaces, place: place, scale: scale, summary: summary.trimmingSpaces,
                                    partners: partners, method: optional(method), results: results, duration: optional(duration), cost: cost,
                                    pilot: pilot, resources: resources, contactRole: optional(contactRole), tags: tags))
        }
    }

    // MARK: Key action

    struct KeyActionForm: Sendable, Equatable {
        var title = ""
        var summary = ""
        var themes: Set<String> = []
        var vulnerabilities: Set<String> = []

        init(_ action: KeyAction) {
            title = action.title
            summary = action.summary
            themes = Set(action.themes.map(\.rawValue))
            vulnerabilities = Set(action.vulnerabilities.map(\.rawValue))
        }

        init(fields: [String: String]) {
            title = fields["titre"] ?? ""
            summary = (fields["presentation"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
            themes = Set(TransitionTheme.allCases.map(\.rawValue).filter { fields["theme_" + $0] != nil })
            vulnerabilities = Set(VulnerabilityType.allCases.map(\.rawValue).filter { fields["vulnerabilite_" + $0] != nil })
        }

        func read(previous: KeyAction) -> Result<(title: String, summary: String, themes: [TransitionTheme], vulnerabilities: [VulnerabilityType]), FormInvalid> {
            var errors: [FieldError] = []
            if title.trimmingSpaces.isEmpty {
                errors.append(FieldError(field: "titre", message: "Champ « Intitulé » : l'intitulé est obligatoire."))
            } else if title.count > 300 {
                errors.append(FieldError(field: "titre", message: "Champ « Intitulé » : 300 caractères au plus."))
            }
            if themes.isEmpty {
                errors.append(FieldError(field: "theme_climate", message: "Champ « Thèmes » : cochez au moins un thème."))
            }
            guard errors.isEmpty else { return .failure(FormInvalid(errors: errors)) }
            return .success((title.trimmingSpaces, summary.trimmingSpaces,
                             CatalogueForms.ordered(themes, previous: previous.themes, all: TransitionTheme.allCases, code: \.rawValue),
                             CatalogueForms.ordered(vulnerabilities, previous: previous.vulnerabilities, all: VulnerabilityType.allCases, code: \.rawValue)))
        }
    }

    // MARK: Actor

    struct ActorForm: Sendable, Equatable {
        var name = ""
        var kind = ActorKind.association.rawValue
        var territory = ""
        var themes: Set<String> = []
        var examples: Set<String> = []

        init() {}

        init(_ actor: CatalogueActor) {
            name = actor.name
            kind = actor.kind.rawValue
            territory = actor.territory
            themes = Set(actor.themes.map(\.rawValue))
            examples = Set(actor.examples)
        }

        init(fields: [String: String], exampleIDs: [String]) {
            name = fields["nom"] ?? ""
            kind = fields["type"] ?? ""
            territory = fields["territoire"] ?? ""
            themes = Set(TransitionTheme.allCases.map(\.rawValue).filter { fields["theme_" + $0] != nil })
            examples = Set(exampleIDs.filter { fields["exemple_" + $0] != nil })
        }

        /// The actor the form describes; its examples keep the catalogue's order.
        func read(exampleIDs: [String], previous: CatalogueActor? = nil) -> Result<CatalogueActor, FormInvalid> {
            var errors: [FieldError] = []
            if name.trimmingSpaces.isEmpty {
                errors.append(FieldError(field: "nom", message: "Champ « Nom » : le nom est obligatoire."))
            } else if name.count > 300 {
                errors.append(FieldError(field: "nom", message: "Champ « Nom » : 300 caractères au plus."))
            }
            let kind = ActorKind(rawValue: self.kind)
            if kind == nil { errors.append(FieldError(field: "type", message: "Champ « Type » : choisissez un type dans la liste.")) }
            guard errors.isEmpty, let kind else { return .failure(FormInvalid(errors: errors)) }
            return .success(CatalogueActor(id: "", name: name.trimmingSpaces, kind: kind,
                                           themes: CatalogueForms.ordered(themes, previous: previous?.themes ?? [], all: TransitionTheme.allCases, code: \.rawValue),
                                           territory: territory.trimmingSpaces,
                                           examples: CatalogueForms.ordered(examples, previous: previous?.examples ?? [], all: exampleIDs, code: { $0 })))
        }
    }

    // MARK: Issues → form fields

    /// The form field a catalogue issue's field belongs to (for the error summary's links).
    static func formField(for field: String?, kind: CatalogueRecordKind) -> String {
        let head = field.map { String($0.prefix { $0 != "[" && $0 != "." }) } ?? ""
        switch kind {
        case .example:
            return ["keyAction": "action", "title": "titre", "id": "titre", "summary": "description", "resources": "ressources",
                    "contactRole": "contact", "retiredReason": "motif", "partners": "partenaires", "results": "resultats",
                    "pilot": "pilote", "scale": "echelle"][head] ?? "titre"
        case .actor:
            return ["name": "nom", "id": "nom", "kind": "type", "territory": "territoire", "examples": "exemples", "retiredReason": "motif"][head] ?? "nom"
        case .keyAction:
            return ["title": "titre", "summary": "presentation"][head] ?? "titre"
        case .axis, .document:
            return "fichier"
        }
    }

    /// The French name of that form field.
    static func formLabel(for field: String?, kind: CatalogueRecordKind) -> String {
        let labels = ["action": "Action clé", "titre": kind == .keyAction ? "Intitulé" : "Titre", "description": "Description",
                      "ressources": "Ressources", "contact": "Contact", "motif": "Motif du retrait", "partenaires": "Partenaires",
                      "resultats": "Résultats", "pilote": "Pilote", "echelle": "Échelle", "nom": "Nom", "type": "Type",
                      "territoire": "Territoire d'action", "exemples": "Exemples liés", "presentation": "Présentation", "fichier": "Fichier"]
        return labels[formField(for: field, kind: kind)] ?? "Formulaire"
    }
}

private extension String {
    var trimmingTrailingBars: String {
        var text = self
        while text.hasSuffix("|") || text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
