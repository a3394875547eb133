import Foundation
public import SheetReading

/// Reads cells for fields: the cell's own type (XLSX numbers, dates, booleans, errors) or its
/// text (CSV, text cells) parsed by the field's type, kind and locale, then the constraints.
public struct FieldReader: Sendable {
    /// Regions and departments to check place fields against (nil: not checked).
    public let places: FrenchPlaces?
    /// The current year, for `"maximum": "current+1"` on years (fixed per run).
    public let currentYear: Int

    /// A reader checking places against `places`, years against `currentYear`.
    public init(places: FrenchPlaces?, currentYear: Int) {
        self.places = places
        self.currentYear = currentYear
    }

    /// Reads one cell (nil: absent) for a field. `fromWorkbook`: the cell comes from XLSX, where
    /// the producer typed it (so a number in a text cell was typed as text); in CSV everything is text.
    /// `convention`: how the column writes numbers and dates, where its file shows it.
    public func read(
        _ cell: Cell?, in row: Row, field: Field, missingValues: [String], fromWorkbook: Bool,
        convention: ColumnConvention = ColumnConvention()
    ) -> FieldOutcome {
        var outcome = FieldOutcome()
        guard let cell else { return missing(field, &outcome) }
        switch cell.kind {
        case .error:
            let text = row.text(of: cell)
            outcome.original = text
            outcome.issues.append(
                FieldIssue(
                    .excelError, nil, Message(fr: "valeur d'erreur Excel \(text)", en: "Excel error value \(text)"), nil
                ))
            return outcome
        case .formulaWithoutValue:
            outcome.original = "=" + row.text(of: cell)
            outcome.issues.append(
                FieldIssue(
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
        let needsText = cell.kind == .text || field.readsText
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
        let parsed = typed(
            source, text: text, field: field, type: field.type, convention: convention, outcome: &outcome)
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
                FieldIssue(
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
            return CivilDateTime(daysSince18991230: cell.number).isoDate
        }
    }

    private func typeError(_ outcome: inout FieldOutcome, _ message: Message) -> TypedValue? {
        outcome.issues.append(FieldIssue(.typeError, nil, message, nil))
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

    func typed(
        _ cell: CellSource, text: String, field: Field, type: FieldType,
        convention: ColumnConvention = ColumnConvention(), outcome: inout FieldOutcome
    ) -> TypedValue? {
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
                result = FrenchNumber.parse(trimmed, kind: kind, decimal: convention.decimal)
            } else {
                result = StandardNumber.parse(trimmed, field: field, integer: type == .integer)
            }
            switch result {
            case .success(let parsed):
                outcome.evidence = parsed.evidence
                for note in parsed.notes {
                    outcome.issues.append(FieldIssue(.valueNote, nil, NumberNotes.message(note), nil))
                }
                if cell.fromWorkbook {
                    outcome.issues.append(
                        FieldIssue(
                            .numberAsText, nil, Message(fr: "nombre saisi comme texte", en: "number stored as text"),
                            nil))
                }
                return .number(parsed.value, text: parsed.text ?? NumberText.canonical(parsed.value))
            case .failure(let failure):
                if failure == .ambiguous || failure == .ambiguousComma {
                    outcome.evidence = .ambiguous
                    outcome.issues.append(FieldIssue(.ambiguousNumber, nil, failure.message, nil))
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
                    FieldIssue(
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
            let order = field.isFrench ? convention.dateOrder : .dayFirst
            switch FrenchDate.parse(trimmed, order: order) {
            case .success(let parsed):
                if field.isFrench { outcome.evidence = parsed.evidence }
                if !field.isFrench, field.format != "any", trimmed != parsed.iso {
                    return typeError(
                        &outcome, Message(fr: "date ISO AAAA-MM-JJ attendue", en: "ISO date YYYY-MM-DD expected"))
                }
                if parsed.twoDigitYear {
                    outcome.issues.append(
                        FieldIssue(
                            .valueNote, nil,
                            Message(
                                fr: "année sur deux chiffres complétée : \(parsed.year)",
                                en: "two-digit year read as \(parsed.year)"),
                            nil
                        ))
                }
                return .date(parsed.iso)
            case .failure(let failure):
                if field.isFrench, failure == .monthFirst || failure == .dayFirst {
                    outcome.evidence = failure == .monthFirst ? .monthFirst : .dayFirst
                }
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
                return .date(CivilDateTime(daysSince18991230: cell.number).isoDateTime)
            }
            if let value = TemporalText.parseDateTime(trimmed, french: field.isFrench) { return .date(value) }
            return typeError(
                &outcome,
                Message(
                    fr: "date et heure attendues (AAAA-MM-JJTHH:MM:SS)",
                    en: "a date and time is expected (YYYY-MM-DDTHH:MM:SS)"))
        case .time:
            if cell.kind == .time || (cell.kind == .number && cell.number >= 0 && cell.number < 1) {
                return .date(CivilDateTime(daysSince18991230: cell.number).isoTime)
            }
            if let value = TemporalText.parseTime(trimmed) { return .date(value) }
            return typeError(
                &outcome, Message(fr: "heure attendue (HH:MM[:SS])", en: "a time is expected (HH:MM[:SS])"))
        case .object, .array, .geopoint, .geojson, .duration:
            return structured(trimmed, field: field, type: type, outcome: &outcome)
        case .yearmonth:
            if cell.kind == .date || cell.kind == .dateTime {
                let day = FrenchDate.fromCell(daysSince18991230: cell.number)
                return .date(CivilDateTime(year: day.year, month: day.month, day: day.day).isoYearMonth)
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
                outcome.issues.append(FieldIssue(.identifierAsNumber, severity, message, nil))
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
                    FieldIssue(
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
                    FieldIssue(
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
}
