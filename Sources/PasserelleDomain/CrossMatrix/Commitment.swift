/// The families the commitment list is presented in.
public enum CommitmentGroup: String, CaseIterable, Codable, Sendable {
    case steering
    case technicalCooperation
    case evaluation
    case fundingAndAction
    case communeSteering

    public var label: String {
        switch self {
        case .steering: "Pilotage du contrat"
        case .technicalCooperation: "Coopération technique et réseau"
        case .evaluation: "Observation et évaluation"
        case .fundingAndAction: "Financement et actions"
        case .communeSteering: "Pilotage communal"
        }
    }
}

/// What a signatory commits to when signing, in the order of the Lens-Liévin contract (seed 004),
/// which asks each partner to make its common-law engagement formal and concrete.
/// Mandatory signatories are bound by all of them; other partners say which ones they take.
public enum CommitmentKind: String, CaseIterable, Codable, Sendable, Comparable {
    // Steering
    case steeringBodies
    case commonLawReview
    // Technical cooperation and networking
    case shareStrategicDocuments
    case technicalReferent
    case referentInWorkingGroups
    case fieldTeamsInEvents
    // Evaluation and observation
    case contextData
    case studiesSharing
    case activityIndicators
    case evaluationStaff
    // Funding and action
    case pillarPositioning
    case fieldStaff
    case multiYearActions
    // Communes
    case localSteering
    case neighbourhoodCoordination

    public var group: CommitmentGroup {
        switch self {
        case .steeringBodies, .commonLawReview: .steering
        case .shareStrategicDocuments, .technicalReferent, .referentInWorkingGroups, .fieldTeamsInEvents: .technicalCooperation
        case .contextData, .studiesSharing, .activityIndicators, .evaluationStaff: .evaluation
        case .pillarPositioning, .fieldStaff, .multiYearActions: .fundingAndAction
        case .localSteering, .neighbourhoodCoordination: .communeSteering
        }
    }

    public var label: String {
        switch self {
        case .steeringBodies: "Siéger au comité de pilotage et dans les instances de gouvernance"
        case .commonLawReview: "Présenter chaque année ses moyens de droit commun engagés pour les QPV"
        case .shareStrategicDocuments: "Communiquer ses documents d'orientation et feuilles de route"
        case .technicalReferent: "Désigner un référent technique pour le contrat"
        case .referentInWorkingGroups: "Permettre à ce référent de suivre les instances et chantiers du contrat"
        case .fieldTeamsInEvents: "Associer ses équipes de terrain aux formations et temps forts"
        case .contextData: "Fournir régulièrement des données de contexte pour actualiser le diagnostic"
        case .studiesSharing: "Faire connaître ses études et travaux d'observation utiles au territoire"
        case .activityIndicators: "Remonter ses indicateurs d'activité nécessaires à l'évaluation"
        case .evaluationStaff: "Mettre un professionnel à disposition de l'évaluation"
        case .pillarPositioning: "Indiquer les piliers et les ambitions sur lesquels il s'engage"
        case .fieldStaff: "Mobiliser ses agents de proximité sur le terrain"
        case .multiYearActions: "Privilégier des actions pluriannuelles sur le cadre de vie (dont l'abattement de TFPB)"
        case .localSteering: "Animer un pilotage local et en faire remonter les enseignements"
        case .neighbourhoodCoordination: "Coordonner les acteurs de la cohésion sociale à l'échelle des QPV"
        }
    }

    /// Whether the commitment is expected from this kind of organisation. The last two concern the
    /// communes' own steering; they do not apply to other partners.
    public func applies(to kind: OrganisationKind) -> Bool {
        group == .communeSteering ? kind == .commune : true
    }

    public static func < (lhs: CommitmentKind, rhs: CommitmentKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public enum CommitmentStatus: String, CaseIterable, Codable, Sendable, Comparable {
    case notStarted
    case inProgress
    case met
    case notApplicable

    public var label: String {
        switch self {
        case .notStarted: "pas engagé"
        case .inProgress: "en cours"
        case .met: "tenu"
        case .notApplicable: "sans objet"
        }
    }

    /// Expected but not met yet.
    public var isMissing: Bool { self == .notStarted || self == .inProgress }

    /// Most urgent first: the order entries are shown in.
    public static func < (lhs: CommitmentStatus, rhs: CommitmentStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Where one signatory stands on one commitment, as recorded in a given year.
public struct Commitment: Sendable, Equatable, Hashable {
    /// The signatory's `Organisation.id`.
    public var signatoryID: Int
    public var kind: CommitmentKind
    public var status: CommitmentStatus
    /// What shows it (a deliberation, the referent's name, a document sent…).
    public var evidence: String?
    public var updatedYear: Int

    public init(signatoryID: Int, kind: CommitmentKind, status: CommitmentStatus, evidence: String? = nil, updatedYear: Int) {
        self.signatoryID = signatoryID
        self.kind = kind
        self.status = status
        self.evidence = evidence
        self.updatedYear = updatedYear
    }
}

/// One commitment of one signatory on the board.
public struct CommitmentEntry: Sendable, Equatable {
    public var kind: CommitmentKind
    public var status: CommitmentStatus
    public var evidence: String?
    /// nil when nothing was ever recorded (the status is then `.notStarted`, or `.notApplicable`
    /// for a commitment that does not concern this kind of organisation).
    public var updatedYear: Int?
}

/// One signatory's line on the board.
public struct SignatoryCommitments: Sendable, Equatable {
    public var signatory: Organisation
    /// Missing first (not started, then in progress), then met, then not applicable; list order within each.
    public var entries: [CommitmentEntry]

    public var missing: [CommitmentEntry] { entries.filter { $0.status.isMissing } }
    public var met: [CommitmentEntry] { entries.filter { $0.status == .met } }
    public var applicableCount: Int { entries.filter { $0.status != .notApplicable }.count }
    /// met / applicable, nil when nothing applies.
    public var metShare: Double? { applicableCount == 0 ? nil : Double(met.count) / Double(applicableCount) }
}

/// How many signatories a commitment applies to and how many met it.
public struct CommitmentTally: Sendable, Equatable, Hashable {
    public var met: Int
    public var applicable: Int

    public init(met: Int, applicable: Int) {
        self.met = met
        self.applicable = applicable
    }
}

/// Who keeps which commitment, for the steering committee.
public struct CommitmentBoard: Sendable, Equatable {
    /// Signatories with the most missing commitments first, then by name.
    public var lines: [SignatoryCommitments]
    /// Per commitment: how many signatories it applies to and how many met it.
    public var metByKind: [CommitmentKind: CommitmentTally] {
        var result: [CommitmentKind: CommitmentTally] = [:]
        for kind in CommitmentKind.allCases { result[kind] = CommitmentTally(met: 0, applicable: 0) }
        for line in lines {
            for entry in line.entries where entry.status != .notApplicable {
                result[entry.kind]!.applicable += 1
                if entry.status == .met { result[entry.kind]!.met += 1 }
            }
        }
        return result
    }

    /// Builds the board from the latest record of each signatory × commitment.
    /// - Parameters:
    ///   - signatories: the contract's signatories.
    ///   - commitments: every record; for one signatory and kind the latest `updatedYear` wins
    ///     (the last one given on a tie). Records of organisations that are not signatories are ignored
    ///     (`problems` reports them).
    ///   - asOfYear: when set, records after that year are ignored, to show the board as it was.
    public static func build(signatories: [Organisation], commitments: [Commitment], asOfYear: Int? = nil) -> CommitmentBoard {
        var latest: [Int: [CommitmentKind: Commitment]] = [:]
        for record in commitments {
            if let asOfYear, record.updatedYear > asOfYear { continue }
            if let current = latest[record.signatoryID]?[record.kind], current.updatedYear > record.updatedYear { continue }
            latest[record.signatoryID, default: [:]][record.kind] = record
        }
        var lines: [SignatoryCommitments] = []
        for signatory in signatories {
            let records = latest[signatory.id] ?? [:]
            let entries = CommitmentKind.allCases.map { kind -> CommitmentEntry in
                if let record = records[kind] {
                    return CommitmentEntry(kind: kind, status: record.status, evidence: record.evidence, updatedYear: record.updatedYear)
                }
                return CommitmentEntry(kind: kind, status: kind.applies(to: signatory.kind) ? .notStarted : .notApplicable,
                                       evidence: nil, updatedYear: nil)
            }
            // Stable: within a status, entries keep the list order.
            let sorted = entries.enumerated().sorted { ($0.element.status, $0.offset) < ($1.element.status, $1.offset) }.map(\.element)
            lines.append(SignatoryCommitments(signatory: signatory, entries: sorted))
        }
        lines = lines.enumerated().sorted { lhs, rhs in
            let left = lhs.element, right = rhs.element
            if left.missing.count != right.missing.count { return left.missing.count > right.missing.count }
            let leftName = SearchKey.fold(left.signatory.name), rightName = SearchKey.fold(right.signatory.name)
            if leftName != rightName { return leftName < rightName }
            return lhs.offset < rhs.offset
        }.map(\.element)
        return CommitmentBoard(lines: lines)
    }

    /// Records to refuse, in French: an organisation that does not sign the contract, or the same
    /// commitment given twice for one year.
    /// - Parameter organisations: every organisation known, to name a non-signatory; a missing one is named by number.
    public static func problems(commitments: [Commitment], signatories: [Organisation], organisations: [Organisation] = []) -> [String] {
        let signatoryIDs = Set(signatories.map(\.id))
        var problems: [String] = []
        var seen = Set<String>()
        for record in commitments {
            let name = organisationName(record.signatoryID, signatories + organisations)
            if !signatoryIDs.contains(record.signatoryID) {
                problems.append("\(name) n'est pas signataire du contrat : son engagement « \(record.kind.label) » (\(record.updatedYear)) est refusé")
                continue
            }
            if !seen.insert("\(record.signatoryID)|\(record.kind.rawValue)|\(record.updatedYear)").inserted {
                problems.append("\(name) : l'engagement « \(record.kind.label) » est renseigné deux fois pour \(record.updatedYear)")
            }
        }
        return problems
    }

    static func organisationName(_ id: Int, _ organisations: [Organisation]) -> String {
        organisations.first { $0.id == id }.map { "« \($0.name) »" } ?? "l'organisation n° \(id)"
    }
}
