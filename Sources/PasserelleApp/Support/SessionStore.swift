import Fluent
import Foundation
import SQLKit
import Vapor

/// Sessions in the database, stored under a SHA-256 of their identifier. An empty session (a visitor
/// who never needed one, or a made-up cookie) is never written, so the table only grows with real use;
/// sessions unused for longer than the absolute lifetime are swept now and then.
struct HashedSessionDriver: AsyncSessionDriver {
    func createSession(_ data: SessionData, for request: Request) async throws -> SessionID {
        let id = SessionID(string: Secret.token())
        guard !data.snapshot.isEmpty else { return id }
        try await store(id, data, request: request, insert: true)
        if Int.random(in: 0..<200) == 0 { try await sweep(request) }
        return id
    }

    func readSession(_ sessionID: SessionID, for request: Request) async throws -> SessionData? {
        struct Row: Decodable { var data: String }
        guard let row = try await sql(request).raw("SELECT data FROM user_sessions WHERE key_hash = \(bind: Secret.hash(sessionID.string))").first(decoding: Row.self) else {
            return nil
        }
        return try? JSONDecoder().decode(SessionData.self, from: Data(row.data.utf8))
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) async throws -> SessionID {
        if data.snapshot.isEmpty {
            try await deleteSession(sessionID, for: request)
        } else {
            try await store(sessionID, data, request: request, insert: false)
        }
        return sessionID
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) async throws {
        try await sql(request).delete(from: "user_sessions").where("key_hash", .equal, Secret.hash(sessionID.string)).run()
    }

    private func store(_ id: SessionID, _ data: SessionData, request: Request, insert: Bool) async throws {
        let json = String(decoding: try JSONEncoder().encode(data), as: UTF8.self)
        try await sql(request).insert(into: "user_sessions")
            .columns("key_hash", "data", "updated_at")
            .values(SQLBind(Secret.hash(id.string)), SQLBind(json), SQLBind(request.application.clock.now().isoString))
            .onConflict(with: ["key_hash"]) { $0.set(excludedValueOf: "data").set(excludedValueOf: "updated_at") }
            .run()
    }

    private func sweep(_ request: Request) async throws {
        let limit = request.application.clock.now().addingTimeInterval(-AuthenticationMiddleware.absoluteLifetime).isoString
        try await sql(request).delete(from: "user_sessions").where("updated_at", .lessThan, limit).run()
    }

    private func sql(_ request: Request) -> any SQLDatabase { request.db as! any SQLDatabase }
}
