import Foundation
import Glibc

/// Issues kept as compact records in an unlinked temporary file, so that a file with millions
/// of issues does not hold them in memory: written as they are found, read back in order once
/// per log format. The file has no name (unlinked once opened): nothing is left behind, even
/// by a killed run. Reading uses `pread`, so several formats can read one spool side by side.
final class IssueSpool: @unchecked Sendable {
    // (@unchecked: appended only by the list that owns it alone, see `IssueList.append`; read
    // with `pread` only once it is shared.)
    private let descriptor: Int32
    /// Bytes written so far.
    private(set) var length = 0

    /// A new, empty spool in the temporary folder (`TMPDIR`), or nil when none can be made.
    init?() {
        let folder = FileManager.default.temporaryDirectory.path
        var template = Array("\(folder)/sheetpipe-issues-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Appends `bytes`; false when the disk refuses them (the caller keeps them in memory).
    func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = pwrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset, off_t(length + offset))
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        length += bytes.count
        return true
    }

    /// The `count` bytes from `offset`.
    func read(at offset: Int, count: Int) throws(IssueSpoolError) -> [UInt8] {
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { pointer, initialized in
            var done = 0
            while done < count {
                let got = pread(descriptor, pointer.baseAddress! + done, count - done, off_t(offset + done))
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else {
                    failure = got < 0 ? errno : EIO
                    break
                }
                done += got
            }
            initialized = done
        }
        if failure != 0 { throw IssueSpoolError(code: failure) }
        return bytes
    }
}

/// The spool of issues could not be read back (the disk failed under it).
public struct IssueSpoolError: Error, CustomStringConvertible, Sendable {
    /// The system's error number.
    public var code: Int32
    public var description: String {
        "cannot read back the issues kept on disk: \(String(cString: strerror(code)))"
    }
}

/// The record format of the spool: each issue as a 4-byte length, then its properties (a
/// severity byte, a byte of which optional ones are present, then strings as a length and
/// UTF-8 bytes, the row and the count as numbers). Aggregated notes stay in memory: `examples`
/// is not written.
enum IssueRecord {
    private static let hasSheet: UInt8 = 1
    private static let hasCell: UInt8 = 2
    private static let hasRow: UInt8 = 4
    private static let hasField: UInt8 = 8
    private static let hasValue: UInt8 = 16
    private static let hasNormalised: UInt8 = 32

    static func append(_ issue: ValidationIssue, to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: [0, 0, 0, 0])
        out.append(issue.severity.byte)
        var flags: UInt8 = 0
        if issue.sheet != nil { flags |= hasSheet }
        if issue.cell != nil { flags |= hasCell }
        if issue.row != nil { flags |= hasRow }
        if issue.field != nil { flags |= hasField }
        if issue.value != nil { flags |= hasValue }
        if issue.normalised != nil { flags |= hasNormalised }
        out.append(flags)
        appendText(issue.code, to: &out)
        appendText(issue.file, to: &out)
        if let sheet = issue.sheet { appendText(sheet, to: &out) }
        if let cell = issue.cell { appendText(cell, to: &out) }
        if let row = issue.row { appendNumber(UInt64(bitPattern: Int64(row)), to: &out) }
        if let field = issue.field { appendText(field, to: &out) }
        if let value = issue.value { appendText(value, to: &out) }
        if let normalised = issue.normalised { appendText(normalised, to: &out) }
        appendText(issue.message.fr, to: &out)
        appendText(issue.message.en, to: &out)
        appendNumber(UInt64(max(issue.count, 0)), to: &out)
        let length = UInt32(out.count - start - 4)
        for position in 0..<4 { out[start + position] = UInt8(truncatingIfNeeded: length >> (8 * position)) }
    }

    /// The length of the record starting at `offset` of `bytes`, nil when its length is not all there.
    static func bodyLength(in bytes: UnsafeRawBufferPointer, at offset: Int) -> Int? {
        guard offset + 4 <= bytes.count else { return nil }
        var length = 0
        for position in 0..<4 { length |= Int(bytes[offset + position]) << (8 * position) }
        return length
    }

    /// The issue whose body (after its length) is `body`.
    static func decode(_ body: UnsafeRawBufferPointer) -> ValidationIssue {
        var reader = Reader(bytes: body)
        let severity = Severity(byte: reader.byte())
        let flags = reader.byte()
        let code = reader.text()
        let file = reader.text()
        let sheet = flags & hasSheet != 0 ? reader.text() : nil
        let cell = flags & hasCell != 0 ? reader.text() : nil
        let row = flags & hasRow != 0 ? Int(Int64(bitPattern: reader.number())) : nil
        let field = flags & hasField != 0 ? reader.text() : nil
        let value = flags & hasValue != 0 ? reader.text() : nil
        let normalised = flags & hasNormalised != 0 ? reader.text() : nil
        let fr = reader.text()
        let en = reader.text()
        let count = Int(reader.number())
        var issue = ValidationIssue(
            code: .readIssue, severity: severity, file: file, sheet: sheet, cell: cell, row: row, field: field,
            value: value, normalised: normalised, message: Message(fr: fr, en: en))
        issue.code = code
        issue.count = count
        return issue
    }

    private static func appendText(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            appendNumber(UInt64(bytes.count), to: &out)
            out.append(contentsOf: bytes)
        }
    }

    /// LEB128: seven bits a byte, the high bit saying more follow.
    private static func appendNumber(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        mutating func byte() -> UInt8 {
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func number() -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = self.byte()
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }

        mutating func text() -> String {
            let count = Int(number())
            defer { offset += count }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count]), as: UTF8.self)
        }
    }
}

extension Severity {
    fileprivate var byte: UInt8 {
        switch self {
        case .error: return 0
        case .warning: return 1
        case .info: return 2
        }
    }

    fileprivate init(byte: UInt8) {
        switch byte {
        case 0: self = .error
        case 1: self = .warning
        default: self = .info
        }
    }
}
