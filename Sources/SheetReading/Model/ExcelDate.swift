/// Dates as spreadsheets store them: a number of days. Inside sheetpipe every date-like cell holds
/// **days since 1899-12-30** (the 1900 system without its fictitious 1900-02-29), whatever the
/// workbook's own system was, so that later stages never need to know it. All arithmetic is on
/// the proleptic Gregorian calendar in UTC: no time zone is involved anywhere.
public enum DateSystem: Sendable, Equatable {
    /// Excel's default: serial 1 = 1900-01-01, and serial 60 is the non-existent 1900-02-29.
    case excel1900
    /// Older Mac workbooks (`<workbookPr date1904="1"/>`): serial 0 = 1904-01-01.
    case excel1904

    /// Converts a serial of this system to days since 1899-12-30.
    public func daysSince18991230(serial: Double) -> Double {
        switch self {
        case .excel1904: return serial + 1462
        case .excel1900: return serial < 60 ? serial + 1 : serial
        }
    }
}

/// A calendar date and time of day (proleptic Gregorian, no time zone), as a cell shows it.
public struct CivilDateTime: Sendable, Equatable {
    /// The year (four digits for the dates Excel shows).
    public var year: Int
    /// The month, 1…12.
    public var month: Int
    /// The day of the month, 1…31.
    public var day: Int
    /// The hour, 0…23.
    public var hour: Int
    /// The minute, 0…59.
    public var minute: Int
    /// The second, 0…59.
    public var second: Int

    /// From days since 1899-12-30, rounded to the nearest second (Excel's own display rounding).
    public init(daysSince18991230 value: Double) {
        let totalSeconds = (value * 86_400).rounded()
        // Clamp to a range Int can hold; values beyond year 9999 are not dates Excel shows anyway.
        let clamped = max(min(totalSeconds, 1e15), -1e15)
        let seconds = Int(clamped)
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        // 1899-12-30 is 25,569 days before 1970-01-01.
        let civil = CivilDateTime.civilFromDays(days - 25_569)
        year = civil.year
        month = civil.month
        day = civil.day
        hour = secondOfDay / 3600
        minute = (secondOfDay % 3600) / 60
        second = secondOfDay % 60
    }

    /// A date and time from its fields (not checked against the calendar).
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Days since 1899-12-30 for this date and time.
    public var daysSince18991230: Double {
        let days = CivilDateTime.daysFromCivil(year: year, month: month, day: day) + 25_569
        return Double(days) + Double(hour * 3600 + minute * 60 + second) / 86_400
    }

    /// Howard Hinnant's days_from_civil: days since 1970-01-01.
    package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Howard Hinnant's civil_from_days.
    package static func civilFromDays(_ daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    package static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard month >= 1 && month <= 12 && day >= 1 else { return false }
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let length = month == 2 && leap ? 29 : lengths[month - 1]
        return day <= length
    }
}
