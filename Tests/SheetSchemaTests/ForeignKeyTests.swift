import Foundation
import SheetReading
import SheetTestSupport
import Testing

@testable import SheetSchema

/// Foreign keys over several fields, and to the table itself (`"resource": ""`), resolved
/// against the file's own rows whatever their order.
@Suite struct ForeignKeyTests {
    func validate(_ schema: String, _ csv: String, lists: [String: String] = [:]) throws -> FileValidation {
        let folder = try TestFiles.folder("sheetpipe-fk")
        for (name, text) in lists {
            try Data(text.utf8).write(to: folder.appendingPathComponent(name))
        }
        let table = try TableSchema.decode(Data(schema.utf8), file: "fk.json", referenceFolders: [folder.path])
        let validator = FileValidator(
            schemas: [NamedSchema(name: "fk", schema: table)], reader: FieldReader(places: nil, currentYear: 2026),
            readOptions: ReadOptions(), sheet: nil)
        let path = folder.appendingPathComponent("data.csv").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
        return validator.validate(path: path)
    }

    @Test func aKeyOverTwoFieldsIsLookedUpWhole() throws {
        let schema = #"""
            {"fields": [{"name": "id"}, {"name": "country"}, {"name": "city"}],
             "foreignKeys": [{"fields": ["country", "city"], "reference": {"resource": "cities.csv", "fields": ["country", "name"]}}]}
            """#
        let result = try validate(
            schema, "id,country,city\n1,fr,Paris\n2,fr,Berlin\n3,de,Berlin\n4,,\n5,it,\n",
            lists: ["cities.csv": "country,name\nfr,Paris\nde,Berlin\nit,Rome\n"])
        // Row 5 (both empty) names nothing; row 6 names half a key, which no city has.
        #expect(result.invalidRows == [3, 6])
        let issue = try #require(result.issues.first { $0.code == "foreign-key" })
        #expect(issue.value == "fr / Berlin" && issue.field == "country, city")
        #expect(issue.message.en == "'fr / Berlin' is not in the reference list cities.csv")
    }

    @Test func aKeyOverTwoFieldsNeedsAsManyReferenceColumns() throws {
        let schema = #"""
            {"fields": [{"name": "a"}, {"name": "b"}],
             "foreignKeys": [{"fields": ["a", "b"], "reference": {"resource": "", "fields": ["a"]}}]}
            """#
        #expect {
            try TableSchema.decode(Data(schema.utf8), file: "fk.json")
        } throws: { error in
            (error as? SchemaError)?.property == "foreignKeys[0].reference.fields"
        }
    }

    /// The referenced row may come after the row naming it: it is looked up again at the end.
    @Test func aSelfReferenceToThePrimaryKeyFindsRowsBeforeAndAfter() throws {
        let schema = #"""
            {"fields": [{"name": "id", "type": "integer"}, {"name": "parent", "type": "integer"}, {"name": "name"}],
             "primaryKey": ["id"],
             "foreignKeys": [{"fields": "parent", "reference": {"resource": "", "fields": "id"}}]}
            """#
        let result = try validate(
            schema,
            "id,parent,name\n1,3,child of a later row\n2,,root\n3,2,Europe\n4,9,orphan\n5,5,itself\n6,7,orphan\n")
        #expect(result.invalidRows == [5, 7])
        #expect(result.rowsValid == 4 && result.rowsInvalid == 2 && result.rowsIn == 6)
        let issues = result.issues.filter { $0.code == "foreign-key" }
        #expect(issues.map(\.row) == [5, 7])
        #expect(issues.first?.message.en == "'9' is not among this table's id")
        #expect(issues.first?.cell == "B5")
    }

    /// Referenced fields that are not the primary key get an index of their own.
    @Test func aSelfReferenceOverTwoFieldsOutsideThePrimaryKey() throws {
        let schema = #"""
            {"fields": [{"name": "n"}, {"name": "region"}, {"name": "code", "type": "integer"},
                        {"name": "parent_region"}, {"name": "parent_code", "type": "integer"}],
             "foreignKeys": [{"fields": ["parent_region", "parent_code"], "reference": {"resource": "", "fields": ["region", "code"]}}]}
            """#
        let result = try validate(
            schema, "n,region,code,parent_region,parent_code\n1,A,1,,\n2,A,2,B,1\n3,B,1,A,1\n4,B,2,B,9\n5,C,1,C,\n")
        #expect(result.invalidRows == [5, 6])
    }

    @Test func aSelfReferenceThatOnlyWarnsLeavesTheRowValid() throws {
        let schema = #"""
            {"fields": [{"name": "id"}, {"name": "parent"}],
             "foreignKeys": [{"fields": "parent", "reference": {"resource": "", "fields": "id"}, "severity": "warning"}]}
            """#
        let result = try validate(schema, "id,parent\na,b\nb,z\n")
        #expect(result.invalidRows.isEmpty && result.rowsValid == 2)
        #expect(result.issues.filter { $0.code == "foreign-key" }.map(\.severity) == [.warning])
    }
}
