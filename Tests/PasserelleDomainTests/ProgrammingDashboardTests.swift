import Testing
@testable import PasserelleDomain

/// Six applications, hand-computed (amounts in euros, year 2025):
///
/// | app | years          | nodes      | QPV                  | themes                  | 2025 grants                               |
/// |-----|----------------|------------|----------------------|-------------------------|-------------------------------------------|
/// | 1   | 2025           | 111        | QN06201M             | food                    | État 10 000 (P147) + Région 3 000 of 5 000 |
/// | 2   | 2025           | 111, 211   | QN06201M, QN06202M   | climate, biodiversity   | État 6 000 (P147)                          |
/// | 3   | 2025–2027 CPO  | 121        | QN06203M             | participation           | État 12 000 of 30 000 (agreement) + Dép. 3 000 of 9 000 (equal split) |
/// | 4   | 2025           | 311        | QN06202M             | —                       | Région refused                             |
/// | 5   | 2025           | 999 (none) | — (vulnerable area)  | energy                  | État 2 000 (no scheme)                     |
/// | 6   | 2024           | 212        | QN06203M             | mobility                | (2024: Région 7 000)                        |
///
/// 2025 total 36 000 = 13 000 + 6 000 + 15 000 + 2 000.
enum DashboardExample {
    static let tree: [StrategyNode] = [
        pillar(1, "P1", "Cohésion sociale", [
            ambition(11, "A1.1", "Réussite éducative", [objective(111, "O1.1.1"), objective(112, "O1.1.2")]),
            ambition(12, "A1.2", "Participation des habitants", [objective(121, "O1.2.1"), objective(122, "O1.2.2")]),
        ]),
        pillar(2, "P2", "Cadre de vie et transition", [
            ambition(21, "A2.1", "Adaptation au climat", [objective(211, "O2.1.1"), objective(212, "O2.1.2")]),
        ]),
        pillar(3, "P3", "Emploi", [
            ambition(31, "A3.1", "Insertion des jeunes", [objective(311, "O3.1.1")]),
        ]),
    ]

    static func pillar(_ id: Int, _ code: String, _ title: String, _ children: [StrategyNode]) -> StrategyNode {
        StrategyNode(id: id, code: code, title: title, summary: nil, level: .pillar, levelName: "Pilier", children: children)
    }
    static func ambition(_ id: Int, _ code: String, _ title: String, _ children: [StrategyNode]) -> StrategyNode {
        StrategyNode(id: id, code: code, title: title, summary: nil, level: .ambition, levelName: "Ambition", children: children)
    }
    static func objective(_ id: Int, _ code: String) -> StrategyNode {
        StrategyNode(id: id, code: code, title: "Objectif \(code)", summary: nil, level: .objective, levelName: "Objectif", children: [])
    }

    static func application(_ id: Int, years: [Int], nodes: [Int], qpv: [String], themes: [TransitionTheme],
                            people: (Int, Int, Int), lines: [FundingLine]) -> FundingApplication {
        let requested = lines.reduce(0) { $0 + $1.requested }
        return FundingApplication(
            id: id, callID: 100, holder: ProgrammingFixture.association, title: "Action \(id)", objectiveIDs: nodes, qpvCodes: qpv,
            otherAreas: qpv.isEmpty ? [TargetArea(kind: .vulnerableArea, code: "TV-62-01", name: "Cité des Provinces")] : [],
            startDate: CalendarDate(iso: "\(years.first!)-01-01")!, endDate: CalendarDate(iso: "\(years.last!)-12-31")!, years: years,
            budgetLines: [BudgetLine(label: "Dépenses", amount: requested)], fundingPlan: lines, ownFunds: 0,
            beneficiaries: Beneficiaries(total: people.0, women: people.1, men: people.2, livingInQPVShare: 90),
            themes: themes, actionType: .other, scale: .commune)
    }

    static let applications: [FundingApplication] = [
        application(1, years: [2025], nodes: [111], qpv: ["QN06201M"], themes: [.food], people: (100, 60, 40), lines: [
            FundingLine(id: 11, funderID: 1, schemeID: 10, label: "État", requested: 10_000),
            FundingLine(id: 12, funderID: 2, schemeID: 23, label: "Région", requested: 5_000)]),
        application(2, years: [2025], nodes: [111, 211], qpv: ["QN06201M", "QN06202M"], themes: [.climate, .biodiversity], people: (50, 20, 30), lines: [
            FundingLine(id: 21, funderID: 1, schemeID: 10, label: "État", requested: 6_000)]),
        application(3, years: [2025, 2026, 2027], nodes: [121], qpv: ["QN06203M"], themes: [.participation], people: (30, 15, 15), lines: [
            FundingLine(id: 31, funderID: 1, schemeID: 10, label: "État", requested: 30_000),
            FundingLine(id: 32, funderID: 3, schemeID: 30, label: "Département", requested: 9_000)]),
        application(4, years: [2025], nodes: [311], qpv: ["QN06202M"], themes: [], people: (20, 5, 15), lines: [
            FundingLine(id: 41, funderID: 2, schemeID: 23, label: "Région", requested: 8_000)]),
        application(5, years: [2025], nodes: [999], qpv: [], themes: [.energy], people: (10, 6, 4), lines: [
            FundingLine(id: 51, funderID: 1, schemeID: nil, label: "État", requested: 2_000)]),
        application(6, years: [2024], nodes: [212], qpv: ["QN06203M"], themes: [.mobility], people: (40, 22, 18), lines: [
            FundingLine(id: 61, funderID: 2, schemeID: 23, label: "Région", requested: 7_000)]),
    ]

    static func decision(_ id: Int, app: Int, line: Int, funder: Int, _ outcome: DecisionOutcome, _ amount: Double, on date: String = "2025-03-15") -> Decision {
        Decision(id: id, applicationID: app, fundingLineID: line, funderID: funder, outcome: outcome, amount: amount,
                 decidedOn: CalendarDate(iso: date)!, decidedBy: "Comité de pilotage", reference: "COPIL-\(id)")
    }

    static let decisions: [Decision] = [
        decision(1, app: 1, line: 11, funder: 1, .granted, 10_000),
        decision(2, app: 1, line: 12, funder: 2, .partlyGranted, 3_000),
        decision(3, app: 2, line: 21, funder: 1, .granted, 6_000),
        decision(4, app: 3, line: 31, funder: 1, .granted, 30_000),
        decision(5, app: 3, line: 32, funder: 3, .granted, 9_000),
        decision(6, app: 4, line: 41, funder: 2, .refused, 0),
        decision(7, app: 5, line: 51, funder: 1, .granted, 2_000),
        decision(8, app: 6, line: 61, funder: 2, .granted, 7_000, on: "2024-03-20"),
    ]

    static let agreements = [Agreement(applicationID: 3, funderID: 1, years: [2025: 12_000, 2026: 9_000, 2027: 9_000], signedOn: CalendarDate(iso: "2025-04-02"))]

    static func dashboard(_ year: Int) -> ProgrammingDashboard {
        ProgrammingDashboard.build(year: year, contractTree: tree, applications: applications, decisions: decisions, agreements: agreements)
    }
}

@Suite struct ProgrammingDashboardTests {
    let board = DashboardExample.dashboard(2025)

    @Test func totalsTheYear() {
        #expect(board.year == 2025)
        #expect(board.totalAmount == 36_000)
        #expect(board.fundedProjectCount == 4)
    }

    @Test func putsUncoveredAmbitionsFirst() {
        #expect(board.ambitionCoverage.map(\.ambition.code) == ["A3.1", "A1.1", "A1.2", "A2.1"])
        #expect(board.ambitionCoverage.map(\.ambition.amount) == [0, 16_000, 15_000, 3_000])
        #expect(board.ambitionCoverage.map(\.ambition.projectCount) == [0, 2, 1, 1])
        #expect(board.ambitionCoverage.map(\.pillarID) == [3, 1, 1, 2])
        #expect(board.ambitionCoverage.map(\.isCovered) == [false, true, true, true])
        #expect(board.ambitionCoverage.map { $0.objectives.map(\.code) } == [["O3.1.1"], ["O1.1.2", "O1.1.1"], ["O1.2.2", "O1.2.1"], ["O2.1.2", "O2.1.1"]])
        #expect(board.ambitionCoverage.map { $0.objectives.map(\.amount) } == [[0], [0, 16_000], [0, 15_000], [0, 3_000]])
        #expect(board.ambitionCoverage.map { $0.objectives.map(\.projectCount) } == [[0], [0, 2], [0, 1], [0, 1]])
    }

    @Test func splitsByPillarAndAmbition() {
        #expect(board.byPillar.map(\.code) == ["P1", "P2", "P3"])
        #expect(board.byPillar.map(\.amount) == [31_000, 3_000, 0])
        #expect(board.byPillar.map(\.projectCount) == [3, 1, 0])
        #expect(board.byAmbition.map(\.code) == ["A1.1", "A1.2", "A2.1", "A3.1"])
        #expect(board.byAmbition.map(\.amount) == [16_000, 15_000, 3_000, 0])
        #expect(board.unattributedAmount == 2_000)
        #expect(board.byPillar.reduce(0) { $0 + $1.amount } + board.unattributedAmount == board.totalAmount)
    }

    @Test func splitsByFunderAndScheme() {
        #expect(board.byFunder == [
            FunderAmount(funderID: 1, amount: 30_000, projectCount: 4),
            FunderAmount(funderID: 2, amount: 3_000, projectCount: 1),
            FunderAmount(funderID: 3, amount: 3_000, projectCount: 1),
        ])
        #expect(board.byScheme == [
            SchemeAmount(schemeID: 10, amount: 28_000, projectCount: 3),
            SchemeAmount(schemeID: 23, amount: 3_000, projectCount: 1),
            SchemeAmount(schemeID: 30, amount: 3_000, projectCount: 1),
            SchemeAmount(schemeID: nil, amount: 2_000, projectCount: 1),
        ])
    }

    @Test func splitsAMultiQPVProjectEqually() {
        #expect(board.byQPV == [
            QPVAmount(qpvCode: "QN06201M", amount: 16_000, projectCount: 2),
            QPVAmount(qpvCode: "QN06203M", amount: 15_000, projectCount: 1),
            QPVAmount(qpvCode: "QN06202M", amount: 3_000, projectCount: 1),
        ])
        #expect(board.outsideQPVAmount == 2_000)
    }

    @Test func splitsByTransitionTheme() {
        #expect(board.byTheme == [
            ThemeAmount(theme: .participation, amount: 15_000, projectCount: 1),
            ThemeAmount(theme: .food, amount: 13_000, projectCount: 1),
            ThemeAmount(theme: .climate, amount: 3_000, projectCount: 1),
            ThemeAmount(theme: .biodiversity, amount: 3_000, projectCount: 1),
            ThemeAmount(theme: .energy, amount: 2_000, projectCount: 1),
        ])
        #expect(board.withoutThemeAmount == 0)
    }

    @Test func measuresTheMultiYearShare() throws {
        #expect(board.multiYearAmount == 15_000)
        let share = try #require(board.multiYearShare)
        #expect(abs(share - 1_500.0 / 36) < 1e-9)   // 41,67 %
    }

    @Test func countsWomenAndMenByPillarAndYear() {
        #expect(board.beneficiaries == [
            PillarBeneficiaries(year: 2024, pillarID: nil, total: 40, women: 22, men: 18, projectCount: 1),
            PillarBeneficiaries(year: 2024, pillarID: 1, total: 0, women: 0, men: 0, projectCount: 0),
            PillarBeneficiaries(year: 2024, pillarID: 2, total: 40, women: 22, men: 18, projectCount: 1),
            PillarBeneficiaries(year: 2024, pillarID: 3, total: 0, women: 0, men: 0, projectCount: 0),
            PillarBeneficiaries(year: 2025, pillarID: nil, total: 190, women: 101, men: 89, projectCount: 4),
            PillarBeneficiaries(year: 2025, pillarID: 1, total: 180, women: 95, men: 85, projectCount: 3),
            PillarBeneficiaries(year: 2025, pillarID: 2, total: 50, women: 20, men: 30, projectCount: 1),
            PillarBeneficiaries(year: 2025, pillarID: 3, total: 0, women: 0, men: 0, projectCount: 0),
        ])
    }

    @Test func comparesWithThePreviousYear() throws {
        let comparison = board.yearOnYear
        #expect(comparison.amount == 36_000)
        #expect(comparison.projectCount == 4)
        #expect(comparison.previousAmount == 7_000)
        #expect(comparison.previousProjectCount == 1)
        #expect(comparison.difference == 29_000)
        #expect(abs(try #require(comparison.change) - 29.0 / 7) < 1e-12)
        #expect(comparison.byFunder == [
            FunderYearComparison(funderID: 1, previousAmount: 0, amount: 30_000),
            FunderYearComparison(funderID: 2, previousAmount: 7_000, amount: 3_000),
            FunderYearComparison(funderID: 3, previousAmount: 0, amount: 3_000),
        ])
    }

    @Test func followsTheAgreementInLaterYears() {
        let later = DashboardExample.dashboard(2026)
        // Only the CPO continues: État 9 000 (agreement) + Département 3 000 (a third of 9 000).
        #expect(later.totalAmount == 12_000)
        #expect(later.byFunder.map(\.amount) == [9_000, 3_000])
        #expect(later.multiYearShare == 100)
        #expect(later.yearOnYear.previousAmount == 36_000)
        #expect(DashboardExample.dashboard(2028).totalAmount == 0)
        #expect(DashboardExample.dashboard(2028).multiYearShare == nil)
        #expect(DashboardExample.dashboard(2028).yearOnYear.change == -1)
    }

    @Test func keepsEveryCentWhenSplitting() {
        var odd = DashboardExample.applications[1]
        odd.id = 9
        let decision = Decision(id: 90, applicationID: 9, fundingLineID: 21, funderID: 1, outcome: .partlyGranted, amount: 100.01,
                                decidedOn: CalendarDate(iso: "2025-05-01")!, decidedBy: "COPIL", reference: "R")
        let board = ProgrammingDashboard.build(year: 2025, contractTree: DashboardExample.tree, applications: [odd], decisions: [decision])
        #expect(board.byQPV.map(\.amount) == [50.01, 50])
        #expect(board.byPillar.map(\.amount) == [50.01, 50, 0])
        #expect(board.totalAmount == 100.01)
    }
}
