import Foundation
import Glibc
import SheetReading

/// One input file of a run, in submission order (oldest first, then by path).
struct Submission: Sendable {
    /// As shown in every output: relative to the working folder when inside it.
    var path: String
    var input: PipelineDefinition.Input
    /// ISO date (or date and time) the submission was received.
    var submitted: String?
    /// `definition` or `file-mtime`: where `submitted` comes from.
    var submittedSource: String
}

enum SubmissionList {
    /// Expands the inputs (globs sorted by name); a file matched by several inputs belongs to the
    /// first. Returns the submissions in order, the patterns that matched nothing, the files
    /// named without a wildcard that are missing (still submissions: each is an unreadable input),
    /// and the Excel lock files the patterns matched and skipped.
    static func resolve(_ definition: PipelineDefinition) -> (
        submissions: [Submission], unmatched: [String], missing: [String], lockFiles: [String]
    ) {
        var seen = Set<String>()
        var submissions: [Submission] = []
        var unmatched: [String] = []
        var missing: [String] = []
        var lockFiles: [String] = []
        let workingFolder = FileManager.default.currentDirectoryPath
        for input in definition.inputs {
            let pattern = definition.resolve(input.path)
            let matches: [String]
            if pattern.contains(where: { "*?[".contains($0) }) {
                let found = glob(pattern)
                matches = found.filter { !ExcelLockFile.isNamed($0) }
                for lockFile in found where ExcelLockFile.isNamed(lockFile) {
                    let path = displayPath(lockFile, workingFolder: workingFolder)
                    if !lockFiles.contains(path) { lockFiles.append(path) }
                }
                if matches.isEmpty { unmatched.append(input.path) }
            } else {
                // A named file that is missing is reported as unreadable, not skipped.
                matches = [pattern]
                var info = stat()
                if stat(pattern, &info) != 0 { missing.append(input.path) }
            }
            for match in matches {
                let path = displayPath(match, workingFolder: workingFolder)
                guard seen.insert(path).inserted else { continue }
                var submission = Submission(
                    path: path, input: input, submitted: input.submitted, submittedSource: "definition")
                if input.submitted == nil {
                    submission.submitted = modificationTime(match)
                    submission.submittedSource = "file-mtime"
                }
                submissions.append(submission)
            }
        }
        // Oldest first (an unknown date counts as oldest), then by path: the order of every decision.
        submissions.sort { a, b in
            let (x, y) = (a.submitted ?? "", b.submitted ?? "")
            return x != y ? x < y : a.path.utf8.lexicographicallyPrecedes(b.path.utf8)
        }
        return (submissions, unmatched, missing, lockFiles)
    }

    static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard Glibc.glob(pattern, 0, nil, &result) == 0 else { return [] }
        var paths: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            if let path = result.gl_pathv[index] { paths.append(String(cString: path)) }
        }
        // Regular files only (a folder matched by `*` is not an input).
        return paths.filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// `samples/x.xlsx` rather than `/home/…/pipelines/../samples/x.xlsx`.
    static func displayPath(_ path: String, workingFolder: String) -> String {
        let absolute = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: workingFolder, isDirectory: true))
            .standardizedFileURL.path
        let prefix = workingFolder.hasSuffix("/") ? workingFolder : workingFolder + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
    }

    /// `2024-06-14T09:30:00` (UTC), or nil when the file cannot be looked at.
    static func modificationTime(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return CivilDateTime(secondsSince1970: Int(info.st_mtim.tv_sec)).isoDateTime
    }
}
