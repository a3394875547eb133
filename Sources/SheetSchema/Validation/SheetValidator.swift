import Foundation
import SheetHashing
public import SheetReading

/// Validates the rows of one sheet against a schema, as they stream: the header is looked for in
/// the first rows (title rows above it are allowed), then each data row is read field by field,
/// checked by the cross-field rules and the keys, and counted valid or invalid. Blank rows are
/// not rows. `rows_in = rows_valid + rows_invalid`.
public final class SheetValidator {
    /// The schema the rows are validated against.
    public let schema: TableSchema
    /// The schema's fields and missing values, held apart: read for every cell, where the schema
    /// (a struct of a dozen references) would be copied, each retained.
    let fields: [Field]
    let missingValues: [String]
    let reader: FieldReader
    let file: String
    let sheet: String
    let fromWorkbook: Bool
    /// Given each data row once it is validated (on the validator's thread).
    private let sink: ((ValidatedRow) -> Void)?
    // (Unchecked exclusivity, below: state used at every row, on the validator's thread only.)
    /// What the file gave so far (final once `finish` returns it).
    @exclusivity(unchecked)
    public internal(set) var result: FileValidation
    /// Issues found since the last row ended: the row's own, read to decide whether it is valid.
    @exclusivity(unchecked)
    var rowIssues: [ValidationIssue] = []
    /// The reader copied each merged range's value to its cells (the log says so).
    public var mergedCellsFilled = false

    // Header (SheetValidator+Header.swift).
    /// The first rows, until the header is chosen among them.
    var pending: [Row] = []
    var headerSearch = HeaderSearch.searching
    /// Column of each schema field (same order as `schema.fields`), nil when absent.
    var fieldColumns: [Int?] = []
    /// Field index of each column of the table (-1: no field), and, per row, the position in
    /// `row.cells` of each field's cell (-1: empty) — one pass over the cells, no search.
    var fieldOfColumn: [Int] = []
    @exclusivity(unchecked)
    var cellOfField: [Int] = []
    let fieldIndex: [String: Int]
    var lastHeaderColumn = -1
    /// Per column up to the last header, whether its header cell has a label: a value under a
    /// blank header cell is outside the table as much as one after the last header.
    var headedColumns: [Bool] = []
    /// CSV: fields of the header record (records are compared with it, not with the first line).
    var headerFieldCount: Int?
    /// A required column is missing: every row lacks a required value.
    var missingRequiredColumn = false

    // Rows.
    /// The row being validated, moved out of here while it is (see `RowState`).
    @exclusivity(unchecked)
    var rowState: RowState
    /// Last row validated (XLSX: a gap before the next one is a run of blank rows).
    @exclusivity(unchecked)
    var lastDataRow: Int?

    // Key checks (SheetValidator+Keys.swift).
    let resolvedKeys: ResolvedKeys
    /// Per primary key (its digest): the first row that had it and the signature of its values.
    @exclusivity(unchecked)
    var keyIndex = WordKeyTable<FirstKeyedRow, SeededMixing>(capacity: 1024)
    /// Per unique key (schema uniqueKeys, then unique fields): value (its digest) → first row.
    @exclusivity(unchecked)
    var uniqueIndexes: [WordKeyTable<FirstRow, SeededMixing>]

    // Rule checks (SheetValidator+Rules.swift).
    let resolvedRules: ResolvedRules
    /// Per rule, the value-id combinations for which it held (`checkRules`).
    @exclusivity(unchecked)
    var passedRules: [WordKeyTable<SetMember, SeededMixing>]
    /// Patterns of rules, compiled once per file (the schema loader checked that they compile).
    @exclusivity(unchecked)
    var regexes: [String: Regex<AnyRegexOutput>] = [:]

    // Conventions (SheetValidator+Conventions.swift).
    /// How this reading reads each column's numbers and dates.
    let conventions: FileConventions
    /// The same, per field index (read at every row).
    let appliedConventions: [ColumnConvention]
    /// Per field, what its column's values showed of its convention so far.
    @exclusivity(unchecked)
    var columnEvidence: [ColumnEvidence]

    // Foreign keys (SheetValidator+ForeignKeys.swift).
    let resolvedForeignKeys: ResolvedForeignKeys
    /// Per foreign key, whether a canonical value is in the reference list (values repeat down a
    /// sheet: one key to fold), and the value-id combinations for which it was found.
    @exclusivity(unchecked)
    var foreignKeyMemo: [[ByteKey: Bool]]
    @exclusivity(unchecked)
    var passedForeignKeys: [WordKeyTable<SetMember, SeededMixing>]
    /// Per self-reference not to the primary key: the referenced fields' digests seen so far.
    var selfReferenceIndexes: [WordKeyTable<FirstRow, SeededMixing>]
    /// Self-references not found among the rows before theirs (looked up again at the end).
    var pendingSelfReferences: [PendingSelfReference] = []

    /// A validator for one sheet of `file`; `context` says how the sheet and schema were chosen
    /// (first in the log); `sink`, when given, sees every data row after validation, in order,
    /// on the validator's thread. `conventions`: how numbers and dates written as text are read
    /// (nil: nothing known of the file).
    public init(
        schema: TableSchema, reader: FieldReader, file: String, sheet: String, fromWorkbook: Bool, schemaName: String?,
        context: [ValidationIssue] = [], conventions: FileConventions? = nil, sink: ((ValidatedRow) -> Void)? = nil
    ) {
        self.schema = schema
        fields = schema.fields
        missingValues = schema.missingValues
        self.reader = reader
        self.file = file
        self.sheet = sheet
        self.fromWorkbook = fromWorkbook
        self.sink = sink
        var indexes: [String: Int] = [:]
        for (index, field) in schema.fields.enumerated() { indexes[field.name] = index }
        fieldIndex = indexes
        rowState = RowState(fieldCount: schema.fields.count)
        resolvedKeys = ResolvedKeys(schema, fieldIndex: indexes)
        uniqueIndexes = Array(repeating: WordKeyTable(), count: resolvedKeys.uniqueKeyNames.count)
        resolvedRules = ResolvedRules(schema.rules, fieldIndex: indexes)
        passedRules = Array(repeating: WordKeyTable(), count: schema.rules.count)
        resolvedForeignKeys = ResolvedForeignKeys(
            schema.foreignKeys, primaryKey: schema.primaryKey, fieldIndex: indexes)
        selfReferenceIndexes = Array(repeating: WordKeyTable(), count: schema.foreignKeys.count)
        foreignKeyMemo = Array(repeating: [:], count: schema.foreignKeys.count)
        passedForeignKeys = Array(repeating: WordKeyTable(), count: schema.foreignKeys.count)
        let conventions = conventions ?? FileConventions(defaultDecimal: .unknown, fields: nil)
        self.conventions = conventions
        appliedConventions = schema.fields.indices.map { conventions.convention(ofField: $0) }
        columnEvidence = Array(repeating: ColumnEvidence(), count: schema.fields.count)
        result = FileValidation(path: file, sheet: sheet, schema: schemaName, status: .accepted)
        result.issues.append(contentsOf: context)
    }

    /// Feeds the next row of the sheet (rows before the header is found wait for it).
    public func consume(_ row: Row) {
        if let last = row.cells.last, Int(last.column) > result.lastColumn { result.lastColumn = Int(last.column) }
        if headerSearch == .searching {
            pending.append(row)
            if pending.count < HeaderMatcher.rowsToSearch { return }
            chooseHeader()
            return
        }
        validate(row)
    }

    /// Validates one data row: its cells for their fields, then the rules and keys; hands it on.
    func validate(_ row: Row) {
        guard headerSearch == .found else { return }
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
        let errorsBefore = rowIssues.count
        // The reader compares CSV records with the first line, which may be a title: compare
        // with the header found instead.
        for readIssue in row.issues where readIssue.code != .csvFieldCount {
            if readIssue.code == .cellTooLong {
                reportOverlong(readIssue, row: row.number)
                continue
            }
            if readIssue.code == .csvSpacesAfterDelimiter {
                reportSpacesAfterDelimiter(readIssue, row.number)
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
        // (Values, originals and ids need no reset: the field loop sets those of every field
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
        // The row's state is moved out of self for the row (not copied: a class's properties are
        // retained and checked for exclusive access at each use), and back at its end.
        var state = RowState()
        swap(&state, &rowState)
        readFields(of: row, into: &state)
        for cell in row.cells
        where Int(cell.column) < recordWidth
            && (Int(cell.column) > lastHeaderColumn || !headedColumns[Int(cell.column)])
        {
            issue(
                .extraCell, cell: row.reference(of: cell), row: row.number, value: row.text(of: cell),
                Message(
                    fr: "valeur hors du tableau (colonne sans en-tête)",
                    en: "value outside the table (column without header)"))
        }
        checkRules(state, row: row.number)
        checkForeignKeys(state, row: row.number)
        checkKeys(state, row: row.number)
        for found in rowIssues[errorsBefore...] where found.severity == .error { rowHasError = true }
        result.rowsIn += 1
        if rowHasError {
            result.rowsInvalid += 1
            result.invalidRows.append(UInt32(row.number))
        } else {
            result.rowsValid += 1
        }
        if let sink {
            // The row's arrays are moved into the validated row and back (swapped, not copied).
            var validated = ValidatedRow(
                number: row.number, values: [], valueIDs: [], originals: [], columns: [], isValid: !rowHasError,
                errors: rowHasError ? rowIssues[errorsBefore...].filter { $0.severity == .error } : [])
            state.exchange(with: &validated)
            swap(&validated.columns, &fieldColumns)
            sink(validated)
            state.exchange(with: &validated)
            swap(&validated.columns, &fieldColumns)
        }
        swap(&state, &rowState)
        if !rowIssues.isEmpty { flushIssues() }
    }

    /// Reads the row's cells for the schema's fields into `state`: a value seen before in the
    /// field is taken from its memo, another is read, kept in the memo while there is room.
    private func readFields(of row: Row, into state: inout RowState) {
        let hashedFields = resolvedKeys.hashedFields
        let keyFields = resolvedKeys.keyFields
        let fields = self.fields
        let fieldColumns = self.fieldColumns
        let cellOfField = self.cellOfField
        let appliedConventions = self.appliedConventions
        let listening = sink != nil
        state.withBuffers { buffers in
            let memos = buffers.memos
            let values = buffers.values
            let present = buffers.present
            let originals = buffers.originals
            let ids = buffers.ids
            let firstHashes = buffers.firstHashes
            let secondHashes = buffers.secondHashes
            for index in fieldColumns.indices {
                guard let column = fieldColumns[index] else { continue }
                let cell: Cell? = cellOfField[index] >= 0 ? row.cells[cellOfField[index]] : nil
                // Typed cells (numbers, dates, booleans) repeat too: keyed by kind and value bits.
                // (No closure reads the cell here: its context would be destroyed at every cell.)
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
                    cell, in: row, field: fields[index], missingValues: missingValues, fromWorkbook: fromWorkbook,
                    convention: appliedConventions[index])
                if outcome.evidence != .none {
                    noteEvidence(
                        outcome.evidence, field: index, column: column, row: row.number, value: outcome.original)
                }
                ids[index] = memos[index].keep(outcome, for: key)
                if !outcome.issues.isEmpty { report(outcome, field: index, column: column, row: row.number) }
                present[index] = cell != nil && FieldMemo.isPresent(outcome)
                // (A value the memo kept has its hashes there, made by `keep`: only the others here.)
                if ids[index] < 0 {
                    if hashedFields[index] { firstHashes[index] = ValueHash.of(outcome.value, second: false) }
                    if keyFields[index] { secondHashes[index] = ValueHash.of(outcome.value, second: true) }
                }
                // (Moved out, not copied: the outcome is not used after.)
                if listening { originals[index] = outcome.original.take() }
                values[index] = outcome.value.take()
            }
        }
    }

    /// Ends the sheet: a header still undecided is chosen now; merged ranges over data are reported.
    public func finish(summary: SheetReadSummary?) -> FileValidation {
        if headerSearch == .searching {
            if pending.isEmpty {
                issue(.noHeader, Message(fr: "la feuille est vide", en: "the sheet is empty"))
                result.status = .rejected
                result.error = FileValidation.Failure(code: "no-header", message: "the sheet is empty")
                flushIssues()
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
        resolveSelfReferences()
        settleConventions()
        if let headerRow = result.headerRow, result.rowsIn == 0, result.status != .rejected {
            issue(
                .noDataRows, row: headerRow,
                Message(
                    fr: "en-tête ligne \(headerRow) sans aucune ligne de données dessous : rien à collecter",
                    en: "header on row \(headerRow) with no data row under it: nothing to collect"))
        }
        if result.status != .rejected {
            if missingRequiredColumn || (result.rowsInvalid > 0 && result.rowsValid == 0) {
                result.status = .rejected
            } else if result.rowsInvalid > 0 {
                result.status = .partial
            }
        }
        flushIssues()
        return result
    }
}
