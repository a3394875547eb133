/// An output folder sheetpipe will not write into, and why (exit 2). sheetpipe replaces only a
/// folder that is missing, empty, or its own previous output, and never one that holds what the
/// run reads, the working or home folder, or `/`. No option bypasses these checks.
public struct OutputRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// `/`.
        case rootFolder = "root-folder"
        /// The home folder, or a folder holding it.
        case homeFolder = "home-folder"
        /// The working folder, or a folder holding it.
        case workingFolder = "working-folder"
        /// A folder holding an input (or the folder a pattern reads), or under an input.
        case holdsInput = "holds-input"
        /// A folder holding the pipeline definition.
        case holdsDefinition = "holds-definition"
        /// A folder with content sheetpipe did not write (no `.sheetpipe-output`, no sheetpipe manifest).
        case foreignFolder = "foreign-folder"
        /// A previous output with a file its `.sheetpipe-output` (or manifest) does not list.
        case unlistedFile = "unlisted-file"
        /// Something other than a folder (a file, a device…), or a link to one.
        case notAFolder = "not-a-folder"
        /// Another run is writing the same folder.
        case locked = "locked"
    }

    public var code: Code
    /// The output folder as the user gave it.
    public var path: String
    public var reason: String

    public init(_ code: Code, path: String, reason: String) {
        self.code = code
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
