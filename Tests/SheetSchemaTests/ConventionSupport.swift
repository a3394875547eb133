import Foundation
import SheetReading
import SheetSchema
import SheetTestSupport

/// A two-column French schema (`id`, and an amount or a date) and CSV files to read with it,
/// their values collected as `run` collects them (a second reading when the file asks for one).
enum ConventionSupport {
    static func schema(_ type: String) throws -> TableSchema {
        let kind = type == "number" ? #", "kind": "amount""# : ""
        let text = #"""
            {"name": "mini", "locale": "fr", "fields": [{"name": "id", "type": "string"},
             {"name": "valeur", "type": "\#(type)"\#(kind)}]}
            """#
        let directory = try TestFiles.folder("sheetpipe-convention")
        let path = directory.appendingPathComponent("mini-\(type).json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return try TableSchema.load(path: path)
    }

    /// What validating a file gave, and the value of `valeur` on each data row (by row number).
    struct Reading {
        var validation: FileValidation
        var values: [Int: TypedValue?]
        /// The file was read a second time with the conventions its columns showed.
        var readTwice: Bool

        func issues(_ code: String) -> [ValidationIssue] { validation.issues.filter { $0.code == code } }
    }

    /// Reads `lines` (header first) as a CSV file with `delimiter` against the schema of `type`.
    static func read(_ lines: [String], type: String = "number", delimiter: String = ";") throws -> Reading {
        let directory = try TestFiles.folder("sheetpipe-convention")
        let path = directory.appendingPathComponent("values.csv").path
        try Data((["id\(delimiter)valeur"] + lines).joined(separator: "\n").appending("\n").utf8).write(
            to: URL(fileURLWithPath: path))
        return try read(path: path, type: type)
    }

    /// Reads a workbook whose column B holds `texts` (text cells, in the shared strings when
    /// `shared`) and `numbers` (number cells), by cell reference, under the header `id | valeur`.
    static func readWorkbook(
        texts: [(String, String)], numbers: [(String, String)] = [], shared: Bool = false, type: String = "number"
    ) throws -> Reading {
        let directory = try TestFiles.folder("sheetpipe-convention")
        let path = directory.appendingPathComponent("values.xlsx").path
        let rows = Set((texts + numbers).map { $0.0.dropFirst() })
        let ids = rows.map { ("A\($0)", "R\($0)") }
        let header = [("A1", "id"), ("B1", "valeur")]
        try TestWorkbook.write(
            cells: header + ids + (shared ? [] : texts), numbers: numbers, shared: shared ? texts : [], to: path)
        return try read(path: path, type: type)
    }

    static func read(path: String, type: String) throws -> Reading {
        let validator = FileValidator(
            schemas: [NamedSchema(name: "mini", schema: try schema(type))],
            reader: FieldReader(places: nil, currentYear: 2026), readOptions: ReadOptions(), sheet: nil)
        let prepared = try validator.prepare(path: path)
        var values: [Int: TypedValue?] = [:]
        let sink: (ValidatedRow) -> Void = { row in values[row.number] = row.values[1] }
        var validation = validator.validate(prepared, into: sink)
        let conventions = validation.secondReading
        if let conventions {
            values = [:]
            validation = validator.validate(prepared, conventions: conventions, into: sink)
        }
        return Reading(validation: validation, values: values, readTwice: conventions != nil)
    }

    static func number(_ value: TypedValue??) -> Decimal? {
        if case .number(let decimal, _)?? = value { return decimal }
        return nil
    }

    static func date(_ value: TypedValue??) -> String? {
        if case .date(let text)?? = value { return text }
        return nil
    }
}
