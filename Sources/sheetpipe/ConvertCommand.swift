import ArgumentParser
import SheetOutput
import SheetReading

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract:
            "Convert one sheet to CSV (RFC 4180, UTF-8, positions kept, formulas neutralised), JSON or XLSX (typed values)."
    )

    @Argument(help: "An XLSX, XLSM, CSV, TSV or TXT file.")
    var file: String

    @Option(help: "csv, json or xlsx (xlsx needs -o).")
    var to: Target = .csv

    @Option(help: "The sheet to read (default: the first visible worksheet).")
    var sheet: String?

    @Option(name: .shortAndLong, help: "Output file (default: standard output). Written atomically.")
    var output: String?

    @Option(help: "Only this range, e.g. A1:T1000 (CSV record 1 is the range's first row).")
    var range: String?

    @Flag(help: "Do not print which sheet was read.")
    var quiet = false

    @OptionGroup var reading: ReadingOptions

    enum Target: String, ExpressibleByArgument { case csv, json, xlsx }

    func run() throws {
        try OutputOntoInput.refuse(output: output, inputs: [file])
        if to == .xlsx && output == nil {
            throw ValidationError("--to xlsx: a workbook is not written to standard output; name it with -o FILE.xlsx")
        }
        let options = try reading.readOptions()
        var cellRange: CellRange?
        if let range {
            guard let parsed = CellRange(range), parsed.isInsideGrid else {
                throw ValidationError("--range: '\(range)' is not a range such as A1:T1000")
            }
            cellRange = parsed
        }
        let spreadsheet: SpreadsheetFile
        let choice: SheetChoice
        do {
            spreadsheet = try SpreadsheetFile.open(file, options: options)
            choice = try spreadsheet.chooseSheet(named: sheet)
        } catch {
            Console.error(error.description)
            throw CommandExit(status: error.code == .sheetNotFound ? .usageError : .unreadableInput)
        }
        if !quiet { Console.note("\(file): reading \(choice.reason)") }

        var formulasWithoutValue: (count: Int, cells: [String]) = (0, [])
        var issues: [ReadIssue] = []
        do {
            switch to {
            case .csv:
                let spoolPath =
                    output.map { "\($0).spool-\(processID)" } ?? "\(temporaryDirectory)/sheetpipe-\(processID).csv"
                let writer = try SheetCsvWriter(
                    spoolPath: spoolPath, file: file, sheetName: choice.sheet.name,
                    options: SheetCsvWriter.Options(range: cellRange))
                do {
                    // The writer runs on its own thread, next to the parser and the inflater.
                    try spreadsheet.readRowsInBackground(of: choice.sheet) { row in try writer.write(row) }
                    let report = try writer.finish(to: output)
                    formulasWithoutValue = (report.formulasWithoutValueCount, report.formulasWithoutValue)
                    issues = report.rowIssues
                } catch {
                    writer.discard()
                    throw error
                }
            case .json:
                let sink = try output.map { try OutputSink(path: $0) } ?? OutputSink()
                let writer = SheetJsonWriter(sink: sink, file: file, sheet: choice.sheet.name, range: cellRange)
                try spreadsheet.readRows(of: choice.sheet) { row in try writer.write(row) }
                try writer.finish()
                formulasWithoutValue = (writer.formulasWithoutValueCount, [])
                issues = writer.rowIssues
            case .xlsx:
                let report = try convertToWorkbook(spreadsheet, choice: choice, range: cellRange)
                formulasWithoutValue = report.formulasWithoutValue
                issues = report.issues
            }
        } catch let error as XlsxWriteError {
            Console.error(error.description)
            throw CommandExit(status: .usageError)
        } catch let error as ReadError {
            Console.error(error.description)
            throw CommandExit(status: error.code == .rangeTooLarge ? .usageError : .unreadableInput)
        } catch let error as OutputError {
            Console.error(error.description)
            throw CommandExit(status: .usageError)
        }

        if formulasWithoutValue.count > 0 {
            let cells = formulasWithoutValue.cells.prefix(10).map { "\(choice.sheet.name)!\($0)" }.joined(
                separator: ", ")
            Console.warning(
                "\(file): \(formulasWithoutValue.count) formula cells have no cached value (the file was saved without computing them)\(cells.isEmpty ? "" : ": \(cells)"); written empty in CSV, as null in JSON"
            )
        }
        for issue in issues.prefix(20) { Console.warning("\(file): \(issue)") }
        if issues.count > 20 { Console.warning("\(file): … and \(issues.count - 20) more reading issues") }
        if formulasWithoutValue.count > 0 || !issues.isEmpty { throw CommandExit(status: .completedWithIssues) }
    }

    /// `--to xlsx`: the rows streamed into a workbook on a thread of its own, beside the parser.
    func convertToWorkbook(_ spreadsheet: SpreadsheetFile, choice: SheetChoice, range: CellRange?) throws -> (
        formulasWithoutValue: (count: Int, cells: [String]), issues: [ReadIssue]
    ) {
        let writer = try SheetXlsxWriter(
            path: output ?? "", sheetName: choice.sheet.name, fromCSV: spreadsheet.format == .csv, range: range)
        if spreadsheet.format == .csv {
            // A first reading: which columns hold only numbers, dates or booleans.
            try spreadsheet.readRows(of: choice.sheet) { row in writer.survey(row) }
        }
        try spreadsheet.readRowsInBackground(of: choice.sheet) { row in try writer.write(row) }
        try writer.finish()
        if writer.cutTexts > 0 {
            Console.warning(
                "\(output ?? ""): \(writer.cutTexts) texts longer than \(XlsxSheet.textLimit) characters (Excel's limit for a cell) cut there"
            )
        }
        if writer.cellsBeyondLastColumn > 0 {
            Console.warning(
                "\(output ?? ""): \(writer.cellsBeyondLastColumn) cells right of column XFD (Excel's last) left out")
        }
        return ((writer.formulasWithoutValueCount, writer.formulasWithoutValue), writer.rowIssues)
    }
}
