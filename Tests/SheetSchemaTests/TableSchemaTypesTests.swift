import Foundation
import SheetReading
import SheetTestSupport
import Testing

@testable import SheetSchema

/// The Table Schema types read from JSON and ISO 8601 text (object, array, geopoint, geojson,
/// duration), their constraints, and the CSV dialect with spaces after delimiters.
@Suite struct TableSchemaTypesTests {
    /// Validates `csv` with a schema given as JSON text; the rows handed on are returned too.
    func validate(_ schema: String, _ csv: String) throws -> (FileValidation, [ValidatedRow]) {
        let table = try TableSchema.decode(Data(schema.utf8), file: "types.json")
        let validator = FileValidator(
            schemas: [NamedSchema(name: "types", schema: table)], reader: FieldReader(places: nil, currentYear: 2026),
            readOptions: ReadOptions(), sheet: nil)
        let prepared = try validator.prepare(path: try temporaryCSV(csv))
        var rows: [ValidatedRow] = []
        let result = validator.validate(prepared) { rows.append($0) }
        return (result, rows)
    }

    func codes(_ result: FileValidation, row: Int) -> [String] {
        result.issues.filter { $0.row == row && $0.severity == .error }.map(\.code)
    }

    @Test func objectsAndArraysAreJSONTextsCountedByTheirItems() throws {
        let schema = #"""
            {"fields": [{"name": "tags", "type": "array", "constraints": {"maxLength": 2}},
                        {"name": "meta", "type": "object", "constraints": {"minLength": 1}}]}
            """#
        let (result, rows) = try validate(
            schema, "tags;meta\n\"[1, \"\"a\"\"]\";\"{\"\"k\"\": 1}\"\n[1, 2, 3];{}\n\"{\"\"k\"\": 1}\";[1]\n")
        #expect(result.invalidRows == [3, 4])
        #expect(codes(result, row: 3) == ["constraint-error", "constraint-error"])
        #expect(codes(result, row: 4) == ["type-error", "type-error"])
        #expect(rows[0].values[0]?.canonical == "[1, \"a\"]")
        #expect(rows[0].values[1]?.canonical == "{\"k\": 1}")
    }

    @Test(arguments: [
        ("default", "-0.1278, 51.5074", "-0.1278,51.5074"), ("default", "180,90", "180,90"),
        ("array", "[2.35, 48.85]", "2.35,48.85"), ("object", "{\"lon\": 2.35, \"lat\": 48.85}", "2.35,48.85"),
    ])
    func geopointsAreWrittenLonLat(_ format: String, _ text: String, _ expected: String) throws {
        let schema = #"{"fields": [{"name": "id"}, {"name": "p", "type": "geopoint", "format": "\#(format)"}]}"#
        let quoted = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let (result, rows) = try validate(schema, "id,p\n1,\(quoted)\n")
        #expect(result.invalidRows.isEmpty, "\(result.issues.map(\.message.en))")
        #expect(rows.first?.values[1]?.canonical == expected)
    }

    @Test(arguments: [
        ("default", "181,0"), ("default", "0,-91"), ("default", "1,2,3"), ("default", "abc"), ("array", "[1]"),
        ("array", "[true, 1]"), ("object", "{\"lon\": 1, \"lat\": 2, \"alt\": 3}"), ("object", "[1, 2]"),
    ])
    func geopointsOutOfRangeOrShapeAreTypeErrors(_ format: String, _ text: String) throws {
        let schema = #"{"fields": [{"name": "id"}, {"name": "p", "type": "geopoint", "format": "\#(format)"}]}"#
        let quoted = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let (result, _) = try validate(schema, "id,p\n1,\(quoted)\n")
        #expect(codes(result, row: 2) == ["type-error"])
    }

    @Test func geoJSONObjectsNeedAKnownTypeAndItsMembers() {
        #expect(GeoJSONText.isValid(#"{"type": "Point", "coordinates": [2.35, 48.85]}"#, format: nil))
        #expect(GeoJSONText.isValid(#"{"type": "Point", "coordinates": [2.35, 48.85, 35]}"#, format: nil))
        #expect(GeoJSONText.isValid(#"{"type": "Feature", "geometry": null, "properties": {}}"#, format: nil))
        #expect(GeoJSONText.isValid(#"{"type": "FeatureCollection", "features": []}"#, format: nil))
        #expect(!GeoJSONText.isValid(#"{"type": "Blob"}"#, format: nil))
        #expect(!GeoJSONText.isValid(#"{"type": "LineString", "coordinates": [[1, 2]]}"#, format: nil))
        #expect(!GeoJSONText.isValid(#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}"#, format: nil))
        #expect(!GeoJSONText.isValid(#"{"type": "Feature", "geometry": null}"#, format: nil))
        #expect(!GeoJSONText.isValid("{}", format: nil))
        #expect(GeoJSONText.isValid(#"{"type": "Topology", "objects": {}, "arcs": []}"#, format: "topojson"))
        #expect(!GeoJSONText.isValid(#"{"type": "Topology", "objects": {}}"#, format: "topojson"))
    }

    @Test func durationsAreISO8601() {
        for valid in ["P1Y", "P1M", "PT1S", "P1Y2M10DT2H30M", "PT0.5S", "P2W", "P1DT12H"] {
            #expect(DurationText.isValid(valid), "\(valid)")
        }
        for invalid in ["P1M1Y", "P-1Y", "year", "P", "PT", "1", "P1W2D", "PT1H1H", "P1.Y", ""] {
            #expect(!DurationText.isValid(invalid), "\(invalid)")
        }
    }

    @Test func aDurationFieldRejectsOtherTexts() throws {
        let schema = #"{"fields": [{"name": "id"}, {"name": "d", "type": "duration"}]}"#
        let (result, rows) = try validate(schema, "id,d\n1,P1Y2M10DT2H30M\n2,2 hours\n")
        #expect(result.invalidRows == [3])
        #expect(rows[0].values[1]?.canonical == "P1Y2M10DT2H30M")
    }

    /// `1, "Test"`: the quoted field is read (no stray-quote error), and the file says once
    /// that its dialect puts spaces after delimiters.
    @Test func aSpaceAfterTheDelimiterBeforeAQuoteReadsTheQuotedField() throws {
        let schema =
            #"{"fields": [{"name": "ID", "type": "integer"}, {"name": "Test", "constraints": {"enum": ["Test, one", "Two"]}}]}"#
        let (result, rows) = try validate(schema, "ID,Test\n1, \"Test, one\"\n2,  \"Two\"\n3,Two\n")
        #expect(result.rowsInvalid == 0, "\(result.issues.map(\.message.en))")
        #expect(rows.map { $0.values[1]?.canonical } == ["Test, one", "Two", "Two"])
        let notes = result.issues.filter { $0.code == "csv-dialect" }
        #expect(notes.count == 1)
        #expect(notes.first?.severity == .info && notes.first?.row == 2)
        #expect(notes.first?.message.en.contains("spaces after its delimiters") == true)
    }
}
