import Foundation

/// The ANCT file of QPV 2024 by commune: one GeoJSON point per commune holding at least one QPV,
/// with the codes and names of its QPV joined by ", " in the same order.
public enum QPVListFile {
    public struct Entry: Sendable, Equatable {
        public var code: String
        public var name: String
        /// Commune INSEE codes, in file order.
        public var communes: [String]
    }

    private struct Collection: Decodable {
        var features: [Feature]
    }

    private struct Feature: Decodable {
        var properties: Properties
    }

    private struct Properties: Decodable {
        var insee_com: String?
        var code_qp: String?
        var lib_qp: String?
    }

    public static func parse(_ bytes: [UInt8], fileName: String) throws -> [Entry] {
        let json = Data(bytes.dropFirst(bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0))
        let collection: Collection
        do {
            collection = try JSONDecoder().decode(Collection.self, from: json)
        } catch {
            throw ReferenceFileError(file: fileName, line: nil, message: "ce n'est pas un GeoJSON lisible (FeatureCollection attendue)")
        }
        var entries: [String: Entry] = [:]
        var order: [String] = []
        for (index, feature) in collection.features.enumerated() {
            let where_ = "objet n° \(index + 1)"
            guard let commune = feature.properties.insee_com?.trimmingSpaces, !commune.isEmpty else {
                throw ReferenceFileError(file: fileName, line: nil, message: "\(where_) : propriété « insee_com » absente")
            }
            let codes = (feature.properties.code_qp ?? "").split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            let names = (feature.properties.lib_qp ?? "").components(separatedBy: ", ").map(\.trimmingSpaces)
            guard !codes.isEmpty, codes.count == names.count else {
                throw ReferenceFileError(file: fileName, line: nil, message: "\(where_) (commune \(commune)) : \(codes.count) codes QPV pour \(names.count) noms")
            }
            for (code, name) in zip(codes, names) {
                guard code.hasPrefix("QN"), code.utf8.count == 8 else {
                    throw ReferenceFileError(file: fileName, line: nil, message: "\(where_) (commune \(commune)) : code QPV « \(code) » invalide")
                }
                if entries[code] == nil {
                    entries[code] = Entry(code: code, name: name, communes: [])
                    order.append(code)
                }
                if !entries[code]!.communes.contains(commune) {
                    entries[code]!.communes.append(commune)
                }
            }
        }
        return order.map { entries[$0]! }
    }
}
