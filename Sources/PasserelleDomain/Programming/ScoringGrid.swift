/// One criterion of a scoring grid: a whole-number mark on `scale`, weighted by `weight`.
public struct Criterion: Sendable, Hashable, Codable {
    public var code: String
    public var label: String
    public var weight: Double
    public var scale: ClosedRange<Int>

    public init(code: String, label: String, weight: Double = 1, scale: ClosedRange<Int> = 0...4) {
        self.code = code
        self.label = label
        self.weight = weight
        self.scale = scale
    }
}

/// The grid instructors score applications on.
public struct ScoringGrid: Sendable, Hashable, Codable {
    public var criteria: [Criterion]

    public init(criteria: [Criterion]) {
        self.criteria = criteria
    }

    /// The Région Hauts-de-France's five receivability criteria (framework 2024-2030), in our own
    /// words. The framework ranks none above another and gives no scale, so they weigh the same and
    /// are marked 0 (absent) to 4 (excellent); a contract can edit both.
    public static let regionDefault = ScoringGrid(criteria: [
        Criterion(code: "priorites", label: "Cohérence avec les priorités retenues"),
        Criterion(code: "qualite-impact", label: "Qualité du projet et effets attendus pour le quartier et ses habitants"),
        Criterion(code: "mobilisation-habitants", label: "Place des habitants dans la conception et la conduite du projet"),
        Criterion(code: "partenariat", label: "Partenaires mobilisés et travail en réseau des opérateurs"),
        Criterion(code: "gouvernance-suivi", label: "Pilotage, suivi et valorisation du projet"),
    ])

    public func criterion(_ code: String) -> Criterion? { criteria.first { $0.code == code } }

    /// The weighted score from 0 to 100: each mark is placed on its scale (min → 0, max → 1), then
    /// averaged with the weights. Nil when a criterion has no mark or a mark is off its scale — a
    /// partial score would rank an incomplete review as if it were complete.
    public func weightedScore(_ scores: [String: Int]) -> Double? {
        var weighted = 0.0
        var weights = 0.0
        for criterion in criteria {
            guard let mark = scores[criterion.code], criterion.scale.contains(mark) else { return nil }
            let span = Double(criterion.scale.upperBound - criterion.scale.lowerBound)
            let position = span > 0 ? Double(mark - criterion.scale.lowerBound) / span : 0
            weighted += criterion.weight * position
            weights += criterion.weight
        }
        guard weights > 0 else { return nil }
        return weighted / weights * 100
    }

    /// Problems in the marks given: a mark off the scale, a criterion without a mark, a mark for a
    /// criterion the grid does not have.
    public func problems(scores: [String: Int]) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        for criterion in criteria {
            guard let mark = scores[criterion.code] else {
                problems.append(FieldProblem(field: "scores.\(criterion.code)", message: "Critère « \(criterion.label) » : la note manque."))
                continue
            }
            if !criterion.scale.contains(mark) {
                problems.append(FieldProblem(field: "scores.\(criterion.code)",
                    message: "Critère « \(criterion.label) » : la note \(mark) sort de l'échelle (\(criterion.scale.lowerBound) à \(criterion.scale.upperBound))."))
            }
        }
        let known = Set(criteria.map(\.code))
        for code in scores.keys.sorted() where !known.contains(code) {
            problems.append(FieldProblem(field: "scores.\(code)", message: "Le critère « \(code) » ne fait pas partie de la grille."))
        }
        return problems
    }

    /// Problems in the grid itself: no criterion, duplicate codes, a weight that is not positive,
    /// an empty scale.
    public func problems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if criteria.isEmpty {
            problems.append(FieldProblem(field: "criteria", message: "La grille ne contient aucun critère."))
        }
        var seen = Set<String>()
        for (index, criterion) in criteria.enumerated() {
            if criterion.code.trimmingSpaces.isEmpty {
                problems.append(FieldProblem(field: "criteria[\(index)].code", message: "Le critère \(index + 1) n'a pas de code."))
            } else if !seen.insert(criterion.code).inserted {
                problems.append(FieldProblem(field: "criteria[\(index)].code", message: "Le code « \(criterion.code) » est utilisé par deux critères."))
            }
            if criterion.label.trimmingSpaces.isEmpty {
                problems.append(FieldProblem(field: "criteria[\(index)].label", message: "Le critère « \(criterion.code) » n'a pas de libellé."))
            }
            if !(criterion.weight > 0) {
                problems.append(FieldProblem(field: "criteria[\(index)].weight", message: "Le critère « \(criterion.label) » doit avoir un poids positif."))
            }
            if criterion.scale.lowerBound == criterion.scale.upperBound {
                problems.append(FieldProblem(field: "criteria[\(index)].scale", message: "Le critère « \(criterion.label) » a une échelle d'une seule valeur."))
            }
        }
        return problems
    }
}

/// An instructor's overall opinion on an application.
public enum ReviewOpinion: String, Codable, Sendable, CaseIterable {
    case favourable
    case favourableWithReservations
    case unfavourable
    case pending

    public var label: String {
        switch self {
        case .favourable: "Avis favorable"
        case .favourableWithReservations: "Avis favorable avec réserves"
        case .unfavourable: "Avis défavorable"
        case .pending: "Avis en attente"
        }
    }
}

/// One instructor's review of an application for one funder: marks on the grid, an opinion, and
/// the amounts proposed on that funder's own funding lines (keyed by funding line id).
public struct Review: Sendable, Equatable, Codable {
    public var applicationID: Int
    public var funderID: Int
    public var instructor: String
    public var scores: [String: Int]
    public var opinion: ReviewOpinion
    public var comment: String
    public var proposedAmounts: [Int: Double]

    public init(applicationID: Int, funderID: Int, instructor: String, scores: [String: Int], opinion: ReviewOpinion,
                comment: String = "", proposedAmounts: [Int: Double]) {
        self.applicationID = applicationID
        self.funderID = funderID
        self.instructor = instructor
        self.scores = scores
        self.opinion = opinion
        self.comment = comment
        self.proposedAmounts = proposedAmounts
    }

    /// Total proposed on the lines of the review's own funder (amounts put on other lines are
    /// errors reported by `ReviewValidation` and are not counted).
    public func totalProposed(in application: FundingApplication) -> Double {
        EuroAmount.sum(proposedAmounts.compactMap { lineID, amount in
            application.fundingLine(lineID)?.funderID == funderID ? amount : nil
        })
    }
}

/// Checks a review before it is saved.
///
/// A proposal above the amount requested on a line is an **error**, not a warning: the funding plan
/// would stop balancing and the holder never asked for that money. If a funder wants to give more,
/// the holder amends its plan first (another funder's line goes down, or the budget goes up).
public enum ReviewValidation {
    public static func problems(_ review: Review, application: FundingApplication, grid: ScoringGrid,
                                catalog: FundingCatalog = FundingCatalog()) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if review.applicationID != application.id {
            problems.append(FieldProblem(field: "applicationID", message: "L'avis porte sur la demande n° \(review.applicationID), pas sur « \(application.title) »."))
        }
        if review.instructor.trimmingSpaces.isEmpty {
            problems.append(FieldProblem(field: "instructor", message: "Le nom de l'instructeur est vide."))
        }
        problems += grid.problems(scores: review.scores)
        let ownFunder = catalog.funderName(review.funderID)
        for lineID in review.proposedAmounts.keys.sorted() {
            let amount = review.proposedAmounts[lineID]!
            let field = "proposedAmounts[\(lineID)]"
            guard let line = application.fundingLine(lineID) else {
                problems.append(FieldProblem(field: field, message: "La ligne de financement n° \(lineID) n'existe pas dans le plan de financement de la demande."))
                continue
            }
            guard line.funderID == review.funderID else {
                let other = line.funderID.map { catalog.funderName($0) } ?? "aucun financeur public"
                problems.append(FieldProblem(field: field,
                    message: "Ligne « \(line.label) » : elle relève de \(other) ; l'instruction de \(ownFunder) ne peut proposer de montant que sur les lignes de son propre financeur."))
                continue
            }
            if amount < 0 {
                problems.append(FieldProblem(field: field, message: "Ligne « \(line.label) » : le montant proposé est négatif (\(EuroAmount.format(amount)))."))
            } else if EuroAmount.cents(amount) > EuroAmount.cents(line.requested) {
                problems.append(FieldProblem(field: field,
                    message: "Ligne « \(line.label) » : \(EuroAmount.format(amount)) proposés pour \(EuroAmount.format(line.requested)) demandés ; on ne peut pas proposer plus que la demande sans que le porteur modifie son plan de financement."))
            }
        }
        if review.opinion == .unfavourable && EuroAmount.cents(review.totalProposed(in: application)) > 0 {
            problems.append(FieldProblem(field: "opinion",
                message: "L'avis est défavorable mais un montant de \(EuroAmount.format(review.totalProposed(in: application))) est proposé.", severity: .warning))
        }
        return problems
    }
}
