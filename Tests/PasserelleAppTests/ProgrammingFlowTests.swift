import Foundation
@testable import PasserelleApp
import PasserelleDomain
import Testing
import Vapor

/// The whole programming flow through the JSON API, with several funders and roles, on both engines:
/// the contract team opens a call; a holder drafts, is refused on bad input, submits; the contract
/// team declares it receivable; the State and the Région instruct; the committee's decisions are
/// recorded; the holder sees its status and nothing else.
struct ProgrammingFlowTests {
    static func app(_ engine: Engine, _ body: @escaping (Application, ProgrammingCast) async throws -> Void) async throws {
        try await withPasserelle(engine) { app in
            app.clock = ManualClock() // 2026-01-01
            try await body(app, try await ProgrammingCast.make(app))
        }
    }

    @Test(arguments: Engine.allCases)
    func holderAppliesTwoFundersInstructTheCommitteeDecides(engine: Engine) async throws {
        try await Self.app(engine) { app, cast in
            let team = Browser(app, bearer: cast.team), etat = Browser(app, bearer: cast.etat), region = Browser(app, bearer: cast.region)
            let holder = Browser(app, bearer: cast.holder), other = Browser(app, bearer: cast.otherHolder)

            // The contract team opens the call.
            let opened = try await team.json(.POST, "/api/v1/contracts/call/calls", ProgrammingFixtures.callJSON)
            #expect(opened.status == .created, "\(opened.body)")
            let callID = try #require(ProgrammingFixtures.int(opened.object["id"]))
            #expect(opened.object["isOpen"] as? Bool == true)
            #expect((opened.object["grid"] as? [[String: Any]])?.map { $0["code"] as? String } == ScoringGrid.regionDefault.criteria.map(\.code))
            let refusedCall = try await holder.json(.POST, "/api/v1/contracts/call/calls", ProgrammingFixtures.callJSON)
            #expect(refusedCall.status == .forbidden, "a holder cannot open a call")

            // The holder starts an application; a second one for the same organisation is refused.
            let started = try await holder.json(.POST, "/api/v1/calls/\(callID)/applications", #"{"title": "Jardin partagé (essai)"}"#)
            #expect(started.status == .created, "\(started.body)")
            let id = try #require(ProgrammingFixtures.int(started.object["id"]))
            #expect(started.object["status"] as? String == "draft")
            #expect((started.object["holder"] as? [String: Any])?["siret"] as? String == ProgrammingCast.holderSIRET)
            let twice = try await holder.json(.POST, "/api/v1/calls/\(callID)/applications", #"{"title": "Encore"}"#)
            #expect(twice.status == .conflict)
            #expect(twice.message.contains("votre organisation y a déjà une candidature (n° \(id))"))

            // Bad input is refused with a French message naming the field, and nothing is saved.
            let saved = try await holder.json(.PUT, "/api/v1/applications/\(id)", ProgrammingFixtures.draft())
            #expect(saved.status == .ok, "\(saved.body)")
            let text = try await holder.json(.PUT, "/api/v1/applications/\(id)", ProgrammingFixtures.draft(etat: "douze mille"))
            #expect(text.status == .unprocessableEntity)
            #expect(text.message.contains("Plan de financement, ligne 1, montant demandé : « douze mille » n'est pas un montant"))
            let outside = try await holder.json(.PUT, "/api/v1/applications/\(id)", ProgrammingFixtures.draft(startDate: "2025-06-01"))
            #expect(outside.status == .unprocessableEntity)
            #expect(outside.message.contains("Champ « date de début » : le 01/06/2025 sort de la période des actions de l'appel (du 01/01/2026 au 31/12/2026)."))
            let objective = try await holder.json(.PUT, "/api/v1/applications/\(id)", ProgrammingFixtures.draft(objectives: #"["P2.A3", "P3.A2"]"#))
            #expect(objective.status == .unprocessableEntity)
            #expect(objective.message.contains("Champ « objectifs » : « P3.A2 » ne fait pas partie des objectifs de l'appel « Appel à projets 2026 (essai) »."))
            let kept = try await holder.get("/api/v1/applications/\(id)")
            #expect((kept.object["fundingPlan"] as? [[String: Any]])?.compactMap { ProgrammingFixtures.double($0["requested"]) } == [8000, 3000], "nothing half-saved")
            #expect(kept.object["startDate"] as? String == "2026-03-01")

            // An unbalanced plan can be saved as a draft but not submitted.
            #expect(try await holder.json(.PUT, "/api/v1/applications/\(id)", ProgrammingFixtures.draft(own: "500")).status == .ok)
            let unbalanced = try await holder.request(.POST, "/api/v1/applications/\(id)/submission")
            #expect(unbalanced.status == .unprocessableEntity)
            #expect(unbalanced.message.contains("Le plan de financement n'est pas équilibré : 12\u{202F}000\u{00A0}€ de dépenses pour 11\u{202F}500\u{00A0}€ de recettes (écart 500\u{00A0}€)."))
            #expect(try await holder.get("/api/v1/applications/\(id)").object["status"] as? String == "draft")
            #expect(try await holder.json(.PUT, "/api/v1/applications/\(id)", ProgrammingFixtures.draft()).status == .ok)

            // Before submission, the eligibility check is shown (Région specific credits, no common-law line).
            let draft = try await holder.get("/api/v1/applications/\(id)")
            let findings = (draft.object["eligibility"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
            #expect(findings.contains("region-droit-commun-sollicite"))
            #expect((draft.object["submissionProblems"] as? [Any])?.isEmpty == true)

            // Another holder sees nothing of it; instructors do not see drafts.
            #expect(try await other.get("/api/v1/applications/\(id)").status == .notFound)
            #expect(try await etat.get("/api/v1/applications/\(id)").status == .notFound)
            #expect(try await other.json(.PUT, "/api/v1/applications/\(id)", ProgrammingFixtures.draft()).status == .notFound)
            #expect((try await other.get("/api/v1/applications").object["total"] as? Int) == 0)

            // Submission freezes version 1; the holder can no longer edit.
            let submitted = try await holder.request(.POST, "/api/v1/applications/\(id)/submission")
            #expect(submitted.status == .ok, "\(submitted.body)")
            #expect(submitted.object["status"] as? String == "submitted")
            #expect(ProgrammingFixtures.int(submitted.object["version"]) == 1)
            let versions = try await SQLProgrammingRepository(database: app.db).versions(applicationID: id)
            #expect(versions.count == 1)
            #expect(versions.first?.snapshot?.totalRequested == 11_000)
            let late = try await holder.json(.PUT, "/api/v1/applications/\(id)", ProgrammingFixtures.draft())
            #expect(late.status == .unprocessableEntity)
            #expect(late.message == "La candidature est « déposée » : elle ne peut plus être modifiée par son porteur.")

            // Receivability is the contract team's: an instructor is refused by the workflow.
            let byFunder = try await etat.json(.POST, "/api/v1/applications/\(id)/transitions", #"{"to": "receivable"}"#)
            #expect(byFunder.status == .unprocessableEntity)
            #expect(byFunder.message.contains("seul le rôle « équipe du contrat de ville » le peut"))
            let early = try await etat.json(.POST, "/api/v1/applications/\(id)/reviews", #"{"scores": {}, "opinion": "favourable"}"#)
            #expect(early.status == .unprocessableEntity, "no review before receivability")
            let receivable = try await team.json(.POST, "/api/v1/applications/\(id)/transitions", #"{"to": "receivable"}"#)
            #expect(receivable.status == .ok, "\(receivable.body)")
            #expect(receivable.object["status"] as? String == "receivable")

            // The State instructs: out of scale and another funder's line are refused.
            let plan = (receivable.object["fundingPlan"] as? [[String: Any]]) ?? []
            let etatLine = try #require(plan.first { $0["funder"] as? String == "etat" }.flatMap { ProgrammingFixtures.int($0["id"]) })
            let regionLine = try #require(plan.first { $0["funder"] as? String == "region-hdf" }.flatMap { ProgrammingFixtures.int($0["id"]) })
            let scores = #""priorites": 4, "qualite-impact": 3, "mobilisation-habitants": 3, "partenariat": 2, "gouvernance-suivi": 3"#
            let outOfScale = try await etat.json(.POST, "/api/v1/applications/\(id)/reviews",
                #"{"scores": {"priorites": 7, "qualite-impact": 3, "mobilisation-habitants": 3, "partenariat": 2, "gouvernance-suivi": 3}, "opinion": "favourable", "proposed": {"\#(etatLine)": 8000}}"#)
            #expect(outOfScale.status == .unprocessableEntity)
            #expect(outOfScale.message.contains("Critère « Cohérence avec les priorités retenues » : la note 7 sort de l'échelle (0 à 4)."))
            let otherLine = try await etat.json(.POST, "/api/v1/applications/\(id)/reviews",
                #"{"scores": {\#(scores)}, "opinion": "favourable", "proposed": {"\#(etatLine)": 8000, "\#(regionLine)": 3000}}"#)
            #expect(otherLine.status == .unprocessableEntity)
            #expect(otherLine.message.contains("elle relève de Région Hauts-de-France ; l'instruction de État (Préfecture du Pas-de-Calais) ne peut proposer de montant que sur les lignes de son propre financeur."))
            let etatReview = try await etat.json(.POST, "/api/v1/applications/\(id)/reviews",
                #"{"scores": {\#(scores)}, "opinion": "favourable", "comment": "Note interne : porteur solide.", "proposed": {"\#(etatLine)": "8 000"}}"#)
            #expect(etatReview.status == .ok, "\(etatReview.body)")
            #expect(etatReview.object["status"] as? String == "underInstruction", "the first review opens the instruction")

            // Not every funder has reviewed: no proposal to the committee yet.
            let tooSoon = try await etat.json(.POST, "/api/v1/applications/\(id)/transitions", #"{"to": "proposed"}"#)
            #expect(tooSoon.status == .unprocessableEntity)
            #expect(tooSoon.message.contains("Région Hauts-de-France n'a pas encore rendu son avis"))
            let regionReview = try await region.json(.POST, "/api/v1/applications/\(id)/reviews",
                #"{"scores": {"priorites": 3, "qualite-impact": 3, "mobilisation-habitants": 2, "partenariat": 2, "gouvernance-suivi": 2}, "opinion": "favourableWithReservations", "proposed": {"\#(regionLine)": 2000}}"#)
            #expect(regionReview.status == .ok, "\(regionReview.body)")

            // Both instructors see the same table: every funder's proposal, total against asked, scores side by side.
            let table = try await region.get("/api/v1/calls/\(callID)/instruction")
            #expect(table.status == .ok)
            let row = try #require((table.object["rows"] as? [[String: Any]])?.first)
            #expect(ProgrammingFixtures.double(row["totalRequested"]) == 11_000)
            #expect(ProgrammingFixtures.double(row["totalProposed"]) == 10_000)
            #expect(ProgrammingFixtures.double(row["gap"]) == 1_000)
            #expect((row["proposals"] as? [[String: Any]])?.map { "\($0["funder"]!)=\(ProgrammingFixtures.double($0["proposed"]) ?? -1)" } == ["etat=8000.0", "region-hdf=2000.0"])
            #expect((row["scores"] as? [[String: Any]])?.compactMap { ProgrammingFixtures.double($0["weightedScore"]) } == [75, 60])
            #expect(ProgrammingFixtures.double(row["averageWeightedScore"]) == 67.5)
            #expect(try await holder.get("/api/v1/calls/\(callID)/instruction").status == .forbidden)

            // The Région proposes it to the committee; the contract team records the decisions per line.
            #expect(try await region.json(.POST, "/api/v1/applications/\(id)/transitions", #"{"to": "proposed"}"#).status == .ok)
            let notByFunder = try await etat.json(.POST, "/api/v1/applications/\(id)/decisions",
                #"{"decisions": [{"line": \#(etatLine), "amount": 8000}], "decidedOn": "2026-03-12", "decidedBy": "COPIL", "reference": "X"}"#)
            #expect(notByFunder.status == .forbidden, "decisions are recorded by the contract team")
            let decided = try await team.json(.POST, "/api/v1/applications/\(id)/decisions",
                #"{"decisions": [{"line": \#(etatLine), "amount": 8000}, {"line": \#(regionLine), "amount": "2 000"}], "decidedOn": "12/03/2026", "decidedBy": "Comité de pilotage du 12 mars 2026", "reference": "COPIL-2026-07"}"#)
            #expect(decided.status == .ok, "\(decided.body)")
            #expect(decided.object["status"] as? String == "decided.partlyGranted")
            #expect((decided.object["decisions"] as? [[String: Any]])?.map { $0["outcome"] as? String } == ["granted", "partlyGranted"])

            // Multi-funder agreements: the State's for its 8 000, the Région's must add up to its 2 000.
            let wrong = try await team.json(.POST, "/api/v1/applications/\(id)/agreements", #"{"funder": "region-hdf", "years": {"2026": 2500}, "signedOn": "2026-04-02"}"#)
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.message.contains("les montants annuels font 2\u{202F}500\u{00A0}€ mais 2\u{202F}000\u{00A0}€ ont été accordés"))
            #expect(try await etat.json(.POST, "/api/v1/applications/\(id)/agreements", #"{"funder": "etat", "years": {"2026": 8000}, "signedOn": "2026-04-02", "reference": "CONV-ETAT-1"}"#).status == .ok)
            let signed = try await team.json(.POST, "/api/v1/applications/\(id)/agreements", #"{"funder": "region-hdf", "years": {"2026": "2 000"}, "signedOn": "2026-04-03"}"#)
            #expect(signed.object["status"] as? String == "agreementSigned", "\(signed.body)")

            // The holder sees its status and the decisions, never the funders' notes.
            let seen = try await holder.get("/api/v1/applications/\(id)")
            #expect(seen.object["status"] as? String == "agreementSigned")
            #expect(seen.object["reviews"] == nil)
            #expect(!seen.body.contains("Note interne"))
            #expect(!seen.body.contains("instructeur@etat.test"))
            #expect((seen.object["decisions"] as? [[String: Any]])?.count == 2)
            let mine = try await holder.get("/api/v1/applications")
            #expect((mine.object["items"] as? [[String: Any]])?.map { $0["status"] as? String } == ["agreementSigned"])
            #expect((try await etat.get("/api/v1/applications/\(id)").object["reviews"] as? [Any])?.count == 2, "instructors see the reviews")
            let holderPage = try await holder.get("/candidatures/\(id)")
            #expect(holderPage.body.contains("Démarrer l&#39;action"))
            #expect(!holderPage.body.contains("Avis des financeurs") && !holderPage.body.contains("Note interne"))
            #expect(holderPage.body.contains("équipe du contrat de ville"), "institutions appear by role in the holder's history")
            #expect(!holderPage.body.contains("equipe@call.test"))
            let teamPage = try await team.get("/candidatures/\(id)")
            #expect(teamPage.body.contains("Avis des financeurs") && teamPage.body.contains("Note interne : porteur solide."))

            // The holder starts the action and hands in its report; the contract team closes it.
            #expect(try await holder.json(.POST, "/api/v1/applications/\(id)/transitions", #"{"to": "inProgress"}"#).object["status"] as? String == "inProgress")
            #expect(try await team.json(.POST, "/api/v1/applications/\(id)/transitions", #"{"to": "reported"}"#).status == .unprocessableEntity)
            #expect(try await holder.json(.POST, "/api/v1/applications/\(id)/transitions", #"{"to": "reported"}"#).object["status"] as? String == "reported")
            #expect(try await team.json(.POST, "/api/v1/applications/\(id)/transitions", #"{"to": "closed"}"#).object["status"] as? String == "closed")

            // Every move is in the audit trail, with who and when.
            let audit = try await AuditTrail(database: app.db, clock: app.clock).entries(.init(entityType: "application"))
            let moves = audit.items.filter { $0.action == "status" && $0.entityID == String(id) }.reversed().map { "\($0.actorLabel): \($0.after ?? "")" }
            #expect(moves == [
                #"porteur@potagers.test: {"role":"projectHolder","status":"submitted"}"#,
                #"equipe@call.test: {"role":"contractTeam","status":"receivable"}"#,
                #"instructeur@etat.test: {"role":"instructor","status":"underInstruction"}"#,
                #"instructrice@region.test: {"role":"instructor","status":"proposed"}"#,
                #"equipe@call.test: {"role":"steeringCommittee","status":"decided.partlyGranted"}"#,
                #"equipe@call.test: {"role":"contractTeam","status":"agreementSigned"}"#,
                #"porteur@potagers.test: {"role":"projectHolder","status":"inProgress"}"#,
                #"porteur@potagers.test: {"role":"projectHolder","status":"reported"}"#,
                #"equipe@call.test: {"role":"contractTeam","status":"closed"}"#,
            ])
            #expect(audit.items.allSatisfy { $0.occurredAt == "2026-01-01T00:00:00Z" })
            #expect(try await AuditTrail(database: app.db, clock: app.clock).entries(.init(entityType: "decision")).total == 2)

            // The 2026 dashboard counts this decided money beside the 2026 share of the demo's three CPO
            // (État 9 000 + 15 000 + 5 000, Région 3 000 + 4 000, Département 3 000; women 55 + 320 + 58).
            let dashboard = try await Browser(app).get("/api/v1/contracts/call/programming/dashboard?year=2026")
            #expect(ProgrammingFixtures.double(dashboard.object["totalAmount"]) == 49_000)
            #expect((dashboard.object["byFunder"] as? [[String: Any]])?.map { "\($0["funder"]!)=\(ProgrammingFixtures.double($0["amount"])!)" }
                    == ["etat=37000.0", "region-hdf=9000.0", "departement-62=3000.0"])
            #expect((dashboard.object["beneficiaries"] as? [String: Any]).map { [ProgrammingFixtures.int($0["women"]), ProgrammingFixtures.int($0["men"])] } == [433 + 70, 357 + 50])
        }
    }

    @Test func theVulnerableTerritoriesCapUsesTheCallsProgramme147Envelope() async throws {
        try await Self.app(.sqlite) { app, cast in
            let opened = try await Browser(app, bearer: cast.team).json(.POST, "/api/v1/contracts/call/calls", ProgrammingFixtures.callJSON)
            let callID = try #require(ProgrammingFixtures.int(opened.object["id"]))
            #expect(ProgrammingFixtures.double(opened.object["departmentP147Envelope"]) == 2_000_000)
            let holder = Browser(app, bearer: cast.holder)
            let id = try #require(ProgrammingFixtures.int(try await holder.json(.POST, "/api/v1/calls/\(callID)/applications", "{}").object["id"]))
            func findings(asking amount: Int) async throws -> [String: String] {
                // A draft need not balance: only the amount asked of the State matters here.
                let draft = ProgrammingFixtures.draft(etat: String(amount))
                    .replacingOccurrences(of: #""qpv": ["QN06224M", "QN06225M"],"#, with: #""qpv": [], "otherAreas": [{"kind": "vulnerableArea", "code": "TV-62-1", "name": "Cité des Provinces (territoire vulnérable)"}],"#)
                let saved = try await holder.json(.PUT, "/api/v1/applications/\(id)", draft)
                #expect(saved.status == .ok, "\(saved.body)")
                var result: [String: String] = [:]
                for finding in saved.object["eligibility"] as? [[String: Any]] ?? [] { result[finding["rule"] as! String] = finding["explanation"] as? String }
                return result
            }
            let over = try await findings(asking: 60_000)
            #expect(over["etat-territoires-vulnerables-plafond"]?.contains("3\u{00A0}% > 2,5\u{00A0}%") == true, "\(over)")
            #expect(over["etat-territoires-vulnerables-liste"] != nil)
            let under = try await findings(asking: 40_000)
            #expect(under["etat-territoires-vulnerables-plafond"] == nil)
            #expect(under["etat-territoires-vulnerables-liste"] != nil, "the yearly list is always to be checked")
        }
    }

    @Test func badCallsAndUnknownObjectsAreRefusedInFrench() async throws {
        try await Self.app(.sqlite) { app, cast in
            let team = Browser(app, bearer: cast.team)
            let badDates = try await team.json(.POST, "/api/v1/contracts/call/calls", ProgrammingFixtures.callJSON.replacingOccurrences(of: "\"closesOn\": \"2026-02-15\"", with: "\"closesOn\": \"2025-11-15\""))
            #expect(badDates.status == .unprocessableEntity)
            #expect(badDates.message.contains("Champ « clôture » : La clôture de l'appel (15/11/2025) précède son ouverture (01/12/2025)."))
            let badEnvelope = try await team.json(.POST, "/api/v1/contracts/call/calls", ProgrammingFixtures.callJSON.replacingOccurrences(of: "\"100 000\"", with: "\"cent mille\""))
            #expect(badEnvelope.status == .unprocessableEntity)
            #expect(badEnvelope.message.contains("Champ « financeurs », ligne 1, enveloppe de État (Préfecture du Pas-de-Calais) : « cent mille » n'est pas un montant"))
            let badFunder = try await team.json(.POST, "/api/v1/contracts/call/calls", ProgrammingFixtures.callJSON.replacingOccurrences(of: "\"departement-62\"", with: "\"inconnu\""))
            #expect(badFunder.message.contains("aucun financeur n'a le code « inconnu »"))
            let callsBefore = try await SQLProgrammingRepository(database: app.db).calls(contractID: try #require(try await app.contractID("call"))).count
            #expect(callsBefore == 2, "nothing was created by the refused calls")

            #expect(try await Browser(app, bearer: cast.holder).get("/api/v1/applications/987654").status == .notFound)
            #expect(try await Browser(app).get("/api/v1/applications/987654").status == .unauthorized, "anonymous: sign in, whether it exists or not")
            #expect(try await Browser(app).get("/api/v1/calls/987654").status == .notFound)
            let malformed = try await team.json(.POST, "/api/v1/contracts/call/calls", "{pas du json")
            #expect(malformed.status == .badRequest)

            // A closed call takes no application.
            let demoCall = try #require(try await SQLProgrammingRepository(database: app.db).calls(contractID: try #require(try await app.contractID("call"))).first)
            let closed = try await Browser(app, bearer: cast.holder).json(.POST, "/api/v1/calls/\(demoCall.call.id)/applications", "{}")
            #expect(closed.status == .unprocessableEntity)
            #expect(closed.message == "Appel « Appel à projets 2025 du contrat de ville (démonstration) » : il reçoit les candidatures du 01/10/2024 au 29/11/2024 ; il n'est pas ouvert aujourd'hui.")
        }
    }
}

extension Application {
    func contractID(_ slug: String) async throws -> Int? {
        try await SQLContractRepository(database: db).id(forSlug: slug)
    }
}
