import Foundation
import Glibc

/// The built-in schemas and reference lists, carried in the binary (`EmbeddedPipelines+Files`,
/// written by tools/embed/embed_pipelines.py), for a sheetpipe copied or installed without its
/// `pipelines` folder. Not SwiftPM's `Bundle.module`, which points into `.build` and traps where
/// that is gone.
///
/// The readers take paths, so the files are written once per process into a private folder
/// (`mkdtemp` in `TMPDIR`, mode 0700: no other user can put a schema there), removed at exit.
enum EmbeddedPipelines {
    /// The folder, written on first use (a static is initialised once, whatever the threads);
    /// nil when `TMPDIR` refuses it.
    static let folder: String? = write()

    private static func write() -> String? {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/sheetpipe-pipelines-XXXXXX".utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { return nil }
        let folder = String(cString: created)
        removeAtExit(folder)
        for (path, base64) in files {
            guard let bytes = Data(base64Encoded: base64) else { return nil }
            let target = URL(fileURLWithPath: folder).appendingPathComponent(path)
            do {
                try FileManager.default.createDirectory(
                    at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try bytes.write(to: target)
            } catch {
                return nil
            }
        }
        return folder
    }

    /// `atexit` takes a C function: the folder is kept where it can read it. (Set once, before
    /// `folder` is returned to anyone.)
    nonisolated(unsafe) private static var toRemove: String?

    private static func removeAtExit(_ folder: String) {
        toRemove = folder
        atexit { EmbeddedPipelines.removeWritten() }
    }

    /// Removes the folder written for this process, if any (at exit, or when a signal stops a run).
    static func removeWritten() {
        if let folder = toRemove { try? FileManager.default.removeItem(atPath: folder) }
    }
}
