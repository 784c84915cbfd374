/// A funder's decision on one funding line of an application, as the committee recorded it.
public struct Decision: Sendable, Equatable, Codable {
    public var id: Int
    public var applicationID: Int
    public var fundingLineID: Int
    public var funderID: Int
    public var outcome: DecisionOutcome
    /// Amount granted (0 when refused).
    public var amount: Double
    public var decidedOn: CalendarDate
    /// Who decided (the committee, or the funder's deliberating body).
    public var decidedBy: String
    /// Reference of the act (deliberation, order), published as `referenceDecision` in SCDL.
    public var reference: String
    /// Payments made so far, for the SCDL payment dates; empty until paid.
    public var paidOn: [CalendarDate]

    public init(id: Int, applicationID: Int, fundingLineID: Int, funderID: Int, outcome: DecisionOutcome, amount: Double,
                decidedOn: CalendarDate, decidedBy: String, reference: String, paidOn: [CalendarDate] = []) {
        self.id = id
        self.applicationID = applicationID
        self.fundingLineID = fundingLineID
        self.funderID = funderID
        self.outcome = outcome
        self.amount = amount
        self.decidedOn = decidedOn
        self.decidedBy = decidedBy
        self.reference = reference
        self.paidOn = paidOn
    }

    /// Whether money was granted (in full or in part).
    public var isGrant: Bool { outcome != .refused && EuroAmount.cents(amount) > 0 }

    /// The outcome an amount implies for a line: all of it, part of it, or nothing.
    public static func outcome(amount: Double, requested: Double) -> DecisionOutcome {
        let granted = EuroAmount.cents(amount)
        if granted <= 0 { return .refused }
        return granted >= EuroAmount.cents(requested) ? .granted : .partlyGranted
    }

    /// The outcome of a whole application from its line decisions: granted when every line asked
    /// of a public funder got all it asked, refused when nothing was granted, partly granted otherwise.
    /// Nil while a funder line has no decision yet.
    public static func overallOutcome(of application: FundingApplication, decisions: [Decision]) -> DecisionOutcome? {
        let lines = application.fundingPlan.filter { $0.funderID != nil }
        var outcomes: [DecisionOutcome] = []
        for line in lines {
            let onLine = decisions.filter { $0.applicationID == application.id && $0.fundingLineID == line.id }
            guard !onLine.isEmpty else { return nil }
            outcomes.append(outcome(amount: EuroAmount.sum(onLine.map(\.amount)), requested: line.requested))
        }
        if outcomes.isEmpty { return nil }
        if outcomes.allSatisfy({ $0 == .granted }) { return .granted }
        if outcomes.allSatisfy({ $0 == .refused }) { return .refused }
        return .partlyGranted
    }

    /// Checks a decision against the application it concerns.
    public func problems(application: FundingApplication, catalog: FundingCatalog = FundingCatalog()) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        guard applicationID == application.id else {
            return [FieldProblem(field: "applicationID", message: "La décision porte sur la demande n° \(applicationID), pas sur « \(application.title) ».")]
        }
        guard let line = application.fundingLine(fundingLineID) else {
            return [FieldProblem(field: "fundingLineID", message: "La ligne de financement n° \(fundingLineID) n'existe pas dans la demande « \(application.title) ».")]
        }
        if line.funderID != funderID {
            problems.append(FieldProblem(field: "funderID",
                message: "Ligne « \(line.label) » : elle relève de \(line.funderID.map { catalog.funderName($0) } ?? "aucun financeur public"), pas de \(catalog.funderName(funderID))."))
        }
        if amount < 0 {
            problems.append(FieldProblem(field: "amount", message: "Ligne « \(line.label) » : le montant accordé est négatif (\(EuroAmount.format(amount)))."))
        } else if EuroAmount.cents(amount) > EuroAmount.cents(line.requested) {
            problems.append(FieldProblem(field: "amount",
                message: "Ligne « \(line.label) » : \(EuroAmount.format(amount)) accordés pour \(EuroAmount.format(line.requested)) demandés ; le porteur doit d'abord modifier son plan de financement."))
        } else {
            let implied = Decision.outcome(amount: amount, requested: line.requested)
            if implied != outcome {
                problems.append(FieldProblem(field: "outcome",
                    message: "Ligne « \(line.label) » : la décision « \(outcome.label) » ne correspond pas au montant (\(EuroAmount.format(amount)) pour \(EuroAmount.format(line.requested)) demandés : « \(implied.label) »)."))
            }
        }
        if reference.trimmingSpaces.isEmpty {
            problems.append(FieldProblem(field: "reference", message: "La référence de l'acte de décision est vide."))
        }
        if decidedBy.trimmingSpaces.isEmpty {
            problems.append(FieldProblem(field: "decidedBy", message: "L'instance qui a décidé n'est pas indiquée."))
        }
        return problems
    }
}

/// The agreement (convention) between a funder and a holder; a multi-year one (CPO) spreads the
/// money over several years.
public struct Agreement: Sendable, Equatable, Codable {
    public var applicationID: Int
    public var funderID: Int
    /// Amount per programming year.
    public var years: [Int: Double]
    public var signedOn: CalendarDate?
    public var reference: String?

    public init(applicationID: Int, funderID: Int, years: [Int: Double], signedOn: CalendarDate?, reference: String? = nil) {
        self.applicationID = applicationID
        self.funderID = funderID
        self.years = years
        self.signedOn = signedOn
        self.reference = reference
    }

    public var total: Double { EuroAmount.sum(years.values) }
    public var isMultiYear: Bool { years.filter { EuroAmount.cents($0.value) > 0 }.count > 1 }
    public var sortedYears: [Int] { years.keys.sorted() }

    /// Checks the agreement against the funder's decisions on the application: the yearly amounts
    /// must add up to what was granted.
    public func problems(decisions: [Decision], catalog: FundingCatalog = FundingCatalog()) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        for year in sortedYears where years[year]! < 0 {
            problems.append(FieldProblem(field: "years.\(year)", message: "Convention : le montant de \(year) est négatif (\(EuroAmount.format(years[year]!)))."))
        }
        let granted = EuroAmount.sum(decisions.filter { $0.applicationID == applicationID && $0.funderID == funderID && $0.isGrant }.map(\.amount))
        if EuroAmount.cents(granted) != EuroAmount.cents(total) {
            problems.append(FieldProblem(field: "years",
                message: "Convention avec \(catalog.funderName(funderID)) : les montants annuels font \(EuroAmount.format(total)) mais \(EuroAmount.format(granted)) ont été accordés."))
        }
        return problems
    }
}
