import Testing
@testable import PasserelleDomain

@Suite struct InstructionTableTests {
    let call = ProgrammingFixture.call()

    var applications: [FundingApplication] {
        var second = ProgrammingFixture.application(id: 2, holder: ProgrammingFixture.sportClub)
        second.title = "Foot en pied d'immeuble"
        second.budgetLines = [BudgetLine(label: "Éducateurs", amount: 6_000)]
        second.fundingPlan = [
            FundingLine(id: 4, funderID: 1, schemeID: 10, label: "État", requested: 3_000),
            FundingLine(id: 5, funderID: 2, schemeID: 23, label: "Région", requested: 2_000),
        ]
        var otherCall = ProgrammingFixture.application(id: 3)
        otherCall.callID = 999
        return [ProgrammingFixture.application(id: 1), second, otherCall]
    }

    func marks(_ values: [Int]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: zip(ScoringGrid.regionDefault.criteria.map(\.code), values))
    }

    var reviews: [Review] {
        var incomplete = marks([3, 3, 3, 3, 3])
        incomplete["partenariat"] = nil
        return [
            Review(applicationID: 1, funderID: 1, instructor: "Karim B.", scores: marks([4, 4, 3, 3, 2]), opinion: .favourable, proposedAmounts: [1: 4_000]),
            Review(applicationID: 1, funderID: 2, instructor: "Claire M.", scores: marks([3, 3, 2, 2, 2]), opinion: .favourableWithReservations, proposedAmounts: [2: 4_000]),
            Review(applicationID: 1, funderID: 1, instructor: "Karim B.", scores: marks([4, 4, 4, 3, 2]), opinion: .favourable, proposedAmounts: [1: 4_500]),
            Review(applicationID: 2, funderID: 2, instructor: "Claire M.", scores: incomplete, opinion: .pending, proposedAmounts: [5: 1_500]),
        ]
    }

    @Test func showsEveryFundersProposalSideBySide() throws {
        let table = InstructionTable.build(call: call, applications: applications, reviews: reviews)
        #expect(table.callID == 100)
        #expect(table.rows.map(\.applicationID) == [1, 2])

        let first = table.rows[0]
        #expect(first.title == "Jardin partagé du Maroc")
        #expect(first.holderName == "Association Les Jardins du Maroc")
        #expect(first.totalBudget == 12_000)
        #expect(first.totalRequested == 11_000)
        #expect(first.proposals == [
            FunderProposal(funderID: 1, requested: 5_000, proposed: 4_500, instructor: "Karim B.", opinion: .favourable),
            FunderProposal(funderID: 2, requested: 4_000, proposed: 4_000, instructor: "Claire M.", opinion: .favourableWithReservations),
            FunderProposal(funderID: 3, requested: 2_000, proposed: nil, instructor: nil, opinion: nil),
        ])
        #expect(first.totalProposed == 8_500)
        #expect(first.gap == 2_500)
        #expect(first.scores.map(\.weightedScore) == [80, 60, 85])
        #expect(first.scores.map(\.instructor) == ["Karim B.", "Claire M.", "Karim B."])
        #expect(first.averageWeightedScore == 75)
        #expect(first.fundersWithoutReview == [3])

        let second = table.rows[1]
        #expect(second.proposals == [
            FunderProposal(funderID: 1, requested: 3_000, proposed: nil, instructor: nil, opinion: nil),
            FunderProposal(funderID: 2, requested: 2_000, proposed: 1_500, instructor: "Claire M.", opinion: .pending),
        ])
        #expect(second.totalProposed == 1_500)
        #expect(second.scores.map(\.weightedScore) == [nil])
        #expect(second.averageWeightedScore == nil)
        #expect(second.fundersWithoutReview == [1])
    }

    @Test func totalsEachFunderAgainstItsEnvelope() {
        let table = InstructionTable.build(call: call, applications: applications, reviews: reviews)
        #expect(table.funderTotals.map(\.funderID) == [1, 2, 3, 4])
        #expect(table.funderTotals.map(\.requested) == [8_000, 6_000, 2_000, 0])
        #expect(table.funderTotals.map(\.proposed) == [4_500, 5_500, 0, 0])
        #expect(table.funderTotals.map(\.remaining) == [195_500, 144_500, 80_000, nil])
    }

    @Test func ranksByAverageScoreWithUnscoredLast() {
        let table = InstructionTable.build(call: call, applications: applications, reviews: reviews)
        #expect(table.rowsByScore().map(\.applicationID) == [1, 2])
        let reversed = InstructionTable.build(call: call, applications: applications.reversed(), reviews: reviews)
        #expect(reversed.rows.map(\.applicationID) == [2, 1])
        #expect(reversed.rowsByScore().map(\.applicationID) == [1, 2])
    }

    @Test func ignoresAmountsProposedOnAnotherFundersLine() {
        let stray = Review(applicationID: 1, funderID: 2, instructor: "Claire M.", scores: marks([2, 2, 2, 2, 2]), opinion: .favourable,
                           proposedAmounts: [1: 5_000, 2: 1_000])
        let table = InstructionTable.build(call: call, applications: [ProgrammingFixture.application()], reviews: [stray])
        #expect(table.rows[0].proposals.map(\.proposed) == [nil, 1_000, nil])
        #expect(table.rows[0].totalProposed == 1_000)
        #expect(table.rows[0].averageWeightedScore == 50)
    }
}
