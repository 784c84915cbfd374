import Testing
@testable import PasserelleDomain

@Suite struct RoadmapTests {
    static let milestones = [
        Milestone(id: 1, year: 2024, title: "Diagnostic chaleur des QPV", owner: "Agglomération", indicatorCode: "ICU", status: .done),
        Milestone(id: 2, year: 2025, title: "Dix cours d'école végétalisées", owner: "Villes", target: "10 cours", objectiveIDs: [111], actionIDs: [101], status: .late),
        Milestone(id: 3, year: 2025, title: "Plan vélo des quartiers", owner: "AOM", status: .done),
        Milestone(id: 4, year: 2024, title: "Référents transition nommés", owner: "Signataires", status: .planned),
        Milestone(id: 5, year: 2026, title: "Épicerie solidaire ouverte", owner: "CCAS", status: .onTrack),
        Milestone(id: 6, year: 2030, title: "Bilan transitions", owner: "COPIL", status: .planned),
        Milestone(id: 7, year: 2032, title: "Hors période", owner: "COPIL", status: .planned),
    ]

    @Test func timelineGroupsByYearAndCountsStatuses() {
        let timeline = Roadmap.timeline(milestones: Self.milestones, startYear: 2024, endYear: 2030, currentYear: 2026)
        #expect(timeline.years.map(\.year) == [2024, 2025, 2026, 2027, 2028, 2029, 2030])
        #expect(timeline.years.map { $0.milestones.map(\.id) } == [[1, 4], [2, 3], [5], [], [], [], [6]])
        #expect(timeline.years[0].countsByStatus == [.planned: 1, .onTrack: 0, .late: 0, .done: 1])
        #expect(timeline.years[1].count(.late) == 1 && timeline.years[1].count(.done) == 1)
        #expect(timeline.years[3].countsByStatus == [.planned: 0, .onTrack: 0, .late: 0, .done: 0])
        #expect(timeline.countsByStatus == [.planned: 2, .onTrack: 1, .late: 1, .done: 2])
        #expect(timeline.outOfPeriod.map(\.id) == [7])
    }

    @Test func overdueAreThePastMilestonesNotDone() {
        let timeline = Roadmap.timeline(milestones: Self.milestones, startYear: 2024, endYear: 2030, currentYear: 2026)
        // 2024 planned (4) and 2025 late (2); 2026 is the current year, not yet overdue.
        #expect(timeline.overdue.map(\.id) == [4, 2])
        let later = Roadmap.timeline(milestones: Self.milestones, startYear: 2024, endYear: 2030, currentYear: 2027)
        #expect(later.overdue.map(\.id) == [4, 2, 5])
        let first = Roadmap.timeline(milestones: Self.milestones, startYear: 2024, endYear: 2030, currentYear: 2024)
        #expect(first.overdue.isEmpty)
    }

    @Test func validationNamesTheMilestone() {
        let milestone = Milestone(id: 9, year: 2031, title: "Zéro passoire thermique", owner: "", objectiveIDs: [111, 999], actionIDs: [555])
        #expect(milestone.validationProblems(startYear: 2024, endYear: 2030, objectiveIDs: [111, 112], actionIDs: [101]) == [
            "le jalon « Zéro passoire thermique » : l'année 2031 est hors de la période du contrat (2024–2030)",
            "le jalon « Zéro passoire thermique » : il faut dire qui en répond",
            "le jalon « Zéro passoire thermique » : l'objectif n° 999 n'existe pas dans ce contrat",
            "le jalon « Zéro passoire thermique » : l'action de plan n° 555 est inconnue",
        ])
        #expect(Milestone(id: 3, year: 2023, title: " ", owner: "x").validationProblems(startYear: 2024, endYear: 2030) == [
            "le jalon n° 3 n'a pas de titre",
            "le jalon n° 3 : l'année 2023 est hors de la période du contrat (2024–2030)",
        ])
        #expect(Self.milestones[0].validationProblems(startYear: 2024, endYear: 2030).isEmpty)
        #expect(Self.milestones[5].validationProblems(startYear: 2024, endYear: 2030).isEmpty)
    }

    @Test func statusLabels() {
        #expect(MilestoneStatus.allCases.map(\.label) == ["prévu", "en bonne voie", "en retard", "réalisé"])
        #expect(MilestoneStatus(text: "Réalisé") == .done)
        #expect(MilestoneStatus(text: "en bonne voie") == .onTrack)
        #expect(MilestoneStatus(text: "abandonné") == nil)
    }
}
