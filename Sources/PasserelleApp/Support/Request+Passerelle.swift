import Foundation
import PasserelleDomain
import Vapor

extension Request {
    var territories: any TerritoryRepository { SQLTerritoryRepository(database: db) }
    var contracts: any ContractRepository { SQLContractRepository(database: db) }

    /// The query string, read strictly: a present but malformed parameter is a 400 naming it.
    var strictQuery: QueryParameters { QueryParameters(url: url) }
}

/// Strict reading of query-string parameters.
struct QueryParameters {
    private let values: [String: String]

    init(url: URI) {
        var values: [String: String] = [:]
        var components = URLComponents(string: url.string)
        // GET forms send spaces as "+" (application/x-www-form-urlencoded); a real "+" comes as "%2B".
        if let query = components?.percentEncodedQuery, query.contains("+") {
            components?.percentEncodedQuery = query.replacingOccurrences(of: "+", with: "%20")
        }
        for item in components?.queryItems ?? [] {
            values[item.name] = item.value ?? ""
        }
        self.values = values
    }

    /// A trimmed text value, nil when absent or blank.
    func text(_ name: String, maxLength: Int = 200) throws -> String? {
        guard let value = values[name]?.trimmingSpaces, !value.isEmpty else { return nil }
        guard value.count <= maxLength else {
            throw RequestError.invalidParameter(name: name, reason: "\(maxLength) caractères au plus")
        }
        return value
    }

    func integer(_ name: String, in range: ClosedRange<Int>, default defaultValue: Int) throws -> Int {
        guard let text = values[name]?.trimmingSpaces, !text.isEmpty else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw RequestError.invalidParameter(name: name, reason: "un nombre entier entre \(range.lowerBound) et \(range.upperBound) est attendu, « \(text) » reçu")
        }
        return value
    }

    func choice<T: RawRepresentable & CaseIterable>(_ name: String, of type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = values[name]?.trimmingSpaces, !text.isEmpty else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw RequestError.invalidParameter(name: name, reason: "valeurs possibles : \(allowed) ; « \(text) » reçu")
        }
        return value
    }
}

extension Request {
    /// The territory named by the `code` path parameter and an optional kind parameter.
    func territory(kindParameter: String) async throws -> Territory {
        let code = try parameters.require("code")
        let kind = try strictQuery.choice(kindParameter, of: TerritoryKind.self)
        guard let territory = try await territories.find(code: code.uppercased(), kind: kind) else {
            throw RequestError.notFound(what: "Le territoire de code « \(code) »" + (kind.map { " (\($0.label))" } ?? ""))
        }
        return territory
    }

    /// The contract named by the `id` path parameter: its number or its short name ("call").
    func contract() async throws -> ContractDetail {
        let id = try await contractID()
        guard let contract = try await contracts.find(id: id) else {
            throw RequestError.notFound(what: "Le contrat « \(try parameters.require("id")) »")
        }
        return contract
    }
}
