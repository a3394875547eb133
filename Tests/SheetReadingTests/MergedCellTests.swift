import Foundation
import SheetReading
import SheetTestSupport
import Testing

/// `fillMergedCells`: a merged range reads as its first cell's value in each of its cells.
@Suite struct MergedCellTests {
    func workbook() throws -> String {
        let path = try TestFiles.folder("merged").appendingPathComponent("merged.xlsx").path
        try TestWorkbook.write(
            cells: [
                ("A1", "id"), ("B1", "region"), ("C1", "title"), ("D1", "note"),
                ("A2", "1"), ("B2", "Bretagne"), ("C2", "Scierie"), ("D2", "x"),
                ("A3", "2"), ("C3", "Serres"),
                ("A4", "3"), ("B4", "Normandie"), ("C4", "Four"),
                ("A6", "5"), ("C6", "Atelier"),
            ],
            // B2:B4 (its third cell has a value of its own), C6:D6 across, B5:B6 starting on an absent row.
            merges: ["B2:B4", "C6:D6", "B5:B6"], to: path)
        return path
    }

    func rows(fill: Bool) throws -> [[String]] {
        let file = try SpreadsheetFile.open(try workbook(), options: ReadOptions(fillMergedCells: fill))
        var rows: [[String]] = []
        let sheet = try #require(file.sheets.first)
        _ = try file.readRows(of: sheet) { row in
            rows.append((0..<4).map { column in row.cell(atColumn: column).map { row.text(of: $0) } ?? "" })
        }
        return rows
    }

    @Test func withoutTheOptionOnlyTheFirstCellHoldsTheValue() throws {
        let rows = try rows(fill: false)
        #expect(rows[2] == ["2", "", "Serres", ""])
        #expect(rows[4] == ["5", "", "Atelier", ""])
    }

    @Test func withTheOptionEachCellOfTheRangeHoldsIt() throws {
        let rows = try rows(fill: true)
        #expect(rows.count == 5, "no row is made up")
        #expect(rows[1] == ["1", "Bretagne", "Scierie", "x"])
        #expect(rows[2] == ["2", "Bretagne", "Serres", ""])
        #expect(rows[3] == ["3", "Normandie", "Four", ""], "a cell with its own value keeps it")
        #expect(rows[4] == ["5", "", "Atelier", "Atelier"], "across; a range whose first row is absent gives nothing")
    }
}
