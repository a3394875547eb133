/// A hash table whose keys are one or two machine words that need no hashing of their own:
/// digests (already uniform), number bits and packed value ids. One flat open-addressing array
/// (linear probing, a power of two in size, grown at three quarters full): the validator looks
/// such keys up for every row and some for every cell, where a Dictionary runs SipHash at each
/// look-up and again over every key each time it grows.
///
/// Keys are mixed with a seed drawn per table (xor, then murmur3's finaliser), so that numbers
/// crafted in a hostile file cannot be made to pile up in one run of slots.
///
/// (SheetConsolidation's `DigestTable` is the same idea for a run's million row digests: it also
/// removes, and is sized to the row count rather than to a power of two, to keep memory down.)
struct WordKeyTable<Value> {
    /// A key and its value side by side: a probe reads one cache line, not one per array.
    private struct Slot {
        var first: UInt64
        var second: UInt64
        /// nil: an empty slot.
        var value: Value?
    }

    private var slots: [Slot]
    private var mask: Int
    private let seed: UInt64
    private(set) var count = 0

    init(capacity: Int = 16) {
        var size = 16
        while size * 3 < capacity * 4 { size *= 2 }
        slots = Array(repeating: Slot(first: 0, second: 0, value: nil), count: size)
        mask = size - 1
        seed = UInt64.random(in: .min ... .max)
    }

    @inline(__always)
    private func home(_ first: UInt64, _ second: UInt64) -> Int {
        var bits = first ^ seed ^ (second &* 0x9E37_79B9_7F4A_7C15)
        bits = (bits ^ bits >> 33) &* 0xFF51_AFD7_ED55_8CCD
        bits = (bits ^ bits >> 33) &* 0xC4CE_B9FE_1A85_EC53
        return Int(truncatingIfNeeded: bits ^ bits >> 33) & mask
    }

    /// The slot holding the key, or the empty slot where it would go.
    @inline(__always)
    private func slot(_ first: UInt64, _ second: UInt64) -> (Int, found: Bool) {
        var index = home(first, second)
        return slots.withUnsafeBufferPointer { slots in
            while slots[index].value != nil {
                if slots[index].first == first && slots[index].second == second { return (index, true) }
                index = (index + 1) & mask
            }
            return (index, false)
        }
    }

    @inline(__always)
    subscript(first: UInt64, second: UInt64 = 0) -> Value? {
        let (index, found) = slot(first, second)
        return found ? slots[index].value : nil
    }

    /// Sets the key's value (adding the key when it is not there).
    mutating func set(_ value: Value, first: UInt64, second: UInt64 = 0) {
        let (index, found) = slot(first, second)
        if found {
            slots[index].value = value
            return
        }
        if (count + 1) * 4 > slots.count * 3 {
            grow()
            return set(value, first: first, second: second)
        }
        slots[index] = Slot(first: first, second: second, value: value)
        count += 1
    }

    private mutating func grow() {
        let old = slots
        self = WordKeyTable(capacity: slots.count * 2)
        for slot in old {
            if let value = slot.value { set(value, first: slot.first, second: slot.second) }
        }
    }
}

extension WordKeyTable where Value == Void {
    /// As a set: the key is there.
    @inline(__always)
    func contains(_ first: UInt64, _ second: UInt64 = 0) -> Bool { self[first, second] != nil }

    mutating func insert(_ first: UInt64, _ second: UInt64 = 0) { set((), first: first, second: second) }
}
