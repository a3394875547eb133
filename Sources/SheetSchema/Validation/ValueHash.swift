import SheetHashing
import SheetReading

/// The two independent keyed hashes of a canonical value: key digests and row signatures chain
/// them, so that no key or row has its text made to be compared. SipHash-1-3 with the program's
/// fixed key (`SipHash13`): the same value hashes alike in every process, shards included (the
/// tables holding these hashes mix in a seed of their own against crafted collisions).
enum ValueHash {
    /// A value's hash (`second`: the other, independent one). nil (an empty cell) hashes too.
    static func of(_ value: TypedValue?, second: Bool) -> Int {
        var hasher = SipHash13()
        if second { hasher.combine(UInt64(0x6b65_7932)) }
        combine(value, into: &hasher)
        return Int(truncatingIfNeeded: hasher.finalize())
    }

    /// A value's canonical bytes into a hasher, without making its String (lists item by item).
    private static func combine(_ value: TypedValue?, into hasher: inout SipHash13) {
        func bytes(_ text: String) {
            text.withUTF8Bytes {
                hasher.combine(UInt64($0.count))
                hasher.combine(bytes: UnsafeRawBufferPointer($0))
            }
        }
        switch value {
        case nil: hasher.combine(UInt64(bitPattern: -1))
        case .text(let text), .date(let text), .number(_, let text): bytes(text)
        case .boolean(let flag): hasher.combine(UInt64(bitPattern: flag ? -2 : -3))
        case .list(let items):
            hasher.combine(UInt64(bitPattern: Int64(-4 - items.count)))
            for item in items { combine(item, into: &hasher) }
        }
    }
}
