/// The one way sheetpipe writes dates and times: ISO 8601 in UTC without a zone suffix —
/// `2024-03-15`, `14:30:05`, `2024-03-15T14:30:05`. Years 0 to 9999 take four digits; others
/// are written as they are (`-1-03-15`, `10000-03-15`), as no spreadsheet shows them anyway.
///
/// The `write…` functions write at a pointer with room for `maxISODateTimeBytes` and return the
/// count, so that per-cell writers need no `String`.
extension CivilDateTime {
    /// Room any date-time text fits in (a 20-character year, 15 more for the rest).
    package static let maxISODateTimeBytes = 40

    /// From seconds since 1970-01-01T00:00:00 UTC (a file's modification time, the clock).
    package init(secondsSince1970 seconds: Int) {
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let civil = CivilDateTime.civilFromDays(days)
        self.init(
            year: civil.year, month: civil.month, day: civil.day, hour: secondOfDay / 3600,
            minute: secondOfDay % 3600 / 60, second: secondOfDay % 60)
    }

    /// `YYYY-MM-DD`.
    @inlinable
    package func writeISODate(_ p: UnsafeMutablePointer<UInt8>) -> Int {
        var written: Int
        if year >= 0 && year <= 9999 {
            Self.writeTwoDigits(year / 100, p)
            Self.writeTwoDigits(year % 100, p + 2)
            written = 4
        } else {
            written = Self.writeInteger(year, p)
        }
        p[written] = UInt8(ascii: "-")
        Self.writeTwoDigits(month, p + written + 1)
        p[written + 3] = UInt8(ascii: "-")
        Self.writeTwoDigits(day, p + written + 4)
        return written + 6
    }

    /// `HH:MM:SS`.
    @inlinable
    package func writeISOTime(_ p: UnsafeMutablePointer<UInt8>) -> Int {
        Self.writeTwoDigits(hour, p)
        p[2] = UInt8(ascii: ":")
        Self.writeTwoDigits(minute, p + 3)
        p[5] = UInt8(ascii: ":")
        Self.writeTwoDigits(second, p + 6)
        return 8
    }

    /// `YYYY-MM-DDTHH:MM:SS`.
    @inlinable
    package func writeISODateTime(_ p: UnsafeMutablePointer<UInt8>) -> Int {
        let n = writeISODate(p)
        p[n] = UInt8(ascii: "T")
        return n + 1 + writeISOTime(p + n + 1)
    }

    /// `2024-03` (the month of a `yearmonth` field).
    package var isoYearMonth: String { Self.text { writeISODate($0) - 3 } }
    /// `2024-03-15`.
    package var isoDate: String { Self.text { writeISODate($0) } }
    /// `14:30:05`.
    package var isoTime: String { Self.text { writeISOTime($0) } }
    /// `2024-03-15T14:30:05`.
    package var isoDateTime: String { Self.text { writeISODateTime($0) } }

    private static func text(_ write: (UnsafeMutablePointer<UInt8>) -> Int) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxISODateTimeBytes) { buffer in
            let start = buffer.baseAddress.unsafelyUnwrapped
            return String(decoding: UnsafeBufferPointer(start: start, count: write(start)), as: UTF8.self)
        }
    }

    @inlinable @inline(__always)
    static func writeTwoDigits(_ value: Int, _ p: UnsafeMutablePointer<UInt8>) {
        p[0] = UInt8(truncatingIfNeeded: 48 + value / 10)
        p[1] = UInt8(truncatingIfNeeded: 48 + value % 10)
    }

    /// Decimal digits of a year outside 0…9999, with its sign.
    @usableFromInline
    static func writeInteger(_ value: Int, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        var digits: [UInt8] = []
        var rest = value.magnitude
        repeat {
            digits.append(UInt8(truncatingIfNeeded: 48 + rest % 10))
            rest /= 10
        } while rest > 0
        if value < 0 { digits.append(UInt8(ascii: "-")) }
        for (offset, digit) in digits.reversed().enumerated() { p[offset] = digit }
        return digits.count
    }
}
