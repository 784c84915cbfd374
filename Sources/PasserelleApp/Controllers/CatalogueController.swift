import Foundation
import PasserelleDomain
import Vapor

/// The catalogue's pages: the palette of key actions, the examples' search and sheets, the actors
/// directory, and the resource centre's curation (forms, history, import).
struct CatalogueController: Sendable {
    /// Who curates: the resource centre (on any contract) and administrators.
    static let curationPermission = Permission.anyContract([.resourceCentre])
    static let pageSize = 20
    static let maxUpload: ByteCount = "10mb"

    static func canCurate(_ req: Request) -> Bool {
        AccessPolicy.decide(curationPermission, principal: req.account?.principal, contractID: nil) == .allowed
    }

    // MARK: Reading pages

    func keyActions(req: Request) async throws -> Response {
        let snapshot = try await req.catalogueService.snapshot()
        return .html(CataloguePages.keyActions(snapshot.catalogue, canCurate: Self.canCurate(req), context: req.pageContext()))
    }

    func keyAction(req: Request) async throws -> Response {
        let snapshot = try await req.catalogueService.snapshot()
        let action = try Self.keyAction(req, in: snapshot.catalogue)
        return .html(CataloguePages.keyAction(action, catalogue: snapshot.catalogue, canCurate: Self.canCurate(req), context: req.pageContext()))
    }

    static func keyAction(_ req: Request, in catalogue: Catalogue) throws -> KeyAction {
        let text = try req.parameters.require("number")
        guard let number = Int(text), let action = catalogue.keyAction(number: number) else {
            throw CatalogueService.Failure.unknownKeyAction(text)
        }
        return action
    }

    static func example(_ req: Request, in catalogue: Catalogue) throws -> Example {
        let id = try req.parameters.require("exampleID")
        guard let example = catalogue.example(id: id) else { throw CatalogueService.Failure.unknownExample(id) }
        return example
    }

    static func actor(_ req: Request, in catalogue: Catalogue) throws -> CatalogueActor {
        let id = try req.parameters.require("actorID")
        guard let actor = catalogue.actor(id: id) else { throw CatalogueService.Failure.unknownActor(id) }
        return actor
    }

    /// The examples' search from the query string (French names on pages, English in the API).
    static func search(_ query: QueryParameters, names: SearchParameterNames, catalogue: Catalogue) throws -> CatalogueSearch {
        func number(_ name: String) throws -> Int? {
            guard let text = try query.text(name, maxLength: 10) else { return nil }
            guard let value = Int(text) else { throw RequestError.invalidParameter(name: name, reason: "un numéro est attendu, « \(text) » reçu") }
            return value
        }
        let axis = try number(names.axis)
        if let axis, catalogue.axis(number: axis) == nil {
            throw RequestError.invalidParameter(name: names.axis, reason: "axes connus : \(catalogue.axes.map { String($0.number) }.joined(separator: ", "))")
        }
        let keyAction = try number(names.keyAction)
        if let keyAction, catalogue.keyAction(number: keyAction) == nil {
            throw RequestError.invalidParameter(name: names.keyAction, reason: "actions clés connues : \(catalogue.keyActions.map { String($0.number) }.joined(separator: ", "))")
        }
        return CatalogueSearch(text: try query.text(names.text, maxLength: 200) ?? "", axis: axis, keyAction: keyAction,
                               theme: try query.choice(names.theme, of: TransitionTheme.self), scale: try query.choice(names.scale, of: ExampleScale.self),
                               costBand: try query.choice(names.costBand, of: CostBand.self), region: try query.text(names.region, maxLength: 100),
                               audience: try query.choice(names.audience, of: Public.self))
    }

    struct SearchParameterNames {
        var text = "q", axis = "axe", keyAction = "action", theme = "theme", scale = "echelle", costBand = "cout", region = "region", audience = "public"
        static let page = SearchParameterNames()
        static let api = SearchParameterNames(text: "q", axis: "axis", keyAction: "keyAction", theme: "theme", scale: "scale", costBand: "costBand",
                                              region: "region", audience: "public")
    }

    func examples(req: Request) async throws -> Response {
        let snapshot = try await req.catalogueService.snapshot()
        let search = try Self.search(req.strictQuery, names: .page, catalogue: snapshot.catalogue)
        let offset = try req.strictQuery.integer("debut", in: 0...100_000, default: 0)
        let regions = Array(Set(snapshot.catalogue.examples.filter(\.isActive).compactMap(\.place.region))).sorted { SearchKey.fold($0) < SearchKey.fold($1) }
        let model = CataloguePages.SearchModel(search: search, results: snapshot.index.search(search), offset: offset, limit: Self.pageSize,
                                               catalogue: snapshot.catalogue, regions: regions, canCurate: Self.canCurate(req))
        return .html(CataloguePages.examples(model, context: req.pageContext()))
    }

    func example(req: Request) async throws -> Response {
        let snapshot = try await req.catalogueService.snapshot()
        let example = try Self.example(req, in: snapshot.catalogue)
        let canCurate = Self.canCurate(req)
        return .html(CataloguePages.example(example, catalogue: snapshot.catalogue, canCurate: canCurate, context: req.pageContext(withForm: canCurate)))
    }

    func actors(req: Request) async throws -> Response {
        let snapshot = try await req.catalogueService.snapshot()
        let query = ActorQuery(text: try req.strictQuery.text("q", maxLength: 200) ?? "", kind: try req.strictQuery.choice("type", of: ActorKind.self),
                               theme: try req.strictQuery.choice("theme", of: TransitionTheme.self))
        let offset = try req.strictQuery.integer("debut", in: 0...100_000, default: 0)
        let model = ActorPages.DirectoryModel(query: query, hits: snapshot.directory.search(query), offset: offset, limit: 50, canCurate: Self.canCurate(req))
        return .html(ActorPages.directory(model, context: req.pageContext()))
    }

    func actor(req: Request) async throws -> Response {
        let snapshot = try await req.catalogueService.snapshot()
        let actor = try Self.actor(req, in: snapshot.catalogue)
        let canCurate = Self.canCurate(req)
        let subsidies = try await req.programmingReports.subsidies(toBeneficiaryNamed: actor.name)
        return .html(ActorPages.actor(actor, catalogue: snapshot.catalogue, subsidies: subsidies, canCurate: canCurate,
                                      context: req.pageContext(withForm: canCurate)))
    }

    // MARK: Curation of examples

    /// The submitted form's fields (the CSRF token included, ignored).
    static func fields(_ req: Request) throws -> [String: String] {
        do {
            return try req.content.decode([String: String].self)
        } catch {
            throw RequestError.invalidBody(reason: "formulaire attendu")
        }
    }

    func newExamplePage(req: Request) async throws -> Response {
        let snapshot = try await req.catalogueService.snapshot()
        var form = CatalogueForms.ExampleForm()
        if let number = try req.strictQuery.text("action", maxLength: 10), let action = Int(number), snapshot.catalogue.keyAction(number: action) != nil {
            form.keyAction = String(action)
        }
        return .html(CurationPages.exampleForm(form, existing: nil, catalogue: snapshot.catalogue, errors: [], context: req.pageContext(withForm: true)))
    }

    func createExample(req: Request) async throws -> Response {
        let service = req.catalogueService
        let catalogue = try await service.snapshot().catalogue
        let form = CatalogueForms.ExampleForm(fields: try Self.fields(req))
        do {
            let draft = try form.read(keyActions: catalogue.keyActions.map(\.number)).get()
            let example = try await service.createExample(draft, by: req.actor)
            return req.redirect(to: SiteURL.example(.value(example.id)).path, redirectType: .normal)
        } catch let invalid as FormInvalid {
            return .html(CurationPages.exampleForm(form, existing: nil, catalogue: catalogue, errors: invalid.errors, context: req.pageContext(withForm: true)),
                         status: .unprocessableEntity)
        }
    }

    func editExamplePage(req: Request) async throws -> Response {
        let catalogue = try await req.catalogueService.snapshot().catalogue
        let example = try Self.example(req, in: catalogue)
        return .html(CurationPages.exampleForm(CatalogueForms.ExampleForm(example), existing: example, catalogue: catalogue, errors: [],
                                               context: req.pageContext(withForm: true)))
    }

    func updateExample(req: Request) async throws -> Response {
        let service = req.catalogueService
        let catalogue = try await service.snapshot().catalogue
        let example = try Self.example(req, in: catalogue)
        let form = CatalogueForms.ExampleForm(fields: try Self.fields(req))
        do {
            let edited = try form.read(keyActions: catalogue.keyActions.map(\.number), previous: example).get()
            _ = try await service.updateExample(id: example.id, with: edited, by: req.actor)
            return req.redirect(to: SiteURL.example(.value(example.id)).path, redirectType: .normal)
        } catch let invalid as FormInvalid {
            return .html(CurationPages.exampleForm(form, existing: example, catalogue: catalogue, errors: invalid.errors, context: req.pageContext(withForm: true)),
                         status: .unprocessableEntity)
        }
    }

    func retireExample(req: Request) async throws -> Response {
        let service = req.catalogueService
        let example = try Self.example(req, in: try await service.snapshot().catalogue)
        do {
            _ = try await service.retireExample(id: example.id, reason: try Self.fields(req)["motif"] ?? "", by: req.actor)
            return req.redirect(to: SiteURL.example(.value(example.id)).path, redirectType: .normal)
        } catch let invalid as FormInvalid {
            return .html(CurationPages.retirePage(title: example.title, back: SiteURL.example(.value(example.id)).path,
                                                  retire: SiteURL.exampleRetire(.value(example.id)).path, reinstate: SiteURL.exampleReinstate(.value(example.id)).path,
                                                  errors: invalid.errors, context: req.pageContext(withForm: true)), status: .unprocessableEntity)
        }
    }

    func reinstateExample(req: Request) async throws -> Response {
        let service = req.catalogueService
        let example = try Self.example(req, in: try await service.snapshot().catalogue)
        _ = try await service.reinstateExample(id: example.id, by: req.actor)
        return req.redirect(to: SiteURL.example(.value(example.id)).path, redirectType: .normal)
    }

    func exampleHistory(req: Request) async throws -> Response {
        let service = req.catalogueService
        let example = try Self.example(req, in: try await service.snapshot().catalogue)
        return .html(CurationPages.history(title: example.title, back: SiteURL.example(.value(example.id)).path, kind: .example,
                                           entries: try await service.history(.example, id: example.id), context: req.pageContext()))
    }

    // MARK: Curation of key actions

    func editKeyActionPage(req: Request) async throws -> Response {
        let action = try Self.keyAction(req, in: try await req.catalogueService.snapshot().catalogue)
        return .html(CurationPages.keyActionForm(CatalogueForms.KeyActionForm(action), action: action, errors: [], context: req.pageContext(withForm: true)))
    }

    func updateKeyAction(req: Request) async throws -> Response {
        let service = req.catalogueService
        let action = try Self.keyAction(req, in: try await service.snapshot().catalogue)
        let form = CatalogueForms.KeyActionForm(fields: try Self.fields(req))
        do {
            let read = try form.read(previous: action).get()
            _ = try await service.updateKeyAction(number: action.number, title: read.title, summary: read.summary, themes: read.themes,
                                                  vulnerabilities: read.vulnerabilities, by: req.actor)
            return req.redirect(to: SiteURL.keyAction(.value(action.number)).path, redirectType: .normal)
        } catch let invalid as FormInvalid {
            return .html(CurationPages.keyActionForm(form, action: action, errors: invalid.errors, context: req.pageContext(withForm: true)), status: .unprocessableEntity)
        }
    }

    func keyActionHistory(req: Request) async throws -> Response {
        let service = req.catalogueService
        let action = try Self.keyAction(req, in: try await service.snapshot().catalogue)
        return .html(CurationPages.history(title: "Action clé \(action.number) — \(action.title)", back: SiteURL.keyAction(.value(action.number)).path,
                                           kind: .keyAction, entries: try await service.history(.keyAction, id: String(action.number)), context: req.pageContext()))
    }

    // MARK: Curation of actors

    func newActorPage(req: Request) async throws -> Response {
        let catalogue = try await req.catalogueService.snapshot().catalogue
        return .html(CurationPages.actorForm(CatalogueForms.ActorForm(), existing: nil, catalogue: catalogue, errors: [], context: req.pageContext(withForm: true)))
    }

    func createActor(req: Request) async throws -> Response {
        let service = req.catalogueService
        let catalogue = try await service.snapshot().catalogue
        let ids = catalogue.examples.map(\.id)
        let form = CatalogueForms.ActorForm(fields: try Self.fields(req), exampleIDs: ids)
        do {
            let actor = try await service.createActor(try form.read(exampleIDs: ids).get(), by: req.actor)
            return req.redirect(to: SiteURL.actor(.value(actor.id)).path, redirectType: .normal)
        } catch let invalid as FormInvalid {
            return .html(CurationPages.actorForm(form, existing: nil, catalogue: catalogue, errors: invalid.errors, context: req.pageContext(withForm: true)),
                         status: .unprocessableEntity)
        }
    }

    func editActorPage(req: Request) async throws -> Response {
        let catalogue = try await req.catalogueService.snapshot().catalogue
        let actor = try Self.actor(req, in: catalogue)
        return .html(CurationPages.actorForm(CatalogueForms.ActorForm(actor), existing: actor, catalogue: catalogue, errors: [], context: req.pageContext(withForm: true)))
    }

    func updateActor(req: Request) async throws -> Response {
        let service = req.catalogueService
        let catalogue = try await service.snapshot().catalogue
        let actor = try Self.actor(req, in: catalogue)
        let ids = catalogue.examples.map(\.id)
        let form = CatalogueForms.ActorForm(fields: try Self.fields(req), exampleIDs: ids)
        do {
            _ = try await service.updateActor(id: actor.id, with: try form.read(exampleIDs: ids, previous: actor).get(), by: req.actor)
            return req.redirect(to: SiteURL.actor(.value(actor.id)).path, redirectType: .normal)
        } catch let invalid as FormInvalid {
            return .html(CurationPages.actorForm(form, existing: actor, catalogue: catalogue, errors: invalid.errors, context: req.pageContext(withForm: true)),
                         status: .unprocessableEntity)
        }
    }

    func retireActor(req: Request) async throws -> Response {
        let service = req.catalogueService
        let actor = try Self.actor(req, in: try await service.snapshot().catalogue)
        do {
            _ = try await service.retireActor(id: actor.id, reason: try Self.fields(req)["motif"] ?? "", by: req.actor)
            return req.redirect(to: SiteURL.actor(.value(actor.id)).path, redirectType: .normal)
        } catch let invalid as FormInvalid {
            return .html(CurationPages.retirePage(title: actor.name, back: SiteURL.actor(.value(actor.id)).path,
                                                  retire: SiteURL.actorRetire(.value(actor.id)).path, reinstate: SiteURL.actorReinstate(.value(actor.id)).path,
                                                  errors: invalid.errors, context: req.pageContext(withForm: true)), status: .unprocessableEntity)
        }
    }

    func reinstateActor(req: Request) async throws -> Response {
        let service = req.catalogueService
        let actor = try Self.actor(req, in: try await service.snapshot().catalogue)
        _ = try await service.reinstateActor(id: actor.id, by: req.actor)
        return req.redirect(to: SiteURL.actor(.value(actor.id)).path, redirectType: .normal)
    }

    func actorHistory(req: Request) async throws -> Response {
        let service = req.catalogueService
        let actor = try Self.actor(req, in: try await service.snapshot().catalogue)
        return .html(CurationPages.history(title: actor.name, back: SiteURL.actor(.value(actor.id)).path, kind: .actor,
                                           entries: try await service.history(.actor, id: actor.id), context: req.pageContext()))
    }

    // MARK: Import

    func importPage(req: Request) async throws -> Response {
        .html(CurationPages.importPage(outcome: nil, errors: [], context: req.pageContext(withForm: true)))
    }

    struct UploadForm: Content {
        var fichier: File?
    }

    func importFile(req: Request) async throws -> Response {
        let upload = try? req.content.decode(UploadForm.self)
        guard let file = upload?.fichier, file.data.readableBytes > 0 else {
            return .html(CurationPages.importPage(outcome: nil, errors: [FieldError(field: "fichier", message: "Champ « Fichier JSON » : choisissez le fichier exporté d'un catalogue Passerelle.")],
                                                  context: req.pageContext(withForm: true)), status: .unprocessableEntity)
        }
        let outcome = try await req.catalogueService.importCatalogue(Data(file.data.readableBytesView), by: req.actor)
        return .html(CurationPages.importPage(outcome: outcome, errors: [], context: req.pageContext(withForm: true)),
                     status: outcome.rejected ? .unprocessableEntity : .ok)
    }
}
