import Foundation
import Testing
@testable import PasserelleDomain

@Suite struct ApplicationStatusTests {
    @Test func followsTheWholeLifeOfAGrantedApplication() throws {
        let steps: [(ApplicationStatus, ProgrammingRole)] = [
            (.submitted, .projectHolder), (.receivable, .contractTeam), (.underInstruction, .instructor),
            (.proposed, .instructor), (.decided(.partlyGranted), .steeringCommittee), (.agreementSigned, .contractTeam),
            (.inProgress, .projectHolder), (.reported, .projectHolder), (.closed, .instructor),
        ]
        var status = ApplicationStatus.draft
        for (next, role) in steps {
            status = try ApplicationStatus.transition(from: status, to: next, by: role).get()
        }
        #expect(status == .closed)
    }

    @Test func closesRefusedAndNotReceivableApplications() {
        #expect(ApplicationWorkflow.transition(from: .decided(.refused), to: .closed, by: .contractTeam) == .success(.closed))
        #expect(ApplicationWorkflow.transition(from: .notReceivable, to: .closed, by: .contractTeam) == .success(.closed))
        #expect(ApplicationWorkflow.transition(from: .decided(.refused), to: .agreementSigned, by: .contractTeam).isFailureResult)
    }

    @Test func refusesAMoveTheWorkflowDoesNotHave() {
        let result = ApplicationStatus.transition(from: .draft, to: .decided(.granted), by: .steeringCommittee)
        #expect(result == .failure(StatusTransitionError(from: .draft, to: .decided(.granted), role: .steeringCommittee,
            message: "Une demande « brouillon » ne peut pas passer à « décidée : accordée » : depuis ce statut, la demande peut seulement passer à « déposée »." )))
    }

    @Test func listsEveryPossibleNextStatus() throws {
        guard case .failure(let error) = ApplicationWorkflow.transition(from: .proposed, to: .closed, by: .steeringCommittee) else {
            Issue.record("move accepted"); return
        }
        #expect(error.message == "Une demande « proposée au comité » ne peut pas passer à « clôturée » : depuis ce statut, la demande peut seulement passer à « décidée : accordée », « décidée : accordée en partie », « décidée : refusée ».")
    }

    @Test func saysWhenNothingMoreCanHappen() throws {
        guard case .failure(let error) = ApplicationWorkflow.transition(from: .closed, to: .draft, by: .contractTeam) else {
            Issue.record("move accepted"); return
        }
        #expect(error.message == "Une demande « clôturée » ne peut pas passer à « brouillon » : aucun changement n'est possible depuis ce statut.")
    }

    @Test func refusesTheWrongRole() throws {
        guard case .failure(let error) = ApplicationWorkflow.transition(from: .proposed, to: .decided(.granted), by: .instructor) else {
            Issue.record("move accepted"); return
        }
        #expect(error.message == "Le rôle « instructeur d'un financeur » ne peut pas faire passer une demande de « proposée au comité » à « décidée : accordée » : seul le rôle « comité de pilotage » le peut.")
        guard case .failure(let second) = ApplicationWorkflow.transition(from: .reported, to: .closed, by: .projectHolder) else {
            Issue.record("move accepted"); return
        }
        #expect(second.message == "Le rôle « porteur de projet » ne peut pas faire passer une demande de « bilan remis » à « clôturée » : seuls les rôles « instructeur d'un financeur » et « équipe du contrat de ville » le peuvent.")
    }

    @Test(arguments: [
        (ApplicationStatus.draft, ApplicationStatus.submitted, ProgrammingRole.projectHolder),
        (.submitted, .receivable, .contractTeam), (.submitted, .notReceivable, .contractTeam),
        (.receivable, .underInstruction, .instructor), (.underInstruction, .proposed, .instructor),
        (.proposed, .decided(.refused), .steeringCommittee), (.inProgress, .reported, .projectHolder),
    ])
    func onlyTheNamedRoleMakesEachMove(_ from: ApplicationStatus, _ to: ApplicationStatus, _ allowed: ProgrammingRole) {
        for role in ProgrammingRole.allCases {
            let result = ApplicationWorkflow.transition(from: from, to: to, by: role)
            #expect((result == .success(to)) == (role == allowed), "\(role) \(from) → \(to)")
        }
    }

    @Test func offersTheButtonsOfARole() {
        #expect(ApplicationWorkflow.moves(from: .proposed, for: .steeringCommittee).map(\.action) == ["Accorder", "Accorder en partie", "Refuser"])
        #expect(ApplicationWorkflow.moves(from: .proposed, for: .projectHolder) == [])
        #expect(ApplicationWorkflow.moves(from: .submitted, for: .contractTeam).map(\.to) == [.receivable, .notReceivable])
    }

    @Test func everyStatusIsReachableFromDraft() {
        var reached: Set<ApplicationStatus> = [.draft]
        var frontier: [ApplicationStatus] = [.draft]
        while let status = frontier.popLast() {
            for move in ApplicationWorkflow.moves where move.from == status && reached.insert(move.to).inserted {
                frontier.append(move.to)
            }
        }
        #expect(reached == Set(ApplicationStatus.allCases))
    }

    @Test func storesStatusesAsCodes() throws {
        #expect(ApplicationStatus.decided(.partlyGranted).code == "decided.partlyGranted")
        for status in ApplicationStatus.allCases {
            #expect(ApplicationStatus(code: status.code) == status)
        }
        #expect(ApplicationStatus(code: "decided.maybe") == nil)
        let data = try JSONEncoder().encode([ApplicationStatus.decided(.refused), .draft])
        #expect(String(decoding: data, as: UTF8.self) == "[\"decided.refused\",\"draft\"]")
        #expect(try JSONDecoder().decode([ApplicationStatus].self, from: data) == [.decided(.refused), .draft])
    }
}
