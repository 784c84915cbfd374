import Foundation

// Reading the seed files and the export format, and writing the export format.
//
// Every record is decoded on its own, so one bad record is reported with its position, id and
// field while the others are still checked: an import answers with all its problems at once
// and imports nothing if there is any.

extension Catalogue {
    /// The `format` value of an exported catalogue.
    public static let exportFormat = "passerelle-catalogue"
    /// The version of the export format this code writes and reads.
    public static let exportVersion = 1

    /// The embedded catalogue: the national palette merged with the local examples, then validated.
    /// Throws `CatalogueImportError` listing every problem.
    public static func decode(palette: Data, local: Data) throws(CatalogueImportError) -> Catalogue {
        let merged = try decodePalette(palette).merging(try decodeLocalExamples(local))
        let issues = merged.validate()
        if !issues.isEmpty { throw CatalogueImportError(issues: issues) }
        return merged
    }

    /// The palette file `{source, axes, keyActions, examples, actors}`. Its examples carry no seed
    /// field; they get `seed` (the palette is seed document 002). Not validated on its own.
    public static func decodePalette(_ data: Data, seed: String? = "002") throws(CatalogueImportError) -> Catalogue {
        let read = read(data)
        if !read.issues.isEmpty { throw CatalogueImportError(issues: read.issues) }
        var catalogue = read.catalogue
        for index in catalogue.examples.indices where catalogue.examples[index].seed == nil {
            catalogue.examples[index].seed = seed
        }
        return catalogue
    }

    /// The local examples file `{source, examples, actors}` (examples with `seed` and `seedLine`).
    /// Not validated on its own: its examples point at the palette's key actions.
    public static func decodeLocalExamples(_ data: Data) throws(CatalogueImportError) -> Catalogue {
        let read = read(data)
        if !read.issues.isEmpty { throw CatalogueImportError(issues: read.issues) }
        return read.catalogue
    }

    /// A catalogue written by `encodeJSON()`: checks the format and version, decodes every record
    /// and validates the whole. Throws `CatalogueImportError` listing every problem.
    public static func decodeExport(_ data: Data) throws(CatalogueImportError) -> Catalogue {
        let read = read(data)
        var issues = read.issues
        if read.isDocument {
            if read.format != exportFormat {
                issues.insert(CatalogueIssue(kind: .document, position: nil, recordID: nil, field: "format",
                                             message: "le document n'est pas un export de catalogue Passerelle (« format » doit valoir « \(exportFormat) »)"), at: 0)
            } else if read.version != exportVersion {
                let message = read.version.map { "version \($0) non prise en charge (version attendue : \(exportVersion))" }
                    ?? "version du format absente (version attendue : \(exportVersion))"
                issues.insert(CatalogueIssue(kind: .document, position: nil, recordID: nil, field: "version", message: message), at: 0)
            }
        }
        if issues.isEmpty { issues = read.catalogue.validate() }
        if !issues.isEmpty { throw CatalogueImportError(issues: issues) }
        return read.catalogue
    }

    /// The whole catalogue as one JSON document: `{format, version, sources, axes, keyActions,
    /// examples, actors}`, keys sorted alphabetically at every level and absent values left out,
    /// so two exports of the same catalogue are byte for byte identical and diff well.
    public func encodeJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(ExportDocument(format: Self.exportFormat, version: Self.exportVersion, sources: sources,
                                                 axes: axes, keyActions: keyActions, examples: examples, actors: actors))
    }

    private struct ExportDocument: Encodable {
        var format: String
        var version: Int
        var sources: [String]
        var axes: [CatalogueAxis]
        var keyActions: [KeyAction]
        var examples: [Example]
        var actors: [CatalogueActor]
    }

    /// Decodes any of the three documents; records that fail become issues.
    static func read(_ data: Data) -> (catalogue: Catalogue, isDocument: Bool, format: String?, version: Int?, issues: [CatalogueIssue]) {
        let document: CatalogueDocument
        do {
            document = try JSONDecoder().decode(CatalogueDocument.self, from: data)
        } catch let error as CatalogueCodeError {
            return (Catalogue(), true, nil, nil, [CatalogueIssue(kind: .document, position: nil, recordID: nil,
                                                                 field: CodingPathText.describe(error.codingPath), message: error.message)])
        } catch let error as DecodingError {
            let issue: CatalogueIssue
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                issue = CatalogueIssue(kind: .document, position: nil, recordID: nil, field: nil,
                                       message: "le fichier n'est pas un document JSON valide")
            } else if case .typeMismatch(_, let context) = error, context.codingPath.isEmpty {
                issue = CatalogueIssue(kind: .document, position: nil, recordID: nil, field: nil,
                                       message: "le document doit être un objet JSON")
            } else {
                let (field, message) = CodingPathText.explain(error, below: [])
                issue = CatalogueIssue(kind: .document, position: nil, recordID: nil, field: field, message: message)
            }
            return (Catalogue(), false, nil, nil, [issue])
        } catch {
            return (Catalogue(), false, nil, nil, [CatalogueIssue(kind: .document, position: nil, recordID: nil, field: nil,
                                                                  message: "le fichier n'a pas pu être lu")])
        }
        var issues: [CatalogueIssue] = []
        func collect<Record>(_ attempts: [RecordAttempt<Record>]?, _ kind: CatalogueRecordKind) -> [Record] {
            var records: [Record] = []
            for (offset, attempt) in (attempts ?? []).enumerated() {
                switch attempt.outcome {
                case .success(let record):
                    records.append(record)
                case .failure(let failure):
                    issues.append(CatalogueIssue(kind: kind, position: offset + 1, recordID: failure.label.identifier,
                                                 title: failure.label.title ?? failure.label.name,
                                                 field: failure.field, message: failure.message))
                }
            }
            return records
        }
        let catalogue = Catalogue(axes: collect(document.axes, .axis),
                                  keyActions: collect(document.keyActions, .keyAction),
                                  examples: collect(document.examples, .example),
                                  actors: collect(document.actors, .actor),
                                  sources: document.sources ?? document.source.map { [$0] } ?? [])
        return (catalogue, true, document.format, document.version, issues)
    }
}

/// The three documents share one shape: the palette has `source`, axes, key actions, examples and
/// actors; the local file has `source`, examples and actors; the export has `format`, `version`
/// and `sources` plus all the lists.
private struct CatalogueDocument: Decodable {
    var format: String?
    var version: Int?
    var source: String?
    var sources: [String]?
    var axes: [RecordAttempt<CatalogueAxis>]?
    var keyActions: [RecordAttempt<KeyAction>]?
    var examples: [RecordAttempt<Example>]?
    var actors: [RecordAttempt<CatalogueActor>]?
}

/// One record, decoded or not: a failure keeps what could be read to name the record.
private struct RecordAttempt<Record: Decodable>: Decodable {
    var outcome: Result<Record, RecordFailure>

    init(from decoder: any Decoder) throws {
        do {
            outcome = .success(try Record(from: decoder))
        } catch let error as CatalogueCodeError {
            outcome = .failure(RecordFailure(label: RecordLabel.read(decoder),
                                             field: CodingPathText.describe(error.codingPath.dropFirst(decoder.codingPath.count)),
                                             message: error.message))
        } catch let error as DecodingError {
            let (field, message) = CodingPathText.explain(error, below: decoder.codingPath)
            outcome = .failure(RecordFailure(label: RecordLabel.read(decoder), field: field, message: message))
        }
    }
}

private struct RecordFailure: Error {
    var label: RecordLabel
    var field: String?
    var message: String
}

/// Whatever names a record, read leniently from a record that failed to decode.
private struct RecordLabel {
    var id: String?
    var number: Int?
    var name: String?
    var title: String?

    var identifier: String? { id ?? number.map(String.init) }

    private enum Keys: String, CodingKey { case id, number, name, title }

    static func read(_ decoder: any Decoder) -> RecordLabel {
        guard let container = try? decoder.container(keyedBy: Keys.self) else { return RecordLabel() }
        return RecordLabel(id: try? container.decodeIfPresent(String.self, forKey: .id),
                           number: try? container.decodeIfPresent(Int.self, forKey: .number),
                           name: try? container.decodeIfPresent(String.self, forKey: .name),
                           title: try? container.decodeIfPresent(String.self, forKey: .title))
    }
}

/// An unknown code met while decoding, with its place in the document.
struct CatalogueCodeError: Error {
    var codingPath: [any CodingKey]
    var message: String
}

/// A code stored as text in catalogue files; decoding reports unknown codes in French.
protocol CatalogueCode: RawRepresentable, CaseIterable where RawValue == String {
    /// "thème inconnu", "échelle inconnue": the phrase agrees with the noun.
    static var unknownCodePhrase: String { get }
}

extension CatalogueCode {
    static func parse(_ raw: String, path: [any CodingKey]) throws -> Self {
        guard let value = Self(rawValue: raw) else {
            let accepted = allCases.map(\.rawValue).joined(separator: ", ")
            throw CatalogueCodeError(codingPath: path, message: "\(unknownCodePhrase) « \(raw) » (codes admis : \(accepted))")
        }
        return value
    }
}

extension TransitionTheme: CatalogueCode { static var unknownCodePhrase: String { "thème inconnu" } }
extension VulnerabilityType: CatalogueCode { static var unknownCodePhrase: String { "vulnérabilité inconnue" } }
extension ExampleScale: CatalogueCode { static var unknownCodePhrase: String { "échelle inconnue" } }
extension CostBand: CatalogueCode { static var unknownCodePhrase: String { "tranche de coût inconnue" } }
extension Public: CatalogueCode { static var unknownCodePhrase: String { "public inconnu" } }
extension ActorKind: CatalogueCode { static var unknownCodePhrase: String { "type d'acteur inconnu" } }
extension ExampleStatus: CatalogueCode { static var unknownCodePhrase: String { "statut inconnu" } }

extension KeyedDecodingContainer {
    func decodeCode<Code: CatalogueCode>(_ type: Code.Type, forKey key: Key) throws -> Code {
        try Code.parse(try decode(String.self, forKey: key), path: codingPath + [key])
    }

    func decodeCodeIfPresent<Code: CatalogueCode>(_ type: Code.Type, forKey key: Key) throws -> Code? {
        guard let raw = try decodeIfPresent(String.self, forKey: key) else { return nil }
        return try Code.parse(raw, path: codingPath + [key])
    }

    /// A list of codes; a missing list is empty.
    func decodeCodes<Code: CatalogueCode>(_ type: Code.Type, forKey key: Key) throws -> [Code] {
        let raws = try decodeIfPresent([String].self, forKey: key) ?? []
        return try raws.enumerated().map { offset, raw in
            try Code.parse(raw, path: codingPath + [key, ListIndexKey(intValue: offset)])
        }
    }
}

private struct ListIndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(intValue: Int) { self.intValue = intValue; stringValue = "Index \(intValue)" }
    init?(stringValue: String) { return nil }
}

/// Coding paths and decoding errors in the words the catalogue's curators read.
enum CodingPathText {
    /// "tags.themes[1]", "results[0].value"; nil for the record itself.
    static func describe<Path: Collection>(_ path: Path) -> String? where Path.Element == any CodingKey {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? nil : text
    }

    /// The field (relative to the record at `base`) and a French message for a decoding error.
    static func explain(_ error: DecodingError, below base: [any CodingKey]) -> (field: String?, message: String) {
        switch error {
        case .keyNotFound(let key, let context):
            return (describe((context.codingPath + [key]).dropFirst(base.count)), "champ obligatoire absent")
        case .valueNotFound(_, let context):
            return (describe(context.codingPath.dropFirst(base.count)), "valeur absente (null) alors qu'elle est obligatoire")
        case .typeMismatch(let type, let context):
            return (describe(context.codingPath.dropFirst(base.count)), "type inattendu : \(expected(type)) attendu")
        case .dataCorrupted(let context):
            return (describe(context.codingPath.dropFirst(base.count)), "valeur invalide")
        @unknown default:
            return (nil, "valeur invalide")
        }
    }

    private static func expected(_ type: Any.Type) -> String {
        if type == String.self { return "un texte" }
        if type == Int.self || type == Double.self { return "un nombre" }
        if type == Bool.self { return "un booléen" }
        let name = String(describing: type)
        if name.hasPrefix("Array") || name.hasPrefix("[") && !name.contains(":") { return "une liste" }
        return "un objet"
    }
}
