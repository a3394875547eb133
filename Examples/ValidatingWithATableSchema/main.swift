// The code of the article "Validating with a Table Schema" (Sources/SheetSchema/SheetSchema.docc),
// built by `make test` so that the article's code keeps compiling:
// `swift run ValidatingWithATableSchema SCHEMA.json FILE.xlsx`.
import Foundation
import SheetReading
import SheetSchema

let arguments = Array(CommandLine.arguments.dropFirst())
let schemaPath = arguments.first ?? "pipelines/schemas/project-sheet.json"
let filePath = arguments.dropFirst().first ?? "samples/fiches-bretagne.xlsx"

do {
    let schema = try TableSchema.load(path: schemaPath)
    let validator = FileValidator(
        schemas: [NamedSchema(name: "project-sheet", schema: schema)],
        reader: FieldReader(places: nil, currentYear: Calendar(identifier: .gregorian).component(.year, from: Date())),
        readOptions: ReadOptions(), sheet: nil)

    let result = validator.validate(path: filePath)
    if let error = result.error { print("cannot read: \(error.message)") }
    print("\(result.path): \(result.rowsValid) valid rows, \(result.rowsInvalid) rejected")
    for issue in result.issues {
        print(issue.severity, issue.code, issue.location(.en), issue.message.text(.en))
    }
} catch let error as SchemaError {
    print("schema refused: \(error)")  // names the property: fields[3].constraints.pattern
} catch {
    print("cannot load the schema: \(error)")
}
