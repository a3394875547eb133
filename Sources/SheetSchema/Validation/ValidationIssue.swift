/// One problem, where it is and what was done: the unit of the validation log.
public struct ValidationIssue: Sendable, Codable, Equatable {
    /// A stable code (`IssueCode` raw values).
    public var code: String
    /// How serious it is.
    public var severity: Severity
    /// The file, as given.
    public var file: String
    /// The sheet (a CSV file's name for a CSV file).
    public var sheet: String?
    /// A1 reference (`F12`), when the issue is one cell.
    public var cell: String?
    /// As Excel or a text editor shows it: header = row 1.
    public var row: Int?
    /// The schema field concerned.
    public var field: String?
    /// The original value, as found.
    public var value: String?
    /// The value as sheetpipe normalised it, where it produced one.
    public var normalised: String?
    /// What happened, in both languages.
    public var message: Message
    /// How many cells it stands for: 1, or, for an aggregated reading note, the cells of its
    /// field where it was found (the first of them at `cell`).
    public var count = 1
    /// An aggregated note's first cells (at most `IssueList.examplesKept`); empty otherwise.
    public var examples: [IssueExample] = []

    /// An issue (`severity` nil: the code's default).
    public init(
        code: IssueCode, severity: Severity? = nil, file: String, sheet: String? = nil, cell: String? = nil,
        row: Int? = nil,
        field: String? = nil, value: String? = nil, normalised: String? = nil, message: Message
    ) {
        self.code = code.rawValue
        self.severity = severity ?? code.defaultSeverity
        self.file = file
        self.sheet = sheet
        self.cell = cell
        self.row = row
        self.field = field
        self.value = value
        self.normalised = normalised
        self.message = message
    }

    /// `Projets!F12`, `Projets, ligne 12`, `Projets` or `-`.
    public func location(_ language: Language) -> String {
        let rowWord = language == .fr ? "ligne" : "row"
        switch (sheet, cell) {
        case (let sheet?, let cell?): return "\(sheet)!\(cell)"
        case (let sheet?, nil): return row.map { "\(sheet), \(rowWord) \($0)" } ?? sheet
        default: return row.map { "\(rowWord) \($0)" } ?? "-"
        }
    }
}

/// Stable issue codes: Frictionless names where one exists, spreadsheet-specific ones otherwise.
public enum IssueCode: String, Sendable, CaseIterable {
    /// A value not of the field's type.
    case typeError = "type-error"
    /// A value breaking a constraint (or missing).
    case constraintError = "constraint-error"
    /// A required column is missing.
    case missingLabel = "missing-label"
    /// A column the schema does not know.
    case extraLabel = "extra-label"
    /// A column of personal data, ignored.
    case personalData = "personal-data"
    /// A value outside the table, or a record with too many fields.
    case extraCell = "extra-cell"
    /// A record with too few fields.
    case missingCell = "missing-cell"
    /// Two columns for one field.
    case duplicateLabel = "duplicate-label"
    /// Blank rows inside the table.
    case blankRow = "blank-row"
    /// A primary key seen before, with other values.
    case primaryKey = "primary-key"
    /// A value not in its reference list.
    case foreignKey = "foreign-key"
    /// A unique value seen before.
    case uniqueError = "unique-error"
    /// A row seen before, identical.
    case duplicateRow = "duplicate-row"
    /// A cross-field rule broken.
    case ruleError = "rule-error"
    /// A formula whose value was not saved.
    case formulaWithoutValue = "formula-without-value"
    /// An Excel error value (`#DIV/0!`).
    case excelError = "excel-error"
    /// A number typed as text.
    case numberAsText = "number-as-text"
    /// An identifier typed as a number.
    case identifierAsNumber = "identifier-as-number"
    /// A date typed as a number.
    case dateAsNumber = "date-as-number"
    /// A number that reads two ways (`1.234`).
    case ambiguousNumber = "ambiguous-number"
    /// How a value was read (a note).
    case valueNote = "value-note"
    /// A pre-2016 region, read as its successor.
    case formerRegion = "former-region"
    /// The data is on a hidden sheet.
    case hiddenSheet = "hidden-sheet"
    /// A hidden row.
    case hiddenRow = "hidden-row"
    /// Merged cells over data.
    case mergedCell = "merged-cell"
    /// Which sheet and schema were chosen, and why.
    case sheetChosen = "sheet-chosen"
    /// The header is below title rows.
    case headerRow = "header-row"
    /// No header row found.
    case noHeader = "no-header"
    /// Something the reader found in a row.
    case readIssue = "read-issue"
    /// A cell over the 32,767 characters Excel allows.
    case cellTooLong = "cell-too-long"
    /// The file cannot be read.
    case unreadableFile = "unreadable-file"
    // What consolidation did (sheetpipe run).
    /// A value written in its canonical form.
    case valueNormalised = "value-normalised"
    /// Duplicate rows merged into one.
    case duplicateMerged = "duplicate-merged"
    /// A row replaced by a later submission.
    case superseded = "superseded"
    /// Rows that look alike, for review.
    case nearDuplicate = "near-duplicate"
    /// A row of another region than the file's.
    case regionMismatch = "region-mismatch"
    /// The workbook was made from a template of another schema, or of another version of it.
    case templateMismatch = "template-mismatch"
    /// A header and no data row under it: nothing to collect (a blank template sent back, the
    /// wrong sheet), said rather than VALID in silence.
    case noDataRows = "no-data-rows"
    /// How a CSV file is written, said once (spaces after its delimiters before quoted fields).
    case csvDialect = "csv-dialect"
    /// A column's decimal separator or date order, inferred from its own values and applied to
    /// the values that read either way (said once per column, naming the cell that shows it).
    case conventionInferred = "convention-inferred"
    /// A column whose values show two decimal separators, or two date orders (naming a cell of each).
    case conventionConflict = "convention-conflict"

    /// Says how a column was read rather than what is wrong with a row: one entry per file ×
    /// field × code in the log, with a count and the first cells, never one per cell. Every
    /// code is listed here on purpose (a new one must say which it is); the README lists the
    /// notes too.
    public var isReadingNote: Bool {
        switch self {
        case .valueNote, .numberAsText, .valueNormalised: return true
        case .typeError, .constraintError, .missingLabel, .extraLabel, .personalData, .extraCell, .missingCell,
            .duplicateLabel, .blankRow, .primaryKey, .foreignKey, .uniqueError, .duplicateRow, .ruleError,
            .formulaWithoutValue, .excelError, .identifierAsNumber, .dateAsNumber, .ambiguousNumber, .formerRegion,
            .hiddenSheet, .hiddenRow, .mergedCell, .sheetChosen, .headerRow, .noHeader, .readIssue, .cellTooLong,
            .unreadableFile, .duplicateMerged, .superseded, .nearDuplicate, .regionMismatch, .templateMismatch,
            .noDataRows, .csvDialect, .conventionInferred, .conventionConflict:
            return false
        }
    }

    /// The codes aggregated per file × field (`isReadingNote`), in declaration order.
    public static var readingNotes: [IssueCode] { allCases.filter(\.isReadingNote) }

    /// The severity issues of this code have unless said otherwise.
    public var defaultSeverity: Severity {
        switch self {
        case .typeError, .constraintError, .missingLabel, .duplicateLabel, .primaryKey, .foreignKey, .uniqueError,
            .ruleError,
            .formulaWithoutValue, .excelError, .noHeader, .readIssue, .cellTooLong, .unreadableFile, .ambiguousNumber:
            return .error
        case .extraLabel, .personalData, .extraCell, .missingCell, .duplicateRow, .numberAsText, .identifierAsNumber,
            .dateAsNumber,
            .valueNote, .formerRegion,
            .hiddenSheet, .hiddenRow, .mergedCell, .nearDuplicate, .regionMismatch, .templateMismatch, .noDataRows,
            .conventionConflict:
            return .warning
        case .blankRow, .sheetChosen, .headerRow, .valueNormalised, .duplicateMerged, .superseded, .csvDialect,
            .conventionInferred:
            return .info
        }
    }
}
