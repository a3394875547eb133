import SheetSchema

/// The folded keys (`TextKey`: [a-z0-9] words, one space between) of one field of one block's
/// rows, end to end in one byte array, and the words a template puts in most of them.
///
/// A word held by more than `share` of the block's texts (`Projet` in `Projet 1`, `Projet 2`…)
/// says the rows come from one template, not that two of them are the same project: it is left
/// out of the comparison, once the block has enough texts to tell (`minimumTexts`).
struct BlockKeys {
    private(set) var bytes: [UInt8] = []
    private(set) var starts: [Int32] = [0]
    private var scratch: [UInt8] = []

    init(capacity: Int) {
        starts.reserveCapacity(capacity + 1)
    }

    var count: Int { starts.count - 1 }

    /// Adds the next row's key (empty for nil).
    mutating func append(_ text: ArraySlice<UInt8>?) {
        defer { starts.append(Int32(bytes.count)) }
        guard let text, !text.isEmpty else { return }
        text.withUnsafeBufferPointer { TextKey.fold(utf8: $0, into: &scratch) }
        bytes.append(contentsOf: scratch)
    }

    /// The key of row `row`, as a range of `bytes`.
    func range(_ row: Int) -> Range<Int> { Int(starts[row])..<Int(starts[row + 1]) }

    /// The words (by `wordHash`) held by more than `share` of the non-empty keys, with their
    /// text, in byte order; none when fewer than `minimumTexts` keys are non-empty.
    func templateWords(share: Double, minimumTexts: Int) -> [(hash: UInt64, word: [UInt8])] {
        let texts = (0..<count).filter { !range($0).isEmpty }.count
        guard texts >= minimumTexts, texts > 0 else { return [] }
        let limit = Int(share * Double(texts))
        // First a fixed table of counters by hash bucket (a row counts once per bucket): a word's
        // bucket holds at least its count, so only the words of buckets over the limit are
        // counted exactly, in a small table.
        let bucketCount = 1 << 16
        var buckets = [Int32](repeating: 0, count: bucketCount)
        var lastRow = [Int32](repeating: -1, count: bucketCount)
        bytes.withUnsafeBufferPointer { bytes in
            for row in 0..<count {
                Self.forEachWord(bytes, range(row)) { _, hash in
                    let bucket = Int(hash & UInt64(bucketCount - 1))
                    if lastRow[bucket] != Int32(row) {
                        lastRow[bucket] = Int32(row)
                        buckets[bucket] += 1
                    }
                }
            }
        }
        guard buckets.contains(where: { Int($0) > limit }) else { return [] }
        var exact: [UInt64: (count: Int, lastRow: Int, word: Range<Int>)] = [:]
        bytes.withUnsafeBufferPointer { bytes in
            for row in 0..<count {
                Self.forEachWord(bytes, range(row)) { word, hash in
                    guard Int(buckets[Int(hash & UInt64(bucketCount - 1))]) > limit else { return }
                    var entry = exact[hash] ?? (0, -1, word)
                    guard entry.lastRow != row else { return }
                    entry.count += 1
                    entry.lastRow = row
                    exact[hash] = entry
                }
            }
        }
        return exact.filter { $0.value.count > limit }.map { ($0.key, Array(bytes[$0.value.word])) }
            .sorted { $0.word.lexicographicallyPrecedes($1.word) }
    }

    /// Calls `body` with each word of `range` (a key: words split by one space) and its hash.
    static func forEachWord(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (Range<Int>, UInt64) -> Void
    ) {
        var start = range.lowerBound
        var hash = wordHashSeed
        for position in range {
            let byte = bytes[position]
            if byte == 0x20 {
                body(start..<position, hash)
                start = position + 1
                hash = wordHashSeed
            } else {
                hash = (hash ^ UInt64(byte)) &* wordHashPrime
            }
        }
        if start < range.upperBound { body(start..<range.upperBound, hash) }
    }

    /// FNV-1a, 64 bits: words are short, and a collision only leaves one more word in.
    static let wordHashSeed: UInt64 = 0xcbf2_9ce4_8422_2325
    static let wordHashPrime: UInt64 = 0x100_0000_01b3

    /// The hashes of a key as it is and with its digits left out (runs of spaces as one, none at
    /// the ends): two texts whose first hashes differ but second hashes agree differ only by
    /// digits (`Projet 12` and `Projet 13`, `Ligne 2` and `Ligne`).
    static func textHashes(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (UInt64, UInt64) {
        var whole = wordHashSeed
        var digitless = wordHashSeed
        var pendingSpace = false
        var wroteLetter = false
        for position in range {
            let byte = bytes[position]
            whole = (whole ^ UInt64(byte)) &* wordHashPrime
            if byte >= 0x30 && byte <= 0x39 { continue }
            if byte == 0x20 {
                pendingSpace = wroteLetter
                continue
            }
            if pendingSpace { digitless = (digitless ^ 0x20) &* wordHashPrime }
            pendingSpace = false
            wroteLetter = true
            digitless = (digitless ^ UInt64(byte)) &* wordHashPrime
        }
        return (whole, digitless)
    }
}
