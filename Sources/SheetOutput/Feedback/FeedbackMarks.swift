public import SheetReading
public import SheetSchema

/// What a feedback workbook marks on the submitter's sheet, gathered from one file's validation
/// log before the sheet is copied: the cells with an error or a warning (and their comments), and
/// each row's status (rejected, merged, superseded, to review).
///
/// Marks are packed integers, sorted once, so that the copy walks them beside the rows: eight
/// bytes per marked cell or row, whatever the messages. Comment texts are kept for the first
/// `limits.comments` cells only (libxlsxwriter keeps comments in memory, Excel slows down with
/// many); the other cells are filled without one, and the count of those is said.
public struct FeedbackMarks: Sendable {
    /// Statuses a row can have (several at once: a rejected row can also be superseded).
    public struct RowStatus: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let rejected = RowStatus(rawValue: 1)
        public static let merged = RowStatus(rawValue: 2)
        public static let superseded = RowStatus(rawValue: 4)
        public static let toReview = RowStatus(rawValue: 8)
    }

    /// A marked cell: its most serious severity (error or warning).
    public struct CellMark: Equatable, Sendable {
        public var address: CellAddress
        public var isError: Bool

        public init(address: CellAddress, isError: Bool) {
            self.address = address
            self.isError = isError
        }
    }

    /// Cell marks, `row << 20 | column << 1 | isError`, sorted (a cell may appear twice: error and warning).
    private(set) var cells: [UInt64] = []
    /// Row statuses, `row << 8 | status`, sorted (a row may appear several times).
    private(set) var rows: [UInt64] = []
    /// Comment lines of the first cells marked, by `row << 20 | column << 1`.
    private(set) var comments: [UInt64: [String]] = [:]
    /// Messages of the row-level issues (no cell) of the first rows that have some.
    private(set) var rowNotes: [UInt32: [String]] = [:]
    /// Cells and rows whose message was left out of a comment or status (over `limits.comments`).
    public private(set) var commentsLeftOut = 0
    /// Entries of the log with a cell or a row (each gets a link in the Anomalies sheet, up to Excel's limit).
    public private(set) var entriesWithPlace = 0
    /// Marks beyond Excel's grid (a CSV longer or wider than a sheet): listed in Anomalies only.
    public private(set) var beyondGrid = 0

    /// Gathers the marks of one file's log: its plain issues with a cell, the example cells of its
    /// aggregated notes, its invalid rows, and its rows merged, superseded or to review.
    public init(
        validation: FileValidation, language: Language, expectedForms: [String: String] = [:],
        limits: FeedbackLimits = FeedbackLimits()
    ) throws {
        for row in validation.invalidRows { addStatus(.rejected, row: Int(row)) }
        try validation.issues.forEach(reading: { issue in
            add(issue, language: language, expectedForms: expectedForms, limits: limits)
        })
        cells.sort()
        rows.sort()
    }

    private mutating func add(
        _ issue: ValidationIssue, language: Language, expectedForms: [String: String], limits: FeedbackLimits
    ) {
        if issue.cell != nil || issue.row != nil { entriesWithPlace += 1 }
        switch issue.code {
        case IssueCode.duplicateMerged.rawValue: if let row = issue.row { addStatus(.merged, row: row) }
        case IssueCode.superseded.rawValue: if let row = issue.row { addStatus(.superseded, row: row) }
        case IssueCode.nearDuplicate.rawValue: if let row = issue.row { addStatus(.toReview, row: row) }
        default: break
        }
        guard issue.severity != .info else { return }
        let isError = issue.severity == .error
        if issue.examples.isEmpty {
            if let cell = issue.cell.flatMap(CellReference.parse) {
                addCell(cell, isError: isError, lines: { Self.commentLines(issue, language, expectedForms) }, limits)
            } else if let row = issue.row, Self.isStatusCode(issue.code) == false {
                addRowNote(
                    row,
                    {
                        "\(Self.severityWord(issue.severity, language))\(Self.colon(language))\(issue.message.text(language))"
                    },
                    limits)
            }
            return
        }
        // An aggregated note: its example cells, each with its own value.
        for example in issue.examples {
            guard let cell = example.cell.flatMap(CellReference.parse) else { continue }
            var one = issue
            one.value = example.value
            one.normalised = example.normalised
            if let message = example.message { one.message = message }
            addCell(cell, isError: isError, lines: { Self.commentLines(one, language, expectedForms) }, limits)
        }
    }

    private mutating func addStatus(_ status: RowStatus, row: Int) {
        guard row >= 1, row <= CellReference.maxRows else { return }
        rows.append(UInt64(row) << 8 | UInt64(status.rawValue))
    }

    private mutating func addCell(
        _ address: CellAddress, isError: Bool, lines: () -> [String], _ limits: FeedbackLimits
    ) {
        guard address.row >= 1, address.row <= CellReference.maxRows, address.column >= 0,
            address.column < CellReference.maxColumns
        else {
            beyondGrid += 1
            return
        }
        let key = Self.key(row: address.row, column: address.column)
        cells.append(key | (isError ? 1 : 0))
        if comments[key] != nil {
            comments[key]!.append(contentsOf: lines())
        } else if comments.count < limits.comments && address.column < limits.commentColumns {
            comments[key] = lines()
        } else {
            commentsLeftOut += 1
        }
    }

    private mutating func addRowNote(_ row: Int, _ line: () -> String, _ limits: FeedbackLimits) {
        guard row >= 1, row <= CellReference.maxRows else {
            beyondGrid += 1
            return
        }
        let key = UInt32(row)
        if rowNotes[key] != nil {
            rowNotes[key]!.append(line())
        } else if rowNotes.count < limits.comments {
            rowNotes[key] = [line()]
        } else {
            commentsLeftOut += 1
        }
    }

    static func key(row: Int, column: Int) -> UInt64 { UInt64(row) << 20 | UInt64(column) << 1 }

    /// Merged, superseded and near-duplicate rows are said by the status itself.
    static func isStatusCode(_ code: String) -> Bool {
        code == IssueCode.duplicateMerged.rawValue || code == IssueCode.superseded.rawValue
            || code == IssueCode.nearDuplicate.rawValue
    }

    /// ` : ` in French typography, `: ` in English.
    static func colon(_ language: Language) -> String { language == .fr ? " : " : ": " }

    static func severityWord(_ severity: Severity, _ language: Language) -> String {
        switch (severity, language) {
        case (.error, .fr): "Erreur"
        case (.error, .en): "Error"
        case (.warning, .fr): "Avertissement"
        case (.warning, .en): "Warning"
        case (.info, _): "Info"
        }
    }

    /// The comment on a cell: what is wrong, the value found, and the form expected.
    static func commentLines(_ issue: ValidationIssue, _ language: Language, _ forms: [String: String]) -> [String] {
        var lines = [
            "\(severityWord(issue.severity, language)) (\(issue.code))\(colon(language))\(issue.message.text(language))"
        ]
        if let value = issue.value, !value.isEmpty {
            let shown = value.count > 200 ? String(value.prefix(200)) + "…" : value
            lines.append(language == .fr ? "Valeur : « \(shown) »" : "Value: '\(shown)'")
        }
        if let field = issue.field, let form = forms[field] { lines.append(form) }
        return lines
    }

    // MARK: Reading them back, in order

    /// The cells marked in `row`, by column, the most serious severity of each (`cells` is sorted
    /// by row then column; `position` walks it and is left at the next row's first mark).
    func cellMarks(inRow row: Int, from position: inout Int) -> [(column: Int, isError: Bool)] {
        var marks: [(column: Int, isError: Bool)] = []
        while position < cells.count, Int(cells[position] >> 20) <= row {
            let mark = cells[position]
            position += 1
            guard Int(mark >> 20) == row else { continue }
            let column = Int(mark >> 1 & 0x7FFFF)
            let isError = mark & 1 == 1
            if let last = marks.last, last.column == column {
                marks[marks.count - 1].isError = last.isError || isError
            } else {
                marks.append((column, isError))
            }
        }
        return marks
    }

    /// The status of `row` (`rows` is sorted; `position` walks it).
    func status(ofRow row: Int, from position: inout Int) -> RowStatus {
        var status = RowStatus()
        while position < rows.count, Int(rows[position] >> 8) <= row {
            if Int(rows[position] >> 8) == row { status.insert(RowStatus(rawValue: UInt8(rows[position] & 0xFF))) }
            position += 1
        }
        return status
    }

    /// The next row at or after `cell`/`row` positions that has a mark or a status (nil: none left).
    func nextMarkedRow(cellPosition: Int, rowPosition: Int) -> Int? {
        let cellRow = cellPosition < cells.count ? Int(cells[cellPosition] >> 20) : nil
        let statusRow = rowPosition < rows.count ? Int(rows[rowPosition] >> 8) : nil
        switch (cellRow, statusRow) {
        case (let a?, let b?): return min(a, b)
        case (let a?, nil): return a
        case (nil, let b?): return b
        case (nil, nil): return nil
        }
    }

    func comment(row: Int, column: Int) -> [String]? { comments[Self.key(row: row, column: column)] }

    func notes(row: Int) -> [String]? { rowNotes[UInt32(row)] }

    /// Every marked cell with its most serious severity, in order (for tests and counts).
    public var markedCells: [CellMark] {
        var result: [CellMark] = []
        for mark in cells {
            let address = CellAddress(row: Int(mark >> 20), column: Int(mark >> 1 & 0x7FFFF))
            if let last = result.last, last.address == address {
                result[result.count - 1].isError = last.isError || mark & 1 == 1
            } else {
                result.append(CellMark(address: address, isError: mark & 1 == 1))
            }
        }
        return result
    }

    /// How many rows carry each status.
    public func rowCount(_ status: RowStatus) -> Int {
        var count = 0
        var last = -1
        for entry in rows where UInt8(entry & 0xFF) & status.rawValue != 0 && Int(entry >> 8) != last {
            count += 1
            last = Int(entry >> 8)
        }
        return count
    }
}

/// Excel's limits, and ours, on what one feedback workbook carries.
public struct FeedbackLimits: Sendable {
    /// Excel opens at most 65,530 hyperlinks in a worksheet.
    public var links = 65_530
    /// Cells (and rows) that get a comment: the others are filled and listed without one.
    public var comments = 10_000
    /// Only cells left of this column get a comment: libxlsxwriter places each comment in time
    /// proportional to its column (a 16,384-column sheet full of comments took minutes).
    public var commentColumns = 1_024

    public init(links: Int = 65_530, comments: Int = 10_000, commentColumns: Int = 1_024) {
        self.links = links
        self.comments = comments
        self.commentColumns = commentColumns
    }
}
