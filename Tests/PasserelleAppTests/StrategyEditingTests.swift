import Foundation
@testable import PasserelleApp
import PasserelleDomain
import SQLKit
import Testing
import Vapor

/// Helpers shared by the tests of the contract's working pages (tree, matrix, roadmap, commitments).
enum ContractWork {
    /// A browser signed in with a new user holding `role` on the CALL.
    static func signedIn(_ app: Application, role: Role, organisation: String? = nil) async throws -> (browser: Browser, account: Account) {
        let user = try await TestUsers.make(app, role: role, organisation: organisation)
        let browser = Browser(app)
        let answer = try await browser.submit(from: "/connexion", to: "/connexion", ["email": user.account.email, "password": TestUsers.password])
        #expect(answer.status == .seeOther, "sign-in of \(role)")
        return (browser, user.account)
    }

    static func callID(_ app: Application) async throws -> Int {
        try #require(try await SQLContractRepository(database: app.db).id(forSlug: "call"))
    }

    static func node(_ app: Application, _ code: String) async throws -> StrategyNodeRecord {
        let nodes = try await SQLStrategyRepository(database: app.db).nodes(contractID: try await callID(app))
        return try #require(nodes.first { $0.code == code }, "node \(code)")
    }

    static func auditCount(_ app: Application, entity: String) async throws -> Int {
        try await AuditTrail(database: app.db, clock: app.clock).entries(.init(entityType: entity)).total
    }

    /// A url-encoded body with repeated keys (checkbox groups).
    static func formBody(_ pairs: [(String, String)]) -> String {
        pairs.map { key, value in
            "\(key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)"
        }.joined(separator: "&")
    }

    /// POSTs a form with repeated keys, with the CSRF token of `page`.
    static func post(_ browser: Browser, from page: String, to action: String, _ pairs: [(String, String)]) async throws -> Fetched {
        let html = try await browser.get(page)
        let csrf = try #require(Browser.csrf(in: html.body), "\(page) holds a form")
        return try await browser.request(.POST, action, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                         raw: formBody(pairs + [("_csrf", csrf)]))
    }
}

/// Editing the strategy tree and the transversal axes, amendments and history, on both engines.
struct StrategyEditingTests {
    static let actor = Actor(userID: nil, label: "équipe de test")

    @Test(arguments: Engine.allCases)
    func addRenameRecodeMoveAndReorderNodes(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let service = StrategyService(database: app.db, clock: app.clock)
            let contractID = try await ContractWork.callID(app)
            let p3 = try await ContractWork.node(app, "P3")
            let p2 = try await ContractWork.node(app, "P2")
            let auditBefore = try await ContractWork.auditCount(app, entity: "strategy-node")

            // A new ambition first under P3: its siblings shift.
            let added = try await service.addNode(contractID: contractID, .init(code: "P3.A3", title: "Agir avec les habitants", level: .ambition, parentID: p3.id, parentGiven: true, position: 1), by: Self.actor)
            var tree = try #require(try await SQLContractRepository(database: app.db).find(id: contractID)).tree
            #expect(tree[2].children.map(\.code) == ["P3.A3", "P3.A1", "P3.A2"])
            #expect(added.depth == 1 && added.position == 0)

            // Rename and re-code.
            let renamed = try #require(try await service.updateNode(contractID: contractID, nodeID: added.id, .init(code: "P3.A9", title: "Agir avec les habitants des quartiers"), by: Self.actor))
            #expect(renamed.code == "P3.A9")
            // Nothing changed: no history line.
            #expect(try await service.updateNode(contractID: contractID, nodeID: added.id, .init(code: "P3.A9"), by: Self.actor) == nil)

            // Move under P2 (last), then reorder to second place.
            _ = try await service.updateNode(contractID: contractID, nodeID: added.id, .init(parentID: p2.id, parentGiven: true), by: Self.actor)
            tree = try #require(try await SQLContractRepository(database: app.db).find(id: contractID)).tree
            #expect(tree[1].children.map(\.code) == ["P2.A1", "P2.A2", "P2.A3", "P2.A4", "P2.A5", "P3.A9"])
            #expect(tree[2].children.map(\.code) == ["P3.A1", "P3.A2"])
            let positions = try await SQLStrategyRepository(database: app.db).nodes(contractID: contractID).filter { $0.parentID == p3.id }.map(\.position)
            #expect(positions == [0, 1], "the siblings left behind close up")
            _ = try await service.updateNode(contractID: contractID, nodeID: added.id, .init(position: 2), by: Self.actor)
            tree = try #require(try await SQLContractRepository(database: app.db).find(id: contractID)).tree
            #expect(tree[1].children.map(\.code) == ["P2.A1", "P3.A9", "P2.A2", "P2.A3", "P2.A4", "P2.A5"])

            // History: newest first, in French, with before/after.
            let changes = try await SQLStrategyRepository(database: app.db).changes(contractID: contractID)
            #expect(changes.map(\.description) == [
                "Modification de l'ambition « P3.A9 » : rang 6 → 2.",
                "Modification de l'ambition « P3.A9 » : déplacement de « P3 » vers « P2 », rang 6.",
                "Modification de l'ambition « P3.A9 » : code « P3.A3 » → « P3.A9 » ; intitulé « Agir avec les habitants » → « Agir avec les habitants des quartiers ».",
                "Ajout de l'ambition « P3.A3 » — « Agir avec les habitants » sous « P3 », au rang 1.",
            ])
            #expect(changes.allSatisfy { $0.amendmentID == nil })
            #expect(changes[2].before?.contains("\"code\":\"P3.A3\"") == true && changes[2].after?.contains("\"code\":\"P3.A9\"") == true)
            #expect(try await ContractWork.auditCount(app, entity: "strategy-node") == auditBefore + 4)
            let audit = try await AuditTrail(database: app.db, clock: app.clock).entries(.init(entityType: "strategy-node", limit: 1)).items[0]
            #expect(audit.action == "update" && audit.contractID == contractID && audit.before?.contains("\"position\":5") == true && audit.after?.contains("\"position\":1") == true)

            // Removal of the unused node; its siblings close up.
            try await service.removeNode(contractID: contractID, nodeID: added.id, by: Self.actor)
            tree = try #require(try await SQLContractRepository(database: app.db).find(id: contractID)).tree
            #expect(tree[1].children.map(\.code) == ["P2.A1", "P2.A2", "P2.A3", "P2.A4", "P2.A5"])
            let p2Positions = try await SQLStrategyRepository(database: app.db).nodes(contractID: contractID).filter { $0.parentID == p2.id }.map(\.position)
            #expect(p2Positions == [0, 1, 2, 3, 4])
        }
    }

    @Test(arguments: Engine.allCases)
    func invalidEditsAreRefusedWithTheirReasonAndNothingChanges(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let service = StrategyService(database: app.db, clock: app.clock)
            let contractID = try await ContractWork.callID(app)
            let p1 = try await ContractWork.node(app, "P1")
            let ambition = try await ContractWork.node(app, "P1.A2")
            let before = try await SQLStrategyRepository(database: app.db).nodes(contractID: contractID)

            await #expect(throws: FormInvalid(errors: [FieldError(field: "code", message: "Champ « code » : le code « P1.A1 » est déjà celui de l'ambition « P1.A1 » (« Repérer, observer, prévenir les inégalités de l'enfance à l'autonomie des jeunes ») ; chaque code est unique dans le contrat.")])) {
                _ = try await service.addNode(contractID: contractID, .init(code: "P1.A1", title: "Doublon", level: .ambition, parentID: p1.id, parentGiven: true), by: Self.actor)
            }
            await #expect(throws: FormInvalid(errors: [FieldError(field: "parent", message: "Champ « rattaché à » : un nœud de niveau « objectif opérationnel » se place sous un nœud de niveau « ambition » ; le pilier stratégique « P1 » est de niveau « pilier stratégique ».")])) {
                _ = try await service.addNode(contractID: contractID, .init(code: "P1.O1", title: "Objectif", level: .objective, parentID: p1.id, parentGiven: true), by: Self.actor)
            }
            // A node that links and milestones use is not removed, and the message says which.
            let used = try await ContractWork.node(app, "P2.A3")
            do {
                try await service.removeNode(contractID: contractID, nodeID: used.id, by: Self.actor)
                Issue.record("the removal should be refused")
            } catch let conflict as ConflictError {
                #expect(conflict.message.hasPrefix("Impossible de supprimer l'ambition « P2.A3 » : 3 liens de la matrice l'utilisent (action « PCAET-1 »"))
                #expect(conflict.message.contains("action « SATD-3.1 »"))
                #expect(conflict.message.contains("3 jalons de la feuille de route l'utilisent"))
                #expect(conflict.message.contains("2 lignes de moyens de droit commun s'y rattachent (Communauté d'agglomération de Lens-Liévin (CALL), 2024"))
            }
            do {
                try await service.removeNode(contractID: contractID, nodeID: p1.id, by: Self.actor)
                Issue.record("a pillar with ambitions is not removed")
            } catch let conflict as ConflictError {
                #expect(conflict.message.contains("5 sous-nœuds en dépendent (« P1.A1 », « P1.A2 », « P1.A3 », « P1.A4 » et « P1.A5 »)"))
            }
            await #expect(throws: RequestError.notFound(what: "Le nœud n° 999999 de ce contrat")) {
                _ = try await service.updateNode(contractID: contractID, nodeID: 999_999, .init(title: "X"), by: Self.actor)
            }
            // Moving an ambition under another ambition would change its level.
            let other = try await ContractWork.node(app, "P1.A1")
            await #expect(throws: FormInvalid.self) {
                _ = try await service.updateNode(contractID: contractID, nodeID: ambition.id, .init(parentID: other.id, parentGiven: true), by: Self.actor)
            }
            #expect(try await SQLStrategyRepository(database: app.db).nodes(contractID: contractID) == before)
            #expect(try await SQLStrategyRepository(database: app.db).changes(contractID: contractID).isEmpty)
        }
    }

    @Test(arguments: Engine.allCases)
    func changesMadeWhileAnAmendmentIsOpenAreAttachedToIt(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            app.clock = ManualClock()
            let service = StrategyService(database: app.db, clock: app.clock)
            let contractID = try await ContractWork.callID(app)
            let axisID = try #require(try await SQLStrategyRepository(database: app.db).axes(contractID: contractID).first { $0.code == "T2" }).id

            _ = try await service.updateAxis(contractID: contractID, axisID: axisID, .init(title: "Transition écologique et justice sociale"), by: Self.actor)
            let amendment = try await service.openAmendment(contractID: contractID, .init(number: 1, date: "2026-06-30", title: "Clause de revoyure", summary: "Revue à mi-parcours"), by: Self.actor)
            await #expect(throws: FormInvalid.self) {
                _ = try await service.openAmendment(contractID: contractID, .init(number: 2, date: "2026-07-01", title: "Autre"), by: Self.actor)
            }
            let added = try await service.addAxis(contractID: contractID, .init(code: "T3", title: "Égalité entre les femmes et les hommes", position: 1), by: Self.actor)
            #expect(try await SQLStrategyRepository(database: app.db).axes(contractID: contractID).map(\.code) == ["T3", "T1", "T2"])
            let p3 = try await ContractWork.node(app, "P3")
            _ = try await service.addNode(contractID: contractID, .init(code: "P3.A3", title: "Coopérer avec les habitants", level: .ambition, parentID: p3.id, parentGiven: true), by: Self.actor)
            _ = try await service.closeAmendment(contractID: contractID, amendmentID: amendment.id, by: Self.actor)
            await #expect(throws: ConflictError(message: "L'avenant n° 1 (« Clause de revoyure ») est déjà clos.")) {
                _ = try await service.closeAmendment(contractID: contractID, amendmentID: amendment.id, by: Self.actor)
            }
            try await service.removeAxis(contractID: contractID, axisID: added.id, by: Self.actor)

            let repository = SQLStrategyRepository(database: app.db)
            #expect(try await repository.changes(contractID: contractID, amendmentID: amendment.id).map(\.code) == ["P3.A3", "T3"])
            let all = try await repository.changes(contractID: contractID)
            #expect(all.map(\.amendmentID) == [nil, amendment.id, amendment.id, nil])
            #expect(all.first?.description == "Suppression de l'axe transversal « T3 » — « Égalité entre les femmes et les hommes ».")
            #expect(all.first?.occurredAt == "2026-01-01T00:00:00Z")
            #expect(try await ContractWork.auditCount(app, entity: "amendment") == 2)
        }
    }

    @Test func theContractTeamEditsTheTreeThroughThePages() async throws {
        try await withPasserelle(.sqlite) { app in
            let (team, _) = try await ContractWork.signedIn(app, role: .contractTeam)
            let page = try await team.get("/contrats/call/strategie")
            #expect(page.status == .ok)
            #expect(page.body.contains("Aucun avenant n&#39;est ouvert"))
            let p3 = try await ContractWork.node(app, "P3")

            let refused = try await team.submit(from: "/contrats/call/strategie", to: "/contrats/call/strategie/noeuds",
                                                ["level": "ambition", "parent": String(p3.id), "code": "P3.A1", "title": "Doublon", "summary": "", "position": ""])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("le code « P3.A1 » est déjà celui de l&#39;ambition « P3.A1 »"))
            #expect(refused.body.contains("href=\"#noeud-code\""))
            #expect(refused.body.contains("value=\"Doublon\""), "the form keeps what was typed")

            let created = try await team.submit(from: "/contrats/call/strategie", to: "/contrats/call/strategie/noeuds",
                                                ["level": "ambition", "parent": String(p3.id), "code": "P3.A3", "title": "Former ensemble", "summary": "", "position": "1"])
            #expect(created.status == .seeOther)
            #expect(created.headers.first(name: .location) == "/contrats/call/strategie?fait=noeud-ajoute#arbre")
            let node = try await ContractWork.node(app, "P3.A3")
            #expect(node.position == 0)

            let edited = try await team.submit(from: "/contrats/call/strategie/noeuds/\(node.id)", to: "/contrats/call/strategie/noeuds/\(node.id)",
                                               ["level": "ambition", "parent": String(p3.id), "code": "P3.A3", "title": "Se former ensemble", "summary": "", "position": "3"])
            #expect(edited.status == .seeOther)
            let used = try await ContractWork.node(app, "P2.A5")
            let blocked = try await team.submit(from: "/contrats/call/strategie/noeuds/\(used.id)", to: "/contrats/call/strategie/noeuds/\(used.id)/supprimer", [:])
            #expect(blocked.status == .conflict)
            #expect(blocked.body.contains("Impossible de supprimer l&#39;ambition « P2.A5 »"))

            // The history is public; authors show to the contract team only.
            let history = try await team.get("/contrats/call/historique")
            #expect(history.body.contains("Modification de l&#39;ambition « P3.A3 » : intitulé « Former ensemble » → « Se former ensemble » ; rang 1 → 3."))
            let publicHistory = try await app.get("/contrats/call/historique")
            #expect(publicHistory.status == .ok)
            #expect(publicHistory.body.contains("Ajout de l&#39;ambition « P3.A3 »"))
            #expect(!publicHistory.body.contains("@exemple.fr"))
            #expect(history.body.contains("@exemple.fr"))

            // An amendment opened through its page collects the next changes.
            let opened = try await team.submit(from: "/contrats/call/avenants", to: "/contrats/call/avenants",
                                               ["number": "1", "date": "2026-03-12", "title": "Ajout d'un axe", "summary": ""])
            #expect(opened.status == .seeOther)
            let axis = try await team.submit(from: "/contrats/call/strategie", to: "/contrats/call/strategie/axes", ["code": "T3", "title": "Jeunesse", "summary": "", "position": ""])
            #expect(axis.status == .seeOther)
            let amendmentPage = try await app.get(try #require(opened.headers.first(name: .location)).components(separatedBy: "?")[0])
            #expect(amendmentPage.status == .ok)
            #expect(amendmentPage.body.contains("Avenant n° 1 : Ajout d&#39;un axe"))
            #expect(amendmentPage.body.contains("Ajout de l&#39;axe transversal « T3 » — « Jeunesse », au rang 3."))
            #expect(!amendmentPage.body.contains("P3.A3"), "changes made before the amendment are not attached to it")
            #expect(try await app.get("/contrats/call/avenants/999999").status == .notFound)

            // A funder cannot edit.
            let (funder, _) = try await ContractWork.signedIn(app, role: .funder)
            #expect(try await funder.get("/contrats/call/strategie").status == .forbidden)
            // The contract page links the working pages; the tree editor only for the team.
            let contractPage = try await team.get("/contrats/call")
            #expect(contractPage.body.contains("href=\"/contrats/call/matrice\"") && contractPage.body.contains("href=\"/contrats/call/strategie\""))
            let publicContract = try await app.get("/contrats/call")
            #expect(publicContract.body.contains("href=\"/contrats/call/feuille-de-route\"") && !publicContract.body.contains("href=\"/contrats/call/strategie\""))
        }
    }

    @Test func theTreeAPIAnswersJSONWithFrenchMessages() async throws {
        try await withPasserelle(.sqlite) { app in
            let token = try await TestUsers.make(app, role: .contractTeam).token
            let api = Browser(app, bearer: token)
            let p2 = try await ContractWork.node(app, "P2")
            let created = try await api.request(.POST, "/api/v1/contracts/call/nodes", headers: ["Content-Type": "application/json"],
                                                raw: #"{"code": "P2.A6", "title": "Mobilités du quotidien", "level": "ambition", "parentID": \#(p2.id)}"#)
            #expect(created.status == .created)
            #expect(created.object["code"] as? String == "P2.A6" && created.object["position"] as? Int == 6 && created.object["parentID"] as? Int == p2.id)
            let refused = try await api.request(.POST, "/api/v1/contracts/call/nodes", headers: ["Content-Type": "application/json"],
                                                raw: #"{"code": "P2.A7", "title": "X", "level": "objective", "parentID": \#(p2.id)}"#)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.object["message"] as? String == "Champ « rattaché à » : un nœud de niveau « objectif opérationnel » se place sous un nœud de niveau « ambition » ; le pilier stratégique « P2 » est de niveau « pilier stratégique ».")
            let used = try await ContractWork.node(app, "P2.A5")
            let conflict = try await api.request(.DELETE, "/api/v1/contracts/call/nodes/\(used.id)")
            #expect(conflict.status == .conflict)
            #expect((conflict.object["message"] as? String)?.contains("action « PCAET-4 »") == true)
            #expect(try await Browser(app, bearer: try await TestUsers.make(app, role: .partnerReferent).token)
                .request(.DELETE, "/api/v1/contracts/call/nodes/\(used.id)").status == .forbidden)
        }
    }
}
