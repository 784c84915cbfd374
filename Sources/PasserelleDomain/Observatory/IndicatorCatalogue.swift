/// The indicators Passerelle knows out of the box: the usual figures of a city-contract diagnostic
/// and those of the transition diagnostic. A contract team may add its own (see
/// `IndicatorFileOptions.createMissingIndicators`).
///
/// Sources name where such figures are usually published, not the origin of any particular value;
/// each loaded file keeps its own provenance.
///
/// Polarity choices worth knowing:
/// - shares of under-25s, of social housing, of car-free households are `neutral`: none is good or bad
///   in itself (car-free households signal a dependence on public transport, a vulnerability only when
///   that transport is poor, which `public_transport_access_share` measures);
/// - single-parent and benefit-recipient shares are `higherIsWorse`, as markers of fragility, the way
///   contract diagnostics read them;
/// - counts (population, job seekers) are `neutral` or `higherIsWorse` but are compared with their
///   reference by value only, since a neighbourhood is always smaller than its EPCI (see `GapWording`).
public enum IndicatorCatalogue {
    public static let standard: [Indicator] = demography + income + employment + education + family + housing + health + economy + transition

    /// The standard indicators by code.
    public static let byCode: [String: Indicator] = Dictionary(uniqueKeysWithValues: standard.map { ($0.code, $0) })

    public static func indicator(code: String) -> Indicator? { byCode[code] }

    static let census = "INSEE, recensement de la population"
    static let filosofi = "INSEE, Filosofi"
    static let cnaf = "CNAF"
    static let franceTravail = "France Travail"
    static let sirene = "INSEE, Sirene"
    static let urbanPlanning = "Cerema / agence d'urbanisme"
    static let air = "Atmo / Géod'Air"

    private static let demography: [Indicator] = [
        Indicator(code: "population", label: "Nombre d'habitants", unit: .count, theme: .demography, polarity: .neutral, source: census),
        Indicator(code: "under_25_share", label: "Part des habitants de moins de 25 ans", unit: .percent, theme: .youth, polarity: .neutral, source: census, comparisonNoun: "de jeunes de moins de 25 ans"),
    ]

    private static let income: [Indicator] = [
        Indicator(code: "median_disposable_income", label: "Revenu disponible médian par unité de consommation", unit: .euro, theme: .income, polarity: .higherIsBetter, source: filosofi, comparisonNoun: "de revenu"),
        Indicator(code: "median_declared_income", label: "Revenu déclaré médian par unité de consommation", unit: .euro, theme: .income, polarity: .higherIsBetter, source: filosofi, comparisonNoun: "de revenu déclaré"),
        Indicator(code: "poverty_rate", label: "Taux de pauvreté (seuil de 60 % du revenu médian)", unit: .percent, theme: .poverty, polarity: .higherIsWorse, source: filosofi, comparisonNoun: "de pauvreté"),
        Indicator(code: "rsa_recipients_share", label: "Part des allocataires percevant le RSA", unit: .percent, theme: .poverty, polarity: .higherIsWorse, source: cnaf, comparisonNoun: "d'allocataires du RSA"),
        Indicator(code: "aah_recipients_share", label: "Part des allocataires percevant l'allocation aux adultes handicapés (AAH)", unit: .percent, theme: .poverty, polarity: .higherIsWorse, source: cnaf, comparisonNoun: "d'allocataires de l'AAH"),
    ]

    private static let employment: [Indicator] = [
        Indicator(code: "employment_rate_15_64", label: "Taux d'emploi des 15-64 ans", unit: .percent, theme: .employment, polarity: .higherIsBetter, source: census, comparisonNoun: "d'emploi"),
        Indicator(code: "female_employment_rate", label: "Taux d'emploi des femmes de 15 à 64 ans", unit: .percent, theme: .employment, polarity: .higherIsBetter, source: census, comparisonNoun: "d'emploi féminin"),
        Indicator(code: "jobseekers_abc", label: "Demandeurs d'emploi en catégories A, B et C", unit: .count, theme: .employment, polarity: .higherIsWorse, source: franceTravail),
        Indicator(code: "jobseekers_qpv_share", label: "Part des demandeurs d'emploi de l'EPCI qui résident en QPV", unit: .percent, theme: .employment, polarity: .neutral, source: franceTravail),
        Indicator(code: "jobseekers_men_share", label: "Part des hommes parmi les demandeurs d'emploi", unit: .percent, theme: .employment, polarity: .neutral, source: franceTravail),
        Indicator(code: "jobseekers_under_26_share", label: "Part des moins de 26 ans parmi les demandeurs d'emploi", unit: .percent, theme: .employment, polarity: .neutral, source: franceTravail, comparisonNoun: "de jeunes demandeurs d'emploi"),
        Indicator(code: "jobseekers_rsa_share", label: "Part des bénéficiaires du RSA parmi les demandeurs d'emploi", unit: .percent, theme: .employment, polarity: .higherIsWorse, source: franceTravail, comparisonNoun: "de bénéficiaires du RSA"),
        Indicator(code: "jobseekers_duration_under_12_months", label: "Part des demandeurs d'emploi inscrits depuis moins d'un an", unit: .percent, theme: .employment, polarity: .neutral, source: franceTravail),
        Indicator(code: "jobseekers_duration_12_24_months", label: "Part des demandeurs d'emploi inscrits depuis un à deux ans", unit: .percent, theme: .employment, polarity: .higherIsWorse, source: franceTravail),
        Indicator(code: "jobseekers_duration_over_24_months", label: "Part des demandeurs d'emploi inscrits depuis plus de deux ans", unit: .percent, theme: .employment, polarity: .higherIsWorse, source: franceTravail, comparisonNoun: "de chômage de longue durée"),
        Indicator(code: "jobseekers_no_diploma_share", label: "Part des demandeurs d'emploi sans diplôme", unit: .percent, theme: .employment, polarity: .higherIsWorse, source: franceTravail, comparisonNoun: "de demandeurs d'emploi sans diplôme"),
        Indicator(code: "jobseekers_cap_bep_share", label: "Part des demandeurs d'emploi de niveau CAP-BEP", unit: .percent, theme: .employment, polarity: .neutral, source: franceTravail),
        Indicator(code: "jobseekers_bac_share", label: "Part des demandeurs d'emploi de niveau baccalauréat", unit: .percent, theme: .employment, polarity: .neutral, source: franceTravail),
        Indicator(code: "jobseekers_higher_education_share", label: "Part des demandeurs d'emploi diplômés du supérieur", unit: .percent, theme: .employment, polarity: .neutral, source: franceTravail),
    ]

    private static let education: [Indicator] = [
        Indicator(code: "neet_rate", label: "Part des 16-25 ans ni en emploi, ni en études, ni en formation (NEET)", unit: .percent, theme: .youth, polarity: .higherIsWorse, source: census, comparisonNoun: "de jeunes sans emploi ni formation"),
        Indicator(code: "no_diploma_rate", label: "Part des personnes non scolarisées sans diplôme", unit: .percent, theme: .education, polarity: .higherIsWorse, source: census, comparisonNoun: "de personnes sans diplôme"),
        Indicator(code: "grade6_delay_rate", label: "Part des élèves entrant en sixième avec au moins un an de retard", unit: .percent, theme: .education, polarity: .higherIsWorse, source: "Ministère de l'Éducation nationale (DEPP)", comparisonNoun: "de retard scolaire"),
    ]

    private static let family: [Indicator] = [
        Indicator(code: "single_parent_recipients_share", label: "Part des allocataires en famille monoparentale", unit: .percent, theme: .family, polarity: .higherIsWorse, source: cnaf, comparisonNoun: "de familles monoparentales"),
        Indicator(code: "single_parent_households_share", label: "Part des ménages monoparentaux", unit: .percent, theme: .family, polarity: .higherIsWorse, source: census, comparisonNoun: "de familles monoparentales"),
    ]

    private static let housing: [Indicator] = [
        Indicator(code: "social_housing_share", label: "Part des logements sociaux", unit: .percent, theme: .housing, polarity: .neutral, source: "SDES, répertoire des logements locatifs sociaux (RPLS)", comparisonNoun: "de logements sociaux"),
        Indicator(code: "social_housing_units_in_qpv", label: "Logements sociaux situés en QPV", unit: .count, theme: .housing, polarity: .neutral, source: "SDES, répertoire des logements locatifs sociaux (RPLS)"),
        Indicator(code: "social_housing_pre1949_share", label: "Part des logements sociaux construits avant 1949", unit: .percent, theme: .housing, polarity: .higherIsWorse, source: "SDES, répertoire des logements locatifs sociaux (RPLS)", comparisonNoun: "de logements sociaux anciens"),
        Indicator(code: "vacancy_rate", label: "Taux de logements vacants", unit: .percent, theme: .housing, polarity: .higherIsWorse, source: census, comparisonNoun: "de logements vacants"),
        Indicator(code: "rent_free_housing_share", label: "Part des personnes logées gratuitement", unit: .percent, theme: .housing, polarity: .higherIsWorse, source: census, comparisonNoun: "de personnes logées gratuitement"),
    ]

    private static let health: [Indicator] = [
        Indicator(code: "no_complementary_health_share", label: "Part des assurés sans complémentaire santé", unit: .percent, theme: .healthAccess, polarity: .higherIsWorse, source: "CPAM / Assurance maladie", comparisonNoun: "d'assurés sans complémentaire santé"),
        Indicator(code: "acs_recipients_share", label: "Part des assurés bénéficiant de l'aide à la complémentaire santé (ACS)", unit: .percent, theme: .healthAccess, polarity: .higherIsWorse, source: "CPAM / Assurance maladie", comparisonNoun: "de recours à l'ACS"),
        Indicator(code: "cmuc_recipients_share", label: "Part des assurés bénéficiant de la CMU complémentaire (CMUC)", unit: .percent, theme: .healthAccess, polarity: .higherIsWorse, source: "CPAM / Assurance maladie", comparisonNoun: "de recours à la CMUC"),
        Indicator(code: "no_referring_doctor_share", label: "Part des plus de 16 ans sans médecin traitant", unit: .percent, theme: .healthAccess, polarity: .higherIsWorse, source: "CPAM / Assurance maladie", comparisonNoun: "de personnes sans médecin traitant"),
    ]

    private static let economy: [Indicator] = [
        Indicator(code: "establishments_growth", label: "Évolution du nombre d'établissements", unit: .percent, theme: .economicActivity, polarity: .higherIsBetter, source: sirene),
        Indicator(code: "establishments_trade_transport_share", label: "Part des établissements du commerce, des transports, de l'hébergement et de la restauration", unit: .percent, theme: .economicActivity, polarity: .neutral, source: sirene),
        Indicator(code: "establishment_creations_growth", label: "Évolution des créations annuelles d'établissements", unit: .percent, theme: .economicActivity, polarity: .higherIsBetter, source: sirene),
        Indicator(code: "establishment_creations", label: "Créations d'établissements", unit: .count, theme: .economicActivity, polarity: .higherIsBetter, source: sirene),
        Indicator(code: "micro_enterprise_creation_share", label: "Part des créations sous le régime de la micro-entreprise", unit: .percent, theme: .economicActivity, polarity: .neutral, source: sirene),
        Indicator(code: "creation_rate_per_inhabitant", label: "Créations d'entreprises rapportées à la population", unit: .percent, theme: .economicActivity, polarity: .higherIsBetter, source: sirene, comparisonNoun: "de créations d'entreprises"),
    ]

    private static let transition: [Indicator] = [
        Indicator(code: "heat_exposure_share", label: "Part de la population vivant dans un îlot de chaleur marqué", unit: .percent, theme: .transition(.climate), polarity: .higherIsWorse, source: urbanPlanning, comparisonNoun: "d'habitants exposés à la chaleur"),
        Indicator(code: "summer_surface_temperature", label: "Température de surface moyenne en été", unit: .degreesCelsius, theme: .transition(.climate), polarity: .higherIsWorse, source: urbanPlanning),
        Indicator(code: "flood_risk_population_share", label: "Part de la population en zone inondable", unit: .percent, theme: .transition(.climate), polarity: .higherIsWorse, source: "Géorisques / Cerema", comparisonNoun: "d'habitants exposés aux inondations"),
        Indicator(code: "no2_annual_mean", label: "Concentration moyenne annuelle en dioxyde d'azote (NO₂)", unit: .microgramsPerCubicMetre, theme: .transition(.air), polarity: .higherIsWorse, source: air, comparisonNoun: "de dioxyde d'azote"),
        Indicator(code: "pm25_annual_mean", label: "Concentration moyenne annuelle en particules fines (PM2,5)", unit: .microgramsPerCubicMetre, theme: .transition(.air), polarity: .higherIsWorse, source: air, comparisonNoun: "de particules fines"),
        Indicator(code: "noise_exposure_share", label: "Part de la population exposée à plus de 55 dB(A) Lden", unit: .percent, theme: .transition(.noise), polarity: .higherIsWorse, source: "Cartes de bruit stratégiques (Cerema / agence d'urbanisme)", comparisonNoun: "d'habitants exposés au bruit"),
        Indicator(code: "energy_poor_households_share", label: "Part des ménages en précarité énergétique liée au logement", unit: .percent, theme: .transition(.energy), polarity: .higherIsWorse, source: "ADEME / ONPE", comparisonNoun: "de précarité énergétique"),
        Indicator(code: "dpe_efg_share", label: "Part des logements classés E, F ou G au diagnostic de performance énergétique", unit: .percent, theme: .transition(.energy), polarity: .higherIsWorse, source: "Observatoire DPE (ADEME)", comparisonNoun: "de logements énergivores"),
        Indicator(code: "green_space_access_share", label: "Part de la population à moins de 300 m d'un espace vert", unit: .percent, theme: .transition(.biodiversity), polarity: .higherIsBetter, source: urbanPlanning, comparisonNoun: "d'habitants proches d'un espace vert"),
        Indicator(code: "tree_canopy_share", label: "Part de la surface couverte par la canopée des arbres", unit: .percent, theme: .transition(.biodiversity), polarity: .higherIsBetter, source: urbanPlanning, comparisonNoun: "de couvert arboré"),
        Indicator(code: "car_free_households_share", label: "Part des ménages sans voiture", unit: .percent, theme: .transition(.mobility), polarity: .neutral, source: census, comparisonNoun: "de ménages sans voiture"),
        Indicator(code: "public_transport_access_share", label: "Part de la population à moins de 500 m d'un arrêt de transport en commun fréquent", unit: .percent, theme: .transition(.mobility), polarity: .higherIsBetter, source: urbanPlanning, comparisonNoun: "d'habitants desservis par les transports en commun"),
    ]
}
