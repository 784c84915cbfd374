import Foundation
@testable import PasserelleApp
import PasserelleDomain
import Testing
import Vapor

/// The transition roadmap and the signatories' commitments, on both engines and through HTTP.
struct RoadmapAndCommitmentTests {
    static let actor = Actor(userID: nil, label: "équipe de test")

    static func organisation(_ app: Application, _ name: String) async throws -> Organisation {
        let detail = try #require(try await SQLContractRepository(database: app.db).find(id: try await ContractWork.callID(app)))
        return try #require(detail.signatories.first { $0.name == name })
    }

    // MARK: Roadmap

    @Test(arguments: Engine.allCases)
    func milestonesAreCheckedAgainstThePeriodAndTheContract(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            app.clock = ManualClock()
            let detail = try #require(try await SQLContractRepository(database: app.db).find(id: try await ContractWork.callID(app)))
            let service = RoadmapService(database: app.db, clock: app.clock)
            let before = try await SQLCrossMatrixRepository(database: app.db).milestones(contractID: detail.contract.id)
            #expect(before.map(\.year) == [2024, 2025, 2026, 2026, 2027, 2028, 2030])

            await #expect(throws: FormInvalid(errors: [FieldError(field: "year", message: "Le jalon « Zéro passoire » : l'année 2031 est hors de la période du contrat (2024–2030).")])) {
                _ = try await service.add(contract: detail.contract, .init(year: 2031, title: "Zéro passoire", owner: "CALL"), by: Self.actor)
            }
            await #expect(throws: FormInvalid(errors: [
                FieldError(field: "objectives", message: "Le jalon « Bilan » : l'objectif n° 999999 n'existe pas dans ce contrat."),
                FieldError(field: "actions", message: "Le jalon « Bilan » : l'action de plan n° 888888 est inconnue."),
                FieldError(field: "indicator", message: "Champ « indicateur » : « bonheur » n'est pas un indicateur de l'observatoire (le jalon « Bilan »)."),
            ])) {
                _ = try await service.add(contract: detail.contract, .init(year: 2029, title: "Bilan", owner: "COPIL", indicatorCode: "bonheur",
                                                                          objectiveIDs: [999_999], actionIDs: [888_888]), by: Self.actor)
            }
            #expect(try await SQLCrossMatrixRepository(database: app.db).milestones(contractID: detail.contract.id) == before, "nothing half-saved")

            let p2a3 = try await ContractWork.node(app, "P2.A3")
            let added = try await service.add(contract: detail.contract, .init(year: 2029, title: "Bilan des îlots de fraîcheur", owner: "CALL", indicatorCode: "heat_exposure_share",
                                                                              target: "moins de 20 % d'habitants exposés", status: "en retard", objectiveIDs: [p2a3.id]), by: Self.actor)
            #expect(added.status == .late && added.objectiveIDs == [p2a3.id])
            let updated = try await service.update(contract: detail.contract, milestoneID: added.id, .init(status: "done"), by: Self.actor)
            #expect(updated.status == .done && updated.title == "Bilan des îlots de fraîcheur" && updated.objectiveIDs == [p2a3.id], "an update keeps what it does not name")
            let audit = try await AuditTrail(database: app.db, clock: app.clock).entries(.init(entityType: "milestone", limit: 1)).items[0]
            #expect(audit.before?.contains("\"status\":\"late\"") == true && audit.after?.contains("\"status\":\"done\"") == true)
        }
    }

    @Test func theTimelineGroupsByYearAndHighlightsOverdueMilestones() async throws {
        try await withPasserelle(.sqlite) { app in
            app.clock = ManualClock() // 1 January 2026
            let api = try await app.get("/api/v1/contracts/call/roadmap")
            #expect(api.status == .ok)
            #expect(api.object["currentYear"] as? Int == 2026)
            let years = try #require(api.object["years"] as? [[String: Any]])
            #expect(years.map { $0["year"] as? Int } == [2024, 2025, 2026, 2027, 2028, 2029, 2030])
            #expect(years.map { ($0["milestones"] as? [Any])?.count } == [1, 1, 2, 1, 1, 0, 1])
            let overdue = try #require(api.object["overdue"] as? [[String: Any]])
            #expect(overdue.map { $0["title"] as? String } == ["Donner au PCAET un volet consacré aux quartiers prioritaires (exemple)"])
            #expect((api.object["counts"] as? [String: Int]) == ["planned": 5, "onTrack": 1, "late": 0, "done": 1])
            let withActions = try #require(years[2]["milestones"] as? [[String: Any]])
            #expect((withActions[0]["actions"] as? [[String: Any]])?.map { $0["code"] as? String } == ["PCAET-2"])

            let page = try await app.get("/contrats/call/feuille-de-route")
            #expect(page.status == .ok)
            #expect(page.body.contains("<section id=\"annee-2026\" class=\"year current\">"))
            #expect(page.body.contains("Jalons en souffrance (1)"))
            #expect(page.body.contains("class=\"milestone overdue\""))
            #expect(page.body.contains("<dd>Part de la population vivant dans un îlot de chaleur marqué</dd>"))
            #expect(!page.body.contains("Ajouter un jalon"), "readers see no form")

            // The team adds a milestone with its objectives and actions through the page.
            let (team, _) = try await ContractWork.signedIn(app, role: .contractTeam)
            let p1a1 = try await ContractWork.node(app, "P1.A1")
            let refused = try await ContractWork.post(team, from: "/contrats/call/feuille-de-route", to: "/contrats/call/feuille-de-route/jalons", [
                ("year", "2035"), ("title", "Observatoire de l'enfance"), ("owner", "CALL"), ("indicator", ""), ("target", ""), ("status", "planned"),
                ("objectives[]", String(p1a1.id)),
            ])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("l&#39;année 2035 est hors de la période du contrat (2024–2030)"))
            #expect(refused.body.contains("value=\"\(p1a1.id)\" checked"), "the boxes stay checked")
            let added = try await ContractWork.post(team, from: "/contrats/call/feuille-de-route", to: "/contrats/call/feuille-de-route/jalons", [
                ("year", "2027"), ("title", "Observatoire de l'enfance"), ("owner", "CALL"), ("indicator", "neet_rate"), ("target", "publié chaque année"),
                ("status", "planned"), ("objectives[]", String(p1a1.id)),
            ])
            #expect(added.status == .seeOther)
            let after = try await app.get("/contrats/call/feuille-de-route")
            #expect(after.body.contains("Observatoire de l&#39;enfance"))
            #expect(after.body.contains("P1.A1 — Repérer, observer"))
            #expect(try await team.get("/contrats/call/feuille-de-route/jalons/999999").status == .notFound)
        }
    }

    // MARK: Commitments

    @Test(arguments: Engine.allCases)
    func commitmentsAndMeansObeyTheSignatoriesAndThePeriod(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let detail = try #require(try await SQLContractRepository(database: app.db).find(id: try await ContractWork.callID(app)))
            let service = CommitmentService(database: app.db, clock: app.clock)
            let team = Principal(userID: 1, organisationID: nil, memberships: [Membership(role: .contractTeam, contractID: detail.contract.id)])
            let region = try await Self.organisation(app, "Région Hauts-de-France")

            // Not a signatory of the CALL: the organisation is named, nothing is written.
            let outsider = try await SQLOrganisationRepository(database: app.db).create(name: "Association des jardins de Liévin", kind: .association, siren: nil, siret: nil)
            await #expect(throws: FormInvalid(errors: [FieldError(field: "organisation", message: "« Association des jardins de Liévin » n'est pas signataire du contrat : son engagement « Désigner un référent technique pour le contrat » (2026) est refusé.")])) {
                try await service.record(detail: detail, organisationID: outsider, year: 2026, [.init(kind: "technicalReferent", status: "met")], principal: team, by: Self.actor)
            }
            await #expect(throws: FormInvalid(errors: [FieldError(field: "year", message: "Champ « année » : 2031 est hors de la période du contrat (2024–2030).")])) {
                try await service.record(detail: detail, organisationID: region.id, year: 2031, [.init(kind: "technicalReferent", status: "met")], principal: team, by: Self.actor)
            }
            let changed = try await service.record(detail: detail, organisationID: region.id, year: 2026, [
                .init(kind: "technicalReferent", status: "met", evidence: "Chargée de mission désignée"),
                .init(kind: "steeringBodies", status: "notStarted", evidence: ""),
            ], principal: team, by: Self.actor)
            #expect(changed == 1, "a default status with no evidence is not written")
            let board = try await service.overview(detail).board
            let line = try #require(board.lines.first { $0.signatory.id == region.id })
            #expect(line.met.map(\.kind) == [.technicalReferent])
            #expect(line.entries.first { $0.kind == .technicalReferent }?.evidence == "Chargée de mission désignée")
            #expect(board.lines.first?.missing.count == 15, "a commune with nothing recorded misses all 15, and comes first")
            #expect(board.lines.last?.signatory.name == "Communauté d'agglomération de Lens-Liévin (CALL)", "the CALL meets 4 of 13 in the demo")

            // Photograph: totals leave unreported figures empty.
            let photograph = try await service.overview(detail).photograph
            #expect(photograph.years == [2024, 2025])
            #expect(photograph.totals(.all, year: 2025) == MeansTotals(lineCount: 4, amountEuros: 2_500_000, staffFTE: 7.5, beneficiaries: 3800, beneficiariesInQPV: 2600,
                                                                       linesWithoutAmount: 1, qpvShare: 2600.0 / 3800.0))
            #expect(photograph.totals(.pillar(code: nil), year: 2025)?.staffFTE == 3)
            let p2 = try await ContractWork.node(app, "P2")
            let p1a3 = try await ContractWork.node(app, "P1.A3")
            await #expect(throws: FormInvalid(errors: [FieldError(field: "ambition", message: "Champ « ambition » : « P1.A3 » relève du pilier « P1 », pas de « P2 ».")])) {
                _ = try await service.addMeans(detail: detail, organisationID: region.id, .init(year: 2025, pillarID: p2.id, ambitionID: p1a3.id, amount: "10 000"),
                                               principal: team, by: Self.actor)
            }
            await #expect(throws: FormInvalid(errors: [FieldError(field: "beneficiariesInQPV", message: "« Région Hauts-de-France » : sa ligne de moyens 2025 (pilier P2) compte 50 bénéficiaires en QPV pour 40 bénéficiaires en tout.")])) {
                _ = try await service.addMeans(detail: detail, organisationID: region.id, .init(year: 2025, pillarID: p2.id, beneficiaries: "40", beneficiariesInQPV: "50"),
                                               principal: team, by: Self.actor)
            }
            let added = try await service.addMeans(detail: detail, organisationID: region.id, .init(year: 2025, pillarID: p2.id, amount: "125 000,50"), principal: team, by: Self.actor)
            #expect(added.means.amountEuros == 125_000.5 && added.means.pillarCode == "P2" && added.pillarID == p2.id)
            await #expect(throws: FormInvalid.self) {
                _ = try await service.addMeans(detail: detail, organisationID: region.id, .init(year: 2025, pillarID: p2.id, amount: "1"), principal: team, by: Self.actor)
            }
        }
    }

    @Test func aPartnerReferentWritesForItsOwnOrganisationOnly() async throws {
        try await withPasserelle(.sqlite) { app in
            let department = try await Self.organisation(app, "Département du Pas-de-Calais")
            let caf = try await Self.organisation(app, "Caisse d'allocations familiales du Pas-de-Calais (CAF)")
            let (referent, _) = try await ContractWork.signedIn(app, role: .partnerReferent, organisation: "Département du Pas-de-Calais")

            let own = try await referent.get("/contrats/call/engagements/\(department.id)")
            #expect(own.status == .ok)
            #expect(own.body.contains("Mettre à jour ses engagements"))
            var fields = ["year": "2026"]
            for kind in CommitmentKind.allCases {
                fields["status-" + kind.rawValue] = kind == .pillarPositioning ? "met" : (kind.applies(to: .department) ? "notStarted" : "notApplicable")
                fields["evidence-" + kind.rawValue] = kind == .pillarPositioning ? "Délibération du 3 mars 2026 (piliers 1 et 2)" : ""
            }
            fields["status-steeringBodies"] = "met"
            fields["evidence-steeringBodies"] = "Exemple : présent aux comités de pilotage"
            fields["status-shareStrategicDocuments"] = "met"
            fields["evidence-shareStrategicDocuments"] = "Exemple : schémas départementaux transmis"
            let saved = try await referent.submit(from: "/contrats/call/engagements/\(department.id)", to: "/contrats/call/engagements/\(department.id)", fields)
            #expect(saved.status == .seeOther)
            let records = try await SQLCrossMatrixRepository(database: app.db).commitments(contractID: try await ContractWork.callID(app))
                .filter { $0.commitment.signatoryID == department.id && $0.commitment.updatedYear == 2026 }
            #expect(records.map(\.commitment.kind) == [.pillarPositioning], "only what changed is written")

            let means = try await referent.submit(from: "/contrats/call/engagements/\(department.id)", to: "/contrats/call/engagements/\(department.id)/moyens",
                                                  ["year": "2026", "pillar": "", "ambition": "", "amount": "", "staff": "1,5", "beneficiaries": "", "beneficiariesInQPV": "", "note": "Travailleurs sociaux"])
            #expect(means.status == .seeOther)

            // Another signatory's page shows no form; writing there is forbidden.
            let other = try await referent.get("/contrats/call/engagements/\(caf.id)")
            #expect(other.status == .ok && !other.body.contains("Mettre à jour ses engagements"))
            let forbidden = try await referent.submit(from: "/contrats/call/engagements/\(department.id)", to: "/contrats/call/engagements/\(caf.id)", fields)
            #expect(forbidden.status == .forbidden)
            let token = try await TestUsers.make(app, role: .partnerReferent, organisation: "Département du Pas-de-Calais").token
            let api = Browser(app, bearer: token)
            let viaAPI = try await api.request(.POST, "/api/v1/contracts/call/commitments", headers: ["Content-Type": "application/json"],
                                               raw: #"{"organisation": \#(caf.id), "kind": "contextData", "status": "met", "year": 2026}"#)
            #expect(viaAPI.status == .forbidden)
            let outsider = try await api.request(.POST, "/api/v1/contracts/call/commitments", headers: ["Content-Type": "application/json"],
                                                 raw: #"{"organisation": 999999, "kind": "contextData", "status": "met", "year": 2026}"#)
            #expect(outsider.status == .unprocessableEntity)
            #expect(outsider.object["message"] as? String == "L'organisation n° 999999 n'est pas signataire du contrat : son engagement « Fournir régulièrement des données de contexte pour actualiser le diagnostic » (2026) est refusé.")
            #expect(try await referent.get("/contrats/call/engagements/999999").status == .notFound)

            // The board is public, missing commitments first.
            let board = try await app.get("/contrats/call/engagements")
            #expect(board.status == .ok)
            #expect(board.body.contains("Qui tient quoi : les engagements manquants d&#39;abord"))
            #expect(board.body.contains("Photographie des moyens de droit commun dans les QPV"))
            let json = try await app.get("/api/v1/contracts/call/commitments")
            let signatories = try #require(json.object["signatories"] as? [[String: Any]])
            #expect(signatories.count == 35)
            let missing = signatories.compactMap { $0["missing"] as? Int }
            #expect(missing == missing.sorted(by: >))
            let departmentLine = try #require(signatories.first { ($0["organisation"] as? [String: Any])?["id"] as? Int == department.id })
            #expect(departmentLine["met"] as? Int == 3)
            let asOf2025 = try await app.get("/api/v1/contracts/call/commitments?year=2025")
            let before = try #require((asOf2025.object["signatories"] as? [[String: Any]])?.first { ($0["organisation"] as? [String: Any])?["id"] as? Int == department.id })
            #expect(before["met"] as? Int == 2, "the board as it was at the end of 2025")
            let photograph = try #require(json.object["photograph"] as? [String: Any])
            #expect(photograph["years"] as? [Int] == [2024, 2025, 2026])
        }
    }
}
