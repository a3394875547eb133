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
    private var firsts: [UInt64]
    private var seconds: [UInt64]
    /// nil: an empty slot.
    private var values: [Value?]
    private var mask: Int
    private let seed: UInt64
    private(set) var count = 0

    init(capacity: Int = 16) {
        var size = 16
        while size * 3 < capacity * 4 { size *= 2 }
        firsts = Array(repeating: 0, count: size)
        seconds = Array(repeating: 0, count: size)
        values = Array(repeating: nil, count: size)
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
        while values[index] != nil {
            if firsts[index] == first && seconds[index] == second { return (index, true) }
            index = (index + 1) & mask
        }
        return (index, false)
    }

    subscript(first: UInt64, second: UInt64 = 0) -> Value? {
        let (index, found) = slot(first, second)
        return found ? values[index] : nil
    }

    /// Sets the key's value (adding the key when it is not there).
    mutating func set(_ value: Value, first: UInt64, second: UInt64 = 0) {
        let (index, found) = slot(first, second)
        if found {
            values[index] = value
            return
        }
        if (count + 1) * 4 > values.count * 3 {
            grow()
            return set(value, first: first, second: second)
        }
        firsts[index] = first
        seconds[index] = second
        values[index] = value
        count += 1
    }

    private mutating func grow() {
        let old = (firsts, seconds, values)
        self = WordKeyTable(capacity: values.count * 2)
        for index in old.2.indices {
            if let value = old.2[index] { set(value, first: old.0[index], second: old.1[index]) }
        }
    }
}

extension WordKeyTable where Value == Void {
    /// As a set: the key is there.
    func contains(_ first: UInt64, _ second: UInt64 = 0) -> Bool { self[first, second] != nil }

    mutating func insert(_ first: UInt64, _ second: UInt64 = 0) { set((), first: first, second: second) }
}
