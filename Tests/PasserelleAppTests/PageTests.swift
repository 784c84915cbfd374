@testable import PasserelleApp
import Testing
import Vapor

/// Every page answers in French, with its content and the security headers.
struct PageTests {
    private func expectPage(_ page: Fetched, contains fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(page.status == .ok, sourceLocation: sourceLocation)
        #expect(page.headers.contentType == .html, sourceLocation: sourceLocation)
        #expect(page.body.hasPrefix("<!DOCTYPE html>\n<html lang=\"fr\">"), sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(page.body.contains(fragment), "missing: \(fragment)", sourceLocation: sourceLocation)
        }
    }

    @Test func home() async throws {
        try await withPasserelle(.sqlite) { app in
            let page = try await app.get("/")
            expectPage(page, contains: [
                "<label for=\"q\">", "1\u{202F}493</strong> quartiers prioritaires", "1\u{202F}362</strong> en métropole",
                "34\u{202F}935</strong> communes", "href=\"/contrats/1\"", "démonstration", "Aller au contenu",
            ])
            #expect(page.headers.first(name: "Content-Security-Policy")?.contains("script-src 'none'") == true)
            #expect(page.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
            #expect(page.headers.first(name: "Referrer-Policy") == "same-origin")
            #expect(!page.body.contains("<script"))
        }
    }

    @Test func searchFindsNoeuxWithoutAccent() async throws {
        try await withPasserelle(.sqlite) { app in
            let page = try await app.get("/recherche?q=noeux")
            expectPage(page, contains: ["3 résultats", "Nœux-les-Mines", "href=\"/territoires/62617\"", "value=\"noeux\""])
            let qpv = try await app.get("/recherche?q=quartier&type=qpv")
            expectPage(qpv, contains: ["121 résultats", "Résultats suivants", "rel=\"next\"", "debut=50"])
            let second = try await app.get("/recherche?q=quartier&type=qpv&debut=100")
            expectPage(second, contains: ["101 à 121 sur 121", "Résultats précédents", "debut=50"])
            let empty = try await app.get("/recherche?q=zzzzzz")
            expectPage(empty, contains: ["Aucun résultat"])
        }
    }

    @Test func qpvPageShowsItsCommunesEPCIAndContracts() async throws {
        try await withPasserelle(.sqlite) { app in
            let page = try await app.get("/territoires/QN06216M")
            expectPage(page, contains: [
                "<h1>Quartier Saint-Elie - Fosse 13</h1>", "QN06216M", "s'étend sur 2 intercommunalités",
                "Douvrin", "Haisnes", "Hulluch", "CA de Lens - Liévin", "href=\"/territoires/246200364\"",
                "Contrat de ville Engagements Quartiers 2030 – Communauté d'agglomération de Lens-Liévin",
            ].map { $0.replacingOccurrences(of: "'", with: "&#39;") })
        }
    }

    @Test func epciAndCommuneAndRegionPages() async throws {
        try await withPasserelle(.sqlite) { app in
            let epci = try await app.get("/territoires/246200364")
            expectPage(epci, contains: ["Communes (36)", "Quartiers prioritaires (QPV 2024) (22)", "244\u{202F}525 habitants"])
            let commune = try await app.get("/territoires/62617")
            expectPage(commune, contains: ["<h1>Nœux-les-Mines</h1>", "Terre-Noeve", "CA de Béthune-Bruay"])
            let region = try await app.get("/territoires/32?type=region")
            expectPage(region, contains: ["<h1>Hauts-de-France</h1>", "Pas-de-Calais"])
            let gers = try await app.get("/territoires/32")
            expectPage(gers, contains: ["<h1>Gers</h1>"])
        }
    }

    @Test func contractPageAtAGlance() async throws {
        try await withPasserelle(.sqlite) { app in
            let page = try await app.get("/contrats/call")
            expectPage(page, contains: [
                "Données de démonstration", "Les 22 quartiers prioritaires", "Prévenir – repérer", "Coopérer",
                "Transition écologique", "Comité de pilotage du contrat de ville", "24 septembre 2024",
                "3 × pilier stratégique, 12 × ambition", "Ce que la source ne précise pas", "Billy-Montigny",
            ])
            let list = try await app.get("/contrats")
            expectPage(list, contains: ["Contrats de ville", "CA du Boulonnais"])
            let cab = try await app.get("/contrats/3")
            expectPage(cab, contains: ["4 × axe stratégique", "Quartiers de plein emploi"])
        }
    }

    @Test func unknownCodeGivesAFrench404Page() async throws {
        try await withPasserelle(.sqlite) { app in
            let page = try await app.get("/territoires/QN00000X")
            #expect(page.status == .notFound)
            #expect(page.body.contains("<html lang=\"fr\">"))
            #expect(page.body.contains("Le territoire de code « QN00000X » est introuvable."))
            let nowhere = try await app.get("/nulle-part")
            #expect(nowhere.status == .notFound)
            #expect(nowhere.body.contains("La page « /nulle-part » n&#39;existe pas."))
            let contract = try await app.get("/contrats/999")
            #expect(contract.status == .notFound)
            #expect(contract.body.contains("Le contrat « 999 » est introuvable."))
        }
    }

    @Test func malformedParameterGivesAFrench400Page() async throws {
        try await withPasserelle(.sqlite) { app in
            let page = try await app.get("/recherche?q=lens&type=village")
            #expect(page.status == .badRequest)
            #expect(page.body.contains("Paramètre « type » invalide"))
            let offset = try await app.get("/recherche?q=lens&debut=-3")
            #expect(offset.status == .badRequest)
            #expect(offset.body.contains("Paramètre « debut » invalide"))
        }
    }

    @Test func healthAndStylesheet() async throws {
        try await withPasserelle(.sqlite) { app in
            let health = try await app.get("/health")
            #expect(health.status == .ok)
            #expect(health.object["status"] as? String == "ok")
            #expect(health.object["engine"] as? String == "SQLite")
            let css = try await app.get("/static/passerelle.css")
            #expect(css.status == .ok)
            #expect(css.headers.contentType?.subType == "css")
            #expect(css.body.contains(":focus-visible"))
        }
    }
}
