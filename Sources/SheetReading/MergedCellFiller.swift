/// Gives every cell of a merged range the value of the range's first (top-left) cell, as a person
/// reading the sheet sees it: `Bretagne` merged over B2:B6 reads as `Bretagne` on rows 2 to 6.
/// Only rows that exist get values (a row with nothing but the merged area stays blank); a cell
/// that holds its own value keeps it.
final class MergedCellFiller {
    /// Ranges by first row; those still open as rows go by.
    private var pending: [CellRange]
    private var open: [(range: CellRange, cell: Cell, text: [UInt8]?)] = []

    init(ranges: [CellRange]) {
        pending = ranges.sorted { ($0.firstRow, $0.firstColumn) > ($1.firstRow, $1.firstColumn) }
    }

    func fill(_ row: inout Row) {
        open.removeAll { $0.range.lastRow < row.number }
        while let next = pending.last, next.firstRow <= row.number {
            pending.removeLast()
            // A range whose first row was not seen, or whose first cell is empty, has nothing to copy.
            guard next.firstRow == row.number, let first = row.cell(atColumn: next.firstColumn) else { continue }
            let text: [UInt8]? =
                first.hasText && !first.textInSharedTable ? row.withTextBytes(of: first) { Array($0) } : nil
            open.append((next, first, text))
        }
        for (range, first, text) in open {
            for column in range.firstColumn...range.lastColumn {
                if row.cell(atColumn: column) != nil { continue }
                var copy = first
                copy.column = Int32(column)
                if let text {
                    let stored = text.withUnsafeBufferPointer { row.storeText($0) }
                    copy.textStart = stored.start
                    copy.textLength = stored.length
                }
                let position = row.cells.firstIndex { Int($0.column) > column } ?? row.cells.count
                row.cells.insert(copy, at: position)
            }
        }
    }
}
