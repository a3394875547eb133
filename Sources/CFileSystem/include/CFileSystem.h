#ifndef SHEETPIPE_CFILESYSTEM_H
#define SHEETPIPE_CFILESYSTEM_H

/// Swaps two paths in one step (Linux renameat2 with RENAME_EXCHANGE): a folder of new outputs
/// takes the place of the old one without a moment where neither is there.
/// Returns 0, or -1 with errno set (ENOSYS/EINVAL where the system or file system cannot).
int sheetpipe_exchange_paths(const char *first, const char *second);

/// Appends `length` bytes of `source` from `offset` to `destination` (at its current position),
/// inside the kernel where it can (copy_file_range), else through a buffer.
/// Returns 0, or -1 with errno set.
int sheetpipe_copy_range(int source, long long offset, int destination, long long length);

#endif
