import Foundation
import SheetReading
import SheetTestSupport
import Testing

@testable import SheetSchema

@Suite struct PersonalDataAndFormatTests {
    @Test func contactColumnsAreIgnoredWithAWarning() throws {
        let path = try temporaryCSV(
            "Identifiant fiche;Campagne;Région;Contact;Courriel du référent;Remarque libre\nA;2024;Bretagne;Mme Y;y@example.fr;ok\n"
        )
        let result = try Schemas.validator(["project-sheet"]).validate(path: path)
        let personal = result.issues.filter { $0.code == "personal-data" }
        #expect(personal.map(\.value) == ["Contact", "Courriel du référent"])
        #expect(personal.allSatisfy { $0.severity == .warning })
        #expect(result.droppedColumns == [3, 4])
        #expect(result.issues.contains { $0.code == "extra-label" && $0.value == "Remarque libre" })
    }

    @Test func standardStringFormats() throws {
        let json =
            #"{"fields": [{"name": "mail", "format": "email"}, {"name": "site", "format": "uri"}, {"name": "id", "format": "uuid"}]}"#
        let schema = try TableSchema.decode(Data(json.utf8), file: "formats.json")
        let validator = FileValidator(
            schemas: [NamedSchema(name: "formats", schema: schema)],
            reader: FieldReader(places: nil, currentYear: 2026),
            readOptions: ReadOptions(), sheet: nil)
        let path = try temporaryCSV(
            "mail;site;id\na@b.fr;https://x.fr;123e4567-e89b-12d3-a456-426614174000\nnope;not a uri;123\n")
        let result = validator.validate(path: path)
        #expect(result.issues.filter { $0.row == 2 && $0.severity == .error }.isEmpty)
        #expect(
            Set(result.issues.filter { $0.row == 3 && $0.code == "type-error" }.compactMap(\.field)) == [
                "mail", "site", "id",
            ])
    }
}

extension PersonalDataAndFormatTests {
    /// Lengths count characters, not bytes ("été" is 3 characters in 5 bytes); patterns match the
    /// whole value.
    @Test func lengthsCountCharactersAndPatternsMatchTheWholeValue() throws {
        let json = #"""
            {"fields": [{"name": "court", "constraints": {"maxLength": 3}},
                        {"name": "long", "constraints": {"minLength": 3}},
                        {"name": "nace", "constraints": {"pattern": "[A-U]|[0-9]{2}\\.?[0-9]{2}[A-Z]"}}]}
            """#
        let schema = try TableSchema.decode(Data(json.utf8), file: "lengths.json")
        let validator = FileValidator(
            schemas: [NamedSchema(name: "lengths", schema: schema)],
            reader: FieldReader(places: nil, currentYear: 2026), readOptions: ReadOptions(), sheet: nil)
        let path = try temporaryCSV("court;long;nace\nété;été;C\nétés;éé;25.62A\nab;abcd;CC\n")
        let result = validator.validate(path: path)
        func failing(_ row: Int) -> [String] {
            result.issues.filter { $0.row == row && $0.code == "constraint-error" }.compactMap(\.field).sorted()
        }
        #expect(failing(2) == [])
        #expect(failing(3) == ["court", "long"])
        #expect(failing(4) == ["nace"])
        #expect(result.issues.contains { $0.row == 3 && $0.message.en == "at most 3 characters (4 here)" })
    }
}
