import Testing

@testable import SheetReading

@Suite struct ExcelDateTests {
    @Test(arguments: [
        (1.0, "1900-01-01"), (59.0, "1900-02-28"), (61.0, "1900-03-01"), (45366.0, "2024-03-15"),
        (2958465.0, "9999-12-31"),
    ])
    func serials1900(_ serial: Double, _ date: String) {
        let civil = CivilDateTime(daysSince18991230: DateSystem.excel1900.daysSince18991230(serial: serial))
        #expect(zeroPadded(civil.year, 4) + "-" + zeroPadded(civil.month, 2) + "-" + zeroPadded(civil.day, 2) == date)
    }

    @Test func serials1904StartIn1904() {
        let civil = CivilDateTime(daysSince18991230: DateSystem.excel1904.daysSince18991230(serial: 0))
        #expect((civil.year, civil.month, civil.day) == (1904, 1, 1))
    }

    @Test func timesRoundToTheNearestSecondWithoutDrift() {
        let civil = CivilDateTime(daysSince18991230: 45366 + (14 * 3600 + 30 * 60 + 5) / 86_400.0)
        #expect((civil.hour, civil.minute, civil.second) == (14, 30, 5))
        let almostMidnight = CivilDateTime(daysSince18991230: 45366 + 86_399.9996 / 86_400)
        #expect((almostMidnight.day, almostMidnight.hour) == (16, 0))
    }

    @Test func civilDaysRoundTrip() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let civil = CivilDateTime.civilFromDays(days)
            #expect(CivilDateTime.daysFromCivil(year: civil.year, month: civil.month, day: civil.day) == days)
        }
    }
}

func zeroPadded(_ value: Int, _ width: Int) -> String {
    let digits = "\(value)"
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
