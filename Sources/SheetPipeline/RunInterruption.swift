import Glibc
import Synchronization

/// The temporary folders of the run going on, so that a run stopped by SIGINT or SIGTERM removes
/// them before it exits (the CLI catches the signals and calls `removeTemporaryFolders`). A
/// folder is let go before the outputs it holds are swapped into place.
public enum RunInterruption {
    private static let folders = Mutex<Set<String>>([])
    /// Held while outputs are swapped into place: a signal then waits for the swap to end (the
    /// temporary folder holds the old outputs for a moment, which only the swap may remove).
    /// True once a signal stopped the run: no swap starts after it (the process is ending).
    private static let swapping = Mutex<Bool>(false)

    static func whileSwapping<R>(_ body: () throws -> R) rethrows -> R {
        try swapping.withLock { stopping in
            if stopping { while true { sleep(60) } }
            return try body()
        }
    }

    static func register(_ folder: String) { _ = folders.withLock { $0.insert(folder) } }

    static func unregister(_ folder: String) { _ = folders.withLock { $0.remove(folder) } }

    /// Removes every temporary folder of the run (only what the run wrote there; links are
    /// removed as links, never followed).
    public static func removeTemporaryFolders() {
        let list = swapping.withLock { stopping in
            stopping = true
            return folders.withLock { folders in
                defer { folders.removeAll() }
                return Array(folders)
            }
        }
        // (The built-in schemas written for this process go too: the signal ends it without `atexit`.)
        EmbeddedPipelines.removeWritten()
        // Other threads may still be creating files there: walked again until it is gone.
        for folder in list {
            var info = stat()
            for _ in 0..<20 where lstat(folder, &info) == 0 { OutputFolder.remove(folder) }
        }
    }
}
