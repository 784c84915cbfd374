import Logging
import NIOConcurrencyHelpers
import Vapor

/// A message for a user (confirmation link, password reset, invitation).
struct OutgoingMessage: Sendable, Equatable {
    var to: String
    var subject: String
    var link: String
}

/// Where messages to users go. Until an e-mail service is configured, the server log: the
/// administrator reads the link there and passes it on. Tests read a memory outbox.
protocol Outbox: Sendable {
    func send(_ message: OutgoingMessage)
}

struct LogOutbox: Outbox {
    let logger: Logger

    func send(_ message: OutgoingMessage) {
        logger.notice("\(message.subject) (messagerie non configurée) pour \(message.to) : \(message.link)")
    }
}

final class MemoryOutbox: Outbox {
    private let box = NIOLockedValueBox<[OutgoingMessage]>([])

    func send(_ message: OutgoingMessage) { box.withLockedValue { $0.append(message) } }

    var messages: [OutgoingMessage] { box.withLockedValue { $0 } }

    func last(to address: String) -> OutgoingMessage? { messages.last { $0.to == address } }
}

extension Application {
    private struct OutboxKey: StorageKey { typealias Value = any Outbox }

    var outbox: any Outbox {
        get { storage[OutboxKey.self] ?? LogOutbox(logger: logger) }
        set { storage[OutboxKey.self] = newValue }
    }
}
