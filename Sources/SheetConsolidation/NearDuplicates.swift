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
/// All pairs are found exactly, without comparing every pair: each set is sorted rarest trigram
/// first and only its prefix is indexed (prefix filtering, Bayardo et al., "Scaling up all pairs
/// similarity search", 2007) — two sets with Jaccard ≥ t must share a trigram in those prefixes.
/// The pairs this yields are then checked in full.
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

    public let fieldNames: [String]
    public let threshold: Double
    /// Keys shorter than this (after folding) are too short to call similar ("SA", "-").
    public let minimumKeyLength: Int

    public init(fieldNames: [String], threshold: Double = 0.7, minimumKeyLength: Int = 4) {
        precondition(threshold > 0 && threshold <= 1, "a similarity threshold is in (0, 1]")
        self.fieldNames = fieldNames
        self.threshold = threshold
        self.minimumKeyLength = minimumKeyLength
    }

    /// Candidates in a stable order: by first, then second position.
    public func candidates(in entries: [Entry]) -> [NearDuplicateCandidate] {
        var best: [PairKey: NearDuplicateCandidate] = [:]
        var positionsByBlock: [String: [Int]] = [:]
        for (position, entry) in entries.enumerated() { positionsByBlock[entry.block, default: []].append(position) }

        for (fieldIndex, fieldName) in fieldNames.enumerated() {
            for positions in positionsByBlock.values {
                let sets = positions.map { position -> [Trigram] in
                    let entry = entries[position]
                    guard fieldIndex < entry.texts.count, let text = entry.texts[fieldIndex] else { return [] }
                    return trigrams(of: text)
                }
                for (a, b, similarity) in similarPairs(sets) {
                    let pair = PairKey(first: positions[a], second: positions[b])
                    // Fields are visited in order: a later field replaces only a strictly closer match.
                    if let known = best[pair], known.similarity >= similarity { continue }
                    best[pair] = NearDuplicateCandidate(
                        first: pair.first, second: pair.second, field: fieldName, similarity: similarity)
                }
            }
        }
        return best.values.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
    }

    /// Sorted, distinct trigrams of the folded key, padded with a space at each end so that short
    /// words and word starts count. Empty when the key is too short.
    func trigrams(of text: String) -> [Trigram] {
        let key = TextKey.make(text)
        guard key.utf8.count >= minimumKeyLength else { return [] }
        // TextKey output is [a-z0-9 ] only: three bytes pack into one integer.
        var bytes: [UInt8] = [0x20]
        bytes.append(contentsOf: key.utf8)
        bytes.append(0x20)
        var result: [Trigram] = []
        result.reserveCapacity(bytes.count)
        for start in 0..<(bytes.count - 2) {
            result.append(Trigram(bytes[start]) << 16 | Trigram(bytes[start + 1]) << 8 | Trigram(bytes[start + 2]))
        }
        return Array(Set(result)).sorted()
    }

    /// Pairs (a < b, positions in `sets`) whose Jaccard similarity reaches the threshold.
    func similarPairs(_ sets: [[Trigram]]) -> [(Int, Int, Double)] {
        // Rarest first: prefixes then hold the trigrams that few sets share, and index little.
        var frequency: [Trigram: Int] = [:]
        for set in sets { for trigram in set { frequency[trigram, default: 0] += 1 } }
        let ordered = sets.map { set in
            set.map { (frequency[$0]!, $0) }.sorted { $0 < $1 }.map(\.1)
        }
        // Smallest sets first: Jaccard(x, y) ≥ t needs |x| ≥ t·|y|, so once an indexed set is too
        // small for the current one it is too small for every later one, and its list skips it.
        let visitOrder = sets.indices.filter { !sets[$0].isEmpty }.sorted {
            (sets[$0].count, $0) < (sets[$1].count, $1)
        }

        var listOfTrigram: [Trigram: Int] = [:]
        var lists: [[Posting]] = []
        var listStarts: [Int] = []
        var lastProbedBy = [Int](repeating: -1, count: sets.count)
        var pairs: [(Int, Int, Double)] = []
        for b in visitOrder {
            let set = ordered[b]
            let smallestPartner = threshold * Double(set.count) - 1e-9
            // Jaccard(x, y) ≥ t needs |x ∩ y| ≥ ⌈t·|x|⌉, so x and y share one of x's first
            // |x| − ⌈t·|x|⌉ + 1 trigrams (and likewise for y): those prefixes suffice.
            // (The small slack keeps 0.7 × 10 from rounding up to 8: a longer prefix is always safe.)
            let prefixLength = set.count - Int(smallestPartner.rounded(.up)) + 1
            for (position, trigram) in set.prefix(prefixLength).enumerated() {
                let posting = Posting(set: b, position: position)
                guard let list = listOfTrigram[trigram] else {
                    listOfTrigram[trigram] = lists.count
                    lists.append([posting])
                    listStarts.append(0)
                    continue
                }
                while listStarts[list] < lists[list].count
                    && Double(sets[lists[list][listStarts[list]].set].count) < smallestPartner
                {
                    listStarts[list] += 1
                }
                for candidate in lists[list][listStarts[list]...] where lastProbedBy[candidate.set] != b {
                    let a = candidate.set
                    lastProbedBy[a] = b
                    // Both sets follow one order, so this is the first trigram they share: none
                    // before it in either set can add to the overlap (positional filter, PPJoin).
                    let mostShared = min(sets[a].count - candidate.position, set.count - position)
                    guard mostShared >= requiredOverlap(sets[a].count, set.count) else { continue }
                    if let similarity = jaccardIfReaching(sets[a], sets[b]) {
                        pairs.append((min(a, b), max(a, b), similarity))
                    }
                }
                lists[list].append(posting)
            }
        }
        return pairs
    }

    /// Jaccard similarity of two sorted sets when it reaches the threshold, else nil — found out
    /// early: the merge stops as soon as the trigrams left cannot bring the overlap up to
    /// ⌈t/(1+t)·(|x|+|y|)⌉, the least that Jaccard ≥ t needs. Most probed pairs end there.
    func jaccardIfReaching(_ x: [Trigram], _ y: [Trigram]) -> Double? {
        let required = requiredOverlap(x.count, y.count)
        var i = 0
        var j = 0
        var shared = 0
        while i < x.count && j < y.count {
            if shared + min(x.count - i, y.count - j) < required { return nil }
            if x[i] == y[j] {
                shared += 1
                i += 1
                j += 1
            } else if x[i] < y[j] {
                i += 1
            } else {
                j += 1
            }
        }
        let similarity = Double(shared) / Double(x.count + y.count - shared)
        return similarity >= threshold ? similarity : nil
    }

    /// The least overlap with which sets of these sizes reach Jaccard ≥ t: |x ∩ y| ≥ t/(1+t)·(|x|+|y|).
    func requiredOverlap(_ xCount: Int, _ yCount: Int) -> Int {
        Int((threshold / (1 + threshold) * Double(xCount + yCount) - 1e-9).rounded(.up))
    }

    typealias Trigram = UInt32

    /// A set that holds a trigram in its indexed prefix, at this position.
    private struct Posting {
        let set: Int
        let position: Int
    }

    private struct PairKey: Hashable {
        let first: Int
        let second: Int
    }
}
