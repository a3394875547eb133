/// The names sheetpipe writes in an output folder, and what a name taken from a definition must
/// be to become part of an output path.
public enum OutputNames {
    /// Every file and folder sheetpipe writes (or will write) in an output folder, without
    /// extension: a dataset or summary table named like one would overwrite it. Compared
    /// case-insensitively, since file systems may be.
    public static let reserved = [
        "manifest", "datapackage", "merge-log", "validation-report", "summary", "rejected", "feedback", "shards",
    ]

    public static func isReserved(_ name: String) -> Bool {
        reserved.contains(name.lowercased())
    }

    /// Why `name` cannot be one folder or file name, or nil when it can: not empty, not `.` or
    /// `..`, no `/`, no leading dot (hidden, or the folder's own temporary names), no control
    /// characters.
    public static func unsafeReason(_ name: String) -> String? {
        if name.isEmpty { return "empty" }
        if name == "." || name == ".." { return "'\(name)' names a folder, not a file" }
        if name.contains("/") { return "contains '/'" }
        if name.hasPrefix(".") { return "starts with '.' (a hidden name)" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            return "contains control characters"
        }
        return nil
    }
}
