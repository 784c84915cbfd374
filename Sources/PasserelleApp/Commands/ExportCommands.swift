import Foundation
import PasserelleDomain
import Vapor

struct ExportCommands: AsyncCommandGroup {
    var help: String { "Exporte des données ouvertes : scdl (subventions accordées, schéma national SCDL)." }
    var commands: [String: any AnyAsyncCommand] { ["scdl": ExportSCDLCommand()] }
}

/// `passerelle export scdl [--contract ID] [--year YYYY] [--funder CODE]`: the granted subsidies in the
/// SCDL « subventions » schema, written to standard output (UTF-8, comma, CRLF, the schema's 14
/// columns in order); grants that cannot be published are named on standard error.
struct ExportSCDLCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "contract", help: "Numéro ou nom court du contrat (par défaut : tous les contrats).")
        var contract: String?
        @Option(name: "year", help: "Année des décisions (par défaut : toutes).")
        var year: String?
        @Option(name: "funder", help: "Code du financeur attribuant (par défaut : tous ; voir GET /api/v1/funders).")
        var funder: String?
    }

    var help: String { "Écrit sur la sortie standard les subventions accordées au format SCDL (schema.data.gouv.fr, scdl/subventions)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        var contractID: Int?
        var year: Int?
        if let text = signature.year {
            guard let value = Int(text), (2000...2100).contains(value) else {
                throw CommandFailure(description: "Option --year invalide « \(text) » : une année entre 2000 et 2100 est attendue.")
            }
            year = value
        }
        do {
            if let key = signature.contract {
                let contracts = SQLContractRepository(database: app.db)
                if let id = Int(key), try await contracts.exists(id: id) { contractID = id }
                else if Int(key) == nil, let id = try await contracts.id(forSlug: key.lowercased()) { contractID = id }
                else { throw CommandFailure(description: "Contrat « \(key) » introuvable.") }
            }
            let export = try await ProgrammingReports(database: app.db).scdl(contractID: contractID, year: year, funderCode: signature.funder)
            FileHandle.standardOutput.write(Data(export.csv.utf8))
            for problem in export.problems {
                FileHandle.standardError.write(Data("Non publié : \(problem)\n".utf8))
            }
        } catch let error as any UserFacingError {
            throw CommandFailure(description: error.userMessage)
        }
    }
}
