#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

public struct OutputError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

/// Buffered bytes to a file descriptor. Writers append to `buffer` and call `flushIfNeeded()`.
/// Output to a file goes to a temporary name in the same folder and is renamed into place by
/// `commit()`: a killed run never leaves a half-written file under the final name.
public final class OutputSink {
    public var buffer: [UInt8] = []
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let finalPath: String?
    private let temporaryPath: String?
    public let displayName: String
    private let flushThreshold = 1 << 20

    /// Standard output.
    public init() {
        descriptor = 1
        ownsDescriptor = false
        finalPath = nil
        temporaryPath = nil
        displayName = "standard output"
        buffer.reserveCapacity(flushThreshold + 65_536)
    }

    /// A file, written atomically.
    public init(path: String) throws {
        let temporary = "\(path).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw OutputError(path: path, reason: "cannot create: \(String(cString: strerror(errno)))")
        }
        descriptor = fd
        ownsDescriptor = true
        finalPath = path
        temporaryPath = temporary
        displayName = path
        buffer.reserveCapacity(flushThreshold + 65_536)
    }

    deinit {
        if ownsDescriptor {
            close(descriptor)
            // Not committed: leave no temporary file behind.
            if let temporaryPath, !committed { unlink(temporaryPath) }
        }
    }

    private var committed = false

    @inline(__always)
    public func flushIfNeeded() throws {
        if buffer.count >= flushThreshold { try flush() }
    }

    public func flush() throws {
        var offset = 0
        try buffer.withUnsafeBytes { bytes in
            while offset < bytes.count {
                let n = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw OutputError(path: displayName, reason: "write failed: \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, and for a file renames the temporary file into place.
    public func commit() throws {
        try flush()
        guard let finalPath, let temporaryPath else { return }
        guard fsync(descriptor) == 0 || errno == EINVAL else {
            throw OutputError(path: finalPath, reason: "cannot sync: \(String(cString: strerror(errno)))")
        }
        guard rename(temporaryPath, finalPath) == 0 else {
            throw OutputError(path: finalPath, reason: "cannot move into place: \(String(cString: strerror(errno)))")
        }
        committed = true
    }
}
