public import Foundation
public import SheetReading

/// A value read for a field: typed, with its canonical text.
public enum TypedValue: Sendable, Equatable {
    case text(String)
    /// The value, and its canonical text (`-1234.5`: no grouping, no trailing zeros), computed
    /// once where it is cheap rather than from the Decimal each time. (Boxed: with a 36-byte
    /// payload the enum was copied through its value witness, ~300 instructions, at every copy
    /// of any value; boxed, a copy is a retain, and a number costs one allocation when read.)
    indirect case number(Decimal, text: String)
    case boolean(Bool)
    /// ISO `YYYY-MM-DD` (also `YYYY-MM-DDTHH:MM:SS`, `HH:MM:SS`, `YYYY-MM` for the other kinds).
    case date(String)
    case list([TypedValue])

    public var canonical: String {
        switch self {
        case .text(let text): return text
        case .number(_, let text): return text
        case .boolean(let value): return value ? "true" : "false"
        case .date(let text): return text
        case .list(let items): return items.map(\.canonical).joined(separator: ";")
        }
    }

    static func number(_ value: Decimal) -> TypedValue { .number(value, text: NumberText.canonical(value)) }

    public var decimal: Decimal? {
        if case .number(let value, _) = self { return value }
        return nil
    }

    /// A number in millionths, when it has at most six decimals and less than 10¹² (every amount
    /// and count does): compared and added up as an integer, exactly. nil otherwise.
    public var millionths: Int64? {
        guard case .number(_, let text) = self else { return nil }
        return Self.millionths(canonical: text)
    }

    /// The same from a number's canonical text (`-1234.5`: no grouping, `.` before decimals).
    public static func millionths(canonical: String) -> Int64? {
        return canonical.withUTF8Bytes { bytes -> Int64? in
            var index = 0
            let negative = bytes.first == UInt8(ascii: "-")
            if negative { index = 1 }
            guard index < bytes.count else { return nil }
            var value: Int64 = 0
            var integerDigits = 0
            var decimals = -1
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "."), decimals < 0 {
                    decimals = 0
                } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    if decimals >= 0 { decimals += 1 } else { integerDigits += 1 }
                    guard integerDigits <= 12, decimals <= 6 else { return nil }
                    value = value * 10 + Int64(byte - UInt8(ascii: "0"))
                } else {
                    return nil
                }
                index += 1
            }
            for _ in max(decimals, 0)..<6 { value *= 10 }
            return negative ? -value : value
        }
    }
}

/// What one cell gave for one field.
public struct FieldOutcome: Sendable {
    public var value: TypedValue?
    public var issues: [(code: IssueCode, severity: Severity?, message: Message, normalised: String?)] = []
    /// The value as found (text of the cell, or its canonical form for typed cells).
    public var original: String?

    var hasError: Bool { issues.contains { ($0.severity ?? $0.code.defaultSeverity) == .error } }
}

/// Reads cells for fields: the cell's own type (XLSX numbers, dates, booleans, errors) or its
/// text (CSV, text cells) parsed by the field's type, kind and locale, then the constraints.
public struct FieldReader: Sendable {
    public let places: FrenchPlaces?
    /// The current year, for `"maximum": "current+1"` on years (fixed per run).
    public let currentYear: Int

    public init(places: FrenchPlaces?, currentYear: Int) {
        self.places = places
        self.currentYear = currentYear
    }

    /// `fromWorkbook`: the cell comes from XLSX, where the producer typed it (so a number in a
    /// text cell was typed as text); in CSV everything is text.
    public func read(_ cell: Cell?, in row: Row, field: Field, missingValues: [String], fromWorkbook: Bool)
        -> FieldOutcome
    {
        var outcome = FieldOutcome()
        guard let cell else { return missing(field, &outcome) }
        switch cell.kind {
        case .error:
            let text = row.text(of: cell)
            outcome.original = text
            outcome.issues.append(
                (.excelError, nil, Message(fr: "valeur d'erreur Excel \(text)", en: "Excel error value \(text)"), nil))
            return outcome
        case .formulaWithoutValue:
            outcome.original = "=" + row.text(of: cell)
            outcome.issues.append(
                (
                    .formulaWithoutValue, nil,
                    Message(
                        fr: "formule sans valeur calculée (enregistrer le fichier après recalcul)",
                        en: "formula without a cached value (save the file after recalculating)"), nil
                ))
            return outcome
        default:
            break
        }
        // The text is needed to parse text cells and for text fields; for a typed cell of a
        // numeric, date or boolean field it is made only when an issue has to show the value.
        let needsText = cell.kind == .text || field.type == .string || field.type == .any || field.type == .list
        let text = needsText ? cellText(cell, in: row) : ""
        if needsText { outcome.original = text }
        let missingValues = field.missingValues ?? missingValues
        if cell.kind == .text {
            // (Lengths first: most texts are longer than every missing value.)
            let trimmed = text.trimmingWhitespaceAndNBSP()
            let length = trimmed.utf8.count
            if missingValues.contains(where: { $0.utf8.count == length && $0 == trimmed }) {
                return missing(field, &outcome)
            }
        }
        let source = CellSource(kind: cell.kind, number: cell.number, fromWorkbook: fromWorkbook)
        let parsed = typed(source, text: text, field: field, type: field.type, outcome: &outcome)
        if let parsed {
            outcome.value = parsed
            checkConstraints(parsed, field: field, outcome: &outcome)
        }
        if !needsText && !outcome.issues.isEmpty { outcome.original = cellText(cell, in: row) }
        return outcome
    }

    private func missing(_ field: Field, _ outcome: inout FieldOutcome) -> FieldOutcome {
        if field.constraints.required {
            outcome.issues.append(
                (
                    .constraintError, nil,
                    Message(fr: "valeur obligatoire manquante", en: "required value is missing"), nil
                ))
        }
        return outcome
    }

    /// The text of a cell as a person sees it (numbers in shortest form, dates ISO).
    func cellText(_ cell: Cell, in row: Row) -> String {
        switch cell.kind {
        case .text, .error, .formulaWithoutValue: return row.text(of: cell)
        case .number: return NumberText.canonical(cell.number)
        case .boolean: return cell.number != 0 ? "true" : "false"
        case .date: return FrenchDate.fromCell(daysSince18991230: cell.number).iso
        case .dateTime, .time, .duration:
            let civil = CivilDateTime(daysSince18991230: cell.number)
            return FrenchDate.Parsed(year: civil.year, month: civil.month, day: civil.day, twoDigitYear: false).iso
        }
    }

    private func typeError(_ outcome: inout FieldOutcome, _ message: Message) -> TypedValue? {
        outcome.issues.append((.typeError, nil, message, nil))
        return nil
    }

    /// What the parsers need of a cell: its kind and number, and whether a producer typed it.
    struct CellSource {
        var kind: CellKind
        var number: Double
        var fromWorkbook: Bool

        static func text(fromWorkbook: Bool) -> CellSource {
            CellSource(kind: .text, number: 0, fromWorkbook: fromWorkbook)
        }
    }

    func typed(_ cell: CellSource, text: String, field: Field, type: FieldType, outcome: inout FieldOutcome)
        -> TypedValue?
    {
        let trimmed = text.trimmingWhitespaceAndNBSP()
        switch type {
        case .string, .any:
            return string(cell, text: trimmed, field: field, outcome: &outcome)
        case .integer, .number:
            if cell.kind == .number, let value = FrenchNumber.decimal(fromCellNumber: cell.number) {
                if type == .integer && cell.number != cell.number.rounded() {
                    return typeError(
                        &outcome, Message(fr: "un nombre entier est attendu", en: "a whole number is expected"))
                }
                return .number(value, text: NumberText.canonical(cell.number))
            }
            if cell.kind != .text {
                return typeError(&outcome, Message(fr: "un nombre est attendu", en: "a number is expected"))
            }
            let kind: FrenchNumber.Kind = field.kind == .amount ? .amount : (type == .integer ? .integer : .decimal)
            let result: Result<FrenchNumber.Parsed, FrenchNumber.Failure>
            if field.isFrench || field.kind == .amount {
                result = FrenchNumber.parse(trimmed, kind: kind)
            } else {
                result = StandardNumber.parse(trimmed, field: field, integer: type == .integer)
            }
            switch result {
            case .success(let parsed):
                for note in parsed.notes {
                    outcome.issues.append((.valueNote, nil, NumberNotes.message(note), nil))
                }
                if cell.fromWorkbook {
                    outcome.issues.append(
                        (.numberAsText, nil, Message(fr: "nombre saisi comme texte", en: "number stored as text"), nil))
                }
                return .number(parsed.value, text: parsed.text ?? NumberText.canonical(parsed.value))
            case .failure(let failure):
                if failure == .ambiguous {
                    outcome.issues.append((.ambiguousNumber, nil, failure.message, nil))
                    return nil
                }
                return typeError(&outcome, failure.message)
            }
        case .boolean:
            if cell.kind == .boolean { return .boolean(cell.number != 0) }
            if field.trueValues.contains(trimmed) { return .boolean(true) }
            if field.falseValues.contains(trimmed) { return .boolean(false) }
            if field.isFrench, let value = FrenchBoolean.parse(trimmed) { return .boolean(value) }
            return typeError(
                &outcome,
                Message(fr: "oui ou non attendu", en: "yes or no expected (\(field.trueValues.joined(separator: "/")))")
            )
        case .date:
            if cell.kind == .date || cell.kind == .dateTime {
                return .date(FrenchDate.fromCell(daysSince18991230: cell.number).iso)
            }
            if cell.kind == .number {
                // A date typed in a cell shown as General: the serial of the workbook's system.
                outcome.issues.append(
                    (
                        .dateAsNumber, nil,
                        Message(
                            fr: "date saisie comme un nombre (numéro de série Excel)",
                            en: "date stored as a number (Excel serial)"),
                        nil
                    ))
                return .date(FrenchDate.fromCell(daysSince18991230: cell.number).iso)
            }
            // A Table Schema pattern (`%d/%m/%Y`) says exactly how the dates are written.
            if let pattern = field.format, pattern.contains("%") {
                guard let parsed = TemporalText.parse(trimmed, pattern: pattern) else {
                    return typeError(
                        &outcome,
                        Message(
                            fr: "date au format \(pattern) attendue", en: "a date in the format \(pattern) is expected")
                    )
                }
                return .date(parsed.iso)
            }
            switch FrenchDate.parse(trimmed) {
            case .success(let parsed):
                if !field.isFrench, field.format != "any", trimmed != parsed.iso {
                    return typeError(
                        &outcome, Message(fr: "date ISO AAAA-MM-JJ attendue", en: "ISO date YYYY-MM-DD expected"))
                }
                if parsed.twoDigitYear {
                    outcome.issues.append(
                        (
                            .valueNote, nil,
                            Message(
                                fr: "année sur deux chiffres complétée : \(parsed.year)",
                                en: "two-digit year read as \(parsed.year)"),
                            nil
                        ))
                }
                return .date(parsed.iso)
            case .failure(let failure):
                return typeError(&outcome, failure.message)
            }
        case .year:
            if cell.kind == .number, cell.number == cell.number.rounded(), cell.number >= 1000, cell.number <= 9999 {
                return .number(Decimal(Int(cell.number)), text: String(Int(cell.number)))
            }
            if cell.kind == .date {
                let year = FrenchDate.fromCell(daysSince18991230: cell.number).year
                return .number(Decimal(year), text: String(year))
            }
            if trimmed.count == 4, let year = Int(trimmed) { return .number(Decimal(year), text: String(year)) }
            return typeError(
                &outcome, Message(fr: "une année sur quatre chiffres est attendue", en: "a four-digit year is expected")
            )
        case .list:
            let separators = Set(field.delimiter.unicodeScalars).union(field.isFrench ? [";", ",", "/", "\n"] : [])
            let items = trimmed.unicodeScalars.split { separators.contains($0) }.map {
                String(String.UnicodeScalarView($0)).trimmingWhitespaceAndNBSP()
            }
            .filter { !$0.isEmpty }
            var values: [TypedValue] = []
            let itemField = field.listItem()
            for item in items {
                var itemOutcome = FieldOutcome()
                let source = CellSource.text(fromWorkbook: false)
                if let value = typed(source, text: item, field: itemField, type: field.itemType, outcome: &itemOutcome)
                {
                    itemOutcome.value = value
                    checkConstraints(value, field: itemField, outcome: &itemOutcome)
                    values.append(itemOutcome.value ?? value)
                }
                outcome.issues.append(contentsOf: itemOutcome.issues)
            }
            return .list(values)
        case .datetime:
            if cell.kind == .dateTime || cell.kind == .date {
                return .date(TemporalText.dateTime(CivilDateTime(daysSince18991230: cell.number)))
            }
            if let value = TemporalText.parseDateTime(trimmed, french: field.isFrench) { return .date(value) }
            return typeError(
                &outcome,
                Message(
                    fr: "date et heure attendues (AAAA-MM-JJTHH:MM:SS)",
                    en: "a date and time is expected (YYYY-MM-DDTHH:MM:SS)"))
        case .time:
            if cell.kind == .time || (cell.kind == .number && cell.number >= 0 && cell.number < 1) {
                return .date(TemporalText.time(CivilDateTime(daysSince18991230: cell.number)))
            }
            if let value = TemporalText.parseTime(trimmed) { return .date(value) }
            return typeError(
                &outcome, Message(fr: "heure attendue (HH:MM[:SS])", en: "a time is expected (HH:MM[:SS])"))
        case .yearmonth:
            if cell.kind == .date || cell.kind == .dateTime {
                return .date(String(FrenchDate.fromCell(daysSince18991230: cell.number).iso.prefix(7)))
            }
            if let value = TemporalText.parseYearMonth(trimmed, french: field.isFrench) { return .date(value) }
            return typeError(
                &outcome, Message(fr: "mois attendu (AAAA-MM ou MM/AAAA)", en: "a month is expected (YYYY-MM)"))
        }
    }

    private func string(_ cell: CellSource, text: String, field: Field, outcome: inout FieldOutcome) -> TypedValue? {
        if let kind = field.kind {
            return identifierOrPlace(kind, cell: cell, text: text, outcome: &outcome)
        }
        let normalised = TextKey.normalisedText(text)
        switch field.format {
        case "email":
            let parts = normalised.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasSuffix("."),
                !normalised.contains(" ")
            else {
                return typeError(
                    &outcome, Message(fr: "adresse électronique attendue", en: "an email address is expected"))
            }
        case "uri":
            guard let colon = normalised.firstIndex(of: ":"), colon != normalised.startIndex,
                normalised[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }),
                !normalised.contains(" ")
            else { return typeError(&outcome, Message(fr: "adresse web (URI) attendue", en: "a URI is expected")) }
        case "uuid":
            let groups = normalised.split(separator: "-", omittingEmptySubsequences: false).map(\.count)
            guard groups == [8, 4, 4, 4, 12], normalised.allSatisfy({ $0 == "-" || $0.isHexDigit }) else {
                return typeError(&outcome, Message(fr: "UUID attendu", en: "a UUID is expected"))
            }
        default:
            break
        }
        return .text(normalised)
    }

    private func identifierOrPlace(_ kind: ValueKind, cell: CellSource, text: String, outcome: inout FieldOutcome)
        -> TypedValue?
    {
        func identifier(_ verdict: Identifiers.Verdict, _ name: String, digits: Int?) -> TypedValue? {
            if cell.kind == .number {
                var message = Message(
                    fr:
                        "\(name) saisi comme un nombre : les zéros de tête et les derniers chiffres peuvent être perdus",
                    en: "\(name) stored as a number: leading zeros and last digits may be lost")
                var severity = Severity.warning
                if case .invalid = verdict {
                    severity = .error
                    message.fr += " (ici, l'identifiant n'est plus valide)"
                    message.en += " (here the identifier is no longer valid)"
                }
                outcome.issues.append((.identifierAsNumber, severity, message, nil))
                if severity == .error { return nil }
            }
            switch verdict {
            case .valid(let cleaned): return .text(cleaned)
            case .invalid(_, let reason):
                let why: Message
                switch reason {
                case .length:
                    why = Message(
                        fr: "\(name) : \(digits ?? 0) chiffres attendus", en: "\(name): \(digits ?? 0) digits expected")
                case .notDigits: why = Message(fr: "\(name) : chiffres attendus", en: "\(name): digits expected")
                case .checksum: why = Message(fr: "\(name) : clé de contrôle fausse", en: "\(name): wrong check digit")
                case .format:
                    why = Message(fr: "\(name) : format W + 9 chiffres attendu", en: "\(name): W + 9 digits expected")
                }
                return typeError(&outcome, why)
            }
        }
        switch kind {
        case .siren: return identifier(Identifiers.siren(text), "SIREN", digits: 9)
        case .siret: return identifier(Identifiers.siret(text), "SIRET", digits: 14)
        case .rna: return identifier(Identifiers.rna(text), "RNA", digits: nil)
        case .postalCode:
            var candidate = text
            if cell.kind == .number, text.count == 4 {
                candidate = "0" + text
                outcome.issues.append(
                    (
                        .identifierAsNumber, .warning,
                        Message(
                            fr: "code postal saisi comme un nombre : zéro de tête rétabli",
                            en: "postal code stored as a number: leading zero restored"),
                        candidate
                    ))
            }
            return identifier(Identifiers.postalCode(candidate), "code postal", digits: 5)
        case .amount:
            return .text(text)
        case .region:
            guard let places else { return .text(text) }
            switch places.region(text) {
            case .found(let region): return .text(region.code)
            case .former(let name, let successor):
                outcome.issues.append(
                    (
                        .formerRegion, nil,
                        Message(
                            fr: "ancienne région « \(name) » (avant 2016) lue comme \(successor.name)",
                            en: "former region '\(name)' (before 2016) read as \(successor.name)"), successor.code
                    ))
                return .text(successor.code)
            case .unknown:
                return typeError(&outcome, Message(fr: "région inconnue", en: "unknown region"))
            }
        case .department:
            guard let places else { return .text(text) }
            switch places.department(text) {
            case .found(let department): return .text(department.code)
            case .corsicaUndivided:
                return typeError(
                    &outcome,
                    Message(
                        fr: "« 20 » : préciser 2A (Corse-du-Sud) ou 2B (Haute-Corse)",
                        en: "'20': say 2A (Corse-du-Sud) or 2B (Haute-Corse)"))
            case .outOfScope(let code):
                return typeError(
                    &outcome,
                    Message(
                        fr: "\(code) : collectivité hors du champ du programme",
                        en: "\(code): collectivity outside the programme"))
            case .unknown:
                return typeError(&outcome, Message(fr: "département inconnu", en: "unknown department"))
            }
        }
    }

    func checkConstraints(_ value: TypedValue, field: Field, outcome: inout FieldOutcome) {
        let c = field.constraints
        func fail(_ fr: String, _ en: String) {
            outcome.issues.append((.constraintError, nil, Message(fr: fr, en: en), nil))
        }
        switch value {
        case .text(let text):
            if let allowed = c.enumValues {
                if allowed.contains(text) { break }
                let key = TextKey.make(text)
                if let canonical = field.synonyms[key] ?? allowed.first(where: { TextKey.make($0) == key }) {
                    outcome.value = .text(canonical)
                    return checkConstraints(.text(canonical), field: field, outcome: &outcome)
                }
                fail(
                    "valeur hors de la liste (\(allowed.prefix(8).joined(separator: ", "))\(allowed.count > 8 ? ", …" : ""))",
                    "value not in the list (\(allowed.prefix(8).joined(separator: ", "))\(allowed.count > 8 ? ", …" : ""))"
                )
            }
            // Characters are counted only when the bytes leave a doubt (never more characters than bytes).
            let bytes = text.utf8.count
            if let minimum = c.minLength, bytes < minimum || text.count < minimum {
                fail("au moins \(minimum) caractères attendus", "at least \(minimum) characters expected")
            }
            if let maximum = c.maxLength, bytes > maximum, case let length = text.count, length > maximum {
                fail("au plus \(maximum) caractères (\(length) ici)", "at most \(maximum) characters (\(length) here)")
            }
            if let pattern = c.pattern, let regex = field.patternRegex, (try? regex.wholeMatch(in: text)) == nil {
                fail(
                    "ne respecte pas le format attendu (\(pattern))", "does not match the expected format (\(pattern))")
            }
        case .number(let number, _):
            if let minimum = c.minimum, number < minimum { fail("doit être ≥ \(minimum)", "must be ≥ \(minimum)") }
            if let maximum = c.maximum, number > maximum { fail("doit être ≤ \(maximum)", "must be ≤ \(maximum)") }
            if let minimum = c.exclusiveMinimum, number <= minimum {
                fail("doit être > \(minimum)", "must be > \(minimum)")
            }
            if let maximum = c.exclusiveMaximum, number >= maximum {
                fail("doit être < \(maximum)", "must be < \(maximum)")
            }
            if field.type == .year {
                if let text = field.minimumText, let bound = yearBound(text), number < Decimal(bound) {
                    fail("année ≥ \(bound) attendue", "year ≥ \(bound) expected")
                }
                if let text = field.maximumText, let bound = yearBound(text), number > Decimal(bound) {
                    fail("année ≤ \(bound) attendue", "year ≤ \(bound) expected")
                }
            }
            if let allowed = c.enumValues, !allowed.contains(value.canonical) {
                fail(
                    "valeur hors de la liste (\(allowed.joined(separator: ", ")))",
                    "value not in the list (\(allowed.joined(separator: ", ")))")
            }
        case .date(let iso):
            if let minimum = field.minimumText, iso < minimum {
                fail("date ≥ \(minimum) attendue", "date ≥ \(minimum) expected")
            }
            if let maximum = field.maximumText, iso > maximum {
                fail("date ≤ \(maximum) attendue", "date ≤ \(maximum) expected")
            }
        case .boolean, .list:
            break
        }
    }

    /// `2018`, `current`, `current+1`.
    func yearBound(_ text: String) -> Int? {
        if let value = Int(text) { return value }
        guard text.hasPrefix("current") else { return nil }
        let rest = text.dropFirst("current".count)
        if rest.isEmpty { return currentYear }
        return Int(rest).map { currentYear + $0 }  // "+1" and "-1" parse as they are
    }
}

extension Decimal {
    var rounded: Decimal {
        var result = Decimal()
        var copy = self
        NSDecimalRound(&result, &copy, 0, .plain)
        return result
    }
}

enum NumberNotes {
    static func message(_ note: FrenchNumber.Note) -> Message {
        switch note {
        case .dotDecimal: return Message(fr: "point lu comme virgule décimale", en: "dot read as the decimal point")
        case .englishSeparators:
            return Message(
                fr: "séparateurs à l'anglaise (1,234.56) lus comme tels",
                en: "English separators (1,234.56) read as such")
        case .multiplier:
            return Message(fr: "multiplicateur (k€, M€, Md€) appliqué", en: "multiplier (k€, M€, Md€) applied")
        }
    }
}

/// Numbers in the standard Table Schema forms (`decimalChar`, `groupChar`, `bareNumber`).
enum StandardNumber {
    static func parse(_ text: String, field: Field, integer: Bool) -> Result<FrenchNumber.Parsed, FrenchNumber.Failure>
    {
        var body = text
        if let group = field.groupChar { body = body.replacingOccurrences(of: group, with: "") }
        if field.decimalChar != "." { body = body.replacingOccurrences(of: field.decimalChar, with: ".") }
        if !field.bareNumber {
            body = String(
                body.unicodeScalars.filter {
                    ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E"
                }.map(Character.init))
        }
        guard !body.isEmpty,
            body.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || "+-.eE".unicodeScalars.contains($0) }),
            let value = Decimal(string: body, locale: Locale(identifier: "en_US_POSIX"))
        else { return .failure(.notANumber) }
        if integer && value != value.rounded { return .failure(.notAnInteger) }
        return .success(FrenchNumber.Parsed(value: value, notes: []))
    }
}

/// Canonical text of numbers without going through Decimal's (slow) formatting where possible.
enum NumberText {
    /// `-0012.3400` → `-12.34`; `5.` → `5`.
    static func canonical(digits: String, negative: Bool) -> String {
        var text = Substring(digits)
        if text.contains(".") {
            while text.last == "0" { text = text.dropLast() }
            if text.last == "." { text = text.dropLast() }
        }
        while text.count > 1 && text.first == "0" && text.dropFirst().first != "." { text = text.dropFirst() }
        if text.isEmpty || text == "0" { return "0" }
        return negative ? "-" + text : String(text)
    }

    static func canonical(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 9e15 { return String(Int(value)) }
        let text = value.description
        if text.utf8.contains(UInt8(ascii: "e")) {
            return FrenchNumber.decimal(fromCellNumber: value).map(canonical) ?? text
        }
        return text
    }

    static func canonical(_ value: Decimal) -> String {
        NSDecimalNumber(decimal: value).stringValue
    }
}

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

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static func time(_ civil: CivilDateTime) -> String {
        "\(two(civil.hour)):\(two(civil.minute)):\(two(civil.second))"
    }

    static func dateTime(_ civil: CivilDateTime) -> String {
        FrenchDate.Parsed(year: civil.year, month: civil.month, day: civil.day, twoDigitYear: false).iso + "T"
            + time(civil)
    }

    /// `14:30`, `14:30:05`, `14h30` → `HH:MM:SS`.
    static func parseTime(_ text: String) -> String? {
        let parts = text.lowercased().split(whereSeparator: { $0 == ":" || $0 == "h" }).map(String.init)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count <= 2 && Int($0) != nil }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), hour < 24, minute < 60
        else { return nil }
        let second = parts.count == 3 ? Int(parts[2]) ?? 99 : 0
        guard second < 60 else { return nil }
        return "\(two(hour)):\(two(minute)):\(two(second))"
    }

    /// `2024-03-15T14:30:00` (ISO, `Z` allowed), or a French date followed by a time
    /// (`15/03/2024 14:30`) where the field is French.
    static func parseDateTime(_ text: String, french: Bool) -> String? {
        let separators: [Character] = ["T", " "]
        guard let split = text.firstIndex(where: { separators.contains($0) }) else { return nil }
        let datePart = String(text[..<split])
        var timePart = String(text[text.index(after: split)...]).trimmingCharacters(in: .whitespaces)
        if timePart.hasSuffix("Z") { timePart.removeLast() }
        guard case .success(let date) = FrenchDate.parse(datePart), let time = parseTime(timePart) else { return nil }
        if !french && datePart != date.iso { return nil }
        return date.iso + "T" + time
    }

    /// `2024-03`, and `03/2024` or `mars 2024` where the field is French.
    static func parseYearMonth(_ text: String, french: Bool) -> String? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" }).map(String.init)
        if parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
            (1...12).contains(month)
        {
            return "\(year)-\(two(month))"
        }
        guard french else { return nil }
        if parts.count == 2, parts[1].count == 4, let year = Int(parts[1]), let month = Int(parts[0]),
            (1...12).contains(month)
        {
            return "\(year)-\(two(month))"
        }
        let words = TextKey.make(text).split(separator: " ").map(String.init)
        if words.count == 2, let month = FrenchDate.months[words[0]], words[1].count == 4, let year = Int(words[1]) {
            return "\(year)-\(two(month))"
        }
        return nil
    }
}
