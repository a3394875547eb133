/// Streams `<sheetData>` into rows: each `<c>` placed by its `r` reference (or implicitly after the
/// previous cell when `r` is absent), typed from its `t` attribute and number format, text decoded,
/// formulas read for their cached value only. Grid rules are enforced as the cells arrive: no cell
/// beyond XFD1048576, no reference twice, no row going backwards. A cell over 32,767 characters
/// is an issue of its row (`OverlongCell`): its text is kept up to what could be valid, the rest
/// read through and counted.
///
/// The hot path (one call per element, one per text node) allocates nothing per cell: bytes go into
/// buffers that are reused, cells into the row's reused array.
final class WorksheetHandler: XMLEventHandler {
    private(set) var failure: ReadError? {
        didSet { hasFailed = failure != nil }
    }
    private(set) var hasFailed = false
    /// An error thrown by the row consumer; reported as is.
    private(set) var consumerError: (any Error)?

    private let file: String
    private let sheetName: String
    private let part: String
    private let strings: StringTable
    private let styles: CellStyles
    private let dateSystem: DateSystem
    private let onRow: (Row) throws -> Void

    // (Unchecked exclusivity: written at every cell, on the parser's thread only.)
    @exclusivity(unchecked)
    private(set) var summary = SheetReadSummary()

    private enum Capture { case none, value, formula, inlineText }
    private enum CellType { case number, sharedString, formulaString, inlineString, boolean, error, isoDate }

    private var inSheetData = false
    private var inRow = false
    private var inCell = false
    private var inInlineString = false
    private var inPhonetic = false
    private var capture = Capture.none
    /// Where the current inline `<t>` began in `inlineBuffer`, and whether it keeps its whitespace.
    private var inlineTextStart = 0
    private var inlinePreservesSpace = false

    private let valueBuffer = ByteBuffer()
    private let formulaBuffer = ByteBuffer()
    private let inlineBuffer = ByteBuffer()
    /// Characters of each buffer's text past `textByteCap`, read through but not kept.
    private var valueOverflow = 0
    private var formulaOverflow = 0
    private var inlineOverflow = 0
    /// A character takes at most 7 bytes in sheet XML (`_xHHHH_`): past this, a text is overlong.
    private static let textByteCap = OverlongCell.maxCharacters * 7

    @exclusivity(unchecked)
    private var row: Row
    private var lastRowNumber = 0
    private var lastColumn = -1
    private var rowNeedsSort = false
    @exclusivity(unchecked)  // (written at every cell, on the parser's thread only)
    private var columnsInRow: [Int32] = []

    private var cellColumn = 0
    private var cellType = CellType.number
    private var cellStyle = 0
    private var cellHasValue = false
    private var cellHasFormula = false
    private var cellHasInline = false

    init(
        file: String, sheetName: String, part: String, strings: StringTable, styles: CellStyles,
        dateSystem: DateSystem, onRow: @escaping (Row) throws -> Void
    ) {
        self.file = file
        self.sheetName = sheetName
        self.part = part
        self.strings = strings
        self.styles = styles
        self.dateSystem = dateSystem
        self.onRow = onRow
        row = Row(source: RowSource(file: file, sheet: sheetName), sharedStrings: strings)
        columnsInRow.reserveCapacity(64)
    }

    private func cellName(row: Int, column: Int) -> String {
        "\(sheetName)!\(CellReference.name(row: row, column: column))"
    }

    private func fail(_ code: ReadError.Code, cell: String? = nil, _ reason: String) {
        if failure == nil { failure = ReadError(code, file: file, part: part, cell: cell, reason: reason) }
    }

    // MARK: - Events

    func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
        guard !hasFailed else { return }
        let p = name.pointer
        switch p[0] {
        case UInt8(ascii: "c"):
            if p[1] == 0 {
                if inRow { startCell(attributes) }
            } else if name.is("col") {
                noteHiddenColumns(attributes)
            }
        case UInt8(ascii: "v"):
            if p[1] == 0 && inCell {
                capture = .value
                cellHasValue = true
                valueBuffer.count = 0
                valueOverflow = 0
            }
        case UInt8(ascii: "f"):
            if p[1] == 0 && inCell {
                capture = .formula
                cellHasFormula = true
                formulaBuffer.count = 0
                formulaOverflow = 0
            }
        case UInt8(ascii: "t"):
            if p[1] == 0 && inInlineString && !inPhonetic {
                capture = .inlineText
                inlineTextStart = inlineBuffer.count
                inlinePreservesSpace = attributes.preservesSpace
            }
        case UInt8(ascii: "r"):
            if name.is("row") {
                if inSheetData { startRow(attributes) }
            } else if name.is("rPh") {
                inPhonetic = true
            }
        case UInt8(ascii: "i"):
            if name.is("is") && inCell {
                inInlineString = true
                cellHasInline = true
                inlineBuffer.count = 0
                inlineOverflow = 0
            }
        case UInt8(ascii: "s"):
            if name.is("sheetData") { inSheetData = true }
        case UInt8(ascii: "d"):
            if name.is("dimension"), let ref = attributes.value("ref") { summary.declaredDimension = CellRange(ref) }
        case UInt8(ascii: "m"):
            if name.is("mergeCell"), let ref = attributes.value("ref") {
                guard let range = CellRange(ref), range.isInsideGrid else {
                    fail(.cellOutsideGrid, "merged range '\(ref)' is not a range inside the grid (A1:XFD1048576)")
                    return
                }
                summary.mergedRanges.append(range)
            }
        default:
            break
        }
    }

    func endElement(_ name: XMLName) {
        guard !hasFailed else { return }
        let p = name.pointer
        switch p[0] {
        case UInt8(ascii: "c"):
            if p[1] == 0 && inCell { finishCell() }
        case UInt8(ascii: "v"), UInt8(ascii: "f"):
            if p[1] == 0 { capture = .none }
        case UInt8(ascii: "t"):
            if p[1] == 0 && capture == .inlineText {
                if !inlinePreservesSpace { inlineBuffer.trimWhitespace(from: inlineTextStart) }
                capture = .none
            }
        case UInt8(ascii: "r"):
            if name.is("row") {
                if inRow { finishRow() }
            } else if name.is("rPh") {
                inPhonetic = false
            }
        case UInt8(ascii: "i"):
            if name.is("is") { inInlineString = false }
        case UInt8(ascii: "s"):
            if name.is("sheetData") { inSheetData = false }
        default:
            break
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        switch capture {
        case .none: return
        case .value: valueOverflow += Self.appendCapped(text, to: valueBuffer)
        case .formula: formulaOverflow += Self.appendCapped(text, to: formulaBuffer)
        case .inlineText: inlineOverflow += Self.appendCapped(text, to: inlineBuffer)
        }
    }

    /// Appends what fits under `textByteCap` (a hostile text node never fills memory) and returns
    /// how many characters were left out.
    @inline(__always)
    private static func appendCapped(_ text: UnsafeBufferPointer<UInt8>, to buffer: ByteBuffer) -> Int {
        let room = textByteCap - buffer.count
        if text.count <= room {
            buffer.append(text)
            return 0
        }
        let kept = max(room, 0)
        buffer.append(UnsafeBufferPointer(rebasing: text[..<kept]))
        return TextScan.scalarCount(UnsafeBufferPointer(rebasing: text[kept...]))
    }

    // MARK: - Rows

    private func startRow(_ attributes: XMLAttributes) {
        var number = lastRowNumber + 1
        if let raw = attributes.rawValue("r") {
            guard let parsed = NumberParsing.parseIndex(raw) else {
                fail(
                    .invalidCellValue,
                    "a row has the number '\(String(decoding: raw, as: UTF8.self))', which is not a row number")
                return
            }
            number = parsed
        }
        guard number >= 1 && number <= CellReference.maxRows else {
            fail(.cellOutsideGrid, "row \(number) is outside the grid (rows 1 to \(CellReference.maxRows))")
            return
        }
        guard number > lastRowNumber else {
            let what = number == lastRowNumber ? "appears twice" : "appears after row \(lastRowNumber)"
            fail(.rowOutOfOrder, "in sheet '\(sheetName)', row \(number) \(what); rows must be in order, once each")
            return
        }
        lastRowNumber = number
        lastColumn = -1
        rowNeedsSort = false
        columnsInRow.removeAll(keepingCapacity: true)
        row.reset(number: number)
        if let hidden = attributes.rawValue("hidden"), let first = hidden.first {
            row.isHidden = first == UInt8(ascii: "1") || first == UInt8(ascii: "t")
        }
        inRow = true
    }

    private func finishRow() {
        inRow = false
        if row.isHidden { summary.hiddenRows.append(row.number) }
        guard !row.cells.isEmpty else { return }
        if rowNeedsSort { row.cells.sort { $0.column < $1.column } }
        summary.noteRow(row)
        do {
            try onRow(row)
        } catch {
            consumerError = error
            fail(.ioError, "stopped: \(error)")
        }
    }

    // MARK: - Cells

    private func startCell(_ attributes: XMLAttributes) {
        inCell = true
        cellHasValue = false
        cellHasFormula = false
        cellHasInline = false
        cellType = .number
        cellStyle = 0
        var column = lastColumn + 1
        if let base = attributes.base {
            for i in 0..<attributes.count {
                let slot = base + i * 5
                guard let local = slot[0], local[1] == 0, let start = slot[3], let end = slot[4] else { continue }
                let value = UnsafeBufferPointer(start: start, count: end - start)
                switch local[0] {
                case UInt8(ascii: "r"):
                    guard let reference = CellReference.parse(bytes: value) else {
                        fail(
                            .invalidCellValue,
                            "a cell has the reference '\(String(decoding: value, as: UTF8.self))', which is not an A1 reference"
                        )
                        return
                    }
                    if reference.column >= CellReference.maxColumns || reference.row > CellReference.maxRows {
                        fail(
                            .cellOutsideGrid, cell: "\(sheetName)!\(String(decoding: value, as: UTF8.self))",
                            "the cell lies outside Excel's grid (A1:XFD1048576)")
                        return
                    }
                    if reference.row != row.number {
                        fail(
                            .invalidCellValue, cell: "\(sheetName)!\(String(decoding: value, as: UTF8.self))",
                            "the cell is written inside row \(row.number)")
                        return
                    }
                    column = reference.column
                case UInt8(ascii: "t"):
                    cellType = CellTypeCode.parse(value)
                case UInt8(ascii: "s"):
                    cellStyle = NumberParsing.parseIndex(value) ?? 0
                default:
                    break
                }
            }
        }
        guard column < CellReference.maxColumns else {
            fail(
                .cellOutsideGrid, cell: cellName(row: row.number, column: column),
                "the cell lies outside Excel's grid (A1:XFD1048576)")
            return
        }
        if column <= lastColumn {
            if column == lastColumn || columnsInRow.contains(Int32(column)) {
                fail(
                    .duplicateCell, cell: cellName(row: row.number, column: column),
                    "the cell reference appears twice in the sheet")
                return
            }
            rowNeedsSort = true
        } else {
            lastColumn = column
        }
        columnsInRow.append(Int32(column))
        cellColumn = column
    }

    private enum CellTypeCode {
        static func parse(_ value: UnsafeBufferPointer<UInt8>) -> CellType {
            guard let first = value.first else { return .number }
            switch first {
            case UInt8(ascii: "s"): return value.count == 1 ? .sharedString : .formulaString
            case UInt8(ascii: "i"): return .inlineString
            case UInt8(ascii: "b"): return .boolean
            case UInt8(ascii: "e"): return .error
            case UInt8(ascii: "d"): return .isoDate
            default: return .number
            }
        }
    }

    private func finishCell() {
        inCell = false
        capture = .none
        let column = Int32(cellColumn)
        let (formatID, formatClass) = styles.format(ofStyle: cellStyle)
        if cellHasFormula { summary.formulaCount += 1 }

        switch cellType {
        case .sharedString:
            guard cellHasValue, !valueBuffer.isBlank else { return noValue(column) }
            guard let index = NumberParsing.parseIndex(valueBuffer.bytes) else {
                return invalidValue("a shared-string index")
            }
            guard index < strings.count else {
                fail(
                    .sharedStringIndex, cell: cellName(row: row.number, column: cellColumn),
                    "the cell refers to shared string #\(index), but the table has \(strings.count) strings")
                return
            }
            // An empty string is an empty cell: rows stay sparse.
            if strings.isEmpty(at: index) { return }
            row.cells.append(
                Cell(
                    column: column, kind: .text, textStart: Int32(index), textInSharedTable: true,
                    hasFormula: cellHasFormula, numberFormatID: formatID))
            if strings.flags(at: index).contains(.hadControlCharacters) { noteControlCharacters(column) }
            if strings.flags(at: index).contains(.overlong) {
                strings.withBytes(at: index) { shown in
                    noteOverlong(column, characterCount: strings.overlongLength(at: index), shown: Array(shown))
                }
            }
        case .inlineString, .formulaString:
            if cellHasInline {
                appendText(inlineBuffer, overflow: inlineOverflow, kind: .text, column: column, formatID: formatID)
            } else if cellHasValue {
                appendText(valueBuffer, overflow: valueOverflow, kind: .text, column: column, formatID: formatID)
            } else {
                return noValue(column)
            }
        case .error:
            guard cellHasValue else { return noValue(column) }
            appendText(valueBuffer, overflow: valueOverflow, kind: .error, column: column, formatID: formatID)
            summary.errorCellCount += 1
            if summary.errorCells.count < SheetReadSummary.listLimit {
                summary.errorCells.append(
                    SheetReadSummary.ErrorCell(
                        cell: CellReference.name(row: row.number, column: cellColumn),
                        value: String(decoding: valueBuffer.bytes, as: UTF8.self)))
            }
        case .boolean:
            guard cellHasValue else { return noValue(column) }
            // `1`/`0` as the standard says; `true`/`false` as some writers put it.
            let first = valueBuffer.bytes.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
            let value: Double
            switch first {
            case UInt8(ascii: "1"), UInt8(ascii: "t"), UInt8(ascii: "T"): value = 1
            case UInt8(ascii: "0"), UInt8(ascii: "f"), UInt8(ascii: "F"): value = 0
            default: return invalidValue("a boolean (0 or 1)")
            }
            row.cells.append(
                Cell(
                    column: column, kind: .boolean, number: value, hasFormula: cellHasFormula, numberFormatID: formatID)
            )
        case .isoDate:
            guard cellHasValue else { return noValue(column) }
            guard let (days, kind) = NumberParsing.parseISODate(String(decoding: valueBuffer.bytes, as: UTF8.self))
            else {
                return invalidValue("an ISO 8601 date")
            }
            row.cells.append(
                Cell(column: column, kind: kind, number: days, hasFormula: cellHasFormula, numberFormatID: formatID))
        case .number:
            guard cellHasValue else { return noValue(column) }
            guard let value = NumberParsing.parseDouble(valueBuffer.bytes) else {
                if valueBuffer.isBlank { return noValue(column) }
                return invalidValue("a number")
            }
            var kind = CellKind.number
            var number = value
            switch formatClass {
            case .number, .text: break
            case .date:
                kind = .date
                number = dateSystem.daysSince18991230(serial: value)
            case .dateTime:
                kind = .dateTime
                number = dateSystem.daysSince18991230(serial: value)
            case .duration:
                kind = .duration
            case .time:
                // A time format on a value of a day or more shows a duration past midnight; keep the date.
                if value >= 1 {
                    kind = .dateTime
                    number = dateSystem.daysSince18991230(serial: value)
                } else {
                    kind = .time
                }
            }
            row.cells.append(
                Cell(column: column, kind: kind, number: number, hasFormula: cellHasFormula, numberFormatID: formatID))
        }
    }

    /// A cell without `<v>` (or with an empty one): empty unless it has a formula, whose cached value is then missing.
    private func noValue(_ column: Int32) {
        guard cellHasFormula else { return }
        appendText(formulaBuffer, overflow: formulaOverflow, kind: .formulaWithoutValue, column: column, formatID: 0)
        summary.formulasWithoutValueCount += 1
        if summary.formulasWithoutValue.count < SheetReadSummary.listLimit {
            summary.formulasWithoutValue.append(CellReference.name(row: row.number, column: cellColumn))
        }
    }

    private func invalidValue(_ expected: String) {
        fail(
            .invalidCellValue, cell: cellName(row: row.number, column: cellColumn),
            "the cell's value '\(String(decoding: valueBuffer.bytes.prefix(60), as: UTF8.self))' is not \(expected), as its type says"
        )
    }

    /// `overflow`: characters of the text read through past the cap (not in `raw`).
    private func appendText(_ raw: ByteBuffer, overflow: Int, kind: CellKind, column: Int32, formatID: Int32) {
        let start = row.arena.count
        let result = XlsxText.decode(raw.bytes, into: &row.arena)
        // An empty text is an empty cell (a formula's empty cached string included).
        if row.arena.count == start && kind == .text { return }
        let characters = result.characterCount + overflow
        if characters > OverlongCell.maxCharacters {
            // The cell keeps the start of its text; the row carries the issue.
            let shown = row.arena.withUnsafeBufferPointer { arena in
                OverlongCell.shown(UnsafeBufferPointer(rebasing: arena[start...]), characterCount: characters)
            }
            row.arena.removeSubrange(start...)
            row.arena.append(contentsOf: shown)
            noteOverlong(column, characterCount: characters, shown: shown)
        }
        row.cells.append(
            Cell(
                column: column, kind: kind, textStart: Int32(start), textLength: Int32(row.arena.count - start),
                hasFormula: cellHasFormula, numberFormatID: formatID))
        if result.hadControlCharacters { noteControlCharacters(column) }
    }

    private func noteControlCharacters(_ column: Int32) {
        row.issues.append(
            ReadIssue(
                code: .controlCharacter, row: row.number,
                cell: CellReference.name(row: row.number, column: Int(column)),
                message: "the text holds control characters, replaced by U+FFFD"))
    }

    private func noteOverlong(_ column: Int32, characterCount: Int, shown: [UInt8]) {
        row.issues.append(
            OverlongCell.issue(
                row: row.number, reference: CellReference.name(row: row.number, column: Int(column)),
                characterCount: characterCount, shown: shown))
    }

    private func noteHiddenColumns(_ attributes: XMLAttributes) {
        guard let hidden = attributes.rawValue("hidden"), let first = hidden.first,
            first == UInt8(ascii: "1") || first == UInt8(ascii: "t"),
            let min = attributes.rawValue("min").flatMap(NumberParsing.parseIndex),
            let max = attributes.rawValue("max").flatMap(NumberParsing.parseIndex),
            min >= 1, max >= min
        else { return }
        summary.hiddenColumns.append((min - 1)...(Swift.min(max, CellReference.maxColumns) - 1))
    }
}
