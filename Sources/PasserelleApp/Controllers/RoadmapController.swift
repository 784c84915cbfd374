import PasserelleDomain
import Vapor

/// The transition roadmap page and its milestone forms.
struct RoadmapController: Sendable {
    static let edit = Permission.contract([.contractTeam])

    private func model(_ req: Request, detail: ContractDetail, form: ContractTools.FormState = .init(prefix: "jalon-"), checkedObjectives: Set<String> = [],
                       checkedActions: Set<String> = [], notice: String? = nil) async throws -> RoadmapPages.Model {
        let repository = SQLCrossMatrixRepository(database: req.db)
        let milestones = try await repository.milestones(contractID: detail.contract.id)
        let year = RoadmapService.currentYear(req.application.clock)
        let contract = detail.contract
        let indicators = try await SQLObservatoryRepository(database: req.db).indicators().map { (code: $0.indicator.code, label: $0.indicator.label) }
        return RoadmapPages.Model(detail: detail, milestones: milestones,
                                  timeline: Roadmap.timeline(milestones: milestones, startYear: contract.startYear, endYear: contract.endYear, currentYear: year),
                                  currentYear: year, actions: try await repository.actions(contractID: contract.id), plans: try await repository.plans(contractID: contract.id),
                                  indicators: indicators, form: form, checkedObjectives: checkedObjectives, checkedActions: checkedActions, notice: notice)
    }

    func page(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let context = req.pageContext(withForm: req.pageContext().editsContract(detail.contract.id))
        return .html(RoadmapPages.render(try await model(req, detail: detail, notice: req.doneNotice), context: context))
    }

    struct MilestoneForm: Content {
        var year: String?
        var title: String?
        var owner: String?
        var indicator: String?
        var target: String?
        var status: String?
        var objectives: [String]?
        var actions: [String]?

        var values: [String: String] {
            FormFields.values([("year", year), ("title", title), ("owner", owner), ("indicator", indicator), ("target", target), ("status", status)])
        }

        func input() throws -> RoadmapService.MilestoneInput {
            var errors: [FieldError] = []
            let year = FormFields.integer(year, field: "year", label: "année", errors: &errors)
            let objectiveIDs = (objectives ?? []).compactMap { FormFields.integer($0, field: "objectives", label: "objectifs", errors: &errors) }
            let actionIDs = (actions ?? []).compactMap { FormFields.integer($0, field: "actions", label: "actions", errors: &errors) }
            guard errors.isEmpty else { throw FormInvalid(errors: errors) }
            return .init(year: year, title: title ?? "", owner: owner ?? "", indicatorCode: indicator ?? "", target: target ?? "", status: status,
                         objectiveIDs: objectiveIDs, actionIDs: actionIDs)
        }
    }

    func add(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let form = try req.content.decode(MilestoneForm.self)
        do {
            let milestone = try await req.roadmap.add(contract: detail.contract, try form.input(), by: req.actor)
            return req.redirect(.contractRoadmap(.value(detail.contract.slug)), notice: "jalon-ajoute", anchor: "jalon-\(milestone.id)")
        } catch let invalid as FormInvalid {
            let model = try await model(req, detail: detail, form: .init(prefix: "jalon-", values: form.values, errors: invalid.errors),
                                        checkedObjectives: Set(form.objectives ?? []), checkedActions: Set(form.actions ?? []))
            return .html(RoadmapPages.render(model, context: req.pageContext(withForm: true)), status: invalid.status)
        }
    }

    func editPage(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let milestone = try await req.roadmap.milestone(try req.idParameter("milestoneID", what: "Le jalon"), contractID: detail.contract.id)
        let model = try await model(req, detail: detail, form: .init(prefix: "modif-"))
        return .html(RoadmapPages.edit(.init(roadmap: model, milestone: milestone), context: req.pageContext(withForm: true)))
    }

    func update(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let id = try req.idParameter("milestoneID", what: "Le jalon")
        let current = try await req.roadmap.milestone(id, contractID: detail.contract.id)
        let form = try req.content.decode(MilestoneForm.self)
        do {
            _ = try await req.roadmap.update(contract: detail.contract, milestoneID: id, try form.input(), by: req.actor)
            return req.redirect(.contractRoadmap(.value(detail.contract.slug)), notice: "jalon-modifie", anchor: "jalon-\(id)")
        } catch let invalid as FormInvalid {
            let model = try await model(req, detail: detail, form: .init(prefix: "modif-", values: form.values, errors: invalid.errors),
                                        checkedObjectives: Set(form.objectives ?? []), checkedActions: Set(form.actions ?? []))
            return .html(RoadmapPages.edit(.init(roadmap: model, milestone: current), context: req.pageContext(withForm: true)), status: invalid.status)
        }
    }

    func remove(req: Request) async throws -> Response {
        let detail = try await req.contract()
        try await req.roadmap.remove(contractID: detail.contract.id, milestoneID: try req.idParameter("milestoneID", what: "Le jalon"), by: req.actor)
        return req.redirect(.contractRoadmap(.value(detail.contract.slug)), notice: "jalon-supprime")
    }
}

/// The commitments board, each signatory's page and their forms.
struct CommitmentController: Sendable {
    /// Who may reach the write routes; the service then checks that a partner referent writes for
    /// its own organisation only.
    static let write = Permission.contract([.contractTeam, .partnerReferent])

    func page(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let contract = detail.contract
        var asOf: Int?
        if let text = try req.strictQuery.text("annee", maxLength: 4) {
            guard let year = Int(text), (contract.startYear...contract.endYear).contains(year) else {
                throw RequestError.invalidParameter(name: "annee", reason: "une année entre \(contract.startYear) et \(contract.endYear) est attendue, « \(text) » reçu")
            }
            asOf = year
        }
        let overview = try await req.commitmentService.overview(detail, asOfYear: asOf)
        let model = CommitmentPages.Model(overview: overview, years: Array(contract.startYear...contract.endYear),
                                          canWriteAny: req.pageContext().may(Self.write, contractID: contract.id))
        return .html(CommitmentPages.render(model, context: req.pageContext()))
    }

    private func signatoryResponse(_ req: Request, detail: ContractDetail, organisationID: Int, commitmentForm: ContractTools.FormState = .init(prefix: "eng-"),
                                   meansForm: ContractTools.FormState = .init(prefix: "moyens-"), notice: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let signatory = try await CommitmentService.signatory(organisationID, of: detail, db: req.db)
        let overview = try await req.commitmentService.overview(detail)
        guard let line = overview.board.lines.first(where: { $0.signatory.id == organisationID }) else {
            throw RequestError.notFound(what: "L'organisation n° \(organisationID) parmi les signataires")
        }
        let canWrite = CommitmentService.mayWrite(req.account?.principal, contractID: detail.contract.id, organisationID: organisationID)
        let model = CommitmentPages.SignatoryModel(detail: detail, signatory: signatory, line: line,
                                                   records: overview.records.filter { $0.commitment.signatoryID == organisationID },
                                                   means: overview.means.filter { $0.means.signatoryID == organisationID }, canWrite: canWrite,
                                                   currentYear: RoadmapService.currentYear(req.application.clock),
                                                   commitmentForm: commitmentForm, meansForm: meansForm, notice: notice)
        return .html(CommitmentPages.signatory(model, context: req.pageContext(withForm: canWrite)), status: status)
    }

    func signatoryPage(req: Request) async throws -> Response {
        try await signatoryResponse(req, detail: try await req.contract(), organisationID: try req.idParameter("organisationID", what: "L'organisation"),
                                    notice: req.doneNotice)
    }

    func record(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let organisationID = try req.idParameter("organisationID", what: "L'organisation")
        _ = try await CommitmentService.signatory(organisationID, of: detail, db: req.db)
        guard CommitmentService.mayWrite(req.account?.principal, contractID: detail.contract.id, organisationID: organisationID) else { throw AuthError.forbidden }
        let fields = try req.content.decode([String: String].self)
        var errors: [FieldError] = []
        let year = FormFields.integer(fields["year"], field: "year", label: "année", errors: &errors)
        let inputs = CommitmentKind.allCases.compactMap { kind -> CommitmentService.CommitmentInput? in
            guard let status = fields["status-" + kind.rawValue] else { return nil }
            return .init(kind: kind.rawValue, status: status, evidence: fields["evidence-" + kind.rawValue] ?? "")
        }
        var values = fields
        values["_csrf"] = nil
        do {
            guard errors.isEmpty else { throw FormInvalid(errors: errors) }
            try await req.commitmentService.record(detail: detail, organisationID: organisationID, year: year, inputs, principal: req.account?.principal, by: req.actor)
            return req.redirect(.contractSignatory(.value(detail.contract.slug), .value(organisationID)), notice: "engagements-enregistres")
        } catch let invalid as FormInvalid {
            return try await signatoryResponse(req, detail: detail, organisationID: organisationID,
                                               commitmentForm: .init(prefix: "eng-", values: values, errors: invalid.errors), status: invalid.status)
        }
    }

    struct MeansForm: Content {
        var year: String?
        var pillar: String?
        var ambition: String?
        var amount: String?
        var staff: String?
        var beneficiaries: String?
        var beneficiariesInQPV: String?
        var note: String?

        var values: [String: String] {
            FormFields.values([("year", year), ("pillar", pillar), ("ambition", ambition), ("amount", amount), ("staff", staff), ("beneficiaries", beneficiaries),
                               ("beneficiariesInQPV", beneficiariesInQPV), ("note", note)])
        }
    }

    func addMeans(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let organisationID = try req.idParameter("organisationID", what: "L'organisation")
        _ = try await CommitmentService.signatory(organisationID, of: detail, db: req.db)
        guard CommitmentService.mayWrite(req.account?.principal, contractID: detail.contract.id, organisationID: organisationID) else { throw AuthError.forbidden }
        let form = try req.content.decode(MeansForm.self)
        do {
            var errors: [FieldError] = []
            let input = CommitmentService.MeansInput(
                year: FormFields.integer(form.year, field: "year", label: "année", errors: &errors),
                pillarID: FormFields.integer(form.pillar, field: "pillar", label: "pilier", errors: &errors),
                ambitionID: FormFields.integer(form.ambition, field: "ambition", label: "ambition", errors: &errors),
                amount: form.amount, staff: form.staff, beneficiaries: form.beneficiaries, beneficiariesInQPV: form.beneficiariesInQPV, note: form.note)
            guard errors.isEmpty else { throw FormInvalid(errors: errors) }
            _ = try await req.commitmentService.addMeans(detail: detail, organisationID: organisationID, input, principal: req.account?.principal, by: req.actor)
            return req.redirect(.contractSignatory(.value(detail.contract.slug), .value(organisationID)), notice: "moyens-ajoutes", anchor: "ajout-moyens")
        } catch let invalid as FormInvalid {
            return try await signatoryResponse(req, detail: detail, organisationID: organisationID,
                                               meansForm: .init(prefix: "moyens-", values: form.values, errors: invalid.errors), status: invalid.status)
        }
    }

    func removeMeans(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let organisationID = try req.idParameter("organisationID", what: "L'organisation")
        _ = try await CommitmentService.signatory(organisationID, of: detail, db: req.db)
        let meansID = try req.idParameter("meansID", what: "La ligne de moyens")
        _ = try await req.commitmentService.removeMeans(detail: detail, meansID: meansID, organisationID: organisationID, principal: req.account?.principal, by: req.actor)
        return req.redirect(.contractSignatory(.value(detail.contract.slug), .value(organisationID)), notice: "moyens-supprimes")
    }
}
