import Vapor

/// RFC 4180 CSV output (UTF-8, comma, CRLF), quoting only the cells that need it.
struct CSVWriter {
    private(set) var text = ""
    let separator: Character

    init(header: [String], separator: Character = ",") {
        self.separator = separator
        append(header)
    }

    mutating func append(_ cells: [String]) {
        text += cells.map { Self.quote($0, separator: separator) }.joined(separator: String(separator)) + "\r\n"
    }

    static func quote(_ cell: String, separator: Character = ",") -> String {
        // A text cell a spreadsheet would run as a formula gets a leading apostrophe (numbers stay numbers).
        var cell = cell
        if let first = cell.first, "=+@\t\r".contains(first) || (first == "-" && Double(cell) == nil) { cell = "'" + cell }
        guard cell.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Letters, digits, dot, dash and underscore only: a name taken from a request never breaks a header.
    static func safeFileName(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || ".-_".contains($0)) ? $0 : "_" })
    }

    func response(fileName: String) -> Response {
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(Self.safeFileName(fileName))\"")
        return response
    }
}
