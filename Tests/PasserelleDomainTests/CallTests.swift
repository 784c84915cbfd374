import Foundation
import Testing
@testable import PasserelleDomain

@Suite struct CallTests {
    @Test func aWellFormedCallHasNoProblem() {
        let call = ProgrammingFixture.call()
        #expect(call.problems() == [])
        #expect(call.isOpen(on: isoDay("2024-10-01")))
        #expect(call.isOpen(on: isoDay("2024-11-30")))
        #expect(!call.isOpen(on: isoDay("2024-12-01")))
        #expect(call.funder(2)?.schemeIDs == [20, 21, 22, 23, 24])
        #expect(call.funder(9) == nil)
    }

    @Test func reportsCallProblems() {
        var call = ProgrammingFixture.call()
        call.title = ""
        call.closesOn = isoDay("2024-09-01")
        call.actionEndsOn = isoDay("2024-12-31")
        call.funders.append(CallFunder(funderID: 1, schemeIDs: [10], envelope: -5))
        call.grid = ScoringGrid(criteria: [Criterion(code: "a", label: "A", weight: -1)])
        #expect(call.problems().map(\.message) == [
            "Le titre de l'appel est vide.",
            "La clôture de l'appel (01/09/2024) précède son ouverture (01/10/2024).",
            "La fin de la période des actions (31/12/2024) précède son début (01/01/2025).",
            "Le financeur n° 1 figure deux fois dans l'appel.",
            "L'enveloppe du financeur n° 1 est négative (-5\u{00A0}€).",
            "Le critère « A » doit avoir un poids positif.",
        ])
        #expect(call.problems().last?.field == "grid.criteria[0].weight")
    }

    @Test func labelsCallKindsInFrench() {
        #expect(CallKind.allCases.map(\.label) == [
            "Appel à projets annuel", "Appel à manifestation d'intérêt (AMI)", "Convention pluriannuelle d'objectifs (CPO)",
            "Projets d'initiative citoyenne (PIC)", "Fonds de travaux urbains (FTU)", "Nos Quartiers d'Été", "Autre appel",
        ])
    }

    @Test func applicationsAndCallsTravelAsJSON() throws {
        let application = ProgrammingFixture.application()
        let decoded = try JSONDecoder().decode(FundingApplication.self, from: JSONEncoder().encode(application))
        #expect(decoded == application)
        let json = String(decoding: try JSONEncoder().encode(application.beneficiaries.ageBands), as: UTF8.self)
        #expect(json.contains("\"from6to11\":40"))
        let call = ProgrammingFixture.call()
        #expect(try JSONDecoder().decode(Call.self, from: JSONEncoder().encode(call)) == call)
    }

    @Test func sumsTheApplicationsMoney() {
        let application = ProgrammingFixture.application()
        #expect(application.totalBudget == 12_000)
        #expect(application.totalRequested == 11_000)
        #expect(application.totalResources == 12_000)
        #expect(application.requested(from: 2) == 4_000)
        #expect(application.funderIDs == [1, 2, 3])
        #expect(!application.isMultiYear)
    }
}
