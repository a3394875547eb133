/// The near-duplicate candidates of one dataset, among its kept rows: rows with the same
/// fingerprint (block and texts) as an earlier one are paired with it at once; the distinct
/// fingerprints go through the trigram search (`NearDuplicateFinder`), block by block.
public struct NearDuplicateSearch: Sendable {
    /// Two kept rows a reviewer should look at (never merged).
    public struct Candidate: Sendable, Equatable {
        public var dataset: String
        public var first: RowReference
        public var second: RowReference
        /// The compared field that came closest.
        public var field: String
        public var similarity: Double

        public init(dataset: String, first: RowReference, second: RowReference, field: String, similarity: Double) {
            self.dataset = dataset
            self.first = first
            self.second = second
            self.field = field
            self.similarity = similarity
        }
    }

    public let dataset: String
    /// The compared fields, in order.
    public let fields: [String]
    public let threshold: Double

    public init(dataset: String, fields: [String], threshold: Double) {
        self.dataset = dataset
        self.fields = fields
        self.threshold = threshold
    }

    /// `files`: the fingerprints by input position (nil: an input of another dataset);
    /// `kept`: whether a row is still in the dataset. Candidates by second row, then first.
    public func candidates(
        files: [FingerprintStore?], kept: (RowReference) -> Bool, jobs: Int?
    ) -> [Candidate] {
        let keptCount = files.enumerated().reduce(0) { total, file in
            total + (file.element?.ids.indices.filter { kept(RowReference(file: file.offset, index: $0)) }.count ?? 0)
        }
        var firstRow = DigestTable(capacity: keptCount)
        // The distinct fingerprints: the row that has it first, and where its texts are.
        var entryRows: [RowReference] = []
        var entrySources: [(input: Int32, id: Int32)] = []
        // Blocks numbered across the files (each file names its own few once).
        var blockNumbers: [String: Int] = [:]
        var blocks: [[Int]] = []
        var found: [Candidate] = []
        for (input, store) in files.enumerated() {
            guard let store else { continue }
            let numbers = store.blockNames.map { name in
                if let known = blockNumbers[name] { return known }
                blockNumbers[name] = blocks.count
                blocks.append([])
                return blocks.count - 1
            }
            for index in store.ids.indices {
                let row = RowReference(file: input, index: index)
                let id = Int(store.ids[index])
                guard id >= 0, kept(row) else { continue }
                if let first = firstRow.insert(row, for: store.digest(id)) {
                    let field = fields.indices.first { !store.text(id, field: $0).isEmpty } ?? 0
                    found.append(
                        Candidate(dataset: dataset, first: first, second: row, field: fields[field], similarity: 1))
                } else {
                    blocks[numbers[Int(store.blocks[id])]].append(entryRows.count)
                    entryRows.append(row)
                    entrySources.append((Int32(input), Int32(id)))
                }
            }
        }
        firstRow = DigestTable(capacity: 0)
        let finder = NearDuplicateFinder(fieldNames: fields, threshold: threshold)
        let sources = entrySources
        let pairs = finder.candidates(blocks: blocks, jobs: jobs) { entry, field in
            let source = sources[entry]
            let text = files[Int(source.input)]?.text(Int(source.id), field: field)
            return text?.isEmpty == false ? text : nil
        }
        for pair in pairs {
            found.append(
                Candidate(
                    dataset: dataset, first: entryRows[pair.first], second: entryRows[pair.second], field: pair.field,
                    similarity: pair.similarity))
        }
        found.sort { ($0.second, $0.first) < ($1.second, $1.first) }
        return found
    }
}
