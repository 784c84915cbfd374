import Foundation
import Logging
import PasserelleApp
import Vapor

@main
enum Entrypoint {
    static func main() async {
        var environment: Environment
        let settings: Settings
        do {
            environment = try Environment.detect()
            settings = try Settings.load(arguments: &environment.arguments, environment: ProcessInfo.processInfo.environment)
            if ProcessInfo.processInfo.environment["PASSERELLE_LOG_FORMAT"] == "json" {
                let level = try Logger.Level.detect(from: &environment)
                LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
            } else {
                try LoggingSystem.bootstrap(from: &environment)
            }
        } catch {
            FileHandle.standardError.write(Data("passerelle : \(error)\n".utf8))
            exit(2)
        }
        let app: Application
        do {
            app = try await Application.make(environment)
        } catch {
            FileHandle.standardError.write(Data("passerelle : démarrage impossible : \(error)\n".utf8))
            exit(1)
        }
        var status: Int32 = 0
        do {
            try await configure(app, settings: settings)
            try await app.execute()
        } catch {
            FileHandle.standardError.write(Data("passerelle : \(Failure.describe(error))\n".utf8))
            status = 1
        }
        try? await app.asyncShutdown()
        exit(status)
    }
}
