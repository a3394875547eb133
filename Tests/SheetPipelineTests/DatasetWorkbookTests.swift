import Foundation
import SheetPipeline
import SheetReading
import SheetTestSupport
import Testing

/// `outputs.formats` and `<dataset>.xlsx`, read back with sheetpipe's own reader.
@Suite struct DatasetWorkbookTests {
    /// A cell as read back: its kind, text and number.
    struct ReadCell: Equatable {
        var kind: CellKind
        var text: String
        var number: Double
    }

    /// Every sheet of a workbook, by name, its cells by row (1-based) then column.
    static func sheets(_ path: String) throws -> [(name: String, rows: [Int: [Int: ReadCell]])] {
        let file = try SpreadsheetFile.open(path)
        return try file.sheets.map { sheet in
            var rows: [Int: [Int: ReadCell]] = [:]
            _ = try file.readRows(of: sheet) { row in
                for cell in row.cells {
                    rows[row.number, default: [:]][Int(cell.column)] = ReadCell(
                        kind: cell.kind, text: row.text(of: cell), number: cell.number)
                }
            }
            return (sheet.name, rows)
        }
    }

    static let formats = "  formats: [csv, xlsx]"

    @Test func aFormatLeftOutIsNotWrittenNorListed() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv("a.csv", [["A1", "Scierie", "Bretagne", "Bois SA", "10"]])
        try workspace.run([("a.csv", "2024-01-01")], extra: Self.formats)
        let out = "\(workspace.path)/out"
        #expect(!FileManager.default.fileExists(atPath: "\(out)/essai.json"))
        #expect(FileManager.default.fileExists(atPath: "\(out)/essai.xlsx"))
        #expect(FileManager.default.fileExists(atPath: "\(out)/summary.xlsx"))
        let manifest = try workspace.manifest()
        let outputs = manifest["outputs"] as? [String] ?? []
        #expect(outputs.contains("essai.xlsx") && outputs.contains("summary.xlsx") && outputs.contains("essai.csv"))
        #expect(!outputs.contains("essai.json"))
        let dataset = try #require((manifest["datasets"] as? [[String: Any]])?.first)
        #expect(dataset["json"] is NSNull)
        #expect(dataset["xlsx"] as? String == "essai.xlsx")
        // No spool is left behind in the temporary folder's place.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix(".spool") }
        #expect(leftovers.isEmpty)
        try workspace.expectReconciled()
    }

    @Test func withoutTheCSVNeitherItNorTheDataPackageDescribingItIsWritten() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv("a.csv", [["A1", "Scierie", "Bretagne", "Bois SA", "10"]])
        try workspace.run([("a.csv", "2024-01-01")], extra: "  formats: [json, xlsx]")
        let out = "\(workspace.path)/out"
        for name in ["essai.csv", "datapackage.json"] {
            #expect(!FileManager.default.fileExists(atPath: "\(out)/\(name)"))
        }
        for name in ["essai.json", "essai.xlsx", "summary/par-region.csv"] {
            #expect(FileManager.default.fileExists(atPath: "\(out)/\(name)"))
        }
        let dataset = try #require((try workspace.manifest()["datasets"] as? [[String: Any]])?.first)
        #expect(dataset["csv"] is NSNull && dataset["json"] as? String == "essai.json")
        let sheets = try Self.sheets("\(out)/essai.xlsx")
        #expect(sheets.first?.rows[3]?[0]?.text == "A1")
        try workspace.expectReconciled()
    }

    @Test func theDefaultFormatsWriteNoWorkbook() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv("a.csv", [["A1", "Scierie", "Bretagne", "Bois SA", "10"]])
        try workspace.run([("a.csv", "2024-01-01")])
        let out = "\(workspace.path)/out"
        #expect(FileManager.default.fileExists(atPath: "\(out)/essai.json"))
        #expect(!FileManager.default.fileExists(atPath: "\(out)/essai.xlsx"))
        #expect(!FileManager.default.fileExists(atPath: "\(out)/summary.xlsx"))
        let dataset = try #require((try workspace.manifest()["datasets"] as? [[String: Any]])?.first)
        #expect(dataset["xlsx"] == nil && dataset["xlsx_sheets"] == nil)
    }

    @Test func theWorkbookHoldsTheCSVsValuesTyped() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv(
            "a.csv",
            [
                ["007", "=SOMME(A1:A3)", "Bretagne", "\"Bois \"\"SA\"\"\net fils\"", "-12,5"],
                ["B2", "Scierie", "Corse", "", "1 250,75"],
            ])
        try workspace.csv("b.csv", [["C3", "Menuiserie", "Normandie", "@porteur", ""]])
        try workspace.run([("a.csv", "2024-01-01"), ("b.csv", "2024-02-01")], extra: Self.formats)
        let sheets = try Self.sheets("\(workspace.path)/out/essai.xlsx")
        #expect(sheets.map(\.name) == ["essai"])
        let rows = try #require(sheets.first?.rows)
        // Labels, then the names.
        #expect(rows[1]?[0]?.text == "Identifiant" && rows[1]?[7]?.text == "Ligne source")
        let names = (0..<8).map { rows[2]?[$0]?.text ?? "" }
        let csv = try workspace.table("essai.csv")
        #expect(names == csv.header)
        // Values: the CSV's (its `'` before text that could run as a formula aside).
        for (offset, record) in csv.records.enumerated() {
            for (column, name) in csv.header.enumerated() {
                let expected = record[name] ?? ""
                let cell = rows[offset + 3]?[column]
                let found = cell.map { $0.kind == .number ? Self.canonical($0.number) : $0.text } ?? ""
                let csvValue = expected.hasPrefix("'") ? String(expected.dropFirst()) : expected
                let comparable = cell?.kind == .number ? Self.canonical(Double(csvValue) ?? .nan) : csvValue
                #expect(found == comparable, "row \(offset + 3) column \(column)")
            }
        }
        #expect(rows[3]?[0] == ReadCell(kind: .text, text: "007", number: 0), "identifiers stay text")
        #expect(rows[3]?[1]?.kind == .text && rows[3]?[1]?.text == "=SOMME(A1:A3)")
        #expect(rows[3]?[3]?.text == "Bois \"SA\" et fils", "escapes undone")
        #expect(rows[3]?[4]?.kind == .number && rows[3]?[4]?.number == -12.5)
        #expect(rows[4]?[3] == nil, "no value, no cell")
        #expect(rows[5]?[5]?.text.hasSuffix("b.csv") == true && rows[5]?[7]?.number == 2)
    }

    static func canonical(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(number)
    }

    @Test func rowsPastASheetsLimitContinueOnNumberedSheets() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv("a.csv", (1...5).map { ["R\($0)", "Titre \($0)", "Bretagne", "Porteur \($0)", "\($0)"] })
        let result = try workspace.run([("a.csv", "2024-01-01")], extra: Self.formats, rowsPerSheet: 2)
        let sheets = try Self.sheets("\(workspace.path)/out/essai.xlsx")
        #expect(sheets.map(\.name) == ["essai", "essai (2)", "essai (3)"])
        var identifiers: [String] = []
        for sheet in sheets {
            #expect(sheet.rows[1]?[0]?.text == "Identifiant" && sheet.rows[2]?[0]?.text == "id")
            identifiers += sheet.rows.keys.sorted().filter { $0 > 2 }.map { sheet.rows[$0]?[0]?.text ?? "" }
        }
        #expect(identifiers == ["R1", "R2", "R3", "R4", "R5"])
        #expect(sheets.map { $0.rows.count - 2 } == [2, 2, 1])
        let dataset = try #require((try workspace.manifest()["datasets"] as? [[String: Any]])?.first)
        let listed = (dataset["xlsx_sheets"] as? [[String: Any]] ?? []).map {
            "\($0["name"] as? String ?? "?"):\($0["rows"] as? Int ?? -1)"
        }
        #expect(listed == ["essai:2", "essai (2):2", "essai (3):1"])
        let warning = "essai.xlsx: 5 rows, more than a sheet holds: continued over 3 sheets"
        #expect(result.warnings.contains { $0.hasPrefix(warning) })
        #expect((try workspace.manifest()["warnings"] as? [String] ?? []).contains { $0.hasPrefix(warning) })
    }

    @Test func twoRunsGiveTheSameWorkbooks() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv("a.csv", [["A1", "Scierie", "Bretagne", "Bois SA", "10"]])
        try workspace.run([("a.csv", "2024-01-01")], extra: Self.formats)
        let names = ["essai.xlsx", "summary.xlsx"]
        let first = try names.map { try Data(contentsOf: URL(fileURLWithPath: "\(workspace.path)/out/\($0)")) }
        // Past the next second: a time stamp taken from the clock would differ.
        Thread.sleep(forTimeInterval: 1.1)
        try workspace.run([("a.csv", "2024-01-01")], extra: Self.formats)
        let second = try names.map { try Data(contentsOf: URL(fileURLWithPath: "\(workspace.path)/out/\($0)")) }
        #expect(first == second)
        // The creation date is the submission's: another date, other bytes.
        try workspace.run([("a.csv", "2024-05-01")], extra: Self.formats)
        let third = try Data(contentsOf: URL(fileURLWithPath: "\(workspace.path)/out/essai.xlsx"))
        #expect(third != first[0])
    }

    @Test func theSummaryWorkbookHasATypedSheetPerTable() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv(
            "a.csv",
            [["A1", "Scierie", "Bretagne", "Bois SA", "10,5"], ["A2", "Forge", "Bretagne", "Fer SA", "2"]])
        try workspace.run([("a.csv", "2024-01-01")], extra: Self.formats)
        let sheets = try Self.sheets("\(workspace.path)/out/summary.xlsx")
        #expect(sheets.map(\.name) == ["par-region"])
        let rows = try #require(sheets.first?.rows)
        let csv = try workspace.records("summary/par-region.csv")
        #expect((0..<csv[0].count).map { rows[1]?[$0]?.text ?? "" } == csv[0])
        #expect(rows[2]?[0] == ReadCell(kind: .text, text: "53", number: 0))
        #expect(rows[2]?[1]?.kind == .number && rows[2]?[1]?.number == 2)
        #expect(rows[2]?[2]?.kind == .number && rows[2]?[2]?.number == 12.5)
    }
}
