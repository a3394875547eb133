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
        #expect(TemporalText.parseDateTime("2024-03-15T14:30:00Z", french: false) == "2024-03-15T14:30:00Z")
        #expect(TemporalText.parseDateTime("15/03/2024 14:30", french: true) == "2024-03-15T14:30:00")
        #expect(TemporalText.parseDateTime("15/03/2024 14:30", french: false) == nil, "standard fields take ISO only")
        #expect(TemporalText.parseYearMonth("2024-03", french: false) == "2024-03")
        #expect(TemporalText.parseYearMonth("03/2024", french: true) == "2024-03")
        #expect(TemporalText.parseYearMonth("mars 2024", french: true) == "2024-03")
        #expect(TemporalText.parseYearMonth("2024-13", french: true) == nil)
        #expect(TemporalText.parseTime("25:00") == nil)
    }

    /// A date-time with an offset is the same instant in UTC, written with `Z` (the day changes
    /// when the offset crosses midnight); a time keeps its offset (no day to convert against).
    @Test func offsetsAreReadAndNormalised() {
        #expect(TemporalText.parseDateTime("2024-03-15T14:30:00+02:00", french: false) == "2024-03-15T12:30:00Z")
        #expect(TemporalText.parseDateTime("2024-03-15T00:30:00+02:00", french: false) == "2024-03-14T22:30:00Z")
        #expect(TemporalText.parseDateTime("2024-12-31T23:30:00-03:30", french: false) == "2025-01-01T03:00:00Z")
        #expect(TemporalText.parseDateTime("2024-03-15T14:30:00+0200", french: false) == "2024-03-15T12:30:00Z")
        #expect(TemporalText.parseDateTime("2024-03-15T14:30:00+1:00", french: false) == nil)
        #expect(TemporalText.parseDateTime("2024-03-15T14:30:00+25:00", french: false) == nil)
        #expect(TemporalText.parseDateTime("2024-03-15T14:30:00", french: false) == "2024-03-15T14:30:00")
        #expect(TemporalText.parseTime("06:00:00Z") == "06:00:00Z")
        #expect(TemporalText.parseTime("06:00:00+00:00") == "06:00:00Z")
        #expect(TemporalText.parseTime("06:00:00+01:00") == "06:00:00+01:00")
        #expect(TemporalText.parseTime("23:59:59-05:00") == "23:59:59-05:00")
        #expect(TemporalText.parseTime("06:00:00+1:00") == nil)
        #expect(TemporalText.parseTime("06:00+01:00") == nil)
    }
}
