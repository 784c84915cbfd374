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
