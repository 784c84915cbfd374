import Foundation
import Testing
@testable import PasserelleDomain

@Suite struct IndicatorCatalogueTests {
    /// Codes used by the demo diagnostic (`Resources/demo/call-diagnostic.json`) and by the brief.
    static let requiredCodes = [
        "population", "median_disposable_income", "median_declared_income", "poverty_rate", "rsa_recipients_share",
        "under_25_share", "single_parent_recipients_share", "single_parent_households_share", "neet_rate",
        "no_diploma_rate", "grade6_delay_rate", "employment_rate_15_64", "female_employment_rate", "jobseekers_abc",
        "social_housing_share", "vacancy_rate", "no_complementary_health_share", "cmuc_recipients_share",
        "aah_recipients_share", "heat_exposure_share", "summer_surface_temperature", "flood_risk_population_share",
        "no2_annual_mean", "pm25_annual_mean", "noise_exposure_share", "energy_poor_households_share", "dpe_efg_share",
        "green_space_access_share", "tree_canopy_share", "car_free_households_share", "public_transport_access_share",
        // the other codes of the demo diagnostic
        "jobseekers_qpv_share", "jobseekers_men_share", "jobseekers_under_26_share", "jobseekers_rsa_share",
        "jobseekers_duration_under_12_months", "jobseekers_duration_12_24_months", "jobseekers_duration_over_24_months",
        "jobseekers_no_diploma_share", "jobseekers_cap_bep_share", "jobseekers_bac_share", "jobseekers_higher_education_share",
        "establishments_growth", "establishments_trade_transport_share", "establishment_creations_growth",
        "establishment_creations", "micro_enterprise_creation_share", "creation_rate_per_inhabitant",
        "social_housing_units_in_qpv", "social_housing_pre1949_share", "rent_free_housing_share",
        "acs_recipients_share", "no_referring_doctor_share",
    ]

    @Test func containsEveryRequiredCode() {
        let codes = Set(IndicatorCatalogue.standard.map(\.code))
        #expect(Self.requiredCodes.filter { !codes.contains($0) } == [])
    }

    @Test func codesAreUniqueAndValid() {
        let codes = IndicatorCatalogue.standard.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(codes.filter { !Indicator.isValidCode($0) } == [])
        #expect(IndicatorCatalogue.standard.filter { $0.label.isEmpty || $0.source.isEmpty } == [])
    }

    @Test func polaritiesAndUnitsOfKeyIndicators() throws {
        let income = try #require(IndicatorCatalogue.indicator(code: "median_disposable_income"))
        #expect(income.unit == .euro && income.polarity == .higherIsBetter && income.theme == .income && income.comparisonNoun == "de revenu")
        let poverty = try #require(IndicatorCatalogue.indicator(code: "poverty_rate"))
        #expect(poverty.unit == .percent && poverty.polarity == .higherIsWorse && poverty.source == "INSEE, Filosofi")
        let green = try #require(IndicatorCatalogue.indicator(code: "green_space_access_share"))
        #expect(green.polarity == .higherIsBetter && green.theme == .transition(.biodiversity))
        let carFree = try #require(IndicatorCatalogue.indicator(code: "car_free_households_share"))
        #expect(carFree.polarity == .neutral && carFree.theme == .transition(.mobility))
        let temperature = try #require(IndicatorCatalogue.indicator(code: "summer_surface_temperature"))
        #expect(temperature.unit == .degreesCelsius && temperature.unit.gapMeasure == .difference)
        let no2 = try #require(IndicatorCatalogue.indicator(code: "no2_annual_mean"))
        #expect(no2.unit == .microgramsPerCubicMetre && no2.source == "Atmo / Géod'Air")
        #expect(IndicatorCatalogue.indicator(code: "dpe_efg_share")?.source == "Observatoire DPE (ADEME)")
        #expect(IndicatorCatalogue.indicator(code: "energy_poor_households_share")?.source == "ADEME / ONPE")
        #expect(IndicatorCatalogue.indicator(code: "jobseekers_abc")?.source == "France Travail")
    }

    @Test func themeCodesRoundTrip() throws {
        #expect(IndicatorTheme.allCases.count == 11 + TransitionTheme.allCases.count)
        for theme in IndicatorTheme.allCases {
            #expect(IndicatorTheme(code: theme.code) == theme)
            #expect(!theme.label.isEmpty)
        }
        #expect(IndicatorTheme.transition(.climate).code == "transition.climate")
        #expect(IndicatorTheme.transition(.climate).label == "Transition : Adaptation au climat (chaleur, inondation)")
        #expect(IndicatorTheme(code: "transition.nope") == nil)
        #expect(IndicatorTheme(code: "climate") == nil)
    }

    @Test func themeIsCodedAsOneString() throws {
        let encoded = try JSONEncoder().encode([IndicatorTheme.income, .transition(.air)])
        #expect(String(decoding: encoded, as: UTF8.self) == #"["income","transition.air"]"#)
        let decoded = try JSONDecoder().decode([IndicatorTheme].self, from: Data(#"["healthAccess","transition.energy"]"#.utf8))
        #expect(decoded == [.healthAccess, .transition(.energy)])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([IndicatorTheme].self, from: Data(#"["weather"]"#.utf8)) }
    }

    @Test func indicatorRoundTripsThroughJSON() throws {
        let indicator = try #require(IndicatorCatalogue.indicator(code: "heat_exposure_share"))
        let decoded = try JSONDecoder().decode(Indicator.self, from: JSONEncoder().encode(indicator))
        #expect(decoded == indicator)
    }

    @Test(arguments: [
        ("poverty_rate", true), ("pm25_annual_mean", true), ("Poverty_rate", false), ("1rate", false),
        ("rate_", false), ("a__b", false), ("taux pauvreté", false), ("", false), (String(repeating: "a", count: 65), false),
    ])
    func codeValidity(code: String, valid: Bool) {
        #expect(Indicator.isValidCode(code) == valid)
    }

    @Test func suggestedCodes() {
        #expect(Indicator.suggestedCode(from: "Taux de pauvreté (%)") == "taux_de_pauvrete")
        #expect(Indicator.suggestedCode(from: "  2020 Revenu médian ") == "revenu_median")
        #expect(Indicator.suggestedCode(from: "%%") == nil)
    }

    @Test func gapMeasurePerUnit() {
        #expect(IndicatorUnit.percent.gapMeasure == .points)
        #expect(IndicatorUnit.index.gapMeasure == .difference)
        #expect(IndicatorUnit.decibel.gapMeasure == .difference)
        #expect(IndicatorUnit.euro.gapMeasure == .ratio)
        #expect(IndicatorUnit.microgramsPerCubicMetre.gapMeasure == .ratio)
    }
}
