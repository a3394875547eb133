import Foundation
import SheetConsolidation
import SheetOutput
import SheetReading
import SheetSchema

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Stage 3: every output of a run, into the temporary folder. Rows are copied from the spools in
/// submission order (a file's rows in their order); what is counted while copying is what the
/// manifest states and what the reconciliation checks.
struct RunWriter {
    let definition: PipelineDefinition
    let folder: String
    let outcomes: [FileOutcome]
    /// Its near-duplicate candidates arrive after the datasets are written (see `writeLogs`).
    var consolidation: Consolidation
    let schemas: SchemaSet
    /// Every output written, by path relative to the folder (the manifest lists them).
    private(set) var outputs: [String] = []
    /// Inputs that matched nothing (patterns) or are missing (files named without a wildcard).
    var unmatchedInputs: [String] = []
    var missingInputs: [String] = []
    /// Each output is handed to it once complete (hashed while the next ones are written).
    let ledger: OutputLedger?

    init(
        definition: PipelineDefinition, folder: String, outcomes: [FileOutcome], consolidation: Consolidation,
        schemas: SchemaSet, ledger: OutputLedger? = nil
    ) {
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
        for event in consolidation.events {
            switch event.kind {
            case .merged: counts[Int(event.row.file)].duplicatesMerged += 1
            case .superseded: counts[Int(event.row.file)].superseded += 1
            }
        }
        for table in consolidation.summaries {
            try write("summary/\(table.definition.name).csv", table.csv())
        }
        return counts
    }

    /// Merge log, validation log and data package, once the near-duplicate candidates are known.
    mutating func writeLogs() throws {
        try writeMergeLog()
        try writeReport()
        try writeDataPackage()
    }

    private mutating func write(_ name: String, _ bytes: [UInt8]) throws {
        try Self.writeFile("\(folder)/\(name)") { $0.append(bytes) }
        record(name)
    }

    /// An output is complete: listed in the manifest and handed to the ledger.
    private mutating func record(_ name: String) {
        outputs.append(name)
        ledger?.add(name)
    }

    /// A whole file, atomically (a temporary name, synced, then renamed into place).
    static func writeFile(_ path: String, _ fill: (OutputSink) -> Void) throws {
        let sink = try OutputSink(path: path)
        fill(sink)
        try sink.commit()
    }

    private func csvHeader(_ names: [String]) -> [UInt8] {
        var header: [UInt8] = []
        CsvFieldWriter.appendRecord(names, to: &header)
        return header
    }

    /// One input's part of a dataset: where its spools are and which rows stay.
    struct SpoolPart: Sendable {
        var input: Int
        var csv: String
        var json: String
        var csvLengths: [UInt32]
        var jsonLengths: [UInt32]
        var kept: [Bool]
    }

    /// `<dataset>.csv` and `<dataset>.json`: the kept rows, copied from the spools (the two files
    /// on two cores).
    private mutating func writeDataset(_ dataset: Consolidation.DatasetInfo, counts: inout [FileCounts]) throws {
        var parts: [SpoolPart] = []
        for outcome in outcomes {
            // (A file that turned out unreadable has no row here: `FileOutcome.accepted`.)
            guard let file = outcome.accepted, file.schemaName == dataset.schema else { continue }
            let spool = SpoolFiles(folder: folder + "/.spool", index: outcome.index)
            parts.append(
                SpoolPart(
                    input: outcome.index, csv: spool.data, json: spool.json, csvLengths: file.csvLengths,
                    jsonLengths: file.jsonLengths, kept: consolidation.fates[outcome.index].map { $0 == .kept }))
        }
        let header = csvHeader(dataset.named.schema.fields.map(\.name) + Self.provenance)
        let folder = self.folder
        let spools = parts
        let results = ParallelMap.map([true, false]) { isCSV in
            Result { () throws -> [Int] in
                isCSV
                    ? try Self.copyKept(spools, to: "\(folder)/\(dataset.name).csv", csv: true, header: header)
                    : try Self.copyKept(spools, to: "\(folder)/\(dataset.name).json", csv: false, header: [])
            }
        }
        let copied = try results[0].get()
        _ = try results[1].get()
        for (part, rows) in zip(parts, copied) { counts[part.input].rowsOut += rows }
        record("\(dataset.name).csv")
        record("\(dataset.name).json")
    }

    /// Copies the kept records of each part — runs of consecutive kept records in one step, by
    /// the kernel — and returns how many were copied per part; each spool is deleted once copied.
    /// JSON records carry their `,\n`; the last one written loses it.
    static func copyKept(_ parts: [SpoolPart], to path: String, csv: Bool, header: [UInt8]) throws -> [Int] {
        let sink = try OutputSink(path: path)
        sink.append(csv ? header : Array("[\n".utf8))
        let lastPart = parts.lastIndex { $0.kept.contains(true) }
        var copied: [Int] = []
        for (partIndex, part) in parts.enumerated() {
            let spoolPath = csv ? part.csv : part.json
            let lengths = csv ? part.csvLengths : part.jsonLengths
            let descriptor = open(spoolPath, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw OutputError(path: path, action: "cannot read back the rows spooled for it", systemError: errno)
            }
            defer { close(descriptor) }
            let lastKept = partIndex == lastPart ? part.kept.lastIndex(of: true) : nil
            var rows = 0
            var offset = 0
            var runStart = 0
            var runLength = 0
            for index in lengths.indices {
                let length = Int(lengths[index])
                if part.kept[index] {
                    if runLength == 0 { runStart = offset }
                    // The very last record of the file ends the array: no separator after it.
                    runLength += index == lastKept && !csv ? length - 2 : length
                    rows += 1
                } else if runLength > 0 {
                    try sink.appendFile(
                        descriptor: descriptor, offset: runStart, length: runLength, sourceName: spoolPath)
                    runLength = 0
                }
                offset += length
            }
            try sink.appendFile(descriptor: descriptor, offset: runStart, length: runLength, sourceName: spoolPath)
            copied.append(rows)
            // Copied: its pages go back to the kernel now and hold the next parts' copies.
            unlink(spoolPath)
        }
        if !csv { sink.append(lastPart == nil ? "]\n" : "\n]\n") }
        try sink.commit()
        return copied
    }

    /// `rejected/<dataset>.csv`: the values as found, provenance, and the reasons.
    private mutating func writeRejected(_ dataset: Consolidation.DatasetInfo, counts: inout [FileCounts]) throws {
        let name = "rejected/\(dataset.name).csv"
        let sink = try OutputSink(path: "\(folder)/\(name)")
        sink.append(
            csvHeader(dataset.named.schema.fields.map(\.name) + Self.provenance + ["reasons_fr", "reasons_en"]))
        for outcome in outcomes {
            guard let file = outcome.consolidator, file.schemaName == dataset.schema else { continue }
            let path = SpoolFiles(folder: folder + "/.spool", index: outcome.index).rejected
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw OutputError(path: "\(folder)/\(name)", reason: "the rows spooled for it are missing")
            }
            defer { try? handle.close() }
            while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
                block.withUnsafeBytes { sink.append($0.bindMemory(to: UInt8.self)) }
                try sink.flushIfNeeded()
            }
            counts[outcome.index].rowsRejected += file.rejectedCount
        }
        try sink.commit()
        record(name)
    }

    /// Where a row is, for people and for the merge log.
    struct Place {
        var file: String
        var sheet: String
        var row: Int
        var key: String
        var submitted: String?
        var submittedSource: String
    }

    func place(_ reference: RowReference) -> Place {
        let outcome = outcomes[Int(reference.file)]
        let file = outcome.consolidator!
        return Place(
            file: outcome.submission.path, sheet: file.sheet, row: Int(file.rowNumbers[Int(reference.index)]),
            key: file.keyText(Int(reference.index)), submitted: outcome.submission.submitted,
            submittedSource: outcome.submission.submittedSource)
    }

    /// Why an event happened, in both languages.
    func reason(_ event: Consolidation.Event) -> Message {
        let other = place(event.other)
        switch event.kind {
        case .merged:
            return Message(
                fr:
                    "valeurs identiques (après normalisation) à \(other.file) ligne \(other.row) : fusionnée, la première est gardée",
                en:
                    "same values (after normalisation) as \(other.file) row \(other.row): merged into it, the first is kept"
            )
        case .superseded:
            let row = place(event.row)
            let date = other.submitted ?? "?"
            let sourceFR =
                other.submittedSource == "definition" ? "date de la définition" : "date de modification du fichier"
            let sourceEN = other.submittedSource == "definition" ? "date from the definition" : "file modification time"
            var fr =
                "même clé (\(row.key)) dans une soumission plus récente : \(other.file) ligne \(other.row), reçue le \(date) (\(sourceFR))"
            var en =
                "same key (\(row.key)) in a newer submission: \(other.file) row \(other.row), received \(date) (\(sourceEN))"
            if row.submitted == other.submitted {
                fr += " ; même date : le fichier suivant dans l'ordre des noms est tenu pour plus récent"
                en += "; same date: the file later in name order is taken as newer"
            }
            return Message(fr: fr, en: en)
        }
    }

    func candidateMessage(_ candidate: Consolidation.Candidate) -> Message {
        let other = place(candidate.first)
        let similarity = String(format: "%.2f", candidate.similarity)
        return Message(
            fr:
                "proche de \(other.file) ligne \(other.row) (\(candidate.field), similarité \(similarity.replacingOccurrences(of: ".", with: ","))) : à examiner, non fusionnée",
            en:
                "close to \(other.file) row \(other.row) (\(candidate.field), similarity \(similarity)): to review, not merged"
        )
    }

    /// `merge-log.csv`: merged and superseded rows with the row that took their place, then the
    /// near-duplicate candidates.
    private mutating func writeMergeLog() throws {
        var output = csvHeader([
            "action", "dataset", "file", "sheet", "row", "key", "other_file", "other_sheet", "other_row", "field",
            "similarity", "reason_fr", "reason_en",
        ])
        func record(_ fields: [String]) { CsvFieldWriter.appendRecord(fields, to: &output) }
        for dataset in consolidation.datasets {
            let events = consolidation.events.filter { $0.dataset == dataset.name }.sorted { $0.row < $1.row }
            for event in events {
                let row = place(event.row)
                let other = place(event.other)
                let message = reason(event)
                record([
                    event.kind.rawValue, dataset.name, row.file, row.sheet, String(row.row), row.key, other.file,
                    other.sheet, String(other.row), "", "", message.fr, message.en,
                ])
            }
            for candidate in consolidation.candidates where candidate.dataset == dataset.name {
                let row = place(candidate.second)
                let other = place(candidate.first)
                let message = candidateMessage(candidate)
                record([
                    "candidate", dataset.name, row.file, row.sheet, String(row.row), row.key, other.file, other.sheet,
                    String(other.row), candidate.field, String(format: "%.3f", candidate.similarity), message.fr,
                    message.en,
                ])
            }
        }
        try write("merge-log.csv", output)
    }

    /// The validation log of the whole run: validation's issues, then per file what consolidation
    /// did (values normalised, rows merged or superseded, near-duplicates to review).
    private mutating func writeReport() throws {
        var files = outcomes.map(\.validation)
        for outcome in outcomes {
            guard let file = outcome.consolidator else { continue }
            var added: [ValidationIssue] = []
            for change in file.changes {
                let cells = change.count == 1 ? "" : " (\(change.count) cellules, première ici)"
                let cellsEN = change.count == 1 ? "" : " (\(change.count) cells, first here)"
                added.append(
                    ValidationIssue(
                        code: .valueNormalised, file: file.file, sheet: file.sheet, cell: change.firstCell,
                        row: change.firstRow, field: change.field, value: change.original,
                        normalised: change.normalised,
                        message: Message(
                            fr: "valeur normalisée : « \(change.original) » → « \(change.normalised) »\(cells)",
                            en: "value normalised: '\(change.original)' → '\(change.normalised)'\(cellsEN)")))
            }
            if let mismatch = file.regionMismatches, let region = outcome.submission.input.region {
                added.append(
                    ValidationIssue(
                        code: .regionMismatch, file: file.file, sheet: file.sheet, row: mismatch.first,
                        value: mismatch.value,
                        message: Message(
                            fr:
                                "\(mismatch.count) ligne(s) d'une autre région que celle de la soumission (\(region)), la première ici",
                            en:
                                "\(mismatch.count) row(s) about another region than the submission's (\(region)), the first here"
                        )))
            }
            files[outcome.index].issues.append(contentsOf: added)
        }
        for event in consolidation.events {
            let row = place(event.row)
            files[Int(event.row.file)].issues.append(
                ValidationIssue(
                    code: event.kind == .merged ? .duplicateMerged : .superseded, file: row.file, sheet: row.sheet,
                    row: row.row, value: row.key, message: reason(event)))
        }
        for candidate in consolidation.candidates {
            let row = place(candidate.second)
            files[Int(candidate.second.file)].issues.append(
                ValidationIssue(
                    code: .nearDuplicate, file: row.file, sheet: row.sheet, row: row.row, field: candidate.field,
                    value: row.key, message: candidateMessage(candidate)))
        }
        let report = ValidationReport(files: files)
        let language = Language(rawValue: definition.language) ?? .fr
        // The formats are independent: made and written on both cores, the longest to make
        // (HTML) first so that it does not start last.
        let formats = definition.reportFormats.sorted { ($0 == .html ? 0 : 1) < ($1 == .html ? 0 : 1) }
        let folder = self.folder
        let written = ParallelMap.map(formats) { format in
            Result { () throws -> String in
                let text: String
                switch format {
                case .json: text = try report.json()
                case .jsonl: text = try report.jsonLines()
                case .csv: text = report.csv(language: language)
                case .html: text = report.html(language: language)
                }
                let name = "validation-report.\(format.rawValue)"
                try Self.writeFile("\(folder)/\(name)") { $0.append(text) }
                return name
            }
        }
        for name in written { record(try name.get()) }
    }

    /// `datapackage.json`: a Frictionless Data Package with one resource per dataset and its schema.
    private mutating func writeDataPackage() throws {
        var out = "{\n  \"profile\": \"tabular-data-package\",\n  \"name\": \(JsonText.quoted(definition.name)),\n"
        if let title = definition.title { out += "  \"title\": \(JsonText.quoted(title)),\n" }
        out += "  \"resources\": ["
        for (position, dataset) in consolidation.datasets.enumerated() {
            let schema = dataset.named.schema
            out += position == 0 ? "\n" : ",\n"
            out += "    {\n      \"name\": \(JsonText.quoted(dataset.name)),\n"
            out += "      \"path\": \(JsonText.quoted(dataset.name + ".csv")),\n"
            out += "      \"profile\": \"tabular-data-resource\",\n"
            out += "      \"format\": \"csv\",\n      \"mediatype\": \"text/csv\",\n      \"encoding\": \"utf-8\",\n"
            if let title = schema.title { out += "      \"title\": \(JsonText.quoted(title)),\n" }
            out += "      \"dialect\": {\"delimiter\": \",\", \"lineTerminator\": \"\\r\\n\", \"header\": true},\n"
            out += "      \"schema\": {\n"
            if let version = schema.version {
                out +=
                    "        \"name\": \(JsonText.quoted(dataset.schema)),\n        \"version\": \(JsonText.quoted(version)),\n"
            }
            out += "        \"fields\": ["
            var fields: [String] = schema.fields.map { field in
                var parts = ["\"name\": \(JsonText.quoted(field.name))"]
                if let title = field.title { parts.append("\"title\": \(JsonText.quoted(title))") }
                switch field.type {
                case .list:
                    parts.append("\"type\": \"list\"")
                    parts.append("\"delimiter\": \";\"")
                    parts.append("\"itemType\": \(JsonText.quoted(field.itemType.rawValue))")
                case .number where field.kind == .amount:
                    parts.append("\"type\": \"number\"")
                    parts.append("\"decimalChar\": \".\"")
                default:
                    parts.append("\"type\": \(JsonText.quoted(field.type.rawValue))")
                }
                if field.constraints.required { parts.append("\"constraints\": {\"required\": true}") }
                return "{" + parts.joined(separator: ", ") + "}"
            }
            fields.append("{\"name\": \"source_file\", \"type\": \"string\", \"constraints\": {\"required\": true}}")
            fields.append("{\"name\": \"source_sheet\", \"type\": \"string\"}")
            fields.append("{\"name\": \"source_row\", \"type\": \"integer\", \"constraints\": {\"required\": true}}")
            out += fields.map { "\n          " + $0 }.joined(separator: ",") + "\n        ]"
            if !schema.primaryKey.isEmpty {
                out +=
                    ",\n        \"primaryKey\": [" + schema.primaryKey.map(JsonText.quoted).joined(separator: ", ")
                    + "]"
            }
            out += "\n      }\n    }"
        }
        out += "\n  ]\n}\n"
        try write("datapackage.json", Array(out.utf8))
    }

    /// `manifest.json` (docs/manifest.schema.json): the contract of the run. The only part that
    /// changes between two runs over the same inputs is `run` (timestamps and timings).
    mutating func writeManifest(
        counts: [FileCounts], warnings: [String], started: Date, timings: [(String, Double)], options: RunOptions
    ) throws {
        func string(_ text: String?) -> String { text.map(JsonText.quoted) ?? "null" }
        func countFields(_ count: FileCounts, indent: String) -> String {
            [
                "\"rows_in\": \(count.rowsIn)", "\"rows_out\": \(count.rowsOut)",
                "\"rows_rejected\": \(count.rowsRejected)", "\"duplicates_merged\": \(count.duplicatesMerged)",
                "\"superseded\": \(count.superseded)",
            ].map { indent + $0 }.joined(separator: ",\n")
        }
        var out = "{\n  \"manifest_version\": \"1\",\n"
        out += "  \"tool\": {\"name\": \"sheetpipe\", \"version\": \(string(options.toolVersion))},\n"
        out += "  \"pipeline\": {\"name\": \(string(definition.name)), \"definition\": \(string(definition.source))},\n"
        out += "  \"schemas\": ["
        out += schemas.list.map { named in
            let dataset = definition.dataset(forSchema: named.name).name
            return
                "\n    {\"name\": \(string(named.name)), \"version\": \(string(named.schema.version)), \"dataset\": \(string(dataset))}"
        }.joined(separator: ",")
        out += "\n  ],\n  \"files\": ["
        for (position, outcome) in outcomes.enumerated() {
            let validation = outcome.validation
            let input = outcome.submission.input
            out += position == 0 ? "\n" : ",\n"
            out += "    {\n"
            out += "      \"path\": \(string(outcome.submission.path)),\n"
            out += "      \"sha256\": \(string(outcome.sha256)),\n"
            out += "      \"schema\": \(string(validation.schema)),\n"
            out += "      \"sheet\": \(string(validation.sheet)),\n"
            out += "      \"status\": \(string(validation.status.rawValue)),\n"
            out += "      \"error\": \(string(validation.error?.message)),\n"
            out += "      \"submitter\": \(string(input.submitter)),\n"
            out += "      \"region\": \(string(input.region)),\n"
            out += "      \"campaign\": \(input.campaign.map(String.init) ?? "null"),\n"
            out += "      \"submitted\": \(string(outcome.submission.submitted)),\n"
            out += "      \"submitted_source\": \(string(outcome.submission.submittedSource)),\n"
            out += countFields(counts[position], indent: "      ") + "\n    }"
        }
        out += "\n  ],\n  \"datasets\": ["
        for (position, dataset) in consolidation.datasets.enumerated() {
            var total = FileCounts()
            for (outcome, count) in zip(outcomes, counts) where outcome.consolidator?.schemaName == dataset.schema {
                total = total + count
            }
            let candidates = consolidation.candidates.filter { $0.dataset == dataset.name }.count
            out += position == 0 ? "\n" : ",\n"
            out += "    {\n      \"name\": \(string(dataset.name)),\n      \"schema\": \(string(dataset.schema)),\n"
            out +=
                "      \"csv\": \(string(dataset.name + ".csv")),\n      \"json\": \(string(dataset.name + ".json")),\n"
            out += "      \"rejected\": \(string("rejected/\(dataset.name).csv")),\n"
            out += "      \"near_duplicate_candidates\": \(candidates),\n"
            out += countFields(total, indent: "      ") + "\n    }"
        }
        let totals = counts.reduce(FileCounts(), +)
        out += "\n  ],\n  \"totals\": {\n      \"files\": \(outcomes.count),\n"
        out += "      \"files_unreadable\": \(outcomes.filter { $0.validation.status == .unreadable }.count),\n"
        out += "      \"files_rejected\": \(outcomes.filter { $0.validation.status == .rejected }.count),\n"
        out += "      \"near_duplicate_candidates\": \(consolidation.candidates.count),\n"
        out += countFields(totals, indent: "      ") + "\n  },\n"
        out += "  \"outputs\": [" + (outputs + ["manifest.json"]).sorted().map(string).joined(separator: ", ") + "],\n"
        out += "  \"warnings\": [" + warnings.map(string).joined(separator: ", ") + "],\n"
        out += "  \"inputs_unmatched\": [" + unmatchedInputs.map(string).joined(separator: ", ") + "],\n"
        out += "  \"inputs_missing\": [" + missingInputs.map(string).joined(separator: ", ") + "],\n"
        let finished = Date()
        out +=
            "  \"run\": {\n    \"started\": \(string(Self.iso(started))),\n    \"finished\": \(string(Self.iso(finished))),\n"
        out += "    \"jobs\": \(options.jobs.map(String.init) ?? "null"),\n    \"timings_seconds\": {"
        out += timings.map { "\(string($0.0)): \(String(format: "%.3f", $0.1))" }.joined(separator: ", ")
        out += ", \"total\": \(String(format: "%.3f", finished.timeIntervalSince(started)))}\n  }\n}\n"
        try write("manifest.json", Array(out.utf8))
    }

    static func iso(_ date: Date) -> String {
        SubmissionList.isoTimestamp(seconds: Int(date.timeIntervalSince1970)) + "Z"
    }
}
