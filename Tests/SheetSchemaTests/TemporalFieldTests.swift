import Foundation
import SheetReading
import SheetTestSupport
import Testing

@testable import SheetSchema

@Suite struct TemporalFieldTests {
    @Test(arguments: [("14:30", "14:30:00"), ("14h30", "14:30:00"), ("9:05:07", "09:05:07")])
    func times(_ text: String, _ expected: String) {
        #expect(TemporalText.parseTime(text) == expected)
    }

    @Test func dateTimesAndMonths() {
        #expect(TemporalText.parseDateTime("2024-03-15T14:30:00Z", french: false) == "2024-03-15T14:30:00")
        #expect(TemporalText.parseDateTime("15/03/2024 14:30", french: true) == "2024-03-15T14:30:00")
        #expect(TemporalText.parseDateTime("15/03/2024 14:30", french: false) == nil, "standard fields take ISO only")
        #expect(TemporalText.parseYearMonth("2024-03", french: false) == "2024-03")
        #expect(TemporalText.parseYearMonth("03/2024", french: true) == "2024-03")
        #expect(TemporalText.parseYearMonth("mars 2024", french: true) == "2024-03")
        #expect(TemporalText.parseYearMonth("2024-13", french: true) == nil)
        #expect(TemporalText.parseTime("25:00") == nil)
    }
}
