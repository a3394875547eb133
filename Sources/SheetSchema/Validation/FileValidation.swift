public import SheetReading

/// What validating one file gave.
public struct FileValidation: Sendable {
    /// The file's verdict.
    public enum Status: String, Sendable, Codable {
        /// Every row is valid.
        case accepted
        /// Some rows are valid, some are not.
        case partial
        /// No row can be kept: no header, a required column missing, or no valid row.
        case rejected
        /// The file could not be read (whole or part-way).
        case unreadable
    }

    /// Why a file was rejected or unreadable as a whole: a stable code and a sentence.
    public struct Failure: Sendable, Equatable, Codable {
        /// A stable code (`no-header`, `io-error`, or a `ReadError` code).
        public var code: String
        /// What went wrong, for a person.
        public var message: String

        /// A failure with this code and message.
        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    /// A column of the header and the field it was matched to (for the text report).
    public struct ColumnMapping: Sendable, Equatable, Codable {
        /// The column's letters (`C`).
        public var column: String
        /// The header text, as found.
        public var label: String
        /// The schema field it answers to.
        public var field: String

        /// A column matched to a field.
        public init(column: String, label: String, field: String) {
            self.column = column
            self.label = label
            self.field = field
        }
    }

    /// The file's path, as given.
    public var path: String
    /// The sheet read (nil when none could be chosen).
    public var sheet: String?
    /// The name of the schema applied (nil when none was).
    public var schema: String?
    /// The verdict.
    public var status: Status
    /// Data rows read (`rowsValid + rowsInvalid`).
    public var rowsIn = 0
    /// Rows without an error.
    public var rowsValid = 0
    /// Rows with at least one error.
    public var rowsInvalid = 0
    /// The row numbers of the rows with an error, in order (the feedback workbook marks them).
    public var invalidRows: [UInt32] = []
    /// Rows found invalid only when the sheet ended (a self-referencing foreign key naming a row
    /// that never came), with the reason: a consumer given them as valid must take them back.
    public var rowsInvalidAtEnd: [UInt32: Message] = [:]
    /// The last column (0-based) with a cell in any row read, -1 when none: a feedback workbook
    /// writes its status column after it, so that every address still matches the log.
    public var lastColumn = -1
    /// Why the file as a whole was rejected or unreadable.
    public var error: Failure?
    /// Why the file could not be read, when it failed once its rows had begun (some may have
    /// been validated: a file read part-way contributes none of them).
    public var readFailure: ReadError?
    /// Every issue found, in the order of the log (on disk past a few megabytes; reading notes
    /// aggregated per field).
    public var issues = IssueList()
    /// Columns (0-based) ignored as personal data: later stages must not copy them.
    public var droppedColumns: [Int] = []
    /// The header's row number, when one was found.
    public var headerRow: Int?
    /// The header's columns and the fields they were matched to, in column order.
    public var mapping: [ColumnMapping] = []
    /// The conventions the file's columns showed (decimal separator, date order), when some of
    /// its values were read before their column's evidence was known and read otherwise with
    /// it: the file is to be read again with them (`FileValidator` does it itself when no row
    /// sink listens). Nil when the reading stands.
    public var secondReading: FileConventions?

    /// An empty validation of a file, before its rows are read.
    public init(path: String, sheet: String?, schema: String?, status: Status) {
        self.path = path
        self.sheet = sheet
        self.schema = schema
        self.status = status
    }

    /// A file that could not be opened, or whose sheet could not be chosen: no schema was applied to it.
    public init(unreadable path: String, _ error: ReadError) {
        self.init(path: path, sheet: nil, schema: nil, status: .unreadable)
        // The message names the file once, as reading errors do.
        self.error = Failure(code: error.code.rawValue, message: error.description)
        issues.append(
            ValidationIssue(
                code: .unreadableFile, file: path, cell: error.cell, row: error.line,
                message: Message(fr: "fichier illisible : \(error.reason)", en: "unreadable file: \(error.reason)")))
    }
}
