import ArgumentParser
import Foundation
import SheetOutput
import SheetPipeline
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
        let schemaFile = SchemaSelector(schema) == .file(schema) ? [schema] : []
        try OutputOntoInput.refuse(output: output, inputs: files + schemaFile)
        let options = try reading.readOptions()
        let folder: PipelineFolder
        do {
            folder = try PipelineFolder.locate(pipelines, executable: currentExecutable)
        } catch let error as PipelineFolderError {
            throw ValidationError(error.message)
        }
        let schemas: [NamedSchema]
        do {
            schemas = try folder.schemas(for: schema)
        } catch let error as SchemaError {
            Console.error("schema: \(error)")
            throw CommandExit(status: .usageError)
        }
        let references = ValidationReferences(folder: folder)
        if let warning = references.missingWarning { Console.warning(warning) }
        let validator = FileValidator(
            schemas: schemas, reader: references.fieldReader, readOptions: options, sheet: sheet)
        // Files are independent: validated in parallel (one per core), results in the order given.
        let results = ParallelMap.map(files) { validator.validate(path: $0) }
        let report = ValidationReport(files: results)
        do {
            // Written as it is read back from the issues' spools: never held whole.
            let sink = try output.map { try OutputSink(path: $0) } ?? OutputSink()
            try report.write(ValidationReport.Format(rawValue: format.rawValue)!, language: language, to: sink)
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
