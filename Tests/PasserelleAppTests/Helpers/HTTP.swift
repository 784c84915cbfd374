import Foundation
@testable import PasserelleApp
import Testing
import Vapor
import VaporTesting

/// A response read once: status, headers, body text and, for JSON, the decoded object.
struct Fetched {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var body: String

    var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) }
    var object: [String: Any] { json as? [String: Any] ?? [:] }
}

extension Application {
    func get(_ path: String) async throws -> Fetched {
        var fetched: Fetched?
        try await testing().test(.GET, path) { response in
            fetched = Fetched(status: response.status, headers: response.headers, body: response.body.string)
        }
        return try #require(fetched)
    }
}
