import Foundation
import SheetConsolidation
import SheetOutput
import SheetReading
import SheetSchema
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

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
    private(set) var rowNumbers: [Int32] = []
    /// Per row, the digest of its key (empty when the schema has no primary key).
    private(set) var keys: [RowDigest] = []
    /// The key values of each row for the merge log (`53 / 2024 / TI-29-001`), end to end in one
    /// byte arena: a few bytes a row instead of a String each.
    private var keyTextBytes: [UInt8] = []
    private var keyTextEnds: [UInt32] = []
    private(set) var signatures: [RowDigest] = []
    private(set) var csvLengths: [UInt32] = []
    private(set) var jsonLengths: [UInt32] = []
    /// Per summary table: the row's group (a local id into `groupNames`) and its values to sum.
    private(set) var groupIDs: [[Int32]]
    /// (8 bytes a value; the few that do not fit in millionths are in `wideSumValues`, by position.)
    private(set) var sumValues: [[SummaryTable.Summand]]
    private(set) var wideSumValues: [[Int: Decimal]]
    private(set) var groupNames: [[String]]
    private var groupIndex: [[String: Int32]]
    /// Near-duplicate fingerprint of each row (a local id; -1: no text to compare). Per distinct
    /// fingerprint: its digest (block and texts), its block, and its texts end to end in a byte
    /// arena (a few bytes a row, not Strings: a million rows' titles would weigh hundreds of MB).
    private(set) var fingerprintIDs: [Int32] = []
    private(set) var fingerprintBlocks: [Int32] = []
    private(set) var blockNames: [String] = []
    private var blockIndex: [String: Int32] = [:]
    private var fingerprintBytes: [UInt8] = []
    private var fingerprintEnds: [UInt32] = []
    private var fingerprintIndex: [RowDigest: Int32] = [:]

    private(set) var rejectedCount = 0
    private(set) var changes: [NormalisationChange] = []
    private var changeIndex: [ChangeKey: Int] = [:]
    private(set) var regionMismatches: (count: Int, first: Int, value: String)?

    /// The spools, open while rows come (their 2 MiB buffers are let go at `finish`).
    private var dataSpool: OutputSink!
    private var jsonSpool: OutputSink!
    private var rejectedSpool: OutputSink!
    private let summaries: [(definition: SummaryTable.Definition, groupBy: [Int], sums: [Int])]
    var summaryDefinitions: [SummaryTable.Definition] { summaries.map(\.definition) }
    private let keyFields: [Int]
    private let nearFields: (block: Int, fields: [Int])?
    private let regionField: Int?
    private let sourceSuffixCSV: [UInt8]
    /// `,"source_file":…,"source_sheet":…,"source_row":` — the same for every row of the file.
    private let sourceSuffixJSON: [UInt8]
    /// `"name":` of each field, end to end (`jsonNameStarts[i]..<jsonNameStarts[i + 1]`).
    private let jsonNameBytes: [UInt8]
    private let jsonNameStarts: [Int]
    private let fieldCount: Int
    /// Per field: an amount (two decimals), so not written as its canonical number.
    private let isAmount: [Bool]
    private var record: [UInt8] = []
    private var json: [UInt8] = []
    /// What a value became, kept by field and value id (`ValidatedRow.valueIDs`): a value seen
    /// before in the file is copied as it was written, not formatted and escaped again.
    private var rendered: RenderedValues
    private var texts: [String?]
    /// Fields whose dataset text later stages read (key, summaries, near-duplicates, region).
    private let needsText: [Bool]
    private(set) var writeError: (any Error)?
    private let progress: RunProgress?
    private var unreportedRows = 0

    struct ChangeKey: Hashable {
        var field: Int
        var original: String
        var normalised: String
    }

    init(
        schema: NamedSchema, dataset: PipelineDefinition.Dataset, summaries: [SummaryTable.Definition], file: String,
        sheet: String, expectedRegion: String?, spool: SpoolFiles, progress: RunProgress?
    ) throws {
        self.progress = progress
        self.schema = schema.schema
        schemaName = schema.name
        self.dataset = dataset
        self.file = file
        self.sheet = sheet
        self.expectedRegion = expectedRegion
        let fields = schema.schema.fields
        func index(_ name: String) -> Int? { fields.firstIndex { $0.name == name } }
        self.summaries = summaries.map { table in
            (table, table.groupBy.compactMap(index), table.sums.compactMap(index))
        }
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
        var suffix: [UInt8] = []
        for text in [file, sheet] {
            suffix.append(UInt8(ascii: ","))
            CsvFieldWriter.appendField(text, to: &suffix)
        }
        suffix.append(UInt8(ascii: ","))
        sourceSuffixCSV = suffix
        var jsonSuffix = Array(",\"source_file\":".utf8)
        JsonText.appendString(file, to: &jsonSuffix)
        jsonSuffix.append(contentsOf: ",\"source_sheet\":".utf8)
        JsonText.appendString(sheet, to: &jsonSuffix)
        jsonSuffix.append(contentsOf: ",\"source_row\":".utf8)
        sourceSuffixJSON = jsonSuffix
        var names: [UInt8] = []
        var starts = [0]
        for field in fields {
            JsonText.appendString(field.name, to: &names)
            names.append(UInt8(ascii: ":"))
            starts.append(names.count)
        }
        jsonNameBytes = names
        jsonNameStarts = starts
        fieldCount = fields.count
        isAmount = fields.map { $0.kind == .amount }
        texts = Array(repeating: nil, count: fields.count)
        rendered = RenderedValues(fieldCount: fields.count)
        var needed = Array(repeating: false, count: fields.count)
        for field in keyFields + self.summaries.flatMap(\.groupBy) + [regionField].compactMap({ $0 }) {
            needed[field] = true
        }
        if let nearFields { for field in [nearFields.block] + nearFields.fields { needed[field] = true } }
        needsText = needed
        dataSpool = try OutputSink(path: spool.data)
        jsonSpool = try OutputSink(path: spool.json)
        rejectedSpool = try OutputSink(path: spool.rejected)
    }

    /// The row consumer given to the validator (runs on its thread).
    func consume(_ row: ValidatedRow) {
        unreportedRows += 1
        if unreportedRows == 1024, let progress {
            progress.rowsRead.add(unreportedRows, ordering: .relaxed)
            unreportedRows = 0
        }
        if row.isValid { accept(row) } else { reject(row) }
        do {
            try dataSpool.flushIfNeeded()
            try jsonSpool.flushIfNeeded()
            try rejectedSpool.flushIfNeeded()
        } catch {
            if writeError == nil { writeError = error }
        }
    }

    private func accept(_ row: ValidatedRow) {
        record.removeAll(keepingCapacity: true)
        json.removeAll(keepingCapacity: true)
        json.append(UInt8(ascii: "{"))
        // The loop runs for every field of every row: it reads flat tables (no Field object, no
        // array per name) and the values' bytes in place, so that it retains little.
        jsonNameBytes.withUnsafeBufferPointer { names in
            for index in 0..<fieldCount {
                if index > 0 {
                    record.append(UInt8(ascii: ","))
                    json.append(UInt8(ascii: ","))
                }
                json.append(
                    contentsOf: UnsafeBufferPointer(rebasing: names[jsonNameStarts[index]..<jsonNameStarts[index + 1]]))
                let id = row.valueIDs[index]
                if id >= 0, let seen = rendered.entry(field: index, id: id) {
                    rendered.copy(seen, csv: &record, json: &json)
                    if needsText[index] { texts[index] = seen.text }
                    if seen.change >= 0 { changes[Int(seen.change)].count += 1 }
                    continue
                }
                let csvStart = record.count
                let jsonStart = json.count
                // Text and plain numbers are written from their bytes; the dataset's String of a
                // value is made only where a later stage or the change log needs it.
                let value = row.values[index]
                let original = row.originals[index]
                let keepText = needsText[index] || original != nil
                var text: String?
                switch value {
                case .text(let string), .date(let string):
                    if keepText { text = string }
                    let written: Void? = string.utf8.withContiguousStorageIfAvailable { bytes in
                        CsvFieldWriter.appendField(bytes, to: &record)
                        JsonText.appendString(bytes, to: &json)
                    }
                    if written == nil {
                        CsvFieldWriter.appendField(string, to: &record)
                        JsonText.appendString(string, to: &json)
                    }
                case .number(_, let canonical) where !isAmount[index]:
                    // Numbers are never neutralised (`-7.25` is a number, not a formula).
                    if keepText { text = canonical }
                    record.append(contentsOf: canonical.utf8)
                    json.append(contentsOf: canonical.utf8)
                case .list(let items):
                    // Sorted once, for both files.
                    let field = schema.fields[index]
                    let parts = DatasetValues.listItems(items, field: field)
                    let joined = parts.joined(separator: ";")
                    text = joined
                    CsvFieldWriter.appendField(joined, to: &record)
                    DatasetValues.appendJSONArray(parts, field: field, to: &json)
                case .some(let other):
                    let field = schema.fields[index]
                    let formatted = DatasetValues.text(other, field: field)
                    text = formatted
                    var isNumber = false
                    if case .number = other { isNumber = true }
                    CsvFieldWriter.appendField(formatted, neutraliseFormulas: !isNumber, to: &record)
                    DatasetValues.appendJSON(other, field: field, to: &json)
                case nil:
                    json.append(contentsOf: "null".utf8)
                }
                if needsText[index] { texts[index] = text }
                var change = -1
                if let original, let text, !Self.sameBytes(original, text) {
                    change = noteChange(field: index, original: original, normalised: text, row: row)
                }
                if id >= 0 {
                    rendered.keep(
                        field: index, id: id, csv: record[csvStart...], json: json[jsonStart...],
                        text: needsText[index] ? text : nil, change: change)
                }
            }
        }
        record.append(contentsOf: sourceSuffixCSV)
        record.append(contentsOf: String(row.number).utf8)
        record.append(contentsOf: [13, 10])
        // All the values, as their JSON says them (null apart from "", every text escaped):
        // equal signatures mean equal rows.
        signatures.append(RowDigest(bytes: json))
        json.append(contentsOf: sourceSuffixJSON)
        json.append(contentsOf: String(row.number).utf8)
        // The separator travels with the record, so that runs of records copy as they are.
        json.append(contentsOf: "},\n".utf8)
        dataSpool.append(record)
        jsonSpool.append(json)
        csvLengths.append(UInt32(record.count))
        jsonLengths.append(UInt32(json.count))
        rowNumbers.append(Int32(row.number))

        if !keyFields.isEmpty {
            var key = RowDigest.Builder()
            for field in keyFields { key.add(texts[field]) }
            keys.append(key.finish())
        }
        for (position, field) in keyFields.enumerated() {
            if position > 0 { keyTextBytes.append(contentsOf: " / ".utf8) }
            keyTextBytes.append(contentsOf: (texts[field] ?? "").utf8)
        }
        keyTextEnds.append(UInt32(keyTextBytes.count))

        for (position, table) in summaries.enumerated() {
            let group = table.groupBy.map { texts[$0] ?? "" }.joined(separator: SummaryTable.separator)
            let id: Int32
            if let known = groupIndex[position][group] {
                id = known
            } else {
                id = Int32(groupNames[position].count)
                groupNames[position].append(group)
                groupIndex[position][group] = id
            }
            groupIDs[position].append(id)
            for field in table.sums {
                guard case .number(let value, let canonical) = row.values[field] else {
                    sumValues[position].append(.empty)
                    continue
                }
                let summand = SummaryTable.Summand(canonical: canonical)
                if summand == .wide { wideSumValues[position][sumValues[position].count] = value }
                sumValues[position].append(summand)
            }
        }
        if let nearFields {
            // The texts as normalised; the search folds them (accents, case, punctuation).
            var digest = RowDigest.Builder()
            digest.add(texts[nearFields.block] ?? "")
            var empty = true
            for field in nearFields.fields {
                digest.add(texts[field] ?? "")
                if let text = texts[field], !text.isEmpty { empty = false }
            }
            if empty {
                fingerprintIDs.append(-1)
            } else {
                let key = digest.finish()
                if let known = fingerprintIndex[key] {
                    fingerprintIDs.append(known)
                } else {
                    let id = Int32(fingerprintBlocks.count)
                    let block = texts[nearFields.block] ?? ""
                    if let known = blockIndex[block] {
                        fingerprintBlocks.append(known)
                    } else {
                        blockIndex[block] = Int32(blockNames.count)
                        fingerprintBlocks.append(Int32(blockNames.count))
                        blockNames.append(block)
                    }
                    for field in nearFields.fields {
                        fingerprintBytes.append(contentsOf: (texts[field] ?? "").utf8)
                        fingerprintEnds.append(UInt32(fingerprintBytes.count))
                    }
                    fingerprintIndex[key] = id
                    fingerprintIDs.append(id)
                }
            }
        }

        if let regionField, let expectedRegion, let region = texts[regionField], region != expectedRegion {
            if let known = regionMismatches {
                regionMismatches = (known.count + 1, known.first, known.value)
            } else {
                regionMismatches = (1, row.number, region)
            }
        }
    }

    static func sameBytes(_ a: String, _ b: String) -> Bool {
        var x = a
        var y = b
        return x.withUTF8 { p in
            y.withUTF8 { q in
                p.count == q.count && (p.count == 0 || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0)
            }
        }
    }

    /// Deduplication is done: its digests are no longer needed (a million rows hold 40 MB of them).
    func releaseDeduplicationDigests() {
        keys = []
        signatures = []
    }

    /// The near-duplicate search is done.
    func releaseFingerprints() {
        fingerprintBytes = []
        fingerprintEnds = []
        fingerprintIDs = []
    }

    /// The digest of a fingerprint (its block and texts), from the arena: equal across files for
    /// equal fingerprints, recomputed when needed rather than kept (16 bytes a row).
    func fingerprintDigest(_ id: Int) -> RowDigest {
        var digest = RowDigest.Builder()
        digest.add(blockNames[Int(fingerprintBlocks[id])])
        let width = nearFields?.fields.count ?? 0
        for field in 0..<width {
            let slot = id * width + field
            let start = slot == 0 ? 0 : Int(fingerprintEnds[slot - 1])
            fingerprintBytes[start..<Int(fingerprintEnds[slot])].withUnsafeBytes { digest.add(bytes: $0) }
        }
        return digest.finish()
    }

    /// The text (UTF-8) of a compared field (its position among the near-duplicate fields) of a
    /// fingerprint.
    func fingerprintField(_ id: Int, field: Int) -> ArraySlice<UInt8> {
        let slot = id * (nearFields?.fields.count ?? 0) + field
        let start = slot == 0 ? 0 : Int(fingerprintEnds[slot - 1])
        return fingerprintBytes[start..<Int(fingerprintEnds[slot])]
    }

    /// The key values of the accepted row at `index`, for people (`53 / 2024 / TI-29-001`).
    func keyText(_ index: Int) -> String {
        let start = index == 0 ? 0 : Int(keyTextEnds[index - 1])
        return String(decoding: keyTextBytes[start..<Int(keyTextEnds[index])], as: UTF8.self)
    }

    /// Counts the change, and returns its position in `changes`.
    private func noteChange(field: Int, original: String, normalised: String, row: ValidatedRow) -> Int {
        let key = ChangeKey(field: field, original: original, normalised: normalised)
        if let known = changeIndex[key] {
            changes[known].count += 1
            return known
        }
        changeIndex[key] = changes.count
        let cell = row.columns[field].map { CellReference.name(row: row.number, column: $0) }
        changes.append(
            NormalisationChange(
                field: schema.fields[field].name, original: original, normalised: normalised, firstRow: row.number,
                firstCell: cell, count: 1))
        return changes.count - 1
    }

    /// Rejected rows keep the values as found, then provenance and reasons in both languages.
    private func reject(_ row: ValidatedRow) {
        record.removeAll(keepingCapacity: true)
        for index in schema.fields.indices {
            if index > 0 { record.append(UInt8(ascii: ",")) }
            if let original = row.originals[index] {
                CsvFieldWriter.appendField(original, to: &record)
            } else if let value = row.values[index] {
                // A typed cell read as such (no text as found): a number is not neutralised.
                var isNumber = false
                if case .number = value { isNumber = true }
                CsvFieldWriter.appendField(value.canonical, neutraliseFormulas: !isNumber, to: &record)
            }
        }
        record.append(contentsOf: sourceSuffixCSV)
        record.append(contentsOf: String(row.number).utf8)
        var french: [String] = []
        var english: [String] = []
        for issue in row.errors {
            let place = [issue.cell, issue.field].compactMap { $0 }.joined(separator: " ")
            french.append(place.isEmpty ? issue.message.fr : "\(place) : \(issue.message.fr)")
            english.append(place.isEmpty ? issue.message.en : "\(place): \(issue.message.en)")
        }
        if french.isEmpty {
            french.append("colonne obligatoire absente du fichier (voir le journal)")
            english.append("a required column is missing from the file (see the log)")
        }
        record.append(UInt8(ascii: ","))
        CsvFieldWriter.appendField(french.joined(separator: " | "), to: &record)
        record.append(UInt8(ascii: ","))
        CsvFieldWriter.appendField(english.joined(separator: " | "), to: &record)
        record.append(contentsOf: [13, 10])
        rejectedSpool.append(record)
        rejectedCount += 1
    }

    /// Writes what is left of the spools (on the caller's thread, after the validator's join).
    func finish() throws {
        progress?.rowsRead.add(unreportedRows, ordering: .relaxed)
        unreportedRows = 0
        if let writeError { throw writeError }
        try dataSpool.commit()
        try jsonSpool.commit()
        try rejectedSpool.commit()
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
        fingerprintBytes = Array(fingerprintBytes[...])
        fingerprintEnds = Array(fingerprintEnds[...])
        // Lookup tables needed only while rows come.
        fingerprintIndex = [:]
        blockIndex = [:]
        groupIndex = groupIndex.map { _ in [:] }
        changeIndex = [:]
        rendered = RenderedValues(fieldCount: 0)
    }
}

/// The dataset form of values already written (CSV field, JSON value, end to end in one byte
/// arena), with their text for later stages and the change they made, by field and value id.
struct RenderedValues {
    struct Entry {
        var csv: Range<Int>
        var json: Range<Int>
        var text: String?
        /// Position in the file's changes (-1: none).
        var change: Int32
    }

    /// Per field, by value id, the position of its entry (-1: not written yet).
    private var slots: [[Int32]]
    private var entries: [Entry] = []
    private var bytes: [UInt8] = []

    init(fieldCount: Int) {
        slots = Array(repeating: [], count: fieldCount)
    }

    @inline(__always)
    func entry(field: Int, id: Int32) -> Entry? {
        let id = Int(id)
        guard id < slots[field].count else { return nil }
        let slot = slots[field][id]
        return slot >= 0 ? entries[Int(slot)] : nil
    }

    @inline(__always)
    func copy(_ entry: Entry, csv: inout [UInt8], json: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { arena in
            csv.append(contentsOf: UnsafeBufferPointer(rebasing: arena[entry.csv]))
            json.append(contentsOf: UnsafeBufferPointer(rebasing: arena[entry.json]))
        }
    }

    mutating func keep(
        field: Int, id: Int32, csv: ArraySlice<UInt8>, json: ArraySlice<UInt8>, text: String?, change: Int
    ) {
        let id = Int(id)
        if id >= slots[field].count {
            slots[field].append(contentsOf: repeatElement(-1, count: id + 1 - slots[field].count))
        }
        let csvStart = bytes.count
        bytes.append(contentsOf: csv)
        let jsonStart = bytes.count
        bytes.append(contentsOf: json)
        slots[field][id] = Int32(entries.count)
        entries.append(
            Entry(csv: csvStart..<jsonStart, json: jsonStart..<bytes.count, text: text, change: Int32(change)))
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
