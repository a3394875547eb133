import Dispatch
import Glibc

/// Runs a program as a child process and measures it: wall time from outside, peak resident
/// memory as the child reports it through `PeakMemory` (see there why not `ru_maxrss`).
public struct ProcessMeasurement: Sendable {
    public var seconds: Double
    /// User and system CPU time of the child: steadier than wall time on a busy machine.
    public var cpuSeconds: Double = 0
    /// nil when the child did not report it.
    public var peakRSSBytes: Int?
    public var exitStatus: Int32
    /// The child was still running at the time limit and was killed (its figures are the limit's).
    public var timedOut = false

    /// The fastest of `repeats` runs (at least one); a failed run (an exit status over 1: 1 is
    /// "done, with rejected rows") prints "NAME: failed" and ends the repeats.
    public static func best(of repeats: Int, _ name: String, _ arguments: [String]) -> ProcessMeasurement? {
        var best: ProcessMeasurement?
        for _ in 0..<max(repeats, 1) {
            guard let measurement = run(arguments), measurement.exitStatus <= 1 else {
                print("\(name): failed")
                break
            }
            if best == nil || measurement.seconds < best!.seconds { best = measurement }
        }
        return best
    }

    /// `timeLimit`: seconds after which the child is killed (SIGKILL), for inputs that used to run
    /// for minutes.
    public static func run(_ arguments: [String], quiet: Bool = true, timeLimit: Double? = nil) -> ProcessMeasurement? {
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
        let watch = ChildWatch(pid: pid)
        if let timeLimit {
            DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit) { watch.killIfRunning() }
        }
        // Waits for the end without reaping, so that the pid cannot be reused before the watch
        // knows the child is gone.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 {
            if errno != EINTR { return nil }
        }
        let timedOut = watch.reaped()
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            if errno != EINTR { return nil }
        }
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
        let exited = (status & 0x7F) == 0
        let cpuSeconds =
            Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return ProcessMeasurement(
            seconds: seconds, cpuSeconds: cpuSeconds, peakRSSBytes: PeakMemory.read(peakFile),
            exitStatus: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F), timedOut: timedOut)
    }
}

/// Kills a child at its time limit unless it was reaped before (its pid could be reused then).
private final class ChildWatch: @unchecked Sendable {
    private let pid: pid_t
    private var lock = pthread_mutex_t()
    private var done = false
    private var killed = false

    init(pid: pid_t) {
        self.pid = pid
        pthread_mutex_init(&lock, nil)
    }

    deinit { pthread_mutex_destroy(&lock) }

    func killIfRunning() {
        pthread_mutex_lock(&lock)
        if !done {
            killed = true
            kill(pid, SIGKILL)
        }
        pthread_mutex_unlock(&lock)
    }

    /// Marks the child reaped; whether it was killed at its limit.
    func reaped() -> Bool {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        done = true
        return killed
    }
}
