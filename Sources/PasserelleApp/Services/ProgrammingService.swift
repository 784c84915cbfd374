import Fluent
import Foundation
import PasserelleDomain
import SQLKit
import Vapor

/// Refusals of the programming workflow, in French, with their statuses.
enum ProgrammingError: UserFacingError, Equatable {
    case alreadyApplied(call: String, applicationID: Int)
    case callNotOpen(call: String, opens: CalendarDate, closes: CalendarDate)
    case noOrganisation
    case organisationWithoutSIRET(String)
    case notAnInstructor(call: String)
    case notAFunderOfTheCall(funder: String, call: String)
    case refusedMove(String)
    case notEditable(status: String)

    var status: HTTPResponseStatus {
        switch self {
        case .alreadyApplied: .conflict
        case .notAnInstructor: .forbidden
        default: .unprocessableEntity
        }
    }

    var code: String {
        switch self {
        case .alreadyApplied: "already_applied"
        case .callNotOpen: "call_not_open"
        case .noOrganisation: "no_organisation"
        case .organisationWithoutSIRET: "organisation_without_siret"
        case .notAnInstructor: "not_an_instructor"
        case .notAFunderOfTheCall: "not_a_funder_of_the_call"
        case .refusedMove: "refused_move"
        case .notEditable: "not_editable"
        }
    }

    var userMessage: String {
        switch self {
        case let .alreadyApplied(call, id):
            "Appel « \(call) » : votre organisation y a déjà une candidature (n° \(id)) ; complétez-la plutôt que d'en créer une seconde."
        case let .callNotOpen(call, opens, closes):
            "Appel « \(call) » : il reçoit les candidatures du \(opens.frenchText) au \(closes.frenchText) ; il n'est pas ouvert aujourd'hui."
        case .noOrganisation:
            "Votre compte n'est rattaché à aucune organisation : une candidature est déposée au nom d'une organisation identifiée par son SIRET."
        case .organisationWithoutSIRET(let name):
            "L'organisation « \(name) » n'a pas de SIRET valide : il est obligatoire pour déposer une candidature."
        case .notAnInstructor(let call):
            "Appel « \(call) » : votre compte n'est rattaché à aucun financeur de cet appel ; seuls ses instructeurs voient l'instruction."
        case let .notAFunderOfTheCall(funder, call):
            "Champ « financeur » : \(funder) ne participe pas à l'appel « \(call) »."
        case .refusedMove(let message):
            message
        case .notEditable(let status):
            "La candidature est « \(status) » : elle ne peut plus être modifiée par son porteur."
        }
    }
}

/// Who acts in the programming, and the organisation behind them.
struct ProgrammingActor: Sendable {
    var account: Account?
    var actor: Actor

    static let commandLine = ProgrammingActor(account: nil, actor: .commandLine)

    var isAdministrator: Bool { account?.principal.isAdministrator ?? false }
    var organisationID: Int? { account?.organisationID }

    func roles(onContract contractID: Int) -> Set<Role> {
        account?.principal.roles(onContract: contractID) ?? []
    }
}

extension Request {
    var programmingActor: ProgrammingActor { ProgrammingActor(account: account, actor: actor) }
    var programming: ProgrammingService { ProgrammingService(database: db, clock: application.clock) }
}

/// How a person sees one application.
enum ApplicationAccess: Sendable, Equatable {
    /// The holder's organisation: its own content, status, decisions; never the funders' notes.
    case holder
    /// Instructor of these funders of the call.
    case instructor(funderIDs: [Int])
    /// The contract team (and administrators): receivability, decisions, agreements.
    case contractTeam

    var seesInstruction: Bool { self != .holder }

    /// The workflow roles this access lets a person play.
    var programmingRoles: [ProgrammingRole] {
        switch self {
        case .holder: [.projectHolder]
        case .instructor: [.instructor]
        case .contractTeam: [.contractTeam, .steeringCommittee]
        }
    }
}

/// Everything about one application a page or the API shows, already filtered by access.
struct ApplicationView: Sendable {
    var stored: StoredApplication
    var call: StoredCall
    var contract: ContractDetail
    var catalog: FundingCatalog
    var access: ApplicationAccess
    var application: FundingApplication
    var findings: [RuleFinding]
    /// Problems to fix before submission (drafts only).
    var submissionProblems: [FieldProblem]
    var statusChanges: [StatusChange]
    /// Empty for holders.
    var reviews: [StoredReview]
    var decisions: [StoredDecision]
    var agreements: [StoredAgreement]
    var versions: Int
    var moves: [StatusMove]
}

extension ApplicationView {
    /// The only funding line of a funder (by code), or nil when it has none or several.
    func singleLine(ofFunder code: String) -> Int? {
        guard let funder = catalog.funders.first(where: { $0.code == code }) else { return nil }
        let lines = application.fundingPlan.filter { $0.funderID == funder.id }
        return lines.count == 1 ? lines[0].id : nil
    }
}

/// Calls, applications, instruction, decisions and agreements. Pages, the JSON API, the command line
/// and the demo call these functions; each write is one transaction with its audit lines, and every
/// status move is checked by `ApplicationWorkflow` and recorded with who and when.
struct ProgrammingService: Sendable {
    let database: any Database
    let clock: any Clock

    private func repository(_ db: any Database) -> SQLProgrammingRepository { SQLProgrammingRepository(database: db) }
    private func audit(_ db: any Database) -> AuditTrail { AuditTrail(database: db, clock: clock) }
    private var now: String { clock.now().isoString }

    /// Today in France, for call opening dates (a call closing on the 15th is open all that day).
    var today: CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: clock.now())
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    // MARK: Rules

    /// The rule file in force: the administrators' latest save, else the bundled file.
    func ruleSet() async throws -> EligibilityRuleSet {
        if let saved = try await repository(database).latestRuleFile(), case .success(let set) = EligibilityRuleSet.decode(json: saved.content) {
            return set
        }
        return try Self.bundledRuleSet()
    }

    static func bundledRuleSet() throws -> EligibilityRuleSet {
        try bundled.get()
    }

    /// The shipped rule file, read and checked once.
    private static let bundled: Result<EligibilityRuleSet, any Error> = Result {
        let url = Bundle.module.url(forResource: "rules", withExtension: nil)!.appendingPathComponent("eligibility-rules.json")
        return try EligibilityRuleSet.decode(json: Data(contentsOf: url)).get()
    }

    /// Replaces the rule file after checking it; the French error names the rule at fault.
    func saveRuleFile(_ text: String, by actor: Actor) async throws -> EligibilityRuleSet {
        let set: EligibilityRuleSet
        switch EligibilityRuleSet.decode(json: text) {
        case .success(let decoded): set = decoded
        case .failure(let error): throw FormInvalid(errors: [FieldError(field: "regles", message: "Champ « fichier de règles » : \(error.message)")])
        }
        try await database.transaction { db in
            let before = try await repository(db).latestRuleFile()
            try await repository(db).saveRuleFile(text, savedAt: now, savedBy: actor.label)
            try await audit(db).record("update", entity: "eligibility-rules", id: "regles", by: actor,
                                       before: before.map { ["rules": String($0.content.count) + " caractères"] },
                                       after: ["rules": set.rules.map(\.id).joined(separator: ", ")])
        }
        return set
    }

    // MARK: Funders

    func funders() async throws -> [StoredFunder] { try await repository(database).funders() }

    struct FunderForm: Sendable {
        var code: String
        var name: String
        var kind: String
        var siret: String
    }

    /// Adds a funder, or updates the SIRET of the funder with that code.
    func saveFunder(_ form: FunderForm, by actor: Actor) async throws -> Int {
        var problems = InputProblems()
        let code = form.code.trimmingSpaces.lowercased()
        if code.isEmpty || !code.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
            problems.add("code", "Champ « code » : lettres, chiffres et tirets (par exemple « caf-62 »).")
        }
        let siret = SIRET.normalized(form.siret)
        if !siret.isEmpty, let problem = SIRET.problem(siret) { problems.add("siret", "Champ « SIRET » : \(problem).") }
        let kind = OrganisationKind(rawValue: form.kind) ?? .other
        guard problems.errors.isEmpty else { throw FormInvalid(errors: problems.errors) }
        return try await database.transaction { db in
            let existing = try await repository(db).funders().first { $0.funder.code == code }
            if let existing {
                try await repository(db).setSIRET(organisationID: existing.organisationID, siret: siret.nilIfEmpty)
                try await audit(db).record("update", entity: "funder", id: String(existing.funder.id), by: actor,
                                           before: ["siret": existing.funder.siret ?? ""], after: ["siret": siret])
                return existing.funder.id
            }
            let name = form.name.trimmingSpaces
            guard !name.isEmpty else { throw FormInvalid(errors: [FieldError(field: "nom", message: "Champ « nom » : obligatoire pour un nouveau financeur.")]) }
            let id = try await repository(db).ensureFunder(code: code, organisationName: name, kind: kind, siren: nil, siret: siret.nilIfEmpty, source: nil)
            try await audit(db).record("create", entity: "funder", id: String(id), by: actor, after: ["code": code, "name": name, "siret": siret])
            return id
        }
    }

    func addScheme(funderID: Int, code rawCode: String, name rawName: String, kind rawKind: String, by actor: Actor) async throws -> Int {
        let code = rawCode.trimmingSpaces.uppercased(), name = rawName.trimmingSpaces
        var problems = InputProblems()
        if code.isEmpty || !code.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
            problems.add("code", "Champ « code du dispositif » : lettres, chiffres et tirets (par exemple « P147 »).")
        }
        if name.isEmpty { problems.add("nom", "Champ « nom du dispositif » : obligatoire.") }
        let kind = FundingKind(rawValue: rawKind)
        if kind == nil { problems.add("nature", "Champ « nature des crédits » : droit commun ou crédits spécifiques.") }
        guard problems.errors.isEmpty, let kind else { throw FormInvalid(errors: problems.errors) }
        return try await database.transaction { db in
            guard try await repository(db).funders().contains(where: { $0.funder.id == funderID }) else { throw RequestError.notFound(what: "Le financeur n° \(funderID)") }
            if try await repository(db).schemeCodeExists(code) {
                throw FormInvalid(errors: [FieldError(field: "code", message: "Champ « code du dispositif » : « \(code) » est déjà utilisé.")])
            }
            let id = try await repository(db).ensureScheme(funderID: funderID, code: code, name: name, kind: kind, source: nil)
            try await audit(db).record("create", entity: "scheme", id: String(id), by: actor, after: ["code": code, "name": name, "kind": kind.rawValue])
            return id
        }
    }

    // MARK: Calls

    func calls(contractID: Int) async throws -> [StoredCall] { try await repository(database).calls(contractID: contractID) }

    func call(id: Int) async throws -> StoredCall {
        guard let call = try await repository(database).call(id: id) else { throw RequestError.notFound(what: "L'appel à projets n° \(id)") }
        return call
    }

    /// The deepest nodes of a tree: objectives, or ambitions in a two-level contract.
    static func leaves(_ tree: [StrategyNode]) -> [StrategyNode] {
        tree.flatMap { node in node.children.isEmpty ? [node] : leaves(node.children) }
    }

    /// Opens a call on a contract after checking every field.
    func openCall(contract: ContractDetail, input: CallInput, by actor: Actor, isDemo: Bool = false) async throws -> Int {
        var problems = InputProblems()
        let catalog = try await repository(database).funders()
        let kind = input.kind.map { _ in problems.code(input.kind, of: CallKind.self, field: "kind", label: "Champ « type d'appel »", labelOf: \.label) } ?? .yearlyCall
        let title = input.title?.trimmingSpaces ?? ""
        if title.isEmpty { problems.add("title", "Champ « titre de l'appel » : obligatoire.") }
        if title.count > 200 { problems.add("title", "Champ « titre de l'appel » : 200 caractères au plus.") }
        let year = problems.integer(input.year, field: "year", label: "Champ « année de programmation »", range: 2000...2100, blank: nil)
        let opens = problems.date(input.opensOn, field: "opensOn", label: "Champ « ouverture »", required: true)
        let closes = problems.date(input.closesOn, field: "closesOn", label: "Champ « clôture »", required: true)
        let starts = problems.date(input.actionStartsOn, field: "actionStartsOn", label: "Champ « début des actions »", required: true)
        let ends = problems.date(input.actionEndsOn, field: "actionEndsOn", label: "Champ « fin des actions »", required: true)
        let p147 = problems.amount(input.departmentP147Envelope, field: "departmentP147Envelope",
                                   label: "Champ « enveloppe départementale du programme 147 »", blank: -1)

        let nodes = contract.tree.flatMap(\.flattened)
        var objectiveIDs: [Int] = []
        if let codes = input.objectives {
            for code in codes {
                guard let node = nodes.first(where: { $0.code == code.trimmingSpaces }) else {
                    problems.add("objectives", "Champ « objectifs visés » : « \(code) » n'est pas un nœud de l'arbre du contrat \(contract.contract.shortName).")
                    continue
                }
                if !objectiveIDs.contains(node.id) { objectiveIDs.append(node.id) }
            }
            if codes.isEmpty { problems.add("objectives", "Champ « objectifs visés » : choisissez au moins un objectif du contrat.") }
        } else {
            objectiveIDs = Self.leaves(contract.tree).map(\.id)
        }

        var funders: [CallFunder] = []
        for (index, entry) in (input.funders ?? []).enumerated() {
            let label = "Champ « financeurs », ligne \(index + 1)"
            guard let funder = catalog.first(where: { $0.funder.code == entry.funder.trimmingSpaces }) else {
                problems.add("funders", "\(label) : aucun financeur n'a le code « \(entry.funder) » (voir la page des financeurs).")
                continue
            }
            var schemeIDs: [Int] = []
            for code in entry.schemes ?? funder.schemes.map(\.scheme.code) {
                guard let scheme = funder.schemes.first(where: { $0.scheme.code == code.trimmingSpaces }) else {
                    problems.add("funders", "\(label) : \(funder.funder.name) n'a pas de dispositif « \(code) ».")
                    continue
                }
                schemeIDs.append(scheme.scheme.id)
            }
            let envelope = problems.amount(entry.envelope, field: "funders", label: "\(label), enveloppe de \(funder.funder.name)", blank: -1)
            funders.append(CallFunder(funderID: funder.funder.id, schemeIDs: schemeIDs, envelope: envelope.flatMap { $0 < 0 ? nil : $0 }))
        }

        var grid = ScoringGrid.regionDefault
        if let criteria = input.grid {
            var list: [Criterion] = []
            for (index, criterion) in criteria.enumerated() {
                let weight = problems.decimal(criterion.weight, field: "grid", label: "Champ « grille », critère \(index + 1), poids", range: 0.01...100, blank: 1)
                let lower = criterion.min ?? 0, upper = criterion.max ?? 4
                if lower >= upper { problems.add("grid", "Champ « grille », critère \(index + 1) : l'échelle \(lower)–\(upper) est vide.") }
                list.append(Criterion(code: criterion.code.trimmingSpaces, label: criterion.label.trimmingSpaces, weight: weight ?? 1,
                                      scale: min(lower, upper)...max(lower, upper)))
            }
            grid = ScoringGrid(criteria: list)
        }
        let documents = (input.documents ?? ["Budget prévisionnel de l'action", "Statuts et dernier rapport d'activité", "Relevé d'identité bancaire"])
            .map(\.trimmingSpaces).filter { !$0.isEmpty }

        guard problems.errors.isEmpty, let year, let opens, let closes, let starts, let ends else { throw FormInvalid(errors: problems.errors) }
        let call = Call(id: 0, contractID: contract.contract.id, kind: kind ?? .yearlyCall, title: title, year: year, opensOn: opens, closesOn: closes,
                        actionStartsOn: starts, actionEndsOn: ends, objectiveIDs: objectiveIDs, funders: funders, grid: grid, documentsAsked: documents)
        let domainProblems = call.problems().filter { $0.severity == .error }
        guard domainProblems.isEmpty else {
            throw FormInvalid(errors: domainProblems.map { FieldError(field: $0.field, message: Self.callFieldLabel($0.field) + $0.message) })
        }
        let fundersText = funders.map { String($0.funderID) }.joined(separator: ","), objectivesText = objectiveIDs.map(String.init).joined(separator: ",")
        return try await database.transaction { db in
            let id = try await repository(db).createCall(call, departmentP147Envelope: p147.flatMap { $0 < 0 ? nil : $0 }, isDemo: isDemo, createdAt: now)
            try await audit(db).record("create", entity: "call", id: String(id), contractID: contract.contract.id, by: actor,
                                       after: ["title": title, "kind": call.kind.rawValue, "year": String(year),
                                               "funders": fundersText, "objectives": objectivesText])
            return id
        }
    }

    static func callFieldLabel(_ field: String) -> String {
        switch field {
        case "title": "Champ « titre de l'appel » : "
        case "closesOn": "Champ « clôture » : "
        case "actionEndsOn": "Champ « fin des actions » : "
        case "funders": "Champ « financeurs » : "
        default: field.hasPrefix("grid") ? "Champ « grille » : " : field.hasPrefix("funders") ? "Champ « financeurs » : " : ""
        }
    }

    // MARK: Reading applications with access rules

    /// How this person sees the application, or nil when it must stay invisible (404).
    func access(to application: StoredApplication, call: StoredCall, funders: [StoredFunder], by actor: ProgrammingActor) -> ApplicationAccess? {
        let roles = actor.roles(onContract: call.call.contractID)
        let owns = Self.ownsApplication(application, call: call, funders: funders, by: actor)
        // A draft belongs to its holder alone until it is submitted.
        if application.status == .draft { return owns ? .holder : nil }
        if actor.isAdministrator || roles.contains(.contractTeam) { return .contractTeam }
        if roles.contains(.funder), let organisationID = actor.organisationID {
            let funderIDs = Self.instructorFunderIDs(organisationID: organisationID, call: call, funders: funders)
            if !funderIDs.isEmpty { return .instructor(funderIDs: funderIDs) }
        }
        return owns ? .holder : nil
    }

    static func instructorFunderIDs(organisationID: Int, call: StoredCall, funders: [StoredFunder]) -> [Int] {
        funders.filter { $0.organisationID == organisationID && call.call.funder($0.funder.id) != nil }.map(\.funder.id)
    }

    /// The application as this person may see it; 404 otherwise (its existence is not revealed).
    func view(applicationID: Int, by actor: ProgrammingActor) async throws -> ApplicationView {
        let repository = repository(database)
        let funders = try await repository.funders()
        guard let stored = try await repository.application(id: applicationID), let call = try await repository.call(id: stored.callID),
              let access = access(to: stored, call: call, funders: funders, by: actor) else {
            throw RequestError.notFound(what: "La candidature n° \(applicationID)")
        }
        return try await view(stored, call: call, access: access)
    }

    func view(_ stored: StoredApplication, call: StoredCall, access: ApplicationAccess) async throws -> ApplicationView {
        let repository = repository(database)
        let catalog = try await repository.catalog()
        guard let contract = try await SQLContractRepository(database: database).find(id: call.call.contractID) else {
            throw RequestError.notFound(what: "Le contrat n° \(call.call.contractID)")
        }
        let application = stored.domain(call: call.call)
        let rules = try await ruleSet()
        let findings = try await eligibility(application, call: call, rules: rules, catalog: catalog)
        let submission = stored.status == .draft ? submissionProblems(stored, call: call, catalog: catalog) : []
        let moves = access.programmingRoles.flatMap { ApplicationWorkflow.moves(from: stored.status, for: $0) }
        var unique: [StatusMove] = []
        for move in moves where !unique.contains(where: { $0.to == move.to }) { unique.append(move) }
        return ApplicationView(
            stored: stored, call: call, contract: contract, catalog: catalog, access: access, application: application, findings: findings,
            submissionProblems: submission, statusChanges: try await repository.statusChanges(applicationID: stored.id),
            reviews: access.seesInstruction ? try await repository.reviews(.id(stored.id)) : [],
            decisions: try await repository.decisions(.id(stored.id)), agreements: try await repository.agreements(.id(stored.id)),
            versions: stored.version, moves: unique)
    }

    /// The applications of the person's organisation, with their calls.
    func myApplications(by actor: ProgrammingActor) async throws -> [(StoredApplication, StoredCall)] {
        guard let organisationID = actor.organisationID else { return [] }
        let repository = repository(database)
        var result: [(StoredApplication, StoredCall)] = []
        for application in try await repository.applications(.organisation(organisationID)) {
            if let call = try await repository.call(id: application.callID) { result.append((application, call)) }
        }
        return result.sorted { ($0.1.call.year, $0.0.id) > ($1.1.call.year, $1.0.id) }
    }

    // MARK: Eligibility

    func eligibility(_ application: FundingApplication, call: StoredCall, rules: EligibilityRuleSet, catalog: FundingCatalog) async throws -> [RuleFinding] {
        let context = EligibilityContext(programme147Envelope: call.departmentP147Envelope,
                                         grantedToVulnerableAreas: call.departmentP147Envelope == nil ? nil
                                            : try await grantedToVulnerableAreas(year: call.call.year, excluding: application.id))
        return EligibilityEngine.evaluate(application, call: call.call, rules: rules, catalog: catalog, context: context)
    }

    /// What the programme 147 has granted this year, over all calls of the year, to actions aimed at
    /// vulnerable territories (other than `excluding`).
    func grantedToVulnerableAreas(year: Int, excluding applicationID: Int) async throws -> Double {
        let sql = database as! any SQLDatabase
        struct Row: Decodable { var amount: Double; var body: String }
        let rows = try await sql.raw("""
            SELECT d.amount, a.body FROM decisions d
            JOIN funding_lines fl ON fl.id = d.funding_line_id JOIN schemes s ON s.id = fl.scheme_id
            JOIN applications a ON a.id = d.application_id JOIN calls c ON c.id = a.call_id
            WHERE s.code = 'P147' AND c.year = \(bind: year) AND a.id <> \(bind: applicationID)
            """).all(decoding: Row.self)
        return EuroAmount.sum(rows.compactMap { row in
            let body = try? JSONDecoder().decode(ApplicationBody.self, from: Data(row.body.utf8))
            return body?.otherAreas.contains { $0.kind == .vulnerableArea } == true ? row.amount : nil
        })
    }

    // MARK: Applications: start, save, submit

    /// Starts an application of the actor's organisation to an open call (and saves a first draft
    /// when one is given). Refuses a second application of the same organisation to the call.
    func startApplication(callID: Int, input: ApplicationInput?, by actor: ProgrammingActor, isDemo: Bool = false) async throws -> Int {
        let call = try await self.call(id: callID)
        guard let organisationID = actor.organisationID,
              let organisation = try await SQLOrganisationRepository(database: database).organisation(id: organisationID) else {
            throw ProgrammingError.noOrganisation
        }
        let siret = try await organisationSIRET(organisationID)
        guard let siret, SIRET.isValid(siret) else { throw ProgrammingError.organisationWithoutSIRET(organisation.name) }
        guard call.call.isOpen(on: today) else { throw ProgrammingError.callNotOpen(call: call.call.title, opens: call.call.opensOn, closes: call.call.closesOn) }
        if let existing = try await repository(database).applicationID(callID: callID, organisationID: organisationID) {
            throw ProgrammingError.alreadyApplied(call: call.call.title, applicationID: existing)
        }
        let holderKind: HolderKind = organisation.kind == .commune ? .commune : organisation.kind == .epci ? .epci
            : organisation.kind == .socialLandlord ? .socialLandlord : .association
        let defaultTitle = "Projet de \(organisation.name)"
        let parsed: ParsedDraft? = if let input { try await parse(input, call: call, defaultTitle: defaultTitle, defaultKind: holderKind) } else { nil }
        let title = parsed?.title.nilIfEmpty ?? defaultTitle
        return try await database.transaction { db in
            let holder = ProjectHolder(name: organisation.name, siret: siret, kind: parsed?.holderKind ?? holderKind)
            let id: Int
            do {
                id = try await repository(db).createApplication(callID: callID, organisationID: organisationID, holder: holder, title: title, isDemo: isDemo, now: now)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                throw ProgrammingError.alreadyApplied(call: call.call.title, applicationID: 0)
            }
            if let parsed {
                try await repository(db).saveDraft(id: id, title: title, holderKind: parsed.holderKind, ownFunds: parsed.ownFunds, body: parsed.body,
                                                   lines: parsed.lines.map { ($0.funderID, $0.schemeID, $0.label, $0.requested) }, now: now)
            }
            try await audit(db).record("create", entity: "application", id: String(id), contractID: call.call.contractID, by: actor.actor,
                                       after: ["call": String(callID), "holder": organisation.name, "siret": siret, "title": title])
            return id
        }
    }

    private func organisationSIRET(_ organisationID: Int) async throws -> String? {
        struct Row: Decodable { var siret: String? }
        return try await (database as! any SQLDatabase).raw("SELECT siret FROM organisations WHERE id = \(bind: organisationID)").first(decoding: Row.self)?.siret
    }

    /// Whether the actor speaks for the holder of the application (its organisation, as project holder).
    static func ownsApplication(_ stored: StoredApplication, call: StoredCall, funders: [StoredFunder], by actor: ProgrammingActor) -> Bool {
        guard let organisationID = actor.organisationID, organisationID == stored.organisationID else { return false }
        return actor.isAdministrator || actor.roles(onContract: call.call.contractID).contains(.projectHolder)
    }

    /// The holder's own draft, or 404; refused once submitted.
    private func ownDraft(_ applicationID: Int, by actor: ProgrammingActor) async throws -> (StoredApplication, StoredCall) {
        let repository = repository(database)
        let funders = try await repository.funders()
        guard let stored = try await repository.application(id: applicationID), let call = try await repository.call(id: stored.callID),
              Self.ownsApplication(stored, call: call, funders: funders, by: actor) else {
            throw RequestError.notFound(what: "La candidature n° \(applicationID)")
        }
        guard stored.status == .draft else { throw ProgrammingError.notEditable(status: stored.status.label) }
        return (stored, call)
    }

    /// Saves the draft as given, all of it or nothing: a field that cannot be read is refused with
    /// its French message. Whether the application is complete is checked at submission.
    func saveDraft(applicationID: Int, input: ApplicationInput, by actor: ProgrammingActor) async throws {
        let (stored, call) = try await ownDraft(applicationID, by: actor)
        let parsed = try await parse(input, call: call, defaultTitle: stored.title, defaultKind: stored.holder.kind)
        try await database.transaction { db in
            try await repository(db).saveDraft(id: stored.id, title: parsed.title, holderKind: parsed.holderKind, ownFunds: parsed.ownFunds, body: parsed.body,
                                               lines: parsed.lines.map { ($0.funderID, $0.schemeID, $0.label, $0.requested) }, now: now)
            try await audit(db).record("update", entity: "application", id: String(stored.id), contractID: call.call.contractID, by: actor.actor,
                                       before: ["title": stored.title, "requested": String(EuroAmount.sum(stored.fundingLines.map(\.requested)))],
                                       after: ["title": parsed.title, "requested": String(EuroAmount.sum(parsed.lines.map(\.requested)))])
        }
    }

    /// What still stops a draft from being submitted: missing answers, then the domain checks.
    func submissionProblems(_ stored: StoredApplication, call: StoredCall, catalog: FundingCatalog) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        let body = stored.body
        if body.actionType == nil { problems.append(FieldProblem(field: "actionType", message: "Champ « type d'action » : choisissez le type d'action.")) }
        if body.startDate == nil { problems.append(FieldProblem(field: "startDate", message: "Champ « date de début » : la date est vide.")) }
        if body.endDate == nil { problems.append(FieldProblem(field: "endDate", message: "Champ « date de fin » : la date est vide.")) }
        if body.beneficiaries.total <= 0 {
            problems.append(FieldProblem(field: "beneficiaries.total", message: "Champ « nombre de bénéficiaires » : indiquez combien de personnes l'action doit toucher."))
        }
        if body.transitionStatement.trimmingSpaces.isEmpty {
            problems.append(FieldProblem(field: "transitionStatement", message: "Champ « contribution à la transition écologique » : quelques lignes sont attendues."))
        }
        if !stored.fundingLines.contains(where: { $0.funderID != nil }) {
            problems.append(FieldProblem(field: "fundingPlan[0].funderID", message: "Plan de financement : aucune ligne ne sollicite un financeur de l'appel."))
        }
        let domain = ApplicationValidation.problems(stored.domain(call: call.call), call: call.call, catalog: catalog)
            .filter { $0.severity == .error }
            .filter { problem in !(problem.field == "startDate" && body.startDate == nil) && !(problem.field == "endDate" && body.endDate == nil) }
        return problems + domain
    }

    /// Submits the draft: checks it completely, freezes it as a new version, moves it to « déposée ».
    func submit(applicationID: Int, by actor: ProgrammingActor) async throws {
        let (stored, call) = try await ownDraft(applicationID, by: actor)
        guard call.call.isOpen(on: today) else { throw ProgrammingError.callNotOpen(call: call.call.title, opens: call.call.opensOn, closes: call.call.closesOn) }
        let catalog = try await repository(database).catalog()
        let problems = submissionProblems(stored, call: call, catalog: catalog)
        guard problems.isEmpty else {
            throw FormInvalid(errors: problems.map { FieldError(field: ApplicationField.formField(forDomainPath: $0.field), message: $0.message) })
        }
        try await database.transaction { db in
            _ = try await repository(db).addVersion(applicationID: stored.id, snapshot: stored.domain(call: call.call), submittedBy: actor.actor.label, now: now)
            try await applyMove(stored, call: call, to: .submitted, role: .projectHolder, by: actor, db: db)
        }
    }

    // MARK: Workflow

    /// Moves an application along the workflow for the roles the actor holds on it.
    func move(applicationID: Int, to target: ApplicationStatus, by actor: ProgrammingActor) async throws {
        let view = try await view(applicationID: applicationID, by: actor)
        if target == .submitted {
            try await submit(applicationID: applicationID, by: actor)
            return
        }
        if case .decided = target {
            throw ProgrammingError.refusedMove("Une décision s'enregistre ligne par ligne avec ses montants (formulaire « Décisions du comité »), pas par un simple changement de statut.")
        }
        let role = try checkedRole(view, to: target)
        if target == .proposed {
            let table = InstructionTable.build(call: view.call.call, applications: [view.application], reviews: view.reviews.map(\.review))
            let missing = table.rows.first?.fundersWithoutReview ?? []
            if !missing.isEmpty {
                throw ProgrammingError.refusedMove("La candidature ne peut pas être proposée au comité : \(missing.map { view.catalog.funderName($0) }.joined(separator: ", ")) n'\(missing.count > 1 ? "ont" : "a") pas encore rendu son avis.")
            }
        }
        if target == .agreementSigned {
            try agreementsComplete(view)
        }
        try await database.transaction { db in
            try await applyMove(view.stored, call: view.call, to: target, role: role, by: actor, db: db)
        }
    }

    /// The first of the actor's roles that may make the move, or the workflow's French refusal.
    private func checkedRole(_ view: ApplicationView, to target: ApplicationStatus) throws -> ProgrammingRole {
        var refusal: StatusTransitionError?
        for role in view.access.programmingRoles {
            switch ApplicationWorkflow.transition(from: view.stored.status, to: target, by: role) {
            case .success: return role
            case .failure(let error): if refusal == nil { refusal = error }
            }
        }
        throw ProgrammingError.refusedMove(refusal?.message ?? "Changement de statut impossible.")
    }

    /// Records a checked move: the new status, its history line and its audit line, in `db`.
    private func applyMove(_ stored: StoredApplication, call: StoredCall, to target: ApplicationStatus, role: ProgrammingRole,
                           by actor: ProgrammingActor, db: any Database) async throws {
        if case .failure(let error) = ApplicationWorkflow.transition(from: stored.status, to: target, by: role) {
            throw ProgrammingError.refusedMove(error.message)
        }
        let change = StatusChange(from: stored.status, to: target, occurredAt: now, actorUserID: actor.actor.userID, actorLabel: actor.actor.label, role: role)
        try await repository(db).setStatus(id: stored.id, target, now: now)
        try await repository(db).recordStatusChange(applicationID: stored.id, change)
        try await audit(db).record("status", entity: "application", id: String(stored.id), contractID: call.call.contractID, by: actor.actor,
                                   before: ["status": stored.status.code], after: ["status": target.code, "role": role.rawValue])
    }

    // MARK: Instruction

    /// Saves the instructor's review for its own funder; the first review of a receivable application
    /// opens its instruction.
    func review(applicationID: Int, input: ReviewInput, by actor: ProgrammingActor) async throws {
        let view = try await view(applicationID: applicationID, by: actor)
        guard case .instructor(let funderIDs) = view.access, let funderID = funderIDs.first else {
            throw ProgrammingError.notAnInstructor(call: view.call.call.title)
        }
        guard [.receivable, .underInstruction].contains(view.stored.status) else {
            throw ProgrammingError.refusedMove("La candidature est « \(view.stored.status.label) » : les avis se donnent quand elle est recevable ou en instruction.")
        }
        var problems = InputProblems()
        var scores: [String: Int] = [:]
        for (code, value) in (input.scores ?? [:]).sorted(by: { $0.key < $1.key }) {
            let label = view.call.call.grid.criterion(code).map { "Critère « \($0.label) »" } ?? "Critère « \(code) »"
            if let mark = problems.integer(value, field: "note_\(code)", label: label, range: Int.min / 2...Int.max / 2, blank: nil) { scores[code] = mark }
        }
        let opinion = problems.code(input.opinion ?? "pending", of: ReviewOpinion.self, field: "avis", label: "Champ « avis »", labelOf: \.label) ?? .pending
        var proposed: [Int: Double] = [:]
        for (key, value) in (input.proposed ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let lineID = Int(key) ?? view.singleLine(ofFunder: key) else {
                problems.add("propose_\(key)", "Montant proposé : « \(key) » n'est ni un numéro de ligne de financement ni le code d'un financeur qui n'a qu'une ligne dans le plan.")
                continue
            }
            let line = view.application.fundingLine(lineID)
            let label = "Montant proposé sur la ligne « \(line?.label ?? "n° \(lineID)") »"
            if value.text.trimmingSpaces.isEmpty { continue }
            if let amount = problems.amount(value, field: "propose_\(lineID)", label: label, blank: nil) { proposed[lineID] = amount }
        }
        guard problems.errors.isEmpty else { throw FormInvalid(errors: problems.errors) }
        let instructorName = actor.account?.displayName ?? actor.actor.label
        let review = Review(applicationID: view.stored.id, funderID: funderID, instructor: instructorName, scores: scores, opinion: opinion,
                            comment: (input.comment ?? "").trimmingSpaces, proposedAmounts: proposed)
        let refused = ReviewValidation.problems(review, application: view.application, grid: view.call.call.grid, catalog: view.catalog).filter { $0.severity == .error }
        guard refused.isEmpty else {
            throw FormInvalid(errors: refused.map { problem in
                let field = problem.field.hasPrefix("scores.") ? "note_" + problem.field.dropFirst("scores.".count)
                    : problem.field.hasPrefix("proposedAmounts[") ? "propose_" + problem.field.dropFirst("proposedAmounts[".count).dropLast() : problem.field
                return FieldError(field: String(field), message: problem.message)
            })
        }
        let scoresText = scores.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        try await database.transaction { db in
            let saved = try await repository(db).saveReview(review, instructorUserID: actor.actor.userID, now: now)
            try await audit(db).record(saved.existed ? "update" : "create", entity: "review", id: String(saved.id), contractID: view.call.call.contractID, by: actor.actor,
                                       after: ["application": String(view.stored.id), "funder": String(funderID), "opinion": opinion.rawValue,
                                               "proposed": String(review.totalProposed(in: view.application)),
                                               "scores": scoresText])
            if view.stored.status == .receivable {
                try await applyMove(view.stored, call: view.call, to: .underInstruction, role: .instructor, by: actor, db: db)
            }
        }
    }

    /// The instruction table of a call, for its instructors and the contract team.
    func instruction(callID: Int, by actor: ProgrammingActor) async throws -> (call: StoredCall, table: InstructionTable, applications: [StoredApplication], catalog: FundingCatalog) {
        let call = try await self.call(id: callID)
        let funders = try await repository(database).funders()
        let roles = actor.roles(onContract: call.call.contractID)
        let isTeam = actor.isAdministrator || roles.contains(.contractTeam)
        if !isTeam && Self.instructorFunderIDs(organisationID: actor.organisationID ?? -1, call: call, funders: funders).isEmpty {
            throw ProgrammingError.notAnInstructor(call: call.call.title)
        }
        let stored = try await repository(database).applications(.call(callID)).filter { $0.status != .draft }
        let reviews = try await repository(database).reviews(.call(callID)).map(\.review)
        let table = InstructionTable.build(call: call.call, applications: stored.map { $0.domain(call: call.call) }, reviews: reviews)
        return (call, table, stored, try await repository(database).catalog())
    }

    // MARK: Decisions and agreements

    /// Records the committee's decisions on funding lines; once every funder line is decided the
    /// application moves to « décidée » with the overall outcome. Recorded by the contract team
    /// (and administrators), who keep the committee's minutes.
    func decide(applicationID: Int, input: DecisionInput, by actor: ProgrammingActor) async throws {
        let view = try await view(applicationID: applicationID, by: actor)
        guard view.access == .contractTeam else {
            throw ProgrammingError.refusedMove("Seule l'équipe du contrat de ville enregistre les décisions du comité de pilotage et du comité des financeurs.")
        }
        guard view.stored.status == .proposed else {
            throw ProgrammingError.refusedMove("La candidature est « \(view.stored.status.label) » : les décisions s'enregistrent quand elle a été proposée au comité.")
        }
        var problems = InputProblems()
        let decidedOn = problems.date(input.decidedOn, field: "date_decision", label: "Champ « date de la décision »", required: true)
        let decidedBy = input.decidedBy?.trimmingSpaces ?? ""
        if decidedBy.isEmpty { problems.add("instance", "Champ « instance qui a décidé » : par exemple « Comité de pilotage du 12/03/2026 ».") }
        let reference = input.reference?.trimmingSpaces ?? ""
        if reference.isEmpty { problems.add("reference", "Champ « référence de l'acte » : la délibération ou l'arrêté qui porte la décision.") }
        let already = Set(view.decisions.map(\.decision.fundingLineID))
        var decisions: [Decision] = []
        for entry in input.decisions {
            let lineID = entry.line ?? entry.funder.flatMap { view.singleLine(ofFunder: $0) }
            let name = entry.line.map { "n° \($0)" } ?? "de « \(entry.funder ?? "") »"
            guard let lineID, let line = view.application.fundingLine(lineID), let funderID = line.funderID else {
                problems.add("decision_\(entry.line ?? 0)", "Décision : la ligne de financement \(name) n'existe pas, ne sollicite aucun financeur ou n'est pas la seule de ce financeur (indiquez « line »).")
                continue
            }
            if already.contains(line.id) {
                problems.add("decision_\(line.id)", "Ligne « \(line.label) » : elle a déjà une décision ; une décision enregistrée ne se modifie pas.")
                continue
            }
            if entry.amount?.text.trimmingSpaces.isEmpty ?? true { continue }
            guard let amount = problems.amount(entry.amount, field: "decision_\(line.id)", label: "Montant accordé sur la ligne « \(line.label) »", blank: nil) else { continue }
            decisions.append(Decision(id: 0, applicationID: view.stored.id, fundingLineID: line.id, funderID: funderID,
                                      outcome: Decision.outcome(amount: amount, requested: line.requested), amount: amount,
                                      decidedOn: decidedOn ?? view.call.call.opensOn, decidedBy: decidedBy, reference: reference))
        }
        if decisions.isEmpty && problems.errors.isEmpty {
            problems.add("decisions", "Décisions : indiquez le montant accordé (0 pour un refus) sur au moins une ligne.")
        }
        for decision in decisions {
            for problem in decision.problems(application: view.application, catalog: view.catalog) where problem.severity == .error {
                problems.add("decision_\(decision.fundingLineID)", problem.message)
            }
        }
        guard problems.errors.isEmpty else { throw FormInvalid(errors: problems.errors) }
        let newDecisions = decisions
        try await database.transaction { db in
            var recorded = view.decisions.map(\.decision)
            for decision in newDecisions {
                var saved = decision
                saved.id = try await repository(db).insertDecision(decision, recordedAt: now, recordedBy: actor.actor.label)
                recorded.append(saved)
                try await audit(db).record("decide", entity: "decision", id: String(saved.id), contractID: view.call.call.contractID, by: actor.actor,
                                           after: ["application": String(view.stored.id), "line": String(decision.fundingLineID), "funder": String(decision.funderID),
                                                   "outcome": decision.outcome.rawValue, "amount": String(decision.amount), "reference": reference,
                                                   "decidedOn": decision.decidedOn.iso, "decidedBy": decidedBy])
            }
            if let overall = Decision.overallOutcome(of: view.application, decisions: recorded) {
                try await applyMove(view.stored, call: view.call, to: .decided(overall), role: .steeringCommittee, by: actor, db: db)
            }
        }
    }

    /// Records a funder's agreement (one year, or several for a CPO); when every granting funder has
    /// a signed agreement the application moves to « convention signée ».
    func recordAgreement(applicationID: Int, input: AgreementInput, by actor: ProgrammingActor) async throws {
        let view = try await view(applicationID: applicationID, by: actor)
        guard let funder = view.catalog.funders.first(where: { $0.code == input.funder.trimmingSpaces }) else {
            throw FormInvalid(errors: [FieldError(field: "financeur", message: "Champ « financeur » : aucun financeur n'a le code « \(input.funder) ».")])
        }
        switch view.access {
        case .contractTeam: break
        case .instructor(let funderIDs) where funderIDs.contains(funder.id): break
        case .instructor: throw ProgrammingError.refusedMove("Une convention de \(funder.name) s'enregistre par ses instructeurs ou par l'équipe du contrat.")
        case .holder: throw ProgrammingError.refusedMove("Les conventions s'enregistrent par les financeurs ou l'équipe du contrat.")
        }
        guard view.stored.status == .decided(.granted) || view.stored.status == .decided(.partlyGranted) else {
            throw ProgrammingError.refusedMove("La candidature est « \(view.stored.status.label) » : une convention suit une décision d'accord.")
        }
        var problems = InputProblems()
        var years: [Int: Double] = [:]
        for (key, value) in input.years.sorted(by: { $0.key < $1.key }) {
            guard let year = Int(key.trimmingSpaces), (2000...2100).contains(year) else {
                problems.add("annee_\(key)", "Convention : « \(key) » n'est pas une année.")
                continue
            }
            if let amount = problems.amount(value, field: "annee_\(year)", label: "Convention, montant \(year)", blank: 0) { years[year] = amount }
        }
        let signedOn = problems.date(input.signedOn, field: "signature", label: "Champ « date de signature »", required: false)
        let agreement = Agreement(applicationID: view.stored.id, funderID: funder.id, years: years.filter { $0.value > 0 }, signedOn: signedOn,
                                  reference: input.reference?.trimmingSpaces.nilIfEmpty)
        if problems.errors.isEmpty {
            for problem in agreement.problems(decisions: view.decisions.map(\.decision), catalog: view.catalog) where problem.severity == .error {
                problems.add("annees", problem.message)
            }
        }
        guard problems.errors.isEmpty else { throw FormInvalid(errors: problems.errors) }
        try await database.transaction { db in
            try await repository(db).saveAgreement(agreement, now: now)
            try await audit(db).record("agreement", entity: "application", id: String(view.stored.id), contractID: view.call.call.contractID, by: actor.actor,
                                       after: ["funder": funder.code, "years": agreement.sortedYears.map { "\($0)=\(agreement.years[$0]!)" }.joined(separator: ","),
                                               "signedOn": signedOn?.iso ?? ""])
            var updated = view
            updated.agreements.removeAll { $0.agreement.funderID == funder.id }
            updated.agreements.append(StoredAgreement(agreement: agreement, recordedAt: now))
            if (try? agreementsComplete(updated)) != nil {
                let role: ProgrammingRole = view.access == .contractTeam ? .contractTeam : .instructor
                try await applyMove(view.stored, call: view.call, to: .agreementSigned, role: role, by: actor, db: db)
            }
        }
    }

    /// Throws unless every funder that granted money has a signed agreement.
    private func agreementsComplete(_ view: ApplicationView) throws {
        let granting = Set(view.decisions.map(\.decision).filter(\.isGrant).map(\.funderID))
        let signed = Set(view.agreements.filter { $0.agreement.signedOn != nil }.map(\.agreement.funderID))
        let missing = granting.subtracting(signed).sorted()
        guard missing.isEmpty else {
            throw ProgrammingError.refusedMove("Convention manquante ou non signée avec \(missing.map { view.catalog.funderName($0) }.joined(separator: ", ")).")
        }
    }

    // MARK: Reading a draft

    /// Reads what a holder sent, field by field; every problem is collected and nothing is kept
    /// when one is found.
    func parse(_ input: ApplicationInput, call: StoredCall, defaultTitle: String, defaultKind: HolderKind) async throws -> ParsedDraft {
        guard let contract = try await SQLContractRepository(database: database).find(id: call.call.contractID) else {
            throw RequestError.notFound(what: "Le contrat n° \(call.call.contractID)")
        }
        let catalog = try await repository(database).funders()
        let rules = try await ruleSet()
        var problems = InputProblems()
        typealias F = ApplicationField

        let title = input.title.map(\.trimmingSpaces) ?? defaultTitle
        if title.isEmpty { problems.add(F.title, "Champ « titre du projet » : obligatoire.") }
        if title.count > 200 { problems.add(F.title, "Champ « titre du projet » : 200 caractères au plus.") }
        let holderKind = problems.code(input.holderKind, of: HolderKind.self, field: F.holderKind, label: "Champ « type de porteur »", labelOf: \.label) ?? defaultKind

        var body = ApplicationBody()
        let nodes = contract.tree.flatMap(\.flattened)
        for code in input.objectives ?? [] {
            let trimmed = code.trimmingSpaces
            guard let node = nodes.first(where: { $0.code == trimmed || String($0.id) == trimmed }), call.call.objectiveIDs.contains(node.id) else {
                problems.add(F.objectives, "Champ « objectifs » : « \(code) » ne fait pas partie des objectifs de l'appel « \(call.call.title) ».")
                continue
            }
            if !body.objectiveIDs.contains(node.id) { body.objectiveIDs.append(node.id) }
        }
        let contractQPV = Set(contract.qpv.map(\.code))
        for code in input.qpv ?? [] {
            let trimmed = code.trimmingSpaces.uppercased()
            guard contractQPV.contains(trimmed) else {
                problems.add(F.qpv, "Champ « quartiers visés » : « \(code) » n'est pas un quartier prioritaire du contrat \(contract.contract.shortName).")
                continue
            }
            if !body.qpvCodes.contains(trimmed) { body.qpvCodes.append(trimmed) }
        }
        for (index, area) in (input.otherAreas ?? []).enumerated() {
            let label = "Champ « autres territoires », ligne \(index + 1)"
            let kind = TerritoryKind(rawValue: area.kind ?? "")
            guard let kind, kind == .livedArea || kind == .vulnerableArea else {
                problems.add(F.otherAreas, "\(label) : un quartier vécu (livedArea) ou un territoire vulnérable (vulnerableArea) est attendu.")
                continue
            }
            let name = area.name?.trimmingSpaces ?? ""
            if name.isEmpty { problems.add(F.otherAreas, "\(label) : le nom du territoire manque.") }
            body.otherAreas.append(TargetArea(kind: kind, code: area.code?.trimmingSpaces.nilIfEmpty ?? name, name: name))
        }
        body.startDate = problems.date(input.startDate, field: F.startDate, label: "Champ « date de début »", required: false)
        body.endDate = problems.date(input.endDate, field: F.endDate, label: "Champ « date de fin »", required: false)
        let period = "du \(call.call.actionStartsOn.frenchText) au \(call.call.actionEndsOn.frenchText)"
        for (field, label, date) in [(F.startDate, "date de début", body.startDate), (F.endDate, "date de fin", body.endDate)] {
            if let date, date < call.call.actionStartsOn || date > call.call.actionEndsOn {
                problems.add(field, "Champ « \(label) » : le \(date.frenchText) sort de la période des actions de l'appel (\(period)).")
            }
        }
        if let start = body.startDate, let end = body.endDate, end < start {
            problems.add(F.endDate, "Champ « date de fin » : le \(end.frenchText) précède la date de début (\(start.frenchText)).")
        }
        for value in input.years ?? [] where !value.text.trimmingSpaces.isEmpty {
            if let year = problems.integer(value, field: F.years, label: "Champ « années de programmation »", range: 2000...2100, blank: nil), !body.years.contains(year) {
                body.years.append(year)
            }
        }
        body.years.sort()
        if body.years.isEmpty, let start = body.startDate, let end = body.endDate, start <= end {
            body.years = Array(start.year...end.year)
        }

        for (index, line) in (input.budget ?? []).enumerated() {
            let label = line.label?.trimmingSpaces ?? ""
            let amountText = line.amount?.text.trimmingSpaces ?? ""
            if label.isEmpty && amountText.isEmpty { continue }
            let name = "Budget, ligne \(index + 1)" + (label.isEmpty ? "" : " (« \(label) »)")
            if label.isEmpty { problems.add(F.budgetLabel(index), "\(name) : le libellé de la dépense manque.") }
            if let amount = problems.amount(line.amount, field: F.budgetAmount(index), label: name, blank: nil, allowZero: false) {
                body.budgetLines.append(BudgetLine(label: label, amount: amount))
            }
        }

        var lines: [ParsedFundingLine] = []
        for (index, line) in (input.fundingPlan ?? []).enumerated() {
            let funderCode = line.funder?.trimmingSpaces ?? ""
            let schemeCode = line.scheme?.trimmingSpaces ?? ""
            let label = line.label?.trimmingSpaces ?? ""
            let amountText = line.requested?.text.trimmingSpaces ?? ""
            if funderCode.isEmpty && schemeCode.isEmpty && label.isEmpty && amountText.isEmpty { continue }
            let name = "Plan de financement, ligne \(index + 1)"
            var funderID: Int?, schemeID: Int?, defaultLabel = label
            if !funderCode.isEmpty {
                guard let funder = catalog.first(where: { $0.funder.code == funderCode }), let callFunder = call.call.funder(funder.funder.id) else {
                    let name2 = catalog.first(where: { $0.funder.code == funderCode })?.funder.name ?? "« \(funderCode) »"
                    problems.add(F.fundingSource(index), "\(name) : \(name2) ne participe pas à l'appel « \(call.call.title) ».")
                    continue
                }
                funderID = funder.funder.id
                defaultLabel = funder.funder.name
                if !schemeCode.isEmpty {
                    guard let scheme = funder.schemes.first(where: { $0.scheme.code == schemeCode }), callFunder.schemeIDs.contains(scheme.scheme.id) else {
                        problems.add(F.fundingSource(index), "\(name) : le dispositif « \(schemeCode) » n'est pas ouvert par \(funder.funder.name) dans cet appel.")
                        continue
                    }
                    schemeID = scheme.scheme.id
                    defaultLabel = "\(funder.funder.name) — \(scheme.scheme.name)"
                }
            } else if !schemeCode.isEmpty {
                problems.add(F.fundingSource(index), "\(name) : le dispositif « \(schemeCode) » est indiqué sans son financeur.")
                continue
            } else if label.isEmpty {
                problems.add(F.fundingLabel(index), "\(name) : indiquez le financeur ou, pour une autre ressource, son libellé.")
            }
            if let amount = problems.amount(line.requested, field: F.fundingAmount(index), label: "\(name), montant demandé", blank: nil, allowZero: false) {
                lines.append(ParsedFundingLine(funderID: funderID, schemeID: schemeID, label: label.isEmpty ? defaultLabel : label, requested: amount))
            }
        }
        let ownFunds = problems.amount(input.ownFunds, field: F.ownFunds, label: "Champ « autofinancement »", blank: 0) ?? 0

        let people = input.beneficiaries
        let total = problems.integer(people?.total, field: F.total, label: "Champ « nombre de bénéficiaires »", range: 0...10_000_000, blank: 0) ?? 0
        let women = problems.integer(people?.women, field: F.women, label: "Champ « dont femmes »", range: 0...10_000_000, blank: 0) ?? 0
        let men = problems.integer(people?.men, field: F.men, label: "Champ « dont hommes »", range: 0...10_000_000, blank: 0) ?? 0
        let share = problems.decimal(people?.livingInQPVShare, field: F.qpvShare, label: "Champ « part habitant un QPV (%) »", range: 0...100, blank: 0) ?? 0
        var bands: [AgeBand: Int] = [:]
        for (key, value) in (people?.ageBands ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let band = AgeBand(rawValue: key) else {
                problems.add(F.ageBand(.under6), "Bénéficiaires : « \(key) » n'est pas une tranche d'âge connue.")
                continue
            }
            if let count = problems.integer(value, field: F.ageBand(band), label: "Bénéficiaires \(band.label)", range: 0...10_000_000, blank: 0), count > 0 {
                bands[band] = count
            }
        }
        if women + men > total {
            problems.add(F.women, "Bénéficiaires : \(women) femmes et \(men) hommes font \(women + men) personnes, plus que le total déclaré (\(total)).")
        }
        if bands.values.reduce(0, +) > total {
            problems.add(F.ageBand(.under6), "Bénéficiaires : les tranches d'âge comptent \(bands.values.reduce(0, +)) personnes, plus que le total déclaré (\(total)).")
        }
        body.beneficiaries = Beneficiaries(total: total, women: women, men: men, ageBands: bands, livingInQPVShare: share)

        for (index, indicator) in (input.indicators ?? []).enumerated() {
            let label = indicator.label?.trimmingSpaces ?? ""
            let targetText = indicator.target?.text.trimmingSpaces ?? ""
            if label.isEmpty && targetText.isEmpty { continue }
            if label.isEmpty { problems.add(F.indicatorLabel(index), "Indicateur \(index + 1) : le libellé manque.") }
            let target = problems.decimal(indicator.target, field: F.indicatorTarget(index), label: "Indicateur \(index + 1), valeur visée",
                                          range: -1e12...1e12, blank: -.infinity)
            body.expectedIndicators.append(ExpectedIndicator(label: label, target: target.flatMap { $0.isFinite ? $0 : nil },
                                                             unit: indicator.unit?.trimmingSpaces.nilIfEmpty))
        }
        body.transitionStatement = input.transitionStatement?.trimmingSpaces ?? ""
        if body.transitionStatement.count > 3000 {
            problems.add(F.transition, "Champ « contribution à la transition écologique » : 3 000 caractères au plus.")
        }
        for code in input.themes ?? [] {
            if let theme = problems.code(code, of: TransitionTheme.self, field: F.themes, label: "Champ « thèmes de transition »", labelOf: \.label),
               !body.themes.contains(theme) {
                body.themes.append(theme)
            }
        }
        body.actionType = problems.code(input.actionType, of: ActionType.self, field: F.actionType, label: "Champ « type d'action »", labelOf: \.label)
        body.scale = problems.code(input.scale, of: ActionScale.self, field: F.scale, label: "Champ « échelle »", labelOf: \.label)
        let knownCriteria = Set(rules.criteria.map(\.code))
        for code in input.declaredCriteria ?? [] {
            guard knownCriteria.contains(code) else {
                problems.add(F.criteria, "Champ « critères déclarés » : « \(code) » n'est pas un critère du fichier de règles.")
                continue
            }
            if !body.declaredCriteria.contains(code) { body.declaredCriteria.append(code) }
        }
        for (index, coHolder) in (input.coHolders ?? []).enumerated() {
            let label = "Co-porteur \(index + 1)"
            let name = coHolder.name?.trimmingSpaces ?? ""
            if name.isEmpty { problems.add(F.coHolders, "\(label) : le nom manque.") }
            let siret = SIRET.normalized(coHolder.siret ?? "")
            if let problem = SIRET.problem(siret) { problems.add(F.coHolders, "\(label), SIRET : \(problem).") }
            let kind = problems.code(coHolder.kind, of: HolderKind.self, field: F.coHolders, label: "\(label), type", labelOf: \.label) ?? .association
            if let share = problems.decimal(coHolder.share, field: F.coHolders, label: "\(label), part des subventions (%)", range: 0.01...99.99, blank: nil) {
                body.coHolders.append(CoHolder(holder: ProjectHolder(name: name, siret: siret, kind: kind), share: share / 100))
            }
        }
        guard problems.errors.isEmpty else { throw FormInvalid(errors: problems.errors) }
        return ParsedDraft(title: title, holderKind: holderKind, ownFunds: ownFunds, body: body, lines: lines)
    }
}
