import Foundation

/// The bytes of a shard result's per-file state (row digests, key texts, groups, fingerprints):
/// counts and arrays of fixed-size values as they lie in memory, so that a million rows are
/// written and read back in a few copies. A shard and its merge run the same build on the same
/// architecture (the result records both hashes that tie it to its run; `ShardResult`).
public struct ShardBytes: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func append(_ value: Int) {
        withUnsafeBytes(of: Int64(value)) { bytes.append(contentsOf: $0) }
    }

    public mutating func append(_ text: String) {
        let utf8 = Array(text.utf8)
        append(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    /// A count, then the values' bytes.
    public mutating func append<T: BitwiseCopyable>(array: [T]) {
        append(array.count)
        array.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    public mutating func append(strings: [String]) {
        append(strings.count)
        for text in strings { append(text) }
    }
}

/// Reads what `ShardBytes` wrote, in the same order; a short or damaged state throws.
public struct ShardByteReader {
    private let bytes: [UInt8]
    private var offset = 0

    public struct Damaged: Error, CustomStringConvertible {
        public init() {}
        public var description: String { "the state is damaged (shorter than its counts say)" }
    }

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var isAtEnd: Bool { offset == bytes.count }

    public mutating func int() throws -> Int {
        Int(try fixed(Int64.self, count: 1)[0])
    }

    public mutating func string() throws -> String {
        let count = try int()
        guard count >= 0, offset + count <= bytes.count else { throw Damaged() }
        defer { offset += count }
        return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
    }

    public mutating func array<T: BitwiseCopyable>(of type: T.Type) throws -> [T] {
        try fixed(type, count: try int())
    }

    public mutating func strings() throws -> [String] {
        let count = try int()
        guard count >= 0, count <= bytes.count - offset else { throw Damaged() }
        return try (0..<count).map { _ in try string() }
    }

    private mutating func fixed<T: BitwiseCopyable>(_ type: T.Type, count: Int) throws -> [T] {
        let length = count * MemoryLayout<T>.stride
        guard count >= 0, length <= bytes.count - offset else { throw Damaged() }
        defer { offset += length }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + length]))
            }
            initialized = count
        }
    }
}
