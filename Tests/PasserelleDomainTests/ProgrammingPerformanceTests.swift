import Foundation
import Testing
@testable import PasserelleDomain

/// Timings at the scale of a large region (10 000 applications). Off by default so that the suite
/// stays fast and exact; run with `PASSERELLE_PERF=1 swift test --filter ProgrammingPerformanceTests`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["PASSERELLE_PERF"] != nil))
struct ProgrammingPerformanceTests {
    static let count = 10_000

    /// Deterministic variety without randomness: every application differs by its index.
    static let applications: [FundingApplication] = (0..<count).map { index in
        var application = DashboardExample.applications[index % 6]
        application.id = 1_000 + index
        application.actionType = ActionType.allCases[index % ActionType.allCases.count]
        application.scale = ActionScale.allCases[index % ActionScale.allCases.count]
        application.qpvCodes = application.qpvCodes.isEmpty ? [] : ["QN062\(String(format: "%02d", index % 40))M"]
        return application
    }
    static let decisions: [Decision] = applications.flatMap { application in
        application.fundingPlan.enumerated().map { offset, line in
            Decision(id: application.id * 10 + offset, applicationID: application.id, fundingLineID: line.id, funderID: line.funderID ?? 1,
                     outcome: .granted, amount: line.requested, decidedOn: CalendarDate(iso: "2025-03-15")!, decidedBy: "COPIL", reference: "R")
        }
    }

    func time(_ label: String, _ work: () -> Void) {
        let clock = ContinuousClock()
        let elapsed = clock.measure(work)
        print("⏱ \(label): \(elapsed)")
    }

    @Test func measuresTheHotPaths() throws {
        let rules = try EligibilityRuleSet.decode(json: Data(contentsOf: ProgrammingFixture.ruleFileURL)).get()
        let call = ProgrammingFixture.call()
        let context = EligibilityContext(programme147Envelope: 1_000_000, grantedToVulnerableAreas: 10_000)
        var findings = 0
        time("eligibility, 37 rules × \(Self.count) applications") {
            for application in Self.applications {
                findings += EligibilityEngine.evaluate(application, call: call, rules: rules, catalog: ProgrammingFixture.catalog, context: context).count
            }
        }
        #expect(findings > 0)
        var total = 0.0
        time("dashboard, \(Self.count) applications, \(Self.decisions.count) decisions") {
            total = ProgrammingDashboard.build(year: 2025, contractTree: DashboardExample.tree, applications: Self.applications, decisions: Self.decisions).totalAmount
        }
        #expect(total > 0)
        var problems = 0
        time("validation, \(Self.count) applications") {
            for application in Self.applications { problems += ApplicationValidation.problems(application, call: call, catalog: ProgrammingFixture.catalog).count }
        }
        var etat = ProgrammingFixture.etat
        etat.siret = "13000000700018"
        var csv = ""
        time("SCDL export + validation, \(Self.decisions.count) decisions") {
            csv = SCDLSubsidies.csv(rows: SCDLSubsidies.rows(funder: etat, applications: Self.applications, decisions: Self.decisions).rows)
            #expect(SCDLSubsidies.validate(csv: csv) == [])
        }
        #expect(!csv.isEmpty)
    }
}
