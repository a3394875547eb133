import SheetConsolidation
import SheetOutput

extension SummaryTable {
    /// `summary/<name>.csv`: the header, then the rows. Text that could run as a formula is
    /// neutralised in the group columns; the counts and sums after them are numbers (a negative
    /// sum is `-12.50`, not `'-12.50`).
    func csv() -> [UInt8] {
        var output: [UInt8] = []
        let numbersFrom = definition.groupBy.count
        CsvFieldWriter.appendRecord(header, to: &output)
        for row in rows() {
            CsvFieldWriter.appendRecord(row, neutralise: { $0 < numbersFrom }, to: &output)
        }
        return output
    }
}
