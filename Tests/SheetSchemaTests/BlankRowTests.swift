import Foundation
import SheetReading
import SheetTestSupport
import Testing

@testable import SheetSchema

@Suite struct BlankRowTests {
    @Test func blankRowsInsideAWorkbookTableAreReportedNotCounted() throws {
        let directory = try TestFiles.folder("sheetpipe-blank")
        let path = directory.appendingPathComponent("gaps.xlsx").path
        let header = ["Identifiant fiche", "Campagne", "Région"]
        var cells: [(String, String)] = []
        for (column, label) in header.enumerated() { cells.append((CellReference.name(row: 1, column: column), label)) }
        for row in [2, 5, 6] {
            cells.append(("A\(row)", "F\(row)"))
            cells.append(("B\(row)", "2024"))
            cells.append(("C\(row)", "Bretagne"))
        }
        try TestWorkbook.write(cells: cells, to: path)
        let result = try Schemas.validator(["project-sheet"]).validate(path: path)
        let blank = result.issues.filter { $0.code == "blank-row" }
        #expect(blank.map(\.row) == [3])
        #expect(blank.first?.message.en == "blank row(s) 3–4 inside the table: skipped")
        #expect(result.rowsIn == 3)
    }
}
