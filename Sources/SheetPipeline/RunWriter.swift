import Foundation
import Glibc
import SheetConsolidation
import SheetOutput
import SheetReading
import SheetSchema

/// Stage 3: every output of a run, into the temporary folder, one file per output (datasets,
/// rejected rows, merge log, validation log, data package, manifest). Rows are copied from the
/// spools in submission order (a file's rows in their order); what is counted while copying is
/// what the manifest states and what the reconciliation checks.
struct RunWriter {
    let definition: PipelineDefinition
    let folder: String
    let outcomes: [FileOutcome]
    let consolidation: Consolidation
    let schemas: SchemaSet
    /// Every output written, by path relative to the folder (the manifest lists them).
    private(set) var outputs: [String] = []
    /// Inputs that matched nothing (patterns) or are missing (files named without a wildcard).
    var unmatchedInputs: [String] = []
    var missingInputs: [String] = []
    /// The near-duplicate searches (how similarity was computed, capped blocks: the merge log says).
    var nearDuplicates: [NearDuplicateSearch.Result] = []
    /// Each output is handed to it once complete (hashed while the next ones are written).
    let ledger: OutputLedger?
    /// Workbooks written at a time (`--jobs`).
    var jobs: Int?
    /// The spools are a shard result's, read by a merge: copied, never deleted, so that the merge
    /// can run again (a Job's retry, another --out) on the same results.
    var keepsSpools = false
    /// Where the dropdown lists are, for the forms feedback comments expect.
    var referenceFolders: [String] = []
    /// Feedback workbooks that could not be written (the manifest's warnings say so).
    private(set) var feedbackFailures: [String] = []
    /// Data rows per sheet of `<dataset>.xlsx` (a parameter so that tests can split small datasets).
    let rowsPerSheet: Int
    /// The creation date stamped in every workbook: the latest submission date, never the clock,
    /// so that two runs give the same bytes.
    let creationDate: Int
    /// Per dataset, the sheets of its workbook and their rows (the manifest lists them).
    var workbookSheets: [String: [DatasetWorkbook.Sheet]] = [:]
    /// Warnings about what was written (a workbook continued over sheets, texts cut).
    var notices: [String] = []

    init(
        definition: PipelineDefinition, folder: String, outcomes: [FileOutcome], consolidation: Consolidation,
        schemas: SchemaSet, ledger: OutputLedger? = nil, rowsPerSheet: Int = DatasetWorkbook.rowsPerSheet
    ) {
        self.rowsPerSheet = rowsPerSheet
        creationDate = Self.creationDate(outcomes.compactMap(\.submission.submitted))
        self.definition = definition
        self.folder = folder
        self.ledger = ledger
        self.outcomes = outcomes
        self.consolidation = consolidation
        self.schemas = schemas
    }

    static let provenance = ["source_file", "source_sheet", "source_row"]

    /// Datasets, rejected rows and summaries (what near-duplicates do not change). Returns the
    /// counts of each input, in submission order.
    mutating func writeData() throws -> [FileCounts] {
        var counts = outcomes.map { FileCounts(rowsIn: $0.validation.rowsIn) }
        for subfolder in ["rejected", "summary"] where mkdir("\(folder)/\(subfolder)", 0o755) != 0 && errno != EEXIST {
            throw OutputError(path: "\(folder)/\(subfolder)", action: "cannot create the folder", systemError: errno)
        }
        for dataset in consolidation.datasets {
            try writeDataset(dataset, counts: &counts)
            try writeRejected(dataset, counts: &counts)
        }
        for (input, left) in consolidation.decisions.counts().enumerated() {
            counts[input].duplicatesMerged += left.merged
            counts[input].superseded += left.superseded
        }
        for table in consolidation.summaries {
            try write("summary/\(table.definition.name).csv", table.csv())
        }
        if definition.datasetFormats.contains(.xlsx) && !consolidation.summaries.isEmpty {
            try SummaryWorkbook(tables: consolidation.summaries, created: creationDate).write(
                to: "\(folder)/summary.xlsx")
            record("summary.xlsx")
        }
        return counts
    }

    /// The latest submission date (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`), in seconds since 1970;
    /// the writer's fixed date when there is none.
    static func creationDate(_ submitted: [String]) -> Int {
        guard let latest = submitted.max(), let days = SpoolRecordCells.isoDays(latest) else {
            return XlsxWriter.fixedCreationDate
        }
        return days * 86_400 + (SpoolRecordCells.isoSeconds(latest) ?? 0)
    }

    /// Merge log, feedback workbooks, validation log and data package, once the near-duplicate
    /// candidates are known.
    mutating func writeLogs(candidates: [NearDuplicateSearch.Candidate]) throws {
        try writeMergeLog(candidates: candidates)
        let files = reportFiles(candidates: candidates)
        let workbooks = definition.feedback ? try writeFeedback(files) : [:]
        try writeReport(files, feedbackWorkbooks: workbooks)
        // (It describes the CSV files: without them there is nothing for it to describe.)
        if definition.datasetFormats.contains(.csv) {
            try write(
                "datapackage.json",
                DataPackage(definition: definition, datasets: consolidation.datasets).json.bytes())
        }
    }

    /// `manifest.json`, last: it lists every other output.
    mutating func writeManifest(
        counts: [FileCounts], candidates: [NearDuplicateSearch.Candidate], warnings: [String], started: Date,
        timings: [(String, Double)], options: RunOptions
    ) throws {
        let manifest = RunManifest(
            definition: definition, schemas: schemas, outcomes: outcomes, counts: counts,
            datasets: consolidation.datasets, candidates: candidates, outputs: outputs, warnings: warnings,
            unmatchedInputs: unmatchedInputs, missingInputs: missingInputs, started: started, finished: Date(),
            timings: timings, options: options, workbookSheets: workbookSheets)
        try write("manifest.json", manifest.json.bytes())
    }

    mutating func write(_ name: String, _ bytes: [UInt8]) throws {
        try Self.writeFile("\(folder)/\(name)") { $0.append(bytes) }
        record(name)
    }

    /// An output is complete: listed in the manifest and handed to the ledger.
    mutating func record(_ name: String) {
        outputs.append(name)
        ledger?.add(name)
    }

    /// A whole file, atomically (a temporary name, synced, then renamed into place).
    static func writeFile(_ path: String, _ fill: (OutputSink) throws -> Void) throws {
        let sink = try OutputSink(path: path)
        try fill(sink)
        try sink.commit()
    }

    /// `feedback/`: a workbook per submission with an error or warning, and `index.csv`. Returns
    /// each file's workbook as the validation page links to it.
    mutating func writeFeedback(_ files: [FileValidation]) throws -> [String: String] {
        let subfolder = "feedback"
        guard mkdir("\(folder)/\(subfolder)", 0o755) == 0 || errno == EEXIST else {
            throw OutputError(path: "\(folder)/\(subfolder)", action: "cannot create the folder", systemError: errno)
        }
        let language = Language(rawValue: definition.language) ?? .fr
        var feedback = FeedbackFolder(
            folder: "\(folder)/\(subfolder)",
            readOptions: definition.readOptions,
            language: language, schemas: schemas.list,
            expectedForms: FeedbackFolder.expectedForms(
                for: schemas.list, referenceFolders: referenceFolders, language: language))
        feedback.jobs = jobs
        let written = try feedback.write(
            zip(outcomes, files).map { outcome, validation in
                FeedbackFolder.Submission(
                    validation: validation, submitter: outcome.submission.input.submitter,
                    submitted: outcome.submission.submitted)
            })
        for name in written.files { record("\(subfolder)/\(name)") }
        feedbackFailures = written.failures
        return written.workbooks.mapValues { "\(subfolder)/\($0)" }
    }

    func csvHeader(_ names: [String]) -> [UInt8] {
        var header: [UInt8] = []
        CsvFieldWriter.appendRecord(names, to: &header)
        return header
    }
}
