/// A hash table whose keys are one or two machine words (digests, number bits, packed value ids),
/// shared by the validator (keys per row and per cell) and consolidation (a run's million row
/// digests). One flat open-addressing array, linear probing, filled up to three quarters: a
/// Dictionary would run SipHash at each look-up and again over every key each time it grows, and
/// keep its keys and values apart.
///
/// - `Mixing` turns a key into the 64 bits whose high bits pick its first slot: `SeededMixing`
///   for numbers taken from files (a hostile file cannot make them pile up in one run of slots),
///   `NoMixing` for keys already uniform and seeded (digests).
/// - The size is any number (the hash scaled to it by a multiply), not a power of two: at a
///   million rows the next power of two would hold 20 MB more.
/// - `Value` marks empty slots itself (`vacant`), so a slot holds no more than its key and value,
///   side by side: a probe reads one cache line.
/// - Removal shifts later entries back (no tombstones).
///
/// Public and inlinable, not `package`: SheetConsolidation must get code specialised to its
/// types, and `package` declarations were not (docs/performance.md). SheetHashing is in no
/// product: a building block of the validator and of consolidation, not an API for clients.
public struct WordKeyTable<Value: WordKeyTableValue, Mixing: KeyMixing> {
    @usableFromInline
    struct Slot {
        @usableFromInline var first: UInt64
        @usableFromInline var second: UInt64
        @usableFromInline var value: Value

        @inlinable
        init(first: UInt64, second: UInt64, value: Value) {
            self.first = first
            self.second = second
            self.value = value
        }
    }

    @usableFromInline var slots: [Slot]
    @usableFromInline let mixing: Mixing
    @usableFromInline var entries = 0

    /// A table for about `capacity` keys (it grows past them).
    @inlinable
    public init(capacity: Int = 16) {
        self.init(capacity: capacity, mixing: Mixing())
    }

    @inlinable
    init(capacity: Int, mixing: Mixing) {
        slots = Array(repeating: Slot(first: 0, second: 0, value: .vacant), count: max(16, capacity * 4 / 3 + 1))
        self.mixing = mixing
    }

    /// The number of keys.
    @inlinable
    public var count: Int { entries }

    /// The first slot to look at: the key's hash scaled to the table (its high bits decide).
    @inlinable @inline(__always)
    func home(_ first: UInt64, _ second: UInt64, size: Int) -> Int {
        Int(truncatingIfNeeded: mixing.hash(first, second).multipliedFullWidth(by: UInt64(size)).high)
    }

    /// The slot holding the key, or the empty slot where it would go.
    @inlinable @inline(__always)
    func slot(_ first: UInt64, _ second: UInt64) -> (index: Int, found: Bool) {
        slots.withUnsafeBufferPointer { slots in
            var index = home(first, second, size: slots.count)
            while !slots[index].value.isVacant {
                if slots[index].first == first && slots[index].second == second { return (index, true) }
                index = index + 1 == slots.count ? 0 : index + 1
            }
            return (index, false)
        }
    }

    /// The key's value, or nil when the key is not there.
    @inlinable @inline(__always)
    public subscript(first: UInt64, second: UInt64 = 0) -> Value? {
        let (index, found) = slot(first, second)
        return found ? slots[index].value : nil
    }

    /// Adds the key's value unless the key is there: then returns the value it has (and changes
    /// nothing).
    @inlinable
    public mutating func insert(_ value: Value, first: UInt64, second: UInt64 = 0) -> Value? {
        let (index, found) = slot(first, second)
        if found { return slots[index].value }
        store(value, first, second, at: index)
        return nil
    }

    /// Sets the key's value (adding the key when it is not there); returns the value it had.
    @inlinable @discardableResult
    public mutating func updateValue(_ value: Value, first: UInt64, second: UInt64 = 0) -> Value? {
        let (index, found) = slot(first, second)
        if found {
            defer { slots[index].value = value }
            return slots[index].value
        }
        store(value, first, second, at: index)
        return nil
    }

    /// Removes the key and its value (nothing when the key is not there).
    @inlinable
    public mutating func remove(first: UInt64, second: UInt64 = 0) {
        var (hole, found) = slot(first, second)
        guard found else { return }
        entries -= 1
        let size = slots.count
        // Later slots of the run move back into the hole when their home allows it, so that no
        // look-up meets an empty slot before its key.
        var later = hole + 1 == size ? 0 : hole + 1
        while !slots[later].value.isVacant {
            let wanted = home(slots[later].first, slots[later].second, size: size)
            // The entry may move to `hole` unless its home lies in (hole, later] (cyclically).
            let stays = hole <= later ? (hole < wanted && wanted <= later) : (hole < wanted || wanted <= later)
            if !stays {
                slots[hole] = slots[later]
                hole = later
            }
            later = later + 1 == size ? 0 : later + 1
        }
        slots[hole].value = .vacant
    }

    @inlinable
    mutating func store(_ value: Value, _ first: UInt64, _ second: UInt64, at index: Int) {
        if (entries + 1) * 4 > slots.count * 3 {
            grow()
            _ = insert(value, first: first, second: second)
            return
        }
        slots[index] = Slot(first: first, second: second, value: value)
        entries += 1
    }

    @inlinable @inline(never)
    mutating func grow() {
        let old = slots
        self = WordKeyTable(capacity: entries * 2, mixing: mixing)
        for slot in old where !slot.value.isVacant { _ = insert(slot.value, first: slot.first, second: slot.second) }
    }
}

extension WordKeyTable: Sendable where Value: Sendable {}
extension WordKeyTable.Slot: Sendable where Value: Sendable {}

/// A value a `WordKeyTable` holds, with one value of the type set apart to mark empty slots.
public protocol WordKeyTableValue {
    /// The value of an empty slot, never stored for a key.
    static var vacant: Self { get }
    /// This is `vacant`.
    var isVacant: Bool { get }
}

/// How a `WordKeyTable` turns a key into 64 bits whose high bits are uniform over its keys.
public protocol KeyMixing: Sendable {
    /// The mixing of a new table (a seeded one draws its seed).
    init()
    /// 64 bits standing for the key.
    func hash(_ first: UInt64, _ second: UInt64) -> UInt64
}

/// For keys taken from files: mixed with a seed drawn per table (xor, then murmur3's finaliser).
public struct SeededMixing: KeyMixing {
    @usableFromInline let seed: UInt64

    /// A mixing with a new random seed.
    @inlinable
    public init() { seed = UInt64.random(in: .min ... .max) }

    /// The key's words and the seed, mixed.
    @inlinable @inline(__always)
    public func hash(_ first: UInt64, _ second: UInt64) -> UInt64 {
        var bits = first ^ seed ^ (second &* 0x9E37_79B9_7F4A_7C15)
        bits = (bits ^ bits >> 33) &* 0xFF51_AFD7_ED55_8CCD
        bits = (bits ^ bits >> 33) &* 0xC4CE_B9FE_1A85_EC53
        return bits ^ bits >> 33
    }
}

/// For keys uniform and seeded already (digests): the first word as it is.
public struct NoMixing: KeyMixing {
    /// The only mixing of its kind.
    @inlinable
    public init() {}

    /// The first word.
    @inlinable @inline(__always)
    public func hash(_ first: UInt64, _ second: UInt64) -> UInt64 { first }
}

/// The value of a `WordKeyTable` used as a set.
public struct SetMember: WordKeyTableValue, Sendable {
    /// An empty slot (not a member).
    public let isVacant: Bool

    /// An empty slot.
    @inlinable
    public static var vacant: SetMember { SetMember(isVacant: true) }

    @inlinable
    init(isVacant: Bool) { self.isVacant = isVacant }
}

extension WordKeyTable where Value == SetMember {
    /// As a set: the key is there.
    @inlinable @inline(__always)
    public func contains(_ first: UInt64, _ second: UInt64 = 0) -> Bool { self[first, second] != nil }

    /// Adds the key to the set.
    @inlinable
    public mutating func insert(_ first: UInt64, _ second: UInt64 = 0) {
        _ = insert(SetMember(isVacant: false), first: first, second: second)
    }
}
