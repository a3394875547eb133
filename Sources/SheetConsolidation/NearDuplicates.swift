import SheetReading
import SheetSchema

/// Two rows that may describe the same thing without being equal: listed for a reviewer to look
/// at, never merged. `first < second` are positions in the entries given to the finder.
public struct NearDuplicateCandidate: Equatable, Sendable {
    public let first: Int
    public let second: Int
    /// The compared field that came closest (the first such field on a tie).
    public let field: String
    /// Jaccard similarity of the two texts' character-trigram sets, 0…1.
    public let similarity: Double
}

/// Finds rows whose title or owner (any of the compared fields) are similar within one block
/// (a region): texts are folded to ASCII keys (`TextKey`: accents, case and punctuation do not
/// count), cut into character trigrams, and a pair is a candidate when the Jaccard similarity of
/// their trigram sets reaches the threshold.
///
/// What a template puts in every row is not a resemblance: in a block of at least
/// `templateBlock` texts, the words more than half of them hold (`Projet` in `Projet 1`,
/// `Projet 2`…) are left out of the keys (`BlockKeys`); in large blocks (over 200 rows), trigrams
/// that more than 5% of the rows (or more than 2,000 rows) share are left out too (stop-trigrams).
/// Two texts that differ only by digits (`Projet 12`, `Projet 13`) are never a pair. Each row
/// keeps its `perRow` closest earlier rows (on equal similarity, the earlier one).
///
/// The pairs are found without comparing every pair: each set is sorted rarest trigram first and
/// only its prefix is indexed (prefix filtering, Bayardo et al., "Scaling up all pairs
/// similarity search", 2007) — two sets with Jaccard ≥ t must share a trigram in those prefixes.
/// The pairs this yields go through two cheap filters (how many trigrams are left after the
/// first shared one; 64-bit signatures of the sets) before they are checked in full.
public struct NearDuplicateFinder: Sendable {
    public struct Entry: Sendable {
        public var block: String
        /// One text per compared field, in the order of `fieldNames`; nil or empty when missing.
        public var texts: [String?]

        public init(block: String, texts: [String?]) {
            self.block = block
            self.texts = texts
        }
    }

    /// The words left out of one field's texts in one block, as a template's (folded: `projet`).
    public struct TemplateWords: Sendable, Equatable {
        /// The block's position in the blocks searched.
        public var block: Int
        public var field: String
        public var words: [String]
    }

    /// What a search found: the candidates (by first, then second position) and the words left out.
    public struct Found: Sendable {
        public var candidates: [NearDuplicateCandidate]
        /// By block (position), then field (in order).
        public var templateWords: [TemplateWords]
    }

    public let fieldNames: [String]
    public let threshold: Double
    /// Keys shorter than this (after folding) are too short to call similar ("SA", "-").
    public let minimumKeyLength: Int
    /// How many candidates a row keeps (its closest earlier rows).
    public let perRow: Int

    /// In a block of more than `largeBlock` rows, a trigram held by more than this share of the
    /// rows is left out of the comparison.
    public let commonTrigramShare: Double
    public let largeBlock: Int
    /// …or by more rows than this (long posting lists are what makes a search slow).
    public let commonTrigramLimit = 2000
    /// In a block with at least `templateBlock` texts of a field, a word held by more than this
    /// share of them is left out of the comparison.
    public let templateShare = 0.5
    public let templateBlock: Int

    public init(
        fieldNames: [String], threshold: Double = 0.7, minimumKeyLength: Int = 4, commonTrigramShare: Double = 0.05,
        largeBlock: Int = 200, templateBlock: Int = 50, perRow: Int = 5
    ) {
        precondition(threshold > 0 && threshold <= 1, "a similarity threshold is in (0, 1]")
        precondition(perRow >= 1, "at least one candidate per row")
        self.commonTrigramShare = commonTrigramShare
        self.largeBlock = largeBlock
        self.templateBlock = templateBlock
        self.fieldNames = fieldNames
        self.threshold = threshold
        self.minimumKeyLength = minimumKeyLength
        self.perRow = perRow
    }

    /// Candidates in a stable order: by first, then second position. Each field of each block
    /// is an independent search: they run on `jobs` cores (default: all).
    public func candidates(in entries: [Entry], jobs: Int? = nil) -> [NearDuplicateCandidate] {
        var positionsByBlock: [String: [Int]] = [:]
        for (position, entry) in entries.enumerated() { positionsByBlock[entry.block, default: []].append(position) }
        let blocks = positionsByBlock.values.sorted { $0[0] < $1[0] }
        return search(blocks: blocks, jobs: jobs) { position, field in
            guard field < entries[position].texts.count, let text = entries[position].texts[field] else { return nil }
            return Array(text.utf8)[...]
        }.candidates
    }

    /// The same search over rows numbered by the caller in submission order and grouped in
    /// blocks (each block's rows in order), each text (UTF-8) asked for when its block is
    /// searched: only the blocks being searched are held as text (one per core), never every
    /// row's at once.
    public func search(
        blocks: [[Int]], jobs: Int? = nil, text: @escaping @Sendable (_ row: Int, _ field: Int) -> ArraySlice<UInt8>?
    ) -> Found {
        // Biggest blocks first, so that the last task to start is a short one.
        let ordered = blocks.indices.filter { !blocks[$0].isEmpty }
            .sorted { (blocks[$0].count, blocks[$0][0]) > (blocks[$1].count, blocks[$1][0]) }
        // A block's fields one after the other (one field's tables at a time, what bounds the
        // memory of a block of a million rows), the blocks side by side.
        let perBlock = ParallelMap.map(ordered, jobs: jobs) { block in
            fieldNames.indices.map { fieldIndex in
                let rows = blocks[block]
                var sets = TrigramSets(count: rows.count, minimumKeyLength: minimumKeyLength)
                var words: [String] = []
                do {
                    var keys = BlockKeys(capacity: rows.count)
                    for row in rows { keys.append(text(row, fieldIndex)) }
                    let template = keys.templateWords(share: templateShare, minimumTexts: templateBlock)
                    let leftOut = template.map(\.hash)
                    words = template.map { String(decoding: $0.word, as: UTF8.self) }
                    keys.bytes.withUnsafeBufferPointer { bytes in
                        for row in 0..<keys.count { sets.append(key: bytes, keys.range(row), leavingOut: leftOut) }
                    }
                }
                let pairs = similarPairs(&sets).map { (rows[$0.row], rows[$0.partner], $0.shared, $0.union) }
                return (pairs, words)
            }
        }
        let tasks = ordered.flatMap { block in fieldNames.indices.map { ($0, block) } }
        let found = perBlock.flatMap { $0 }
        // Each pair once (its closest field; the first such field on a tie), then each row's
        // `perRow` closest partners across the fields: as each field kept its own closest ones
        // under the same order, these are the closest overall.
        var all: [(second: Int, first: Int, similarity: Double, field: Int)] = []
        all.reserveCapacity(found.reduce(0) { $0 + $1.0.count })
        for (task, result) in zip(tasks, found) {
            for (second, first, shared, union) in result.0 {
                all.append((second, first, Double(shared) / Double(union), task.0))
            }
        }
        // The pair's closest field first, then its other fields (left out); then each row's
        // partners, closest first.
        all.sort { ($0.second, $0.first, -$0.similarity, $0.field) < ($1.second, $1.first, -$1.similarity, $1.field) }
        var pairs = all.indices.filter {
            $0 == 0 || (all[$0 - 1].second, all[$0 - 1].first) != (all[$0].second, all[$0].first)
        }
        .map { all[$0] }
        all = []
        pairs.sort { ($0.second, -$0.similarity, $0.first) < ($1.second, -$1.similarity, $1.first) }
        var candidates: [NearDuplicateCandidate] = []
        var kept = 0
        for (position, pair) in pairs.enumerated() {
            kept = position > 0 && pairs[position - 1].second == pair.second ? kept + 1 : 0
            guard kept < perRow else { continue }
            candidates.append(
                NearDuplicateCandidate(
                    first: pair.first, second: pair.second, field: fieldNames[pair.field], similarity: pair.similarity))
        }
        candidates.sort { ($0.first, $0.second) < ($1.first, $1.second) }
        var templateWords = zip(tasks, found).filter { !$0.1.1.isEmpty }.map {
            TemplateWords(block: $0.0.1, field: fieldNames[$0.0.0], words: $0.1.1)
        }
        templateWords.sort {
            ($0.block, fieldNames.firstIndex(of: $0.field)!) < ($1.block, fieldNames.firstIndex(of: $1.field)!)
        }
        return Found(candidates: candidates, templateWords: templateWords)
    }

    /// Sorted, distinct trigrams of the folded key, padded with a space at each end so that short
    /// words and word starts count. Empty when the key is too short.
    func trigrams(of text: String) -> [Trigram] {
        var sets = TrigramSets(count: 1, minimumKeyLength: minimumKeyLength)
        var keys = BlockKeys(capacity: 1)
        keys.append(Array(text.utf8)[...])
        keys.bytes.withUnsafeBufferPointer { sets.append(key: $0, keys.range(0), leavingOut: []) }
        return sets.flat.sorted()
    }

    /// The distinct trigrams of many texts, end to end in one array (`starts[i]..<starts[i + 1]`),
    /// each set in the order its trigrams first appear: no array per text, and repeats are told
    /// apart by a table that remembers which text last held each trigram (no sorting).
    struct TrigramSets {
        var flat: [Trigram] = []
        var starts: [Int] = [0]
        /// Per set, the hashes of its whole key and of its key without digits
        /// (`BlockKeys.textHashes`): equal second hashes and unequal first ones never pair.
        var textHashes: [(whole: UInt64, digitless: UInt64)] = []
        private var lastHolder = [Int32](repeating: -1, count: NearDuplicateFinder.trigramCount)
        private var key: [UInt8] = []
        private let minimumKeyLength: Int

        init(count: Int, minimumKeyLength: Int) {
            self.minimumKeyLength = minimumKeyLength
            starts.reserveCapacity(count + 1)
            textHashes.reserveCapacity(count)
        }

        var count: Int { starts.count - 1 }

        /// Adds the next set: the trigrams of a folded key (`bytes[range]`) without the words
        /// whose hashes are `leavingOut`; empty when what is left is shorter than the minimum.
        mutating func append(key bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, leavingOut: [UInt64]) {
            defer { starts.append(flat.count) }
            textHashes.append(BlockKeys.textHashes(bytes, range))
            key.removeAll(keepingCapacity: true)
            if leavingOut.isEmpty {
                key.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
            } else {
                BlockKeys.forEachWord(bytes, range) { word, hash in
                    guard !leavingOut.contains(hash) else { return }
                    if !key.isEmpty { key.append(0x20) }
                    key.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[word]))
                }
            }
            guard key.count >= minimumKeyLength, !key.isEmpty else { return }
            // TextKey output is [a-z0-9 ] only: 37 symbols, so a trigram is a number below 37³.
            // The key, padded with a space at each end, is read three symbols at a time; the
            // new trigrams are gathered through pointers and appended in one step.
            let set = Int32(count)
            let codes = Self.codes
            key.withUnsafeBufferPointer { key in
                lastHolder.withUnsafeMutableBufferPointer { lastHolder in
                    withUnsafeTemporaryAllocation(of: Trigram.self, capacity: key.count) { found in
                        var newCount = 0
                        var first: Trigram = 0
                        var second = codes[Int(key[0])]
                        for position in 0..<key.count {
                            let third = position + 1 < key.count ? codes[Int(key[position + 1])] : 0
                            let trigram = (first * 37 + second) * 37 + third
                            if lastHolder[Int(trigram)] != set {
                                lastHolder[Int(trigram)] = set
                                found[newCount] = trigram
                                newCount += 1
                            }
                            first = second
                            second = third
                        }
                        flat.append(contentsOf: UnsafeBufferPointer(rebasing: found[0..<newCount]))
                    }
                }
            }
        }

        /// The symbol of each byte of a key: space 0, a–z 1…26, 0–9 27…36.
        private static let codes: [Trigram] = (0..<256).map { byte in
            switch byte {
            case 97...122: return Trigram(byte - 97 + 1)
            case 48...57: return Trigram(byte - 48 + 27)
            default: return 0
            }
        }
    }

    /// How many trigrams there can be (37³).
    static let trigramCount = 37 * 37 * 37

    /// Pairs (`partner` < `row`, positions in `sets`) whose Jaccard similarity reaches the
    /// threshold and whose texts differ by more than digits: each row's `perRow` closest.
    /// (The sets' trigrams are let go once ranked.)
    func similarPairs(_ sets: inout TrigramSets) -> [(row: Int, partner: Int, shared: Int, union: Int)] {
        // Flat tables indexed by trigram: no hashing in the loops below.
        var frequency = [Int32](repeating: 0, count: Self.trigramCount)
        for trigram in sets.flat { frequency[Int(trigram)] += 1 }
        // A trigram that many rows of the block share (the "Requalification de la friche" that
        // starts a twelfth of the titles) tells no two rows apart: it is left out, as stop words
        // are, so that titles built on one template are compared on what differs.
        let common =
            sets.count > largeBlock
            ? Int32(min(commonTrigramShare * Double(sets.count), Double(commonTrigramLimit))) : .max
        // Rarest first: prefixes then hold the trigrams that few sets share, and index little.
        // Each set becomes the sorted ranks of its trigrams in that order.
        let used = (0..<Self.trigramCount).filter { frequency[$0] > 0 && frequency[$0] <= common }
            .sorted { (frequency[$0], $0) < (frequency[$1], $1) }
        var rank = [Int32](repeating: -1, count: Self.trigramCount)
        for (position, trigram) in used.enumerated() { rank[trigram] = Int32(position) }
        // The sets in ranks, end to end as they came.
        var flat: [Int32] = []
        var starts = [0]
        flat.reserveCapacity(sets.flat.count)
        starts.reserveCapacity(sets.count + 1)
        for set in 0..<sets.count {
            let first = flat.count
            for trigram in sets.flat[sets.starts[set]..<sets.starts[set + 1]] where rank[Int(trigram)] >= 0 {
                flat.append(rank[Int(trigram)])
            }
            Self.insertionSort(&flat, from: first)
            starts.append(flat.count)
        }
        sets.flat = []
        // Each set's 64-bit signature: trigram rank r sets bit r mod 64 (128 bits filter little
        // more and make each posting a third bigger).
        var signatures = [UInt64](repeating: 0, count: sets.count)
        for set in 0..<sets.count {
            for rank in flat[starts[set]..<starts[set + 1]] {
                signatures[set] |= 1 << UInt64(rank & 63)
            }
        }
        return flat.withUnsafeBufferPointer { flat in
            joinedPairs(flat, starts, signatures, sets.textHashes, count: sets.count)
        }
    }

    /// The prefix-filtered join over sets given end to end (`starts[i]..<starts[i + 1]`).
    private func joinedPairs(
        _ flat: UnsafeBufferPointer<Int32>, _ starts: [Int], _ signatures: [UInt64],
        _ textHashes: [(whole: UInt64, digitless: UInt64)], count: Int
    ) -> [(row: Int, partner: Int, shared: Int, union: Int)] {
        func size(_ set: Int) -> Int { starts[set + 1] - starts[set] }
        // Smallest sets first: Jaccard(x, y) ≥ t needs |x| ≥ t·|y|, so once an indexed set is too
        // small for the current one it is too small for every later one, and its list skips it.
        // (Sets by size, then position: counted out, the sizes being small numbers.)
        let longest = (0..<count).map(size).max() ?? 0
        var bySize = [Int](repeating: 0, count: longest + 2)
        for set in 0..<count { bySize[size(set) + 1] += 1 }
        for size in 1..<bySize.count { bySize[size] += bySize[size - 1] }
        var visitOrder = [Int](repeating: 0, count: count - bySize[1])
        for set in 0..<count where size(set) > 0 {
            visitOrder[bySize[size(set)] - bySize[1]] = set
            bySize[size(set)] += 1
        }
        // What a set of each size probes and indexes (sizes are small numbers).
        let prefixes = (0...longest).map(prefixLengths)
        // Each posting list gets, in one arena, exactly the room for every posting it will ever
        // be given (counted first), not an array per list. List t's live postings
        // are `arena[listStarts[t]..<listEnds[t]]`; postings dropped from its front or middle
        // leave room at its end.
        var listEnds = [Int](repeating: 0, count: Self.trigramCount + 1)
        for b in visitOrder {
            for position in 0..<prefixes[size(b)].indexed { listEnds[Int(flat[starts[b] + position]) + 1] += 1 }
        }
        for list in 0..<Self.trigramCount { listEnds[list + 1] += listEnds[list] }
        var arena = [Posting](
            repeating: Posting(signature: 0, set: 0, position: 0, size: 0, slack: 0), count: listEnds[Self.trigramCount]
        )
        var listStarts = listEnds
        var lastProbedBy = [Int32](repeating: -1, count: count)
        var best = BestPartners(rows: count, k: perRow)
        // The least overlap Jaccard ≥ t needs, by the two sizes' sum (sizes are small).
        let required = (0...(2 * longest)).map { Int32(requiredOverlap($0, 0)) }
        arena.withUnsafeMutableBufferPointer { postings in
            for b in visitOrder {
                let bStart = starts[b]
                let bSize = Int32(size(b))
                let bSignature = signatures[b]
                let bSlack = bSize - Self.bitCount(bSignature)
                let (prefixLength, indexedLength, smallest) = prefixes[Int(bSize)]
                for position in 0..<prefixLength {
                    let list = Int(flat[bStart + position])
                    var start = listStarts[list]
                    let end = listEnds[list]
                    // Sizes only grow: postings of sets too small for this one never serve again.
                    while start < end && postings[start].size < smallest { start += 1 }
                    listStarts[list] = start
                    // Postings that can serve no later set either are dropped as the list is read
                    // (MPJoin): `kept` is where the next live one goes.
                    var kept = start
                    for next in start..<end {
                        let candidate = postings[next]
                        let a = Int(candidate.set)
                        // Both sets follow one order, so the first time a set comes up here is the
                        // first trigram they share: none before it in either set can add to the
                        // overlap (positional filter, PPJoin), and the count resumes after it. A set
                        // that fails the filters then fails them at any later shared trigram too
                        // (fewer trigrams left; the same signatures), so it is marked as probed
                        // only once it passes them: most never reach the table below.
                        let least = required[Int(candidate.size + bSize)]
                        // What is left of the indexed set after this trigram is too little for
                        // this set, and so for every later one (they are no smaller): dropped.
                        guard candidate.size - candidate.position >= least else { continue }
                        if kept != next { postings[kept] = candidate }
                        kept += 1
                        guard bSize - Int32(position) >= least else { continue }
                        // Signature filter: a bit of one set's signature that the other's lacks
                        // stands for at least one trigram the other set does not hold. The
                        // signature rides in the posting, so a rejected set is never looked up.
                        // (|x ∩ y| ≤ |x| − bits only x has = x's slack + bits both have: one
                        // count of bits per pair, the slacks were counted once.)
                        let both = Self.bitCount(candidate.signature & bSignature)
                        guard both + min(candidate.slack, bSlack) >= least else { continue }
                        guard lastProbedBy[a] != Int32(b) else { continue }
                        lastProbedBy[a] = Int32(b)
                        let shared = overlap(
                            flat, starts[a] + Int(candidate.position) + 1, starts[a + 1], bStart + position + 1,
                            bStart + Int(bSize), sharedSoFar: 1, least: Int(least))
                        guard let shared else { continue }
                        let union = Int(candidate.size + bSize) - shared
                        guard Double(shared) / Double(union) >= threshold else { continue }
                        // Texts that differ only by digits are numbered rows of one template.
                        if textHashes[a].digitless == textHashes[b].digitless
                            && textHashes[a].whole != textHashes[b].whole
                        {
                            continue
                        }
                        best.offer(row: max(a, b), partner: min(a, b), shared: shared, union: union)
                    }
                    if position < indexedLength {
                        postings[kept] = Posting(
                            signature: bSignature, set: Int32(b), position: Int32(position), size: bSize,
                            slack: bSlack)
                        kept += 1
                    }
                    listEnds[list] = kept
                }
            }
        }
        return best.pairs()
    }

    /// For a set of this size: how many of its first trigrams it probes, how many it indexes,
    /// and the smallest set size that can still reach the threshold with it.
    private func prefixLengths(size: Int) -> (probe: Int, indexed: Int, smallest: Int32) {
        guard size > 0 else { return (0, 0, 0) }
        let smallest = Int32((threshold * Double(size) - 1e-9).rounded(.up))
        // Jaccard(x, y) ≥ t needs |x ∩ y| ≥ ⌈t·|x|⌉, so x and y share one of x's first
        // |x| − ⌈t·|x|⌉ + 1 trigrams (and likewise for y): those prefixes suffice.
        // (The small slack keeps 0.7 × 10 from rounding up to 8: a longer prefix is always safe.)
        let probe = min(size - Int(smallest) + 1, size)
        // Only a shorter prefix is indexed: every later set is at least this big, so a partner
        // shares ⌈2t/(1+t)·|x|⌉ trigrams with it, one within its first |x| − that + 1
        // (PPJoin's index prefix): shorter posting lists, the same pairs.
        let indexed = size - Int((2 * threshold / (1 + threshold) * Double(size) - 1e-9).rounded(.up)) + 1
        return (probe, min(indexed, probe), smallest)
    }

    /// The overlap of two sorted ranges of `flat` plus what was already shared, when it can still
    /// reach `least` — found out early: the merge stops as soon as what is left cannot.
    @inline(__always)
    private func overlap(
        _ flat: UnsafeBufferPointer<Int32>, _ xStart: Int, _ xEnd: Int, _ yStart: Int, _ yEnd: Int, sharedSoFar: Int,
        least: Int
    ) -> Int? {
        var i = xStart
        var j = yStart
        var shared = sharedSoFar
        while i < xEnd && j < yEnd {
            if shared + min(xEnd - i, yEnd - j) < least { return nil }
            let x = flat[i]
            let y = flat[j]
            if x == y {
                shared += 1
                i += 1
                j += 1
            } else if x < y {
                i += 1
            } else {
                j += 1
            }
        }
        return shared >= least ? shared : nil
    }

    /// Sorts `values[start...]`: a set holds a few dozen ranks, where insertion sort is quicker
    /// than the general sort (called once per set of every block); a long one takes the latter.
    private static func insertionSort(_ values: inout [Int32], from start: Int) {
        guard values.count - start <= 48 else { return values[start...].sort() }
        values.withUnsafeMutableBufferPointer { values in
            guard values.count - start > 1 else { return }
            for next in (start + 1)..<values.count {
                let value = values[next]
                var position = next
                while position > start && values[position - 1] > value {
                    values[position] = values[position - 1]
                    position -= 1
                }
                values[position] = value
            }
        }
    }

    @inline(__always)
    private static func bitCount(_ bits: UInt64) -> Int32 {
        Int32(bits.nonzeroBitCount)
    }

    /// The least overlap with which sets of these sizes reach Jaccard ≥ t: |x ∩ y| ≥ t/(1+t)·(|x|+|y|).
    func requiredOverlap(_ xCount: Int, _ yCount: Int) -> Int {
        Int((threshold / (1 + threshold) * Double(xCount + yCount) - 1e-9).rounded(.up))
    }

    /// A trigram of [a-z0-9 ] as a number below 37³ (space = 0, a–z = 1…26, 0–9 = 27…36).
    typealias Trigram = UInt16

    /// A set that holds a trigram in its indexed prefix, at this position; its size and signature
    /// ride along so that the filters need not look the set up (24 bytes).
    private struct Posting {
        let signature: UInt64
        let set: Int32
        let position: Int32
        let size: Int32
        /// The size less the bits of the signature: at most this many trigrams hide behind bits
        /// that another set's signature shares.
        let slack: Int32
    }
}
