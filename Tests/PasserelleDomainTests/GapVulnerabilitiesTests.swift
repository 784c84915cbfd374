import Foundation
import Testing
@testable import PasserelleDomain

@Suite struct GapVulnerabilitiesTests {
    static func indicator(_ code: String) -> Indicator { IndicatorCatalogue.indicator(code: code)! }

    static func reading(_ code: String, _ value: ObservationValue, _ reference: ObservationValue, period: String = "2020",
                        territory: String? = nil) -> IndicatorReading {
        IndicatorReading(indicator: indicator(code), period: period,
                         gap: Gap(territoryID: 1, value: value, referenceID: 2, referenceValue: reference),
                         referenceName: "l'agglomération", territoryName: territory)
    }

    static func severity(_ code: String, _ value: Double, _ reference: Double) -> Double? {
        let rule = GapVulnerabilities.rulesByCode[code]!
        return GapVulnerabilities.severity(of: Gap(territoryID: 1, value: .number(value), referenceID: 2, referenceValue: .number(reference)),
                                           unit: indicator(code).unit, polarity: rule.polarity)
    }

    @Test func everyRuleNamesAStandardIndicator() {
        for rule in GapVulnerabilities.rules {
            #expect(IndicatorCatalogue.indicator(code: rule.indicatorCode) != nil, "\(rule.indicatorCode)")
            #expect(rule.polarity != .neutral, "\(rule.indicatorCode): a rule always says which side is unfavourable")
        }
        #expect(GapVulnerabilities.rulesByCode.count == GapVulnerabilities.rules.count, "one rule per indicator")
        #expect(GapVulnerabilities.rulesByCode["heat_exposure_share"]?.vulnerability == .heat)
        #expect(GapVulnerabilities.rulesByCode["flood_risk_population_share"]?.vulnerability == .flood)
        #expect(GapVulnerabilities.rulesByCode["no2_annual_mean"]?.vulnerability == .airPollution)
        #expect(GapVulnerabilities.rulesByCode["pm25_annual_mean"]?.vulnerability == .airPollution)
        #expect(GapVulnerabilities.rulesByCode["noise_exposure_share"]?.vulnerability == .noise)
        #expect(GapVulnerabilities.rulesByCode["energy_poor_households_share"]?.vulnerability == .energyPoverty)
        #expect(GapVulnerabilities.rulesByCode["dpe_efg_share"]?.vulnerability == .poorHousing)
        #expect(GapVulnerabilities.rulesByCode["green_space_access_share"] == VulnerabilityRule("green_space_access_share", .lackOfGreenSpace, .higherIsBetter))
        #expect(GapVulnerabilities.rulesByCode["car_free_households_share"]?.vulnerability == .carDependence)
        #expect(GapVulnerabilities.rulesByCode["poverty_rate"]?.vulnerability == .lowIncome)
        #expect(GapVulnerabilities.rulesByCode["median_disposable_income"] == VulnerabilityRule("median_disposable_income", .lowIncome, .higherIsBetter))
        #expect(GapVulnerabilities.rulesByCode["employment_rate_15_64"] == VulnerabilityRule("employment_rate_15_64", .unemployment, .higherIsBetter))
        #expect(GapVulnerabilities.rulesByCode["jobseekers_abc"]?.vulnerability == .unemployment)
        #expect(GapVulnerabilities.rulesByCode["under_25_share"] == nil, "a neutral share with no vulnerability reading")
    }

    @Test func severityOfShareGapsIsPointsOverTwenty() throws {
        // Seed 004: Grande Résidence 70,5 % of poverty against 36,1 % for the CALL: 34,4 points, capped at 1.
        #expect(Self.severity("poverty_rate", 70.5, 36.1) == 1)
        let saintElie = try #require(Self.severity("poverty_rate", 53.9, 36.1))
        #expect(abs(saintElie - 17.8 / 20) < 1e-12)
        // Higher is better: 47,3 % employment against 53,6 % is 6,3 points below.
        let employment = try #require(Self.severity("employment_rate_15_64", 47.3, 53.6))
        #expect(abs(employment - 6.3 / 20) < 1e-12)
        #expect(VulnerabilitySignal(vulnerability: .unemployment, severity: employment, label: "").intensityLabel == "faible")
    }

    @Test func severityOfRatioGapsIsTheLogRatioOverLogTwo() throws {
        // 10 619 € of median income against 17 020 €: 1,6 times less.
        let income = try #require(Self.severity("median_disposable_income", 10_619, 17_020))
        #expect(abs(income - log(17_020.0 / 10_619) / log(2)) < 1e-12)
        #expect(VulnerabilitySignal(vulnerability: .lowIncome, severity: income, label: "").intensityLabel == "forte")
        #expect(Self.severity("median_disposable_income", 8_000, 17_000) == 1, "less than half: capped")
        let particles = try #require(Self.severity("pm25_annual_mean", 12, 10))
        #expect(abs(particles - log(1.2) / log(2)) < 1e-12)
    }

    @Test func severityOfTemperaturesIsDegreesOverThree() throws {
        let heat = try #require(Self.severity("summer_surface_temperature", 34.5, 33))
        #expect(abs(heat - 0.5) < 1e-12)
    }

    @Test func noVulnerabilityWithoutAnUnfavourableGap() {
        #expect(Self.severity("green_space_access_share", 80, 60) == nil, "more green space than the reference")
        #expect(Self.severity("poverty_rate", 30, 36.1) == nil, "less poverty than the reference")
        #expect(Self.severity("poverty_rate", 36.15, 36.1) == nil, "within the 0,1 point tolerance")
        #expect(Self.severity("poverty_rate", 36.1, 36.1) == nil)
        #expect(Self.severity("jobseekers_abc", 6_617, 22_223) == nil, "counts are never compared")
        #expect(GapVulnerabilities.severity(of: Gap(territoryID: 1, value: .secret, referenceID: 2, referenceValue: .number(30)),
                                            unit: .percent, polarity: .higherIsWorse) == nil)
        #expect(GapVulnerabilities.severity(of: Gap(territoryID: 1, value: .number(30), referenceID: 2, referenceValue: .missing),
                                            unit: .percent, polarity: .higherIsWorse) == nil)
    }

    @Test func aHandBuiltDiagnosticReadsInSeverityOrder() {
        let diagnosed = GapVulnerabilities.diagnose([
            Self.reading("energy_poor_households_share", .number(18), .number(12)),   // 6 points: 0,3
            Self.reading("heat_exposure_share", .number(45), .number(20)),            // 25 points: 1
            Self.reading("pm25_annual_mean", .number(12), .number(10)),               // ln 1,2 / ln 2 ≈ 0,263
            Self.reading("green_space_access_share", .number(50), .number(70)),       // 20 points below: 1
            Self.reading("tree_canopy_share", .number(30), .number(20)),              // favourable: nothing
            Self.reading("under_25_share", .number(40), .number(30)),                 // no rule
            Self.reading("poverty_rate", .secret, .number(36.1)),                     // secret: nothing
        ])
        #expect(diagnosed.map(\.signal.vulnerability) == [.heat, .lackOfGreenSpace, .energyPoverty, .airPollution])
        #expect(diagnosed.map(\.signal.label) == ["Exposition à la chaleur", "Manque d'espaces verts", "Précarité énergétique", "Pollution de l'air"])
        #expect(diagnosed.map(\.signal.intensityLabel) == ["forte", "forte", "faible", "faible"])
        #expect(abs(diagnosed[2].signal.severity - 0.3) < 1e-12)
        #expect(diagnosed[1].evidence.map(\.indicatorCode) == ["green_space_access_share"], "the favourable canopy is no evidence")
        let heat = diagnosed[0].evidence[0]
        #expect(heat.value == 45 && heat.referenceValue == 20 && heat.period == "2020" && heat.unit == .percent)
        let gap = Gap(territoryID: 1, value: .number(45), referenceID: 2, referenceValue: .number(20))
        #expect(heat.sentence == "Part de la population vivant dans un îlot de chaleur marqué (2020) : "
                + GapWording.sentence(indicator: Self.indicator("heat_exposure_share"), gap: gap, referenceName: "l'agglomération"))
        #expect(heat.sentence.contains("contre 20"))
    }

    @Test func theMostMarkedFigureSetsTheSeverityAndTheOthersStayAsEvidence() throws {
        let diagnosed = GapVulnerabilities.diagnose([
            Self.reading("poverty_rate", .number(53.9), .number(36.1), period: "2019", territory: "Quartier Saint-Elie - Fosse 13"),
            Self.reading("poverty_rate", .number(70.5), .number(36.1), period: "2019", territory: "Grande Résidence"),
            Self.reading("median_disposable_income", .number(10_619), .number(17_020)),
        ])
        #expect(diagnosed.count == 1)
        let lowIncome = try #require(diagnosed.first)
        #expect(lowIncome.signal.vulnerability == .lowIncome)
        #expect(lowIncome.signal.severity == 1)
        #expect(lowIncome.evidence.map(\.territoryName) == ["Grande Résidence", "Quartier Saint-Elie - Fosse 13", nil])
        #expect(lowIncome.evidence[0].sentence.hasPrefix("Grande Résidence, Taux de pauvreté (seuil de 60 % du revenu médian) (2019) : 70,5"))
    }

    @Test func aNeutralIndicatorReadsThroughItsRuleAndLabel() throws {
        let diagnosed = GapVulnerabilities.diagnose([Self.reading("car_free_households_share", .number(48), .number(24))])
        let mobility = try #require(diagnosed.first)
        #expect(mobility.signal.vulnerability == .carDependence)
        #expect(mobility.signal.label == "Mobilité contrainte (ménages sans voiture)")
        #expect(mobility.signal.severity == 1)
        #expect(GapVulnerabilities.diagnose([Self.reading("car_free_households_share", .number(20), .number(24))]).isEmpty)
    }

    @Test func theDiagnosticFeedsTheSuggestions() {
        let diagnosed = GapVulnerabilities.diagnose([
            Self.reading("heat_exposure_share", .number(45), .number(20)),
            Self.reading("energy_poor_households_share", .number(24), .number(12)),
        ])
        let suggestions = Suggestions.suggest(vulnerabilities: diagnosed.map(\.signal), in: CatalogueFixtures.real, limit: 4)
        // Same catalogue and severities as SuggestionsTests' hand-built diagnostic (heat forte, energy poverty moyenne).
        #expect(suggestions.map(\.keyAction.number) == [8, 7, 1, 9])
        #expect(suggestions[0].reason == "Exposition à la chaleur (intensité forte) → action 8, 6 exemples")
        #expect(suggestions[3].reason == "Précarité énergétique (intensité moyenne) → action 9 (par ses exemples), 2 exemples")
    }
}
