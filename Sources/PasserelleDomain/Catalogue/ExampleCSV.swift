/// A column of the examples CSV: its header and what it holds.
public struct ExampleCSVColumn: Sendable, Equatable {
    public var header: String
    public var description: String
}

/// The flat CSV export of the examples, one row per example, for spreadsheets and open data.
///
/// Written for French spreadsheets: ';' separator, UTF-8 with a byte-order mark, CRLF line ends,
/// decimal comma, French labels for codes. Fields holding the separator, a quote, a CR or a LF are
/// quoted (quotes doubled). Several values in one cell are joined with " | ". A cell starting with
/// '=', '+', '-' or '@' is prefixed with an apostrophe so that a spreadsheet never runs it as a formula.
/// The JSON export (`Catalogue.encodeJSON()`) is the format to re-import; this one is for reading.
public enum ExampleCSV {
    private struct Column: Sendable {
        var header: String
        var description: String
        var value: @Sendable (Example, Catalogue) -> String
    }

    private static let columns: [Column] = [
        Column(header: "identifiant", description: "Identifiant stable de l'exemple (lettres, chiffres, tirets)") { example, _ in example.id },
        Column(header: "action_cle", description: "Numéro de l'action clé (1 à 11)") { example, _ in String(example.keyAction) },
        Column(header: "action_cle_intitule", description: "Intitulé de l'action clé") { example, catalogue in catalogue.keyAction(number: example.keyAction)?.title ?? "" },
        Column(header: "axe", description: "Numéro de l'axe de l'action clé (1 à 4)") { example, catalogue in catalogue.keyAction(number: example.keyAction).map { String($0.axis) } ?? "" },
        Column(header: "titre", description: "Titre de l'exemple") { example, _ in example.title },
        Column(header: "quartier", description: "Nom du quartier prioritaire, s'il est cité") { example, _ in example.place.qpvName ?? "" },
        Column(header: "commune", description: "Commune") { example, _ in example.place.commune ?? "" },
        Column(header: "departement", description: "Département") { example, _ in example.place.department ?? "" },
        Column(header: "region", description: "Région") { example, _ in example.place.region ?? "" },
        Column(header: "pays", description: "Pays") { example, _ in example.place.country ?? "" },
        Column(header: "echelle", description: "Échelle d'intervention (Bâtiment ou site, Quartier, Commune, Intercommunalité, Département, Région, National)") { example, _ in example.scale.label },
        Column(header: "description", description: "Description de l'exemple") { example, _ in example.summary },
        Column(header: "partenaires", description: "Partenaires, « Nom (Type) », séparés par « | »") { example, _ in example.partners.map(ExampleText.mention).joined(separator: " | ") },
        Column(header: "methode", description: "Méthode") { example, _ in example.method ?? "" },
        Column(header: "resultats", description: "Résultats, « Texte (valeur unité) », séparés par « | »") { example, _ in example.results.map(ExampleText.result).joined(separator: " | ") },
        Column(header: "duree", description: "Durée ou période") { example, _ in example.duration ?? "" },
        Column(header: "cout_montant", description: "Montant du coût, sans séparateur de milliers, virgule décimale") { example, _ in example.cost?.amount.map(ExampleText.number) ?? "" },
        Column(header: "cout_devise", description: "Devise du montant (EUR)") { example, _ in example.cost?.currency ?? "" },
        Column(header: "cout_couvre", description: "Ce que couvre le coût") { example, _ in example.cost?.covers ?? "" },
        Column(header: "cout_texte", description: "Le coût tel que la source le dit") { example, _ in example.cost?.text ?? "" },
        Column(header: "tranche_cout", description: "Tranche de coût") { example, _ in example.tags.costBand.label },
        Column(header: "pilote", description: "Pilote, « Nom (Type) »") { example, _ in example.pilot.map(ExampleText.mention) ?? "" },
        Column(header: "ressources", description: "Ressources, « Titre <adresse> », séparées par « | »") { example, _ in example.resources.map(ExampleText.resource).joined(separator: " | ") },
        Column(header: "contact", description: "Service ou fonction à contacter") { example, _ in example.contactRole ?? "" },
        Column(header: "themes", description: "Thèmes de transition, séparés par « | »") { example, _ in example.tags.themes.map(\.shortLabel).joined(separator: " | ") },
        Column(header: "vulnerabilites", description: "Vulnérabilités traitées, séparées par « | »") { example, _ in example.tags.vulnerabilities.map(\.label).joined(separator: " | ") },
        Column(header: "publics", description: "Publics visés, séparés par « | »") { example, _ in example.tags.publics.map(\.label).joined(separator: " | ") },
        Column(header: "document_source", description: "Document d'origine (002 : palette nationale ; 000, 004 : exemples locaux)") { example, _ in example.seed ?? "" },
        Column(header: "statut", description: "Actif ou Retiré") { example, _ in example.status.label },
        Column(header: "motif_retrait", description: "Motif du retrait, pour un exemple retiré") { example, _ in example.retiredReason ?? "" },
    ]

    /// The columns, in order, with what each holds (for the export's documentation page).
    public static var documentation: [ExampleCSVColumn] {
        columns.map { ExampleCSVColumn(header: $0.header, description: $0.description) }
    }

    /// The cells: the header row, then one row per example in catalogue order, formula-safe.
    public static func rows(_ catalogue: Catalogue, includeRetired: Bool = true) -> [[String]] {
        var rows = [columns.map(\.header)]
        for example in catalogue.examples where includeRetired || example.isActive {
            rows.append(columns.map { neutralised($0.value(example, catalogue)) })
        }
        return rows
    }

    /// The CSV text of `rows(_:includeRetired:)`.
    public static func text(_ catalogue: Catalogue, includeRetired: Bool = true, separator: Character = ";",
                            byteOrderMark: Bool = true) -> String {
        var text = byteOrderMark ? "\u{FEFF}" : ""
        for row in rows(catalogue, includeRetired: includeRetired) {
            text += row.map { quoted($0, separator: separator) }.joined(separator: String(separator))
            text += "\r\n"
        }
        return text
    }

    static func quoted(_ cell: String, separator: Character) -> String {
        let needsQuotes = cell.unicodeScalars.contains { $0 == "\"" || $0 == "\r" || $0 == "\n" || Character($0) == separator }
        guard needsQuotes else { return cell }
        var text = "\""
        for character in cell {
            text.append(character)
            if character == "\"" { text.append("\"") }
        }
        return text + "\""
    }

    static func neutralised(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, "=+-@".unicodeScalars.contains(first) else { return cell }
        return "'" + cell
    }
}
