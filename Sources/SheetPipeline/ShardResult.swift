import CFileSystem
import Foundation
import Glibc
import SheetConsolidation
import SheetDigest
import SheetOutput
import SheetSchema

/// What one shard of a sharded run leaves in the work folder, `DIR/I/`: per file it read, its
/// three spools (`<position>.csv`, `.json`, `.rejected.csv`, as a single run spools them), its
/// state once read (`<position>.state`: row digests, key texts, groups, fingerprints, lengths),
/// its plain issues (`<position>.issues`), and `shard.json` — the shard's index and count, the
/// hashes of the definition and of the input list, and each file's validation. `shard.json` is
/// written last, and the folder appears whole: a shard writes into `DIR/.shard-I.<pid>` and
/// renames it to `DIR/I` (a retried index swaps its new result with the old one).
enum ShardResult {
    static let format = "sheetpipe-shard-1"

    /// `shard.json`.
    struct Header: Codable {
        var format: String
        var index: Int
        var count: Int
        var definitionSHA256: String
        var inputsSHA256: String
        var toolVersion: String
        /// When the result was complete (for the merge's manifest only).
        var written: String
        var files: [FileRecord]
    }

    /// One file's validation and what consolidation kept of it, but its arrays (`.state`).
    struct FileRecord: Codable {
        var position: Int
        var path: String
        var sha256: String?
        var status: FileValidation.Status
        var sheet: String?
        var schema: String?
        var rowsIn: Int
        var rowsValid: Int
        var rowsInvalid: Int
        var invalidRows: [UInt32]
        var lastColumn: Int
        var error: FileValidation.Failure?
        var droppedColumns: [Int]
        var headerRow: Int?
        var mapping: [FileValidation.ColumnMapping]
        var notes: [ValidationIssue]
        var summary: IssueSummary
        var plainIssues: Int
        /// nil: no consolidator (no sheet or schema could be chosen).
        var consolidated: Consolidated?
    }

    struct Consolidated: Codable {
        var schemaName: String
        var sheet: String
        var changes: [NormalisationChange]
        var regionMismatches: RegionCheck.Mismatches?
        var rejectedCount: Int
        var summaryTables: Int
        var fingerprints: Int?
    }

    /// A merged shard, as the manifest's `run` part lists it.
    struct Summary: Sendable {
        var index: Int
        var files: Int
        var written: String
    }

    /// The positions (in submission order) shard `index` of `count` reads: every `count`-th from
    /// `index` — the same on every attempt, and files of all ages spread over the shards.
    static func positions(of index: Int, count: Int, files: Int) -> [Int] {
        Array(stride(from: index, to: files, by: count))
    }

    /// The definition as the shards and the merge must share it: its text (the file, or the
    /// command line's inputs and schemas), the schemas' names, versions, fields and keys.
    static func definitionHash(_ plan: RunPlan) -> String {
        var text: [UInt8] = []
        func add(_ line: String) {
            text.append(contentsOf: line.utf8)
            text.append(0)
        }
        if let data = FileManager.default.contents(atPath: plan.definition.source) {
            text.append(contentsOf: data)
        } else {
            add(plan.definition.source)
            for input in plan.definition.inputs { add(input.path + "\t" + (input.schema ?? "")) }
            for schema in plan.definition.schemas { add(schema) }
            add(plan.definition.sheet ?? "")
        }
        for named in plan.schemas.list {
            add("schema \(named.name) \(named.schema.version ?? "")")
            for field in named.schema.fields { add("\(field.name):\(field.type.rawValue)") }
            add("key " + named.schema.primaryKey.joined(separator: ","))
        }
        var hash = SHA256Hasher()
        text.withUnsafeBytes { hash.update($0) }
        return hash.finalize()
    }

    /// The input list: every submission's path and date, in order.
    static func inputsHash(_ plan: RunPlan) -> String {
        var hash = SHA256Hasher()
        for submission in plan.submissions {
            let line = "\(submission.path)\t\(submission.submitted ?? "")\t\(submission.submittedSource)\n"
            Array(line.utf8).withUnsafeBytes { hash.update($0) }
        }
        return hash.finalize()
    }

    // MARK: Writing

    /// Writes one file's outcome into the shard's temporary folder (its spools are there already).
    static func write(_ outcome: FileOutcome, into folder: String) throws -> FileRecord {
        let validation = outcome.validation
        var consolidated: Consolidated?
        if let file = outcome.consolidator {
            let state = file.state
            var bytes = ShardBytes()
            state.rows.encode(into: &bytes)
            bytes.append(array: state.csvLengths)
            bytes.append(array: state.jsonLengths)
            for groups in state.summaryGroups { groups.encode(into: &bytes) }
            state.fingerprints?.encode(into: &bytes)
            try writeDurably(bytes.bytes, to: "\(folder)/\(outcome.index).state")
            consolidated = Consolidated(
                schemaName: file.schemaName, sheet: file.sheet, changes: state.changes,
                regionMismatches: state.regionMismatches, rejectedCount: state.rejectedCount,
                summaryTables: state.summaryGroups.count, fingerprints: state.fingerprints?.fieldCount)
            for path in [outcome.spool.data, outcome.spool.json, outcome.spool.rejected] { try syncFile(path) }
        }
        let sink = try OutputSink(path: "\(folder)/\(outcome.index).issues")
        let plain = try validation.issues.writeRecords { bytes in
            sink.append(bytes.assumingMemoryBound(to: UInt8.self))
            try sink.flushIfNeeded()
        }
        try sink.commit(durable: true)
        return FileRecord(
            position: outcome.index, path: outcome.submission.path, sha256: outcome.sha256,
            status: validation.status, sheet: validation.sheet, schema: validation.schema, rowsIn: validation.rowsIn,
            rowsValid: validation.rowsValid, rowsInvalid: validation.rowsInvalid,
            invalidRows: validation.invalidRows, lastColumn: validation.lastColumn, error: validation.error,
            droppedColumns: validation.droppedColumns, headerRow: validation.headerRow, mapping: validation.mapping,
            notes: validation.issues.notes, summary: validation.issues.summary, plainIssues: plain,
            consolidated: consolidated)
    }

    /// Bytes into a file, on disk before the call returns (a result renamed into place must
    /// survive the machine's failure).
    static func writeDurably(_ bytes: [UInt8], to path: String) throws {
        let sink = try OutputSink(path: path)
        sink.append(bytes)
        try sink.commit(durable: true)
    }

    static func syncFile(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return }
            throw OutputError(path: path, action: "cannot open the shard's spool", systemError: errno)
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw OutputError(path: path, action: "cannot write the shard's spool", systemError: errno)
        }
    }

    /// Puts a complete temporary folder in place as `DIR/I`: a rename, or — when an earlier
    /// attempt of the index left its result — an exchange, then the old result goes.
    static func commit(temporary: String, final: String) throws {
        if rename(temporary, final) == 0 { return syncParent(of: final) }
        let renameError = errno
        guard renameError == EEXIST || renameError == ENOTEMPTY else {
            throw OutputError(path: final, action: "cannot put the shard result in place", systemError: renameError)
        }
        guard sheetpipe_exchange_paths(temporary, final) == 0 else {
            throw OutputError(path: final, action: "cannot replace the earlier shard result", systemError: errno)
        }
        syncParent(of: final)
        try? FileManager.default.removeItem(atPath: temporary)
    }

    static func syncParent(of path: String) {
        let descriptor = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    // MARK: Reading

    /// A shard result found in the work folder.
    struct Found {
        var folder: String
        var header: Header
    }

    /// Every complete shard result of the work folder, checked against the plan: all `count`
    /// indexes there, each once, of this definition and input list, covering every input once.
    /// Throws a configuration error (exit 2) naming what is missing or foreign.
    static func collect(work: String, plan: RunPlan) throws -> [Found] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: work)
        } catch {
            throw RunError.configuration("\(work): cannot read the work folder (\(error.localizedDescription))")
        }
        let definitionHash = definitionHash(plan)
        let inputsHash = inputsHash(plan)
        var found: [Found] = []
        var problems: [String] = []
        let decoder = JSONDecoder()
        for name in names.sorted() where !name.hasPrefix(".") {
            let folder = "\(work)/\(name)"
            guard Int(name) != nil, name.allSatisfy(\.isASCII) else {
                problems.append("\(folder): not a shard result (a shard result is named by its index)")
                continue
            }
            guard let data = FileManager.default.contents(atPath: folder + "/shard.json") else {
                problems.append("\(folder): no shard.json (not a complete shard result)")
                continue
            }
            guard let header = try? decoder.decode(Header.self, from: data), header.format == format else {
                problems.append("\(folder)/shard.json: not a shard result of this sheetpipe (\(format))")
                continue
            }
            if header.definitionSHA256 != definitionHash {
                problems.append(
                    "\(folder): made from another definition or schemas (definition SHA-256 \(header.definitionSHA256), this one \(definitionHash))"
                )
            } else if header.inputsSHA256 != inputsHash {
                problems.append(
                    "\(folder): made from another input list (inputs SHA-256 \(header.inputsSHA256), this one \(inputsHash))"
                )
            }
            found.append(Found(folder: folder, header: header))
        }
        guard problems.isEmpty else { throw RunError.configuration(problems.joined(separator: "; ")) }
        guard let count = found.first?.header.count else {
            throw RunError.configuration(
                "\(work): no shard result (run `sheetpipe run --shard I/N --work \(work)` first)")
        }
        if let other = found.first(where: { $0.header.count != count }) {
            throw RunError.configuration(
                "\(other.folder): a shard of \(other.header.count), where \(found[0].folder) is one of \(count)")
        }
        var byIndex: [Int: [Found]] = [:]
        for result in found { byIndex[result.header.index, default: []].append(result) }
        for (index, results) in byIndex.sorted(by: { $0.key < $1.key }) where results.count > 1 {
            problems.append(
                "shard \(index) has two results: \(results.map(\.folder).joined(separator: " and "))")
        }
        let absent = (0..<count).filter { byIndex[$0] == nil }
        if !absent.isEmpty {
            problems.append(
                "\(work): shard result\(absent.count > 1 ? "s" : "") missing for index \(absent.map(String.init).joined(separator: ", ")) of \(count) (run those shards, or wait for them)"
            )
        }
        for result in found where result.header.index >= count {
            problems.append("\(result.folder): index \(result.header.index) is beyond the \(count) shards")
        }
        for result in found
        where byIndex[result.header.index]?.count == 1 && result.folder != "\(work)/\(result.header.index)" {
            problems.append("\(result.folder): holds the result of shard \(result.header.index) (a folder renamed?)")
        }
        guard problems.isEmpty else { throw RunError.configuration(problems.joined(separator: "; ")) }
        for result in found {
            let expected = positions(of: result.header.index, count: count, files: plan.submissions.count)
            guard result.header.files.map(\.position) == expected,
                zip(expected, result.header.files).allSatisfy({ plan.submissions[$0].path == $1.path })
            else {
                throw RunError.configuration(
                    "\(result.folder): its files are not those shard \(result.header.index) reads")
            }
        }
        return found.sorted { $0.header.index < $1.header.index }
    }

    /// One file's outcome as its shard left it.
    static func read(
        _ record: FileRecord, folder: String, plan: RunPlan
    ) throws -> FileOutcome {
        let submission = plan.submissions[record.position]
        var validation = FileValidation(
            path: record.path, sheet: record.sheet, schema: record.schema, status: record.status)
        validation.rowsIn = record.rowsIn
        validation.rowsValid = record.rowsValid
        validation.rowsInvalid = record.rowsInvalid
        validation.invalidRows = record.invalidRows
        validation.lastColumn = record.lastColumn
        validation.error = record.error
        validation.droppedColumns = record.droppedColumns
        validation.headerRow = record.headerRow
        validation.mapping = record.mapping
        validation.issues = try readIssues(record, path: "\(folder)/\(record.position).issues")
        let spool = SpoolFiles(folder: folder, index: record.position)
        var consolidator: FileConsolidator?
        if let consolidated = record.consolidated {
            guard let schema = plan.schemas.byName[consolidated.schemaName] else {
                throw RunError.configuration("\(folder): schema \(consolidated.schemaName) is not among the run's")
            }
            let statePath = "\(folder)/\(record.position).state"
            guard let data = FileManager.default.contents(atPath: statePath) else {
                throw RunError.configuration("\(statePath): missing from the shard result")
            }
            var reader = ShardByteReader([UInt8](data))
            do {
                let rows = try AcceptedRows(from: &reader)
                let csvLengths = try reader.array(of: UInt32.self)
                let jsonLengths = try reader.array(of: UInt32.self)
                let tables = plan.definition.summaries.filter {
                    plan.definition.schemaName(ofDataset: $0.dataset) == schema.name
                }
                guard tables.count == consolidated.summaryTables else { throw ShardByteReader.Damaged() }
                let groups = try tables.map { try SummaryGroups($0, fields: schema.schema.fields, from: &reader) }
                let fingerprints = try consolidated.fingerprints.map {
                    try FingerprintStore(fieldCount: $0, from: &reader)
                }
                guard reader.isAtEnd, csvLengths.count == rows.count, jsonLengths.count == rows.count else {
                    throw ShardByteReader.Damaged()
                }
                consolidator = FileConsolidator(
                    schema: schema, dataset: plan.definition.dataset(forSchema: schema.name), file: record.path,
                    sheet: consolidated.sheet,
                    restoring: FileConsolidator.State(
                        rows: rows, summaryGroups: groups, fingerprints: fingerprints, changes: consolidated.changes,
                        regionMismatches: consolidated.regionMismatches, rejectedCount: consolidated.rejectedCount,
                        csvLengths: csvLengths, jsonLengths: jsonLengths))
            } catch {
                throw RunError.configuration("\(statePath): \(error)")
            }
        }
        return FileOutcome(
            submission: submission, index: record.position, validation: validation, consolidator: consolidator,
            spool: spool, sha256: record.sha256, outputError: nil)
    }

    /// The issues of a file: its notes and summary from `shard.json`, its plain issues' records
    /// read back a megabyte at a time.
    static func readIssues(_ record: FileRecord, path: String) throws -> IssueList {
        var list = IssueList(restoringNotes: record.notes, summary: record.summary)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw RunError.configuration("\(path): missing from the shard result")
        }
        defer { try? handle.close() }
        var carried: [UInt8] = []
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
            carried.append(contentsOf: block)
            let used = carried.withUnsafeBytes { list.appendRecords($0) }
            carried.removeFirst(used)
        }
        guard carried.isEmpty, list.count == record.plainIssues + record.notes.count else {
            throw RunError.configuration("\(path): damaged (\(record.plainIssues) issues expected)")
        }
        return list
    }
}
