import Foundation
import Testing
@testable import PasserelleDomain

@Suite struct CalendarDateTests {
    @Test func parsesAndFormatsISO() throws {
        let date = try #require(CalendarDate(iso: "2025-03-07"))
        #expect(date.year == 2025 && date.month == 3 && date.day == 7)
        #expect(date.iso == "2025-03-07")
        #expect(date.frenchText == "07/03/2025")
    }

    @Test(arguments: ["2025-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "25-03-07", "2025/03/07", "2025-3-7", "", "2025-03-07T00:00", "abcd-ef-gh"])
    func rejectsWhatIsNotADay(_ text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test func knowsLeapYears() {
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        #expect(CalendarDate(iso: "2000-02-29") != nil)
        #expect(CalendarDate(iso: "1900-02-29") == nil)
    }

    @Test func ordersDates() {
        #expect(isoDay("2024-12-31") < isoDay("2025-01-01"))
        #expect(isoDay("2025-01-31") < isoDay("2025-02-01"))
        #expect(!(isoDay("2025-02-01") < isoDay("2025-02-01")))
    }

    @Test func countsDays() {
        #expect(isoDay("1970-01-01").dayNumber == 0)
        #expect(isoDay("2000-03-01").dayNumber == 11_017)
        #expect(isoDay("2025-01-01").days(to: isoDay("2025-12-31")) == 364)
        #expect(isoDay("2024-01-01").days(to: isoDay("2025-01-01")) == 366)
        #expect(isoDay("2024-02-28").adding(days: 1) == isoDay("2024-02-29"))
        #expect(CalendarDate(dayNumber: isoDay("2031-07-14").dayNumber) == isoDay("2031-07-14"))
    }

    @Test func codesAsISOText() throws {
        let data = try JSONEncoder().encode([isoDay("2025-06-30")])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2025-06-30\"]")
        #expect(try JSONDecoder().decode([CalendarDate].self, from: data) == [isoDay("2025-06-30")])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CalendarDate].self, from: Data("[\"2025-06-31\"]".utf8)) }
    }
}
