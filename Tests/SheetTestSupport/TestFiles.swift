public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where tests write their files: one folder per test process, removed when the process exits,
/// so that a run of the tests leaves nothing in the temporary directory (a CI machine runs them
/// again and again).
public enum TestFiles {
    public static let root: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sheetpipe-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestFiles.root) }
        return url
    }()

    /// A new empty folder under `root`, named after what it holds.
    public static func folder(_ prefix: String) throws -> URL {
        let url = root.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
