/// One line of a signatory's yearly "photograph" of the common-law means it put into the QPV,
/// optionally attached to a pillar and an ambition of the contract.
public struct CommonLawMeans: Sendable, Equatable, Hashable {
    /// The signatory's `Organisation.id`.
    public var signatoryID: Int
    public var year: Int
    public var pillarCode: String?
    public var ambitionCode: String?
    public var amountEuros: Double?
    /// Staff, in full-time equivalents.
    public var staffFTE: Double?
    public var beneficiaries: Int?
    public var beneficiariesInQPV: Int?
    public var note: String?

    public init(signatoryID: Int, year: Int, pillarCode: String? = nil, ambitionCode: String? = nil, amountEuros: Double? = nil,
                staffFTE: Double? = nil, beneficiaries: Int? = nil, beneficiariesInQPV: Int? = nil, note: String? = nil) {
        self.signatoryID = signatoryID
        self.year = year
        self.pillarCode = pillarCode
        self.ambitionCode = ambitionCode
        self.amountEuros = amountEuros
        self.staffFTE = staffFTE
        self.beneficiaries = beneficiaries
        self.beneficiariesInQPV = beneficiariesInQPV
        self.note = note
    }
}

/// Sums of photograph lines. A figure no line gives stays nil rather than becoming 0:
/// "not reported" and "nothing mobilised" are different answers.
public struct MeansTotals: Sendable, Equatable, Hashable {
    public var lineCount: Int
    public var amountEuros: Double?
    public var staffFTE: Double?
    public var beneficiaries: Int?
    public var beneficiariesInQPV: Int?
    /// Lines that give no amount, to show how complete the sum is.
    public var linesWithoutAmount: Int
    /// Beneficiaries in QPV / beneficiaries, over the lines that give both; nil when none does or the total is 0.
    public var qpvShare: Double?

    public init(lineCount: Int = 0, amountEuros: Double? = nil, staffFTE: Double? = nil, beneficiaries: Int? = nil,
                beneficiariesInQPV: Int? = nil, linesWithoutAmount: Int = 0, qpvShare: Double? = nil) {
        self.lineCount = lineCount
        self.amountEuros = amountEuros
        self.staffFTE = staffFTE
        self.beneficiaries = beneficiaries
        self.beneficiariesInQPV = beneficiariesInQPV
        self.linesWithoutAmount = linesWithoutAmount
        self.qpvShare = qpvShare
    }

    init<Lines: Sequence>(_ lines: Lines) where Lines.Element == CommonLawMeans {
        self.init()
        var bothAll = 0, bothQPV = 0, bothLines = 0
        for line in lines {
            lineCount += 1
            if let value = line.amountEuros { amountEuros = (amountEuros ?? 0) + value } else { linesWithoutAmount += 1 }
            if let value = line.staffFTE { staffFTE = (staffFTE ?? 0) + value }
            if let value = line.beneficiaries { beneficiaries = (beneficiaries ?? 0) + value }
            if let value = line.beneficiariesInQPV { beneficiariesInQPV = (beneficiariesInQPV ?? 0) + value }
            if let all = line.beneficiaries, let inQPV = line.beneficiariesInQPV {
                bothAll += all
                bothQPV += inQPV
                bothLines += 1
            }
        }
        qpvShare = bothLines > 0 && bothAll > 0 ? Double(bothQPV) / Double(bothAll) : nil
    }
}

/// How one figure moved between two years.
public struct MeansChange: Sendable, Equatable, Hashable {
    public var before: Double?
    public var after: Double?

    public init(before: Double?, after: Double?) {
        self.before = before
        self.after = after
    }

    /// after − before, nil when either year does not report the figure.
    public var difference: Double? {
        guard let before, let after else { return nil }
        return after - before
    }

    /// after / before, nil when either is missing or before is 0.
    public var ratio: Double? {
        guard let before, let after, before != 0 else { return nil }
        return after / before
    }
}

/// The figures of one scope compared between two years.
public struct MeansComparison: Sendable, Equatable, Hashable {
    public var fromYear: Int
    public var toYear: Int
    public var amountEuros: MeansChange
    public var staffFTE: MeansChange
    public var beneficiaries: MeansChange
    public var beneficiariesInQPV: MeansChange

    public init(fromYear: Int, toYear: Int, before: MeansTotals?, after: MeansTotals?) {
        self.fromYear = fromYear
        self.toYear = toYear
        amountEuros = MeansChange(before: before?.amountEuros, after: after?.amountEuros)
        staffFTE = MeansChange(before: before?.staffFTE, after: after?.staffFTE)
        beneficiaries = MeansChange(before: before?.beneficiaries.map(Double.init), after: after?.beneficiaries.map(Double.init))
        beneficiariesInQPV = MeansChange(before: before?.beneficiariesInQPV.map(Double.init), after: after?.beneficiariesInQPV.map(Double.init))
    }
}

/// What a total or a comparison is about.
public enum MeansScope: Sendable, Equatable, Hashable {
    /// Every signatory, every pillar.
    case all
    case partner(signatoryID: Int)
    /// A pillar; nil for the lines attached to no pillar.
    case pillar(code: String?)
}

public struct PartnerYearMeans: Sendable, Equatable {
    public var signatory: Organisation
    public var year: Int
    public var totals: MeansTotals
}

public struct PillarYearMeans: Sendable, Equatable {
    /// nil for lines attached to no pillar ("non ventilé").
    public var pillarCode: String?
    public var year: Int
    public var totals: MeansTotals
}

public struct YearMeans: Sendable, Equatable {
    public var year: Int
    public var totals: MeansTotals
}

/// The yearly photograph of common-law means in QPV, per partner × year and per pillar × year.
public struct CommonLawPhotograph: Sendable, Equatable {
    /// Years with at least one line, ascending.
    public var years: [Int]
    /// In signatory order, then year; only the years a partner reported.
    public var byPartner: [PartnerYearMeans]
    /// In pillar order (the order given, then others by first appearance, then lines without pillar), then year.
    public var byPillar: [PillarYearMeans]
    /// Every signatory together, per year.
    public var byYear: [YearMeans]

    /// Aggregates the lines of the contract's signatories; lines of other organisations are left out
    /// (`problems` reports them).
    /// - Parameter pillarOrder: the contract's pillar codes in display order.
    public static func build(means: [CommonLawMeans], signatories: [Organisation], pillarOrder: [String] = []) -> CommonLawPhotograph {
        let signatoryIDs = Set(signatories.map(\.id))
        let lines = means.filter { signatoryIDs.contains($0.signatoryID) }
        let years = Set(lines.map(\.year)).sorted()

        var byPartner: [PartnerYearMeans] = []
        let linesOfPartner = Dictionary(grouping: lines, by: \.signatoryID)
        var seenPartner = Set<Int>()
        for signatory in signatories where seenPartner.insert(signatory.id).inserted {
            let byYearOfPartner = Dictionary(grouping: linesOfPartner[signatory.id] ?? [], by: \.year)
            for year in byYearOfPartner.keys.sorted() {
                byPartner.append(PartnerYearMeans(signatory: signatory, year: year, totals: MeansTotals(byYearOfPartner[year]!)))
            }
        }

        var pillars: [String?] = []
        for code in pillarOrder where !pillars.contains(code) { pillars.append(code) }
        for line in lines where line.pillarCode != nil && !pillars.contains(line.pillarCode) { pillars.append(line.pillarCode) }
        if lines.contains(where: { $0.pillarCode == nil }) { pillars.append(nil) }
        let linesOfPillar = Dictionary(grouping: lines, by: { $0.pillarCode ?? "\u{0}" })
        var byPillar: [PillarYearMeans] = []
        for pillar in pillars {
            let byYearOfPillar = Dictionary(grouping: linesOfPillar[pillar ?? "\u{0}"] ?? [], by: \.year)
            for year in byYearOfPillar.keys.sorted() {
                byPillar.append(PillarYearMeans(pillarCode: pillar, year: year, totals: MeansTotals(byYearOfPillar[year]!)))
            }
        }

        let linesOfYear = Dictionary(grouping: lines, by: \.year)
        let byYear = years.map { YearMeans(year: $0, totals: MeansTotals(linesOfYear[$0]!)) }
        return CommonLawPhotograph(years: years, byPartner: byPartner, byPillar: byPillar, byYear: byYear)
    }

    /// The totals of a scope in a year; nil when no line of that scope is dated that year.
    public func totals(_ scope: MeansScope, year: Int) -> MeansTotals? {
        switch scope {
        case .all: byYear.first { $0.year == year }?.totals
        case .partner(let id): byPartner.first { $0.signatory.id == id && $0.year == year }?.totals
        case .pillar(let code): byPillar.first { $0.pillarCode == code && $0.year == year }?.totals
        }
    }

    /// Compares a scope between two years (any two, not only consecutive ones).
    public func comparison(_ scope: MeansScope, from: Int, to: Int) -> MeansComparison {
        MeansComparison(fromYear: from, toYear: to, before: totals(scope, year: from), after: totals(scope, year: to))
    }

    /// Each photograph year compared with the previous photograph year, for one scope.
    public func yearOnYear(_ scope: MeansScope) -> [MeansComparison] {
        zip(years, years.dropFirst()).map { comparison(scope, from: $0, to: $1) }
    }

    /// Lines to refuse, in French, naming the organisation: not a signatory of the contract, a year out
    /// of the period, an unknown pillar, negative figures, more beneficiaries in QPV than in all, or
    /// the same signatory × year × pillar × ambition given twice.
    /// - Parameters:
    ///   - organisations: every organisation known, to name a non-signatory; a missing one is named by number.
    ///   - period: the contract's years, when they should be checked.
    ///   - pillarCodes: the contract's pillar codes, when they should be checked.
    public static func problems(means: [CommonLawMeans], signatories: [Organisation], organisations: [Organisation] = [],
                                period: ClosedRange<Int>? = nil, pillarCodes: Set<String>? = nil) -> [String] {
        let signatoryIDs = Set(signatories.map(\.id))
        var problems: [String] = []
        var seen = Set<String>()
        for line in means {
            let name = CommitmentBoard.organisationName(line.signatoryID, signatories + organisations)
            let what = "sa ligne de moyens \(line.year)" + (line.pillarCode.map { " (pilier \($0))" } ?? "")
            if !signatoryIDs.contains(line.signatoryID) {
                problems.append("\(name) n'est pas signataire du contrat : \(what) est refusée")
                continue
            }
            if let period, !period.contains(line.year) {
                problems.append("\(name) : \(what) est hors de la période du contrat (\(period.lowerBound)–\(period.upperBound))")
            }
            if let pillarCodes, let code = line.pillarCode, !pillarCodes.contains(code) {
                problems.append("\(name) : \(what) cite un pilier « \(code) » que le contrat n'a pas")
            }
            if let amount = line.amountEuros, !(amount >= 0) || !amount.isFinite { problems.append("\(name) : \(what) a un montant négatif ou illisible") }
            if let staff = line.staffFTE, !(staff >= 0) || !staff.isFinite { problems.append("\(name) : \(what) a un effectif (ETP) négatif ou illisible") }
            if let count = line.beneficiaries, count < 0 { problems.append("\(name) : \(what) a un nombre de bénéficiaires négatif") }
            if let count = line.beneficiariesInQPV, count < 0 { problems.append("\(name) : \(what) a un nombre de bénéficiaires en QPV négatif") }
            if let all = line.beneficiaries, let inQPV = line.beneficiariesInQPV, inQPV > all {
                problems.append("\(name) : \(what) compte \(inQPV) bénéficiaires en QPV pour \(all) bénéficiaires en tout")
            }
            let key = "\(line.signatoryID)|\(line.year)|\(line.pillarCode ?? "")|\(line.ambitionCode ?? "")"
            if !seen.insert(key).inserted {
                problems.append("\(name) : \(what)\(line.ambitionCode.map { ", ambition \($0)," } ?? "") est donnée deux fois")
            }
        }
        return problems
    }
}
