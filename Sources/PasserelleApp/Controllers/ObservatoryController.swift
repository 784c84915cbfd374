import Foundation
import PasserelleDomain
import Vapor

/// The observatory: catalogue, imports, portraits of territories and contracts, gaps.
struct ObservatoryController: Sendable {
    static let maxUpload: ByteCount = "100mb"

    func home(req: Request) async throws -> Response {
        let repository = SQLObservatoryRepository(database: req.db)
        let canImport = AccessPolicy.decide(Self.importPermission, principal: req.account?.principal, contractID: nil) == .allowed
        return .html(ObservatoryPages.home(indicators: try await repository.indicators(), imports: try await repository.imports(), canImport: canImport,
                                           context: req.pageContext()))
    }

    static let importPermission = Permission.anyContract([.contractTeam, .resourceCentre])

    func importPage(req: Request) async throws -> Response {
        .html(ObservatoryPages.importPage(form: .init(), mappings: try await SQLObservatoryRepository(database: req.db).mappings(), outcome: nil, errors: [],
                                          context: req.pageContext(withForm: true)))
    }

    struct UploadForm: Content {
        var fichier: File?
        var format: String?
        var periode: String?
        var territoire: String?
        var colonnes: String?
        var correspondance: String?
        var nom_correspondance: String?
        var source: String?
        var creer: String?
        var essai: String?
    }

    func importFile(req: Request) async throws -> Response {
        let upload = try req.content.decode(UploadForm.self)
        var form = ObservatoryPages.ImportForm(format: upload.format ?? "long", period: upload.periode ?? "", territoryColumn: upload.territoire ?? "",
                                               columns: upload.colonnes ?? "", source: upload.source ?? "", mappingName: upload.nom_correspondance ?? "",
                                               createMissing: upload.creer == "oui", dryRun: upload.essai == "oui")
        let repository = SQLObservatoryRepository(database: req.db)
        let mappings = try await repository.mappings()
        func page(_ outcome: IndicatorImportOutcome?, _ errors: [FieldError], status: HTTPResponseStatus) -> Response {
            .html(ObservatoryPages.importPage(form: form, mappings: mappings, outcome: outcome, errors: errors, context: req.pageContext(withForm: true)), status: status)
        }
        guard let file = upload.fichier, file.data.readableBytes > 0 else {
            return page(nil, [FieldError(field: "fichier", message: "Champ « fichier » : choisissez un fichier CSV.")], status: .unprocessableEntity)
        }
        if let chosen = upload.correspondance?.nilIfEmpty, let saved = mappings.first(where: { $0.name == chosen }) {
            form.format = saved.format
            form.territoryColumn = saved.territoryColumn ?? form.territoryColumn
            form.period = form.period.isEmpty ? (saved.period ?? "") : form.period
            form.columns = saved.mapping.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        }
        let bytes = Array(file.data.readableBytesView)
        do {
            try Self.checkUpload(fileName: file.filename, bytes: bytes)
            let scope = try await ImportScope.of(req.account?.principal, database: req.db)
            if form.createMissing && !scope.isGlobal {
                throw FormInvalid(errors: [FieldError(field: "creer", message: "Créer des indicateurs dans le catalogue est réservé à l'administrateur et au centre de ressources.")])
            }
            let options = try IndicatorImportSettings(format: form.format, territoryColumn: form.territoryColumn, period: form.period, columns: form.columns,
                                                      createMissingIndicators: form.createMissing).options()
            let outcome = try await IndicatorImport(database: req.db, clock: req.application.clock).run(
                .init(fileName: file.filename, sourceLabel: form.source.trimmingSpaces.nilIfEmpty ?? file.filename, options: options, dryRun: form.dryRun,
                      actor: req.actor, scope: scope),
                chunks: [bytes[...]])
            if !outcome.rejected, !form.dryRun, let name = form.mappingName.trimmingSpaces.nilIfEmpty {
                try await repository.saveMapping(.init(name: name, format: form.format, territoryColumn: form.territoryColumn.nilIfEmpty, period: form.period.nilIfEmpty,
                                                       mapping: options.mapping.indicators), createdAt: req.application.clock.now().isoString, createdBy: req.actor.label)
            }
            return page(outcome, [], status: outcome.rejected ? .unprocessableEntity : .ok)
        } catch let invalid as FormInvalid {
            return page(nil, invalid.errors, status: invalid.status)
        }
    }

    /// Uploads are CSV text: the name ends in .csv, .txt or .tsv and the first bytes hold no NUL
    /// (a spreadsheet, an archive or an executable is refused before any parsing).
    static func checkUpload(fileName: String, bytes: [UInt8]) throws(FormInvalid) {
        let lower = fileName.lowercased()
        guard lower.hasSuffix(".csv") || lower.hasSuffix(".txt") || lower.hasSuffix(".tsv") else {
            throw FormInvalid(errors: [FieldError(field: "fichier", message: "Champ « fichier » : « \(fileName) » n'est pas un fichier CSV (.csv, .txt ou .tsv attendu ; enregistrez un classeur au format CSV).")])
        }
        guard !bytes.prefix(8192).contains(0) else {
            throw FormInvalid(errors: [FieldError(field: "fichier", message: "Champ « fichier » : « \(fileName) » contient des données binaires, pas du texte CSV.")])
        }
    }

    // MARK: Portraits

    func territoryPortrait(req: Request) async throws -> Response {
        let territory = try await req.territory(kindParameter: "type")
        let figures = try await ObservatoryService(database: req.db).portrait(of: territory)
        return .html(PortraitPages.territory(territory, figures: figures, context: req.pageContext()))
    }

    func contractPortrait(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let figures = try await ObservatoryService(database: req.db).portrait(of: detail)
        let findings = try await SQLObservatoryRepository(database: req.db).findings(contractID: detail.contract.id)
        return .html(PortraitPages.contract(detail, figures: figures, findings: findings, context: req.pageContext()))
    }
}
