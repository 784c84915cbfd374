import Fluent
import Foundation
import NIOCore
import PasserelleDomain
import Vapor

func registerCommands(_ app: Application) {
    app.asyncCommands.use(ServeWithPreparationCommand(), as: "serve", isDefault: true)
    app.asyncCommands.use(MigrateDatabaseCommand(), as: "migrate")
    app.asyncCommands.use(ImportCommands(), as: "import")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(UserCommands(), as: "users")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(GapsCommand(), as: "gaps")
    app.asyncCommands.use(LocateCommand(), as: "locate")
    app.asyncCommands.use(VulnerabilityCommand(), as: "vulnerability")
    // Issue 6 — catalogue export and import
    app.asyncCommands.use(CatalogueCommands(), as: "catalogue")
    app.asyncCommands.use(ExportCommands(), as: "export")
}

/// An error that stops a command with one clear French line (no stack trace).
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
}

/// `passerelle serve`: prepares the database (migrations; reference and demo on first start), then serves.
struct ServeWithPreparationCommand: AsyncCommand {
    typealias Signature = ServeCommand.Signature

    var help: String {
        "Démarre Passerelle (au premier démarrage : crée la base, importe le référentiel 2024 et la démonstration)."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Startup.prepare(app)
        do {
            try await app.servers.asyncCommand.run(using: context, signature: signature)
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            let configuration = app.http.server.configuration
            throw CommandFailure(description: "Le port \(configuration.port) de \(configuration.hostname) est déjà utilisé par un autre programme : arrêtez-le ou choisissez un autre port (--port ou PASSERELLE_PORT).")
        }
        app.logger.notice("Passerelle écoute sur http://\(app.http.server.configuration.hostname):\(app.http.server.configuration.port) (base : \(app.settings.database.description))")
    }
}

/// `passerelle migrate`: applies the migrations that have not run yet, without asking.
struct MigrateDatabaseCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Applique les migrations de la base de données qui ne l'ont pas encore été." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.autoMigrate()
        context.console.print("Base de données à jour (\(context.application.settings.database)).")
    }
}

struct ImportCommands: AsyncCommandGroup {
    var help: String { "Importe des données : reference (territoires 2024), indicators (fichiers d'indicateurs), territories (autres territoires), outlines (contours GeoJSON)." }
    var commands: [String: any AnyAsyncCommand] {
        ["reference": ImportReferenceCommand(), "indicators": ImportIndicatorsCommand(), "territories": ImportTerritoriesCommand(), "outlines": ImportOutlinesCommand()]
    }
}

/// `passerelle import reference [--from DIR]`: the 2024 territories, idempotent.
struct ImportReferenceCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "Dossier contenant cog2024/ et qpv2024/ (par défaut : la copie livrée avec Passerelle).")
        var from: String?
    }

    var help: String { "Importe ou met à jour les territoires de référence 2024 (régions, départements, communes, EPCI, QPV)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let directory = signature.from.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? Resources.referenceDirectory
        let started = Date()
        let summary: ReferenceImportSummary
        do {
            let console = context.console
            summary = try await ReferenceImport.run(on: app.db, from: directory) { geography in
                console.print("Fichiers lus et vérifiés : \(geography.territories.count) territoires, \(geography.links.count) liens. Écriture en base…")
            }
        } catch let error as ReferenceFileError {
            throw CommandFailure(description: "Import annulé, la base est inchangée. \(error)")
        }
        let seconds = Date().timeIntervalSince(started)
        let counts: [String] = TerritoryKind.allCases.compactMap { kind in
            guard let count = summary.countsByKind[kind] else { return nil }
            return "\(count) \(kind.pluralLabel.lowercased())"
        }
        context.console.print("Référentiel lu : \(counts.joined(separator: ", ")).")
        context.console.print(summary.changedNothing
            ? "Aucun changement : la base était déjà à jour (\(String(format: "%.1f", seconds)) s)."
            : "\(summary.created) territoires créés, \(summary.updated) mis à jour, \(summary.linksCreated) liens ajoutés (\(String(format: "%.1f", seconds)) s).")
    }
}

/// `passerelle demo`: the demo contracts (and the reference they need), idempotent.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Charge les contrats de démonstration (CALL, CABBALR, CAB) et la programmation fictive de la CALL s'ils ne sont pas déjà présents." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        if try await SQLTerritoryRepository(database: app.db).count(kind: .epci, codePrefix: nil) == 0 {
            context.console.print("Import du référentiel territorial 2024…")
            _ = try await ReferenceImport.run(on: app.db)
        }
        let created = try await DemoImport.run(on: app.db)
        context.console.print(created.isEmpty
            ? "Les contrats de démonstration sont déjà chargés."
            : "Contrats de démonstration chargés : \(created.joined(separator: ", ")).")
        if let observatory = try await DemoObservatory.run(on: app.db, clock: app.clock) {
            context.console.print("Diagnostic de la CALL : \(observatory.summary)")
        }
        context.console.print("Contours des communes des trois agglomérations : \(try await DemoOutlines.run(on: app.db, clock: app.clock).summary)")
        // 004 — sample plans, links, roadmap and commitments of the CALL demo
        context.console.print(try await DemoCrossMatrix.run(on: app.db, clock: app.clock)
            ? "Matrice de croisement de la CALL : échantillons de PCAET et de SATD, liens, jalons et engagements chargés."
            : "La matrice de croisement de démonstration est déjà chargée (ou le contrat de la CALL est absent).")
        if let applications = try await DemoProgramming.run(on: app.db) {
            context.console.print("Programmation de démonstration de la CALL : \(applications) candidatures fictives (porteurs, SIRET et montants inventés).")
        }
    }
}

/// `passerelle backup FILE`: a consistent copy of the database, server running or not.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Fichier de sauvegarde à créer (jamais écrasé).")
        var file: String
    }

    var help: String { "Sauvegarde la base (SQLite : copie cohérente en ligne ; PostgreSQL : pg_dump)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        do {
            try await Backup.backup(app.settings.database, database: app.db, to: signature.file)
        } catch let error as Backup.Failure {
            throw CommandFailure(description: "Sauvegarde impossible : \(error.description).")
        }
        context.console.print("Sauvegarde écrite dans \(signature.file) (\(app.settings.database.engineName)).")
    }
}

/// `passerelle restore FILE`: replaces the database with a backup. Stop the server first.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Sauvegarde produite par passerelle backup.")
        var file: String
    }

    var help: String { "Remplace la base par une sauvegarde (arrêtez le serveur avant)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        do {
            try Backup.restore(app.settings.database, from: signature.file)
        } catch let error as Backup.Failure {
            throw CommandFailure(description: "Restauration impossible, la base est inchangée : \(error.description).")
        }
        context.console.print("Base restaurée depuis \(signature.file).")
    }
}

struct UserCommands: AsyncCommandGroup {
    var help: String { "Gère les comptes : create." }
    var commands: [String: any AnyAsyncCommand] { ["create": CreateUserCommand()] }
}

/// `passerelle users create --email E --organisation SIREN_OR_NAME --role ROLE [--contract ID] [--password-stdin]`
struct CreateUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "Adresse e-mail du compte.")
        var email: String?
        @Option(name: "organisation", help: "SIREN, SIRET ou nom de l'organisation (un EPCI du référentiel est reconnu par son SIREN).")
        var organisation: String?
        @Option(name: "role", help: "administrator, contractTeam, funder, partnerReferent, projectHolder, resourceCentre ou inhabitant.")
        var role: String?
        @Option(name: "contract", help: "Numéro ou nom court du contrat (par défaut : tous les contrats).")
        var contract: String?
        @Flag(name: "password-stdin", help: "Lit le mot de passe sur l'entrée standard (sinon un mot de passe est tiré au sort et affiché une fois).")
        var passwordFromStandardInput: Bool
    }

    var help: String { "Crée un compte confirmé avec un rôle (premier administrateur, scripts)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let email = signature.email else { throw CommandFailure(description: "Option --email manquante.") }
        guard let roleText = signature.role, let role = Role(rawValue: roleText) else {
            throw CommandFailure(description: "Option --role invalide « \(signature.role ?? "") » : valeurs possibles \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        try await app.autoMigrate()
        var contractID: Int?
        if let key = signature.contract {
            let contracts = SQLContractRepository(database: app.db)
            if let id = Int(key), try await contracts.exists(id: id) { contractID = id }
            else if let id = try await contracts.id(forSlug: key.lowercased()) { contractID = id }
            else { throw CommandFailure(description: "Contrat « \(key) » introuvable.") }
        }
        let password: String
        var generated = false
        if signature.passwordFromStandardInput {
            password = (readLine(strippingNewline: true) ?? "")
        } else {
            password = Secret.token(bytes: 15)
            generated = true
        }
        let service = AccountService(database: app.db, clock: app.clock, hasher: app.password.async(on: app.threadPool, hopTo: app.eventLoopGroup.next()),
                                     logger: app.logger, outbox: app.outbox, publicURL: app.settings.publicURL)
        let account: Account
        do {
            account = try await service.createUser(email: email, organisation: signature.organisation, role: role, contractID: contractID, password: password, by: .commandLine)
        } catch let error as AccountError {
            throw CommandFailure(description: error.userMessage)
        }
        context.console.print("Compte \(account.email) créé (\(role.label)\(contractID.map { ", contrat n° \($0)" } ?? ""))\(account.organisationName.map { ", organisation « \($0) »" } ?? "").")
        if generated { context.console.print("Mot de passe (affiché une seule fois) : \(password)") }
    }
}

/// `passerelle import indicators FILE [--format wide|long] [--territory COL] [--period P] [--columns "col=indicator,…"]
/// [--create-missing-indicators] [--dry-run] [--source LABEL] [--kind KIND]`
struct ImportIndicatorsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Fichier CSV (long : code, indicateur, periode, valeur ; large : une colonne par indicateur).")
        var file: String
        @Option(name: "format", help: "long (par défaut) ou wide.")
        var format: String?
        @Option(name: "territory", help: "Colonne du code territoire (par défaut : code).")
        var territory: String?
        @Option(name: "period", help: "Période de toutes les lignes (fichiers larges).")
        var period: String?
        @Option(name: "columns", help: "Correspondance colonne=indicateur, séparée par des virgules.")
        var columns: String?
        @Option(name: "kind", help: "Niveau de tous les codes (department, region…) quand ils se confondent.")
        var kind: String?
        @Option(name: "source", help: "Source affichée sous chaque chiffre (par défaut : le nom du fichier).")
        var source: String?
        @Flag(name: "create-missing-indicators", help: "Crée les indicateurs absents du catalogue.")
        var createMissing: Bool
        @Flag(name: "dry-run", help: "Vérifie le fichier et montre ce qui serait importé, sans rien écrire.")
        var dryRun: Bool
    }

    var help: String { "Importe un fichier d'indicateurs (tout ou rien ; réimporter le même fichier ne change rien)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let options: IndicatorFileOptions
        do {
            options = try IndicatorImportSettings(format: signature.format, territoryColumn: signature.territory, period: signature.period,
                                                  columns: signature.columns, kind: signature.kind, createMissingIndicators: signature.createMissing).options()
        } catch {
            throw CommandFailure(description: error.userMessage)
        }
        let fileName = URL(fileURLWithPath: signature.file).lastPathComponent
        let outcome = try await IndicatorImport(database: app.db, clock: app.clock).run(
            .init(fileName: fileName, sourceLabel: signature.source ?? fileName, options: options, dryRun: signature.dryRun, actor: .commandLine),
            chunks: try FileChunks(path: signature.file))
        let report = outcome.report
        if let dialect = report.dialect {
            context.console.print("Fichier : séparateur \(dialect.separatorLabel), encodage \(dialect.encoding.label) ; \(report.rowsRead) lignes de données.")
        }
        if !report.indicators.isEmpty { context.console.print("Indicateurs : \(report.indicators.joined(separator: ", ")) ; périodes : \(report.periods.joined(separator: ", ")).") }
        for note in report.notes { context.console.print("Remarque : \(note)") }
        for problem in report.problems { context.console.print("Rejet : \(problem.description)") }
        if report.problemCount > report.problems.count { context.console.print("… et \(report.problemCount - report.problems.count) autres problèmes.") }
        context.console.print(outcome.summary)
        if outcome.rejected { throw CommandFailure(description: "\(report.problemCount) ligne(s) rejetée(s) : la base est inchangée.") }
    }
}

/// `passerelle import territories FILE --kind KIND --code COL --name COL [--commune COL]`
struct ImportTerritoriesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Fichier CSV des territoires.")
        var file: String
        @Option(name: "kind", help: "Niveau des territoires : qpv2015, iris, livedArea, vulnerableArea…")
        var kind: String?
        @Option(name: "code", help: "Colonne du code.")
        var code: String?
        @Option(name: "name", help: "Colonne du nom.")
        var name: String?
        @Option(name: "commune", help: "Colonne des codes des communes concernées (plusieurs séparés par des virgules).")
        var commune: String?
    }

    var help: String { "Ajoute des territoires d'un niveau que le référentiel ne livre pas (anciens QPV 2015, IRIS, quartiers vécus…)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let kindText = signature.kind, let kind = TerritoryKind(rawValue: kindText) else {
            throw CommandFailure(description: "Option --kind invalide « \(signature.kind ?? "") » : valeurs possibles \(TerritoryKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        guard let code = signature.code, let name = signature.name else { throw CommandFailure(description: "Options --code et --name obligatoires (noms des colonnes).") }
        try await app.autoMigrate()
        guard let data = FileManager.default.contents(atPath: signature.file) else { throw CommandFailure(description: "Fichier « \(signature.file) » introuvable ou illisible.") }
        let communes = Set(try await SQLTerritoryRepository(database: app.db).search(TerritoryQuery(kind: .commune, limit: 100_000)).items.map(\.code))
        let geography: ReferenceGeography
        do {
            geography = try TerritoryFile.read(Array(data), kind: kind, columns: .init(code: code, name: name, commune: signature.commune), knownCommunes: communes)
        } catch {
            for problem in error.problems { context.console.print("Rejet : \(problem)") }
            throw CommandFailure(description: "\(error.problems.count) problème(s) : rien n'a été importé.")
        }
        let summary = try await app.db.transaction { db in try await SQLTerritoryRepository(database: db).importGeography(geography) }
        context.console.print(summary.changedNothing
            ? "Aucun changement : ces \(geography.territories.count) territoires étaient déjà en base."
            : "\(summary.created) territoires créés, \(summary.updated) mis à jour, \(summary.linksCreated) liens ajoutés.")
    }
}

/// `passerelle gaps --indicator CODE --period P [--reference CODE | --reference-kind epci] [--territories CODES | --contract ID] [--format csv|json]`
struct GapsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "indicator", help: "Code de l'indicateur.")
        var indicator: String?
        @Option(name: "period", help: "Période.")
        var period: String?
        @Option(name: "reference", help: "Code du territoire de référence (le même pour tous).")
        var reference: String?
        @Option(name: "reference-kind", help: "Niveau de référence de chaque territoire (epci par défaut).")
        var referenceKind: String?
        @Option(name: "territories", help: "Codes des territoires, séparés par des virgules.")
        var territories: String?
        @Option(name: "contract", help: "Numéro ou nom court du contrat (ses QPV, comparés à son EPCI).")
        var contract: String?
        @Option(name: "format", help: "csv (par défaut) ou json.")
        var format: String?
    }

    var help: String { "Écarts entre des territoires et leur référence : ratio et différence." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let indicator = signature.indicator, let period = signature.period else { throw CommandFailure(description: "Options --indicator et --period obligatoires.") }
        do {
            let selection = try await GapSelection.resolve(contract: signature.contract, territories: signature.territories, reference: signature.reference,
                                                           referenceKind: signature.referenceKind, database: app.db)
            let rows = try await ObservatoryService(database: app.db).gaps(indicator: indicator, period: period, territories: selection.territories, reference: selection.reference)
            switch signature.format ?? "csv" {
            case "csv":
                context.console.output(GapSelection.csv(rows).text.replacingOccurrences(of: "\r\n", with: "\n").consoleText(), newLine: false)
            case "json":
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                let items = rows.map {
                    ObservatoryAPIController.GapJSON(territoryCode: $0.territory.code, territoryName: $0.territory.name, value: $0.value.json, referenceCode: $0.reference?.code,
                                                     referenceValue: $0.referenceValue?.json, ratio: $0.ratio, difference: $0.difference)
                }
                context.console.print(String(decoding: try encoder.encode(items), as: UTF8.self))
            case let other:
                throw CommandFailure(description: "Option --format invalide « \(other) » : csv ou json.")
            }
        } catch let error as any UserFacingError {
            throw CommandFailure(description: error.userMessage)
        }
    }
}

/// `passerelle import outlines FILE.geojson --kind KIND --code-property PROP [--name-property PROP --create-missing]`
struct ImportOutlinesCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Fichier GeoJSON (WGS84) : Polygon ou MultiPolygon.")
        var file: String
        @Option(name: "kind", help: "Niveau des territoires : qpv, qpv2015, commune, iris…")
        var kind: String?
        @Option(name: "code-property", help: "Propriété portant le code du territoire.")
        var codeProperty: String?
        @Option(name: "name-property", help: "Propriété portant le nom (pour créer les territoires absents).")
        var nameProperty: String?
        @Flag(name: "create-missing", help: "Crée les territoires inconnus (anciens QPV 2015…).")
        var createMissing: Bool
        @Option(name: "source", help: "Source des contours (par défaut : le nom du fichier).")
        var source: String?
    }

    var help: String { "Attache des contours GeoJSON aux territoires (tout ou rien)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let kindText = signature.kind, let kind = TerritoryKind(rawValue: kindText) else {
            throw CommandFailure(description: "Option --kind invalide « \(signature.kind ?? "") » : valeurs possibles \(TerritoryKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        guard let property = signature.codeProperty else { throw CommandFailure(description: "Option --code-property obligatoire.") }
        guard let data = FileManager.default.contents(atPath: signature.file) else { throw CommandFailure(description: "Fichier « \(signature.file) » introuvable ou illisible.") }
        try await app.autoMigrate()
        let outcome = try await DiagnosticService(database: app.db, clock: app.clock).importOutlines(Array(data), .init(
            kind: kind, codeProperty: property, nameProperty: signature.nameProperty, createMissing: signature.createMissing,
            source: signature.source ?? URL(fileURLWithPath: signature.file).lastPathComponent, actor: .commandLine))
        for problem in outcome.problems.prefix(500) { context.console.print("Rejet : \(problem)") }
        context.console.print(outcome.summary)
        if outcome.rejected { throw CommandFailure(description: "\(outcome.problems.count) problème(s) : aucun contour importé.") }
    }
}

/// `passerelle locate FILE.csv --lat COL --lon COL`: the CSV on standard output, the summary on standard error.
struct LocateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Fichier CSV portant une latitude et une longitude (WGS84).")
        var file: String
        @Option(name: "lat", help: "Colonne de la latitude.")
        var latitude: String?
        @Option(name: "lon", help: "Colonne de la longitude.")
        var longitude: String?
        @Option(name: "kind", help: "Niveau recherché (qpv, par défaut).")
        var kind: String?
    }

    var help: String { "Dit pour chaque ligne d'un CSV si elle tombe dans un QPV (et quelle commune, quel EPCI)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let latitude = signature.latitude, let longitude = signature.longitude else { throw CommandFailure(description: "Options --lat et --lon obligatoires (noms des colonnes).") }
        if let kind = signature.kind, kind != "qpv" { throw CommandFailure(description: "Option --kind : seul « qpv » est pris en charge.") }
        guard let data = FileManager.default.contents(atPath: signature.file) else { throw CommandFailure(description: "Fichier « \(signature.file) » introuvable ou illisible.") }
        let outcome: LocateCSV.Outcome
        do {
            outcome = try await LocateCSV.run(Array(data), latitude: latitude, longitude: longitude,
                                              service: DiagnosticService(database: app.db, clock: app.clock), locators: app.outlineLocators)
        } catch let invalid as FormInvalid {
            throw CommandFailure(description: invalid.userMessage)
        }
        FileHandle.standardOutput.write(Data(outcome.csv.utf8))
        FileHandle.standardError.write(Data((outcome.summary.joined(separator: "\n") + "\n").utf8))
    }
}

/// `passerelle vulnerability --contract ID --model NAME [--format csv|json]`
struct VulnerabilityCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "contract", help: "Numéro ou nom court du contrat.")
        var contract: String?
        @Option(name: "model", help: "Nom du modèle (sa dernière version).")
        var model: String?
        @Option(name: "format", help: "csv (par défaut) ou json.")
        var format: String?
    }

    var help: String { "Scores, rangs et intervalles de rang de l'indice de vulnérabilité d'un contrat." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let key = signature.contract, let name = signature.model else { throw CommandFailure(description: "Options --contract et --model obligatoires.") }
        let contracts = SQLContractRepository(database: app.db)
        let id: Int? = if let number = Int(key), try await contracts.exists(id: number) { number } else { try await contracts.id(forSlug: key.lowercased()) }
        guard let id, let detail = try await contracts.find(id: id) else { throw CommandFailure(description: "Contrat « \(key) » introuvable.") }
        guard let stored = try await SQLDiagnosticRepository(database: app.db).model(contractID: id, name: name) else {
            throw CommandFailure(description: "Modèle « \(name) » introuvable pour ce contrat.")
        }
        let json = try await DiagnosticAPIController.vulnerabilityJSON(detail: detail, stored: stored, database: app.db, clock: app.clock)
        switch signature.format ?? "csv" {
        case "csv": FileHandle.standardOutput.write(Data(DiagnosticAPIController.vulnerabilityCSV(json).text.utf8))
        case "json":
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(json) + Data("\n".utf8))
        case let other: throw CommandFailure(description: "Option --format invalide « \(other) » : csv ou json.")
        }
    }
}
