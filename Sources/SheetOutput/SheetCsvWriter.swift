import Glibc
public import SheetReading

/// Writes a sheet as CSV keeping positions: record N is sheet row N and field K is column K, from
/// A1 (or the start of `range`) to the last used row and column. Missing rows become empty
/// records; every record has the same number of fields.
///
/// The width is only known at the end of a streamed sheet, so records are written with the width
/// seen so far; when a later row is wider, the records written before it are padded in one pass
/// over the start of the spool file at the end (usually a few title rows, often nothing).
public final class SheetCsvWriter {
    public struct Options: Sendable {
        public var range: CellRange?
        public var neutraliseFormulas = true
        /// A used range above this many cells that is mostly empty is refused (a stray cell).
        public var maxSparseCells = 10_000_000
        public init(range: CellRange? = nil) { self.range = range }
    }

    public struct Report: Sendable {
        public var records = 0
        public var width = 0
        /// Cells written empty because their formula has no cached value (`B7`).
        public var formulasWithoutValue: [String] = []
        public var formulasWithoutValueCount = 0
        public var rowIssues: [ReadIssue] = []
    }

    private let spoolPath: String
    private let spool: OutputSink
    private let options: Options
    private let sheetName: String
    private let file: String
    // (Unchecked exclusivity: updated at every row, on the writer's thread only.)
    @exclusivity(unchecked)
    private(set) public var report = Report()

    @exclusivity(unchecked)
    private var width = 0
    @exclusivity(unchecked)
    private var lastRecord = 0  // sheet-relative record number written last
    @exclusivity(unchecked)
    private var valueCells = 0
    /// Records up to this one were written narrower than the final width may be.
    @exclusivity(unchecked)
    private var lastNarrowRecord = 0
    private var strayCandidate = ""

    /// `spoolPath` is the temporary file the CSV is written to before being checked and moved.
    public init(spoolPath: String, file: String, sheetName: String, options: Options) throws {
        self.spoolPath = spoolPath
        spool = try OutputSink(path: spoolPath)
        self.options = options
        self.sheetName = sheetName
        self.file = file
    }

    private var firstRow: Int { options.range?.firstRow ?? 1 }
    private var firstColumn: Int { options.range?.firstColumn ?? 0 }

    public func write(_ row: Row) throws {
        if let range = options.range, row.number < range.firstRow || row.number > range.lastRow { return }
        var lastColumn = -1
        var lastCell: Cell?
        for cell in row.cells {
            let column = Int(cell.column)
            if let range = options.range, !range.contains(row: row.number, column: column) { continue }
            lastColumn = column
            lastCell = cell
        }
        guard let lastCell else { return }
        let record = row.number - firstRow + 1
        let neededWidth = lastColumn - firstColumn + 1
        if neededWidth > width {
            lastNarrowRecord = lastRecord
            width = neededWidth
            strayCandidate = row.reference(of: lastCell)
        }
        if record - lastRecord > 1000 { strayCandidate = row.reference(of: row.cells.first ?? lastCell) }
        try checkSparseness(record: record)

        // Empty records for missing rows.
        while lastRecord + 1 < record {
            appendEmptyRecord()
            lastRecord += 1
            try spool.flushIfNeeded()
        }
        var nextColumn = firstColumn
        for cell in row.cells {
            let column = Int(cell.column)
            if column < firstColumn { continue }
            if column > lastColumn { break }
            // Delimiters: one before every field but the first, empty fields in gaps.
            let commas = column - nextColumn + (nextColumn > firstColumn ? 1 : 0)
            if commas > 0 {
                let p = spool.reserve(commas)
                p.update(repeating: UInt8(ascii: ","), count: commas)
                spool.advance(commas)
            }
            nextColumn = column + 1
            valueCells += 1
            switch cell.kind {
            case .text, .error:
                row.withTextBytes(of: cell) { bytes in
                    let flags = cell.kind == .text ? row.textFlags(of: cell) : TextScan.flags(of: bytes)
                    let p = spool.reserve(CsvFieldWriter.room(forText: bytes.count))
                    spool.advance(
                        CsvFieldWriter.writeText(
                            bytes, flags: flags, neutraliseFormulas: options.neutraliseFormulas && cell.kind == .text, p
                        ))
                }
            case .formulaWithoutValue:
                report.formulasWithoutValueCount += 1
                if report.formulasWithoutValue.count < 100 {
                    report.formulasWithoutValue.append(row.reference(of: cell))
                }
            default:
                let p = spool.reserve(ValueFormatting.maxValueBytes)
                spool.advance(ValueFormatting.writeValue(of: cell, p))
            }
        }
        let trailing = firstColumn + width - nextColumn
        let p = spool.reserve(trailing + 1)
        if trailing > 0 { p.update(repeating: UInt8(ascii: ","), count: trailing) }
        p[max(trailing, 0)] = 0x0A
        spool.advance(max(trailing, 0) + 1)
        lastRecord = record
        if !row.issues.isEmpty { report.rowIssues.append(contentsOf: row.issues) }
        try spool.flushIfNeeded()
    }

    @inline(__always)
    private func appendEmptyRecord() {
        let p = spool.reserve(width + 1)
        if width > 1 { p.update(repeating: UInt8(ascii: ","), count: width - 1) }
        p[max(width - 1, 0)] = 0x0A
        spool.advance(max(width - 1, 0) + 1)
    }

    private func checkSparseness(record: Int) throws {
        let cells = record * max(width, 1)
        if cells > options.maxSparseCells && cells / 20 > valueCells + 1 {
            throw ReadError(
                .rangeTooLarge, file: file, cell: "\(sheetName)!\(strayCandidate)",
                reason:
                    "the used range reaches \(strayCandidate) (\(record) rows × \(width) columns), mostly empty: a stray cell? Writing it would make a huge file; say what to take with --range (e.g. --range A1:T1000)"
            )
        }
    }

    /// Ends the sheet: pads records written before the width grew, then moves the CSV to `path`
    /// (or copies it to standard output when `path` is nil).
    public func finish(to path: String?) throws -> Report {
        try spool.commit()
        report.records = lastRecord
        report.width = width
        let needsPadding = lastNarrowRecord > 0
        let destination = path ?? "/dev/stdout"
        if !needsPadding {
            if let path {
                guard rename(spoolPath, path) == 0 else {
                    throw OutputError(path: path, reason: "cannot move into place: \(String(cString: strerror(errno)))")
                }
            } else {
                try copyFile(spoolPath, to: OutputSink(), padding: nil)
                unlink(spoolPath)
            }
            return report
        }
        let sink = path.map { try? OutputSink(path: $0) } ?? OutputSink()
        guard let sink else { throw OutputError(path: destination, reason: "cannot create") }
        try copyFile(spoolPath, to: sink, padding: width)
        try sink.commit()
        unlink(spoolPath)
        return report
    }

    /// Copies the spool; with `padding`, adds empty fields to records narrower than that width
    /// (quote-aware field counting) until no narrower record can follow.
    private func copyFile(_ source: String, to sink: OutputSink, padding: Int?) throws {
        let fd = open(source, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw OutputError(path: source, reason: "cannot reopen the spool file") }
        defer { close(fd) }
        var record = 1
        var fields = 1
        var inQuotes = false
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 { throw OutputError(path: source, reason: "cannot read the spool file") }
            if n == 0 { break }
            if let padding, record <= lastNarrowRecord {
                for i in 0..<n {
                    let byte = chunk[i]
                    if record > lastNarrowRecord {
                        sink.append(byte)
                        continue
                    }
                    if byte == UInt8(ascii: "\"") {
                        inQuotes.toggle()
                    } else if !inQuotes && byte == UInt8(ascii: ",") {
                        fields += 1
                    } else if !inQuotes && byte == 0x0A {
                        if fields < padding {
                            for _ in fields..<padding { sink.append(UInt8(ascii: ",")) }
                        }
                        fields = 1
                        record += 1
                    }
                    sink.append(byte)
                }
            } else {
                chunk.withUnsafeBufferPointer { sink.append(UnsafeBufferPointer(rebasing: $0[0..<n])) }
            }
            try sink.flushIfNeeded()
        }
        try sink.flush()
    }
}

extension SheetCsvWriter {
    /// Removes the spool after a failure: the destination keeps its previous content.
    public func discard() {
        unlink(spoolPath)
    }
}
