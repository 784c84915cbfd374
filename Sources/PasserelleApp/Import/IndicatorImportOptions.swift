import PasserelleDomain

/// The options of an indicator import as people write them (command line, form, API query),
/// checked and turned into `IndicatorFileOptions`. Shared by the three entry points.
struct IndicatorImportSettings: Sendable {
    var format: String?
    var territoryColumn: String?
    var period: String?
    var columns: String?
    var kind: String?
    var createMissingIndicators = false

    func options() throws(FormInvalid) -> IndicatorFileOptions {
        var errors: [FieldError] = []
        var fileFormat = IndicatorFileFormat.long
        if let text = format?.trimmingSpaces, !text.isEmpty {
            if let parsed = IndicatorFileFormat(rawValue: text.lowercased()) { fileFormat = parsed } else {
                errors.append(FieldError(field: "format", message: "Champ « format » : « \(text) » inconnu (long ou wide)."))
            }
        }
        var territoryKind: TerritoryKind?
        if let text = kind?.trimmingSpaces, !text.isEmpty {
            if let parsed = TerritoryKind(rawValue: text) { territoryKind = parsed } else {
                errors.append(FieldError(field: "kind", message: "Champ « kind » : « \(text) » inconnu (\(TerritoryKind.allCases.map(\.rawValue).joined(separator: ", ")))."))
            }
        }
        var mapping = ColumnMapping()
        for entry in (columns ?? "").split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\n" || $0 == "\r" }) {
            let text = String(entry).trimmingSpaces
            guard !text.isEmpty else { continue }
            let parts = text.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                errors.append(FieldError(field: "colonnes", message: "Champ « colonnes » : « \(text) » n'a pas la forme colonne=code_indicateur."))
                continue
            }
            mapping.indicators[parts[0]] = parts[1]
        }
        guard errors.isEmpty else { throw FormInvalid(errors: errors) }
        return IndicatorFileOptions(format: fileFormat, territoryColumn: territoryColumn?.trimmingSpaces.nilIfEmpty, mapping: mapping,
                                    period: period?.trimmingSpaces.nilIfEmpty, kind: territoryKind, createMissingIndicators: createMissingIndicators)
    }
}
