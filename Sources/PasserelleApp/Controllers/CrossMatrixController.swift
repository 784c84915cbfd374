import PasserelleDomain
import Vapor

/// Plans of the territory, their actions, the links with the contract and the matrix page.
struct CrossMatrixController: Sendable {
    static let edit = Permission.contract([.contractTeam])
    static let maxUpload: ByteCount = "5mb"

    // MARK: Plans

    private func plansResponse(_ req: Request, detail: ContractDetail, form: ContractTools.FormState = .init(prefix: "plan-"), notice: String? = nil,
                               status: HTTPResponseStatus = .ok) async throws -> Response {
        let repository = SQLCrossMatrixRepository(database: req.db)
        let plans = try await repository.plans(contractID: detail.contract.id)
        let actions = try await repository.actions(contractID: detail.contract.id)
        let linked = Set(try await repository.links(contractID: detail.contract.id).map(\.link.actionID))
        var actionCounts: [Int: Int] = [:], linkedCounts: [Int: Int] = [:]
        for action in actions {
            actionCounts[action.planID, default: 0] += 1
            if linked.contains(action.id) { linkedCounts[action.planID, default: 0] += 1 }
        }
        let context = req.pageContext(withForm: req.pageContext().editsContract(detail.contract.id))
        return .html(PlanPages.list(.init(detail: detail, plans: plans, actionCounts: actionCounts, linkedCounts: linkedCounts, form: form, notice: notice),
                                    context: context), status: status)
    }

    func plansPage(req: Request) async throws -> Response {
        try await plansResponse(req, detail: try await req.contract(), notice: req.doneNotice)
    }

    struct PlanForm: Content {
        var kind: String?
        var title: String?
        var owner: String?
        var startYear: String?
        var endYear: String?
        var summary: String?

        var values: [String: String] {
            FormFields.values([("kind", kind), ("title", title), ("owner", owner), ("startYear", startYear), ("endYear", endYear), ("summary", summary)])
        }

        func input() throws -> CrossMatrixService.PlanInput {
            var errors: [FieldError] = []
            let start = FormFields.integer(startYear, field: "startYear", label: "première année", errors: &errors)
            let end = FormFields.integer(endYear, field: "endYear", label: "dernière année", errors: &errors)
            guard errors.isEmpty else { throw FormInvalid(errors: errors) }
            return .init(kind: kind ?? "", title: title ?? "", owner: owner ?? "", startYear: start, endYear: end, summary: summary ?? "")
        }
    }

    func addPlan(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let form = try req.content.decode(PlanForm.self)
        do {
            let plan = try await req.crossMatrix.addPlan(contractID: detail.contract.id, try form.input(), by: req.actor)
            return req.redirect(.contractPlan(.value(detail.contract.slug), .value(plan.plan.id)), notice: "plan-ajoute")
        } catch let invalid as FormInvalid {
            return try await plansResponse(req, detail: detail, form: .init(prefix: "plan-", values: form.values, errors: invalid.errors), status: invalid.status)
        }
    }

    private func planResponse(_ req: Request, detail: ContractDetail, planID: Int, actionForm: ContractTools.FormState = .init(prefix: "action-"),
                              importErrors: [FieldError] = [], importOutcome: PlanActionImportOutcome? = nil, conflict: String? = nil,
                              notice: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let plan = try await req.crossMatrix.plan(planID, contractID: detail.contract.id)
        let repository = SQLCrossMatrixRepository(database: req.db)
        let links = Dictionary(grouping: try await repository.links(contractID: detail.contract.id), by: \.link.actionID)
        let model = PlanPages.PlanModel(detail: detail, plan: plan, actions: try await repository.actions(planID: planID), links: links,
                                        actionForm: actionForm, importErrors: importErrors, importOutcome: importOutcome, conflict: conflict, notice: notice)
        let context = req.pageContext(withForm: req.pageContext().editsContract(detail.contract.id))
        return .html(PlanPages.plan(model, context: context), status: status)
    }

    func planPage(req: Request) async throws -> Response {
        try await planResponse(req, detail: try await req.contract(), planID: try req.idParameter("planID", what: "Le plan"), notice: req.doneNotice)
    }

    private func planEditResponse(_ req: Request, detail: ContractDetail, planID: Int, form: ContractTools.FormState = .init(prefix: "modif-"),
                                  status: HTTPResponseStatus = .ok) async throws -> Response {
        let plan = try await req.crossMatrix.plan(planID, contractID: detail.contract.id)
        return .html(PlanPages.planEdit(.init(detail: detail, plan: plan, form: form), context: req.pageContext(withForm: true)), status: status)
    }

    func planEditPage(req: Request) async throws -> Response {
        try await planEditResponse(req, detail: try await req.contract(), planID: try req.idParameter("planID", what: "Le plan"))
    }

    func updatePlan(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let planID = try req.idParameter("planID", what: "Le plan")
        let form = try req.content.decode(PlanForm.self)
        do {
            _ = try await req.crossMatrix.updatePlan(contractID: detail.contract.id, planID: planID, try form.input(), by: req.actor)
            return req.redirect(.contractPlan(.value(detail.contract.slug), .value(planID)), notice: "plan-modifie")
        } catch let invalid as FormInvalid {
            return try await planEditResponse(req, detail: detail, planID: planID, form: .init(prefix: "modif-", values: form.values, errors: invalid.errors), status: invalid.status)
        }
    }

    func removePlan(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let planID = try req.idParameter("planID", what: "Le plan")
        do {
            try await req.crossMatrix.removePlan(contractID: detail.contract.id, planID: planID, by: req.actor)
            return req.redirect(.contractPlans(.value(detail.contract.slug)), notice: "plan-supprime")
        } catch let conflict as ConflictError {
            return try await planResponse(req, detail: detail, planID: planID, conflict: conflict.message, status: conflict.status)
        }
    }

    // MARK: Actions

    struct ActionForm: Content {
        var code: String?
        var title: String?
        var theme: String?
        var budget: String?
        var target: String?
        var perimeter: String?

        var values: [String: String] {
            FormFields.values([("code", code), ("title", title), ("theme", theme), ("budget", budget), ("target", target), ("perimeter", perimeter)])
        }

        var input: CrossMatrixService.ActionInput {
            .init(code: code ?? "", title: title ?? "", theme: theme ?? "", budget: budget ?? "", target: target ?? "", perimeter: perimeter ?? "")
        }
    }

    func addAction(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let planID = try req.idParameter("planID", what: "Le plan")
        let form = try req.content.decode(ActionForm.self)
        do {
            let action = try await req.crossMatrix.addAction(contractID: detail.contract.id, planID: planID, form.input, by: req.actor)
            return req.redirect(.contractAction(.value(detail.contract.slug), .value(action.id)), notice: "action-ajoutee")
        } catch let invalid as FormInvalid {
            return try await planResponse(req, detail: detail, planID: planID, actionForm: .init(prefix: "action-", values: form.values, errors: invalid.errors),
                                          status: invalid.status)
        }
    }

    struct ImportForm: Content { var fichier: File? }

    func importActions(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let planID = try req.idParameter("planID", what: "Le plan")
        _ = try await req.crossMatrix.plan(planID, contractID: detail.contract.id)
        let upload = try req.content.decode(ImportForm.self)
        guard let file = upload.fichier, file.data.readableBytes > 0 else {
            return try await planResponse(req, detail: detail, planID: planID,
                                          importErrors: [FieldError(field: "fichier", message: "Champ « fichier » : choisissez un fichier CSV des actions du plan.")],
                                          status: .unprocessableEntity)
        }
        let bytes = Array(file.data.readableBytesView)
        do {
            try ObservatoryController.checkUpload(fileName: file.filename, bytes: bytes)
        } catch {
            return try await planResponse(req, detail: detail, planID: planID, importErrors: error.errors, status: error.status)
        }
        let outcome = try await req.crossMatrix.importActions(contractID: detail.contract.id, planID: planID, bytes: bytes, fileName: file.filename, by: req.actor)
        return try await planResponse(req, detail: detail, planID: planID, importOutcome: outcome, status: outcome.rejected ? .unprocessableEntity : .ok)
    }

    private func actionResponse(_ req: Request, detail: ContractDetail, actionID: Int, actionForm: ContractTools.FormState = .init(prefix: "modif-"),
                                linkForm: ContractTools.FormState = .init(prefix: "lien-"), linkQPV: Set<String> = [], conflict: String? = nil,
                                notice: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let action = try await req.crossMatrix.action(actionID, contractID: detail.contract.id)
        let plan = try await req.crossMatrix.plan(action.planID, contractID: detail.contract.id)
        let links = try await SQLCrossMatrixRepository(database: req.db).links(contractID: detail.contract.id).filter { $0.link.actionID == actionID }
        let model = PlanPages.ActionModel(detail: detail, plan: plan, action: action, links: links, actionForm: actionForm, linkForm: linkForm,
                                          linkQPV: linkQPV, conflict: conflict, notice: notice)
        let context = req.pageContext(withForm: req.pageContext().editsContract(detail.contract.id))
        return .html(PlanPages.action(model, context: context), status: status)
    }

    func actionPage(req: Request) async throws -> Response {
        try await actionResponse(req, detail: try await req.contract(), actionID: try req.idParameter("actionID", what: "L'action de plan"), notice: req.doneNotice)
    }

    func updateAction(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let actionID = try req.idParameter("actionID", what: "L'action de plan")
        let form = try req.content.decode(ActionForm.self)
        do {
            _ = try await req.crossMatrix.updateAction(contractID: detail.contract.id, actionID: actionID, form.input, by: req.actor)
            return req.redirect(.contractAction(.value(detail.contract.slug), .value(actionID)), notice: "action-modifiee")
        } catch let invalid as FormInvalid {
            return try await actionResponse(req, detail: detail, actionID: actionID, actionForm: .init(prefix: "modif-", values: form.values, errors: invalid.errors),
                                            status: invalid.status)
        }
    }

    func removeAction(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let actionID = try req.idParameter("actionID", what: "L'action de plan")
        let action = try await req.crossMatrix.action(actionID, contractID: detail.contract.id)
        do {
            try await req.crossMatrix.removeAction(contractID: detail.contract.id, actionID: actionID, by: req.actor)
            return req.redirect(.contractPlan(.value(detail.contract.slug), .value(action.planID)), notice: "action-supprimee")
        } catch let conflict as ConflictError {
            return try await actionResponse(req, detail: detail, actionID: actionID, conflict: conflict.message, status: conflict.status)
        }
    }

    // MARK: Links

    struct LinkForm: Content {
        var action: String?
        var objective: String?
        var kind: String?
        var qpv: [String]?
        var note: String?

        var values: [String: String] { FormFields.values([("objective", objective), ("kind", kind), ("note", note)]) }
    }

    func addLink(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let form = try req.content.decode(LinkForm.self)
        guard let actionText = form.action?.trimmingSpaces, let actionID = Int(actionText) else {
            throw RequestError.invalidBody(reason: "champ « action » (numéro de l'action de plan) attendu")
        }
        do {
            var errors: [FieldError] = []
            let objectiveID = FormFields.integer(form.objective, field: "objective", label: "objectif", errors: &errors)
            guard errors.isEmpty else { throw FormInvalid(errors: errors) }
            _ = try await req.crossMatrix.addLink(contractID: detail.contract.id,
                .init(actionID: actionID, objectiveID: objectiveID, kind: form.kind, qpv: form.qpv ?? [], note: form.note),
                assertedBy: req.assertionLabel, by: req.actor)
            return req.redirect(.contractAction(.value(detail.contract.slug), .value(actionID)), notice: "lien-ajoute")
        } catch let invalid as FormInvalid {
            return try await actionResponse(req, detail: detail, actionID: actionID, linkForm: .init(prefix: "lien-", values: form.values, errors: invalid.errors),
                                            linkQPV: Set(form.qpv ?? []), status: invalid.status)
        }
    }

    func removeLink(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let linkID = try req.idParameter("linkID", what: "Le lien")
        let removed = try await req.crossMatrix.removeLink(contractID: detail.contract.id, linkID: linkID, by: req.actor)
        return req.redirect(.contractAction(.value(detail.contract.slug), .value(removed.link.actionID)), notice: "lien-supprime")
    }

    // MARK: Matrix

    /// Reads `qpv` (a QPV of the contract) and `theme` (a transition theme) from the query.
    static func filter(_ req: Request, detail: ContractDetail) throws -> MatrixFilter {
        var filter = MatrixFilter()
        if let code = try req.strictQuery.text("qpv", maxLength: 20)?.uppercased() {
            guard let qpv = detail.qpv.first(where: { $0.code == code }) else {
                throw RequestError.invalidParameter(name: "qpv", reason: "« \(code) » n'est pas un QPV de ce contrat")
            }
            filter.qpv = qpv.key
        }
        filter.theme = try req.strictQuery.choice("theme", of: TransitionTheme.self)
        return filter
    }

    func matrixPage(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let filter = try Self.filter(req, detail: detail)
        let view = try await req.crossMatrix.matrix(detail, filter: filter)
        var drill: Int?
        if let text = try req.strictQuery.text("plan", maxLength: 12) {
            guard let id = Int(text), view.plans.contains(where: { $0.plan.id == id }) else { throw RequestError.notFound(what: "Le plan « \(text) » de ce contrat") }
            drill = id
        }
        let printable = try req.strictQuery.text("impression", maxLength: 5).map { $0 == "1" || $0 == "oui" } ?? false
        let model = MatrixPage.Model(view: view, filter: filter, drillPlanID: drill, printable: printable,
                                     today: String(req.application.clock.now().isoString.prefix(10)))
        return .html(MatrixPage.render(model, context: req.pageContext()))
    }
}
