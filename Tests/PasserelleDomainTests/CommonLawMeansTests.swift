import Testing
@testable import PasserelleDomain

@Suite struct CommonLawMeansTests {
    static let state = Organisation(id: 1, name: "État", kind: .state, siren: nil)
    static let commune = Organisation(id: 2, name: "Commune de Lens", kind: .commune, siren: nil)
    static let caf = Organisation(id: 3, name: "CAF du Pas-de-Calais", kind: .caf, siren: nil)
    static let signatories = [state, commune, caf]

    static let lines: [CommonLawMeans] = [
        CommonLawMeans(signatoryID: 1, year: 2024, pillarCode: "P1", amountEuros: 100_000, staffFTE: 2.5, beneficiaries: 400, beneficiariesInQPV: 300),
        CommonLawMeans(signatoryID: 1, year: 2024, pillarCode: "P2", ambitionCode: "A2.1", amountEuros: 50_000),
        CommonLawMeans(signatoryID: 1, year: 2025, pillarCode: "P1", amountEuros: 120_000, staffFTE: 3, beneficiaries: 500, beneficiariesInQPV: 350),
        CommonLawMeans(signatoryID: 2, year: 2024, amountEuros: 20_000, staffFTE: 1, beneficiaries: 100, beneficiariesInQPV: 100),
        CommonLawMeans(signatoryID: 2, year: 2025, pillarCode: "P1", staffFTE: 1.5, beneficiaries: 120, beneficiariesInQPV: 90),
        CommonLawMeans(signatoryID: 3, year: 2025, pillarCode: "P2", amountEuros: 80_000.5, beneficiaries: 1_000, beneficiariesInQPV: 600),
        CommonLawMeans(signatoryID: 9, year: 2025, pillarCode: "P1", amountEuros: 999), // not a signatory: left out
    ]

    static var photograph: CommonLawPhotograph {
        CommonLawPhotograph.build(means: lines, signatories: signatories, pillarOrder: ["P1", "P2", "P3"])
    }

    @Test func perPartnerAndYear() {
        let photo = Self.photograph
        #expect(photo.years == [2024, 2025])
        #expect(photo.byPartner.map { "\($0.signatory.id)/\($0.year)" } == ["1/2024", "1/2025", "2/2024", "2/2025", "3/2025"])
        #expect(photo.totals(.partner(signatoryID: 1), year: 2024) == MeansTotals(
            lineCount: 2, amountEuros: 150_000, staffFTE: 2.5, beneficiaries: 400, beneficiariesInQPV: 300, linesWithoutAmount: 0, qpvShare: 0.75))
        #expect(photo.totals(.partner(signatoryID: 2), year: 2025) == MeansTotals(
            lineCount: 1, amountEuros: nil, staffFTE: 1.5, beneficiaries: 120, beneficiariesInQPV: 90, linesWithoutAmount: 1, qpvShare: 0.75))
        #expect(photo.totals(.partner(signatoryID: 3), year: 2025) == MeansTotals(
            lineCount: 1, amountEuros: 80_000.5, staffFTE: nil, beneficiaries: 1_000, beneficiariesInQPV: 600, linesWithoutAmount: 0, qpvShare: 0.6))
        #expect(photo.totals(.partner(signatoryID: 3), year: 2024) == nil)
        #expect(photo.totals(.partner(signatoryID: 9), year: 2025) == nil)
    }

    @Test func perPillarAndYear() {
        let photo = Self.photograph
        #expect(photo.byPillar.map { "\($0.pillarCode ?? "-")/\($0.year)" } == ["P1/2024", "P1/2025", "P2/2024", "P2/2025", "-/2024"])
        #expect(photo.totals(.pillar(code: "P1"), year: 2025) == MeansTotals(
            lineCount: 2, amountEuros: 120_000, staffFTE: 4.5, beneficiaries: 620, beneficiariesInQPV: 440, linesWithoutAmount: 1, qpvShare: 440.0 / 620.0))
        #expect(photo.totals(.pillar(code: "P2"), year: 2024) == MeansTotals(
            lineCount: 1, amountEuros: 50_000, staffFTE: nil, beneficiaries: nil, beneficiariesInQPV: nil, linesWithoutAmount: 0, qpvShare: nil))
        #expect(photo.totals(.pillar(code: nil), year: 2024)?.amountEuros == 20_000)
        #expect(photo.totals(.pillar(code: "P3"), year: 2024) == nil)
    }

    @Test func totalsPerYear() {
        let photo = Self.photograph
        #expect(photo.byYear.map(\.year) == [2024, 2025])
        #expect(photo.totals(.all, year: 2024) == MeansTotals(
            lineCount: 3, amountEuros: 170_000, staffFTE: 3.5, beneficiaries: 500, beneficiariesInQPV: 400, linesWithoutAmount: 0, qpvShare: 0.8))
        #expect(photo.totals(.all, year: 2025) == MeansTotals(
            lineCount: 3, amountEuros: 200_000.5, staffFTE: 4.5, beneficiaries: 1_620, beneficiariesInQPV: 1_040, linesWithoutAmount: 1, qpvShare: 1_040.0 / 1_620.0))
    }

    @Test func yearOnYearDifferenceAndRatio() {
        let photo = Self.photograph
        let all = photo.yearOnYear(.all)
        #expect(all.count == 1)
        #expect(all[0].fromYear == 2024 && all[0].toYear == 2025)
        #expect(all[0].amountEuros.difference == 30_000.5)
        #expect(all[0].amountEuros.ratio == 200_000.5 / 170_000)
        #expect(all[0].beneficiaries.difference == 1_120)

        let state = photo.comparison(.partner(signatoryID: 1), from: 2024, to: 2025)
        #expect(state.amountEuros == MeansChange(before: 150_000, after: 120_000))
        #expect(state.amountEuros.difference == -30_000)
        #expect(state.amountEuros.ratio == 0.8)
        #expect(state.staffFTE.difference == 0.5)
        #expect(state.staffFTE.ratio == 1.2)
        #expect(state.beneficiaries.ratio == 1.25)
        #expect(state.beneficiariesInQPV.difference == 50)

        // The commune gave no amount in 2025, the CAF nothing in 2024: no figure is invented.
        let commune = photo.comparison(.partner(signatoryID: 2), from: 2024, to: 2025)
        #expect(commune.amountEuros == MeansChange(before: 20_000, after: nil))
        #expect(commune.amountEuros.difference == nil && commune.amountEuros.ratio == nil)
        #expect(commune.staffFTE.ratio == 1.5)
        let caf = photo.comparison(.partner(signatoryID: 3), from: 2024, to: 2025)
        #expect(caf.beneficiaries.difference == nil)
        let p1 = photo.yearOnYear(.pillar(code: "P1"))
        #expect(p1.map(\.amountEuros.difference) == [20_000])
        #expect(MeansChange(before: 0, after: 5).ratio == nil)
    }

    @Test func linesOfNonSignatoriesAndBadFiguresAreRefused() {
        let association = Organisation(id: 9, name: "Association Les Jardins", kind: .association, siren: nil)
        let lines = Self.lines + [
            CommonLawMeans(signatoryID: 11, year: 2025),
            CommonLawMeans(signatoryID: 1, year: 2024, pillarCode: "P1", amountEuros: 1),
            CommonLawMeans(signatoryID: 3, year: 2031, pillarCode: "P9", amountEuros: -2, staffFTE: -1, beneficiaries: 10, beneficiariesInQPV: 12),
        ]
        #expect(CommonLawPhotograph.problems(means: lines, signatories: Self.signatories, organisations: [association],
                                             period: 2024...2030, pillarCodes: ["P1", "P2"]) == [
            "« Association Les Jardins » n'est pas signataire du contrat : sa ligne de moyens 2025 (pilier P1) est refusée",
            "l'organisation n° 11 n'est pas signataire du contrat : sa ligne de moyens 2025 est refusée",
            "« État » : sa ligne de moyens 2024 (pilier P1) est donnée deux fois",
            "« CAF du Pas-de-Calais » : sa ligne de moyens 2031 (pilier P9) est hors de la période du contrat (2024–2030)",
            "« CAF du Pas-de-Calais » : sa ligne de moyens 2031 (pilier P9) cite un pilier « P9 » que le contrat n'a pas",
            "« CAF du Pas-de-Calais » : sa ligne de moyens 2031 (pilier P9) a un montant négatif ou illisible",
            "« CAF du Pas-de-Calais » : sa ligne de moyens 2031 (pilier P9) a un effectif (ETP) négatif ou illisible",
            "« CAF du Pas-de-Calais » : sa ligne de moyens 2031 (pilier P9) compte 12 bénéficiaires en QPV pour 10 bénéficiaires en tout",
        ])
        #expect(CommonLawPhotograph.problems(means: Array(Self.lines.dropLast()), signatories: Self.signatories, period: 2024...2030,
                                             pillarCodes: ["P1", "P2"]).isEmpty)
    }
}
