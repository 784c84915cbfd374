import PasserelleDomain
import Vapor

/// Administration: accounts and roles, invitations, the audit trail.
struct AdminController: Sendable {
    func users(req: Request) async throws -> Response {
        .html(try await usersPage(req: req, link: nil, errors: [], notice: nil))
    }

    private func usersPage(req: Request, link: String?, errors: [FieldError], notice: String?) async throws -> String {
        AdminPages.users(.init(
            accounts: try await SQLAccountRepository(database: req.db, clock: req.application.clock).accounts(),
            contracts: try await req.contracts.list(concerning: nil), invitationLink: link, errors: errors, notice: notice),
            context: req.pageContext())
    }

    struct InviteForm: Content { var email: String?; var organisation: String?; var role: String?; var contract: String? }

    func invite(req: Request) async throws -> Response {
        let form = try req.content.decode(InviteForm.self)
        do {
            guard let role = Role(rawValue: form.role ?? "") else {
                throw FormInvalid(errors: [FieldError(field: "role", message: "Champ « rôle » : choisissez un rôle de la liste.")])
            }
            let contractID = try await Self.contractID(form.contract, req: req)
            let link = try await req.accountService.invite(.init(email: form.email ?? "", organisation: form.organisation, role: role, contractID: contractID), by: req.actor)
            return .html(try await usersPage(req: req, link: link, errors: [], notice: nil), status: .created)
        } catch let invalid as FormInvalid {
            return .html(try await usersPage(req: req, link: nil, errors: invalid.errors, notice: nil), status: invalid.status)
        }
    }

    struct RoleForm: Content { var role: String?; var contract: String?; var action: String? }

    func changeRole(req: Request) async throws -> Response {
        let userID = try req.parameters.require("userID", as: Int.self)
        let form = try req.content.decode(RoleForm.self)
        guard try await SQLAccountRepository(database: req.db, clock: req.application.clock).account(id: userID) != nil else {
            throw RequestError.notFound(what: "L'utilisateur n° \(userID)")
        }
        guard let role = Role(rawValue: form.role ?? ""), let action = form.action, action == "grant" || action == "revoke" else {
            throw RequestError.invalidBody(reason: "champs « role » et « action » (grant ou revoke) attendus")
        }
        let contractID = role == .administrator ? nil : try await Self.contractID(form.contract, req: req)
        let changed = try await req.accountService.changeRole(userID: userID, membership: Membership(role: role, contractID: contractID), grant: action == "grant", by: req.actor)
        return .html(try await usersPage(req: req, link: nil, errors: [], notice: changed ? "Rôle modifié." : "Aucun changement : ce rôle était déjà dans cet état."))
    }

    static func contractID(_ text: String?, req: Request) async throws -> Int? {
        guard let text = text?.trimmingSpaces, !text.isEmpty else { return nil }
        if let id = Int(text), try await req.contracts.exists(id: id) { return id }
        if let id = try await req.contracts.id(forSlug: text.lowercased()) { return id }
        throw FormInvalid(errors: [FieldError(field: "contract", message: "Champ « contrat » : « \(text) » est introuvable.")])
    }

    func audit(req: Request) async throws -> Response {
        let type = try req.strictQuery.text("type", maxLength: 40)
        let page = try await req.audit.entries(.init(entityType: type, limit: 500))
        return .html(AdminPages.audit(page, entityType: type, context: req.pageContext()))
    }
}
