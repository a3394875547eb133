import Foundation
import Logging
import SheetPipeline
import SheetTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The JSON lines a batch platform parses: one object per event, whatever the metadata holds.
@Suite struct JSONLogHandlerTests {
    /// Logs through a handler writing into a pipe, read while it is written (a pipe holds 64 KiB).
    static func lines(_ log: (Logger) -> Void) throws -> [String] {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let reader = FileHandle(fileDescriptor: ends[0], closeOnDealloc: true)
        let read = ThreadSafeData()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            read.set(reader.readDataToEndOfFile())
            done.signal()
        }
        var logger = Logger(label: "test") { JSONLogHandler(label: $0, fileDescriptor: ends[1]) }
        logger[metadataKey: "shard"] = "1/3"
        log(logger)
        close(ends[1])
        done.wait()
        let data = read.value
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
    }

    static func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
    }

    @Test func anEventIsOneObjectWithTimeLevelMessageAndItsMetadata() throws {
        let lines = try Self.lines { logger in
            logger.info(
                "file read",
                metadata: [
                    "file": "samples/a.xlsx", "counts": ["rows_in": .stringConvertible(12)],
                    "duration_s": .stringConvertible(0.25), "valid": .stringConvertible(true),
                    "files": .array([.string("a"), .string("b")]),
                ])
        }
        #expect(lines.count == 2 && lines[1].isEmpty, "one line, ended by a line break: \(lines)")
        let event = try Self.object(lines[0])
        #expect(event["level"] as? String == "info")
        #expect(event["message"] as? String == "file read")
        #expect(event["file"] as? String == "samples/a.xlsx")
        #expect(event["shard"] as? String == "1/3", "the logger's own metadata is in every line")
        #expect((event["counts"] as? [String: Any])?["rows_in"] as? Int == 12, "numbers stay numbers")
        #expect(event["duration_s"] as? Double == 0.25)
        #expect(event["valid"] as? Bool == true)
        #expect(event["files"] as? [String] == ["a", "b"])
        let time = try #require(event["time"] as? String)
        #expect(ISO8601DateFormatter.withMilliseconds.date(from: time) != nil, "\(time) is ISO 8601 UTC")
        #expect(lines[0].hasPrefix("{\"time\":"), "time, level and message come first, for people reading the raw log")
    }

    @Test func aFileNameWithALineBreakOrQuotesStaysOneLine() throws {
        let name = "a\nb \"c\" \\ \u{1}.csv"
        let lines = try Self.lines { logger in
            logger.error("cannot read \(name)", metadata: ["file": .string(name)])
        }
        #expect(lines.count == 2)
        let event = try Self.object(lines[0])
        #expect(event["file"] as? String == name)
        #expect(event["message"] as? String == "cannot read \(name)")
        #expect(event["level"] as? String == "error")
    }

    @Test func metadataNamedLikeAFixedKeyDoesNotReplaceIt() throws {
        let lines = try Self.lines { logger in
            logger.warning("real", metadata: ["message": "other", "level": "debug"])
        }
        let event = try Self.object(lines[0])
        #expect(event["message"] as? String == "real")
        #expect(event["level"] as? String == "warning")
        #expect(event["_message"] as? String == "other")
        #expect(event["_level"] as? String == "debug")
    }
}

extension ISO8601DateFormatter {
    fileprivate static var withMilliseconds: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
