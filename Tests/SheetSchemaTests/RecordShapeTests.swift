import Foundation
import SheetReading
import SheetTestSupport
import Testing

@testable import SheetSchema

/// Spreadsheets pad every CSV record to the table's width: a record with more fields than the
/// header (an unquoted delimiter inside a value) or fewer is shifted or truncated, an error of
/// its row. In a workbook, values right of the table stay warnings. A cell over 32,767
/// characters is an error of its row, the file read on.
@Suite struct RecordShapeTests {
    static let schema = #"""
        {"fields": [{"name": "id"}, {"name": "porteur"}, {"name": "ville"}]}
        """#

    func validate(_ path: String) throws -> FileValidation {
        let schema = try TableSchema.decode(Data(Self.schema.utf8), file: "shape.json")
        let validator = FileValidator(
            schemas: [NamedSchema(name: "shape", schema: schema)],
            reader: FieldReader(places: nil, currentYear: 2026), readOptions: ReadOptions(), sheet: nil)
        return validator.validate(path: path)
    }

    func issues(_ result: FileValidation, _ code: String) -> [ValidationIssue] {
        result.issues.filter { $0.code == code }
    }

    @Test func anUnquotedDelimiterInAValueIsAnExtraCellErrorNamingLineCountAndValues() throws {
        let path = try temporaryCSV("id,porteur,ville\n1,Martin,Rennes\n2,Dupont, Jean,Brest\n3,Durand,Nantes\n")
        let result = try validate(path)
        #expect(result.rowsIn == 3)
        #expect(result.rowsInvalid == 1 && result.rowsValid == 2)
        let extra = try #require(issues(result, "extra-cell").first)
        #expect(issues(result, "extra-cell").count == 1)
        #expect(extra.severity == .error)
        #expect(extra.row == 3 && extra.cell == "D3")
        #expect(extra.value == "Brest")
        #expect(extra.message.en.contains("line 3: 4 fields instead of the header's 3"), "\(extra.message.en)")
        #expect(extra.message.en.contains("'Brest'"))
        #expect(extra.message.fr.contains("ligne 3 : 4 champs au lieu des 3 de l'en-tête"), "\(extra.message.fr)")
        #expect(extra.message.fr.contains("« Brest »"))
    }

    @Test func aShortRecordIsAMissingCellError() throws {
        let path = try temporaryCSV("id;porteur;ville\n1;Martin;Rennes\n2;Dupont\n")
        let result = try validate(path)
        #expect(result.rowsInvalid == 1 && result.rowsValid == 1)
        let missing = try #require(issues(result, "missing-cell").first)
        #expect(missing.severity == .error)
        #expect(missing.row == 3 && missing.cell == "C3")
        #expect(missing.message.en.contains("line 3: 2 field(s) instead of the header's 3"), "\(missing.message.en)")
        #expect(missing.message.fr.contains("ligne 3 : 2 champ(s) au lieu des 3"), "\(missing.message.fr)")
    }

    @Test func trailingEmptyFieldsBeyondTheHeaderAreAShiftedRecordToo() throws {
        let path = try temporaryCSV("id,porteur,ville\n1,Martin,Rennes,,\n")
        let result = try validate(path)
        #expect(result.rowsInvalid == 1)
        #expect(issues(result, "extra-cell").first?.message.en.contains("5 fields instead of the header's 3") == true)
    }

    @Test func inAWorkbookValuesRightOfTheTableStayWarnings() throws {
        let path = try TestFiles.folder("shape").appendingPathComponent("extra.xlsx").path
        try TestWorkbook.write(
            cells: [
                ("A1", "id"), ("B1", "porteur"), ("C1", "ville"), ("A2", "1"), ("B2", "Martin"), ("C2", "Rennes"),
                ("E2", "note"), ("A3", "2"), ("B3", "Dupont"),
            ], to: path)
        let result = try validate(path)
        #expect(result.rowsValid == 2 && result.rowsInvalid == 0, "a short row's trailing cells are simply empty")
        let extra = issues(result, "extra-cell")
        #expect(extra.map(\.cell) == ["E2"])
        #expect(extra.first?.severity == .warning)
        #expect(issues(result, "missing-cell").isEmpty)
    }

    @Test(arguments: ["csv", "xlsx"])
    func aCellOver32767CharactersRejectsItsRowAndTheFileIsReadOn(_ format: String) throws {
        let long = String(repeating: "a", count: 40_000)
        let path: String
        if format == "csv" {
            path = try temporaryCSV("id,porteur,ville\n1,\(long),Rennes\n2,Durand,Nantes\n", name: "long.csv")
        } else {
            path = try TestFiles.folder("shape").appendingPathComponent("long.xlsx").path
            try TestWorkbook.write(
                cells: [
                    ("A1", "id"), ("B1", "porteur"), ("C1", "ville"), ("A2", "1"), ("B2", long), ("C2", "Rennes"),
                    ("A3", "2"), ("B3", "Durand"), ("C3", "Nantes"),
                ], to: path)
        }
        let result = try validate(path)
        #expect(result.status == .partial)
        #expect(result.rowsValid == 1 && result.rowsInvalid == 1)
        let issue = try #require(issues(result, "cell-too-long").first)
        #expect(issue.severity == .error)
        #expect(issue.cell == "B2" && issue.row == 2 && issue.field == "porteur")
        #expect(issue.value == String(repeating: "a", count: 200) + "… (40,000 characters)")
        #expect(issue.message.en.contains("40,000 characters"))
        #expect(issue.message.fr.contains("40 000 caractères"))
    }
}
