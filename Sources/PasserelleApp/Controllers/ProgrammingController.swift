import Foundation
import PasserelleDomain
import Vapor

extension ContractScope {
    /// The contract of the call named by the `callID` path parameter.
    static let callParameter = ContractScope(name: "appel") { req in
        let text = try req.parameters.require("callID")
        guard let id = Int(text), let contractID = try await SQLProgrammingRepository(database: req.db).contractID(ofCall: id) else {
            throw RequestError.notFound(what: "L'appel à projets n° \(text)")
        }
        return contractID
    }

    /// The contract of the application named by the `applicationID` path parameter. Nobody signed in
    /// is asked to sign in whether the application exists or not.
    static let applicationParameter = ContractScope(name: "candidature") { req in
        let text = try req.parameters.require("applicationID")
        guard let id = Int(text), let contractID = try await SQLProgrammingRepository(database: req.db).contractID(ofApplication: id) else {
            if req.account == nil { return nil }
            throw RequestError.notFound(what: "La candidature n° \(text)")
        }
        return contractID
    }
}

/// Who may do what in the programming (declared on the routes; object-level rules in the service).
enum ProgrammingPermissions {
    static let openCall = Permission.contract([.contractTeam])
    static let apply = Permission.contract([.projectHolder])
    static let instruct = Permission.contract([.contractTeam, .funder])
    static let readApplication = Permission.contract([.projectHolder, .contractTeam, .funder])
    static let editApplication = Permission.contract([.projectHolder])
    static let moveApplication = Permission.contract([.projectHolder, .contractTeam, .funder])
    static let review = Permission.contract([.funder])
    static let decide = Permission.contract([.contractTeam])
    static let agreement = Permission.contract([.contractTeam, .funder])
    static let myApplications = Permission.anyContract([.projectHolder])
}

/// The programming pages: calls, applications and their form, instruction, decisions, dashboard,
/// funders and eligibility rules.
struct ProgrammingController: Sendable {
    // MARK: Contract programming and dashboard

    func home(req: Request) async throws -> Response {
        let contract = try await req.contract()
        let service = req.programming
        let calls = try await service.calls(contractID: contract.contract.id)
        let applications = try await SQLProgrammingRepository(database: req.db).applications(.contract(contract.contract.id))
        var counts: [Int: Int] = [:]
        for application in applications where application.status != .draft { counts[application.callID, default: 0] += 1 }
        let canOpen = AccessPolicy.decide(ProgrammingPermissions.openCall, principal: req.account?.principal, contractID: contract.contract.id) == .allowed
        return .html(ProgrammingPages.home(.init(contract: contract, calls: calls, applicationCounts: counts, canOpenCall: canOpen, today: service.today),
                                           context: req.pageContext()))
    }

    func dashboard(req: Request) async throws -> Response {
        let contract = try await req.contract()
        let year = try req.strictQuery.text("annee", maxLength: 4).map { text in
            guard let year = Int(text), (2000...2100).contains(year) else {
                throw RequestError.invalidParameter(name: "annee", reason: "une année entre 2000 et 2100 est attendue, « \(text) » reçu")
            }
            return year
        }
        let report = try await req.programmingReports.dashboard(contract: contract, year: year, currentYear: req.programming.today.year)
        return .html(DashboardPages.page(report, context: req.pageContext()))
    }

    // MARK: Calls

    func newCallPage(req: Request) async throws -> Response {
        let contract = try await req.contract()
        var values = ["kind": CallKind.yearlyCall.rawValue, "year": String(req.programming.today.year + 1),
                      "documents": "Budget prévisionnel de l'action\nStatuts et dernier rapport d'activité\nRelevé d'identité bancaire"]
        for node in ProgrammingService.leaves(contract.tree) { values["objectif_\(node.code)"] = "oui" }
        return .html(ProgrammingPages.newCall(contract: contract, funders: try await req.programming.funders(), values: .init(values: values), errors: [],
                                              context: req.pageContext(withForm: true)))
    }

    func createCall(req: Request) async throws -> Response {
        let contract = try await req.contract()
        let form = try req.content.decode([String: String].self)
        let funders = try await req.programming.funders()
        var input = CallInput(kind: form["kind"], title: form["title"], year: form["year"].map { LooseValue($0) }, opensOn: form["opensOn"], closesOn: form["closesOn"],
                              actionStartsOn: form["actionStartsOn"], actionEndsOn: form["actionEndsOn"],
                              objectives: ProgrammingService.leaves(contract.tree).filter { form["objectif_\($0.code)"] == "oui" }.map(\.code),
                              funders: [], grid: nil, documents: (form["documents"] ?? "").split(whereSeparator: \.isNewline).map(String.init),
                              departmentP147Envelope: form["departmentP147Envelope"].map { LooseValue($0) })
        for funder in funders where form["financeur_\(funder.funder.code)"] == "oui" {
            input.funders?.append(.init(funder: funder.funder.code, schemes: funder.schemes.filter { form["dispositif_\($0.scheme.code)"] == "oui" }.map(\.scheme.code),
                                        envelope: form["enveloppe_\(funder.funder.code)"].map { LooseValue($0) }))
        }
        do {
            let id = try await req.programming.openCall(contract: contract, input: input, by: req.actor)
            return req.redirect(to: SiteURL.call(.value(id)).path, redirectType: .normal)
        } catch let invalid as FormInvalid {
            let errors = invalid.errors.map { FieldError(field: Self.callFormField($0.field), message: $0.message) }
            return .html(ProgrammingPages.newCall(contract: contract, funders: funders, values: .init(values: form), errors: errors, context: req.pageContext(withForm: true)),
                         status: invalid.status)
        }
    }

    static func callFormField(_ field: String) -> String {
        field.hasPrefix("grid") ? "title" : field.hasPrefix("funders") ? "funders" : field
    }

    func callPage(req: Request) async throws -> Response {
        try await renderCall(req, errors: [], status: .ok)
    }

    private func renderCall(_ req: Request, errors: [FieldError], status: HTTPResponseStatus) async throws -> Response {
        let id = try req.parameters.require("callID", as: Int.self)
        let service = req.programming
        let stored = try await service.call(id: id)
        guard let contract = try await req.contracts.find(id: stored.call.contractID) else { throw RequestError.notFound(what: "Le contrat de l'appel") }
        let repository = SQLProgrammingRepository(database: req.db)
        let funders = try await repository.funders()
        let applications = try await repository.applications(.call(id))
        let actor = req.programmingActor
        let roles = actor.roles(onContract: contract.contract.id)
        let organisationID = actor.organisationID
        let canInstruct = actor.isAdministrator || roles.contains(.contractTeam)
            || (roles.contains(.funder) && !ProgrammingService.instructorFunderIDs(organisationID: organisationID ?? -1, call: stored, funders: funders).isEmpty)
        let model = ProgrammingPages.CallModel(
            stored: stored, contract: contract, catalog: funders, submittedCount: applications.filter { $0.status != .draft }.count, today: service.today,
            isHolder: roles.contains(.projectHolder) && organisationID != nil,
            ownApplicationID: organisationID.flatMap { org in applications.first { $0.organisationID == org }?.id }, canInstruct: canInstruct)
        return .html(ProgrammingPages.callPage(model, errors: errors, context: req.pageContext(withForm: true)), status: status)
    }

    func startApplication(req: Request) async throws -> Response {
        let id = try req.parameters.require("callID", as: Int.self)
        let form = try req.content.decode([String: String].self)
        do {
            let applicationID = try await req.programming.startApplication(callID: id, input: ApplicationInput(title: form["titre"]), by: req.programmingActor)
            return req.redirect(to: SiteURL.applicationEdit(.value(applicationID)).path, redirectType: .normal)
        } catch {
            let (errors, status) = try Self.pageErrors(error)
            return try await renderCall(req, errors: errors, status: status)
        }
    }

    func instruction(req: Request) async throws -> Response {
        let id = try req.parameters.require("callID", as: Int.self)
        let result = try await req.programming.instruction(callID: id, by: req.programmingActor)
        return .html(InstructionPages.table(call: result.call, table: result.table, applications: result.applications, catalog: result.catalog, context: req.pageContext()))
    }

    // MARK: Applications

    func myApplications(req: Request) async throws -> Response {
        let items = try await req.programming.myApplications(by: req.programmingActor)
        return .html(ApplicationPages.mine(items, organisation: req.account?.organisationName, context: req.pageContext()))
    }

    private func applicationID(_ req: Request) throws -> Int {
        let text = try req.parameters.require("applicationID")
        guard let id = Int(text) else { throw RequestError.notFound(what: "La candidature n° \(text)") }
        return id
    }

    func application(req: Request) async throws -> Response {
        let id = try applicationID(req)
        let notice: String? = switch try req.strictQuery.text("fait", maxLength: 20) {
        case "depot": "Candidature déposée : elle est transmise à l'équipe du contrat et aux financeurs de l'appel. Vous suivez ici son statut."
        case "statut": "Statut mis à jour."
        case "avis": "Avis enregistré."
        case "decision": "Décisions enregistrées."
        case "convention": "Convention enregistrée."
        default: nil
        }
        return try await renderApplication(req, id: id, errors: [], notice: notice, status: .ok)
    }

    private func renderApplication(_ req: Request, id: Int, errors: [FieldError], notice: String? = nil, status: HTTPResponseStatus) async throws -> Response {
        let view = try await req.programming.view(applicationID: id, by: req.programmingActor)
        return .html(ApplicationPages.page(view, errors: errors, notice: notice, context: req.pageContext(withForm: true)), status: status)
    }

    func editPage(req: Request) async throws -> Response {
        let id = try applicationID(req)
        let view = try await req.programming.view(applicationID: id, by: req.programmingActor)
        guard view.access == .holder else { throw RequestError.notFound(what: "La candidature n° \(id)") }
        guard view.stored.status == .draft else { return req.redirect(to: SiteURL.application(.value(id)).path, redirectType: .normal) }
        let funders = try await req.programming.funders()
        let notice = try req.strictQuery.text("fait", maxLength: 20) == "enregistre" ? "Brouillon enregistré." : nil
        return try await renderEdit(req, view: view, values: ApplicationForm.values(view.stored, funders: funders), funders: funders, errors: [], notice: notice, status: .ok)
    }

    private func renderEdit(_ req: Request, view: ApplicationView, values: [String: String], funders: [StoredFunder], errors: [FieldError],
                            notice: String? = nil, status: HTTPResponseStatus) async throws -> Response {
        let model = ApplicationPages.FormModel(stored: view.stored, call: view.call, contract: view.contract, funders: funders,
                                               rules: try await req.programming.ruleSet(), values: values, findings: view.findings)
        return .html(ApplicationPages.edit(model, errors: errors, notice: notice, context: req.pageContext(withForm: true)), status: status)
    }

    func saveDraft(req: Request) async throws -> Response {
        let id = try applicationID(req)
        let form = try req.content.decode([String: String].self)
        let view = try await req.programming.view(applicationID: id, by: req.programmingActor)
        guard view.access == .holder else { throw RequestError.notFound(what: "La candidature n° \(id)") }
        let funders = try await req.programming.funders()
        do {
            try await req.programming.saveDraft(applicationID: id, input: ApplicationForm.input(form, call: view.call.call, funders: funders), by: req.programmingActor)
            return req.redirect(to: SiteURL.applicationEdit(.value(id)).path(query: ["fait": "enregistre"]), redirectType: .normal)
        } catch {
            let (errors, status) = try Self.pageErrors(error)
            return try await renderEdit(req, view: view, values: form, funders: funders, errors: errors, status: status)
        }
    }

    func submit(req: Request) async throws -> Response {
        try await act(req, done: "depot") { id in try await req.programming.submit(applicationID: id, by: req.programmingActor) }
    }

    func move(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        guard let target = form["vers"].flatMap(ApplicationStatus.init(code:)) else {
            throw RequestError.invalidBody(reason: "le champ « vers » doit nommer un statut (par exemple receivable)")
        }
        return try await act(req, done: "statut") { id in try await req.programming.move(applicationID: id, to: target, by: req.programmingActor) }
    }

    func review(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        var scores: [String: LooseValue] = [:], proposed: [String: LooseValue] = [:]
        for (key, value) in form {
            if key.hasPrefix("note_"), !value.isEmpty { scores[String(key.dropFirst(5))] = LooseValue(value) }
            if key.hasPrefix("propose_") { proposed[String(key.dropFirst(8))] = LooseValue(value) }
        }
        let input = ReviewInput(scores: scores, opinion: form["avis"], comment: form["commentaire"], proposed: proposed)
        return try await act(req, done: "avis") { id in try await req.programming.review(applicationID: id, input: input, by: req.programmingActor) }
    }

    func decide(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        let lines = form.keys.filter { $0.hasPrefix("decision_") }.compactMap { key in Int(key.dropFirst(9)).map { DecisionInput.Line(line: $0, amount: LooseValue(form[key] ?? "")) } }
            .sorted { ($0.line ?? 0) < ($1.line ?? 0) }
        let input = DecisionInput(decisions: lines, decidedOn: form["date_decision"], decidedBy: form["instance"], reference: form["reference"])
        return try await act(req, done: "decision") { id in try await req.programming.decide(applicationID: id, input: input, by: req.programmingActor) }
    }

    func agreement(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        var years: [String: LooseValue] = [:]
        for (key, value) in form where key.hasPrefix("annee_") { years[String(key.dropFirst(6))] = LooseValue(value) }
        let input = AgreementInput(funder: form["financeur"] ?? "", years: years, signedOn: form["signature"], reference: form["reference"])
        return try await act(req, done: "convention") { id in try await req.programming.recordAgreement(applicationID: id, input: input, by: req.programmingActor) }
    }

    /// Runs an action on the application, then shows it again: with a notice on success, with the
    /// French refusal (and its status) otherwise.
    private func act(_ req: Request, done: String, _ action: (Int) async throws -> Void) async throws -> Response {
        let id = try applicationID(req)
        do {
            try await action(id)
            return req.redirect(to: SiteURL.application(.value(id)).path(query: ["fait": done]), redirectType: .normal)
        } catch {
            let (errors, status) = try Self.pageErrors(error)
            return try await renderApplication(req, id: id, errors: errors, status: status)
        }
    }

    /// The French messages of a refusal a form can show; anything else goes to the error page.
    static func pageErrors(_ error: any Error) throws -> ([FieldError], HTTPResponseStatus) {
        if let invalid = error as? FormInvalid { return (invalid.errors, invalid.status) }
        if let refusal = error as? ProgrammingError { return ([FieldError(field: "statut", message: refusal.userMessage)], refusal.status) }
        throw error
    }

    // MARK: Funders and rules

    func fundersPage(req: Request) async throws -> Response {
        .html(ProgrammingPages.funders(try await req.programming.funders(), isAdministrator: req.account?.principal.isAdministrator ?? false, errors: [],
                                       context: req.pageContext(withForm: true)))
    }

    func saveFunder(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        do {
            _ = try await req.programming.saveFunder(.init(code: form["code"] ?? "", name: form["nom"] ?? "", kind: form["type"] ?? "", siret: form["siret"] ?? ""), by: req.actor)
            return req.redirect(to: SiteURL.funders.path, redirectType: .normal)
        } catch let invalid as FormInvalid {
            return .html(ProgrammingPages.funders(try await req.programming.funders(), isAdministrator: true, errors: invalid.errors, context: req.pageContext(withForm: true)),
                         status: invalid.status)
        }
    }

    func addScheme(req: Request) async throws -> Response {
        let funderID = try req.parameters.require("funderID", as: Int.self)
        let form = try req.content.decode([String: String].self)
        do {
            _ = try await req.programming.addScheme(funderID: funderID, code: form["code"] ?? "", name: form["nom"] ?? "", kind: form["nature"] ?? "", by: req.actor)
            return req.redirect(to: SiteURL.funders.path, redirectType: .normal)
        } catch let invalid as FormInvalid {
            return .html(ProgrammingPages.funders(try await req.programming.funders(), isAdministrator: true, errors: invalid.errors, context: req.pageContext(withForm: true)),
                         status: invalid.status)
        }
    }

    func rulesPage(req: Request) async throws -> Response {
        let saved = try await SQLProgrammingRepository(database: req.db).latestRuleFile()
        return .html(ProgrammingPages.rules(try await req.programming.ruleSet(), saved: saved.map { ($0.savedAt, $0.savedBy) },
                                            isAdministrator: req.account?.principal.isAdministrator ?? false, text: nil, errors: [],
                                            notice: try req.strictQuery.text("fait", maxLength: 20) == "enregistre" ? "Règles enregistrées." : nil,
                                            context: req.pageContext(withForm: true)))
    }

    func saveRules(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        do {
            _ = try await req.programming.saveRuleFile(form["regles"] ?? "", by: req.actor)
            return req.redirect(to: SiteURL.eligibilityRules.path(query: ["fait": "enregistre"]), redirectType: .normal)
        } catch let invalid as FormInvalid {
            let saved = try await SQLProgrammingRepository(database: req.db).latestRuleFile()
            return .html(ProgrammingPages.rules(try await req.programming.ruleSet(), saved: saved.map { ($0.savedAt, $0.savedBy) }, isAdministrator: true,
                                                text: form["regles"], errors: invalid.errors, context: req.pageContext(withForm: true)), status: invalid.status)
        }
    }
}

/// The application form's fields, read from and written to an `ApplicationInput`.
enum ApplicationForm {
    typealias F = ApplicationField

    /// The form values of a stored draft.
    static func values(_ stored: StoredApplication, funders: [StoredFunder]) -> [String: String] {
        var values: [String: String] = [:]
        let body = stored.body
        values[F.title] = stored.title
        values[F.holderKind] = stored.holder.kind.rawValue
        values[F.actionType] = body.actionType?.rawValue ?? ""
        values[F.scale] = body.scale?.rawValue ?? ""
        values[F.startDate] = body.startDate?.iso ?? ""
        values[F.endDate] = body.endDate?.iso ?? ""
        values[F.years] = body.years.map(String.init).joined(separator: ", ")
        for id in body.objectiveIDs { values[F.objective(id)] = "oui" }
        for code in body.qpvCodes { values[F.qpvBox(code)] = "oui" }
        for (index, line) in body.budgetLines.enumerated() {
            values[F.budgetLabel(index)] = line.label
            values[F.budgetAmount(index)] = ProgrammingText.decimal(line.amount)
        }
        for (index, line) in stored.fundingLines.enumerated() {
            let funder = funders.first { $0.funder.id == line.funderID }
            let scheme = funder?.schemes.first { $0.scheme.id == line.schemeID }
            values[F.fundingSource(index)] = funder.map { "\($0.funder.code)|\(scheme?.scheme.code ?? "")" } ?? "autre"
            values[F.fundingLabel(index)] = line.label
            values[F.fundingAmount(index)] = ProgrammingText.decimal(line.requested)
        }
        values[F.ownFunds] = stored.ownFunds == 0 ? "" : ProgrammingText.decimal(stored.ownFunds)
        let people = body.beneficiaries
        values[F.total] = people.total == 0 ? "" : String(people.total)
        values[F.women] = people.women == 0 ? "" : String(people.women)
        values[F.men] = people.men == 0 ? "" : String(people.men)
        values[F.qpvShare] = people.livingInQPVShare == 0 ? "" : ProgrammingText.decimal(people.livingInQPVShare)
        for (band, count) in people.ageBands { values[F.ageBand(band)] = String(count) }
        for (index, indicator) in body.expectedIndicators.enumerated() {
            values[F.indicatorLabel(index)] = indicator.label
            values[F.indicatorTarget(index)] = indicator.target.map { ProgrammingText.decimal($0) } ?? ""
            values[F.indicatorUnit(index)] = indicator.unit ?? ""
        }
        values[F.transition] = body.transitionStatement
        for theme in body.themes { values[F.theme(theme)] = "oui" }
        for code in body.declaredCriteria { values[F.criterion(code)] = "oui" }
        return values
    }

    /// What the form says, as the input the service reads (and checks).
    static func input(_ form: [String: String], call: Call, funders: [StoredFunder]) -> ApplicationInput {
        func rows(_ name: (Int) -> String) -> Int { ((0..<100).last { form[name($0)] != nil } ?? -1) + 1 }
        var input = ApplicationInput()
        input.title = form[F.title]
        input.holderKind = form[F.holderKind]
        input.actionType = form[F.actionType]?.nilIfEmpty
        input.scale = form[F.scale]?.nilIfEmpty
        input.startDate = form[F.startDate]
        input.endDate = form[F.endDate]
        input.years = (form[F.years] ?? "").split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }).map { LooseValue(String($0)) }
        input.objectives = call.objectiveIDs.filter { form[F.objective($0)] == "oui" }.map(String.init)
        input.qpv = form.keys.filter { $0.hasPrefix("qpv_") && form[$0] == "oui" }.map { String($0.dropFirst(4)) }.sorted()
        input.budget = (0..<rows(F.budgetAmount)).map { .init(label: form[F.budgetLabel($0)], amount: form[F.budgetAmount($0)].map { LooseValue($0) }) }
        input.fundingPlan = (0..<rows(F.fundingAmount)).map { index in
            let source = form[F.fundingSource(index)] ?? ""
            let parts = source.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let funder = source == "autre" || source.isEmpty ? nil : parts.first
            let scheme = parts.count > 1 ? parts[1].nilIfEmpty : nil
            return .init(funder: funder, scheme: scheme, label: form[F.fundingLabel(index)], requested: form[F.fundingAmount(index)].map { LooseValue($0) })
        }
        input.ownFunds = form[F.ownFunds].map { LooseValue($0) }
        var bands: [String: LooseValue] = [:]
        for band in AgeBand.allCases { if let value = form[F.ageBand(band)] { bands[band.rawValue] = LooseValue(value) } }
        input.beneficiaries = .init(total: form[F.total].map { LooseValue($0) }, women: form[F.women].map { LooseValue($0) }, men: form[F.men].map { LooseValue($0) },
                                    livingInQPVShare: form[F.qpvShare].map { LooseValue($0) }, ageBands: bands)
        input.indicators = (0..<rows(F.indicatorLabel)).map {
            .init(label: form[F.indicatorLabel($0)], target: form[F.indicatorTarget($0)].map { LooseValue($0) }, unit: form[F.indicatorUnit($0)])
        }
        input.transitionStatement = form[F.transition]
        input.themes = TransitionTheme.allCases.filter { form[F.theme($0)] == "oui" }.map(\.rawValue)
        input.declaredCriteria = form.keys.filter { $0.hasPrefix("critere_") && form[$0] == "oui" }.map { String($0.dropFirst(8)) }.sorted()
        return input
    }
}
