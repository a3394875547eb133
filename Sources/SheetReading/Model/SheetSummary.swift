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

    mutating func noteCell(row: Int, column: Int) {
        cellCount += 1
        if var range = usedRange {
            if row < range.firstRow { range.firstRow = row }
            if row > range.lastRow { range.lastRow = row }
            if column < range.firstColumn { range.firstColumn = column }
            if column > range.lastColumn { range.lastColumn = column }
            usedRange = range
        } else {
            usedRange = CellRange(firstRow: row, firstColumn: column, lastRow: row, lastColumn: column)
        }
    }
}
