/// A plan action read from a file, before the database gives it an identity.
public struct PlanActionDraft: Sendable, Equatable {
    /// Line of the file the action comes from (1 = header).
    public var line: Int
    public var code: String
    public var title: String
    public var theme: TransitionTheme?
    public var budget: Double?
    public var target: String?
    public var perimeter: ActionPerimeter

    public init(line: Int, code: String, title: String, theme: TransitionTheme?, budget: Double?, target: String?, perimeter: ActionPerimeter) {
        self.line = line
        self.code = code
        self.title = title
        self.theme = theme
        self.budget = budget
        self.target = target
        self.perimeter = perimeter
    }

    public func action(id: Int, planID: Int) -> PlanAction {
        PlanAction(id: id, planID: planID, code: code, title: title, theme: theme, budget: budget, target: target, perimeter: perimeter)
    }
}

/// One problem of a plan-action file, located by line (1 = header) and, when it applies, column.
public struct PlanActionFileProblem: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    /// The column header as written in the file.
    public var column: String?
    public var message: String

    public init(line: Int, column: String?, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "ligne \(line) : \(message)" }
}

/// What reading a plan-action file gave: the actions and every problem found.
/// The file is accepted only when there is no problem at all: the caller saves all actions or none.
public struct PlanActionFileReport: Sendable, Equatable {
    /// The lines that were read without problem, in file order.
    public var drafts: [PlanActionDraft]
    public var problems: [PlanActionFileProblem]
    /// Header cells that match no known column, as written; they are ignored.
    public var ignoredColumns: [String]
    public var dialect: CSVDialect?

    public init(drafts: [PlanActionDraft] = [], problems: [PlanActionFileProblem], ignoredColumns: [String] = [], dialect: CSVDialect? = nil) {
        self.drafts = drafts
        self.problems = problems
        self.ignoredColumns = ignoredColumns
        self.dialect = dialect
    }

    public var isAccepted: Bool { problems.isEmpty }

    /// The actions to save, or nil when the file must be refused.
    public var acceptedDrafts: [PlanActionDraft]? { isAccepted ? drafts : nil }
}

/// Reads the actions of one territorial plan from a CSV file.
///
/// Columns (header matched without accents nor case; English names accepted):
/// `code` (required), `titre` / `intitulé` / `title` (required), `thème`, `budget`, `cible`, `périmètre`.
/// Themes are French names ("climat", "énergie", "mobilité", "alimentation", "air", "bruit", "eau",
/// "déchets", "biodiversité" or "nature", "santé"…) or the `TransitionTheme` raw values.
/// Budgets are French numbers ("1 250 000", "12 500,50 €"), empty when unknown.
/// Perimeters are read by `ActionPerimeter.parse` (an empty cell is the whole territory); without a
/// perimeter column, every action's perimeter is `.unspecified`.
public enum PlanActionFile {
    public enum Column: String, CaseIterable, Sendable {
        case code, title, theme, budget, target, perimeter

        /// The French name used in messages.
        public var frenchName: String {
            switch self {
            case .code: "code"
            case .title: "titre"
            case .theme: "thème"
            case .budget: "budget"
            case .target: "cible"
            case .perimeter: "périmètre"
            }
        }

        /// Folded header names that designate the column.
        var names: Set<String> {
            switch self {
            case .code: ["code", "code action", "numero", "n", "no", "ref", "reference"]
            case .title: ["titre", "intitule", "title", "action", "libelle", "nom"]
            case .theme: ["theme", "thematique", "theme de transition", "transition"]
            case .budget: ["budget", "montant", "budget euros", "budget en euros", "cout"]
            case .target: ["cible", "cibles", "target", "public", "public cible", "objectif chiffre"]
            case .perimeter: ["perimetre", "perimeter", "territoire", "qpv", "perimetre qpv"]
            }
        }
    }

    public static func parse(bytes: [UInt8]) -> PlanActionFileReport {
        let dialect: CSVDialect
        let records: [CSVRecord]
        do {
            (dialect, records) = try CSVReader.read(bytes)
        } catch let error as CSVError {
            let line: Int
            switch error { case .unterminatedQuote(let at): line = at }
            return PlanActionFileReport(problems: [PlanActionFileProblem(line: line, column: nil, message: error.message.droppingLinePrefix)])
        } catch {
            return PlanActionFileReport(problems: [PlanActionFileProblem(line: 1, column: nil, message: "le fichier est illisible")])
        }
        guard let header = records.first else {
            return PlanActionFileReport(problems: [PlanActionFileProblem(line: 1, column: nil, message: "le fichier est vide")], dialect: dialect)
        }

        // Header → column positions.
        var position: [Column: Int] = [:]
        var ignored: [String] = []
        var problems: [PlanActionFileProblem] = []
        for (index, cell) in header.fields.enumerated() {
            let key = SearchKey.fold(cell)
            guard let column = Column.allCases.first(where: { $0.names.contains(key) }) else {
                if !cell.trimmingSpaces.isEmpty { ignored.append(cell.trimmingSpaces) }
                continue
            }
            if let first = position[column] {
                problems.append(PlanActionFileProblem(line: header.line, column: cell.trimmingSpaces,
                    message: "les colonnes n° \(first + 1) (« \(header.fields[first].trimmingSpaces) ») et n° \(index + 1) (« \(cell.trimmingSpaces) ») désignent toutes deux la colonne « \(column.frenchName) »"))
            } else {
                position[column] = index
            }
        }
        for column in [Column.code, .title] where position[column] == nil {
            problems.append(PlanActionFileProblem(line: header.line, column: nil,
                message: "la colonne « \(column.frenchName) » manque dans l'en-tête (colonnes lues : \(header.fields.map { "« \($0.trimmingSpaces) »" }.joined(separator: ", ")))"))
        }
        if !problems.isEmpty {
            return PlanActionFileReport(problems: problems, ignoredColumns: ignored, dialect: dialect)
        }
        let rows = records.dropFirst()
        if rows.isEmpty {
            return PlanActionFileReport(problems: [PlanActionFileProblem(line: header.line, column: nil, message: "le fichier ne contient aucune action (seulement l'en-tête)")],
                                        ignoredColumns: ignored, dialect: dialect)
        }

        var drafts: [PlanActionDraft] = []
        var firstLineOfCode: [String: Int] = [:]
        for row in rows {
            var rowProblems: [PlanActionFileProblem] = []
            func report(_ column: Column?, _ message: String) {
                rowProblems.append(PlanActionFileProblem(line: row.line, column: column.map { header.fields[position[$0]!].trimmingSpaces }, message: message))
            }
            // Trailing empty cells are often dropped by spreadsheets; extra cells mean a separator
            // inside an unquoted value, which would shift every following column.
            if row.fields.count > header.fields.count {
                report(nil, "la ligne a \(row.fields.count) colonnes alors que l'en-tête en a \(header.fields.count) (un séparateur « \(Character(Unicode.Scalar(dialect.separator))) » dans une valeur non entourée de guillemets ?)")
            }
            func value(_ column: Column) -> String {
                guard let index = position[column], index < row.fields.count else { return "" }
                return row.fields[index].trimmingSpaces
            }

            let code = value(.code)
            if code.isEmpty {
                report(.code, "le code de l'action est vide (colonne « \(Column.code.frenchName) »)")
            } else if let first = firstLineOfCode[code] {
                report(.code, "le code « \(code) » est déjà celui de l'action de la ligne \(first)")
            } else {
                firstLineOfCode[code] = row.line
            }
            let name = code.isEmpty ? "l'action" : "l'action « \(code) »"

            let title = value(.title)
            if title.isEmpty { report(.title, "\(name) n'a pas de titre (colonne « \(Column.title.frenchName) »)") }

            let themeText = value(.theme)
            var theme: TransitionTheme? = nil
            if !themeText.isEmpty {
                theme = Self.theme(from: themeText)
                if theme == nil {
                    report(.theme, "thème « \(themeText) » inconnu pour \(name) (attendu : climat, énergie, mobilité, alimentation, air, bruit, eau, déchets, biodiversité, santé, participation ou économie)")
                }
            }

            let budgetText = value(.budget)
            var budget: Double? = nil
            if !budgetText.isEmpty {
                budget = Self.budget(from: budgetText)
                if budget == nil {
                    report(.budget, "budget « \(budgetText) » illisible pour \(name) (attendu un montant positif en euros, par exemple « 1 250 000 » ou « 12 500,50 € »)")
                }
            }

            let targetText = value(.target)

            // An empty cell says "the whole territory"; a file without the column says nothing.
            var perimeter = ActionPerimeter.unspecified
            if position[.perimeter] != nil {
                switch ActionPerimeter.parse(value(.perimeter)) {
                case .success(let parsed): perimeter = parsed
                case .failure(let error): report(.perimeter, "\(error.message) pour \(name)")
                }
            }

            if rowProblems.isEmpty {
                drafts.append(PlanActionDraft(line: row.line, code: code, title: title, theme: theme, budget: budget,
                                              target: targetText.isEmpty ? nil : targetText, perimeter: perimeter))
            }
            problems += rowProblems
        }
        return PlanActionFileReport(drafts: drafts, problems: problems, ignoredColumns: ignored, dialect: dialect)
    }

    /// A transition theme from its French name, short label, full label or raw value; nil when unknown.
    public static func theme(from text: String) -> TransitionTheme? {
        TransitionTheme.named(text)
    }

    /// A budget in euros written the French way; nil for a negative amount, a percentage or text.
    public static func budget(from text: String) -> Double? {
        guard !text.contains("%"), let value = FrenchNumber.parseDecimal(text), value >= 0, value.isFinite else { return nil }
        return value
    }
}

extension String {
    /// "ligne 3 : message" → "message", so a CSVError reads well after our own "ligne N : ".
    fileprivate var droppingLinePrefix: String {
        guard hasPrefix("ligne "), let colon = firstIndex(of: ":") else { return self }
        return String(self[index(after: colon)...]).trimmingSpaces
    }
}
