import Foundation

/// Where Passerelle keeps its data.
public enum DatabaseLocation: Equatable, Sendable, CustomStringConvertible {
    case sqliteFile(path: String)
    case sqliteMemory
    case postgres(url: String)

    /// `sqlite:///abs/path.sqlite`, `sqlite://relative.sqlite`, `sqlite::memory:`, `postgres://…`.
    public static func parse(_ text: String) -> DatabaseLocation? {
        let value = text.trimmingCharacters(in: .whitespaces)
        if value == "sqlite::memory:" || value == "sqlite://:memory:" { return .sqliteMemory }
        if value.hasPrefix("sqlite://") {
            let path = String(value.dropFirst("sqlite://".count))
            guard !path.isEmpty, !path.hasSuffix("/") else { return nil }
            return .sqliteFile(path: path)
        }
        if value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") {
            guard let url = URL(string: value), url.host != nil, url.path.count > 1 else { return nil }
            return .postgres(url: value)
        }
        return nil
    }

    /// The location without its password, safe to log.
    public var description: String {
        switch self {
        case .sqliteFile(let path): return "SQLite (\(path))"
        case .sqliteMemory: return "SQLite (en mémoire)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "PostgreSQL" }
            if components.password != nil { components.password = "***" }
            return "PostgreSQL (\(components.string ?? "?"))"
        }
    }

    public var engineName: String {
        switch self {
        case .sqliteFile, .sqliteMemory: "SQLite"
        case .postgres: "PostgreSQL"
        }
    }
}

/// Start-up settings, read once: command-line flags first, then `PASSERELLE_…` environment
/// variables, then defaults. A bad value stops start-up with one line naming the setting.
public struct Settings: Equatable, Sendable {
    public var database: DatabaseLocation
    public var host: String
    public var port: Int
    /// The address users reach Passerelle at, for links printed in logs (confirmation, invitations).
    public var publicURL: String
    /// Session cookies carry `Secure` unless turned off for plain-HTTP testing.
    public var secureCookies: Bool
    /// The reverse proxy's address, whose X-Forwarded-For is believed for rate limits.
    public var trustedProxy: String?

    public static let defaultDatabase = "sqlite://passerelle.sqlite"
    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 8080

    public init(database: DatabaseLocation = .sqliteFile(path: "passerelle.sqlite"), host: String = Settings.defaultHost, port: Int = Settings.defaultPort,
                publicURL: String? = nil, secureCookies: Bool = true, trustedProxy: String? = nil) {
        self.database = database
        self.host = host
        self.port = port
        self.publicURL = publicURL ?? "http://\(host):\(port)"
        self.secureCookies = secureCookies
        self.trustedProxy = trustedProxy
    }

    struct Option {
        let flag: String
        let variable: String
    }

    static let databaseOption = Option(flag: "--database-url", variable: "PASSERELLE_DATABASE_URL")
    static let hostOption = Option(flag: "--host", variable: "PASSERELLE_HOST")
    static let portOption = Option(flag: "--port", variable: "PASSERELLE_PORT")
    static let publicURLOption = Option(flag: "--public-url", variable: "PASSERELLE_PUBLIC_URL")
    static let secureCookiesOption = Option(flag: "--secure-cookies", variable: "PASSERELLE_SECURE_COOKIES")
    static let trustedProxyOption = Option(flag: "--trusted-proxy", variable: "PASSERELLE_TRUSTED_PROXY")

    /// Reads the settings and removes the flags it consumed from `arguments`,
    /// so the command that runs next only sees its own.
    public static func load(arguments: inout [String], environment: [String: String]) throws(SettingsError) -> Settings {
        let database = try value(of: databaseOption, in: &arguments, environment: environment) ?? (defaultDatabase, "défaut")
        guard let location = DatabaseLocation.parse(database.0) else {
            throw SettingsError(setting: database.1, value: database.0,
                                reason: "adresse de base de données non reconnue : utilisez sqlite:///chemin/fichier.sqlite ou postgres://utilisateur:motdepasse@hôte:port/base")
        }
        let host = try value(of: hostOption, in: &arguments, environment: environment) ?? (defaultHost, "défaut")
        guard !host.0.isEmpty, host.0.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":" }) else {
            throw SettingsError(setting: host.1, value: host.0, reason: "nom d'hôte ou adresse IP invalide")
        }
        let portText = try value(of: portOption, in: &arguments, environment: environment) ?? (String(defaultPort), "défaut")
        guard let port = Int(portText.0), (1...65535).contains(port) else {
            throw SettingsError(setting: portText.1, value: portText.0, reason: "le port doit être un nombre entier entre 1 et 65535")
        }
        let publicURL = try value(of: publicURLOption, in: &arguments, environment: environment)
        if let publicURL, !(publicURL.0.hasPrefix("http://") || publicURL.0.hasPrefix("https://")) || publicURL.0.hasSuffix("/") {
            throw SettingsError(setting: publicURL.1, value: publicURL.0, reason: "adresse publique attendue sous la forme https://passerelle.exemple.fr (sans / final)")
        }
        let secure = try value(of: secureCookiesOption, in: &arguments, environment: environment)
        var secureCookies = true
        if let secure {
            switch secure.0.lowercased() {
            case "true", "1", "oui", "yes": secureCookies = true
            case "false", "0", "non", "no": secureCookies = false
            default: throw SettingsError(setting: secure.1, value: secure.0, reason: "valeur attendue : true ou false")
            }
        }
        let proxy = try value(of: trustedProxyOption, in: &arguments, environment: environment)
        if let proxy, proxy.0.isEmpty || !proxy.0.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" }) {
            throw SettingsError(setting: proxy.1, value: proxy.0, reason: "adresse IP du mandataire inverse attendue (par exemple 127.0.0.1)")
        }
        return Settings(database: location, host: host.0, port: port, publicURL: publicURL?.0, secureCookies: secureCookies, trustedProxy: proxy?.0)
    }

    /// The flag's value (removing it from the arguments) or the variable's, with where it came from.
    private static func value(of option: Option, in arguments: inout [String], environment: [String: String]) throws(SettingsError) -> (String, String)? {
        var found: (String, String)?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == option.flag {
                guard index + 1 < arguments.count else {
                    throw SettingsError(setting: option.flag, value: "", reason: "une valeur est attendue après l'option")
                }
                found = (arguments[index + 1], option.flag)
                arguments.removeSubrange(index...(index + 1))
                continue
            }
            if argument.hasPrefix(option.flag + "=") {
                found = (String(argument.dropFirst(option.flag.count + 1)), option.flag)
                arguments.remove(at: index)
                continue
            }
            index += 1
        }
        if let found { return found }
        if let value = environment[option.variable] { return (value, option.variable) }
        return nil
    }
}

public struct SettingsError: Error, Equatable, Sendable, CustomStringConvertible {
    public var setting: String
    public var value: String
    public var reason: String

    public var description: String {
        "Réglage invalide \(setting)=\"\(value)\" : \(reason)."
    }
}
