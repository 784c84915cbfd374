import Fluent
import Foundation
import PasserelleDomain
import Vapor

/// The steering committee's dashboard of one contract and year, with the names its tables show.
struct DashboardReport: Sendable {
    var contract: ContractDetail
    var year: Int
    /// Years that have a call in this contract, most recent first.
    var years: [Int]
    var dashboard: ProgrammingDashboard
    var catalog: FundingCatalog
    var qpvNames: [String: String]
    /// True when any call of the contract is a demonstration call.
    var isDemo: Bool
    /// Ambitions with the pillar they belong to.
    var pillarOfNode: [Int: StrategyNode]

    func funderName(_ id: Int) -> String { catalog.funderName(id) }
    func schemeName(_ id: Int?) -> String { id.map { catalog.schemeName($0) } ?? "Sans dispositif" }
    func qpvName(_ code: String) -> String { qpvNames[code] ?? code }
    func pillarTitle(_ id: Int?) -> String {
        guard let id else { return "Tous les piliers" }
        return contract.tree.first { $0.id == id }.map { "\($0.code) — \($0.title)" } ?? "n° \(id)"
    }

    /// One table of the dashboard as CSV (decimal point, UTF-8, comma separated).
    func csv(table: String) throws -> CSVWriter {
        let d = dashboard
        func money(_ value: Double) -> String { JSONNumberOrSecret.plain(EuroAmount.euros(cents: EuroAmount.cents(value))) }
        switch table {
        case "ambitions":
            var csv = CSVWriter(header: ["pilier", "ambition_code", "ambition", "projets_finances", "montant", "couverte"])
            for item in d.ambitionCoverage {
                csv.append([pillarTitle(item.pillarID), item.ambition.code, item.ambition.title, String(item.ambition.projectCount), money(item.ambition.amount),
                            item.isCovered ? "oui" : "non"])
                for objective in item.objectives {
                    csv.append([pillarTitle(item.pillarID), objective.code, objective.title, String(objective.projectCount), money(objective.amount),
                                objective.projectCount > 0 ? "oui" : "non"])
                }
            }
            return csv
        case "piliers":
            var csv = CSVWriter(header: ["pilier_code", "pilier", "projets_finances", "montant"])
            for item in d.byPillar { csv.append([item.code, item.title, String(item.projectCount), money(item.amount)]) }
            return csv
        case "financeurs":
            var csv = CSVWriter(header: ["financeur", "projets_finances", "montant"])
            for item in d.byFunder { csv.append([funderName(item.funderID), String(item.projectCount), money(item.amount)]) }
            return csv
        case "dispositifs":
            var csv = CSVWriter(header: ["dispositif", "financeur", "projets_finances", "montant"])
            for item in d.byScheme {
                csv.append([schemeName(item.schemeID), item.schemeID.flatMap { catalog.scheme($0) }.map { funderName($0.funderID) } ?? "",
                            String(item.projectCount), money(item.amount)])
            }
            return csv
        case "qpv":
            var csv = CSVWriter(header: ["qpv_code", "qpv", "projets_finances", "montant"])
            for item in d.byQPV { csv.append([item.qpvCode, qpvName(item.qpvCode), String(item.projectCount), money(item.amount)]) }
            if d.outsideQPVAmount > 0 { csv.append(["", "Hors quartier prioritaire", "", money(d.outsideQPVAmount)]) }
            return csv
        case "themes":
            var csv = CSVWriter(header: ["theme_code", "theme", "projets_finances", "montant"])
            for item in d.byTheme { csv.append([item.theme.rawValue, item.theme.label, String(item.projectCount), money(item.amount)]) }
            if d.withoutThemeAmount > 0 { csv.append(["", "Sans thème de transition", "", money(d.withoutThemeAmount)]) }
            return csv
        case "beneficiaires":
            var csv = CSVWriter(header: ["annee", "pilier", "projets_finances", "beneficiaires", "femmes", "hommes"])
            for row in d.beneficiaries {
                csv.append([String(row.year), pillarTitle(row.pillarID), String(row.projectCount), String(row.total), String(row.women), String(row.men)])
            }
            return csv
        case "annees":
            var csv = CSVWriter(header: ["financeur", "montant_\(year - 1)", "montant_\(year)"])
            csv.append(["Tous financeurs", money(d.yearOnYear.previousAmount), money(d.yearOnYear.amount)])
            for item in d.yearOnYear.byFunder { csv.append([funderName(item.funderID), money(item.previousAmount), money(item.amount)]) }
            return csv
        default:
            throw RequestError.invalidParameter(name: "table", reason: "valeurs possibles : \(Self.tables.joined(separator: ", ")) ; « \(table) » reçu")
        }
    }

    static let tables = ["ambitions", "piliers", "financeurs", "dispositifs", "qpv", "themes", "beneficiaires", "annees"]
}

/// Dashboards and the open-data export, computed from the stored programming.
struct ProgrammingReports: Sendable {
    let database: any Database

    private var repository: SQLProgrammingRepository { SQLProgrammingRepository(database: database) }

    /// The dashboard of `year`, or of the latest year with a call (the current year when there is none).
    func dashboard(contract: ContractDetail, year requested: Int?, currentYear: Int) async throws -> DashboardReport {
        let calls = try await repository.calls(contractID: contract.contract.id)
        let years = Array(Set(calls.map(\.call.year))).sorted(by: >)
        let year = requested ?? years.first ?? currentYear
        let byCall = Dictionary(uniqueKeysWithValues: calls.map { ($0.call.id, $0.call) })
        let stored = try await repository.applications(.contract(contract.contract.id))
        let applications = stored.compactMap { application in byCall[application.callID].map { application.domain(call: $0) } }
        let decisions = try await repository.decisions(.contract(contract.contract.id)).map(\.decision)
        let agreements = try await repository.agreements(.contract(contract.contract.id)).map(\.agreement)
        let dashboard = ProgrammingDashboard.build(year: year, contractTree: contract.tree, applications: applications, decisions: decisions, agreements: agreements)
        var pillarOfNode: [Int: StrategyNode] = [:]
        for pillar in contract.tree { for node in pillar.flattened { pillarOfNode[node.id] = pillar } }
        return DashboardReport(contract: contract, year: year, years: years, dashboard: dashboard, catalog: try await repository.catalog(),
                               qpvNames: Dictionary(contract.qpv.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a }),
                               isDemo: calls.contains(where: \.isDemo), pillarOfNode: pillarOfNode)
    }

    struct SCDLExport: Sendable {
        var csv: String
        var rows: [SCDLSubsidyRow]
        /// Grants left out, with why (a funder or a beneficiary without a valid SIRET).
        var problems: [String]
    }

    /// Granted subsidies in the SCDL « subventions » schema: one row per beneficiary and decision,
    /// for every funder (or one, by code), one contract or all, decided in `year` (by date of decision)
    /// or in any year.
    func scdl(contractID: Int?, year: Int?, funderCode: String?) async throws -> SCDLExport {
        let funders = try await repository.funders()
        let selected: [StoredFunder]
        if let funderCode {
            selected = funders.filter { $0.funder.code == funderCode }
            if selected.isEmpty { throw RequestError.notFound(what: "Le financeur de code « \(funderCode) »") }
        } else {
            selected = funders
        }
        let callList: [StoredCall] = if let contractID { try await repository.calls(contractID: contractID) } else { try await repository.calls() }
        let byCall = Dictionary(uniqueKeysWithValues: callList.map { ($0.call.id, $0.call) })
        var applications: [FundingApplication] = []
        var decisions: [Decision] = []
        var agreements: [Agreement] = []
        for call in callList {
            applications += try await repository.applications(.call(call.call.id)).compactMap { stored in byCall[stored.callID].map { stored.domain(call: $0) } }
            decisions += try await repository.decisions(.call(call.call.id)).map(\.decision)
            agreements += try await repository.agreements(.call(call.call.id)).map(\.agreement)
        }
        if let year { decisions = decisions.filter { $0.decidedOn.year == year } }
        decisions.sort { ($0.decidedOn, $0.id) < ($1.decidedOn, $1.id) }
        var rows: [SCDLSubsidyRow] = []
        var problems: [String] = []
        for funder in selected {
            let funderDecisions = decisions.filter { $0.funderID == funder.funder.id && $0.isGrant }
            guard !funderDecisions.isEmpty else { continue }
            let result = SCDLSubsidies.rows(funder: funder.funder, applications: applications, decisions: funderDecisions, agreements: agreements)
            rows += result.rows
            problems += result.problems
        }
        return SCDLExport(csv: SCDLSubsidies.csv(rows: rows), rows: rows, problems: problems)
    }

    /// The published grants (every contract, every year) whose beneficiary bears this name, whatever
    /// the accents and case: an actor of the catalogue's directory and the holder of applications
    /// share no other identifier.
    func subsidies(toBeneficiaryNamed name: String) async throws -> [SCDLSubsidyRow] {
        let key = SearchKey.fold(name)
        return try await scdl(contractID: nil, year: nil, funderCode: nil).rows.filter { SearchKey.fold($0.nomBeneficiaire) == key }
    }
}

extension Request {
    var programmingReports: ProgrammingReports { ProgrammingReports(database: db) }
}
