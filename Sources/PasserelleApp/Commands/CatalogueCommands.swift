import Foundation
import PasserelleDomain
import Vapor

/// `passerelle catalogue export|import`: the catalogue of key actions and examples, shared between
/// regions as a file (the same formats and rules as `GET`/`POST /api/v1/catalogue`).
struct CatalogueCommands: AsyncCommandGroup {
    var help: String { "Exporte ou importe le catalogue des actions clés et des exemples inspirants." }
    var commands: [String: any AnyAsyncCommand] { ["export": CatalogueExportCommand(), "import": CatalogueImportCommand()] }
}

/// `passerelle catalogue export [--format json|csv] [--output FILE]`.
struct CatalogueExportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "format", help: "json (par défaut, à réimporter) ou csv (tableur).")
        var format: String?
        @Option(name: "output", help: "Fichier à écrire (jamais écrasé) ; sinon la sortie standard.")
        var output: String?
    }

    var help: String { "Exporte tout le catalogue (fiches retirées comprises) en JSON ou en CSV." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let catalogue = try await CatalogueService(database: app.db, clock: app.clock).snapshot().catalogue
        let data: Data
        switch signature.format ?? "json" {
        case "json": data = try catalogue.encodeJSON()
        case "csv": data = Data(ExampleCSV.text(catalogue).utf8)
        case let other: throw CommandFailure(description: "Option --format invalide « \(other) » : json ou csv.")
        }
        guard let output = signature.output else {
            context.console.output(String(decoding: data, as: UTF8.self).consoleText(), newLine: true)
            return
        }
        guard !FileManager.default.fileExists(atPath: output) else {
            throw CommandFailure(description: "Le fichier « \(output) » existe déjà : choisissez un autre nom.")
        }
        guard FileManager.default.createFile(atPath: output, contents: data) else {
            throw CommandFailure(description: "Impossible d'écrire « \(output) ».")
        }
        context.console.print("Catalogue exporté dans \(output) : \(catalogue.examples.count) exemples, \(catalogue.actors.count) acteurs.")
    }
}

/// `passerelle catalogue import FILE`: merged into the catalogue, all or nothing.
struct CatalogueImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Export JSON d'un catalogue Passerelle.")
        var file: String
    }

    var help: String { "Importe (fusionne) un catalogue exporté par Passerelle ; au moindre problème, rien n'est importé." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            throw CommandFailure(description: "Fichier « \(signature.file) » introuvable ou illisible.")
        }
        let outcome = try await CatalogueService(database: app.db, clock: app.clock).importCatalogue(data, by: .commandLine)
        guard !outcome.rejected else {
            throw CommandFailure(description: ([outcome.summary] + outcome.issues.map { "– \($0.description)" }).joined(separator: "\n"))
        }
        context.console.print(outcome.summary)
    }
}
