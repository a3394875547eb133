import Foundation
import Glibc
import SheetOutput
import SheetReading
import SheetSchema

/// The cells of one JSON spool record (`{"name":value,…,"source_row":N},\n`, as
/// `DatasetRecordWriter` wrote it), decoded in place: a string is unescaped where it lies and
/// NUL-terminated there, so that libxlsxwriter reads it without a copy or a String.
///
/// The record's shape is known: each field's `{"name":` or `,"name":` has a fixed length, and the
/// provenance after the fields is the same for every record of the file. Only the values are read.
struct SpoolRecordCells {
    /// What a field's values become in a workbook.
    enum CellType {
        /// A string cell (identifiers, codes, text, lists joined by `;`, `YYYY-MM`).
        case text
        /// A number cell (a number with more than 15 digits stays text: Excel would round it).
        case number
        case boolean
        /// ISO dates, date-times and times: a serial number with a date format.
        case date, dateTime, time
        /// Whatever the JSON says (`any` fields).
        case json
    }

    /// A value found, in the record's own (now rewritten) bytes.
    enum Value {
        case none
        /// NUL-terminated at `start + count`.
        case text(start: UnsafeMutablePointer<UInt8>, count: Int)
        case number(Double)
        case boolean(Bool)
        /// An Excel serial (days; a time is a fraction of one).
        case serial(Double)
    }

    struct Malformed: Error {}

    let types: [CellType]
    /// Per field, the bytes of `{"name":` / `,"name":` before its value.
    let prefixLengths: [Int]

    init(fields: [Field]) {
        types = fields.map(Self.cellType)
        prefixLengths = fields.map { field in
            var name: [UInt8] = []
            JsonText.appendString(field.name, to: &name)
            return name.count + 2
        }
    }

    static func cellType(_ field: Field) -> CellType {
        switch field.type {
        case .integer, .number, .year: return .number
        case .boolean: return .boolean
        case .date: return .date
        case .datetime: return .dateTime
        case .time: return .time
        case .any: return .json
        case .string, .list, .yearmonth, .object, .array, .geopoint, .geojson, .duration: return .text
        }
    }

    /// The provenance after the fields of every record of a file: `,"source_file":…,"source_row":`.
    static func provenanceLength(file: String, sheet: String) -> Int {
        var bytes = Array(",\"source_file\":".utf8)
        JsonText.appendString(file, to: &bytes)
        bytes.append(contentsOf: ",\"source_sheet\":".utf8)
        JsonText.appendString(sheet, to: &bytes)
        bytes.append(contentsOf: ",\"source_row\":".utf8)
        return bytes.count
    }

    /// Calls `cell` with each field's value in order, then returns the record's `source_row`.
    /// The record's bytes are rewritten (strings unescaped and NUL-terminated in place).
    @inline(__always)
    func decode(
        _ record: UnsafeMutablePointer<UInt8>, count: Int, provenanceLength: Int,
        _ cell: (Int, Value) throws -> Void
    ) throws -> Int {
        var position = 0
        for field in types.indices {
            position += prefixLengths[field]
            guard position < count else { throw Malformed() }
            let type = types[field]
            let byte = record[position]
            switch byte {
            case UInt8(ascii: "n"):
                position += 4
                try cell(field, .none)
            case UInt8(ascii: "t"):
                position += 4
                try cell(field, .boolean(true))
            case UInt8(ascii: "f"):
                position += 5
                try cell(field, .boolean(false))
            case UInt8(ascii: "\""):
                let (start, length, next) = try Self.unescapeString(record, from: position + 1, end: count)
                position = next
                try cell(field, Self.textValue(start, length, type: type))
            case UInt8(ascii: "["):
                let (start, length, next) = try Self.joinArray(record, from: position + 1, end: count)
                position = next
                try cell(field, .text(start: start, count: length))
            default:
                let (value, next, digits) = try Self.number(record, from: position, end: count)
                if digits > 15 {
                    // Beyond a double's exact digits: kept as typed, as text (its terminator
                    // is the `,` or `}` after it, put back once the cell is written).
                    let saved = record[next]
                    record[next] = 0
                    try cell(field, .text(start: record + position, count: next - position))
                    record[next] = saved
                } else {
                    try cell(field, .number(value))
                }
                position = next
            }
        }
        position += provenanceLength
        var row = 0
        while position < count, record[position] >= 48, record[position] <= 57 {
            row = row * 10 + Int(record[position] - 48)
            position += 1
        }
        guard position < count, record[position] == UInt8(ascii: "}") else { throw Malformed() }
        return row
    }

    /// A string's value for a field of this type: dates, date-times and times as serials.
    @inline(__always)
    static func textValue(_ start: UnsafeMutablePointer<UInt8>, _ length: Int, type: CellType) -> Value {
        switch type {
        case .date where length == 10:
            if let days = days(start), let serial = XlsxSerial.excel1900(daysSince18991230: days) {
                return .serial(serial)
            }
        case .dateTime where length == 19 && start[10] == UInt8(ascii: "T"):
            if let days = days(start), let time = seconds(start + 11),
                let serial = XlsxSerial.excel1900(daysSince18991230: days)
            {
                return .serial(serial + Double(time) / 86_400)
            }
        case .time where length == 8:
            if let time = seconds(start) { return .serial(Double(time) / 86_400) }
        default: break
        }
        return .text(start: start, count: length)
    }

    /// Days since 1970 of an ISO date or date-time's date (a submission date).
    static func isoDays(_ text: String) -> Int? {
        var bytes = Array(text.utf8)
        guard bytes.count >= 10 else { return nil }
        return bytes.withUnsafeMutableBufferPointer { buffer in
            days(buffer.baseAddress!).map { Int($0) - 25_569 }
        }
    }

    /// Seconds into the day of an ISO date-time (`YYYY-MM-DDTHH:MM:SS`).
    static func isoSeconds(_ text: String) -> Int? {
        var bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[10] == UInt8(ascii: "T") else { return nil }
        return bytes.withUnsafeMutableBufferPointer { seconds($0.baseAddress! + 11) }
    }

    /// `YYYY-MM-DD` at `start`: days since 1899-12-30.
    @inline(__always)
    static func days(_ start: UnsafeMutablePointer<UInt8>) -> Double? {
        guard let year = digits(start, 4), start[4] == UInt8(ascii: "-"), let month = digits(start + 5, 2),
            start[7] == UInt8(ascii: "-"), let day = digits(start + 8, 2),
            CivilDateTime.isValid(year: year, month: month, day: day)
        else { return nil }
        return Double(CivilDateTime.daysFromCivil(year: year, month: month, day: day) + 25_569)
    }

    /// `HH:MM:SS` at `start`: seconds into the day.
    @inline(__always)
    static func seconds(_ start: UnsafeMutablePointer<UInt8>) -> Int? {
        guard let hour = digits(start, 2), start[2] == UInt8(ascii: ":"), let minute = digits(start + 3, 2),
            start[5] == UInt8(ascii: ":"), let second = digits(start + 6, 2), hour < 24, minute < 60, second < 60
        else { return nil }
        return hour * 3600 + minute * 60 + second
    }

    @inline(__always)
    static func digits(_ start: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int? {
        var value = 0
        for index in 0..<count {
            let byte = start[index]
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }

    /// A JSON number (as `DatasetRecordWriter` writes them: `-1234.5`, never grouped).
    @inline(__always)
    static func number(_ record: UnsafeMutablePointer<UInt8>, from start: Int, end: Int) throws -> (Double, Int, Int) {
        var position = start
        var digits = 0
        while position < end {
            let byte = record[position]
            if byte >= 48 && byte <= 57 {
                digits += 1
            } else if byte != UInt8(ascii: "-") && byte != UInt8(ascii: ".") && byte != UInt8(ascii: "e")
                && byte != UInt8(ascii: "E") && byte != UInt8(ascii: "+")
            {
                break
            }
            position += 1
        }
        guard position > start, position < end else { throw Malformed() }
        // strtod stops at the NUL put in the separator's place, then the separator is put back.
        let saved = record[position]
        record[position] = 0
        var stop: UnsafeMutablePointer<CChar>?
        let value = record.withMemoryRebound(to: CChar.self, capacity: end) { strtod($0 + start, &stop) }
        record[position] = saved
        return (value, position, digits)
    }

    /// The string whose first byte is at `from`: unescaped in place and NUL-terminated where its
    /// closing quote was. Returns its start, length and the position after the quote.
    @inline(__always)
    static func unescapeString(_ record: UnsafeMutablePointer<UInt8>, from: Int, end: Int) throws -> (
        UnsafeMutablePointer<UInt8>, Int, Int
    ) {
        var read = from
        // Most strings have no escape: found, and ended, in one pass.
        while read < end {
            let byte = record[read]
            if byte == UInt8(ascii: "\"") {
                record[read] = 0
                return (record + from, read - from, read + 1)
            }
            if byte == UInt8(ascii: "\\") { break }
            read += 1
        }
        var write = read
        while read < end {
            let byte = record[read]
            if byte == UInt8(ascii: "\"") {
                record[write] = 0
                return (record + from, write - from, read + 1)
            }
            if byte == UInt8(ascii: "\\") {
                guard read + 1 < end else { throw Malformed() }
                let escaped = try unescape(record, at: read + 1, end: end)
                read += escaped.consumed + 1
                // (A NUL in a value cannot be in a C string, nor in an XLSX: left out.)
                if escaped.byte != 0 {
                    record[write] = escaped.byte
                    write += 1
                }
                continue
            }
            record[write] = byte
            write += 1
            read += 1
        }
        throw Malformed()
    }

    /// One escape after its `\` (`JsonText` writes `\"`, `\\`, `\n`, `\r`, `\t`, `\u00XX`).
    @inline(__always)
    static func unescape(_ record: UnsafeMutablePointer<UInt8>, at position: Int, end: Int) throws -> (
        byte: UInt8, consumed: Int
    ) {
        switch record[position] {
        case UInt8(ascii: "n"): return (10, 1)
        case UInt8(ascii: "r"): return (13, 1)
        case UInt8(ascii: "t"): return (9, 1)
        case UInt8(ascii: "b"): return (8, 1)
        case UInt8(ascii: "f"): return (12, 1)
        case UInt8(ascii: "u"):
            guard position + 4 < end else { throw Malformed() }
            var value: UInt32 = 0
            for index in 1...4 {
                let byte = record[position + index]
                let digit: UInt32
                switch byte {
                case 48...57: digit = UInt32(byte - 48)
                case 97...102: digit = UInt32(byte - 87)
                case 65...70: digit = UInt32(byte - 55)
                default: throw Malformed()
                }
                value = value * 16 + digit
            }
            // Only control characters are written this way.
            guard value < 0x80 else { throw Malformed() }
            return (UInt8(value), 5)
        default: return (record[position], 1)
        }
    }

    /// A list (`["a","b"]`, `[1,2]`) as its items joined by `;` (as in the CSV), in place.
    static func joinArray(_ record: UnsafeMutablePointer<UInt8>, from: Int, end: Int) throws -> (
        UnsafeMutablePointer<UInt8>, Int, Int
    ) {
        var read = from
        var write = from
        while read < end {
            let byte = record[read]
            switch byte {
            case UInt8(ascii: "]"):
                record[write] = 0
                return (record + from, write - from, read + 1)
            case UInt8(ascii: ","):
                record[write] = UInt8(ascii: ";")
                write += 1
                read += 1
            case UInt8(ascii: "\""):
                let (start, length, next) = try unescapeString(record, from: read + 1, end: end)
                // (Moved left: the item's unescaped bytes, without its quotes.)
                memmove(record + write, start, length)
                write += length
                read = next
            default:
                record[write] = byte
                write += 1
                read += 1
            }
        }
        throw Malformed()
    }
}
