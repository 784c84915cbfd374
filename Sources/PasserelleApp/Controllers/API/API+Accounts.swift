import PasserelleDomain
import Vapor

struct AccountJSON: Content {
    struct Role: Content { var role: String; var contractID: Int? }
    var id: Int
    var email: String
    var displayName: String
    var organisation: String?
    var roles: [Role]

    init(_ account: Account) {
        id = account.id
        email = account.email
        displayName = account.displayName
        organisation = account.organisationName
        roles = account.memberships.map { Role(role: $0.role.rawValue, contractID: $0.contractID) }
    }
}

/// Session, personal API tokens, the audit trail and contract creation, as JSON.
struct AccountAPIController: Sendable {
    struct Credentials: Content { var email: String; var password: String }

    func signIn(req: Request) async throws -> AccountJSON {
        let credentials = try req.content.decode(Credentials.self)
        let account = try await AccountController().signInChecked(req: req, email: credentials.email, password: credentials.password)
        try await req.signIn(account)
        return AccountJSON(account)
    }

    func signOut(req: Request) async throws -> HTTPStatus {
        req.session.destroy()
        return .noContent
    }

    func me(req: Request) async throws -> AccountJSON {
        AccountJSON(req.account!)
    }

    struct TokenJSON: Content { var id: Int; var name: String; var prefix: String; var createdAt: String; var lastUsedAt: String?; var revokedAt: String? }
    struct TokenListJSON: Content { var items: [TokenJSON]; var total: Int }
    struct NewTokenJSON: Content { var id: Int; var name: String; var token: String }
    struct TokenRequest: Content { var name: String }

    func tokens(req: Request) async throws -> TokenListJSON {
        let tokens = try await SQLAccountRepository(database: req.db, clock: req.application.clock).apiTokens(userID: req.account!.id)
        return TokenListJSON(items: tokens.map { TokenJSON(id: $0.id, name: $0.name, prefix: $0.prefix, createdAt: $0.created_at, lastUsedAt: $0.last_used_at, revokedAt: $0.revoked_at) },
                             total: tokens.count)
    }

    func createToken(req: Request) async throws -> Response {
        let body = try req.content.decode(TokenRequest.self)
        let created = try await req.accountService.createAPIToken(for: req.account!, name: body.name)
        let response = try await NewTokenJSON(id: created.id, name: body.name.trimmingSpaces, token: created.token).encodeResponse(for: req)
        response.status = .created
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func revokeToken(req: Request) async throws -> HTTPStatus {
        let id = try req.parameters.require("tokenID", as: Int.self)
        guard try await req.accountService.revokeAPIToken(id: id, of: req.account!) else {
            throw RequestError.notFound(what: "Le jeton n° \(id)")
        }
        return .noContent
    }

    struct AuditListJSON: Content { var items: [AuditEntry]; var total: Int; var limit: Int; var offset: Int }

    func audit(req: Request) async throws -> Response {
        let query = req.strictQuery
        let filter = AuditTrail.Filter(
            entityType: try query.text("entityType", maxLength: 40),
            contractID: try query.text("contract", maxLength: 12).map { text in
                guard let id = Int(text) else { throw RequestError.invalidParameter(name: "contract", reason: "numéro de contrat attendu") }
                return id
            },
            limit: try query.integer("limit", in: 1...10_000, default: 1000),
            offset: try query.integer("offset", in: 0...100_000_000, default: 0))
        let page = try await req.audit.entries(filter)
        switch try query.text("format", maxLength: 10) {
        case "csv":
            var csv = CSVWriter(header: ["id", "occurred_at", "actor_user_id", "actor", "action", "entity_type", "entity_id", "contract_id", "before", "after"])
            for entry in page.items {
                csv.append([entry.id.map(String.init) ?? "", entry.occurredAt, entry.actorUserID.map(String.init) ?? "", entry.actorLabel, entry.action,
                            entry.entityType, entry.entityID, entry.contractID.map(String.init) ?? "", entry.before ?? "", entry.after ?? ""])
            }
            return csv.response(fileName: "journal-passerelle.csv")
        case nil, "json":
            return try await AuditListJSON(items: page.items, total: page.total, limit: page.limit, offset: page.offset).encodeResponse(for: req)
        case let other?:
            throw RequestError.invalidParameter(name: "format", reason: "csv ou json attendu, « \(other) » reçu")
        }
    }

    struct NewContract: Content {
        var slug: String?
        var name: String
        var shortName: String
        var epci: String
        var startYear: Int?
        var endYear: Int?
        var levelNames: [String]?
    }

    func createContract(req: Request) async throws -> Response {
        let body = try req.content.decode(NewContract.self)
        let slug = (body.slug ?? body.shortName).lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" }
        var problems: [FieldError] = []
        if body.name.trimmingSpaces.isEmpty { problems.append(FieldError(field: "name", message: "Champ « name » : le nom est obligatoire.")) }
        if body.shortName.trimmingSpaces.isEmpty { problems.append(FieldError(field: "shortName", message: "Champ « shortName » : le nom court est obligatoire.")) }
        if slug.isEmpty || Int(slug) != nil { problems.append(FieldError(field: "slug", message: "Champ « slug » : lettres, chiffres et tirets, pas un nombre seul.")) }
        let start = body.startYear ?? 2024, end = body.endYear ?? 2030
        if start > end || start < 2000 || end > 2100 { problems.append(FieldError(field: "startYear", message: "Champs « startYear » et « endYear » : période \(start)–\(end) invalide.")) }
        guard problems.isEmpty else { throw FormInvalid(errors: problems) }
        if try await req.contracts.id(forSlug: slug) != nil {
            throw FormInvalid(errors: [FieldError(field: "slug", message: "Champ « slug » : « \(slug) » est déjà utilisé par un autre contrat.")])
        }
        let levelNames = body.levelNames ?? ["Pilier", "Ambition", "Objectif opérationnel"]
        guard (1...3).contains(levelNames.count), levelNames.allSatisfy({ !$0.trimmingSpaces.isEmpty }) else {
            throw FormInvalid(errors: [FieldError(field: "levelNames", message: "Champ « levelNames » : de 1 à 3 noms de niveaux, non vides.")])
        }
        let spec = ContractSpec(slug: slug, name: body.name.trimmingSpaces, shortName: body.shortName.trimmingSpaces, epciSiren: body.epci.trimmingSpaces,
                                startYear: start, endYear: end, levelNames: levelNames, levels: Array(StrategyLevel.allCases.prefix(levelNames.count)))
        let actor = req.actor
        let id = try await req.db.transaction { db -> Int in
            let contracts = SQLContractRepository(database: db)
            let id: Int
            do {
                id = try await contracts.create(from: spec, source: nil, isDemo: false)
            } catch ContractLoadError.unknownEPCI {
                throw FormInvalid(errors: [FieldError(field: "epci", message: "Champ « epci » : aucun EPCI de SIREN « \(body.epci) » dans le référentiel.")])
            } catch ContractLoadError.invalid(let problems) {
                throw FormInvalid(errors: problems.map { FieldError(field: "levelNames", message: "Champ « levelNames » : \($0).") })
            }
            try await AuditTrail(database: db, clock: req.application.clock).record("create", entity: "contract", id: String(id), contractID: id, by: actor,
                                                                                     after: ["slug": slug, "name": spec.name, "epci": spec.epciSiren])
            return id
        }
        let response = try await ContractJSON(try await req.contracts.find(id: id)!).encodeResponse(for: req)
        response.status = .created
        response.headers.replaceOrAdd(name: .location, value: SiteURL.api(.contract(.value(String(id)))).path)
        return response
    }
}
