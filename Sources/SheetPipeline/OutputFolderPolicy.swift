import Foundation
import Glibc
import SheetOutput

/// Which folders a run may replace. A path is resolved first (links followed, `..` taken out),
/// then refused when it is `/`, holds the working or home folder, holds or is under an input (or
/// the folder a pattern reads), or holds the definition; an existing folder must be empty or a
/// previous output whose ledger (`.sheetpipe-output`, or the manifest of outputs written before
/// it) lists every file in it. What is listed is all a run ever deletes there.
struct OutputFolderPolicy: Sendable {
    /// Resolved paths the output folder may not hold (nor be).
    var workingFolder: String
    var homeFolder: String?
    /// Input files: the output folder may neither hold them nor be under them.
    var inputs: [String]
    /// The folders patterns read: the output folder may not hold them (it may be inside one, as
    /// `data/out` beside `data/*.xlsx`: a pattern matches files only).
    var patternFolders: [String]
    var definition: String?

    init(workingFolder: String, homeFolder: String?, inputs: [String], patternFolders: [String], definition: String?) {
        self.workingFolder = Self.resolve(workingFolder)
        self.homeFolder = homeFolder.flatMap { $0.isEmpty ? nil : Self.resolve($0) }
        self.inputs = inputs.map { Self.resolve($0) }
        self.patternFolders = patternFolders.map { Self.resolve($0) }
        self.definition = definition.map { Self.resolve($0) }
    }

    /// The policy of a run: its working folder, `HOME`, its inputs and patterns, its definition.
    static func forRun(_ definition: PipelineDefinition, submissions: [Submission]) -> OutputFolderPolicy {
        let patternFolders = definition.inputs.compactMap { patternFolder(definition.resolve($0.path)) }
        let file = definition.source == "command line" ? nil : definition.source
        return OutputFolderPolicy(
            workingFolder: FileManager.default.currentDirectoryPath,
            homeFolder: ProcessInfo.processInfo.environment["HOME"], inputs: submissions.map(\.path),
            patternFolders: patternFolders, definition: file)
    }

    /// The folder part of a pattern before its first wildcard (`../samples/fiches-*` → `../samples`);
    /// nil for a plain path.
    static func patternFolder(_ pattern: String) -> String? {
        guard let wildcard = pattern.firstIndex(where: { "*?[".contains($0) }) else { return nil }
        let head = pattern[..<wildcard]
        guard let slash = head.lastIndex(of: "/") else { return "." }
        return slash == head.startIndex ? "/" : String(head[..<slash])
    }

    /// The folder the outputs go to, links followed: `display` is how messages name it.
    /// Throws an `OutputRefusal` for the places no run may replace.
    func resolveOutput(_ display: String) throws -> String {
        var info = stat()
        let absolute = Self.absolute(display)
        if lstat(absolute, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK {
            // A link is followed to its folder, which must pass the same checks: never emptied through.
            guard let target = Self.realPath(absolute), stat(target, &info) == 0, info.st_mode & S_IFMT == S_IFDIR
            else {
                throw OutputRefusal(
                    .notAFolder, path: display,
                    reason: "is a symbolic link to something that is not a folder: give the folder itself")
            }
        }
        let resolved = Self.resolve(absolute)
        func refuse(_ code: OutputRefusal.Code, _ reason: String) -> OutputRefusal {
            OutputRefusal(code, path: Self.shown(display, resolved: resolved), reason: reason)
        }
        if resolved == "/" {
            throw refuse(.rootFolder, "is the root folder: outputs need a folder of their own (such as out/NAME)")
        }
        if Self.holds(resolved, workingFolder) {
            throw refuse(
                .workingFolder,
                resolved == workingFolder
                    ? "is the working folder: outputs need a folder of their own (such as out/NAME)"
                    : "holds the working folder (\(workingFolder)): outputs need a folder of their own")
        }
        if let homeFolder, Self.holds(resolved, homeFolder) {
            throw refuse(
                .homeFolder,
                resolved == homeFolder
                    ? "is the home folder: outputs need a folder of their own (such as out/NAME)"
                    : "holds the home folder (\(homeFolder)): outputs need a folder of their own")
        }
        if let definition, Self.holds(resolved, definition) {
            throw refuse(
                .holdsDefinition,
                "holds the pipeline definition (\(definition)): outputs need a folder of their own (such as out/NAME)")
        }
        for input in inputs where Self.holds(resolved, input) || Self.holds(input, resolved) {
            throw refuse(
                .holdsInput,
                Self.holds(resolved, input)
                    ? "holds an input of the run (\(input)): outputs need a folder of their own (such as out/NAME)"
                    : "is inside an input of the run (\(input))")
        }
        for folder in patternFolders where Self.holds(resolved, folder) {
            throw refuse(
                .holdsInput,
                "holds the folder an input pattern reads (\(folder)): outputs need a folder of their own (such as out/NAME)"
            )
        }
        return resolved
    }

    /// `out/link (→ /data/important)` when links or `..` lead elsewhere than the path says.
    static func shown(_ display: String, resolved: String) -> String {
        resolved == absolute(display) ? display : "\(display) (→ \(resolved))"
    }

    /// What an existing output folder holds that a run may delete: refused unless the folder is
    /// missing, empty, or a previous output listing every file in it.
    func examine(_ folder: String, display: String) throws -> [String] {
        var info = stat()
        guard lstat(folder, &info) == 0 else { return [] }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw OutputRefusal(.notAFolder, path: display, reason: "exists and is not a folder")
        }
        let present = Self.entries(folder)
        if present.isEmpty { return [] }
        guard let listed = OutputLedger.listed(in: folder) else {
            let example = present.first { !$0.isDirectory }?.path ?? present[0].path
            throw OutputRefusal(
                .foreignFolder, path: display,
                reason:
                    "holds files sheetpipe did not write (such as \(example)), and no \(OutputLedger.fileName): sheetpipe replaces only an empty folder or its own previous outputs; give another folder"
            )
        }
        for entry in present where !entry.isDirectory && !listed.contains(entry.path) {
            throw OutputRefusal(
                .unlistedFile, path: display,
                reason:
                    "holds \(entry.path), which the previous run did not write (not listed in \(OutputLedger.fileName)): move it away or give another folder"
            )
        }
        return present.filter { !$0.isDirectory }.map(\.path)
    }

    /// Everything under a folder, by path relative to it, walked with `lstat` (a link is an entry,
    /// never followed).
    static func entries(_ folder: String) -> [(path: String, isDirectory: Bool)] {
        var found: [(path: String, isDirectory: Bool)] = []
        func walk(_ relative: String) {
            let directory = relative.isEmpty ? folder : "\(folder)/\(relative)"
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted {
                $0.utf8.lexicographicallyPrecedes($1.utf8)
            }
            for name in names {
                let path = relative.isEmpty ? name : "\(relative)/\(name)"
                var info = stat()
                guard lstat("\(folder)/\(path)", &info) == 0 else { continue }
                let isDirectory = info.st_mode & S_IFMT == S_IFDIR
                found.append((path, isDirectory))
                if isDirectory { walk(path) }
            }
        }
        walk("")
        return found
    }

    /// `outer` is `inner` or one of the folders above it.
    static func holds(_ outer: String, _ inner: String) -> Bool {
        outer == inner || outer == "/" || inner.hasPrefix(outer + "/")
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL.path
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The real path: the deepest existing folder resolved (links followed), the rest appended.
    static func resolve(_ path: String) -> String {
        var head = absolute(path)
        var tail: [String] = []
        while true {
            if let real = realPath(head) {
                return tail.isEmpty ? real : (real == "/" ? "" : real) + "/" + tail.reversed().joined(separator: "/")
            }
            let url = URL(fileURLWithPath: head)
            if head == "/" || head.isEmpty { return absolute(path) }
            tail.append(url.lastPathComponent)
            head = url.deletingLastPathComponent().path
        }
    }
}
