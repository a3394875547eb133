import Glibc

/// Peak resident memory as the kernel counts it for this process (`VmHWM` in /proc/self/status).
///
/// `ru_maxrss` of a spawned child is useless for this: Linux carries the parent's high-water mark
/// into the child at exec. So each measured program writes its own `VmHWM` to the file named by
/// `SHEETPIPE_PEAK_RSS_FILE` when it exits (sheetpipe does it itself; the peer scripts of the
/// benchmark do it too).
public enum PeakMemory {
    public static let environmentVariable = "SHEETPIPE_PEAK_RSS_FILE"

    /// Kibibytes, or nil where /proc is not available.
    public static func currentPeakKiB() -> Int? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("VmHWM:") {
                return Int(text.dropFirst(6).filter(\.isNumber))
            }
        }
        return nil
    }

    /// Registers an exit handler that writes the peak to `$SHEETPIPE_PEAK_RSS_FILE`, if set.
    public static func reportAtExitIfRequested() {
        guard getenv(environmentVariable) != nil else { return }
        atexit {
            guard let path = getenv(PeakMemory.environmentVariable), let kib = PeakMemory.currentPeakKiB(),
                let file = fopen(path, "w")
            else { return }
            fputs("\(kib)\n", file)
            fclose(file)
        }
    }

    /// The value a child wrote, in bytes.
    static func read(_ path: String) -> Int? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 64)
        guard fgets(&line, Int32(line.count), file) != nil else { return nil }
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return Int(text.filter(\.isNumber)).map { $0 * 1024 }
    }
}
