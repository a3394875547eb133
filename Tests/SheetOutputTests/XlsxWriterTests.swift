import Foundation
import SheetOutput
import SheetReading
import SheetTestSupport
import Testing

/// The libxlsxwriter wrapper, read back with sheetpipe's own reader.
@Suite struct XlsxWriterTests {
    /// Cells of the first sheet, as (reference, kind, text or number, has formula).
    func cells(of path: String) throws -> [String: (kind: CellKind, text: String, number: Double, formula: Bool)] {
        let file = try SpreadsheetFile.open(path)
        var found: [String: (CellKind, String, Double, Bool)] = [:]
        try file.readRows(of: file.sheets[0]) { row in
            for cell in row.cells {
                let reference = CellReference.name(row: row.number, column: Int(cell.column))
                found[reference] = (cell.kind, row.text(of: cell), cell.number, cell.hasFormula)
            }
        }
        return found
    }

    func writeSample(to path: String, options: XlsxWriter.Options = .init()) throws {
        let writer = try XlsxWriter(path: path, options: options)
        let sheet = try writer.addSheet("Données")
        try sheet.write("=SOMME(A1:A3)", row: 0, column: 0)
        try sheet.write("+33 1 23", row: 0, column: 1)
        try sheet.write(1234.5, row: 1, column: 0, style: XlsxCellStyle(numberFormat: XlsxNumberFormat.euros))
        try sheet.write(true, row: 1, column: 1)
        try sheet.write(
            XlsxDate(year: 2024, month: 3, day: 15), row: 2, column: 0,
            style: XlsxCellStyle(numberFormat: XlsxNumberFormat.date))
        try sheet.write("007", row: 2, column: 1, style: XlsxCellStyle(numberFormat: XlsxNumberFormat.text))
        try writer.setCustomProperty("sheetpipe_schema", "project-sheet")
        try writer.close()
    }

    @Test func textThatLooksLikeAFormulaIsAStringCell() throws {
        let directory = try TestFiles.folder("sheetpipe-xlsx")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("w.xlsx").path
        try writeSample(to: path)
        let found = try cells(of: path)
        let formula = try #require(found["A1"])
        #expect(formula.kind == .text && !formula.formula && formula.text == "=SOMME(A1:A3)")
        #expect(found["B1"]?.text == "+33 1 23" && found["B1"]?.formula == false)
    }

    @Test func typedCellsReadBackAsTheirTypes() throws {
        let directory = try TestFiles.folder("sheetpipe-xlsx")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("w.xlsx").path
        try writeSample(to: path)
        let found = try cells(of: path)
        #expect(found["A2"]?.kind == .number && found["A2"]?.number == 1234.5)
        #expect(found["B2"]?.kind == .boolean && found["B2"]?.number == 1)
        // 2024-03-15 is serial 45366 in the 1900 system.
        #expect(found["A3"]?.kind == .date && found["A3"]?.number == 45366)
        #expect(found["B3"]?.kind == .text && found["B3"]?.text == "007")
    }

    @Test func customPropertiesReadBack() throws {
        let directory = try TestFiles.folder("sheetpipe-xlsx")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("w.xlsx").path
        try writeSample(to: path)
        #expect(try SpreadsheetFile.open(path).customProperties() == ["sheetpipe_schema": "project-sheet"])
    }

    @Test func twoWritesGiveTheSameBytes() throws {
        let directory = try TestFiles.folder("sheetpipe-xlsx")
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("a.xlsx").path
        let second = directory.appendingPathComponent("b.xlsx").path
        try writeSample(to: first)
        // Past the next second: a creation date taken from the clock would differ.
        Thread.sleep(forTimeInterval: 1.1)
        try writeSample(to: second)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
    }

    @Test func constantMemoryWritesRowsInOrder() throws {
        let directory = try TestFiles.folder("sheetpipe-xlsx")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("big.xlsx").path
        let writer = try XlsxWriter(path: path, options: .init(constantMemory: true))
        let sheet = try writer.addSheet("Data")
        for row in 0..<2000 {
            try sheet.write("r\(row)", row: row, column: 0)
            try sheet.write(Double(row), row: row, column: 1)
        }
        try writer.close()
        let found = try cells(of: path)
        #expect(found.count == 4000)
        #expect(found["A2000"]?.text == "r1999" && found["B2000"]?.number == 1999)
    }

    @Test func aWorkbookThatCannotBeWrittenNamesTheFileAndTheReason() throws {
        let path = "/nonexistent-folder-\(getpid())/out.xlsx"
        let error = try #require(throws: XlsxWriteError.self) { _ = try XlsxWriter(path: path) }
        #expect(error.description == path + ": cannot create: No such file or directory")
        #expect(!error.description.contains(".tmp-"))
    }

    @Test func aBadSheetNameIsRefusedWithItsReason() throws {
        let directory = try TestFiles.folder("sheetpipe-xlsx")
        defer { try? FileManager.default.removeItem(at: directory) }
        let writer = try XlsxWriter(path: directory.appendingPathComponent("w.xlsx").path)
        let error = try #require(throws: XlsxWriteError.self) { _ = try writer.addSheet("a/b") }
        #expect(error.description.contains("'a/b' cannot name a sheet"))
    }

    @Test func nothingIsLeftBehindWhenNotClosed() throws {
        let directory = try TestFiles.folder("sheetpipe-xlsx")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            let writer = try XlsxWriter(path: directory.appendingPathComponent("w.xlsx").path)
            try writer.addSheet("Data").write("x", row: 0, column: 0)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
