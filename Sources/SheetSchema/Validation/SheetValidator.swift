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
    /// Why the file could not be read, when it failed once its rows had begun (some may have
    /// been validated: a file read part-way contributes none of them).
    public var readFailure: ReadError?
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
    /// The schema's fields and missing values, held apart: read for every cell, and the schema
    /// (a struct of a dozen references) would be copied — each retained — at every use.
    private let fields: [Field]
    private let missingValues: [String]
    private let reader: FieldReader
    private let file: String
    private let sheet: String
    private let fromWorkbook: Bool
    // (Unchecked exclusivity: updated at every row, on the validator's thread only.)
    @exclusivity(unchecked)
    private(set) public var result: FileValidation

    private var pending: [Row] = []
    private var header: HeaderMatch?
    /// Column of each schema field (same order as `schema.fields`), nil when absent.
    private var fieldColumns: [Int?] = []
    /// Field index of each column of the table (-1: no field), and, per row, the position in
    /// `row.cells` of each field's cell (-1: empty) — one pass over the cells, no search.
    private var fieldOfColumn: [Int] = []
    @exclusivity(unchecked)  // (written at every row, on the validator's thread only)
    private var cellOfField: [Int] = []
    private let fieldIndex: [String: Int]
    /// Per field, the outcomes of the values already seen (see `FieldMemo`).
    @exclusivity(unchecked)
    private var memos: [FieldMemo]
    /// The current row's value ids (`ValidatedRow.valueIDs`).
    @exclusivity(unchecked)
    private var rowValueIDs: [Int32]
    /// The hashes (`hash(_:second:)`) of the current row's values read afresh and not kept by
    /// the memo (id -1), made in the loop that reads them: the key checks need them.
    @exclusivity(unchecked)
    private var rowFirstHashes: [Int]
    @exclusivity(unchecked)
    private var rowSecondHashes: [Int]
    /// Per field: some key reads it (its values are hashed), a second time for key digests.
    private let hashedFields: [Bool]
    private let keyFields: [Bool]
    private var lastHeaderColumn = -1
    /// Last row validated (XLSX: a gap before the next one is a run of blank rows).
    @exclusivity(unchecked)
    private var lastDataRow: Int?
    /// CSV: fields of the header record (records are compared with it, not with the first line).
    private var headerFieldCount: Int?
    /// A required column is missing: every row lacks a required value.
    private var missingRequiredColumn = false
    /// Per primary key (its digest): the first row that had it and the signature of its values.
    @exclusivity(unchecked)
    private var keyIndex = WordKeyTable<(row: Int32, signature: Int)>(capacity: 1024)
    /// Per unique key (schema uniqueKeys, then unique fields): value (its digest) → first row.
    @exclusivity(unchecked)
    private var uniqueIndexes: [WordKeyTable<Int32>] = []
    /// The fields of each unique key, by name and by position.
    private let uniqueKeyNames: [[String]]
    private let uniqueKeyIndexes: [[Int]]
    private let primaryKeyIndexes: [Int]
    /// The schema has a primary key, and every field of it.
    private let hasPrimaryKey: Bool
    /// Per rule, the positions in the row of the fields it reads (`Self.fieldNames(of:)`; -1: not
    /// in the schema) and of its `when` and `unless` fields: resolved once, as rules run for every
    /// row and a name looked up there is a string hashed each time.
    private let ruleFields: [[Int]]
    private let ruleConditionFields: [(when: Int, unless: Int)]
    private let ruleConditionBounds: [(when: ConditionBounds, unless: ConditionBounds)]
    /// Per rule, every field it reads (its own and its conditions'), and the value-id
    /// combinations for which it held (`checkRules`).
    private let ruleReads: [[Int]]
    @exclusivity(unchecked)
    private var passedRules: [WordKeyTable<Void>]
    /// Per comparison rule, its constant operand as a value and its tolerance in millionths
    /// (nil: the rule has none, or it does not fit).
    private let ruleConstants: [TypedValue?]
    private let ruleTolerances: [Int64?]
    /// The same for foreign keys (the field, the `when` field), and per foreign key whether a
    /// canonical value is in the reference list (values repeat down a sheet: one key to fold).
    private let foreignKeyFields: [(field: Int, when: Int)]
    @exclusivity(unchecked)
    private var foreignKeyMemo: [[ByteKey: Bool]]
    /// Per foreign key, the fields it reads and the value-id combinations for which it was found.
    private let foreignKeyReads: [[Int]]
    @exclusivity(unchecked)
    private var passedForeignKeys: [WordKeyTable<Void>]
    /// The current row's values by field index (reused from row to row).
    @exclusivity(unchecked)
    private var rowValues: RowValues
    /// The current row's values as found (kept only when someone listens to rows).
    @exclusivity(unchecked)
    private var rowOriginals: [String?]
    /// Called once per data row after it is validated (on the validator's thread): later stages
    /// (normalisation, deduplication) take the typed values from here instead of reading again.
    @exclusivity(unchecked)  // (read at every row, on the validator's thread only)
    public var onRow: ((ValidatedRow) -> Void)?
    /// The reader copied each merged range's value to its cells (the log says so).
    public var mergedCellsFilled = false

    public init(
        schema: TableSchema, reader: FieldReader, file: String, sheet: String, fromWorkbook: Bool, schemaName: String?
    ) {
        self.schema = schema
        fields = schema.fields
        missingValues = schema.missingValues
        self.reader = reader
        self.file = file
        self.sheet = sheet
        self.fromWorkbook = fromWorkbook
        var indexes: [String: Int] = [:]
        for (index, field) in schema.fields.enumerated() { indexes[field.name] = index }
        fieldIndex = indexes
        memos = Array(repeating: FieldMemo(), count: schema.fields.count)
        rowValueIDs = Array(repeating: -1, count: schema.fields.count)
        rowFirstHashes = Array(repeating: 0, count: schema.fields.count)
        rowSecondHashes = Array(repeating: 0, count: schema.fields.count)
        var keys = schema.uniqueKeys
        for field in schema.fields where field.constraints.unique { keys.append([field.name]) }
        uniqueKeyNames = keys
        uniqueKeyIndexes = keys.map { names in names.compactMap { indexes[$0] } }
        uniqueIndexes = Array(repeating: WordKeyTable(), count: keys.count)
        primaryKeyIndexes = schema.primaryKey.compactMap { indexes[$0] }
        hasPrimaryKey = !primaryKeyIndexes.isEmpty && primaryKeyIndexes.count == schema.primaryKey.count
        var inKeys = Array(repeating: false, count: schema.fields.count)
        for index in primaryKeyIndexes + uniqueKeyIndexes.flatMap({ $0 }) { inKeys[index] = true }
        keyFields = inKeys
        // The row signature hashes every field (when there is a primary key); unique keys their own.
        hashedFields = hasPrimaryKey ? Array(repeating: true, count: schema.fields.count) : inKeys
        ruleFields = schema.rules.map { rule in Self.fieldNames(of: rule.check).map { indexes[$0] ?? -1 } }
        foreignKeyFields = schema.foreignKeys.map { key in
            (indexes[key.field] ?? -1, key.when.flatMap { indexes[$0.field] } ?? -1)
        }
        foreignKeyMemo = Array(repeating: [:], count: schema.foreignKeys.count)
        foreignKeyReads = schema.foreignKeys.map { key in
            Array(Set([indexes[key.field], key.when.flatMap { indexes[$0.field] }].compactMap { $0 })).sorted()
        }
        passedForeignKeys = Array(repeating: WordKeyTable(), count: schema.foreignKeys.count)
        ruleConstants = schema.rules.map { rule in
            guard case .compare(_, _, .constant(let constant), _) = rule.check else { return nil }
            return TypedValue.number(constant)
        }
        ruleTolerances = schema.rules.map { rule in
            guard case .compare(_, _, _, let tolerance) = rule.check else { return nil }
            return TypedValue.number(tolerance).millionths
        }
        ruleConditionBounds = schema.rules.map { rule in (ConditionBounds(rule.when), ConditionBounds(rule.unless)) }
        ruleReads = schema.rules.map { rule in
            let names = Self.fieldNames(of: rule.check) + [rule.when?.field, rule.unless?.field].compactMap { $0 }
            // (A name the schema lacks reads nothing: always empty.)
            return Array(Set(names.compactMap { indexes[$0] })).sorted()
        }
        passedRules = Array(repeating: WordKeyTable(), count: schema.rules.count)
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
        // A field without a column is empty on every row: one id for it, so that later stages
        // write it once and copy it after.
        for index in fields.indices where fieldColumns[index] == nil {
            rowValueIDs[index] = memos[index].keep(FieldOutcome(), for: .empty)
        }
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

    /// The answer already seen for this key, or a new one, kept while the table is small.
    @inline(__always)
    private func memoised<Key: Hashable, Value>(_ table: inout [Key: Value], _ key: Key, _ read: () -> Value) -> Value {
        if let seen = table[key] { return seen }
        let outcome = read()
        if table.count < FieldMemo.limit { table[key] = outcome }
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
            if readIssue.code == .cellTooLong {
                reportOverlong(readIssue, row: row.number)
                continue
            }
            issue(
                .readIssue, cell: readIssue.cell, row: row.number, Message(fr: readIssue.message, en: readIssue.message)
            )
        }
        // A CSV record is as wide as its table (spreadsheets pad every record): one with more or
        // fewer fields than the header is shifted or truncated, its values in the wrong columns.
        var recordWidth = Int.max
        if let expected = headerFieldCount, let count = row.fieldCount, count != expected {
            reportRaggedRecord(row, fields: count, expected: expected)
            recordWidth = expected
        }
        if row.isHidden {
            issue(
                .hiddenRow, row: row.number,
                Message(fr: "ligne masquée dans le classeur", en: "row hidden in the workbook"))
        }
        // (Values, originals and ids need no reset: the loop below sets those of every field
        // with a column, and the others stay empty.)
        // (Through a buffer: a property's array written element by element is checked for
        // uniqueness at each write.)
        cellOfField.withUnsafeMutableBufferPointer { cellOfField in
            for index in cellOfField.indices { cellOfField[index] = -1 }
            for (position, cell) in row.cells.enumerated() {
                let column = Int(cell.column)
                if column < fieldOfColumn.count, fieldOfColumn[column] >= 0 {
                    cellOfField[fieldOfColumn[column]] = position
                }
            }
        }
        // The loop works on locals, swapped out of self (not copied): a class's properties are
        // retained and checked for exclusive access at each use, and this runs for every cell.
        var memos: [FieldMemo] = []
        var values = RowValues(count: 0)
        var originals: [String?] = []
        var ids: [Int32] = []
        var firstHashes: [Int] = []
        var secondHashes: [Int] = []
        exchangeRowState(&memos, &values, &originals, &ids, &firstHashes, &secondHashes)
        let hashedFields = self.hashedFields
        let keyFields = self.keyFields
        let fields = self.fields
        let fieldColumns = self.fieldColumns
        let cellOfField = self.cellOfField
        let listening = onRow != nil
        // The row's arrays are written through buffers (they are this loop's own: unique), not
        // checked for uniqueness at each write — a dozen times a row for every field.
        withBuffers(&memos, &values, &originals, &ids, &firstHashes, &secondHashes) {
            memos, values, present, originals, ids, firstHashes, secondHashes in
            for index in fieldColumns.indices {
                guard let column = fieldColumns[index] else { continue }
                let cell: Cell? = cellOfField[index] >= 0 ? row.cells[cellOfField[index]] : nil
                // Typed cells (numbers, dates, booleans) repeat too: keyed by kind and value bits.
                // (No closure reads the cell here: its context would be destroyed at every cell,
                // slowly, through metadata.)
                var key = FieldMemo.Key.empty
                if let cell, cell.kind == .text, let shared = row.sharedStringIndex(of: cell) {
                    key = .sharedString(shared)
                } else if let cell, cell.kind == .text {
                    key = .text(ByteKey(row.text(of: cell)))
                } else if let cell, cell.kind != .error && cell.kind != .formulaWithoutValue {
                    key = .typed(UInt64(cell.kind.rawValue) << 56 ^ cell.number.bitPattern)
                } else if cell != nil {
                    key = .none
                }
                // A value seen before is read from the memo in place (no outcome copied).
                if let id = memos[index].id(of: key) {
                    if memos[index].hasIssues(id) {
                        report(memos[index].outcome(id), field: index, column: column, row: row.number)
                    }
                    // The same value as the row before: what it left is this value (not copied again).
                    if ids[index] == id { continue }
                    ids[index] = id
                    values[index] = memos[index].value(id)
                    if listening { originals[index] = memos[index].original(id) }
                    present[index] = memos[index].isPresent(id)
                    continue
                }
                var outcome = reader.read(
                    cell, in: row, field: fields[index], missingValues: missingValues, fromWorkbook: fromWorkbook)
                ids[index] = memos[index].keep(outcome, for: key)
                if !outcome.issues.isEmpty { report(outcome, field: index, column: column, row: row.number) }
                present[index] = cell != nil && FieldMemo.isPresent(outcome)
                // (A value the memo kept has its hashes there, made by `keep`: only the others here.)
                if ids[index] < 0 {
                    if hashedFields[index] { firstHashes[index] = Self.hash(outcome.value, second: false) }
                    if keyFields[index] { secondHashes[index] = Self.hash(outcome.value, second: true) }
                }
                // (Moved out, not copied: the outcome is not used after.)
                if listening { originals[index] = outcome.original.take() }
                values[index] = outcome.value.take()
            }
        }
        exchangeRowState(&memos, &values, &originals, &ids, &firstHashes, &secondHashes)
        for cell in row.cells where Int(cell.column) > lastHeaderColumn && Int(cell.column) < recordWidth {
            issue(
                .extraCell, cell: row.reference(of: cell), row: row.number, value: row.text(of: cell),
                Message(
                    fr: "valeur hors du tableau (colonne sans en-tête)",
                    en: "value outside the table (column without header)"))
        }
        // The checks are given the values moved out of self into the loop's local again
        // (swapped, not copied: a property passed to each of them was retained and released,
        // both its arrays, at every row). The other row state stays in self, where they read it.
        swap(&values, &rowValues)
        checkRules(values, row: row.number)
        checkForeignKeys(values, row: row.number)
        checkKeys(values, row: row.number)
        swap(&values, &rowValues)
        for found in result.issues[errorsBefore...] where found.severity == .error { rowHasError = true }
        result.rowsIn += 1
        if rowHasError { result.rowsInvalid += 1 } else { result.rowsValid += 1 }
        if let onRow {
            // The row's arrays are moved into the validated row and back (swapped, not copied):
            // a copy retained and released each of them at every row.
            var validated = ValidatedRow(
                number: row.number, values: [], valueIDs: [], originals: [], columns: [], isValid: !rowHasError,
                errors: rowHasError ? result.issues[errorsBefore...].filter { $0.severity == .error } : [])
            exchangeValidatedRow(&validated)
            onRow(validated)
            exchangeValidatedRow(&validated)
        }
    }

    /// Swaps the row's arrays with a validated row's (in before `onRow`, out after).
    private func exchangeValidatedRow(_ validated: inout ValidatedRow) {
        swap(&validated.values, &rowValues.values)
        swap(&validated.valueIDs, &rowValueIDs)
        swap(&validated.originals, &rowOriginals)
        swap(&validated.columns, &fieldColumns)
    }

    /// Runs `body` with the row's working arrays as buffers (values and presence apart).
    private func withBuffers(
        _ memos: inout [FieldMemo], _ values: inout RowValues, _ originals: inout [String?], _ ids: inout [Int32],
        _ firstHashes: inout [Int], _ secondHashes: inout [Int],
        _ body: (
            _ memos: UnsafeMutableBufferPointer<FieldMemo>, _ values: UnsafeMutableBufferPointer<TypedValue?>,
            _ present: UnsafeMutableBufferPointer<Bool>, _ originals: UnsafeMutableBufferPointer<String?>,
            _ ids: UnsafeMutableBufferPointer<Int32>, _ firstHashes: UnsafeMutableBufferPointer<Int>,
            _ secondHashes: UnsafeMutableBufferPointer<Int>
        ) -> Void
    ) {
        memos.withUnsafeMutableBufferPointer { memos in
            values.values.withUnsafeMutableBufferPointer { typed in
                values.present.withUnsafeMutableBufferPointer { present in
                    originals.withUnsafeMutableBufferPointer { originals in
                        ids.withUnsafeMutableBufferPointer { ids in
                            firstHashes.withUnsafeMutableBufferPointer { firstHashes in
                                secondHashes.withUnsafeMutableBufferPointer { secondHashes in
                                    body(memos, typed, present, originals, ids, firstHashes, secondHashes)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Swaps the row's working arrays with the field loop's locals (in before it, out after).
    private func exchangeRowState(
        _ memos: inout [FieldMemo], _ values: inout RowValues, _ originals: inout [String?], _ ids: inout [Int32],
        _ firstHashes: inout [Int], _ secondHashes: inout [Int]
    ) {
        swap(&memos, &self.memos)
        swap(&values, &rowValues)
        swap(&originals, &rowOriginals)
        swap(&ids, &rowValueIDs)
        swap(&firstHashes, &rowFirstHashes)
        swap(&secondHashes, &rowSecondHashes)
    }

    /// A cell over 32,767 characters: an error of its row, its value cut (the reader kept its start).
    private func reportOverlong(_ readIssue: ReadIssue, row: Int) {
        let length = readIssue.characterCount ?? 0
        let column = readIssue.cell.flatMap { CellReference.parse($0)?.column }
        let field = column.flatMap { $0 < fieldOfColumn.count && fieldOfColumn[$0] >= 0 ? fieldOfColumn[$0] : nil }
        issue(
            .cellTooLong, cell: readIssue.cell, row: row, field: field.map { fields[$0].name }, value: readIssue.value,
            Message(
                fr:
                    "cellule de \(OverlongCell.grouped(length, separator: " ")) caractères ; Excel en permet \(OverlongCell.grouped(OverlongCell.maxCharacters, separator: " ")) : ligne rejetée",
                en:
                    "the cell holds \(OverlongCell.grouped(length, separator: ",")) characters; Excel allows \(OverlongCell.grouped(OverlongCell.maxCharacters, separator: ",")): row rejected"
            ))
    }

    /// A CSV record with more fields than the header (`extra-cell`: an unquoted delimiter inside
    /// a value, say) or fewer (`missing-cell`): an error of the row, naming the line, the count
    /// and the values in excess.
    private func reportRaggedRecord(_ row: Row, fields count: Int, expected: Int) {
        let line = row.number
        if count < expected {
            issue(
                .missingCell, severity: .error, cell: CellReference.name(row: line, column: count), row: line,
                Message(
                    fr:
                        "ligne \(line) : \(count) champ(s) au lieu des \(expected) de l'en-tête (enregistrement tronqué ou décalé)",
                    en:
                        "line \(line): \(count) field(s) instead of the header's \(expected) (a truncated or shifted record)"
                ))
            return
        }
        let extra = row.cells.filter { Int($0.column) >= expected }.map { row.text(of: $0) }
        let listFR = extra.isEmpty ? "vides" : extra.map { "« \($0) »" }.joined(separator: ", ")
        let listEN = extra.isEmpty ? "empty" : extra.map { "'\($0)'" }.joined(separator: ", ")
        issue(
            .extraCell, severity: .error, cell: CellReference.name(row: line, column: expected), row: line,
            value: extra.isEmpty ? nil : extra.joined(separator: " | "),
            Message(
                fr:
                    "ligne \(line) : \(count) champs au lieu des \(expected) de l'en-tête ; \(count - expected) en trop : \(listFR) (un séparateur hors guillemets dans une valeur décale les suivantes)",
                en:
                    "line \(line): \(count) fields instead of the header's \(expected); \(count - expected) extra: \(listEN) (a delimiter inside an unquoted value shifts the ones after it)"
            ))
    }

    /// A cell's issues, into the log.
    private func report(_ outcome: FieldOutcome, field index: Int, column: Int, row: Int) {
        let reference = CellReference.name(row: row, column: column)
        for found in outcome.issues {
            issue(
                found.code, severity: found.severity, cell: reference, row: row, field: fields[index].name,
                value: outcome.original, normalised: found.normalised ?? outcome.value?.canonical, found.message)
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

    private func holds(_ condition: Condition, at position: Int, bounds: ConditionBounds, _ values: RowValues) -> Bool {
        guard let value = values[at: position] else { return false }
        if let allowed = condition.values, !allowed.contains(value.canonical) { return false }
        guard condition.minimum != nil || condition.maximum != nil else { return true }
        // In millionths as integers when value and bounds fit (Decimal comparisons are slow).
        if bounds.fit, let number = value.millionths {
            if let minimum = bounds.minimum, number < minimum { return false }
            if let maximum = bounds.maximum, number > maximum { return false }
            return true
        }
        if let minimum = condition.minimum {
            guard let number = value.decimal, number >= minimum else { return false }
        }
        if let maximum = condition.maximum {
            guard let number = value.decimal, number <= maximum else { return false }
        }
        return true
    }

    /// A condition's bounds in millionths; `fit` is false when a bound does not fit.
    struct ConditionBounds {
        var minimum: Int64?
        var maximum: Int64?
        var fit: Bool

        init(_ condition: Condition?) {
            minimum = condition?.minimum.flatMap { TypedValue.number($0).millionths }
            maximum = condition?.maximum.flatMap { TypedValue.number($0).millionths }
            fit = (condition?.minimum == nil || minimum != nil) && (condition?.maximum == nil || maximum != nil)
        }
    }

    /// Codes of a department field (a list or one value).
    private func items(_ value: TypedValue) -> [String] {
        if case .list(let list) = value { return list.map(\.canonical) }
        return [value.canonical]
    }

    private func checkRules(_ values: RowValues, row: Int) {
        for (position, rule) in schema.rules.enumerated() {
            // A rule reads only the values of its fields (and of its conditions' fields): one
            // that held for these value ids holds again, and is not checked again.
            let key = ruleKey(position)
            if let key, passedRules[position].contains(key) { continue }
            let issuesBefore = result.issues.count
            check(rule, at: position, values, row: row)
            if let key, result.issues.count == issuesBefore, passedRules[position].count < Self.passedRulesLimit {
                passedRules[position].insert(key)
            }
        }
    }

    /// The value ids of the fields a rule reads, packed (16 bits each, at most 4 fields), or nil
    /// when one of them has no id or there are more.
    private func ruleKey(_ position: Int) -> UInt64? { packedIDs(ruleReads[position]) }

    private func packedIDs(_ fields: [Int]) -> UInt64? {
        guard fields.count <= 4 else { return nil }
        var key: UInt64 = 0
        for field in fields {
            let id = rowValueIDs[field]
            guard id >= 0 && id < 1 << 16 else { return nil }
            key = key << 16 | UInt64(id)
        }
        return key
    }

    /// How many value combinations a rule remembers as holding.
    private static let passedRulesLimit = 1 << 16

    private func check(_ rule: Rule, at position: Int, _ values: RowValues, row: Int) {
        let conditions = ruleConditionFields[position]
        if let when = rule.when,
            !holds(when, at: conditions.when, bounds: ruleConditionBounds[position].when, values)
        {
            return
        }
        if let unless = rule.unless,
            holds(unless, at: conditions.unless, bounds: ruleConditionBounds[position].unless, values)
        {
            return
        }
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
            else { return }
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
            else { return }
            // (A few codes: an array is searched faster than a set is built.)
            let codes = items(departments)
            let prefix2 = String(postal.prefix(2))
            let matches =
                codes.contains(prefix2) || codes.contains(String(postal.prefix(3)))
                || (prefix2 == "20" && (codes.contains("2A") || codes.contains("2B")))
            if !matches {
                report(
                    postalField, value: postal,
                    Message(
                        fr:
                            "code postal \(postal) hors des départements indiqués (\(Set(codes).sorted().joined(separator: ", ")))",
                        en:
                            "postal code \(postal) outside the departments given (\(Set(codes).sorted().joined(separator: ", ")))"
                    ))
            }
        case .pattern(let field, let pattern):
            guard let value = values[at: fields[0]], let regex = compiled(pattern) else { return }
            for item in items(value) where (try? regex.wholeMatch(in: item)) == nil {
                report(
                    field, value: item,
                    Message(
                        fr: "valeur inhabituelle (\(pattern) attendu)", en: "unusual value (\(pattern) expected)"))
            }
        case .valueIn(let field, let allowed):
            guard let value = values[at: fields[0]] else { return }
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
            else { return }
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
            else { return }
            issue(
                .ruleError, severity: rule.severity, row: row, field: field,
                rule.message
                    ?? Message(
                        fr: "\(field) obligatoire quand \(when) = \(trigger.canonical)",
                        en: "\(field) is required when \(when) = \(trigger.canonical)"))
        case .atLeastOne(let names):
            guard !fields.contains(where: { values.isPresent(at: $0) }) else { return }
            issue(
                .ruleError, severity: rule.severity, row: row, field: names.first,
                rule.message
                    ?? Message(
                        fr: "au moins un de : \(names.joined(separator: ", "))",
                        en: "at least one of: \(names.joined(separator: ", "))"))
        case .prefixOf(let field, let of, let length):
            guard let a = values[at: fields[0]]?.canonical, let b = values[at: fields[1]]?.canonical,
                String(b.prefix(length)) != a
            else { return }
            issue(
                .ruleError, severity: rule.severity, row: row, field: field, value: a,
                rule.message ?? Message(fr: "\(field) ≠ début de \(of)", en: "\(field) is not the start of \(of)"))
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
        for position in schema.foreignKeys.indices {
            // As for rules: a key found for these value ids is found again.
            let memo = packedIDs(foreignKeyReads[position])
            if let memo, passedForeignKeys[position].contains(memo) { continue }
            let issuesBefore = result.issues.count
            checkForeignKey(position, values, row: row)
            if let memo, result.issues.count == issuesBefore, passedForeignKeys[position].count < Self.passedRulesLimit
            {
                passedForeignKeys[position].insert(memo)
            }
        }
    }

    private func checkForeignKey(_ position: Int, _ values: RowValues, row: Int) {
        let key = schema.foreignKeys[position]
        let fields = foreignKeyFields[position]
        guard let value = values[at: fields.field] else { return }
        if let when = key.when {
            guard let trigger = values[at: fields.when], when.values.contains(trigger.canonical) else { return }
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

    /// A value's canonical bytes into a hasher, without making its String (lists item by item).
    private static func combine(_ value: TypedValue?, into hasher: inout Hasher) {
        func bytes(_ text: String) {
            text.withUTF8Bytes {
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
        func keyText(_ indexes: [Int]) -> String {
            indexes.compactMap { values.values[$0]?.canonical }.joined(separator: " / ")
        }
        if hasPrimaryKey, let key = keyDigest(primaryKeyIndexes, values) {
            // A 64-bit hash of every value stands for the row (exact duplicates compare equal):
            // the values' keyed hashes chained (no second SipHash over them).
            var chain = WordHash()
            for index in values.values.indices { chain.add(UInt64(UInt(bitPattern: valueHash(index, second: false)))) }
            let signature = Int(Int64(bitPattern: chain.value))
            if let earlier = keyIndex[key.first, key.second] {
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
                keyIndex.set((Int32(clamping: row), signature), first: key.first, second: key.second)
            }
        }
        for position in uniqueKeyIndexes.indices {
            guard let digest = keyDigest(uniqueKeyIndexes[position], values) else { continue }
            if let earlier = uniqueIndexes[position][digest.first, digest.second] {
                issue(
                    .uniqueError, row: row, field: uniqueKeyNames[position].last,
                    value: keyText(uniqueKeyIndexes[position]),
                    Message(
                        fr: "valeur déjà vue ligne \(earlier) (doit être unique)",
                        en: "value already seen on row \(earlier) (must be unique)"))
            } else {
                uniqueIndexes[position].set(Int32(clamping: row), first: digest.first, second: digest.second)
            }
        }
    }

    /// A hash of the canonical value of a field of the current row (two independent ones:
    /// `second` or not). A value the memo keeps is hashed once, when first seen.
    private func valueHash(_ index: Int, second: Bool) -> Int {
        let id = rowValueIDs[index]
        if id >= 0 { return memos[index].hash(id, second: second) }
        return second ? rowSecondHashes[index] : rowFirstHashes[index]
    }

    static func hash(_ value: TypedValue?, second: Bool) -> Int {
        var hasher = Hasher()
        if second { hasher.combine(0x6b65_7932) }
        combine(value, into: &hasher)
        return hasher.finalize()
    }

    /// A key's values (all present) as two independent 64-bit hashes: 128 bits stand for the
    /// key (two keys share them by chance with odds of n²/2¹²⁹ — never, in practice) without
    /// building its text for every row.
    private func keyDigest(_ indexes: [Int], _ values: RowValues) -> KeyDigest? {
        // (The values' two keyed hashes, each chained: no second SipHash over them.)
        var first = WordHash()
        var second = WordHash(seed: 0xA409_3822_299F_31D0)
        for index in indexes {
            guard values.values[index] != nil else { return nil }
            first.add(UInt64(UInt(bitPattern: valueHash(index, second: false))))
            second.add(UInt64(UInt(bitPattern: valueHash(index, second: true))))
        }
        return KeyDigest(first: first.value, second: second.value)
    }

    struct KeyDigest {
        let first: UInt64
        let second: UInt64
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
    /// Per field, the value's id among those this file's validator has seen for the field (-1:
    /// not kept): within a file, equal ids mean the same cell content, so the same value and
    /// original — what a later stage derives from them can be kept by id and reused.
    public var valueIDs: [Int32]
    /// Value ids are below this.
    public static let valueIDLimit = FieldMemo.limit
    /// The values as found, same order (nil for a typed cell read as such, or an empty one).
    public var originals: [String?]
    /// The column (0-based) of each field in the sheet, nil when the sheet has none.
    public var columns: [Int?]
    public var isValid: Bool
    /// The errors of this row. A missing required column is an error of the file (not listed
    /// here) that makes every row invalid.
    public var errors: [ValidationIssue]

    public init(
        number: Int, values: [TypedValue?], valueIDs: [Int32], originals: [String?], columns: [Int?],
        isValid: Bool, errors: [ValidationIssue]
    ) {
        self.number = number
        self.values = values
        self.valueIDs = valueIDs
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

    /// By position (-1: a field the schema does not have).
    subscript(at position: Int) -> TypedValue? { position >= 0 ? values[position] : nil }

    func isPresent(at position: Int) -> Bool { position >= 0 && present[position] }
}

/// A field's outcomes already seen, each numbered by its position (its id): regions, enums, codes
/// and dates repeat down a sheet, and a cell's outcome depends only on its content and its field.
/// Found by shared-string index (flat arrays: an array read, no text and no hash — this runs for
/// most cells of a workbook), by text, or by kind and number bits for typed cells. It keeps up to
/// `limit` outcomes; past that a value it has not seen is read each time (id -1), so a column of
/// distinct texts (titles, descriptions) costs a read per cell and little memory.
struct FieldMemo {
    static let limit = 4096
    private var outcomes: [FieldOutcome] = []
    /// Per shared-string index, the id of its outcome (-1: not seen; indexes past 2¹⁸ are not
    /// kept: the table never passes 1 MB a field).
    private var sharedSlots: [Int32] = []
    private var byText: [ByteKey: Int32] = [:]
    private var byTyped = WordKeyTable<Int32>()
    /// Per id, the two hashes of the outcome's value (`SheetValidator.hash`).
    private var firstHashes: [Int] = []
    private var present: [Bool] = []
    /// The outcome of an absent cell (-1: none yet).
    private var emptyID: Int32 = -1
    private var secondHashes: [Int] = []

    /// What a cell is known by: its shared string, its text, or its kind and number bits; or
    /// its absence (`empty`). `none`: not kept (error values, formulas without a value).
    enum Key {
        case none
        case empty
        case sharedString(Int)
        case text(ByteKey)
        case typed(UInt64)
    }

    /// The id of the outcome already seen for this key, if any.
    @inline(__always)
    func id(of key: Key) -> Int32? {
        switch key {
        case .none: return nil
        case .empty: return emptyID >= 0 ? emptyID : nil
        case .sharedString(let index):
            guard index < sharedSlots.count, sharedSlots[index] >= 0 else { return nil }
            return sharedSlots[index]
        case .text(let text): return byText[text]
        case .typed(let bits): return byTyped[bits]
        }
    }

    func outcome(_ id: Int32) -> FieldOutcome { outcomes[Int(id)] }

    @inline(__always)
    func value(_ id: Int32) -> TypedValue? { outcomes[Int(id)].value }

    @inline(__always)
    func original(_ id: Int32) -> String? { outcomes[Int(id)].original }

    @inline(__always)
    func hasIssues(_ id: Int32) -> Bool { !outcomes[Int(id)].issues.isEmpty }

    /// Something in the cell, valid or not (rules about presence look at this).
    @inline(__always)
    func isPresent(_ id: Int32) -> Bool { present[Int(id)] }

    static func isPresent(_ outcome: FieldOutcome) -> Bool {
        outcome.value != nil || (!outcome.issues.isEmpty && outcome.issues.contains { $0.code != .constraintError })
    }

    @inline(__always)
    func hash(_ id: Int32, second: Bool) -> Int { second ? secondHashes[Int(id)] : firstHashes[Int(id)] }

    /// Keeps a new outcome while there is room; its id, or -1.
    mutating func keep(_ outcome: FieldOutcome, for key: Key) -> Int32 {
        guard outcomes.count < Self.limit else { return -1 }
        let id = Int32(outcomes.count)
        switch key {
        case .none: return -1
        case .empty: emptyID = id
        case .sharedString(let index):
            guard index < 1 << 18 else { return -1 }
            if index >= sharedSlots.count {
                sharedSlots.append(contentsOf: repeatElement(-1, count: index + 1 - sharedSlots.count))
            }
            sharedSlots[index] = id
        case .text(let text): byText[text] = id
        case .typed(let bits): byTyped.set(id, first: bits)
        }
        outcomes.append(outcome)
        if case .empty = key { present.append(false) } else { present.append(Self.isPresent(outcome)) }
        firstHashes.append(SheetValidator.hash(outcome.value, second: false))
        secondHashes.append(SheetValidator.hash(outcome.value, second: true))
        return id
    }
}

/// A String compared and hashed by its UTF-8 bytes. Swift's String hashing normalises non-ASCII
/// text first, which dominated the per-cell dictionaries; byte equality is what these tables need.
struct ByteKey: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    func hash(into hasher: inout Hasher) {
        text.withUTF8Bytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func == (a: ByteKey, b: ByteKey) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
}
