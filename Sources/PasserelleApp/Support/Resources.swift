import Foundation

/// Files shipped inside the application bundle.
enum Resources {
    /// The shipped copy of the 2024 reference files.
    static var referenceDirectory: URL {
        Bundle.module.url(forResource: "reference", withExtension: nil)!
    }

    static var demoDirectory: URL {
        Bundle.module.url(forResource: "demo", withExtension: nil)!
    }

    static let stylesheet: [UInt8] = load("public/passerelle.css")
    static let openAPIDocument: [UInt8] = load("public/openapi.json")

    private static func load(_ relativePath: String) -> [UInt8] {
        let url = Bundle.module.resourceURL!.appendingPathComponent(relativePath)
        guard let data = try? Data(contentsOf: url) else {
            preconditionFailure("missing bundled resource \(relativePath): the package resources were not copied")
        }
        return Array(data)
    }
}
