import Foundation
import SheetReading
import Testing

/// Workbooks written by real producers (XlsxWriter with shared strings and in constant-memory
/// mode, openpyxl, LibreOffice Calc, odfpy for ODS): every cell reads as the generator says it must.
@Suite struct ProducerFixtureTests {
    static let workbooks = Fixtures.files(in: "producers", extensions: ["xlsx", "ods"])

    @Test func everyProducerHasAFixture() {
        #expect(
            Set(Self.workbooks).isSuperset(of: [
                "xlsxwriter_shared.xlsx", "xlsxwriter_inline.xlsx", "openpyxl.xlsx", "libreoffice.xlsx",
                "xlsxwriter_1904.xlsx", "odfpy.ods",
            ]))
    }

    @Test(arguments: workbooks)
    func cellsReadAsTheProducerWroteThem(_ name: String) throws {
        let path = Fixtures.path("producers", name)
        let expected = try Fixtures.json(path + ".expected.json")
        let file = try SpreadsheetFile.open(path)
        #expect((file.dateSystem == .excel1904 ? "1904" : "1900") == expected["date_system"] as? String)
        let choice = try file.chooseSheet(named: nil)
        #expect(choice.sheet.name == expected["default_sheet"] as? String, "never a hidden sheet by accident")

        let sheets = expected["sheets"] as? [String: [String: Any]] ?? [:]
        #expect(Set(file.sheets.map(\.name)) == Set(sheets.keys))
        for (sheetName, sheetExpected) in sheets {
            let info = try #require(file.sheets.first { $0.name == sheetName })
            #expect(info.visibility.rawValue == sheetExpected["visibility"] as? String, "visibility of \(sheetName)")
            let content = try readSheet(file, info)
            let cells = sheetExpected["cells"] as? [String: [String]] ?? [:]
            for (reference, pair) in cells {
                let read = content.cells[reference]
                #expect(read == ReadCell(type: pair[0], text: pair[1]), "\(name) \(sheetName)!\(reference)")
            }
            #expect(Set(content.cells.keys) == Set(cells.keys), "no cell more, no cell less in \(sheetName)")
            if let merged = sheetExpected["merged"] as? [String] {
                #expect(content.summary.mergedRanges.map(\.description) == merged)
            }
            if let hiddenRows = sheetExpected["hidden_rows"] as? [Int] {
                #expect(content.summary.hiddenRows == hiddenRows)
            }
            if let hiddenColumns = sheetExpected["hidden_columns"] as? [String] {
                #expect(content.summary.hiddenColumns.map { CellReference.columnName($0.lowerBound) } == hiddenColumns)
            }
            if let issues = sheetExpected["issues"] as? [String] {
                #expect(content.issues.compactMap(\.cell) == issues, "control characters flagged in \(sheetName)")
            }
            if let formulas = sheetExpected["formulas_without_value"] as? [String] {
                #expect(content.summary.formulasWithoutValue == formulas)
            }
        }
    }

    @Test func dateSystem1904GivesTheSameDatesAs1900() throws {
        let a = try SpreadsheetFile.open(Fixtures.path("producers", "xlsxwriter_shared.xlsx"))
        let b = try SpreadsheetFile.open(Fixtures.path("producers", "xlsxwriter_1904.xlsx"))
        #expect(a.dateSystem == .excel1900)
        #expect(b.dateSystem == .excel1904)
        let left = try readSheet(a, try a.chooseSheet(named: "Projets").sheet)
        let right = try readSheet(b, try b.chooseSheet(named: "Projets").sheet)
        #expect(left.cells["D4"] == ReadCell(type: "date", text: "2024-03-15"))
        #expect(left.cells["D4"] == right.cells["D4"])
        #expect(left.cells["I4"] == right.cells["I4"])
    }

    @Test func sheetChoiceSkipsHiddenSheetsAndSaysSo() throws {
        let file = try SpreadsheetFile.open(Fixtures.path("producers", "xlsxwriter_shared.xlsx"))
        let choice = try file.chooseSheet(named: nil)
        #expect(choice.sheet.name == "Projets")
        #expect(choice.reason.contains("Instructions"))
        #expect(choice.reason.contains("hidden"))
        let named = try file.chooseSheet(named: "Instructions")
        #expect(named.reason.contains("hidden"))
        #expect(throws: ReadError.self) { try file.chooseSheet(named: "Nope") }
    }

    @Test func everyCellKnowsItsPlace() throws {
        let file = try SpreadsheetFile.open(Fixtures.path("producers", "openpyxl.xlsx"))
        let sheet = try file.chooseSheet(named: nil).sheet
        var seen: [String] = []
        try file.readRows(of: sheet) { row in
            if row.number == 4, let cell = row.cell(atColumn: 2) {
                seen.append(row.reference(of: cell))
                #expect(row.location(of: cell) == "Projets!C4")
                #expect(row.source.file == Fixtures.path("producers", "openpyxl.xlsx"))
                #expect(row.value(of: cell) == .number(1_234_567.89))
            }
        }
        #expect(seen == ["C4"])
    }
}
