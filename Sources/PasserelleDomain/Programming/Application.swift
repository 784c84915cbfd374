/// What kind of organisation carries a project. The list goes further than associations and
/// communes because the Région's lines of division name some holders (missions locales, E2C, PLIE).
public enum HolderKind: String, Codable, Sendable, CaseIterable {
    case association
    case inhabitantsCollective
    case commune
    case epci
    case socialLandlord
    case publicBody
    case company
    case missionLocale
    case secondChanceSchool
    case plie
    case other

    public var label: String {
        switch self {
        case .association: "Association"
        case .inhabitantsCollective: "Collectif d'habitants"
        case .commune: "Commune"
        case .epci: "Intercommunalité"
        case .socialLandlord: "Bailleur social"
        case .publicBody: "Établissement public"
        case .company: "Entreprise"
        case .missionLocale: "Mission locale"
        case .secondChanceSchool: "École de la 2e chance (E2C)"
        case .plie: "Plan local pour l'insertion et l'emploi (PLIE)"
        case .other: "Autre structure"
        }
    }
}

/// The organisation applying, identified by its SIRET.
public struct ProjectHolder: Sendable, Hashable, Codable {
    public var name: String
    public var siret: String
    public var kind: HolderKind

    public init(name: String, siret: String, kind: HolderKind) {
        self.name = name
        self.siret = siret
        self.kind = kind
    }
}

/// A partner carrying the project jointly and receiving part of the subsidy.
public struct CoHolder: Sendable, Hashable, Codable {
    public var holder: ProjectHolder
    /// Its part of each subsidy, as a fraction (0.3 = 30 %); the main holder receives the rest.
    public var share: Double

    public init(holder: ProjectHolder, share: Double) {
        self.holder = holder
        self.share = share
    }
}

/// The type of action, drawn from the Région Hauts-de-France "lignes de partage" (seed 003) so that
/// those lines can be written as rules, plus the broad types every call meets.
public enum ActionType: String, Codable, Sendable, CaseIterable {
    // Employment and training
    case qualifyingTraining
    case careerGuidance
    case employmentSupport
    case employmentFirstSteps
    // Entrepreneurship and social economy
    case businessCreationSupport
    case businessCreationEmergence
    case entrepreneurshipAwarenessInSchools
    case integrationWorkshopOperation
    case integrationWorkshopInvestment
    case integrationWorkshopEquipment
    // Arts and culture
    case artsAwarenessHighSchool
    case territorialArtsProject
    case contemporaryMusicProgramming
    case culture
    // Health
    case cardiovascularPrevention
    case addictionPrevention
    case environmentalHealth
    case coordinatedCareFacility
    case health
    // Sport
    case sportFacility
    case sportFacilitySurroundings
    case sport
    // Transitions, mobility, living environment
    case buildingInnovation
    case energyRenovationStrategy
    case mobilityPlatform
    case drivingLicence
    case mobility
    case environment
    case food
    case urbanWorks
    case thirdPlace
    // Social life
    case education
    case digital
    case participation
    case summerActivities
    case socialLink
    case accessToRights
    case other

    public var label: String {
        switch self {
        case .qualifyingTraining: "Formation qualifiante ou certifiante"
        case .careerGuidance: "Accompagnement à l'orientation professionnelle"
        case .employmentSupport: "Accompagnement vers l'emploi (freins périphériques)"
        case .employmentFirstSteps: "Levée des premiers freins à l'emploi"
        case .businessCreationSupport: "Accompagnement à la création d'entreprise"
        case .businessCreationEmergence: "Émergence de projets de création d'entreprise"
        case .entrepreneurshipAwarenessInSchools: "Sensibilisation des scolaires à l'entrepreneuriat"
        case .integrationWorkshopOperation: "Fonctionnement d'un atelier ou chantier d'insertion"
        case .integrationWorkshopInvestment: "Investissement d'un atelier ou chantier d'insertion"
        case .integrationWorkshopEquipment: "Équipement (renouvellement, achat) d'un atelier ou chantier d'insertion"
        case .artsAwarenessHighSchool: "Sensibilisation aux arts des lycéens et apprentis"
        case .territorialArtsProject: "Projet artistique ou culturel de territoire"
        case .contemporaryMusicProgramming: "Programmation de musiques actuelles"
        case .culture: "Action culturelle"
        case .cardiovascularPrevention: "Prévention cardio-vasculaire (diabète, surpoids)"
        case .addictionPrevention: "Prévention des conduites addictives"
        case .environmentalHealth: "Santé-environnement"
        case .coordinatedCareFacility: "Maison ou centre de santé (exercice coordonné)"
        case .health: "Action de santé"
        case .sportFacility: "Équipement sportif de proximité"
        case .sportFacilitySurroundings: "Aménagement des abords d'un équipement sportif"
        case .sport: "Activité sportive"
        case .buildingInnovation: "Projet bâtimentaire exemplaire ou innovant"
        case .energyRenovationStrategy: "Stratégie intercommunale de rénovation énergétique"
        case .mobilityPlatform: "Plateforme mobilité"
        case .drivingLicence: "Aide au permis de conduire"
        case .mobility: "Mobilité durable"
        case .environment: "Transition écologique et développement durable"
        case .food: "Alimentation"
        case .urbanWorks: "Aménagement du cadre de vie"
        case .thirdPlace: "Tiers-lieu"
        case .education: "Éducation et réussite éducative"
        case .digital: "Numérique"
        case .participation: "Participation et citoyenneté"
        case .summerActivities: "Animation estivale"
        case .socialLink: "Lien social et vivre-ensemble"
        case .accessToRights: "Accès aux droits"
        case .other: "Autre"
        }
    }
}

/// The territorial reach of an action, from the smallest to the largest; the order lets a rule say
/// "beyond the commune" (`scale > commune`).
public enum ActionScale: String, Codable, Sendable, CaseIterable, Comparable {
    case neighbourhood
    case commune
    case intercommunal
    case interEPCI
    case department
    case region

    public var label: String {
        switch self {
        case .neighbourhood: "Quartier"
        case .commune: "Commune"
        case .intercommunal: "Intercommunale"
        case .interEPCI: "Plusieurs intercommunalités"
        case .department: "Départementale"
        case .region: "Régionale"
        }
    }

    public static func < (lhs: ActionScale, rhs: ActionScale) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// An expense line of the project budget.
public struct BudgetLine: Sendable, Hashable, Codable {
    public var label: String
    public var amount: Double

    public init(label: String, amount: Double) {
        self.label = label
        self.amount = amount
    }
}

/// A resource line of the funding plan: an amount asked from a funder (and a scheme), or another
/// resource when `funderID` is nil (sponsorship, fees…). Own funds are kept apart, in `ownFunds`.
public struct FundingLine: Sendable, Hashable, Codable {
    public var id: Int
    public var funderID: Int?
    public var schemeID: Int?
    public var label: String
    public var requested: Double
    /// What was finally granted on this line, once decided.
    public var granted: Double?

    public init(id: Int, funderID: Int?, schemeID: Int?, label: String, requested: Double, granted: Double? = nil) {
        self.id = id
        self.funderID = funderID
        self.schemeID = schemeID
        self.label = label
        self.requested = requested
        self.granted = granted
    }
}

/// Age bands of beneficiaries, as programming reports usually count them.
public enum AgeBand: String, Codable, CodingKeyRepresentable, Sendable, CaseIterable, Comparable {
    case under6
    case from6to11
    case from12to17
    case from18to25
    case from26to64
    case over64

    public var label: String {
        switch self {
        case .under6: "0–5 ans"
        case .from6to11: "6–11 ans"
        case .from12to17: "12–17 ans"
        case .from18to25: "18–25 ans"
        case .from26to64: "26–64 ans"
        case .over64: "65 ans et plus"
        }
    }

    public static func < (lhs: AgeBand, rhs: AgeBand) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Who the action reaches (expected in an application, actual in a report).
public struct Beneficiaries: Sendable, Hashable, Codable {
    public var total: Int
    public var women: Int
    public var men: Int
    public var ageBands: [AgeBand: Int]
    /// Share of beneficiaries living in a QPV, in percent (0–100).
    public var livingInQPVShare: Double

    public init(total: Int, women: Int, men: Int, ageBands: [AgeBand: Int] = [:], livingInQPVShare: Double) {
        self.total = total
        self.women = women
        self.men = men
        self.ageBands = ageBands
        self.livingInQPVShare = livingInQPVShare
    }
}

/// An indicator the holder commits to report on.
public struct ExpectedIndicator: Sendable, Hashable, Codable {
    public var label: String
    public var target: Double?
    public var unit: String?

    public init(label: String, target: Double? = nil, unit: String? = nil) {
        self.label = label
        self.target = target
        self.unit = unit
    }
}

/// A non-QPV area an action targets: a lived neighbourhood or a vulnerable territory added by the
/// steering committee.
public struct TargetArea: Sendable, Hashable, Codable {
    public var kind: TerritoryKind
    public var code: String
    public var name: String

    public init(kind: TerritoryKind, code: String, name: String) {
        self.kind = kind
        self.code = code
        self.name = name
    }
}

/// An application to a call: the project, its budget and funding plan, its beneficiaries.
public struct FundingApplication: Sendable, Equatable, Codable {
    public var id: Int
    public var callID: Int
    public var holder: ProjectHolder
    public var coHolders: [CoHolder]
    public var title: String
    public var objectiveIDs: [Int]
    public var qpvCodes: [String]
    public var otherAreas: [TargetArea]
    public var startDate: CalendarDate
    public var endDate: CalendarDate
    /// The programming years the action covers (one for a yearly action, three for a typical CPO).
    public var years: [Int]
    public var budgetLines: [BudgetLine]
    public var fundingPlan: [FundingLine]
    public var ownFunds: Double
    public var beneficiaries: Beneficiaries
    public var expectedIndicators: [ExpectedIndicator]
    public var transitionStatement: String
    public var themes: [TransitionTheme]
    public var actionType: ActionType
    public var scale: ActionScale?
    /// Criteria the holder states the project meets, by code (e.g. the PIC's "citoyenneteActive"),
    /// which rules can require.
    public var declaredCriteria: [String]
    public var status: ApplicationStatus

    public init(id: Int, callID: Int, holder: ProjectHolder, coHolders: [CoHolder] = [], title: String, objectiveIDs: [Int],
                qpvCodes: [String], otherAreas: [TargetArea] = [], startDate: CalendarDate, endDate: CalendarDate, years: [Int],
                budgetLines: [BudgetLine], fundingPlan: [FundingLine], ownFunds: Double, beneficiaries: Beneficiaries,
                expectedIndicators: [ExpectedIndicator] = [], transitionStatement: String = "", themes: [TransitionTheme] = [],
                actionType: ActionType, scale: ActionScale?, declaredCriteria: [String] = [], status: ApplicationStatus = .draft) {
        self.id = id
        self.callID = callID
        self.holder = holder
        self.coHolders = coHolders
        self.title = title
        self.objectiveIDs = objectiveIDs
        self.qpvCodes = qpvCodes
        self.otherAreas = otherAreas
        self.startDate = startDate
        self.endDate = endDate
        self.years = years
        self.budgetLines = budgetLines
        self.fundingPlan = fundingPlan
        self.ownFunds = ownFunds
        self.beneficiaries = beneficiaries
        self.expectedIndicators = expectedIndicators
        self.transitionStatement = transitionStatement
        self.themes = themes
        self.actionType = actionType
        self.scale = scale
        self.declaredCriteria = declaredCriteria
        self.status = status
    }

    /// Sum of the expense lines, to the cent.
    public var totalBudget: Double { EuroAmount.sum(budgetLines.map(\.amount)) }
    /// Sum of the amounts asked on the funding plan (own funds excluded), to the cent.
    public var totalRequested: Double { EuroAmount.sum(fundingPlan.map(\.requested)) }
    /// Funding plan plus own funds: the resources side of the budget.
    public var totalResources: Double { EuroAmount.sum([totalRequested, ownFunds]) }
    public var isMultiYear: Bool { Set(years).count > 1 }

    public func fundingLine(_ id: Int) -> FundingLine? { fundingPlan.first { $0.id == id } }

    /// Amount asked from one funder, over all its lines.
    public func requested(from funderID: Int) -> Double {
        EuroAmount.sum(fundingPlan.filter { $0.funderID == funderID }.map(\.requested))
    }

    /// Funders asked in the plan, in the order they first appear.
    public var funderIDs: [Int] {
        var seen = Set<Int>()
        return fundingPlan.compactMap(\.funderID).filter { seen.insert($0).inserted }
    }
}
