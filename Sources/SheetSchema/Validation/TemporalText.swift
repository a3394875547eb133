import Foundation
import SheetReading

/// Times, date-times and months as text: ISO forms, and the French ones where the field is French.
enum TemporalText {
    /// A date written as a strftime-style pattern says (`%d/%m/%Y`, `%Y%m%d`, `%d.%m.%y`): `%d`,
    /// `%m`, `%Y`, `%y` and literal characters; the whole text must match.
    static func parse(_ text: String, pattern: String) -> FrenchDate.Parsed? {
        var input = Substring(text)
        var pattern = Substring(pattern)
        var day: Int?
        var month: Int?
        var year: Int?
        var twoDigits = false
        func number(_ maxDigits: Int, exact: Bool) -> Int? {
            let digits = input.prefix(maxDigits).prefix { $0.isASCIIDigit }
            guard !digits.isEmpty, !exact || digits.count == maxDigits else { return nil }
            input = input.dropFirst(digits.count)
            return Int(digits)
        }
        while let character = pattern.first {
            pattern = pattern.dropFirst()
            if character == "%", let directive = pattern.first {
                pattern = pattern.dropFirst()
                switch directive {
                case "d": day = number(2, exact: false)
                case "m": month = number(2, exact: false)
                case "Y": year = number(4, exact: true)
                case "y":
                    twoDigits = true
                    year = number(2, exact: true).map { $0 + ($0 < 70 ? 2000 : 1900) }
                default: return nil
                }
            } else {
                guard input.first == character else { return nil }
                input = input.dropFirst()
            }
        }
        guard input.isEmpty, let day, let month, let year, CivilDateTime.isValid(year: year, month: month, day: day)
        else {
            return nil
        }
        return FrenchDate.Parsed(year: year, month: month, day: day, twoDigitYear: twoDigits)
    }

    /// `14:30`, `14:30:05`, `14h30` → `HH:MM:SS`; with a UTC offset (`14:30:05Z`,
    /// `14:30:05+02:00`) → `HH:MM:SSZ` or `HH:MM:SS+02:00` (a time has no day to convert it to
    /// UTC against: the offset is kept, `Z` for a zero one).
    static func parseTime(_ text: String) -> String? {
        let (clock, offset) = splitOffset(text)
        guard let time = timeOfDay(clock) else { return nil }
        guard let offset else { return time.isoTime }
        guard clock.count == 8 else { return nil }  // an offset goes with a full HH:MM:SS
        return time.isoTime + offsetText(offset)
    }

    /// The hour, minute and second of `14:30`, `14:30:05`, `14h30` (on no particular day).
    private static func timeOfDay(_ text: Substring) -> CivilDateTime? {
        let parts = text.lowercased().split(whereSeparator: { $0 == ":" || $0 == "h" }).map(String.init)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count <= 2 && Int($0) != nil }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), hour < 24, minute < 60
        else { return nil }
        let second = parts.count == 3 ? Int(parts[2]) ?? 99 : 0
        guard second < 60 else { return nil }
        return CivilDateTime(year: 2000, month: 1, day: 1, hour: hour, minute: minute, second: second)
    }

    /// A clock text and its UTC offset in minutes (nil: none): `Z`, `±hh:mm`, `±hhmm`, `±hh`
    /// (RFC 3339 and the ISO 8601 forms frictionless accepts). A malformed offset (`+1:00`)
    /// leaves the text whole, which then does not read as a time.
    static func splitOffset(_ text: String) -> (clock: Substring, offset: Int?) {
        let whole = Substring(text)
        if text.hasSuffix("Z") || text.hasSuffix("z") { return (whole.dropLast(), 0) }
        guard let sign = text.lastIndex(where: { $0 == "+" || $0 == "-" }), sign != text.startIndex else {
            return (whole, nil)
        }
        let digits = text[text.index(after: sign)...].filter { $0 != ":" }
        let colons = text[text.index(after: sign)...].filter { $0 == ":" }.count
        guard digits.allSatisfy(\.isASCIIDigit), digits.count == 2 || digits.count == 4,
            colons == 0 || (colons == 1 && digits.count == 4 && text[text.index(sign, offsetBy: 3)] == ":"),
            let hours = Int(digits.prefix(2)), let minutes = Int(digits.count == 4 ? String(digits.suffix(2)) : "0"),
            hours < 24, minutes < 60
        else { return (whole, nil) }
        let offset = hours * 60 + minutes
        return (whole[..<sign], text[sign] == "-" ? -offset : offset)
    }

    /// `Z`, or `+hh:mm` / `-hh:mm`.
    private static func offsetText(_ minutes: Int) -> String {
        if minutes == 0 { return "Z" }
        let magnitude = abs(minutes)
        let hours = magnitude / 60
        let rest = magnitude % 60
        return (minutes < 0 ? "-" : "+") + (hours < 10 ? "0" : "") + String(hours) + ":" + (rest < 10 ? "0" : "")
            + String(rest)
    }

    /// `2024-03-15T14:30:00` (ISO), or a French date followed by a time (`15/03/2024 14:30`)
    /// where the field is French. With a UTC offset (`Z`, `+02:00`) the moment is converted to
    /// UTC and written `YYYY-MM-DDTHH:MM:SSZ`: one spelling per instant, so that keys compare
    /// and outputs sort; without one it stays a local (naive) date-time.
    static func parseDateTime(_ text: String, french: Bool) -> String? {
        let separators: [Character] = ["T", " "]
        guard let split = text.firstIndex(where: { separators.contains($0) }) else { return nil }
        let datePart = String(text[..<split])
        let timeText = String(text[text.index(after: split)...]).trimmingCharacters(in: .whitespaces)
        let (clock, offset) = splitOffset(timeText)
        guard case .success(let date) = FrenchDate.parse(datePart), let time = timeOfDay(clock) else { return nil }
        if !french && datePart != date.iso { return nil }
        guard let offset else {
            return CivilDateTime(
                year: date.year, month: date.month, day: date.day, hour: time.hour, minute: time.minute,
                second: time.second
            ).isoDateTime
        }
        guard clock.count == 8 else { return nil }  // an offset goes with a full HH:MM:SS
        let minutes = time.hour * 60 + time.minute - offset
        let days = CivilDateTime.daysFromCivil(year: date.year, month: date.month, day: date.day)
        let dayShift = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440)
        let inDay = minutes - dayShift * 1440
        let civil = CivilDateTime.civilFromDays(days + dayShift)
        return CivilDateTime(
            year: civil.year, month: civil.month, day: civil.day, hour: inDay / 60, minute: inDay % 60,
            second: time.second
        ).isoDateTime + "Z"
    }

    /// `2024-03`, and `03/2024` or `mars 2024` where the field is French.
    static func parseYearMonth(_ text: String, french: Bool) -> String? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" }).map(String.init)
        if parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
            (1...12).contains(month)
        {
            return CivilDateTime(year: year, month: month, day: 1).isoYearMonth
        }
        guard french else { return nil }
        if parts.count == 2, parts[1].count == 4, let year = Int(parts[1]), let month = Int(parts[0]),
            (1...12).contains(month)
        {
            return CivilDateTime(year: year, month: month, day: 1).isoYearMonth
        }
        let words = TextKey.make(text).split(separator: " ").map(String.init)
        if words.count == 2, let month = FrenchDate.months[words[0]], words[1].count == 4, let year = Int(words[1]) {
            return CivilDateTime(year: year, month: month, day: 1).isoYearMonth
        }
        return nil
    }
}
