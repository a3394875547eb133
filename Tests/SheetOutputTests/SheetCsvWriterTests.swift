import Foundation
import SheetOutput
import SheetReading
import SheetTestSupport
import Testing

/// Positional CSV: record N is row N, field K is column K, every record as wide as the used range.
@Suite struct SheetCsvWriterTests {
    /// Builds a one-sheet workbook from (reference, inline text) pairs and converts it.
    func convert(_ cells: [(String, String)], range: CellRange? = nil) throws -> String {
        let directory = try TestFiles.folder("sheetpipe-csv")
        defer { try? FileManager.default.removeItem(at: directory) }
        let workbook = directory.appendingPathComponent("w.xlsx").path
        try TestWorkbook.write(cells: cells, to: workbook)
        let file = try SpreadsheetFile.open(workbook)
        let sheet = try file.chooseSheet(named: nil).sheet
        let output = directory.appendingPathComponent("out.csv").path
        let writer = try SheetCsvWriter(
            spoolPath: output + ".spool", file: workbook, sheetName: sheet.name, options: .init(range: range))
        try file.readRows(of: sheet) { try writer.write($0) }
        _ = try writer.finish(to: output)
        return try String(contentsOfFile: output, encoding: .utf8)
    }

    @Test func gapsBecomeEmptyFieldsAndRecords() throws {
        #expect(try convert([("B1", "b"), ("D3", "d")]) == ",b,,\n,,,\n,,,d\n")
    }

    @Test func recordsWrittenBeforeTheWidthGrewArePadded() throws {
        // A narrow title row above a wide table: the title's record gets the table's width.
        #expect(
            try convert([("A1", "Titre"), ("A3", "x"), ("C3", "z"), ("E5", "far")])
                == "Titre,,,,\n,,,,\nx,,z,,\n,,,,\n,,,,far\n")
    }

    @Test func quotedNewlinesDoNotConfusePadding() throws {
        #expect(try convert([("A1", "a\nb"), ("C2", "c")]) == "\"a\nb\",,\n,,c\n")
    }

    @Test func rangeSelectsWhatToTake() throws {
        let range = try #require(CellRange("B2:C3"))
        #expect(
            try convert([("A1", "no"), ("B2", "yes"), ("C3", "too"), ("D4", "no")], range: range) == "yes,\n,too\n")
    }

    @Test func aStrayCellFarAwayIsRefusedWithItsName() throws {
        do {
            _ = try convert([("A1", "a"), ("XFD1048576", "stray")])
            Issue.record("expected a refusal")
        } catch let error as ReadError {
            #expect(error.code == .rangeTooLarge)
            #expect(error.cell == "Sheet1!XFD1048576")
            #expect(error.reason.contains("--range"))
        }
    }

    @Test func theSameFarCellIsFineWithARange() throws {
        #expect(try convert([("A1", "a"), ("XFD1048576", "stray")], range: CellRange("A1:B2")) == "a\n")
    }
}
