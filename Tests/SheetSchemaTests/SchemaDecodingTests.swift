import Foundation
import SheetReading
import SheetTestSupport
import Testing

@testable import SheetSchema

@Suite struct SchemaDecodingTests {
    @Test(arguments: ["project-sheet", "csr-contribution"])
    func shippedSchemasLoad(_ name: String) throws {
        let schema = try Schemas.load(name)
        #expect(schema.name == name)
        #expect(schema.version == "1.0.0")
        #expect(schema.locale == "fr")
        #expect(!schema.rules.isEmpty)
    }

    func error(_ json: String) -> SchemaError? {
        do {
            _ = try TableSchema.decode(Data(json.utf8), file: "bad.json")
            return nil
        } catch let error as SchemaError {
            return error
        } catch {
            return nil
        }
    }

    @Test(arguments: [
        (#"{"fields": [{"name": "a", "type": "texte"}]}"#, "fields[0].type"),
        (#"{"fields": [{"name": "a", "constraints": {"pattern": "[a-"}}]}"#, "fields[0].constraints.pattern"),
        (#"{"fields": [{"name": "a"}], "primaryKey": ["b"]}"#, "primaryKey"),
        (
            #"{"fields": [{"name": "a", "constraints": {"enum": ["x"]}, "synonyms": {"y": "z"}}]}"#,
            "fields[0].synonyms.y"
        ),
        (
            #"{"fields": [{"name": "a"}], "rules": [{"type": "compare", "left": "a", "operator": "<", "right": "b"}]}"#,
            "rules[0].right"
        ),
        (#"{"fields": [{"name": "a"}], "foreignKeys": [{"fields": "a"}]}"#, "foreignKeys[0].reference"),
        (#"{"fields": []}"#, "fields"),
        (#"{"fields": [{"name": "a"}, {"name": "a"}]}"#, "fields[1].name"),
        (#"{"fields": [{"name": "a", "kind": "iban"}]}"#, "fields[0].kind"),
        (#"{"fields": [{"name": "a", "constraints": {"required": "yes"}}]}"#, "fields[0].constraints.required"),
        ("not json", "(file)"),
    ])
    func aWrongSchemaNamesTheProperty(_ json: String, _ property: String) {
        #expect(error(json)?.property == property, "\(json)")
    }
}
