import Testing

@testable import SheetReading

@Suite struct NumberParsingTests {
    @Test(arguments: [
        ("12", 12.0), ("-3.25", -3.25), (" 7 ", 7.0), ("1.5E-3", 0.0015), ("1E+2", 100.0), ("0.1", 0.1),
        ("0.30000000000000004", 0.30000000000000004), ("123456789012345678", 123_456_789_012_345_678.0),
        ("45678.123456789", 45678.123456789), (".5", 0.5),
    ])
    func parsesXMLNumbers(_ text: String, _ value: Double) {
        var copy = text
        copy.withUTF8 { #expect(NumberParsing.parseDouble($0) == value) }
    }

    @Test(arguments: ["", "abc", "1,5", "1.2.3", "--1", "1e", "NaN", "1 2"])
    func rejectsNonNumbers(_ text: String) {
        var copy = text
        copy.withUTF8 { #expect(NumberParsing.parseDouble($0) == nil) }
    }

    @Test func isoDatesOfDateCells() {
        #expect(NumberParsing.parseISODate("2024-03-15")?.kind == .date)
        #expect(NumberParsing.parseISODate("2024-03-15T10:30:00")?.kind == .dateTime)
        #expect(NumberParsing.parseISODate("10:30:00")?.kind == .time)
        #expect(NumberParsing.parseISODate("2024-02-30") == nil)
        #expect(NumberParsing.parseISODate("15/03/2024") == nil)
    }
}
