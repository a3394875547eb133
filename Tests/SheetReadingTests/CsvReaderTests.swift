import Foundation
import SheetReading
import SheetTestSupport
import Testing

/// Delimited text as French Excel, LibreOffice and scripts write it: encodings by BOM, strict
/// UTF-8 or Windows-1252; delimiters sniffed; RFC 4180 records; broken records reported by line.
@Suite struct CsvReaderTests {
    static let files = Fixtures.files(in: "csv", extensions: ["csv", "txt"])

    @Test(arguments: files)
    func readsAsExpected(_ name: String) throws {
        let path = Fixtures.path("csv", name)
        let expected = try Fixtures.json(path + ".expected.json")
        if let code = expected["error"] as? String {
            let error = try #require(readError(path))
            #expect(error.code.rawValue == code)
            #expect(error.line == expected["line"] as? Int)
            #expect(error.description.contains(name), "the message names the file")
            return
        }
        let file = try SpreadsheetFile.open(path)
        #expect(file.format == .csv)
        let content = try readSheet(file, file.sheets[0])
        let details = try #require(file.csvDetails)
        #expect(details.encoding.rawValue == expected["encoding"] as? String)
        #expect(details.delimiterName == expected["delimiter"] as? String)
        #expect(details.hadBOM == expected["bom"] as? Bool)
        #expect(details.expectedFieldCount == expected["field_count"] as? Int)
        let rows = expected["rows"] as? [[String: Any]] ?? []
        #expect(
            content.rows.map(\.number) == rows.compactMap { $0["row"] as? Int },
            "row numbers are the lines a text editor shows")
        for (read, wanted) in zip(content.rows, rows) {
            #expect(read.texts == (wanted["cells"] as? [String] ?? []).filter { !$0.isEmpty }, "line \(read.number)")
        }
        let issues = (expected["issues"] as? [[Any]] ?? []).map { "\($0[0]) \($0[1])" }
        #expect(content.issues.map { "\($0.row) \($0.code.rawValue)" } == issues)
    }

    @Test func overridesWinOverSniffing() throws {
        let path = Fixtures.path("csv", "excel_fr_1252.csv")
        let file = try SpreadsheetFile.open(
            path, options: ReadOptions(encoding: .windows1252, delimiter: UInt8(ascii: ",")))
        #expect(file.csvDetails?.delimiterSource == "given")
        #expect(file.csvDetails?.encodingSource == "given")
        let content = try readSheet(file, file.sheets[0])
        // With ',' forced, the ';' records split at the decimal comma: what the caller asked for,
        // and the quote left in the middle of a field is reported.
        #expect(content.rows[1].texts.count == 2)
        #expect(content.issues.contains { $0.code == .csvStrayQuote && $0.row == 2 })
    }

    @Test func invalidUTF8IsAnErrorWhenUTF8IsForced() throws {
        let path = Fixtures.path("csv", "latin_fallback.csv")
        let error = try #require(readError(path, options: ReadOptions(encoding: .utf8)))
        #expect(error.code == .undecodableText)
        #expect(error.line == 2)
    }

    @Test(arguments: [
        ("a;b;c\n1;2,5;3\n4;5,5;6\n", UInt8(ascii: ";")),
        ("a,b,c\n1,2,3\n", UInt8(ascii: ",")),
        ("a\tb\n\"x;y\"\t2\n", UInt8(0x09)),
        ("nom;montant\nA;1,5\nB;2,25\n", UInt8(ascii: ";")),
        ("seul\nun\n", UInt8(ascii: ",")),
    ])
    func delimiterIsSniffed(_ text: String, _ delimiter: UInt8) throws {
        let path = try temporaryFile(text, name: "sniff.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try SpreadsheetFile.open(path).csvDetails?.delimiter == delimiter)
    }

    @Test func crLfAndLoneCrAndLfAreAllLineEnds() throws {
        let path = try temporaryFile("a,b\r\n1,2\r3,4\n5,\"6\r\n7\"\n", name: "endings.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try SpreadsheetFile.open(path)
        let content = try readSheet(file, file.sheets[0])
        #expect(content.rows.map(\.number) == [1, 2, 3, 4])
        #expect(content.rows[3].texts == ["5", "6\r\n7"])
        #expect(file.csvDetails?.lineEndings == "CRLF+LF+CR")
    }

    @Test func aFileWithoutFinalLineBreakKeepsItsLastRecord() throws {
        let path = try temporaryFile("a,b\n1,2", name: "nofinal.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try SpreadsheetFile.open(path)
        #expect(try readSheet(file, file.sheets[0]).rows.last?.texts == ["1", "2"])
    }
}
