import Foundation
public import SheetConsolidation
public import SheetReading

/// A pipeline definition (`pipelines/*.yml`): which files, read with which schema, deduplicated
/// how, summarised how, written where. Relative paths are relative to the definition's folder.
public struct PipelineDefinition: Sendable {
    public struct Input: Sendable {
        /// A file, or a glob pattern (`*`, `?`, `[…]`).
        public var path: String
        /// A schema name or file; nil: the schema whose header matches best.
        public var schema: String?
        public var submitter: String?
        /// The region code the submission is expected to be about (rows saying another get a warning).
        public var region: String?
        public var campaign: Int?
        /// The date the submission was received (ISO); nil: the file's modification time.
        public var submitted: String?
        public var line: Int
    }

    public struct Dataset: Sendable {
        /// The schema it collects (by name).
        public var schema: String
        /// The name of the output files (default: the schema's name).
        public var name: String
        public var nearDuplicates: NearDuplicates?
    }

    public struct NearDuplicates: Sendable {
        public var block: String
        public var fields: [String]
        public var threshold: Double
        /// The most candidates a block lists (`max_candidates_per_block`); the rest are counted.
        public var maxPerBlock = NearDuplicateSearch.defaultBlockCap
    }

    public enum ReportFormat: String, Sendable, CaseIterable { case json, jsonl, csv, html }

    /// The files each dataset is written as (`outputs.formats`).
    public enum DatasetFormat: String, Sendable, CaseIterable { case csv, json, xlsx }

    public var name: String
    public var title: String?
    /// The folder relative paths are resolved from.
    public var baseDirectory: String
    public var schemas: [String]
    public var inputs: [Input]
    public var sheet: String?
    public var language: String = "fr"
    public var fillMergedCells = false
    public var limits = ReadLimits.default
    public var datasets: [Dataset] = []
    public var summaries: [SummaryTable.Definition] = []
    public var outputDirectory: String
    public var reportFormats: [ReportFormat] = ReportFormat.allCases
    /// `<dataset>.csv` and `.json` by default; `xlsx` adds `<dataset>.xlsx` and `summary.xlsx`.
    public var datasetFormats: [DatasetFormat] = [.csv, .json]
    /// `outputs.feedback`: a workbook per submission with an error or warning, in `feedback/`.
    public var feedback = false
    /// Where the definition came from (`national-report.yml`, or `command line`).
    public var source: String
    /// The line of each key given (`inputs[2].region` → 14), for messages about its value.
    public var lines: [String: Int] = [:]

    public init(
        name: String, baseDirectory: String, schemas: [String], inputs: [Input], outputDirectory: String,
        source: String
    ) {
        self.name = name
        self.baseDirectory = baseDirectory
        self.schemas = schemas
        self.inputs = inputs
        self.outputDirectory = outputDirectory
        self.source = source
    }

    /// How the run reads its inputs: the feedback workbooks read them again the same way, so
    /// that every address of the log is the same cell.
    public var readOptions: ReadOptions { ReadOptions(limits: limits, fillMergedCells: fillMergedCells) }

    public static func input(path: String, schema: String? = nil) -> Input {
        Input(path: path, schema: schema, line: 0)
    }

    /// Campaign years accepted: from 2000 (before any campaign sheetpipe reads) to next year
    /// (a campaign prepared ahead).
    public static func campaignYears(currentYear: Int = currentYear) -> ClosedRange<Int> { 2000...(currentYear + 1) }

    /// The year "this year" means for campaign years and year fields (one clock for the whole command).
    public static var currentYear: Int { Calendar(identifier: .gregorian).component(.year, from: Date()) }

    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : (baseDirectory as NSString).appendingPathComponent(path)
    }
}
