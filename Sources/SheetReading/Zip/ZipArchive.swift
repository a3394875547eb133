internal import CLibZip
import Glibc

/// A zip package opened read-only with libzip. Owns the `zip_t` handle and closes it in `deinit`.
/// Nothing is ever extracted to disk: parts are read into memory or streamed to a parser, and every
/// inflated byte is counted against `ReadLimits` (declared sizes are not trusted).
final class ZipArchive: @unchecked Sendable {
    let file: String
    let limits: ReadLimits
    private let handle: OpaquePointer
    /// Entry name → index; names were checked for safety and uniqueness when the archive was opened.
    private(set) var entries: [String: UInt64] = [:]
    /// Lower-cased name → actual name, for producers that spell part names with another case.
    private var caseFolded: [String: String] = [:]
    /// Inflated bytes so far, over all parts.
    private(set) var inflatedTotal = 0

    init(path: String, displayName: String, limits: ReadLimits) throws(ReadError) {
        file = displayName
        self.limits = limits
        var errorCode: Int32 = 0
        guard let handle = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &errorCode) else {
            throw ZipArchive.openError(
                code: errorCode, file: displayName,
                duplicate: errorCode == ZIP_ER_EXISTS
                    ? ZipArchive.duplicatedName(path: path, maxEntries: limits.maxEntries) : nil)
        }
        self.handle = handle
        try indexEntries()
    }

    deinit {
        zip_discard(handle)
    }

    /// The first entry name a package lists twice, read again without libzip's consistency check
    /// (which refuses such a package without naming the entry). nil if it cannot be read so.
    private static func duplicatedName(path: String, maxEntries: Int) -> String? {
        var errorCode: Int32 = 0
        guard let handle = zip_open(path, ZIP_RDONLY, &errorCode) else { return nil }
        defer { zip_discard(handle) }
        let count = zip_get_num_entries(handle, 0)
        guard count > 0, count <= maxEntries else { return nil }
        var seen = Set<String>()
        for index in 0..<UInt64(count) {
            guard let raw = zip_get_name(handle, index, zip_flags_t(ZIP_FL_ENC_GUESS)) else { continue }
            let name = String(cString: raw)
            if !seen.insert(name.lowercased()).inserted { return name }
        }
        return nil
    }

    static func duplicateEntryError(file: String, name: String?) -> ReadError {
        let what = name.map { "the entry '\($0)'" } ?? "an entry name"
        return ReadError(
            .duplicateEntry, file: file, part: name,
            reason:
                "the zip package holds \(what) twice (two contents under one name, or names differing only in letter case): which one the workbook means is ambiguous, so the file is refused; open it in Excel or LibreOffice and save it again, or ask for the original file"
        )
    }

    private static func openError(code: Int32, file: String, duplicate: String?) -> ReadError {
        var error = zip_error_t()
        zip_error_init_with_code(&error, code)
        defer { zip_error_fini(&error) }
        let detail = String(cString: zip_error_strerror(&error))
        switch code {
        case ZIP_ER_NOZIP:
            return ReadError(
                .notAWorkbook, file: file, reason: "not a zip package, so not an XLSX workbook (\(detail))")
        case ZIP_ER_EXISTS:
            return duplicateEntryError(file: file, name: duplicate)
        case ZIP_ER_INCONS:
            return ReadError(
                .corruptZip, file: file,
                reason: "the zip package is inconsistent (its directory and its entries disagree): \(detail)")
        case ZIP_ER_OPEN, ZIP_ER_READ:
            return ReadError(.ioError, file: file, reason: "cannot open the file: \(detail)")
        default:
            return ReadError(.corruptZip, file: file, reason: "the zip package is damaged: \(detail)")
        }
    }

    private func indexEntries() throws(ReadError) {
        let count = zip_get_num_entries(handle, 0)
        guard count >= 0 else { throw ReadError(.corruptZip, file: file, reason: "cannot list the zip entries") }
        if count > limits.maxEntries {
            throw ReadError(
                .limitExceeded, file: file,
                reason:
                    "the zip package has \(count) entries, more than the limit of \(limits.maxEntries) (raise it with --max-entries)"
            )
        }
        for index in 0..<UInt64(count) {
            guard let raw = zip_get_name(handle, index, zip_flags_t(ZIP_FL_ENC_GUESS)) else {
                throw ReadError(.corruptZip, file: file, reason: "zip entry #\(index) has no readable name")
            }
            let name = String(cString: raw)
            if let reason = ZipArchive.unsafeNameReason(name) {
                throw ReadError(.unsafeEntryName, file: file, part: name, reason: "unsafe zip entry name: \(reason)")
            }
            let folded = name.lowercased()
            if entries[name] != nil || caseFolded[folded] != nil {
                throw ZipArchive.duplicateEntryError(file: file, name: name)
            }
            entries[name] = index
            caseFolded[folded] = name
        }
    }

    /// Why a name could write outside an extraction folder, or nil when it is safe.
    static func unsafeNameReason(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        if bytes.isEmpty { return "empty name" }
        if bytes.contains(UInt8(ascii: "\\")) { return "contains a backslash" }
        if bytes.first == UInt8(ascii: "/") { return "absolute path" }
        if bytes.count >= 2, bytes[1] == UInt8(ascii: ":"),
            (bytes[0] | 0x20) >= UInt8(ascii: "a") && (bytes[0] | 0x20) <= UInt8(ascii: "z")
        {
            return "drive letter"
        }
        if name.split(separator: "/", omittingEmptySubsequences: false).contains("..") { return "contains '..'" }
        if bytes.contains(0) { return "contains a NUL byte" }
        return nil
    }

    /// The actual entry name for a part name, allowing a different letter case (OPC part names
    /// are case-insensitive).
    func resolve(_ name: String) -> String? {
        if entries[name] != nil { return name }
        return caseFolded[name.lowercased()]
    }

    func contains(_ name: String) -> Bool { resolve(name) != nil }

    var entryNames: [String] { entries.keys.sorted() }

    private func openEntry(_ name: String) throws(ReadError) -> (file: OpaquePointer, declaredSize: Int?) {
        guard let actual = resolve(name), let index = entries[actual] else {
            throw ReadError(.missingPart, file: file, part: name, reason: "the part is missing from the package")
        }
        var stat = zip_stat_t()
        zip_stat_init(&stat)
        if zip_stat_index(handle, index, 0, &stat) == 0,
            stat.valid & UInt64(ZIP_STAT_ENCRYPTION_METHOD) != 0, stat.encryption_method != UInt16(ZIP_EM_NONE)
        {
            throw ReadError(.encryptedWorkbook, file: file, part: name, reason: "the zip entry is encrypted")
        }
        guard let entry = zip_fopen_index(handle, index, 0) else {
            throw ReadError(.corruptZip, file: file, part: name, reason: "cannot open the zip entry: \(archiveError())")
        }
        let declared = stat.valid & UInt64(ZIP_STAT_SIZE) != 0 ? Int(clamping: stat.size) : nil
        return (entry, declared)
    }

    private func archiveError() -> String {
        String(cString: zip_strerror(handle))
    }

    private static func entryError(_ entry: OpaquePointer) -> String {
        String(cString: zip_file_strerror(entry))
    }

    private func limitError(part: String, partBytes: Int) -> ReadError {
        if partBytes > limits.maxPartBytes {
            return ReadError(
                .limitExceeded, file: file, part: part,
                reason:
                    "the part inflates to more than \(ReadLimits.describe(bytes: limits.maxPartBytes)), the limit for one part (a zip bomb, or raise it with --max-part-size)"
            )
        }
        return ReadError(
            .limitExceeded, file: file, part: part,
            reason:
                "the package inflates to more than \(ReadLimits.describe(bytes: limits.maxTotalBytes)) in all, the limit (a zip bomb, or raise it with --max-total-size)"
        )
    }

    /// Reads a whole (small) part into memory, counting inflated bytes.
    func read(_ name: String) throws(ReadError) -> [UInt8] {
        var result: [UInt8] = []
        try stream(name, overlapInflate: false) { chunk in result.append(contentsOf: chunk) }
        return result
    }

    /// Streams a part's inflated bytes to `body` in chunks. Large parts are inflated on a second
    /// thread while `body` runs, so that inflating and parsing run side by side. Throws the first
    /// error of either side; `body` may throw to stop early.
    func stream(
        _ name: String, overlapInflate: Bool = true,
        _ body: (UnsafeRawBufferPointer) throws(ReadError) -> Void
    ) throws(ReadError) {
        let (entry, declaredSize) = try openEntry(name)
        defer { zip_fclose(entry) }
        let partBudget = limits.maxPartBytes
        let totalBudget = limits.maxTotalBytes - inflatedTotal
        // Declared sizes lie; they only choose the strategy, never a limit.
        if overlapInflate && (declaredSize ?? 0) >= 1 << 20,
            let partBytes = try streamOverlapped(
                entry: entry, name: name, partBudget: partBudget, totalBudget: totalBudget, body)
        {
            try checkDeclaredSize(declaredSize, actual: partBytes, part: name)
            return
        }
        let chunkSize = 64 << 10
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var partBytes = 0
        while true {
            let n = zip_fread(entry, buffer, UInt64(chunkSize))
            if n < 0 {
                throw ReadError(
                    .corruptZip, file: file, part: name, reason: "cannot inflate: \(ZipArchive.entryError(entry))")
            }
            if n == 0 { break }
            partBytes += Int(n)
            inflatedTotal += Int(n)
            if partBytes > partBudget || partBytes > totalBudget { throw limitError(part: name, partBytes: partBytes) }
            try body(UnsafeRawBufferPointer(start: buffer, count: Int(n)))
        }
        try checkDeclaredSize(declaredSize, actual: partBytes, part: name)
    }

    /// libzip 1.7 does not compare the declared size with what inflated (the CRC still matched):
    /// a package made by a real producer never disagrees, so a lying size is refused.
    private func checkDeclaredSize(_ declared: Int?, actual: Int, part: String) throws(ReadError) {
        guard let declared, declared != actual else { return }
        throw ReadError(
            .corruptZip, file: file, part: part,
            reason:
                "the zip entry declares \(declared) bytes but inflates to \(actual): the package is damaged or forged")
    }

    private struct ProducerOutcome: @unchecked Sendable {
        var bytes = 0
        var error: ReadError?
    }

    /// Returns the number of bytes inflated, or nil (nothing read) when no thread could be started.
    private func streamOverlapped(
        entry: OpaquePointer, name: String, partBudget: Int, totalBudget: Int,
        _ body: (UnsafeRawBufferPointer) throws(ReadError) -> Void
    ) throws(ReadError) -> Int? {
        let pipe = ChunkPipe(chunkSize: 256 << 10, bufferCount: 6)
        let outcome = OutcomeBox()
        let entryHandle = UncheckedPointer(pointer: entry)
        let limitErrorForPart = limitError(part: name, partBytes: partBudget + 1)
        let limitErrorForTotal = limitError(part: name, partBytes: 0)
        let fileName = file
        let producer = WorkerThread {
            var partBytes = 0
            defer { pipe.finish() }
            while let buffer = pipe.takeFreeBuffer() {
                let n = zip_fread(entryHandle.pointer, pipe.pointer(to: buffer), UInt64(pipe.chunkSize))
                if n < 0 {
                    outcome.value.error = ReadError(
                        .corruptZip, file: fileName, part: name,
                        reason: "cannot inflate: \(ZipArchive.entryError(entryHandle.pointer))")
                    pipe.recycle(buffer)
                    return
                }
                if n == 0 {
                    pipe.recycle(buffer)
                    return
                }
                partBytes += Int(n)
                outcome.value.bytes = partBytes
                if partBytes > partBudget {
                    outcome.value.error = limitErrorForPart
                    pipe.recycle(buffer)
                    return
                }
                if partBytes > totalBudget {
                    outcome.value.error = limitErrorForTotal
                    pipe.recycle(buffer)
                    return
                }
                pipe.send(.init(buffer: buffer, count: Int(n)))
            }
        }
        guard producer.start() else { return nil }
        var consumerError: ReadError?
        while let chunk = pipe.receive() {
            if consumerError == nil {
                do {
                    try body(UnsafeRawBufferPointer(start: pipe.pointer(to: chunk.buffer), count: chunk.count))
                } catch {
                    consumerError = error
                    pipe.cancel()
                }
            }
            pipe.recycle(chunk.buffer)
        }
        producer.join()
        inflatedTotal += outcome.value.bytes
        // An inflate error explains a parse error that followed it (a truncated stream), so it wins.
        if let error = outcome.value.error { throw error }
        if let consumerError { throw consumerError }
        return outcome.value.bytes
    }

    private final class OutcomeBox: @unchecked Sendable {
        var value = ProducerOutcome()
    }

    private struct UncheckedPointer: @unchecked Sendable {
        let pointer: OpaquePointer
    }
}
