import Fluent
import Foundation
import SQLKit

/// `passerelle backup FILE` and `passerelle restore FILE` for both engines.
/// SQLite: `VACUUM INTO`, a consistent online copy; restore swaps the file (server stopped).
/// PostgreSQL: its own tools, `pg_dump --format=custom` and `pg_restore --clean --single-transaction`.
enum Backup {
    enum Failure: Error, CustomStringConvertible {
        case fileExists(String)
        case notABackup(String)
        case toolMissing(String)
        case toolFailed(String, String)

        var description: String {
            switch self {
            case .fileExists(let path): "le fichier « \(path) » existe déjà : choisissez un autre nom (une sauvegarde n'écrase jamais un fichier)"
            case .notABackup(let path): "« \(path) » n'est pas une sauvegarde Passerelle lisible pour ce moteur"
            case .toolMissing(let tool): "l'outil PostgreSQL « \(tool) » est introuvable : installez le paquet postgresql-client de la même version que le serveur"
            case .toolFailed(let tool, let output): "« \(tool) » a échoué : \(output)"
            }
        }
    }

    static func backup(_ location: DatabaseLocation, database: any Database, to path: String) async throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw Failure.fileExists(path) }
        switch location {
        case .sqliteFile, .sqliteMemory:
            try await (database as! any SQLDatabase).raw("VACUUM INTO \(bind: path)").run()
        case .postgres(let url):
            try run(tool: "pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", path, "--dbname", url])
        }
    }

    /// Replaces the database with the backup's content, all or nothing.
    static func restore(_ location: DatabaseLocation, from path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure.notABackup(path) }
        let header = handle.readData(ofLength: 16)
        try? handle.close()
        switch location {
        case .sqliteFile(let target):
            guard header == Data("SQLite format 3\0".utf8) else { throw Failure.notABackup(path) }
            let staging = target + ".restauration"
            try? FileManager.default.removeItem(atPath: staging)
            try FileManager.default.copyItem(atPath: path, toPath: staging)
            for suffix in ["-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: target + suffix) }
            // rename(2) swaps the file in one step: the database is either the old one or the restored one.
            guard rename(staging, target) == 0 else { throw Failure.notABackup(path) }
        case .sqliteMemory:
            throw Failure.notABackup(path)
        case .postgres(let url):
            guard header.starts(with: Data("PGDMP".utf8)) else { throw Failure.notABackup(path) }
            try run(tool: "pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--dbname", url, path])
        }
    }

    /// Runs a PostgreSQL client tool found on PATH or in Debian's /usr/lib/postgresql/*/bin.
    static func run(tool: String, _ arguments: [String]) throws {
        guard let executable = locate(tool) else { throw Failure.toolMissing(tool) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure.toolFailed(tool, text.split(separator: "\n").prefix(3).joined(separator: " ").replacingOccurrences(of: "postgres://", with: "…"))
        }
    }

    static func locate(_ tool: String) -> String? {
        let fileManager = FileManager.default
        var candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(tool)" }
        if let versions = try? fileManager.contentsOfDirectory(atPath: "/usr/lib/postgresql") {
            let sorted = versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
            candidates = sorted.map { "/usr/lib/postgresql/\($0)/bin/\(tool)" } + candidates
        }
        return candidates.first { fileManager.isExecutableFile(atPath: $0) }
    }
}
