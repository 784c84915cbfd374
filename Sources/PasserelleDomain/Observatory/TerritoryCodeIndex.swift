/// A territory code from a file, matched to a stored territory.
public struct ResolvedTerritory: Sendable, Hashable {
    public var id: Int
    public var key: TerritoryKey
    /// Other levels sharing the same code, set aside by `TerritoryKind.resolutionOrder`
    /// (a bare "32" is the Gers, not Hauts-de-France): worth a warning to the user.
    public var setAside: [TerritoryKind]

    public init(id: Int, key: TerritoryKey, setAside: [TerritoryKind] = []) {
        self.id = id
        self.key = key
        self.setAside = setAside
    }
}

/// Why a code could not be matched to a territory.
public enum CodeProblem: Error, Sendable, Hashable {
    case empty
    case unknown(code: String)
    case unknownForKind(code: String, kind: TerritoryKind)
    case ambiguous(code: String, kinds: [TerritoryKind])

    /// French, quoting the code as read in the file.
    public var message: String {
        switch self {
        case .empty:
            "code territoire vide"
        case .unknown(let code):
            "code territoire « \(code) » inconnu"
        case .unknownForKind(let code, let kind):
            "code territoire « \(code) » inconnu au niveau « \(kind.label) »"
        case .ambiguous(let code, let kinds):
            "code « \(code) » ambigu : il désigne plusieurs niveaux (" + kinds.map(\.label).joined(separator: ", ") + ") ; précisez le niveau"
        }
    }
}

/// Finds stored territories from codes as files write them.
///
/// Normalisation, applied both to the stored codes and to the codes read:
/// - spaces (including no-break ones) trimmed, a leading apostrophe (spreadsheet "text" mark) removed,
///   letters upper-cased ("qn06224m" → "QN06224M", "2a004" → "2A004");
/// - a leading zero lost by a spreadsheet that took the code for a number is restored:
///   1 digit → department ("1" → "01"), 4 digits → commune ("1001" → "01001"),
///   8 digits → IRIS ("10010101" → "010010101"). No official code has 1, 4 or 8 digits,
///   so this never turns a valid code into another.
///
/// QPV 2024 ("QN06224M"), QPV 2015 ("QP062001"), EPCI SIREN (9 digits), IRIS (9 characters),
/// communes (5, Corsica "2A004"), departments (2 or 3) and regions (2) are all found by their code;
/// the index knows which level each stored code belongs to.
public struct TerritoryCodeIndex: Sendable {
    /// What to do when a bare code designates several levels.
    public enum AmbiguityPolicy: Sendable {
        /// Take the first level in `TerritoryKind.resolutionOrder`; `ResolvedTerritory.setAside` says what was not taken.
        case resolutionOrder
        /// Refuse with `CodeProblem.ambiguous`.
        case reject
    }

    private struct Entry: Sendable {
        var kind: TerritoryKind
        var id: Int
    }

    private var entries: [String: [Entry]] = [:]

    public init(_ territories: [(key: TerritoryKey, id: Int)]) {
        for territory in territories {
            entries[Self.normalize(territory.key.code), default: []].append(Entry(kind: territory.key.kind, id: territory.id))
        }
        let order = TerritoryKind.resolutionOrder
        for code in entries.keys where entries[code]!.count > 1 {
            entries[code]!.sort { (order.firstIndex(of: $0.kind) ?? order.count) < (order.firstIndex(of: $1.kind) ?? order.count) }
        }
    }

    public init(_ territories: [Territory]) {
        self.init(territories.map { (key: $0.key, id: $0.id) })
    }

    public var count: Int { entries.values.reduce(0) { $0 + $1.count } }

    /// The code as stored: see the type's documentation.
    public static func normalize(_ raw: String) -> String {
        if isNormalized(raw) { return raw }
        var code = raw.trimmingSpaces
        if code.hasPrefix("'") { code.removeFirst() }
        var bytes = Array(code.utf8)
        var changed = false
        for index in bytes.indices where bytes[index] >= 97 && bytes[index] <= 122 {
            bytes[index] -= 32
            changed = true
        }
        if bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) && (bytes.count == 1 || bytes.count == 4 || bytes.count == 8) {
            bytes.insert(48, at: 0)
            changed = true
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : code
    }

    /// Upper-case ASCII letters and digits, not a lone number of 1, 4 or 8 digits: nothing to do.
    private static func isNormalized(_ code: String) -> Bool {
        var digitsOnly = true
        var length = 0
        for byte in code.utf8 {
            length += 1
            if byte >= 48 && byte <= 57 { continue }
            digitsOnly = false
            if byte < 65 || byte > 90 { return false }
        }
        return length > 0 && !(digitsOnly && (length == 1 || length == 4 || length == 8))
    }

    /// Finds the territory a raw code designates, at the given level if there is one.
    public func resolve(_ raw: String, kind: TerritoryKind? = nil, ambiguity: AmbiguityPolicy = .resolutionOrder) -> Result<ResolvedTerritory, CodeProblem> {
        let code = Self.normalize(raw)
        guard !code.isEmpty else { return .failure(.empty) }
        guard let candidates = entries[code] else { return .failure(.unknown(code: raw.trimmingSpaces)) }
        if let kind {
            guard let match = candidates.first(where: { $0.kind == kind }) else {
                return .failure(.unknownForKind(code: raw.trimmingSpaces, kind: kind))
            }
            return .success(ResolvedTerritory(id: match.id, key: TerritoryKey(kind: kind, code: code)))
        }
        let first = candidates[0]
        guard candidates.count > 1 else {
            return .success(ResolvedTerritory(id: first.id, key: TerritoryKey(kind: first.kind, code: code)))
        }
        let kinds = candidates.map(\.kind)
        if ambiguity == .reject {
            return .failure(.ambiguous(code: raw.trimmingSpaces, kinds: kinds))
        }
        return .success(ResolvedTerritory(id: first.id, key: TerritoryKey(kind: first.kind, code: code), setAside: Array(kinds.dropFirst())))
    }
}
