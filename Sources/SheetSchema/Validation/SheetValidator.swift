import Foundation
public import SheetReading

/// What validating one file gave.
public struct FileValidation: Sendable {
    public enum Status: String, Sendable, Codable {
        case accepted, partial, rejected, unreadable
    }

    public var path: String
    public var sheet: String?
    public var schema: String?
    public var status: Status
    public var rowsIn = 0
    public var rowsValid = 0
    public var rowsInvalid = 0
    public var error: (code: String, message: String)?
    public var issues: [ValidationIssue] = []
    /// Columns (0-based) ignored as personal data: later stages must not copy them.
    public var droppedColumns: [Int] = []
    /// Header row found, and column mapping (for the text report).
    public var headerRow: Int?
    public var mapping: [(column: String, label: String, field: String)] = []
}

/// Validates the rows of one sheet against a schema, as they stream: the header is looked for in
/// the first rows (title rows above it are allowed), then each data row is read field by field,
/// checked by the cross-field rules and the keys, and counted valid or invalid. Blank rows are
/// not rows. `rows_in = rows_valid + rows_invalid`.
public final class SheetValidator {
    public let schema: TableSchema
    private let reader: FieldReader
    private let file: String
    private let sheet: String
    private let fromWorkbook: Bool
    private(set) public var result: FileValidation

    private var pending: [Row] = []
    private var header: HeaderMatch?
    /// Column of each schema field (same order as `schema.fields`), nil when absent.
    private var fieldColumns: [Int?] = []
    /// Field index of each column of the table (-1: no field), and, per row, the position in
    /// `row.cells` of each field's cell (-1: empty) — one pass over the cells, no search.
    private var fieldOfColumn: [Int] = []
    private var cellOfField: [Int] = []
    private let fieldIndex: [String: Int]
    /// Per field, the outcome of text values already seen: regions, enums, codes and dates repeat
    /// down a sheet, and a text cell's outcome depends only on its text and its field.
    private var memo: [[ByteKey: FieldOutcome]]
    /// The same, keyed by shared-string index (XLSX): no text is read for a repeated value.
    private var sharedMemo: [SharedStringMemo]
    /// The same for typed cells, keyed by kind and the bits of the number.
    private var typedMemo: [[UInt64: FieldOutcome]]
    private static let memoLimit = 4096
    private var lastHeaderColumn = -1
    /// Last row validated (XLSX: a gap before the next one is a run of blank rows).
    private var lastDataRow: Int?
    /// CSV: fields of the header record (records are compared with it, not with the first line).
    private var headerFieldCount: Int?
    /// A required column is missing: every row lacks a required value.
    private var missingRequiredColumn = false
    private var keyIndex: [KeyDigest: (row: Int32, signature: Int)] = [:]
    /// Per unique key (schema uniqueKeys, then unique fields): value → first row.
    private var uniqueIndexes: [[KeyDigest: Int32]] = []
    private let uniqueKeys: [(names: [String], indexes: [Int])]
    private let primaryKeyIndexes: [Int]
    /// Per rule, the positions in the row of the fields it reads (`Self.fieldNames(of:)`; -1: not
    /// in the schema) and of its `when` and `unless` fields: resolved once, as rules run for every
    /// row and a name looked up there is a string hashed each time.
    private let ruleFields: [[Int]]
    private let ruleConditionFields: [(when: Int, unless: Int)]
    /// Per comparison rule, its constant operand as a value and its tolerance in millionths
    /// (nil: the rule has none, or it does not fit).
    private let ruleConstants: [TypedValue?]
    private let ruleTolerances: [Int64?]
    /// The same for foreign keys (the field, the `when` field), and per foreign key whether a
    /// canonical value is in the reference list (values repeat down a sheet: one key to fold).
    private let foreignKeyFields: [(field: Int, when: Int)]
    private var foreignKeyMemo: [[ByteKey: Bool]]
    /// The current row's values by field index (reused from row to row).
    private var rowValues: RowValues
    /// The current row's values as found (kept only when someone listens to rows).
    private var rowOriginals: [String?]
    /// Called once per data row after it is validated (on the validator's thread): later stages
    /// (normalisation, deduplication) take the typed values from here instead of reading again.
    public var onRow: ((ValidatedRow) -> Void)?
    /// The reader copied each merged range's value to its cells (the log says so).
    public var mergedCellsFilled = false

    public init(
        schema: TableSchema, reader: FieldReader, file: String, sheet: String, fromWorkbook: Bool, schemaName: String?
    ) {
        self.schema = schema
        self.reader = reader
        self.file = file
        self.sheet = sheet
        self.fromWorkbook = fromWorkbook
        var indexes: [String: Int] = [:]
        for (index, field) in schema.fields.enumerated() { indexes[field.name] = index }
        fieldIndex = indexes
        memo = Array(repeating: [:], count: schema.fields.count)
        sharedMemo = Array(repeating: SharedStringMemo(), count: schema.fields.count)
        typedMemo = Array(repeating: [:], count: schema.fields.count)
        var keys = schema.uniqueKeys
        for field in schema.fields where field.constraints.unique { keys.append([field.name]) }
        uniqueKeys = keys.map { names in (names, names.compactMap { indexes[$0] }) }
        uniqueIndexes = Array(repeating: [:], count: keys.count)
        primaryKeyIndexes = schema.primaryKey.compactMap { indexes[$0] }
        ruleFields = schema.rules.map { rule in Self.fieldNames(of: rule.check).map { indexes[$0] ?? -1 } }
        foreignKeyFields = schema.foreignKeys.map { key in
            (indexes[key.field] ?? -1, key.when.flatMap { indexes[$0.field] } ?? -1)
        }
        foreignKeyMemo = Array(repeating: [:], count: schema.foreignKeys.count)
        ruleConstants = schema.rules.map { rule in
            guard case .compare(_, _, .constant(let constant), _) = rule.check else { return nil }
            return TypedValue.number(constant)
        }
        ruleTolerances = schema.rules.map { rule in
            guard case .compare(_, _, _, let tolerance) = rule.check else { return nil }
            return TypedValue.number(tolerance).millionths
        }
        ruleConditionFields = schema.rules.map { rule in
            (rule.when.flatMap { indexes[$0.field] } ?? -1, rule.unless.flatMap { indexes[$0.field] } ?? -1)
        }
        rowValues = RowValues(count: schema.fields.count)
        rowOriginals = Array(repeating: nil, count: schema.fields.count)
        result = FileValidation(path: file, sheet: sheet, schema: schemaName, status: .accepted)
    }

    private func issue(
        _ code: IssueCode, severity: Severity? = nil, cell: String? = nil, row: Int? = nil, field: String? = nil,
        value: String? = nil, normalised: String? = nil, _ message: Message
    ) {
        result.issues.append(
            ValidationIssue(
                code: code, severity: severity, file: file, sheet: sheet, cell: cell, row: row, field: field,
                value: value,
                normalised: normalised, message: message))
    }

    /// Feeds the next row of the sheet.
    public func consume(_ row: Row) {
        if header == nil {
            pending.append(row)
            if pending.count < HeaderMatcher.rowsToSearch { return }
            chooseHeader()
            return
        }
        validate(row)
    }

    private func chooseHeader() {
        let candidates = pending.map { HeaderMatcher.match($0, schema: schema) }
        guard
            let best = candidates.enumerated().max(by: { a, b in
                a.element.score < b.element.score || (a.element.score == b.element.score && a.offset > b.offset)
            }),
            HeaderMatcher.isPlausible(best.element, schema: schema)
        else {
            header = HeaderMatch(row: 0, columns: [:], labels: [:], unknownColumns: [], duplicateColumns: [], score: 0)
            issue(
                .noHeader,
                Message(
                    fr:
                        "aucune ligne d'en-tête ne correspond au schéma dans les \(HeaderMatcher.rowsToSearch) premières lignes",
                    en: "no header row matching the schema in the first \(HeaderMatcher.rowsToSearch) rows"))
            result.status = .rejected
            result.error = ("no-header", "no header row matches the schema")
            pending.removeAll()
            return
        }
        let match = best.element
        header = match
        result.headerRow = match.row
        lastHeaderColumn = match.labels.keys.max() ?? -1
        headerFieldCount = pending.first { $0.number == match.row }?.fieldCount
        if match.row > 1 {
            issue(
                .headerRow, row: match.row,
                Message(
                    fr: "en-tête trouvé ligne \(match.row) (lignes de titre au-dessus ignorées)",
                    en: "header found on row \(match.row) (title rows above ignored)"))
        }
        var columnOfField: [String: Int] = [:]
        for (column, field) in match.columns { columnOfField[field] = column }
        fieldColumns = schema.fields.map { columnOfField[$0.name] }
        fieldOfColumn = Array(repeating: -1, count: max(lastHeaderColumn + 1, 0))
        for (index, column) in fieldColumns.enumerated() {
            if let column, column < fieldOfColumn.count { fieldOfColumn[column] = index }
        }
        cellOfField = Array(repeating: -1, count: schema.fields.count)
        result.mapping = match.columns.keys.sorted().map { column in
            (CellReference.columnName(column), match.labels[column] ?? "", match.columns[column] ?? "")
        }
        for field in schema.fields where field.constraints.required && columnOfField[field.name] == nil {
            missingRequiredColumn = true
            issue(
                .missingLabel, row: match.row, field: field.name,
                Message(
                    fr: "colonne obligatoire absente : « \(field.title ?? field.name) »",
                    en: "required column missing: '\(field.title ?? field.name)'"))
        }
        for column in match.unknownColumns where isPersonalData(match.labels[column] ?? "") {
            result.droppedColumns.append(column)
            issue(
                .personalData, cell: CellReference.name(row: match.row, column: column), row: match.row,
                value: match.labels[column],
                Message(
                    fr: "colonne de données personnelles, non collectées par le programme : ignorée",
                    en: "column of personal data, which the programme does not collect: ignored"))
        }
        for column in match.unknownColumns where !isPersonalData(match.labels[column] ?? "") {
            issue(
                .extraLabel, cell: CellReference.name(row: match.row, column: column), row: match.row,
                value: match.labels[column],
                Message(fr: "colonne inconnue du schéma (conservée)", en: "column unknown to the schema (kept)"))
        }
        for duplicate in match.duplicateColumns {
            issue(
                .duplicateLabel, cell: CellReference.name(row: match.row, column: duplicate.column), row: match.row,
                field: duplicate.field, value: match.labels[duplicate.column],
                Message(
                    fr:
                        "en-tête en double : la colonne \(CellReference.columnName(duplicate.first)) porte déjà ce champ",
                    en: "duplicate header: column \(CellReference.columnName(duplicate.first)) already holds this field"
                ))
        }
        let rows = pending
        pending.removeAll()
        for row in rows where row.number > match.row { validate(row) }
    }

    /// The outcome already seen for this key, or a new one, kept while the table is small.
    @inline(__always)
    private func memoised<Key: Hashable, Value>(_ table: inout [Key: Value], _ key: Key, _ read: () -> Value) -> Value {
        if let seen = table[key] { return seen }
        let outcome = read()
        if table.count < Self.memoLimit { table[key] = outcome }
        return outcome
    }

    /// A header naming personal data (`Contact`, `Nom du contact`, `Courriel du référent`…).
    private func isPersonalData(_ label: String) -> Bool {
        let key = TextKey.make(label)
        let words = Set(key.split(separator: " ").map(String.init))
        return schema.personalDataKeys.contains { $0 == key || (!$0.contains(" ") && words.contains($0)) }
    }

    private func validate(_ row: Row) {
        guard header?.score ?? 0 > 0 else { return }
        // Blank rows (nothing in any column of the table) are not rows.
        if row.cells.isEmpty && row.issues.isEmpty {
            return
        }
        var rowHasError = missingRequiredColumn
        rowValues.reset()
        // Workbook rows are numbered as Excel shows them: a gap is a run of blank rows inside the
        // table (not rows: reported, not counted). CSV line numbers jump over quoted line breaks.
        if fromWorkbook, let last = lastDataRow ?? result.headerRow, row.number > last + 1 {
            let first = last + 1
            let lastBlank = row.number - 1
            let span = first == lastBlank ? "\(first)" : "\(first)–\(lastBlank)"
            issue(
                .blankRow, row: first,
                Message(
                    fr: "ligne(s) vide(s) \(span) dans le tableau : ignorée(s)",
                    en: "blank row(s) \(span) inside the table: skipped"))
        }
        lastDataRow = row.number
        let errorsBefore = result.issues.count
        // The reader compares CSV records with the first line, which may be a title: compare
        // with the header found instead.
        for readIssue in row.issues where readIssue.code != .csvFieldCount {
            issue(
                .readIssue, cell: readIssue.cell, row: row.number, Message(fr: readIssue.message, en: readIssue.message)
            )
        }
        if let expected = headerFieldCount, let count = row.fieldCount, count < expected {
            issue(
                .missingCell, row: row.number,
                Message(
                    fr: "\(count) champs au lieu des \(expected) de l'en-tête (les derniers sont vides)",
                    en: "\(count) fields instead of the header's \(expected) (the last ones are empty)"))
        }
        if row.isHidden {
            issue(
                .hiddenRow, row: row.number,
                Message(fr: "ligne masquée dans le classeur", en: "row hidden in the workbook"))
        }
        for index in cellOfField.indices { cellOfField[index] = -1 }
        if onRow != nil { for index in rowOriginals.indices { rowOriginals[index] = nil } }
        for (position, cell) in row.cells.enumerated() {
            let column = Int(cell.column)
            if column < fieldOfColumn.count, fieldOfColumn[column] >= 0 {
                cellOfField[fieldOfColumn[column]] = position
            }
        }
        for index in fieldColumns.indices {
            guard let column = fieldColumns[index] else { continue }
            let cell: Cell? = cellOfField[index] >= 0 ? row.cells[cellOfField[index]] : nil
            let outcome: FieldOutcome
            let field = schema.fields[index]
            func read() -> FieldOutcome {
                reader.read(cell, in: row, field: field, schema: schema, fromWorkbook: fromWorkbook)
            }
            if let cell, cell.kind == .text, let shared = row.sharedStringIndex(of: cell) {
                outcome = sharedMemo[index].outcome(shared, limit: Self.memoLimit, read)
            } else if let cell, cell.kind == .text {
                outcome = memoised(&memo[index], ByteKey(row.text(of: cell)), read)
            } else if let cell, cell.kind != .error && cell.kind != .formulaWithoutValue {
                // Typed cells (numbers, dates, booleans) repeat too: keyed by kind and value bits.
                outcome = memoised(&typedMemo[index], UInt64(cell.kind.rawValue) << 56 ^ cell.number.bitPattern, read)
            } else {
                outcome = read()
            }
            if !outcome.issues.isEmpty {
                let reference = CellReference.name(row: row.number, column: column)
                for found in outcome.issues {
                    issue(
                        found.code, severity: found.severity, cell: reference, row: row.number,
                        field: schema.fields[index].name,
                        value: outcome.original, normalised: found.normalised ?? outcome.value?.canonical, found.message
                    )
                }
            }
            rowValues.values[index] = outcome.value
            if onRow != nil { rowOriginals[index] = outcome.original }
            // Present: something in the cell, valid or not (rules about presence look at this).
            rowValues.present[index] =
                cell != nil && (outcome.value != nil || outcome.issues.contains { $0.code != .constraintError })
        }
        for cell in row.cells where Int(cell.column) > lastHeaderColumn {
            issue(
                .extraCell, cell: row.reference(of: cell), row: row.number, value: row.text(of: cell),
                Message(
                    fr: "valeur hors du tableau (colonne sans en-tête)",
                    en: "value outside the table (column without header)"))
        }
        checkRules(rowValues, row: row.number)
        checkForeignKeys(rowValues, row: row.number)
        checkKeys(rowValues, row: row.number)
        for found in result.issues[errorsBefore...] where found.severity == .error { rowHasError = true }
        result.rowsIn += 1
        if rowHasError { result.rowsInvalid += 1 } else { result.rowsValid += 1 }
        if let onRow {
            onRow(
                ValidatedRow(
                    number: row.number, values: rowValues.values, originals: rowOriginals, columns: fieldColumns,
                    isValid: !rowHasError,
                    errors: rowHasError ? result.issues[errorsBefore...].filter { $0.severity == .error } : []))
        }
    }

    /// The fields a rule reads, in the order `checkRules` takes their positions.
    private static func fieldNames(of check: Rule.Check) -> [String] {
        switch check {
        case .compare(let left, _, let right, _):
            if case .field(let name) = right { return [left, name] }
            return [left, ""]
        case .departmentsInRegion(let departments, let region): return [departments, region]
        case .postalCodeInDepartments(let postalCode, let departments): return [postalCode, departments]
        case .pattern(let field, _), .valueIn(let field, _): return [field]
        case .requiredWhen(let field, let when, _, let unless): return [field, when] + unless
        case .atLeastOne(let fields): return fields
        case .prefixOf(let field, let of, _): return [field, of]
        }
    }

    private func holds(_ condition: Condition, at position: Int, _ values: RowValues) -> Bool {
        guard let value = values[at: position] else { return false }
        if let allowed = condition.values, !allowed.contains(value.canonical) { return false }
        if let minimum = condition.minimum {
            guard let number = value.decimal, number >= minimum else { return false }
        }
        if let maximum = condition.maximum {
            guard let number = value.decimal, number <= maximum else { return false }
        }
        return true
    }

    /// Codes of a department field (a list or one value).
    private func items(_ value: TypedValue) -> [String] {
        if case .list(let list) = value { return list.map(\.canonical) }
        return [value.canonical]
    }

    private func checkRules(_ values: RowValues, row: Int) {
        for (position, rule) in schema.rules.enumerated() {
            let conditions = ruleConditionFields[position]
            if let when = rule.when, !holds(when, at: conditions.when, values) { continue }
            if let unless = rule.unless, holds(unless, at: conditions.unless, values) { continue }
            let fields = ruleFields[position]
            func report(_ field: String?, value: String? = nil, _ fallback: Message) {
                let column = field.flatMap { fieldIndex[$0] }.flatMap { fieldColumns[$0] }
                issue(
                    .ruleError, severity: rule.severity, cell: column.map { CellReference.name(row: row, column: $0) },
                    row: row, field: field, value: value, rule.message ?? fallback)
            }
            switch rule.check {
            case .departmentsInRegion(let departmentsField, _):
                guard let places = reader.places, let region = values[at: fields[1]]?.canonical,
                    let departments = values[at: fields[0]]
                else { continue }
                let outside = items(departments).filter {
                    places.departments[$0].map { $0.regionCode != region } ?? false
                }
                if !outside.isEmpty {
                    report(
                        departmentsField, value: outside.joined(separator: ", "),
                        Message(
                            fr:
                                "département(s) \(outside.joined(separator: ", ")) hors de la région \(region) (territoire interrégional ?)",
                            en:
                                "department(s) \(outside.joined(separator: ", ")) outside region \(region) (an interregional territory?)"
                        ))
                }
            case .postalCodeInDepartments(let postalField, _):
                guard let postal = values[at: fields[0]]?.canonical, postal.utf8.count == 5,
                    let departments = values[at: fields[1]]
                else { continue }
                let codes = Set(items(departments))
                let prefix2 = String(postal.prefix(2))
                let matches =
                    codes.contains(prefix2) || codes.contains(String(postal.prefix(3)))
                    || (prefix2 == "20" && (codes.contains("2A") || codes.contains("2B")))
                if !matches {
                    report(
                        postalField, value: postal,
                        Message(
                            fr:
                                "code postal \(postal) hors des départements indiqués (\(codes.sorted().joined(separator: ", ")))",
                            en:
                                "postal code \(postal) outside the departments given (\(codes.sorted().joined(separator: ", ")))"
                        ))
                }
            case .pattern(let field, let pattern):
                guard let value = values[at: fields[0]], let regex = compiled(pattern) else { continue }
                for item in items(value) where (try? regex.wholeMatch(in: item)) == nil {
                    report(
                        field, value: item,
                        Message(
                            fr: "valeur inhabituelle (\(pattern) attendu)", en: "unusual value (\(pattern) expected)"))
                }
            case .valueIn(let field, let allowed):
                guard let value = values[at: fields[0]] else { continue }
                for item in items(value) where !allowed.contains(item) {
                    report(
                        field, value: item,
                        Message(
                            fr: "valeur attendue parmi \(allowed.joined(separator: ", "))",
                            en: "value expected among \(allowed.joined(separator: ", "))"))
                }
            case .compare(let left, let op, let rightOperand, let tolerance):
                guard let a = values[at: fields[0]],
                    let b = fields[1] >= 0 ? values[at: fields[1]] : ruleConstants[position]
                else { continue }
                let holds: Bool
                // Numbers in millionths compare as integers, exactly; other numbers as Decimals.
                if let x = a.millionths, let y = b.millionths, let margin = ruleTolerances[position] {
                    holds = Self.compare(x, op, y, tolerance: margin)
                } else if let x = a.decimal, let y = b.decimal {
                    holds = Self.compare(x, op, y, tolerance: tolerance)
                } else {
                    holds = Self.compare(a.canonical, op, b.canonical)
                }
                if !holds {
                    let right: String
                    switch rightOperand {
                    case .field(let name): right = name
                    case .constant(let constant): right = "\(constant)"
                    }
                    issue(
                        .ruleError, severity: rule.severity, row: row, field: left,
                        value: "\(a.canonical) \(op.rawValue) \(b.canonical)",
                        rule.message
                            ?? Message(
                                fr: "\(left) \(op.rawValue) \(right) non respecté",
                                en: "\(left) \(op.rawValue) \(right) does not hold"))
                }
            case .requiredWhen(let field, let when, let allowed, let unless):
                guard !values.isPresent(at: fields[0]), let trigger = values[at: fields[1]],
                    allowed.contains(trigger.canonical),
                    !unless.indices.contains(where: { values.isPresent(at: fields[2 + $0]) })
                else { continue }
                issue(
                    .ruleError, severity: rule.severity, row: row, field: field,
                    rule.message
                        ?? Message(
                            fr: "\(field) obligatoire quand \(when) = \(trigger.canonical)",
                            en: "\(field) is required when \(when) = \(trigger.canonical)"))
            case .atLeastOne(let names):
                guard !fields.contains(where: { values.isPresent(at: $0) }) else { continue }
                issue(
                    .ruleError, severity: rule.severity, row: row, field: names.first,
                    rule.message
                        ?? Message(
                            fr: "au moins un de : \(names.joined(separator: ", "))",
                            en: "at least one of: \(names.joined(separator: ", "))"))
            case .prefixOf(let field, let of, let length):
                guard let a = values[at: fields[0]]?.canonical, let b = values[at: fields[1]]?.canonical,
                    String(b.prefix(length)) != a
                else { continue }
                issue(
                    .ruleError, severity: rule.severity, row: row, field: field, value: a,
                    rule.message ?? Message(fr: "\(field) ≠ début de \(of)", en: "\(field) is not the start of \(of)"))
            }
        }
    }

    /// `x op y`, the tolerance widening it in the lenient direction (0: none).
    private static func compare<T: Comparable & SignedNumeric>(
        _ x: T, _ op: ComparisonOperator, _ y: T, tolerance: T
    ) -> Bool {
        switch op {
        case .lessThan: return x < y + tolerance
        case .lessOrEqual: return x <= y + tolerance
        case .greaterThan: return x + tolerance > y
        case .greaterOrEqual: return x + tolerance >= y
        case .equal: return tolerance == 0 ? x == y : (x - y).magnitude <= tolerance.magnitude
        }
    }

    private static func compare(_ x: String, _ op: ComparisonOperator, _ y: String) -> Bool {
        switch op {
        case .lessThan: return x < y
        case .lessOrEqual: return x <= y
        case .greaterThan: return x > y
        case .greaterOrEqual: return x >= y
        case .equal: return x == y
        }
    }

    /// Patterns of rules, compiled once per file (the schema loader checked that they compile).
    private var regexes: [String: Regex<AnyRegexOutput>] = [:]

    private func compiled(_ pattern: String) -> Regex<AnyRegexOutput>? {
        if let known = regexes[pattern] { return known }
        guard let regex = try? Regex(pattern) else { return nil }
        regexes[pattern] = regex
        return regex
    }

    private func checkForeignKeys(_ values: RowValues, row: Int) {
        for (position, key) in schema.foreignKeys.enumerated() {
            let fields = foreignKeyFields[position]
            guard let value = values[at: fields.field] else { continue }
            if let when = key.when {
                guard let trigger = values[at: fields.when], when.values.contains(trigger.canonical) else { continue }
            }
            let items: [TypedValue]
            if case .list(let list) = value { items = list } else { items = [value] }
            for item in items {
                let canonical = item.canonical
                let found = memoised(&foreignKeyMemo[position], ByteKey(canonical)) {
                    key.keys.contains(TextKey.make(canonical))
                }
                if found { continue }
                let column = fields.field >= 0 ? fieldColumns[fields.field] : nil
                issue(
                    .foreignKey, severity: key.severity, cell: column.map { CellReference.name(row: row, column: $0) },
                    row: row, field: key.field, value: item.canonical,
                    Message(
                        fr: "« \(item.canonical) » n'est pas dans la liste de référence \(key.resource)",
                        en: "'\(item.canonical)' is not in the reference list \(key.resource)"))
            }
        }
    }

    /// A value's canonical bytes into a hasher, without making its String (lists item by item).
    private static func combine(_ value: TypedValue?, into hasher: inout Hasher) {
        func bytes(_ text: String) {
            var copy = text
            copy.withUTF8 {
                hasher.combine($0.count)
                hasher.combine(bytes: UnsafeRawBufferPointer($0))
            }
        }
        switch value {
        case nil: hasher.combine(-1)
        case .text(let text), .date(let text), .number(_, let text): bytes(text)
        case .boolean(let flag): hasher.combine(flag ? -2 : -3)
        case .list(let items):
            hasher.combine(-4 - items.count)
            for item in items { combine(item, into: &hasher) }
        }
    }

    private func checkKeys(_ values: RowValues, row: Int) {
        // A 64-bit hash of every value stands for the row (exact duplicates compare equal).
        var hasher = Hasher()
        for value in values.values { Self.combine(value, into: &hasher) }
        let signature = hasher.finalize()
        func keyText(_ indexes: [Int]) -> String {
            indexes.compactMap { values.values[$0]?.canonical }.joined(separator: " / ")
        }
        if !primaryKeyIndexes.isEmpty, primaryKeyIndexes.count == schema.primaryKey.count,
            let key = KeyDigest(primaryKeyIndexes, values)
        {
            if let earlier = keyIndex[key] {
                if earlier.signature == signature {
                    issue(
                        .duplicateRow, row: row, field: schema.primaryKey.last,
                        Message(
                            fr: "ligne identique à la ligne \(earlier.row) (doublon)",
                            en: "same row as row \(earlier.row) (duplicate)"))
                } else {
                    issue(
                        .primaryKey, row: row, field: schema.primaryKey.last, value: keyText(primaryKeyIndexes),
                        Message(
                            fr:
                                "même clé (\(schema.primaryKey.joined(separator: ", "))) que la ligne \(earlier.row), avec d'autres valeurs",
                            en:
                                "same key (\(schema.primaryKey.joined(separator: ", "))) as row \(earlier.row), with other values"
                        ))
                }
            } else {
                keyIndex[key] = (Int32(clamping: row), signature)
            }
        }
        for (position, key) in uniqueKeys.enumerated() {
            guard let digest = KeyDigest(key.indexes, values) else { continue }
            if let earlier = uniqueIndexes[position][digest] {
                issue(
                    .uniqueError, row: row, field: key.names.last, value: keyText(key.indexes),
                    Message(
                        fr: "valeur déjà vue ligne \(earlier) (doit être unique)",
                        en: "value already seen on row \(earlier) (must be unique)"))
            } else {
                uniqueIndexes[position][digest] = Int32(clamping: row)
            }
        }
    }

    /// A key's values (all present) as two independent 64-bit hashes of their canonical bytes:
    /// 128 bits stand for the key (two keys share them by chance with odds of n²/2¹²⁹ — never,
    /// in practice) without building its text for every row.
    struct KeyDigest: Hashable {
        let first: Int
        let second: Int

        init?(_ indexes: [Int], _ values: RowValues) {
            var first = Hasher()
            var second = Hasher()
            second.combine(0x6b65_7932)
            for index in indexes {
                guard let value = values.values[index] else { return nil }
                SheetValidator.combine(value, into: &first)
                SheetValidator.combine(value, into: &second)
            }
            self.first = first.finalize()
            self.second = second.finalize()
        }

        func hash(into hasher: inout Hasher) { hasher.combine(first) }
    }

    /// Ends the sheet: a header still undecided is chosen now; merged ranges over data are reported.
    public func finish(summary: SheetReadSummary?) -> FileValidation {
        if header == nil {
            if pending.isEmpty {
                issue(.noHeader, Message(fr: "la feuille est vide", en: "the sheet is empty"))
                result.status = .rejected
                result.error = ("no-header", "the sheet is empty")
                return result
            }
            chooseHeader()
        }
        if let summary, let headerRow = result.headerRow {
            for range in summary.mergedRanges where range.lastRow > headerRow {
                if mergedCellsFilled {
                    issue(
                        .mergedCell, severity: .info, cell: range.description, row: range.firstRow,
                        Message(
                            fr: "cellules fusionnées \(range) : la valeur de la première est recopiée dans chacune",
                            en: "merged cells \(range): the first cell's value is copied to each"))
                } else {
                    issue(
                        .mergedCell, cell: range.description, row: range.firstRow,
                        Message(
                            fr: "cellules fusionnées \(range) : seule la première porte la valeur",
                            en: "merged cells \(range): only the first one holds the value"))
                }
            }
        }
        if result.status != .rejected {
            if missingRequiredColumn || (result.rowsInvalid > 0 && result.rowsValid == 0) {
                result.status = .rejected
            } else if result.rowsInvalid > 0 {
                result.status = .partial
            }
        }
        return result
    }
}

/// A data row as validation left it, for the stages after it.
public struct ValidatedRow: Sendable {
    /// As Excel or a text editor shows it (header = row 1).
    public var number: Int
    /// Typed values in the order of the schema's fields (nil: empty or unreadable).
    public var values: [TypedValue?]
    /// The values as found, same order (nil for a typed cell read as such, or an empty one).
    public var originals: [String?]
    /// The column (0-based) of each field in the sheet, nil when the sheet has none.
    public var columns: [Int?]
    public var isValid: Bool
    /// The errors of this row. A missing required column is an error of the file (not listed
    /// here) that makes every row invalid.
    public var errors: [ValidationIssue]

    public init(
        number: Int, values: [TypedValue?], originals: [String?], columns: [Int?], isValid: Bool,
        errors: [ValidationIssue]
    ) {
        self.number = number
        self.values = values
        self.originals = originals
        self.columns = columns
        self.isValid = isValid
        self.errors = errors
    }
}

/// One row's values by field index (the positions of `schema.fields`).
struct RowValues {
    var values: [TypedValue?]
    /// Something in the cell, valid or not.
    var present: [Bool]

    init(count: Int) {
        values = Array(repeating: nil, count: count)
        present = Array(repeating: false, count: count)
    }

    mutating func reset() {
        for i in values.indices {
            values[i] = nil
            present[i] = false
        }
    }

    /// By position (-1: a field the schema does not have).
    subscript(at position: Int) -> TypedValue? { position >= 0 ? values[position] : nil }

    func isPresent(at position: Int) -> Bool { position >= 0 && present[position] }
}

/// A field's outcomes by shared-string index, in flat arrays: a look-up is an array read, not a
/// hash (this runs for most cells of a workbook). It keeps up to `limit` outcomes; past that, a
/// text it has not seen is read each time and the index table stops growing, so a column of
/// distinct texts (titles, descriptions) costs a read per cell and little memory.
struct SharedStringMemo {
    /// Per shared-string index, the position of its outcome (-1: not seen).
    private var slots: [Int32] = []
    private var outcomes: [FieldOutcome] = []

    @inline(__always)
    mutating func outcome(_ index: Int, limit: Int, _ read: () -> FieldOutcome) -> FieldOutcome {
        if index < slots.count, slots[index] >= 0 { return outcomes[Int(slots[index])] }
        let outcome = read()
        // (Indexes past 2¹⁸ are read each time: the table never passes 1 MB a field.)
        guard outcomes.count < limit, index < 1 << 18 else { return outcome }
        if index >= slots.count { slots.append(contentsOf: repeatElement(-1, count: index + 1 - slots.count)) }
        slots[index] = Int32(outcomes.count)
        outcomes.append(outcome)
        return outcome
    }
}

/// A String compared and hashed by its UTF-8 bytes. Swift's String hashing normalises non-ASCII
/// text first, which dominated the per-cell dictionaries; byte equality is what these tables need.
struct ByteKey: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    func hash(into hasher: inout Hasher) {
        var copy = text
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func == (a: ByteKey, b: ByteKey) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
}
