import Glibc

/// `-o` must not name an input: writing there would destroy it before (or while) it is read. The
/// same file is recognised by device and inode, whatever its name (`./b.xlsx`, a hard link, a
/// symbolic link).
enum OutputOntoInput {
    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    static func identity(_ path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Refuses (exit 2) an output that is one of the inputs, naming both.
    static func refuse(output: String?, inputs: [String], option: String = "-o") throws {
        guard let output, let target = identity(output) else { return }
        for input in inputs where identity(input) == target {
            Console.error(
                "\(option) \(output): this is the input \(input) (the same file): writing the output there would destroy it; choose another output file"
            )
            throw CommandExit(status: .usageError)
        }
    }
}
