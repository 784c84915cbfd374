import Foundation
@testable import PasserelleApp
import PasserelleDomain
import Testing
import Vapor

/// Plans, actions (form and CSV), links and the matrix of the CALL demo, on both engines and through HTTP.
struct CrossMatrixAppTests {
    static let actor = Actor(userID: nil, label: "référente transition")

    static func plan(_ app: Application, kind: PlanKind) async throws -> StoredPlan {
        let plans = try await SQLCrossMatrixRepository(database: app.db).plans(contractID: try await ContractWork.callID(app))
        return try #require(plans.first { $0.plan.kind == kind })
    }

    @Test(arguments: Engine.allCases)
    func theDemoMatrixHasExactCoverageBlindSpotsAndOneContradiction(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let detail = try #require(try await SQLContractRepository(database: app.db).find(id: try await ContractWork.callID(app)))
            let view = try await CrossMatrixService(database: app.db, clock: app.clock).matrix(detail, filter: .none)
            let matrix = view.matrix
            #expect(view.plans.map(\.isDemo) == [true, true])
            #expect(view.plans.map(\.plan.kind) == [.pcaet, .foodPlan])
            #expect(view.actions.count == 11 && view.links.count == 12)
            #expect(matrix.rows.map(\.objective.code) == ["P1.A1", "P1.A2", "P1.A3", "P1.A4", "P1.A5", "P2.A1", "P2.A2", "P2.A3", "P2.A4", "P2.A5", "P3.A1", "P3.A2"],
                    "the CALL has no operational objectives: the ambitions are the rows")
            #expect(matrix.coverage == MatrixCoverage(objectiveCount: 12, coveredCount: 6, contributedCount: 3))
            #expect(matrix.coverage(pillarCode: "P3") == MatrixCoverage(objectiveCount: 2, coveredCount: 0, contributedCount: 0))
            let pcaet = view.plans[0].plan.id, satd = view.plans[1].plan.id
            #expect(matrix.cell(objectiveID: try await ContractWork.node(app, "P2.A3").id, planID: pcaet) == LinkCounts(contributes: 2))
            #expect(matrix.cell(objectiveID: try await ContractWork.node(app, "P2.A3").id, planID: satd) == LinkCounts(contributes: 1))
            #expect(matrix.cell(objectiveID: try await ContractWork.node(app, "P2.A5").id, planID: pcaet) == LinkCounts(couldContribute: 1, contradicts: 1))
            #expect(matrix.cell(objectiveID: try await ContractWork.node(app, "P1.A4").id, planID: satd) == LinkCounts(contributes: 1))
            #expect(matrix.blindSpots(of: .objectiveWithoutAction).map(\.code) == ["P1.A1", "P1.A2", "P1.A5", "P2.A4", "P3.A1", "P3.A2"])
            #expect(matrix.blindSpots(of: .themeWithoutQPVAction).map(\.code) == ["noise", "water", "waste", "biodiversity", "health"])
            #expect(matrix.blindSpots(of: .themeWithoutActionInQPV).count == 19, "energy reaches 3 of the 22 QPV")
            #expect(Set(matrix.blindSpots(of: .themeWithoutActionInQPV).map(\.code)) == ["energy"])
            #expect(matrix.blindSpots(of: .actionExcludingQPV).map(\.code) == ["PCAET-5", "SATD-3.2"])
            #expect(matrix.contradictions.map { [$0.objectiveCode, $0.actionCode] } == [["P2.A5", "PCAET-4"]])
            #expect(matrix.contradictions[0].note?.contains("aides au permis de conduire") == true)

            // One QPV: the links that hold there.
            let cite = try #require(detail.qpv.first { $0.code == "QN06224M" })
            let local = try await CrossMatrixService(database: app.db, clock: app.clock).matrix(detail, filter: MatrixFilter(qpv: cite.key)).matrix
            #expect(local.coverage == MatrixCoverage(objectiveCount: 12, coveredCount: 4, contributedCount: 3))
            #expect(local.contradictions.count == 1)
        }
    }

    @Test func theMatrixAPIGivesObjectivesPlansCellsBlindSpotsAndContradictions() async throws {
        try await withPasserelle(.sqlite) { app in
            let answer = try await app.get("/api/v1/contracts/call/matrix")
            #expect(answer.status == .ok)
            let json = answer.object
            #expect((json["objectives"] as? [Any])?.count == 12)
            #expect((json["plans"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["pcaet", "foodPlan"])
            let cells = try #require(json["cells"] as? [[String: Any]])
            #expect(cells.count == 24)
            #expect(Set(cells[0].keys) == ["objective", "plan", "contributes", "couldContribute", "contradicts"])
            let pcaet = try #require((json["plans"] as? [[String: Any]])?.first?["id"] as? Int)
            let p2a5 = try #require(cells.first { $0["objective"] as? String == "P2.A5" && $0["plan"] as? Int == pcaet })
            #expect(p2a5["couldContribute"] as? Int == 1 && p2a5["contradicts"] as? Int == 1 && p2a5["contributes"] as? Int == 0)
            let spots = try #require(json["blindSpots"] as? [[String: Any]])
            #expect(spots.count == 32)
            #expect(spots[0]["kind"] as? String == "objectiveWithoutAction" && spots[0]["code"] as? String == "P1.A1")
            let contradictions = try #require(json["contradictions"] as? [[String: Any]])
            #expect(contradictions.map { "\($0["objective"]!) \($0["action"]!)" } == ["P2.A5 PCAET-4"])
            #expect((contradictions[0]["note"] as? String)?.isEmpty == false)

            let csv = try await app.get("/api/v1/contracts/call/matrix?format=csv")
            #expect(csv.status == .ok)
            #expect(csv.headers.contentType?.subType == "csv")
            let lines = csv.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 25, "a header and the same 24 cells")
            #expect(lines[0] == "code objectif;objectif;plan;contribue;pourrait contribuer;contredit")
            #expect(lines.contains { $0.hasPrefix("P2.A5;") && $0.hasSuffix(";0;1;1") })

            let food = try await app.get("/api/v1/contracts/call/matrix?theme=food&qpv=QN06224M")
            #expect((food.object["filter"] as? [String: Any])?["theme"] as? String == "food")
            let foodCells = try #require(food.object["cells"] as? [[String: Any]])
            #expect(foodCells.filter { ($0["contributes"] as? Int ?? 0) > 0 }.map { $0["objective"] as? String } == ["P1.A4", "P2.A2", "P2.A3"])
            #expect(try await app.get("/api/v1/contracts/call/matrix?qpv=QN06201M").status == .badRequest, "a QPV of another contract")
            #expect(try await app.get("/api/v1/contracts/call/matrix?theme=astrologie").status == .badRequest)
        }
    }

    @Test func theMatrixPageShowsCellsDrillDownFiltersAndAPrintableVersion() async throws {
        try await withPasserelle(.sqlite) { app in
            let page = try await app.get("/contrats/call/matrice")
            #expect(page.status == .ok)
            #expect(page.body.contains("Données de démonstration"))
            #expect(page.body.contains("<caption>Objectifs du contrat × plans du territoire</caption>"))
            #expect(page.body.contains("6 sur 12"))
            #expect(page.body.contains("Angles morts (32)"))
            #expect(page.body.contains("Contradictions à mettre en débat (1)"))
            #expect(page.body.contains("PCAET-4 — Réduire la part de la voiture individuelle"))
            #expect(page.body.contains("QPV QN06235M — Cité Des Taberneaux</strong> : rien sur Énergie"))
            #expect(page.body.contains("href=\"/api/v1/contracts/call/matrix?format=csv\""))
            #expect(page.body.contains("<form method=\"get\" action=\"/contrats/call/matrice\""))

            let pcaet = try await Self.plan(app, kind: .pcaet).plan.id
            let drill = try await app.get("/contrats/call/matrice?plan=\(pcaet)")
            #expect(drill.status == .ok)
            #expect(drill.body.contains("actions du plan « PCAET de la CALL — échantillon de démonstration »"))
            #expect(drill.body.contains(">PCAET-5</abbr>"))
            #expect(drill.body.contains("<input type=\"hidden\" name=\"plan\" value=\"\(pcaet)\">"))

            let filtered = try await app.get("/contrats/call/matrice?qpv=QN06224M&theme=food")
            #expect(filtered.body.contains("QPV QN06224M (Cité 12-14), thème « Alimentation »"))
            #expect(filtered.body.contains("<option value=\"QN06224M\" selected>"))
            let printable = try await app.get("/contrats/call/matrice?impression=1")
            #expect(printable.status == .ok)
            #expect(printable.body.contains("matrix-page printable"))
            #expect(!printable.body.contains("<form method=\"get\" action=\"/contrats/call/matrice\""))
            #expect(!printable.body.contains("Pages de travail du contrat"))
            #expect(try await app.get("/contrats/call/matrice?plan=999999").status == .notFound)
            #expect(try await app.get("/contrats/call/matrice?qpv=QN00000A").status == .badRequest)
        }
    }

    @Test(arguments: Engine.allCases)
    func aPlanActionFileIsRefusedWholeOrImportedWithUpdatesNotDuplicates(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let service = CrossMatrixService(database: app.db, clock: app.clock)
            let contractID = try await ContractWork.callID(app)
            let plan = try await service.addPlan(contractID: contractID, .init(kind: "PLH", title: "PLH de la CALL (essai)", owner: "CALL", startYear: 2024, endYear: 2029), by: Self.actor)
            let planID = plan.plan.id

            let faulty = "code;titre;thème;budget;périmètre\n;Sans code;énergie;;\nPLH-1;Réhabiliter;énergie;1 250 000;QN06224M\nPLH-1;Doublon;énergie;;\nPLH-2;Budget;énergie;beaucoup;QN99999Z\n"
            let refused = try await service.importActions(contractID: contractID, planID: planID, bytes: Array(faulty.utf8), fileName: "plh.csv", by: Self.actor)
            #expect(refused.rejected)
            #expect(refused.report.problems.map(\.description) == [
                "ligne 2 : le code de l'action est vide (colonne « code »)",
                "ligne 4 : le code « PLH-1 » est déjà celui de l'action de la ligne 3",
                "ligne 5 : budget « beaucoup » illisible pour l'action « PLH-2 » (attendu un montant positif en euros, par exemple « 1 250 000 » ou « 12 500,50 € »)",
            ])
            #expect(try await SQLCrossMatrixRepository(database: app.db).actions(planID: planID).isEmpty, "nothing half-saved")

            let unknownQPV = "code;titre;périmètre\nPLH-1;Réhabiliter;QN99999Z\n"
            let refusedQPV = try await service.importActions(contractID: contractID, planID: planID, bytes: Array(unknownQPV.utf8), fileName: "plh.csv", by: Self.actor)
            #expect(refusedQPV.report.problems.map(\.description) == ["ligne 2 : le QPV « QN99999Z » de l'action « PLH-1 » est absent du référentiel 2024"])

            let good = "code;titre;thème;budget;périmètre\nPLH-1;Réhabiliter le parc ancien;énergie;1 250 000;QN06224M, QN06228M\nPLH-2;Adapter les logements au vieillissement;;;\n"
            let first = try await service.importActions(contractID: contractID, planID: planID, bytes: Array(good.utf8), fileName: "plh.csv", by: Self.actor)
            #expect(first.created == ["PLH-1", "PLH-2"] && first.updated.isEmpty)
            let stored = try await SQLCrossMatrixRepository(database: app.db).actions(planID: planID)
            #expect(stored.map(\.code) == ["PLH-1", "PLH-2"])
            #expect(stored[0].budget == 1_250_000 && stored[0].theme == .energy)
            #expect(stored[0].perimeter == .qpv([TerritoryKey(kind: .qpv, code: "QN06224M"), TerritoryKey(kind: .qpv, code: "QN06228M")]))
            #expect(stored[1].perimeter == .wholeTerritory)

            let again = "code;titre\nPLH-2;Adapter les logements au vieillissement et au handicap\nPLH-3;Lutter contre l'habitat indigne\n"
            let second = try await service.importActions(contractID: contractID, planID: planID, bytes: Array(again.utf8), fileName: "plh-v2.csv", by: Self.actor)
            #expect(second.created == ["PLH-3"] && second.updated == ["PLH-2"] && second.kept == ["PLH-1"])
            let after = try await SQLCrossMatrixRepository(database: app.db).actions(planID: planID)
            #expect(after.map(\.code) == ["PLH-1", "PLH-2", "PLH-3"], "same codes update, never duplicate")
            #expect(after[1].title == "Adapter les logements au vieillissement et au handicap")
            #expect(after[1].perimeter == .unspecified, "a file without the perimeter column says nothing about it")
            let third = try await service.importActions(contractID: contractID, planID: planID, bytes: Array(again.utf8), fileName: "plh-v2.csv", by: Self.actor)
            #expect(third.unchanged == ["PLH-2", "PLH-3"] && third.created.isEmpty && third.updated.isEmpty)
            let imports = try await AuditTrail(database: app.db, clock: app.clock).entries(.init(entityType: "territorial-plan")).items.filter { $0.action == "import" }
            #expect(imports.count == 2, "an import that changes nothing leaves no audit line")
        }
    }

    @Test(arguments: Engine.allCases)
    func badLinksAreRefusedNamingTheItem(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let service = CrossMatrixService(database: app.db, clock: app.clock)
            let contractID = try await ContractWork.callID(app)
            let objective = try await ContractWork.node(app, "P3.A1").id
            let action = try #require(try await SQLCrossMatrixRepository(database: app.db).actions(contractID: contractID).first { $0.code == "PCAET-6" }).id
            let before = try await SQLCrossMatrixRepository(database: app.db).links(contractID: contractID).count

            await #expect(throws: FormInvalid(errors: [FieldError(field: "objective", message: "Lien de l'action « PCAET-6 » : l'objectif n° 999999 n'existe pas dans ce contrat.")])) {
                _ = try await service.addLink(contractID: contractID, .init(actionID: action, objectiveID: 999_999, kind: "contributes"), assertedBy: "test", by: Self.actor)
            }
            await #expect(throws: FormInvalid(errors: [FieldError(field: "action", message: "Lien vers l'objectif « P3.A1 » : l'action n° 999999 est inconnue (aucun plan croisé avec ce contrat ne la contient).")])) {
                _ = try await service.addLink(contractID: contractID, .init(actionID: 999_999, objectiveID: objective, kind: "contributes"), assertedBy: "test", by: Self.actor)
            }
            await #expect(throws: FormInvalid(errors: [FieldError(field: "qpv", message: "Lien de l'action « PCAET-6 » vers l'objectif « P3.A1 » : le QPV QN06201M ne fait pas partie des quartiers de ce contrat.")])) {
                _ = try await service.addLink(contractID: contractID, .init(actionID: action, objectiveID: objective, kind: "couldContribute", qpv: ["QN06201M"]), assertedBy: "test", by: Self.actor)
            }
            await #expect(throws: FormInvalid(errors: [FieldError(field: "note", message: "Champ « note » : une contradiction se met en débat ; dites en quoi l'action contredit l'objectif.")])) {
                _ = try await service.addLink(contractID: contractID, .init(actionID: action, objectiveID: objective, kind: "contradicts"), assertedBy: "test", by: Self.actor)
            }
            #expect(try await SQLCrossMatrixRepository(database: app.db).links(contractID: contractID).count == before)

            let link = try await service.addLink(contractID: contractID, .init(actionID: action, objectiveID: objective, kind: "pourrait contribuer", qpv: ["qn06224m"], note: "Air intérieur"),
                                                 assertedBy: "Claire Martin (CALL)", by: Self.actor)
            #expect(link.link.kind == .couldContribute && link.link.qpv.map(\.code) == ["QN06224M"] && link.link.assertedBy == "Claire Martin (CALL)")
            await #expect(throws: FormInvalid(errors: [FieldError(field: "kind", message: "Lien de l'action « PCAET-6 » vers l'objectif « P3.A1 » : ce lien « pourrait contribuer » existe déjà.")])) {
                _ = try await service.addLink(contractID: contractID, .init(actionID: action, objectiveID: objective, kind: "couldContribute", qpv: ["QN06224M"]), assertedBy: "x", by: Self.actor)
            }
            let audit = try await AuditTrail(database: app.db, clock: app.clock).entries(.init(entityType: "plan-link", limit: 1)).items[0]
            #expect(audit.after?.contains("\"objective\":\"P3.A1\"") == true && audit.after?.contains("\"action\":\"PCAET-6\"") == true)
        }
    }

    @Test func theTeamEntersPlansActionsAndLinksThroughThePages() async throws {
        try await withPasserelle(.sqlite) { app in
            let (team, account) = try await ContractWork.signedIn(app, role: .contractTeam, organisation: "Communauté d'agglomération de Lens-Liévin (CALL)")
            let plans = try await team.get("/contrats/call/plans")
            #expect(plans.body.contains("échantillon de démonstration"))
            let refused = try await team.submit(from: "/contrats/call/plans", to: "/contrats/call/plans",
                                                ["kind": "mobilityPlan", "title": "", "owner": "SMT Artois-Gohelle", "startYear": "2026", "endYear": "2024", "summary": ""])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("Champ « intitulé » : le plan n&#39;a pas d&#39;intitulé."))
            #expect(refused.body.contains("Champ « dernière année » : la période 2026–2024 du plan est inversée."))
            let created = try await team.submit(from: "/contrats/call/plans", to: "/contrats/call/plans",
                                                ["kind": "mobilityPlan", "title": "Plan de mobilité (essai)", "owner": "SMT Artois-Gohelle", "startYear": "2024", "endYear": "2034", "summary": ""])
            #expect(created.status == .seeOther)
            let planPath = try #require(created.headers.first(name: .location)).components(separatedBy: "?")[0]
            let actionAnswer = try await team.submit(from: planPath, to: planPath + "/actions",
                                                     ["code": "PDM-1", "title": "Bus à haut niveau de service vers les cités", "theme": "mobility", "budget": "2 500 000",
                                                      "target": "", "perimeter": "QN06224M, QN06228M"])
            #expect(actionAnswer.status == .seeOther)
            let actionPath = try #require(actionAnswer.headers.first(name: .location)).components(separatedBy: "?")[0]

            // CSV upload refused whole, with its lines.
            let boundary = "----matrice"
            func multipart(_ csv: String, page: String) async throws -> Fetched {
                let html = try await team.get(page)
                let csrf = try #require(Browser.csrf(in: html.body))
                let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n"
                    + "--\(boundary)\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"actions.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
                return try await team.request(.POST, page + "/import", headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], raw: body)
            }
            let rejected = try await multipart("code,titre\nPDM-2,Navettes\n,Sans code\nPDM-2,Doublon\n", page: planPath)
            #expect(rejected.status == .unprocessableEntity)
            #expect(rejected.body.contains("Fichier refusé : 2 problème(s), aucune action n&#39;a été enregistrée."))
            #expect(rejected.body.contains("le code « PDM-2 » est déjà celui de l&#39;action de la ligne 2"))
            let imported = try await multipart("code,titre,thème\nPDM-1,Bus à haut niveau de service,mobilité\nPDM-2,Navettes vers les zones d'emploi,mobilité\n", page: planPath)
            #expect(imported.status == .ok)
            #expect(imported.body.contains("1 action(s) créée(s), 1 mise(s) à jour, 0 inchangée(s)."))

            // A link with a QPV restriction, from the action page.
            let objective = try await ContractWork.node(app, "P2.A5")
            let linked = try await ContractWork.post(team, from: actionPath, to: "/contrats/call/liens", [
                ("action", actionPath.components(separatedBy: "/").last!), ("objective", String(objective.id)), ("kind", "contributes"),
                ("qpv[]", "QN06224M"), ("qpv[]", "QN06228M"), ("note", "Desserte des zones d'emploi"),
            ])
            #expect(linked.status == .seeOther)
            let actionPage = try await team.get(actionPath)
            #expect(actionPage.body.contains("QN06224M, QN06228M"))
            #expect(actionPage.body.contains(account.displayName + " (Communauté d&#39;agglomération de Lens-Liévin (CALL))"))
            let badLink = try await ContractWork.post(team, from: actionPath, to: "/contrats/call/liens", [
                ("action", actionPath.components(separatedBy: "/").last!), ("objective", String(objective.id)), ("kind", "contradicts"), ("note", ""),
            ])
            #expect(badLink.status == .unprocessableEntity)
            #expect(badLink.body.contains("href=\"#lien-note\""))

            // Visible in the matrix and its API at once.
            let matrix = try await app.get("/api/v1/contracts/call/matrix")
            let planID = Int(planPath.components(separatedBy: "/").last!)!
            let cell = try #require((matrix.object["cells"] as? [[String: Any]])?.first { $0["objective"] as? String == "P2.A5" && $0["plan"] as? Int == planID })
            #expect(cell["contributes"] as? Int == 1)

            // Removal of a linked action is refused and says why.
            let removal = try await team.submit(from: actionPath, to: actionPath + "/supprimer", [:])
            #expect(removal.status == .conflict)
            #expect(removal.body.contains("lien « contribue » vers « P2.A5 »"))
            // Readers see plans and actions without signing in; they cannot write.
            #expect(try await app.get(planPath).status == .ok)
            #expect(try await app.get(actionPath).body.contains("Relier cette action") == false)
        }
    }
}
