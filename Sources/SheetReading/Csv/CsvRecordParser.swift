/// An RFC 4180 state machine over UTF-8 bytes, fed chunk by chunk: quoted fields may hold the
/// delimiter, CR, LF or CRLF, and `""` for a quote. Lenient where a person can still see what was
/// meant, but never silent: a stray quote, a NUL byte or a wrong field count makes that record
/// carry an issue (with its line) and the rest of the file goes on. An unterminated quote makes
/// the file unreadable, naming the line where the quote opened. A field over the 32,767
/// characters Excel allows is an issue of its record: no more of it than could be valid is kept
/// (a 60 MB field is read through, not held), and the cell keeps only its start. Spaces between
/// a delimiter and an opening quote are skipped (the file is said once to have them).
struct CsvRecordParser {
    private enum State {
        case fieldStart
        case unquoted
        case quoted
        /// Inside a quoted field, just after a quote: `"` (escaped quote), a delimiter or a line end.
        case quoteInQuoted
        /// After a closing quote, stray text before the delimiter.
        case afterClosingQuote
    }

    let delimiter: UInt8
    private var state = State.fieldStart
    private var row: Row
    private var field: [UInt8] = []
    /// Characters of the current field past `fieldByteCap`, read through but not kept.
    private var droppedCharacters = 0
    /// 32,767 characters take at most 4 bytes each: a field longer than this is overlong.
    private static let fieldByteCap = OverlongCell.maxCharacters * 4
    private var column = 0
    /// Current physical line (1-based).
    private(set) var line = 1
    private var recordStartLine = 1
    private var quoteOpenedOnLine = 1
    private var lastWasCR = false
    private var recordHasContent = false
    private var issues: [ReadIssue] = []
    /// Field count of the first (header) record.
    private(set) var expectedFieldCount: Int?
    private(set) var summary = SheetReadSummary()
    private(set) var sawCRLF = false
    private(set) var sawLF = false
    private(set) var sawCR = false
    private(set) var records = 0
    /// A quoted field came after spaces (`1, "Test"`): said once, on the first record that has one.
    private(set) var sawSpaceBeforeQuote = false

    init(delimiter: UInt8, source: RowSource) {
        self.delimiter = delimiter
        row = Row(source: source, sharedStrings: .empty)
        field.reserveCapacity(256)
    }

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ emit: (Row) throws -> Void) throws {
        for byte in bytes {
            // Line counting: LF, lone CR, and CRLF once (the CR already ended the line; inside a
            // quoted field both bytes are kept).
            if lastWasCR {
                lastWasCR = false
                if byte == 0x0A {
                    sawCRLF = true
                    if state == .quoted { appendToField(byte) }
                    continue
                }
                sawCR = true
            }
            try consume(byte, emit)
        }
    }

    private mutating func newLine(_ byte: UInt8) {
        line += 1
        if byte == 0x0D { lastWasCR = true } else { sawLF = true }
    }

    private mutating func consume(_ byte: UInt8, _ emit: (Row) throws -> Void) throws {
        if byte == 0 {
            note(.csvNulByte, "the record holds a NUL byte, replaced by U+FFFD")
            appendToField(0xEF); appendToField(0xBF); appendToField(0xBD)
            if state == .fieldStart { state = .unquoted }
            return
        }
        switch state {
        case .fieldStart:
            if byte == UInt8(ascii: "\"") {
                state = .quoted
                quoteOpenedOnLine = line
                recordHasContent = true
            } else if byte == delimiter {
                recordHasContent = true
                endField()
            } else if byte == 0x0A || byte == 0x0D {
                endField()
                newLine(byte)
                try endRecord(emit)
            } else {
                appendToField(byte)
                state = .unquoted
            }
        case .unquoted:
            if byte == delimiter {
                endField()
            } else if byte == 0x0A || byte == 0x0D {
                endField()
                newLine(byte)
                try endRecord(emit)
            } else if byte == UInt8(ascii: "\""), field.allSatisfy({ $0 == UInt8(ascii: " ") }) {
                // `1, "Test"`: spaces after the delimiter, then a quoted field (as some exporters
                // write). The quoted field is read; the file says once that its dialect has them.
                field.removeAll(keepingCapacity: true)
                state = .quoted
                quoteOpenedOnLine = line
                if !sawSpaceBeforeQuote {
                    sawSpaceBeforeQuote = true
                    issues.append(
                        ReadIssue(
                            code: .csvSpacesAfterDelimiter, row: recordStartLine,
                            message:
                                "the file puts spaces after its delimiters before quoted fields (line \(recordStartLine), column \(column + 1)): the spaces are skipped"
                        ))
                }
            } else {
                if byte == UInt8(ascii: "\"") {
                    note(.csvStrayQuote, "a quote inside an unquoted field (column \(column + 1)); kept as a character")
                }
                appendToField(byte)
            }
        case .quoted:
            if byte == UInt8(ascii: "\"") {
                state = .quoteInQuoted
            } else {
                if byte == 0x0A || byte == 0x0D { newLine(byte) }
                appendToField(byte)
            }
        case .quoteInQuoted:
            if byte == UInt8(ascii: "\"") {
                appendToField(byte)
                state = .quoted
            } else if byte == delimiter {
                endField()
            } else if byte == 0x0A || byte == 0x0D {
                endField()
                newLine(byte)
                try endRecord(emit)
            } else {
                note(.csvStrayQuote, "text after a closing quote (column \(column + 1)); kept as part of the field")
                appendToField(byte)
                state = .afterClosingQuote
            }
        case .afterClosingQuote:
            if byte == delimiter {
                endField()
            } else if byte == 0x0A || byte == 0x0D {
                endField()
                newLine(byte)
                try endRecord(emit)
            } else {
                appendToField(byte)
            }
        }
    }

    @inline(__always)
    private mutating func appendToField(_ byte: UInt8) {
        if field.count < Self.fieldByteCap {
            field.append(byte)
        } else if byte & 0xC0 != 0x80 {
            droppedCharacters += 1
        }
    }

    private mutating func note(_ code: ReadIssue.Code, _ message: String) {
        issues.append(ReadIssue(code: code, row: recordStartLine, message: message))
    }

    private mutating func endField() {
        if !field.isEmpty {
            recordHasContent = true
            // (Bytes are at least characters: only a long field is counted.)
            let characters =
                field.count > OverlongCell.maxCharacters
                ? field.withUnsafeBufferPointer { TextScan.scalarCount($0) } + droppedCharacters : 0
            let stored: (start: Int32, length: Int32)
            if characters > OverlongCell.maxCharacters {
                let shown = field.withUnsafeBufferPointer { OverlongCell.shown($0, characterCount: characters) }
                stored = shown.withUnsafeBufferPointer { row.storeText($0) }
                issues.append(
                    OverlongCell.issue(
                        row: recordStartLine, reference: CellReference.name(row: recordStartLine, column: column),
                        characterCount: characters, shown: shown))
            } else {
                stored = field.withUnsafeBufferPointer { row.storeText($0) }
            }
            row.cells.append(
                Cell(column: Int32(column), kind: .text, textStart: stored.start, textLength: stored.length))
            field.removeAll(keepingCapacity: true)
            droppedCharacters = 0
        }
        column += 1
        state = .fieldStart
    }

    private mutating func endRecord(_ emit: (Row) throws -> Void) throws {
        defer {
            column = 0
            recordHasContent = false
            issues.removeAll(keepingCapacity: true)
            row.reset(number: line)
            recordStartLine = line
        }
        // A blank line (no characters at all, or only delimiters) is not a record.
        guard recordHasContent || !issues.isEmpty else { return }
        let fieldCount = column
        if row.cells.isEmpty && issues.isEmpty { return }
        records += 1
        if let expected = expectedFieldCount {
            if fieldCount != expected {
                note(.csvFieldCount, "the record has \(fieldCount) fields, the header has \(expected)")
            }
        } else {
            expectedFieldCount = fieldCount
        }
        row.number = recordStartLine
        row.fieldCount = fieldCount
        row.issues = issues
        summary.noteRow(row)
        try emit(row)
    }

    /// Ends the input: the last record may lack a line break; an open quote is an error.
    mutating func finish(file: String, _ emit: (Row) throws -> Void) throws {
        if state == .quoted {
            throw ReadError(
                .unterminatedQuote, file: file, line: quoteOpenedOnLine,
                reason:
                    "a quoted field opened on line \(quoteOpenedOnLine) is never closed; the rest of the file cannot be read reliably"
            )
        }
        if state != .fieldStart || column > 0 || !field.isEmpty {
            endField()
            try endRecord(emit)
        }
    }
}
