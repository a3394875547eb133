import ArgumentParser
import Foundation
import Glibc
import Logging
import SheetPipeline
import SheetSchema
import Synchronization

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline: read, validate, normalise and deduplicate the inputs into national datasets.",
        discussion: """
            PIPELINE is a definition file (pipelines/*.yml) or its name; the default is \
            national-report, which reads samples/. Without a definition: --input FILE… --schema \
            NAME --out DIR. Outputs replace the previous ones only when complete, and only in a \
            folder sheetpipe owns (never /, the working or home folder, a folder holding the inputs \
            or the definition, or one holding files it did not write). Exit codes: 0 no row \
            rejected; 1 some rows or files rejected (see --fail-on); 2 definition, usage or output \
            error; 3 an input could not be read (the others were processed), or none was read (the \
            previous outputs are kept); 4 internal failure.
            """)

    @Argument(help: "A pipeline definition (.yml) or its name in the pipelines folder.")
    var pipeline: String?

    @Option(name: .customLong("input"), help: "Ad-hoc run: an input file or pattern (repeatable).")
    var inputs: [String] = []

    @Option(help: "Ad-hoc run: schema name, Table Schema file, or auto.")
    var schema = "auto"

    @Option(help: "The output folder (replaces the definition's).")
    var out: String?

    @Option(help: "Files read at the same time (default: one per core).")
    var jobs: Int?

    @Flag(help: "Also write feedback/: a workbook per file with an error or warning, and index.csv (outputs.feedback).")
    var feedback = false

    @Flag(help: "No progress and no summary (errors still go to stderr).")
    var quiet = false

    @Option(help: "What makes the exit code 1: error (default: rejected rows or files) or never.")
    var failOn: FailOn = .error

    @Option(help: "The folder holding schemas/ and reference/ (default: ./pipelines, or the installed copy).")
    var pipelines: String?

    @OptionGroup var logging: LoggingOptions

    enum FailOn: String, ExpressibleByArgument { case error, never }

    func validate() throws {
        if pipeline != nil && !inputs.isEmpty { throw ValidationError("give a pipeline or --input files, not both") }
        if !inputs.isEmpty && out == nil { throw ValidationError("--input needs --out (where the outputs go)") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs: at least 1") }
    }

    func run() throws {
        SignalCleanup.install()
        let folder: PipelineFolder
        do {
            folder = try PipelineFolder.locate(pipelines, executable: currentExecutable)
        } catch let error as PipelineFolderError {
            throw ValidationError(error.message)
        }
        var definition: PipelineDefinition
        do {
            definition = try loadDefinition(folder)
        } catch let error as DefinitionError {
            Console.error(error.description)
            throw CommandExit(status: .usageError)
        }
        if feedback { definition.feedback = true }
        var options = RunOptions(jobs: jobs, outputDirectory: out)
        options.toolVersion = Sheetpipe.configuration.version
        let progress = RunProgress()
        options.progress = progress
        if let logger = Console.logger { options.logger = logger }
        let display = quiet || logging.isJSON || isatty(2) == 0 ? nil : ProgressLine(progress)
        display?.start()
        let result: RunResult
        do {
            result = try PipelineRun.run(definition, folder: folder, options: options)
            display?.stop()
        } catch let error as RunError {
            display?.stop()
            let status: ExitStatus
            switch error {
            case .internalFailure: status = .internalFailure
            case .noInput: status = .unreadableInput
            case .configuration, .output: status = .usageError
            }
            Console.error(
                error.description, metadata: ["stage": "done", "exit_code": .stringConvertible(Int(status.rawValue))])
            throw CommandExit(status: status)
        }
        let status = exitStatus(result)
        if !quiet && !logging.isJSON {
            print(Console.visible(summary(result, definition: definition), keepingLineBreaks: true), terminator: "")
        }
        for note in result.notes { Console.info(note) }
        for warning in result.warnings { Console.warning(warning) }
        for file in result.files where file.status == .unreadable {
            // Reading errors already start with the file's path.
            let error = file.error ?? "unreadable"
            Console.error(error.hasPrefix(file.path) ? error : "\(file.path): \(error)")
        }
        // For a batch platform, the summary is the last line: one object.
        if let logger = Console.logger {
            var metadata = result.logMetadata
            metadata["pipeline"] = .string(definition.name)
            metadata["exit_code"] = .stringConvertible(Int(status.rawValue))
            logger.info("run finished", metadata: metadata)
        }
        if status != .success { throw CommandExit(status: status) }
    }

    /// 3 when an input could not be read, 1 when rows or files were rejected (unless
    /// `--fail-on never`), else 0.
    private func exitStatus(_ result: RunResult) -> ExitStatus {
        if result.files.contains(where: { $0.status == .unreadable }) { return .unreadableInput }
        if failOn == .error, result.totals.rowsRejected > 0 || result.files.contains(where: { $0.status == .rejected })
        {
            return .completedWithIssues
        }
        return .success
    }

    private func loadDefinition(_ folder: PipelineFolder) throws -> PipelineDefinition {
        if !inputs.isEmpty {
            var definition = PipelineDefinition(
                name: "ad-hoc", baseDirectory: ".", schemas: schema == "auto" ? [] : [schema],
                inputs: inputs.map { PipelineDefinition.input(path: $0) }, outputDirectory: out ?? "out",
                source: "command line")
            definition.title = "sheetpipe run --input"
            return definition
        }
        let name = pipeline ?? "national-report"
        let path =
            name.hasSuffix(".yml") || name.hasSuffix(".yaml") || name.contains("/")
            ? name : "\(folder.path)/\(name).yml"
        return try PipelineDefinition.load(path: path)
    }

    private func summary(_ result: RunResult, definition: PipelineDefinition) -> String {
        func number(_ value: Int) -> String {
            let digits = String(value)
            var out = ""
            for (offset, character) in digits.enumerated() {
                if offset > 0 && (digits.count - offset) % 3 == 0 { out += " " }
                out.append(character)
            }
            return out
        }
        var statuses: [String: Int] = [:]
        for file in result.files { statuses[file.status.rawValue, default: 0] += 1 }
        let statusText = ["accepted", "partial", "rejected", "unreadable"].compactMap { status in
            statuses[status].map { "\($0) \(status)" }
        }.joined(separator: ", ")
        var lines = [
            "\(definition.name): \(result.files.count) files (\(statusText)) in \(String(format: "%.2f", result.seconds)) s"
        ]
        let width = result.datasets.map(\.name.count).max() ?? 0
        for dataset in result.datasets {
            let counts = dataset.counts
            let name = dataset.name.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append(
                "  \(name)  \(number(counts.rowsIn)) rows in → \(number(counts.rowsOut)) out, \(number(counts.rowsRejected)) rejected, \(number(counts.duplicatesMerged)) merged, \(number(counts.superseded)) superseded; \(number(dataset.candidates)) near-duplicate candidate(s) to review"
            )
        }
        if !result.unmatchedInputs.isEmpty {
            lines.append("  inputs that matched no file: \(result.unmatchedInputs.joined(separator: ", "))")
        }
        if !result.missingInputs.isEmpty {
            lines.append("  missing inputs (unreadable): \(result.missingInputs.joined(separator: ", "))")
        }
        let totals = result.totals
        lines.append(
            "  rows in = out + rejected + merged + superseded: \(number(totals.rowsIn)) = \(number(totals.rowsOut)) + \(number(totals.rowsRejected)) + \(number(totals.duplicatesMerged)) + \(number(totals.superseded))"
        )
        lines.append(
            "Outputs: \(result.outputDirectory)/ (datasets, datapackage.json, summary/, rejected/, merge-log.csv, manifest.json)"
        )
        if let report = result.reportFiles.first(where: { $0.hasSuffix(".html") }) ?? result.reportFiles.first {
            lines.append("Validation log: \(report)")
        }
        if definition.feedback {
            lines.append("Feedback workbooks: \(result.outputDirectory)/feedback/ (index.csv lists them)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// `files 3/21 · 12 345 rows · 1.2 s` on stderr, redrawn in place while the run goes on.
final class ProgressLine: @unchecked Sendable {
    private let progress: RunProgress
    private let running = Atomic<Bool>(true)
    private var thread: Thread?
    private let started = Date()

    init(_ progress: RunProgress) { self.progress = progress }

    func start() {
        let thread = Thread { [self] in
            while running.load(ordering: .relaxed) {
                draw()
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
        self.thread = thread
        thread.start()
    }

    private func draw() {
        let line =
            "\r\u{1B}[2K\(progress.stageName): files \(progress.filesDone.load(ordering: .relaxed))/\(progress.filesTotal.load(ordering: .relaxed)) · \(progress.rowsRead.load(ordering: .relaxed)) rows · \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
        Console.write(line)
    }

    func stop() {
        running.store(false, ordering: .relaxed)
        Console.write("\r\u{1B}[2K")
    }
}
