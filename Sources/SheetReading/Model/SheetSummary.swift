/// What reading a whole sheet found besides its rows: for `inspect`, and for validation to report
/// (merged ranges, hidden rows and columns, formulas without cached values, error cells).
public struct SheetReadSummary: Sendable {
    /// The `<dimension>` the file declares (XLSX), which may be wrong.
    public var declaredDimension: CellRange?
    /// The range actually holding non-empty cells.
    public var usedRange: CellRange?
    /// Rows holding at least one non-empty cell.
    public var rowsWithValues = 0
    /// Non-empty cells in the sheet.
    public var cellCount = 0
    /// Merged ranges (`A1:C1`), as the sheet lists them.
    public var mergedRanges: [CellRange] = []
    /// Numbers of the rows marked hidden.
    public var hiddenRows: [Int] = []
    /// 0-based column ranges marked hidden.
    public var hiddenColumns: [ClosedRange<Int>] = []
    /// References (`B7`) of formulas without a cached value; at most `listLimit` kept, all counted.
    public var formulasWithoutValue: [String] = []
    /// Formulas without a cached value, all of them.
    public var formulasWithoutValueCount = 0
    /// Cells carrying a formula.
    public var formulaCount = 0
    /// Error cells (`B7`, `#DIV/0!`); at most `listLimit` kept, all counted.
    public var errorCells: [ErrorCell] = []
    /// Error cells, all of them.
    public var errorCellCount = 0
    /// Reading issues of the sheet's rows (`Row.issues`), all of them.
    public var issueCount = 0

    /// How many references `formulasWithoutValue` and `errorCells` keep.
    public static let listLimit = 100

    /// A cell holding an Excel error value.
    public struct ErrorCell: Sendable, Equatable {
        /// Its reference: `B7`.
        public var cell: String
        /// The error as Excel shows it: `#DIV/0!`, `#N/A`…
        public var value: String

        /// An error cell at `cell` holding `value`.
        public init(cell: String, value: String) {
            self.cell = cell
            self.value = value
        }
    }

    /// An empty summary (nothing read yet).
    public init() {}

    /// Counts a row given to the consumer: the row, its issues, its cells into the used range
    /// (once per row: cells are sorted by column).
    mutating func noteRow(_ row: Row) {
        rowsWithValues += 1
        issueCount += row.issues.count
        guard let first = row.cells.first, let last = row.cells.last else { return }
        cellCount += row.cells.count
        let firstColumn = Int(first.column)
        let lastColumn = Int(last.column)
        if var range = usedRange {
            if row.number < range.firstRow { range.firstRow = row.number }
            if row.number > range.lastRow { range.lastRow = row.number }
            if firstColumn < range.firstColumn { range.firstColumn = firstColumn }
            if lastColumn > range.lastColumn { range.lastColumn = lastColumn }
            usedRange = range
        } else {
            usedRange = CellRange(
                firstRow: row.number, firstColumn: firstColumn, lastRow: row.number, lastColumn: lastColumn)
        }
    }
}
