import Foundation
import PasserelleDomain
import Vapor

// MARK: - JSON shapes

struct MatrixObjectiveJSON: Content {
    var id: Int
    var code: String
    var title: String
    var level: String
    var pillarCode: String
    var pillarTitle: String
    var ambitionCode: String?
    var ambitionTitle: String?
    var covered: Bool
    var contributed: Bool

    init(_ row: MatrixRow) {
        let objective = row.objective
        id = objective.id
        code = objective.code
        title = objective.title
        level = objective.level.rawValue
        pillarCode = objective.pillarCode
        pillarTitle = objective.pillarTitle
        ambitionCode = objective.ambitionCode
        ambitionTitle = objective.ambitionTitle
        covered = row.isCovered
        contributed = row.total.contributes > 0
    }
}

struct PlanActionJSON: Content {
    var id: Int
    var plan: Int
    var code: String
    var title: String
    var theme: String?
    var budget: Double?
    var target: String?
    /// "wholeTerritory", "qpv", "excludesQPV" or "unspecified".
    var perimeter: String
    var qpv: [String]

    init(_ action: PlanAction) {
        id = action.id
        plan = action.planID
        code = action.code
        title = action.title
        theme = action.theme?.rawValue
        budget = action.budget
        target = action.target
        switch action.perimeter {
        case .wholeTerritory: perimeter = "wholeTerritory"; qpv = []
        case .excludesQPV: perimeter = "excludesQPV"; qpv = []
        case .unspecified: perimeter = "unspecified"; qpv = []
        case .qpv(let keys): perimeter = "qpv"; qpv = keys.map(\.code)
        }
    }
}

struct PlanJSON: Content {
    var id: Int
    var kind: String
    var kindLabel: String
    var title: String
    var owner: String
    var startYear: Int
    var endYear: Int
    var summary: String?
    var source: String?
    var isDemo: Bool
    var actions: [PlanActionJSON]

    init(_ stored: StoredPlan, actions: [PlanAction]) {
        id = stored.plan.id
        kind = stored.plan.kind.rawValue
        kindLabel = stored.plan.kind.shortCode
        title = stored.plan.title
        owner = stored.plan.owner
        startYear = stored.plan.startYear
        endYear = stored.plan.endYear
        summary = stored.summary
        source = stored.source
        isDemo = stored.isDemo
        self.actions = actions.filter { $0.planID == stored.plan.id }.map(PlanActionJSON.init)
    }
}

struct MatrixCellJSON: Content {
    var objective: String
    var plan: Int
    var contributes: Int
    var couldContribute: Int
    var contradicts: Int
}

struct BlindSpotJSON: Content {
    var kind: String
    var code: String
    var title: String
    var message: String
    var qpv: String?
    var plan: String?
}

struct ContradictionJSON: Content {
    var objective: String
    var action: String
    var note: String
    var plan: Int
    var actionID: Int
    var qpv: [String]
    var assertedBy: String
}

struct MatrixJSON: Content {
    struct Filter: Content { var qpv: String?; var theme: String? }
    struct Coverage: Content { var objectives: Int; var covered: Int; var contributed: Int }

    var contract: Int
    var filter: Filter
    var objectives: [MatrixObjectiveJSON]
    var plans: [PlanJSON]
    var cells: [MatrixCellJSON]
    var blindSpots: [BlindSpotJSON]
    var contradictions: [ContradictionJSON]
    var coverage: Coverage

    init(_ view: MatrixView) {
        let matrix = view.matrix
        contract = view.detail.contract.id
        filter = Filter(qpv: matrix.filter.qpv?.code, theme: matrix.filter.theme?.rawValue)
        objectives = matrix.rows.map(MatrixObjectiveJSON.init)
        plans = view.plans.map { stored in PlanJSON(stored, actions: matrix.columns.first { $0.plan.id == stored.plan.id }?.actions ?? []) }
        cells = Self.cells(matrix)
        blindSpots = matrix.blindSpots.map {
            BlindSpotJSON(kind: $0.kind.rawValue, code: $0.code, title: $0.title, message: $0.message, qpv: $0.qpv?.code, plan: $0.planTitle)
        }
        contradictions = matrix.contradictions.map { item in
            ContradictionJSON(objective: item.objectiveCode, action: item.actionCode, note: item.note ?? "",
                              plan: view.actions.first { $0.id == item.actionID }?.planID ?? 0, actionID: item.actionID,
                              qpv: item.qpv.map(\.code), assertedBy: item.assertedBy)
        }
        coverage = Coverage(objectives: matrix.coverage.objectiveCount, covered: matrix.coverage.coveredCount, contributed: matrix.coverage.contributedCount)
    }

    /// The cells in the order and with the scope of `CrossMatrix.csv()`: headings with a direct link
    /// (only when non-empty), then every row × plan.
    static func cells(_ matrix: CrossMatrix) -> [MatrixCellJSON] {
        var cells: [MatrixCellJSON] = []
        func add(_ code: String, _ counts: [LinkCounts], includeEmpty: Bool) {
            for (column, cell) in zip(matrix.columns, counts) where includeEmpty || !cell.isEmpty {
                cells.append(MatrixCellJSON(objective: code, plan: column.plan.id, contributes: cell.contributes, couldContribute: cell.couldContribute,
                                            contradicts: cell.contradicts))
            }
        }
        for pillar in matrix.pillars {
            add(pillar.code, pillar.directCells, includeEmpty: false)
            for ambition in pillar.ambitions {
                if let code = ambition.code { add(code, ambition.directCells, includeEmpty: false) }
                for row in ambition.rows { add(row.objective.code, row.cells, includeEmpty: true) }
            }
        }
        return cells
    }
}

struct MilestoneJSON: Content {
    struct Objective: Content { var id: Int; var code: String; var title: String }
    struct Action: Content { var id: Int; var code: String; var title: String; var plan: Int }

    var id: Int
    var year: Int
    var title: String
    var owner: String
    var indicator: String?
    var target: String?
    var status: String
    var statusLabel: String
    var overdue: Bool
    var objectives: [Objective]
    var actions: [Action]

    init(_ milestone: Milestone, overdue: Bool, nodes: [StrategyNode], actions: [PlanAction]) {
        id = milestone.id
        year = milestone.year
        title = milestone.title
        owner = milestone.owner
        indicator = milestone.indicatorCode
        target = milestone.target
        status = milestone.status.rawValue
        statusLabel = milestone.status.label
        self.overdue = overdue
        objectives = milestone.objectiveIDs.compactMap { id in nodes.first { $0.id == id }.map { Objective(id: $0.id, code: $0.code, title: $0.title) } }
        self.actions = milestone.actionIDs.compactMap { id in actions.first { $0.id == id }.map { Action(id: $0.id, code: $0.code, title: $0.title, plan: $0.planID) } }
    }
}

struct RoadmapJSON: Content {
    struct Year: Content { var year: Int; var milestones: [MilestoneJSON] }
    var contract: Int
    var startYear: Int
    var endYear: Int
    var currentYear: Int
    var years: [Year]
    var overdue: [MilestoneJSON]
    var counts: [String: Int]
}

struct MeansTotalsJSON: Content {
    var lines: Int
    var amountEuros: Double?
    var staffFTE: Double?
    var beneficiaries: Int?
    var beneficiariesInQPV: Int?
    var linesWithoutAmount: Int
    var qpvShare: Double?

    init(_ totals: MeansTotals) {
        lines = totals.lineCount
        amountEuros = totals.amountEuros
        staffFTE = totals.staffFTE
        beneficiaries = totals.beneficiaries
        beneficiariesInQPV = totals.beneficiariesInQPV
        linesWithoutAmount = totals.linesWithoutAmount
        qpvShare = totals.qpvShare
    }
}

struct MeansLineJSON: Content {
    var id: Int
    var organisation: Int
    var year: Int
    var pillar: String?
    var ambition: String?
    var amountEuros: Double?
    var staffFTE: Double?
    var beneficiaries: Int?
    var beneficiariesInQPV: Int?
    var note: String?

    init(_ stored: StoredMeans) {
        id = stored.id
        organisation = stored.means.signatoryID
        year = stored.means.year
        pillar = stored.means.pillarCode
        ambition = stored.means.ambitionCode
        amountEuros = stored.means.amountEuros
        staffFTE = stored.means.staffFTE
        beneficiaries = stored.means.beneficiaries
        beneficiariesInQPV = stored.means.beneficiariesInQPV
        note = stored.means.note
    }
}

struct CommitmentsJSON: Content {
    struct OrganisationRef: Content { var id: Int; var name: String; var kind: String }
    struct Entry: Content { var kind: String; var label: String; var group: String; var status: String; var evidence: String?; var year: Int? }
    struct Signatory: Content { var organisation: OrganisationRef; var missing: Int; var met: Int; var applicable: Int; var commitments: [Entry] }
    struct Kind: Content { var kind: String; var number: Int; var label: String; var group: String; var met: Int; var applicable: Int }
    struct PartnerYear: Content { var organisation: Int; var name: String; var year: Int; var totals: MeansTotalsJSON }
    struct PillarYear: Content { var pillar: String?; var year: Int; var totals: MeansTotalsJSON }
    struct Year: Content { var year: Int; var totals: MeansTotalsJSON }
    struct Photograph: Content { var years: [Int]; var byYear: [Year]; var byPartner: [PartnerYear]; var byPillar: [PillarYear] }

    var contract: Int
    var asOfYear: Int?
    var signatories: [Signatory]
    var kinds: [Kind]
    var photograph: Photograph
    var means: [MeansLineJSON]

    init(_ overview: CommitmentService.Overview) {
        contract = overview.detail.contract.id
        asOfYear = overview.asOfYear
        signatories = overview.board.lines.map { line in
            Signatory(organisation: OrganisationRef(id: line.signatory.id, name: line.signatory.name, kind: line.signatory.kind.rawValue),
                      missing: line.missing.count, met: line.met.count, applicable: line.applicableCount,
                      commitments: line.entries.map { Entry(kind: $0.kind.rawValue, label: $0.kind.label, group: $0.kind.group.rawValue, status: $0.status.rawValue,
                                                            evidence: $0.evidence, year: $0.updatedYear) })
        }
        let tally = overview.board.metByKind
        kinds = CommitmentKind.allCases.map { kind in
            Kind(kind: kind.rawValue, number: CommitmentPages.number(kind), label: kind.label, group: kind.group.rawValue,
                 met: tally[kind]?.met ?? 0, applicable: tally[kind]?.applicable ?? 0)
        }
        let photograph = overview.photograph
        self.photograph = Photograph(years: photograph.years,
                                     byYear: photograph.byYear.map { Year(year: $0.year, totals: MeansTotalsJSON($0.totals)) },
                                     byPartner: photograph.byPartner.map { PartnerYear(organisation: $0.signatory.id, name: $0.signatory.name, year: $0.year, totals: MeansTotalsJSON($0.totals)) },
                                     byPillar: photograph.byPillar.map { PillarYear(pillar: $0.pillarCode, year: $0.year, totals: MeansTotalsJSON($0.totals)) })
        means = overview.means.map(MeansLineJSON.init)
    }
}

struct StrategyNodeRecordJSON: Content {
    var id: Int
    var code: String
    var title: String
    var summary: String?
    var level: String
    var parentID: Int?
    var position: Int

    init(_ node: StrategyNodeRecord) {
        id = node.id
        code = node.code
        title = node.title
        summary = node.summary
        level = node.level.rawValue
        parentID = node.parentID
        position = node.position + 1
    }
}

struct AxisJSON: Content {
    var id: Int
    var code: String
    var title: String
    var summary: String?
    var position: Int

    init(_ axis: TransversalAxisRecord) {
        id = axis.id
        code = axis.code
        title = axis.title
        summary = axis.summary
        position = axis.position + 1
    }
}

struct AmendmentJSON: Content {
    struct Change: Content { var id: Int; var occurredAt: String; var action: String; var target: String; var code: String; var description: String }
    var id: Int
    var number: Int
    var date: String
    var title: String
    var summary: String?
    var open: Bool
    var openedAt: String
    var closedAt: String?
    var changes: [Change]

    init(_ amendment: Amendment, changes: [StrategyChange]) {
        id = amendment.id
        number = amendment.number
        date = amendment.date
        title = amendment.title
        summary = amendment.summary
        open = amendment.isOpen
        openedAt = amendment.openedAt
        closedAt = amendment.closedAt
        self.changes = changes.filter { $0.amendmentID == amendment.id }.map {
            Change(id: $0.id, occurredAt: $0.occurredAt, action: $0.action.rawValue, target: $0.target.rawValue, code: $0.code, description: $0.description)
        }
    }
}

struct LinkJSON: Content {
    var id: Int
    var action: Int
    var actionCode: String
    var objective: Int
    var objectiveCode: String
    var kind: String
    var qpv: [String]
    var note: String?
    var assertedBy: String
    var createdAt: String

    init(_ stored: StoredLink, actions: [PlanAction], nodes: [StrategyNode]) {
        id = stored.id
        action = stored.link.actionID
        actionCode = actions.first { $0.id == stored.link.actionID }?.code ?? ""
        objective = stored.link.objectiveID
        objectiveCode = nodes.first { $0.id == stored.link.objectiveID }?.code ?? ""
        kind = stored.link.kind.rawValue
        qpv = stored.link.qpv.map(\.code)
        note = stored.link.note
        assertedBy = stored.link.assertedBy
        createdAt = stored.createdAt
    }
}

// MARK: - Controller

/// JSON API of the cross-matrix, the roadmap, the commitments and the strategy tree.
struct CrossMatrixAPIController: Sendable {
    private static func created<T: Content>(_ value: T, req: Request) async throws -> Response {
        let response = try await value.encodeResponse(for: req)
        response.status = .created
        return response
    }

    // MARK: Reading

    func matrix(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let filter = try CrossMatrixController.filter(req, detail: detail)
        let view = try await req.crossMatrix.matrix(detail, filter: filter)
        switch try req.strictQuery.text("format", maxLength: 10) {
        case "csv":
            let response = Response(status: .ok, body: .init(string: view.matrix.csv()))
            response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            let suffix = [filter.qpv?.code, filter.theme?.rawValue].compactMap { $0 }.map { "-" + $0 }.joined()
            response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"matrice-\(detail.contract.slug)\(suffix).csv\"")
            return response
        case nil, "json":
            return try await MatrixJSON(view).encodeResponse(for: req)
        case let other?:
            throw RequestError.invalidParameter(name: "format", reason: "csv ou json attendu, « \(other) » reçu")
        }
    }

    func roadmap(req: Request) async throws -> RoadmapJSON {
        let detail = try await req.contract()
        let repository = SQLCrossMatrixRepository(database: req.db)
        let milestones = try await repository.milestones(contractID: detail.contract.id)
        let actions = try await repository.actions(contractID: detail.contract.id)
        let year = RoadmapService.currentYear(req.application.clock)
        let contract = detail.contract
        let timeline = Roadmap.timeline(milestones: milestones, startYear: contract.startYear, endYear: contract.endYear, currentYear: year)
        let overdue = Set(timeline.overdue.map(\.id))
        let nodes = detail.tree.flatMap(\.flattened)
        func json(_ milestone: Milestone) -> MilestoneJSON { MilestoneJSON(milestone, overdue: overdue.contains(milestone.id), nodes: nodes, actions: actions) }
        return RoadmapJSON(contract: contract.id, startYear: contract.startYear, endYear: contract.endYear, currentYear: year,
                           years: timeline.years.map { RoadmapJSON.Year(year: $0.year, milestones: $0.milestones.map(json)) },
                           overdue: timeline.overdue.map(json),
                           counts: Dictionary(uniqueKeysWithValues: MilestoneStatus.allCases.map { ($0.rawValue, timeline.countsByStatus[$0] ?? 0) }))
    }

    func commitments(req: Request) async throws -> CommitmentsJSON {
        let detail = try await req.contract()
        var asOf: Int?
        if let text = try req.strictQuery.text("year", maxLength: 4) {
            guard let year = Int(text), (detail.contract.startYear...detail.contract.endYear).contains(year) else {
                throw RequestError.invalidParameter(name: "year", reason: "une année entre \(detail.contract.startYear) et \(detail.contract.endYear) est attendue, « \(text) » reçu")
            }
            asOf = year
        }
        return CommitmentsJSON(try await req.commitmentService.overview(detail, asOfYear: asOf))
    }

    struct PlanListJSON: Content { var items: [PlanJSON]; var total: Int }

    func plans(req: Request) async throws -> PlanListJSON {
        let detail = try await req.contract()
        let repository = SQLCrossMatrixRepository(database: req.db)
        let actions = try await repository.actions(contractID: detail.contract.id)
        let plans = try await repository.plans(contractID: detail.contract.id).map { PlanJSON($0, actions: actions) }
        return PlanListJSON(items: plans, total: plans.count)
    }

    struct LinkListJSON: Content { var items: [LinkJSON]; var total: Int }

    func links(req: Request) async throws -> LinkListJSON {
        let detail = try await req.contract()
        let repository = SQLCrossMatrixRepository(database: req.db)
        let actions = try await repository.actions(contractID: detail.contract.id)
        let nodes = detail.tree.flatMap(\.flattened)
        let items = try await repository.links(contractID: detail.contract.id).map { LinkJSON($0, actions: actions, nodes: nodes) }
        return LinkListJSON(items: items, total: items.count)
    }

    struct AmendmentListJSON: Content { var items: [AmendmentJSON]; var total: Int }

    func amendments(req: Request) async throws -> AmendmentListJSON {
        let detail = try await req.contract()
        let repository = SQLStrategyRepository(database: req.db)
        let changes = try await repository.changes(contractID: detail.contract.id)
        let items = try await repository.amendments(contractID: detail.contract.id).map { AmendmentJSON($0, changes: changes) }
        return AmendmentListJSON(items: items, total: items.count)
    }

    // MARK: Strategy tree

    struct NodeBody: Content {
        var code: String?
        var title: String?
        var summary: String?
        var level: String?
        var parentID: Int?
        var position: Int?
    }

    private static func nodeInput(_ body: NodeBody, update: Bool) throws -> StrategyService.NodeInput {
        var input = StrategyService.NodeInput(code: body.code, title: body.title, summary: body.summary, parentID: body.parentID,
                                              parentGiven: !update || body.parentID != nil, position: body.position)
        if let text = body.level {
            guard let level = StrategyLevel(rawValue: text) else {
                throw FormInvalid(errors: [FieldError(field: "level", message: "Champ « level » : « \(text) » n'est pas un niveau (pillar, ambition ou objective).")])
            }
            input.level = level
        }
        return input
    }

    func addNode(req: Request) async throws -> Response {
        let contractID = try await req.contractID()
        let body = try req.content.decode(NodeBody.self)
        let node = try await req.strategy.addNode(contractID: contractID, try Self.nodeInput(body, update: false), by: req.actor)
        return try await Self.created(StrategyNodeRecordJSON(node), req: req)
    }

    func updateNode(req: Request) async throws -> StrategyNodeRecordJSON {
        let contractID = try await req.contractID()
        let nodeID = try req.idParameter("nodeID", what: "Le nœud")
        let body = try req.content.decode(NodeBody.self)
        if let node = try await req.strategy.updateNode(contractID: contractID, nodeID: nodeID, try Self.nodeInput(body, update: true), by: req.actor) {
            return StrategyNodeRecordJSON(node)
        }
        guard let node = try await SQLStrategyRepository(database: req.db).outline(contractID: contractID).node(nodeID) else {
            throw RequestError.notFound(what: "Le nœud n° \(nodeID) de ce contrat")
        }
        return StrategyNodeRecordJSON(node)
    }

    func removeNode(req: Request) async throws -> HTTPStatus {
        try await req.strategy.removeNode(contractID: try await req.contractID(), nodeID: try req.idParameter("nodeID", what: "Le nœud"), by: req.actor)
        return .noContent
    }

    struct AxisBody: Content { var code: String?; var title: String?; var summary: String?; var position: Int? }

    func addAxis(req: Request) async throws -> Response {
        let contractID = try await req.contractID()
        let body = try req.content.decode(AxisBody.self)
        let axis = try await req.strategy.addAxis(contractID: contractID, .init(code: body.code, title: body.title, summary: body.summary, position: body.position), by: req.actor)
        return try await Self.created(AxisJSON(axis), req: req)
    }

    func updateAxis(req: Request) async throws -> AxisJSON {
        let contractID = try await req.contractID()
        let axisID = try req.idParameter("axisID", what: "L'axe transversal")
        let body = try req.content.decode(AxisBody.self)
        if let axis = try await req.strategy.updateAxis(contractID: contractID, axisID: axisID,
                                                         .init(code: body.code, title: body.title, summary: body.summary, position: body.position), by: req.actor) {
            return AxisJSON(axis)
        }
        guard let axis = try await SQLStrategyRepository(database: req.db).axes(contractID: contractID).first(where: { $0.id == axisID }) else {
            throw RequestError.notFound(what: "L'axe transversal n° \(axisID) de ce contrat")
        }
        return AxisJSON(axis)
    }

    func removeAxis(req: Request) async throws -> HTTPStatus {
        try await req.strategy.removeAxis(contractID: try await req.contractID(), axisID: try req.idParameter("axisID", what: "L'axe transversal"), by: req.actor)
        return .noContent
    }

    struct AmendmentBody: Content { var number: Int?; var date: String?; var title: String?; var summary: String? }

    func openAmendment(req: Request) async throws -> Response {
        let contractID = try await req.contractID()
        let body = try req.content.decode(AmendmentBody.self)
        let amendment = try await req.strategy.openAmendment(contractID: contractID,
            .init(number: body.number, date: body.date ?? "", title: body.title ?? "", summary: body.summary), by: req.actor)
        return try await Self.created(AmendmentJSON(amendment, changes: []), req: req)
    }

    func closeAmendment(req: Request) async throws -> AmendmentJSON {
        let contractID = try await req.contractID()
        let amendment = try await req.strategy.closeAmendment(contractID: contractID, amendmentID: try req.idParameter("amendmentID", what: "L'avenant"), by: req.actor)
        return AmendmentJSON(amendment, changes: try await SQLStrategyRepository(database: req.db).changes(contractID: contractID, amendmentID: amendment.id))
    }

    // MARK: Plans and actions

    struct PlanBody: Content { var kind: String?; var title: String?; var owner: String?; var startYear: Int?; var endYear: Int?; var summary: String? }

    private func planJSON(_ req: Request, contractID: Int, planID: Int) async throws -> PlanJSON {
        let repository = SQLCrossMatrixRepository(database: req.db)
        return PlanJSON(try await req.crossMatrix.plan(planID, contractID: contractID), actions: try await repository.actions(planID: planID))
    }

    func addPlan(req: Request) async throws -> Response {
        let contractID = try await req.contractID()
        let body = try req.content.decode(PlanBody.self)
        let plan = try await req.crossMatrix.addPlan(contractID: contractID,
            .init(kind: body.kind ?? "", title: body.title ?? "", owner: body.owner ?? "", startYear: body.startYear, endYear: body.endYear, summary: body.summary),
            by: req.actor)
        return try await Self.created(try await planJSON(req, contractID: contractID, planID: plan.plan.id), req: req)
    }

    func updatePlan(req: Request) async throws -> PlanJSON {
        let contractID = try await req.contractID()
        let planID = try req.idParameter("planID", what: "Le plan")
        let body = try req.content.decode(PlanBody.self)
        _ = try await req.crossMatrix.updatePlan(contractID: contractID, planID: planID,
            .init(kind: body.kind, title: body.title, owner: body.owner, startYear: body.startYear, endYear: body.endYear, summary: body.summary), by: req.actor)
        return try await planJSON(req, contractID: contractID, planID: planID)
    }

    func removePlan(req: Request) async throws -> HTTPStatus {
        try await req.crossMatrix.removePlan(contractID: try await req.contractID(), planID: try req.idParameter("planID", what: "Le plan"), by: req.actor)
        return .noContent
    }

    struct ActionBody: Content { var code: String?; var title: String?; var theme: String?; var budget: Double?; var target: String?; var perimeter: String? }

    private static func actionInput(_ body: ActionBody, create: Bool) -> CrossMatrixService.ActionInput {
        .init(code: body.code ?? (create ? "" : nil), title: body.title ?? (create ? "" : nil), theme: body.theme,
              budget: body.budget.map { JSONNumberOrSecret.plain($0) }, target: body.target, perimeter: body.perimeter)
    }

    func addAction(req: Request) async throws -> Response {
        let contractID = try await req.contractID()
        let planID = try req.idParameter("planID", what: "Le plan")
        let body = try req.content.decode(ActionBody.self)
        let action = try await req.crossMatrix.addAction(contractID: contractID, planID: planID, Self.actionInput(body, create: true), by: req.actor)
        return try await Self.created(PlanActionJSON(action), req: req)
    }

    func updateAction(req: Request) async throws -> PlanActionJSON {
        let contractID = try await req.contractID()
        let actionID = try req.idParameter("actionID", what: "L'action de plan")
        let body = try req.content.decode(ActionBody.self)
        return PlanActionJSON(try await req.crossMatrix.updateAction(contractID: contractID, actionID: actionID, Self.actionInput(body, create: false), by: req.actor))
    }

    func removeAction(req: Request) async throws -> HTTPStatus {
        try await req.crossMatrix.removeAction(contractID: try await req.contractID(), actionID: try req.idParameter("actionID", what: "L'action de plan"), by: req.actor)
        return .noContent
    }

    struct ImportReportJSON: Content {
        struct Problem: Content { var line: Int; var column: String?; var message: String }
        var summary: String
        var rejected: Bool
        var created: [String]
        var updated: [String]
        var unchanged: [String]
        var kept: [String]
        var problems: [Problem]
    }

    /// `POST /api/v1/contracts/{id}/plans/{planID}/action-imports?fileName=` with the CSV as body.
    func importActions(req: Request) async throws -> Response {
        let contractID = try await req.contractID()
        let planID = try req.idParameter("planID", what: "Le plan")
        let fileName = try req.strictQuery.text("fileName", maxLength: 200) ?? "actions.csv"
        _ = try await req.crossMatrix.plan(planID, contractID: contractID)
        guard let buffer = req.body.data, buffer.readableBytes > 0 else {
            throw RequestError.invalidBody(reason: "le corps de la requête doit contenir le fichier CSV des actions")
        }
        let bytes = Array(buffer.readableBytesView)
        guard !bytes.prefix(8192).contains(0) else {
            throw RequestError.invalidBody(reason: "le fichier contient des données binaires, pas du texte CSV")
        }
        let outcome = try await req.crossMatrix.importActions(contractID: contractID, planID: planID, bytes: bytes, fileName: fileName, by: req.actor)
        let json = ImportReportJSON(summary: outcome.summary, rejected: outcome.rejected, created: outcome.created, updated: outcome.updated,
                                    unchanged: outcome.unchanged, kept: outcome.kept,
                                    problems: outcome.report.problems.map { .init(line: $0.line, column: $0.column, message: $0.message) })
        let response = try await json.encodeResponse(for: req)
        response.status = outcome.rejected ? .unprocessableEntity : (outcome.created.isEmpty && outcome.updated.isEmpty ? .ok : .created)
        return response
    }

    // MARK: Links

    struct LinkBody: Content { var action: Int?; var objective: Int?; var kind: String?; var qpv: [String]?; var note: String? }

    func addLink(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let body = try req.content.decode(LinkBody.self)
        let link = try await req.crossMatrix.addLink(contractID: detail.contract.id,
            .init(actionID: body.action, objectiveID: body.objective, kind: body.kind, qpv: body.qpv ?? [], note: body.note),
            assertedBy: req.assertionLabel, by: req.actor)
        let actions = try await SQLCrossMatrixRepository(database: req.db).actions(contractID: detail.contract.id)
        return try await Self.created(LinkJSON(link, actions: actions, nodes: detail.tree.flatMap(\.flattened)), req: req)
    }

    func removeLink(req: Request) async throws -> HTTPStatus {
        _ = try await req.crossMatrix.removeLink(contractID: try await req.contractID(), linkID: try req.idParameter("linkID", what: "Le lien"), by: req.actor)
        return .noContent
    }

    // MARK: Milestones

    struct MilestoneBody: Content {
        var year: Int?
        var title: String?
        var owner: String?
        var indicator: String?
        var target: String?
        var status: String?
        var objectives: [Int]?
        var actions: [Int]?
    }

    private func milestoneJSON(_ req: Request, detail: ContractDetail, _ milestone: Milestone) async throws -> MilestoneJSON {
        let actions = try await SQLCrossMatrixRepository(database: req.db).actions(contractID: detail.contract.id)
        let overdue = milestone.year < RoadmapService.currentYear(req.application.clock) && milestone.status != .done
        return MilestoneJSON(milestone, overdue: overdue, nodes: detail.tree.flatMap(\.flattened), actions: actions)
    }

    func addMilestone(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let body = try req.content.decode(MilestoneBody.self)
        let milestone = try await req.roadmap.add(contract: detail.contract,
            .init(year: body.year, title: body.title ?? "", owner: body.owner ?? "", indicatorCode: body.indicator, target: body.target, status: body.status,
                  objectiveIDs: body.objectives ?? [], actionIDs: body.actions ?? []), by: req.actor)
        return try await Self.created(try await milestoneJSON(req, detail: detail, milestone), req: req)
    }

    func updateMilestone(req: Request) async throws -> MilestoneJSON {
        let detail = try await req.contract()
        let id = try req.idParameter("milestoneID", what: "Le jalon")
        let body = try req.content.decode(MilestoneBody.self)
        let milestone = try await req.roadmap.update(contract: detail.contract, milestoneID: id,
            .init(year: body.year, title: body.title, owner: body.owner, indicatorCode: body.indicator, target: body.target, status: body.status,
                  objectiveIDs: body.objectives, actionIDs: body.actions), by: req.actor)
        return try await milestoneJSON(req, detail: detail, milestone)
    }

    func removeMilestone(req: Request) async throws -> HTTPStatus {
        try await req.roadmap.remove(contractID: try await req.contractID(), milestoneID: try req.idParameter("milestoneID", what: "Le jalon"), by: req.actor)
        return .noContent
    }

    // MARK: Commitments and means

    struct CommitmentBody: Content { var organisation: Int?; var kind: String?; var status: String?; var evidence: String?; var year: Int? }

    func recordCommitment(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let body = try req.content.decode(CommitmentBody.self)
        guard let organisationID = body.organisation else {
            throw FormInvalid(errors: [FieldError(field: "organisation", message: "Champ « organisation » : le numéro de l'organisation signataire est attendu.")])
        }
        let changed = try await req.commitmentService.record(detail: detail, organisationID: organisationID, year: body.year,
                                                             [.init(kind: body.kind, status: body.status, evidence: body.evidence)],
                                                             principal: req.account?.principal, by: req.actor)
        let overview = try await req.commitmentService.overview(detail)
        guard let json = CommitmentsJSON(overview).signatories.first(where: { $0.organisation.id == organisationID }) else {
            throw RequestError.notFound(what: "L'organisation n° \(organisationID) parmi les signataires")
        }
        let response = try await json.encodeResponse(for: req)
        response.status = changed > 0 ? .created : .ok
        return response
    }

    struct MeansBody: Content {
        var organisation: Int?
        var year: Int?
        var pillar: String?
        var ambition: String?
        var amountEuros: Double?
        var staffFTE: Double?
        var beneficiaries: Int?
        var beneficiariesInQPV: Int?
        var note: String?
    }

    func addMeans(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let body = try req.content.decode(MeansBody.self)
        guard let organisationID = body.organisation else {
            throw FormInvalid(errors: [FieldError(field: "organisation", message: "Champ « organisation » : le numéro de l'organisation signataire est attendu.")])
        }
        let nodes = detail.tree.flatMap(\.flattened)
        func node(_ code: String?, field: String, label: String) throws -> Int? {
            guard let code = code?.trimmingSpaces, !code.isEmpty else { return nil }
            guard let node = nodes.first(where: { $0.code == code }) else {
                throw FormInvalid(errors: [FieldError(field: field, message: "Champ « \(field) » : le contrat n'a pas de \(label) de code « \(code) ».")])
            }
            return node.id
        }
        let input = CommitmentService.MeansInput(year: body.year, pillarID: try node(body.pillar, field: "pillar", label: "pilier"),
                                                 ambitionID: try node(body.ambition, field: "ambition", label: "ambition"),
                                                 amount: body.amountEuros.map { JSONNumberOrSecret.plain($0) }, staff: body.staffFTE.map { JSONNumberOrSecret.plain($0) },
                                                 beneficiaries: body.beneficiaries.map(String.init), beneficiariesInQPV: body.beneficiariesInQPV.map(String.init), note: body.note)
        let line = try await req.commitmentService.addMeans(detail: detail, organisationID: organisationID, input, principal: req.account?.principal, by: req.actor)
        return try await Self.created(MeansLineJSON(line), req: req)
    }

    func removeMeans(req: Request) async throws -> HTTPStatus {
        let detail = try await req.contract()
        _ = try await req.commitmentService.removeMeans(detail: detail, meansID: try req.idParameter("meansID", what: "La ligne de moyens"), organisationID: nil,
                                                        principal: req.account?.principal, by: req.actor)
        return .noContent
    }
}
