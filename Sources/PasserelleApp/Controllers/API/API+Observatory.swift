import Foundation
import PasserelleDomain
import Vapor

struct IndicatorJSON: Content {
    var code: String
    var label: String
    var unit: String
    var theme: String
    var polarity: String
    var source: String

    init(_ indicator: Indicator) {
        code = indicator.code
        label = indicator.label
        unit = indicator.unit.rawValue
        theme = indicator.theme.code
        polarity = indicator.polarity.rawValue
        source = indicator.source
    }
}

/// A value as JSON: a number, "secret", or null when missing.
extension ObservationValue {
    var json: JSONNumberOrSecret {
        switch self {
        case .number(let number): .number(number)
        case .secret: .secret
        case .missing: .missing
        }
    }
}

enum JSONNumberOrSecret: Codable, Sendable, Equatable {
    case number(Double)
    case secret
    case missing

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .secret: try container.encode("secret")
        case .missing: try container.encodeNil()
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .missing } else if let value = try? container.decode(Double.self) { self = .number(value) } else { self = .secret }
    }

    var csv: String {
        switch self {
        case .number(let value): Self.plain(value)
        case .secret: "secret"
        case .missing: ""
        }
    }

    /// Decimal point, no exponent, no trailing zeros: how open-data CSV writes numbers.
    static func plain(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        var text = String(format: "%.10f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}

/// Observatory JSON API: catalogue, observations, gaps, portraits, imports.
struct ObservatoryAPIController: Sendable {
    struct IndicatorListJSON: Content { var items: [IndicatorJSON]; var total: Int }

    func indicators(req: Request) async throws -> IndicatorListJSON {
        let items = try await SQLObservatoryRepository(database: req.db).indicators().map { IndicatorJSON($0.indicator) }
        return IndicatorListJSON(items: items, total: items.count)
    }

    struct ObservationJSON: Content {
        var territory: String
        var kind: String
        var indicator: String
        var period: String
        var value: JSONNumberOrSecret
        var source: String
        var importedAt: String
    }
    struct ObservationListJSON: Content { var items: [ObservationJSON]; var total: Int }

    func observations(req: Request) async throws -> Response {
        guard let code = try req.strictQuery.text("territory", maxLength: 20) else {
            throw RequestError.invalidParameter(name: "territory", reason: "code du territoire attendu")
        }
        let kind = try req.strictQuery.choice("kind", of: TerritoryKind.self)
        guard let territory = try await req.territories.find(code: code.uppercased(), kind: kind) else {
            throw RequestError.notFound(what: "Le territoire de code « \(code) »")
        }
        let indicator = try req.strictQuery.text("indicator", maxLength: 80)
        let observations = (try await SQLObservatoryRepository(database: req.db).observations(territoryIDs: [territory.id])[territory.id] ?? [])
            .filter { indicator == nil || $0.indicatorCode == indicator }
        let items = observations.map {
            ObservationJSON(territory: territory.code, kind: territory.kind.rawValue, indicator: $0.indicatorCode, period: $0.period, value: $0.value.json,
                            source: $0.source, importedAt: $0.importedAt)
        }
        if try req.strictQuery.text("format", maxLength: 10) == "csv" {
            var csv = CSVWriter(header: ["territory_code", "kind", "indicator", "period", "value", "source", "imported_at"])
            for item in items { csv.append([item.territory, item.kind, item.indicator, item.period, item.value.csv, item.source, item.importedAt]) }
            return csv.response(fileName: "observations-\(territory.code).csv")
        }
        return try await ObservationListJSON(items: items, total: items.count).encodeResponse(for: req)
    }

    struct GapJSON: Content {
        var territoryCode: String
        var territoryName: String
        var value: JSONNumberOrSecret
        var referenceCode: String?
        var referenceValue: JSONNumberOrSecret?
        var ratio: Double?
        var difference: Double?
    }
    struct GapListJSON: Content { var indicator: String; var period: String; var items: [GapJSON]; var total: Int }

    /// `GET /api/v1/gaps?indicator=&period=&contract=|territories=&reference=|referenceKind=&format=`
    func gaps(req: Request) async throws -> Response {
        let query = req.strictQuery
        guard let indicator = try query.text("indicator", maxLength: 80) else { throw RequestError.invalidParameter(name: "indicator", reason: "code d'indicateur attendu") }
        guard let period = try query.text("period", maxLength: 20) else { throw RequestError.invalidParameter(name: "period", reason: "période attendue (par ex. 2020)") }
        let selection = try await GapSelection.resolve(
            contract: try query.text("contract", maxLength: 40), territories: try query.text("territories", maxLength: 5_000),
            reference: try query.text("reference", maxLength: 20), referenceKind: try query.text("referenceKind", maxLength: 20), database: req.db)
        let rows = try await ObservatoryService(database: req.db).gaps(indicator: indicator, period: period, territories: selection.territories, reference: selection.reference)
        switch try query.text("format", maxLength: 10) {
        case "csv":
            return GapSelection.csv(rows).response(fileName: CSVWriter.safeFileName("ecarts-\(indicator)-\(period).csv"))
        case nil, "json":
            let items = rows.map { GapJSON(territoryCode: $0.territory.code, territoryName: $0.territory.name, value: $0.value.json, referenceCode: $0.reference?.code,
                                           referenceValue: $0.referenceValue?.json, ratio: $0.ratio, difference: $0.difference) }
            return try await GapListJSON(indicator: indicator, period: period, items: items, total: items.count).encodeResponse(for: req)
        case let other?:
            throw RequestError.invalidParameter(name: "format", reason: "csv ou json attendu, « \(other) » reçu")
        }
    }

    struct FigureJSON: Content {
        var indicator: String
        var label: String
        var unit: String
        var period: String
        var value: JSONNumberOrSecret
        var referenceCode: String?
        var referenceValue: JSONNumberOrSecret?
        var ratio: Double?
        var difference: Double?
        var sentence: String
        var trend: String?
        var source: String?
        var importedAt: String?
    }
    struct TerritoryPortraitJSON: Content { var code: String; var kind: String; var name: String; var figures: [FigureJSON] }

    func territoryPortrait(req: Request) async throws -> Response {
        let territory = try await req.territory(kindParameter: "kind")
        let figures = try await ObservatoryService(database: req.db).portrait(of: territory)
        let items = figures.map {
            FigureJSON(indicator: $0.indicator.code, label: $0.indicator.label, unit: $0.indicator.unit.rawValue, period: $0.period, value: $0.value.json,
                       referenceCode: $0.reference?.code, referenceValue: $0.referenceValue?.json, ratio: $0.gap?.ratio, difference: $0.gap?.difference,
                       sentence: $0.sentence, trend: $0.trend?.rawValue, source: $0.provenance?.source, importedAt: $0.provenance?.importedAt)
        }
        if try req.strictQuery.text("format", maxLength: 10) == "csv" {
            var csv = CSVWriter(header: ["indicator", "label", "unit", "period", "value", "reference_code", "reference_value", "ratio", "difference", "trend", "source", "imported_at"])
            for item in items {
                csv.append([item.indicator, item.label, item.unit, item.period, item.value.csv, item.referenceCode ?? "", item.referenceValue?.csv ?? "",
                            item.ratio.map(JSONNumberOrSecret.plain) ?? "", item.difference.map(JSONNumberOrSecret.plain) ?? "", item.trend ?? "", item.source ?? "", item.importedAt ?? ""])
            }
            return csv.response(fileName: "portrait-\(territory.code).csv")
        }
        return try await TerritoryPortraitJSON(code: territory.code, kind: territory.kind.rawValue, name: territory.name, figures: items).encodeResponse(for: req)
    }

    struct QPVValueJSON: Content { var code: String; var name: String; var value: JSONNumberOrSecret; var ratio: Double?; var difference: Double? }
    struct ContractFigureJSON: Content {
        var indicator: String
        var label: String
        var unit: String
        var period: String
        var epciValue: JSONNumberOrSecret?
        var aggregateValue: JSONNumberOrSecret?
        var minimum: QPVValueJSON?
        var maximum: QPVValueJSON?
        var qpv: [QPVValueJSON]
        var headline: String?
        var spread: String?
        var trend: String?
        var source: String?
    }
    struct ContractPortraitJSON: Content { var id: Int; var name: String; var epci: EPCIRefJSON; var findings: [ContractFinding]; var figures: [ContractFigureJSON] }

    func contractPortrait(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let figures = try await ObservatoryService(database: req.db).portrait(of: detail)
        let findings = try await SQLObservatoryRepository(database: req.db).findings(contractID: detail.contract.id)
        let items = figures.map { figure in
            let gaps = Dictionary((figure.summary?.gaps ?? []).map { ($0.territoryID, $0) }, uniquingKeysWith: { a, _ in a })
            let qpv = figure.qpv.map { QPVValueJSON(code: $0.territory.code, name: $0.territory.name, value: $0.value.json, ratio: gaps[$0.territory.id]?.ratio, difference: gaps[$0.territory.id]?.difference) }
            let find = { (id: Int?) in qpv.first { item in figure.qpv.first { $0.territory.id == id }?.territory.code == item.code } }
            return ContractFigureJSON(indicator: figure.indicator.code, label: figure.indicator.label, unit: figure.indicator.unit.rawValue, period: figure.period,
                                      epciValue: figure.epciValue?.json, aggregateValue: figure.aggregate?.value.json,
                                      minimum: find(figure.summary?.minimum?.territoryID), maximum: find(figure.summary?.maximum?.territoryID),
                                      qpv: qpv, headline: figure.headline, spread: figure.spread, trend: figure.trend, source: figure.provenance?.source)
        }
        if try req.strictQuery.text("format", maxLength: 10) == "csv" {
            var csv = CSVWriter(header: ["indicator", "label", "unit", "period", "territory_code", "territory_name", "value", "epci_value", "ratio", "difference", "source"])
            for item in items {
                for qpv in item.qpv {
                    csv.append([item.indicator, item.label, item.unit, item.period, qpv.code, qpv.name, qpv.value.csv, item.epciValue?.csv ?? "",
                                qpv.ratio.map(JSONNumberOrSecret.plain) ?? "", qpv.difference.map(JSONNumberOrSecret.plain) ?? "", item.source ?? ""])
                }
            }
            return csv.response(fileName: "portrait-contrat-\(detail.contract.slug).csv")
        }
        let contract = detail.contract
        return try await ContractPortraitJSON(id: contract.id, name: contract.name, epci: EPCIRefJSON(code: contract.epci.code, name: contract.epci.name),
                                              findings: findings, figures: items).encodeResponse(for: req)
    }

    struct ImportReportJSON: Content {
        var summary: String
        var dryRun: Bool
        var rejected: Bool
        var rowsRead: Int
        var observationsAccepted: Int
        var created: Int
        var updated: Int
        var newIndicators: [String]
        var problems: [ProblemJSON]
        var problemCount: Int
    }
    struct ProblemJSON: Content { var line: Int; var column: String?; var message: String }

    /// `POST /api/v1/indicator-imports?fileName=&format=&period=&territory=&columns=&kind=&createMissing=&dryRun=&source=` with the CSV as body.
    func importFile(req: Request) async throws -> Response {
        let query = req.strictQuery
        let fileName = try query.text("fileName", maxLength: 200) ?? "import.csv"
        guard let buffer = req.body.data, buffer.readableBytes > 0 else {
            throw RequestError.invalidBody(reason: "le corps de la requête doit contenir le fichier CSV")
        }
        let bytes = Array(buffer.readableBytesView)
        try ObservatoryController.checkUpload(fileName: fileName.hasSuffix(".csv") || fileName.hasSuffix(".txt") || fileName.hasSuffix(".tsv") ? fileName : fileName + ".csv", bytes: bytes)
        let settings = IndicatorImportSettings(format: try query.text("format", maxLength: 10), territoryColumn: try query.text("territory", maxLength: 100),
                                               period: try query.text("period", maxLength: 20), columns: try query.text("columns", maxLength: 20_000),
                                               kind: try query.text("kind", maxLength: 20), createMissingIndicators: try query.text("createMissing", maxLength: 5) == "true")
        let options: IndicatorFileOptions
        do {
            options = try settings.options()
        } catch {
            // A bad option is a bad query parameter; 422 is kept for files refused line by line.
            let first = error.errors.first
            throw RequestError.invalidParameter(name: first?.field == "colonnes" ? "columns" : (first?.field ?? "format"), reason: error.userMessage)
        }
        let scope = try await ImportScope.of(req.account?.principal, database: req.db)
        if options.createMissingIndicators && !scope.isGlobal {
            throw AuthError.forbidden
        }
        let outcome = try await IndicatorImport(database: req.db, clock: req.application.clock).run(
            .init(fileName: fileName, sourceLabel: try query.text("source", maxLength: 200) ?? fileName, options: options,
                  dryRun: try query.text("dryRun", maxLength: 5) == "true", actor: req.actor, scope: scope),
            chunks: [bytes[...]])
        let report = outcome.report
        let json = ImportReportJSON(summary: outcome.summary, dryRun: outcome.dryRun, rejected: outcome.rejected, rowsRead: report.rowsRead,
                                    observationsAccepted: report.observationsAccepted, created: outcome.created, updated: outcome.updated,
                                    newIndicators: report.newIndicators, problems: report.problems.map { ProblemJSON(line: $0.line, column: $0.column, message: $0.message) },
                                    problemCount: report.problemCount)
        let response = try await json.encodeResponse(for: req)
        response.status = outcome.rejected ? .unprocessableEntity : (outcome.dryRun || outcome.changedNothing ? .ok : .created)
        return response
    }
}

/// Which territories a gap table covers and what they are compared with.
enum GapSelection {
    struct Selection { var territories: [Territory]; var reference: ReferenceChoice }

    static func resolve(contract: String?, territories codes: String?, reference: String?, referenceKind: String?, database: any Database) async throws -> Selection {
        let territories = SQLTerritoryRepository(database: database)
        var list: [Territory] = []
        var defaultReference: ReferenceChoice = .parentKind(.epci)
        if let key = contract {
            let contracts = SQLContractRepository(database: database)
            let id: Int? = if let number = Int(key), try await contracts.exists(id: number) { number } else { try await contracts.id(forSlug: key.lowercased()) }
            guard let id, let detail = try await contracts.find(id: id) else { throw RequestError.notFound(what: "Le contrat « \(key) »") }
            list = detail.qpv
            defaultReference = .territory(detail.contract.epci)
        } else if let codes {
            let wanted = codes.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(String.init)
            guard wanted.count <= 500 else { throw RequestError.invalidParameter(name: "territories", reason: "500 codes au plus (\(wanted.count) reçus)") }
            for code in wanted {
                guard let territory = try await territories.find(code: code.uppercased(), kind: nil) else {
                    throw RequestError.notFound(what: "Le territoire de code « \(code) »")
                }
                list.append(territory)
            }
        } else {
            throw RequestError.invalidParameter(name: "contract", reason: "indiquez un contrat (contract) ou une liste de codes (territories)")
        }
        if let code = reference {
            guard let territory = try await territories.find(code: code.uppercased(), kind: nil) else { throw RequestError.notFound(what: "Le territoire de référence « \(code) »") }
            return Selection(territories: list, reference: .territory(territory))
        }
        if let text = referenceKind {
            guard let kind = TerritoryKind(rawValue: text) else {
                throw RequestError.invalidParameter(name: "referenceKind", reason: "valeurs possibles : \(TerritoryKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return Selection(territories: list, reference: .parentKind(kind))
        }
        return Selection(territories: list, reference: defaultReference)
    }

    /// `territory_code, value, reference_code, reference_value, ratio, difference`.
    static func csv(_ rows: [GapRow]) -> CSVWriter {
        var csv = CSVWriter(header: ["territory_code", "value", "reference_code", "reference_value", "ratio", "difference"])
        for row in rows {
            csv.append([row.territory.code, row.value.json.csv, row.reference?.code ?? "", row.referenceValue?.json.csv ?? "",
                        row.ratio.map(JSONNumberOrSecret.plain) ?? "", row.difference.map(JSONNumberOrSecret.plain) ?? ""])
        }
        return csv
    }
}

import Fluent
