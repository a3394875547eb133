import Foundation
import SheetReading
import SheetTestSupport
import Testing

@testable import SheetSchema

enum Schemas {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("pipelines").path

    static func load(_ name: String) throws -> TableSchema {
        try TableSchema.load(path: "\(folder)/schemas/\(name).json")
    }

    static let places = try? FrenchPlaces.load(directory: "\(folder)/reference")

    static func validator(_ schemas: [String], sheet: String? = nil) throws -> FileValidator {
        FileValidator(
            schemas: try schemas.map { NamedSchema(name: $0, schema: try load($0)) },
            reader: FieldReader(places: places, currentYear: 2026), readOptions: ReadOptions(), sheet: sheet)
    }
}

func temporaryCSV(_ text: String, name: String = "submission.csv") throws -> String {
    let directory = try TestFiles.folder("sheetpipe-schema")
    let path = directory.appendingPathComponent(name).path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}
