/// What the funders decided on an application (or on one funding line).
public enum DecisionOutcome: String, Codable, Sendable, CaseIterable {
    case granted
    case partlyGranted
    case refused

    public var label: String {
        switch self {
        case .granted: "accordée"
        case .partlyGranted: "accordée en partie"
        case .refused: "refusée"
        }
    }
}

/// Where an application stands. Stored as `code` ("decided.partlyGranted").
public enum ApplicationStatus: Sendable, Hashable, Codable, CustomStringConvertible {
    case draft
    case submitted
    case receivable
    case notReceivable
    case underInstruction
    case proposed
    case decided(DecisionOutcome)
    case agreementSigned
    case inProgress
    case reported
    case closed

    public static let allCases: [ApplicationStatus] = [
        .draft, .submitted, .receivable, .notReceivable, .underInstruction, .proposed,
        .decided(.granted), .decided(.partlyGranted), .decided(.refused),
        .agreementSigned, .inProgress, .reported, .closed,
    ]

    public var code: String {
        switch self {
        case .draft: "draft"
        case .submitted: "submitted"
        case .receivable: "receivable"
        case .notReceivable: "notReceivable"
        case .underInstruction: "underInstruction"
        case .proposed: "proposed"
        case .decided(let outcome): "decided.\(outcome.rawValue)"
        case .agreementSigned: "agreementSigned"
        case .inProgress: "inProgress"
        case .reported: "reported"
        case .closed: "closed"
        }
    }

    public init?(code: String) {
        guard let status = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = status
    }

    public var label: String {
        switch self {
        case .draft: "brouillon"
        case .submitted: "déposée"
        case .receivable: "recevable"
        case .notReceivable: "non recevable"
        case .underInstruction: "en instruction"
        case .proposed: "proposée au comité"
        case .decided(let outcome): "décidée : \(outcome.label)"
        case .agreementSigned: "convention signée"
        case .inProgress: "en cours"
        case .reported: "bilan remis"
        case .closed: "clôturée"
        }
    }

    public var description: String { code }

    /// Checks a move of the workflow; see `ApplicationWorkflow.transition`.
    public static func transition(from: ApplicationStatus, to: ApplicationStatus, by role: ProgrammingRole) -> Result<ApplicationStatus, StatusTransitionError> {
        ApplicationWorkflow.transition(from: from, to: to, by: role)
    }

    public init(from decoder: any Decoder) throws {
        let code = try decoder.singleValueContainer().decode(String.self)
        guard let status = ApplicationStatus(code: code) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "statut inconnu « \(code) »"))
        }
        self = status
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

/// Who acts on an application during programming.
public enum ProgrammingRole: String, Codable, Sendable, CaseIterable {
    case projectHolder
    case contractTeam
    case instructor
    case steeringCommittee

    public var label: String {
        switch self {
        case .projectHolder: "porteur de projet"
        case .contractTeam: "équipe du contrat de ville"
        case .instructor: "instructeur d'un financeur"
        case .steeringCommittee: "comité de pilotage"
        }
    }
}

/// One allowed move of the workflow and the roles that may make it.
public struct StatusMove: Sendable, Hashable {
    public var from: ApplicationStatus
    public var to: ApplicationStatus
    public var roles: [ProgrammingRole]
    /// The action as a button says it ("Déposer la demande").
    public var action: String

    public init(from: ApplicationStatus, to: ApplicationStatus, roles: [ProgrammingRole], action: String) {
        self.from = from
        self.to = to
        self.roles = roles
        self.action = action
    }
}

/// A refused move, with its French explanation.
public struct StatusTransitionError: Error, Sendable, Hashable {
    public var from: ApplicationStatus
    public var to: ApplicationStatus
    public var role: ProgrammingRole
    public var message: String
}

/// The programming workflow as data: every allowed move and who may make it.
public enum ApplicationWorkflow {
    public static let moves: [StatusMove] = [
        StatusMove(from: .draft, to: .submitted, roles: [.projectHolder], action: "Déposer la demande"),
        StatusMove(from: .submitted, to: .receivable, roles: [.contractTeam], action: "Déclarer recevable"),
        StatusMove(from: .submitted, to: .notReceivable, roles: [.contractTeam], action: "Déclarer non recevable"),
        StatusMove(from: .receivable, to: .underInstruction, roles: [.instructor], action: "Commencer l'instruction"),
        StatusMove(from: .underInstruction, to: .proposed, roles: [.instructor], action: "Proposer au comité"),
        StatusMove(from: .proposed, to: .decided(.granted), roles: [.steeringCommittee], action: "Accorder"),
        StatusMove(from: .proposed, to: .decided(.partlyGranted), roles: [.steeringCommittee], action: "Accorder en partie"),
        StatusMove(from: .proposed, to: .decided(.refused), roles: [.steeringCommittee], action: "Refuser"),
        // The agreement is recorded by the funder's services or the contract team once signed.
        StatusMove(from: .decided(.granted), to: .agreementSigned, roles: [.instructor, .contractTeam], action: "Enregistrer la convention signée"),
        StatusMove(from: .decided(.partlyGranted), to: .agreementSigned, roles: [.instructor, .contractTeam], action: "Enregistrer la convention signée"),
        StatusMove(from: .agreementSigned, to: .inProgress, roles: [.projectHolder], action: "Démarrer l'action"),
        StatusMove(from: .inProgress, to: .reported, roles: [.projectHolder], action: "Remettre le bilan"),
        StatusMove(from: .reported, to: .closed, roles: [.instructor, .contractTeam], action: "Clôturer"),
        StatusMove(from: .decided(.refused), to: .closed, roles: [.contractTeam], action: "Clôturer"),
        StatusMove(from: .notReceivable, to: .closed, roles: [.contractTeam], action: "Clôturer"),
    ]

    /// The new status, or a French explanation of why the move is refused: either the workflow has no
    /// such move, or the role is not one of those allowed to make it.
    public static func transition(from: ApplicationStatus, to: ApplicationStatus, by role: ProgrammingRole) -> Result<ApplicationStatus, StatusTransitionError> {
        guard let move = moves.first(where: { $0.from == from && $0.to == to }) else {
            let possible = moves.filter { $0.from == from }.map { "« \($0.to.label) »" }
            let suffix = possible.isEmpty
                ? "aucun changement n'est possible depuis ce statut."
                : "depuis ce statut, la demande peut seulement passer à " + possible.joined(separator: ", ") + "."
            return .failure(StatusTransitionError(from: from, to: to, role: role,
                message: "Une demande « \(from.label) » ne peut pas passer à « \(to.label) » : \(suffix)"))
        }
        guard move.roles.contains(role) else {
            let names = move.roles.map { "« \($0.label) »" }
            let allowed = names.count == 1 ? "seul le rôle \(names[0]) le peut" : "seuls les rôles " + names.joined(separator: " et ") + " le peuvent"
            return .failure(StatusTransitionError(from: from, to: to, role: role,
                message: "Le rôle « \(role.label) » ne peut pas faire passer une demande de « \(from.label) » à « \(to.label) » : \(allowed)."))
        }
        return .success(to)
    }

    /// The moves a role may make from a status, for the buttons of a page.
    public static func moves(from status: ApplicationStatus, for role: ProgrammingRole) -> [StatusMove] {
        moves.filter { $0.from == status && $0.roles.contains(role) }
    }
}
