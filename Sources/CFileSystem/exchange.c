#define _GNU_SOURCE
#include "CFileSystem.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/fs.h>
#endif

int sheetpipe_exchange_paths(const char *first, const char *second) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int sheetpipe_copy_range(int source, long long offset, int destination, long long length) {
    off_t position = (off_t)offset;
#if defined(__linux__)
    while (length > 0) {
        ssize_t copied = copy_file_range(source, &position, destination, NULL, (size_t)length, 0);
        if (copied > 0) {
            length -= copied;
            continue;
        }
        if (copied < 0 && errno == EINTR) continue;
        if (copied == 0) break;
        // Not supported here (old kernel, another file system): copy through a buffer.
        if (errno == ENOSYS || errno == EXDEV || errno == EINVAL || errno == EOPNOTSUPP) break;
        return -1;
    }
#endif
    char buffer[1 << 16];
    while (length > 0) {
        size_t chunk = length < (long long)sizeof buffer ? (size_t)length : sizeof buffer;
        ssize_t got = pread(source, buffer, chunk, position);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            if (got == 0) errno = EIO;
            return -1;
        }
        for (ssize_t done = 0; done < got;) {
            ssize_t written = write(destination, buffer + done, (size_t)(got - done));
            if (written < 0 && errno == EINTR) continue;
            if (written < 0) return -1;
            done += written;
        }
        position += got;
        length -= got;
    }
    return 0;
}
