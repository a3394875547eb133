import Foundation
import SheetReading
import SheetTestSupport
import Testing

@testable import SheetSchema

@Suite struct WorkbookValidationTests {
    @Test func identifiersStoredAsNumbersAreFlagged() throws {
        let samples = URL(fileURLWithPath: Schemas.folder).deletingLastPathComponent().appendingPathComponent("samples")
            .path
        let result = try Schemas.validator(["project-sheet"]).validate(path: samples + "/fiches-occitanie.xlsx")
        let flagged = result.issues.filter { $0.code == "identifier-as-number" }
        #expect(!flagged.isEmpty)
        #expect(flagged.allSatisfy { $0.field == "porteur_siret" && $0.cell?.hasPrefix("J") == true })
        #expect(result.issues.contains { $0.code == "formula-without-value" && $0.cell == "K22" })
        #expect(result.issues.contains { $0.code == "merged-cell" } == false, "the title merge is above the header")
    }

    @Test func theSameRowsAsCSVAndXLSXGetTheSameVerdicts() throws {
        let samples = URL(fileURLWithPath: Schemas.folder).deletingLastPathComponent().appendingPathComponent("samples")
            .path
        let xlsx = try Schemas.validator(["project-sheet"]).validate(path: samples + "/fiches-bretagne.xlsx")
        // The same workbook exported as CSV (UTF-8, ';') by sheetpipe's own reader.
        let file = try SpreadsheetFile.open(samples + "/fiches-bretagne.xlsx")
        var lines: [String] = []
        try file.readRows(of: try file.chooseSheet(named: nil).sheet) { row in
            var fields = [String](repeating: "", count: 14)
            for cell in row.cells where Int(cell.column) < 14 {
                let reader = FieldReader(places: nil, currentYear: 2026)
                var text = reader.cellText(cell, in: row)
                if cell.kind == .date { text = FrenchDate.fromCell(daysSince18991230: cell.number).iso }
                if cell.kind == .formulaWithoutValue { text = "" }
                fields[Int(cell.column)] = text.contains(";") ? "\"\(text)\"" : text
            }
            while lines.count < row.number - 1 { lines.append("") }
            lines.append(fields.joined(separator: ";"))
        }
        let csv = try Schemas.validator(["project-sheet"]).validate(
            path: try temporaryCSV(lines.joined(separator: "\n") + "\n"))
        #expect(csv.rowsIn == xlsx.rowsIn)
        #expect(csv.rowsValid == xlsx.rowsValid)
        func errors(_ result: FileValidation) -> [String] {
            result.issues.filter { $0.severity == .error }.map { "\($0.row ?? 0) \($0.field ?? "-") \($0.code)" }
                .sorted()
        }
        #expect(errors(csv) == errors(xlsx))
    }
}
