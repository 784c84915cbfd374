/// Where a milestone of the transition roadmap stands.
public enum MilestoneStatus: String, CaseIterable, Codable, Sendable, Comparable {
    case planned
    case onTrack
    case late
    case done

    public var label: String {
        switch self {
        case .planned: "prévu"
        case .onTrack: "en bonne voie"
        case .late: "en retard"
        case .done: "réalisé"
        }
    }

    /// Reads a status from its French label or raw value, case and accents ignored.
    public init?(text: String) {
        let key = SearchKey.fold(text)
        guard let status = Self.allCases.first(where: { SearchKey.fold($0.label) == key || SearchKey.fold($0.rawValue) == key }) else { return nil }
        self = status
    }

    public static func < (lhs: MilestoneStatus, rhs: MilestoneStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A dated step of the contract's transition roadmap ("feuille de route transitions").
public struct Milestone: Sendable, Equatable, Hashable, Identifiable {
    public var id: Int
    public var year: Int
    public var title: String
    /// Who answers for it (an organisation, a service, a body).
    public var owner: String
    /// The observatory indicator that tells whether it is reached.
    public var indicatorCode: String?
    /// The value or state to reach, as written by the contract team ("30 % de cours végétalisées").
    public var target: String?
    /// Strategy-node ids the milestone serves.
    public var objectiveIDs: [Int]
    /// Plan-action ids it relies on.
    public var actionIDs: [Int]
    public var status: MilestoneStatus

    public init(id: Int, year: Int, title: String, owner: String, indicatorCode: String? = nil, target: String? = nil,
                objectiveIDs: [Int] = [], actionIDs: [Int] = [], status: MilestoneStatus = .planned) {
        self.id = id
        self.year = year
        self.title = title
        self.owner = owner
        self.indicatorCode = indicatorCode
        self.target = target
        self.objectiveIDs = objectiveIDs
        self.actionIDs = actionIDs
        self.status = status
    }

    /// "le jalon « Titre »", or by number when the title is empty.
    public var name: String {
        title.trimmingSpaces.isEmpty ? "le jalon n° \(id)" : "le jalon « \(title.trimmingSpaces) »"
    }

    /// What a form must refuse, in French, naming the milestone.
    /// - Parameters:
    ///   - startYear, endYear: the contract's period (e.g. 2024–2030).
    ///   - objectiveIDs, actionIDs: the ids that exist, when the caller wants them checked.
    public func validationProblems(startYear: Int, endYear: Int, objectiveIDs knownObjectives: Set<Int>? = nil,
                                   actionIDs knownActions: Set<Int>? = nil) -> [String] {
        var problems: [String] = []
        if title.trimmingSpaces.isEmpty { problems.append("le jalon n° \(id) n'a pas de titre") }
        if year < startYear || year > endYear {
            problems.append("\(name) : l'année \(year) est hors de la période du contrat (\(startYear)–\(endYear))")
        }
        if owner.trimmingSpaces.isEmpty { problems.append("\(name) : il faut dire qui en répond") }
        if let knownObjectives {
            for id in objectiveIDs where !knownObjectives.contains(id) {
                problems.append("\(name) : l'objectif n° \(id) n'existe pas dans ce contrat")
            }
        }
        if let knownActions {
            for id in actionIDs where !knownActions.contains(id) {
                problems.append("\(name) : l'action de plan n° \(id) est inconnue")
            }
        }
        return problems
    }
}

/// One year of the roadmap.
public struct RoadmapYear: Sendable, Equatable {
    public var year: Int
    /// In the order given.
    public var milestones: [Milestone]
    /// Milestones per status; every status is present, zero included.
    public var countsByStatus: [MilestoneStatus: Int]

    public func count(_ status: MilestoneStatus) -> Int { countsByStatus[status] ?? 0 }
}

/// The roadmap laid out year by year.
public struct RoadmapTimeline: Sendable, Equatable {
    /// Every year of the period, in order, even those without milestone.
    public var years: [RoadmapYear]
    /// Milestones of a past year that are not done, oldest first.
    public var overdue: [Milestone]
    /// Milestones dated outside the period (they fail validation, but old data may hold some).
    public var outOfPeriod: [Milestone]
    /// Milestones per status over the period.
    public var countsByStatus: [MilestoneStatus: Int]
}

public enum Roadmap {
    /// Groups milestones by year over the period and lists the overdue ones.
    /// - Parameter currentYear: injected so that the result does not depend on the clock.
    public static func timeline(milestones: [Milestone], startYear: Int, endYear: Int, currentYear: Int) -> RoadmapTimeline {
        let zero = Dictionary(uniqueKeysWithValues: MilestoneStatus.allCases.map { ($0, 0) })
        let inPeriod = milestones.filter { $0.year >= startYear && $0.year <= endYear }
        let byYear = Dictionary(grouping: inPeriod, by: \.year)
        let years = startYear <= endYear ? Array(startYear...endYear) : []
        let rows = years.map { year in
            let list = byYear[year] ?? []
            var counts = zero
            for milestone in list { counts[milestone.status, default: 0] += 1 }
            return RoadmapYear(year: year, milestones: list, countsByStatus: counts)
        }
        var totals = zero
        for milestone in inPeriod { totals[milestone.status, default: 0] += 1 }
        let overdue = milestones.enumerated()
            .filter { $0.element.year < currentYear && $0.element.status != .done }
            .sorted { ($0.element.year, $0.offset) < ($1.element.year, $1.offset) }
            .map(\.element)
        return RoadmapTimeline(years: rows, overdue: overdue,
                               outOfPeriod: milestones.filter { $0.year < startYear || $0.year > endYear },
                               countsByStatus: totals)
    }
}
