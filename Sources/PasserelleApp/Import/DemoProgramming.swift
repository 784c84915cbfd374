import Fluent
import Foundation
import PasserelleDomain

/// The demo programming of the CALL contract (`Resources/demo/call-programming.json`): a 2024 call
/// and the 2025 call with 30 applications at every stage of the workflow, across the State, the
/// Région, the Département and the CAF. Holders, their SIRETs, projects and amounts are fictitious
/// and labelled as such everywhere they show (`is_demo`, « (fictive) » in every holder's name);
/// funders and schemes are the real ones. Every application is checked by the domain rules and
/// every status move by the workflow, so the demo cannot hold what the application would refuse.
enum DemoProgramming {
    struct File: Decodable {
        struct Holder: Decodable { var name: String; var kind: String }
        struct Line: Decodable { var funder: String; var scheme: String?; var requested: Double; var granted: Double? }
        struct People: Decodable { var total: Int; var women: Int; var men: Int; var livingInQPVShare: Double }
        struct Indicator: Decodable { var label: String; var target: Double?; var unit: String? }
        struct ReviewSeed: Decodable {
            var funder: String
            var instructor: String
            var scores: [String: Int]
            var opinion: String
            var comment: String
            /// Amount proposed per funding line, by the line's position in the plan.
            var proposed: [String: Double]
        }
        struct ApplicationSeed: Decodable {
            var holder: Int
            var title: String
            var actionType: String
            var scale: String
            var objectives: [String]
            var qpv: [String]
            var themes: [String]
            var years: [Int]
            var startDate: String?
            var endDate: String?
            var beneficiaries: People
            var budget: [BudgetLine]
            var fundingPlan: [Line]
            var ownFunds: Double
            var status: String
            var declaredCriteria: [String]
            var transitionStatement: String
            var indicators: [Indicator]
            var agreements: [String: [String: Double]]?
            var reviews: [ReviewSeed]
        }
        struct FunderSeed: Decodable { var funder: String; var schemes: [String]; var envelope: Double? }
        struct CallSeed: Decodable {
            var title: String
            var kind: String
            var year: Int
            var opensOn: String
            var closesOn: String
            var actionStartsOn: String
            var actionEndsOn: String
            var funders: [FunderSeed]
            /// When each status was reached (ISO instants), by status code without outcome.
            var timeline: [String: String]
            var decidedOn: String
            var decidedBy: String
            var agreementSignedOn: String
            var applications: [ApplicationSeed]
        }
        var source: String
        var holders: [Holder]
        var calls: [CallSeed]
    }

    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    static let actorLabel = "démonstration"

    static func file() throws -> File {
        try JSONDecoder().decode(File.self, from: Data(contentsOf: Resources.demoDirectory.appendingPathComponent("call-programming.json")))
    }

    /// A SIRET that passes the Luhn checks but is obviously synthetic: SIREN `0000` + the sequence on
    /// four digits + its Luhn key, then the establishment number `0001` + the key of the 14 digits
    /// (sequence 1 gives SIREN 000000018, SIRET 000000018 00010). No real SIREN begins with four zeros.
    static func syntheticSIRET(_ sequence: Int) -> String {
        let body = "0000" + String(format: "%04d", sequence)
        let siren = (0...9).map { body + String($0) }.first(where: SIREN.isValid)!
        return (0...9).map { siren + "0001" + String($0) }.first(where: SIRET.isValid)!
    }

    /// The order in which an application reaches `target` from a draft; `outcome` is the committee's
    /// decision on the way to the statuses that follow one.
    static func path(to target: ApplicationStatus, outcome: DecisionOutcome = .granted) -> [ApplicationStatus] {
        switch target {
        case .draft: []
        case .submitted: [.submitted]
        case .notReceivable: [.submitted, .notReceivable]
        case .receivable: [.submitted, .receivable]
        case .underInstruction: path(to: .receivable) + [.underInstruction]
        case .proposed: path(to: .underInstruction) + [.proposed]
        case .decided(let outcome): path(to: .proposed) + [.decided(outcome)]
        case .agreementSigned: path(to: .decided(outcome)) + [.agreementSigned]
        case .inProgress: path(to: .agreementSigned, outcome: outcome) + [.inProgress]
        case .reported: path(to: .inProgress, outcome: outcome) + [.reported]
        case .closed: path(to: .reported, outcome: outcome) + [.closed]
        }
    }

    /// Loads the demo programming once (nothing when the CALL contract is absent or already has its
    /// demo calls). Returns the number of applications loaded.
    @discardableResult
    static func run(on database: any Database) async throws -> Int? {
        let contracts = SQLContractRepository(database: database)
        guard let contractID = try await contracts.id(forSlug: "call"), let contract = try await contracts.find(id: contractID) else { return nil }
        if try await SQLProgrammingRepository(database: database).calls(contractID: contractID).contains(where: \.isDemo) { return nil }
        let file = try file()
        return try await database.transaction { db in
            try await load(file, contract: contract, db: db)
        }
    }

    private static func load(_ file: File, contract: ContractDetail, db: any Database) async throws -> Int {
        let repository = SQLProgrammingRepository(database: db)
        let funders = try await repository.funders()
        let catalog = FundingCatalog(funders: funders.map(\.funder), schemes: funders.flatMap { $0.schemes.map(\.scheme) })
        let nodes = contract.tree.flatMap(\.flattened)
        let contractQPV = Set(contract.qpv.map(\.code))
        func fail(_ message: String) -> LoadError { LoadError(description: "démonstration de la programmation : \(message)") }
        func funder(_ code: String) throws -> StoredFunder {
            guard let funder = funders.first(where: { $0.funder.code == code }) else { throw fail("financeur « \(code) » inconnu") }
            return funder
        }
        func scheme(_ code: String?, of funder: StoredFunder) throws -> Int? {
            guard let code else { return nil }
            guard let scheme = funder.schemes.first(where: { $0.scheme.code == code }) else { throw fail("dispositif « \(code) » inconnu chez \(funder.funder.name)") }
            return scheme.scheme.id
        }

        // Fictitious holders, each an organisation with a synthetic SIRET.
        let organisations = SQLOrganisationRepository(database: db)
        var holders: [(id: Int, holder: ProjectHolder)] = []
        for (index, seed) in file.holders.enumerated() {
            let siret = syntheticSIRET(index + 1)
            let kind = HolderKind(rawValue: seed.kind) ?? .association
            let id: Int
            if let existing = try await organisations.find(seed.name) {
                id = existing.id
            } else {
                id = try await organisations.create(name: seed.name, kind: kind == .association ? .association : .other, siren: String(siret.prefix(9)), siret: siret)
            }
            holders.append((id, ProjectHolder(name: seed.name, siret: siret, kind: kind)))
        }

        var loaded = 0
        for seed in file.calls {
            guard let opens = CalendarDate(iso: seed.opensOn), let closes = CalendarDate(iso: seed.closesOn), let starts = CalendarDate(iso: seed.actionStartsOn),
                  let ends = CalendarDate(iso: seed.actionEndsOn), let decidedOn = CalendarDate(iso: seed.decidedOn),
                  let signedOn = CalendarDate(iso: seed.agreementSignedOn) else { throw fail("dates de l'appel « \(seed.title) » illisibles") }
            var callFunders: [CallFunder] = []
            for entry in seed.funders {
                let stored = try funder(entry.funder)
                callFunders.append(CallFunder(funderID: stored.funder.id, schemeIDs: try entry.schemes.compactMap { try scheme($0, of: stored) }, envelope: entry.envelope))
            }
            let ambitions = ProgrammingService.leaves(contract.tree).map(\.id)
            var call = Call(id: 0, contractID: contract.contract.id, kind: CallKind(rawValue: seed.kind) ?? .yearlyCall, title: seed.title, year: seed.year,
                            opensOn: opens, closesOn: closes, actionStartsOn: starts, actionEndsOn: ends, objectiveIDs: ambitions, funders: callFunders,
                            grid: .regionDefault, documentsAsked: ["Budget prévisionnel de l'action", "Statuts et dernier rapport d'activité", "Relevé d'identité bancaire"])
            guard call.problems().filter({ $0.severity == .error }).isEmpty else { throw fail("appel « \(seed.title) » : \(call.problems())") }
            call.id = try await repository.createCall(call, departmentP147Envelope: nil, isDemo: true, createdAt: seed.opensOn + "T08:00:00Z")

            for (index, item) in seed.applications.enumerated() {
                let number = index + 1
                guard holders.indices.contains(item.holder) else { throw fail("porteur n° \(item.holder) absent") }
                let (organisationID, holder) = holders[item.holder]
                guard let target = ApplicationStatus(code: item.status) else { throw fail("statut « \(item.status) » inconnu") }
                var body = ApplicationBody()
                body.objectiveIDs = try item.objectives.map { code in
                    guard let node = nodes.first(where: { $0.code == code }) else { throw fail("objectif « \(code) » absent de l'arbre de la CALL") }
                    return node.id
                }
                for code in item.qpv where !contractQPV.contains(code) { throw fail("« \(code) » n'est pas un QPV de la CALL") }
                body.qpvCodes = item.qpv
                body.themes = item.themes.compactMap(TransitionTheme.init(rawValue:))
                body.years = item.years
                body.startDate = item.startDate.flatMap(CalendarDate.init(iso:))
                body.endDate = item.endDate.flatMap(CalendarDate.init(iso:))
                body.budgetLines = item.budget
                body.beneficiaries = Beneficiaries(total: item.beneficiaries.total, women: item.beneficiaries.women, men: item.beneficiaries.men,
                                                   livingInQPVShare: item.beneficiaries.livingInQPVShare)
                body.expectedIndicators = item.indicators.map { ExpectedIndicator(label: $0.label, target: $0.target, unit: $0.unit) }
                body.transitionStatement = item.transitionStatement
                body.actionType = ActionType(rawValue: item.actionType)
                body.scale = ActionScale(rawValue: item.scale)
                body.declaredCriteria = item.declaredCriteria
                var lines: [(funderID: Int?, schemeID: Int?, label: String, requested: Double)] = []
                for line in item.fundingPlan {
                    let stored = try funder(line.funder)
                    let schemeID = try scheme(line.scheme, of: stored)
                    let label = schemeID.flatMap { catalog.scheme($0) }.map { "\(stored.funder.name) — \($0.name)" } ?? stored.funder.name
                    lines.append((stored.funder.id, schemeID, label, line.requested))
                }
                let created = seed.timeline["submitted"] ?? seed.opensOn + "T08:00:00Z"
                let id = try await repository.createApplication(callID: call.id, organisationID: organisationID, holder: holder, title: item.title, isDemo: true, now: created)
                let lineIDs = try await repository.saveDraft(id: id, title: item.title, holderKind: holder.kind, ownFunds: item.ownFunds, body: body, lines: lines, now: created)
                guard let stored = try await repository.application(id: id) else { throw fail("candidature « \(item.title) » non relue") }
                let application = stored.domain(call: call)
                if target != .draft {
                    let problems = ApplicationValidation.problems(application, call: call, catalog: catalog).filter { $0.severity == .error }
                    guard problems.isEmpty else { throw fail("« \(item.title) » : \(problems.map(\.message).joined(separator: " "))") }
                }

                // Reviews, keyed to the real line ids.
                for review in item.reviews {
                    let stored = try funder(review.funder)
                    var proposed: [Int: Double] = [:]
                    for (key, amount) in review.proposed {
                        guard let position = Int(key), lineIDs.indices.contains(position) else { throw fail("ligne « \(key) » absente de « \(item.title) »") }
                        proposed[lineIDs[position]] = amount
                    }
                    let domain = Review(applicationID: id, funderID: stored.funder.id, instructor: review.instructor, scores: review.scores,
                                        opinion: ReviewOpinion(rawValue: review.opinion) ?? .pending, comment: review.comment, proposedAmounts: proposed)
                    let problems = ReviewValidation.problems(domain, application: application, grid: call.grid, catalog: catalog).filter { $0.severity == .error }
                    guard problems.isEmpty else { throw fail("avis sur « \(item.title) » : \(problems.map(\.message).joined(separator: " "))") }
                    _ = try await repository.saveReview(domain, instructorUserID: nil, now: seed.timeline["underInstruction"] ?? created)
                }

                // Decisions, once the committee has decided.
                var decisions: [Decision] = []
                let granted = item.fundingPlan.compactMap { line in line.granted.map { Decision.outcome(amount: $0, requested: line.requested) } }
                let outcome: DecisionOutcome = granted.allSatisfy { $0 == .granted } ? .granted : granted.allSatisfy { $0 == .refused } ? .refused : .partlyGranted
                let steps = path(to: target, outcome: outcome)
                if steps.contains(where: { if case .decided = $0 { true } else { false } }) {
                    for (position, line) in item.fundingPlan.enumerated() {
                        guard let granted = line.granted else { throw fail("« \(item.title) » : montant décidé manquant sur la ligne \(position + 1)") }
                        let requested = line.requested
                        var decision = Decision(id: 0, applicationID: id, fundingLineID: lineIDs[position], funderID: try funder(line.funder).funder.id,
                                                outcome: Decision.outcome(amount: granted, requested: requested), amount: granted, decidedOn: decidedOn,
                                                decidedBy: seed.decidedBy,
                                                reference: "DEMO-\(seed.year)-\(String(format: "%02d", number))-\(line.funder.uppercased())")
                        let problems = decision.problems(application: application, catalog: catalog).filter { $0.severity == .error }
                        guard problems.isEmpty else { throw fail("décision sur « \(item.title) » : \(problems.map(\.message).joined(separator: " "))") }
                        decision.id = try await repository.insertDecision(decision, recordedAt: seed.timeline["decided"] ?? created, recordedBy: actorLabel)
                        decisions.append(decision)
                    }
                    let overall = Decision.overallOutcome(of: application, decisions: decisions)
                    let expected: DecisionOutcome? = steps.compactMap { if case .decided(let outcome) = $0 { outcome } else { nil } }.first
                    guard overall == expected else { throw fail("« \(item.title) » : les décisions donnent « \(overall?.label ?? "aucune") », le statut dit « \(expected?.label ?? "") »") }
                }
                let signed = [.agreementSigned, .inProgress, .reported, .closed].contains(target)
                for (code, years) in item.agreements ?? [:] {
                    let stored = try funder(code)
                    let agreement = Agreement(applicationID: id, funderID: stored.funder.id,
                                              years: Dictionary(uniqueKeysWithValues: years.compactMap { key, value in Int(key).map { ($0, value) } }),
                                              signedOn: signed ? signedOn : nil, reference: signed ? "CONV-DEMO-\(seed.year)-\(String(format: "%02d", number))-\(code.uppercased())" : nil)
                    let problems = agreement.problems(decisions: decisions, catalog: catalog).filter { $0.severity == .error }
                    guard problems.isEmpty else { throw fail("convention de « \(item.title) » : \(problems.map(\.message).joined(separator: " "))") }
                    try await repository.saveAgreement(agreement, now: seed.timeline["agreementSigned"] ?? created)
                }

                // The status history, each move checked by the workflow.
                var current = ApplicationStatus.draft
                for next in steps {
                    guard let move = ApplicationWorkflow.moves.first(where: { $0.from == current && $0.to == next }), let role = move.roles.first,
                          case .success = ApplicationWorkflow.transition(from: current, to: next, by: role) else {
                        throw fail("« \(item.title) » : passage de « \(current.label) » à « \(next.label) » refusé par le flux")
                    }
                    let key = next.code.hasPrefix("decided") ? "decided" : next.code
                    let at = seed.timeline[key] ?? created
                    if next == .submitted {
                        _ = try await repository.addVersion(applicationID: id, snapshot: application, submittedBy: holder.name, now: at)
                    }
                    try await repository.recordStatusChange(applicationID: id, StatusChange(from: current, to: next, occurredAt: at, actorUserID: nil,
                                                                                            actorLabel: actorLabel, role: role))
                    current = next
                }
                try await repository.setStatus(id: id, target, now: steps.last.flatMap { seed.timeline[$0.code.hasPrefix("decided") ? "decided" : $0.code] } ?? created)
                loaded += 1
            }
        }
        return loaded
    }
}
