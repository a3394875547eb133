import CFileSystem
import Foundation
import SheetOutput

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The outputs of a run are written into a temporary folder beside the final one
/// (`.NAME.tmp-PID`), then swapped with it in one step: a run killed at any moment leaves the
/// previous outputs as they were. Temporary folders of runs that died are removed by the next run.
final class OutputFolder {
    let final: String
    let temporary: String
    private var committed = false

    init(final: String) throws {
        let url = URL(fileURLWithPath: final).standardizedFileURL
        self.final = final
        let parent = url.deletingLastPathComponent().path
        let base = url.lastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: parent, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        let prefix = ".\(base).tmp-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix(prefix) {
            if let pid = Int32(name.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                try? FileManager.default.removeItem(atPath: "\(parent)/\(name)")
            }
        }
        temporary = "\(parent)/\(prefix)\(getpid())"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false)
        } catch {
            throw OutputError(path: temporary, reason: "cannot create the folder: \(error.localizedDescription)")
        }
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(atPath: temporary) }
    }

    /// Puts the new outputs in place: swapped in one step with the old ones, which are then removed.
    func commit() throws {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: final, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue {
            throw OutputError(path: final, reason: "exists and is not a folder")
        }
        if exists {
            if sheetpipe_exchange_paths(temporary, final) == 0 {
                committed = true
                try? FileManager.default.removeItem(atPath: temporary)
                return
            }
            // No atomic swap here (another system, or a file system without it): the old folder
            // steps aside under a temporary name first, so that a failure loses nothing.
            let aside = temporary + ".old"
            guard rename(final, aside) == 0 else {
                throw OutputError(path: final, reason: "cannot replace: \(String(cString: strerror(errno)))")
            }
            guard rename(temporary, final) == 0 else {
                let reason = String(cString: strerror(errno))
                _ = rename(aside, final)
                throw OutputError(path: final, reason: "cannot move into place: \(reason)")
            }
            committed = true
            try? FileManager.default.removeItem(atPath: aside)
            return
        }
        guard rename(temporary, final) == 0 else {
            throw OutputError(path: final, reason: "cannot move into place: \(String(cString: strerror(errno)))")
        }
        committed = true
    }
}
