/// `nature` of an SCDL subsidy: the schema's four allowed values.
public enum SCDLNature: String, Sendable, CaseIterable {
    case cash = "aide en numéraire"
    case inKind = "aide en nature"
    case cashAndInKind = "aide en numéraire;aide en nature"
    case inKindAndCash = "aide en nature;aide en numéraire"
}

/// `conditionsVersement`: paid at once or in instalments, spelt as the schema's documentation
/// writes them ("unique", "échelonné", lower case, with the accent).
public enum SCDLPaymentTerms: String, Sendable, CaseIterable {
    case single = "unique"
    case instalments = "échelonné"
}

/// `datesPeriodeVersement`: a payment date when it is single and known, otherwise a period
/// `AAAA-MM-JJ/AAAA-MM-JJ`.
public enum SCDLPaymentPeriod: Sendable, Equatable {
    case date(CalendarDate)
    case period(CalendarDate, CalendarDate)

    public var text: String {
        switch self {
        case .date(let date): date.iso
        case let .period(start, end): "\(start.iso)/\(end.iso)"
        }
    }
}

/// One line of the SCDL "subventions" open-data file: one beneficiary of one decision.
public struct SCDLSubsidyRow: Sendable, Equatable {
    public var nomAttribuant: String
    public var idAttribuant: String
    public var dateConvention: CalendarDate
    public var referenceDecision: String
    public var nomBeneficiaire: String
    public var idBeneficiaire: String
    public var objet: String
    /// Total of the subsidy before it is shared between beneficiaries.
    public var montant: Double
    public var nature: SCDLNature
    public var conditionsVersement: SCDLPaymentTerms
    public var datesPeriodeVersement: SCDLPaymentPeriod
    public var idRAE: String?
    public var notificationUE: Bool
    /// This beneficiary's part of `montant`, as a fraction (1 for a single beneficiary).
    public var pourcentageSubvention: Double

    public init(nomAttribuant: String, idAttribuant: String, dateConvention: CalendarDate, referenceDecision: String,
                nomBeneficiaire: String, idBeneficiaire: String, objet: String, montant: Double, nature: SCDLNature = .cash,
                conditionsVersement: SCDLPaymentTerms, datesPeriodeVersement: SCDLPaymentPeriod, idRAE: String? = nil,
                notificationUE: Bool = false, pourcentageSubvention: Double = 1) {
        self.nomAttribuant = nomAttribuant
        self.idAttribuant = idAttribuant
        self.dateConvention = dateConvention
        self.referenceDecision = referenceDecision
        self.nomBeneficiaire = nomBeneficiaire
        self.idBeneficiaire = idBeneficiaire
        self.objet = objet
        self.montant = montant
        self.nature = nature
        self.conditionsVersement = conditionsVersement
        self.datesPeriodeVersement = datesPeriodeVersement
        self.idRAE = idRAE
        self.notificationUE = notificationUE
        self.pourcentageSubvention = pourcentageSubvention
    }

    /// The 14 values in column order, as written in the file.
    public var values: [String] {
        [nomAttribuant, idAttribuant, dateConvention.iso, referenceDecision, nomBeneficiaire, idBeneficiaire, objet,
         SCDLSubsidies.decimal(montant, maxDecimals: 2, keepCents: true), nature.rawValue, conditionsVersement.rawValue,
         datesPeriodeVersement.text, idRAE ?? "", notificationUE ? "oui" : "non",
         SCDLSubsidies.decimal(pourcentageSubvention, maxDecimals: 4, keepCents: false)]
    }
}

/// A fault in an SCDL file, at a line (1 = header) and, when known, a column.
public struct SCDLProblem: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: String?
    public var message: String

    public var description: String { "ligne \(line)" + (column.map { ", colonne « \($0) »" } ?? "") + " : " + message }
}

/// Export of granted subsidies in the SCDL "subventions" schema (schema.data.gouv.fr, scdl/subventions,
/// the 14 columns of versions 1.1 to 2.0): UTF-8 without BOM, comma-separated, RFC 4180 quoting,
/// CRLF line ends, decimal point, ISO dates.
public enum SCDLSubsidies {
    public static let columns = [
        "nomAttribuant", "idAttribuant", "dateConvention", "referenceDecision", "nomBeneficiaire", "idBeneficiaire",
        "objet", "montant", "nature", "conditionsVersement", "datesPeriodeVersement", "idRAE", "notificationUE",
        "pourcentageSubvention",
    ]

    /// The file's text: the header line then one line per row.
    public static func csv(rows: [SCDLSubsidyRow]) -> String {
        var out = columns.joined(separator: ",") + "\r\n"
        for row in rows {
            out += row.values.map(quoted).joined(separator: ",") + "\r\n"
        }
        return out
    }

    /// RFC 4180: a field holding a comma, a quote or a line break goes between quotes, its quotes doubled.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }

    /// The rows a funder publishes: one per beneficiary of each of its grants (refusals are not
    /// subsidies). What is chosen, since the model holds no more than this:
    /// - `dateConvention`: the agreement's signing date, or the decision date when no agreement is recorded;
    /// - payments: "échelonné" when the agreement spans several years or several payments were made,
    ///   else "unique"; the date is the payment date when exactly one is recorded, otherwise a period
    ///   running from the first payment (or the action's start) to the action's end (or the last payment if later);
    /// - co-holders receive their `share`, the main holder the rest; `montant` is the decision's total;
    /// - `objet` is the project title, cut to 255 characters; `nature` is "aide en numéraire".
    /// Grants that cannot be published (no valid SIRET, unknown application) are left out and reported.
    public static func rows(funder: Funder, applications: [FundingApplication], decisions: [Decision], agreements: [Agreement] = [],
                            notifiedToEU: Bool = false) -> (rows: [SCDLSubsidyRow], problems: [String]) {
        guard let funderSIRET = funder.siret.map(SIRET.normalized) else {
            return ([], ["\(funder.name) : le SIRET de l'attribuant manque ; aucune ligne ne peut être publiée."])
        }
        if let problem = SIRET.problem(funderSIRET) {
            return ([], ["\(funder.name) : SIRET de l'attribuant : \(problem) ; aucune ligne ne peut être publiée."])
        }
        let byID = Dictionary(applications.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [SCDLSubsidyRow] = []
        var problems: [String] = []
        for decision in decisions where decision.funderID == funder.id && decision.isGrant {
            guard let application = byID[decision.applicationID] else {
                problems.append("décision « \(decision.reference) » : la demande n° \(decision.applicationID) est introuvable.")
                continue
            }
            let agreement = agreements.first { $0.applicationID == application.id && $0.funderID == funder.id }
            let paid = decision.paidOn.sorted()
            let instalments = (agreement?.isMultiYear ?? false) || paid.count > 1
            let period: SCDLPaymentPeriod
            if !instalments, paid.count == 1 {
                period = .date(paid[0])
            } else {
                let start = paid.first ?? application.startDate
                period = .period(start, max(paid.last ?? application.endDate, application.endDate, start))
            }
            let holderShare = 1 - application.coHolders.reduce(0) { $0 + $1.share }
            let beneficiaries = [(application.holder, holderShare)] + application.coHolders.map { ($0.holder, $0.share) }
            for (holder, share) in beneficiaries where share > 0 {
                let siret = SIRET.normalized(holder.siret)
                if let problem = SIRET.problem(siret) {
                    problems.append("décision « \(decision.reference) », bénéficiaire « \(holder.name) » : \(problem) ; ligne non publiée.")
                    continue
                }
                rows.append(SCDLSubsidyRow(
                    nomAttribuant: funder.name, idAttribuant: funderSIRET,
                    dateConvention: agreement?.signedOn ?? decision.decidedOn,
                    referenceDecision: decision.reference,
                    nomBeneficiaire: holder.name, idBeneficiaire: siret,
                    objet: String(application.title.prefix(255)),
                    montant: decision.amount, nature: .cash,
                    conditionsVersement: instalments ? .instalments : .single,
                    datesPeriodeVersement: period,
                    idRAE: nil, notificationUE: notifiedToEU,
                    pourcentageSubvention: (share * 10_000).rounded() / 10_000))
            }
        }
        return (rows, problems)
    }

    /// Checks an SCDL subsidies file: exact header, then per line the SIRETs (Luhn), the dates, a
    /// positive amount with a decimal point, the schema's values for `nature`, `conditionsVersement`
    /// ("unique"/"échelonné", case and accent tolerated; the schema's free-text variant is not
    /// accepted here) and `notificationUE` ("oui"/"non"), and a percentage between 0.01 and 1
    /// (the bounds of schema version 2.1).
    public static func validate(csv: String) -> [SCDLProblem] {
        let records: [CSVRecord]
        do {
            records = try CSVReader.read(Array(csv.utf8), dialect: CSVDialect(separator: UInt8(ascii: ","), encoding: .utf8)).records
        } catch CSVError.unterminatedQuote(let line) {
            return [SCDLProblem(line: line, column: nil, message: "un guillemet ouvert n'est jamais fermé (fichier tronqué ou mal formé)")]
        } catch {
            return [SCDLProblem(line: 1, column: nil, message: "fichier illisible")]
        }
        guard let header = records.first else {
            return [SCDLProblem(line: 1, column: nil, message: "le fichier est vide : la ligne d'en-tête manque")]
        }
        var problems: [SCDLProblem] = []
        let names = header.fields.map(\.trimmingSpaces)
        var position: [String: Int] = [:]
        if names != columns {
            if Set(names) == Set(columns) && names.count == columns.count {
                let index = names.indices.first { names[$0] != columns[$0] }!
                problems.append(SCDLProblem(line: header.line, column: nil,
                    message: "colonnes dans le désordre : en position \(index + 1), « \(columns[index]) » est attendue, « \(names[index]) » trouvée (ordre attendu : \(columns.joined(separator: ",")))"))
            } else {
                let missing = columns.filter { !names.contains($0) }
                let extra = names.filter { !columns.contains($0) }
                var parts: [String] = []
                if !missing.isEmpty { parts.append("colonnes manquantes : " + missing.joined(separator: ", ")) }
                if !extra.isEmpty { parts.append("colonnes inconnues : " + extra.joined(separator: ", ")) }
                if parts.isEmpty { parts.append("\(columns.count) colonnes attendues, \(names.count) trouvées") }
                problems.append(SCDLProblem(line: header.line, column: nil, message: "en-tête non conforme : " + parts.joined(separator: " ; ")))
                return problems
            }
        }
        for (index, name) in names.enumerated() where position[name] == nil { position[name] = index }

        for record in records.dropFirst() {
            guard record.fields.count == columns.count else {
                problems.append(SCDLProblem(line: record.line, column: nil, message: "\(record.fields.count) valeurs pour \(columns.count) colonnes"))
                continue
            }
            func value(_ column: String) -> String { record.fields[position[column]!] }
            func add(_ column: String, _ message: String) { problems.append(SCDLProblem(line: record.line, column: column, message: message)) }

            for column in ["nomAttribuant", "nomBeneficiaire", "objet"] where value(column).trimmingSpaces.isEmpty {
                add(column, "valeur obligatoire vide")
            }
            if value("objet").count > 255 { add("objet", "\(value("objet").count) caractères, 255 au plus") }
            for column in ["idAttribuant", "idBeneficiaire"] {
                if let problem = SIRET.problem(value(column)) { add(column, problem) }
            }
            if CalendarDate(iso: value("dateConvention")) == nil {
                add("dateConvention", "« \(value("dateConvention")) » n'est pas une date AAAA-MM-JJ valide")
            }
            let amount = value("montant")
            if !isPlainDecimal(amount) || !((Double(amount) ?? 0) > 0) {
                add("montant", "« \(amount) » n'est pas un montant positif écrit avec un point décimal (ex. 12500.50)")
            }
            if SCDLNature(rawValue: value("nature")) == nil {
                add("nature", "« \(value("nature")) » n'est pas une valeur permise (\(SCDLNature.allCases.map(\.rawValue).joined(separator: " | ")))")
            }
            let terms = SearchKey.fold(value("conditionsVersement"))
            if terms != "unique" && terms != "echelonne" {
                add("conditionsVersement", "« \(value("conditionsVersement")) » : « unique » ou « échelonné » attendu")
            }
            if let problem = periodProblem(value("datesPeriodeVersement")) { add("datesPeriodeVersement", problem) }
            let notified = value("notificationUE").lowercased()
            if notified != "oui" && notified != "non" {
                add("notificationUE", "« \(value("notificationUE")) » : « oui » ou « non » attendu")
            }
            let percentage = value("pourcentageSubvention")
            if !isPlainDecimal(percentage) {
                add("pourcentageSubvention", "« \(percentage) » n'est pas un nombre écrit avec un point décimal (ex. 0.8)")
            } else if let number = Double(percentage), !(number >= 0.01 && number <= 1) {
                add("pourcentageSubvention", "« \(percentage) » sort de l'intervalle 0.01 – 1 (une fraction, 1 = 100 %)")
            }
        }
        return problems
    }

    /// Digits with at most one decimal point: what the schema's numbers look like.
    static func isPlainDecimal(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }
    }

    static func periodProblem(_ text: String) -> String? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count) else {
            return "« \(text) » : une date AAAA-MM-JJ ou une période AAAA-MM-JJ/AAAA-MM-JJ attendue"
        }
        let dates = parts.map { CalendarDate(iso: $0) }
        if dates.contains(where: { $0 == nil }) {
            return "« \(text) » : une date AAAA-MM-JJ ou une période AAAA-MM-JJ/AAAA-MM-JJ attendue"
        }
        if dates.count == 2, dates[1]! < dates[0]! { return "« \(text) » : la période finit avant de commencer" }
        return nil
    }

    /// "12500", "12500.50", "0.8", "1": a point, no grouping; amounts keep two decimals when they
    /// have cents, fractions drop trailing zeros.
    static func decimal(_ value: Double, maxDecimals: Int, keepCents: Bool) -> String {
        var scale = 1
        for _ in 0..<maxDecimals { scale *= 10 }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        let whole = scaled / scale
        var fraction = String(scaled % scale)
        fraction = String(repeating: "0", count: maxDecimals - fraction.count) + fraction
        if !keepCents { while fraction.hasSuffix("0") { fraction.removeLast() } }
        if Int(fraction) == 0 { fraction = "" }
        return (value < 0 && scaled != 0 ? "-" : "") + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
    }
}
