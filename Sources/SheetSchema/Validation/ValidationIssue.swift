/// One problem, where it is and what was done: the unit of the validation log.
public struct ValidationIssue: Sendable, Codable, Equatable {
    public var code: String
    public var severity: Severity
    public var file: String
    public var sheet: String?
    /// A1 reference (`F12`), when the issue is one cell.
    public var cell: String?
    /// As Excel or a text editor shows it: header = row 1.
    public var row: Int?
    public var field: String?
    /// The original value, as found.
    public var value: String?
    /// The value as sheetpipe normalised it, where it produced one.
    public var normalised: String?
    public var message: Message

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
    case typeError = "type-error"
    case constraintError = "constraint-error"
    case missingLabel = "missing-label"
    case extraLabel = "extra-label"
    case personalData = "personal-data"
    case extraCell = "extra-cell"
    case missingCell = "missing-cell"
    case duplicateLabel = "duplicate-label"
    case blankRow = "blank-row"
    case primaryKey = "primary-key"
    case foreignKey = "foreign-key"
    case uniqueError = "unique-error"
    case duplicateRow = "duplicate-row"
    case ruleError = "rule-error"
    case formulaWithoutValue = "formula-without-value"
    case excelError = "excel-error"
    case numberAsText = "number-as-text"
    case identifierAsNumber = "identifier-as-number"
    case dateAsNumber = "date-as-number"
    case ambiguousNumber = "ambiguous-number"
    case valueNote = "value-note"
    case formerRegion = "former-region"
    case hiddenSheet = "hidden-sheet"
    case hiddenRow = "hidden-row"
    case mergedCell = "merged-cell"
    case sheetChosen = "sheet-chosen"
    case headerRow = "header-row"
    case noHeader = "no-header"
    case readIssue = "read-issue"
    /// A cell over the 32,767 characters Excel allows.
    case cellTooLong = "cell-too-long"
    case unreadableFile = "unreadable-file"
    // What consolidation did (sheetpipe run).
    case valueNormalised = "value-normalised"
    case duplicateMerged = "duplicate-merged"
    case superseded = "superseded"
    case nearDuplicate = "near-duplicate"
    case regionMismatch = "region-mismatch"
    /// The workbook was made from a template of another schema, or of another version of it.
    case templateMismatch = "template-mismatch"

    public var defaultSeverity: Severity {
        switch self {
        case .typeError, .constraintError, .missingLabel, .duplicateLabel, .primaryKey, .foreignKey, .uniqueError,
            .ruleError,
            .formulaWithoutValue, .excelError, .noHeader, .readIssue, .cellTooLong, .unreadableFile, .ambiguousNumber:
            return .error
        case .extraLabel, .personalData, .extraCell, .missingCell, .duplicateRow, .numberAsText, .identifierAsNumber,
            .dateAsNumber,
            .valueNote, .formerRegion,
            .hiddenSheet, .hiddenRow, .mergedCell, .nearDuplicate, .regionMismatch, .templateMismatch:
            return .warning
        case .blankRow, .sheetChosen, .headerRow, .valueNormalised, .duplicateMerged, .superseded:
            return .info
        }
    }
}
