import Foundation
import SheetTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built `sheetpipe` binary as a user would, from the package root (so that paths in
/// outputs are the relative ones the goldens hold).
struct BinaryRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum Binary {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Next to the test bundle (`swift test` builds it first: the test target depends on it), or
    /// `SHEETPIPE_BINARY` (to check that a test fails with another build).
    static var path: String {
        if let other = ProcessInfo.processInfo.environment["SHEETPIPE_BINARY"] { return other }
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("sheetpipe")
        if FileManager.default.isExecutableFile(atPath: besideTests.path) { return besideTests.path }
        return packageRoot.appendingPathComponent(".build/debug/sheetpipe").path
    }

    /// Runs the binary, from the package root unless `workingFolder` says otherwise.
    static func run(_ arguments: [String], environment: [String: String] = [:], workingFolder: URL? = nil) throws
        -> BinaryRun
    {
        try execute(path, arguments, environment: environment, workingFolder: workingFolder)
    }

    /// A `/bin/sh` script, with `$SHEETPIPE` the binary (to run it in a mount namespace, as
    /// another user, under a resource limit).
    static func shell(_ script: String, environment: [String: String] = [:]) throws -> BinaryRun {
        var environment = environment
        environment["SHEETPIPE"] = path
        return try execute("/bin/sh", ["-c", script], environment: environment, workingFolder: nil)
    }

    private static func execute(
        _ executable: String, _ arguments: [String], environment: [String: String], workingFolder: URL?
    ) throws -> BinaryRun {
        let run = try ChildProcess.run(
            executable, arguments, environment: environment, in: workingFolder ?? packageRoot)
        return BinaryRun(status: run.status, stdout: run.stdout, stderr: run.stderr)
    }

    /// Starts `run --out OUT --quiet`, sends `signal` as soon as its temporary folder appears
    /// (the run has started writing), and waits for it. Returns the process and that folder.
    static func signalRunOnceWriting(out: URL, signal: Int32) throws -> (process: Process, temporary: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["run", "--out", out.path, "--quiet"]
        process.currentDirectoryURL = packageRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let temporary = out.deletingLastPathComponent()
            .appendingPathComponent(".\(out.lastPathComponent).tmp-\(process.processIdentifier)").path
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: temporary) && process.isRunning && Date() < deadline {
            usleep(200)
        }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return (process, temporary)
    }

    static func fixture(_ folder: String, _ name: String) -> String {
        "Tests/SheetReadingTests/Fixtures/\(folder)/\(name)"
    }
}

/// Golden files: `SHEETPIPE_UPDATE_GOLDEN=1 swift test` rewrites them from the current outputs
/// (review the diff before committing).
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws
    {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SHEETPIPE_UPDATE_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "output differs from Golden/\(name)", sourceLocation: sourceLocation)
    }
}
