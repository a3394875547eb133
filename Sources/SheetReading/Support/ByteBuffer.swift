/// A growable byte buffer for per-cell hot paths (reading cell text, writing output): appending
/// is a bounds check and a memcpy, clearing is setting `count` (no uniqueness checks, no
/// copy-on-write). Writers may `reserve` room once, write through the pointer, then `advance`.
@usableFromInline
package final class ByteBuffer {
    // Unchecked exclusivity: every module's per-byte appends go through these, and one thread at a
    // time uses a buffer. (Other modules reach them through the inlinable accessors below, which
    // carry the attribute's effect; the attribute itself does not cross a module boundary.)
    @exclusivity(unchecked) @usableFromInline var storage: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) @usableFromInline var storageCapacity: Int
    @exclusivity(unchecked) @usableFromInline var storedCount = 0

    /// Where the bytes start (moves when the buffer grows).
    @inlinable package var base: UnsafeMutablePointer<UInt8> { storage }
    /// Bytes the buffer holds room for.
    @inlinable package var capacity: Int { storageCapacity }
    /// Bytes written; setting it to 0 clears the buffer.
    @inlinable package var count: Int {
        get { storedCount }
        set { storedCount = newValue }
    }

    package init(capacity: Int = 256) {
        storageCapacity = max(capacity, 16)
        storage = .allocate(capacity: storageCapacity)
    }

    deinit { storage.deallocate() }

    // (Inlinable: the writers of other modules append a few bytes at a time, millions of times.)
    @inlinable @inline(__always)
    package func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        (reserve(bytes.count)).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// The same as `append` for bytes that are mostly short (a field or a JSON member): up to
    /// 32 bytes are moved in two overlapping loads and stores, without calling memmove.
    @inlinable @inline(__always)
    package func appendShort(_ bytes: UnsafeBufferPointer<UInt8>) {
        let length = bytes.count
        guard length <= 32, let start = bytes.baseAddress else { return append(bytes) }
        let source = UnsafeRawPointer(start)
        let target = UnsafeMutableRawPointer(reserve(length))
        if length >= 16 {
            let head = source.loadUnaligned(as: SIMD16<UInt8>.self)
            let tail = source.loadUnaligned(fromByteOffset: length - 16, as: SIMD16<UInt8>.self)
            target.storeBytes(of: head, as: SIMD16<UInt8>.self)
            target.storeBytes(of: tail, toByteOffset: length - 16, as: SIMD16<UInt8>.self)
        } else if length >= 8 {
            let head = source.loadUnaligned(as: UInt64.self)
            let tail = source.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
            target.storeBytes(of: head, as: UInt64.self)
            target.storeBytes(of: tail, toByteOffset: length - 8, as: UInt64.self)
        } else if length >= 4 {
            let head = source.loadUnaligned(as: UInt32.self)
            let tail = source.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self)
            target.storeBytes(of: head, as: UInt32.self)
            target.storeBytes(of: tail, toByteOffset: length - 4, as: UInt32.self)
        } else {
            for offset in 0..<length { target.storeBytes(of: start[offset], toByteOffset: offset, as: UInt8.self) }
        }
        count += length
    }

    @inlinable @inline(__always)
    package func append(_ byte: UInt8) {
        reserve(1).pointee = byte
        count += 1
    }

    /// Room for at least `bytes` more bytes; returns where to write them.
    @inlinable @inline(__always)
    package func reserve(_ bytes: Int) -> UnsafeMutablePointer<UInt8> {
        if count + bytes > capacity { grow(to: count + bytes) }
        return base + count
    }

    /// Counts `bytes` written at the pointer `reserve` returned.
    @inlinable @inline(__always)
    package func advance(_ bytes: Int) { count += bytes }

    @usableFromInline
    func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        storage.deallocate()
        storage = newBase
        storageCapacity = newCapacity
    }

    @inline(__always)
    package var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

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
