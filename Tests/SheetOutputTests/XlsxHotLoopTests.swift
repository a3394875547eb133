import Foundation
import SheetReading
import SheetTestSupport
import Testing

@testable import SheetOutput

/// The writer's hot-loop calls (a format made once, C strings, numbers, booleans), Excel's serials
/// and how a CSV field's text is read as a value.
@Suite struct XlsxHotLoopTests {
    @Test func formatsMadeOnceAndCStringsReadBackTyped() throws {
        let directory = try TestFiles.folder("sheetpipe-xlsx")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("w.xlsx").path
        let writer = try XlsxWriter(path: path, options: .init(constantMemory: true))
        let date = try writer.format(for: XlsxCellStyle(numberFormat: XlsxNumberFormat.date))
        #expect(try writer.format(for: XlsxCellStyle(numberFormat: XlsxNumberFormat.date)).pointer == date.pointer)
        let sheet = try writer.addSheet("Data")
        try "=SOMME(A1)".withCString { try sheet.write(cString: $0, row: 0, column: 0, format: .general) }
        try sheet.write(number: -12.5, row: 0, column: 1, format: .general)
        try sheet.write(boolean: true, row: 0, column: 2, format: .general)
        let serial = try #require(XlsxSerial.excel1900(daysSince18991230: 45366))
        try sheet.write(number: serial, row: 0, column: 3, format: date)
        try writer.close()
        let file = try SpreadsheetFile.open(path)
        var found: [String] = []
        _ = try file.readRows(of: file.sheets[0]) { row in
            for cell in row.cells { found.append("\(cell.kind):\(row.text(of: cell))\(cell.number)") }
        }
        #expect(found == ["text:=SOMME(A1)0.0", "number:-12.5", "boolean:1.0", "date:45366.0"])
    }

    @Test func serialsFollowExcels1900System() {
        // Days since 1899-12-30: 1900-01-01 is day 2 and serial 1; Excel's 1900-02-29 is serial 60.
        #expect(XlsxSerial.excel1900(daysSince18991230: 2) == 1)
        #expect(XlsxSerial.excel1900(daysSince18991230: 60) == 59)
        #expect(XlsxSerial.excel1900(daysSince18991230: 61) == 61)
        #expect(XlsxSerial.excel1900(daysSince18991230: 1) == nil)
    }

    @Test(arguments: [
        ("-1234.50", SheetXlsxWriter.TypedText.number(-1234.5)), ("0", .number(0)), ("0.5", .number(0.5)),
        ("true", .boolean(true)), ("false", .boolean(false)), ("2024-03-15", .serial(45366, .date)),
        ("2024-03-15T12:00:00", .serial(45366.5, .dateTime)), ("2024-03-15 12:00:00", .serial(45366.5, .dateTime)),
        ("06:00:00", .serial(0.25, .time)),
    ])
    func aCSVFieldInItsPlainSpellingIsAValue(_ text: String, _ expected: SheetXlsxWriter.TypedText) {
        let found = Array(text.utf8).withUnsafeBufferPointer { SheetXlsxWriter.csvValue($0) }
        #expect(found == expected)
    }

    @Test(arguments: [
        "007", "+3", "1e5", "1 250", "12,5", "-0", "1.", ".5", "123456789012", "1234567890.123456", "2024-02-30",
        "TRUE", "24:00:00", "2024-03-15T12:00", "", "=1+1",
    ])
    func anyOtherSpellingStaysText(_ text: String) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { SheetXlsxWriter.csvValue($0) } == nil)
    }
}
