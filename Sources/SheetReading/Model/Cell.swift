/// What a cell holds, as the file says it (never evaluated, never guessed).
public enum CellKind: UInt8, Sendable {
    /// A number shown as a number.
    case number
    /// Text (shared or inline string, or a formula's text result).
    case text
    /// `TRUE` or `FALSE`; `Cell.number` is 1 or 0.
    case boolean
    /// An Excel error value such as `#DIV/0!` or `#N/A`, kept as its text.
    case error
    /// A number shown with a date format (or an ISO date cell); `Cell.number` holds days since 1899-12-30.
    case date
    /// A number shown with a date-and-time format.
    case dateTime
    /// A fraction of a day shown with a time format.
    case time
    /// Elapsed time shown with `[h]:mm:ss` and the like; `Cell.number` holds days (not a date).
    case duration
    /// A formula whose cached value is missing (the file was written without computing it).
    /// Its text, when the file has one, is the cell's text.
    case formulaWithoutValue
}

/// One non-empty cell of a row. Small and trivially copyable: text lives in the row's byte arena
/// or in the workbook's shared-string table, so that reading a cell allocates nothing.
public struct Cell: Sendable {
    /// 0-based column (A = 0).
    public var column: Int32
    /// What the cell holds.
    public var kind: CellKind
    /// The cell carried a formula; its value is the cached one.
    public var hasFormula: Bool
    /// Where the text is: the shared-string table (index in `textStart`) or the row's arena.
    @usableFromInline var textInSharedTable: Bool
    /// Index of the number format that applies (XLSX), 0 (General) otherwise.
    public var numberFormatID: Int32
    /// For numbers, booleans (0/1) and date kinds (days since 1899-12-30).
    public var number: Double
    @usableFromInline var textStart: Int32
    @usableFromInline var textLength: Int32

    @inlinable
    init(
        column: Int32, kind: CellKind, number: Double = 0, textStart: Int32 = 0, textLength: Int32 = 0,
        textInSharedTable: Bool = false, hasFormula: Bool = false, numberFormatID: Int32 = 0
    ) {
        self.column = column
        self.kind = kind
        self.number = number
        self.textStart = textStart
        self.textLength = textLength
        self.textInSharedTable = textInSharedTable
        self.hasFormula = hasFormula
        self.numberFormatID = numberFormatID
    }

    /// True for kinds whose content is text (text, error values, formulas without value).
    public var hasText: Bool { kind == .text || kind == .error || kind == .formulaWithoutValue }
}

/// A typed value for callers that prefer Swift values to the allocation-free accessors.
public enum CellValue: Sendable, Equatable {
    /// A number.
    case number(Double)
    /// Text.
    case text(String)
    /// A boolean.
    case boolean(Bool)
    /// An Excel error value, as its text (`#DIV/0!`).
    case error(String)
    /// A date (its time fields are 0).
    case date(CivilDateTime)
    /// A date and time.
    case dateTime(CivilDateTime)
    /// A time of day (its date fields are those of 1899-12-30).
    case time(CivilDateTime)
    /// Elapsed time in whole seconds.
    case duration(seconds: Double)
    /// A formula without cached value, with the file's text for it.
    case formulaWithoutValue(formula: String)
}
