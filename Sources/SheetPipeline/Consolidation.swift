import Foundation
import SheetConsolidation
import SheetReading
import SheetSchema

/// Stage 2, decided in submission order (on both cores where the work divides without changing
/// a decision): what becomes of each accepted row (kept, merged into an equal row, superseded by a
/// newer submission), the near-duplicate candidates among the kept rows, and the national tables
/// over them.
struct Consolidation {
    struct DatasetInfo {
        var name: String
        var schema: String
        var named: NamedSchema
        var definition: PipelineDefinition.Dataset
    }

    enum Fate: UInt8 { case kept, merged, superseded }

    struct Event {
        enum Kind: String { case merged, superseded }
        var kind: Kind
        var dataset: String
        /// The row that leaves the dataset…
        var row: RowReference
        /// …and the row it merged into, or that replaced it.
        var other: RowReference
    }

    struct Candidate {
        var dataset: String
        var first: RowReference
        var second: RowReference
        var field: String
        var similarity: Double
    }

    var datasets: [DatasetInfo] = []
    /// Per input (submission order), per accepted row.
    var fates: [[Fate]]
    var events: [Event] = []
    var candidates: [Candidate] = []
    var summaries: [SummaryTable] = []
    /// Seconds spent deduplicating, searching near-duplicates and summing (for the manifest).
    var timings: [(String, Double)] = []

    init(definition: PipelineDefinition, schemas: SchemaSet, outcomes: [FileOutcome], jobs: Int?) {
        // Only the accepted rows of files read whole take part (`FileOutcome.accepted`).
        fates = outcomes.map { Array(repeating: .kept, count: $0.accepted?.rowNumbers.count ?? 0) }
        for named in schemas.list {
            let dataset = definition.dataset(forSchema: named.name)
            datasets.append(DatasetInfo(name: dataset.name, schema: named.name, named: named, definition: dataset))
        }
        // Each stage lets go of what it no longer needs: at a million rows, the peak is here.
        var clock = StageClock()
        for dataset in datasets {
            let files = outcomes.filter { $0.accepted?.schemaName == dataset.schema }
            deduplicate(dataset, files, jobs: jobs)
            for file in files { file.accepted?.releaseDeduplicationDigests() }
        }
        timings = [("deduplicate", clock.lap())]
        defer { timings.append(("summaries", clock.lap())) }
        for table in definition.summaries {
            guard let schemaName = definition.schemaName(ofDataset: table.dataset),
                let schema = schemas.byName[schemaName]?.schema
            else { continue }
            let amounts = table.sums.map { schema.field(named: $0)?.kind == .amount }
            var summary = SummaryTable(table, amountSums: amounts)
            // Each file added up by its own group numbers (no text hashed per row), the files on
            // both cores; then their groups join the table in submission order.
            let fates = self.fates
            let width = table.sums.count
            let perFile = ParallelMap.map(outcomes, jobs: jobs) { outcome -> [(String, SummaryTable.Accumulator)] in
                guard let file = outcome.accepted, file.schemaName == schemaName,
                    let position = file.summaryPosition(of: table)
                else { return [] }
                var byGroup = Array(
                    repeating: SummaryTable.Accumulator(width: width), count: file.groupNames[position].count)
                let values = file.sumValues[position]
                for index in 0..<file.rowNumbers.count where fates[outcome.index][index] == .kept {
                    let group = Int(file.groupIDs[position][index])
                    byGroup[group].addRow()
                    for field in 0..<width {
                        let value = values[index * width + field]
                        if value == .wide, let wide = file.wideSumValues[position][index * width + field] {
                            byGroup[group].add(wide, at: field)
                        } else {
                            byGroup[group].add(value, at: field)
                        }
                    }
                }
                return zip(file.groupNames[position], byGroup).filter { $0.1.rows > 0 }
            }
            for groups in perFile {
                for (group, accumulator) in groups { summary.add(group: group, accumulator) }
            }
            summaries.append(summary)
        }
    }

    /// The ledger's decisions, in submission order. Rows with equal values have equal keys, so
    /// rows that share a key or a signature fall in the same share of the key digests (of the
    /// signatures when the schema has no key): the shares are decided on both cores, each in
    /// order, and their decisions merged back into the order of the rows.
    private mutating func deduplicate(_ dataset: DatasetInfo, _ files: [FileOutcome], jobs: Int?) {
        let total = files.reduce(0) { $0 + ($1.accepted?.rowNumbers.count ?? 0) }
        let shares = jobs == 1 ? 1 : 2
        let completed = CompletedFiles(consolidators: Self.consolidatorsByInput(files))
        let decided = ParallelMap.map(Array(0..<shares), jobs: shares) { share -> [Decided] in
            let byInput = completed.consolidators
            // Sized once, with room for a share a little over its part (a table that doubles while
            // full holds both sizes for a moment, at the run's peak of memory).
            var ledger = DeduplicationLedger(capacity: total / shares + total / 16 + 16)
            var decisions: [Decided] = []
            var sequence = 0
            for (input, consolidator) in byInput.enumerated() {
                guard let file = consolidator else { continue }
                let keys = file.keys
                let signatures = file.signatures
                for index in signatures.indices {
                    defer { sequence += 1 }
                    let key = keys.isEmpty ? nil : keys[index]
                    guard shares == 1 || (key ?? signatures[index]).share(of: shares) == share else { continue }
                    let row = RowReference(file: input, index: index)
                    let decision = ledger.add(row, key: key, signature: signatures[index]) { older in
                        byInput[Int(older.file)]!.signatures[Int(older.index)]
                    }
                    if decision != .kept { decisions.append(Decided(sequence: sequence, row: row, decision: decision)) }
                }
            }
            return decisions
        }
        for found in Self.mergedInOrder(decided) {
            switch found.decision {
            case .kept:
                break
            case .merged(let into):
                fates[Int(found.row.file)][Int(found.row.index)] = .merged
                events.append(Event(kind: .merged, dataset: dataset.name, row: found.row, other: into))
            case .supersedes(let older):
                fates[Int(older.file)][Int(older.index)] = .superseded
                events.append(Event(kind: .superseded, dataset: dataset.name, row: older, other: found.row))
            }
        }
    }

    /// A ledger decision other than `kept`, at the position of its row among all rows.
    private struct Decided: Sendable {
        var sequence: Int
        var row: RowReference
        var decision: DeduplicationLedger.Decision
    }

    /// Lists each in order of `sequence`, merged into one.
    private static func mergedInOrder(_ lists: [[Decided]]) -> [Decided] {
        var merged: [Decided] = []
        merged.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        var next = [Int](repeating: 0, count: lists.count)
        while true {
            var best: Int?
            for list in lists.indices where next[list] < lists[list].count {
                if best == nil || lists[list][next[list]].sequence < lists[best!][next[best!]].sequence { best = list }
            }
            guard let best else { return merged }
            merged.append(lists[best][next[best]])
            next[best] += 1
        }
    }

    /// The near-duplicate candidates of every dataset that asks for them, from the kept rows.
    /// Reads only what deduplication left (fates, fingerprints), so it can run beside the writing
    /// of the datasets; lets go of the fingerprints when done.
    func nearDuplicates(outcomes: [FileOutcome], jobs: Int?) -> [Candidate] {
        var candidates: [Candidate] = []
        for dataset in datasets {
            let files = outcomes.filter { $0.accepted?.schemaName == dataset.schema }
            if let near = dataset.definition.nearDuplicates {
                candidates += findNearDuplicates(dataset, near, files, jobs: jobs)
            }
            for file in files { file.accepted?.releaseFingerprints() }
        }
        return candidates
    }

    /// Kept rows with the same fingerprint (block and texts) as an earlier one are paired with
    /// it at once; the distinct fingerprints go through the trigram search, block by block.
    private func findNearDuplicates(
        _ dataset: DatasetInfo, _ near: PipelineDefinition.NearDuplicates, _ files: [FileOutcome], jobs: Int?
    ) -> [Candidate] {
        let kept = files.reduce(0) { total, outcome in
            total + (fates[outcome.index].lazy.filter { $0 == .kept }.count)
        }
        var firstRow = DigestTable(capacity: kept)
        // The distinct fingerprints: the row that has it first, and where its texts are.
        var entryRows: [RowReference] = []
        var entrySources: [(input: Int32, id: Int32)] = []
        // Blocks numbered across the files (each file names its own few once).
        var blockNumbers: [String: Int] = [:]
        var blocks: [[Int]] = []
        var found: [Candidate] = []
        for outcome in files {
            guard let file = outcome.accepted else { continue }
            let numbers = file.blockNames.map { name in
                if let known = blockNumbers[name] { return known }
                blockNumbers[name] = blocks.count
                blocks.append([])
                return blocks.count - 1
            }
            for index in 0..<file.rowNumbers.count where fates[outcome.index][index] == .kept {
                let id = Int(file.fingerprintIDs[index])
                guard id >= 0 else { continue }
                let row = RowReference(file: outcome.index, index: index)
                if let first = firstRow.insert(row, for: file.fingerprintDigest(id)) {
                    let field = near.fields.indices.first { !file.fingerprintField(id, field: $0).isEmpty } ?? 0
                    found.append(
                        Candidate(
                            dataset: dataset.name, first: first, second: row, field: near.fields[field], similarity: 1))
                } else {
                    blocks[numbers[Int(file.fingerprintBlocks[id])]].append(entryRows.count)
                    entryRows.append(row)
                    entrySources.append((Int32(outcome.index), Int32(id)))
                }
            }
        }
        firstRow = DigestTable(capacity: 0)
        let finder = NearDuplicateFinder(fieldNames: near.fields, threshold: near.threshold)
        let sources = entrySources
        let texts = CompletedFiles(consolidators: Self.consolidatorsByInput(files))
        let pairs = finder.candidates(blocks: blocks, jobs: jobs) { entry, field in
            let source = sources[entry]
            return texts.text(input: source.input, id: Int(source.id), field: field)
        }
        for pair in pairs {
            found.append(
                Candidate(
                    dataset: dataset.name, first: entryRows[pair.first], second: entryRows[pair.second],
                    field: pair.field, similarity: pair.similarity))
        }
        found.sort { ($0.second, $0.first) < ($1.second, $1.first) }
        return found
    }
}

extension Consolidation {
    /// The files' consolidators by input position (a row reference's `file`).
    static func consolidatorsByInput(_ files: [FileOutcome]) -> [FileConsolidator?] {
        var consolidators = [FileConsolidator?](repeating: nil, count: (files.map(\.index).max() ?? -1) + 1)
        for outcome in files { consolidators[outcome.index] = outcome.accepted }
        return consolidators
    }
}

/// Read-only access to the files' consolidators from stage 2's threads (complete, they no longer
/// change once stage 1 is over).
private struct CompletedFiles: @unchecked Sendable {
    /// By input position.
    let consolidators: [FileConsolidator?]

    func text(input: Int32, id: Int, field: Int) -> ArraySlice<UInt8>? {
        let text = consolidators[Int(input)]?.fingerprintField(id, field: field)
        return text?.isEmpty == false ? text : nil
    }
}

extension Consolidation {
    /// The near-duplicate search on a thread of its own; `wait` gives its candidates and time.
    final class Search: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var result: ([Candidate], Double) = ([], 0)

        init(consolidation: Consolidation, outcomes: [FileOutcome], jobs: Int?) {
            let thread = Thread { [self] in
                var clock = StageClock()
                result = (consolidation.nearDuplicates(outcomes: outcomes, jobs: jobs), clock.lap())
                done.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }

        private var waited = false

        /// Blocks until the search is done (once; later calls return the same result).
        func wait() -> ([Candidate], Double) {
            if !waited {
                done.wait()
                waited = true
            }
            return result
        }
    }
}

extension FileConsolidator {
    func summaryPosition(of table: SummaryTable.Definition) -> Int? {
        summaryDefinitions.firstIndex(of: table)
    }
}
