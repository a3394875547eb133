/// What `sheetpipe inspect` tells about a file: every sheet with its visibility and dimensions, the
/// header row a person would see, merged ranges, formulas without cached value, error cells, and
/// for CSV the encoding and delimiter found.
public struct FileInspection: Sendable, Codable {
    /// One sheet of the file as `inspect` shows it.
    public struct Sheet: Sendable, Codable {
        /// The sheet's name as the workbook shows it on its tab.
        public var name: String
        /// Its position among the sheets, from 0.
        public var index: Int
        /// `visible`, `hidden` or `veryHidden`.
        public var visibility: String
        /// `worksheet`, `chartsheet`, `dialogsheet` or `macrosheet`.
        public var kind: String
        /// Its part in the package (`xl/worksheets/sheet1.xml`); nil for CSV.
        public var part: String?
        /// The range the file declares (`A1:T120`), which may be wrong.
        public var declaredDimension: String?
        /// The range that actually holds non-empty cells.
        public var usedRange: String?
        /// Rows with at least one non-empty cell.
        public var rowsWithValues: Int
        /// Non-empty cells.
        public var cells: Int
        /// The row a person would take for the header (a guess), if any.
        public var headerRow: Int?
        /// The labels of that row, in column order.
        public var headerLabels: [String]
        /// Merged ranges (`A1:C1`).
        public var mergedRanges: [String]
        /// How many rows are hidden.
        public var hiddenRows: Int
        /// Hidden columns or column ranges (`C`, `E:G`).
        public var hiddenColumns: [String]
        /// Cells carrying a formula.
        public var formulas: Int
        /// References of formulas without a cached value (the first ones).
        public var formulasWithoutValue: [String]
        /// Formulas without a cached value, all of them.
        public var formulasWithoutValueCount: Int
        /// Error cells with their value (`B7 #DIV/0!`; the first ones).
        public var errorCells: [String]
        /// Error cells, all of them.
        public var errorCellCount: Int
        /// Reading issues of the rows (the first ones).
        public var issues: [String]
        /// Reading issues, all of them.
        public var issueCount: Int
        /// Why this sheet could not be read, when it could not.
        public var error: String?
        /// The sheet `convert` and `validate` read when none is named.
        public var chosenByDefault: Bool
    }

    /// What was found out about a delimited text file.
    public struct Text: Sendable, Codable {
        /// The encoding the text was decoded from (`utf-8`, `windows-1252`…).
        public var encoding: String
        /// How it was chosen: from a byte-order mark, sniffed, or given.
        public var encodingSource: String
        /// The file starts with a byte-order mark.
        public var byteOrderMark: Bool
        /// The field delimiter (`,`, `;`, `TAB`).
        public var delimiter: String
        /// How it was chosen: sniffed or given.
        public var delimiterSource: String
        /// `CRLF`, `LF`, `CR` or a mix (`CRLF+LF`).
        public var lineEndings: String?
        /// Records read.
        public var records: Int?
        /// Fields of the first record.
        public var headerFieldCount: Int?
    }

    /// The file as it was named.
    public var file: String
    /// `xlsx`, `csv`, or `unknown` when it could not be opened.
    public var format: String
    /// `1900` or `1904` (XLSX).
    public var dateSystem: String?
    /// Entries of the zip package (XLSX).
    public var parts: Int?
    /// The sheets, in workbook order.
    public var sheets: [Sheet]
    /// The sheet read when none is named.
    public var defaultSheet: String?
    /// Why that sheet (`the first visible worksheet`, …).
    public var defaultSheetReason: String?
    /// Encoding, delimiter and line endings (CSV only).
    public var text: Text?
    /// Why the file could not be read at all.
    public var error: String?
    /// The `ReadError.Code` of `error`, as text.
    public var errorCode: String?

    /// Inspects a file. Never throws: an unreadable file is described by `error`.
    public static func inspect(_ path: String, options: ReadOptions = ReadOptions()) -> FileInspection {
        var result = FileInspection(file: path, format: "unknown", sheets: [])
        let file: SpreadsheetFile
        do {
            file = try SpreadsheetFile.open(path, options: options)
        } catch {
            result.error = error.description
            result.errorCode = error.code.rawValue
            return result
        }
        result.format = file.format.rawValue
        if file.format == .xlsx {
            result.dateSystem = file.dateSystem == .excel1904 ? "1904" : "1900"
        }
        // (A flat ODS is one XML file: no package entries to count.)
        if !file.packageEntries.isEmpty { result.parts = file.packageEntries.count }
        let choice = try? file.chooseSheet(named: nil)
        result.defaultSheet = choice?.sheet.name
        result.defaultSheetReason = choice?.reason
        for info in file.sheets {
            var sheet = Sheet(
                name: info.name, index: info.index, visibility: info.visibility.rawValue, kind: info.kind.rawValue,
                part: info.part, rowsWithValues: 0, cells: 0, headerLabels: [], mergedRanges: [], hiddenRows: 0,
                hiddenColumns: [], formulas: 0, formulasWithoutValue: [], formulasWithoutValueCount: 0, errorCells: [],
                errorCellCount: 0, issues: [], issueCount: 0, chosenByDefault: info.name == choice?.sheet.name)
            guard info.kind == .worksheet else {
                result.sheets.append(sheet)
                continue
            }
            var guesser = HeaderGuesser()
            var issues: [String] = []
            do {
                let summary = try file.readRows(of: info) { row in
                    guesser.consider(row)
                    for issue in row.issues where issues.count < 20 { issues.append(issue.description) }
                }
                sheet.declaredDimension = summary.declaredDimension?.description
                sheet.usedRange = summary.usedRange?.description
                sheet.rowsWithValues = summary.rowsWithValues
                sheet.cells = summary.cellCount
                sheet.mergedRanges = summary.mergedRanges.map(\.description)
                sheet.hiddenRows = summary.hiddenRows.count
                sheet.hiddenColumns = summary.hiddenColumns.map {
                    $0.count == 1
                        ? CellReference.columnName($0.lowerBound)
                        : CellReference.columnName($0.lowerBound) + ":" + CellReference.columnName($0.upperBound)
                }
                sheet.formulas = summary.formulaCount
                sheet.formulasWithoutValue = summary.formulasWithoutValue
                sheet.formulasWithoutValueCount = summary.formulasWithoutValueCount
                sheet.errorCells = summary.errorCells.map { "\($0.cell) \($0.value)" }
                sheet.errorCellCount = summary.errorCellCount
                sheet.issues = issues
                sheet.issueCount = summary.issueCount
                if let header = guesser.best {
                    sheet.headerRow = header.row
                    sheet.headerLabels = header.labels
                }
            } catch let error as ReadError {
                sheet.error = error.description
            } catch {
                sheet.error = "\(error)"
            }
            result.sheets.append(sheet)
        }
        if let details = file.csvDetails {
            result.text = Text(
                encoding: details.encoding.rawValue, encodingSource: details.encodingSource,
                byteOrderMark: details.hadBOM,
                delimiter: details.delimiterName, delimiterSource: details.delimiterSource,
                lineEndings: details.lineEndings,
                records: details.records, headerFieldCount: details.expectedFieldCount)
        }
        return result
    }
}

/// Finds the row a person would call the header: among the first rows with values, the first one
/// made of text labels that is about as wide as the table below it (title rows above a table are
/// narrower; data rows hold numbers and dates).
struct HeaderGuesser {
    private var candidates: [(row: Int, labels: [String], textCells: Int, cells: Int)] = []
    private var widest = 0
    private var seen = 0

    mutating func consider(_ row: Row) {
        guard seen < 30 else { return }
        seen += 1
        let textCells = row.cells.filter { $0.kind == .text }
        widest = max(widest, row.cells.count)
        candidates.append((row.number, textCells.map { row.text(of: $0) }, textCells.count, row.cells.count))
    }

    var best: (row: Int, labels: [String])? {
        let threshold = max(2, (widest * 6 + 9) / 10)
        for candidate in candidates where candidate.textCells >= threshold && candidate.textCells == candidate.cells {
            return (candidate.row, candidate.labels)
        }
        return candidates.first.map { ($0.row, $0.labels) }
    }
}
