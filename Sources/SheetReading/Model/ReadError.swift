/// A file that cannot be read. Says which file, where in it (zip entry, line, cell) and why, in
/// words the person who sent the file can act on.
public struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case fileNotFound = "file-not-found"
        case ioError = "io-error"
        case unsupportedExtension = "unsupported-extension"
        /// The content does not match the extension (text saved as .xlsx, a zip saved as .csv…).
        case contentMismatch = "content-mismatch"
        case legacyExcel = "legacy-xls"
        case encryptedWorkbook = "encrypted-workbook"
        /// `~$name.xlsx`: Excel's note that someone has the workbook open.
        case excelLockFile = "excel-lock-file"
        case notAWorkbook = "not-a-workbook"
        case corruptZip = "corrupt-zip"
        case unsafeEntryName = "unsafe-entry-name"
        case duplicateEntry = "duplicate-entry"
        case limitExceeded = "limit-exceeded"
        case missingPart = "missing-part"
        case malformedXML = "malformed-xml"
        case forbiddenDTD = "forbidden-dtd"
        case cellOutsideGrid = "cell-outside-grid"
        case duplicateCell = "duplicate-cell"
        case rowOutOfOrder = "row-out-of-order"
        case cellTooLong = "cell-too-long"
        case invalidCellValue = "invalid-cell-value"
        case sharedStringIndex = "shared-string-index"
        case sheetNotFound = "sheet-not-found"
        case noVisibleSheet = "no-visible-sheet"
        case unterminatedQuote = "csv-unterminated-quote"
        case undecodableText = "undecodable-text"
        case rangeTooLarge = "range-too-large"
    }

    public var code: Code
    /// The path as the user gave it.
    public var file: String
    /// Zip entry (XLSX part) when the problem is inside one.
    public var part: String?
    /// Line in the part (XML) or in the file (CSV).
    public var line: Int?
    /// `Sheet!B7` when the problem is one cell.
    public var cell: String?
    public var reason: String

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
