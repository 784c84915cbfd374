import Foundation
@testable import PasserelleApp
import PasserelleDomain
import SQLKit
import Testing
import Vapor

/// The catalogue of key actions and examples: storage on both engines, search, suggestions,
/// pages, curation with history and audit, export and import.
struct CatalogueTests {
    /// Every example of the national palette (seed 002), by title, with its key action.
    static let paletteExamples: [(keyAction: Int, title: String)] = [
        (1, "Cartographie croisée des vulnérabilités sociales et climatiques en Seine-Saint-Denis"),
        (2, "Atelier textile Père Pigne : insertion de femmes gitanes à Perpignan"),
        (2, "Data-Asso : recensement et carte des associations en France"),
        (2, "Étude de l'Apur : liens sociaux et résilience dans le Grand Paris"),
        (3, "Convention citoyenne des quartiers populaires à Laval"),
        (3, "Consultation des habitants sur la biodiversité à la Noue-Malassis (Montreuil, Bagnolet)"),
        (3, "Démarche « aller vers » pour la rénovation du quartier Maille 1 à Miramas"),
        (3, "Programme Émergences : les jeunes acteurs des enjeux urbains à Grenoble"),
        (3, "Banlieues Climat : formation au climat des jeunes des quartiers populaires"),
        (3, "Formation « acteurs habitants » de l'École du Renouvellement Urbain"),
        (3, "Resilient BoTu 2028 : les habitants décident des financements du quartier à Rotterdam"),
        (3, "Concierge-habitant de quartier aux Glacis à Dunkerque"),
        (3, "Fêtes de déambulation dans l'espace public à L'Île-Saint-Denis"),
        (3, "VoisinMalin : des habitants « messagers » en porte-à-porte dans les quartiers"),
        (4, "Patrimoine textile de Mulhouse : diagnostic et filière de surcyclage"),
        (4, "« Zone sensible » : ferme artistique et nourricière à Saint-Denis"),
        (4, "Démantèlement de la centrale EDF de Vitry-sur-Seine accompagné par l'art"),
        (5, "Foresta : un parc sur une friche en urbanisme transitoire à Marseille"),
        (6, "Urbanisme favorable à la santé dans le quartier La Maille à Miramas"),
        (6, "Butte acoustique et agriculture urbaine en bord d'autoroute à Lille"),
        (6, "Jeu sérieux Santé-Cité du Cerema pour un aménagement favorable à la santé"),
        (7, "Eaux pluviales gérées durablement pour éviter un surcoût à Crépy-en-Valois"),
        (7, "Méthode reproductible pour des cours oasis dans 9 écoles de Creil"),
        (7, "Mini-guide d'Ambition locale pour adapter les écoles au changement climatique"),
        (7, "Feuille de route régénérative « Donut » du bailleur Haute-Savoie HABITAT"),
        (7, "CAP Territoires Durables : outil d'aide à la décision pour prioriser les projets"),
        (8, "Carte des sites prioritaires à végétaliser à Saint-Georges-de-Reneins (SESAME)"),
        (8, "Végétalisation de la dalle du Forum à Montreynaud, Saint-Étienne"),
        (8, "FAR : la fiction au service de la renaturation à Plaine Commune"),
        (8, "Espaces publics face à la surchauffe urbaine dans la Métropole de Toulon"),
        (8, "Carte des îlots de fraîcheur et horaires élargis à Paris"),
        (8, "« Plus fraîche ma ville » : outil de l'ADEME pour le rafraîchissement urbain"),
        (9, "Orientation des jeunes et formation des actifs pour l'emploi à Dunkerque"),
        (9, "Territoire zéro chômeur de longue durée au Grand Saint-Nicolas à Laval"),
        (9, "Clauses d'insertion dans les chantiers NPNRU de Grand Paris Sud Est Avenir"),
        (9, "Jardins de Cocagne : insertion par l'agriculture biologique dans les quartiers"),
        (10, "Maison de l'économie circulaire et du zéro déchet à Roubaix"),
        (10, "Valorisation des cagettes en bois par les régies de quartier (Plaine Commune)"),
        (10, "Traitement écologique du mobilier infesté de punaises de lit à Stains"),
        (11, "Vélo dans les QPV : étude et guide du Club des villes cyclables"),
    ]

    /// A small catalogue another region could share: the palette's first axis and key action (kept
    /// as they are here) and one example of its own.
    static let sharedCatalogue = #"""
    {"format":"passerelle-catalogue","version":1,"sources":["Catalogue d'essai d'une autre région"],
     "axes":[{"number":1,"title":"Connaître","summary":""}],
     "keyActions":[{"number":1,"axis":1,"title":"Cartographier","summary":"","themes":["climate"],"vulnerabilities":["heat"]}],
     "examples":[{"id":"carte-de-la-chaleur-a-exempleville","keyAction":1,"title":"Carte de la chaleur à Exempleville","scale":"commune",
                  "place":{"commune":"Exempleville","region":"Bretagne","country":"France"},
                  "summary":"Une carte des îlots de chaleur croisée avec les revenus.","tags":{"themes":["climate"],"vulnerabilities":["heat"]},"status":"active"}],
     "actors":[{"id":"ville-d-exempleville","name":"Ville d'Exempleville","kind":"localAuthority","territory":"Exempleville",
                "examples":["carte-de-la-chaleur-a-exempleville"]}]}
    """#

    static func json(_ fetched: Fetched) -> [String: Any] { fetched.object }
    static func items(_ fetched: Fetched) -> [[String: Any]] { fetched.object["items"] as? [[String: Any]] ?? [] }

    /// A browser signed in (cookie session) with this role on the CALL contract.
    static func signedIn(_ app: Application, role: Role) async throws -> Browser {
        let user = try await TestUsers.make(app, role: role)
        let browser = Browser(app)
        let session = try await browser.request(.POST, "/api/v1/session", json: ["email": user.account.email, "password": TestUsers.password])
        #expect(session.status == .ok)
        return browser
    }

    // MARK: Storage

    @Test(arguments: Engine.allCases)
    func theShippedCatalogueIsStoredWholeAndReadsBackEqual(engine: Engine) async throws {
        try await withPasserelle(engine, seed: .empty) { app in
            let stored = try await SQLCatalogueRepository(database: app.db).load()
            let shipped = try CatalogueFiles.shipped()
            #expect(stored == shipped)
            #expect(stored.examples.count == 68)
            #expect(stored.actors.count == 136)
            #expect(try await SQLCatalogueRepository(database: app.db).revision() == 1)
        }
    }

    @Test(arguments: Engine.allCases)
    func everyExampleOfThePaletteIsPresentWithItsKeyAction(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let keyActions = try await app.get("/api/v1/key-actions")
            #expect(keyActions.status == .ok)
            #expect(keyActions.object["total"] as? Int == 11)
            let actions = Self.items(keyActions)
            #expect(actions.map { $0["number"] as? Int } == Array(1...11))
            #expect(actions.map { $0["axis"] as? Int } == [1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4])
            #expect(Set(actions[0].keys) == ["number", "axis", "title", "examples"])
            #expect(actions[7]["title"] as? String == "Privilégier actions à coûts constants et solutions fondées sur la nature")

            let all = try await app.get("/api/v1/examples?limit=500")
            #expect(all.object["total"] as? Int == 68)
            let byTitle = Dictionary(Self.items(all).map { ($0["title"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
            var idsOfAction: [Int: Set<String>] = [:]
            for action in actions {
                idsOfAction[action["number"] as! Int] = Set(action["examples"] as? [String] ?? [])
            }
            for (keyAction, title) in Self.paletteExamples {
                let item = try #require(byTitle[title], "missing example of seed 002: \(title)")
                #expect(item["keyAction"] as? Int == keyAction, "\(title)")
                #expect(idsOfAction[keyAction]?.contains(item["id"] as? String ?? "") == true, "\(title) listed under key action \(keyAction)")
            }
            #expect(Self.paletteExamples.count == 40)
            // The local examples of seeds 000 and 004 are there too.
            let lens = try await app.get("/api/v1/examples/lens-lievin-plantons-le-decor")
            #expect(lens.object["seed"] as? String == "004")
            #expect(lens.object["keyAction"] as? Int == 8)
        }
    }

    // MARK: Search

    @Test(arguments: Engine.allCases)
    func frenchMatchingThroughTheAPI(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            func firstIDs(_ query: String, count: Int = 1) async throws -> [String] {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&+=")))!
                let fetched = try await app.get("/api/v1/examples?q=\(encoded)&limit=\(count)")
                #expect(fetched.status == .ok, "\(query)")
                return Self.items(fetched).compactMap { $0["id"] as? String }
            }
            let paris = "carte-des-ilots-de-fraicheur-et-horaires-elargis-a-paris"
            #expect(try await firstIDs("ilot de fraicheur") == [paris], "no accents, singular")
            #expect(try await firstIDs("ÎLOTS DE FRAÎCHEUR") == [paris], "accents, plural, capitals")
            #expect(try await firstIDs("Ilôts de Fraicheurs") == [paris], "misplaced accents and plural")
            #expect(try await firstIDs("cour oasis") == ["methode-reproductible-pour-des-cours-oasis-dans-9-ecoles-de-creil"], "singular finds plural")
            #expect(try await firstIDs("vegetalisation dalle") == ["vegetalisation-de-la-dalle-du-forum-a-montreynaud-saint-etienne"])
            let shipped = try CatalogueFiles.shipped()
            let reuse = try await firstIDs("RÉEMPLOIS", count: 10)
            #expect(reuse.count == 4, "the four examples about re-use, found through « réemploi »")
            for id in reuse {
                let example = try #require(shipped.example(id: id))
                let text = SearchKey.fold([example.title, example.summary, example.method ?? ""].joined(separator: " ") + " " + example.results.map(\.text).joined(separator: " "))
                #expect(text.contains("reemploi"), "\(id) holds « réemploi »")
            }

            let filtered = try await app.get("/api/v1/examples?q=chaleur&theme=climate&keyAction=8&limit=2")
            let items = Self.items(filtered)
            #expect(items.count == 2)
            #expect(items.allSatisfy { ($0["keyAction"] as? Int) == 8 && (($0["themes"] as? [String]) ?? []).contains("climate") })
            let scores = items.compactMap { $0["score"] as? Double }
            #expect(scores == scores.sorted(by: >), "best match first")
            #expect(try await app.get("/api/v1/examples?keyAction=12").status == .badRequest)
            #expect(try await app.get("/api/v1/examples?scale=planete").status == .badRequest)
        }
    }

    @Test func theSearchPageHighlightsMatchesAndEscapesEverything() async throws {
        try await withPasserelle(.sqlite) { app in
            let page = try await app.get("/exemples?q=ilot+de+fraicheur")
            #expect(page.status == .ok)
            #expect(page.body.contains("Carte des <mark>îlots</mark> de <mark>fraîcheur</mark> et horaires élargis à Paris"))
            #expect(page.body.contains("value=\"ilot de fraicheur\""))
            #expect(page.body.contains("les plus pertinents d&#39;abord"))
            #expect(page.body.contains("Mots trop courants, ignorés : de."))
            let hostile = try await app.get("/exemples?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E+chaleur")
            #expect(hostile.status == .ok)
            #expect(!hostile.body.contains("<script"))
            #expect(hostile.body.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt; chaleur\""))
            let filtered = try await app.get("/exemples?action=8&theme=climate&echelle=commune")
            #expect(filtered.body.contains("<option value=\"8\" selected>"))
            #expect(filtered.body.contains("href=\"/exemples/carte-des-ilots-de-fraicheur-et-horaires-elargis-a-paris\""))
            #expect(try await app.get("/exemples?cout=gratuit").status == .badRequest)
            let regions = try await app.get("/exemples?region=hauts-de-france")
            #expect(regions.body.contains("Coop&#39;Blanchard"))
            #expect(!regions.body.contains("Carte des îlots de fraîcheur"))
        }
    }

    // MARK: Suggestions

    /// A hand-built diagnostic for Cité 12-14 (QN06224M), a QPV of the CALL with no demo figures:
    /// strong heat exposure, medium energy poverty, more green space than the agglomeration.
    static let diagnostic = """
        code,kind,indicateur,periode,valeur
        QN06224M,qpv,heat_exposure_share,2023,45
        246200364,epci,heat_exposure_share,2023,20
        QN06224M,qpv,energy_poor_households_share,2023,24
        246200364,epci,energy_poor_households_share,2023,12
        QN06224M,qpv,green_space_access_share,2023,80
        246200364,epci,green_space_access_share,2023,60
        """

    static func importDiagnostic(_ app: Application) async throws {
        let outcome = try await IndicatorImport(database: app.db, clock: app.clock).run(
            .init(fileName: "diagnostic.csv", sourceLabel: "Diagnostic d'essai", options: IndicatorFileOptions(format: .long), dryRun: false, actor: .commandLine),
            chunks: [Array(diagnostic.utf8)[...]])
        #expect(outcome.report.problems == [])
        #expect(outcome.created == 6)
    }

    @Test(arguments: Engine.allCases)
    func suggestionsForAQPVFromAHandBuiltDiagnostic(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let qpv = try #require(try await SQLTerritoryRepository(database: app.db).find(code: "QN06224M", kind: .qpv))
            #expect(try await SQLTerritoryRepository(database: app.db).parents(of: qpv.id).contains { $0.code == "246200364" })
            let before = try await app.get("/api/v1/territories/QN06224M/suggestions")
            #expect(before.status == .ok)
            #expect(Self.items(before).isEmpty, "no figure, no suggestion")

            try await Self.importDiagnostic(app)
            let fetched = try await app.get("/api/v1/territories/QN06224M/suggestions")
            #expect(fetched.status == .ok)
            let vulnerabilities = fetched.object["vulnerabilities"] as? [[String: Any]] ?? []
            #expect(vulnerabilities.map { $0["type"] as? String } == ["heat", "energyPoverty"], "green space is favourable: no vulnerability")
            #expect(vulnerabilities.map { $0["severity"] as? Double } == [1, 0.6])
            #expect(vulnerabilities.map { $0["intensity"] as? String } == ["forte", "moyenne"])
            let evidence = (vulnerabilities[0]["evidence"] as? [[String: Any]])?.first
            #expect(evidence?["indicator"] as? String == "heat_exposure_share")
            #expect(evidence?["value"] as? Double == 45)
            #expect(evidence?["referenceValue"] as? Double == 20)
            #expect(fetched.object["basis"] as? String == "observatoryGaps")
            let items = Self.items(fetched)
            #expect(items.map { $0["keyAction"] as? Int } == [8, 7, 1, 9])
            #expect(items.map { $0["reason"] as? String } == [
                "Exposition à la chaleur (intensité forte) → action 8, 6 exemples",
                "Exposition à la chaleur (intensité forte) → action 7, 5 exemples",
                "Exposition à la chaleur (intensité forte) → action 1, 2 exemples",
                "Précarité énergétique (intensité moyenne) → action 9 (par ses exemples), 2 exemples",
            ])
            #expect((items[2]["reasons"] as? [String])?.last == "Précarité énergétique (intensité moyenne) → action 1 (par ses exemples), 2 exemples")
            #expect(((items[0]["examples"] as? [[String: Any]])?.first?["id"] as? String) == "carte-des-sites-prioritaires-a-vegetaliser-a-saint-georges-de-reneins-sesame")

            let page = try await app.get("/territoires/QN06224M")
            #expect(page.status == .ok)
            #expect(page.body.contains("Idées d&#39;actions pour ce quartier"))
            #expect(page.body.contains("Exposition à la chaleur — intensité forte"))
            #expect(page.body.contains("Exposition à la chaleur (intensité forte) → action 8, 6 exemples"))
            #expect(page.body.contains("href=\"/actions-cles/8\""))
            #expect(page.body.contains("href=\"/exemples/carte-des-sites-prioritaires-a-vegetaliser-a-saint-georges-de-reneins-sesame\""))
            #expect(page.body.contains("href=\"/territoires/QN06224M/portrait\""))

            // A retired example leaves the suggestions at once.
            let resourceCentre = try await TestUsers.make(app, role: .resourceCentre)
            _ = try await CatalogueService(database: app.db, clock: app.clock).retireExample(
                id: "plus-fraiche-ma-ville-outil-de-l-ademe-pour-le-rafraichissement-urbain", reason: "Outil remplacé",
                by: PasserelleApp.Actor(userID: resourceCentre.account.id, label: resourceCentre.account.email))
            let after = try await app.get("/api/v1/territories/QN06224M/suggestions")
            #expect(Self.items(after).first?["reason"] as? String == "Exposition à la chaleur (intensité forte) → action 7, 5 exemples")
        }
    }

    @Test func aQPVWithoutFiguresSaysSoAndOtherLevelsShowNothing() async throws {
        try await withPasserelle(.sqlite) { app in
            let page = try await app.get("/territoires/QN06224M")
            #expect(page.body.contains("Aucune vulnérabilité n&#39;est encore mesurée"))
            let commune = try await app.get("/territoires/62498")
            #expect(!commune.body.contains("Idées d&#39;actions"))
        }
    }

    @Test func theContractPageAndAPISuggestFromItsDiagnostic() async throws {
        try await withPasserelle(.sqlite) { app in
            let fetched = try await app.get("/api/v1/contracts/call/suggestions")
            #expect(fetched.status == .ok)
            // The CALL's six uncovered ambitions (P1.A1, P1.A2, P1.A5, P2.A4, P3.A1, P3.A2) name no
            // transition theme: nothing to suggest from them.
            #expect((fetched.object["weakestCoveredAmbitions"] as? [Any])?.isEmpty == true)
            let vulnerabilities = (fetched.object["vulnerabilities"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
            // The demo diagnostic of seed 004: employment far below the CALL's, poverty far above.
            #expect(vulnerabilities.prefix(2).sorted() == ["lowIncome", "unemployment"])
            let actions = Self.items(fetched).compactMap { $0["keyAction"] as? Int }
            #expect(actions.contains(9), "insertion and training answer unemployment and low income")
            let page = try await app.get("/contrats/call")
            #expect(page.body.contains("Idées d&#39;actions pour les quartiers du contrat"))
            #expect(page.body.contains("href=\"/actions-cles/9\""))

            // Once the team words an uncovered ambition as a transition one, the matrix feeds it in.
            let p2a4 = try await ContractWork.node(app, "P2.A4")
            _ = try await StrategyService(database: app.db, clock: app.clock).updateNode(
                contractID: try await ContractWork.callID(app), nodeID: p2a4.id,
                .init(title: "Accompagner les habitants vers les mobilités actives"),
                by: PasserelleApp.Actor(userID: nil, label: "équipe de test"))
            let again = try await app.get("/api/v1/contracts/call/suggestions")
            let weak = (again.object["weakestCoveredAmbitions"] as? [[String: Any]] ?? []).map { [$0["title"] as? String ?? "", "\($0["themes"] ?? "")"] }
            #expect(weak.map(\.[0]) == ["Accompagner les habitants vers les mobilités actives"])
            #expect(weak.first?[1].contains("mobility") == true)
            let reasons = Self.items(again).flatMap { $0["reasons"] as? [String] ?? [] }
            // Vulnerabilities fill the five places, yet the ambition keeps one.
            #expect(Self.items(again).count == 5)
            #expect(reasons.contains("Ambition « Accompagner les habitants vers les mobilités actives » peu couverte → action 11, 3 exemples"))
            let pageAfter = try await app.get("/contrats/call")
            #expect(pageAfter.body.contains("Ambitions du contrat les moins couvertes : Accompagner les habitants vers les mobilités actives."))
        }
    }

    @Test func weakestCoveredAmbitionsFeedTheSameSuggestions() async throws {
        try await withPasserelle(.sqlite) { app in
            // What the cross-matrix will pass: ambitions its links cover least, with their themes.
            let service = SuggestionService(database: app.db, catalogue: CatalogueService(database: app.db, clock: app.clock))
            let suggestions = try await service.suggestions(for: TerritoryDiagnosis(basis: .observatoryGaps, vulnerabilities: []),
                                                            weakestCoveredAmbitions: [WeakAmbition(title: "Se déplacer autrement", themes: [.mobility])])
            #expect(suggestions.suggestions.map(\.reason) == ["Ambition « Se déplacer autrement » peu couverte → action 11, 3 exemples"])
            let html = SuggestionSection.render(suggestions, subject: "les quartiers du contrat", portraitLink: nil).render()
            #expect(html.contains("Ambitions du contrat les moins couvertes : Se déplacer autrement."))
            #expect(!html.contains("Vulnérabilités les plus marquées"))
            #expect(html.contains("href=\"/actions-cles/11\""))
        }
    }

    // MARK: Pages

    @Test func thePalettePagesShowAxesKeyActionsAndExamples() async throws {
        try await withPasserelle(.sqlite) { app in
            let palette = try await app.get("/actions-cles")
            #expect(palette.status == .ok)
            for number in 1...4 { #expect(palette.body.contains("id=\"axe-\(number)\"")) }
            for number in 1...11 { #expect(palette.body.contains("href=\"/actions-cles/\(number)\"")) }
            #expect(palette.body.contains("11 actions clés réparties en 4 axes, illustrées de 68 exemples inspirants"))
            #expect(palette.body.contains("href=\"/api/v1/catalogue?format=csv\""))
            #expect(palette.body.contains("<a href=\"/actions-cles\" aria-current=\"page\">Actions clés</a>"))
            #expect(palette.body.contains("<a href=\"/exemples\">Exemples</a>"))
            #expect(!palette.body.contains("Ajouter un exemple"), "curation links are for curators")

            let eight = try await app.get("/actions-cles/8")
            #expect(eight.status == .ok)
            #expect(eight.body.contains("Action clé 8 : Privilégier actions à coûts constants et solutions fondées sur la nature"))
            #expect(eight.body.contains("9 exemples inspirants"))
            #expect(try await app.get("/actions-cles/12").status == .notFound)
            #expect(try await app.get("/actions-cles/huit").status == .notFound)

            let home = try await app.get("/")
            #expect(home.body.contains("href=\"/actions-cles\"") && home.body.contains("href=\"/exemples\""))
        }
    }

    @Test func anExampleSheetShowsEveryField() async throws {
        try await withPasserelle(.sqlite) { app in
            let creil = try await app.get("/exemples/methode-reproductible-pour-des-cours-oasis-dans-9-ecoles-de-creil")
            #expect(creil.status == .ok)
            let example = try #require(try CatalogueFiles.shipped().example(id: "methode-reproductible-pour-des-cours-oasis-dans-9-ecoles-de-creil"))
            let escape = HTMLNode.escape
            #expect(creil.body.contains("<h1>\(escape(example.title))</h1>"))
            #expect(creil.body.contains(escape(example.summary)))
            #expect(creil.body.contains("297\u{202F}000\u{00A0}€"))
            #expect(creil.body.contains(escape(try #require(example.cost?.covers))))
            #expect(creil.body.contains(escape(try #require(example.cost?.text))))
            for partner in example.partners { #expect(creil.body.contains(escape(partner.name))) }
            for resource in example.resources {
                if let url = resource.url { #expect(creil.body.contains("href=\"\(escape(url))\"")) }
            }
            if let contact = example.contactRole { #expect(creil.body.contains(escape(contact))) }
            if let method = example.method { #expect(creil.body.contains(escape(method))) }
            #expect(creil.body.contains("Palette nationale des actions clés"))
            #expect(!creil.body.contains("@"), "no e-mail address on a sheet")

            let results = try await app.get("/exemples/orientation-des-jeunes-et-formation-des-actifs-pour-l-emploi-a-dunkerque")
            #expect(results.body.contains("<strong>10\u{202F}000 personnes accompagnées</strong>"))
            #expect(try await app.get("/exemples/inconnu").status == .notFound)
        }
    }

    @Test func theActorsDirectorySearchesAndLinksExamples() async throws {
        try await withPasserelle(.sqlite) { app in
            let directory = try await app.get("/acteurs?q=ecole+du+renouvellement")
            #expect(directory.status == .ok)
            #expect(directory.body.contains("<mark>École</mark> du <mark>Renouvellement</mark>"))
            let landlords = try await app.get("/acteurs?type=socialLandlord")
            #expect(landlords.body.contains("6 acteurs"))
            let ademe = try await app.get("/acteurs/ademe")
            #expect(ademe.body.contains("<h1>ADEME</h1>"))
            #expect(ademe.body.contains("href=\"/exemples/plus-fraiche-ma-ville-outil-de-l-ademe-pour-le-rafraichissement-urbain\""))
            #expect(try await app.get("/acteurs/inconnu").status == .notFound)
            let api = try await app.get("/api/v1/actors?q=bailleur&kind=socialLandlord")
            #expect((api.object["total"] as? Int ?? 0) >= 1)
            #expect(Self.items(api).allSatisfy { $0["kind"] as? String == "socialLandlord" })
        }
    }

    @Test func anActorPageListsTheGrantsPublishedToItsName() async throws {
        try await withPasserelle(.sqlite) { app in
            // The directory's actors are not holders of the demo programming: nothing is claimed for them.
            #expect(try await app.get("/acteurs/ademe").body.contains("Aucune subvention accordée à ce nom n&#39;est publiée par Passerelle."))

            // An actor bearing the name of a demo holder (in capitals, without accents) shows its two grants,
            // as the open-data export publishes them.
            let created = try await CatalogueService(database: app.db, clock: app.clock).createActor(
                CatalogueActor(id: "", name: "ASSOCIATION EXEMPLE CITES EN FETE (FICTIVE)", kind: .association, territory: "Lens-Liévin"),
                by: PasserelleApp.Actor(userID: nil, label: "équipe de test"))
            let page = try await app.get("/acteurs/\(created.id)")
            #expect(page.status == .ok)
            #expect(page.body.contains("Projets financés dans les contrats de ville"))
            #expect(page.body.contains("<tr><th scope=\"row\">Fête de quartier de l&#39;été 2024</th><td>Région Hauts-de-France</td><td>16/04/2024</td><td class=\"number\">4\u{202F}000\u{00A0}€</td></tr>"))
            #expect(page.body.contains("<tr><th scope=\"row\">Fête de quartier écoresponsable de l&#39;été</th><td>Région Hauts-de-France</td><td>20/03/2025</td><td class=\"number\">4\u{202F}000\u{00A0}€</td></tr>"))
            #expect(page.body.components(separatedBy: "<tr><th scope=\"row\">").count - 1 == 2)
            let api = try await app.get("/api/v1/actors/\(created.id)")
            let grants = try #require(api.object["grants"] as? [[String: Any]])
            #expect(grants.map { "\($0["project"] ?? "")|\($0["funder"] ?? "")|\($0["date"] ?? "")|\($0["amount"] ?? "")" } == [
                "Fête de quartier de l'été 2024|Région Hauts-de-France|2024-04-16|4000",
                "Fête de quartier écoresponsable de l'été|Région Hauts-de-France|2025-03-20|4000",
            ])
            #expect((try await app.get("/api/v1/actors/ademe").object["grants"] as? [Any])?.isEmpty == true)
            #expect(Self.items(try await app.get("/api/v1/actors")).allSatisfy { $0["grants"] == nil }, "the list stays light")
        }
    }

    // MARK: Curation

    @Test(arguments: Engine.allCases)
    func theResourceCentreAddsEditsRetiresAndReinstatesAnExample(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let browser = try await Self.signedIn(app, role: .resourceCentre)
            let form = try await browser.get("/exemples/nouveau?action=8")
            #expect(form.status == .ok)
            #expect(form.body.contains("<option value=\"8\" selected>"))

            var fields: [String: String] = [
                "action": "8", "titre": "", "description": "Des arbres plantés par les habitants <b>sans</b> surcoût.",
                "commune": "Liévin", "region": "Hauts-de-France", "echelle": "neighbourhood",
                "ressources": "Fiche | javascript:alert(1)", "contact": "Écrire à jean.dupont@lievin.fr", "cout_montant": "beaucoup",
                "resultats": "Arbres plantés | 120 | arbres\nEnquête | trois", "partenaires": "Ville de Liévin | Planète", "theme_climate": "oui",
            ]
            let refused = try await browser.submit(from: "/exemples/nouveau", to: "/exemples/nouveau", fields)
            #expect(refused.status == .unprocessableEntity)
            for message in ["Champ « Titre » : le titre est obligatoire.",
                            "Champ « Ressources », ligne 1 : « javascript:alert(1) » n&#39;est pas une adresse web (http:// ou https://).",
                            "Champ « Contact » : indiquez un service ou une fonction, jamais une adresse électronique personnelle.",
                            "Champ « Montant du coût » : « beaucoup » n&#39;est pas un montant en euros.",
                            "Champ « Résultats », ligne 2 : « trois » n&#39;est pas un nombre.",
                            "Champ « Partenaires », ligne 1 : type « Planète » inconnu"] {
                #expect(refused.body.contains(message), "\(message)")
            }
            #expect(refused.body.contains("Des arbres plantés par les habitants &lt;b&gt;sans&lt;/b&gt; surcoût."), "the typed text comes back, escaped")
            #expect(try await SQLCatalogueRepository(database: app.db).load().examples.count == 68, "nothing saved")

            fields["titre"] = "Forêt urbaine <plantée> à Liévin"
            fields["ressources"] = "Fiche du projet | https://www.lievin.fr/foret"
            fields["contact"] = "Service des espaces verts"
            fields["cout_montant"] = "45 000"
            fields["resultats"] = "Arbres plantés | 120 | arbres"
            fields["partenaires"] = "Ville de Liévin | Collectivité territoriale"
            fields["vulnerabilite_heat"] = "oui"
            let created = try await browser.submit(from: "/exemples/nouveau", to: "/exemples/nouveau", fields)
            #expect(created.status == .seeOther)
            let id = "foret-urbaine-plantee-a-lievin"
            #expect(created.headers.first(name: .location) == "/exemples/\(id)")
            let sheet = try await browser.get("/exemples/\(id)")
            #expect(sheet.body.contains("<h1>Forêt urbaine &lt;plantée&gt; à Liévin</h1>"))
            #expect(sheet.body.contains("45\u{202F}000\u{00A0}€"))
            #expect(sheet.body.contains("De 10 000 à 50 000 €"), "the band follows the amount")
            #expect(sheet.body.contains("<strong>120 arbres</strong> Arbres plantés"))
            #expect(sheet.body.contains("href=\"https://www.lievin.fr/foret\""))
            let search = try await app.get("/api/v1/examples?q=foret+urbaine")
            #expect(Self.items(search).first?["id"] as? String == id)
            let page = try await app.get("/exemples?q=plant%C3%A9e")
            #expect(page.body.contains("Forêt urbaine &lt;<mark>plantée</mark>&gt; à Liévin"), "highlights are escaped like the rest")

            // Edit: only what changed goes to the history.
            var edit = fields
            edit["titre"] = "Forêt urbaine plantée par les habitants à Liévin"
            let saved = try await browser.submit(from: "/exemples/\(id)/modifier", to: "/exemples/\(id)/modifier", edit)
            #expect(saved.status == .seeOther)
            #expect(saved.headers.first(name: .location) == "/exemples/\(id)", "the id stays")
            let unchanged = try await browser.submit(from: "/exemples/\(id)/modifier", to: "/exemples/\(id)/modifier", edit)
            #expect(unchanged.status == .seeOther)

            // Retire: a reason is required; then the example leaves search, and comes back when reinstated.
            let noReason = try await browser.submit(from: "/exemples/\(id)", to: "/exemples/\(id)/retrait", ["motif": " "])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.contains("dites pourquoi la fiche est retirée"))
            let retired = try await browser.submit(from: "/exemples/\(id)", to: "/exemples/\(id)/retrait", ["motif": "Projet abandonné"])
            #expect(retired.status == .seeOther)
            #expect(Self.items(try await app.get("/api/v1/examples?q=foret+urbaine")).allSatisfy { $0["id"] as? String != id })
            let retiredSheet = try await app.get("/exemples/\(id)")
            #expect(retiredSheet.status == .ok)
            #expect(retiredSheet.body.contains("Exemple retiré du catalogue."))
            #expect(retiredSheet.body.contains("Projet abandonné"))
            let again = try await browser.submit(from: "/exemples/\(id)", to: "/exemples/\(id)/retrait", ["motif": "Encore"])
            #expect(again.status == .unprocessableEntity || again.status == .conflict)
            let reinstated = try await browser.submit(from: "/exemples/\(id)", to: "/exemples/\(id)/reintegration", [:])
            #expect(reinstated.status == .seeOther)
            #expect(Self.items(try await app.get("/api/v1/examples?q=foret+urbaine")).first?["id"] as? String == id)

            // History: create, update (title only), retire, reinstate; most recent first.
            let history = try await SQLCatalogueRepository(database: app.db).history(type: .example, id: id)
            #expect(history.map(\.action) == [.reinstate, .retire, .update, .create])
            #expect(history[2].changes == [CatalogueChange(recordID: id, field: "title", before: "Forêt urbaine <plantée> à Liévin",
                                                           after: "Forêt urbaine plantée par les habitants à Liévin")])
            #expect(history[1].changes.map(\.field) == ["status", "retiredReason"])
            #expect(history.allSatisfy { $0.changedBy.hasPrefix("resourcecentre-") })
            let historyPage = try await browser.get("/exemples/\(id)/historique")
            #expect(historyPage.status == .ok)
            #expect(historyPage.body.contains("Modification — "))
            #expect(historyPage.body.contains("<th scope=\"row\">Titre</th><td>Forêt urbaine &lt;plantée&gt; à Liévin</td>"))

            let audit = try await AuditTrail(database: app.db, clock: app.clock).entries(.init(entityType: "catalogue-example"))
            #expect(audit.items.map(\.action) == ["catalogue.example.reinstate", "catalogue.example.retire", "catalogue.example.update", "catalogue.example.create"])
            #expect(audit.items[2].before?.contains("Forêt urbaine <plantée> à Liévin") == true)
        }
    }

    @Test func otherRolesCannotCurate() async throws {
        try await withPasserelle(.sqlite) { app in
            let team = try await Self.signedIn(app, role: .contractTeam)
            #expect(try await team.get("/exemples/nouveau").status == .forbidden)
            let example = try await team.get("/exemples/methode-reproductible-pour-des-cours-oasis-dans-9-ecoles-de-creil")
            #expect(!example.body.contains("/modifier"), "no curation links for other roles")
            #expect(try await Browser(app).get("/exemples/nouveau").status == .unauthorized)
            let inhabitant = try await TestUsers.make(app, role: .inhabitant)
            let api = try await Browser(app, bearer: inhabitant.token).request(.POST, "/api/v1/catalogue", headers: ["Content-Type": "application/json"], raw: Self.sharedCatalogue)
            #expect(api.status == .forbidden)
            let admin = try await Self.signedIn(app, role: .administrator)
            #expect(try await admin.get("/exemples/nouveau").status == .ok, "administrators curate too")
        }
    }

    @Test(arguments: Engine.allCases)
    func keyActionsKeepTheirNumberAndActorsAreCurated(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let browser = try await Self.signedIn(app, role: .resourceCentre)
            let form = try await browser.get("/actions-cles/11/modifier")
            #expect(form.body.contains("value=\"Développer les mobilités actives\""))
            let noTheme = try await browser.submit(from: "/actions-cles/11/modifier", to: "/actions-cles/11/modifier", ["titre": "Mobilités actives"])
            #expect(noTheme.status == .unprocessableEntity)
            #expect(noTheme.body.contains("cochez au moins un thème"))
            let saved = try await browser.submit(from: "/actions-cles/11/modifier", to: "/actions-cles/11/modifier", [
                "titre": "Développer la marche et le vélo", "presentation": "Désenclaver par les mobilités actives.",
                "theme_mobility": "oui", "theme_health": "oui", "vulnerabilite_carDependence": "oui", "vulnerabilite_socialIsolation": "oui", "numero": "12",
            ])
            #expect(saved.status == .seeOther)
            let actions = Self.items(try await app.get("/api/v1/key-actions"))
            #expect(actions.map { $0["number"] as? Int } == Array(1...11), "numbers are fixed")
            #expect(actions[10]["title"] as? String == "Développer la marche et le vélo")
            let history = try await SQLCatalogueRepository(database: app.db).history(type: .keyAction, id: "11")
            #expect(history.first?.changes.map(\.field) == ["title", "summary", "vulnerabilities"])
            #expect(try await browser.get("/actions-cles/11/historique").body.contains("Développer la marche et le vélo"))

            // Actors: add, link to examples, retire.
            let created = try await browser.submit(from: "/acteurs/nouveau", to: "/acteurs/nouveau", [
                "nom": "Régie de quartier de Liévin", "type": "association", "territoire": "Liévin", "theme_waste": "oui",
                "exemple_lens-lievin-ressourceries-repair-cafes": "oui",
            ])
            #expect(created.status == .seeOther)
            #expect(created.headers.first(name: .location) == "/acteurs/regie-de-quartier-de-lievin")
            let actor = try await app.get("/api/v1/actors/regie-de-quartier-de-lievin")
            #expect(actor.object["examples"] as? [String] == ["lens-lievin-ressourceries-repair-cafes"])
            let example = try await app.get("/api/v1/examples/lens-lievin-ressourceries-repair-cafes")
            #expect((example.object["actors"] as? [[String: Any]])?.contains { $0["id"] as? String == "regie-de-quartier-de-lievin" } == true)
            let duplicate = try await browser.submit(from: "/acteurs/nouveau", to: "/acteurs/nouveau", ["nom": "Régie de quartier de Liévin", "type": "association"])
            #expect(duplicate.headers.first(name: .location) == "/acteurs/regie-de-quartier-de-lievin-2", "ids stay unique")
            let retired = try await browser.submit(from: "/acteurs/regie-de-quartier-de-lievin", to: "/acteurs/regie-de-quartier-de-lievin/retrait", ["motif": "Doublon"])
            #expect(retired.status == .seeOther)
            #expect(!(try await app.get("/acteurs?q=regie+lievin")).body.contains("href=\"/acteurs/regie-de-quartier-de-lievin\""))
            let actorHistory = try await SQLCatalogueRepository(database: app.db).history(type: .actor, id: "regie-de-quartier-de-lievin")
            #expect(actorHistory.map(\.action) == [.retire, .create])
        }
    }

    // MARK: Export and import

    @Test func exportsAreTheDomainFormats() async throws {
        try await withPasserelle(.sqlite) { app in
            let json = try await app.get("/api/v1/catalogue?format=json")
            #expect(json.status == .ok)
            #expect(json.headers.contentType == .json)
            #expect(json.headers.first(name: .contentDisposition) == "attachment; filename=\"catalogue-passerelle.json\"")
            let decoded = try Catalogue.decodeExport(Data(json.body.utf8))
            #expect(decoded == (try CatalogueFiles.shipped()))
            let csv = try await app.get("/api/v1/catalogue?format=csv")
            #expect(csv.headers.first(name: .contentType) == "text/csv; charset=utf-8")
            #expect(csv.body.hasPrefix("\u{FEFF}identifiant;action_cle;action_cle_intitule;axe;titre;"))
            #expect(csv.body.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 69)
        }
    }

    @Test(arguments: Engine.allCases)
    func anotherRegionsCatalogueIsMergedWholeOrNotAtAll(engine: Engine) async throws {
        try await withPasserelle(engine) { app in
            let admin = try await TestUsers.make(app, role: .administrator, contract: nil)
            let api = Browser(app, bearer: admin.token)
            let repository = SQLCatalogueRepository(database: app.db)
            let revision = try await repository.revision()

            // Refused whole: a bad code and a key action that does not exist, each named.
            let broken = Self.sharedCatalogue.replacingOccurrences(of: "\"keyAction\":1", with: "\"keyAction\":99")
                .replacingOccurrences(of: "\"kind\":\"localAuthority\"", with: "\"kind\":\"mairie\"")
            let refused = try await api.request(.POST, "/api/v1/catalogue", headers: ["Content-Type": "application/json"], raw: broken)
            #expect(refused.status == .unprocessableEntity)
            let issues = (refused.object["issues"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
            #expect(issues.contains { $0.contains("type d'acteur inconnu « mairie »") })
            #expect(try await repository.revision() == revision, "nothing written")

            // An actor pointing at an example that exists nowhere: the merged catalogue is refused too.
            let dangling = Self.sharedCatalogue.replacingOccurrences(of: "\"examples\":[\"carte-de-la-chaleur-a-exempleville\"]", with: "\"examples\":[\"inexistant\"]")
            #expect(try await api.request(.POST, "/api/v1/catalogue", headers: ["Content-Type": "application/json"], raw: dangling).status == .unprocessableEntity)
            #expect(try await app.get("/api/v1/examples/carte-de-la-chaleur-a-exempleville").status == .notFound, "nothing half-imported")

            let imported = try await api.request(.POST, "/api/v1/catalogue", headers: ["Content-Type": "application/json"], raw: Self.sharedCatalogue)
            #expect(imported.status == .created)
            #expect(imported.object["examplesAdded"] as? Int == 1)
            #expect(imported.object["actorsAdded"] as? Int == 1)
            #expect(imported.object["keyActionsAdded"] as? Int == 0, "the palette's key action 1 is kept")
            #expect(imported.object["sourcesAdded"] as? Int == 1)
            let actions = Self.items(try await app.get("/api/v1/key-actions"))
            #expect(actions[0]["title"] as? String == "Cartographier les vulnérabilités")
            #expect((actions[0]["examples"] as? [String])?.last == "carte-de-la-chaleur-a-exempleville")
            let history = try await repository.history(type: .example, id: "carte-de-la-chaleur-a-exempleville")
            #expect(history.map(\.action) == [.import])

            let again = try await api.request(.POST, "/api/v1/catalogue", headers: ["Content-Type": "application/json"], raw: Self.sharedCatalogue)
            #expect(again.status == .ok)
            #expect(again.object["examplesUnchanged"] as? Int == 1)

            // A round trip through our own export changes nothing.
            let export = try await app.get("/api/v1/catalogue")
            let roundTrip = try await api.request(.POST, "/api/v1/catalogue", headers: ["Content-Type": "application/json"], raw: export.body)
            #expect(roundTrip.status == .ok)
            #expect(roundTrip.object["examplesUnchanged"] as? Int == 69)

            let audit = try await AuditTrail(database: app.db, clock: app.clock).entries(.init(entityType: "catalogue"))
            #expect(audit.items.map(\.action) == ["catalogue.import"])
        }
    }

    @Test func theImportPageTakesAnUploadedFile() async throws {
        try await withPasserelle(.sqlite) { app in
            let browser = try await Self.signedIn(app, role: .resourceCentre)
            let page = try await browser.get("/catalogue/import")
            #expect(page.status == .ok)
            let csrf = try #require(Browser.csrf(in: page.body))
            let boundary = "----passerelle-catalogue"
            func body(_ file: String) -> String {
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n"
                    + "--\(boundary)\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"catalogue.json\"\r\nContent-Type: application/json\r\n\r\n\(file)\r\n--\(boundary)--\r\n"
            }
            let headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)"]
            let refused = try await browser.request(.POST, "/catalogue/import", headers: headers, raw: body("{pas du json"))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("Catalogue refusé : 1 erreur, rien n&#39;a été importé."))
            #expect(refused.body.contains("le fichier n&#39;est pas un document JSON valide"))
            let imported = try await browser.request(.POST, "/catalogue/import", headers: headers, raw: body(Self.sharedCatalogue))
            #expect(imported.status == .ok)
            #expect(imported.body.contains("Catalogue importé : 1 exemple(s) ajouté(s)"))
            let empty = try await browser.request(.POST, "/catalogue/import", headers: headers,
                                                  raw: "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n--\(boundary)--\r\n")
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.contains("choisissez le fichier exporté"))
        }
    }
    @Test func theCommandLineExportsAndImportsTheCatalogue() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CommandLineTests.executable.path), "build the executable first (swift build --build-tests)")
        let directory = NSTemporaryDirectory() + "passerelle-catalogue-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = ["PASSERELLE_DATABASE_URL": "sqlite://\(directory)/base.sqlite"]
        func run(_ arguments: [String]) throws -> (status: Int32, text: String) {
            let run = try CommandLineTests.start(arguments, environment: environment)
            let text = run.text
            run.process.waitUntilExit()
            return (run.process.terminationStatus, text)
        }
        let exported = try run(["catalogue", "export", "--output", directory + "/catalogue.json"])
        #expect(exported.status == 0)
        #expect(exported.text.contains("Catalogue exporté dans \(directory)/catalogue.json : 68 exemples, 136 acteurs."))
        let data = try #require(FileManager.default.contents(atPath: directory + "/catalogue.json"))
        #expect(try Catalogue.decodeExport(data) == (try CatalogueFiles.shipped()))
        #expect(try run(["catalogue", "export", "--output", directory + "/catalogue.json"]).status == 1, "never overwrites")

        let csv = try run(["catalogue", "export", "--format", "csv"])
        #expect(csv.status == 0)
        #expect(csv.text.contains("identifiant;action_cle;action_cle_intitule;axe;titre"))

        try Data(Self.sharedCatalogue.utf8).write(to: URL(fileURLWithPath: directory + "/region.json"))
        let imported = try run(["catalogue", "import", directory + "/region.json"])
        #expect(imported.status == 0)
        #expect(imported.text.contains("Catalogue importé : 1 exemple(s) ajouté(s), 0 mis à jour, 1 acteur(s) ajouté(s), 0 complété(s)."))
        try Data(Self.sharedCatalogue.replacingOccurrences(of: "\"scale\":\"commune\"", with: "\"scale\":\"galaxie\"").utf8)
            .write(to: URL(fileURLWithPath: directory + "/faux.json"))
        let refused = try run(["catalogue", "import", directory + "/faux.json"])
        #expect(refused.status == 1)
        #expect(refused.text.contains("Catalogue refusé : 1 erreur, rien n'a été importé."))
        #expect(refused.text.contains("échelle inconnue « galaxie »"))
    }
}
