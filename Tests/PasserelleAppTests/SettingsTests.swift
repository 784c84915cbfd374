@testable import PasserelleApp
import Testing

struct SettingsTests {
    @Test func defaultsAreTheEmbeddedSQLiteFileOnLocalhost8080() throws {
        var arguments = ["passerelle", "serve"]
        let settings = try Settings.load(arguments: &arguments, environment: [:])
        #expect(settings == Settings(database: .sqliteFile(path: "passerelle.sqlite"), host: "127.0.0.1", port: 8080))
        #expect(arguments == ["passerelle", "serve"])
    }

    @Test func flagsWinOverEnvironmentWhichWinsOverDefaults() throws {
        var arguments = ["passerelle", "serve", "--port", "9090", "--database-url=sqlite:///tmp/x.sqlite"]
        let environment = ["PASSERELLE_PORT": "7070", "PASSERELLE_HOST": "0.0.0.0", "PASSERELLE_DATABASE_URL": "postgres://u:p@db:5432/passerelle"]
        let settings = try Settings.load(arguments: &arguments, environment: environment)
        #expect(settings.port == 9090)
        #expect(settings.host == "0.0.0.0")
        #expect(settings.database == .sqliteFile(path: "/tmp/x.sqlite"))
        #expect(arguments == ["passerelle", "serve"], "consumed flags are removed for the command that runs next")
    }

    @Test func postgresURLFromTheEnvironment() throws {
        var arguments: [String] = []
        let settings = try Settings.load(arguments: &arguments, environment: ["PASSERELLE_DATABASE_URL": "postgres://u:secret@db:5432/passerelle"])
        #expect(settings.database == .postgres(url: "postgres://u:secret@db:5432/passerelle"))
        #expect(settings.database.description == "PostgreSQL (postgres://u:***@db:5432/passerelle)", "the password never reaches a log")
    }

    @Test(arguments: [
        (["PASSERELLE_PORT": "quatre-vingt"], "Réglage invalide PASSERELLE_PORT=\"quatre-vingt\" : le port doit être un nombre entier entre 1 et 65535."),
        (["PASSERELLE_PORT": "70000"], "Réglage invalide PASSERELLE_PORT=\"70000\" : le port doit être un nombre entier entre 1 et 65535."),
        (["PASSERELLE_DATABASE_URL": "mysql://x"], "Réglage invalide PASSERELLE_DATABASE_URL=\"mysql://x\" : adresse de base de données non reconnue : utilisez sqlite:///chemin/fichier.sqlite ou postgres://utilisateur:motdepasse@hôte:port/base."),
        (["PASSERELLE_HOST": "bad host!"], "Réglage invalide PASSERELLE_HOST=\"bad host!\" : nom d'hôte ou adresse IP invalide."),
    ])
    func aBadValueStopsWithOneLineNamingTheSetting(environment: [String: String], message: String) {
        var arguments = ["passerelle", "serve"]
        #expect(throws: SettingsError.self) { try Settings.load(arguments: &arguments, environment: environment) }
        do {
            _ = try Settings.load(arguments: &arguments, environment: environment)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aFlagWithoutValueIsNamed() {
        var arguments = ["passerelle", "serve", "--port"]
        #expect(throws: SettingsError(setting: "--port", value: "", reason: "une valeur est attendue après l'option")) {
            try Settings.load(arguments: &arguments, environment: [:])
        }
    }
}
