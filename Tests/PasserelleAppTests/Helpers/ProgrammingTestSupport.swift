import Foundation
@testable import PasserelleApp
import PasserelleDomain
import Testing
import Vapor

/// People and helpers for the programming tests: a contract team, instructors of the State and of the
/// Région (each tied to its organisation), project holders with their organisation and SIRET.
struct ProgrammingCast {
    var team: String
    var etat: String
    var region: String
    var holder: String
    var otherHolder: String
    var admin: String
    var holderAccount: Account

    /// Two valid SIRETs for test holders (Luhn-checked, synthetic: they begin with 9999).
    static let holderSIRET = "99990000600019"
    static let otherSIRET = "99990001400013"

    static func make(_ app: Application) async throws -> ProgrammingCast {
        let organisations = SQLOrganisationRepository(database: app.db)
        _ = try await organisations.create(name: "Association test Les Potagers (fictive)", kind: .association, siren: String(holderSIRET.prefix(9)), siret: holderSIRET)
        _ = try await organisations.create(name: "Association test Voisins Solidaires (fictive)", kind: .association, siren: String(otherSIRET.prefix(9)), siret: otherSIRET)
        let holder = try await TestUsers.make(app, role: .projectHolder, contract: nil, organisation: holderSIRET, email: "porteur@potagers.test")
        return ProgrammingCast(
            team: try await TestUsers.make(app, role: .contractTeam, email: "equipe@call.test").token,
            etat: try await TestUsers.make(app, role: .funder, organisation: "État (Préfecture du Pas-de-Calais)", email: "instructeur@etat.test").token,
            region: try await TestUsers.make(app, role: .funder, organisation: "Région Hauts-de-France", email: "instructrice@region.test").token,
            holder: holder.token,
            otherHolder: try await TestUsers.make(app, role: .projectHolder, contract: nil, organisation: otherSIRET, email: "porteur@voisins.test").token,
            admin: try await TestUsers.make(app, role: .administrator, contract: nil, email: "admin@programmation.test").token,
            holderAccount: holder.account)
    }
}

extension Browser {
    /// Sends a JSON text body.
    @discardableResult
    func json(_ method: HTTPMethod, _ path: String, _ body: String) async throws -> Fetched {
        try await request(method, path, headers: ["Content-Type": "application/json"], raw: body)
    }
}

extension Fetched {
    var message: String { object["message"] as? String ?? "" }
}

enum ProgrammingFixtures {
    /// A call of the CALL contract open on 2026-01-01 (the manual clock's day).
    static let callJSON = """
    {"kind": "yearlyCall", "title": "Appel à projets 2026 (essai)", "year": 2026,
     "opensOn": "2025-12-01", "closesOn": "2026-02-15", "actionStartsOn": "2026-01-01", "actionEndsOn": "2026-12-31",
     "objectives": ["P1.A1", "P2.A3", "P2.A4"],
     "funders": [{"funder": "etat", "schemes": ["P147"], "envelope": "100 000"},
                 {"funder": "region-hdf", "schemes": ["PROG-CV", "PIC"], "envelope": 50000},
                 {"funder": "departement-62", "schemes": ["FONDS-ALIMENTATION"]}],
     "departmentP147Envelope": 2000000}
    """

    /// A complete, balanced draft: 12 000 € of expenses for 8 000 (État) + 3 000 (Région) + 1 000 own funds.
    static func draft(startDate: String = "2026-03-01", etat: String = "8000", objectives: String = #"["P2.A3", "P2.A4"]"#, own: String = "1000") -> String {
        """
        {"title": "Jardin partagé de la cité (essai)", "holderKind": "association", "actionType": "food", "scale": "neighbourhood",
         "objectives": \(objectives), "qpv": ["QN06224M", "QN06225M"],
         "startDate": "\(startDate)", "endDate": "2026-11-30", "years": [2026],
         "budget": [{"label": "Animation", "amount": "9 000"}, {"label": "Matériel de jardinage", "amount": 3000}],
         "fundingPlan": [{"funder": "etat", "scheme": "P147", "requested": "\(etat)"},
                         {"funder": "region-hdf", "scheme": "PROG-CV", "requested": 3000}],
         "ownFunds": "\(own)",
         "beneficiaries": {"total": 120, "women": 70, "men": 50, "livingInQPVShare": "85,5", "ageBands": {"from26to64": 80, "over64": 20}},
         "indicators": [{"label": "Familles inscrites", "target": 40, "unit": "familles"}],
         "transitionStatement": "Des légumes de saison cultivés sur place, du compost et moins de trajets en voiture.",
         "themes": ["food", "biodiversity"], "declaredCriteria": []}
        """
    }

    static func int(_ value: Any?) -> Int? { (value as? NSNumber)?.intValue }
    static func double(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }
}
