import Foundation
import Glibc
public import SheetOutput
public import SheetReading
public import SheetSchema

/// The feedback folder of `run` (`outputs.feedback: true`) and `validate --feedback DIR`: one
/// `FeedbackWorkbook` per submission with an error or a warning, named after the file
/// (`fiches-bretagne.xlsx`; a second file of the same name gets ` (2)`), and `index.csv` listing
/// every submission with its submitter, workbook, counts and status, for a mail merge.
public struct FeedbackFolder: Sendable {
    /// One submission as the folder sees it.
    public struct Submission: Sendable {
        public var validation: FileValidation
        public var submitter: String?
        /// ISO date it was received: the workbook's date (never the clock).
        public var submitted: String?

        public init(validation: FileValidation, submitter: String? = nil, submitted: String? = nil) {
            self.validation = validation
            self.submitter = submitter
            self.submitted = submitted
        }
    }

    /// What was written: each workbook by the file it is about, and the files it failed for.
    public struct Written: Sendable {
        /// `FileValidation.path` → the workbook's name in the folder.
        public var workbooks: [String: String] = [:]
        /// The outputs written, relative to the folder, in order (workbooks, then `index.csv`).
        public var files: [String] = []
        /// A workbook that could not be written, with the reason (also in `index.csv`).
        public var failures: [String] = []
    }

    public var folder: String
    public var readOptions: ReadOptions
    public var language: Language
    /// The schemas files were read with, by name (for the expected forms and the stamp).
    public var schemas: [NamedSchema]
    /// Schema name → field → "Attendu : …" (`expectedForms(for:referenceFolders:language:)`).
    public var expectedForms: [String: [String: String]]
    public var limits = FeedbackLimits()
    /// Workbooks written at a time.
    public var jobs: Int?

    public init(
        folder: String, readOptions: ReadOptions, language: Language, schemas: [NamedSchema],
        expectedForms: [String: [String: String]]
    ) {
        self.folder = folder
        self.readOptions = readOptions
        self.language = language
        self.schemas = schemas
        self.expectedForms = expectedForms
    }

    /// The forms each schema's fields expect, in `language`, with the dropdown lists found in
    /// `referenceFolders` (as the template offers them).
    public static func expectedForms(for schemas: [NamedSchema], referenceFolders: [String], language: Language)
        -> [String: [String: String]]
    {
        var forms: [String: [String: String]] = [:]
        for named in schemas {
            let references = TemplateReferences.load(schema: named.schema, folders: referenceFolders)
            forms[named.name] =
                TemplateBuilder(
                    schema: named.schema, fallbackName: named.name, references: references, language: language,
                    rows: 1, currentYear: PipelineDefinition.currentYear
                ).expectedForms()
        }
        return forms
    }

    /// Writes the workbooks (side by side) and `index.csv` into `folder`, which must exist.
    public func write(_ submissions: [Submission]) throws -> Written {
        let names = Self.workbookNames(submissions.map(\.validation.path))
        let planned = submissions.indices.filter { FeedbackWorkbook.isNeeded(for: submissions[$0].validation) }
        let folder = self.folder
        let outcomes = ParallelMap.map(planned, jobs: jobs) { index -> Result<FeedbackWorkbook.Result, any Error> in
            Result { try workbook(for: submissions[index]).write(to: "\(folder)/\(names[index])") }
        }
        var written = Written()
        var results: [Int: Result<FeedbackWorkbook.Result, any Error>] = [:]
        for (index, outcome) in zip(planned, outcomes) {
            results[index] = outcome
            switch outcome {
            case .success:
                written.workbooks[submissions[index].validation.path] = names[index]
                written.files.append(names[index])
            case .failure(let error):
                written.failures.append(
                    "\(submissions[index].validation.path): feedback workbook not written: \(error)")
            }
        }
        try RunWriter.writeFile("\(folder)/index.csv") { sink in
            sink.append(Self.indexHeader)
            for (index, submission) in submissions.enumerated() {
                sink.append(Self.indexLine(submission, workbook: names[index], outcome: results[index]))
            }
        }
        written.files.append("index.csv")
        return written
    }

    /// Makes `folder` ready for a feedback folder when it may take one — missing, empty, or one
    /// sheetpipe wrote (its `index.csv` and the workbooks it lists) — by removing the previous
    /// workbooks, so that none is left stale; returns them. Anything else is refused (`refusal`),
    /// naming the first file sheetpipe did not write: it never writes over what is not its own.
    public static func prepare(_ folder: String) throws -> [String] {
        if let refusal = refusal(folder) { throw refusal }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let listed = entries.contains("index.csv") ? Self.workbooksListed(in: "\(folder)/index.csv") ?? [] : []
        let removed = entries.filter { listed.contains($0) || isLeftover($0) }.sorted()
        for entry in removed {
            guard unlink("\(folder)/\(entry)") == 0 else {
                throw OutputError(
                    path: "\(folder)/\(entry)", action: "cannot remove the previous workbook", systemError: errno)
            }
        }
        return removed
    }

    /// Why `folder` cannot take a feedback folder, or nil when it can (see `prepare`).
    public static func refusal(_ folder: String) -> OutputError? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else {
            return OutputError(path: folder, reason: "is a file, not a folder: give a new or empty folder")
        }
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder).sorted() else {
            return OutputError(path: folder, reason: "cannot be read")
        }
        guard !entries.isEmpty else { return nil }
        let listed = entries.contains("index.csv") ? Self.workbooksListed(in: "\(folder)/index.csv") : nil
        guard let listed else {
            return OutputError(
                path: folder,
                reason:
                    "holds files sheetpipe did not write (\(entries[0])…): give a new or empty folder, or one written by --feedback"
            )
        }
        for entry in entries where entry != "index.csv" && !listed.contains(entry) && !isLeftover(entry) {
            return OutputError(
                path: "\(folder)/\(entry)",
                reason: "not written by sheetpipe's feedback: give a new or empty folder, or one written by --feedback")
        }
        return nil
    }

    /// What a killed run of ours left: `index.csv.tmp-PID`, `.name.xlsx.tmp-PID`.
    static func isLeftover(_ entry: String) -> Bool {
        guard let range = entry.range(of: ".tmp-", options: .backwards),
            entry[range.upperBound...].allSatisfy(\.isNumber)
        else { return false }
        let base = entry[..<range.lowerBound]
        return base == "index.csv" || (base.hasPrefix(".") && base.hasSuffix(".xlsx"))
    }

    /// The workbooks an `index.csv` of ours lists; nil when it is not ours (another header).
    static func workbooksListed(in index: String) -> Set<String>? {
        guard let file = try? SpreadsheetFile.open(index), let sheet = file.sheets.first else { return nil }
        let box = IndexBox()
        do {
            try file.readRows(of: sheet) { row in
                let fields = row.cells.map { row.text(of: $0) }
                if row.number == 1 {
                    box.ours = fields == Self.indexColumns
                } else if box.ours, let name = row.cell(atColumn: 3).map({ row.text(of: $0) }), !name.isEmpty {
                    box.names.insert(name)
                }
            }
        } catch {
            return nil
        }
        return box.ours ? box.names : nil
    }

    func workbook(for submission: Submission) -> FeedbackWorkbook {
        let validation = submission.validation
        let named = schemas.first { $0.name == validation.schema }
        var properties: [(name: String, value: String)] = []
        if let named {
            properties.append((SchemaStamp.schemaProperty, named.schema.name ?? named.name))
            if let version = named.schema.version { properties.append((SchemaStamp.versionProperty, version)) }
        }
        var workbook = FeedbackWorkbook(
            validation: validation, readOptions: readOptions, language: language,
            expectedForms: validation.schema.flatMap { expectedForms[$0] } ?? [:], properties: properties,
            created: RunWriter.creationDate([submission.submitted].compactMap { $0 }))
        workbook.limits = limits
        return workbook
    }

    /// `fiches.xlsx`, `fiches (2).xlsx` for a second file named alike (in order, case folded).
    public static func workbookNames(_ paths: [String]) -> [String] {
        var taken = Set<String>()
        return paths.map { path in
            var base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            // A name the file system takes, whatever the input was called.
            if base.utf8.count > 200 { base = String(base.prefix(100)) }
            if base.isEmpty || base.hasPrefix(".") { base = "feedback" + base }
            var name = base + ".xlsx"
            var rank = 2
            while !taken.insert(name.lowercased()).inserted {
                name = "\(base) (\(rank)).xlsx"
                rank += 1
            }
            return name
        }
    }

    static let indexColumns = [
        "submitter", "file", "sheet", "feedback", "status", "rows_in", "rows_valid", "rows_rejected", "errors",
        "warnings", "error_cells", "warning_cells", "rows_merged", "rows_superseded", "rows_to_review",
        "comments_left_out", "links_left_out", "reason",
    ]

    static var indexHeader: [UInt8] {
        var bytes: [UInt8] = []
        CsvFieldWriter.appendRecord(indexColumns, to: &bytes)
        return bytes
    }

    static func indexLine(
        _ submission: Submission, workbook: String, outcome: Result<FeedbackWorkbook.Result, any Error>?
    ) -> [UInt8] {
        let validation = submission.validation
        var counts = FeedbackWorkbook.Result()
        var reason = validation.error?.message ?? ""
        var feedback = ""
        switch outcome {
        case .success(let result)?:
            counts = result
            feedback = workbook
        case .failure(let error)?: reason = "feedback workbook not written: \(error)"
        case nil: break
        }
        let fields = [
            submission.submitter ?? "", validation.path, validation.sheet ?? "", feedback, validation.status.rawValue,
            String(validation.rowsIn), String(validation.rowsValid), String(validation.rowsInvalid),
            String(validation.issues.summary.errors), String(validation.issues.summary.warnings),
            String(counts.errorCells), String(counts.warningCells), String(counts.rowsMerged),
            String(counts.rowsSuperseded), String(counts.rowsToReview), String(counts.commentsLeftOut),
            String(counts.linksLeftOut), reason,
        ]
        var bytes: [UInt8] = []
        // Counts are numbers; the text columns are neutralised (a file named `=cmd.csv`).
        CsvFieldWriter.appendRecord(fields, neutralise: { [0, 1, 2, 3, 4, 17].contains($0) }, to: &bytes)
        return bytes
    }
}

/// What reading an index collects (the row callback may run on the reader's thread).
private final class IndexBox: @unchecked Sendable {
    var ours = false
    var names = Set<String>()
}
