import Testing
@testable import PasserelleDomain

@Suite struct ScoringGridTests {
    let grid = ScoringGrid.regionDefault
    let application = ProgrammingFixture.application()

    func marks(_ values: [Int]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: zip(grid.criteria.map(\.code), values))
    }

    @Test func regionGridHasTheFiveReceivabilityCriteria() {
        #expect(grid.criteria.map(\.code) == ["priorites", "qualite-impact", "mobilisation-habitants", "partenariat", "gouvernance-suivi"])
        #expect(grid.criteria.allSatisfy { $0.weight == 1 && $0.scale == 0...4 })
        #expect(grid.problems() == [])
    }

    @Test func computesTheWeightedScoreOutOf100() {
        #expect(grid.weightedScore(marks([4, 3, 2, 1, 0])) == 50)   // 10 points of 20
        #expect(grid.weightedScore(marks([4, 4, 4, 4, 4])) == 100)
        #expect(grid.weightedScore(marks([0, 0, 0, 0, 0])) == 0)
        #expect(grid.weightedScore(marks([3, 3, 3, 3, 4])) == 80)   // 16 of 20
    }

    @Test func weighsCriteriaAndPlacesMarksOnTheirOwnScale() throws {
        let custom = ScoringGrid(criteria: [
            Criterion(code: "a", label: "Impact", weight: 2, scale: 0...4),
            Criterion(code: "b", label: "Partenariat", weight: 1, scale: 1...5),
        ])
        // a = 4 → 1.0 (weight 2), b = 3 → 0.5 (weight 1): (2 + 0.5) / 3 = 83.33…
        let score = try #require(custom.weightedScore(["a": 4, "b": 3]))
        #expect(abs(score - 250.0 / 3) < 1e-9)
        #expect(custom.weightedScore(["a": 0, "b": 1]) == 0)
    }

    @Test func givesNoScoreToAnIncompleteReview() {
        var partial = marks([4, 4, 4, 4, 4])
        partial["partenariat"] = nil
        #expect(grid.weightedScore(partial) == nil)
        #expect(grid.weightedScore(marks([4, 4, 9, 4, 4])) == nil)
    }

    @Test func reportsMarkProblems() {
        var scores = marks([4, 5, 2, 1, 0])
        scores["gouvernance-suivi"] = nil
        scores["budget"] = 3
        #expect(grid.problems(scores: scores) == [
            FieldProblem(field: "scores.qualite-impact", message: "Critère « Qualité du projet et effets attendus pour le quartier et ses habitants » : la note 5 sort de l'échelle (0 à 4)."),
            FieldProblem(field: "scores.gouvernance-suivi", message: "Critère « Pilotage, suivi et valorisation du projet » : la note manque."),
            FieldProblem(field: "scores.budget", message: "Le critère « budget » ne fait pas partie de la grille."),
        ])
    }

    @Test func reportsGridProblems() {
        let bad = ScoringGrid(criteria: [
            Criterion(code: "a", label: "A", weight: 0),
            Criterion(code: "a", label: "", weight: 1, scale: 2...2),
        ])
        #expect(bad.problems().map(\.field) == ["criteria[0].weight", "criteria[1].code", "criteria[1].label", "criteria[1].scale"])
        #expect(ScoringGrid(criteria: []).problems().map(\.message) == ["La grille ne contient aucun critère."])
    }

    // MARK: Reviews

    func review(funder: Int = 2, amounts: [Int: Double], opinion: ReviewOpinion = .favourable) -> Review {
        Review(applicationID: 1, funderID: funder, instructor: "Claire Martin", scores: marks([3, 3, 2, 4, 2]), opinion: opinion, proposedAmounts: amounts)
    }

    @Test func acceptsAProposalOnItsOwnFundersLine() {
        #expect(ReviewValidation.problems(review(amounts: [2: 3_500]), application: application, grid: grid, catalog: ProgrammingFixture.catalog) == [])
        #expect(review(amounts: [2: 3_500]).totalProposed(in: application) == 3_500)
    }

    @Test func refusesAnAmountOnAnotherFundersLine() {
        #expect(ReviewValidation.problems(review(amounts: [1: 2_000]), application: application, grid: grid, catalog: ProgrammingFixture.catalog) == [
            FieldProblem(field: "proposedAmounts[1]",
                message: "Ligne « État – BOP 147 » : elle relève de État – préfecture du Pas-de-Calais ; l'instruction de Région Hauts-de-France ne peut proposer de montant que sur les lignes de son propre financeur."),
        ])
        #expect(review(amounts: [1: 2_000, 2: 1_000]).totalProposed(in: application) == 1_000)
    }

    @Test func refusesMoreThanRequested() {
        let problems = ReviewValidation.problems(review(amounts: [2: 4_000.01]), application: application, grid: grid, catalog: ProgrammingFixture.catalog)
        #expect(problems == [FieldProblem(field: "proposedAmounts[2]",
            message: "Ligne « Région – programmation » : " + frenchEuros("4 000,01 €") + " proposés pour " + frenchEuros("4 000 €") + " demandés ; on ne peut pas proposer plus que la demande sans que le porteur modifie son plan de financement.")])
        #expect(problems.first?.severity == .error)
        #expect(ReviewValidation.problems(review(amounts: [2: 4_000]), application: application, grid: grid) == [])
    }

    @Test func refusesNegativeAndUnknownLines() {
        #expect(ReviewValidation.problems(review(amounts: [2: -1, 9: 100]), application: application, grid: grid).map(\.message) == [
            "Ligne « Région – programmation » : le montant proposé est négatif (-1\u{00A0}€).",
            "La ligne de financement n° 9 n'existe pas dans le plan de financement de la demande.",
        ])
    }

    @Test func reportsMissingMarksInAReview() {
        var incomplete = review(amounts: [:])
        incomplete.scores["partenariat"] = nil
        incomplete.scores["priorites"] = -1
        #expect(ReviewValidation.problems(incomplete, application: application, grid: grid).map(\.field) == ["scores.priorites", "scores.partenariat"])
    }

    @Test func warnsOfAnUnfavourableOpinionWithMoney() {
        let problems = ReviewValidation.problems(review(amounts: [2: 1_000], opinion: .unfavourable), application: application, grid: grid)
        #expect(problems == [FieldProblem(field: "opinion", message: "L'avis est défavorable mais un montant de " + frenchEuros("1 000 €") + " est proposé.", severity: .warning)])
    }
}
