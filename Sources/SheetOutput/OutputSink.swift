import CFileSystem
import Glibc
package import SheetReading

/// An output that cannot be written: the file (its final name, never a temporary one) and why,
/// with the system's reason and its name (`No space left on device (ENOSPC)`) when there is one.
public struct OutputError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    /// The `errno` behind it, if any.
    public var systemError: Int32?
    public var description: String { "\(path): \(reason)" }

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `what` failed with `code` (an `errno`): `cannot write: No space left on device (ENOSPC)`.
    public init(path: String, action: String, systemError code: Int32) {
        self.path = path
        self.reason = "\(action): \(Self.systemReason(code))"
        self.systemError = code
    }

    /// The system's words for an `errno`, and its name where a person may look it up.
    public static func systemReason(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return errnoNames[code].map { "\(text) (\($0))" } ?? text
    }

    static let errnoNames: [Int32: String] = [
        ENOSPC: "ENOSPC", EDQUOT: "EDQUOT", EROFS: "EROFS", EACCES: "EACCES", EFBIG: "EFBIG", EPERM: "EPERM",
        EIO: "EIO", ENOENT: "ENOENT", EEXIST: "EEXIST", ENOTDIR: "ENOTDIR", EISDIR: "EISDIR", EMFILE: "EMFILE",
        ENFILE: "ENFILE", ENAMETOOLONG: "ENAMETOOLONG", ELOOP: "ELOOP", EXDEV: "EXDEV", EBUSY: "EBUSY",
        ENOTEMPTY: "ENOTEMPTY",
    ]

    /// The same error, said of another path (a file of the temporary folder → its final name).
    public func renamed(_ rename: (String) -> String) -> OutputError {
        var copy = self
        copy.path = rename(path)
        return copy
    }
}

/// Buffered bytes to a file descriptor. Output to a file goes to a temporary name in the same
/// folder and is renamed into place by `commit()`: a killed run never leaves a half-written file
/// under the final name.
///
/// Writers in hot loops reserve room once (`reserve`), write through the pointer and `advance`;
/// no per-byte capacity or uniqueness checks. Others use `append`.
public final class OutputSink {
    /// Bytes waiting to be written.
    private let pending = ByteBuffer(capacity: 1 << 18)
    public var count: Int { pending.count }
    /// The bytes waiting to be written, for a writer that builds its records in place (no copy
    /// per record): what it appends goes out with the rest at the next flush.
    package var buffer: ByteBuffer { pending }
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let finalPath: String?
    private let temporaryPath: String?
    public let displayName: String
    /// Written out every 128 KiB: the bytes are still in the core's cache when the kernel copies
    /// them, and the buffer is not pushed out of it by the next rows' writes.
    public static let flushThreshold = 1 << 17

    /// Standard output.
    public init() {
        descriptor = 1
        ownsDescriptor = false
        finalPath = nil
        temporaryPath = nil
        displayName = "standard output"
    }

    /// A file, written atomically.
    public init(path: String) throws {
        let temporary = "\(path).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw OutputError(path: path, action: "cannot create", systemError: errno)
        }
        descriptor = fd
        ownsDescriptor = true
        finalPath = path
        temporaryPath = temporary
        displayName = path
    }

    deinit {
        if ownsDescriptor {
            close(descriptor)
            // Not committed: leave no temporary file behind.
            if let temporaryPath, !committed { unlink(temporaryPath) }
        }
    }

    private var committed = false

    /// Room for at least `bytes` more bytes; returns where to write them.
    @inline(__always)
    public func reserve(_ bytes: Int) -> UnsafeMutablePointer<UInt8> { pending.reserve(bytes) }

    /// Counts `bytes` written at the pointer `reserve` returned.
    @inline(__always)
    public func advance(_ bytes: Int) { pending.advance(bytes) }

    @inline(__always)
    public func append(_ byte: UInt8) { pending.append(byte) }

    public func append(_ bytes: UnsafeBufferPointer<UInt8>) { pending.append(bytes) }

    public func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    public func append(_ text: String) {
        text.withUTF8Bytes { append($0) }
    }

    @inline(__always)
    public func flushIfNeeded() throws {
        if count >= Self.flushThreshold { try flush() }
    }

    public func flush() throws {
        var offset = 0
        while offset < pending.count {
            let n = write(descriptor, pending.base + offset, pending.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw OutputError(path: displayName, action: "cannot write", systemError: errno)
            }
            offset += n
        }
        pending.count = 0
    }

    /// Appends `length` bytes of another file from `offset`, after what is pending (the kernel
    /// copies them where it can, without passing through this process).
    public func appendFile(descriptor source: Int32, offset: Int, length: Int, sourceName: String) throws {
        guard length > 0 else { return }
        try flush()
        guard sheetpipe_copy_range(source, Int64(offset), descriptor, Int64(length)) == 0 else {
            throw OutputError(path: displayName, action: "cannot write", systemError: errno)
        }
    }

    /// Flushes, and for a file renames the temporary file into place — once its bytes are on
    /// disk (`durable`), so that a crash never leaves a short file where a complete one was.
    /// Scratch files that are read back and deleted within the run need not wait for the disk.
    public func commit(durable: Bool = true) throws {
        try flush()
        guard let finalPath, let temporaryPath else { return }
        guard !durable || fsync(descriptor) == 0 || errno == EINVAL else {
            throw OutputError(path: finalPath, action: "cannot write (sync to disk)", systemError: errno)
        }
        guard rename(temporaryPath, finalPath) == 0 else {
            throw OutputError(path: finalPath, action: "cannot move into place", systemError: errno)
        }
        committed = true
    }
}
