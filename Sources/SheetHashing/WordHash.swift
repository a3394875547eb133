/// A fast, deterministic 64-bit hash over 8-byte words (multiply, rotate, xor), lengths mixed in.
/// Not keyed: it chains values that are keyed hashes already, or stands beside a keyed one.
public struct WordHash: Sendable {
    @usableFromInline var state: UInt64

    /// The hash of what was added so far.
    public var value: UInt64 { state }

    /// An empty hash (different seeds give independent hashes).
    public init(seed: UInt64 = 0x243F_6A88_85A3_08D3) { state = seed }

    /// Adds one word.
    @inlinable @inline(__always)
    public mutating func add(_ word: UInt64) {
        state = (state ^ word) &* 0x9E37_79B9_7F4A_7C15
        state = (state << 29 | state >> 35) &* 0xBF58_476D_1CE4_E5B9
    }

    /// Adds bytes, eight at a time, then their count.
    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset + 8 <= bytes.count {
            add(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(bytes[offset]) << shift
            shift += 8
            offset += 1
        }
        add(tail)
        add(UInt64(bytes.count))
    }
}
