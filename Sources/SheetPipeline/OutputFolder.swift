import CFileSystem
import Foundation
import Glibc
import SheetOutput
import SheetReading

/// The outputs of a run are written into a temporary folder beside the final one
/// (`.NAME.tmp-PID`), then swapped with it in one step: a run killed at any moment leaves the
/// previous outputs as they were. Temporary folders of runs that died are removed by the next run.
///
/// Before anything is written the folder is checked (`OutputFolderPolicy`: never `/`, the working
/// or home folder, the inputs or the definition, never a folder sheetpipe did not write) and
/// locked (`OutputLock`: one run at a time). Of the previous outputs only the files their ledger
/// lists are deleted. Messages name the final folder and files, never the temporary ones.
final class OutputFolder {
    /// As the user gave it: what messages say.
    let final: String
    /// Where it is, links followed.
    let resolved: String
    let temporary: String
    /// The ledger of the new outputs (written last, into the temporary folder).
    let ledger: OutputLedger
    /// The files of the previous outputs (relative paths): all that is deleted of them.
    private let previous: [String]
    private let lock: OutputLock
    private var committed = false

    init(final: String, policy: OutputFolderPolicy) throws {
        self.final = final
        resolved = try policy.resolveOutput(final)
        let url = URL(fileURLWithPath: resolved)
        let parent = url.deletingLastPathComponent().path
        let base = url.lastPathComponent
        try Self.makeFolders(parent, display: final)
        lock = try OutputLock(folder: resolved, display: final)
        previous = try policy.examine(resolved, display: OutputFolderPolicy.shown(final, resolved: resolved))
        let prefix = ".\(base).tmp-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix(prefix) {
            if let pid = Int32(name.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                Self.remove("\(parent)/\(name)")
            }
        }
        temporary = "\(parent)/\(prefix)\(getpid())"
        Self.remove(temporary)
        // Registered first: a signal that comes once it exists finds it.
        RunInterruption.register(temporary)
        guard mkdir(temporary, 0o755) == 0 else {
            let code = errno
            RunInterruption.unregister(temporary)
            throw OutputError(
                path: final, action: "cannot create the folder of the new outputs in \(parent)", systemError: code)
        }
        ledger = OutputLedger(folder: temporary)
    }

    deinit {
        if !committed {
            RunInterruption.unregister(temporary)
            Self.remove(temporary)
        }
    }

    /// A path of the temporary folder as people should read it: under the final folder's name.
    func displayName(_ path: String) -> String {
        if path == temporary { return final }
        if path.hasPrefix(temporary + "/") { return final + path.dropFirst(temporary.count) }
        return path
    }

    /// Puts the new outputs in place: swapped in one step with the old ones, of which the listed
    /// files are then removed.
    func commit() throws {
        try RunInterruption.whileSwapping { try swap() }
    }

    private func swap() throws {
        var info = stat()
        let exists = lstat(resolved, &info) == 0
        if exists && info.st_mode & S_IFMT != S_IFDIR {
            throw OutputRefusal(.notAFolder, path: final, reason: "exists and is not a folder")
        }
        // From here a signal no longer removes the temporary folder: it may hold the old outputs.
        RunInterruption.unregister(temporary)
        if exists {
            if sheetpipe_exchange_paths(temporary, resolved) == 0 {
                committed = true
                removePrevious(temporary)
                return
            }
            // No atomic swap here (another system, or a file system without it): the old folder
            // steps aside under a temporary name first, so that a failure loses nothing.
            let aside = temporary + ".old"
            guard rename(resolved, aside) == 0 else {
                RunInterruption.register(temporary)
                throw OutputError(path: final, action: "cannot replace", systemError: errno)
            }
            guard rename(temporary, resolved) == 0 else {
                let code = errno
                _ = rename(aside, resolved)
                RunInterruption.register(temporary)
                throw OutputError(path: final, action: "cannot move into place", systemError: code)
            }
            committed = true
            removePrevious(aside)
            return
        }
        guard rename(temporary, resolved) == 0 else {
            let code = errno
            RunInterruption.register(temporary)
            throw OutputError(path: final, action: "cannot move into place", systemError: code)
        }
        committed = true
    }

    /// The old outputs, swapped out to `folder`: their listed files go; a file that appeared
    /// since the check is kept, in a folder beside the outputs that says why.
    private func removePrevious(_ folder: String) {
        Self.removeListed(previous, in: folder)
        // Folders left empty (rmdir takes only those).
        for entry in OutputFolderPolicy.entries(folder).reversed() where entry.isDirectory {
            rmdir("\(folder)/\(entry.path)")
        }
        if rmdir(folder) != 0 && errno != ENOENT {
            let url = URL(fileURLWithPath: resolved)
            _ = rename(folder, url.deletingLastPathComponent().path + "/\(url.lastPathComponent).unlisted-\(getpid())")
        }
    }

    /// Removes the listed files of a folder (paths relative to it), walking each path from the
    /// folder one real folder at a time (`O_NOFOLLOW`): a link is never followed, only regular
    /// files (or a link in a listed file's place, as a link) are deleted; then the folders left
    /// empty. The largest files go two at a time: deleting a large file is mostly waiting for the
    /// file system to discard its blocks, not this process's CPU.
    static func removeListed(_ files: [String], in folder: String) {
        let root = open(folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard root >= 0 else { return }
        var directories: [String: Int32] = ["": root]
        defer { for descriptor in directories.values { close(descriptor) } }
        func split(_ path: String) -> (folder: String, name: String) {
            guard let slash = path.lastIndex(of: "/") else { return ("", path) }
            return (String(path[..<slash]), String(path[path.index(after: slash)...]))
        }
        func directory(_ relative: String) -> Int32? {
            if let descriptor = directories[relative] { return descriptor }
            let (above, name) = split(relative)
            guard let parent = directory(above) else { return nil }
            let descriptor = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            directories[relative] = descriptor
            return descriptor
        }
        var targets: [(folder: Int32, name: String, size: Int)] = []
        for file in files {
            let parts = file.split(separator: "/", omittingEmptySubsequences: false)
            guard !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else { continue }
            let (above, name) = split(file)
            guard let parent = directory(above) else { continue }
            var info = stat()
            // A listed name that is now a link is removed as a link (its target is not touched).
            guard fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0,
                info.st_mode & S_IFMT == S_IFREG || info.st_mode & S_IFMT == S_IFLNK
            else { continue }
            targets.append((parent, name, Int(info.st_size)))
        }
        let largestFirst = targets.sorted { $0.size > $1.size }.map { ($0.folder, $0.name) }
        _ = ParallelMap.map(largestFirst, jobs: 2) { unlinkat($0.0, $0.1, 0) }
        for relative in directories.keys.sorted(by: { $0.count > $1.count }) where !relative.isEmpty {
            let (above, name) = split(relative)
            if let parent = directories[above] { _ = unlinkat(parent, name, AT_REMOVEDIR) }
        }
    }

    /// Removes a temporary folder of sheetpipe's, whole. Only real folders are walked into
    /// (`lstat`): a symbolic link inside is removed as a link, never followed.
    static func remove(_ folder: String) {
        var info = stat()
        guard lstat(folder, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            unlink(folder)
            return
        }
        removeListed(OutputFolderPolicy.entries(folder).filter { !$0.isDirectory }.map(\.path), in: folder)
        // What is not a regular file (a link, a socket) goes as itself.
        for entry in OutputFolderPolicy.entries(folder).reversed() {
            _ = entry.isDirectory ? rmdir("\(folder)/\(entry.path)") : unlink("\(folder)/\(entry.path)")
        }
        rmdir(folder)
    }

    /// `mkdir -p`, naming the output folder and the system's reason when it cannot.
    static func makeFolders(_ path: String, display: String) throws {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw OutputError(path: display, reason: "cannot create it: \(path) is not a folder")
            }
            return
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if parent != path { try makeFolders(parent, display: display) }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw OutputError(path: display, action: "cannot create the folder \(path)", systemError: errno)
        }
    }
}
