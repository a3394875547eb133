import SheetReading

/// A String compared and hashed by its UTF-8 bytes: Swift's String hashing normalises non-ASCII
/// text first, and byte equality is what the validator's per-cell tables need.
struct ByteKey: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    func hash(into hasher: inout Hasher) {
        text.withUTF8Bytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func == (a: ByteKey, b: ByteKey) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }
}
