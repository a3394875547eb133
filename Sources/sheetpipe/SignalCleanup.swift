import Foundation
import Glibc
import SheetPipeline

/// SIGINT and SIGTERM stop a run cleanly: its temporary folder is removed, then the process ends
/// by the same signal (the status a shell or an orchestrator expects: 130, 143). The signals are
/// blocked in every thread and taken by one thread that waits for them, so that the removal runs
/// as ordinary code, not in a signal handler.
enum SignalCleanup {
    /// Call before any other thread is started: threads inherit the blocked signals.
    static func install() {
        var signals = stopSignals()
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let waiter = Thread {
            var signals = stopSignals()
            var received: Int32 = 0
            while sigwait(&signals, &received) != 0 {}
            RunInterruption.removeTemporaryFolders()
            signal(received, SIG_DFL)
            var only = sigset_t()
            sigemptyset(&only)
            sigaddset(&only, received)
            pthread_sigmask(SIG_UNBLOCK, &only, nil)
            raise(received)
            exit(128 + received)
        }
        waiter.start()
    }

    private static func stopSignals() -> sigset_t {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        return signals
    }
}
