import PasserelleDomain

/// Maps, the vulnerability index and the cool places of a contract.
enum DiagnosticPages {
    struct MapModel {
        var detail: ContractDetail
        var indicators: [StoredIndicator]
        var indicator: StoredIndicator?
        var period: String?
        var periods: [String]
        var map: ContractMap?
        var classes: String
        var thresholds: String
        var errors: [FieldError]
    }

    static func map(_ model: MapModel, context: PageContext) -> String {
        let contract = model.detail.contract
        let unit = model.indicator?.indicator.unit
        return Layout.page(title: "Carte — \(contract.shortName)", section: .contracts, context: context,
            .p(.class("kicker"), "Carte des quartiers"),
            .h1(.text(contract.name)),
            ContractTools.nav(contract, current: .map, context: context),
            Forms.errorSummary(model.errors),
            .form(.method("get"), .action(SiteURL.contractMap(.value(String(contract.id))).path), .class("search-form"),
                Forms.select("indicateur", label: "Indicateur", options: model.indicators.map { (value: $0.indicator.code, label: $0.indicator.label) },
                             selected: model.indicator?.indicator.code),
                Forms.select("periode", label: "Période", options: [(value: "", label: "La plus récente")] + model.periods.map { (value: $0, label: $0) }, selected: model.period),
                Forms.select("classes", label: "Classes", options: (2...7).map { (value: String($0), label: "\($0) classes de même effectif (quantiles)") } + [(value: "seuils", label: "Seuils choisis")],
                             selected: model.classes),
                Forms.field("seuils", label: "Seuils choisis", value: model.thresholds, required: false, hint: "Valeurs croissantes séparées par des points-virgules, par exemple 20 ; 40 ; 60.", errors: model.errors),
                .button(.type("submit"), "Afficher")
            ),
            .unwrap(model.map) { map in
                let title = "\(model.indicator?.indicator.label ?? "Indicateur")\(model.period.map { ", \($0)" } ?? "") — \(contract.shortName)"
                let described = map.rows.map { "\($0.territory.name) : \(PortraitPages.display($0.value, unit: unit ?? .index))" }.joined(separator: " ; ")
                return .group([
                    .figure(Maps.choropleth(id: "carte", title: title, description: described, areas: map.areas, markers: map.markers, breaks: map.breaks, unit: unit),
                            .figcaption(.text(map.qpvAsPoints
                                ? "Les contours des QPV ne sont pas encore importés : chaque quartier est figuré par un point au centre de ses communes (position approximative), sur le fond des communes de l'intercommunalité."
                                : "Contours des QPV et des communes de l'intercommunalité."))),
                    .table(.class("data"),
                        .caption(.text("Valeurs de la carte")),
                        .thead(.tr(.th(.scope("col"), "Quartier"), .th(.scope("col"), "Code"), .th(.scope("col"), .class("num"), "Valeur"), .th(.scope("col"), "Classe"))),
                        .tbody(.forEach(map.rows) { row in
                            .tr(.th(.scope("row"), .text(row.territory.name)), .td(.code(.text(row.territory.code))),
                                .td(.class("num"), .text(PortraitPages.display(row.value, unit: unit ?? .index))),
                                .td(.text(map.breaks?.classIndex(of: row.value.number).map { "classe \($0 + 1) sur \(map.breaks!.classCount)" } ?? "—")))
                        }))
                ])
            }
        )
    }


    // MARK: Vulnerability

    struct VulnerabilityModelPage {
        var detail: ContractDetail
        var models: [StoredVulnerabilityModel]
        var selected: StoredVulnerabilityModel?
        var result: VulnerabilityResult?
        var map: ContractMap?
        var indicators: [StoredIndicator]
        var canEdit: Bool
        var errors: [FieldError]
        var notice: String?
    }

    static func vulnerability(_ page: VulnerabilityModelPage, context: PageContext) -> String {
        let contract = page.detail.contract
        return Layout.page(title: "Vulnérabilités — \(contract.shortName)", section: .contracts, context: context,
            .p(.class("kicker"), "Indice composite de vulnérabilité sociale et climatique"),
            .h1(.text(contract.name)),
            ContractTools.nav(contract, current: .vulnerability, context: context),
            .unwrap(page.notice) { .p(.class("notice"), .role("status"), .text($0)) },
            .p("L'indice croise, pour chaque quartier, des indicateurs sociaux et d'exposition (chaleur, inondation, air, bruit, logement énergivore, éloignement des espaces verts…). Chaque indicateur est ramené à une même échelle, pondéré dans son thème, puis les thèmes sont pondérés entre eux. L'analyse de sensibilité fait varier les poids au hasard (tirage reproductible) pour montrer quels rangs tiennent et lesquels dépendent des poids choisis."),
            .if(!page.models.isEmpty, .section(.h2("Modèles enregistrés"), .ul(.forEach(page.models) { model in
                .li(.a(href: SiteURL.contractVulnerability(.value(String(contract.id))).path(query: ["modele": model.name, "version": String(model.version)]),
                       .text("\(model.name) — version \(model.version)")), " ", .small(.text("(\(model.createdBy), \(model.createdAt.prefix(10)))")))
            }))),
            .unwrap(page.result) { result in results(result, model: page.selected!, contract: contract, map: page.map) },
            .if(page.canEdit, modelForm(page, context: context))
        )
    }

    static func results(_ result: VulnerabilityResult, model: StoredVulnerabilityModel, contract: Contract, map: ContractMap?) -> HTMLNode {
        let sensitivity = Dictionary((result.sensitivity?.territories ?? []).map { ($0.territory, $0) }, uniquingKeysWith: { a, _ in a })
        let export = SiteURL.api(.contractVulnerability(.value(String(contract.id)))).path(query: ["model": model.name, "version": String(model.version)])
        let themes = model.definition.model.themes
        return .section(
            .h2(.text("Résultats : \(model.name), version \(model.version)")),
            .p(.text("Normalisation : \(model.definition.model.normalisation.label) ; données manquantes : \(model.definition.model.missingValues.label) ; "
                     + "\(model.definition.samples) tirages, poids variant de ±\(Int(model.definition.delta * 100)) %, graine \(model.seed).")),
            .p("Exporter : ", .a(href: export + "&format=csv", "CSV"), " · ", .a(href: export, "JSON")),
            .unwrap(map) { map in
                Maps.choropleth(id: "carte-indice", title: "Indice de vulnérabilité, \(contract.shortName)",
                                description: result.index.ranking.map { "\(result.territories[$0.territory]?.name ?? $0.territory) : rang \($0.rank.map(String.init) ?? "—")" }.joined(separator: " ; "),
                                areas: map.areas, markers: map.markers, breaks: map.breaks, unit: .index)
            },
            .table(.class("data"),
                .caption("Classement des quartiers (1 = le plus vulnérable)"),
                .thead(.tr(.th(.scope("col"), .class("num"), "Rang"), .th(.scope("col"), "Quartier"), .th(.scope("col"), .class("num"), "Indice /100"),
                           .forEach(themes) { .th(.scope("col"), .class("num"), .text($0.kind.label)) },
                           .th(.scope("col"), "Rang selon les poids (5 % – 95 %)"), .th(.scope("col"), "Principaux facteurs"), .th(.scope("col"), "Données"))),
                .tbody(.forEach(result.index.ranking + result.index.scores.filter { $0.rank == nil }) { score in
                    let name = result.territories[score.territory]?.name ?? score.territory
                    let spread = sensitivity[score.territory]
                    return .tr(
                        .td(.class("num"), .text(score.rank.map(String.init) ?? "—")),
                        .th(.scope("row"), .text(name)),
                        .td(.class("num"), .text(score.overall.map { FrenchFormat.decimal($0, digits: 1) } ?? "—")),
                        .forEach(themes) { theme in
                            .td(.class("num"), .text(score.themes.first { $0.kind == theme.kind }?.score.map { FrenchFormat.decimal($0, digits: 1) } ?? "—"))
                        },
                        .td(.text(spread.map { $0.lowRank == $0.highRank ? "\($0.lowRank) (stable)" : "\($0.lowRank) à \($0.highRank) (extrêmes \($0.minRank)–\($0.maxRank))" } ?? "—")),
                        .td(.text(score.topContributions.map(\.sentence).joined(separator: " ; "))),
                        .td(.text(score.status.label + (score.missingIndicators.isEmpty ? "" : " — manquent : " + score.missingIndicators.joined(separator: ", "))))
                    )
                })
            ),
            .p(.class("source"), .small(.text("Périodes utilisées : " + result.periods.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ".")))
        )
    }

    static func modelForm(_ page: VulnerabilityModelPage, context: PageContext) -> HTMLNode {
        let model = page.selected?.definition.model
        let weights = Dictionary((model?.indicators ?? []).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let themeKinds = Array(Set(page.indicators.map { VulnerabilityService.themeKind(of: $0.indicator) })).sorted { $0.label < $1.label }
        let themeWeights = Dictionary((model?.themes ?? []).map { ($0.kind, $0.weight) }, uniquingKeysWith: { a, _ in a })
        return .section(
            .h2(.id("modele"), "Définir un modèle (ou une nouvelle version)"),
            Forms.errorSummary(page.errors),
            Forms.post(SiteURL.contractVulnerability(.value(String(page.detail.contract.id))).path, context: context,
                Forms.field("nom", label: "Nom du modèle", value: page.selected?.name ?? "Vulnérabilité sociale et climatique", errors: page.errors),
                Forms.select("normalisation", label: "Mise à l'échelle", options: Normalisation.allCases.map { (value: $0.rawValue, label: $0.label) },
                             selected: (model?.normalisation ?? .minMax).rawValue),
                Forms.select("manquantes", label: "Données manquantes", options: MissingValuePolicy.allCases.map { (value: $0.rawValue, label: $0.label) },
                             selected: (model?.missingValues ?? .flag).rawValue),
                Forms.field("tirages", label: "Nombre de tirages de l'analyse de sensibilité", value: String(page.selected?.definition.samples ?? 2000), type: "number", errors: page.errors),
                Forms.field("variation", label: "Variation des poids (en %)", value: String(Int((page.selected?.definition.delta ?? 0.25) * 100)), type: "number", errors: page.errors),
                .fieldset(.legend("Poids des thèmes"),
                    .forEach(themeKinds) { kind in
                        Forms.field("theme_" + VulnerabilityService.themeKey(kind), label: kind.label, value: JSONNumberOrSecret.plain(themeWeights[kind] ?? 1),
                                    required: false, errors: page.errors)
                    }),
                .table(.class("data"),
                    .caption("Indicateurs disponibles pour les quartiers du contrat (poids 0 : non retenu)"),
                    .thead(.tr(.th(.scope("col"), "Indicateur"), .th(.scope("col"), "Thème"), .th(.scope("col"), "Poids"), .th(.scope("col"), "Sens"))),
                    .tbody(.forEach(page.indicators) { stored in
                        let code = stored.indicator.code
                        let current = weights[code]
                        return .tr(.th(.scope("row"), .label(.for("poids_" + code), .text(stored.indicator.label))),
                                   .td(.text(VulnerabilityService.themeKind(of: stored.indicator).label)),
                                   .td(.input(.type("number"), .id("poids_" + code), .name("poids_" + code), .attr("min", "0"), .attr("step", "0.5"),
                                              .value(current.map { JSONNumberOrSecret.plain($0.weight) } ?? "0"))),
                                   .td(.select(.name("sens_" + code), .ariaLabel("Sens de \(stored.indicator.label)"),
                                               .option(.value("higherIsWorse"), .selected((current?.polarity ?? VulnerabilityService.polarity(of: stored.indicator)) == .higherIsWorse), "plus haut = plus vulnérable"),
                                               .option(.value("higherIsBetter"), .selected((current?.polarity ?? VulnerabilityService.polarity(of: stored.indicator)) == .higherIsBetter), "plus haut = moins vulnérable"))))
                    })),
                .button(.type("submit"), "Enregistrer et calculer")
            )
        )
    }

    // MARK: Cool places

    struct CoolPlacesModel {
        var detail: ContractDetail
        var places: [CoolPlace]
        var coverage: [QPVCoverage]
        var radius: Double
        var map: ContractMap?
        var canEdit: Bool
        var errors: [FieldError]
        var notice: String?
    }

    static func coolPlaces(_ model: CoolPlacesModel, context: PageContext) -> String {
        let contract = model.detail.contract
        let id = String(contract.id)
        let hasAreas = model.coverage.contains { $0.byArea != nil }
        return Layout.page(title: "Lieux frais — \(contract.shortName)", section: .contracts, context: context,
            .p(.class("kicker"), "Lieux frais et refuges en période de canicule"),
            .h1(.text(contract.name)),
            ContractTools.nav(contract, current: .coolPlaces, context: context),
            .unwrap(model.notice) { .p(.class("notice"), .role("status"), .text($0)) },
            .form(.method("get"), .action(SiteURL.contractCoolPlaces(.value(id)).path),
                Forms.field("rayon", label: "Distance à pied jugée acceptable (mètres)", value: String(Int(model.radius)), type: "number", errors: model.errors),
                .button(.type("submit"), "Recalculer")),
            .h2(.text("Couverture des quartiers à \(Int(model.radius)) m")),
            .if(!hasAreas, .p(.class("notice"), "Les contours des QPV ne sont pas encore importés : la part de chaque quartier éloignée des lieux frais se calcule dès qu'ils le sont (observatoire, import des contours).")),
            .table(.class("data"),
                .caption(.text("Part de chaque quartier à plus de \(Int(model.radius)) m du lieu frais le plus proche")),
                .thead(.tr(.th(.scope("col"), "Quartier"), .th(.scope("col"), .class("num"), "Part de la surface"), .th(.scope("col"), .class("num"), "Part des adresses fournies"))),
                .tbody(.forEach(model.coverage) { item in
                    .tr(.th(.scope("row"), .text(item.territory.name)),
                        .td(.class("num"), .text(item.byArea?.share.map { FrenchFormat.decimal($0 * 100, digits: 0) + " %" } ?? "—")),
                        .td(.class("num"), .text(item.byPoints.map { share in share.share.map { FrenchFormat.decimal($0 * 100, digits: 0) + " % de \(share.considered)" } ?? "—" } ?? "—")))
                })),
            .unwrap(model.map) { map in
                Maps.choropleth(id: "carte-lieux", title: "Lieux frais, \(contract.shortName)", description: model.places.map(\.name).joined(separator: " ; "),
                                areas: map.areas, markers: map.markers, breaks: nil, unit: nil)
            },
            .h2(.text("Registre (\(model.places.count))")),
            .if(model.places.isEmpty, .p("Aucun lieu frais enregistré."), else: .table(.class("data"),
                .caption("Lieux frais et refuges"),
                .thead(.tr(.th(.scope("col"), "Nom"), .th(.scope("col"), "Type"), .th(.scope("col"), "Horaires"), .th(.scope("col"), "En canicule"),
                           .th(.scope("col"), "Accessibilité"), .th(.scope("col"), "Position"), .if(model.canEdit, .th(.scope("col"), "Action")))),
                .tbody(.forEach(model.places) { place in
                    .tr(.th(.scope("row"), .text(place.name)), .td(.text(place.kind.label)), .td(.text(place.openingHours ?? "—")),
                        .td(.text(place.heatwaveHours ?? "—")), .td(.text(place.accessibility ?? "—")),
                        .td(.text(FrenchFormat.decimal(place.latitude, digits: 5) + ", " + FrenchFormat.decimal(place.longitude, digits: 5))),
                        .if(model.canEdit, .td(Forms.post(SiteURL.contractCoolPlaceDelete(.value(id), .value(place.id ?? 0)).path, context: context,
                                                          .button(.type("submit"), .class("secondary"), .ariaLabel("Retirer \(place.name)"), "Retirer")))))
                }))),
            .if(model.canEdit, .section(
                .h2("Ajouter un lieu"),
                Forms.errorSummary(model.errors),
                Forms.post(SiteURL.contractCoolPlaces(.value(id)).path, context: context,
                    Forms.field("nom", label: "Nom", errors: model.errors),
                    Forms.select("type", label: "Type", options: CoolPlace.Kind.allCases.map { (value: $0.rawValue, label: $0.label) }, selected: nil),
                    Forms.field("latitude", label: "Latitude (WGS84)", hint: "Par exemple 50,4321.", errors: model.errors),
                    Forms.field("longitude", label: "Longitude (WGS84)", hint: "Par exemple 2,8312.", errors: model.errors),
                    Forms.field("horaires", label: "Horaires d'ouverture", required: false, errors: model.errors),
                    Forms.field("canicule", label: "Horaires étendus en canicule", required: false, errors: model.errors),
                    Forms.field("accessibilite", label: "Accessibilité", required: false, hint: "Par exemple : accès de plain-pied, toilettes adaptées.", errors: model.errors),
                    Forms.field("source", label: "Source", required: false, errors: model.errors),
                    .button(.type("submit"), "Ajouter"))
            ))
        )
    }

    // MARK: Outlines and location tools

    static func outlinesPage(outcome: OutlineImportOutcome?, counts: [(TerritoryKind, Int)], errors: [FieldError], context: PageContext) -> String {
        Layout.page(title: "Contours", section: .none, context: context,
            .h1("Importer des contours (GeoJSON)"),
            .p("Fichier GeoJSON en WGS84 (FeatureCollection de Polygon ou MultiPolygon, trous compris), par exemple les contours officiels des QPV 2024 publiés sur data.gouv.fr, les IRIS ou les communes. Chaque objet est rattaché au territoire dont le code figure dans la propriété indiquée ; au moindre problème, rien n'est importé."),
            .ul(.forEach(counts) { kind, count in .li(.text("\(kind.pluralLabel) : \(FrenchFormat.integer(count)) contours")) }),
            .unwrap(outcome) { outcome in
                .section(.class(outcome.rejected ? "report report-rejected" : "report"), .role(outcome.rejected ? "alert" : "status"),
                    .h2(.text(outcome.summary)),
                    .if(!outcome.problems.isEmpty, .ul(.forEach(outcome.problems.prefix(200)) { .li(.text($0)) })))
            },
            Forms.errorSummary(errors),
            .form(.method("post"), .action(SiteURL.outlinesImport.path), .attr("enctype", "multipart/form-data"), .attr("novalidate", ""),
                context.csrfField,
                .div(.class("field"), .label(.for("fichier"), "Fichier GeoJSON"),
                     .input(.type("file"), .id("fichier"), .name("fichier"), .attr("accept", ".geojson,.json,application/geo+json"), .required())),
                Forms.select("niveau", label: "Niveau des territoires", options: [TerritoryKind.qpv, .qpv2015, .commune, .iris, .epci, .department, .region, .livedArea, .vulnerableArea]
                    .map { (value: $0.rawValue, label: $0.label) }, selected: TerritoryKind.qpv.rawValue),
                Forms.field("propriete", label: "Propriété portant le code", value: "code_qp", hint: "Par exemple code_qp, insee_com, code_iris.", errors: errors),
                Forms.field("nom", label: "Propriété portant le nom (pour créer les territoires absents)", required: false, errors: errors),
                .div(.class("choice"), .input(.type("checkbox"), .id("creer"), .name("creer"), .value("oui")), .label(.for("creer"), "Créer les territoires absents (anciens QPV 2015…)")),
                Forms.field("source", label: "Source", required: false, errors: errors),
                .button(.type("submit"), "Importer"))
        )
    }

    static func locatePage(errors: [FieldError], levels: (qpv: Bool, commune: Bool, epci: Bool), context: PageContext) -> String {
        Layout.page(title: "Localiser des adresses", section: .none, context: context,
            .h1("Ces adresses sont-elles en quartier prioritaire ?"),
            .p("Déposez un fichier CSV portant une latitude et une longitude (WGS84, point ou virgule décimale) : il revient complété des colonnes qpv_code, qpv_name, et commune_code, epci_code quand les contours des communes sont chargés. Les lignes sans coordonnées valides sont signalées, jamais devinées. Rien n'est conservé."),
            .p(.text("Contours disponibles : QPV \(levels.qpv ? "oui" : "non (importez-les d'abord)"), communes \(levels.commune ? "oui" : "non").")),
            Forms.errorSummary(errors),
            .form(.method("post"), .action(SiteURL.locateTool.path), .attr("enctype", "multipart/form-data"), .attr("novalidate", ""),
                context.csrfField,
                .div(.class("field"), .label(.for("fichier"), "Fichier CSV"), .input(.type("file"), .id("fichier"), .name("fichier"), .attr("accept", ".csv,.txt"), .required())),
                Forms.field("lat", label: "Colonne de la latitude", value: "latitude", errors: errors),
                Forms.field("lon", label: "Colonne de la longitude", value: "longitude", errors: errors),
                .button(.type("submit"), "Localiser et télécharger"))
        )
    }
}
