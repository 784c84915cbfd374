import Foundation

/// Fault injection for tests, inert unless its environment variable is set.
///
/// `PASSERELLE_TEST_HOLD_IMPORT_SECONDS=S` keeps the reference import's write transaction open S seconds
/// (at most 60) after its rows are written and before it commits, so that the test killing an import can
/// do so while it is certainly writing, however loaded the machine.
enum FaultInjection {
    static func holdImportTransaction(environment: [String: String] = ProcessInfo.processInfo.environment) async throws {
        guard let text = environment["PASSERELLE_TEST_HOLD_IMPORT_SECONDS"], let seconds = Double(text), seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(Swift.min(seconds, 60) * 1_000_000_000))
    }
}
