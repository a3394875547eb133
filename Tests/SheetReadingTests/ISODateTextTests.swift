import Foundation
import SheetReading
import Testing

/// `CivilDateTime.isoDate`, `isoTime`, `isoDateTime` and the `writeISO…` functions behind them:
/// the one way dates and times become text (CSV and JSON values, canonical values of validated
/// fields, submission dates, the manifest).
@Suite struct ISODateTextTests {
    @Test(arguments: [
        // The 1900 system: serial 59 and the fictitious 60 are both February 28, 61 is March 1.
        (DateSystem.excel1900, 1.0, "1900-01-01"), (.excel1900, 59.0, "1900-02-28"), (.excel1900, 60.0, "1900-02-28"),
        (.excel1900, 61.0, "1900-03-01"), (.excel1900, 45351.0, "2024-02-29"), (.excel1900, 36585.0, "2000-02-29"),
        (.excel1900, 73109.0, "2100-02-28"), (.excel1900, 73110.0, "2100-03-01"), (.excel1900, 2958465.0, "9999-12-31"),
        // The 1904 system: serial 0 is 1904-01-01, itself a leap year.
        (.excel1904, 0.0, "1904-01-01"), (.excel1904, 59.0, "1904-02-29"), (.excel1904, 60.0, "1904-03-01"),
    ])
    func datesOfSerials(_ system: DateSystem, _ serial: Double, _ expected: String) {
        #expect(CivilDateTime(daysSince18991230: system.daysSince18991230(serial: serial)).isoDate == expected)
    }

    @Test func timesAndDateTimesHaveTwoDigitsEachAndRoundToTheSecond() {
        let afternoon = CivilDateTime(daysSince18991230: 45366 + (14 * 3600 + 5 * 60 + 9) / 86_400.0)
        #expect(afternoon.isoTime == "14:05:09")
        #expect(afternoon.isoDateTime == "2024-03-15T14:05:09")
        #expect(afternoon.isoYearMonth == "2024-03")
        #expect(CivilDateTime(year: 987, month: 1, day: 2).isoYearMonth == "0987-01")
        #expect(CivilDateTime(daysSince18991230: 0.5).isoTime == "12:00:00")
        // A hair before midnight rounds to the next day, as Excel shows it.
        #expect(CivilDateTime(daysSince18991230: 45351 + 86_399.9996 / 86_400).isoDateTime == "2024-03-01T00:00:00")
    }

    @Test func yearsOutsideFourDigitsAreWrittenWhole() {
        #expect(CivilDateTime(year: 5, month: 1, day: 2).isoDate == "0005-01-02")
        #expect(CivilDateTime(year: 10_000, month: 3, day: 15).isoDate == "10000-03-15")
        #expect(
            CivilDateTime(year: -1, month: 12, day: 31, hour: 23, minute: 59, second: 58).isoDateTime
                == "-1-12-31T23:59:58")
    }

    @Test(arguments: [
        (0, "1970-01-01T00:00:00"), (-1, "1969-12-31T23:59:59"), (951_782_400, "2000-02-29T00:00:00"),
        (1_718_357_400, "2024-06-14T09:30:00"), (4_102_444_799, "2099-12-31T23:59:59"),
    ])
    func secondsSince1970(_ seconds: Int, _ expected: String) {
        #expect(CivilDateTime(secondsSince1970: seconds).isoDateTime == expected)
    }

    /// Against Foundation's formatter, over two centuries of seconds (seeded: the same every run).
    @Test func secondsAgreeWithFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let seconds = Int(state >> 1) % 6_311_390_400 - 2_208_988_800  // 1900 to 2100
            let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(CivilDateTime(secondsSince1970: seconds).isoDateTime + "Z" == expected, "\(seconds)")
        }
    }

    @Test func writersReturnTheCountTheyWrote() {
        let civil = CivilDateTime(year: 2024, month: 2, day: 29, hour: 7, minute: 8, second: 9)
        var bytes = [UInt8](repeating: 0, count: CivilDateTime.maxISODateTimeBytes)
        let count = bytes.withUnsafeMutableBufferPointer { buffer in
            civil.writeISODateTime(buffer.baseAddress.unsafelyUnwrapped)
        }
        #expect(count == 19)
        #expect(String(decoding: bytes[..<count], as: UTF8.self) == "2024-02-29T07:08:09")
        #expect(bytes[count...].allSatisfy { $0 == 0 }, "nothing written past the count")
    }
}
