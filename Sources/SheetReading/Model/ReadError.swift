/// A file that cannot be read. Says which file, where in it (zip entry, line, cell) and why, in
/// words the person who sent the file can act on.
public struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is; the raw value is the code shown in logs.
    public enum Code: String, Sendable {
        /// There is no file at that path.
        case fileNotFound = "file-not-found"
        /// The file could not be read (permissions, a read error).
        case ioError = "io-error"
        /// The extension is not one of `.xlsx`, `.xlsm`, `.ods`, `.fods`, `.csv`, `.tsv`, `.txt`.
        case unsupportedExtension = "unsupported-extension"
        /// The content does not match the extension (text saved as .xlsx, a zip saved as .csv…).
        case contentMismatch = "content-mismatch"
        /// A legacy binary `.xls` workbook (or one saved with the wrong extension).
        case legacyExcel = "legacy-xls"
        /// A password-protected workbook.
        case encryptedWorkbook = "encrypted-workbook"
        /// `~$name.xlsx`: Excel's note that someone has the workbook open.
        case excelLockFile = "excel-lock-file"
        /// A zip package that is not an XLSX workbook or an OpenDocument spreadsheet.
        case notAWorkbook = "not-a-workbook"
        /// The zip package is damaged.
        case corruptZip = "corrupt-zip"
        /// A zip entry name that could escape a folder (`../`, an absolute path).
        case unsafeEntryName = "unsafe-entry-name"
        /// Two zip entries with the same name.
        case duplicateEntry = "duplicate-entry"
        /// Over a `ReadLimits` limit (file size, entries, part size, total size).
        case limitExceeded = "limit-exceeded"
        /// A part the workbook refers to is not in the package.
        case missingPart = "missing-part"
        /// A part is not well-formed XML.
        case malformedXML = "malformed-xml"
        /// A part declares a DTD (refused: entity expansion attacks).
        case forbiddenDTD = "forbidden-dtd"
        /// A cell reference beyond XFD1048576.
        case cellOutsideGrid = "cell-outside-grid"
        /// The same cell twice in a row.
        case duplicateCell = "duplicate-cell"
        /// Rows or cells out of order.
        case rowOutOfOrder = "row-out-of-order"
        /// A cell over the limit the reader accepts.
        case cellTooLong = "cell-too-long"
        /// A cell value that does not match its type (a number cell holding text).
        case invalidCellValue = "invalid-cell-value"
        /// A shared-string index beyond the table.
        case sharedStringIndex = "shared-string-index"
        /// No sheet has the requested name.
        case sheetNotFound = "sheet-not-found"
        /// The workbook has no visible worksheet to read by default.
        case noVisibleSheet = "no-visible-sheet"
        /// A CSV quoted field that never ends.
        case unterminatedQuote = "csv-unterminated-quote"
        /// Text that is not valid in its encoding.
        case undecodableText = "undecodable-text"
        /// A requested or used range too large to read (a stray cell at XFD1048576).
        case rangeTooLarge = "range-too-large"
    }

    /// What kind of problem it is.
    public var code: Code
    /// The path as the user gave it.
    public var file: String
    /// Zip entry (XLSX part) when the problem is inside one.
    public var part: String?
    /// Line in the part (XML) or in the file (CSV).
    public var line: Int?
    /// `Sheet!B7` when the problem is one cell.
    public var cell: String?
    /// Why, in words a person can act on.
    public var reason: String

    /// An error of kind `code` in `file` (and where in it), saying `reason`.
    public init(_ code: Code, file: String, part: String? = nil, line: Int? = nil, cell: String? = nil, reason: String)
    {
        self.code = code
        self.file = file
        self.part = part
        self.line = line
        self.cell = cell
        self.reason = reason
    }

    /// One line: `file.xlsx: xl/worksheets/sheet1.xml, line 3, cell Data!B7: reason`.
    public var description: String {
        var location: [String] = []
        if let part { location.append(part) }
        if let line { location.append("line \(line)") }
        if let cell { location.append("cell \(cell)") }
        let place = location.isEmpty ? "" : " (" + location.joined(separator: ", ") + ")"
        return "\(file)\(place): \(reason)"
    }
}
