import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Vapor

/// Builds the application: database, migrations, middleware, routes and commands.
/// The executable and every test call this one function.
public func configure(_ app: Application, settings: Settings) async throws {
    app.storage[SettingsKey.self] = settings
    switch settings.database {
    case .sqliteFile(let path):
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory), as: .sqlite)
    case .postgres(let url):
        app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url)), as: .psql)
    }
    app.migrations.add(PasserelleMigrations.all)

    app.http.server.configuration.hostname = settings.host
    app.http.server.configuration.port = settings.port
    app.routes.defaultMaxBodySize = "10mb"

    app.passwords.use(.bcrypt(cost: app.environment == .testing ? 4 : 12))
    app.sessions.use { _ in HashedSessionDriver() }
    app.sessions.configuration = SessionsConfiguration(cookieName: SessionSettings.cookieName) { [secure = settings.secureCookies] id in
        HTTPCookies.Value(string: id.string, expires: Date().addingTimeInterval(AuthenticationMiddleware.absoluteLifetime),
                          maxAge: nil, domain: nil, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
    app.storage[Application.AttemptLimitsKey.self] = AttemptLimits()
    app.storage[Application.OutlineLocatorsKey.self] = OutlineLocators()

    app.middleware = Middlewares()
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ErrorPageMiddleware(environment: app.environment))
    app.middleware.use(app.sessions.middleware)
    app.middleware.use(AuthenticationMiddleware())

    try registerRoutes(app)
    registerCommands(app)
}

struct SettingsKey: StorageKey {
    typealias Value = Settings
}

extension Application {
    var settings: Settings { storage[SettingsKey.self] ?? Settings() }
}
