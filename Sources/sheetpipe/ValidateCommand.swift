import ArgumentParser
import Foundation
import SheetOutput
import SheetReading
import SheetSchema

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate files against a schema and write the validation log.",
        discussion: """
            --schema takes a schema name (project-sheet, csr-contribution), a Table Schema file, or \
            auto (the schema whose headers match best). Exit codes: 0 valid; 1 some rows or files \
            invalid (see --fail-on); 2 usage or schema error; 3 an input could not be read; 4 internal failure.
            """)

    @Argument(help: "XLSX, XLSM, CSV, TSV or TXT files.")
    var files: [String]

    @Option(help: "Schema name, Table Schema file, or auto.")
    var schema = "auto"

    @Option(help: "text, json, jsonl, csv or html.")
    var format: ReportFormat = .text

    @Option(help: "Language of the messages in text and CSV reports (fr or en).")
    var lang: String = "fr"

    @Option(name: .shortAndLong, help: "Write the report to this file (default: standard output).")
    var output: String?

    @Option(help: "The sheet to read (default: the one whose header matches the schema, else the first visible).")
    var sheet: String?

    @Option(help: "What makes the exit code 1: error (default), warning, or never.")
    var failOn: FailOn = .error

    @Option(help: "The folder holding schemas/ and reference/ (default: ./pipelines, or the installed copy).")
    var pipelines: String?

    @OptionGroup var reading: ReadingOptions

    enum ReportFormat: String, ExpressibleByArgument { case text, json, jsonl, csv, html }
    enum FailOn: String, ExpressibleByArgument { case error, warning, never }

    func run() throws {
        guard let language = Language(rawValue: lang) else { throw ValidationError("--lang: fr or en") }
        let options = try reading.readOptions()
        let folder = try PipelineFolder.locate(pipelines)
        let schemas: [NamedSchema]
        do {
            schemas = try folder.schemas(for: schema)
        } catch let error as SchemaError {
            Console.error("schema: \(error)")
            throw CommandExit(status: .usageError)
        }
        let places = try? FrenchPlaces.load(directory: folder.path + "/reference")
        if places == nil {
            Console.warning(
                "no reference lists under \(folder.path)/reference: regions and departments are not checked")
        }
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        let validator = FileValidator(
            schemas: schemas, reader: FieldReader(places: places, currentYear: year), readOptions: options, sheet: sheet
        )
        // Files are independent: both cores, results in the order given.
        let results = ParallelMap.map(files) { validator.validate(path: $0) }
        let report = ValidationReport(files: results)
        let text: String
        switch format {
        case .text: text = report.text(language: language)
        case .json: text = try report.json()
        case .jsonl: text = try report.jsonLines()
        case .csv: text = report.csv(language: language)
        case .html: text = report.html(language: language)
        }
        do {
            let sink = try output.map { try OutputSink(path: $0) } ?? OutputSink()
            sink.append(text)
            try sink.commit()
        } catch let error as OutputError {
            Console.error(error.description)
            throw CommandExit(status: .usageError)
        }
        for file in results where file.status == .unreadable {
            Console.error(file.error?.message ?? file.path)
        }
        if results.contains(where: { $0.status == .unreadable }) { throw CommandExit(status: .unreadableInput) }
        switch failOn {
        case .never: return
        case .error: if !report.valid { throw CommandExit(status: .completedWithIssues) }
        case .warning:
            if !report.valid || report.count(.warning) > 0 { throw CommandExit(status: .completedWithIssues) }
        }
    }
}

/// Where schemas and reference lists are: `--pipelines`, `$SHEETPIPE_PIPELINES`, `./pipelines`,
/// or the copy installed next to the binary (`../share/sheetpipe/pipelines`).
struct PipelineFolder {
    var path: String

    static func locate(_ given: String?) throws -> PipelineFolder {
        var candidates: [String] = []
        if let given { candidates.append(given) }
        if let environment = ProcessInfo.processInfo.environment["SHEETPIPE_PIPELINES"] {
            candidates.append(environment)
        }
        candidates.append("pipelines")
        let binary = URL(fileURLWithPath: currentExecutable).deletingLastPathComponent()
        candidates.append(binary.appendingPathComponent("../share/sheetpipe/pipelines").standardized.path)
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate + "/schemas", isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                return PipelineFolder(path: candidate)
            }
        }
        if given != nil { throw ValidationError("--pipelines: no schemas/ folder in \(given!)") }
        throw ValidationError("no pipelines folder found (give --pipelines, or run from the project folder)")
    }

    var schemaNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path + "/schemas")) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// `auto` → every schema of the folder; a name → that one; a path → that file.
    func schemas(for selector: String) throws -> [NamedSchema] {
        if selector == "auto" {
            let names = schemaNames
            guard !names.isEmpty else {
                throw SchemaError(file: path + "/schemas", property: "(folder)", reason: "no schema found")
            }
            return try names.map {
                NamedSchema(name: $0, schema: try TableSchema.load(path: path + "/schemas/\($0).json"))
            }
        }
        if selector.hasSuffix(".json") || selector.contains("/") {
            let name = URL(fileURLWithPath: selector).deletingPathExtension().lastPathComponent
            return [NamedSchema(name: name, schema: try TableSchema.load(path: selector))]
        }
        let file = path + "/schemas/\(selector).json"
        guard FileManager.default.fileExists(atPath: file) else {
            throw SchemaError(
                file: selector, property: "--schema",
                reason: "unknown schema name (known: \(schemaNames.joined(separator: ", ")), auto, or a .json file)")
        }
        return [NamedSchema(name: selector, schema: try TableSchema.load(path: file))]
    }
}
