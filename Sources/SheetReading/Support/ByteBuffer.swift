/// A growable byte buffer for per-cell hot paths (reading cell text, writing output): appending
/// is a bounds check and a memcpy, clearing is setting `count` (no uniqueness checks, no
/// copy-on-write). Writers may `reserve` room once, write through the pointer, then `advance`.
public final class ByteBuffer {
    public private(set) var base: UnsafeMutablePointer<UInt8>
    public private(set) var capacity: Int
    public var count = 0

    public init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    // (Inlinable: the writers of other modules append a few bytes at a time, millions of times.)
    @inlinable @inline(__always)
    public func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        (reserve(bytes.count)).update(from: source, count: bytes.count)
        count += bytes.count
    }

    @inlinable @inline(__always)
    public func append(_ byte: UInt8) {
        reserve(1).pointee = byte
        count += 1
    }

    /// Room for at least `bytes` more bytes; returns where to write them.
    @inlinable @inline(__always)
    public func reserve(_ bytes: Int) -> UnsafeMutablePointer<UInt8> {
        if count + bytes > capacity { grow(to: count + bytes) }
        return base + count
    }

    /// Counts `bytes` written at the pointer `reserve` returned.
    @inlinable @inline(__always)
    public func advance(_ bytes: Int) { count += bytes }

    @usableFromInline
    func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Removes XML whitespace (space, TAB, CR, LF) at both ends of the bytes from `start` on.
    func trimWhitespace(from start: Int) {
        var first = start
        var end = count
        while first < end && ByteBuffer.isXMLSpace(base[first]) { first += 1 }
        while end > first && ByteBuffer.isXMLSpace(base[end - 1]) { end -= 1 }
        if first > start { (base + start).update(from: base + first, count: end - first) }
        count = start + (end - first)
    }

    @inline(__always)
    static func isXMLSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    var isBlank: Bool {
        for byte in bytes where byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { return false }
        return true
    }
}
