/// What reading a whole sheet found besides its rows: for `inspect`, and for validation to report
/// (merged ranges, hidden rows and columns, formulas without cached values, error cells).
public struct SheetReadSummary: Sendable {
    /// The `<dimension>` the file declares (XLSX), which may be wrong.
    public var declaredDimension: CellRange?
    /// The range actually holding non-empty cells.
    public var usedRange: CellRange?
    /// Rows holding at least one non-empty cell.
    public var rowsWithValues = 0
    public var cellCount = 0
    public var mergedRanges: [CellRange] = []
    public var hiddenRows: [Int] = []
    /// 0-based column ranges marked hidden.
    public var hiddenColumns: [ClosedRange<Int>] = []
    /// References (`B7`) of formulas without a cached value; at most `listLimit` kept, all counted.
    public var formulasWithoutValue: [String] = []
    public var formulasWithoutValueCount = 0
    public var formulaCount = 0
    /// Error cells (`B7`, `#DIV/0!`); at most `listLimit` kept, all counted.
    public var errorCells: [(cell: String, value: String)] = []
    public var errorCellCount = 0
    public var issueCount = 0

    public static let listLimit = 100

    public init() {}

    /// Counts a row's cells into the used range (once per row: cells are sorted by column).
    mutating func noteRow(_ row: Row) {
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
