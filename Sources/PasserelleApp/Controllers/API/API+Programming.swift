import Foundation
import PasserelleDomain
import Vapor

// MARK: - JSON shapes (documented in Resources/public/openapi.json)

struct SchemeJSON: Content { var code: String; var name: String; var kind: String }

struct FunderJSON: Content {
    var code: String
    var name: String
    var kind: String
    var siret: String?
    var schemes: [SchemeJSON]

    init(_ stored: StoredFunder) {
        code = stored.funder.code
        name = stored.funder.name
        kind = stored.funder.kind.rawValue
        siret = stored.funder.siret
        schemes = stored.schemes.map { SchemeJSON(code: $0.scheme.code, name: $0.scheme.name, kind: $0.scheme.kind.rawValue) }
    }
}

struct FunderListJSON: Content { var items: [FunderJSON]; var total: Int }

struct CallJSON: Content {
    struct Node: Content { var code: String; var title: String }
    struct Participant: Content { var funder: String; var name: String; var schemes: [String]; var envelope: Double? }
    struct CriterionJSON: Content { var code: String; var label: String; var weight: Double; var min: Int; var max: Int }

    var id: Int
    var contract: String
    var kind: String
    var title: String
    var year: Int
    var opensOn: String
    var closesOn: String
    var actionStartsOn: String
    var actionEndsOn: String
    var isOpen: Bool
    var isDemo: Bool
    var objectives: [Node]
    var funders: [Participant]
    var grid: [CriterionJSON]
    var documents: [String]
    var departmentP147Envelope: Double?

    init(_ stored: StoredCall, contract: ContractDetail, catalog: FundingCatalog, today: CalendarDate) {
        let call = stored.call
        let nodes = contract.tree.flatMap(\.flattened)
        id = call.id
        self.contract = contract.contract.slug
        kind = call.kind.rawValue
        title = call.title
        year = call.year
        opensOn = call.opensOn.iso
        closesOn = call.closesOn.iso
        actionStartsOn = call.actionStartsOn.iso
        actionEndsOn = call.actionEndsOn.iso
        isOpen = call.isOpen(on: today)
        isDemo = stored.isDemo
        objectives = call.objectiveIDs.compactMap { id in nodes.first { $0.id == id } }.map { Node(code: $0.code, title: $0.title) }
        funders = call.funders.map { entry in
            Participant(funder: catalog.funder(entry.funderID)?.code ?? String(entry.funderID), name: catalog.funderName(entry.funderID),
                        schemes: entry.schemeIDs.compactMap { catalog.scheme($0)?.code }, envelope: entry.envelope)
        }
        grid = call.grid.criteria.map { CriterionJSON(code: $0.code, label: $0.label, weight: $0.weight, min: $0.scale.lowerBound, max: $0.scale.upperBound) }
        documents = call.documentsAsked
        departmentP147Envelope = stored.departmentP147Envelope
    }
}

struct CallListJSON: Content { var items: [CallJSON]; var total: Int }

struct ApplicationJSON: Content {
    struct Holder: Content { var name: String; var siret: String; var kind: String }
    struct BudgetLineJSON: Content { var label: String; var amount: Double }
    struct DecisionJSON: Content { var funder: String; var line: Int; var outcome: String; var amount: Double; var decidedOn: String; var decidedBy: String; var reference: String }
    struct FundingLineJSON: Content { var id: Int; var funder: String?; var scheme: String?; var label: String; var requested: Double; var decision: DecisionJSON? }
    struct BeneficiariesJSON: Content { var total: Int; var women: Int; var men: Int; var livingInQPVShare: Double; var ageBands: [String: Int] }
    struct IndicatorJSON: Content { var label: String; var target: Double?; var unit: String? }
    struct FindingJSON: Content { var rule: String; var title: String; var outcome: String; var message: String; var explanation: String; var source: String; var undetermined: Bool }
    struct ProblemJSON: Content { var field: String; var message: String }
    struct AgreementJSON: Content { var funder: String; var years: [String: Double]; var signedOn: String?; var reference: String? }
    struct HistoryJSON: Content { var from: String; var to: String; var at: String; var role: String; var by: String? }
    struct ReviewJSON: Content {
        var funder: String; var instructor: String; var scores: [String: Int]; var weightedScore: Double?; var opinion: String; var comment: String
        var proposed: [String: Double]
    }
    struct MoveJSON: Content { var to: String; var action: String }

    var id: Int
    var callID: Int
    var title: String
    var status: String
    var statusLabel: String
    var isDemo: Bool
    var holder: Holder
    var version: Int
    var createdAt: String
    var updatedAt: String
    var submittedAt: String?
    var objectives: [String]
    var qpv: [String]
    var startDate: String?
    var endDate: String?
    var years: [Int]
    var actionType: String?
    var scale: String?
    var themes: [String]
    var declaredCriteria: [String]
    var budget: [BudgetLineJSON]
    var fundingPlan: [FundingLineJSON]
    var ownFunds: Double
    var totalBudget: Double
    var totalRequested: Double
    var beneficiaries: BeneficiariesJSON
    var indicators: [IndicatorJSON]
    var transitionStatement: String
    var eligibility: [FindingJSON]
    var submissionProblems: [ProblemJSON]
    var decisions: [DecisionJSON]
    var agreements: [AgreementJSON]
    var history: [HistoryJSON]
    var moves: [MoveJSON]
    /// Left out for holders: the funders' notes are never shown to them.
    var reviews: [ReviewJSON]?

    init(_ view: ApplicationView) {
        let stored = view.stored, body = stored.body, catalog = view.catalog
        let nodes = view.contract.tree.flatMap(\.flattened)
        func code(_ funderID: Int?) -> String? { funderID.map { catalog.funder($0)?.code ?? String($0) } }
        let decisions = view.decisions.map(\.decision).map {
            DecisionJSON(funder: code($0.funderID)!, line: $0.fundingLineID, outcome: $0.outcome.rawValue, amount: $0.amount, decidedOn: $0.decidedOn.iso,
                         decidedBy: $0.decidedBy, reference: $0.reference)
        }
        id = stored.id
        callID = stored.callID
        title = stored.title
        status = stored.status.code
        statusLabel = stored.status.label
        isDemo = stored.isDemo
        holder = Holder(name: stored.holder.name, siret: stored.holder.siret, kind: stored.holder.kind.rawValue)
        version = stored.version
        createdAt = stored.createdAt
        updatedAt = stored.updatedAt
        submittedAt = stored.submittedAt
        objectives = body.objectiveIDs.compactMap { id in nodes.first { $0.id == id }?.code }
        qpv = body.qpvCodes
        startDate = body.startDate?.iso
        endDate = body.endDate?.iso
        years = body.years
        actionType = body.actionType?.rawValue
        scale = body.scale?.rawValue
        themes = body.themes.map(\.rawValue)
        declaredCriteria = body.declaredCriteria
        budget = body.budgetLines.map { BudgetLineJSON(label: $0.label, amount: $0.amount) }
        fundingPlan = stored.fundingLines.map { line in
            FundingLineJSON(id: line.id, funder: code(line.funderID), scheme: line.schemeID.flatMap { catalog.scheme($0)?.code }, label: line.label,
                            requested: line.requested, decision: decisions.first { $0.line == line.id })
        }
        ownFunds = stored.ownFunds
        totalBudget = view.application.totalBudget
        totalRequested = view.application.totalRequested
        beneficiaries = BeneficiariesJSON(total: body.beneficiaries.total, women: body.beneficiaries.women, men: body.beneficiaries.men,
                                          livingInQPVShare: body.beneficiaries.livingInQPVShare,
                                          ageBands: Dictionary(uniqueKeysWithValues: body.beneficiaries.ageBands.map { ($0.key.rawValue, $0.value) }))
        indicators = body.expectedIndicators.map { IndicatorJSON(label: $0.label, target: $0.target, unit: $0.unit) }
        transitionStatement = body.transitionStatement
        eligibility = view.findings.map {
            FindingJSON(rule: $0.ruleID, title: $0.title, outcome: $0.outcome.rawValue, message: $0.message, explanation: $0.explanation, source: $0.source,
                        undetermined: $0.isUndetermined)
        }
        submissionProblems = view.submissionProblems.map { ProblemJSON(field: $0.field, message: $0.message) }
        self.decisions = decisions
        agreements = view.agreements.map(\.agreement).map {
            AgreementJSON(funder: code($0.funderID)!, years: Dictionary(uniqueKeysWithValues: $0.years.map { (String($0.key), $0.value) }),
                          signedOn: $0.signedOn?.iso, reference: $0.reference)
        }
        let isHolder = view.access == .holder
        history = view.statusChanges.map {
            HistoryJSON(from: $0.from.code, to: $0.to.code, at: $0.occurredAt, role: $0.role.rawValue,
                        by: isHolder && $0.role != .projectHolder ? nil : $0.actorLabel)
        }
        moves = view.moves.map { MoveJSON(to: $0.to.code, action: $0.action) }
        reviews = isHolder ? nil : view.reviews.map(\.review).map { review in
            ReviewJSON(funder: code(review.funderID)!, instructor: review.instructor, scores: review.scores,
                       weightedScore: view.call.call.grid.weightedScore(review.scores), opinion: review.opinion.rawValue, comment: review.comment,
                       proposed: Dictionary(uniqueKeysWithValues: review.proposedAmounts.map { (String($0.key), $0.value) }))
        }
    }
}

struct ApplicationSummaryJSON: Content {
    var id: Int
    var callID: Int
    var callTitle: String
    var title: String
    var status: String
    var statusLabel: String
    var updatedAt: String
    var isDemo: Bool
}

struct ApplicationListJSON: Content { var items: [ApplicationSummaryJSON]; var total: Int }

struct InstructionJSON: Content {
    struct Proposal: Content { var funder: String; var requested: Double; var proposed: Double?; var instructor: String?; var opinion: String? }
    struct Scores: Content { var funder: String; var instructor: String; var scores: [String: Int]; var weightedScore: Double? }
    struct Row: Content {
        var application: Int; var title: String; var holder: String; var status: String; var totalBudget: Double; var totalRequested: Double
        var totalProposed: Double; var gap: Double; var proposals: [Proposal]; var scores: [Scores]; var averageWeightedScore: Double?; var fundersWithoutReview: [String]
    }
    struct Totals: Content { var funder: String; var requested: Double; var proposed: Double; var envelope: Double?; var remaining: Double? }

    var callID: Int
    var isDemo: Bool
    var rows: [Row]
    var funderTotals: [Totals]

    init(call: StoredCall, table: InstructionTable, applications: [StoredApplication], catalog: FundingCatalog) {
        func code(_ id: Int) -> String { catalog.funder(id)?.code ?? String(id) }
        let status = Dictionary(uniqueKeysWithValues: applications.map { ($0.id, $0.status.code) })
        callID = call.call.id
        isDemo = call.isDemo
        rows = table.rowsByScore().map { row in
            Row(application: row.applicationID, title: row.title, holder: row.holderName, status: status[row.applicationID] ?? "", totalBudget: row.totalBudget,
                totalRequested: row.totalRequested, totalProposed: row.totalProposed, gap: row.gap,
                proposals: row.proposals.map { Proposal(funder: code($0.funderID), requested: $0.requested, proposed: $0.proposed, instructor: $0.instructor, opinion: $0.opinion?.rawValue) },
                scores: row.scores.map { Scores(funder: code($0.funderID), instructor: $0.instructor, scores: $0.scores, weightedScore: $0.weightedScore) },
                averageWeightedScore: row.averageWeightedScore, fundersWithoutReview: row.fundersWithoutReview.map(code))
        }
        funderTotals = table.funderTotals.map { Totals(funder: code($0.funderID), requested: $0.requested, proposed: $0.proposed, envelope: $0.envelope, remaining: $0.remaining) }
    }
}

struct DashboardJSON: Content {
    struct NodeJSON: Content { var code: String; var title: String; var projectCount: Int; var amount: Double }
    struct AmbitionJSON: Content { var code: String; var title: String; var pillar: String; var projectCount: Int; var amount: Double; var covered: Bool; var objectives: [NodeJSON] }
    struct FunderAmountJSON: Content { var funder: String; var name: String; var projectCount: Int; var amount: Double }
    struct SchemeAmountJSON: Content { var scheme: String?; var name: String; var projectCount: Int; var amount: Double }
    struct QPVAmountJSON: Content { var code: String; var name: String; var projectCount: Int; var amount: Double }
    struct ThemeAmountJSON: Content { var theme: String; var label: String; var projectCount: Int; var amount: Double }
    struct PillarPeopleJSON: Content { var year: Int; var pillar: String?; var projectCount: Int; var total: Int; var women: Int; var men: Int }
    struct BeneficiariesJSON: Content { var year: Int; var total: Int; var women: Int; var men: Int; var byPillarAndYear: [PillarPeopleJSON] }
    struct FunderYearJSON: Content { var funder: String; var previousAmount: Double; var amount: Double }
    struct YearJSON: Content {
        var year: Int; var amount: Double; var projectCount: Int; var previousYear: Int; var previousAmount: Double; var previousProjectCount: Int
        var change: Double?; var byFunder: [FunderYearJSON]
    }

    var contract: String
    var year: Int
    var isDemo: Bool
    var totalAmount: Double
    var fundedProjectCount: Int
    var ambitionCoverage: [AmbitionJSON]
    var byFunder: [FunderAmountJSON]
    var byScheme: [SchemeAmountJSON]
    var byPillar: [NodeJSON]
    var byAmbition: [NodeJSON]
    var unattributedAmount: Double
    var byQpv: [QPVAmountJSON]
    var outsideQpvAmount: Double
    var byTheme: [ThemeAmountJSON]
    var withoutThemeAmount: Double
    var multiYearAmount: Double
    var multiYearShare: Double?
    var beneficiaries: BeneficiariesJSON
    var yearOnYear: YearJSON

    init(_ report: DashboardReport) {
        let d = report.dashboard, catalog = report.catalog
        func node(_ item: NodeAmount) -> NodeJSON { NodeJSON(code: item.code, title: item.title, projectCount: item.projectCount, amount: item.amount) }
        func code(_ id: Int) -> String { catalog.funder(id)?.code ?? String(id) }
        contract = report.contract.contract.slug
        year = report.year
        isDemo = report.isDemo
        totalAmount = d.totalAmount
        fundedProjectCount = d.fundedProjectCount
        ambitionCoverage = d.ambitionCoverage.map { item in
            AmbitionJSON(code: item.ambition.code, title: item.ambition.title, pillar: report.contract.tree.first { $0.id == item.pillarID }?.code ?? "",
                         projectCount: item.ambition.projectCount, amount: item.ambition.amount, covered: item.isCovered, objectives: item.objectives.map(node))
        }
        byFunder = d.byFunder.map { FunderAmountJSON(funder: code($0.funderID), name: report.funderName($0.funderID), projectCount: $0.projectCount, amount: $0.amount) }
        byScheme = d.byScheme.map { SchemeAmountJSON(scheme: $0.schemeID.flatMap { catalog.scheme($0)?.code }, name: report.schemeName($0.schemeID),
                                                      projectCount: $0.projectCount, amount: $0.amount) }
        byPillar = d.byPillar.map(node)
        byAmbition = d.byAmbition.map(node)
        unattributedAmount = d.unattributedAmount
        byQpv = d.byQPV.map { QPVAmountJSON(code: $0.qpvCode, name: report.qpvName($0.qpvCode), projectCount: $0.projectCount, amount: $0.amount) }
        outsideQpvAmount = d.outsideQPVAmount
        byTheme = d.byTheme.map { ThemeAmountJSON(theme: $0.theme.rawValue, label: $0.theme.label, projectCount: $0.projectCount, amount: $0.amount) }
        withoutThemeAmount = d.withoutThemeAmount
        multiYearAmount = d.multiYearAmount
        multiYearShare = d.multiYearShare
        let all = d.beneficiaries.first { $0.year == report.year && $0.pillarID == nil }
        beneficiaries = BeneficiariesJSON(year: report.year, total: all?.total ?? 0, women: all?.women ?? 0, men: all?.men ?? 0,
                                          byPillarAndYear: d.beneficiaries.map { row in
                                              PillarPeopleJSON(year: row.year, pillar: row.pillarID.flatMap { id in report.contract.tree.first { $0.id == id }?.code },
                                                               projectCount: row.projectCount, total: row.total, women: row.women, men: row.men)
                                          })
        let comparison = d.yearOnYear
        yearOnYear = YearJSON(year: comparison.year, amount: comparison.amount, projectCount: comparison.projectCount, previousYear: comparison.year - 1,
                              previousAmount: comparison.previousAmount, previousProjectCount: comparison.previousProjectCount, change: comparison.change,
                              byFunder: comparison.byFunder.map { FunderYearJSON(funder: code($0.funderID), previousAmount: $0.previousAmount, amount: $0.amount) })
    }
}

struct SCDLRowJSON: Content {
    var nomAttribuant: String
    var idAttribuant: String
    var dateConvention: String
    var referenceDecision: String
    var nomBeneficiaire: String
    var idBeneficiaire: String
    var objet: String
    var montant: Double
    var nature: String
    var conditionsVersement: String
    var datesPeriodeVersement: String
    var idRAE: String?
    var notificationUE: String
    var pourcentageSubvention: Double

    init(_ row: SCDLSubsidyRow) {
        nomAttribuant = row.nomAttribuant
        idAttribuant = row.idAttribuant
        dateConvention = row.dateConvention.iso
        referenceDecision = row.referenceDecision
        nomBeneficiaire = row.nomBeneficiaire
        idBeneficiaire = row.idBeneficiaire
        objet = row.objet
        montant = row.montant
        nature = row.nature.rawValue
        conditionsVersement = row.conditionsVersement.rawValue
        datesPeriodeVersement = row.datesPeriodeVersement.text
        idRAE = row.idRAE
        notificationUE = row.notificationUE ? "oui" : "non"
        pourcentageSubvention = row.pourcentageSubvention
    }
}

struct SCDLJSON: Content { var items: [SCDLRowJSON]; var total: Int; var problems: [String] }

// MARK: - Controller

/// Programming as JSON: funders, calls, applications and their workflow, instruction, decisions,
/// dashboard and the SCDL open-data export.
struct ProgrammingAPIController: Sendable {
    func funders(req: Request) async throws -> FunderListJSON {
        let funders = try await req.programming.funders()
        return FunderListJSON(items: funders.map(FunderJSON.init), total: funders.count)
    }

    func calls(req: Request) async throws -> CallListJSON {
        let contract = try await req.contract()
        let catalog = try await SQLProgrammingRepository(database: req.db).catalog()
        let today = req.programming.today
        let calls = try await req.programming.calls(contractID: contract.contract.id).map { CallJSON($0, contract: contract, catalog: catalog, today: today) }
        return CallListJSON(items: calls, total: calls.count)
    }

    func openCall(req: Request) async throws -> Response {
        let contract = try await req.contract()
        let input = try req.content.decode(CallInput.self)
        let id = try await req.programming.openCall(contract: contract, input: input, by: req.actor)
        let response = try await callJSON(req, id: id).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: SiteURL.api(.call(.value(id))).path)
        return response
    }

    private func callJSON(_ req: Request, id: Int) async throws -> CallJSON {
        let stored = try await req.programming.call(id: id)
        guard let contract = try await req.contracts.find(id: stored.call.contractID) else { throw RequestError.notFound(what: "Le contrat de l'appel") }
        return CallJSON(stored, contract: contract, catalog: try await SQLProgrammingRepository(database: req.db).catalog(), today: req.programming.today)
    }

    func call(req: Request) async throws -> CallJSON {
        try await callJSON(req, id: try Self.id(req, "callID", what: "L'appel à projets"))
    }

    static func id(_ req: Request, _ name: String, what: String) throws -> Int {
        let text = try req.parameters.require(name)
        guard let id = Int(text) else { throw RequestError.notFound(what: "\(what) n° \(text)") }
        return id
    }

    func startApplication(req: Request) async throws -> Response {
        let callID = try Self.id(req, "callID", what: "L'appel à projets")
        let input = req.body.data == nil ? nil : try req.content.decode(ApplicationInput.self)
        let id = try await req.programming.startApplication(callID: callID, input: input, by: req.programmingActor)
        let view = try await req.programming.view(applicationID: id, by: req.programmingActor)
        let response = try await ApplicationJSON(view).encodeResponse(status: .created, for: req)
        response.headers.replaceOrAdd(name: .location, value: SiteURL.api(.application(.value(id))).path)
        return response
    }

    func instruction(req: Request) async throws -> InstructionJSON {
        let result = try await req.programming.instruction(callID: try Self.id(req, "callID", what: "L'appel à projets"), by: req.programmingActor)
        return InstructionJSON(call: result.call, table: result.table, applications: result.applications, catalog: result.catalog)
    }

    func myApplications(req: Request) async throws -> ApplicationListJSON {
        let items = try await req.programming.myApplications(by: req.programmingActor).map { application, call in
            ApplicationSummaryJSON(id: application.id, callID: call.call.id, callTitle: call.call.title, title: application.title, status: application.status.code,
                                   statusLabel: application.status.label, updatedAt: application.updatedAt, isDemo: application.isDemo)
        }
        return ApplicationListJSON(items: items, total: items.count)
    }

    private func applicationID(_ req: Request) throws -> Int { try Self.id(req, "applicationID", what: "La candidature") }

    private func current(_ req: Request, _ id: Int) async throws -> ApplicationJSON {
        ApplicationJSON(try await req.programming.view(applicationID: id, by: req.programmingActor))
    }

    func application(req: Request) async throws -> ApplicationJSON {
        try await current(req, try applicationID(req))
    }

    func saveDraft(req: Request) async throws -> ApplicationJSON {
        let id = try applicationID(req)
        let input = try req.content.decode(ApplicationInput.self)
        try await req.programming.saveDraft(applicationID: id, input: input, by: req.programmingActor)
        return try await current(req, id)
    }

    func submit(req: Request) async throws -> ApplicationJSON {
        let id = try applicationID(req)
        try await req.programming.submit(applicationID: id, by: req.programmingActor)
        return try await current(req, id)
    }

    func move(req: Request) async throws -> ApplicationJSON {
        let id = try applicationID(req)
        let input = try req.content.decode(TransitionInput.self)
        guard let target = ApplicationStatus(code: input.to) else {
            throw RequestError.invalidBody(reason: "« to » : « \(input.to) » n'est pas un statut (possibles : \(ApplicationStatus.allCases.map(\.code).joined(separator: ", ")))")
        }
        try await req.programming.move(applicationID: id, to: target, by: req.programmingActor)
        return try await current(req, id)
    }

    func review(req: Request) async throws -> ApplicationJSON {
        let id = try applicationID(req)
        try await req.programming.review(applicationID: id, input: try req.content.decode(ReviewInput.self), by: req.programmingActor)
        return try await current(req, id)
    }

    func decide(req: Request) async throws -> ApplicationJSON {
        let id = try applicationID(req)
        try await req.programming.decide(applicationID: id, input: try req.content.decode(DecisionInput.self), by: req.programmingActor)
        return try await current(req, id)
    }

    func agreement(req: Request) async throws -> ApplicationJSON {
        let id = try applicationID(req)
        try await req.programming.recordAgreement(applicationID: id, input: try req.content.decode(AgreementInput.self), by: req.programmingActor)
        return try await current(req, id)
    }

    /// `GET /api/v1/contracts/{id}/programming/dashboard?year=YYYY[&format=csv&table=…]`
    func dashboard(req: Request) async throws -> Response {
        let contract = try await req.contract()
        let query = req.strictQuery
        let year: Int? = try query.text("year", maxLength: 4).map { text in
            guard let year = Int(text), (2000...2100).contains(year) else {
                throw RequestError.invalidParameter(name: "year", reason: "une année entre 2000 et 2100 est attendue, « \(text) » reçu")
            }
            return year
        }
        let report = try await req.programmingReports.dashboard(contract: contract, year: year, currentYear: req.programming.today.year)
        switch try query.text("format", maxLength: 10) {
        case "csv":
            let table = try query.text("table", maxLength: 20) ?? "ambitions"
            return try report.csv(table: table).response(fileName: "programmation-\(contract.contract.slug)-\(report.year)-\(table).csv")
        case nil, "json":
            return try await DashboardJSON(report).encodeResponse(for: req)
        case let other?:
            throw RequestError.invalidParameter(name: "format", reason: "csv ou json attendu, « \(other) » reçu")
        }
    }

    /// `GET /api/v1/contracts/{id}/programming/scdl?year=YYYY&funder=CODE[&format=csv]`
    func scdl(req: Request) async throws -> Response {
        let contract = try await req.contract()
        let query = req.strictQuery
        let year: Int? = try query.text("year", maxLength: 4).map { text in
            guard let year = Int(text), (2000...2100).contains(year) else {
                throw RequestError.invalidParameter(name: "year", reason: "une année entre 2000 et 2100 est attendue, « \(text) » reçu")
            }
            return year
        }
        let export = try await req.programmingReports.scdl(contractID: contract.contract.id, year: year, funderCode: try query.text("funder", maxLength: 40))
        switch try query.text("format", maxLength: 10) {
        case "csv":
            let response = Response(status: .ok, body: .init(string: export.csv))
            response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            response.headers.replaceOrAdd(name: .contentDisposition,
                                          value: "attachment; filename=\"subventions-\(contract.contract.slug)\(year.map { "-\($0)" } ?? "").csv\"")
            return response
        case nil, "json":
            return try await SCDLJSON(items: export.rows.map(SCDLRowJSON.init), total: export.rows.count, problems: export.problems).encodeResponse(for: req)
        case let other?:
            throw RequestError.invalidParameter(name: "format", reason: "csv ou json attendu, « \(other) » reçu")
        }
    }
}
