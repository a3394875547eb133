import Foundation
import SheetConsolidation
import SheetOutput
import SheetReading
import SheetSchema
import Synchronization

/// Stage 1's end for one file: each validated row is written in its dataset forms to the spool
/// files (accepted rows: CSV records and JSON objects; rejected rows: their CSV records), and
/// what the run-wide stages decide from is handed to SheetConsolidation's per-file parts: the
/// rows' identities (deduplication), groups (summaries), fingerprints (near-duplicates), the
/// values normalisation changed and the region check. Memory grows by a few dozen bytes per
/// row, never with the size of the values.
final class FileConsolidator {
    let schema: TableSchema
    let schemaName: String
    let dataset: PipelineDefinition.Dataset
    let file: String
    let sheet: String

    // (Unchecked exclusivity, below: state written at every accepted row on the file's thread, and
    // only read once `finish` has returned.)
    /// Deduplication's view of the accepted rows.
    @exclusivity(unchecked)
    private(set) var rows = AcceptedRows()
    /// Per summary table of the dataset.
    @exclusivity(unchecked)
    private(set) var summaryGroups: [SummaryGroups]
    @exclusivity(unchecked)
    private(set) var fingerprints: FingerprintStore?
    @exclusivity(unchecked)
    private var changeLog = ChangeLog()
    var changes: [NormalisationChange] { changeLog.changes }
    @exclusivity(unchecked)
    private var regionCheck: RegionCheck?
    var regionMismatches: RegionCheck.Mismatches? { regionCheck?.mismatches }
    private(set) var rejectedCount = 0
    /// Per accepted row, the length of its record in each spool (to copy the kept ones).
    @exclusivity(unchecked)
    private(set) var csvLengths: [UInt32] = []
    @exclusivity(unchecked)
    private(set) var jsonLengths: [UInt32] = []

    @exclusivity(unchecked)
    private var identities: RowIdentity.Maker
    private let keyFields: [Int]
    private let nearFields: (block: Int, fields: [Int])?
    private let regionField: Int?
    @exclusivity(unchecked)
    private var writer: DatasetRecordWriter
    /// The spools, open from `init` to `finish` (which commits them and lets their buffers go).
    private struct Spools {
        var data: OutputSink
        var json: OutputSink
        var rejected: OutputSink
    }
    @exclusivity(unchecked)
    private var spools: Spools?
    /// Bytes the writer has put in the data and JSON spools' buffers since they were last
    /// written out: counted here, as asking each spool retains and releases it at every row.
    @exclusivity(unchecked)
    private var pendingData = 0
    @exclusivity(unchecked)
    private var pendingJSON = 0
    private(set) var writeError: (any Error)?
    private let progress: RunProgress?
    @exclusivity(unchecked)
    private var unreportedRows = 0
    /// The file turned out unreadable part-way: every row is rejected, with this reason first.
    let rejectingAll: Message?
    /// Rows the validator found invalid only at the sheet's end (a self-reference never
    /// resolved), by number, with the reason: rejected on this reading.
    let rejectingRows: [UInt32: Message]

    init(
        schema: NamedSchema, dataset: PipelineDefinition.Dataset, summaries: [SummaryTable.Definition], file: String,
        sheet: String, expectedRegion: String?, spool: SpoolFiles, progress: RunProgress?,
        rejectingAll: Message? = nil, rejectingRows: [UInt32: Message] = [:]
    ) throws {
        self.progress = progress
        self.rejectingAll = rejectingAll
        self.rejectingRows = rejectingRows
        self.schema = schema.schema
        schemaName = schema.name
        self.dataset = dataset
        self.file = file
        self.sheet = sheet
        let fields = schema.schema.fields
        func index(_ name: String) -> Int? { fields.firstIndex { $0.name == name } }
        summaryGroups = summaries.map { SummaryGroups($0, fields: fields) }
        keyFields = schema.schema.primaryKey.compactMap(index)
        identities = RowIdentity.Maker(fields: fields, keyFields: keyFields)
        if let near = dataset.nearDuplicates, let block = index(near.block) {
            let compared = near.fields.compactMap(index)
            nearFields = (block, compared)
            fingerprints = FingerprintStore(fieldCount: compared.count)
        } else {
            nearFields = nil
        }
        regionField = expectedRegion == nil ? nil : fields.firstIndex { $0.kind == .region }
        if let expectedRegion, regionField != nil { regionCheck = RegionCheck(expected: expectedRegion) }
        // The fields whose dataset text the parts above read.
        var needed = Array(repeating: false, count: fields.count)
        for field in keyFields + summaryGroups.flatMap({ $0.textFields }) + [regionField].compactMap({ $0 }) {
            needed[field] = true
        }
        if let nearFields { for field in [nearFields.block] + nearFields.fields { needed[field] = true } }
        let spools = Spools(
            data: try OutputSink(path: spool.data), json: try OutputSink(path: spool.json),
            rejected: try OutputSink(path: spool.rejected))
        self.spools = spools
        writer = DatasetRecordWriter(
            fields: fields, needsText: needed, file: file, sheet: sheet, record: spools.data.buffer,
            json: spools.json.buffer)
    }

    /// What a shard result kept of a file once read (`FileConsolidator+Shard.swift`).
    struct State {
        var rows: AcceptedRows
        var summaryGroups: [SummaryGroups]
        var fingerprints: FingerprintStore?
        var changes: [NormalisationChange]
        var regionMismatches: RegionCheck.Mismatches?
        var rejectedCount: Int
        var csvLengths: [UInt32]
        var jsonLengths: [UInt32]
    }

    /// A file read by a shard, as its result kept it: finished, only read from then on.
    init(schema: NamedSchema, dataset: PipelineDefinition.Dataset, file: String, sheet: String, restoring state: State)
    {
        progress = nil
        rejectingAll = nil
        rejectingRows = [:]
        self.schema = schema.schema
        schemaName = schema.name
        self.dataset = dataset
        self.file = file
        self.sheet = sheet
        keyFields = []
        identities = RowIdentity.Maker(fields: [], keyFields: [])
        nearFields = nil
        regionField = nil
        rows = state.rows
        summaryGroups = state.summaryGroups
        fingerprints = state.fingerprints
        changeLog = ChangeLog(restoring: state.changes)
        regionCheck = state.regionMismatches.map { RegionCheck(expected: "", restoring: $0) }
        rejectedCount = state.rejectedCount
        csvLengths = state.csvLengths
        jsonLengths = state.jsonLengths
        // (No row comes any more: a writer without spools.)
        writer = DatasetRecordWriter(
            fields: [], needsText: [], file: file, sheet: sheet, record: ByteBuffer(capacity: 0),
            json: ByteBuffer(capacity: 0))
    }

    /// What a shard result keeps of the file (once `finish` has returned).
    var state: State {
        State(
            rows: rows, summaryGroups: summaryGroups, fingerprints: fingerprints, changes: changes,
            regionMismatches: regionMismatches, rejectedCount: rejectedCount, csvLengths: csvLengths,
            jsonLengths: jsonLengths)
    }

    /// The row consumer given to the validator (runs on its thread).
    func consume(_ row: ValidatedRow) {
        unreportedRows += 1
        if unreportedRows == 1024, let progress {
            progress.rowsRead.add(unreportedRows, ordering: .relaxed)
            unreportedRows = 0
        }
        // Once a spool cannot be written the file cannot be kept (`finish` throws): its rows
        // are not buffered any further, so that a full disk does not fill memory too.
        guard writeError == nil else { return }
        guard let spools else { preconditionFailure("a row after finish") }
        do {
            let lateReason = rejectingRows.isEmpty ? nil : rejectingRows[UInt32(row.number)]
            if row.isValid && rejectingAll == nil && lateReason == nil {
                accept(row)
                pendingData += writer.recordLength
                pendingJSON += writer.jsonLength
                if pendingData >= OutputSink.flushThreshold {
                    try spools.data.flush()
                    pendingData = 0
                }
                if pendingJSON >= OutputSink.flushThreshold {
                    try spools.json.flush()
                    pendingJSON = 0
                }
            } else {
                let rejected = spools.rejected
                rejected.append(writer.writeRejected(row, fileReason: rejectingAll ?? lateReason))
                rejectedCount += 1
                try rejected.flushIfNeeded()
            }
        } catch {
            if writeError == nil { writeError = error }
        }
    }

    /// An accepted row: written (straight into the spools' buffers), then handed to the parts
    /// that decide from it. Identity comes from the normalised values, the texts from the writer's
    /// bytes of this row (no String made or retained).
    private func accept(_ row: ValidatedRow) {
        writer.write(row, changes: &changeLog)
        csvLengths.append(UInt32(writer.recordLength))
        jsonLengths.append(UInt32(writer.jsonLength))
        let identity = identities.identity(values: row.values, valueIDs: row.valueIDs)
        rows.append(number: row.number, identity: identity, keyFieldCount: keyFields.count) { position in
            writer.text(keyFields[position])
        }
        for position in summaryGroups.indices {
            summaryGroups[position].add(values: row.values, valueIDs: row.valueIDs) { field in
                writer.text(field).map { String(decoding: $0, as: UTF8.self) } ?? ""
            }
        }
        if let nearFields {
            fingerprints?.add(block: writer.text(nearFields.block), blockValueID: row.valueIDs[nearFields.block]) {
                writer.text(nearFields.fields[$0])
            }
        }
        if let regionField { regionCheck?.check(writer.text(regionField), row: row.number) }
    }

    /// Deduplication is done.
    func releaseDeduplicationDigests() { rows.releaseDigests() }

    /// The near-duplicate search is done.
    func releaseFingerprints() { fingerprints?.release() }

    /// Writes what is left of the spools (on the caller's thread, after the validator's join).
    func finish() throws {
        progress?.rowsRead.add(unreportedRows, ordering: .relaxed)
        unreportedRows = 0
        if let writeError { throw writeError }
        if let spools {
            // (Spools are read back in this run and deleted: no waiting for the disk.)
            try spools.data.commit(durable: false)
            try spools.json.commit(durable: false)
            try spools.rejected.commit(durable: false)
        }
        // Their 2 MiB buffers are let go with them (and the writer's references to them).
        spools = nil
        writer.finish()
        for position in summaryGroups.indices { summaryGroups[position].finish() }
        fingerprints?.finish()
        changeLog.finish()
    }
}

/// The three spool files of one input, in the run's temporary folder.
struct SpoolFiles: Sendable {
    var data: String
    var json: String
    var rejected: String

    init(folder: String, index: Int) {
        data = "\(folder)/\(index).csv"
        json = "\(folder)/\(index).json"
        rejected = "\(folder)/\(index).rejected.csv"
    }
}
