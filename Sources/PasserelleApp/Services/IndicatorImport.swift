import Crypto
import Fluent
import Foundation
import PasserelleDomain

/// What an indicator import did (or, in a dry run, would do).
struct IndicatorImportOutcome: Sendable {
    var report: IndicatorFileReport
    var dryRun: Bool
    var created = 0
    var updated = 0
    var importID: Int?

    var rejected: Bool { !report.isClean }
    var changedNothing: Bool { !dryRun && !rejected && created == 0 && updated == 0 }

    /// A short French account of the outcome, for the command line and the upload page.
    var summary: String {
        if rejected {
            return "Fichier refusé : \(report.problemCount) problème(s), rien n'a été importé."
        }
        if dryRun {
            return "Essai à blanc : \(report.observationsAccepted) observations seraient importées (\(report.rowsRead) lignes lues, \(report.secretCount) secrètes, \(report.missingCount) manquantes) ; rien n'a été écrit."
        }
        if changedNothing {
            return "Aucun changement : ces \(report.observationsAccepted) observations étaient déjà en base, à l'identique."
        }
        return "\(created) observations créées, \(updated) mises à jour (\(report.rowsRead) lignes lues)."
    }
}

/// Raised inside the import transaction to roll it back; never reaches a user as such.
private struct RollBack: Error {
    var outcome: IndicatorImportOutcome
}

/// Imports an indicator file into the observatory: all valid rows in one transaction, or nothing.
/// The file is read once, as a stream of chunks; a dry run reads it and writes nothing.
struct IndicatorImport: Sendable {
    let database: any Database
    let clock: any Clock

    struct Request: Sendable {
        var fileName: String
        var sourceLabel: String
        var options: IndicatorFileOptions
        var dryRun: Bool
        var actor: Actor
        var scope: ImportScope = .everywhere
    }

    func run(_ request: Request, chunks: some Sequence<ArraySlice<UInt8>> & Sendable) async throws -> IndicatorImportOutcome {
        let repository = SQLObservatoryRepository(database: database)
        let codes = try await repository.codeIndex()
        let known = Dictionary(uniqueKeysWithValues: try await repository.indicators().map { ($0.indicator.code, $0.id) })

        if request.dryRun {
            var reader = IndicatorFileReader(options: request.options, codes: codes, indicators: Set(known.keys))
            var outside: [RowProblem] = []
            for chunk in chunks {
                try reader.consume(chunk) { outside += Self.outside($0, scope: request.scope) }
            }
            var report = try reader.finish { outside += Self.outside($0, scope: request.scope) }
            Self.add(outside, to: &report)
            return IndicatorImportOutcome(report: report, dryRun: true)
        }

        do {
            return try await database.transaction { db in
                var reader = IndicatorFileReader(options: request.options, codes: codes, indicators: Set(known.keys))
                var hasher = SHA256()
                let repository = SQLObservatoryRepository(database: db)
                let before = try await repository.observationCount()
                let importID = try await repository.startImport(
                    fileName: request.fileName, sha256: "", sourceLabel: request.sourceLabel, format: request.options.format.rawValue,
                    importedAt: clock.now().isoString, importedBy: request.actor.label)
                var indicatorIDs = known
                var pending: [ParsedObservation] = []

                func flush() async throws {
                    guard !pending.isEmpty else { return }
                    var rows: [(territoryID: Int, indicatorID: Int, period: String, value: ObservationValue)] = []
                    rows.reserveCapacity(pending.count)
                    for observation in pending {
                        if indicatorIDs[observation.indicator] == nil {
                            let created = Indicator(code: observation.indicator, label: observation.indicator, unit: .index, theme: .demography,
                                                    polarity: .neutral, source: request.sourceLabel)
                            indicatorIDs.merge(try await repository.ensure([created], isStandard: false)) { $1 }
                        }
                        rows.append((observation.territoryID, indicatorIDs[observation.indicator]!, observation.period, observation.value))
                    }
                    pending.removeAll(keepingCapacity: true)
                    try await repository.upsert(rows[...], importID: importID)
                }

                var outside: [RowProblem] = []
                for chunk in chunks {
                    hasher.update(data: Data(chunk))
                    try reader.consume(chunk) { batch in
                        outside += Self.outside(batch, scope: request.scope)
                        pending.append(contentsOf: batch)
                    }
                    if outside.isEmpty, pending.count >= SQLObservatoryRepository.batchRows { try await flush() }
                }
                var report = try reader.finish { batch in
                    outside += Self.outside(batch, scope: request.scope)
                    pending.append(contentsOf: batch)
                }
                Self.add(outside, to: &report)
                guard report.isClean else { throw RollBack(outcome: IndicatorImportOutcome(report: report, dryRun: false)) }
                try await flush()

                let touched = try await repository.touchedCount(importID: importID)
                let created = try await repository.observationCount() - before
                var outcome = IndicatorImportOutcome(report: report, dryRun: false, created: created, updated: touched - created, importID: importID)
                guard touched > 0 else {
                    outcome.importID = nil
                    throw RollBack(outcome: outcome) // nothing changed: not even an import record stays
                }
                let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
                try await repository.finishImport(id: importID, rowsRead: report.rowsRead, created: created, updated: touched - created)
                try await (db as! any SQLDatabase).update("indicator_imports").set("file_sha256", to: digest).where("id", .equal, importID).run()
                try await AuditTrail(database: db, clock: clock).record(
                    "import", entity: "indicator-import", id: String(importID), by: request.actor,
                    after: ["file": request.fileName, "source": request.sourceLabel, "created": String(created), "updated": String(touched - created)])
                return outcome
            }
        } catch let rollBack as RollBack {
            return rollBack.outcome
        }
    }
}

extension IndicatorImport {
    /// Observations of territories the importer may not write for, as problems of their lines.
    static func outside(_ batch: [ParsedObservation], scope: ImportScope) -> [RowProblem] {
        guard !scope.isGlobal else { return [] }
        return batch.filter { !scope.allows($0.territoryID) }.map { RowProblem(line: $0.line, message: ImportScope.outsideMessage) }
    }

    static func add(_ problems: [RowProblem], to report: inout IndicatorFileReport) {
        guard !problems.isEmpty else { return }
        report.problems = (report.problems + problems.prefix(1000)).sorted { $0.line < $1.line }
        report.problemCount += problems.count
    }
}

/// A file read in chunks of 1 MiB, so that a large import never holds the whole file.
struct FileChunks: Sequence, IteratorProtocol, @unchecked Sendable {
    let handle: FileHandle
    static let size = 1 << 20

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CommandFailure(description: "Fichier « \(path) » introuvable ou illisible.")
        }
        self.handle = handle
    }

    mutating func next() -> ArraySlice<UInt8>? {
        let data = handle.readData(ofLength: Self.size)
        return data.isEmpty ? nil : Array(data)[...]
    }
}

import SQLKit
