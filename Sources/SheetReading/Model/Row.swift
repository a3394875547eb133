/// Where rows come from: the file as the user named it and the sheet. Shared by all the rows of a
/// sheet (one reference per row, no string copies).
public final class RowSource: Sendable {
    /// The file as the user named it.
    public let file: String
    /// The sheet's name (for CSV, the file's name).
    public let sheet: String

    package init(file: String, sheet: String) {
        self.file = file
        self.sheet = sheet
    }
}

/// One row of a sheet as it streams out of a reader: located, typed, sparse (empty cells are absent).
///
/// A `Row` handed to a row callback is reused by the reader for the next row: copy what you keep
/// (a copy is cheap and safe; Swift's copy-on-write does the rest).
public struct Row: Sendable {
    /// The row number as Excel or a text editor shows it (header = row 1). For CSV, the line on
    /// which the record starts.
    public internal(set) var number: Int
    /// Non-empty cells in column order.
    public internal(set) var cells: [Cell]
    /// The row is hidden in the workbook.
    public internal(set) var isHidden: Bool
    /// Problems found while reading this row (a bad CSV record, control characters…).
    public internal(set) var issues: [ReadIssue]
    /// For CSV: how many fields the record had (empty ones included). nil for XLSX.
    public internal(set) var fieldCount: Int?

    /// The file and sheet this row belongs to.
    public internal(set) var source: RowSource

    @usableFromInline var arena: [UInt8]
    @usableFromInline var sharedStrings: StringTable

    init(source: RowSource, sharedStrings: StringTable) {
        self.source = source
        number = 0
        cells = []
        cells.reserveCapacity(64)
        isHidden = false
        issues = []
        arena = []
        arena.reserveCapacity(4096)
        self.sharedStrings = sharedStrings
    }

    mutating func reset(number: Int) {
        self.number = number
        cells.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
        if !issues.isEmpty { issues.removeAll() }
        isHidden = false
        fieldCount = nil
    }

    /// Stores text in the row's arena and returns where it is.
    @inlinable
    mutating func storeText(_ text: UnsafeBufferPointer<UInt8>) -> (start: Int32, length: Int32) {
        let start = arena.count
        arena.append(contentsOf: text)
        return (Int32(start), Int32(text.count))
    }

    /// The cell's UTF-8 bytes, without copying. Empty for cells without text.
    @inlinable
    public func withTextBytes<R>(of cell: Cell, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if cell.textInSharedTable {
            return try sharedStrings.withBytes(at: Int(cell.textStart), body)
        }
        let start = Int(cell.textStart)
        let end = start + Int(cell.textLength)
        return try arena.withUnsafeBufferPointer { buffer in
            try body(UnsafeBufferPointer(rebasing: buffer[start..<end]))
        }
    }

    /// Flags of the cell's text (quoting, formula-like start), from the shared table when it is there.
    @inlinable
    package func textFlags(of cell: Cell) -> StringTable.Flags {
        if cell.textInSharedTable { return sharedStrings.flags(at: Int(cell.textStart)) }
        return withTextBytes(of: cell) { TextScan.flags(of: $0) }
    }

    /// The cell's index in the workbook's shared-string table, when its text is there: equal
    /// indexes mean equal texts, so callers can recognise repeated values without reading them.
    package func sharedStringIndex(of cell: Cell) -> Int? {
        cell.textInSharedTable ? Int(cell.textStart) : nil
    }

    /// The cell's text as a `String` (empty for cells without text; allocates).
    public func text(of cell: Cell) -> String {
        withTextBytes(of: cell) { String(decoding: $0, as: UTF8.self) }
    }

    /// The cell's value as a Swift value (allocates for text; use `withTextBytes` in hot loops).
    public func value(of cell: Cell) -> CellValue {
        switch cell.kind {
        case .number: return .number(cell.number)
        case .text: return .text(text(of: cell))
        case .boolean: return .boolean(cell.number != 0)
        case .error: return .error(text(of: cell))
        case .date: return .date(CivilDateTime(daysSince18991230: cell.number))
        case .dateTime: return .dateTime(CivilDateTime(daysSince18991230: cell.number))
        case .time: return .time(CivilDateTime(daysSince18991230: cell.number))
        case .duration: return .duration(seconds: (cell.number * 86_400).rounded())
        case .formulaWithoutValue: return .formulaWithoutValue(formula: text(of: cell))
        }
    }

    /// The cell in `column` (0-based), if it is not empty.
    public func cell(atColumn column: Int) -> Cell? {
        // Cells are sorted by column: binary search.
        var low = 0
        var high = cells.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let c = Int(cells[mid].column)
            if c == column { return cells[mid] }
            if c < column { low = mid + 1 } else { high = mid - 1 }
        }
        return nil
    }

    /// "B7"-style reference of a cell of this row.
    public func reference(of cell: Cell) -> String {
        CellReference.name(row: number, column: Int(cell.column))
    }

    /// "Projets!B7": the cell as a reviewer looks for it.
    public func location(of cell: Cell) -> String {
        "\(source.sheet)!\(reference(of: cell))"
    }
}
