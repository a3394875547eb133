/// A1-style cell references: column letters + row number, 1-based rows, 0-based columns inside.
public enum CellReference {
    /// Excel's grid: columns A…XFD, rows 1…1,048,576.
    public static let maxColumns = 16_384
    /// Excel's last row.
    public static let maxRows = 1_048_576

    /// "A" for 0, "Z" for 25, "AA" for 26 … "XFD" for 16,383.
    public static func columnName(_ column: Int) -> String {
        var bytes: [UInt8] = []
        appendColumnName(column, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    package static func appendColumnName(_ column: Int, to bytes: inout [UInt8]) {
        var n = column + 1
        var letters: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        var count = 0
        while n > 0 && count < 4 {
            let remainder = (n - 1) % 26
            let letter = UInt8(65 + remainder)
            switch count {
            case 0: letters.0 = letter
            case 1: letters.1 = letter
            case 2: letters.2 = letter
            default: letters.3 = letter
            }
            count += 1
            n = (n - 1) / 26
        }
        if count > 3 { bytes.append(letters.3) }
        if count > 2 { bytes.append(letters.2) }
        if count > 1 { bytes.append(letters.1) }
        bytes.append(letters.0)
    }

    /// "B7" for (row 7, column 1).
    public static func name(row: Int, column: Int) -> String {
        columnName(column) + String(row)
    }

    /// Parses "B7" or "$B$7" (as UTF-8 bytes) into row 7, column 1. Returns nil when the text is
    /// not a reference; values beyond the grid are returned as they are so that the caller can
    /// name them in an error.
    public static func parse<C: Collection<UInt8>>(_ bytes: C) -> CellAddress? {
        var column = 0
        var row = 0
        var letters = 0
        var digits = 0
        var index = bytes.startIndex
        if index < bytes.endIndex && bytes[index] == UInt8(ascii: "$") { index = bytes.index(after: index) }
        while index < bytes.endIndex {
            var byte = bytes[index]
            if byte >= 97 && byte <= 122 { byte -= 32 }
            guard byte >= 65 && byte <= 90 else { break }
            letters += 1
            if letters > 7 { return nil }
            column = column * 26 + Int(byte - 64)
            index = bytes.index(after: index)
        }
        if index < bytes.endIndex && bytes[index] == UInt8(ascii: "$") { index = bytes.index(after: index) }
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte >= 48 && byte <= 57 else { return nil }
            digits += 1
            if digits > 10 { return nil }
            row = row * 10 + Int(byte - 48)
            index = bytes.index(after: index)
        }
        guard letters > 0, digits > 0, row > 0 else { return nil }
        return CellAddress(row: row, column: column - 1)
    }

    /// The same as `parse(_:)` over raw bytes, for the per-cell path of the sheet reader.
    @inline(__always)
    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> (row: Int, column: Int)? {
        guard let p = bytes.baseAddress else { return nil }
        let end = bytes.count
        var i = 0
        if i < end && p[i] == UInt8(ascii: "$") { i += 1 }
        var column = 0
        let lettersStart = i
        while i < end {
            let letter = p[i] & 0xDF  // upper-case
            guard letter >= 65 && letter <= 90 && p[i] >= 65 else { break }
            column = column * 26 + Int(letter - 64)
            i += 1
            if i - lettersStart > 7 { return nil }
        }
        guard i > lettersStart else { return nil }
        if i < end && p[i] == UInt8(ascii: "$") { i += 1 }
        var row = 0
        let digitsStart = i
        while i < end {
            let digit = p[i] &- 48
            guard digit < 10 else { return nil }
            row = row * 10 + Int(digit)
            i += 1
            if i - digitsStart > 10 { return nil }
        }
        guard i > digitsStart, row > 0 else { return nil }
        return (row, column - 1)
    }

    /// Parses "B7" or "$B$7" into row 7, column 1 (see `parse(_:)` over bytes).
    public static func parse(_ text: String) -> CellAddress? {
        parse(Array(text.utf8))
    }
}

/// A rectangular range such as "A1:C3" (a single cell is a range too).
public struct CellRange: Sendable, Hashable, CustomStringConvertible {
    /// First row, from 1.
    public var firstRow: Int
    /// First column, from 0.
    public var firstColumn: Int
    /// Last row, from 1.
    public var lastRow: Int
    /// Last column, from 0.
    public var lastColumn: Int

    /// The range between these rows and columns (bounds included).
    public init(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) {
        self.firstRow = firstRow
        self.firstColumn = firstColumn
        self.lastRow = lastRow
        self.lastColumn = lastColumn
    }

    /// Parses `A1:C3`, `$A$1:$C$3` or a single cell `B7`; nil when the text is not a range.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2,
            let start = CellReference.parse(Array(parts[0].utf8))
        else { return nil }
        let end = parts.count == 2 ? CellReference.parse(Array(parts[1].utf8)) : start
        guard let end else { return nil }
        self.init(
            firstRow: min(start.row, end.row), firstColumn: min(start.column, end.column),
            lastRow: max(start.row, end.row), lastColumn: max(start.column, end.column))
    }

    /// Rows in the range.
    public var rowCount: Int { lastRow - firstRow + 1 }
    /// Columns in the range.
    public var columnCount: Int { lastColumn - firstColumn + 1 }

    /// The cell at `row` (from 1) and `column` (from 0) is inside the range.
    public func contains(row: Int, column: Int) -> Bool {
        row >= firstRow && row <= lastRow && column >= firstColumn && column <= lastColumn
    }

    /// The range fits in Excel's grid (A1:XFD1048576).
    public var isInsideGrid: Bool {
        firstRow >= 1 && lastRow <= CellReference.maxRows && firstColumn >= 0
            && lastColumn < CellReference.maxColumns
    }

    /// `A1:C3`, or `B7` for a single cell.
    public var description: String {
        let start = CellReference.name(row: firstRow, column: firstColumn)
        if firstRow == lastRow && firstColumn == lastColumn { return start }
        return start + ":" + CellReference.name(row: lastRow, column: lastColumn)
    }
}
