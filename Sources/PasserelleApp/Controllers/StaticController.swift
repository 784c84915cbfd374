import Foundation
import Vapor

/// Files compiled into the application bundle: the stylesheet and the OpenAPI document.
enum StaticController {
    @Sendable static func stylesheet(req: Request) async throws -> Response {
        try serve(Resources.stylesheet, type: HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"]))
    }

    @Sendable static func openAPI(req: Request) async throws -> Response {
        try serve(Resources.openAPIDocument, type: .json)
    }

    private static func serve(_ bytes: @autoclosure () throws -> [UInt8], type: HTTPMediaType) throws -> Response {
        let response = Response(status: .ok, body: .init(data: Data(try bytes())))
        response.headers.contentType = type
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }
}
