/// What a person may do in a contract. A user holds roles per contract; `administrator` is global.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case administrator
    case contractTeam
    case funder
    case partnerReferent
    case projectHolder
    case resourceCentre
    case inhabitant

    public var label: String {
        switch self {
        case .administrator: "Administrateur"
        case .contractTeam: "Équipe du contrat"
        case .funder: "Financeur"
        case .partnerReferent: "Référent partenaire"
        case .projectHolder: "Porteur de projet"
        case .resourceCentre: "Centre de ressources"
        case .inhabitant: "Habitant"
        }
    }

    /// Roles anyone may take by signing up; the others come by invitation.
    public var allowsSelfSignUp: Bool { self == .projectHolder || self == .inhabitant }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One role held by a user, on one contract or on all of them (`contractID == nil`).
public struct Membership: Sendable, Equatable, Hashable, Codable {
    public var role: Role
    public var contractID: Int?

    public init(role: Role, contractID: Int?) {
        self.role = role
        self.contractID = contractID
    }
}

/// Who is making a request, as far as permissions are concerned.
public struct Principal: Sendable, Equatable {
    public var userID: Int
    public var organisationID: Int?
    public var memberships: [Membership]

    public init(userID: Int, organisationID: Int?, memberships: [Membership]) {
        self.userID = userID
        self.organisationID = organisationID
        self.memberships = memberships
    }

    public var isAdministrator: Bool { memberships.contains { $0.role == .administrator } }

    /// Roles this person holds on a contract, counting roles granted on every contract.
    public func roles(onContract contractID: Int?) -> Set<Role> {
        Set(memberships.filter { $0.contractID == nil || $0.contractID == contractID }.map(\.role))
    }

    /// Roles held on any contract at all.
    public var allRoles: Set<Role> { Set(memberships.map(\.role)) }
}
