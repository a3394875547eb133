import Foundation
import Glibc
public import Logging
import SheetConsolidation
import SheetOutput
import SheetReading
public import SheetSchema
public import Synchronization

/// How a run is made (not what it does: that is the definition).
public struct RunOptions: Sendable {
    /// Files read at the same time (default: one per core).
    public var jobs: Int?
    /// Replaces the definition's output folder (relative to the working folder).
    public var outputDirectory: String?
    public var progress: RunProgress?
    /// Where the run says what it does: each file read, each stage's duration (silent by
    /// default; `--log-format json` gives it a `JSONLogHandler`).
    public var logger = Logger.silent
    public var toolVersion = "0"
    /// Data rows per sheet of a dataset's workbook (nil: as many as Excel allows); tests split
    /// small datasets with it.
    public var workbookRowsPerSheet: Int?
    /// A merge's shard results (the manifest's `run` part lists them).
    var mergedShards: [ShardResult.Summary]?

    public init(jobs: Int? = nil, outputDirectory: String? = nil, progress: RunProgress? = nil) {
        self.jobs = jobs
        self.outputDirectory = outputDirectory
        self.progress = progress
    }
}

/// Counters a terminal can show while the run goes on (read from another thread).
public final class RunProgress: Sendable {
    public let filesTotal = Atomic<Int>(0)
    public let filesDone = Atomic<Int>(0)
    public let rowsRead = Atomic<Int>(0)
    /// 0 reading and validating, 1 deduplicating and summing, 2 writing the outputs.
    public let stage = Atomic<Int>(0)
    public init() {}

    public var stageName: String { ["reading", "consolidating", "writing"][min(stage.load(ordering: .relaxed), 2)] }
}

/// A run that could not produce its outputs (the previous ones are left as they were).
public enum RunError: Error, CustomStringConvertible, Sendable {
    /// The definition or a schema cannot be used (exit 2).
    case configuration(String)
    /// Outputs cannot be written (exit 2: a folder to fix, or one sheetpipe refuses to replace).
    case output(String)
    /// No input file could be read: the previous outputs are kept (exit 3).
    case noInput(String)
    /// A broken promise of the program itself, such as counts that do not add up (exit 4).
    case internalFailure(String)

    public var description: String {
        switch self {
        case .configuration(let message), .output(let message), .noInput(let message),
            .internalFailure(let message):
            return message
        }
    }
}

/// One file's counts, as the manifest states them.
public struct FileCounts: Sendable, Equatable {
    public var rowsIn = 0
    public var rowsOut = 0
    public var rowsRejected = 0
    public var duplicatesMerged = 0
    public var superseded = 0

    public var reconciles: Bool { rowsIn == rowsOut + rowsRejected + duplicatesMerged + superseded }

    static func + (a: FileCounts, b: FileCounts) -> FileCounts {
        FileCounts(
            rowsIn: a.rowsIn + b.rowsIn, rowsOut: a.rowsOut + b.rowsOut, rowsRejected: a.rowsRejected + b.rowsRejected,
            duplicatesMerged: a.duplicatesMerged + b.duplicatesMerged, superseded: a.superseded + b.superseded)
    }
}

/// What a run did, for the summary at the end and the exit code.
public struct RunResult: Sendable {
    public struct DatasetResult: Sendable {
        public var name: String
        public var schema: String
        public var counts: FileCounts
        public var candidates: Int
    }

    public struct FileResult: Sendable {
        public var path: String
        public var status: FileValidation.Status
        public var error: String?
        public var counts: FileCounts
    }

    public var outputDirectory: String
    public var datasets: [DatasetResult]
    public var files: [FileResult]
    public var totals: FileCounts
    public var warnings: [String]
    /// Patterns that matched no file (a warning).
    public var unmatchedInputs: [String]
    /// Files named without a wildcard that do not exist (unreadable inputs, exit 3).
    public var missingInputs: [String]
    /// What the run chose to leave aside, said once (such as Excel lock files a pattern matched).
    public var notes: [String] = []
    public var reportFiles: [String]
    public var seconds: Double
}

/// `sheetpipe run`: reads and validates every input (several at a time), normalises the accepted
/// rows into spool files, then — in submission order — deduplicates and sums the national tables,
/// searches near-duplicates while the datasets are written, and writes every output into a
/// temporary folder that replaces the previous outputs only once complete.
public enum PipelineRun {
    public static func run(_ given: PipelineDefinition, folder: PipelineFolder, options: RunOptions) throws
        -> RunResult
    {
        let started = Date()
        var clock = StageClock(logger: options.logger)
        let plan = try RunPlan(given, folder: folder, options: options)
        let output = try plan.openOutput(options: options)
        let spoolFolder = output.temporary + "/.spool"
        guard mkdir(spoolFolder, 0o755) == 0 else {
            throw RunError.output(
                OutputError(path: output.final, action: "cannot write the new outputs", systemError: errno).description)
        }

        RunEvents.started(plan.definition, files: plan.submissions.count, output: output.final, logger: options.logger)
        let outcomes = readInputs(
            at: Array(plan.submissions.indices), of: plan, spoolFolder: spoolFolder, options: options)
        clock.lap("read_validate")
        return try consolidateAndWrite(
            plan, outcomes: outcomes, output: output, options: options, started: started, clock: clock)
    }

    /// Stage 1, in parallel: reads, validates, normalises and spools the inputs at `positions`
    /// of the submission list (all of them in a run, a shard's share in a shard), each file
    /// said to the logger as it ends.
    static func readInputs(at positions: [Int], of plan: RunPlan, spoolFolder: String, options: RunOptions)
        -> [FileOutcome]
    {
        options.progress?.filesTotal.store(positions.count, ordering: .relaxed)
        let reader = plan.references.fieldReader
        return ParallelMap.map(positions, jobs: options.jobs) { position in
            let started = DispatchTime.now()
            let outcome = FileStage.process(
                plan.submissions[position], index: position, definition: plan.definition, schemas: plan.schemas,
                reader: reader, spoolFolder: spoolFolder, progress: options.progress)
            options.progress?.filesDone.add(1, ordering: .relaxed)
            RunEvents.fileRead(outcome, since: started, logger: options.logger)
            return outcome
        }
    }

    /// Stages 2 and 3 over every input's outcome (read here, or by shards): what a single run and
    /// a merge share, so that they write the same bytes.
    static func consolidateAndWrite(
        _ plan: RunPlan, outcomes: [FileOutcome], output: OutputFolder, options: RunOptions, started: Date,
        clock given: StageClock
    ) throws -> RunResult {
        var clock = given
        let (definition, schemas, unmatched, missing, notes) = (
            plan.definition, plan.schemas, plan.unmatched, plan.missing, plan.notes
        )
        var warnings = plan.warnings
        // An output that could not be written (a full disk while spooling) fails the run, named.
        if let failure = outcomes.lazy.compactMap(\.outputError).first {
            throw RunError.output(failure.renamed(output.displayName).description)
        }
        if outcomes.allSatisfy({ $0.validation.status == .unreadable }) {
            throw RunError.noInput(
                noInputMessage(
                    output.final, unmatched: unmatched, missing: missing,
                    unreadable: outcomes.map(\.submission.path).filter { !missing.contains($0) }))
        }
        warnings += sameContentWarnings(outcomes)
        options.progress?.stage.store(1, ordering: .relaxed)

        // Stage 2, in submission order: deduplicate, summaries.
        var consolidation = Consolidation(
            definition: definition, schemas: schemas, outcomes: outcomes, jobs: options.jobs)
        clock.lap("consolidate")
        options.progress?.stage.store(2, ordering: .relaxed)

        // Stage 3: every output into the temporary folder, counts checked, then moved into place.
        // The near-duplicate search runs while the datasets are copied (the kernel does most of
        // that), and the logs that list its candidates are written after it.
        let search = Consolidation.Search(consolidation: consolidation, outcomes: outcomes, jobs: options.jobs)
        var writer = RunWriter(
            definition: definition, folder: output.temporary, outcomes: outcomes, consolidation: consolidation,
            schemas: schemas, ledger: output.ledger,
            rowsPerSheet: options.workbookRowsPerSheet ?? DatasetWorkbook.rowsPerSheet)
        writer.unmatchedInputs = unmatched
        writer.missingInputs = missing
        writer.jobs = options.jobs
        writer.keepsSpools = options.mergedShards != nil
        writer.referenceFolders = [plan.folder.path + "/reference"]
        let counts: [FileCounts]
        let candidates: [NearDuplicateSearch.Candidate]
        do {
            counts = try writer.writeData()
            warnings += writer.notices
            let (results, seconds) = search.wait()
            candidates = results.flatMap(\.candidates)
            consolidation.timings.append(("near_duplicates", seconds))
            warnings += results.flatMap(\.cappedBlocks).map(\.warning)
            writer.nearDuplicates = results
            try writer.writeLogs(candidates: candidates)
            warnings += writer.feedbackFailures
        } catch {
            // A folder or disk problem: the search is let finish, nothing is replaced.
            _ = search.wait()
            throw RunError.output(
                (error as? OutputError)?.renamed(output.displayName).description ?? "\(output.final): \(error)")
        }
        for (outcome, count) in zip(outcomes, counts) where !count.reconciles {
            throw RunError.internalFailure(
                "\(outcome.submission.path): rows do not add up (in \(count.rowsIn) ≠ out \(count.rowsOut) + rejected \(count.rowsRejected) + merged \(count.duplicatesMerged) + superseded \(count.superseded))"
            )
        }
        try? FileManager.default.removeItem(atPath: output.temporary + "/.spool")
        clock.lap("write")
        do {
            try writer.writeManifest(
                counts: counts, candidates: candidates, warnings: warnings, started: started,
                timings: clock.laps + consolidation.timings.map { ("consolidate.\($0.0)", $0.1) }, options: options)
            try output.ledger.write()
            try output.commit()
        } catch let error as OutputError {
            throw RunError.output(error.renamed(output.displayName).description)
        } catch let error as OutputRefusal {
            throw RunError.output(error.description)
        }

        var datasets: [RunResult.DatasetResult] = []
        for dataset in consolidation.datasets {
            var total = FileCounts()
            for (outcome, count) in zip(outcomes, counts) where outcome.datasetName == dataset.name {
                total = total + count
            }
            datasets.append(
                RunResult.DatasetResult(
                    name: dataset.name, schema: dataset.schema, counts: total,
                    candidates: candidates.filter { $0.dataset == dataset.name }.count))
        }
        return RunResult(
            outputDirectory: output.final, datasets: datasets,
            files: zip(outcomes, counts).map { outcome, count in
                RunResult.FileResult(
                    path: outcome.submission.path, status: outcome.validation.status,
                    error: outcome.validation.error?.message, counts: count)
            },
            totals: counts.reduce(FileCounts(), +), warnings: warnings, unmatchedInputs: unmatched,
            missingInputs: missing, notes: notes,
            reportFiles: definition.reportFormats.map { "\(output.final)/validation-report.\($0.rawValue)" },
            seconds: Date().timeIntervalSince(started))
    }

    /// Why a run that read no input replaces nothing: which inputs matched nothing, were missing
    /// or could not be read.
    static func noInputMessage(_ output: String, unmatched: [String], missing: [String], unreadable: [String])
        -> String
    {
        var parts: [String] = []
        if !unmatched.isEmpty { parts.append("matched no file: \(unmatched.joined(separator: ", "))") }
        if !missing.isEmpty { parts.append("missing: \(missing.joined(separator: ", "))") }
        if !unreadable.isEmpty { parts.append("unreadable: \(unreadable.joined(separator: ", "))") }
        let why = parts.isEmpty ? "the definition lists no input" : "inputs " + parts.joined(separator: "; ")
        return "no input file was read (\(why)); the previous outputs in \(output) are kept"
    }

    /// Two inputs with the same bytes are probably one file sent twice under two names.
    static func sameContentWarnings(_ outcomes: [FileOutcome]) -> [String] {
        var firstPath: [String: String] = [:]
        var warnings: [String] = []
        for outcome in outcomes {
            guard let hash = outcome.sha256 else { continue }
            if let first = firstPath[hash] {
                warnings.append(
                    "\(outcome.submission.path) and \(first) have the same content (SHA-256 \(hash)): the same file sent twice?"
                )
            } else {
                firstPath[hash] = outcome.submission.path
            }
        }
        return warnings
    }

    /// The schemas of the definition (none named: every schema of the folder), and those named by inputs.
    static func loadSchemas(_ definition: PipelineDefinition, folder: PipelineFolder) throws -> SchemaSet {
        var set = SchemaSet()
        do {
            // Each selector once: a definition may list thousands of inputs naming the same schema.
            var selectors = definition.schemas.isEmpty ? ["auto"] : definition.schemas
            selectors += definition.inputs.compactMap(\.schema)
            var loaded: Set<String> = []
            for selector in selectors.map(definition.resolvedSchemaSelector) where loaded.insert(selector).inserted {
                for named in try folder.schemas(for: selector) { set.add(named) }
            }
        } catch let error as SchemaError {
            throw RunError.configuration("\(definition.source): schema: \(error)")
        }
        return set
    }

    /// Fields named by datasets and summaries exist in their schemas.
    static func checkDefinition(_ definition: PipelineDefinition, schemas: SchemaSet) throws {
        for dataset in definition.datasets {
            guard let schema = schemas.byName[dataset.schema] else {
                throw RunError.configuration(
                    "\(definition.source): datasets: schema '\(dataset.schema)' is not among the run's schemas (\(schemas.names.joined(separator: ", ")))"
                )
            }
            for field in [dataset.nearDuplicates?.block].compactMap({ $0 }) + (dataset.nearDuplicates?.fields ?? [])
            where schema.schema.field(named: field) == nil {
                throw RunError.configuration(
                    "\(definition.source): datasets (\(dataset.schema)).near_duplicates: no field '\(field)' in the schema"
                )
            }
        }
        for table in definition.summaries {
            guard let schemaName = definition.schemaName(ofDataset: table.dataset),
                let schema = schemas.byName[schemaName]
            else {
                throw RunError.configuration(
                    "\(definition.source): summaries (\(table.name)).dataset: no dataset '\(table.dataset)'")
            }
            for field in table.groupBy + table.sums where schema.schema.field(named: field) == nil {
                throw RunError.configuration(
                    "\(definition.source): summaries (\(table.name)): no field '\(field)' in \(schemaName)")
            }
            for field in table.sums {
                let type = schema.schema.field(named: field)?.type
                if type != .number && type != .integer {
                    throw RunError.configuration(
                        "\(definition.source): summaries (\(table.name)).sum: '\(field)' is not a number")
                }
            }
        }
    }
}

/// The schemas of a run, by name, in the order first met.
struct SchemaSet: Sendable {
    private(set) var list: [NamedSchema] = []
    private(set) var byName: [String: NamedSchema] = [:]
    var names: [String] { list.map(\.name) }

    mutating func add(_ schema: NamedSchema) {
        guard byName[schema.name] == nil else { return }
        list.append(schema)
        byName[schema.name] = schema
    }
}

/// Wall time per stage, for the manifest.
struct StageClock {
    private var last = DispatchTime.now()
    private(set) var laps: [(String, Double)] = []
    private let logger: Logger

    init(logger: Logger = .silent) { self.logger = logger }

    /// Ends the stage `name` (said to the logger with its duration) and starts the next.
    mutating func lap(_ name: String) {
        let seconds = lap()
        laps.append((name, seconds))
        RunEvents.stageFinished(name, seconds: seconds, logger: logger)
    }

    /// Seconds since the last lap, and a new lap starts.
    mutating func lap() -> Double {
        let now = DispatchTime.now()
        defer { last = now }
        return Double(now.uptimeNanoseconds - last.uptimeNanoseconds) / 1e9
    }
}
