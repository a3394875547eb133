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

    /// A block whose candidates passed the cap: the first `listed` (by row, in submission
    /// order) are kept, `leftOut` more are not listed.
    public struct CappedBlock: Sendable, Equatable {
        public var dataset: String
        public var block: String
        public var listed: Int
        public var leftOut: Int
    }

    /// The words of one field left out of one block's comparison (a template's words, folded).
    public struct TemplateWords: Sendable, Equatable {
        public var block: String
        public var field: String
        public var words: [String]
    }

    /// What the search found and what it left out.
    public struct Result: Sendable {
        public var dataset: String
        /// By second row, then first.
        public var candidates: [Candidate]
        /// In the order the blocks were first met (submission order).
        public var cappedBlocks: [CappedBlock]
        public var templateWords: [TemplateWords]
    }

    public let dataset: String
    /// The compared fields, in order.
    public let fields: [String]
    public let threshold: Double
    /// How many candidates a row keeps (its closest earlier rows), and a block at most.
    public let perRow: Int
    public let blockCap: Int

    public static let defaultPerRow = 5
    public static let defaultBlockCap = 10_000

    public init(
        dataset: String, fields: [String], threshold: Double, perRow: Int = defaultPerRow,
        blockCap: Int = defaultBlockCap
    ) {
        self.dataset = dataset
        self.fields = fields
        self.threshold = threshold
        self.perRow = perRow
        self.blockCap = blockCap
    }

    /// `files`: the fingerprints by input position (nil: an input of another dataset);
    /// `kept`: whether a row is still in the dataset. Candidates by second row, then first.
    public func candidates(
        files: [FingerprintStore?], kept: (RowReference) -> Bool, jobs: Int?
    ) -> [Candidate] {
        search(files: files, kept: kept, jobs: jobs).candidates
    }

    /// The search: rows with the fingerprint of an earlier row are paired with it at once
    /// (similarity 1: their only candidate, as they are not searched again), the others go
    /// through `NearDuplicateFinder`, which keeps each row's `perRow` closest; then each block
    /// lists at most `blockCap` candidates, the first rows' in submission order.
    public func search(
        files: [FingerprintStore?], kept: (RowReference) -> Bool, jobs: Int?
    ) -> Result {
        let keptCount = files.enumerated().reduce(0) { total, file in
            total + (file.element?.ids.indices.filter { kept(RowReference(file: file.offset, index: $0)) }.count ?? 0)
        }
        var firstRow = DigestTable(capacity: keptCount)
        // The distinct fingerprints: the row that has it first, and where its texts are.
        var entryRows: [RowReference] = []
        var entrySources: [(input: Int32, id: Int32)] = []
        // Blocks numbered across the files (each file names its own few once).
        var blockNumbers: [String: Int] = [:]
        var blockNames: [String] = []
        var blocks: [[Int]] = []
        // Each candidate with its block.
        var found: [(candidate: Candidate, block: Int)] = []
        for (input, store) in files.enumerated() {
            guard let store else { continue }
            let numbers = store.blockNames.map { name in
                if let known = blockNumbers[name] { return known }
                blockNumbers[name] = blocks.count
                blockNames.append(name)
                blocks.append([])
                return blocks.count - 1
            }
            for index in store.ids.indices {
                let row = RowReference(file: input, index: index)
                let id = Int(store.ids[index])
                guard id >= 0, kept(row) else { continue }
                let block = numbers[Int(store.blocks[id])]
                if let first = firstRow.insert(row, for: store.digest(id)) {
                    let field = fields.indices.first { !store.text(id, field: $0).isEmpty } ?? 0
                    found.append(
                        (
                            Candidate(dataset: dataset, first: first, second: row, field: fields[field], similarity: 1),
                            block
                        ))
                } else {
                    blocks[block].append(entryRows.count)
                    entryRows.append(row)
                    entrySources.append((Int32(input), Int32(id)))
                }
            }
        }
        firstRow = DigestTable(capacity: 0)
        let finder = NearDuplicateFinder(fieldNames: fields, threshold: threshold, perRow: perRow)
        let sources = entrySources
        let searched = finder.search(blocks: blocks, jobs: jobs) { entry, field in
            let source = sources[entry]
            let text = files[Int(source.input)]?.text(Int(source.id), field: field)
            return text?.isEmpty == false ? text : nil
        }
        var blockOfEntry = [Int32](repeating: 0, count: entryRows.count)
        for (block, entries) in blocks.enumerated() { for entry in entries { blockOfEntry[entry] = Int32(block) } }
        for pair in searched.candidates {
            found.append(
                (
                    Candidate(
                        dataset: dataset, first: entryRows[pair.first], second: entryRows[pair.second],
                        field: pair.field,
                        similarity: pair.similarity), Int(blockOfEntry[pair.second])
                ))
        }
        found.sort { ($0.candidate.second, $0.candidate.first) < ($1.candidate.second, $1.candidate.first) }
        // The cap, block by block, in submission order.
        var listedByBlock = [Int](repeating: 0, count: blocks.count)
        var candidates: [Candidate] = []
        candidates.reserveCapacity(found.count)
        for (candidate, block) in found {
            listedByBlock[block] += 1
            if listedByBlock[block] <= blockCap { candidates.append(candidate) }
        }
        let capped = blocks.indices.filter { listedByBlock[$0] > blockCap }.map {
            CappedBlock(
                dataset: dataset, block: blockNames[$0], listed: blockCap, leftOut: listedByBlock[$0] - blockCap)
        }
        let words = searched.templateWords.map {
            TemplateWords(block: blockNames[$0.block], field: $0.field, words: $0.words)
        }
        return Result(dataset: dataset, candidates: candidates, cappedBlocks: capped, templateWords: words)
    }
}
