import Foundation

/// Checks a decoded JSON value against the subset of OpenAPI 3.0 schemas Passerelle uses:
/// `$ref`, `type`, `required`, `properties` (strict: an undocumented property is an error),
/// `items`, `enum`. Returns the problems found, each with its JSON path.
struct JSONSchemaCheck {
    let components: [String: Any]

    init(document: [String: Any]) {
        components = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
    }

    func problems(_ value: JSONValue, against schema: [String: Any], path: String = "$") -> [String] {
        if let reference = schema["$ref"] as? String {
            let name = String(reference.split(separator: "/").last ?? "")
            guard let target = components[name] as? [String: Any] else { return ["\(path): schéma inconnu \(reference)"] }
            return problems(value, against: target, path: path)
        }
        var found: [String] = []
        if let allowed = schema["enum"] as? [String], case .string(let text) = value, !allowed.contains(text) {
            found.append("\(path): « \(text) » hors de l'énumération \(allowed)")
        }
        switch (schema["type"] as? String, value) {
        case ("object", .object(let object)):
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                found.append("\(path).\(key): propriété requise absente")
            }
            for (key, member) in object.sorted(by: { $0.key < $1.key }) {
                guard let memberSchema = properties[key] as? [String: Any] else {
                    if !properties.isEmpty { found.append("\(path).\(key): propriété non documentée") }
                    continue
                }
                found += problems(member, against: memberSchema, path: "\(path).\(key)")
            }
        case ("array", .array(let array)):
            if let items = schema["items"] as? [String: Any] {
                for (index, item) in array.enumerated() { found += problems(item, against: items, path: "\(path)[\(index)]") }
            }
        case ("string", .string), ("integer", .integer), ("number", .integer), ("number", .number), ("boolean", .bool), (nil, _):
            break
        case (let type?, _):
            found.append("\(path): \(type) attendu")
        }
        return found
    }
}
