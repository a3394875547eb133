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

    @Option(
        help: ArgumentHelp(
            "Also write a feedback workbook per file with an error or warning into this folder, and its index.csv.",
            valueName: "folder"))
    var feedback: String?

    @Option(help: "At most this many cells of a feedback workbook get a comment (the others are filled and listed).")
    var feedbackComments = FeedbackLimits().comments

    @OptionGroup var reading: ReadingOptions
    @OptionGroup var logging: LoggingOptions

    enum ReportFormat: String, ExpressibleByArgument { case text, json, jsonl, csv, html }
    enum FailOn: String, ExpressibleByArgument { case error, warning, never }

    func run() throws {
        guard let language = Language(rawValue: lang) else { throw ValidationError("--lang: fr or en") }
        let schemaFile = SchemaSelector(schema) == .file(schema) ? [schema] : []
        try OutputOntoInput.refuse(output: output, inputs: files + schemaFile)
        let options = try reading.readOptions()
        if let feedback { try refuseFeedbackFolder(feedback) }
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
        var report = ValidationReport(files: results)
        var feedbackFailed = false
        if let feedback {
            // A workbook that cannot be written does not cost the report: it is said, and the
            // exit code says it (2) unless an input was unreadable (3).
            do {
                let written = try writeFeedback(
                    results, into: feedback, folder: folder, schemas: schemas, options: options, language: language)
                report.feedbackWorkbooks = written.links
                feedbackFailed = written.failed
            } catch let error as CommandExit {
                throw error
            } catch {
                Console.error("--feedback \(feedback): \(error)")
                feedbackFailed = true
            }
        }
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
        if feedbackFailed { throw CommandExit(status: .usageError) }
        switch failOn {
        case .never: return
        case .error: if !report.valid { throw CommandExit(status: .completedWithIssues) }
        case .warning:
            if !report.valid || report.count(.warning) > 0 { throw CommandExit(status: .completedWithIssues) }
        }
    }

    /// The feedback workbooks and their index into `directory` (created if missing); returns each
    /// file's workbook as the report links to it, and whether one could not be written.
    func writeFeedback(
        _ results: [FileValidation], into directory: String, folder: PipelineFolder, schemas: [NamedSchema],
        options: ReadOptions, language: Language
    ) throws -> (links: [String: String], failed: Bool) {
        do {
            _ = try FeedbackFolder.prepare(directory)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch let error as OutputError {
            Console.error("--feedback \(error.description)")
            throw CommandExit(status: .usageError)
        }
        var referenceFolders = [folder.path + "/reference"]
        if SchemaSelector(schema) == .file(schema) {
            let schemaFolder = URL(fileURLWithPath: schema).deletingLastPathComponent()
            referenceFolders =
                [
                    schemaFolder.appendingPathComponent("../reference").standardizedFileURL.path, schemaFolder.path,
                ] + referenceFolders
        }
        guard feedbackComments >= 0 else { throw ValidationError("--feedback-comments: 0 or more") }
        var writer = FeedbackFolder(
            folder: directory, readOptions: options, language: language, schemas: schemas,
            expectedForms: FeedbackFolder.expectedForms(
                for: schemas, referenceFolders: referenceFolders, language: language))
        writer.limits.comments = feedbackComments
        let written: FeedbackFolder.Written
        do {
            written = try writer.write(results.map { FeedbackFolder.Submission(validation: $0) })
        } catch {
            Console.error("--feedback \(directory): \(error)")
            throw CommandExit(status: .usageError)
        }
        for failure in written.failures { Console.error(failure) }
        Console.note("\(directory): \(written.files.count - 1) feedback workbook(s) and index.csv")
        // The page links to each workbook: relative to the page when it is written to a file.
        let base = URL(fileURLWithPath: output ?? FileManager.default.currentDirectoryPath + "/-")
            .deletingLastPathComponent().standardizedFileURL.path
        let target = URL(fileURLWithPath: directory).standardizedFileURL.path
        let prefix =
            target == base
            ? "" : target.hasPrefix(base + "/") ? String(target.dropFirst(base.count + 1)) + "/" : target + "/"
        return (written.workbooks.mapValues { prefix + $0 }, !written.failures.isEmpty)
    }

    /// Before anything is read: the feedback folder must not name an input, the report, or a
    /// folder holding files sheetpipe did not write.
    func refuseFeedbackFolder(_ directory: String) throws {
        for name in FeedbackFolder.workbookNames(files) + ["index.csv"] {
            let path = "\(directory)/\(name)"
            try OutputOntoInput.refuse(output: path, inputs: files, option: "--feedback")
            if let output, let report = OutputOntoInput.identity(output), report == OutputOntoInput.identity(path) {
                Console.error("-o \(output) is the feedback folder's \(name): choose another report file")
                throw CommandExit(status: .usageError)
            }
        }
        if let refusal = FeedbackFolder.refusal(directory) {
            Console.error("--feedback \(refusal.description)")
            throw CommandExit(status: .usageError)
        }
    }
}
