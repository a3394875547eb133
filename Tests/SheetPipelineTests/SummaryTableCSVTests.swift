import Foundation
import SheetConsolidation
import Testing

@testable import SheetPipeline

/// `summary/<name>.csv` as written from a national table.
@Suite struct SummaryTableCSVTests {
    @Test func negativeSumsAreNumbersAndGroupTextIsNeutralised() {
        let definition = SummaryTable.Definition(name: "t", dataset: "d", groupBy: ["titre"], sums: ["cout"])
        var table = SummaryTable(definition, amountSums: [true])
        table.add(group: "=cmd", values: [Decimal(string: "-12.5")])
        let csv = String(decoding: table.csv(), as: UTF8.self)
        #expect(csv == "titre,rows,cout,cout_rows\r\n'=cmd,1,-12.50,1\r\n")
    }
}
