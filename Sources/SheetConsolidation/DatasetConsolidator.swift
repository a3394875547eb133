import SheetReading

/// What becomes of each accepted row of a run, decided dataset by dataset in submission order
/// (`DeduplicationLedger` states the rules): kept, merged into an equal row, or superseded by
/// a newer submission's row with the same key; and the events the merge log lists.
public struct DatasetConsolidator: Sendable {
    public enum Fate: UInt8, Sendable { case kept, merged, superseded }

    /// A row that left its dataset, and the row that took its place.
    public struct Event: Sendable, Equatable {
        public enum Kind: String, Sendable { case merged, superseded }
        public var kind: Kind
        public var dataset: String
        /// The row that leaves the dataset…
        public var row: RowReference
        /// …and the row it merged into, or that replaced it.
        public var other: RowReference

        public init(kind: Kind, dataset: String, row: RowReference, other: RowReference) {
            self.kind = kind
            self.dataset = dataset
            self.row = row
            self.other = other
        }
    }

    /// Per input (submission order), per accepted row.
    public private(set) var fates: [[Fate]]
    /// In the order decided: dataset after dataset, each in submission order.
    public private(set) var events: [Event] = []

    /// `rowCounts`: per input, how many accepted rows take part.
    public init(rowCounts: [Int]) {
        fates = rowCounts.map { Array(repeating: .kept, count: $0) }
    }

    public func isKept(_ row: RowReference) -> Bool { fates[Int(row.file)][Int(row.index)] == .kept }

    /// Decides a dataset's rows: `files` by input position (nil: an input of another dataset).
    /// `shares`: how many parts the work is split into (run side by side; the decisions do not
    /// depend on it). Rows with equal values have equal keys, so rows that share a key or a
    /// value digest fall in the same share (split by key, or by values without a key): each
    /// share is decided in order, and the decisions merged back into the order of the rows.
    public mutating func deduplicate(dataset: String, files: [AcceptedRows?], shares: Int) {
        let shares = max(1, shares)
        let total = files.reduce(0) { $0 + ($1?.count ?? 0) }
        let decided = ParallelMap.map(Array(0..<shares), jobs: shares) { share -> [Decided] in
            // Sized once, with room for a share a little over its part (a table that doubles while
            // full holds both sizes for a moment, at the run's peak of memory).
            var ledger = DeduplicationLedger(capacity: total / shares + total / (8 * shares) + 16)
            var decisions: [Decided] = []
            var sequence = 0
            for (input, rows) in files.enumerated() {
                guard let rows else { continue }
                let keys = rows.keys
                let values = rows.values
                for index in values.indices {
                    defer { sequence += 1 }
                    let key = keys.isEmpty ? nil : keys[index]
                    guard shares == 1 || (key ?? values[index]).share(of: shares) == share else { continue }
                    let row = RowReference(file: input, index: index)
                    let decision = ledger.add(row, key: key, signature: values[index]) { older in
                        files[Int(older.file)]!.values[Int(older.index)]
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
                events.append(Event(kind: .merged, dataset: dataset, row: found.row, other: into))
            case .supersedes(let older):
                fates[Int(older.file)][Int(older.index)] = .superseded
                events.append(Event(kind: .superseded, dataset: dataset, row: older, other: found.row))
            }
        }
    }

    /// Per input, how many of its rows were merged and how many superseded.
    public func counts() -> [(merged: Int, superseded: Int)] {
        var counts = Array(repeating: (merged: 0, superseded: 0), count: fates.count)
        for event in events {
            switch event.kind {
            case .merged: counts[Int(event.row.file)].merged += 1
            case .superseded: counts[Int(event.row.file)].superseded += 1
            }
        }
        return counts
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
}
