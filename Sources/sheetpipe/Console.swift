import Foundation
import Logging
import SheetOutput
import SheetPipeline

/// Messages on stderr, one line each, prefixed so that logs show which tool spoke. Control
/// characters in them (from file names, sheet names, values) are shown escaped, never sent raw.
/// With `--log-format json` each message is a JSON line of `Console.logger` instead.
enum Console {
    /// Set once by `Sheetpipe.main` before any command runs (nil: plain text).
    nonisolated(unsafe) private(set) static var logger: Logger?

    static func useJSONLines() {
        logger = Logger(label: "sheetpipe") { JSONLogHandler(label: $0) }
    }

    /// Metadata every later line carries (such as the shard a process is); set before any thread.
    static func tag(_ key: String, _ value: String) {
        logger?[metadataKey: key] = .string(value)
    }

    static func error(_ message: String, metadata: Logger.Metadata? = nil) {
        if let logger { return logger.error("\(message)", metadata: metadata) }
        write("sheetpipe: error: \(visible(message))\n")
    }
    static func warning(_ message: String) {
        if let logger { return logger.warning("\(message)") }
        write("sheetpipe: warning: \(visible(message))\n")
    }
    static func info(_ message: String) {
        if let logger { return logger.info("\(message)") }
        write("sheetpipe: info: \(visible(message))\n")
    }
    static func note(_ message: String) {
        if let logger { return logger.notice("\(message)") }
        write("sheetpipe: \(visible(message))\n")
    }

    static func visible(_ message: String, keepingLineBreaks: Bool = false) -> String {
        VisibleText.escapingControlCharacters(message, keepingLineBreaks: keepingLineBreaks)
    }

    /// Raw text on stderr (the progress line, a usage message); a JSON line of level error when
    /// the logs are JSON.
    static func write(_ text: String) {
        if let logger {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { logger.error("\(trimmed)") }
            return
        }
        var copy = text
        copy.withUTF8 { bytes in
            _ = fwriteStderr(bytes)
        }
    }
}
