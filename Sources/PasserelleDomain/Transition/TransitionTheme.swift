/// The themes of the ecological and social transition the seeds read QPV through
/// (health, mobility, food, air, water, climate, energy, waste…), plus the two social levers
/// the national palette tags its examples with.
public enum TransitionTheme: String, CaseIterable, Codable, Sendable, Comparable {
    case climate
    case energy
    case mobility
    case food
    case air
    case noise
    case water
    case waste
    case biodiversity
    case health
    case participation
    case economy

    public var label: String {
        switch self {
        case .climate: "Adaptation au climat (chaleur, inondation)"
        case .energy: "Énergie et précarité énergétique"
        case .mobility: "Mobilités"
        case .food: "Alimentation"
        case .air: "Qualité de l'air"
        case .noise: "Bruit"
        case .water: "Eau"
        case .waste: "Déchets et économie circulaire"
        case .biodiversity: "Nature en ville et biodiversité"
        case .health: "Santé-environnement"
        case .participation: "Pouvoir d'agir des habitants"
        case .economy: "Emploi et économie locale"
        }
    }

    public var shortLabel: String {
        switch self {
        case .climate: "Climat"
        case .energy: "Énergie"
        case .mobility: "Mobilités"
        case .food: "Alimentation"
        case .air: "Air"
        case .noise: "Bruit"
        case .water: "Eau"
        case .waste: "Déchets"
        case .biodiversity: "Nature en ville"
        case .health: "Santé"
        case .participation: "Participation"
        case .economy: "Économie locale"
        }
    }

    public static func < (lhs: TransitionTheme, rhs: TransitionTheme) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The theme a cell names, by its code, label, short label or a common French word for it
    /// ("chaleur", "Mobilités", "food"), whatever the accents and case; nil otherwise.
    public static func named(_ text: String) -> TransitionTheme? {
        names[SearchKey.fold(text)]
    }

    /// The themes a free text speaks of ("Améliorer la santé et développer les parcours santé" →
    /// health), found by the whole words and phrases of `named`, in theme order.
    public static func mentioned(in text: String) -> [TransitionTheme] {
        let words = SearchKey.fold(text).split(separator: " ").map(String.init)
        var found = Set<TransitionTheme>()
        for start in words.indices {
            var phrase = ""
            for end in start..<min(words.count, start + longestName) {
                phrase += (end == start ? "" : " ") + words[end]
                if let theme = names[phrase] { found.insert(theme) }
            }
        }
        return found.sorted()
    }

    private static let names: [String: TransitionTheme] = {
        var names: [String: TransitionTheme] = [:]
        for theme in TransitionTheme.allCases {
            for name in [theme.rawValue, theme.label, theme.shortLabel] { names[SearchKey.fold(name)] = theme }
        }
        let synonyms: [(String, TransitionTheme)] = [
            ("climat", .climate), ("climatique", .climate), ("adaptation", .climate), ("chaleur", .climate), ("canicule", .climate),
            ("changement climatique", .climate), ("inondation", .climate),
            ("energie", .energy), ("energetique", .energy), ("precarite energetique", .energy), ("renovation energetique", .energy),
            ("mobilite", .mobility), ("mobilites", .mobility), ("deplacements", .mobility), ("transport", .mobility), ("transports", .mobility), ("voiture", .mobility),
            ("alimentation", .food), ("alimentaire", .food),
            ("air", .air), ("qualite de l air", .air),
            ("bruit", .noise),
            ("eau", .water),
            ("dechets", .waste), ("dechet", .waste), ("economie circulaire", .waste), ("reemploi", .waste),
            ("biodiversite", .biodiversity), ("nature", .biodiversity), ("nature en ville", .biodiversity), ("cadre de vie", .biodiversity),
            ("sante", .health), ("sante environnement", .health),
            ("participation", .participation), ("pouvoir d agir", .participation), ("citoyennete", .participation), ("initiative citoyenne", .participation),
            ("economie", .economy), ("economique", .economy), ("economiques", .economy), ("emploi", .economy),
        ]
        for (name, theme) in synonyms { names[name] = theme }
        return names
    }()

    private static let longestName = names.keys.map { $0.split(separator: " ").count }.max() ?? 1
}

/// The kinds of vulnerability a QPV can show and an action can answer.
public enum VulnerabilityType: String, CaseIterable, Codable, Sendable {
    case heat, flood, drought, airPollution, noise, energyPoverty, poorHousing, foodInsecurity
    case carDependence, lackOfGreenSpace, healthInequality, socialIsolation, unemployment, lowIncome

    public var label: String {
        switch self {
        case .heat: "Exposition à la chaleur"
        case .flood: "Risque d'inondation"
        case .drought: "Sécheresse"
        case .airPollution: "Pollution de l'air"
        case .noise: "Exposition au bruit"
        case .energyPoverty: "Précarité énergétique"
        case .poorHousing: "Logement dégradé"
        case .foodInsecurity: "Précarité alimentaire"
        case .carDependence: "Dépendance à la voiture"
        case .lackOfGreenSpace: "Manque d'espaces verts"
        case .healthInequality: "Inégalités de santé"
        case .socialIsolation: "Isolement"
        case .unemployment: "Chômage"
        case .lowIncome: "Faibles revenus"
        }
    }

    /// The transition theme this vulnerability belongs to.
    public var theme: TransitionTheme {
        switch self {
        case .heat, .flood, .drought: .climate
        case .airPollution: .air
        case .noise: .noise
        case .energyPoverty, .poorHousing: .energy
        case .foodInsecurity: .food
        case .carDependence: .mobility
        case .lackOfGreenSpace: .biodiversity
        case .healthInequality: .health
        case .socialIsolation: .participation
        case .unemployment, .lowIncome: .economy
        }
    }
}
