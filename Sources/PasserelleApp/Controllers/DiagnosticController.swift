import Foundation
import PasserelleDomain
import Vapor

/// Maps, vulnerability models, cool places, outline imports and the location tool.
struct DiagnosticController: Sendable {
    static let readVulnerability = Permission.contract([.contractTeam, .funder, .partnerReferent, .resourceCentre])
    static let editDiagnostic = Permission.contract([.contractTeam])
    static let maxGeoJSON: ByteCount = "200mb"

    private func service(_ req: Request) -> DiagnosticService { DiagnosticService(database: req.db, clock: req.application.clock) }

    /// Indicators with a value for at least one QPV of the contract.
    private func availableIndicators(_ req: Request, detail: ContractDetail) async throws -> [StoredIndicator] {
        let observatory = SQLObservatoryRepository(database: req.db)
        let ids = Set(try await observatory.indicatorIDs(territoryIDs: detail.qpv.map(\.id)))
        return try await observatory.indicators().filter { ids.contains($0.id) }
    }

    // MARK: Map

    func map(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let indicators = try await availableIndicators(req, detail: detail)
        let query = req.strictQuery
        let code = try query.text("indicateur", maxLength: 80) ?? indicators.first?.indicator.code
        let indicator = try code.map { code in
            guard let found = indicators.first(where: { $0.indicator.code == code }) else {
                throw RequestError.invalidParameter(name: "indicateur", reason: "« \(code) » n'a pas de valeur pour les quartiers de ce contrat")
            }
            return found
        }
        let classes = try query.text("classes", maxLength: 10) ?? "5"
        let thresholds = try query.text("seuils", maxLength: 200) ?? ""
        var model = DiagnosticPages.MapModel(detail: detail, indicators: indicators, indicator: indicator, period: nil, periods: [], map: nil,
                                             classes: classes, thresholds: thresholds, errors: [])
        guard let indicator else { return .html(DiagnosticPages.map(model, context: req.pageContext())) }
        let observatory = SQLObservatoryRepository(database: req.db)
        let communes = try await req.territories.children(of: detail.contract.epci.id).filter { $0.kind == .commune }
        let ids = detail.qpv.map(\.id) + communes.map(\.id)
        model.periods = try await observatory.periods(indicatorID: indicator.id, territoryIDs: ids)
        model.period = try query.text("periode", maxLength: 20) ?? model.periods.last
        let values = try await observatory.values(indicatorID: indicator.id, period: model.period ?? "", territoryIDs: ids)
        var choice = ClassChoice.quantiles(Int(classes) ?? 5)
        if classes == "seuils" {
            let parsed = thresholds.split(separator: ";").map { FrenchNumber.parseDecimal(String($0)) }
            guard !parsed.isEmpty, parsed.allSatisfy({ $0 != nil }) else {
                model.errors = [FieldError(field: "seuils", message: "Champ « seuils » : nombres séparés par des points-virgules attendus, « \(thresholds) » reçu.")]
                return .html(DiagnosticPages.map(model, context: req.pageContext()), status: .badRequest)
            }
            choice = .thresholds(parsed.compactMap { $0 })
        } else if !(2...7).contains(Int(classes) ?? 0) {
            throw RequestError.invalidParameter(name: "classes", reason: "un nombre de classes de 2 à 7, ou « seuils »")
        }
        let (map, problem) = try await service(req).contractMap(detail, values: values, unit: indicator.indicator.unit, classes: choice)
        model.map = map
        if let problem {
            model.errors = [FieldError(field: "seuils", message: "Champ « seuils » : " + problem.description + ".")]
            return .html(DiagnosticPages.map(model, context: req.pageContext()), status: .badRequest)
        }
        return .html(DiagnosticPages.map(model, context: req.pageContext()))
    }

    // MARK: Vulnerability

    func vulnerability(req: Request) async throws -> Response {
        .html(try await vulnerabilityPage(req: req, errors: [], notice: nil))
    }

    private func vulnerabilityPage(req: Request, errors: [FieldError], notice: String?, status: HTTPResponseStatus = .ok) async throws -> String {
        let detail = try await req.contract()
        let repository = SQLDiagnosticRepository(database: req.db)
        let models = try await repository.models(contractID: detail.contract.id)
        let name = try req.strictQuery.text("modele", maxLength: 80)
        let version = try req.strictQuery.text("version", maxLength: 6).flatMap(Int.init)
        let selected = models.first { ($0.name == name || name == nil) && ($0.version == version || version == nil) }
        var result: VulnerabilityResult?
        var map: ContractMap?
        if let selected {
            result = try await service(req).vulnerability(detail, definition: selected.definition, seed: selected.seed, sensitivity: true)
            var values: [Int: ObservationValue] = [:]
            for score in result!.index.scores {
                if let territory = result!.territories[score.territory], let overall = score.overall { values[territory.id] = .number(overall) }
            }
            map = try await service(req).contractMap(detail, values: values, unit: .index, classes: .quantiles(5)).0
        }
        let canEdit = AccessPolicy.decide(Self.editDiagnostic, principal: req.account?.principal, contractID: detail.contract.id) == .allowed
        return DiagnosticPages.vulnerability(.init(detail: detail, models: models, selected: selected, result: result, map: map,
                                                   indicators: try await availableIndicators(req, detail: detail), canEdit: canEdit, errors: errors, notice: notice),
                                             context: req.pageContext(withForm: canEdit))
    }

    func saveModel(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let fields = try req.content.decode([String: String].self)
        switch VulnerabilityService.definition(from: fields, indicators: try await availableIndicators(req, detail: detail)) {
        case .failure(let invalid):
            return .html(try await vulnerabilityPage(req: req, errors: invalid.errors, notice: nil), status: invalid.status)
        case .success(let (name, definition)):
            let seed = Int.random(in: 1...999_999)
            let actor = req.actor, clock = req.application.clock, contractID = detail.contract.id
            let version = try await req.db.transaction { db -> Int in
                let version = try await SQLDiagnosticRepository(database: db).saveModel(contractID: contractID, name: name, definition: definition, seed: seed,
                                                                                         createdAt: clock.now().isoString, createdBy: actor.label)
                try await AuditTrail(database: db, clock: clock).record("create", entity: "vulnerability-model", id: "\(name) v\(version)", contractID: contractID,
                                                                         by: actor, after: definition)
                return version
            }
            return req.redirect(to: SiteURL.contractVulnerability(.value(String(contractID))).path(query: ["modele": name, "version": String(version)]), redirectType: .normal)
        }
    }

    // MARK: Cool places

    func coolPlaces(req: Request) async throws -> Response {
        .html(try await coolPlacesPage(req: req, errors: [], notice: nil))
    }

    private func coolPlacesPage(req: Request, errors: [FieldError], notice: String?) async throws -> String {
        let detail = try await req.contract()
        let radius = Double(try req.strictQuery.integer("rayon", in: 50...5000, default: 300))
        let places = try await SQLDiagnosticRepository(database: req.db).coolPlaces(contractID: detail.contract.id)
        let coverage = try await service(req).coverage(detail, places: places, radius: radius, locators: req.application.outlineLocators)
        var map = try await service(req).contractMap(detail, values: [:], unit: nil, classes: .quantiles(5)).0
        map.markers += places.map { Maps.Marker(name: $0.name, point: $0.point, value: nil, valueText: $0.kind.label, isPlace: true) }
        let canEdit = AccessPolicy.decide(Self.editDiagnostic, principal: req.account?.principal, contractID: detail.contract.id) == .allowed
        return DiagnosticPages.coolPlaces(.init(detail: detail, places: places, coverage: coverage, radius: radius, map: map, canEdit: canEdit, errors: errors, notice: notice),
                                          context: req.pageContext(withForm: canEdit))
    }

    struct PlaceForm: Content { var nom: String?; var type: String?; var latitude: String?; var longitude: String?; var horaires: String?; var canicule: String?; var accessibilite: String?; var source: String? }

    static func place(from form: PlaceForm) -> Result<CoolPlace, FormInvalid> {
        var errors: [FieldError] = []
        let name = (form.nom ?? "").trimmingSpaces
        if name.isEmpty || name.count > 200 { errors.append(FieldError(field: "nom", message: "Champ « nom » : entre 1 et 200 caractères.")) }
        let latitude = FrenchNumber.parseDecimal(form.latitude ?? ""), longitude = FrenchNumber.parseDecimal(form.longitude ?? "")
        if latitude == nil || !(-90...90).contains(latitude!) { errors.append(FieldError(field: "latitude", message: "Champ « latitude » : nombre entre −90 et 90 attendu, « \(form.latitude ?? "") » reçu.")) }
        if longitude == nil || !(-180...180).contains(longitude!) { errors.append(FieldError(field: "longitude", message: "Champ « longitude » : nombre entre −180 et 180 attendu, « \(form.longitude ?? "") » reçu.")) }
        guard errors.isEmpty, let latitude, let longitude else { return .failure(FormInvalid(errors: errors)) }
        return .success(CoolPlace(name: name, kind: CoolPlace.Kind(rawValue: form.type ?? "") ?? .coolPlace, latitude: latitude, longitude: longitude,
                                  openingHours: form.horaires?.trimmingSpaces.nilIfEmpty, heatwaveHours: form.canicule?.trimmingSpaces.nilIfEmpty,
                                  accessibility: form.accessibilite?.trimmingSpaces.nilIfEmpty, source: form.source?.trimmingSpaces.nilIfEmpty))
    }

    func addCoolPlace(req: Request) async throws -> Response {
        let detail = try await req.contract()
        switch Self.place(from: try req.content.decode(PlaceForm.self)) {
        case .failure(let invalid):
            return .html(try await coolPlacesPage(req: req, errors: invalid.errors, notice: nil), status: invalid.status)
        case .success(let place):
            let actor = req.actor, clock = req.application.clock, contractID = detail.contract.id
            try await req.db.transaction { db in
                let id = try await SQLDiagnosticRepository(database: db).addCoolPlace(place, contractID: contractID, createdAt: clock.now().isoString)
                try await AuditTrail(database: db, clock: clock).record("create", entity: "cool-place", id: String(id), contractID: contractID, by: actor, after: place)
            }
            return .html(try await coolPlacesPage(req: req, errors: [], notice: "« \(place.name) » ajouté."), status: .created)
        }
    }

    func deleteCoolPlace(req: Request) async throws -> Response {
        let detail = try await req.contract()
        let id = try req.parameters.require("placeID", as: Int.self)
        let actor = req.actor, clock = req.application.clock, contractID = detail.contract.id
        let removed = try await req.db.transaction { db -> Bool in
            guard try await SQLDiagnosticRepository(database: db).deleteCoolPlace(id: id, contractID: contractID) else { return false }
            try await AuditTrail(database: db, clock: clock).record("delete", entity: "cool-place", id: String(id), contractID: contractID, by: actor,
                                                                     before: ["id": id], after: [String: Int]?.none)
            return true
        }
        guard removed else { throw RequestError.notFound(what: "Le lieu n° \(id)") }
        return .html(try await coolPlacesPage(req: req, errors: [], notice: "Lieu retiré."))
    }

    // MARK: Outlines and location

    func outlinesPage(req: Request) async throws -> Response {
        .html(DiagnosticPages.outlinesPage(outcome: nil, counts: try await outlineCounts(req), errors: [], context: req.pageContext(withForm: true)))
    }

    private func outlineCounts(_ req: Request) async throws -> [(TerritoryKind, Int)] {
        var counts: [(TerritoryKind, Int)] = []
        for kind in [TerritoryKind.qpv, .qpv2015, .commune, .iris, .epci] {
            let count = try await SQLDiagnosticRepository(database: req.db).outlineCount(kind: kind)
            if count > 0 { counts.append((kind, count)) }
        }
        return counts
    }

    struct OutlineForm: Content { var fichier: File?; var niveau: String?; var propriete: String?; var nom: String?; var creer: String?; var source: String? }

    func importOutlines(req: Request) async throws -> Response {
        let form = try req.content.decode(OutlineForm.self)
        var errors: [FieldError] = []
        let kind = TerritoryKind(rawValue: form.niveau ?? "")
        if kind == nil { errors.append(FieldError(field: "niveau", message: "Champ « niveau » : choisissez un niveau de la liste.")) }
        let property = (form.propriete ?? "").trimmingSpaces
        if property.isEmpty { errors.append(FieldError(field: "propriete", message: "Champ « propriété portant le code » : obligatoire.")) }
        guard let file = form.fichier, file.data.readableBytes > 0 else {
            errors.append(FieldError(field: "fichier", message: "Champ « fichier » : choisissez un fichier GeoJSON."))
            return .html(DiagnosticPages.outlinesPage(outcome: nil, counts: try await outlineCounts(req), errors: errors, context: req.pageContext(withForm: true)), status: .unprocessableEntity)
        }
        let lower = file.filename.lowercased()
        if !(lower.hasSuffix(".geojson") || lower.hasSuffix(".json")) {
            errors.append(FieldError(field: "fichier", message: "Champ « fichier » : « \(file.filename) » n'est pas un fichier GeoJSON (.geojson ou .json)."))
        }
        guard errors.isEmpty, let kind else {
            return .html(DiagnosticPages.outlinesPage(outcome: nil, counts: try await outlineCounts(req), errors: errors, context: req.pageContext(withForm: true)), status: .unprocessableEntity)
        }
        let outcome = try await service(req).importOutlines(Array(file.data.readableBytesView), .init(
            kind: kind, codeProperty: property, nameProperty: form.nom?.trimmingSpaces.nilIfEmpty, createMissing: form.creer == "oui",
            source: form.source?.trimmingSpaces.nilIfEmpty ?? file.filename, actor: req.actor,
            scope: try await ImportScope.of(req.account?.principal, database: req.db)))
        return .html(DiagnosticPages.outlinesPage(outcome: outcome, counts: try await outlineCounts(req), errors: [], context: req.pageContext(withForm: true)),
                     status: outcome.rejected ? .unprocessableEntity : .ok)
    }

    func locatePage(req: Request) async throws -> Response {
        .html(DiagnosticPages.locatePage(errors: [], levels: try await service(req).outlineLevels(locators: req.application.outlineLocators), context: req.pageContext(withForm: true)))
    }

    struct LocateForm: Content { var fichier: File?; var lat: String?; var lon: String? }

    func locateFile(req: Request) async throws -> Response {
        let form = try req.content.decode(LocateForm.self)
        let levels = try await service(req).outlineLevels(locators: req.application.outlineLocators)
        guard let file = form.fichier, file.data.readableBytes > 0 else {
            return .html(DiagnosticPages.locatePage(errors: [FieldError(field: "fichier", message: "Champ « fichier » : choisissez un fichier CSV.")], levels: levels,
                                                    context: req.pageContext(withForm: true)), status: .unprocessableEntity)
        }
        do {
            let bytes = Array(file.data.readableBytesView)
            try ObservatoryController.checkUpload(fileName: file.filename, bytes: bytes)
            let outcome = try await LocateCSV.run(bytes, latitude: form.lat ?? "latitude", longitude: form.lon ?? "longitude", service: service(req),
                                                  locators: req.application.outlineLocators)
            let response = Response(status: .ok, body: .init(string: outcome.csv))
            response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(CSVWriter.safeFileName("localise-" + file.filename))\"")
            response.headers.replaceOrAdd(name: "X-Passerelle-Resume", value: "\(outcome.total) lignes ; \(outcome.inQPV) en QPV ; \(outcome.invalid.count) sans coordonnées valides"
                .addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: " ;"))) ?? "")
            return response
        } catch let invalid as FormInvalid {
            return .html(DiagnosticPages.locatePage(errors: invalid.errors, levels: levels, context: req.pageContext(withForm: true)), status: invalid.status)
        }
    }
}
