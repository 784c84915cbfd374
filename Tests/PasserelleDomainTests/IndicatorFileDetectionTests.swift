import Testing
@testable import PasserelleDomain

@Suite struct IndicatorFileDetectionTests {
    @Test func longFrenchFile() throws {
        let file = Array("\u{FEFF}code;indicateur;période;valeur\r\nQN06224M;population;2020;6 206\r\nQN06225M;population;2020;6\u{202F}206\r\nQN06224M;poverty_rate;2019;61,5\r\nQN06225M;poverty_rate;2019;s\r\n62498;poverty_rate;2019;nd\r\n".utf8)
        let detection = try #require(IndicatorFileDetection.detect(file, isWholeFile: true))
        #expect(detection.dialect == CSVDialect(separator: UInt8(ascii: ";"), encoding: .utf8))
        #expect(detection.hasByteOrderMark)
        #expect(detection.header == ["code", "indicateur", "période", "valeur"])
        #expect(detection.format == .long)
        #expect(detection.territoryColumn == "code" && detection.indicatorColumn == "indicateur" && detection.periodColumn == "période" && detection.valueColumn == "valeur")
        #expect(detection.decimalCommaSeen && !detection.decimalPointSeen)
        #expect(detection.thousandsSeparators == [.space, .narrowNoBreakSpace])
        #expect(detection.markersSeen == ["s", "nd"])
        #expect(detection.sampleRows.count == 5)
        #expect(detection.summary == [
            "Séparateur : point-virgule",
            "Encodage : UTF-8 (avec BOM)",
            "Format probable : format long (une observation par ligne)",
            "Décimales : virgule",
            "Séparateur de milliers : espace, espace fine insécable",
            "Marques de secret ou d'absence : « s », « nd »",
        ])
    }

    @Test func windows1252WideFile() throws {
        var file: [UInt8] = Array("code;libell".utf8) + [0xE9] + Array(";taux_pauvrete;revenu_median\r\n".utf8)
        file += Array("QN06224M;L".utf8) + [0x92, 0xCE] + Array("le;61,5;10619\r\n".utf8)
        let detection = try #require(IndicatorFileDetection.detect(file, isWholeFile: true))
        #expect(detection.dialect.encoding == .windows1252)
        #expect(!detection.hasByteOrderMark)
        #expect(detection.header == ["code", "libellé", "taux_pauvrete", "revenu_median"])
        #expect(detection.sampleRows == [["QN06224M", "L\u{2019}Île", "61,5", "10619"]])
        #expect(detection.format == .wide)
        #expect(detection.indicatorColumn == nil)
    }

    @Test func tabSeparatedEnglishStyleNumbers() throws {
        let file = Array("code\tvalue\tother\nA\t1.234,5\t19698.8\nB\t1.234.567\t3\n".utf8)
        let detection = try #require(IndicatorFileDetection.detect(file, isWholeFile: true))
        #expect(detection.dialect.separator == UInt8(ascii: "\t"))
        #expect(detection.decimalCommaSeen && detection.decimalPointSeen)
        #expect(detection.thousandsSeparators == [.dot])
        #expect(detection.summary.contains("Décimales : virgule et point mêlés"))
    }

    @Test func aCutSampleLeavesItsLastLineOut() throws {
        let file = Array("code;indicateur;periode;valeur\nQN06224M;population;2020;6206\nQN06225M;popul".utf8)
        #expect(try #require(IndicatorFileDetection.detect(file)).sampleRows == [["QN06224M", "population", "2020", "6206"]])
        #expect(try #require(IndicatorFileDetection.detect(file, isWholeFile: true)).sampleRows.count == 2)
        // A sample cut inside a quoted field is not an error.
        let quoted = Array("code;nom\nQN06224M;\"Cité des".utf8)
        #expect(try #require(IndicatorFileDetection.detect(quoted, isWholeFile: true)).sampleRows == [])
    }

    @Test func sampleSizeIsBounded() throws {
        let file = Array(("code;valeur\n" + (0..<100).map { "C\($0);\($0)\n" }.joined()).utf8)
        #expect(try #require(IndicatorFileDetection.detect(file, sampleRowCount: 3)).sampleRows.count == 3)
    }

    @Test func emptySample() {
        #expect(IndicatorFileDetection.detect([]) == nil)
        #expect(IndicatorFileDetection.detect(Array("\n\n".utf8), isWholeFile: true) == nil)
    }

    @Test(arguments: [
        ("12,5 %", true, false, [ThousandsSeparator]()),
        ("10 619 €", false, false, [.space]),
        ("1.234,5", true, false, [.dot]),
        ("1,234.5", false, true, [.comma]),
        ("1\u{00A0}234", false, false, [.noBreakSpace]),
        ("- 5", false, false, []),
    ] as [(String, Bool, Bool, [ThousandsSeparator])])
    func numberStyles(text: String, comma: Bool, point: Bool, groups: [ThousandsSeparator]) {
        let style = IndicatorFileDetection.numberStyle(text)
        #expect(style.decimalComma == comma)
        #expect(style.decimalPoint == point)
        #expect(style.groups == Set(groups))
    }

    @Test func suggestedMapping() {
        let header = ["code", "Libellé", "Taux de pauvreté (seuil de 60 % du revenu médian)", "poverty_rate", "annee", "chomage"]
        let mapping = ColumnMapping.suggested(header: header, indicators: IndicatorCatalogue.standard)
        #expect(mapping.indicators == ["Taux de pauvreté (seuil de 60 % du revenu médian)": "poverty_rate", "poverty_rate": "poverty_rate"])
        #expect(mapping.ignored == ["Libellé"])
    }
}
