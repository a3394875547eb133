import Foundation
import SheetReading
import SheetTestSupport
import Testing

@Suite struct CsvRowSourceTests {
    @Test func csvRowsKnowTheirFileAndSheet() throws {
        let path = Fixtures.path("csv", "excel_fr_1252.csv")
        let file = try SpreadsheetFile.open(path)
        var locations: [String] = []
        try file.readRows(of: file.sheets[0]) { row in
            if let cell = row.cells.first { locations.append(row.location(of: cell)) }
            #expect(row.source.file == path)
        }
        #expect(
            locations == [
                "excel_fr_1252.csv!A1", "excel_fr_1252.csv!A2", "excel_fr_1252.csv!A3", "excel_fr_1252.csv!A5",
            ])
    }
}
