@testable import PasserelleDomain
import Testing

struct AccessPolicyTests {
    let team = Principal(userID: 1, organisationID: 10, memberships: [Membership(role: .contractTeam, contractID: 1)])
    let holder = Principal(userID: 2, organisationID: 20, memberships: [Membership(role: .projectHolder, contractID: nil)])
    let admin = Principal(userID: 3, organisationID: nil, memberships: [Membership(role: .administrator, contractID: nil)])

    @Test func everyoneIsAllowedPublicRoutes() {
        #expect(AccessPolicy.decide(.everyone, principal: nil, contractID: nil) == .allowed)
    }

    @Test func anonymousMustSignInElsewhere() {
        for permission in [Permission.signedIn, .administrator, .contract([.contractTeam]), .anyContract([.funder])] {
            #expect(AccessPolicy.decide(permission, principal: nil, contractID: 1) == .signInRequired)
        }
    }

    @Test func contractRolesCountOnlyOnTheirContract() {
        #expect(AccessPolicy.decide(.contract([.contractTeam]), principal: team, contractID: 1) == .allowed)
        #expect(AccessPolicy.decide(.contract([.contractTeam]), principal: team, contractID: 2) == .forbidden)
        #expect(AccessPolicy.decide(.contract([.funder]), principal: team, contractID: 1) == .forbidden)
        #expect(AccessPolicy.decide(.contract([.contractTeam]), principal: team, contractID: nil) == .forbidden)
    }

    @Test func rolesOnAllContractsCountEverywhere() {
        #expect(AccessPolicy.decide(.contract([.projectHolder]), principal: holder, contractID: 7) == .allowed)
        #expect(AccessPolicy.decide(.anyContract([.projectHolder, .inhabitant]), principal: holder, contractID: nil) == .allowed)
    }

    @Test func administratorsMayDoEverything() {
        #expect(AccessPolicy.decide(.administrator, principal: admin, contractID: nil) == .allowed)
        #expect(AccessPolicy.decide(.contract([.funder]), principal: admin, contractID: 5) == .allowed)
        #expect(AccessPolicy.decide(.administrator, principal: team, contractID: nil) == .forbidden)
    }

    @Test(arguments: [
        ("stephanie@exemple.fr", "un mot de passe long", nil as String?),
        ("stephanie@exemple.fr", "court", "le mot de passe doit compter au moins 12 caractères"),
        ("stephanie@exemple.fr", "stephanie2026!!", "le mot de passe ne doit pas contenir l'adresse e-mail"),
        ("a@b.fr", "aaaaaaaaaaaaaaaa", "le mot de passe est trop répétitif"),
    ])
    func passwordRules(email: String, password: String, problem: String?) {
        #expect(Credentials.passwordProblem(password, email: email) == problem)
    }

    @Test func emails() {
        #expect(Credentials.normalisedEmail("  Agent@Lens-Lievin.FR ") == "agent@lens-lievin.fr")
        #expect(Credentials.normalisedEmail("pas une adresse") == nil)
        #expect(Credentials.normalisedEmail("a@b") == nil)
        #expect(Credentials.normalisedEmail("<script>@x.fr") == nil)
    }

    @Test func attemptLimiterSlidesItsWindow() {
        var limiter = AttemptLimiter(limit: 3, windowSeconds: 60)
        for second in [0.0, 10, 20] { #expect(limiter.retryAfter(key: "x", now: second) == nil); limiter.record(key: "x", now: second) }
        #expect(limiter.retryAfter(key: "x", now: 30) == 30)
        #expect(limiter.retryAfter(key: "y", now: 30) == nil)
        #expect(limiter.retryAfter(key: "x", now: 61) == nil)
    }

    @Test(arguments: [("73282932000074", true), ("73282932000075", false), ("35600000000048", true), ("356 000 000 00048", false), ("123", false)])
    func siret(_ text: String, valid: Bool) {
        #expect(SIRET.isValid(text) == valid)
    }

    @Test func siren() {
        #expect(SIREN.isValid("246200364"))
        #expect(!SIREN.isValid("246200365"))
    }
}
