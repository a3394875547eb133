extension String {
    /// The string's UTF-8 bytes, read where it holds them (native strings, small ones included):
    /// `withUTF8` needs a `var` copy, which retains and releases the string at each call, and
    /// these calls run for every value written or hashed.
    @inlinable @inline(__always)
    package func withUTF8Bytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
