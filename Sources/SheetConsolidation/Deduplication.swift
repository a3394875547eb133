import SheetReading
import SheetSchema

/// 128 bits standing for a sequence of texts (a row's values, or its key): Swift's seeded
/// SipHash for one half, a multiply–rotate hash over 8-byte words for the other. Two different
/// rows give the same digest only if both collide. (Parts hashed beforehand — `Part`, a value
/// as written — add their SipHash through the multiply–rotate chain: it is keyed already.)
/// Only compared within a run (the seed changes from run to run), never written out.
public struct RowDigest: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    /// Fed one text after the other (nil: an empty value, distinct from every text).
    public struct Builder {
        private var first = Hasher()
        private var second = WordHash()
        /// The first hashes of parts (keyed SipHash values already): chained by multiplication,
        /// not run through SipHash a second time.
        private var firstOfParts = WordHash(seed: 0x1319_8A2E_0370_7344)

        public init() {}

        public mutating func add(_ text: String?) {
            guard let text else { return add(utf8: nil) }
            text.withUTF8Bytes { add(utf8: $0) }
        }

        /// The same as `add` with the text's UTF-8 bytes (nil: no value).
        public mutating func add(utf8 text: UnsafeBufferPointer<UInt8>?) {
            guard let text else {
                first.combine(-1)
                second.add(UInt64.max)
                return
            }
            add(bytes: UnsafeRawBufferPointer(text))
        }

        /// The same as `add` with the text's UTF-8 bytes.
        public mutating func add(bytes: UnsafeRawBufferPointer) {
            first.combine(bytes.count)
            first.combine(bytes: bytes)
            second.add(bytes)
        }

        /// Adds a part already hashed (`RowDigest.Part`).
        public mutating func add(_ part: Part) {
            firstOfParts.add(part.first)
            second.add(part.second)
        }

        public func finish() -> RowDigest {
            RowDigest(high: UInt64(UInt(bitPattern: first.finalize())) ^ firstOfParts.value, low: second.value)
        }
    }

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Which of `parts` shares of the digests this one falls in (from the bits that tables do
    /// not place by).
    public func share(of parts: Int) -> Int { Int(low % UInt64(parts)) }

    /// The two hashes of one part of a row (a value as written, say): a part that repeats is
    /// hashed once and its hashes added to each row's `Builder`, whatever its length.
    public struct Part: Sendable {
        let first: UInt64
        let second: UInt64

        public init(bytes: UnsafeRawBufferPointer) {
            let digest = RowDigest(bytes: bytes)
            first = digest.high
            second = digest.low
        }
    }

    /// The digest of bytes that say all the values unambiguously (a row's JSON object).
    public init(bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { RowDigest(bytes: $0) }
    }

    public init(bytes raw: UnsafeRawBufferPointer) {
        var first = Hasher()
        var second = WordHash()
        first.combine(bytes: raw)
        second.add(raw)
        high = UInt64(UInt(bitPattern: first.finalize()))
        low = second.value
    }
}

/// A row among the accepted rows of a run: the file (its position in submission order) and the
/// row's position among that file's accepted rows.
public struct RowReference: Hashable, Comparable, Sendable {
    public var file: Int32
    public var index: Int32

    public init(file: Int, index: Int) {
        self.file = Int32(file)
        self.index = Int32(index)
    }

    public static func < (a: RowReference, b: RowReference) -> Bool { (a.file, a.index) < (b.file, b.index) }
}

/// Decides, row after row in submission order (oldest submission first, then file name, then
/// row), what becomes of each accepted row:
/// - all its values equal to a row already kept → merged into that row (the first one stays);
/// - its key held by a row of an older submission → that row is superseded by this one;
/// - otherwise kept.
/// A superseded row no longer counts: a later row equal to it is compared with what replaced it.
/// Rows with the same key and other values in one file never get here (validation rejects the
/// later one as a conflict naming the earlier).
public struct DeduplicationLedger: Sendable {
    public enum Decision: Equatable, Sendable {
        case kept
        case merged(into: RowReference)
        /// Kept, and the row it replaces is now superseded.
        case supersedes(RowReference)
    }

    private var keptByKey: DigestTable
    private var keptBySignature: DigestTable

    public init(capacity: Int = 0) {
        keptByKey = DigestTable(capacity: capacity)
        keptBySignature = DigestTable(capacity: capacity)
    }

    /// `key`: the digest of the primary-key values (nil when the schema has none);
    /// `signature`: the digest of all the values; `signatureOf`: the signature of a row given
    /// before (asked for the row a newer one supersedes: the table does not keep it twice).
    public mutating func add(
        _ row: RowReference, key: RowDigest?, signature: RowDigest, signatureOf: (RowReference) -> RowDigest
    ) -> Decision {
        if let kept = keptBySignature.insert(row, for: signature) { return .merged(into: kept) }
        guard let key else { return .kept }
        if let older = keptByKey.replace(with: row, for: key) {
            keptBySignature.remove(signatureOf(older))
            return .supersedes(older)
        }
        return .kept
    }
}

/// Rows by digest, in one flat open-addressing table (linear probing, deletion by shifting back):
/// a digest is already a uniform hash, so its high bits pick the slot and nothing is hashed again,
/// and a million rows take one flat array (24 bytes a slot) rather than a Dictionary's buckets.
/// A slot holds its digest and row side by side: a probe reads one cache line (the tables of a
/// run hold a million rows, far more than the cache, and are probed in random order).
public struct DigestTable: Sendable {
    private struct Slot {
        var digest: RowDigest
        /// `file` -1: an empty slot (inputs are numbered from 0).
        var row: RowReference

        static let empty = Slot(digest: RowDigest(high: 0, low: 0), row: RowReference(file: -1, index: 0))
        var isUsed: Bool { row.file >= 0 }
    }

    private var slots: [Slot]
    /// Slots (not a power of two: the table is filled up to three quarters, and at a million
    /// rows the next power of two would hold 20 MB more).
    private var size: Int
    public private(set) var count = 0

    public init(capacity: Int) {
        size = max(16, capacity * 4 / 3 + 1)
        slots = Array(repeating: .empty, count: size)
    }

    /// The first slot to look at: the digest scaled to the table (its high bits decide).
    @inline(__always)
    private func home(_ digest: RowDigest) -> Int {
        Int(truncatingIfNeeded: UInt64(truncatingIfNeeded: digest.high).multipliedFullWidth(by: UInt64(size)).high)
    }

    @inline(__always)
    private func next(_ index: Int) -> Int { index + 1 == size ? 0 : index + 1 }

    /// The slot holding `digest`, or the empty slot where it would go.
    @inline(__always)
    private func slot(of digest: RowDigest) -> (Int, found: Bool) {
        var index = home(digest)
        return slots.withUnsafeBufferPointer { slots in
            while slots[index].isUsed {
                if slots[index].digest == digest { return (index, true) }
                index = next(index)
            }
            return (index, false)
        }
    }

    public subscript(digest: RowDigest) -> RowReference? {
        let (index, found) = slot(of: digest)
        return found ? slots[index].row : nil
    }

    /// Adds the row unless the digest is there: then returns the row it has (and changes nothing).
    public mutating func insert(_ row: RowReference, for digest: RowDigest) -> RowReference? {
        let (index, found) = slot(of: digest)
        if found { return slots[index].row }
        store(row, digest, at: index)
        return nil
    }

    /// Sets the row of the digest; returns the row it had.
    public mutating func replace(with row: RowReference, for digest: RowDigest) -> RowReference? {
        let (index, found) = slot(of: digest)
        if found {
            defer { slots[index].row = row }
            return slots[index].row
        }
        store(row, digest, at: index)
        return nil
    }

    public mutating func remove(_ digest: RowDigest) {
        var (hole, found) = slot(of: digest)
        guard found else { return }
        count -= 1
        // Later slots of the run move back into the hole when their home allows it, so that no
        // look-up meets an empty slot before its digest.
        var later = next(hole)
        while slots[later].isUsed {
            let wanted = home(slots[later].digest)
            // The entry may move to `hole` unless its home lies in (hole, later] (cyclically).
            let stays = hole <= later ? (hole < wanted && wanted <= later) : (hole < wanted || wanted <= later)
            if !stays {
                slots[hole] = slots[later]
                hole = later
            }
            later = next(later)
        }
        slots[hole] = .empty
    }

    private mutating func store(_ row: RowReference, _ digest: RowDigest, at index: Int) {
        if (count + 1) * 4 > size * 3 {
            grow()
            _ = insert(row, for: digest)
            return
        }
        slots[index] = Slot(digest: digest, row: row)
        count += 1
    }

    private mutating func grow() {
        let old = slots
        self = DigestTable(capacity: count * 2)
        for slot in old where slot.isUsed { _ = insert(slot.row, for: slot.digest) }
    }
}
