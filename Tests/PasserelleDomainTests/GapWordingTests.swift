import Testing
@testable import PasserelleDomain

@Suite struct GapWordingTests {
    static func indicator(_ code: String) -> Indicator { IndicatorCatalogue.indicator(code: code)! }
    static func gap(_ value: ObservationValue, _ reference: ObservationValue) -> Gap {
        Gap(territoryID: 10, value: value, referenceID: 5, referenceValue: reference)
    }
    static let agglo = "l'agglomération"

    @Test func seedIncome() {
        let sentence = GapWording.sentence(indicator: Self.indicator("median_disposable_income"), gap: Self.gap(.number(10619), .number(17020)), referenceName: Self.agglo)
        #expect(sentence == "1,6 fois moins de revenu que l'agglomération (10\u{202F}619\u{00A0}€ contre 17\u{202F}020\u{00A0}€)")
        #expect(GapWording.headline(indicator: Self.indicator("median_disposable_income"), gap: Self.gap(.number(10619), .number(17020)), referenceName: Self.agglo)
                == "1,6 fois moins de revenu que l'agglomération")
    }

    @Test func percentagesInPointsWithTheFactor() {
        let poverty = Self.indicator("poverty_rate")
        #expect(GapWording.sentence(indicator: poverty, gap: Self.gap(.number(61.5), .number(36.1)), referenceName: Self.agglo)
                == "61,5\u{00A0}% contre 36,1\u{00A0}% pour l'agglomération, soit 25,4\u{00A0}points de plus (1,7 fois plus)")
        // 37,6 / 32,1 = 1,17: the factor still says something.
        #expect(GapWording.sentence(indicator: Self.indicator("under_25_share"), gap: Self.gap(.number(37.6), .number(32.1)), referenceName: Self.agglo)
                == "37,6\u{00A0}% contre 32,1\u{00A0}% pour l'agglomération, soit 5,5\u{00A0}points de plus (1,2 fois plus)")
        // 33,4 / 32,1 = 1,04: no factor; below 2, "point" stays singular.
        #expect(GapWording.sentence(indicator: poverty, gap: Self.gap(.number(33.4), .number(32.1)), referenceName: Self.agglo)
                == "33,4\u{00A0}% contre 32,1\u{00A0}% pour l'agglomération, soit 1,3\u{00A0}point de plus")
        // Employment: fewer is worse, but the sentence only states the facts.
        #expect(GapWording.sentence(indicator: Self.indicator("employment_rate_15_64"), gap: Self.gap(.number(40), .number(53.6)), referenceName: "la CALL")
                == "40,0\u{00A0}% contre 53,6\u{00A0}% pour la CALL, soit 13,6\u{00A0}points de moins (1,3 fois moins)")
    }

    @Test func headlinesChooseFactorOrPoints() {
        let poverty = Self.indicator("poverty_rate")
        #expect(GapWording.headline(indicator: poverty, gap: Self.gap(.number(60), .number(30)), referenceName: Self.agglo) == "2 fois plus de pauvreté que l'agglomération")
        #expect(GapWording.headline(indicator: poverty, gap: Self.gap(.number(48.4), .number(36.1)), referenceName: "l'EPCI") == "12,3\u{00A0}points de plus que l'EPCI")
        #expect(GapWording.headline(indicator: Self.indicator("summer_surface_temperature"), gap: Self.gap(.number(33.5), .number(31)), referenceName: Self.agglo)
                == "2,5\u{00A0}°C de plus que l'agglomération")
        #expect(GapWording.headline(indicator: Self.indicator("median_disposable_income"), gap: Self.gap(.number(16900), .number(17020)), referenceName: Self.agglo)
                == "presque autant de revenu que l'agglomération")
        #expect(GapWording.headline(indicator: poverty, gap: Self.gap(.number(30), .number(30)), referenceName: Self.agglo) == nil)
        #expect(GapWording.headline(indicator: Self.indicator("jobseekers_abc"), gap: Self.gap(.number(6617), .number(22223)), referenceName: Self.agglo) == nil)
        #expect(GapWording.headline(indicator: poverty, gap: Self.gap(.secret, .number(30)), referenceName: Self.agglo) == nil)
    }

    @Test func ratioScaleUnits() {
        #expect(GapWording.sentence(indicator: Self.indicator("pm25_annual_mean"), gap: Self.gap(.number(12), .number(6)), referenceName: Self.agglo)
                == "2 fois plus de particules fines que l'agglomération (12,0\u{00A0}µg/m³ contre 6,0\u{00A0}µg/m³)")
        #expect(GapWording.sentence(indicator: Self.indicator("median_disposable_income"), gap: Self.gap(.number(16900), .number(17020)), referenceName: Self.agglo)
                == "presque autant de revenu que l'agglomération (16\u{202F}900\u{00A0}€ contre 17\u{202F}020\u{00A0}€)")
        let noNoun = Indicator(code: "average_housing_area", label: "Surface moyenne des logements", unit: .squareMetres, theme: .housing, polarity: .higherIsBetter, source: "INSEE")
        #expect(GapWording.sentence(indicator: noNoun, gap: Self.gap(.number(62), .number(80)), referenceName: "Arras")
                == "62\u{00A0}m² contre 80\u{00A0}m² pour Arras, soit 1,3 fois moins")
        #expect(GapWording.headline(indicator: noNoun, gap: Self.gap(.number(62), .number(80)), referenceName: "Arras") == "1,3 fois moins qu'Arras")
    }

    @Test func intervalScalesAndCounts() {
        #expect(GapWording.sentence(indicator: Self.indicator("summer_surface_temperature"), gap: Self.gap(.number(33.5), .number(31)), referenceName: Self.agglo)
                == "33,5\u{00A0}°C contre 31,0\u{00A0}°C pour l'agglomération, soit 2,5\u{00A0}°C de plus")
        #expect(GapWording.sentence(indicator: Self.indicator("jobseekers_abc"), gap: Self.gap(.number(6617), .number(22223)), referenceName: Self.agglo)
                == "6\u{202F}617 contre 22\u{202F}223 pour l'agglomération")
    }

    @Test func equalValues() {
        #expect(GapWording.sentence(indicator: Self.indicator("poverty_rate"), gap: Self.gap(.number(36.1), .number(36.1)), referenceName: Self.agglo)
                == "36,1\u{00A0}%, comme pour l'agglomération")
        #expect(GapWording.sentence(indicator: Self.indicator("median_disposable_income"), gap: Self.gap(.number(17020), .number(17020)), referenceName: Self.agglo)
                == "autant de revenu que l'agglomération (17\u{202F}020\u{00A0}€)")
    }

    @Test func differencesTooSmallToShow() {
        #expect(GapWording.sentence(indicator: Self.indicator("poverty_rate"), gap: Self.gap(.number(36.12), .number(36.08)), referenceName: Self.agglo)
                == "36,1\u{00A0}% contre 36,1\u{00A0}% pour l'agglomération, un écart inférieur à 0,1\u{00A0}point")
        #expect(GapWording.sentence(indicator: Self.indicator("summer_surface_temperature"), gap: Self.gap(.number(31.02), .number(31)), referenceName: Self.agglo)
                == "31,0\u{00A0}°C contre 31,0\u{00A0}°C pour l'agglomération, un écart inférieur à 0,1\u{00A0}°C")
        #expect(GapWording.headline(indicator: Self.indicator("poverty_rate"), gap: Self.gap(.number(36.12), .number(36.08)), referenceName: Self.agglo) == nil)
    }

    @Test func zeroReferenceAndNegativeValues() {
        #expect(GapWording.sentence(indicator: Self.indicator("poverty_rate"), gap: Self.gap(.number(5), .number(0)), referenceName: Self.agglo)
                == "5,0\u{00A0}% contre 0,0\u{00A0}% pour l'agglomération, soit 5\u{00A0}points de plus")
        #expect(GapWording.sentence(indicator: Self.indicator("median_disposable_income"), gap: Self.gap(.number(100), .number(0)), referenceName: Self.agglo)
                == "100\u{00A0}€ contre 0\u{00A0}€ pour l'agglomération, soit 100\u{00A0}€ de plus")
        #expect(GapWording.sentence(indicator: Self.indicator("establishments_growth"), gap: Self.gap(.number(-3.04), .number(-1.1)), referenceName: Self.agglo)
                == "\u{2212}3,0\u{00A0}% contre \u{2212}1,1\u{00A0}% pour l'agglomération, soit 1,9\u{00A0}point de moins")
        #expect(GapWording.headline(indicator: Self.indicator("median_disposable_income"), gap: Self.gap(.number(-200), .number(1000)), referenceName: Self.agglo)
                == "1\u{202F}200\u{00A0}€ de moins que l'agglomération")
    }

    @Test func secretAndMissing() {
        let poverty = Self.indicator("poverty_rate")
        #expect(GapWording.sentence(indicator: poverty, gap: Self.gap(.secret, .number(36.1)), referenceName: Self.agglo) == "valeur couverte par le secret statistique")
        #expect(GapWording.sentence(indicator: poverty, gap: Self.gap(.missing, .number(36.1)), referenceName: Self.agglo) == "valeur non disponible")
        #expect(GapWording.sentence(indicator: poverty, gap: Self.gap(.number(61.5), .missing), referenceName: Self.agglo)
                == "61,5\u{00A0}% ; la valeur pour l'agglomération est non disponible")
        #expect(GapWording.sentence(indicator: poverty, gap: Self.gap(.number(61.5), .secret), referenceName: Self.agglo)
                == "61,5\u{00A0}% ; la valeur pour l'agglomération est couverte par le secret statistique")
    }

    @Test func spreads() {
        let income = Self.indicator("median_disposable_income")
        let incomeGaps = [Self.gap(.number(8958), .number(17020)), Self.gap(.number(12157), .number(17020)), Self.gap(.secret, .number(17020))]
        #expect(GapWording.spread(indicator: income, gaps: incomeGaps, referenceName: Self.agglo) == "de 1,4 à 1,9 fois moins de revenu que l'agglomération selon les quartiers")
        let poverty = Self.indicator("poverty_rate")
        let povertyGaps = [Self.gap(.number(53.9), .number(36.1)), Self.gap(.number(70.5), .number(36.1))]
        #expect(GapWording.spread(indicator: poverty, gaps: povertyGaps, referenceName: Self.agglo) == "de 17,8 à 34,4\u{00A0}points de plus que l'agglomération selon les quartiers")
        let employment = Self.indicator("employment_rate_15_64")
        let mixed = [Self.gap(.number(40), .number(53.6)), Self.gap(.number(55), .number(53.6))]
        #expect(GapWording.spread(indicator: employment, gaps: mixed, referenceName: Self.agglo)
                == "entre 13,6\u{00A0}points de moins et 1,4\u{00A0}point de plus que l'agglomération selon les quartiers")
        let below = [Self.gap(.number(40), .number(53.6)), Self.gap(.number(50), .number(53.6))]
        #expect(GapWording.spread(indicator: employment, gaps: below, referenceName: Self.agglo) == "de 3,6 à 13,6\u{00A0}points de moins que l'agglomération selon les quartiers")
        let both = [Self.gap(.number(8000), .number(10000)), Self.gap(.number(12000), .number(10000))]
        #expect(GapWording.spread(indicator: income, gaps: both, referenceName: Self.agglo) == "entre 1,3 fois moins et 1,2 fois plus de revenu que l'agglomération selon les quartiers")
        #expect(GapWording.spread(indicator: income, gaps: [incomeGaps[0]], referenceName: Self.agglo) == nil)
        let alike = [Self.gap(.number(10619), .number(17020)), Self.gap(.number(10700), .number(17020))]
        #expect(GapWording.spread(indicator: income, gaps: alike, referenceName: Self.agglo) == "1,6 fois moins de revenu que l'agglomération dans chaque quartier")
        let samePoints = [Self.gap(.number(60), .number(36.1)), Self.gap(.number(60.02), .number(36.1))]
        #expect(GapWording.spread(indicator: poverty, gaps: samePoints, referenceName: Self.agglo) == "23,9\u{00A0}points de plus que l'agglomération dans chaque quartier")
    }

    @Test func elision() {
        #expect(GapWording.que("Arras") == "qu'Arras")
        #expect(GapWording.que("Évry") == "qu'Évry")
        #expect(GapWording.que("la CALL") == "que la CALL")
        #expect(GapWording.que("l'EPCI") == "que l'EPCI")
    }
}
