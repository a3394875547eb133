public import Foundation

/// Numbers as French spreadsheets and people write them, read into `Decimal` (never `Double`):
/// decimal comma; thousands groups of exactly three digits separated by a space, NBSP, narrow
/// NBSP or thin space (or dots, when a decimal comma follows or there are several groups);
/// `−` (U+2212) and accounting parentheses as minus; for amounts, `€`, `EUR`, `euros`, `HT`,
/// `TTC` around the number and the `k€`/`M€`/`Md€` multipliers (with a warning). `1234.56` is
/// read with a warning; `1.234` alone is ambiguous and refused — unless the column's own
/// convention (`DecimalConvention`, decided from its other values) says which separator it uses.
public enum FrenchNumber {
    /// What a number is expected to be.
    public enum Kind: Sendable {
        /// A whole number.
        case integer
        /// Any number.
        case decimal
        /// A sum of money: currency words and multipliers allowed.
        case amount
    }

    /// Something worth telling the reviewer about a value that was read.
    public enum Note: String, Sendable, Equatable {
        /// `1234.56`: a dot used as the decimal separator.
        case dotDecimal = "dot-decimal"
        /// `1,234.56`: English separators.
        case englishSeparators = "english-separators"
        /// `12 k€`, `1,5 M€`: a multiplier was applied.
        case multiplier = "amount-multiplier"
    }

    /// A number read, and what is worth telling about how.
    public struct Parsed: Sendable, Equatable {
        /// The value, exactly.
        public var value: Decimal
        /// What the reviewer should know about the reading (`1234.56` read as a decimal).
        public var notes: [Note]
        /// Canonical text (`-1234.5`), when it came for free (no multiplier applied).
        public var text: String?
        /// What the text shows, by itself, of its column's decimal separator.
        public var evidence: ConventionEvidence

        /// A number read.
        public init(value: Decimal, notes: [Note], text: String? = nil, evidence: ConventionEvidence = .none) {
            self.value = value
            self.notes = notes
            self.text = text
            self.evidence = evidence
        }
    }

    /// Why a text is not a number of the kind expected.
    public enum Failure: Error, Sendable, Equatable {
        /// Nothing to read.
        case empty
        /// Not a number.
        case notANumber
        /// `1.234`: a thousands group or three decimals?
        case ambiguous
        /// `1,234` in a column that shows both decimal separators: three decimals or a thousands group?
        case ambiguousComma
        /// Thousands separators out of place.
        case badGrouping
        /// A decimal where a whole number is expected.
        case notAnInteger
        /// A currency or multiplier in a column that is not an amount.
        case unitNotAllowed

        /// What to tell the submitter.
        public var message: Message {
            switch self {
            case .empty: return Message(fr: "valeur vide", en: "empty value")
            case .notANumber: return Message(fr: "ce n'est pas un nombre", en: "not a number")
            case .ambiguous:
                return Message(
                    fr: "nombre ambigu : le point sépare-t-il les milliers ou les décimales ? Écrire 1234 ou 1,234",
                    en: "ambiguous number: is the dot a thousands separator or the decimal point? Write 1234 or 1,234")
            case .ambiguousComma:
                return Message(
                    fr:
                        "nombre ambigu : la colonne mêle virgule et point décimaux ; la virgule sépare-t-elle les milliers ou les décimales ? Écrire 1234 ou 1,234 sans point ailleurs",
                    en:
                        "ambiguous number: the column mixes decimal commas and dots; is the comma a thousands separator or the decimal point? Write 1234, or 1,234 with no dot elsewhere"
                )
            case .badGrouping:
                return Message(
                    fr: "séparateurs de milliers mal placés (groupes de trois chiffres attendus)",
                    en: "thousands separators in the wrong places (groups of three digits expected)")
            case .notAnInteger: return Message(fr: "un nombre entier est attendu", en: "a whole number is expected")
            case .unitNotAllowed:
                return Message(
                    fr: "unité ou devise non admise dans cette colonne",
                    en: "unit or currency not allowed in this column")
            }
        }
    }

    static let groupSpaces: Set<Unicode.Scalar> = [" ", "\u{00A0}", "\u{202F}", "\u{2009}"]

    /// Reads a number in the forms above; `decimal`: the separator its column uses, which decides
    /// `1.234` and `1,234` (a thousands group, or three decimals).
    public static func parse(_ input: String, kind: Kind, decimal: DecimalConvention = .unknown) -> Result<
        Parsed, Failure
    > {
        var text = Substring(input.trimmingCharacters(in: .whitespacesAndNewlines))
        guard !text.isEmpty else { return .failure(.empty) }
        var notes: [Note] = []
        var negative = false
        if text.hasPrefix("(") && text.hasSuffix(")") {
            negative = true
            text = text.dropFirst().dropLast()
        }
        // Units and currencies around the number.
        var multiplier: Decimal = 1
        var changed = true
        while changed {
            changed = false
            text = Substring(
                text.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\u{202F}\u{2009}"))))
            let lower = text.lowercased()
            for (word, factor) in unitWords {
                if lower.hasSuffix(word) {
                    // A word needs a non-letter before it (not "12euros" → fine, but "HT" inside a word no).
                    let before = text.dropLast(word.count).last
                    if word.first?.isLetter == true, let before, before.isLetter { continue }
                    guard kind == .amount else { return .failure(.unitNotAllowed) }
                    text = text.dropLast(word.count)
                    if factor != 1 {
                        guard multiplier == 1 else { return .failure(.notANumber) }
                        multiplier = factor
                        notes.append(.multiplier)
                    }
                    changed = true
                    break
                }
                if lower.hasPrefix(word) && factor == 1 {
                    guard kind == .amount else { return .failure(.unitNotAllowed) }
                    text = text.dropFirst(word.count)
                    changed = true
                    break
                }
            }
        }
        if text.hasPrefix("-") || text.hasPrefix("\u{2212}") || text.hasPrefix("\u{2013}") {
            if negative { return .failure(.notANumber) }
            negative = true
            text = text.dropFirst()
        } else if text.hasPrefix("+") {
            text = text.dropFirst()
        }
        var evidence = ConventionEvidence.none
        guard let canonical = canonicalDigits(text, notes: &notes, decimal: decimal, evidence: &evidence) else {
            if evidence == .ambiguous { return .failure(text.contains(",") ? .ambiguousComma : .ambiguous) }
            return .failure(failureReason(text))
        }
        guard var value = Decimal(string: canonical, locale: posix) else {
            return .failure(.notANumber)
        }
        value *= multiplier
        if negative { value = -value }
        if kind == .integer {
            var rounded = Decimal()
            var copy = value
            NSDecimalRound(&rounded, &copy, 0, .plain)
            guard rounded == value else { return .failure(.notAnInteger) }
        }
        let canonicalText = multiplier == 1 ? NumberText.canonical(digits: canonical, negative: negative) : nil
        return .success(Parsed(value: value, notes: notes, text: canonicalText, evidence: evidence))
    }

    /// Longest first, so that `Md€` is seen before `€`.
    static let unitWords: [(String, Decimal)] = [
        ("mds€", 1_000_000_000), ("mrd€", 1_000_000_000), ("md€", 1_000_000_000), ("m€", 1_000_000), ("k€", 1000),
        ("meur", 1_000_000), ("keur", 1000), ("euros", 1), ("euro", 1), ("eur", 1), ("€", 1), ("ttc", 1), ("ht", 1),
    ]

    /// Digits with one `.` for the decimal point, or nil (the reason is found by `failureReason`,
    /// or is the ambiguity `evidence` says). `evidence`: what the text shows of the separator.
    static func canonicalDigits(
        _ text: Substring, notes: inout [Note], decimal: DecimalConvention, evidence: inout ConventionEvidence
    ) -> String? {
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return nil }
        var commas = 0
        var dots = 0
        var spaces = 0
        for scalar in scalars {
            if scalar == "," {
                commas += 1
            } else if scalar == "." {
                dots += 1
            } else if groupSpaces.contains(scalar) {
                spaces += 1
            } else if !("0"..."9").contains(scalar) {
                return nil
            }
        }
        let string = String(String.UnicodeScalarView(scalars))
        func splitGroups(_ part: Substring, by separators: Set<Unicode.Scalar>) -> String? {
            let groups = part.split(omittingEmptySubsequences: false) { character in
                character.unicodeScalars.count == 1 && separators.contains(character.unicodeScalars.first!)
            }
            guard let first = groups.first, !first.isEmpty, first.count <= 3 || groups.count == 1 else { return nil }
            for group in groups.dropFirst() where group.count != 3 { return nil }
            return groups.joined()
        }
        var integerPart: Substring
        var fraction: Substring = ""
        switch (commas, dots) {
        case (0, 0):
            integerPart = Substring(string)
        case (1, 0):
            let parts = string.split(separator: ",", omittingEmptySubsequences: false)
            integerPart = parts[0]
            fraction = parts[1]
            guard spaces == 0, looksLikeThousands(parts[0], parts[1]) else {
                evidence = .commaDecimal
                break
            }
            // 1,234: three decimals (the French reading, unless the column says otherwise) or 1234.
            evidence = .ambiguous
            switch decimal {
            case .unknown, .comma: break
            case .dot:
                integerPart = Substring(parts[0] + parts[1])
                fraction = ""
                notes.append(.englishSeparators)
            case .disputed: return nil
            }
        case (1, _) where dots >= 1:
            // 1.234.567,89 (dots group thousands) or 1,234.56 (English).
            let commaIndex = string.firstIndex(of: ",")!
            let dotIndex = string.firstIndex(of: ".")!
            if dotIndex < commaIndex {
                evidence = .commaDecimal
                integerPart = string[..<commaIndex]
                fraction = string[string.index(after: commaIndex)...]
                guard let joined = splitGroups(integerPart, by: ["."]) else { return nil }
                integerPart = Substring(joined)
            } else {
                guard dots == 1 else { return nil }
                evidence = .dotDecimal
                integerPart = string[..<dotIndex]
                fraction = string[string.index(after: dotIndex)...]
                guard let joined = splitGroups(integerPart, by: [","]) else { return nil }
                integerPart = Substring(joined)
                notes.append(.englishSeparators)
            }
        case (0, 1):
            let parts = string.split(separator: ".", omittingEmptySubsequences: false)
            integerPart = parts[0]
            fraction = parts[1]
            guard spaces == 0, looksLikeThousands(parts[0], parts[1]) else {
                evidence = .dotDecimal
                notes.append(.dotDecimal)
                break
            }
            // 1.234: three decimals or 1234, as the column says; ambiguous when it says nothing.
            evidence = .ambiguous
            switch decimal {
            case .unknown, .disputed: return nil
            case .dot: notes.append(.dotDecimal)
            case .comma:
                integerPart = Substring(parts[0] + parts[1])
                fraction = ""
            }
        case (0, _) where dots > 1:
            // 1.234.567: only thousands groups.
            evidence = .commaDecimal
            guard let joined = splitGroups(Substring(string), by: ["."]) else { return nil }
            integerPart = Substring(joined)
        default:
            return nil
        }
        guard fraction.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else { return nil }
        if spaces > 0 {
            guard let joined = splitGroups(integerPart, by: groupSpaces) else { return nil }
            integerPart = Substring(joined)
        }
        guard !integerPart.isEmpty || !fraction.isEmpty,
            integerPart.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) })
        else { return nil }
        return (integerPart.isEmpty ? "0" : String(integerPart)) + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// `1.234` or `1,234`: one to three digits (not a lone leading zero: `0.125` is a decimal)
    /// and exactly three after the separator — a thousands group as much as three decimals.
    static func looksLikeThousands(_ before: Substring, _ after: Substring) -> Bool {
        (1...3).contains(before.count) && after.count == 3 && before.first != "0"
            && before.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) })
    }

    /// Why `canonicalDigits` refused: ambiguity and grouping get their own words.
    static func failureReason(_ text: Substring) -> Failure {
        let scalars = text.unicodeScalars
        let allowed = scalars.allSatisfy {
            ("0"..."9").contains($0) || $0 == "," || $0 == "." || groupSpaces.contains($0)
        }
        guard allowed, scalars.contains(where: { ("0"..."9").contains($0) }) else { return .notANumber }
        let dots = scalars.filter { $0 == "." }.count
        let commas = scalars.filter { $0 == "," }.count
        if dots == 1 && commas == 0 {
            let parts = String(text).split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 2 && parts[1].count == 3 { return .ambiguous }
        }
        return .badGrouping
    }

    /// A number read from a numeric spreadsheet cell, as a Decimal (through its shortest text,
    /// so that 0.1 stays 0.1).
    public static func decimal(fromCellNumber value: Double) -> Decimal? {
        guard value.isFinite else { return nil }
        // Whole numbers and numbers with up to 9 decimals (as spreadsheets hold money) are built
        // exactly from their shortest digits, without text.
        if value == value.rounded(), abs(value) < 9e15 { return Decimal(Int(value)) }
        var scale = 1.0
        for k in 1...9 {
            scale *= 10
            let scaled = (abs(value) * scale).rounded()
            if scaled >= 9e15 { break }
            if scaled / scale == abs(value) {
                // n × 10^-k, exact: the significand's exponent is set (the same Decimal as a
                // multiplication by a power of ten, at a fraction of its cost).
                let decimal = Decimal(sign: .plus, exponent: -k, significand: Decimal(Int(scaled)))
                return value < 0 ? -decimal : decimal
            }
        }
        return Decimal(string: "\(value)", locale: posix)
    }

    static let posix = Locale(identifier: "en_US_POSIX")
}
