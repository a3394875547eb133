import Glibc

/// Runs a program as a child process and measures it: wall time from outside, peak resident
/// memory as the child reports it through `PeakMemory` (see there why not `ru_maxrss`).
public struct ProcessMeasurement: Sendable {
    public var seconds: Double
    /// nil when the child did not report it.
    public var peakRSSBytes: Int?
    public var exitStatus: Int32

    public static func run(_ arguments: [String], quiet: Bool = true) -> ProcessMeasurement? {
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        if quiet {
            posix_spawn_file_actions_addopen(&fileActions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&fileActions, 2, "/dev/null", O_WRONLY, 0)
        }
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        let peakFile = "/tmp/sheetpipe-peak-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var environment: [UnsafeMutablePointer<CChar>?] = [strdup("\(PeakMemory.environmentVariable)=\(peakFile)")]
        var index = 0
        while let entry = environ[index] {
            if !String(cString: entry).hasPrefix(PeakMemory.environmentVariable + "=") {
                environment.append(strdup(entry))
            }
            index += 1
        }
        environment.append(nil)
        defer {
            for pointer in argv { free(pointer) }
            for pointer in environment { free(pointer) }
            unlink(peakFile)
        }
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &fileActions, nil, argv, environment)
        guard spawned == 0 else { return nil }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { return nil }
        }
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
        let exited = (status & 0x7F) == 0
        return ProcessMeasurement(
            seconds: seconds, peakRSSBytes: PeakMemory.read(peakFile),
            exitStatus: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F))
    }
}
