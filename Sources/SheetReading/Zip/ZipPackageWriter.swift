internal import CLibZip

/// Writes a zip package with libzip (deflated entries). Used to build workbooks for the benchmark
/// and for tests (hostile packages included); owns the `zip_t` and discards it if not closed.
package final class ZipPackageWriter {
    private var handle: OpaquePointer?
    package let path: String
    /// Buffers handed to libzip must live until the archive is closed.
    private var retained: [UnsafeMutableRawPointer] = []

    package init(path: String) throws {
        var errorCode: Int32 = 0
        guard let handle = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &errorCode) else {
            throw ReadError(.ioError, file: path, reason: "cannot create the zip package (libzip error \(errorCode))")
        }
        self.handle = handle
        self.path = path
    }

    deinit {
        if let handle { zip_discard(handle) }
        for buffer in retained { buffer.deallocate() }
    }

    private var archive: OpaquePointer {
        get throws {
            guard let handle else { throw ReadError(.ioError, file: path, reason: "the package is already closed") }
            return handle
        }
    }

    /// Adds an entry from bytes. `store: true` keeps it uncompressed.
    package func add(_ name: String, bytes: [UInt8], store: Bool = false) throws {
        let archive = try self.archive
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        bytes.withUnsafeBytes {
            buffer.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(buffer), byteCount: bytes.count)
        }
        retained.append(buffer)
        guard let source = zip_source_buffer(archive, buffer, UInt64(bytes.count), 0) else {
            throw ReadError(.ioError, file: path, part: name, reason: "cannot add the entry")
        }
        try addSource(source, name: name, store: store)
    }

    package func add(_ name: String, text: String, store: Bool = false) throws {
        try add(name, bytes: Array(text.utf8), store: store)
    }

    /// Adds an entry from a file on disk (read when the package is closed).
    package func add(_ name: String, contentsOf file: String, store: Bool = false) throws {
        let archive = try self.archive
        guard let source = zip_source_file(archive, file, 0, -1) else {
            throw ReadError(.ioError, file: path, part: name, reason: "cannot add \(file)")
        }
        try addSource(source, name: name, store: store)
    }

    private func addSource(_ source: OpaquePointer, name: String, store: Bool) throws {
        let archive = try self.archive
        // ZIP_FL_ENC_UTF_8 keeps names as given; no overwrite: duplicate names are refused by libzip.
        let index = zip_file_add(archive, name, source, zip_flags_t(ZIP_FL_ENC_UTF_8))
        guard index >= 0 else {
            zip_source_free(source)
            throw ReadError(
                .ioError, file: path, part: name,
                reason: "cannot add the entry: \(String(cString: zip_strerror(archive)))")
        }
        zip_set_file_compression(archive, UInt64(index), store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0)
    }

    /// Writes the package to disk.
    package func close() throws {
        let archive = try self.archive
        guard zip_close(archive) == 0 else {
            throw ReadError(
                .ioError, file: path, reason: "cannot write the package: \(String(cString: zip_strerror(archive)))")
        }
        handle = nil
    }
}
