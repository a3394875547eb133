import Glibc

/// A file read in chunks with plain POSIX calls. Owns the descriptor and closes it in `deinit`.
final class FileInput {
    let descriptor: Int32
    let size: Int
    let displayName: String

    init(path: String, displayName: String) throws(ReadError) {
        self.displayName = displayName
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw ReadError(errno == ENOENT ? .fileNotFound : .ioError, file: displayName, reason: reason)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw ReadError(.ioError, file: displayName, reason: "not a regular file")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ReadError(.ioError, file: displayName, reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        descriptor = fd
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// Reads up to `count` bytes from `offset`; fewer only at the end of the file.
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(ReadError) -> Int {
        var done = 0
        while done < count {
            let n = pread(descriptor, buffer + done, count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(.ioError, file: displayName, reason: "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    func prefix(_ count: Int) throws(ReadError) -> [UInt8] {
        let wanted = min(count, size)
        guard wanted > 0 else { return [] }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: wanted, alignment: 16)
        defer { buffer.deallocate() }
        let n = try read(into: buffer, count: wanted, at: 0)
        return Array(UnsafeRawBufferPointer(start: buffer, count: n))
    }

    /// Calls `body` with successive chunks of the whole file.
    func forEachChunk(size chunkSize: Int = 1 << 20, _ body: (UnsafeBufferPointer<UInt8>) throws(ReadError) -> Void)
        throws(ReadError)
    {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var offset = 0
        while true {
            let n = try read(into: buffer, count: chunkSize, at: offset)
            if n == 0 { break }
            try body(UnsafeBufferPointer(start: buffer.assumingMemoryBound(to: UInt8.self), count: n))
            offset += n
            if n < chunkSize { break }
        }
    }
}
