import Foundation
import SheetReading

/// Dates as French submitters write them — `15/03/2024` (canonical), `1/3/2024`, `15-03-2024`,
/// `15.03.2024`, ISO `2024-03-15`, `15/03/24` (with a warning), `1er mars 2024`, `15 mars 2024`,
/// `lundi 15 mars 2024` — and Excel serials from date cells. Day first, unless the column's own
/// dates show month first (`DateOrder`, decided from its other values): in a day-first column
/// `03/15/2024` is refused (there is no month 15), never read as March 15.
public enum FrenchDate {
    /// A calendar date read from text or a cell.
    public struct Parsed: Sendable, Equatable {
        /// The year (four digits once read).
        public var year: Int
        /// The month, 1 to 12.
        public var month: Int
        /// The day of the month.
        public var day: Int
        /// `15/03/24`: the century was supplied (20xx up to 69, 19xx from 70).
        public var twoDigitYear: Bool
        /// What the text shows, by itself, of its column's order of day and month.
        public var evidence: ConventionEvidence = .none

        /// `2024-03-15`.
        public var iso: String { CivilDateTime(year: year, month: month, day: day).isoDate }
    }

    /// Why a text is not a date.
    public enum Failure: Error, Sendable, Equatable {
        /// Nothing to read.
        case empty
        /// Not a date in any accepted form.
        case notADate
        /// A date the calendar does not have (`31/02/2024`).
        case invalidDay(String)
        /// Month first (`03/15/2024`): refused, dates are read day first.
        case monthFirst
        /// Day first (`15/03/2024`) in a column whose dates are written month first.
        case dayFirst

        /// What to tell the submitter.
        public var message: Message {
            switch self {
            case .empty: return Message(fr: "valeur vide", en: "empty value")
            case .notADate:
                return Message(
                    fr: "ce n'est pas une date (jj/mm/aaaa attendu)", en: "not a date (dd/mm/yyyy expected)")
            case .invalidDay(let text):
                return Message(
                    fr: "cette date n'existe pas au calendrier (\(text))", en: "no such day in the calendar (\(text))")
            case .monthFirst:
                return Message(
                    fr: "le deuxième nombre n'est pas un mois : les dates se lisent jour/mois/année",
                    en: "the second number is not a month: dates are read day/month/year")
            case .dayFirst:
                return Message(
                    fr: "le premier nombre n'est pas un mois : les dates de cette colonne s'écrivent mois/jour/année",
                    en: "the first number is not a month: this column's dates are written month/day/year")
            }
        }
    }

    static let months: [String: Int] = [
        "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "mar": 3, "avril": 4, "avr": 4,
        "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "sep": 9, "octobre": 10,
        "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
    ]
    static let weekdays: Set<String> = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

    /// Reads a date in any of the forms above; `order`: how its column writes day and month
    /// (`03/04/2024` is 3 April day first, 4 March month first).
    public static func parse(_ input: String, order: DateOrder = .dayFirst) -> Result<Parsed, Failure> {
        let text = input.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return .failure(.empty) }
        // ISO, possibly with a midnight time (CSV exports of date cells).
        if let iso = isoDate(text) { return iso }
        // Numeric day-first forms.
        let separators = CharacterSet(charactersIn: "/-.")
        let numericParts = text.components(separatedBy: separators)
        if numericParts.count == 3, numericParts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) {
            guard let first = Int(numericParts[0]), let second = Int(numericParts[1]),
                var year = Int(numericParts[2]),
                numericParts[0].count <= 2, numericParts[1].count <= 2,
                numericParts[2].count == 4 || numericParts[2].count == 2
            else { return .failure(.notADate) }
            let twoDigits = numericParts[2].count == 2
            if twoDigits { year += year < 70 ? 2000 : 1900 }
            let evidence: ConventionEvidence
            switch (first > 12, second > 12) {
            case (true, true): return .failure(.notADate)
            case (true, false): evidence = .dayFirst
            case (false, true): evidence = .monthFirst
            case (false, false): evidence = first == second || first == 0 || second == 0 ? .none : .ambiguous
            }
            let (day, month) = order == .dayFirst ? (first, second) : (second, first)
            if month > 12 { return .failure(order == .dayFirst ? .monthFirst : .dayFirst) }
            var parsed = checked(year: year, month: month, day: day, twoDigitYear: twoDigits, text: text)
            if case .success(var date) = parsed {
                date.evidence = evidence
                parsed = .success(date)
            }
            return parsed
        }
        // Words: [weekday] day[er] month year.
        var words = TextKey.make(text).split(separator: " ").map(String.init)
        if let first = words.first, weekdays.contains(first) { words.removeFirst() }
        guard words.count == 3 else { return .failure(.notADate) }
        var dayWord = words[0]
        if dayWord.hasSuffix("er") { dayWord.removeLast(2) }
        guard let day = Int(dayWord), let month = months[words[1]], words[2].count == 4, let year = Int(words[2]) else {
            return .failure(.notADate)
        }
        return checked(year: year, month: month, day: day, twoDigitYear: false, text: text)
    }

    private static func isoDate(_ text: String) -> Result<Parsed, Failure>? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = Int(String(decoding: bytes[0..<4], as: UTF8.self)),
            let month = Int(String(decoding: bytes[5..<7], as: UTF8.self)),
            let day = Int(String(decoding: bytes[8..<10], as: UTF8.self))
        else { return nil }
        if bytes.count > 10 {
            let rest = String(decoding: bytes[10...], as: UTF8.self)
            guard ["T00:00:00", " 00:00:00", "T00:00", " 00:00", "T00:00:00Z"].contains(rest) else {
                return .failure(.notADate)
            }
        }
        return checked(year: year, month: month, day: day, twoDigitYear: false, text: text)
    }

    private static func checked(year: Int, month: Int, day: Int, twoDigitYear: Bool, text: String) -> Result<
        Parsed, Failure
    > {
        guard CivilDateTime.isValid(year: year, month: month, day: day) else { return .failure(.invalidDay(text)) }
        return .success(Parsed(year: year, month: month, day: day, twoDigitYear: twoDigitYear))
    }

    /// A date cell (days since 1899-12-30, the workbook's date system already applied).
    public static func fromCell(daysSince18991230 days: Double) -> Parsed {
        let civil = CivilDateTime(daysSince18991230: days)
        return Parsed(year: civil.year, month: civil.month, day: civil.day, twoDigitYear: false)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

/// Yes/no as people write it in French forms: oui/non, o/n, x (ticked), 1/0, vrai/faux,
/// true/false, yes/no.
public enum FrenchBoolean {
    /// The boolean the text means, or nil.
    public static func parse(_ input: String) -> Bool? {
        switch TextKey.make(input) {
        case "oui", "o", "x", "1", "vrai", "true", "yes", "y": return true
        case "non", "n", "0", "faux", "false", "no": return false
        default: return nil
        }
    }
}
