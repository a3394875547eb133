import Testing

@testable import SheetReading

/// The small parsers under the readers, pinned one behaviour at a time.
@Suite struct CellReferenceTests {
    @Test(arguments: [
        ("A1", 1, 0), ("Z9", 9, 25), ("AA10", 10, 26), ("XFD1048576", 1_048_576, 16_383), ("$B$7", 7, 1), ("b7", 7, 1),
    ])
    func parses(_ text: String, _ row: Int, _ column: Int) {
        #expect(CellReference.parse(text) == CellAddress(row: row, column: column))
        var copy = text
        copy.withUTF8 { #expect(CellReference.parse(bytes: $0)! == (row, column)) }
    }

    @Test(arguments: ["", "A", "1", "A0", "1A", "A1B", "ABCDEFGH1", "A12345678901"])
    func rejects(_ text: String) {
        #expect(CellReference.parse(text) == nil)
        var copy = text
        copy.withUTF8 { #expect(CellReference.parse(bytes: $0) == nil) }
    }

    @Test(arguments: [0, 25, 26, 701, 702, 16_383])
    func columnNamesRoundTrip(_ column: Int) {
        #expect(CellReference.parse(CellReference.columnName(column) + "1")?.column == column)
    }

    @Test func rangesNormaliseTheirCorners() {
        #expect(CellRange("C3:A1")?.description == "A1:C3")
        #expect(CellRange("B2")?.description == "B2")
        #expect(CellRange("A1:XFE1")?.isInsideGrid == false)
        #expect(CellRange("nope") == nil)
    }
}
