/// Money and projects attached to one strategy-tree node.
public struct NodeAmount: Sendable, Equatable, Codable {
    public var nodeID: Int
    public var code: String
    public var title: String
    public var amount: Double
    public var projectCount: Int

    public init(nodeID: Int, code: String, title: String, amount: Double, projectCount: Int) {
        self.nodeID = nodeID
        self.code = code
        self.title = title
        self.amount = amount
        self.projectCount = projectCount
    }
}

/// An ambition (second level of the tree) with its objectives and what funded projects serve them.
public struct AmbitionCoverage: Sendable, Equatable, Codable {
    public var pillarID: Int
    public var ambition: NodeAmount
    /// Its objectives, uncovered first, then in tree order.
    public var objectives: [NodeAmount]

    public var isCovered: Bool { ambition.projectCount > 0 }
}

public struct FunderAmount: Sendable, Equatable, Codable {
    public var funderID: Int
    public var amount: Double
    public var projectCount: Int
}

public struct SchemeAmount: Sendable, Equatable, Codable {
    /// Nil for money granted on lines that name no scheme.
    public var schemeID: Int?
    public var amount: Double
    public var projectCount: Int
}

public struct QPVAmount: Sendable, Equatable, Codable {
    public var qpvCode: String
    public var amount: Double
    public var projectCount: Int
}

public struct ThemeAmount: Sendable, Equatable, Codable {
    public var theme: TransitionTheme
    public var amount: Double
    public var projectCount: Int
}

/// Women and men reached by the funded projects of one pillar (or of all, `pillarID` nil) in a year.
public struct PillarBeneficiaries: Sendable, Equatable, Codable {
    public var year: Int
    public var pillarID: Int?
    public var total: Int
    public var women: Int
    public var men: Int
    public var projectCount: Int
}

public struct FunderYearComparison: Sendable, Equatable, Codable {
    public var funderID: Int
    public var previousAmount: Double
    public var amount: Double
}

/// This year against the previous one.
public struct YearComparison: Sendable, Equatable, Codable {
    public var year: Int
    public var amount: Double
    public var projectCount: Int
    public var previousAmount: Double
    public var previousProjectCount: Int
    public var byFunder: [FunderYearComparison]

    public var difference: Double { EuroAmount.sum([amount, -previousAmount]) }
    /// Relative change (0.25 = +25 %); nil when nothing was funded the previous year.
    public var change: Double? { previousAmount > 0 ? (amount - previousAmount) / previousAmount : nil }
}

/// The programming figures a steering committee reads for one year.
///
/// How money is attributed, so that every breakdown adds up to the year's total to the cent:
/// - **Year.** A grant counts in a year through the funder's agreement when there is one (its
///   amount for that year, in proportion when the funder decided on several lines); otherwise it is
///   split equally over the application's years.
/// - **Strategy tree.** A project serving several nodes has its amount split equally between them;
///   each node counts the project once. Money of projects whose nodes are all outside the tree is
///   `unattributedAmount`.
/// - **QPV and themes.** Split equally between the project's QPV (or themes); projects naming none
///   go to `outsideQPVAmount` (or `withoutThemeAmount`).
/// - **Beneficiaries** are not split: a project serving two pillars counts its people in both, so
///   pillar rows may add up to more than the all-pillars row (`pillarID` nil).
/// - Equal splits are made in cents, the first parts taking the leftover cents.
public struct ProgrammingDashboard: Sendable, Equatable, Codable {
    public var year: Int
    public var totalAmount: Double
    public var fundedProjectCount: Int
    /// Ambitions, uncovered first (then tree order), each with its objectives.
    public var ambitionCoverage: [AmbitionCoverage]
    /// Largest amount first.
    public var byFunder: [FunderAmount]
    public var byScheme: [SchemeAmount]
    /// Tree order.
    public var byPillar: [NodeAmount]
    public var byAmbition: [NodeAmount]
    public var unattributedAmount: Double
    public var byQPV: [QPVAmount]
    public var outsideQPVAmount: Double
    public var byTheme: [ThemeAmount]
    public var withoutThemeAmount: Double
    public var multiYearAmount: Double
    /// Share of the year's money going to multi-year actions, in percent; nil when nothing is funded.
    public var multiYearShare: Double?
    /// The previous year and this one, each with an all-pillars row then one row per pillar.
    public var beneficiaries: [PillarBeneficiaries]
    public var yearOnYear: YearComparison

    /// Builds the dashboard of `year` from the contract's tree (pillars → ambitions → objectives),
    /// the applications and the decisions on them (refusals count for nothing), and the agreements.
    public static func build(year: Int, contractTree: [StrategyNode], applications: [FundingApplication],
                             decisions: [Decision], agreements: [Agreement] = []) -> ProgrammingDashboard {
        let allocation = ProgrammingYearAllocation(applications: applications, decisions: decisions, agreements: agreements)
        let tree = ProgrammingTreeIndex(contractTree)
        let current = allocation.grants(in: year)
        let previous = allocation.grants(in: year - 1)

        var total = 0
        var funderCents: [Int: Int] = [:], funderProjects: [Int: Set<Int>] = [:]
        var schemeCents: [Int?: Int] = [:], schemeProjects: [Int?: Set<Int>] = [:]
        for grant in current {
            total += grant.cents
            funderCents[grant.decision.funderID, default: 0] += grant.cents
            funderProjects[grant.decision.funderID, default: []].insert(grant.application.id)
            let schemeID = grant.application.fundingLine(grant.decision.fundingLineID)?.schemeID
            schemeCents[schemeID, default: 0] += grant.cents
            schemeProjects[schemeID, default: []].insert(grant.application.id)
        }

        let projects = allocation.projectAmounts(current)
        var nodeCents: [Int: Int] = [:], nodeProjects: [Int: Set<Int>] = [:]
        var unattributed = 0
        var qpvCents: [String: Int] = [:], qpvProjects: [String: Set<Int>] = [:], outsideQPV = 0
        var themeCents: [TransitionTheme: Int] = [:], themeProjects: [TransitionTheme: Set<Int>] = [:], withoutTheme = 0
        var multiYear = 0
        for (application, cents) in projects {
            let targets = ProgrammingYearAllocation.unique(application.objectiveIDs.filter { tree.path[$0] != nil })
            if targets.isEmpty { unattributed += cents }
            for (target, part) in zip(targets, ProgrammingYearAllocation.split(cents, targets.count)) {
                for nodeID in tree.path[target]! {
                    nodeCents[nodeID, default: 0] += part
                    nodeProjects[nodeID, default: []].insert(application.id)
                }
            }
            let qpvs = ProgrammingYearAllocation.unique(application.qpvCodes)
            if qpvs.isEmpty { outsideQPV += cents }
            for (code, part) in zip(qpvs, ProgrammingYearAllocation.split(cents, qpvs.count)) {
                qpvCents[code, default: 0] += part
                qpvProjects[code, default: []].insert(application.id)
            }
            let themes = ProgrammingYearAllocation.unique(application.themes)
            if themes.isEmpty { withoutTheme += cents }
            for (theme, part) in zip(themes, ProgrammingYearAllocation.split(cents, themes.count)) {
                themeCents[theme, default: 0] += part
                themeProjects[theme, default: []].insert(application.id)
            }
            if application.isMultiYear { multiYear += cents }
        }

        func node(_ node: StrategyNode) -> NodeAmount {
            NodeAmount(nodeID: node.id, code: node.code, title: node.title,
                       amount: EuroAmount.euros(cents: nodeCents[node.id] ?? 0), projectCount: nodeProjects[node.id]?.count ?? 0)
        }
        func uncoveredFirst(_ items: [NodeAmount]) -> [NodeAmount] {
            items.enumerated().sorted { ($0.element.projectCount > 0 ? 1 : 0, $0.offset) < ($1.element.projectCount > 0 ? 1 : 0, $1.offset) }.map(\.element)
        }
        let coverage = contractTree.flatMap { pillar in
            pillar.children.map { ambition in
                AmbitionCoverage(pillarID: pillar.id, ambition: node(ambition), objectives: uncoveredFirst(ambition.children.map(node)))
            }
        }
        let sortedCoverage = coverage.enumerated()
            .sorted { ($0.element.isCovered ? 1 : 0, $0.offset) < ($1.element.isCovered ? 1 : 0, $1.offset) }
            .map(\.element)

        let previousProjects = allocation.projectAmounts(previous)
        var previousByFunder: [Int: Int] = [:]
        for grant in previous { previousByFunder[grant.decision.funderID, default: 0] += grant.cents }
        let comparisonFunders = Set(funderCents.keys).union(previousByFunder.keys).sorted()

        return ProgrammingDashboard(
            year: year,
            totalAmount: EuroAmount.euros(cents: total),
            fundedProjectCount: projects.count,
            ambitionCoverage: sortedCoverage,
            byFunder: funderCents.map { FunderAmount(funderID: $0.key, amount: EuroAmount.euros(cents: $0.value), projectCount: funderProjects[$0.key]!.count) }
                .sorted { ($1.amount, $0.funderID) < ($0.amount, $1.funderID) },
            byScheme: schemeCents.map { SchemeAmount(schemeID: $0.key, amount: EuroAmount.euros(cents: $0.value), projectCount: schemeProjects[$0.key]!.count) }
                .sorted { ($1.amount, $0.schemeID ?? Int.max) < ($0.amount, $1.schemeID ?? Int.max) },
            byPillar: contractTree.map(node),
            byAmbition: contractTree.flatMap { $0.children.map(node) },
            unattributedAmount: EuroAmount.euros(cents: unattributed),
            byQPV: qpvCents.map { QPVAmount(qpvCode: $0.key, amount: EuroAmount.euros(cents: $0.value), projectCount: qpvProjects[$0.key]!.count) }
                .sorted { ($1.amount, $0.qpvCode) < ($0.amount, $1.qpvCode) },
            outsideQPVAmount: EuroAmount.euros(cents: outsideQPV),
            byTheme: themeCents.map { ThemeAmount(theme: $0.key, amount: EuroAmount.euros(cents: $0.value), projectCount: themeProjects[$0.key]!.count) }
                .sorted { $0.amount != $1.amount ? $0.amount > $1.amount : $0.theme < $1.theme },
            withoutThemeAmount: EuroAmount.euros(cents: withoutTheme),
            multiYearAmount: EuroAmount.euros(cents: multiYear),
            multiYearShare: total > 0 ? Double(multiYear) / Double(total) * 100 : nil,
            beneficiaries: beneficiaryRows(year: year - 1, projects: previousProjects, tree: tree, pillars: contractTree)
                + beneficiaryRows(year: year, projects: projects, tree: tree, pillars: contractTree),
            yearOnYear: YearComparison(
                year: year,
                amount: EuroAmount.euros(cents: total),
                projectCount: projects.count,
                previousAmount: EuroAmount.euros(cents: previous.reduce(0) { $0 + $1.cents }),
                previousProjectCount: previousProjects.count,
                byFunder: comparisonFunders.map {
                    FunderYearComparison(funderID: $0, previousAmount: EuroAmount.euros(cents: previousByFunder[$0] ?? 0),
                                         amount: EuroAmount.euros(cents: funderCents[$0] ?? 0))
                }))
    }

    static func beneficiaryRows(year: Int, projects: [(FundingApplication, Int)], tree: ProgrammingTreeIndex, pillars: [StrategyNode]) -> [PillarBeneficiaries] {
        var rows = [PillarBeneficiaries(year: year, pillarID: nil, total: 0, women: 0, men: 0, projectCount: 0)]
            + pillars.map { PillarBeneficiaries(year: year, pillarID: $0.id, total: 0, women: 0, men: 0, projectCount: 0) }
        let rowIndex = Dictionary(uniqueKeysWithValues: pillars.enumerated().map { ($1.id, $0 + 1) })
        for (application, _) in projects {
            let people = application.beneficiaries
            let pillarIDs = Set(application.objectiveIDs.compactMap { tree.path[$0]?.first })
            for index in [0] + pillarIDs.compactMap({ rowIndex[$0] }) {
                rows[index].total += people.total
                rows[index].women += people.women
                rows[index].men += people.men
                rows[index].projectCount += 1
            }
        }
        return rows
    }
}

/// For each node id, the ids from its pillar down to it.
struct ProgrammingTreeIndex {
    var path: [Int: [Int]] = [:]

    init(_ pillars: [StrategyNode]) {
        func walk(_ node: StrategyNode, _ ancestors: [Int]) {
            let here = ancestors + [node.id]
            path[node.id] = here
            for child in node.children { walk(child, here) }
        }
        for pillar in pillars { walk(pillar, []) }
    }
}

/// Spreads granted money over programming years.
struct ProgrammingYearAllocation {
    struct Grant {
        var application: FundingApplication
        var decision: Decision
        var cents: Int
    }

    var applications: [Int: FundingApplication]
    var decisions: [Decision]
    var agreements: [AgreementKey: Agreement]

    struct AgreementKey: Hashable {
        var applicationID: Int
        var funderID: Int
    }

    init(applications: [FundingApplication], decisions: [Decision], agreements: [Agreement]) {
        self.applications = Dictionary(applications.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.decisions = decisions
        self.agreements = Dictionary(agreements.map { (AgreementKey(applicationID: $0.applicationID, funderID: $0.funderID), $0) },
                                     uniquingKeysWith: { first, _ in first })
    }

    /// Every grant's part in `year` (zero parts left out), in decision order.
    func grants(in year: Int) -> [Grant] {
        decisions.compactMap { decision in
            guard decision.isGrant, let application = applications[decision.applicationID] else { return nil }
            let cents = part(of: decision, application: application, in: year)
            return cents > 0 ? Grant(application: application, decision: decision, cents: cents) : nil
        }
    }

    func part(of decision: Decision, application: FundingApplication, in year: Int) -> Int {
        let amount = EuroAmount.cents(decision.amount)
        if let agreement = agreements[AgreementKey(applicationID: application.id, funderID: decision.funderID)] {
            let total = EuroAmount.cents(agreement.total)
            guard total > 0 else { return 0 }
            let thisYear = EuroAmount.cents(agreement.years[year] ?? 0)
            return Int((Double(amount) * Double(thisYear) / Double(total)).rounded())
        }
        var years = Self.unique(application.years).sorted()
        if years.isEmpty { years = [decision.decidedOn.year] }
        guard let index = years.firstIndex(of: year) else { return 0 }
        return Self.split(amount, years.count)[index]
    }

    /// Each funded application with its money in the year, in order of first grant.
    func projectAmounts(_ grants: [Grant]) -> [(FundingApplication, Int)] {
        var order: [Int] = []
        var cents: [Int: Int] = [:]
        var byID: [Int: FundingApplication] = [:]
        for grant in grants {
            if cents[grant.application.id] == nil { order.append(grant.application.id); byID[grant.application.id] = grant.application }
            cents[grant.application.id, default: 0] += grant.cents
        }
        return order.map { (byID[$0]!, cents[$0]!) }
    }

    static func split(_ cents: Int, _ parts: Int) -> [Int] {
        guard parts > 0 else { return [] }
        let base = cents / parts
        let leftover = cents - base * parts
        return (0..<parts).map { base + ($0 < leftover ? 1 : 0) }
    }

    static func unique<T: Hashable>(_ values: [T]) -> [T] {
        var seen = Set<T>()
        return values.filter { seen.insert($0).inserted }
    }
}
