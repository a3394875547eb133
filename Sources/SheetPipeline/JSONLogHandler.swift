import Glibc
public import Logging
import SheetOutput
import Synchronization

/// A swift-log handler that writes one JSON object per line — `time` (UTC, milliseconds),
/// `level`, `message`, then the metadata keys in alphabetical order — for batch platforms that
/// parse their jobs' stderr (Kubernetes, Argo, journald). Numbers stay numbers, nested metadata
/// becomes objects and arrays; control characters are escaped, so a file name holding a line
/// break still makes one line.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let output: LineOutput

    /// Writes to a file descriptor (stderr by default).
    public init(label: String, fileDescriptor: Int32 = 2) {
        output = LineOutput(fileDescriptor: fileDescriptor)
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let given = event.metadata { merged.merge(given) { _, new in new } }
        output.write(
            Self.line(time: Self.now(), level: event.level, message: event.message.description, metadata: merged))
    }

    /// The line for one event (with its final line break).
    static func line(time: String, level: Logger.Level, message: String, metadata: Logger.Metadata) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(160)
        line.append(contentsOf: "{\"time\":".utf8)
        appendString(time, to: &line)
        line.append(contentsOf: ",\"level\":".utf8)
        appendString(level.rawValue, to: &line)
        line.append(contentsOf: ",\"message\":".utf8)
        appendString(message, to: &line)
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            line.append(UInt8(ascii: ","))
            // The three fixed keys keep their meaning: metadata named alike is told apart.
            appendString(["time", "level", "message"].contains(key) ? "_" + key : key, to: &line)
            line.append(UInt8(ascii: ":"))
            append(value, to: &line)
        }
        line.append(contentsOf: "}\n".utf8)
        return line
    }

    private static func append(_ value: Logger.Metadata.Value, to line: inout [UInt8]) {
        switch value {
        case .string(let text):
            appendString(text, to: &line)
        case .stringConvertible(let convertible):
            appendScalar(convertible, to: &line)
        case .dictionary(let dictionary):
            line.append(UInt8(ascii: "{"))
            for (offset, key) in dictionary.keys.sorted().enumerated() {
                if offset > 0 { line.append(UInt8(ascii: ",")) }
                appendString(key, to: &line)
                line.append(UInt8(ascii: ":"))
                if let value = dictionary[key] { append(value, to: &line) }
            }
            line.append(UInt8(ascii: "}"))
        case .array(let values):
            line.append(UInt8(ascii: "["))
            for (offset, value) in values.enumerated() {
                if offset > 0 { line.append(UInt8(ascii: ",")) }
                append(value, to: &line)
            }
            line.append(UInt8(ascii: "]"))
        }
    }

    /// Integers, finite floating-point numbers and booleans as JSON's own; anything else as text.
    private static func appendScalar(_ value: any CustomStringConvertible & Sendable, to line: inout [UInt8]) {
        switch value {
        case let flag as Bool:
            line.append(contentsOf: (flag ? "true" : "false").utf8)
        case let integer as any BinaryInteger:
            line.append(contentsOf: integer.description.utf8)
        case let number as Double where number.isFinite:
            line.append(contentsOf: number.description.utf8)
        default:
            appendString(value.description, to: &line)
        }
    }

    private static func appendString(_ text: String, to line: inout [UInt8]) {
        var copy = text
        copy.withUTF8 { JsonText.appendString($0, to: &line) }
    }

    /// `2026-12-03T14:05:09.123Z`, from the real-time clock.
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let milliseconds = Int(spec.tv_nsec / 1_000_000)
        let millis =
            milliseconds < 10 ? "00\(milliseconds)" : milliseconds < 100 ? "0\(milliseconds)" : "\(milliseconds)"
        return
            "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(millis)Z"
    }
}

/// Whole lines to a file descriptor, one writer at a time: POSIX keeps a pipe write whole only up
/// to PIPE_BUF (4 KiB), and an event naming a long path with many counts can pass it.
private final class LineOutput: Sendable {
    private let fileDescriptor: Int32
    private let lock = Mutex(())

    init(fileDescriptor: Int32) { self.fileDescriptor = fileDescriptor }

    func write(_ line: [UInt8]) {
        lock.withLock { _ in
            line.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress else { return }
                var offset = 0
                while offset < bytes.count {
                    let written = Glibc.write(fileDescriptor, base + offset, bytes.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    // A closed stderr loses the log, never the run.
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }
}
