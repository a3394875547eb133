/// A problem found while reading that does not stop the file: the row that has it carries it, and
/// later stages decide what to do (validation rejects the row; `convert` reports it on stderr).
public struct ReadIssue: Sendable, Equatable, CustomStringConvertible {
    /// What kind of issue it is; the raw value is the code shown in logs.
    public enum Code: String, Sendable {
        /// A CSV quote in the middle of an unquoted field, or text after a closing quote.
        case csvStrayQuote = "csv-stray-quote"
        /// A CSV record with more or fewer fields than the header.
        case csvFieldCount = "csv-field-count"
        /// A NUL byte in a CSV record.
        case csvNulByte = "csv-nul-byte"
        /// Control characters (other than TAB, LF, CR) in a text cell, after `_xHHHH_` decoding.
        case controlCharacter = "control-character"
        /// A cell over the 32,767 characters Excel allows (`OverlongCell`).
        case cellTooLong = "cell-too-long"
        /// A CSV file puts spaces after its delimiters before quoted fields (`1, "Test"`): a
        /// note of the dialect, once per file, not an error.
        case csvSpacesAfterDelimiter = "csv-spaces-after-delimiter"
    }

    /// What kind of issue it is.
    public var code: Code
    /// Row (XLSX) or line (CSV) as a person sees it.
    public var row: Int
    /// A1 reference when the problem is in one cell.
    public var cell: String?
    /// What is wrong, in words.
    public var message: String
    /// The value as the logs show it, when the issue is about it (an overlong cell, cut).
    public var value: String?
    /// An overlong cell's length in characters.
    public var characterCount: Int?

    /// An issue of kind `code` on `row` (and `cell`), saying `message`.
    public init(
        code: Code, row: Int, cell: String? = nil, message: String, value: String? = nil, characterCount: Int? = nil
    ) {
        self.code = code
        self.row = row
        self.cell = cell
        self.message = message
        self.value = value
        self.characterCount = characterCount
    }

    /// `cell B7: message`, or `line 7: message` when no cell is named.
    public var description: String {
        if let cell { return "cell \(cell): \(message)" }
        return "line \(row): \(message)"
    }
}
