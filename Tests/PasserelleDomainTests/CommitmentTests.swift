import Testing
@testable import PasserelleDomain

@Suite struct CommitmentTests {
    static let state = Organisation(id: 1, name: "État", kind: .state, siren: nil)
    static let commune = Organisation(id: 2, name: "Commune de Lens", kind: .commune, siren: nil)
    static let caf = Organisation(id: 3, name: "CAF du Pas-de-Calais", kind: .caf, siren: nil)
    static let signatories = [state, caf, commune]

    static let records: [Commitment] = [
        Commitment(signatoryID: 1, kind: .steeringBodies, status: .met, updatedYear: 2024),
        Commitment(signatoryID: 1, kind: .technicalReferent, status: .met, evidence: "Mme X, déléguée du préfet", updatedYear: 2024),
        Commitment(signatoryID: 1, kind: .commonLawReview, status: .met, updatedYear: 2025),
        Commitment(signatoryID: 1, kind: .commonLawReview, status: .inProgress, updatedYear: 2024), // older, given after
        Commitment(signatoryID: 1, kind: .pillarPositioning, status: .met, updatedYear: 2024),
        Commitment(signatoryID: 2, kind: .steeringBodies, status: .met, updatedYear: 2024),
        Commitment(signatoryID: 2, kind: .technicalReferent, status: .met, updatedYear: 2024),
        Commitment(signatoryID: 2, kind: .contextData, status: .met, updatedYear: 2025),
        Commitment(signatoryID: 2, kind: .fieldStaff, status: .met, updatedYear: 2025),
        Commitment(signatoryID: 2, kind: .localSteering, status: .met, updatedYear: 2025),
        Commitment(signatoryID: 2, kind: .neighbourhoodCoordination, status: .inProgress, updatedYear: 2025),
        Commitment(signatoryID: 3, kind: .multiYearActions, status: .notApplicable, evidence: "pas de patrimoine", updatedYear: 2024),
        Commitment(signatoryID: 3, kind: .steeringBodies, status: .met, updatedYear: 2024),
        Commitment(signatoryID: 3, kind: .technicalReferent, status: .met, updatedYear: 2024),
        Commitment(signatoryID: 3, kind: .contextData, status: .met, updatedYear: 2024),
        Commitment(signatoryID: 3, kind: .activityIndicators, status: .met, updatedYear: 2024),
        Commitment(signatoryID: 3, kind: .studiesSharing, status: .met, updatedYear: 2024),
        Commitment(signatoryID: 3, kind: .evaluationStaff, status: .inProgress, updatedYear: 2025),
        Commitment(signatoryID: 9, kind: .steeringBodies, status: .met, updatedYear: 2025), // not a signatory
    ]

    @Test func theListFollowsTheContractOrder() {
        #expect(CommitmentKind.allCases.count == 15)
        #expect(CommitmentKind.allCases.map(\.group) == [
            .steering, .steering,
            .technicalCooperation, .technicalCooperation, .technicalCooperation, .technicalCooperation,
            .evaluation, .evaluation, .evaluation, .evaluation,
            .fundingAndAction, .fundingAndAction, .fundingAndAction,
            .communeSteering, .communeSteering,
        ])
        #expect(CommitmentKind.technicalReferent.label == "Désigner un référent technique pour le contrat")
        #expect(CommitmentKind.localSteering.applies(to: .commune))
        #expect(!CommitmentKind.localSteering.applies(to: .caf))
        #expect(CommitmentKind.steeringBodies.applies(to: .caf))
    }

    @Test func boardPutsTheMostMissingFirst() {
        let board = CommitmentBoard.build(signatories: Self.signatories, commitments: Self.records)
        #expect(board.lines.map(\.signatory.name) == ["Commune de Lens", "État", "CAF du Pas-de-Calais"])
        #expect(board.lines.map { $0.missing.count } == [10, 9, 7])
        #expect(board.lines.map { $0.met.count } == [5, 4, 5])
        #expect(board.lines.map(\.applicableCount) == [15, 13, 12])
        #expect(board.lines[2].metShare == 5.0 / 12.0)
    }

    @Test func entriesListMissingFirstThenMetThenNotApplicable() throws {
        let board = CommitmentBoard.build(signatories: Self.signatories, commitments: Self.records)
        let caf = try #require(board.lines.first { $0.signatory.id == 3 })
        #expect(caf.entries.map(\.kind) == [
            .commonLawReview, .shareStrategicDocuments, .referentInWorkingGroups, .fieldTeamsInEvents, .pillarPositioning, .fieldStaff,
            .evaluationStaff,
            .steeringBodies, .technicalReferent, .contextData, .studiesSharing, .activityIndicators,
            .multiYearActions, .localSteering, .neighbourhoodCoordination,
        ])
        #expect(caf.entries.map(\.status) == Array(repeating: .notStarted, count: 6) + [.inProgress]
                + Array(repeating: .met, count: 5) + Array(repeating: .notApplicable, count: 3))
        #expect(caf.entries[12] == CommitmentEntry(kind: .multiYearActions, status: .notApplicable, evidence: "pas de patrimoine", updatedYear: 2024))
        #expect(caf.entries[13] == CommitmentEntry(kind: .localSteering, status: .notApplicable, evidence: nil, updatedYear: nil))
    }

    @Test func theLatestRecordWins() throws {
        let board = CommitmentBoard.build(signatories: Self.signatories, commitments: Self.records)
        let state = try #require(board.lines.first { $0.signatory.id == 1 })
        #expect(state.entries.first { $0.kind == .commonLawReview } == CommitmentEntry(kind: .commonLawReview, status: .met, evidence: nil, updatedYear: 2025))
        #expect(state.entries.first { $0.kind == .technicalReferent }?.evidence == "Mme X, déléguée du préfet")
    }

    @Test func boardAsItWasAYearAgo() {
        let board = CommitmentBoard.build(signatories: Self.signatories, commitments: Self.records, asOfYear: 2024)
        #expect(board.lines.map(\.signatory.name) == ["Commune de Lens", "État", "CAF du Pas-de-Calais"])
        #expect(board.lines.map { $0.missing.count } == [13, 10, 7])
        #expect(board.lines[1].entries.first { $0.kind == .commonLawReview }?.status == .inProgress)
    }

    @Test func tiesAreOrderedByName() {
        let a = Organisation(id: 5, name: "Région", kind: .region, siren: nil)
        let b = Organisation(id: 6, name: "ARS", kind: .ars, siren: nil)
        let c = Organisation(id: 7, name: "Éducation nationale", kind: .education, siren: nil)
        let board = CommitmentBoard.build(signatories: [a, b, c], commitments: [])
        #expect(board.lines.map(\.signatory.name) == ["ARS", "Éducation nationale", "Région"])
        #expect(board.lines.map { $0.missing.count } == [13, 13, 13])
    }

    @Test func tallyPerCommitment() {
        let board = CommitmentBoard.build(signatories: Self.signatories, commitments: Self.records)
        let tally = board.metByKind
        #expect(tally[.steeringBodies] == CommitmentTally(met: 3, applicable: 3))
        #expect(tally[.technicalReferent] == CommitmentTally(met: 3, applicable: 3))
        #expect(tally[.localSteering] == CommitmentTally(met: 1, applicable: 1))
        #expect(tally[.multiYearActions] == CommitmentTally(met: 0, applicable: 2))
        #expect(tally[.evaluationStaff] == CommitmentTally(met: 0, applicable: 3))
    }

    @Test func recordsOfNonSignatoriesAreRefused() {
        let association = Organisation(id: 9, name: "Association Les Jardins", kind: .association, siren: nil)
        var records = Self.records
        records.append(Commitment(signatoryID: 10, kind: .contextData, status: .met, updatedYear: 2025))
        records.append(Commitment(signatoryID: 3, kind: .contextData, status: .inProgress, updatedYear: 2024))
        #expect(CommitmentBoard.problems(commitments: records, signatories: Self.signatories, organisations: [association]) == [
            "« Association Les Jardins » n'est pas signataire du contrat : son engagement « Siéger au comité de pilotage et dans les instances de gouvernance » (2025) est refusé",
            "l'organisation n° 10 n'est pas signataire du contrat : son engagement « Fournir régulièrement des données de contexte pour actualiser le diagnostic » (2025) est refusé",
            "« CAF du Pas-de-Calais » : l'engagement « Fournir régulièrement des données de contexte pour actualiser le diagnostic » est renseigné deux fois pour 2024",
        ])
        #expect(CommitmentBoard.problems(commitments: Array(Self.records.dropLast()), signatories: Self.signatories).isEmpty)
    }

    @Test func statusLabels() {
        #expect(CommitmentStatus.allCases.map(\.label) == ["pas engagé", "en cours", "tenu", "sans objet"])
        #expect(CommitmentStatus.allCases.filter(\.isMissing) == [.notStarted, .inProgress])
    }
}
