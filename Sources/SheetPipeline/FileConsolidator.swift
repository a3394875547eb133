import Foundation
import SheetConsolidation
import SheetOutput
import SheetReading
import SheetSchema
import Synchronization

/// What the rows of one file leave for the run-wide stages: the accepted rows, already in their
/// dataset form in spool files (CSV records and JSON objects, one after the other), and in memory
/// only what deduplication, summaries and near-duplicates need per row — digests and small ids.
/// Memory grows by a few dozen bytes per row, never with the size of the values.
final class FileConsolidator {
    let schema: TableSchema
    let schemaName: String
    let dataset: PipelineDefinition.Dataset
    let file: String
    let sheet: String
    let expectedRegion: String?

    // Accepted rows, by position.
    // (Unchecked exclusivity: appended to at every accepted row, on the file's thread only.)
    @exclusivity(unchecked)
    private(set) var rowNumbers: [Int32] = []
    /// Per row, the digest of its key (empty when the schema has no primary key).
    @exclusivity(unchecked)
    private(set) var keys: [RowDigest] = []
    /// The key values of each row for the merge log (`53 / 2024 / TI-29-001`), end to end in one
    /// byte arena: a few bytes a row instead of a String each.
    @exclusivity(unchecked)
    private var keyTextBytes: [UInt8] = []
    @exclusivity(unchecked)
    private var keyTextEnds: [UInt32] = []
    @exclusivity(unchecked)
    private(set) var signatures: [RowDigest] = []
    @exclusivity(unchecked)
    private(set) var csvLengths: [UInt32] = []
    @exclusivity(unchecked)
    private(set) var jsonLengths: [UInt32] = []
    /// Per summary table: the row's group (a local id into `groupNames`) and its values to sum.
    @exclusivity(unchecked)
    private(set) var groupIDs: [[Int32]]
    /// (8 bytes a value; the few that do not fit in millionths are in `wideSumValues`, by position.)
    @exclusivity(unchecked)
    private(set) var sumValues: [[SummaryTable.Summand]]
    private(set) var wideSumValues: [[Int: Decimal]]
    private(set) var groupNames: [[String]]
    private var groupIndex: [[String: Int32]]
    /// Near-duplicate fingerprint of each row (a local id; -1: no text to compare). Per distinct
    /// fingerprint: its digest (block and texts), its block, and its texts end to end in a byte
    /// arena (a few bytes a row, not Strings: a million rows' titles would weigh hundreds of MB).
    @exclusivity(unchecked)
    private(set) var fingerprintIDs: [Int32] = []
    @exclusivity(unchecked)
    private(set) var fingerprintBlocks: [Int32] = []
    private(set) var blockNames: [String] = []
    private var blockIndex: [String: Int32] = [:]
    /// The block of a block value by its value id (-1: not seen yet): no text looked up.
    @exclusivity(unchecked)
    private var blockOfValueID: [Int32] = []
    /// A fingerprint's texts are `fingerprintBytes[fingerprintStarts[id]..<end of its first field]`,
    /// then each next field's up to its end (`fingerprintEnds[id * fields + field]`). Once the
    /// file is read, the texts are grouped by block (`finish`), so that a search of one block
    /// reads them in order instead of picking them out of every block's.
    @exclusivity(unchecked)
    private var fingerprintBytes: [UInt8] = []
    @exclusivity(unchecked)
    private var fingerprintStarts: [UInt32] = []
    @exclusivity(unchecked)
    private var fingerprintEnds: [UInt32] = []
    /// Distinct fingerprints by digest (a reference's index is the fingerprint's id): a digest
    /// table hashes nothing again.
    @exclusivity(unchecked)
    private var fingerprintIndex = DigestTable(capacity: 1024)
    /// The digest of each distinct fingerprint (block and texts), by id: equal across files for
    /// equal fingerprints (16 bytes each, kept until the search is done: its first, sequential
    /// pass over every row then only looks them up).
    @exclusivity(unchecked)
    private var fingerprintDigests: [RowDigest] = []

    private(set) var rejectedCount = 0
    @exclusivity(unchecked)
    private var changeLog = ChangeLog()
    var changes: [NormalisationChange] { changeLog.changes }
    private(set) var regionMismatches: (count: Int, first: Int, value: String)?

    /// The spools, open while rows come (their 2 MiB buffers are let go at `finish`).
    private var dataSpool: OutputSink!
    private var jsonSpool: OutputSink!
    private var rejectedSpool: OutputSink!
    /// Bytes the writer has put in the data and JSON spools' buffers since they were last
    /// written out: counted here, as asking each spool retains and releases it at every row.
    @exclusivity(unchecked)
    private var pendingData = 0
    @exclusivity(unchecked)
    private var pendingJSON = 0
    /// Per summary table, the positions of its group-by and summed fields (arrays side by side:
    /// an array of tuples is copied through type metadata at every row).
    let summaryDefinitions: [SummaryTable.Definition]
    private let summaryGroupBy: [[Int]]
    private let summarySums: [[Int]]
    /// Per summary table, the group of rows whose group-by values have these value ids (up to
    /// four fields of 16 bits, packed): most rows find their group without making its text.
    @exclusivity(unchecked)
    private var groupByValueIDs: [[UInt64: Int32]]
    private let keyFields: [Int]
    private let nearFields: (block: Int, fields: [Int])?
    private let regionField: Int?
    private let expectedRegionBytes: [UInt8]
    @exclusivity(unchecked)
    private var writer: DatasetRecordWriter
    private(set) var writeError: (any Error)?
    private let progress: RunProgress?
    @exclusivity(unchecked)
    private var unreportedRows = 0
    /// The file turned out unreadable part-way: every row is rejected, with this reason first.
    let rejectingAll: Message?

    init(
        schema: NamedSchema, dataset: PipelineDefinition.Dataset, summaries: [SummaryTable.Definition], file: String,
        sheet: String, expectedRegion: String?, spool: SpoolFiles, progress: RunProgress?,
        rejectingAll: Message? = nil
    ) throws {
        self.progress = progress
        self.rejectingAll = rejectingAll
        self.schema = schema.schema
        schemaName = schema.name
        self.dataset = dataset
        self.file = file
        self.sheet = sheet
        self.expectedRegion = expectedRegion
        let fields = schema.schema.fields
        func index(_ name: String) -> Int? { fields.firstIndex { $0.name == name } }
        summaryDefinitions = summaries
        summaryGroupBy = summaries.map { $0.groupBy.compactMap(index) }
        summarySums = summaries.map { $0.sums.compactMap(index) }
        groupByValueIDs = Array(repeating: [:], count: summaries.count)
        groupIDs = Array(repeating: [], count: summaries.count)
        sumValues = Array(repeating: [], count: summaries.count)
        wideSumValues = Array(repeating: [:], count: summaries.count)
        groupNames = Array(repeating: [], count: summaries.count)
        groupIndex = Array(repeating: [:], count: summaries.count)
        keyFields = schema.schema.primaryKey.compactMap(index)
        if let near = dataset.nearDuplicates, let block = index(near.block) {
            nearFields = (block, near.fields.compactMap(index))
        } else {
            nearFields = nil
        }
        regionField = expectedRegion == nil ? nil : fields.firstIndex { $0.kind == .region }
        expectedRegionBytes = Array((expectedRegion ?? "").utf8)
        var needed = Array(repeating: false, count: fields.count)
        for field in keyFields + summaryGroupBy.flatMap({ $0 }) + [regionField].compactMap({ $0 }) {
            needed[field] = true
        }
        if let nearFields { for field in [nearFields.block] + nearFields.fields { needed[field] = true } }
        let dataSpool = try OutputSink(path: spool.data)
        let jsonSpool = try OutputSink(path: spool.json)
        rejectedSpool = try OutputSink(path: spool.rejected)
        (self.dataSpool, self.jsonSpool) = (dataSpool, jsonSpool)
        writer = DatasetRecordWriter(
            fields: fields, needsText: needed, file: file, sheet: sheet, record: dataSpool.buffer,
            json: jsonSpool.buffer)
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
        do {
            if row.isValid && rejectingAll == nil {
                accept(row)
                pendingData += writer.recordLength
                pendingJSON += writer.jsonLength
                if pendingData >= OutputSink.flushThreshold {
                    try dataSpool.flush()
                    pendingData = 0
                }
                if pendingJSON >= OutputSink.flushThreshold {
                    try jsonSpool.flush()
                    pendingJSON = 0
                }
            } else {
                reject(row)
                try rejectedSpool.flushIfNeeded()
            }
        } catch {
            if writeError == nil { writeError = error }
        }
    }

    private func accept(_ row: ValidatedRow) {
        // All the values, as their JSON says them (null apart from "", every text escaped):
        // equal signatures mean equal rows.
        // (Written straight into the spools' buffers.)
        signatures.append(writer.write(row, changes: &changeLog))
        csvLengths.append(UInt32(writer.recordLength))
        jsonLengths.append(UInt32(writer.jsonLength))
        rowNumbers.append(Int32(row.number))
        // (The texts below are the writer's bytes of this row: no String is made or retained.)
        if !keyFields.isEmpty {
            var key = RowDigest.Builder()
            for field in keyFields { key.add(utf8: writer.text(field)) }
            keys.append(key.finish())
        }
        for (position, field) in keyFields.enumerated() {
            if position > 0 { keyTextBytes.append(contentsOf: " / ".utf8) }
            if let text = writer.text(field) { keyTextBytes.append(contentsOf: text) }
        }
        keyTextEnds.append(UInt32(keyTextBytes.count))

        for position in summaryDefinitions.indices {
            let groupBy = summaryGroupBy[position]
            var packed: UInt64? = groupBy.count <= 4 ? 0 : nil
            for field in groupBy {
                let id = row.valueIDs[field]
                packed = id >= 0 && id < 1 << 16 ? packed.map { $0 << 16 | UInt64(id) } : nil
            }
            let id: Int32
            if let packed, let known = groupByValueIDs[position][packed] {
                id = known
            } else {
                let group = groupBy.map(text).joined(separator: SummaryTable.separator)
                if let known = groupIndex[position][group] {
                    id = known
                } else {
                    id = Int32(groupNames[position].count)
                    groupNames[position].append(group)
                    groupIndex[position][group] = id
                }
                if let packed { groupByValueIDs[position][packed] = id }
            }
            groupIDs[position].append(id)
            for field in summarySums[position] {
                guard case .number(let value, let canonical) = row.values[field] else {
                    sumValues[position].append(.empty)
                    continue
                }
                let summand = SummaryTable.Summand(canonical: canonical)
                if summand == .wide { wideSumValues[position][sumValues[position].count] = value }
                sumValues[position].append(summand)
            }
        }
        if let nearFields { keepFingerprint(of: row, nearFields) }

        if let regionField, expectedRegion != nil, let region = writer.text(regionField),
            !region.elementsEqual(expectedRegionBytes)
        {
            if let known = regionMismatches {
                regionMismatches = (known.count + 1, known.first, known.value)
            } else {
                regionMismatches = (1, row.number, String(decoding: region, as: UTF8.self))
            }
        }
    }

    /// The dataset text of a field of the row being accepted ("" when it has none).
    private func text(_ field: Int) -> String {
        writer.text(field).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// The near-duplicate fingerprint of the row being accepted: its block and compared texts
    /// as normalised (the search folds them: accents, case, punctuation), kept once per file.
    private func keepFingerprint(of row: ValidatedRow, _ nearFields: (block: Int, fields: [Int])) {
        let none = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var digest = RowDigest.Builder()
        digest.add(utf8: writer.text(nearFields.block) ?? none)
        var empty = true
        for field in nearFields.fields {
            let text = writer.text(field) ?? none
            digest.add(utf8: text)
            if !text.isEmpty { empty = false }
        }
        guard !empty else {
            fingerprintIDs.append(-1)
            return
        }
        let id = Int32(fingerprintBlocks.count)
        let key = digest.finish()
        if let known = fingerprintIndex.insert(RowReference(file: 0, index: Int(id)), for: key) {
            fingerprintIDs.append(known.index)
            return
        }
        fingerprintBlocks.append(blockNumber(of: row, field: nearFields.block))
        fingerprintStarts.append(UInt32(fingerprintBytes.count))
        for field in nearFields.fields {
            if let text = writer.text(field) { fingerprintBytes.append(contentsOf: text) }
            fingerprintEnds.append(UInt32(fingerprintBytes.count))
        }
        fingerprintDigests.append(key)
        fingerprintIDs.append(id)
    }

    /// The local number of the row's block (its region, say), found by value id when it has one.
    private func blockNumber(of row: ValidatedRow, field: Int) -> Int32 {
        let valueID = Int(row.valueIDs[field])
        if valueID >= 0, valueID < blockOfValueID.count, blockOfValueID[valueID] >= 0 {
            return blockOfValueID[valueID]
        }
        let block = text(field)
        let number: Int32
        if let known = blockIndex[block] {
            number = known
        } else {
            number = Int32(blockNames.count)
            blockIndex[block] = number
            blockNames.append(block)
        }
        if valueID >= 0 {
            if valueID >= blockOfValueID.count {
                blockOfValueID.append(contentsOf: repeatElement(-1, count: valueID + 1 - blockOfValueID.count))
            }
            blockOfValueID[valueID] = number
        }
        return number
    }

    /// Deduplication is done: its digests are no longer needed (a million rows hold 40 MB of them).
    func releaseDeduplicationDigests() {
        keys = []
        signatures = []
    }

    /// The near-duplicate search is done.
    func releaseFingerprints() {
        fingerprintDigests = []
        fingerprintBytes = []
        fingerprintStarts = []
        fingerprintEnds = []
        fingerprintIDs = []
    }

    /// The digest of a fingerprint (its block and texts).
    func fingerprintDigest(_ id: Int) -> RowDigest { fingerprintDigests[id] }

    /// The text (UTF-8) of a compared field (its position among the near-duplicate fields) of a
    /// fingerprint.
    func fingerprintField(_ id: Int, field: Int) -> ArraySlice<UInt8> {
        let slot = id * (nearFields?.fields.count ?? 0) + field
        let start = field == 0 ? Int(fingerprintStarts[id]) : Int(fingerprintEnds[slot - 1])
        return fingerprintBytes[start..<Int(fingerprintEnds[slot])]
    }

    /// Rewrites the fingerprints' texts block after block (ids keep their order within a block).
    private func groupFingerprintTextsByBlock() {
        let fieldCount = nearFields?.fields.count ?? 0
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fingerprintBytes.count)
        var starts = [UInt32](repeating: 0, count: fingerprintStarts.count)
        var ends = [UInt32](repeating: 0, count: fingerprintEnds.count)
        var idsByBlock = [[Int]](repeating: [], count: blockNames.count)
        for id in fingerprintBlocks.indices { idsByBlock[Int(fingerprintBlocks[id])].append(id) }
        for id in idsByBlock.joined() {
            let first = Int(fingerprintStarts[id])
            let last = Int(fingerprintEnds[(id + 1) * fieldCount - 1])
            let shift = bytes.count - first
            bytes.append(contentsOf: fingerprintBytes[first..<last])
            starts[id] = UInt32(bytes.count - (last - first))
            for slot in (id * fieldCount)..<((id + 1) * fieldCount) {
                ends[slot] = UInt32(Int(fingerprintEnds[slot]) + shift)
            }
        }
        (fingerprintBytes, fingerprintStarts, fingerprintEnds) = (bytes, starts, ends)
    }

    /// The key values of the accepted row at `index`, for people (`53 / 2024 / TI-29-001`).
    func keyText(_ index: Int) -> String {
        let start = index == 0 ? 0 : Int(keyTextEnds[index - 1])
        return String(decoding: keyTextBytes[start..<Int(keyTextEnds[index])], as: UTF8.self)
    }

    private func reject(_ row: ValidatedRow) {
        rejectedSpool.append(writer.writeRejected(row, fileReason: rejectingAll))
        rejectedCount += 1
    }

    /// Writes what is left of the spools (on the caller's thread, after the validator's join).
    func finish() throws {
        progress?.rowsRead.add(unreportedRows, ordering: .relaxed)
        unreportedRows = 0
        if let writeError { throw writeError }
        // (Spools are read back in this run and deleted: no waiting for the disk.)
        try dataSpool.commit(durable: false)
        try jsonSpool.commit(durable: false)
        try rejectedSpool.commit(durable: false)
        (dataSpool, jsonSpool, rejectedSpool) = (nil, nil, nil)
        // Arrays grown by doubling hold up to twice what they need: kept at their size (a million
        // rows hold a few hundred MB of them until the run ends).
        rowNumbers = Array(rowNumbers[...])
        keys = Array(keys[...])
        signatures = Array(signatures[...])
        csvLengths = Array(csvLengths[...])
        jsonLengths = Array(jsonLengths[...])
        keyTextBytes = Array(keyTextBytes[...])
        keyTextEnds = Array(keyTextEnds[...])
        groupIDs = groupIDs.map { Array($0[...]) }
        sumValues = sumValues.map { Array($0[...]) }
        fingerprintIDs = Array(fingerprintIDs[...])
        fingerprintBlocks = Array(fingerprintBlocks[...])
        fingerprintDigests = Array(fingerprintDigests[...])
        // (The texts, copied block after block, are kept at their size too.)
        groupFingerprintTextsByBlock()
        // Lookup tables needed only while rows come.
        fingerprintIndex = DigestTable(capacity: 0)
        blockIndex = [:]
        blockOfValueID = []
        groupIndex = groupIndex.map { _ in [:] }
        groupByValueIDs = groupByValueIDs.map { _ in [:] }
        changeLog.finish()
        writer.finish()
    }
}

/// A value that normalisation changed, counted over the file (the first place it was seen).
struct NormalisationChange: Sendable {
    var field: String
    var original: String
    var normalised: String
    var firstRow: Int
    var firstCell: String?
    var count: Int
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
