/// Where a cell is in the grid: its row as Excel shows it and its 0-based column ("B7" is row 7,
/// column 1).
public struct CellAddress: Sendable, Hashable, CustomStringConvertible {
    /// The row number, from 1.
    public var row: Int
    /// The column, from 0 (A = 0).
    public var column: Int

    /// The address of row `row` (from 1) and column `column` (from 0).
    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// The A1-style name: "B7".
    public var description: String { CellReference.name(row: row, column: column) }
}
