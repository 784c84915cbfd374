import SQLKit
import Vapor

/// `GET /health`: 200 when the database answers, 503 otherwise.
enum HealthController {
    struct Health: Content {
        var status: String
        var database: String
        var engine: String
    }

    @Sendable static func health(req: Request) async throws -> Response {
        let engine = req.application.settings.database.engineName
        do {
            _ = try await (req.db as! any SQLDatabase).raw("SELECT 1 AS ok").first()
            return try await Health(status: "ok", database: "ok", engine: engine).encodeResponse(for: req)
        } catch {
            req.logger.error("health check: database unreachable: \(String(reflecting: error))")
            let response = try await Health(status: "degraded", database: "unreachable", engine: engine).encodeResponse(for: req)
            response.status = .serviceUnavailable
            return response
        }
    }
}
