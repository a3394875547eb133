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
            previous outputs are kept); 4 internal failure. \
            With --shard I/N --work DIR (a Kubernetes Indexed Job: I from JOB_COMPLETION_INDEX, N \
            from SHEETPIPE_SHARDS), only the inputs of shard I are read, into DIR/I; `sheetpipe \
            merge --work DIR` then writes the outputs. A shard exits 0 once its result is \
            complete (rejected rows are the merge's to report), 2 on a definition or usage error \
            (not worth a retry), 3 when the work folder cannot be written and 4 on an internal \
            failure (both worth a retry).
            """)

    @OptionGroup var given: DefinitionArguments

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

    @Option(help: "Read only shard I of N into --work (default: JOB_COMPLETION_INDEX / SHEETPIPE_SHARDS).")
    var shard: String?

    @Option(help: "The work folder of a sharded run: each shard's result goes into DIR/I.")
    var work: String?

    @OptionGroup var logging: LoggingOptions

    enum FailOn: String, ExpressibleByArgument { case error, never }

    func validate() throws {
        if !given.inputs.isEmpty && out == nil && work == nil {
            throw ValidationError("--input needs --out (where the outputs go)")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs: at least 1") }
        if shard != nil && work == nil { throw ValidationError("--shard needs --work (where the shard result goes)") }
        // An Indexed Job whose arguments forgot --work would have every pod run the whole pipeline
        // into the same output folder.
        if work == nil, let shards = ProcessInfo.processInfo.environment["SHEETPIPE_SHARDS"] {
            throw ValidationError(
                "SHEETPIPE_SHARDS=\(shards) is set: a shard needs --work DIR (where its result goes); unset it for a single run"
            )
        }
        if let shard, ShardAssignment(shard) == nil {
            throw ValidationError("--shard: I/N with 0 ≤ I < N (such as 0/4), not '\(shard)'")
        }
        if work != nil && (out != nil || feedback) {
            throw ValidationError("a shard writes no output: give --out and --feedback to `sheetpipe merge`")
        }
    }

    /// The shard this process is: `--shard`, else the Indexed Job's environment.
    func shardAssignment() throws -> ShardAssignment {
        if let shard, let assignment = ShardAssignment(shard) { return assignment }
        let environment = ProcessInfo.processInfo.environment
        guard let index = environment["JOB_COMPLETION_INDEX"], let count = environment["SHEETPIPE_SHARDS"] else {
            throw ValidationError(
                "--work needs --shard I/N, or JOB_COMPLETION_INDEX and SHEETPIPE_SHARDS in the environment")
        }
        guard let assignment = ShardAssignment("\(index)/\(count)") else {
            throw ValidationError(
                "JOB_COMPLETION_INDEX=\(index), SHEETPIPE_SHARDS=\(count): an index from 0 to the count less one")
        }
        return assignment
    }

    func run() throws {
        SignalCleanup.install()
        let (folder, loaded) = try given.load(out: out)
        var definition = loaded
        if feedback { definition.feedback = true }
        if let work { return try runShard(definition, folder: folder, shard: try shardAssignment(), work: work) }
        var options = RunOptions(jobs: jobs, outputDirectory: out)
        options.toolVersion = Sheetpipe.configuration.version
        if let logger = Console.logger { options.logger = logger }
        let progress = RunProgress()
        options.progress = progress
        let display = quiet || logging.isJSON || isatty(2) == 0 ? nil : ProgressLine(progress)
        display?.start()
        let result: RunResult
        do {
            result = try PipelineRun.run(definition, folder: folder, options: options)
            display?.stop()
        } catch let error as RunError {
            display?.stop()
            throw Self.exit(for: error)
        }
        try Self.report(result, definition: definition, quiet: quiet, failOn: failOn)
    }

    /// One shard of a sharded run: 0 once its result is complete, 2 for what a retry cannot
    /// mend, 3 or 4 for what it may.
    private func runShard(
        _ definition: PipelineDefinition, folder: PipelineFolder, shard: ShardAssignment, work: String
    )
        throws
    {
        // Every line of a shard's log says which shard spoke.
        Console.tag("shard", "\(shard.index)/\(shard.count)")
        var options = RunOptions(jobs: jobs)
        options.toolVersion = Sheetpipe.configuration.version
        if let logger = Console.logger { options.logger = logger }
        let result: ShardRunResult
        do {
            result = try PipelineRun.runShard(definition, folder: folder, options: options, shard: shard, work: work)
        } catch let error as RunError {
            let status: ExitStatus
            switch error {
            case .configuration: status = .usageError
            case .output, .noInput: status = .unreadableInput
            case .internalFailure: status = .internalFailure
            }
            Console.error(error.description, metadata: Self.ending(status))
            throw CommandExit(status: status)
        }
        if let logger = Console.logger {
            var metadata = Self.ending(.success)
            metadata["files"] = .stringConvertible(result.files)
            metadata["counts"] = ["rows_in": .stringConvertible(result.rowsIn)]
            metadata["unreadable"] = .stringConvertible(result.unreadable)
            metadata["output"] = .string(result.folder)
            metadata["duration_s"] = .stringConvertible((result.seconds * 1000).rounded() / 1000)
            logger.info("shard finished", metadata: metadata)
        } else if !quiet {
            print(
                "shard \(shard.index)/\(shard.count): \(result.files) files, \(result.rowsIn) rows read (\(result.unreadable) unreadable) in \(String(format: "%.2f", result.seconds)) s → \(result.folder)"
            )
        }
    }

    /// The exit of a run (or merge) that wrote nothing, its reason on stderr.
    static func exit(for error: RunError) -> CommandExit {
        let status: ExitStatus
        switch error {
        case .internalFailure: status = .internalFailure
        case .noInput: status = .unreadableInput
        case .configuration, .output: status = .usageError
        }
        Console.error(error.description, metadata: ending(status))
        return CommandExit(status: status)
    }

    /// The metadata of a command's last log line.
    static func ending(_ status: ExitStatus) -> Logger.Metadata {
        ["stage": "done", "exit_code": .stringConvertible(Int(status.rawValue))]
    }

    /// The summary, notes, warnings and errors of a run (or merge) that wrote its outputs, and
    /// its exit code.
    static func report(_ result: RunResult, definition: PipelineDefinition, quiet: Bool, failOn: FailOn) throws {
        let status = exitStatus(result, failOn: failOn)
        if !quiet && Console.logger == nil {
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
            var metadata = result.logMetadata.merging(ending(status)) { _, ending in ending }
            metadata["pipeline"] = .string(definition.name)
            logger.info("run finished", metadata: metadata)
        }
        if status != .success { throw CommandExit(status: status) }
    }

    /// 3 when an input could not be read, 1 when rows or files were rejected (unless
    /// `--fail-on never`), else 0.
    static func exitStatus(_ result: RunResult, failOn: FailOn) -> ExitStatus {
        if result.files.contains(where: { $0.status == .unreadable }) { return .unreadableInput }
        if failOn == .error, result.totals.rowsRejected > 0 || result.files.contains(where: { $0.status == .rejected })
        {
            return .completedWithIssues
        }
        return .success
    }

    private static func summary(_ result: RunResult, definition: PipelineDefinition) -> String {
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
