import Testing
@testable import PasserelleDomain

@Suite struct SCDLSubsidiesTests {
    static let header = "nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,idBeneficiaire,objet,montant,nature,conditionsVersement,datesPeriodeVersement,idRAE,notificationUE,pourcentageSubvention"

    var applications: [FundingApplication] {
        var garden = ProgrammingFixture.application(id: 1)
        garden.title = "Jardin partagé \"Les Pousses\", quartier du Maroc"
        var cpo = ProgrammingFixture.application(id: 3, holder: ProgrammingFixture.sportClub)
        cpo.title = "Conseil citoyen : formation et animation"
        cpo.startDate = isoDay("2025-01-01")
        cpo.endDate = isoDay("2027-12-31")
        cpo.years = [2025, 2026, 2027]
        var shared = ProgrammingFixture.application(id: 7)
        shared.title = "Ateliers vélo"
        shared.startDate = isoDay("2025-02-01")
        shared.coHolders = [CoHolder(holder: ProjectHolder(name: "Collectif Cité 10", siret: "52300000400011", kind: .inhabitantsCollective), share: 0.3)]
        var badSIRET = ProgrammingFixture.application(id: 8)
        badSIRET.holder.siret = "78200000100018"
        return [garden, cpo, shared, badSIRET]
    }

    func decision(_ id: Int, app: Int, funder: Int = 1, _ outcome: DecisionOutcome, _ amount: Double, on date: String, ref: String, paid: [String] = []) -> Decision {
        Decision(id: id, applicationID: app, fundingLineID: funder == 1 ? 1 : 2, funderID: funder, outcome: outcome, amount: amount,
                 decidedOn: isoDay(date), decidedBy: "Préfet du Pas-de-Calais", reference: ref, paidOn: paid.map(isoDay))
    }

    var decisions: [Decision] {
        [
            decision(1, app: 1, .granted, 10_000, on: "2025-03-15", ref: "DDETS-2025-014", paid: ["2025-04-10"]),
            decision(2, app: 3, .granted, 30_000, on: "2025-03-15", ref: "DDETS-2025-015"),
            decision(3, app: 7, .partlyGranted, 5_000.5, on: "2025-06-01", ref: "DDETS-2025-031"),
            decision(4, app: 1, .refused, 0, on: "2025-03-15", ref: "DDETS-2025-016"),
            decision(5, app: 1, funder: 2, .granted, 4_000, on: "2025-03-20", ref: "CP-2025-117"),
            decision(6, app: 8, .granted, 1_000, on: "2025-03-15", ref: "DDETS-2025-040"),
        ]
    }

    let agreements = [Agreement(applicationID: 3, funderID: 1, years: [2025: 10_000, 2026: 10_000, 2027: 10_000], signedOn: isoDay("2025-04-02"))]

    var export: (rows: [SCDLSubsidyRow], problems: [String]) {
        SCDLSubsidies.rows(funder: ProgrammingFixture.etat, applications: applications, decisions: decisions, agreements: agreements)
    }

    @Test func writesTheExactHeader() {
        #expect(SCDLSubsidies.columns.joined(separator: ",") == Self.header)
        #expect(SCDLSubsidies.csv(rows: []) == Self.header + "\r\n")
    }

    @Test func writesOneRowPerBeneficiaryAndGrant() {
        let etat = "État – préfecture du Pas-de-Calais,13000000700018"
        #expect(SCDLSubsidies.csv(rows: export.rows) == [
            Self.header,
            etat + ",2025-03-15,DDETS-2025-014,Association Les Jardins du Maroc,78200000100019,\"Jardin partagé \"\"Les Pousses\"\", quartier du Maroc\",10000,aide en numéraire,unique,2025-04-10,,non,1",
            etat + ",2025-04-02,DDETS-2025-015,Sport Ensemble Lens,44100000200010,Conseil citoyen : formation et animation,30000,aide en numéraire,échelonné,2025-01-01/2027-12-31,,non,1",
            etat + ",2025-06-01,DDETS-2025-031,Association Les Jardins du Maroc,78200000100019,Ateliers vélo,5000.50,aide en numéraire,unique,2025-02-01/2025-11-30,,non,0.7",
            etat + ",2025-06-01,DDETS-2025-031,Collectif Cité 10,52300000400011,Ateliers vélo,5000.50,aide en numéraire,unique,2025-02-01/2025-11-30,,non,0.3",
        ].map { $0 + "\r\n" }.joined())
    }

    @Test func reportsWhatCannotBePublished() {
        #expect(export.problems == ["décision « DDETS-2025-040 », bénéficiaire « Association Les Jardins du Maroc » : « 78200000100018 » n'est pas un SIRET valide : la clé de contrôle ne correspond pas (erreur de saisie ?) ; ligne non publiée."])
        let noSIRET = SCDLSubsidies.rows(funder: ProgrammingFixture.drac, applications: applications, decisions: decisions)
        #expect(noSIRET.rows == [])
        #expect(noSIRET.problems == ["DRAC Hauts-de-France : le SIRET de l'attribuant manque ; aucune ligne ne peut être publiée."])
        var wrong = ProgrammingFixture.etat
        wrong.siret = "13000000700019"
        #expect(SCDLSubsidies.rows(funder: wrong, applications: applications, decisions: decisions).problems
            == ["État – préfecture du Pas-de-Calais : SIRET de l'attribuant : « 13000000700019 » n'est pas un SIRET valide : la clé de contrôle ne correspond pas (erreur de saisie ?) ; aucune ligne ne peut être publiée."])
        let orphan = SCDLSubsidies.rows(funder: ProgrammingFixture.etat, applications: [], decisions: [decisions[0]])
        #expect(orphan.problems == ["décision « DDETS-2025-014 » : la demande n° 1 est introuvable."])
    }

    @Test func spreadsPaymentsOverAPeriodWhenPaidSeveralTimes() {
        var twice = decisions[0]
        twice.paidOn = [isoDay("2025-09-01"), isoDay("2025-04-10")]
        let row = SCDLSubsidies.rows(funder: ProgrammingFixture.etat, applications: applications, decisions: [twice]).rows[0]
        #expect(row.conditionsVersement == .instalments)
        #expect(row.datesPeriodeVersement == .period(isoDay("2025-04-10"), isoDay("2025-11-30")))
    }

    @Test func ourExportPassesTheValidator() {
        #expect(SCDLSubsidies.validate(csv: SCDLSubsidies.csv(rows: export.rows)) == [])
        // A BOM and plain LF line ends are tolerated.
        let lf = "\u{FEFF}" + SCDLSubsidies.csv(rows: export.rows).replacingOccurrences(of: "\r\n", with: "\n")
        #expect(SCDLSubsidies.validate(csv: lf) == [])
    }

    static let good = "État,13000000700018,2025-03-15,D-1,Asso,78200000100019,Objet,12500.50,aide en numéraire,unique,2025-04-10,,non,0.8"

    func problems(_ line: String) -> [String] {
        SCDLSubsidies.validate(csv: Self.header + "\r\n" + Self.good + "\r\n" + line + "\r\n").map(\.description)
    }

    @Test(arguments: [
        ("État,13000000700019,2025-03-15,D-1,Asso,78200000100019,Objet,100,aide en numéraire,unique,2025-04-10,,non,1",
         "ligne 3, colonne « idAttribuant » : « 13000000700019 » n'est pas un SIRET valide : la clé de contrôle ne correspond pas (erreur de saisie ?)"),
        ("État,13000000700018,2025-03-15,D-1,Asso,7820000010001,Objet,100,aide en numéraire,unique,2025-04-10,,non,1",
         "ligne 3, colonne « idBeneficiaire » : « 7820000010001 » n'est pas un SIRET : il faut 14 chiffres, il y en a 13"),
        ("État,13000000700018,2025-02-30,D-1,Asso,78200000100019,Objet,100,aide en numéraire,unique,2025-04-10,,non,1",
         "ligne 3, colonne « dateConvention » : « 2025-02-30 » n'est pas une date AAAA-MM-JJ valide"),
        ("État,13000000700018,15/03/2025,D-1,Asso,78200000100019,Objet,100,aide en numéraire,unique,2025-04-10,,non,1",
         "ligne 3, colonne « dateConvention » : « 15/03/2025 » n'est pas une date AAAA-MM-JJ valide"),
        ("État,13000000700018,2025-03-15,D-1,Asso,78200000100019,Objet,-100,aide en numéraire,unique,2025-04-10,,non,1",
         "ligne 3, colonne « montant » : « -100 » n'est pas un montant positif écrit avec un point décimal (ex. 12500.50)"),
        ("État,13000000700018,2025-03-15,D-1,Asso,78200000100019,Objet,0,aide en numéraire,unique,2025-04-10,,non,1",
         "ligne 3, colonne « montant » : « 0 » n'est pas un montant positif écrit avec un point décimal (ex. 12500.50)"),
        ("État,13000000700018,2025-03-15,D-1,Asso,78200000100019,Objet,\"12500,50\",aide en numéraire,unique,2025-04-10,,non,1",
         "ligne 3, colonne « montant » : « 12500,50 » n'est pas un montant positif écrit avec un point décimal (ex. 12500.50)"),
        ("État,13000000700018,2025-03-15,D-1,Asso,78200000100019,Objet,douze mille,aide en numéraire,unique,2025-04-10,,non,1",
         "ligne 3, colonne « montant » : « douze mille » n'est pas un montant positif écrit avec un point décimal (ex. 12500.50)"),
        ("État,13000000700018,2025-03-15,D-1,Asso,78200000100019,Objet,100,prêt,unique,2025-04-10,,non,1",
         "ligne 3, colonne « nature » : « prêt » n'est pas une valeur permise (aide en numéraire | aide en nature | aide en numéraire;aide en nature | aide en nature;aide en numéraire)"),
        ("État,13000000700018,2025-03-15,D-1,Asso,78200000100019,Objet,100,aide en numéraire,mensuel,2025-04-10,,non,1",
         "ligne 3, colonne « conditionsVersement » : « mensuel » : « unique » ou « échelonné » attendu"),
        ("État,13000000700018,2025-03-15,D-1,Asso,78200000100019,Objet,100,aide en numéraire,unique,2025-04-10/2025-01-01,,non,1",
         "ligne 3, colonne « datesPeriodeVersement » : « 2025-04-10/2025-01-01 » : la période finit avant de commencer"),
        ("État,13000000700018,2025-03-15,D-1,Asso,78200000100019,Objet,100,aide en numéraire,unique,2025-04-10_2025-12-31,,non,1",
         "ligne 3, colonne « datesPeriodeVersement » : « 2025-04-10_2025-12-31 » : une date AAAA-MM-JJ ou une période AAAA-MM-JJ/AAAA-MM-JJ attendue"),
        ("État,13000000700018,2025-03-15,D-1,Asso,78200000100019,Objet,100,aide en numéraire,unique,2025-04-10,,peut-être,1",
         "ligne 3, colonne « notificationUE » : « peut-être » : « oui » ou « non » attendu"),
        ("État,13000000700018,2025-03-15,D-1,Asso,78200000100019,Objet,100,aide en numéraire,unique,2025-04-10,,non,1.5",
         "ligne 3, colonne « pourcentageSubvention » : « 1.5 » sort de l'intervalle 0.01 – 1 (une fraction, 1 = 100 %)"),
        ("État,13000000700018,2025-03-15,D-1,Asso,78200000100019,Objet,100,aide en numéraire,unique,2025-04-10,,non,80",
         "ligne 3, colonne « pourcentageSubvention » : « 80 » sort de l'intervalle 0.01 – 1 (une fraction, 1 = 100 %)"),
        ("État,13000000700018,2025-03-15,D-1,Asso,78200000100019,Objet,100,aide en numéraire,unique,2025-04-10,,non,\"0,8\"",
         "ligne 3, colonne « pourcentageSubvention » : « 0,8 » n'est pas un nombre écrit avec un point décimal (ex. 0.8)"),
        ("État,13000000700018,2025-03-15,D-1,,78200000100019,Objet,100,aide en numéraire,unique,2025-04-10,,non,1",
         "ligne 3, colonne « nomBeneficiaire » : valeur obligatoire vide"),
        ("État,13000000700018,2025-03-15,D-1,Asso,78200000100019,Objet,100,aide en numéraire,unique,2025-04-10,,non",
         "ligne 3 : 13 valeurs pour 14 colonnes"),
    ])
    func reportsEachFaultWithItsLineAndColumn(_ line: String, _ expected: String) {
        #expect(problems(line) == [expected])
    }

    @Test func toleratesCaseInFixedValues() {
        #expect(problems("État,13000000700018,2025-03-15,,Asso,78200000100019,Objet,100,aide en numéraire,Echelonné,2025-01-01/2025-12-31,,Non,1") == [])
    }

    @Test func reportsColumnsInTheWrongOrder() {
        let swapped = Self.header.replacingOccurrences(of: "dateConvention,referenceDecision", with: "referenceDecision,dateConvention")
        let csv = swapped + "\r\n" + "État,13000000700018,D-1,2025-03-15,Asso,78200000100019,Objet,100,aide en numéraire,unique,2025-04-10,,non,1\r\n"
        #expect(SCDLSubsidies.validate(csv: csv).map(\.description) == [
            "ligne 1 : colonnes dans le désordre : en position 3, « dateConvention » est attendue, « referenceDecision » trouvée (ordre attendu : \(Self.header))",
        ])
    }

    @Test func reportsMissingAndUnknownColumns() {
        let csv = Self.header.replacingOccurrences(of: ",idRAE", with: ",rae") + "\r\n"
        #expect(SCDLSubsidies.validate(csv: csv).map(\.description) == ["ligne 1 : en-tête non conforme : colonnes manquantes : idRAE ; colonnes inconnues : rae"])
        #expect(SCDLSubsidies.validate(csv: "").map(\.description) == ["ligne 1 : le fichier est vide : la ligne d'en-tête manque"])
        #expect(SCDLSubsidies.validate(csv: Self.header + "\r\n\"ouvert").map(\.description) == ["ligne 2 : un guillemet ouvert n'est jamais fermé (fichier tronqué ou mal formé)"])
    }
}
