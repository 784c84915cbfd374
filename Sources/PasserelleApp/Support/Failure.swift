import Foundation
import PasserelleDomain

/// One French line for a command that failed, without stack traces or driver internals.
public enum Failure {
    public static func describe(_ error: any Error) -> String {
        switch error {
        case let error as CommandFailure: return error.description
        case let error as SettingsError: return error.description
        case let error as ReferenceFileError: return error.description
        case let error as ContractLoadError: return error.description
        default:
            let text = String(describing: error)
            if text.contains("connect") || text.contains("Connection refused") {
                return "la base de données ne répond pas : vérifiez PASSERELLE_DATABASE_URL et que le serveur est démarré."
            }
            return "échec : \(text)"
        }
    }
}
