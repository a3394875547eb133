import SheetReading

/// The two independent keyed hashes of a canonical value: key digests and row signatures chain
/// them, so that no key or row has its text made to be compared.
enum ValueHash {
    /// A value's hash (`second`: the other, independent one). nil (an empty cell) hashes too.
    static func of(_ value: TypedValue?, second: Bool) -> Int {
        var hasher = Hasher()
        if second { hasher.combine(0x6b65_7932) }
        combine(value, into: &hasher)
        return hasher.finalize()
    }

    /// A value's canonical bytes into a hasher, without making its String (lists item by item).
    private static func combine(_ value: TypedValue?, into hasher: inout Hasher) {
        func bytes(_ text: String) {
            text.withUTF8Bytes {
                hasher.combine($0.count)
                hasher.combine(bytes: UnsafeRawBufferPointer($0))
            }
        }
        switch value {
        case nil: hasher.combine(-1)
        case .text(let text), .date(let text), .number(_, let text): bytes(text)
        case .boolean(let flag): hasher.combine(flag ? -2 : -3)
        case .list(let items):
            hasher.combine(-4 - items.count)
            for item in items { combine(item, into: &hasher) }
        }
    }
}
