/// Common-law credits (an institution's ordinary policies, to be mobilised first for QPV) versus
/// the city policy's own specific credits (State programme 147, the Région's PIC/FTU/NQE…).
public enum FundingKind: String, Codable, Sendable, CaseIterable {
    case commonLaw
    case specific

    public var label: String {
        switch self {
        case .commonLaw: "Droit commun"
        case .specific: "Crédits spécifiques politique de la ville"
        }
    }
}

/// An institution that funds projects of the contract (State, Région, Département, CAF…).
/// `code` is the stable name eligibility rules use ("etat", "region-hdf", "drac").
public struct Funder: Sendable, Hashable, Codable {
    public var id: Int
    public var code: String
    public var name: String
    public var kind: OrganisationKind
    /// Needed for the SCDL open-data export (`idAttribuant`).
    public var siret: String?

    public init(id: Int, code: String, name: String, kind: OrganisationKind, siret: String? = nil) {
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind
        self.siret = siret
    }
}

/// A named funding scheme of one funder ("BOP 147", "Projets d'initiative citoyenne").
/// `code` is what eligibility rules refer to ("P147", "PIC", "FTU", "NQE").
public struct Scheme: Sendable, Hashable, Codable {
    public var id: Int
    public var funderID: Int
    public var name: String
    public var code: String
    public var kind: FundingKind

    public init(id: Int, funderID: Int, name: String, code: String, kind: FundingKind) {
        self.id = id
        self.funderID = funderID
        self.name = name
        self.code = code
        self.kind = kind
    }
}

/// The funders and schemes known to the contract, to name them in messages and to give rules
/// their codes. Lookups are by id.
public struct FundingCatalog: Sendable, Equatable {
    public var funders: [Funder]
    public var schemes: [Scheme]
    private var funderIndex: [Int: Int]
    private var schemeIndex: [Int: Int]

    public init(funders: [Funder] = [], schemes: [Scheme] = []) {
        self.funders = funders
        self.schemes = schemes
        funderIndex = Dictionary(funders.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        schemeIndex = Dictionary(schemes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func funder(_ id: Int?) -> Funder? { id.flatMap { funderIndex[$0] }.map { funders[$0] } }
    public func scheme(_ id: Int?) -> Scheme? { id.flatMap { schemeIndex[$0] }.map { schemes[$0] } }

    /// "Région Hauts-de-France", or "financeur n° 7" when the catalog does not know it.
    public func funderName(_ id: Int) -> String { funder(id)?.name ?? "financeur n° \(id)" }
    public func schemeName(_ id: Int) -> String { scheme(id)?.name ?? "dispositif n° \(id)" }
}

/// The kinds of call a contract runs.
public enum CallKind: String, Codable, Sendable, CaseIterable {
    case yearlyCall
    case ami
    case multiYearCPO
    case pic
    case ftu
    case summerScheme
    case other

    public var label: String {
        switch self {
        case .yearlyCall: "Appel à projets annuel"
        case .ami: "Appel à manifestation d'intérêt (AMI)"
        case .multiYearCPO: "Convention pluriannuelle d'objectifs (CPO)"
        case .pic: "Projets d'initiative citoyenne (PIC)"
        case .ftu: "Fonds de travaux urbains (FTU)"
        case .summerScheme: "Nos Quartiers d'Été"
        case .other: "Autre appel"
        }
    }
}

/// A funder taking part in a call, with the schemes it opens and its envelope for the call.
public struct CallFunder: Sendable, Hashable, Codable {
    public var funderID: Int
    public var schemeIDs: [Int]
    /// Money the funder sets aside for this call; nil when it does not say.
    public var envelope: Double?

    public init(funderID: Int, schemeIDs: [Int], envelope: Double? = nil) {
        self.funderID = funderID
        self.schemeIDs = schemeIDs
        self.envelope = envelope
    }
}

/// A call for projects of a city contract.
public struct Call: Sendable, Equatable, Codable {
    public var id: Int
    public var contractID: Int
    public var kind: CallKind
    public var title: String
    /// The programming year the call belongs to.
    public var year: Int
    public var opensOn: CalendarDate
    public var closesOn: CalendarDate
    /// The period in which funded actions must take place.
    public var actionStartsOn: CalendarDate
    public var actionEndsOn: CalendarDate
    /// Strategy-tree nodes (objectives, or ambitions in two-level contracts) the call answers.
    public var objectiveIDs: [Int]
    public var funders: [CallFunder]
    public var grid: ScoringGrid
    public var documentsAsked: [String]

    public init(id: Int, contractID: Int, kind: CallKind, title: String, year: Int, opensOn: CalendarDate, closesOn: CalendarDate,
                actionStartsOn: CalendarDate, actionEndsOn: CalendarDate, objectiveIDs: [Int], funders: [CallFunder],
                grid: ScoringGrid = .regionDefault, documentsAsked: [String] = []) {
        self.id = id
        self.contractID = contractID
        self.kind = kind
        self.title = title
        self.year = year
        self.opensOn = opensOn
        self.closesOn = closesOn
        self.actionStartsOn = actionStartsOn
        self.actionEndsOn = actionEndsOn
        self.objectiveIDs = objectiveIDs
        self.funders = funders
        self.grid = grid
        self.documentsAsked = documentsAsked
    }

    public func funder(_ funderID: Int) -> CallFunder? { funders.first { $0.funderID == funderID } }

    /// Whether the call accepts applications on that day (both ends included).
    public func isOpen(on date: CalendarDate) -> Bool { opensOn <= date && date <= closesOn }

    /// Problems that make the call itself unusable, in French.
    public func problems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if title.trimmingSpaces.isEmpty {
            problems.append(FieldProblem(field: "title", message: "Le titre de l'appel est vide."))
        }
        if closesOn < opensOn {
            problems.append(FieldProblem(field: "closesOn",
                message: "La clôture de l'appel (\(closesOn.frenchText)) précède son ouverture (\(opensOn.frenchText))."))
        }
        if actionEndsOn < actionStartsOn {
            problems.append(FieldProblem(field: "actionEndsOn",
                message: "La fin de la période des actions (\(actionEndsOn.frenchText)) précède son début (\(actionStartsOn.frenchText))."))
        }
        if funders.isEmpty {
            problems.append(FieldProblem(field: "funders", message: "L'appel n'a aucun financeur."))
        }
        var seen = Set<Int>()
        for (index, funder) in funders.enumerated() {
            if !seen.insert(funder.funderID).inserted {
                problems.append(FieldProblem(field: "funders[\(index)]", message: "Le financeur n° \(funder.funderID) figure deux fois dans l'appel."))
            }
            if let envelope = funder.envelope, envelope < 0 {
                problems.append(FieldProblem(field: "funders[\(index)].envelope",
                    message: "L'enveloppe du financeur n° \(funder.funderID) est négative (\(EuroAmount.format(envelope)))."))
            }
        }
        problems += grid.problems().map { FieldProblem(field: "grid." + $0.field, message: $0.message, severity: $0.severity) }
        return problems
    }
}
