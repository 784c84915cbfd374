import Foundation
@testable import PasserelleApp
import PasserelleDomain
import Testing
import Vapor

/// The programming pages as people use them: signed in with a session, forms with their CSRF token,
/// French errors next to the fields, the eligibility findings before submission, demo labels.
struct ProgrammingPageTests {
    static func signIn(_ browser: Browser, _ email: String) async throws {
        let signedIn = try await browser.submit(from: "/connexion", to: "/connexion", ["email": email, "password": TestUsers.password])
        #expect(signedIn.status == .seeOther)
    }

    static func html(_ text: String) -> String { text.replacingOccurrences(of: "'", with: "&#39;").replacingOccurrences(of: "\"", with: "&quot;") }

    @Test func aHolderFillsTheFormOverTwoVisitsSeesTheRulesThatFireAndSubmits() async throws {
        try await withPasserelle(.sqlite) { app in
            app.clock = ManualClock()
            let cast = try await ProgrammingCast.make(app)
            let opened = try await Browser(app, bearer: cast.team).json(.POST, "/api/v1/contracts/call/calls", ProgrammingFixtures.callJSON)
            let callID = try #require(ProgrammingFixtures.int(opened.object["id"]))

            let browser = Browser(app)
            try await Self.signIn(browser, "porteur@potagers.test")
            let home = try await browser.get("/")
            #expect(home.body.contains("href=\"/candidatures\""), "signed-in holders get « Mes candidatures »")
            let call = try await browser.get("/appels/\(callID)")
            #expect(call.body.contains("Commencer une candidature"))
            #expect(call.body.contains("Soutien régional aux programmations des contrats de ville"))

            let started = try await browser.submit(from: "/appels/\(callID)", to: "/appels/\(callID)/candidatures", ["titre": "Projet d'initiative du square"])
            #expect(started.status == .seeOther)
            let edit = try #require(started.headers.first(name: .location))
            let id = try #require(Int(edit.split(separator: "/")[1]))
            #expect(edit == "/candidatures/\(id)/modifier")

            // First visit: an amount written in words is refused, next to its field, and nothing is kept.
            var form: [String: String] = [
                "titre": "Projet d'initiative du square", "type_porteur": "association", "type_action": "environment", "echelle": "neighbourhood",
                "debut": "2026-04-01", "fin": "2026-10-31", "annees": "2026",
                "depense_libelle_1": "Plantations", "depense_montant_1": "2 500",
                "financement_source_1": "region-hdf|PIC", "financement_montant_1": "deux mille", "autofinancement": "500",
            ]
            let page = try await browser.get(edit)
            let objectiveBox = try #require(page.body.range(of: "name=\"objectif_")).upperBound
            let nodeID = String(page.body[objectiveBox...].prefix { $0.isNumber })
            form["objectif_\(nodeID)"] = "oui"
            form["qpv_QN06224M"] = "oui"
            let refused = try await browser.submit(from: edit, to: edit, form)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("Le formulaire contient une erreur"))
            #expect(refused.body.contains(Self.html("Plan de financement, ligne 1, montant demandé : « deux mille » n'est pas un montant")))
            #expect(refused.body.contains("href=\"#financement_montant_1\""))
            #expect(refused.body.contains("value=\"deux mille\""), "what was typed is shown again")
            let stored = try #require(try await SQLProgrammingRepository(database: app.db).application(id: id))
            #expect(stored.fundingLines.isEmpty && stored.body.budgetLines.isEmpty)

            form["financement_montant_1"] = "2 000"
            let saved = try await browser.submit(from: edit, to: edit, form)
            #expect(saved.status == .seeOther)
            #expect(try await browser.get(saved.headers.first(name: .location)!).body.contains("Brouillon enregistré."))

            // Second visit: the page lists what is missing and the PIC rules that fire, with their reasons and sources.
            let view = try await browser.get("/candidatures/\(id)")
            #expect(view.body.contains("À compléter avant le dépôt"))
            #expect(view.body.contains(Self.html("Champ « nombre de bénéficiaires » : indiquez combien de personnes l'action doit toucher.")))
            #expect(view.body.contains("Vérification d&#39;éligibilité"))
            #expect(view.body.contains("Non éligible — PIC : les trois caractéristiques sont cumulatives"))
            #expect(view.body.contains(Self.html("Pourquoi : critères déclarés : il manque « citoyenneté active », « intérêt collectif », « besoin local, réponse rapide » et dispositif = PIC.")))
            #expect(view.body.contains(Self.html("Source : Région Hauts-de-France, cadre d'intervention politique de la ville 2024-2030 (seed 003), soutien régional à la citoyenneté")))
            #expect(!view.body.contains("Déposer la candidature"))

            form["beneficiaires_total"] = "30"
            form["beneficiaires_femmes"] = "16"
            form["beneficiaires_hommes"] = "14"
            form["transition"] = "Des arbres fruitiers et une prairie fleurie rafraîchissent le square l'été."
            for code in ["citoyenneteActive", "interetCollectif", "besoinLocalReponseRapide"] { form["critere_\(code)"] = "oui" }
            #expect(try await browser.submit(from: edit, to: edit, form).status == .seeOther)
            let complete = try await browser.get("/candidatures/\(id)")
            #expect(!complete.body.contains("Non éligible — PIC"), "the three criteria are declared")
            #expect(complete.body.contains("Droit commun d&#39;abord — Crédits spécifiques de la Région sans droit commun dans le plan"))
            #expect(complete.body.contains("Déposer la candidature"))

            let submitted = try await browser.submit(from: "/candidatures/\(id)", to: "/candidatures/\(id)/depot", [:])
            #expect(submitted.status == .seeOther)
            let after = try await browser.get(submitted.headers.first(name: .location)!)
            #expect(after.body.contains("Candidature déposée"))
            #expect(after.body.contains("status-submitted"))
            let mine = try await browser.get("/candidatures")
            #expect(mine.body.contains("Projet d&#39;initiative du square"))
            #expect(try await browser.get(edit).status == .seeOther, "a submitted application is no longer editable")

            // Another holder's session gets a 404, not the application.
            let other = Browser(app)
            try await Self.signIn(other, "porteur@voisins.test")
            #expect(try await other.get("/candidatures/\(id)").status == .notFound)
            #expect(try await other.submit(from: "/candidatures", to: "/candidatures/\(id)/depot", [:]).status == .notFound)
        }
    }

    @Test func instructorsAndTheTeamWorkOnTheDemoThroughPages() async throws {
        try await withPasserelle(.sqlite) { app in
            let cast = try await ProgrammingCast.make(app)
            _ = cast
            let repository = SQLProgrammingRepository(database: app.db)
            let contractID = try #require(try await app.contractID("call"))
            let call2025 = try #require(try await repository.calls(contractID: contractID).first { $0.call.year == 2025 })
            let applications = try await repository.applications(.call(call2025.call.id))
            let receivable = try #require(applications.first { $0.status == .receivable && $0.fundingLines.contains { $0.funderID != nil } && $0.title == "Accompagnement scolaire et sorties nature" })

            let region = Browser(app)
            try await Self.signIn(region, "instructrice@region.test")
            let table = try await region.get("/appels/\(call2025.call.id)/instruction")
            #expect(table.status == .ok)
            #expect(table.body.contains("Tableau d&#39;instruction partagé"))
            #expect(table.body.contains("Données de démonstration"))
            #expect(table.body.contains("28 candidatures"), "every submitted application, drafts excluded")

            // The State's instructor scores on the grid and proposes on its own line, through the form.
            let etat = Browser(app)
            try await Self.signIn(etat, "instructeur@etat.test")
            let page = try await etat.get("/candidatures/\(receivable.id)")
            #expect(page.body.contains("Mon avis pour État (Préfecture du Pas-de-Calais)"))
            #expect(page.body.contains("Candidature fictive") || page.body.contains("Cette candidature est fictive"))
            let etatLine = try #require(receivable.fundingLines.first { $0.label.hasPrefix("État") })
            let cafLine = try #require(receivable.fundingLines.first { $0.label.hasPrefix("Caisse") })
            var fields = ["note_priorites": "4", "note_qualite-impact": "3", "note_mobilisation-habitants": "3", "note_partenariat": "3", "note_gouvernance-suivi": "9",
                          "avis": "favourable", "commentaire": "Bon projet", "propose_\(etatLine.id)": "5 000"]
            let outOfScale = try await etat.submit(from: "/candidatures/\(receivable.id)", to: "/candidatures/\(receivable.id)/avis", fields)
            #expect(outOfScale.status == .unprocessableEntity)
            #expect(outOfScale.body.contains(Self.html("Critère « Pilotage, suivi et valorisation du projet » : la note 9 sort de l'échelle (0 à 4).")))
            fields["note_gouvernance-suivi"] = "3"
            fields["propose_\(cafLine.id)"] = "2 500"
            let foreign = try await etat.submit(from: "/candidatures/\(receivable.id)", to: "/candidatures/\(receivable.id)/avis", fields)
            #expect(foreign.status == .unprocessableEntity)
            #expect(foreign.body.contains("elle relève de Caisse d&#39;allocations familiales du Pas-de-Calais (CAF)"))
            fields["propose_\(cafLine.id)"] = nil
            let reviewed = try await etat.submit(from: "/candidatures/\(receivable.id)", to: "/candidatures/\(receivable.id)/avis", fields)
            #expect(reviewed.status == .seeOther)
            let after = try await etat.get(reviewed.headers.first(name: .location)!)
            #expect(after.body.contains("Avis enregistré."))
            #expect(after.body.contains("status-underInstruction"))
            #expect(after.body.contains("Note pondérée (sur 100)"))

            // The contract team decides a proposed demo application through the form.
            let team = Browser(app)
            try await Self.signIn(team, "equipe@call.test")
            let proposed = try #require(applications.first { $0.status == .proposed && $0.title == "Conseil de jeunes et projets d'initiative" })
            let line = try #require(proposed.fundingLines.first)
            let form = try await team.get("/candidatures/\(proposed.id)")
            #expect(form.body.contains("Décisions du comité"))
            #expect(form.body.contains("Proposition de l&#39;instruction : 2\u{202F}500\u{00A0}€."))
            let decided = try await team.submit(from: "/candidatures/\(proposed.id)", to: "/candidatures/\(proposed.id)/decisions",
                                                ["decision_\(line.id)": "2 500", "date_decision": "2025-03-20", "instance": "Comité de pilotage", "reference": "COPIL-ESSAI"])
            #expect(decided.status == .seeOther)
            let decidedPage = try await team.get("/candidatures/\(proposed.id)")
            #expect(decidedPage.body.contains("status-decided-granted"))
            #expect(decidedPage.body.contains("Convention avec Région Hauts-de-France"))

            // Holders' pages never show funders' notes (demo holder pages are seen here by the team only).
            #expect(try await Browser(app, bearer: cast.holder).get("/candidatures/\(proposed.id)").status == .notFound)
        }
    }

    @Test func theDemoIsLinkedAndLabelledEverywhere() async throws {
        try await withPasserelle(.sqlite) { app in
            let contract = try await app.get("/contrats/call")
            #expect(contract.body.contains("href=\"/contrats/call/programmation\""))
            #expect(contract.body.contains("href=\"/contrats/call/programmation/tableau-de-bord\""))
            let home = try await app.get("/contrats/call/programmation")
            #expect(home.body.contains("Appel à projets 2025 du contrat de ville (démonstration)"))
            #expect(home.body.contains("<span class=\"badge\">démonstration</span>"))
            #expect(home.body.contains("Données de démonstration"))
            #expect(home.body.contains("<a href=\"/contrats/call/programmation\" aria-current=\"page\">Programmation</a>"), "the contract's navigation, on its programming tab")
            #expect(home.body.contains("href=\"/contrats/call/matrice\""))
            let dashboard = try await app.get("/contrats/call/programmation/tableau-de-bord")
            #expect(dashboard.status == .ok)
            #expect(dashboard.body.contains("Tableau de bord de la programmation 2025"))
            #expect(dashboard.body.contains("Données de démonstration"))
            #expect(dashboard.body.contains("<a href=\"/contrats/call/programmation/tableau-de-bord\" aria-current=\"page\">Tableau de bord du comité</a>"))
            #expect(dashboard.body.contains("role=\"img\""))
            #expect(dashboard.body.contains("2 ambitions sans aucun projet financé : P1.A5"))
            let firstAmbition = try #require(dashboard.body.range(of: "<tr class=\"uncovered\">"))
            let firstCovered = try #require(dashboard.body.range(of: "P1.A1</span>"))
            #expect(firstAmbition.lowerBound < firstCovered.lowerBound, "uncovered ambitions first")
            #expect(dashboard.body.contains("147\u{202F}500\u{00A0}€"))
            #expect(dashboard.body.contains("href=\"/api/v1/contracts/call/programming/dashboard?year=2025&amp;format=csv&amp;table=financeurs\""))
            #expect(try await app.get("/contrats/call/programmation/tableau-de-bord?annee=deux").status == .badRequest)
            let older = try await app.get("/contrats/call/programmation/tableau-de-bord?annee=2024")
            #expect(older.body.contains("29\u{202F}000\u{00A0}€"))
            let funders = try await app.get("/financeurs")
            #expect(funders.body.contains("Nos Quartiers d&#39;Été (NQE)"))
            #expect(funders.body.contains("20005374200017"))
            let rules = try await app.get("/regles-eligibilite")
            #expect(rules.body.contains("37 règles"))
        }
    }

    @Test func administratorsEditTheRuleFileWithAClearRefusal() async throws {
        try await withPasserelle(.sqlite) { app in
            _ = try await TestUsers.make(app, role: .administrator, contract: nil, email: "admin-regles@exemple.fr")
            let admin = Browser(app)
            try await Self.signIn(admin, "admin-regles@exemple.fr")
            let broken = #"{"version": 1, "rules": [{"id": "r1", "title": "T", "source": "S", "when": {"field": "inconnu", "op": "=", "value": 1}, "outcome": "warning", "message": "M"}]}"#
            let refused = try await admin.submit(from: "/regles-eligibilite", to: "/regles-eligibilite", ["regles": broken])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains(Self.html("Champ « fichier de règles » : règle n° 1 (« r1 »)")))
            #expect(refused.body.contains("champ de condition inconnu"))
            #expect(try await SQLProgrammingRepository(database: app.db).latestRuleFile() == nil, "nothing saved")
            let file = #"{"version": 1, "rules": [{"id": "essai", "title": "Règle d'essai", "source": "Essai", "when": {"always": true}, "outcome": "warning", "message": "Toujours."}]}"#
            let saved = try await admin.submit(from: "/regles-eligibilite", to: "/regles-eligibilite", ["regles": file])
            #expect(saved.status == .seeOther)
            let page = try await admin.get("/regles-eligibilite?fait=enregistre")
            #expect(page.body.contains("Règles enregistrées."))
            #expect(page.body.contains("1 règles") || page.body.contains("Règle d&#39;essai"))
            let audit = try await AuditTrail(database: app.db, clock: app.clock).entries(.init(entityType: "eligibility-rules"))
            #expect(audit.total == 1)
            let notAdmin = Browser(app, bearer: try await TestUsers.make(app, role: .contractTeam).token)
            #expect(try await notAdmin.request(.POST, "/regles-eligibilite", form: ["regles": file]).status == .forbidden)
        }
    }

    @Test func theContractTeamOpensACallThroughTheForm() async throws {
        try await withPasserelle(.sqlite) { app in
            app.clock = ManualClock()
            _ = try await TestUsers.make(app, role: .contractTeam, contract: "cab", email: "equipe@cab.test")
            let team = Browser(app)
            try await Self.signIn(team, "equipe@cab.test")
            #expect(try await team.get("/contrats/call/appels/nouveau").status == .forbidden, "the CAB's team has no right on the CALL")
            let page = try await team.get("/contrats/cab/appels/nouveau")
            #expect(page.status == .ok)
            #expect(page.body.contains("Nos Quartiers d&#39;Été (NQE)"))
            var form = ["kind": "yearlyCall", "title": "Appel à projets 2026 du Boulonnais", "year": "2026", "opensOn": "2025-12-01", "closesOn": "2026-01-10",
                        "actionStartsOn": "2026-01-01", "actionEndsOn": "2026-12-31", "objectif_AX3.O1": "oui",
                        "financeur_etat": "oui", "dispositif_P147": "oui", "enveloppe_etat": "cent mille",
                        "financeur_region-hdf": "oui", "dispositif_PROG-CV": "oui", "documents": "Budget prévisionnel\nStatuts"]
            let refused = try await team.submit(from: "/contrats/cab/appels/nouveau", to: "/contrats/cab/appels", form)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains(Self.html("Champ « financeurs », ligne 1, enveloppe de État (Préfecture du Pas-de-Calais) : « cent mille » n'est pas un montant")))
            #expect(refused.body.contains("value=\"Appel à projets 2026 du Boulonnais\""))
            form["enveloppe_etat"] = "100 000"
            let created = try await team.submit(from: "/contrats/cab/appels/nouveau", to: "/contrats/cab/appels", form)
            #expect(created.status == .seeOther)
            let call = try await team.get(created.headers.first(name: .location)!)
            #expect(call.body.contains("Appel à projets 2026 du Boulonnais"))
            #expect(call.body.contains("100\u{202F}000\u{00A0}€"))
            #expect(call.body.contains("AX3.O1"))
            #expect(!call.body.contains("démonstration"), "a real call is not labelled as a demo")
            let home = try await team.get("/contrats/cab/programmation")
            #expect(home.body.contains("Ouvrir un appel à projets"))
            let dashboard = try await app.get("/contrats/cab/programmation/tableau-de-bord")
            #expect(dashboard.status == .ok)
            #expect(dashboard.body.contains("Aucun montant accordé cette année."))
            let audit = try await AuditTrail(database: app.db, clock: app.clock).entries(.init(entityType: "call"))
            #expect(audit.items.first?.actorLabel == "equipe@cab.test")
        }
    }

    @Test func administratorsCompleteAFunderSIRETAndItsGrantsBecomePublishable() async throws {
        try await withPasserelle(.sqlite) { app in
            _ = try await TestUsers.make(app, role: .administrator, contract: nil, email: "admin-financeurs@exemple.fr")
            let admin = Browser(app)
            try await Self.signIn(admin, "admin-financeurs@exemple.fr")
            let wrong = try await admin.submit(from: "/financeurs", to: "/financeurs", ["code": "caf-62", "siret": "123"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.contains("Champ « SIRET » : « 123 » n&#39;est pas un SIRET : il faut 14 chiffres, il y en a 3."))
            // A synthetic number for the test (the CAF's real SIRET is not part of the seeds).
            let saved = try await admin.submit(from: "/financeurs", to: "/financeurs", ["code": "caf-62", "siret": "99990000600019"])
            #expect(saved.status == .seeOther)
            let export = try await ProgrammingReports(database: app.db).scdl(contractID: nil, year: 2025, funderCode: "caf-62")
            #expect(export.rows.count == 4)
            #expect(export.rows.allSatisfy { $0.idAttribuant == "99990000600019" })
            #expect(SCDLSubsidies.validate(csv: export.csv) == [])
            let scheme = try await admin.submit(from: "/financeurs", to: "/financeurs/4/dispositifs", ["code": "CLAS", "nom": "Contrat local d'accompagnement à la scolarité", "nature": "commonLaw"])
            #expect(scheme.status == .seeOther)
            let again = try await admin.submit(from: "/financeurs", to: "/financeurs/4/dispositifs", ["code": "CLAS", "nom": "Doublon", "nature": "commonLaw"])
            #expect(again.status == .unprocessableEntity)
            #expect(again.body.contains("« CLAS » est déjà utilisé"))
            let api = try await app.get("/api/v1/funders")
            let caf = (api.object["items"] as? [[String: Any]])?.first { $0["code"] as? String == "caf-62" }
            #expect((caf?["schemes"] as? [[String: Any]])?.map { $0["code"] as? String } == ["CAF-ACTION-SOCIALE", "CLAS"])
            #expect(try await AuditTrail(database: app.db, clock: app.clock).entries(.init(entityType: "funder")).total == 1)
        }
    }
}
