/// What `sheetpipe inspect` tells about a file: every sheet with its visibility and dimensions, the
/// header row a person would see, merged ranges, formulas without cached value, error cells, and
/// for CSV the encoding and delimiter found.
public struct FileInspection: Sendable, Codable {
    public struct Sheet: Sendable, Codable {
        public var name: String
        public var index: Int
        public var visibility: String
        public var kind: String
        public var part: String?
        public var declaredDimension: String?
        public var usedRange: String?
        public var rowsWithValues: Int
        public var cells: Int
        public var headerRow: Int?
        public var headerLabels: [String]
        public var mergedRanges: [String]
        public var hiddenRows: Int
        public var hiddenColumns: [String]
        public var formulas: Int
        public var formulasWithoutValue: [String]
        public var formulasWithoutValueCount: Int
        public var errorCells: [String]
        public var errorCellCount: Int
        public var issues: [String]
        public var issueCount: Int
        /// Why this sheet could not be read, when it could not.
        public var error: String?
        public var chosenByDefault: Bool
    }

    public struct Text: Sendable, Codable {
        public var encoding: String
        public var encodingSource: String
        public var byteOrderMark: Bool
        public var delimiter: String
        public var delimiterSource: String
        public var lineEndings: String?
        public var records: Int?
        public var headerFieldCount: Int?
    }

    public var file: String
    public var format: String
    public var dateSystem: String?
    public var parts: Int?
    public var sheets: [Sheet]
    public var defaultSheet: String?
    public var defaultSheetReason: String?
    public var text: Text?
    /// Why the file could not be read at all.
    public var error: String?
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
            result.parts = file.packageEntries.count
        }
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
