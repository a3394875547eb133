public import SheetReading

/// A file opened, its sheet and its schema chosen: what validation reads next, and why (the
/// context issues the log opens with).
public struct PreparedSheet {
    /// The file's path, as given.
    public let path: String
    /// The file, open.
    public let file: SpreadsheetFile
    /// The sheet to read.
    public let sheet: SheetInfo
    /// The schema to validate it against.
    public let schema: NamedSchema
    /// Why this sheet and this schema (and what their choice says: a template's stamp that
    /// disagrees, a hidden sheet): first in the file's log once its rows are validated.
    public let context: [ValidationIssue]
}
