/// French identifiers: SIREN (9 digits), SIRET (14), RNA (W + 9 digits), postal codes. Cleaned
/// first (spaces, NBSP, narrow NBSP, `.` and `-` removed), then checked by their rules.
public enum Identifiers {
    /// Whether an identifier is valid, once cleaned.
    public enum Verdict: Equatable, Sendable {
        /// Valid: the cleaned identifier.
        case valid(String)
        /// Invalid: the cleaned text and why.
        case invalid(cleaned: String, reason: Reason)
    }

    /// Why an identifier is invalid.
    public enum Reason: String, Sendable {
        /// Too few or too many digits.
        case length
        /// Characters other than digits.
        case notDigits
        /// The check digit (Luhn) is wrong.
        case checksum
        /// Not in the identifier's form (RNA: W + 9 digits).
        case format
    }

    /// Spaces (U+0020, U+00A0, U+202F), dots and dashes removed.
    public static func clean(_ text: String) -> String {
        String(
            text.unicodeScalars.filter { scalar in
                !(scalar == " " || scalar == "\u{00A0}" || scalar == "\u{202F}" || scalar == "\u{2009}" || scalar == "."
                    || scalar == "-" || scalar == "\t")
            }.map(Character.init))
    }

    /// From the right, every second digit doubled (minus 9 above 9); valid when the sum is a
    /// multiple of 10.
    public static func luhn(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            var value = Int(digit)
            if offset % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }

    static func digits(_ text: String) -> [UInt8]? {
        var result: [UInt8] = []
        for byte in text.utf8 {
            guard byte >= 48 && byte <= 57 else { return nil }
            result.append(byte - 48)
        }
        return result
    }

    /// A SIREN: 9 digits, Luhn check.
    public static func siren(_ text: String) -> Verdict {
        let cleaned = clean(text)
        guard let digits = digits(cleaned) else { return .invalid(cleaned: cleaned, reason: .notDigits) }
        guard digits.count == 9 else { return .invalid(cleaned: cleaned, reason: .length) }
        return luhn(digits) ? .valid(cleaned) : .invalid(cleaned: cleaned, reason: .checksum)
    }

    /// La Poste's establishments share SIREN 356000000 and use another rule: the sum of the 14
    /// digits is a multiple of 5 (except its head office 35600000000048, which follows Luhn).
    public static func siret(_ text: String) -> Verdict {
        let cleaned = clean(text)
        guard let digits = digits(cleaned) else { return .invalid(cleaned: cleaned, reason: .notDigits) }
        guard digits.count == 14 else { return .invalid(cleaned: cleaned, reason: .length) }
        if cleaned.hasPrefix("356000000") && cleaned != "35600000000048" {
            let sum = digits.reduce(0) { $0 + Int($1) }
            return sum % 5 == 0 ? .valid(cleaned) : .invalid(cleaned: cleaned, reason: .checksum)
        }
        guard luhn(Array(digits.prefix(9))) else { return .invalid(cleaned: cleaned, reason: .checksum) }
        return luhn(digits) ? .valid(cleaned) : .invalid(cleaned: cleaned, reason: .checksum)
    }

    /// `W` + 9 digits; a lower-case `w` is an error (written as found, the reviewer decides).
    public static func rna(_ text: String) -> Verdict {
        let cleaned = clean(text)
        let bytes = Array(cleaned.utf8)
        guard bytes.count == 10 else { return .invalid(cleaned: cleaned, reason: .length) }
        guard bytes[0] == UInt8(ascii: "W"), bytes.dropFirst().allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            return .invalid(cleaned: cleaned, reason: .format)
        }
        return .valid(cleaned)
    }

    /// Five digits, kept as text (leading zeros matter).
    public static func postalCode(_ text: String) -> Verdict {
        let cleaned = String(
            text.unicodeScalars.filter { $0 != " " && $0 != "\u{00A0}" && $0 != "\u{202F}" }.map(Character.init))
        guard let digits = digits(cleaned) else { return .invalid(cleaned: cleaned, reason: .notDigits) }
        return digits.count == 5 ? .valid(cleaned) : .invalid(cleaned: cleaned, reason: .length)
    }
}
