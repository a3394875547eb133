public import Foundation

/// A CSV output read back with its header: each record as column name → value, so that a test
/// says `log[0]["other_row"]` rather than `log[1][8]` (and fails by name if a column moves or goes).
public struct CsvTable: Sendable, Equatable {
    public var header: [String]
    public var records: [[String: String]]

    /// Parses RFC 4180 text (`,`, quoted fields with `""`, CRLF or LF): the first record is the header.
    public init(text: String) {
        var rows: [[String]] = []
        var record: [String] = []
        var quoted = false
        var bytes = Array(text.utf8).makeIterator()
        var pending: UInt8?
        var fieldBytes: [UInt8] = []
        func endField() {
            record.append(String(decoding: fieldBytes, as: UTF8.self))
            fieldBytes = []
        }
        while let byte = pending ?? bytes.next() {
            pending = nil
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    let next = bytes.next()
                    if next == UInt8(ascii: "\"") {
                        fieldBytes.append(byte)
                    } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    fieldBytes.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") {
                quoted = true
            } else if byte == UInt8(ascii: ",") {
                endField()
            } else if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                if byte == UInt8(ascii: "\r") {
                    let next = bytes.next()
                    if next != UInt8(ascii: "\n") { pending = next }
                }
                endField()
                rows.append(record)
                record = []
            } else {
                fieldBytes.append(byte)
            }
        }
        if !fieldBytes.isEmpty || !record.isEmpty {
            endField()
            rows.append(record)
        }
        header = rows.first ?? []
        let names = header
        records = rows.dropFirst().map { values in
            var named: [String: String] = [:]
            for (name, value) in zip(names, values) { named[name] = value }
            return named
        }
    }

    public init(contentsOf url: URL) throws {
        self.init(text: try String(contentsOf: url, encoding: .utf8))
    }

    /// The values of one column, in record order.
    public func column(_ name: String) -> [String?] { records.map { $0[name] } }
}
