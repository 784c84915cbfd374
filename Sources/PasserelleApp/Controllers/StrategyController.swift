import PasserelleDomain
import Vapor

extension Request {
    var strategy: StrategyService { StrategyService(database: db, clock: application.clock) }
    var crossMatrix: CrossMatrixService { CrossMatrixService(database: db, clock: application.clock) }
    var roadmap: RoadmapService { RoadmapService(database: db, clock: application.clock) }
    var commitmentService: CommitmentService { CommitmentService(database: db, clock: application.clock) }

    /// A numeric path parameter; anything else is an unknown object (404), named.
    func idParameter(_ name: String, what: String) throws -> Int {
        let text = try parameters.require(name)
        guard let id = Int(text), id > 0 else { throw RequestError.notFound(what: "\(what) « \(text) »") }
        return id
    }

    /// How a link names who asserted it: the signed-in person's name and organisation.
    var assertionLabel: String {
        guard let account else { return "anonyme" }
        return account.displayName + (account.organisationName.map { " (\($0))" } ?? "")
    }

    /// The `fait` parameter a redirect after a change carries.
    var doneNotice: String? { try? strictQuery.text("fait", maxLength: 40) }

    /// Where to go after a change: the page, with the notice code and an anchor.
    func redirect(_ url: SiteURL, notice: String, anchor: String? = nil) -> Response {
        redirect(to: url.path(query: ["fait": notice]) + (anchor.map { "#" + $0 } ?? ""), redirectType: .normal)
    }
}

/// Form helpers shared by the contract's working pages.
enum FormFields {
    /// An optional integer field: nil when blank, a field error when not a whole number.
    static func integer(_ text: String?, field: String, label: String, errors: inout [FieldError]) -> Int? {
        guard let text = text?.trimmingSpaces, !text.isEmpty else { return nil }
        guard let value = Int(text) else {
            errors.append(FieldError(field: field, message: "Champ « \(label) » : un nombre entier est attendu, « \(text) » reçu."))
            return nil
        }
        return value
    }

    static func values(_ pairs: [(String, String?)]) -> [String: String] {
        var values: [String: String] = [:]
        for (key, value) in pairs { if let value { values[key] = value } }
        return values
    }
}

/// Editing the strategy tree and the transversal axes (contract team), amendments and history.
struct StrategyController: Sendable {
    static let edit = Permission.contract([.contractTeam])

    // MARK: Tree page

    func editPage(req: Request) async throws -> Response {
        try await editResponse(req, detail: try await req.contract(), notice: req.doneNotice)
    }

    private func editResponse(_ req: Request, detail: ContractDetail, nodeForm: ContractTools.FormState = .init(prefix: "noeud-"),
                              axisForm: ContractTools.FormState = .init(prefix: "axe-"), notice: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let repository = SQLStrategyRepository(database: req.db)
        let model = StrategyPages.EditModel(detail: detail, outline: try await repository.outline(contractID: detail.contract.id),
                                            axes: try await repository.axes(contractID: detail.contract.id),
                                            openAmendment: try await repository.openAmendment(contractID: detail.contract.id),
                                            nodeForm: nodeForm, axisForm: axisForm, notice: notice)
        return .html(StrategyPages.edit(model, context: req.pageContext(withForm: true)), status: status)
    }

    struct NodeForm: Content {
        var level: String?
        var parent: String?
        var code: String?
        var title: String?
        var summary: String?
        var position: String?

        var values: [String: String] {
            FormFields.values([("level", level), ("parent", parent), ("code", code), ("title", title), ("summary", summary), ("position", position)])
        }

        func input(forUpdate: Bool) throws -> StrategyService.NodeInput {
            var errors: [FieldError] = []
            var input = StrategyService.NodeInput(code: code ?? "", title: title ?? "", summary: summary ?? "")
            if let text = level?.trimmingSpaces, !text.isEmpty {
                guard let value = StrategyLevel(rawValue: text) else {
                    throw FormInvalid(errors: [FieldError(field: "level", message: "Champ « niveau » : « \(text) » n'est pas un niveau de l'arbre.")])
                }
                input.level = value
            }
            if let parent {
                input.parentGiven = true
                input.parentID = FormFields.integer(parent, field: "parent", label: "rattaché à", errors: &errors)
            } else if forUpdate {
                input.parentGiven = false
            }
            input.position = FormFields.integer(position, field: "position", label: "rang", errors: &errors)
            guard errors.isEmpty else { throw FormInvalid(errors: errors) }
            return input
        }
    }

    func addNode(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let form = try req.content.decode(NodeForm.self)
        do {
            _ = try await req.strategy.addNode(contractID: detail.contract.id, try form.input(forUpdate: false), by: req.actor)
            return req.redirect(.contractStrategy(.value(detail.contract.slug)), notice: "noeud-ajoute", anchor: "arbre")
        } catch let invalid as FormInvalid {
            return try await editResponse(req, detail: detail, nodeForm: .init(prefix: "noeud-", values: form.values, errors: invalid.errors), status: invalid.status)
        }
    }

    // MARK: One node

    private func nodeResponse(_ req: Request, detail: ContractDetail, nodeID: Int, form: ContractTools.FormState? = nil, conflict: String? = nil,
                              status: HTTPResponseStatus = .ok) async throws -> Response {
        let outline = try await SQLStrategyRepository(database: req.db).outline(contractID: detail.contract.id)
        guard let node = outline.node(nodeID) else { throw RequestError.notFound(what: "Le nœud n° \(nodeID) de ce contrat") }
        let model = StrategyPages.NodeModel(detail: detail, outline: outline, node: node, form: form ?? .init(prefix: "modif-"), conflict: conflict)
        return .html(StrategyPages.node(model, context: req.pageContext(withForm: true)), status: status)
    }

    func nodePage(req: Request) async throws -> Response {
        try await nodeResponse(req, detail: try await req.contract(), nodeID: try req.idParameter("nodeID", what: "Le nœud"))
    }

    func updateNode(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let nodeID = try req.idParameter("nodeID", what: "Le nœud")
        let form = try req.content.decode(NodeForm.self)
        do {
            let changed = try await req.strategy.updateNode(contractID: detail.contract.id, nodeID: nodeID, try form.input(forUpdate: true), by: req.actor)
            return req.redirect(.contractStrategy(.value(detail.contract.slug)), notice: changed == nil ? "inchange" : "noeud-modifie", anchor: "arbre")
        } catch let invalid as FormInvalid {
            return try await nodeResponse(req, detail: detail, nodeID: nodeID, form: .init(prefix: "modif-", values: form.values, errors: invalid.errors), status: invalid.status)
        }
    }

    func removeNode(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let nodeID = try req.idParameter("nodeID", what: "Le nœud")
        do {
            try await req.strategy.removeNode(contractID: detail.contract.id, nodeID: nodeID, by: req.actor)
            return req.redirect(.contractStrategy(.value(detail.contract.slug)), notice: "noeud-supprime", anchor: "arbre")
        } catch let conflict as ConflictError {
            return try await nodeResponse(req, detail: detail, nodeID: nodeID, conflict: conflict.message, status: conflict.status)
        }
    }

    // MARK: Axes

    struct AxisForm: Content {
        var code: String?
        var title: String?
        var summary: String?
        var position: String?

        var values: [String: String] { FormFields.values([("code", code), ("title", title), ("summary", summary), ("position", position)]) }

        func input() throws -> StrategyService.AxisInput {
            var errors: [FieldError] = []
            let input = StrategyService.AxisInput(code: code ?? "", title: title ?? "", summary: summary ?? "",
                                                  position: FormFields.integer(position, field: "position", label: "rang", errors: &errors))
            guard errors.isEmpty else { throw FormInvalid(errors: errors) }
            return input
        }
    }

    func addAxis(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let form = try req.content.decode(AxisForm.self)
        do {
            _ = try await req.strategy.addAxis(contractID: detail.contract.id, try form.input(), by: req.actor)
            return req.redirect(.contractStrategy(.value(detail.contract.slug)), notice: "axe-ajoute", anchor: "axes")
        } catch let invalid as FormInvalid {
            return try await editResponse(req, detail: detail, axisForm: .init(prefix: "axe-", values: form.values, errors: invalid.errors), status: invalid.status)
        }
    }

    private func axisResponse(_ req: Request, detail: ContractDetail, axisID: Int, form: ContractTools.FormState? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let axes = try await SQLStrategyRepository(database: req.db).axes(contractID: detail.contract.id)
        guard let axis = axes.first(where: { $0.id == axisID }) else { throw RequestError.notFound(what: "L'axe transversal n° \(axisID) de ce contrat") }
        let model = StrategyPages.AxisModel(detail: detail, axes: axes, axis: axis, form: form ?? .init(prefix: "modif-"))
        return .html(StrategyPages.axis(model, context: req.pageContext(withForm: true)), status: status)
    }

    func axisPage(req: Request) async throws -> Response {
        try await axisResponse(req, detail: try await req.contract(), axisID: try req.idParameter("axisID", what: "L'axe transversal"))
    }

    func updateAxis(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let axisID = try req.idParameter("axisID", what: "L'axe transversal")
        let form = try req.content.decode(AxisForm.self)
        do {
            let changed = try await req.strategy.updateAxis(contractID: detail.contract.id, axisID: axisID, try form.input(), by: req.actor)
            return req.redirect(.contractStrategy(.value(detail.contract.slug)), notice: changed == nil ? "inchange" : "axe-modifie", anchor: "axes")
        } catch let invalid as FormInvalid {
            return try await axisResponse(req, detail: detail, axisID: axisID, form: .init(prefix: "modif-", values: form.values, errors: invalid.errors), status: invalid.status)
        }
    }

    func removeAxis(req: Request) async throws -> Response {
        let detail = try await req.contract()
        try await req.strategy.removeAxis(contractID: detail.contract.id, axisID: try req.idParameter("axisID", what: "L'axe transversal"), by: req.actor)
        return req.redirect(.contractStrategy(.value(detail.contract.slug)), notice: "axe-supprime", anchor: "axes")
    }

    // MARK: Amendments and history

    private func amendmentsResponse(_ req: Request, detail: ContractDetail, form: ContractTools.FormState = .init(prefix: "avenant-"), notice: String? = nil,
                                    status: HTTPResponseStatus = .ok) async throws -> Response {
        let repository = SQLStrategyRepository(database: req.db)
        let amendments = try await repository.amendments(contractID: detail.contract.id)
        let changes = try await repository.changes(contractID: detail.contract.id)
        var counts: [Int: Int] = [:]
        for change in changes { if let id = change.amendmentID { counts[id, default: 0] += 1 } }
        let model = StrategyPages.AmendmentsModel(detail: detail, amendments: amendments, changeCounts: counts,
                                                  unattachedCount: changes.filter { $0.amendmentID == nil }.count, form: form, notice: notice,
                                                  nextNumber: (amendments.map(\.number).max() ?? 0) + 1)
        let context = req.pageContext(withForm: req.pageContext().editsContract(detail.contract.id))
        return .html(StrategyPages.amendments(model, context: context), status: status)
    }

    func amendmentsPage(req: Request) async throws -> Response {
        try await amendmentsResponse(req, detail: try await req.contract(), notice: req.doneNotice)
    }

    struct AmendmentForm: Content {
        var number: String?
        var date: String?
        var title: String?
        var summary: String?
        var values: [String: String] { FormFields.values([("number", number), ("date", date), ("title", title), ("summary", summary)]) }
    }

    func openAmendment(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let form = try req.content.decode(AmendmentForm.self)
        do {
            var errors: [FieldError] = []
            let number = FormFields.integer(form.number, field: "number", label: "numéro", errors: &errors)
            guard errors.isEmpty else { throw FormInvalid(errors: errors) }
            let amendment = try await req.strategy.openAmendment(contractID: detail.contract.id,
                .init(number: number, date: form.date ?? "", title: form.title ?? "", summary: form.summary), by: req.actor)
            return req.redirect(.contractAmendment(.value(detail.contract.slug), .value(amendment.id)), notice: "avenant-ouvert")
        } catch let invalid as FormInvalid {
            return try await amendmentsResponse(req, detail: detail, form: .init(prefix: "avenant-", values: form.values, errors: invalid.errors), status: invalid.status)
        }
    }

    func amendmentPage(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let id = try req.idParameter("amendmentID", what: "L'avenant")
        let repository = SQLStrategyRepository(database: req.db)
        guard let amendment = try await repository.amendments(contractID: detail.contract.id).first(where: { $0.id == id }) else {
            throw RequestError.notFound(what: "L'avenant n° \(id) de ce contrat")
        }
        let context = req.pageContext(withForm: req.pageContext().editsContract(detail.contract.id))
        let model = StrategyPages.AmendmentModel(detail: detail, amendment: amendment, changes: try await repository.changes(contractID: detail.contract.id, amendmentID: id),
                                                 showsAuthors: context.editsContract(detail.contract.id), notice: req.doneNotice)
        return .html(StrategyPages.amendment(model, context: context))
    }

    func closeAmendment(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let id = try req.idParameter("amendmentID", what: "L'avenant")
        _ = try await req.strategy.closeAmendment(contractID: detail.contract.id, amendmentID: id, by: req.actor)
        return req.redirect(.contractAmendment(.value(detail.contract.slug), .value(id)), notice: "avenant-clos")
    }

    func historyPage(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let repository = SQLStrategyRepository(database: req.db)
        let context = req.pageContext()
        let model = StrategyPages.HistoryModel(detail: detail, changes: try await repository.changes(contractID: detail.contract.id),
                                               amendments: try await repository.amendments(contractID: detail.contract.id),
                                               showsAuthors: context.editsContract(detail.contract.id))
        return .html(StrategyPages.history(model, context: context))
    }
}
