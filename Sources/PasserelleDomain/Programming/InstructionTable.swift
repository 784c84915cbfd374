/// What one funder asked and proposes on an application.
public struct FunderProposal: Sendable, Equatable, Codable {
    public var funderID: Int
    public var requested: Double
    /// Nil while no instructor of this funder has reviewed the application.
    public var proposed: Double?
    public var instructor: String?
    public var opinion: ReviewOpinion?

    public init(funderID: Int, requested: Double, proposed: Double?, instructor: String?, opinion: ReviewOpinion?) {
        self.funderID = funderID
        self.requested = requested
        self.proposed = proposed
        self.instructor = instructor
        self.opinion = opinion
    }
}

/// One review's marks, side by side with the others'.
public struct ReviewScores: Sendable, Equatable, Codable {
    public var funderID: Int
    public var instructor: String
    public var scores: [String: Int]
    /// 0–100; nil when the review misses a mark.
    public var weightedScore: Double?

    public init(funderID: Int, instructor: String, scores: [String: Int], weightedScore: Double?) {
        self.funderID = funderID
        self.instructor = instructor
        self.scores = scores
        self.weightedScore = weightedScore
    }
}

/// One application in the instruction table.
public struct InstructionRow: Sendable, Equatable, Codable {
    public var applicationID: Int
    public var title: String
    public var holderName: String
    public var totalBudget: Double
    public var totalRequested: Double
    /// Sum of the funders' proposals so far (funders without a review count for nothing).
    public var totalProposed: Double
    public var proposals: [FunderProposal]
    public var scores: [ReviewScores]
    /// Mean of the complete reviews' weighted scores; nil when none is complete.
    public var averageWeightedScore: Double?
    /// Funders asked in the plan whose instructors have not reviewed yet.
    public var fundersWithoutReview: [Int]

    /// What the proposals leave unfunded of the amount requested (negative would mean more is
    /// proposed than asked, which review validation refuses).
    public var gap: Double { EuroAmount.sum([totalRequested, -totalProposed]) }
}

/// A funder's totals over the call: asked, proposed, and what remains of its envelope.
public struct FunderInstructionTotals: Sendable, Equatable, Codable {
    public var funderID: Int
    public var requested: Double
    public var proposed: Double
    public var envelope: Double?

    public var remaining: Double? { envelope.map { EuroAmount.sum([$0, -proposed]) } }
}

/// The multi-funder picture every instructor of a call shares: every application, every funder's
/// proposal, the total proposed against the total asked, the scores side by side.
public struct InstructionTable: Sendable, Equatable, Codable {
    public var callID: Int
    public var rows: [InstructionRow]
    public var funderTotals: [FunderInstructionTotals]

    /// Builds the table of one call. Rows keep the order of `applications` (applications of other
    /// calls are left out); `reviews` are taken in the order given — when two instructors of the same
    /// funder review one application, both sets of marks are shown but the later review's amounts
    /// are that funder's proposal.
    public static func build(call: Call, applications: [FundingApplication], reviews: [Review]) -> InstructionTable {
        let ofCall = applications.filter { $0.callID == call.id }
        var reviewsByApplication: [Int: [Review]] = [:]
        for review in reviews { reviewsByApplication[review.applicationID, default: []].append(review) }

        var requestedByFunder: [Int: Int] = [:]
        var proposedByFunder: [Int: Int] = [:]
        var rows: [InstructionRow] = []
        for application in ofCall {
            let appReviews = reviewsByApplication[application.id] ?? []
            var latest: [Int: Review] = [:]
            for review in appReviews { latest[review.funderID] = review }

            var funderOrder = application.funderIDs
            for review in appReviews where !funderOrder.contains(review.funderID) { funderOrder.append(review.funderID) }

            var proposals: [FunderProposal] = []
            for funderID in funderOrder {
                let requested = application.requested(from: funderID)
                let review = latest[funderID]
                let proposed = review.map { $0.totalProposed(in: application) }
                proposals.append(FunderProposal(funderID: funderID, requested: requested, proposed: proposed,
                                                instructor: review?.instructor, opinion: review?.opinion))
                requestedByFunder[funderID, default: 0] += EuroAmount.cents(requested)
                proposedByFunder[funderID, default: 0] += EuroAmount.cents(proposed ?? 0)
            }
            let scores = appReviews.map {
                ReviewScores(funderID: $0.funderID, instructor: $0.instructor, scores: $0.scores, weightedScore: call.grid.weightedScore($0.scores))
            }
            let complete = scores.compactMap(\.weightedScore)
            rows.append(InstructionRow(
                applicationID: application.id,
                title: application.title,
                holderName: application.holder.name,
                totalBudget: application.totalBudget,
                totalRequested: application.totalRequested,
                totalProposed: EuroAmount.sum(proposals.map { $0.proposed ?? 0 }),
                proposals: proposals,
                scores: scores,
                averageWeightedScore: complete.isEmpty ? nil : complete.reduce(0, +) / Double(complete.count),
                fundersWithoutReview: application.funderIDs.filter { latest[$0] == nil }))
        }

        var funderIDs = call.funders.map(\.funderID)
        for funderID in requestedByFunder.keys.sorted() where !funderIDs.contains(funderID) { funderIDs.append(funderID) }
        let totals = funderIDs.map { funderID in
            FunderInstructionTotals(funderID: funderID,
                                    requested: EuroAmount.euros(cents: requestedByFunder[funderID] ?? 0),
                                    proposed: EuroAmount.euros(cents: proposedByFunder[funderID] ?? 0),
                                    envelope: call.funder(funderID)?.envelope)
        }
        return InstructionTable(callID: call.id, rows: rows, funderTotals: totals)
    }

    /// The rows from the best average score to the lowest; unscored rows last, then by id.
    public func rowsByScore() -> [InstructionRow] {
        rows.sorted { lhs, rhs in
            switch (lhs.averageWeightedScore, rhs.averageWeightedScore) {
            case let (l?, r?) where l != r: l > r
            case (_?, nil): true
            case (nil, _?): false
            default: lhs.applicationID < rhs.applicationID
            }
        }
    }
}
