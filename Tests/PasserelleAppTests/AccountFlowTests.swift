import Foundation
@testable import PasserelleApp
import SQLKit
import PasserelleDomain
import Testing
import Vapor

/// Sign-up, confirmation, sign-in, sessions, CSRF, passwords, invitations and API tokens, through HTTP.
struct AccountFlowTests {
    static func app(_ engine: Engine = .sqlite, seed: Seed = .demo, _ body: @escaping (Application, MemoryOutbox, ManualClock) async throws -> Void) async throws {
        try await withPasserelle(engine, seed: seed) { app in
            let outbox = MemoryOutbox()
            let clock = ManualClock()
            app.outbox = outbox
            app.clock = clock
            try await body(app, outbox, clock)
        }
    }

    static func token(in link: String) -> String {
        URLComponents(string: link)?.queryItems?.first { $0.name == "jeton" }?.value ?? ""
    }

    @Test func aProjectHolderSignsUpConfirmsAndSignsIn() async throws {
        try await Self.app { app, outbox, _ in
            let browser = Browser(app)
            let created = try await browser.submit(from: "/inscription", to: "/inscription", [
                "role": "projectHolder", "displayName": "Les Jardins du 12/14", "email": "Contact@Jardins.fr",
                "password": "jardins partagés 2026", "organisationName": "Association Les Jardins du 12/14", "siret": "732 829 320 00074",
            ])
            #expect(created.status == .ok)
            #expect(created.body.contains("Vérifiez votre messagerie"))
            let link = try #require(outbox.last(to: "contact@jardins.fr")?.link)

            let early = try await browser.submit(from: "/connexion", to: "/connexion", ["email": "contact@jardins.fr", "password": "jardins partagés 2026"])
            #expect(early.status == .unprocessableEntity)
            #expect(early.body.contains("pas encore confirmée"))

            let page = "/inscription/confirmation?jeton=\(Self.token(in: link))"
            #expect(try await browser.get(page).body.contains("Confirmer mon adresse"), "opening the link confirms nothing by itself")
            let confirmed = try await browser.submit(from: page, to: "/inscription/confirmation", ["jeton": Self.token(in: link)])
            #expect(confirmed.body.contains("Adresse confirmée"))
            let again = try await browser.submit(from: page, to: "/inscription/confirmation", ["jeton": Self.token(in: link)])
            #expect(again.status == .badRequest, "a confirmation link works once")

            let signedIn = try await browser.submit(from: "/connexion", to: "/connexion", ["email": "contact@jardins.fr", "password": "jardins partagés 2026", "retour": "/contrats/call"])
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers.first(name: .location) == "/contrats/call")
            let cookie = try #require(signedIn.headers[.setCookie].first { $0.hasPrefix("passerelle_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Secure"))

            let account = try await browser.get("/compte")
            #expect(account.status == .ok)
            #expect(account.body.contains("Association Les Jardins du 12/14"))
            #expect(account.body.contains("Porteur de projet — tous les contrats"))

            let signedOut = try await browser.submit(from: "/compte", to: "/deconnexion", [:])
            #expect(signedOut.status == .seeOther)
            #expect(try await browser.get("/compte").status == .unauthorized)
        }
    }

    @Test func signUpRefusesBadFieldsAndNamesThem() async throws {
        try await Self.app { app, outbox, _ in
            let browser = Browser(app)
            let refused = try await browser.submit(from: "/inscription", to: "/inscription", [
                "role": "funder", "displayName": "", "email": "pas-une-adresse", "password": "court", "siret": "123",
            ])
            #expect(refused.status == .unprocessableEntity)
            for message in ["Champ « adresse e-mail » : adresse non valide.", "Champ « nom affiché »", "Champ « mot de passe » : le mot de passe doit compter au moins 12 caractères.",
                            "Champ « vous êtes » : choisissez porteur de projet ou habitant."] {
                #expect(refused.body.contains(message.replacingOccurrences(of: "'", with: "&#39;")), "\(message)")
            }
            #expect(refused.body.contains("aria-invalid=\"true\""))
            #expect(outbox.messages.isEmpty)
        }
    }

    @Test func signUpWithATakenAddressSaysTheSameAndSendsNothing() async throws {
        try await Self.app { app, outbox, _ in
            let existing = try await TestUsers.make(app, role: .inhabitant, email: "deja@exemple.fr")
            _ = existing
            let browser = Browser(app)
            let answer = try await browser.submit(from: "/inscription", to: "/inscription", [
                "role": "inhabitant", "displayName": "Quelqu'un", "email": "deja@exemple.fr", "password": "un autre mot de passe",
            ])
            #expect(answer.status == .ok)
            #expect(answer.body.contains("Vérifiez votre messagerie"))
            #expect(outbox.messages.isEmpty)
        }
    }

    @Test func wrongPasswordAndUnknownAddressGetTheSameAnswer() async throws {
        try await Self.app { app, _, _ in
            _ = try await TestUsers.make(app, role: .contractTeam, email: "equipe@lens-lievin.fr")
            let browser = Browser(app)
            let wrong = try await browser.submit(from: "/connexion", to: "/connexion", ["email": "equipe@lens-lievin.fr", "password": "pas le bon mot de passe"])
            let unknown = try await browser.submit(from: "/connexion", to: "/connexion", ["email": "personne@lens-lievin.fr", "password": "pas le bon mot de passe"])
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(wrong.body.contains("Adresse e-mail ou mot de passe incorrect."))
            #expect(unknown.body.replacingOccurrences(of: "personne@", with: "equipe@") == wrong.body.replacingOccurrences(of: Browser.csrf(in: wrong.body) ?? "", with: Browser.csrf(in: unknown.body) ?? ""))
        }
    }

    @Test func signInIsRateLimited() async throws {
        try await Self.app { app, _, clock in
            _ = try await TestUsers.make(app, role: .funder, email: "instructeur@prefecture.fr")
            let api = Browser(app)
            for _ in 0..<5 {
                let failed = try await api.request(.POST, "/api/v1/session", json: ["email": "instructeur@prefecture.fr", "password": "mauvais mot de passe"])
                #expect(failed.status == .unauthorized)
            }
            let blocked = try await api.request(.POST, "/api/v1/session", json: ["email": "instructeur@prefecture.fr", "password": TestUsers.password])
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.object["error"] as? String == "too_many_attempts")
            #expect(blocked.headers.first(name: .retryAfter) != nil)
            clock.advance(seconds: 16 * 60)
            let allowed = try await api.request(.POST, "/api/v1/session", json: ["email": "instructeur@prefecture.fr", "password": TestUsers.password])
            #expect(allowed.status == .ok)
            #expect(allowed.object["email"] as? String == "instructeur@prefecture.fr")
        }
    }

    @Test func sessionsExpireAfterEightIdleHours() async throws {
        try await Self.app { app, _, clock in
            _ = try await TestUsers.make(app, role: .contractTeam, email: "cheffe@lens-lievin.fr")
            let browser = Browser(app)
            let signedIn = try await browser.request(.POST, "/api/v1/session", json: ["email": "cheffe@lens-lievin.fr", "password": TestUsers.password])
            #expect(signedIn.status == .ok)
            clock.advance(seconds: 7 * 3600)
            #expect(try await browser.get("/api/v1/me").status == .ok, "activity keeps the session alive")
            clock.advance(seconds: 7 * 3600)
            #expect(try await browser.get("/api/v1/me").status == .ok)
            clock.advance(seconds: 8 * 3600 + 60)
            let expired = try await browser.get("/api/v1/me")
            #expect(expired.status == .unauthorized)
            #expect(expired.object["error"] as? String == "session_expired")
            #expect(expired.object["message"] as? String == "Votre session a expiré : reconnectez-vous.")
        }
    }

    @Test func formsWithoutTheCSRFTokenAreRefused() async throws {
        try await Self.app { app, _, _ in
            _ = try await TestUsers.make(app, role: .contractTeam, email: "equipe@bethune.fr")
            let browser = Browser(app)
            _ = try await browser.submit(from: "/connexion", to: "/connexion", ["email": "equipe@bethune.fr", "password": TestUsers.password])
            let missing = try await browser.request(.POST, "/compte/jetons", form: ["name": "outil"])
            #expect(missing.status == .forbidden)
            #expect(missing.body.contains("Ce formulaire a expiré ou ne provient pas de Passerelle"))
            let forged = try await browser.request(.POST, "/compte/jetons", form: ["name": "outil", "_csrf": "faux"])
            #expect(forged.status == .forbidden)
            let plain = try await browser.request(.POST, "/api/v1/tokens", headers: ["Content-Type": "text/plain"])
            #expect(plain.status == .forbidden, "only JSON bodies, which foreign pages cannot send, skip the token")
            let good = try await browser.submit(from: "/compte", to: "/compte/jetons", ["name": "outil"])
            #expect(good.status == .created)
            #expect(good.body.contains("pas_"))
            let anonymous = try await Browser(app).request(.POST, "/connexion", form: ["email": "x@y.fr", "password": "z"])
            #expect(anonymous.status == .forbidden, "even the sign-in form needs its token")
        }
    }

    @Test func apiTokensAreShownOnceAndRevocable() async throws {
        try await Self.app(.postgres) { app, _, _ in
            let user = try await TestUsers.make(app, role: .partnerReferent)
            let api = Browser(app, bearer: user.token)
            let created = try await api.request(.POST, "/api/v1/tokens", json: ["name": "tableur"])
            #expect(created.status == .created)
            let token = try #require(created.object["token"] as? String)
            #expect(token.hasPrefix("pas_"))
            let list = try await api.get("/api/v1/tokens")
            #expect(!list.body.contains(token), "a token is never shown twice")
            #expect(list.object["total"] as? Int == 2)

            let other = Browser(app, bearer: token)
            #expect(try await other.get("/api/v1/me").object["email"] as? String == user.account.email)
            let id = try #require(created.object["id"] as? Int)
            #expect(try await api.request(.DELETE, "/api/v1/tokens/\(id)").status == .noContent)
            let revoked = try await other.get("/api/v1/me")
            #expect(revoked.status == .unauthorized)
            #expect(revoked.object["error"] as? String == "invalid_token")
            let stranger = try await TestUsers.make(app, role: .inhabitant)
            #expect(try await Browser(app, bearer: stranger.token).request(.DELETE, "/api/v1/tokens/\(id)").status == .notFound, "nobody revokes another's token")
        }
    }

    @Test(arguments: ["/\t/ailleurs.example/connexion", "//ailleurs.example", "https://ailleurs.example", "/\\ailleurs.example", "javascript:alert(1)", "compte"])
    func signInNeverRedirectsOffSite(target: String) {
        #expect(AccountController.safeReturn(target) == nil)
    }

    @Test func signInRedirectsWithinTheSite() {
        #expect(AccountController.safeReturn("/contrats/call?x=1") == "/contrats/call?x=1")
    }

    @Test func aChangedPasswordEndsTheOtherSessions() async throws {
        try await Self.app { app, _, clock in
            _ = try await TestUsers.make(app, role: .contractTeam, email: "deux-postes@lens.fr")
            let office = Browser(app), laptop = Browser(app)
            for browser in [office, laptop] {
                _ = try await browser.request(.POST, "/api/v1/session", json: ["email": "deux-postes@lens.fr", "password": TestUsers.password])
            }
            clock.advance(seconds: 5)
            let changed = try await office.submit(from: "/compte", to: "/compte/mot-de-passe",
                                                  ["current": TestUsers.password, "password": "un tout nouveau secret", "confirmation": "un tout nouveau secret"])
            #expect(changed.body.contains("Mot de passe changé."))
            #expect(try await office.get("/api/v1/me").status == .ok, "the session that changed it goes on")
            let other = try await laptop.get("/api/v1/me")
            #expect(other.status == .unauthorized)
            #expect(other.object["error"] as? String == "session_expired")
        }
    }

    @Test func aMadeUpSessionCookieStoresNothing() async throws {
        try await Self.app { app, _, _ in
            let browser = Browser(app)
            browser.cookies["passerelle_session"] = "inventé"
            _ = try await browser.get("/health")
            _ = try await browser.get("/")
            struct Count: Decodable { var total: Int }
            let rows = try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS total FROM user_sessions").first(decoding: Count.self)?.total
            #expect(rows == 0)
        }
    }

    @Test func anInvitationNeverOpensAnExistingConfirmedAccount() async throws {
        try await Self.app { app, outbox, _ in
            let existing = try await TestUsers.make(app, role: .inhabitant, email: "deja-la@lens.fr")
            let admin = try await TestUsers.make(app, role: .administrator, contract: nil)
            let link = try await AccountService(database: app.db, clock: app.clock, hasher: app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.next()),
                                                logger: app.logger, outbox: outbox, publicURL: "http://test")
                .invite(.init(email: "deja-la@lens.fr", organisation: nil, role: .funder, contractID: 1), by: Actor(userID: admin.account.id, label: admin.account.email))
            let browser = Browser(app)
            let answer = try await browser.submit(from: "/invitation?jeton=\(Self.token(in: link))", to: "/invitation",
                                                  ["jeton": Self.token(in: link), "displayName": "Pirate", "password": "mot de passe du pirate"])
            #expect(answer.body.contains("Rôle ajouté"))
            #expect(try await browser.get("/api/v1/me").status == .unauthorized, "no session was opened")
            let roles = try await SQLAccountRepository(database: app.db, clock: app.clock).memberships(userID: existing.account.id)
            #expect(roles.contains(Membership(role: .funder, contractID: 1)))
            let own = try await Browser(app).request(.POST, "/api/v1/session", json: ["email": "deja-la@lens.fr", "password": TestUsers.password])
            #expect(own.status == .ok, "the owner's password is unchanged")
        }
    }

    @Test func passwordResetAndChange() async throws {
        try await Self.app { app, outbox, _ in
            _ = try await TestUsers.make(app, role: .inhabitant, email: "habitante@lens.fr")
            let browser = Browser(app)
            let asked = try await browser.submit(from: "/mot-de-passe/oubli", to: "/mot-de-passe/oubli", ["email": "habitante@lens.fr"])
            #expect(asked.body.contains("Si un compte existe"))
            let unknown = try await browser.submit(from: "/mot-de-passe/oubli", to: "/mot-de-passe/oubli", ["email": "inconnue@lens.fr"])
            #expect(unknown.body.contains("Si un compte existe"))
            #expect(outbox.messages.count == 1)
            let token = Self.token(in: try #require(outbox.last(to: "habitante@lens.fr")).link)
            let mismatch = try await browser.submit(from: "/mot-de-passe/nouveau?jeton=\(token)", to: "/mot-de-passe/nouveau",
                                                    ["jeton": token, "password": "nouveau mot de passe 1", "confirmation": "autre chose encore"])
            #expect(mismatch.status == .unprocessableEntity)
            #expect(mismatch.body.contains("les deux mots de passe diffèrent"))
            let reset = try await browser.submit(from: "/mot-de-passe/nouveau?jeton=\(token)", to: "/mot-de-passe/nouveau",
                                                 ["jeton": token, "password": "nouveau mot de passe 1", "confirmation": "nouveau mot de passe 1"])
            #expect(reset.body.contains("Mot de passe changé"))
            let signedIn = try await browser.request(.POST, "/api/v1/session", json: ["email": "habitante@lens.fr", "password": "nouveau mot de passe 1"])
            #expect(signedIn.status == .ok)
            let changed = try await browser.submit(from: "/compte", to: "/compte/mot-de-passe",
                                                   ["current": "nouveau mot de passe 1", "password": "encore un autre secret", "confirmation": "encore un autre secret"])
            #expect(changed.body.contains("Mot de passe changé."))
            let audit = try await AuditTrail(database: app.db, clock: app.clock).entries(.init(entityType: "user"))
            #expect(audit.items.map(\.action).prefix(2) == ["change-password", "reset-password"])
        }
    }

    @Test func anInvitationCreatesAnInstitutionalAccount() async throws {
        try await Self.app { app, outbox, _ in
            let admin = try await TestUsers.make(app, role: .administrator, contract: nil)
            let browser = Browser(app)
            _ = try await browser.request(.POST, "/api/v1/session", json: ["email": admin.account.email, "password": TestUsers.password])
            let invited = try await browser.submit(from: "/admin/utilisateurs", to: "/admin/invitations",
                                                   ["email": "instructrice@prefecture.gouv.fr", "organisation": "", "role": "funder", "contract": "call"])
            #expect(invited.status == .created)
            let link = try #require(outbox.last(to: "instructrice@prefecture.gouv.fr")?.link)
            #expect(invited.body.contains(HTMLNode.escape(link)))

            let newcomer = Browser(app)
            let page = try await newcomer.get("/invitation?jeton=\(Self.token(in: link))")
            #expect(page.body.contains("instructrice@prefecture.gouv.fr"))
            #expect(page.body.contains("Financeur"))
            let accepted = try await newcomer.submit(from: "/invitation?jeton=\(Self.token(in: link))", to: "/invitation",
                                                     ["jeton": Self.token(in: link), "displayName": "Instructrice DDETS", "password": "politique de la ville 62"])
            #expect(accepted.status == .seeOther)
            let me = try await newcomer.get("/api/v1/me")
            let roles = try #require(me.object["roles"] as? [[String: Any]])
            #expect(roles.first?["role"] as? String == "funder")
            #expect(roles.first?["contractID"] as? Int == 1)
            #expect(try await newcomer.get("/invitation?jeton=\(Self.token(in: link))").status == .badRequest, "an invitation is used once")
        }
    }
}
