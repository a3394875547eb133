/// Rows by digest, in one flat open-addressing table (linear probing, deletion by shifting back):
/// a digest is already a uniform hash, so its high bits pick the slot and nothing is hashed again,
/// and a million rows take one flat array (24 bytes a slot) rather than a Dictionary's buckets.
/// A slot holds its digest and row side by side: a probe reads one cache line (the tables of a
/// run hold a million rows, far more than the cache, and are probed in random order).
/// (Not merged with SheetSchema's `WordKeyTable`: that one mixes its keys with a seed, as it
/// takes numbers from hostile files, is sized in powers of two and never removes; this one takes
/// digests already seeded, removes, and is sized to the row count to keep a million rows small.)
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
