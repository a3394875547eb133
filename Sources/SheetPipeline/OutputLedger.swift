import Foundation
import Glibc
import SheetDigest
import SheetOutput
import Synchronization

/// `.sheetpipe-output`: every file a run wrote in its output folder, with its size and SHA-256.
/// It is how the next run knows the folder is sheetpipe's, and the only files it deletes there.
///
/// Files are hashed on a thread of their own as soon as each is complete, while the next outputs
/// are written (read back from the page cache): the datasets, the largest, are finished first.
final class OutputLedger: @unchecked Sendable {
    static let fileName = ".sheetpipe-output"

    struct Entry: Sendable {
        var path: String
        var size: Int
        var sha256: String
    }

    private let folder: String
    private let queue = DispatchQueue(label: "sheetpipe.output-ledger", qos: .utility)
    private let group = DispatchGroup()
    private let entries = Mutex<[Entry]>([])
    private let failure = Mutex<OutputError?>(nil)

    init(folder: String) { self.folder = folder }

    /// A file of the folder (relative path) is complete: hashed in the background.
    func add(_ path: String) {
        let folder = self.folder
        queue.async(group: group) { [self] in
            do throws(OutputError) {
                let entry = try Self.hash(path, in: folder)
                entries.withLock { $0.append(entry) }
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
    }

    /// Waits for the hashes and writes the ledger (sorted by path: the same files give the same bytes).
    func write() throws {
        group.wait()
        if let error = failure.withLock({ $0 }) { throw error }
        let sorted = entries.withLock { $0 }.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        var text = "{\n  \"tool\": {\"name\": \"sheetpipe\"},\n  \"ledger_version\": \"1\",\n  \"files\": ["
        text += sorted.map { entry in
            "\n    {\"path\": \(JsonText.quoted(entry.path)), \"size\": \(entry.size), \"sha256\": \"\(entry.sha256)\"}"
        }.joined(separator: ",")
        text += "\n  ]\n}\n"
        try RunWriter.writeFile("\(folder)/\(Self.fileName)") { $0.append(text) }
    }

    static func hash(_ path: String, in folder: String) throws(OutputError) -> Entry {
        let full = "\(folder)/\(path)"
        let descriptor = open(full, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw OutputError(path: full, action: "cannot read back", systemError: errno) }
        defer { close(descriptor) }
        var hash = SHA256Hasher()
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { block.deallocate() }
        var size = 0
        while true {
            let count = read(descriptor, block.baseAddress, block.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw OutputError(path: full, action: "cannot read back", systemError: errno)
            }
            if count == 0 { break }
            hash.update(UnsafeRawBufferPointer(rebasing: block[..<count]))
            size += count
        }
        return Entry(path: path, size: size, sha256: hash.finalize())
    }

    /// The files a previous run lists in a folder (its ledger and manifest included), or nil when
    /// nothing says sheetpipe wrote it. Outputs written before the ledger existed are recognised by
    /// their manifest (`"tool": {"name": "sheetpipe"}`) and its list of outputs.
    static func listed(in folder: String) -> Set<String>? {
        if let object = jsonObject("\(folder)/\(fileName)"), isSheetpipe(object),
            let files = object["files"] as? [[String: Any]]
        {
            return Set(files.compactMap { $0["path"] as? String } + [fileName])
        }
        if let manifest = jsonObject("\(folder)/manifest.json"), isSheetpipe(manifest) {
            return Set((manifest["outputs"] as? [String] ?? []) + ["manifest.json"])
        }
        return nil
    }

    private static func isSheetpipe(_ object: [String: Any]) -> Bool {
        (object["tool"] as? [String: Any])?["name"] as? String == "sheetpipe"
    }

    /// A regular file's JSON object (never through a link, never a huge file).
    private static func jsonObject(_ path: String) -> [String: Any]? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size < 64 << 20,
            let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}
