import SheetTestSupport
import Testing

@testable import SheetSchema

/// The validator's word-keyed table must behave as a Dictionary does, through its growth.
@Suite struct WordKeyTableTests {
    @Test func agreesWithADictionaryThroughGrowth() {
        var generator = SeededGenerator(seed: 41)
        var table = WordKeyTable<Int32>()
        var reference: [[UInt64]: Int32] = [:]
        // Keys that differ in one word only, small numbers, and repeats that overwrite.
        for step in 0..<20_000 {
            let first = step % 3 == 0 ? UInt64(step % 500) : UInt64.random(in: 0...UInt64.max, using: &generator)
            let second = step % 5 == 0 ? 0 : UInt64(step % 7)
            let value = Int32(step)
            table.set(value, first: first, second: second)
            reference[[first, second]] = value
        }
        #expect(table.count == reference.count)
        for (key, value) in reference { #expect(table[key[0], key[1]] == value) }
        // Keys never added are not found, nor a key's words swapped.
        #expect(table[UInt64.max - 1, 12_345] == nil)
        #expect(table[3, 499] == nil)
    }

    @Test func asASetOfPackedIDs() {
        var set = WordKeyTable<Void>(capacity: 4)
        for id in stride(from: UInt64(0), to: 1 << 20, by: 1 << 12) { set.insert(id) }
        #expect(set.count == 256)
        #expect(set.contains(1 << 12) && set.contains(0))
        #expect(!set.contains(1) && !set.contains(1 << 12, 1))
    }
}
