/// Streams one table of `content.xml` into rows, as `WorksheetHandler` does for an XLSX sheet,
/// with the same `Cell` model: `office:value-type` float, percentage and currency are numbers;
/// date (`office:date-value`) a date or date and time in the XLSX reader's day serials; time
/// (`office:time-value`, an ISO duration) a time of day under 24 hours, else a duration; boolean;
/// string from `office:string-value` or the paragraphs (`text:p` joined by a line break, with
/// `text:s`, `text:tab`, `text:line-break`, spans and links); LibreOffice's error results
/// (`calcext:value-type="error"`) error values; a formula keeps its cached value.
///
/// Repeats: a cell repeated across columns or a row repeated down the sheet is given once per
/// place it covers; empty repeats only move the position (a trailing 1,048,000 empty rows costs
/// nothing). What repeats expand to is bounded by the grid and by `ReadLimits.maxCells`.
/// Covered cells (under a merged range) are empty; the ranges are listed in the summary.
/// Annotations and shapes inside a cell are not its text.
///
/// The hot path allocates nothing per cell: attribute bytes and text go into reused buffers,
/// cells into the row's reused array, and a repeated text is stored once in the row's arena.
final class OdsContentHandler: XMLEventHandler {
    private(set) var failure: ReadError? {
        didSet { hasFailed = failure != nil }
    }
    private(set) var hasFailed = false
    /// An error thrown by the row consumer; reported as is.
    private(set) var consumerError: (any Error)?
    /// The table was read to its end and the parse stopped there on purpose.
    private(set) var finishedTable = false

    private let file: String
    private let part: String
    private let sheetName: String
    private let tableIndex: Int
    private let maxCells: Int
    private let onRow: (Row) throws -> Void

    @exclusivity(unchecked)
    private(set) var summary = SheetReadSummary()
    @exclusivity(unchecked)
    private var row: Row

    private enum ValueType { case none, number, date, time, boolean, string }

    private var tablesSeen = 0
    private var tableDepth = 0
    private var inTarget = false
    private var inRow = false
    private var inCell = false
    /// Depth inside an annotation, a note or a shape of the current cell: their text is not the cell's.
    private var skipDepth = 0
    private var capturing = false
    /// The last character given to the text was collapsible white space (ODF collapses runs).
    private var lastWasSpace = false

    private var nextRow = 1
    private var rowRepeat = 1
    private var rowHidden = false
    private var column = 0
    private var tableColumn = 0
    private var expandedCells = 0

    private var cellRepeat = 1
    private var cellCovered = false
    private var cellType = ValueType.none
    private var cellIsError = false
    private var cellHasFormula = false
    private var cellHasValue = false
    private var cellHasStringValue = false
    private var cellCapturesText = false
    private var paragraphs = 0
    private var columnsSpanned = 1
    private var rowsSpanned = 1

    private let valueBuffer = ByteBuffer()
    private let stringValueBuffer = ByteBuffer()
    private let formulaBuffer = ByteBuffer()
    private let textBuffer = ByteBuffer()
    /// Characters left out past `textByteCap`.
    private var textOverflow = 0
    /// A character takes at most 4 bytes in UTF-8: past this, a text is overlong.
    private static let textByteCap = OverlongCell.maxCharacters * 4

    init(
        file: String, part: String, sheetName: String, tableIndex: Int, maxCells: Int,
        onRow: @escaping (Row) throws -> Void
    ) {
        self.file = file
        self.part = part
        self.sheetName = sheetName
        self.tableIndex = tableIndex
        self.maxCells = maxCells
        self.onRow = onRow
        row = Row(source: RowSource(file: file, sheet: sheetName), sharedStrings: .empty)
    }

    private func cellName(row: Int, column: Int) -> String {
        "\(sheetName)!\(CellReference.name(row: row, column: column))"
    }

    private func fail(_ code: ReadError.Code, cell: String? = nil, _ reason: String) {
        if failure == nil {
            failure = ReadError(code, file: file, part: part, cell: cell, reason: reason)
        }
    }

    // MARK: - Events

    func startElement(_ name: XMLName, _ attributes: XMLAttributes) {
        guard !hasFailed else { return }
        let p = name.pointer
        switch p[0] {
        case UInt8(ascii: "t"):
            if name.is("table-cell") {
                if inRow && tableDepth == 1 { startCell(attributes, covered: false) }
            } else if name.is("table-row") {
                if inTarget && tableDepth == 1 { startRow(attributes) }
            } else if name.is("tab") {
                if capturing { appendLiteral(0x09) }
            } else if name.is("table") {
                tableDepth += 1
                if tableDepth == 1 {
                    inTarget = tablesSeen == tableIndex
                    tablesSeen += 1
                }
            } else if name.is("table-column") {
                if inTarget && tableDepth == 1 { noteColumns(attributes) }
            }
        case UInt8(ascii: "p"):
            if p[1] == 0 {
                if inCell && cellCapturesText && skipDepth == 0 && tableDepth == 1 {
                    if paragraphs > 0 { appendLiteral(0x0A) }
                    paragraphs += 1
                    capturing = true
                    lastWasSpace = true
                }
            } else if inCell && Self.isSkipped(name) {
                enterSkipped()
            }
        case UInt8(ascii: "s"):
            if p[1] == 0 {
                if capturing { appendSpaces(attributes) }
            } else if inCell && Self.isSkipped(name) {
                enterSkipped()
            }
        case UInt8(ascii: "c"):
            if name.is("covered-table-cell") {
                if inRow && tableDepth == 1 { startCell(attributes, covered: true) }
            } else if inCell && Self.isSkipped(name) {
                enterSkipped()
            }
        case UInt8(ascii: "l"):
            if name.is("line-break") {
                if capturing { appendLiteral(0x0A) }
            } else if inCell && Self.isSkipped(name) {
                enterSkipped()
            }
        default:
            if inCell && Self.isSkipped(name) { enterSkipped() }
        }
    }

    func endElement(_ name: XMLName) {
        guard !hasFailed else { return }
        let p = name.pointer
        switch p[0] {
        case UInt8(ascii: "t"):
            if name.is("table-cell") {
                if inCell && tableDepth == 1 { finishCell() }
            } else if name.is("table-row") {
                if inRow && tableDepth == 1 { finishRow() }
            } else if name.is("table") {
                if tableDepth == 1 && inTarget {
                    inTarget = false
                    finishedTable = true
                    // Nothing after this table is needed: stop the parse here.
                    fail(.ioError, "the table was read to its end")
                }
                tableDepth -= 1
            }
        case UInt8(ascii: "p"):
            if p[1] == 0 {
                if skipDepth == 0 { capturing = false }
            } else if inCell && Self.isSkipped(name) {
                leaveSkipped()
            }
        case UInt8(ascii: "c"):
            if name.is("covered-table-cell") {
                if inCell && tableDepth == 1 { finishCell() }
            } else if inCell && Self.isSkipped(name) {
                leaveSkipped()
            }
        default:
            if inCell && p[1] != 0 && Self.isSkipped(name) { leaveSkipped() }
        }
    }

    func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard capturing else { return }
        appendCollapsing(text)
    }

    // MARK: - Text

    /// Elements whose text is not the cell's: `office:annotation`, `text:note`, and shapes
    /// anchored to the cell.
    private static func isSkipped(_ name: XMLName) -> Bool {
        switch name.pointer[0] {
        case UInt8(ascii: "a"): return name.is("annotation")
        case UInt8(ascii: "n"): return name.is("note")
        case UInt8(ascii: "f"): return name.is("frame")
        case UInt8(ascii: "g"): return name.is("g")
        case UInt8(ascii: "r"): return name.is("rect")
        case UInt8(ascii: "e"): return name.is("ellipse")
        case UInt8(ascii: "l"): return name.is("line")
        case UInt8(ascii: "m"): return name.is("measure")
        case UInt8(ascii: "c"):
            return name.is("custom-shape") || name.is("connector") || name.is("caption") || name.is("circle")
                || name.is("control")
        case UInt8(ascii: "p"): return name.is("polygon") || name.is("polyline") || name.is("path")
        default: return false
        }
    }

    private func enterSkipped() {
        skipDepth += 1
        capturing = false
    }

    private func leaveSkipped() {
        skipDepth = max(0, skipDepth - 1)
    }

    @inline(__always)
    private func appendLiteral(_ byte: UInt8) {
        lastWasSpace = false
        if textBuffer.count < Self.textByteCap {
            textBuffer.append(byte)
        } else {
            textOverflow += 1
        }
    }

    /// `text:s`: `text:c` spaces (1 when absent), up to the cap.
    private func appendSpaces(_ attributes: XMLAttributes) {
        let count = attributes.rawValue("c").flatMap(NumberParsing.parseIndex) ?? 1
        lastWasSpace = false
        let room = max(0, Self.textByteCap - textBuffer.count)
        let kept = min(count, room)
        if kept > 0 {
            let target = textBuffer.reserve(kept)
            target.update(repeating: 0x20, count: kept)
            textBuffer.advance(kept)
        }
        textOverflow += count - kept
    }

    /// Character data of a paragraph: runs of white space (space, TAB, CR, LF) collapse into
    /// one space, and white space at the start of the paragraph is dropped (ODF 1.3 §6.1.2);
    /// meant spaces come as `text:s`.
    private func appendCollapsing(_ text: UnsafeBufferPointer<UInt8>) {
        var plain = true
        var previousSpace = lastWasSpace
        for byte in text {
            if byte == 0x20 {
                if previousSpace {
                    plain = false
                    break
                }
                previousSpace = true
            } else if byte == 0x09 || byte == 0x0A || byte == 0x0D {
                plain = false
                break
            } else {
                previousSpace = false
            }
        }
        if plain {
            appendCapped(text)
            if let last = text.last { lastWasSpace = last == 0x20 }
            return
        }
        for byte in text {
            if ByteBuffer.isXMLSpace(byte) {
                if lastWasSpace { continue }
                lastWasSpace = true
                if textBuffer.count < Self.textByteCap { textBuffer.append(0x20) } else { textOverflow += 1 }
            } else {
                lastWasSpace = false
                if textBuffer.count < Self.textByteCap {
                    textBuffer.append(byte)
                } else if byte & 0xC0 != 0x80 {
                    textOverflow += 1
                }
            }
        }
    }

    @inline(__always)
    private func appendCapped(_ text: UnsafeBufferPointer<UInt8>) {
        let room = Self.textByteCap - textBuffer.count
        if text.count <= room {
            textBuffer.append(text)
            return
        }
        let kept = max(room, 0)
        textBuffer.append(UnsafeBufferPointer(rebasing: text[..<kept]))
        textOverflow += TextScan.scalarCount(UnsafeBufferPointer(rebasing: text[kept...]))
    }

    /// Copies an attribute value, decoding the `&#38;` libxml2 leaves for `&`.
    private static func copyAttribute(_ raw: UnsafeBufferPointer<UInt8>, to buffer: ByteBuffer) {
        buffer.count = 0
        guard raw.contains(UInt8(ascii: "&")) else { return buffer.append(raw) }
        var i = 0
        while i < raw.count {
            if raw[i] == UInt8(ascii: "&"), i + 5 <= raw.count, raw[i + 1] == UInt8(ascii: "#"),
                raw[i + 2] == UInt8(ascii: "3"), raw[i + 3] == UInt8(ascii: "8"), raw[i + 4] == UInt8(ascii: ";")
            {
                buffer.append(UInt8(ascii: "&"))
                i += 5
            } else {
                buffer.append(raw[i])
                i += 1
            }
        }
    }

    // MARK: - Rows and columns

    private func startRow(_ attributes: XMLAttributes) {
        rowRepeat = 1
        rowHidden = false
        if let base = attributes.base {
            for i in 0..<attributes.count {
                let slot = base + i * 5
                guard let local = slot[0], let start = slot[3], let end = slot[4] else { continue }
                let value = UnsafeBufferPointer(start: start, count: end - start)
                let attribute = XMLName(pointer: local)
                if attribute.is("number-rows-repeated") {
                    rowRepeat = max(1, NumberParsing.parseIndex(value) ?? 1)
                } else if attribute.is("visibility") {
                    rowHidden = !value.elementsEqual("visible".utf8)
                }
            }
        }
        row.reset(number: nextRow)
        row.isHidden = rowHidden
        column = 0
        inRow = true
    }

    private func finishRow() {
        inRow = false
        let first = nextRow
        // Past the grid's end, only empty rows may go on (producers pad to the last row).
        let (after, overflow) = nextRow.addingReportingOverflow(rowRepeat)
        nextRow = overflow ? Int.max : after
        guard !row.cells.isEmpty else {
            // An empty hidden run is listed when short; a hidden tail of a million rows is not a list.
            if rowHidden && rowRepeat <= 1024 && first + rowRepeat - 1 <= CellReference.maxRows {
                summary.hiddenRows.append(contentsOf: first..<first + rowRepeat)
            }
            return
        }
        let last = first + rowRepeat - 1
        guard !overflow, last <= CellReference.maxRows else {
            let outside = max(first, CellReference.maxRows + 1)
            fail(
                .cellOutsideGrid, cell: cellName(row: outside, column: Int(row.cells[0].column)),
                "row \(outside) holds values, but it is outside the grid (rows 1 to \(CellReference.maxRows))\(rowRepeat > 1 ? ": a row repeated \(rowRepeat) times (table:number-rows-repeated) from row \(first)" : "")"
            )
            return
        }
        let firstIssues = row.issues
        for number in first...last {
            if number != first {
                row.number = number
                if !firstIssues.isEmpty { row.issues = Self.moved(firstIssues, to: number) }
            }
            if rowHidden { summary.hiddenRows.append(number) }
            summary.noteRow(row)
            do {
                try onRow(row)
            } catch {
                consumerError = error
                fail(.ioError, "stopped: \(error)")
                return
            }
        }
    }

    /// The issues of a repeated row, said of the copy at row `number`.
    private static func moved(_ issues: [ReadIssue], to number: Int) -> [ReadIssue] {
        issues.map { issue in
            var copy = issue
            copy.row = number
            if let cell = issue.cell, let reference = CellReference.parse(Array(cell.utf8)) {
                copy.cell = CellReference.name(row: number, column: reference.column)
            }
            return copy
        }
    }

    /// `table:table-column` elements, in order: the hidden ones (`table:visibility="collapse"`).
    private func noteColumns(_ attributes: XMLAttributes) {
        let repeats = max(1, attributes.rawValue("number-columns-repeated").flatMap(NumberParsing.parseIndex) ?? 1)
        let first = tableColumn
        tableColumn = first > CellReference.maxColumns ? first : first + min(repeats, CellReference.maxColumns + 1)
        guard let visibility = attributes.rawValue("visibility"), !visibility.elementsEqual("visible".utf8),
            first < CellReference.maxColumns
        else { return }
        summary.hiddenColumns.append(first...(min(tableColumn, CellReference.maxColumns) - 1))
    }

    // MARK: - Cells

    private func startCell(_ attributes: XMLAttributes, covered: Bool) {
        inCell = true
        cellCovered = covered
        cellRepeat = 1
        cellType = .none
        cellIsError = false
        cellHasFormula = false
        cellHasValue = false
        cellHasStringValue = false
        columnsSpanned = 1
        rowsSpanned = 1
        paragraphs = 0
        textBuffer.count = 0
        textOverflow = 0
        skipDepth = 0
        if let base = attributes.base {
            for i in 0..<attributes.count {
                let slot = base + i * 5
                guard let local = slot[0], let start = slot[3], let end = slot[4] else { continue }
                let value = UnsafeBufferPointer(start: start, count: end - start)
                noteCellAttribute(XMLName(pointer: local), value)
            }
        }
        // Numbers, dates and the like take their value from attributes; the paragraphs are
        // only their display (never read).
        cellCapturesText = !covered && (cellType == .none || cellType == .string || cellIsError)
    }

    /// The cell's value attribute (`office:value`, `date-value`, `time-value`, `boolean-value`),
    /// kept until the cell ends.
    @inline(__always)
    private func keepValue(_ value: UnsafeBufferPointer<UInt8>) {
        valueBuffer.count = 0
        valueBuffer.append(value)
        cellHasValue = true
    }

    @inline(__always)
    private func noteCellAttribute(_ name: XMLName, _ value: UnsafeBufferPointer<UInt8>) {
        let p = name.pointer
        switch p[0] {
        case UInt8(ascii: "v"):
            if name.is("value-type") {
                // `office:value-type` first; LibreOffice adds `calcext:value-type`, whose
                // `error` marks an error result.
                if value.elementsEqual("error".utf8) {
                    cellIsError = true
                } else if cellType == .none {
                    cellType = Self.valueType(value)
                }
            } else if name.is("value") {
                keepValue(value)
            }
        case UInt8(ascii: "d"):
            if name.is("date-value") {
                keepValue(value)
            }
        case UInt8(ascii: "t"):
            if name.is("time-value") {
                keepValue(value)
            }
        case UInt8(ascii: "b"):
            if name.is("boolean-value") {
                keepValue(value)
            }
        case UInt8(ascii: "s"):
            if name.is("string-value") {
                Self.copyAttribute(value, to: stringValueBuffer)
                cellHasStringValue = true
            }
        case UInt8(ascii: "f"):
            if name.is("formula") {
                cellHasFormula = true
                Self.copyAttribute(value, to: formulaBuffer)
            }
        case UInt8(ascii: "n"):
            if name.is("number-columns-repeated") {
                cellRepeat = max(1, NumberParsing.parseIndex(value) ?? 1)
            } else if name.is("number-columns-spanned") {
                columnsSpanned = max(1, NumberParsing.parseIndex(value) ?? 1)
            } else if name.is("number-rows-spanned") {
                rowsSpanned = max(1, NumberParsing.parseIndex(value) ?? 1)
            }
        default:
            break
        }
    }

    private static func valueType(_ value: UnsafeBufferPointer<UInt8>) -> ValueType {
        guard let first = value.first else { return .none }
        switch first {
        case UInt8(ascii: "f"), UInt8(ascii: "p"), UInt8(ascii: "c"): return .number  // float, percentage, currency
        case UInt8(ascii: "d"): return .date
        case UInt8(ascii: "t"): return .time
        case UInt8(ascii: "b"): return .boolean
        case UInt8(ascii: "s"): return .string
        default: return .none  // void
        }
    }

    private func finishCell() {
        inCell = false
        capturing = false
        skipDepth = 0
        let first = column
        let repeats = cellRepeat
        column = first > CellReference.maxColumns ? first : first + min(repeats, CellReference.maxColumns + 1)
        if cellCovered { return }
        if columnsSpanned > 1 || rowsSpanned > 1, first < CellReference.maxColumns, row.number <= CellReference.maxRows
        {
            summary.mergedRanges.append(
                CellRange(
                    firstRow: row.number, firstColumn: first,
                    lastRow: min(row.number + rowsSpanned - 1, CellReference.maxRows),
                    lastColumn: min(first + columnsSpanned - 1, CellReference.maxColumns - 1)))
        }
        guard let template = makeCell(column: first) else { return }
        guard repeats <= CellReference.maxColumns - first else {
            fail(
                .cellOutsideGrid, cell: cellName(row: row.number, column: max(first, CellReference.maxColumns)),
                "the cell holds a value, but it lies outside the grid (A1:XFD1048576)\(repeats > 1 ? ": a cell repeated \(repeats) times (table:number-columns-repeated) from column \(CellReference.columnName(first))" : "")"
            )
            return
        }
        let (cells, overflow) = repeats.multipliedReportingOverflow(by: rowRepeat)
        expandedCells += overflow ? Int.max / 2 : cells
        guard !overflow, expandedCells <= maxCells else {
            fail(
                .limitExceeded, cell: cellName(row: row.number, column: first),
                "sheet '\(sheetName)' expands to more than \(maxCells) cells once its repeated rows and columns are counted (here a value repeated over \(repeats) columns and \(rowRepeat) rows): a repeated-rows bomb, or raise the limit with --max-cells"
            )
            return
        }
        if template.hasFormula { summary.formulaCount += repeats }
        var cell = template
        for offset in 0..<repeats {
            cell.column = Int32(first + offset)
            row.cells.append(cell)
        }
        switch template.kind {
        case .error:
            summary.errorCellCount += repeats
            if summary.errorCells.count < SheetReadSummary.listLimit {
                summary.errorCells.append(
                    SheetReadSummary.ErrorCell(
                        cell: CellReference.name(row: row.number, column: first),
                        value: row.text(of: template)))
            }
        case .formulaWithoutValue:
            summary.formulasWithoutValueCount += repeats
            if summary.formulasWithoutValue.count < SheetReadSummary.listLimit {
                summary.formulasWithoutValue.append(CellReference.name(row: row.number, column: first))
            }
        default:
            break
        }
    }

    /// The cell the attributes and text describe (nil: empty), its text stored once in the arena.
    private func makeCell(column: Int) -> Cell? {
        let column32 = Int32(column)
        if cellIsError {
            return textCell(textBuffer, kind: .error, column: column32)
        }
        switch cellType {
        case .number:
            guard cellHasValue else { return textOrFormula(column32) }
            guard let value = NumberParsing.parseDouble(valueBuffer.bytes) else {
                return invalidValue("a number", column: column)
            }
            // LibreOffice stores an Excel boolean it imported as `=TRUE()` or `=FALSE()` with a
            // float value: a boolean all the same.
            if cellHasFormula && isBooleanConstantFormula() {
                return Cell(column: column32, kind: .boolean, number: value != 0 ? 1 : 0, hasFormula: true)
            }
            return Cell(column: column32, kind: .number, number: value, hasFormula: cellHasFormula)
        case .date:
            guard cellHasValue else { return textOrFormula(column32) }
            guard let (days, kind) = OdsValueParsing.date(valueBuffer.bytes) else {
                return invalidValue("an ISO 8601 date (office:date-value)", column: column)
            }
            return Cell(column: column32, kind: kind, number: days, hasFormula: cellHasFormula)
        case .time:
            guard cellHasValue else { return textOrFormula(column32) }
            guard let days = OdsValueParsing.duration(valueBuffer.bytes) else {
                return invalidValue("an ISO 8601 duration such as PT12H30M (office:time-value)", column: column)
            }
            // A time of day as a spreadsheet shows one; longer (or negative) is elapsed time.
            let kind: CellKind = days >= 0 && days < 1 ? .time : .duration
            return Cell(column: column32, kind: kind, number: days, hasFormula: cellHasFormula)
        case .boolean:
            guard cellHasValue else { return textOrFormula(column32) }
            guard let value = OdsValueParsing.boolean(valueBuffer.bytes) else {
                return invalidValue("a boolean (true or false)", column: column)
            }
            return Cell(column: column32, kind: .boolean, number: value ? 1 : 0, hasFormula: cellHasFormula)
        case .string:
            if paragraphs == 0 && cellHasStringValue {
                return textCell(stringValueBuffer, kind: .text, column: column32)
            }
            return textCell(textBuffer, kind: .text, column: column32)
        case .none:
            return textOrFormula(column32)
        }
    }

    /// `of:=TRUE()` or `of:=FALSE()` (any letter case, with or without the `of:` namespace).
    private func isBooleanConstantFormula() -> Bool {
        var formula = formulaBuffer.bytes
        if formula.count >= 3, formula[2] == UInt8(ascii: ":") {
            formula = UnsafeBufferPointer(rebasing: formula[3...])
        }
        guard formula.count == 7 || formula.count == 8, formula.first == UInt8(ascii: "=") else { return false }
        let word = formula.dropFirst().map { $0 | 0x20 }
        return word.elementsEqual("true()".utf8) || word.elementsEqual("false()".utf8)
    }

    /// No typed value: the paragraphs' text if any, else a formula without cached value, else empty.
    private func textOrFormula(_ column: Int32) -> Cell? {
        if let cell = textCell(textBuffer, kind: .text, column: column) { return cell }
        guard cellHasFormula else { return nil }
        // `of:=C4*2` → `C4*2`, as XLSX stores formulas.
        var start = 0
        let formula = formulaBuffer.bytes
        if formula.count >= 3, formula[2] == UInt8(ascii: ":"), formula[1] == UInt8(ascii: "f") { start = 3 }
        if start < formula.count && formula[start] == UInt8(ascii: "=") { start += 1 }
        let body = UnsafeBufferPointer(rebasing: formula[start...])
        let stored = row.storeText(body)
        return Cell(
            column: column, kind: .formulaWithoutValue, textStart: stored.start, textLength: stored.length,
            hasFormula: true)
    }

    private func textCell(_ buffer: ByteBuffer, kind: CellKind, column: Int32) -> Cell? {
        let overflow = buffer === textBuffer ? textOverflow : 0
        guard buffer.count > 0 || overflow > 0 else { return nil }
        let start = row.arena.count
        let bytes = buffer.bytes
        let characters = TextScan.scalarCount(bytes) + overflow
        if characters > OverlongCell.maxCharacters {
            let shown = OverlongCell.shown(bytes, characterCount: characters)
            row.arena.append(contentsOf: shown)
            row.issues.append(
                OverlongCell.issue(
                    row: row.number, reference: CellReference.name(row: row.number, column: Int(column)),
                    characterCount: characters, shown: shown))
        } else {
            row.arena.append(contentsOf: bytes)
        }
        return Cell(
            column: column, kind: kind, textStart: Int32(start), textLength: Int32(row.arena.count - start),
            hasFormula: cellHasFormula)
    }

    private func invalidValue(_ expected: String, column: Int) -> Cell? {
        fail(
            .invalidCellValue, cell: cellName(row: row.number, column: column),
            "the cell's value '\(String(decoding: valueBuffer.bytes.prefix(60), as: UTF8.self))' is not \(expected), as its type says"
        )
        return nil
    }
}
