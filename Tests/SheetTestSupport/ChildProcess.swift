public import Foundation

/// A program a test runs to its end (the built binary, `python3` with the reference tools the
/// tests compare with), both pipes read while it runs so that a large output cannot block it.
public enum ChildProcess {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// `environment` is added to this process's own.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], in folder: URL
    )
        throws -> Output
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = ThreadSafeData()
        let errData = ThreadSafeData()
        let group = DispatchGroup()
        for (pipe, sink) in [(out, outData), (err, errData)] {
            group.enter()
            DispatchQueue.global().async {
                sink.set(pipe.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }
        }
        process.waitUntilExit()
        group.wait()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: outData.value, as: UTF8.self),
            stderr: String(decoding: errData.value, as: UTF8.self))
    }
}

/// `python3` with the reference tools the tests compare with (openpyxl, frictionless,
/// kubernetes-validate, Playwright).
public enum Python {
    public static func run(_ arguments: [String], in folder: URL) throws -> ChildProcess.Output {
        try ChildProcess.run("/usr/bin/env", ["python3"] + arguments, in: folder)
    }
}
