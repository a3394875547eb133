/// SipHash (Aumasson & Bernstein) with a key fixed in the program: the same bytes give the same
/// hash in every process, so digests made by one shard can be compared with another's. Swift's
/// `Hasher` is SipHash-1-3 too, but seeded per process: its values cannot leave the process.
/// Streaming: bytes and words are fed in pieces, the message is their concatenation.
public struct SipHasher<Rounds: SipRounds>: Sendable {
    @usableFromInline var v0: UInt64
    @usableFromInline var v1: UInt64
    @usableFromInline var v2: UInt64
    @usableFromInline var v3: UInt64
    /// Bytes not yet making a whole word (little-endian), and the message's length so far.
    @usableFromInline var tail: UInt64 = 0
    @usableFromInline var length: Int = 0

    /// The key of every digest sheetpipe compares across processes (the first 128 bits of π's
    /// fraction: nothing up the sleeve). Changing it changes no output, only shard results.
    public static var fixedKey: (UInt64, UInt64) { (0x243F_6A88_85A3_08D3, 0x1319_8A2E_0370_7344) }

    @inlinable
    public init(key: (UInt64, UInt64) = Self.fixedKey) {
        v0 = key.0 ^ 0x736f_6d65_7073_6575
        v1 = key.1 ^ 0x646f_7261_6e64_6f6d
        v2 = key.0 ^ 0x6c79_6765_6e65_7261
        v3 = key.1 ^ 0x7465_6462_7974_6573
    }

    @inlinable @inline(__always)
    mutating func round() {
        v0 = v0 &+ v1
        v1 = (v1 << 13 | v1 >> 51) ^ v0
        v0 = v0 << 32 | v0 >> 32
        v2 = v2 &+ v3
        v3 = (v3 << 16 | v3 >> 48) ^ v2
        v0 = v0 &+ v3
        v3 = (v3 << 21 | v3 >> 43) ^ v0
        v2 = v2 &+ v1
        v1 = (v1 << 17 | v1 >> 47) ^ v2
        v2 = v2 << 32 | v2 >> 32
    }

    @inlinable @inline(__always)
    mutating func compress(_ word: UInt64) {
        v3 ^= word
        for _ in 0..<Rounds.compression { round() }
        v0 ^= word
    }

    /// Adds eight bytes (the word's little-endian bytes).
    @inlinable
    public mutating func combine(_ word: UInt64) {
        let used = length & 7
        length += 8
        if used == 0 {
            compress(word)
        } else {
            let shift = UInt64(used * 8)
            compress(tail | word << shift)
            tail = word >> (64 - shift)
        }
    }

    /// Adds bytes: eight at a time, shifted into place when earlier pieces left some waiting.
    @inlinable
    public mutating func combine(bytes: UnsafeRawBufferPointer) {
        var offset = 0
        let count = bytes.count
        var waiting = length & 7
        length += count
        if waiting == 0 {
            while offset + 8 <= count {
                compress(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                offset += 8
            }
        } else {
            let shift = UInt64(waiting * 8)
            while offset + 8 <= count {
                let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                compress(tail | word << shift)
                tail = word >> (64 - shift)
                offset += 8
            }
        }
        while offset < count {
            tail |= UInt64(bytes[offset]) << UInt64(waiting * 8)
            waiting += 1
            offset += 1
            if waiting == 8 {
                compress(tail)
                tail = 0
                waiting = 0
            }
        }
    }

    /// The 64-bit hash of everything added.
    @inlinable
    public func finalize() -> UInt64 {
        var last = self
        last.compress(tail | UInt64(truncatingIfNeeded: length) << 56)
        last.v2 ^= 0xff
        for _ in 0..<Rounds.finalization { last.round() }
        return last.v0 ^ last.v1 ^ last.v2 ^ last.v3
    }
}

/// How many rounds a SipHash makes per word and at the end.
public protocol SipRounds: Sendable {
    static var compression: Int { get }
    static var finalization: Int { get }
}

/// SipHash-1-3: the rounds Swift's `Hasher` and Rust's `HashMap` use (hash tables, not MACs).
public enum SipRounds13: SipRounds {
    @inlinable public static var compression: Int { 1 }
    @inlinable public static var finalization: Int { 3 }
}

/// SipHash-2-4, the paper's default (tested against its reference vectors).
public enum SipRounds24: SipRounds {
    @inlinable public static var compression: Int { 2 }
    @inlinable public static var finalization: Int { 4 }
}

/// The hash of digests and value hashes that shards compare.
public typealias SipHash13 = SipHasher<SipRounds13>
