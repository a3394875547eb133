import Foundation
import Glibc
import SheetOutput

/// One run per output folder at a time: an advisory lock (`flock`) on `.NAME.lock` beside the
/// folder, holding the PID of the run that has it. A second run (cron overlap, a retried job) is
/// refused at once, naming the first. The kernel lets the lock go when the process ends, however
/// it ends; the file stays (removing it would let two runs lock two different files).
final class OutputLock {
    private let descriptor: Int32

    /// `folder` is the resolved output folder; `display` names it in messages.
    init(folder: String, display: String) throws {
        let url = URL(fileURLWithPath: folder)
        let path = url.deletingLastPathComponent().path + "/.\(url.lastPathComponent).lock"
        var fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        // On a read-only folder an existing lock file can still be locked (the run fails later,
        // naming what it could not write).
        let createError = errno
        if fd < 0 && (createError == EROFS || createError == EACCES) {
            fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        }
        guard fd >= 0 else {
            // The reason the lock could not be made (EROFS), not that there was none to open.
            throw OutputError(
                path: display, action: "cannot lock the output folder (\(path))",
                systemError: errno == ENOENT ? createError : errno)
        }
        descriptor = fd
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            let code = errno
            var holder = [UInt8](repeating: 0, count: 32)
            let count = pread(fd, &holder, holder.count, 0)
            close(fd)
            guard code == EWOULDBLOCK else {
                throw OutputError(path: display, action: "cannot lock the output folder (\(path))", systemError: code)
            }
            let pid = String(decoding: holder.prefix(max(count, 0)), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            throw OutputRefusal(
                .locked, path: display,
                reason:
                    "another sheetpipe run\(pid.isEmpty ? "" : " (PID \(pid))") is writing this output folder (lock \(path)); run again once it has finished"
            )
        }
        // The PID is for people; a full disk must not stop the run here (it stops at its outputs).
        if ftruncate(fd, 0) == 0 {
            let text = Array("\(getpid())\n".utf8)
            _ = pwrite(fd, text, text.count, 0)
        }
    }

    deinit { close(descriptor) }
}
