import Foundation
import SheetTestSupport
import Testing

@testable import SheetSchema

@Suite struct FrenchDateTests {
    func iso(_ text: String) -> String? {
        if case .success(let parsed) = FrenchDate.parse(text) { return parsed.iso }
        return nil
    }

    @Test(arguments: [
        ("15/03/2024", "2024-03-15"), ("1/3/2024", "2024-03-01"), ("15-03-2024", "2024-03-15"),
        ("15.03.2024", "2024-03-15"),
        ("2024-03-15", "2024-03-15"), ("2024-03-15 00:00:00", "2024-03-15"), ("1er mars 2024", "2024-03-01"),
        ("15 mars 2024", "2024-03-15"), ("lundi 15 avril 2024", "2024-04-15"), ("29 février 2024", "2024-02-29"),
        ("3 AOÛT 2023", "2023-08-03"), ("12 déc. 2025", "2025-12-12"), ("15/03/24", "2024-03-15"),
        ("01/01/85", "1985-01-01"),
    ])
    func datesAreRead(_ text: String, _ expected: String) {
        #expect(iso(text) == expected, "\(text)")
    }

    @Test func twoDigitYearsAreNoted() throws {
        guard case .success(let parsed) = FrenchDate.parse("15/03/24") else {
            Issue.record("not read")
            return
        }
        #expect(parsed.twoDigitYear)
    }

    @Test func monthFirstIsNeverGuessed() {
        #expect(FrenchDate.parse("03/15/2024") == .failure(.monthFirst))
        #expect(iso("03/04/2024") == "2024-04-03", "day first, always")
    }

    @Test(arguments: ["31/02/2024", "29/02/2023", "2024-13-01", "32/01/2024"])
    func impossibleDaysAreRefused(_ text: String) {
        #expect(iso(text) == nil)
    }

    @Test(arguments: ["demain", "15 mars", "2024", "15/03/2024 14:00", "1/2/3"])
    func nonDatesAreRefused(_ text: String) {
        #expect(iso(text) == nil, "\(text)")
    }

    @Test func cellSerialsBecomeDates() {
        #expect(FrenchDate.fromCell(daysSince18991230: 45366).iso == "2024-03-15")
    }
}
