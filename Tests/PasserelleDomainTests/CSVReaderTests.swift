@testable import PasserelleDomain
import Testing

struct CSVReaderTests {
    private func read(_ text: String) throws -> (CSVDialect, [CSVRecord]) {
        let result = try CSVReader.read(Array(text.utf8))
        return (result.dialect, result.records)
    }

    @Test func semicolonsWithBOMAndCRLF() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("REG;Région;PMUN\r\n32;Hauts-de-France;6 004 108\r\n".utf8)
        let (dialect, records) = try CSVReader.read(bytes)
        #expect(dialect.separator == UInt8(ascii: ";"))
        #expect(dialect.encoding == .utf8)
        #expect(records == [
            CSVRecord(line: 1, fields: ["REG", "Région", "PMUN"]),
            CSVRecord(line: 2, fields: ["32", "Hauts-de-France", "6 004 108"]),
        ])
    }

    @Test func quotedFieldsKeepSeparatorsQuotesAndLineBreaks() throws {
        let (_, records) = try read("code,lib_com,n\r\n62194,\"Auchel; Calonne-Ricouart;\r\n  Marles-les-Mines\",2\r\nx,\"il a dit \"\"oui\"\"\",3\n")
        #expect(records.count == 3)
        #expect(records[1].fields == ["62194", "Auchel; Calonne-Ricouart;\r\n  Marles-les-Mines", "2"])
        #expect(records[1].line == 2)
        #expect(records[2].line == 4, "the record after a two-line field starts on line 4")
        #expect(records[2].fields[1] == "il a dit \"oui\"")
    }

    @Test func tabSeparatorAndBlankLinesAndNoFinalNewline() throws {
        let (dialect, records) = try read("a\tb\n\n1\t2\n\n3\t4")
        #expect(dialect.separator == UInt8(ascii: "\t"))
        #expect(records.map(\.fields) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(records.map(\.line) == [1, 3, 5])
    }

    @Test func windows1252IsDetectedAndDecoded() throws {
        // "Liévin;l’été" in Windows-1252: é = 0xE9, ’ = 0x92.
        let bytes: [UInt8] = Array("nom;texte\n".utf8) + [0x4C, 0x69, 0xE9, 0x76, 0x69, 0x6E, 0x3B, 0x6C, 0x92, 0xE9, 0x74, 0xE9, 0x0A]
        let (dialect, records) = try CSVReader.read(bytes)
        #expect(dialect.encoding == .windows1252)
        #expect(records[1].fields == ["Liévin", "l\u{2019}été"])
    }

    @Test func unterminatedQuoteIsReportedWithItsLine() throws {
        #expect(throws: CSVError.unterminatedQuote(line: 3)) {
            _ = try read("a,b\n1,2\n3,\"tronqué")
        }
    }

    @Test func chunkBoundariesDoNotChangeTheResult() throws {
        let text = "code;nom\r\n\"QN06224M\";\"Cité 12-14\"\r\n62498;\"Lens\r\nnord\"\r\n"
        let whole = try CSVReader.read(Array(text.utf8)).records
        var reader = CSVReader()
        var pieces: [CSVRecord] = []
        for byte in Array(text.utf8) {
            try reader.consume([byte][...]) { pieces.append($0) }
        }
        try reader.finish { pieces.append($0) }
        #expect(pieces == whole)
        #expect(whole.count == 3)
    }
}
