import Testing
@testable import PasserelleDomain

private typealias F = ObservatoryFixtures

private struct StopImport: Error {}

@Suite struct IndicatorFileReaderTests {
    // MARK: Formats, encodings, separators

    @Test func longFileWithBOMSemicolonAndDecimalComma() throws {
        let file = F.bytes("\u{FEFF}code;indicateur;période;valeur\r\nQN06224M;poverty_rate;2019;61,5\r\n246200364;poverty_rate;2019;36,1\r\nQN06224M;median_disposable_income;2020;10619\r\n")
        #expect(Array(file.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let (observations, report) = try F.read(file)
        #expect(observations == [
            F.observation(10, "poverty_rate", "2019", .number(61.5), line: 2),
            F.observation(5, "poverty_rate", "2019", .number(36.1), line: 3),
            F.observation(10, "median_disposable_income", "2020", .number(10619), line: 4),
        ])
        #expect(report.dialect == CSVDialect(separator: UInt8(ascii: ";"), encoding: .utf8))
        #expect(report.format == .long)
        #expect(report.header == ["code", "indicateur", "période", "valeur"])
        #expect(report.rowsRead == 3 && report.observationsAccepted == 3)
        #expect(report.problems == [] && report.isClean)
        #expect(report.indicators == ["poverty_rate", "median_disposable_income"])
        #expect(report.periods == ["2019", "2020"])
    }

    @Test func englishHeaderNamesAndExtraColumns() throws {
        let file = F.bytes("Territory_Code,Label,Indicator,Year,Value,Source\nQN06224M,Quartier,poverty_rate,2019,61.5,Filosofi\n")
        let (observations, report) = try F.read(file)
        #expect(observations == [F.observation(10, "poverty_rate", "2019", .number(61.5), line: 2)])
        #expect(report.isClean)
        #expect(report.dialect?.separator == UInt8(ascii: ","))
    }

    @Test func windows1252WideFileWithAccentedHeaderAndCurlyApostrophe() throws {
        // "libellé" and "année" with 0xE9, "L’Île" with 0x92 and 0xCE: the bytes of a spreadsheet saved in ANSI.
        var file: [UInt8] = Array("code;libell".utf8) + [0xE9] + Array(";ann".utf8) + [0xE9] + Array("e;taux_pauvrete\r\n".utf8)
        file += Array("QN06224M;L".utf8) + [0x92, 0xCE] + Array("le aux fleurs;2019;61,5\r\n".utf8)
        file += Array("QN06225M;Grande R".utf8) + [0xE9] + Array("sidence;2019;70,5\r\n".utf8)
        let options = IndicatorFileOptions(format: .wide, mapping: ColumnMapping(indicators: ["Taux_Pauvreté": "poverty_rate"], ignored: ["Libellé"]))
        let (observations, report) = try F.read(file, options)
        #expect(report.dialect == CSVDialect(separator: UInt8(ascii: ";"), encoding: .windows1252))
        #expect(report.header == ["code", "libellé", "année", "taux_pauvrete"])
        #expect(report.problems == [])
        #expect(observations == [
            F.observation(10, "poverty_rate", "2019", .number(61.5), line: 2),
            F.observation(11, "poverty_rate", "2019", .number(70.5), line: 3),
        ])
    }

    @Test func tabSeparatedWideFileWhoseHeadersAreIndicatorCodes() throws {
        let file = F.bytes("code\tpopulation\tmedian_disposable_income\n246200364\t241645\t17020\nQN06224M\t6 206\ts\nQN06225M\t6\u{202F}206\t10619\n")
        let (observations, report) = try F.read(file, IndicatorFileOptions(format: .wide, period: "2020"))
        #expect(report.dialect?.separator == UInt8(ascii: "\t"))
        #expect(report.isClean)
        #expect(observations == [
            F.observation(5, "population", "2020", .number(241645), line: 2),
            F.observation(5, "median_disposable_income", "2020", .number(17020), line: 2),
            F.observation(10, "population", "2020", .number(6206), line: 3),
            F.observation(10, "median_disposable_income", "2020", .secret, line: 3),
            F.observation(11, "population", "2020", .number(6206), line: 4),
            F.observation(11, "median_disposable_income", "2020", .number(10619), line: 4),
        ])
        #expect(report.secretCount == 1)
    }

    @Test func thousandsSpacesInQuotedAndBareCells() throws {
        let file = F.bytes("code;indicateur;periode;valeur\nQN06224M;population;2020;6 206\nQN06225M;population;2020;\"6\u{202F}206\"\n246200364;population;2020;241\u{00A0}645\n")
        let (observations, _) = try F.read(file)
        #expect(observations.map(\.value) == [.number(6206), .number(6206), .number(241645)])
    }

    @Test func secretAndMissingMarkers() throws {
        let file = F.bytes("code;indicateur;periode;valeur\nQN06224M;poverty_rate;2019;s\nQN06225M;poverty_rate;2019;secret\n62498;poverty_rate;2019;c\n01001;poverty_rate;2019;nd\n2A004;poverty_rate;2019;\n2B033;poverty_rate;2019;NA\n")
        let (observations, report) = try F.read(file)
        #expect(observations.map(\.value) == [.secret, .secret, .secret, .missing, .missing, .missing])
        #expect(report.secretCount == 3 && report.missingCount == 3 && report.observationsAccepted == 6)
        #expect(report.isClean)
    }

    @Test func quotedTerritoryNameWithEmbeddedLineBreakKeepsLineNumbers() throws {
        let file = F.bytes("code;nom;poverty_rate\r\nQN06224M;\"Cité des\r\nFleurs\";61,5\r\nQN06225M;Grande Résidence;70,5\r\nQN99999X;Nulle part;12\r\n")
        let options = IndicatorFileOptions(format: .wide, mapping: ColumnMapping(ignored: ["nom"]), period: "2019")
        let (observations, report) = try F.read(file, options)
        #expect(observations == [
            F.observation(10, "poverty_rate", "2019", .number(61.5), line: 2),
            F.observation(11, "poverty_rate", "2019", .number(70.5), line: 4),
        ])
        #expect(report.problems.map(\.description) == ["ligne 5, colonne « code » : code territoire « QN99999X » inconnu"])
    }

    @Test func leadingZeroCommuneAndCorsicanCodes() throws {
        let file = F.bytes("code;indicateur;periode;valeur\n1001;population;2021;780\n2A004;population;2021;73000\n2b033;population;2021;48500\n10010000;population;2021;150\n")
        let (observations, report) = try F.read(file)
        #expect(observations.map(\.territoryID) == [7, 8, 9, 13])
        #expect(report.isClean)
    }

    // MARK: Problems

    @Test func truncatedLastLine() throws {
        let file = F.bytes("code;indicateur;periode;valeur\nQN06224M;poverty_rate;2019;61,5\nQN06225M;poverty_rate;2019")
        let (observations, report) = try F.read(file)
        #expect(observations.count == 1)
        #expect(report.problems.map(\.description) == ["ligne 3 : 3 colonnes au lieu de 4 (ligne tronquée ?)"])
        #expect(report.rowsRead == 2 && !report.isClean)
    }

    @Test func rowWithTooManyCells() throws {
        let file = F.bytes("code;indicateur;periode;valeur\nQN06224M;poverty_rate;2019;61;5\n")
        let (_, report) = try F.read(file)
        #expect(report.problems.map(\.description) == ["ligne 2 : 5 colonnes au lieu de 4 (séparateur dans une valeur sans guillemets ?)"])
    }

    @Test func duplicatedKeys() throws {
        let file = F.bytes("code;indicateur;periode;valeur\nQN06224M;poverty_rate;2019;61,5\nQN06224M;poverty_rate;2019;61.5\nqn06224m;poverty_rate;2019;62\nQN06224M;poverty_rate;2020;62\n")
        let (observations, report) = try F.read(file)
        #expect(observations == [
            F.observation(10, "poverty_rate", "2019", .number(61.5), line: 2),
            F.observation(10, "poverty_rate", "2020", .number(62), line: 5),
        ])
        #expect(report.identicalDuplicates == 1)
        #expect(report.problems.map(\.description) == [
            "ligne 4 : « QN06224M », indicateur « poverty_rate », période « 2019 » : déjà lu plus haut avec une autre valeur (61,5, ici 62)",
        ])
    }

    @Test func duplicateAcrossSecretAndNumberConflicts() throws {
        let file = F.bytes("code;indicateur;periode;valeur\nQN06224M;poverty_rate;2019;s\nQN06224M;poverty_rate;2019;12\n")
        let (_, report) = try F.read(file)
        #expect(report.problems.map(\.message) == ["« QN06224M », indicateur « poverty_rate », période « 2019 » : déjà lu plus haut avec une autre valeur (secret, ici 12)"])
    }

    @Test func unknownCodesAreGroupedByCode() throws {
        let file = F.bytes("code;indicateur;periode;valeur\nQN99999X;poverty_rate;2019;1\nQN06224M;poverty_rate;2019;61,5\nABC;poverty_rate;2019;2\nQN99999X;poverty_rate;2020;3\n;poverty_rate;2019;4\n")
        let (observations, report) = try F.read(file)
        #expect(observations.count == 1)
        #expect(report.problems.map(\.description) == [
            "ligne 2, colonne « code » : code territoire « QN99999X » inconnu (2 lignes concernées, la première ici)",
            "ligne 4, colonne « code » : code territoire « ABC » inconnu",
            "ligne 6, colonne « code » : code territoire vide",
        ])
        #expect(report.problemCount == 4)
    }

    @Test func textInNumericCells() throws {
        let long = F.bytes("code;indicateur;periode;valeur\nQN06224M;poverty_rate;2019;abc\n")
        #expect(try F.read(long).report.problems.map(\.description) == ["ligne 2, colonne « valeur » : « abc » n'est pas un nombre"])

        let wide = F.bytes("code;taux_pauvrete;revenu\nQN06224M;beaucoup;10619\nQN06225M;70,5;11000\n")
        let options = IndicatorFileOptions(format: .wide, mapping: ColumnMapping(indicators: ["taux_pauvrete": "poverty_rate", "revenu": "median_disposable_income"]), period: "2019")
        let (observations, report) = try F.read(wide, options)
        #expect(report.problems.map(\.description) == ["ligne 2, colonne « taux_pauvrete » : « beaucoup » n'est pas un nombre"])
        // A faulty row gives nothing, not even its good cells.
        #expect(observations.map(\.line) == [3, 3])
    }

    @Test func everyProblemOfARowIsReported() throws {
        let file = F.bytes("code;indicateur;periode;valeur\nQN99999X;chomage;2019;abc\n")
        let (_, report) = try F.read(file)
        #expect(report.problems.map(\.description) == [
            "ligne 2, colonne « code » : code territoire « QN99999X » inconnu",
            "ligne 2, colonne « indicateur » : indicateur « chomage » inconnu",
            "ligne 2, colonne « valeur » : « abc » n'est pas un nombre",
        ])
    }

    @Test func unterminatedQuoteAtEndOfFile() throws {
        let file = F.bytes("code;indicateur;periode;valeur\nQN06224M;poverty_rate;2019;61,5\nQN06225M;\"poverty_rate;2019;70,5\n")
        let (observations, report) = try F.read(file)
        #expect(observations.count == 1)
        #expect(report.problems.map(\.description) == ["ligne 3 : un guillemet ouvert n'est jamais fermé (fichier tronqué ou mal formé)"])
    }

    @Test func emptyFileAndHeaderOnly() throws {
        let empty = try F.read([])
        #expect(empty.report.problems.map(\.description) == ["ligne 1 : le fichier est vide"])
        #expect(empty.report.dialect == nil)
        let blank = try F.read(F.bytes("\n\n"))
        #expect(blank.report.problems.map(\.message) == ["le fichier est vide"])
        let headerOnly = try F.read(F.bytes("code;indicateur;periode;valeur\n"))
        #expect(headerOnly.report.problems.map(\.message) == ["le fichier ne contient que l'en-tête, aucune ligne de données"])
    }

    @Test func headerWithoutTheRequiredColumns() throws {
        let file = F.bytes("code;valeur\nQN06224M;12\nQN06225M;13\n")
        let (observations, report) = try F.read(file)
        #expect(observations == [])
        #expect(report.rowsRead == 2)
        #expect(report.problems.map(\.description) == [
            "ligne 1 : colonne des périodes introuvable (noms reconnus : periode, period, annee, year, millesime) ; colonnes lues : « code », « valeur »",
            "ligne 1 : colonne des indicateurs introuvable (noms reconnus : indicateur, code indicateur, indicator, indicator code) ; colonnes lues : « code », « valeur »",
        ])
    }

    @Test func explicitColumnNames() throws {
        let file = F.bytes("CODGEO;var;an;x\nQN06224M;poverty_rate;2019;61,5\n")
        let options = IndicatorFileOptions(indicatorColumn: "var", periodColumn: "an", valueColumn: "x")
        #expect(try F.read(file, options).observations == [F.observation(10, "poverty_rate", "2019", .number(61.5), line: 2)])
        let wrong = IndicatorFileOptions(territoryColumn: "geo", indicatorColumn: "var", periodColumn: "an", valueColumn: "x")
        #expect(try F.read(file, wrong).report.problems.map(\.message) == ["colonne « geo » (des codes territoire) introuvable ; colonnes lues : « CODGEO », « var », « an », « x »"])
    }

    @Test func unknownIndicators() throws {
        let file = F.bytes("code;indicateur;periode;valeur\nQN06224M;taux_chomage;2019;20\nQN06225M; taux_chomage ;2019;25\nQN06224M;Poverty_Rate;2019;61,5\n")
        let refused = try F.read(file)
        #expect(refused.report.problems.map(\.description) == ["ligne 2, colonne « indicateur » : indicateur « taux_chomage » inconnu (2 lignes concernées, la première ici)"])
        #expect(refused.observations == [F.observation(10, "poverty_rate", "2019", .number(61.5), line: 4)])

        let created = try F.read(file, IndicatorFileOptions(createMissingIndicators: true))
        #expect(created.report.isClean)
        #expect(created.report.newIndicators == ["taux_chomage"])
        #expect(created.observations.map(\.indicator) == ["taux_chomage", "taux_chomage", "poverty_rate"])
    }

    @Test func invalidNewIndicatorCodeGetsASuggestion() throws {
        let file = F.bytes("code;indicateur;periode;valeur\nQN06224M;Taux de chômage;2019;20\n")
        let (_, report) = try F.read(file, IndicatorFileOptions(createMissingIndicators: true))
        #expect(report.problems.map(\.message) == ["code indicateur « Taux de chômage » invalide : lettres minuscules sans accent, chiffres et « _ » seulement (suggestion : « taux_de_chomage »)"])
        #expect(report.newIndicators == [])
    }

    @Test func unmappedAndDoublyMappedColumns() throws {
        // "libelle" names the row and is skipped; "commentaire" is a column nobody mapped.
        let file = F.bytes("code;libelle;commentaire;taux_pauvrete;pauvrete_bis;revenu;vide\nQN06224M;Quartier;rien;61,5;61,5;10619;\n")
        let mapping = ColumnMapping(indicators: ["taux_pauvrete": "poverty_rate", "pauvrete_bis": "poverty_rate", "revenu": "median_disposable_income"], ignored: ["vide"])
        let (observations, report) = try F.read(file, IndicatorFileOptions(format: .wide, mapping: mapping, period: "2019"))
        #expect(report.problems.map(\.description) == [
            "ligne 1, colonne « commentaire » : colonne associée à aucun indicateur : choisissez son indicateur ou ignorez-la",
            "ligne 1, colonne « pauvrete_bis » : l'indicateur « poverty_rate » est déjà lu dans la colonne « taux_pauvrete »",
        ])
        // The mapped columns are still read, so that every other problem shows up in the same pass.
        #expect(observations.map(\.indicator) == ["poverty_rate", "median_disposable_income"])
    }

    @Test func wideMappingToAnUnknownIndicator() throws {
        let file = F.bytes("code;chomage\nQN06224M;20\n")
        let mapping = ColumnMapping(indicators: ["chomage": "unemployment_rate"])
        let refused = try F.read(file, IndicatorFileOptions(format: .wide, mapping: mapping, period: "2019"))
        #expect(refused.report.problems.map(\.description) == ["ligne 1, colonne « chomage » : indicateur « unemployment_rate » inconnu"])
        let created = try F.read(file, IndicatorFileOptions(format: .wide, mapping: mapping, period: "2019", createMissingIndicators: true))
        #expect(created.report.newIndicators == ["unemployment_rate"])
        #expect(created.observations == [F.observation(10, "unemployment_rate", "2019", .number(20), line: 2)])
    }

    @Test func widePeriodFromOptionOrColumn() throws {
        let file = F.bytes("code;annee;poverty_rate\nQN06224M;2019;61,5\nQN06224M;2020;62\n")
        let fromColumn = try F.read(file, IndicatorFileOptions(format: .wide))
        #expect(fromColumn.observations.map(\.period) == ["2019", "2020"])
        #expect(fromColumn.report.isClean)

        let forced = try F.read(file, IndicatorFileOptions(format: .wide, period: "2021"))
        #expect(forced.report.notes == ["colonne « annee » ignorée : la période « 2021 » s'applique à toutes les lignes"])
        // Both rows now say 2021 with different values: a conflict.
        #expect(forced.report.problemCount == 1)

        let none = try F.read(F.bytes("code;poverty_rate\nQN06224M;61,5\n"), IndicatorFileOptions(format: .wide))
        #expect(none.report.problems.map(\.message) == ["aucune colonne de période et aucune période indiquée : précisez la période des valeurs (par exemple 2020)"])
    }

    @Test func longFileWithoutPeriodColumnTakesTheOption() throws {
        let file = F.bytes("code;indicateur;valeur\nQN06224M;poverty_rate;61,5\n")
        #expect(try F.read(file, IndicatorFileOptions(period: "2019")).observations == [F.observation(10, "poverty_rate", "2019", .number(61.5), line: 2)])
    }

    @Test func sharedCodesFollowTheKindOrTheResolutionOrder() throws {
        let file = F.bytes("code;indicateur;periode;valeur\n32;population;2021;190000\n")
        let bare = try F.read(file)
        #expect(bare.observations.map(\.territoryID) == [2])
        #expect(bare.report.notes == ["le code « 32 » (ligne 2) désigne aussi : Région ; « Département » retenu. Précisez le niveau si ce n'est pas le bon."])
        #expect(try F.read(file, IndicatorFileOptions(kind: .region)).observations.map(\.territoryID) == [1])
        let strict = try F.read(file, IndicatorFileOptions(ambiguity: .reject))
        #expect(strict.report.problems.map(\.message) == ["code « 32 » ambigu : il désigne plusieurs niveaux (Département, Région) ; précisez le niveau"])
    }

    @Test func problemsAreCappedButCounted() throws {
        var text = "code;indicateur;periode;valeur\n"
        for index in 0..<50 { text += "QN06224M;poverty_rate;\(2000 + index);x\(index)\n" }
        let (_, report) = try F.read(F.bytes(text), IndicatorFileOptions(maxProblems: 10))
        #expect(report.problems.count == 10)
        #expect(report.problemCount == 50)
        #expect(report.problems.first?.line == 2)
    }

    // MARK: Streaming

    static let mixedFile = F.bytes("\u{FEFF}code;nom;indicateur;periode;valeur\r\nQN06224M;\"Cité des\r\nFleurs\";poverty_rate;2019;61,5\r\n246200364;CALL;poverty_rate;2019;36,1\r\n1001;Abergement;population;2021;\"6\u{202F}206\"\r\nQN06225M;\"Grande \"\"Résidence\"\"\";poverty_rate;2019;s\r\nQN99999X;?;poverty_rate;2019;1\r\nQN06224M;Cité;poverty_rate;2019;62\r\n2A004;Ajaccio;population;2021")

    @Test(arguments: [1, 2, 3, 7, 64, 100_000])
    func chunkSizeDoesNotChangeTheResult(size: Int) throws {
        let whole = try F.read(Self.mixedFile)
        #expect(whole.observations.count == 4)
        #expect(whole.report.problems.count == 3)
        let chunked = try F.readInChunks(Self.mixedFile, size: size)
        #expect(chunked.observations == whole.observations)
        #expect(chunked.report == whole.report)
        // With a forced dialect the bytes go straight to the CSV reader, chunk by chunk.
        let dialect = CSVDialect(separator: UInt8(ascii: ";"), encoding: .utf8)
        let forced = try F.readInChunks(Self.mixedFile, size: size, IndicatorFileOptions(dialect: dialect))
        #expect(forced.observations == whole.observations)
        #expect(forced.report.problems == whole.report.problems)
    }

    @Test func observationsComeInBatches() throws {
        let file = F.bytes("code;indicateur;periode;valeur\n" + (2000..<2005).map { "QN06224M;poverty_rate;\($0);60\n" }.joined())
        var reader = IndicatorFileReader(options: IndicatorFileOptions(batchSize: 2), codes: F.index, indicators: F.indicators)
        var sizes: [Int] = []
        try reader.consume(file[...]) { sizes.append($0.count) }
        let report = try reader.finish { sizes.append($0.count) }
        #expect(sizes == [2, 2, 1])
        #expect(report.observationsAccepted == 5)
    }

    @Test func anErrorFromTheCallerStopsTheReading() throws {
        let file = F.bytes("code;indicateur;periode;valeur\nQN06224M;poverty_rate;2019;61,5\n")
        var reader = IndicatorFileReader(options: IndicatorFileOptions(batchSize: 1), codes: F.index, indicators: F.indicators)
        try reader.consume(file[...]) { _ in }
        #expect(throws: StopImport.self) { _ = try reader.finish { _ in throw StopImport() } }
        var second = IndicatorFileReader(options: IndicatorFileOptions(dialect: CSVDialect(separator: 59, encoding: .utf8), batchSize: 1), codes: F.index, indicators: F.indicators)
        #expect(throws: StopImport.self) { try second.consume(file[...]) { _ in throw StopImport() } }
    }
}
