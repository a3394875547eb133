import Foundation
import SheetReading
import SheetTestSupport
import Testing

@testable import SheetSchema

@Suite struct DatePatternTests {
    @Test(arguments: [
        ("15/03/2024", "%d/%m/%Y", "2024-03-15"), ("20240315", "%Y%m%d", "2024-03-15"),
        ("15.03.24", "%d.%m.%y", "2024-03-15"),
        ("3/1/2024", "%d/%m/%Y", "2024-01-03"),
    ])
    func patternsSayHowDatesAreWritten(_ text: String, _ pattern: String, _ iso: String) {
        #expect(TemporalText.parse(text, pattern: pattern)?.iso == iso)
    }

    @Test(arguments: [
        ("2024-03-15", "%d/%m/%Y"), ("31/02/2024", "%d/%m/%Y"), ("15/03/2024 ", "%d/%m/%Y"), ("15/03/2024", "%d/%m/%y"),
    ])
    func otherFormsAreRefused(_ text: String, _ pattern: String) {
        #expect(TemporalText.parse(text, pattern: pattern) == nil)
    }
}
