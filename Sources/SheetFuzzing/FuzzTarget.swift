import Foundation
import SheetPipeline
import SheetReading
import SheetSchema

/// The parsers libFuzzer drives (`make fuzz`), and the test suite replays on the committed
/// corpora (Fuzz/corpus/<target>/): each takes arbitrary bytes and must end with rows read or a
/// named refusal — never a crash, a hang or a memory blow-up.
package enum FuzzTarget: String, CaseIterable, Sendable {
    /// A whole file read as a workbook (zip bytes).
    case xlsx
    /// The bytes as the worksheet part of an otherwise valid one-sheet package.
    case sheetXML = "sheet-xml"
    /// The bytes as the shared-strings part (the sheet refers to strings 0–3).
    case sharedStrings = "shared-strings"
    /// The bytes as the styles part (the sheet's cells use styles 0–3).
    case styles
    /// A whole file read as an OpenDocument spreadsheet (zip bytes).
    case ods
    /// The bytes as `content.xml` of an otherwise valid OpenDocument package.
    case odsContent = "ods-content"
    /// The bytes as delimited text (encoding and delimiter detected).
    case csv
    /// The bytes as one French value: numbers of each kind, dates, booleans, identifiers, keys.
    case frenchValues = "french-values"
    /// The bytes as a Table Schema (JSON).
    case tableSchema = "table-schema"
    /// The bytes as a pipeline definition (YAML).
    case definition

    /// What one input gave.
    package enum Outcome: Equatable, Sendable {
        /// Read: rows (or values, fields, inputs) found.
        case read(Int)
        /// Refused, with the reason's code.
        case refused(String)
    }

    /// Small limits, so that a fuzzer's memory bound measures the code, not the default caps.
    static let options = ReadOptions(
        limits: ReadLimits(
            maxFileBytes: 4 * ReadLimits.mebibyte, maxEntries: 64, maxPartBytes: 16 * ReadLimits.mebibyte,
            maxTotalBytes: 32 * ReadLimits.mebibyte))

    /// The project's reference lists, which schemas' foreign keys name (fuzzing runs in the tree).
    static let references = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("pipelines/reference").path

    /// Runs one input; `scratch` is a folder of this process's for the files it needs.
    package func run(_ bytes: UnsafeBufferPointer<UInt8>, scratch: String) -> Outcome {
        switch self {
        case .xlsx: return Self.readFile(bytes, at: scratch + "/input.xlsx")
        case .csv: return Self.readFile(bytes, at: scratch + "/input.csv")
        case .ods: return Self.readFile(bytes, at: scratch + "/input.ods")
        case .odsContent:
            let path = scratch + "/content.ods"
            do {
                try OnePartSpreadsheet.write(content: Array(bytes), to: path)
            } catch {
                return .refused("cannot-write")
            }
            return Self.readWorkbook(at: path)
        case .sheetXML, .sharedStrings, .styles:
            let path = scratch + "/part.xlsx"
            do {
                try OnePartWorkbook.write(self, bytes: Array(bytes), to: path)
            } catch {
                return .refused("cannot-write")
            }
            return Self.readWorkbook(at: path)
        case .frenchValues: return .read(FrenchValues.parseAll(String(decoding: bytes, as: UTF8.self)))
        case .tableSchema:
            do {
                let schema = try TableSchema.decode(Data(bytes), file: "fuzz.json", referenceFolders: [Self.references])
                return .read(schema.fields.count)
            } catch {
                return .refused("schema")
            }
        case .definition:
            do {
                let text = String(decoding: bytes, as: UTF8.self)
                return .read(
                    try PipelineDefinition.parse(yaml: text, file: "fuzz.yml", baseDirectory: scratch).inputs.count)
            } catch {
                return .refused("definition")
            }
        }
    }

    private static func readFile(_ bytes: UnsafeBufferPointer<UInt8>, at path: String) -> Outcome {
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            return .refused("cannot-write")
        }
        return readWorkbook(at: path)
    }

    /// Every sheet's rows, the custom properties and number formats: all the reader parses.
    private static func readWorkbook(at path: String) -> Outcome {
        do {
            let file = try SpreadsheetFile.open(path, options: options)
            var rows = 0
            for sheet in file.sheets {
                _ = try file.readRows(of: sheet) { _ in rows += 1 }
            }
            if file.format == .xlsx {
                _ = try file.customProperties()
                _ = try file.customNumberFormats()
            }
            return .read(rows)
        } catch let error as ReadError {
            return .refused(error.code.rawValue)
        } catch {
            return .refused("other")
        }
    }
}
