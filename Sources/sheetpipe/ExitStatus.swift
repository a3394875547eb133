/// Exit codes, documented in the README and in `sheetpipe --help`. A batch job can tell them apart.
enum ExitStatus: Int32 {
    /// Everything was read and written.
    case success = 0
    /// Done, but some rows carry issues or some cells could not be written as values
    /// (formulas without cached value); details on stderr.
    case completedWithIssues = 1
    /// Bad command line, configuration, or an output that cannot be written.
    case usageError = 2
    /// At least one input could not be read (the others were processed).
    case unreadableInput = 3
    /// A bug: sheetpipe itself failed.
    case internalFailure = 4

    static let help = """
        Exit codes: 0 success; 1 completed with issues (see stderr); 2 usage, configuration or \
        output error; 3 an input could not be read (the others were processed); 4 internal failure.
        """
}

/// Ends a command with a status (its message, if any, was already printed).
struct CommandExit: Error {
    var status: ExitStatus
}
