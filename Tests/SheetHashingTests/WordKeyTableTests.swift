import SheetTestSupport
import Testing

@testable import SheetHashing

/// The shared word-keyed table (validator and consolidation) must behave as a Dictionary does,
/// through growth and removal, wherever its runs of slots wrap around.
@Suite struct WordKeyTableTests {
    /// A non-negative number as a table value (-1: an empty slot).
    struct Number: WordKeyTableValue, Equatable {
        let value: Int32

        static var vacant: Number { Number(value: -1) }
        var isVacant: Bool { value < 0 }
    }

    /// A key whose first slot is `home` in a table of `size` slots, when its first word is not
    /// mixed (`NoMixing` scales it to the size: (first × size) / 2⁶⁴); `tag` tells keys apart.
    static func key(home: Int, size: Int, tag: UInt64) -> UInt64 {
        (UInt64.max / UInt64(size) + 1) * UInt64(home) + tag
    }

    @Test func agreesWithADictionaryThroughGrowth() {
        var generator = SeededGenerator(seed: 41)
        var table = WordKeyTable<Number, SeededMixing>()
        var reference: [[UInt64]: Int32] = [:]
        // Keys that differ in one word only, small numbers, and repeats that overwrite.
        for step in 0..<20_000 {
            let first = step % 3 == 0 ? UInt64(step % 500) : UInt64.random(in: 0...UInt64.max, using: &generator)
            let second = step % 5 == 0 ? 0 : UInt64(step % 7)
            let value = Int32(step)
            table.updateValue(Number(value: value), first: first, second: second)
            reference[[first, second]] = value
        }
        #expect(table.count == reference.count)
        for (key, value) in reference { #expect(table[key[0], key[1]]?.value == value) }
        // Keys never added are not found, nor a key's words swapped.
        #expect(table[UInt64.max - 1, 12_345] == nil)
        #expect(table[3, 499] == nil)
    }

    @Test func asASetOfPackedIDs() {
        var set = WordKeyTable<SetMember, SeededMixing>(capacity: 4)
        for id in stride(from: UInt64(0), to: 1 << 20, by: 1 << 12) { set.insert(id) }
        #expect(set.count == 256)
        #expect(set.contains(1 << 12) && set.contains(0))
        #expect(!set.contains(1) && !set.contains(1 << 12, 1))
    }

    /// A run that starts at the last slots and goes on at the first ones: removing from it moves
    /// back only the entries whose first slot allows it.
    @Test func removalShiftsBackAcrossTheEnd() throws {
        var table = WordKeyTable<Number, NoMixing>(capacity: 12)
        let size = table.slots.count
        try #require(size == 17)
        let key = { (home: Int, tag: UInt64) in Self.key(home: home, size: size, tag: tag) }
        // Slots 15, 16, 0, 1, 2 in this order (x wants 15; a, b want 16; c wants 0; d wants 1).
        let (x, a, b, c, d) = (key(15, 1), key(16, 2), key(16, 3), key(0, 4), key(1, 5))
        for (number, first) in [x, a, b, c, d].enumerated() {
            #expect(table.insert(Number(value: Int32(number)), first: first) == nil)
        }
        #expect(table.slots[0].first == b && table.slots[2].first == d)
        // Removing x: a and b may not move before their first slot (16), so nothing moves.
        table.remove(first: x)
        #expect(table[x] == nil)
        #expect(table[a] == Number(value: 1) && table[b] == Number(value: 2))
        #expect(table[c] == Number(value: 3) && table[d] == Number(value: 4))
        // Removing a: b moves back to 16, c to 0 and d to 1, across the end of the table.
        table.remove(first: a)
        #expect(table[a] == nil)
        #expect(table[b] == Number(value: 2) && table[c] == Number(value: 3) && table[d] == Number(value: 4))
        #expect(table.slots[16].first == b && table.slots[1].first == d && table.slots[2].value.isVacant)
        #expect(table.count == 3)
        // Removing a key that is not there changes nothing.
        table.remove(first: key(16, 9))
        #expect(table.count == 3)
    }

    /// Inserts, replacements and removals against a Dictionary, with every key placed in the last
    /// three or the first two slots (long runs that wrap around), through growth.
    @Test(arguments: [5, 17, 2026])
    func agreesWithADictionaryWhereRunsWrap(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var table = WordKeyTable<Number, NoMixing>(capacity: 0)
        var reference: [UInt64: Number] = [:]
        // Keys for a table of 16 slots: as it grows, they stay near its two ends.
        let keys = (0..<60 as Range<UInt64>).map { Self.key(home: [13, 14, 15, 0, 1][Int($0 % 5)], size: 16, tag: $0) }
        for step in 0..<20_000 {
            let first = keys[Int.random(in: 0..<keys.count, using: &random)]
            let value = Number(value: Int32(step))
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                let had = reference[first]
                if had == nil { reference[first] = value }
                #expect(table.insert(value, first: first) == had)
            case 1:
                #expect(table.updateValue(value, first: first) == reference.updateValue(value, forKey: first))
            default:
                table.remove(first: first)
                reference[first] = nil
            }
            if step % 499 == 0 {
                for first in keys { #expect(table[first] == reference[first]) }
            }
        }
        #expect(table.count == reference.count)
    }

    /// Growing keeps every key and value, drops removed keys, and keeps the table at most three
    /// quarters full.
    @Test func growthKeepsEveryKeyAndNoRemovedOne() {
        var table = WordKeyTable<Number, SeededMixing>(capacity: 0)
        #expect(table.slots.count == 16)
        for number in 0..<5_000 as Range<Int32> {
            table.updateValue(Number(value: number), first: UInt64(number), second: UInt64(number % 3))
            // Every third key is removed at once: its slot is empty when the table next grows.
            if number % 3 == 0 { table.remove(first: UInt64(number), second: UInt64(number % 3)) }
        }
        #expect(table.slots.count > 16)
        #expect(table.count * 4 <= table.slots.count * 3)
        #expect(table.count == 5_000 - 1_667)
        for number in 0..<5_000 as Range<Int32> {
            let found = table[UInt64(number), UInt64(number % 3)]
            #expect(found == (number % 3 == 0 ? nil : Number(value: number)))
        }
    }
}
