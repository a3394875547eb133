import SheetHashing
import SheetReading
import SheetSchema

/// 128 bits standing for a sequence of texts (a row's values, or its key): SipHash-1-3 with the
/// program's fixed key for one half, a multiply–rotate hash over 8-byte words for the other. Two
/// different rows give the same digest only if both collide. (Parts hashed beforehand — `Part`, a
/// value as written — add their SipHash through the multiply–rotate chain: it is keyed already.)
/// The same texts give the same digest in every process: shard results carry digests that the
/// merge compares with other shards'.
public struct RowDigest: Hashable, Sendable, BitwiseCopyable {
    let high: UInt64
    let low: UInt64

    /// Fed one text after the other (nil: an empty value, distinct from every text).
    public struct Builder {
        private var first = SipHash13()
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
                first.combine(UInt64.max)
                second.add(UInt64.max)
                return
            }
            add(bytes: UnsafeRawBufferPointer(text))
        }

        /// The same as `add` with the text's UTF-8 bytes.
        public mutating func add(bytes: UnsafeRawBufferPointer) {
            first.combine(UInt64(bytes.count))
            first.combine(bytes: bytes)
            second.add(bytes)
        }

        /// Adds a part already hashed (`RowDigest.Part`).
        public mutating func add(_ part: Part) {
            firstOfParts.add(part.first)
            second.add(part.second)
        }

        public func finish() -> RowDigest {
            RowDigest(high: first.finalize() ^ firstOfParts.value, low: second.value)
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
            self.init(RowDigest(bytes: bytes))
        }

        /// A part made of several texts (a list's items, say).
        public init(_ digest: RowDigest) {
            first = digest.high
            second = digest.low
        }

        init(first: UInt64, second: UInt64) {
            self.first = first
            self.second = second
        }

        /// No value (distinct from every text, the empty one included).
        public static let absent = Part(first: 0x243F_6A88_85A3_08D3, second: 0xB7E1_5162_8AED_2A6A)
    }

    /// The digest of bytes that say all the values unambiguously (a row's JSON object).
    public init(bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { RowDigest(bytes: $0) }
    }

    public init(bytes raw: UnsafeRawBufferPointer) {
        var first = SipHash13()
        var second = WordHash()
        first.combine(bytes: raw)
        second.add(raw)
        high = first.finalize()
        low = second.value
    }
}
