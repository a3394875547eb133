import ArgumentParser
import Foundation
import Logging
import SheetPipeline

/// How stderr speaks: to a person (text, with a progress line on a terminal) or to a batch
/// platform (one JSON object per line).
enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json

    static let environmentVariable = "SHEETPIPE_LOG_FORMAT"

    /// Decided once, before the command line is parsed, so that even a usage error is said in
    /// the format asked for: `--log-format` on the command line, else `SHEETPIPE_LOG_FORMAT`.
    static func requested(arguments: [String], environment: [String: String]) -> LogFormat {
        var given: String?
        for (offset, argument) in arguments.enumerated() {
            if argument == "--" { break }
            if argument == "--log-format", offset + 1 < arguments.count { given = arguments[offset + 1] }
            if argument.hasPrefix("--log-format=") { given = String(argument.dropFirst("--log-format=".count)) }
        }
        return (given ?? environment[environmentVariable]).flatMap(LogFormat.init(spelled:)) ?? .text
    }

    /// `json`, `JSON`; an empty value is no value (a variable set empty means unset).
    init?(spelled value: String) {
        let lowered = value.lowercased()
        self.init(rawValue: lowered.isEmpty ? "text" : lowered)
    }
}

/// The `--log-format` option of the commands that run long (its value was already applied by
/// `Sheetpipe.main`; parsing it here lists it in the help and refuses an unknown format).
struct LoggingOptions: ParsableArguments {
    @Option(
        help: """
            text (default) or json: one JSON object per line on stderr (time, level, message, stage, \
            file, counts, duration_s) instead of the progress line, and the final summary as one \
            object. Also SHEETPIPE_LOG_FORMAT.
            """)
    var logFormat: LogFormat?

    func validate() throws {
        if logFormat == nil, let value = ProcessInfo.processInfo.environment[LogFormat.environmentVariable],
            LogFormat(spelled: value) == nil
        {
            throw ValidationError("\(LogFormat.environmentVariable)=\(value): use text or json")
        }
    }

    var isJSON: Bool { Console.logger != nil }
}
