extension CrossMatrix {
    /// The matrix cells as CSV, one line per row × plan, in display order:
    /// `code objectif, objectif, plan, contribue, pourrait contribuer, contredit`.
    /// Links made to a pillar or an ambition heading get their own lines, before the rows under it,
    /// only when there is any. Fields are quoted per RFC 4180; lines end with CRLF.
    /// - Parameters:
    ///   - separator: ";" by default, what spreadsheets set up for French open without asking.
    ///   - includeEmptyCells: whether to write row × plan pairs with no link (the blind spots).
    public func csv(separator: Character = ";", includeEmptyCells: Bool = true) -> String {
        var lines: [[String]] = [["code objectif", "objectif", "plan", "contribue", "pourrait contribuer", "contredit"]]
        func add(code: String, title: String, cells: [LinkCounts], includeEmpty: Bool) {
            for (column, cell) in zip(columns, cells) where includeEmpty || !cell.isEmpty {
                lines.append([code, title, column.plan.title, String(cell.contributes), String(cell.couldContribute), String(cell.contradicts)])
            }
        }
        for pillar in pillars {
            add(code: pillar.code, title: pillar.title, cells: pillar.directCells, includeEmpty: false)
            for ambition in pillar.ambitions {
                if let code = ambition.code {
                    add(code: code, title: ambition.title ?? code, cells: ambition.directCells, includeEmpty: false)
                }
                for row in ambition.rows {
                    add(code: row.objective.code, title: row.objective.title, cells: row.cells, includeEmpty: includeEmptyCells)
                }
            }
        }
        return MatrixCSV.render(lines, separator: separator)
    }
}

/// Writes CSV text for the exports of this folder.
enum MatrixCSV {
    static func render(_ lines: [[String]], separator: Character) -> String {
        lines.map { fields in fields.map { field($0, separator: separator) }.joined(separator: String(separator)) }
            .joined(separator: "\r\n") + "\r\n"
    }

    /// Quotes a field when it holds the separator, a quote, a line break or edge spaces.
    /// A text starting with "=", "+", "-", "@" or a tab is prefixed with an apostrophe, so that a
    /// spreadsheet shows it instead of running it as a formula (titles come from users).
    static func field(_ text: String, separator: Character) -> String {
        var value = text
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first), Double(value) == nil {
            value = "'" + value
        }
        // Scalars, not Characters: "\r\n" is one Character and would hide its "\n".
        let needsQuotes = value.contains(separator)
            || value.unicodeScalars.contains { $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || value.first == " " || value.last == " "
        guard needsQuotes else { return value }
        return "\"" + value.replacingQuotes + "\""
    }
}

extension String {
    fileprivate var replacingQuotes: String {
        var out = ""
        out.reserveCapacity(utf8.count + 2)
        for character in self {
            if character == "\"" { out += "\"\"" } else { out.append(character) }
        }
        return out
    }
}
