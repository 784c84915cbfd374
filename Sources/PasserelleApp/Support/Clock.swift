import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Where "now" comes from, injected so that expiry and audit tests are exact.
protocol Clock: Sendable {
    func now() -> Date
}

struct SystemClock: Clock {
    func now() -> Date { Date() }
}

/// A clock tests move by hand.
final class ManualClock: Clock {
    private let current: NIOLockedValueBox<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_767_225_600)) { // 2026-01-01T00:00:00Z
        current = NIOLockedValueBox(start)
    }

    func now() -> Date { current.withLockedValue { $0 } }

    func advance(seconds: TimeInterval) {
        current.withLockedValue { $0 = $0.addingTimeInterval(seconds) }
    }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = any Clock }

    var clock: any Clock {
        get { storage[ClockKey.self] ?? SystemClock() }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Date {
    /// ISO 8601 in UTC, second precision: how instants are stored (sortable text on both engines).
    var isoString: String { formatted(.iso8601) }

    init?(isoString: String) {
        guard let date = try? Date(isoString, strategy: .iso8601) else { return nil }
        self = date
    }
}
