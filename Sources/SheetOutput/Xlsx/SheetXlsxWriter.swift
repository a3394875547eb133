import Glibc
public import SheetReading

/// `convert --to xlsx`: one sheet's rows into a workbook, streamed in constant memory, each cell
/// at its address (with `--range`, the range's first cell is A1), its type kept: numbers, dates,
/// date-times, times, durations, booleans, text. Text is always a string cell, never a formula;
/// an error value (`#DIV/0!`) is written as its text.
///
/// A CSV has only text: its columns are surveyed first (`survey`, a first reading), and a column
/// becomes numbers, dates, date-times, times or booleans only when every value in it is that
/// value's plain spelling — `-1234.50` (no leading zero, no `+`, no grouping, at most 15 digits and
/// 11 before the point, which Excel's General shows in full), `2024-03-15`,
/// `2024-03-15T08:30:00`, `08:30:00`, `true`/`false`. So a column of identifiers or codes with
/// one `007` or one SIRET stays text as typed, whole. The first row (of the range) is the header:
/// text, and not counted in its column's survey.
///
/// Rows past a sheet's last row continue on `<name> (2)` and so on.
public final class SheetXlsxWriter {
    private let workbook: XlsxWriter
    private let baseName: String
    private let fromCSV: Bool
    private let range: CellRange?
    private let rowsPerSheet: Int
    private var sheets: [XlsxSheet] = []
    private var formats: [CellKind: XlsxFormat] = [:]
    /// A cell's text, NUL-terminated for libxlsxwriter (grown to the longest).
    private var scratch: UnsafeMutablePointer<UInt8>
    private var scratchCapacity = 1024
    private var widths: [Int] = []
    /// A CSV's columns, by what every value in them is (`survey`); nil: text.
    private var columnKinds: [CellKind?] = []
    /// Columns surveyed so far: none of a kind yet, or a kind, or mixed (text).
    private enum Survey: Equatable {
        case empty
        case kind(CellKind)
        case text
    }
    private var surveyed: [Survey] = []
    public private(set) var formulasWithoutValueCount = 0
    public private(set) var formulasWithoutValue: [String] = []
    public private(set) var rowIssues: [ReadIssue] = []
    /// Texts over a cell's 32,767 characters, cut there.
    public private(set) var cutTexts = 0
    /// Cells right of the last column a sheet has (XFD), left out.
    public private(set) var cellsBeyondLastColumn = 0

    /// `created`: the document's creation date (seconds since 1970), fixed so that two
    /// conversions give the same bytes.
    public init(
        path: String, sheetName: String, fromCSV: Bool, range: CellRange? = nil,
        created: Int = XlsxWriter.fixedCreationDate, rowsPerSheet: Int = XlsxSheet.rowLimit
    ) throws(XlsxWriteError) {
        var options = XlsxWriter.Options(constantMemory: true)
        options.created = created
        let slash = path.lastIndex(of: "/")
        options.temporaryFolder = slash.map { String(path[..<$0]) }.flatMap { $0.isEmpty ? "/" : $0 }
        workbook = try XlsxWriter(path: path, options: options)
        baseName = Self.sheetName(sheetName)
        self.fromCSV = fromCSV
        self.range = range
        self.rowsPerSheet = rowsPerSheet
        scratch = .allocate(capacity: scratchCapacity)
        let styles: [(CellKind, String)] = [
            (.date, XlsxNumberFormat.date), (.dateTime, XlsxNumberFormat.dateTime), (.time, XlsxNumberFormat.time),
            (.duration, "[h]:mm:ss"),
        ]
        for (kind, code) in styles { formats[kind] = try workbook.format(for: XlsxCellStyle(numberFormat: code)) }
    }

    deinit { scratch.deallocate() }

    /// A sheet name Excel takes: `[]:*?/\'` replaced by `_`, at most 31 characters, not empty.
    public static func sheetName(_ name: String) -> String {
        // (An apostrophe may not start or end a name: replaced too.)
        let cleaned = String(name.map { "[]:*?/\\'".contains($0) ? "_" : $0 }.prefix(31))
        return cleaned.isEmpty ? "Feuil1" : cleaned
    }

    /// A CSV's first reading: each column's values classified (call for every row, then `write`
    /// them all).
    public func survey(_ row: Row) {
        if let range, row.number < range.firstRow || row.number > range.lastRow { return }
        guard row.number > (range?.firstRow ?? 1) else { return }
        for cell in row.cells where cell.kind == .text {
            let column = Int(cell.column)
            if column >= surveyed.count {
                surveyed.append(contentsOf: repeatElement(.empty, count: column - surveyed.count + 16))
            }
            guard surveyed[column] != .text else { continue }
            let kind: CellKind? = row.withTextBytes(of: cell) { bytes in
                guard !bytes.isEmpty else { return .formulaWithoutValue }
                switch Self.csvValue(bytes) {
                case .number: return .number
                case .boolean: return .boolean
                case .serial(_, let kind): return kind
                case nil: return nil
                }
            }
            // (An empty field says nothing about its column.)
            if kind == .formulaWithoutValue { continue }
            switch (surveyed[column], kind) {
            case (_, nil): surveyed[column] = .text
            case (.empty, let kind?): surveyed[column] = .kind(kind)
            case (.kind(let seen), let kind?) where seen != kind: surveyed[column] = .text
            default: break
            }
        }
        columnKinds = surveyed.map { if case .kind(let kind) = $0 { kind } else { nil } }
    }

    public func write(_ row: Row) throws(XlsxWriteError) {
        if let range, row.number < range.firstRow || row.number > range.lastRow { return }
        if !row.issues.isEmpty { rowIssues.append(contentsOf: row.issues) }
        let position = row.number - (range?.firstRow ?? 1)
        let index = position / rowsPerSheet
        while sheets.count <= index {
            let suffix = sheets.isEmpty ? "" : " (\(sheets.count + 1))"
            sheets.append(try workbook.addSheet(String(baseName.prefix(31 - suffix.count)) + suffix))
        }
        let sheet = sheets[index]
        let target = position % rowsPerSheet
        let firstColumn = range?.firstColumn ?? 0
        for cell in row.cells {
            let column = Int(cell.column) - firstColumn
            if let range, !range.contains(row: row.number, column: Int(cell.column)) { continue }
            guard column < CellReference.maxColumns else {
                cellsBeyondLastColumn += 1
                continue
            }
            switch cell.kind {
            case .number:
                guard cell.number.isFinite else { continue }
                try sheet.write(number: cell.number, row: target, column: column, format: .general)
                note(width: 12, column: column)
            case .boolean:
                try sheet.write(boolean: cell.number != 0, row: target, column: column, format: .general)
            case .date, .dateTime:
                if let serial = XlsxSerial.excel1900(daysSince18991230: cell.number) {
                    try sheet.write(number: serial, row: target, column: column, format: formats[cell.kind] ?? .general)
                    note(width: cell.kind == .date ? 10 : 19, column: column)
                } else {
                    try writeText(of: cell, in: row, sheet: sheet, row: target, column: column)
                }
            case .time, .duration:
                try sheet.write(
                    number: cell.number, row: target, column: column, format: formats[cell.kind] ?? .general)
                note(width: 10, column: column)
            case .text where fromCSV && row.number > (range?.firstRow ?? 1):
                try writeTyped(cell, in: row, sheet: sheet, row: target, column: column)
            case .text, .error:
                try writeText(of: cell, in: row, sheet: sheet, row: target, column: column)
            case .formulaWithoutValue:
                formulasWithoutValueCount += 1
                if formulasWithoutValue.count < 10 { formulasWithoutValue.append(row.reference(of: cell)) }
            }
        }
    }

    /// Writes the widths and the workbook, then moves it into place.
    public func finish() throws(XlsxWriteError) {
        if sheets.isEmpty { sheets.append(try workbook.addSheet(baseName)) }
        for sheet in sheets {
            for (column, width) in widths.enumerated() where width > 0 {
                try sheet.setColumn(column, width: Double(min(max(width + 2, 8), 60)))
            }
        }
        try workbook.close()
    }

    @inline(__always)
    private func note(width: Int, column: Int) {
        if column >= widths.count {
            // (Grown by whole blocks: a wide sheet does not grow it column by column.)
            widths.append(contentsOf: repeatElement(0, count: column - widths.count + 16))
        }
        if width > widths[column] { widths[column] = width }
    }

    /// A CSV field: its value when its column holds only values of one type, else text.
    private func writeTyped(_ cell: Cell, in row: Row, sheet: XlsxSheet, row target: Int, column: Int)
        throws(XlsxWriteError)
    {
        let cellColumn = Int(cell.column)
        let typed =
            cellColumn < columnKinds.count && columnKinds[cellColumn] != nil
            ? row.withTextBytes(of: cell) { Self.csvValue($0) } : nil
        switch typed {
        case .number(let number):
            try sheet.write(number: number, row: target, column: column, format: .general)
            note(width: 12, column: column)
        case .boolean(let flag):
            try sheet.write(boolean: flag, row: target, column: column, format: .general)
        case .serial(let serial, let kind):
            try sheet.write(number: serial, row: target, column: column, format: formats[kind] ?? .general)
            note(width: kind == .date ? 10 : 19, column: column)
        case nil:
            try writeText(of: cell, in: row, sheet: sheet, row: target, column: column)
        }
    }

    enum TypedText: Equatable {
        case number(Double)
        case boolean(Bool)
        case serial(Double, CellKind)
    }

    /// What a CSV field's text is, when it is the one spelling of a number, date, date-time, time
    /// or boolean; nil: text.
    static func csvValue(_ bytes: UnsafeBufferPointer<UInt8>) -> TypedText? {
        let count = bytes.count
        guard count > 0 else { return nil }
        if bytes.elementsEqual("true".utf8) { return .boolean(true) }
        if bytes.elementsEqual("false".utf8) { return .boolean(false) }
        func digits(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= count else { return nil }
            var value = 0
            for index in start..<start + length {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        func time(_ start: Int) -> Double? {
            guard start + 8 == count, let hour = digits(start, 2), bytes[start + 2] == UInt8(ascii: ":"),
                let minute = digits(start + 3, 2), bytes[start + 5] == UInt8(ascii: ":"),
                let second = digits(start + 6, 2), hour < 24, minute < 60, second < 60
            else { return nil }
            return Double(hour * 3600 + minute * 60 + second) / 86_400
        }
        if count == 8, let fraction = time(0) { return .serial(fraction, .time) }
        if count == 10 || count == 19, let year = digits(0, 4), bytes[4] == UInt8(ascii: "-"),
            let month = digits(5, 2), bytes[7] == UInt8(ascii: "-"), let day = digits(8, 2),
            CivilDateTime.isValid(year: year, month: month, day: day)
        {
            let days = Double(CivilDateTime.daysFromCivil(year: year, month: month, day: day) + 25_569)
            guard let serial = XlsxSerial.excel1900(daysSince18991230: days) else { return nil }
            if count == 10 { return .serial(serial, .date) }
            guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), let fraction = time(11) else {
                return nil
            }
            return .serial(serial + fraction, .dateTime)
        }
        // A number: -?(0|[1-9][0-9]*)(\.[0-9]+)?, 15 digits at most (11 before the point), not -0.
        var index = 0
        if bytes[0] == UInt8(ascii: "-") { index = 1 }
        guard index < count else { return nil }
        let integerStart = index
        var significant = 0
        var nonZero = false
        while index < count, bytes[index] >= 48, bytes[index] <= 57 {
            if bytes[index] != 48 { nonZero = true }
            significant += 1
            index += 1
        }
        let integerDigits = index - integerStart
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != 48 else { return nil }
        if index < count {
            guard bytes[index] == UInt8(ascii: "."), index + 1 < count else { return nil }
            index += 1
            while index < count, bytes[index] >= 48, bytes[index] <= 57 {
                if bytes[index] != 48 { nonZero = true }
                significant += 1
                index += 1
            }
            guard index == count else { return nil }
        }
        guard significant <= 15, integerDigits <= 11, nonZero || bytes[0] != UInt8(ascii: "-") else { return nil }
        // (On the stack: 17 bytes at most.)
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { text in
            for position in 0..<count { text[position] = CChar(bitPattern: bytes[position]) }
            text[count] = 0
            return .number(strtod(text.baseAddress!, nil))
        }
    }

    private func writeText(of cell: Cell, in row: Row, sheet: XlsxSheet, row target: Int, column: Int)
        throws(XlsxWriteError)
    {
        var count = 0
        row.withTextBytes(of: cell) { bytes in
            if bytes.count >= scratchCapacity {
                scratch.deallocate()
                scratchCapacity = bytes.count + 1
                scratch = .allocate(capacity: scratchCapacity)
            }
            if let base = bytes.baseAddress { scratch.update(from: base, count: bytes.count) }
            count = bytes.count
        }
        guard count > 0 else { return }
        // (A NUL would end the C string early: the text stops there, as a workbook cannot hold one.)
        scratch[count] = 0
        if count > XlsxSheet.textLimit {
            var characters = 0
            for index in 0..<count where scratch[index] & 0xC0 != 0x80 {
                if characters == XlsxSheet.textLimit {
                    scratch[index] = 0
                    cutTexts += 1
                    count = index
                    break
                }
                characters += 1
            }
        }
        note(width: count, column: column)
        try sheet.write(
            cString: UnsafeRawPointer(scratch).assumingMemoryBound(to: CChar.self), row: target, column: column,
            format: .general)
    }
}
