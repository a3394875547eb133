import Glibc

/// Counts the issues of a JSONL validation log without decoding it: one line is one issue, or,
/// for an entry that stands for several (a repeated note aggregated per file × field × code), its
/// top-level `count`. A log of 1.9 M issues is a gigabyte: the bytes are scanned once, a chunk at
/// a time.
public enum IssueTally {
    public struct Counts: Equatable, Sendable {
        /// Lines of the log.
        public var entries = 0
        /// Issues they stand for.
        public var issues = 0

        public init(entries: Int = 0, issues: Int = 0) {
            self.entries = entries
            self.issues = issues
        }
    }

    /// The counts of the log at `path`, or nil when it cannot be read.
    public static func count(path: String) -> Counts? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var counts = Counts()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var line: [UInt8] = []
        while true {
            let read = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if read == 0 { break }
            var start = 0
            for index in 0..<read where chunk[index] == 0x0A {
                if line.isEmpty {
                    chunk.withUnsafeBufferPointer {
                        tallyLine(UnsafeBufferPointer(rebasing: $0[start..<index]), &counts)
                    }
                } else {
                    line.append(contentsOf: chunk[start..<index])
                    line.withUnsafeBufferPointer { tallyLine($0, &counts) }
                    line.removeAll(keepingCapacity: true)
                }
                start = index + 1
            }
            line.append(contentsOf: chunk[start..<read])
        }
        line.withUnsafeBufferPointer { tallyLine($0, &counts) }
        return counts
    }

    /// The counts of a log held in memory (the tests' way in).
    public static func count(text: String) -> Counts {
        var counts = Counts()
        for line in text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            Array(line).withUnsafeBufferPointer { tallyLine($0, &counts) }
        }
        return counts
    }

    private static func tallyLine(_ line: UnsafeBufferPointer<UInt8>, _ counts: inout Counts) {
        guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { return }
        counts.entries += 1
        counts.issues += topLevelCount(line) ?? 1
    }

    /// The integer value of the key `count` of the line's outer object; keys of nested objects
    /// and text inside strings are not it.
    static func topLevelCount(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        let quote: UInt8 = 0x22
        let backslash: UInt8 = 0x5C
        let key = Array("count".utf8)
        var depth = 0
        var index = 0
        while index < line.count {
            let byte = line[index]
            if byte == quote {
                // A string: find its end; at depth 1 it may be the key.
                let start = index + 1
                var end = start
                while end < line.count && line[end] != quote {
                    end += line[end] == backslash ? 2 : 1
                }
                index = end + 1
                guard depth == 1, end - start == key.count, line[start..<end].elementsEqual(key) else { continue }
                var cursor = index
                while cursor < line.count && line[cursor] == 0x20 { cursor += 1 }
                guard cursor < line.count, line[cursor] == 0x3A else { continue }
                cursor += 1
                while cursor < line.count && line[cursor] == 0x20 { cursor += 1 }
                var value = 0
                var digits = 0
                while cursor < line.count, line[cursor] >= 0x30, line[cursor] <= 0x39 {
                    value = value * 10 + Int(line[cursor] - 0x30)
                    digits += 1
                    cursor += 1
                }
                if digits > 0 { return value }
                continue
            }
            if byte == 0x7B || byte == 0x5B { depth += 1 }
            if byte == 0x7D || byte == 0x5D { depth -= 1 }
            index += 1
        }
        return nil
    }
}
