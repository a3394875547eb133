import Foundation
import SheetTestSupport
import Testing

@testable import SheetReading

/// A cell over the 32,767 characters Excel allows is an issue of its row, in CSV and XLSX alike:
/// the file is read on, the cell keeps only its start (its length said), and no more of it than
/// could be valid is held in memory.
@Suite struct OverlongCellTests {
    static let cut = String(repeating: "é", count: 200) + "… (40,000 characters)"

    /// `41,615,360`.
    static func grouped(_ number: Int) -> String {
        var text = String(number)
        var index = text.count - 3
        while index > 0 {
            text.insert(",", at: text.index(text.startIndex, offsetBy: index))
            index -= 3
        }
        return text
    }

    func file(named name: String) throws -> String {
        try TestFiles.folder("overlong").appendingPathComponent(name).path
    }

    func read(_ path: String) throws -> SheetContent {
        let file = try SpreadsheetFile.open(path)
        return try readSheet(file, file.sheets[0])
    }

    @Test func aCsvCellOf40000CharactersIsAnIssueOfItsRow() throws {
        let path = try file(named: "long.csv")
        let long = String(repeating: "é", count: 40_000)
        try Data("a;b;c\n1;\(long);3\n4;5;6\n".utf8).write(to: URL(fileURLWithPath: path))
        let content = try read(path)
        #expect(content.rows.map(\.number) == [1, 2, 3], "the file is read on")
        let issue = try #require(content.issues.first)
        #expect(content.issues.count == 1)
        #expect(issue.code.rawValue == "cell-too-long")
        #expect(issue.row == 2 && issue.cell == "B2")
        #expect(issue.message.contains("40,000 characters"))
        #expect(content.cells["B2"]?.text == Self.cut, "the cell keeps its start and its length")
        #expect(content.cells["C2"]?.text == "3" && content.cells["B3"]?.text == "5")
    }

    @Test func aCsvCellOfExactly32767CharactersIsFine() throws {
        let path = try file(named: "limit.csv")
        let long = String(repeating: "€", count: 32_767)
        try Data("a,b\n\(long),x\n".utf8).write(to: URL(fileURLWithPath: path))
        let content = try read(path)
        #expect(content.issues.isEmpty)
        #expect(content.cells["A2"]?.text == long)
    }

    @Test func aHugeQuotedCsvFieldIsReadThroughAndItsRecordEndsWhereItShould() throws {
        let path = try file(named: "huge.csv")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        // 50 MB in one quoted field, with delimiters, quotes and line breaks inside.
        try handle.write(contentsOf: Data("a,b,c\n1,\"".utf8))
        let block = Data(String(repeating: "x,\"\"y\n", count: 1 << 16).utf8)
        for _ in 0..<(50_000_000 / block.count) { try handle.write(contentsOf: block) }
        try handle.write(contentsOf: Data("\",3\n4,5,6\n".utf8))
        try handle.close()
        let characters = 50_000_000 / block.count * (1 << 16) * 5
        let content = try read(path)
        #expect(content.rows.count == 3)
        let issue = try #require(content.issues.first)
        let length = Self.grouped(characters)
        #expect(issue.code.rawValue == "cell-too-long" && issue.cell == "B2")
        #expect(issue.message.contains("\(length) characters"))
        #expect(
            content.cells["B2"]?.text.hasSuffix("… (\(length) characters)")
                == true)
        #expect(content.cells["C2"]?.text == "3", "the record ends after the field")
        #expect(
            content.rows.last?.number == 3 + 50_000_000 / block.count * (1 << 16), "lines inside the field are counted")
        #expect(content.rows.last?.texts == ["4", "5", "6"])
    }

    @Test func anXlsxInlineCellOver32767CharactersIsAnIssueOfItsRow() throws {
        let path = try file(named: "long.xlsx")
        let long = String(repeating: "é", count: 40_000)
        try TestWorkbook.write(
            cells: [("A1", "a"), ("B1", "b"), ("A2", "1"), ("B2", long), ("A3", "2"), ("B3", "ok")], to: path)
        let content = try read(path)
        #expect(content.rows.map(\.number) == [1, 2, 3])
        #expect(content.issues.map(\.code.rawValue) == ["cell-too-long"])
        #expect(content.issues.first?.cell == "B2")
        #expect(content.issues.first?.message.contains("40,000 characters") == true)
        #expect(content.cells["B2"]?.text == Self.cut)
        #expect(content.cells["B3"]?.text == "ok")
    }

    @Test func anXlsxSharedStringOver32767CharactersIsAnIssueOfEachCellThatShowsIt() throws {
        let path = try file(named: "shared.xlsx")
        let long = String(repeating: "é", count: 40_000)
        try TestWorkbook.write(
            cells: [("A1", "a"), ("B1", "b"), ("A2", "1"), ("A3", "2"), ("B4", "ok")],
            shared: [("B2", long), ("B3", "short")], to: path)
        let content = try read(path)
        #expect(content.rows.map(\.number) == [1, 2, 3, 4])
        #expect(content.issues.map(\.cell) == ["B2"])
        #expect(content.issues.first?.message.contains("40,000 characters") == true)
        #expect(content.cells["B2"]?.text == Self.cut)
        #expect(content.cells["B3"]?.text == "short")
    }

    @Test func aHugeXlsxTextNodeIsReadThroughNotHeld() throws {
        let path = try file(named: "huge.xlsx")
        let huge = String(repeating: "x", count: 2_000_000)
        try TestWorkbook.write(cells: [("A1", "a"), ("A2", huge), ("A3", "after")], to: path)
        let content = try read(path)
        #expect(content.issues.first?.message.contains("2,000,000 characters") == true)
        #expect(content.cells["A2"]?.text.hasSuffix("… (2,000,000 characters)") == true)
        #expect(content.cells["A3"]?.text == "after")
    }
}
