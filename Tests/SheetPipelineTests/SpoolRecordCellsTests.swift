import Foundation
import SheetSchema
import Testing

@testable import SheetPipeline

/// The JSON spool records decoded in place into a workbook's cells.
@Suite struct SpoolRecordCellsTests {
    static let schema = """
        {"name": "t", "fields": [
          {"name": "texte", "type": "string"}, {"name": "n", "type": "number"},
          {"name": "drapeau", "type": "boolean"}, {"name": "jour", "type": "date"},
          {"name": "instant", "type": "datetime"}, {"name": "heure", "type": "time"},
          {"name": "liste", "type": "list"}, {"name": "vide", "type": "integer"}]}
        """

    /// What each field decoded to, as text (`t:`, `n:`, `b:`, `d:` serial, `-` none), and the row.
    func decode(_ record: String, file: String = "f.csv", sheet: String = "f") throws -> ([String], Int) {
        let fields = try TableSchema.decode(Data(Self.schema.utf8), file: "t.json").fields
        let cells = SpoolRecordCells(fields: fields)
        var bytes = Array(record.utf8)
        var found: [String] = []
        let row = try bytes.withUnsafeMutableBufferPointer { buffer in
            try cells.decode(
                buffer.baseAddress!, count: buffer.count,
                provenanceLength: SpoolRecordCells.provenanceLength(file: file, sheet: sheet)
            ) { _, value in
                switch value {
                case .none: found.append("-")
                case .text(let start, let count):
                    #expect(start[count] == 0, "NUL-terminated")
                    found.append(
                        "t:" + String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self))
                case .number(let number): found.append("n:\(number)")
                case .boolean(let flag): found.append("b:\(flag)")
                case .serial(let serial): found.append("d:\(serial)")
                }
            }
        }
        return (found, row)
    }

    static let provenance = #","source_file":"f.csv","source_sheet":"f","source_row":"#

    @Test func eachTypeBecomesItsCell() throws {
        let record =
            #"{"texte":"007","n":-1234.5,"drapeau":true,"jour":"2024-03-15","instant":"2024-03-15T12:00:00","heure":"06:00:00","liste":["a","b;c"],"vide":null"#
            + Self.provenance + "42},\n"
        let (found, row) = try decode(record)
        #expect(
            found == [
                "t:007", "n:-1234.5", "b:true", "d:45366.0", "d:45366.5", "d:0.25", "t:a;b;c", "-",
            ])
        #expect(row == 42)
    }

    @Test func escapesAreUndoneInPlace() throws {
        let record =
            #"{"texte":"a\"b\\c\nd\u0001e\u0000f","n":1,"drapeau":false,"jour":"1900-01-01","instant":null,"heure":null,"liste":[1,2],"vide":12345678901234567890"#
            + Self.provenance + "7},\n"
        let (found, row) = try decode(record)
        #expect(found[0] == "t:a\"b\\c\nd\u{01}ef", "a NUL is left out: a C string cannot hold it")
        #expect(found[2] == "b:false")
        #expect(found[3] == "d:1.0", "1900-01-01 is serial 1")
        #expect(found[6] == "t:1;2")
        #expect(found[7] == "t:12345678901234567890", "more digits than a double holds: kept as text")
        #expect(row == 7)
    }

    @Test func aDateExcelCannotShowStaysText() throws {
        let record =
            #"{"texte":null,"n":null,"drapeau":null,"jour":"1899-12-31","instant":null,"heure":"25:00:00","liste":null,"vide":null"#
            + Self.provenance + "3},\n"
        let (found, _) = try decode(record)
        #expect(found[3] == "t:1899-12-31" && found[5] == "t:25:00:00")
    }

    @Test func aRecordOfAnotherShapeIsRefused() throws {
        #expect(throws: SpoolRecordCells.Malformed.self) { try decode(#"{"texte":"a"}"#) }
        #expect(throws: SpoolRecordCells.Malformed.self) { try decode(#"{"texte":"unterminated"#) }
    }
}
