import Fluent
import PasserelleDomain
import SQLKit

/// Organisations: State services, local authorities, associations… identified by name, SIREN or SIRET.
struct SQLOrganisationRepository: Sendable {
    let database: any SQLDatabase

    init(database: any Database) {
        self.database = database as! any SQLDatabase
    }

    struct Row: Decodable { var id: Int; var name: String; var kind: String; var siren: String?; var siret: String? }

    func organisation(id: Int) async throws -> Organisation? {
        try await database.raw("SELECT id, name, kind, siren, siret FROM organisations WHERE id = \(bind: id)").first(decoding: Row.self).map(Self.organisation)
    }

    /// By SIREN (9 digits), exact SIRET (14 digits) or exact name.
    func find(_ key: String) async throws -> Organisation? {
        let key = key.trimmingSpaces
        let digits = key.filter(\.isNumber)
        if digits.count == key.replacingOccurrences(of: " ", with: "").count, digits.count == 9 || digits.count == 14 {
            let condition: SQLQueryString = digits.count == 14 ? "siret = \(bind: digits)" : "siren = \(bind: digits)"
            if let row = try await database.raw("SELECT id, name, kind, siren, siret FROM organisations WHERE " + condition + " ORDER BY id")
                .first(decoding: Row.self) { return Self.organisation(row) }
            return nil
        }
        return try await database.raw("SELECT id, name, kind, siren, siret FROM organisations WHERE name = \(bind: key)").first(decoding: Row.self).map(Self.organisation)
    }

    func all() async throws -> [Organisation] {
        try await database.raw("SELECT id, name, kind, siren, siret FROM organisations ORDER BY name").all(decoding: Row.self).map(Self.organisation)
    }

    /// The name itself when free, else the name followed by the SIRET: two branches of one
    /// federation may register under the same name.
    func availableName(_ name: String, siret: String) async throws -> String {
        guard try await database.raw("SELECT id, name, kind, siren, siret FROM organisations WHERE name = \(bind: name)").first(decoding: Row.self) != nil else { return name }
        return "\(name) (SIRET \(siret))"
    }

    func create(name: String, kind: OrganisationKind, siren: String?, siret: String?) async throws -> Int {
        struct IDRow: Decodable { var id: Int }
        return try await database.insert(into: "organisations")
            .columns("name", "kind", "siren", "siret")
            .values(SQLBind(name), SQLBind(kind.rawValue), SQLBind(siren), SQLBind(siret))
            .returning("id").first(decoding: IDRow.self)!.id
    }

    private static func organisation(_ row: Row) -> Organisation {
        Organisation(id: row.id, name: row.name, kind: OrganisationKind(rawValue: row.kind) ?? .other, siren: row.siren ?? row.siret.map { String($0.prefix(9)) })
    }
}
