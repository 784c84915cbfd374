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
    var help: String { "Importe des données : reference (territoires 2024)." }
    var commands: [String: any AnyAsyncCommand] {
        ["reference": ImportReferenceCommand()]
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
            summary = try await ReferenceImport.run(on: app.db, from: directory)
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

    var help: String { "Charge les contrats de démonstration (CALL, CABBALR, CAB) s'ils ne sont pas déjà présents." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        if try await SQLTerritoryRepository(database: app.db).count(kind: .epci, codePrefix: nil) == 0 {
            context.console.print("Import du référentiel territorial 2024…")
            _ = try await ReferenceImport.run(on: app.db)
        }
        let created = try await DemoImport.run(on: app.db)
        context.console.print(created.isEmpty
            ? "La démonstration est déjà chargée."
            : "Contrats de démonstration chargés : \(created.joined(separator: ", ")).")
    }
}
