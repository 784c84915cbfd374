/// What a route requires. Every route declares one; `AccessPolicy` decides, the same way everywhere.
public enum Permission: Sendable, Equatable, CustomStringConvertible {
    /// Anyone, signed in or not (public reader).
    case everyone
    /// Any signed-in person.
    case signedIn
    /// Administrators only.
    case administrator
    /// One of these roles on the contract the request is about (resolved from the route).
    case contract(Set<Role>)
    /// One of these roles on at least one contract (for pages that list across contracts).
    case anyContract(Set<Role>)

    public var description: String {
        switch self {
        case .everyone: "public"
        case .signedIn: "connecté"
        case .administrator: "administrateur"
        case .contract(let roles): "contrat:" + roles.sorted().map(\.rawValue).joined(separator: "|")
        case .anyContract(let roles): "un contrat:" + roles.sorted().map(\.rawValue).joined(separator: "|")
        }
    }
}

/// The outcome of a permission check, mapped to 401 and 403 by the HTTP layer.
public enum AccessDecision: Sendable, Equatable {
    case allowed
    /// Nobody is signed in and the route needs someone: 401.
    case signInRequired
    /// Someone is signed in but lacks the right: 403.
    case forbidden
}

/// The single permission policy: routes declare a `Permission`, this decides.
/// Administrators may do everything; other roles count only on the contract concerned.
public enum AccessPolicy {
    public static func decide(_ permission: Permission, principal: Principal?, contractID: Int?) -> AccessDecision {
        if case .everyone = permission { return .allowed }
        guard let principal else { return .signInRequired }
        if principal.isAdministrator { return .allowed }
        switch permission {
        case .everyone, .signedIn:
            return .allowed
        case .administrator:
            return .forbidden
        case .contract(let roles):
            guard let contractID else { return .forbidden }
            return principal.roles(onContract: contractID).isDisjoint(with: roles) ? .forbidden : .allowed
        case .anyContract(let roles):
            return principal.allRoles.isDisjoint(with: roles) ? .forbidden : .allowed
        }
    }
}
