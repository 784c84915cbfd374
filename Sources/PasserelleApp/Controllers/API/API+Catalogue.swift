import Foundation
import PasserelleDomain
import Vapor

/// Catalogue JSON API: key actions, examples (search), actors, suggestions, export and import.
struct CatalogueAPIController: Sendable {
    struct KeyActionJSON: Content {
        var number: Int
        var axis: Int
        var title: String
        var examples: [String]
    }
    struct KeyActionListJSON: Content { var items: [KeyActionJSON]; var total: Int }

    /// `GET /api/v1/key-actions`: the palette, each key action with its active examples' ids.
    func keyActions(req: Request) async throws -> KeyActionListJSON {
        let catalogue = try await req.catalogueService.snapshot().catalogue
        let items = catalogue.keyActions.map { action in
            KeyActionJSON(number: action.number, axis: action.axis, title: action.title,
                          examples: catalogue.examples(forKeyAction: action.number).map(\.id))
        }
        return KeyActionListJSON(items: items, total: items.count)
    }

    struct ExampleSummaryJSON: Content {
        var id: String
        var title: String
        var place: String
        var region: String?
        var keyAction: Int
        var themes: [String]
        var vulnerabilities: [String]
        var publics: [String]
        var scale: String
        var costBand: String
        var summary: String
        /// Search relevance (0 without words): higher comes first.
        var score: Double
    }
    struct ExampleListJSON: Content { var items: [ExampleSummaryJSON]; var total: Int; var limit: Int; var offset: Int }

    /// `GET /api/v1/examples?q=&theme=&axis=&keyAction=&scale=&costBand=&region=&public=&limit=&offset=`, best match first.
    func examples(req: Request) async throws -> ExampleListJSON {
        let snapshot = try await req.catalogueService.snapshot()
        let search = try CatalogueController.search(req.strictQuery, names: .api, catalogue: snapshot.catalogue)
        let limit = try req.strictQuery.integer("limit", in: 1...500, default: 20)
        let offset = try req.strictQuery.integer("offset", in: 0...100_000, default: 0)
        let hits = snapshot.index.search(search).hits
        let items = hits.dropFirst(offset).prefix(limit).map { hit in
            let example = hit.example
            return ExampleSummaryJSON(id: example.id, title: example.title, place: example.place.label, region: example.place.region,
                                      keyAction: example.keyAction, themes: example.tags.themes.map(\.rawValue),
                                      vulnerabilities: example.tags.vulnerabilities.map(\.rawValue), publics: example.tags.publics.map(\.rawValue),
                                      scale: example.scale.rawValue, costBand: example.tags.costBand.rawValue, summary: example.summary,
                                      score: (hit.score * 1000).rounded() / 1000)
        }
        return ExampleListJSON(items: Array(items), total: hits.count, limit: limit, offset: offset)
    }

    /// An example as the export writes it, with its key action's title and the actors linked to it.
    struct ExampleDetailJSON: Content {
        var example: Example
        var keyActionTitle: String?
        var actors: [ActorRefJSON]

        private enum Extra: String, CodingKey { case keyActionTitle, actors }

        init(example: Example, keyActionTitle: String?, actors: [ActorRefJSON]) {
            self.example = example
            self.keyActionTitle = keyActionTitle
            self.actors = actors
        }

        init(from decoder: any Decoder) throws {
            example = try Example(from: decoder)
            let container = try decoder.container(keyedBy: Extra.self)
            keyActionTitle = try container.decodeIfPresent(String.self, forKey: .keyActionTitle)
            actors = try container.decodeIfPresent([ActorRefJSON].self, forKey: .actors) ?? []
        }

        func encode(to encoder: any Encoder) throws {
            try example.encode(to: encoder)
            var container = encoder.container(keyedBy: Extra.self)
            try container.encodeIfPresent(keyActionTitle, forKey: .keyActionTitle)
            try container.encode(actors, forKey: .actors)
        }
    }
    struct ActorRefJSON: Content { var id: String; var name: String }

    func example(req: Request) async throws -> ExampleDetailJSON {
        let catalogue = try await req.catalogueService.snapshot().catalogue
        let example = try CatalogueController.example(req, in: catalogue)
        return ExampleDetailJSON(example: example, keyActionTitle: catalogue.keyAction(number: example.keyAction)?.title,
                                 actors: catalogue.actors(forExample: example.id).filter(\.isActive).map { ActorRefJSON(id: $0.id, name: $0.name) })
    }

    struct ActorJSON: Content {
        var id: String
        var name: String
        var kind: String
        var themes: [String]
        var territory: String
        var examples: [String]
        var status: String
        var retiredReason: String?
        /// Only on the actor's own route: the published grants to a beneficiary of its name.
        var grants: [GrantJSON]?

        init(_ actor: CatalogueActor, grants: [SCDLSubsidyRow]? = nil) {
            id = actor.id
            name = actor.name
            kind = actor.kind.rawValue
            themes = actor.themes.map(\.rawValue)
            territory = actor.territory
            examples = actor.examples
            status = actor.status.rawValue
            retiredReason = actor.retiredReason
            self.grants = grants?.map(GrantJSON.init)
        }
    }
    struct GrantJSON: Content {
        var project: String
        var funder: String
        var date: String
        var amount: Double

        init(_ row: SCDLSubsidyRow) {
            project = row.objet
            funder = row.nomAttribuant
            date = row.dateConvention.iso
            amount = row.montant * row.pourcentageSubvention
        }
    }
    struct ActorListJSON: Content { var items: [ActorJSON]; var total: Int; var limit: Int; var offset: Int }

    /// `GET /api/v1/actors?q=&kind=&theme=&limit=&offset=`, best match first (by name without words).
    func actors(req: Request) async throws -> ActorListJSON {
        let snapshot = try await req.catalogueService.snapshot()
        let query = ActorQuery(text: try req.strictQuery.text("q", maxLength: 200) ?? "", kind: try req.strictQuery.choice("kind", of: ActorKind.self),
                               theme: try req.strictQuery.choice("theme", of: TransitionTheme.self))
        let limit = try req.strictQuery.integer("limit", in: 1...500, default: 50)
        let offset = try req.strictQuery.integer("offset", in: 0...100_000, default: 0)
        let hits = snapshot.directory.search(query)
        return ActorListJSON(items: hits.dropFirst(offset).prefix(limit).map { ActorJSON($0.actor) }, total: hits.count, limit: limit, offset: offset)
    }

    func actor(req: Request) async throws -> ActorJSON {
        let actor = try CatalogueController.actor(req, in: try await req.catalogueService.snapshot().catalogue)
        return ActorJSON(actor, grants: try await req.programmingReports.subsidies(toBeneficiaryNamed: actor.name))
    }

    // MARK: Suggestions

    struct EvidenceJSON: Content {
        var indicator: String
        var label: String
        var period: String
        var value: Double
        var referenceValue: Double
        var territory: String?
        var source: String?
        var severity: Double
        var sentence: String
    }
    struct VulnerabilityJSON: Content {
        var type: String
        var label: String
        var severity: Double
        var intensity: String
        var evidence: [EvidenceJSON]
    }
    struct SuggestedExampleJSON: Content { var id: String; var title: String; var place: String }
    struct SuggestionJSON: Content {
        var keyAction: Int
        var axis: Int
        var title: String
        var reason: String
        var reasons: [String]
        var examples: [SuggestedExampleJSON]
    }
    struct AmbitionJSON: Content { var title: String; var themes: [String] }
    struct SubjectJSON: Content { var code: String?; var id: Int?; var kind: String; var name: String }
    struct SuggestionListJSON: Content {
        var subject: SubjectJSON
        var basis: String
        var vulnerabilities: [VulnerabilityJSON]
        var weakestCoveredAmbitions: [AmbitionJSON]
        var items: [SuggestionJSON]
        var total: Int
    }

    static func json(_ suggestions: CatalogueSuggestions, subject: SubjectJSON) -> SuggestionListJSON {
        func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
        let vulnerabilities = suggestions.diagnosis.vulnerabilities.map { diagnosed in
            VulnerabilityJSON(type: diagnosed.signal.vulnerability.rawValue, label: diagnosed.signal.label, severity: rounded(diagnosed.signal.severity),
                              intensity: diagnosed.signal.intensityLabel,
                              evidence: diagnosed.evidence.map {
                                  EvidenceJSON(indicator: $0.indicatorCode, label: $0.indicatorLabel, period: $0.period, value: $0.value, referenceValue: $0.referenceValue,
                                               territory: $0.territoryName, source: $0.source, severity: rounded($0.severity), sentence: $0.sentence)
                              })
        }
        let items = suggestions.suggestions.map { suggestion in
            SuggestionJSON(keyAction: suggestion.keyAction.number, axis: suggestion.keyAction.axis, title: suggestion.keyAction.title, reason: suggestion.reason,
                           reasons: suggestion.reasons,
                           examples: suggestion.examples.map { SuggestedExampleJSON(id: $0.id, title: $0.title, place: $0.place.label) })
        }
        return SuggestionListJSON(subject: subject, basis: suggestions.diagnosis.basis.rawValue, vulnerabilities: vulnerabilities,
                                  weakestCoveredAmbitions: suggestions.weakestCoveredAmbitions.map { AmbitionJSON(title: $0.title, themes: $0.themes.map(\.rawValue)) },
                                  items: items, total: items.count)
    }

    /// `GET /api/v1/territories/{code}/suggestions?kind=&limit=`.
    func territorySuggestions(req: Request) async throws -> SuggestionListJSON {
        let territory = try await req.territory(kindParameter: "kind")
        let limit = try req.strictQuery.integer("limit", in: 1...20, default: SuggestionService.limit)
        let service = req.suggestionService
        let suggestions = try await service.suggestions(for: try await service.diagnosis(of: territory), weakestCoveredAmbitions: [], limit: limit)
        return Self.json(suggestions, subject: SubjectJSON(code: territory.code, id: nil, kind: territory.kind.rawValue, name: territory.name))
    }

    /// `GET /api/v1/contracts/{id}/suggestions?limit=`.
    func contractSuggestions(req: Request) async throws -> SuggestionListJSON {
        let detail = try await req.contract()
        let limit = try req.strictQuery.integer("limit", in: 1...20, default: SuggestionService.limit)
        let suggestions = try await req.suggestionService.suggestions(for: detail, limit: limit)
        return Self.json(suggestions, subject: SubjectJSON(code: nil, id: detail.contract.id, kind: "contract", name: detail.contract.name))
    }

    // MARK: Export and import

    /// `GET /api/v1/catalogue?format=json|csv`: the whole catalogue, retired records included.
    func export(req: Request) async throws -> Response {
        let catalogue = try await req.catalogueService.snapshot().catalogue
        switch try req.strictQuery.text("format", maxLength: 10) {
        case nil, "json":
            let response = Response(status: .ok, body: .init(data: try catalogue.encodeJSON()))
            response.headers.contentType = .json
            response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"catalogue-passerelle.json\"")
            return response
        case "csv":
            let response = Response(status: .ok, body: .init(string: ExampleCSV.text(catalogue)))
            response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"exemples-passerelle.csv\"")
            return response
        case let other?:
            throw RequestError.invalidParameter(name: "format", reason: "json ou csv attendu, « \(other) » reçu")
        }
    }

    struct IssueJSON: Content {
        var record: String
        var position: Int?
        var id: String?
        var field: String?
        var message: String
    }
    struct ImportReportJSON: Content {
        var summary: String
        var rejected: Bool
        var examplesAdded: Int
        var examplesUpdated: Int
        var examplesUnchanged: Int
        var actorsAdded: Int
        var actorsUpdated: Int
        var keyActionsAdded: Int
        var axesAdded: Int
        var sourcesAdded: Int
        var issues: [IssueJSON]
    }

    /// `POST /api/v1/catalogue` with an exported catalogue as body: merged, all or nothing.
    func importCatalogue(req: Request) async throws -> Response {
        guard let buffer = req.body.data, buffer.readableBytes > 0 else {
            throw RequestError.invalidBody(reason: "le corps de la requête doit contenir le catalogue exporté (JSON)")
        }
        let outcome = try await req.catalogueService.importCatalogue(Data(buffer.readableBytesView), by: req.actor)
        let json = ImportReportJSON(summary: outcome.summary, rejected: outcome.rejected, examplesAdded: outcome.examplesAdded, examplesUpdated: outcome.examplesUpdated,
                                    examplesUnchanged: outcome.examplesUnchanged, actorsAdded: outcome.actorsAdded, actorsUpdated: outcome.actorsUpdated,
                                    keyActionsAdded: outcome.keyActionsAdded, axesAdded: outcome.axesAdded, sourcesAdded: outcome.sourcesAdded,
                                    issues: outcome.issues.map { IssueJSON(record: $0.record, position: $0.position, id: $0.recordID, field: $0.field, message: $0.message) })
        let response = try await json.encodeResponse(for: req)
        response.status = outcome.rejected ? .unprocessableEntity : (outcome.changedNothing ? .ok : .created)
        return response
    }
}
