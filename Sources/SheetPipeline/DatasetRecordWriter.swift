import Foundation
import Glibc
import SheetConsolidation
import SheetOutput
import SheetReading
import SheetSchema

/// Writes an accepted row in its two dataset forms — a CSV record and a JSON object, each with
/// the row's provenance — and keeps the dataset texts that later stages read. It runs for every
/// field of every row: a struct used through one `inout` access a row reads its tables in place,
/// where a class's properties are retained and checked at each use.
struct DatasetRecordWriter {
    private let fields: [Field]
    /// `{"name":` before the first field, `,"name":` before the others, end to end
    /// (`jsonPrefixStarts[i]..<jsonPrefixStarts[i + 1]`).
    private let jsonPrefixes: [UInt8]
    private let jsonPrefixStarts: [Int]
    /// Per field: an amount (two decimals), so not written as its canonical number.
    private let isAmount: [Bool]
    /// Fields whose dataset text later stages read (key, summaries, near-duplicates, region).
    private let needsText: [Bool]
    /// `,file,sheet,` — the same for every row of the file.
    private let sourceSuffixCSV: [UInt8]
    /// `,"source_file":…,"source_sheet":…,"source_row":` — the same for every row of the file.
    private let sourceSuffixJSON: [UInt8]
    /// Where rows are written: the spools' own buffers, so that a record is written once, in
    /// place (appended to without a storage check at each step).
    private var record: ByteBuffer
    private var json: ByteBuffer
    /// The lengths of the last row's CSV record and JSON object.
    private(set) var recordLength = 0
    private(set) var jsonLength = 0
    /// A rejected row's record.
    private var rejected: [UInt8] = []
    /// The dataset text (UTF-8) of the fields in `needsText` for the last row written, end to
    /// end: field i's is `textBytes[textStarts[i]..<textEnds[i]]`, or none when its start is -1
    /// (no value, or a field later stages do not read). Bytes, not Strings: nothing to retain.
    private let textBytes = ByteBuffer(capacity: 1024)
    private var textStarts: [Int]
    private var textEnds: [Int]
    /// What a value became, by field and value id (`ValidatedRow.valueIDs`): a value seen before
    /// in the file is copied as it was written, not formatted and escaped again.
    private var rendered: RenderedValues

    init(fields: [Field], needsText: [Bool], file: String, sheet: String, record: ByteBuffer, json: ByteBuffer) {
        self.record = record
        self.json = json
        self.fields = fields
        self.needsText = needsText
        var suffix: [UInt8] = []
        for text in [file, sheet] {
            suffix.append(UInt8(ascii: ","))
            CsvFieldWriter.appendField(text, to: &suffix)
        }
        suffix.append(UInt8(ascii: ","))
        sourceSuffixCSV = suffix
        var jsonSuffix = Array(",\"source_file\":".utf8)
        JsonText.appendString(file, to: &jsonSuffix)
        jsonSuffix.append(contentsOf: ",\"source_sheet\":".utf8)
        JsonText.appendString(sheet, to: &jsonSuffix)
        jsonSuffix.append(contentsOf: ",\"source_row\":".utf8)
        sourceSuffixJSON = jsonSuffix
        var prefixes: [UInt8] = []
        var starts = [0]
        for (index, field) in fields.enumerated() {
            prefixes.append(UInt8(ascii: index == 0 ? "{" : ","))
            JsonText.appendString(field.name, to: &prefixes)
            prefixes.append(UInt8(ascii: ":"))
            starts.append(prefixes.count)
        }
        jsonPrefixes = prefixes
        jsonPrefixStarts = starts
        isAmount = fields.map { $0.kind == .amount }
        textStarts = Array(repeating: -1, count: fields.count)
        textEnds = Array(repeating: -1, count: fields.count)
        rendered = RenderedValues(fieldCount: fields.count)
    }

    /// Appends an accepted row to `record` and `json`, each value in its dataset form (a value
    /// that normalisation changed is counted in `changes`).
    mutating func write(_ row: ValidatedRow, changes: inout ChangeLog) {
        // The loop works on locals: the text positions taken out of `self` (swapped, not copied)
        // and the tables it reads, so that nothing is retained or checked field after field.
        var textStarts: [Int] = []
        var textEnds: [Int] = []
        swap(&textStarts, &self.textStarts)
        swap(&textEnds, &self.textEnds)
        defer {
            swap(&textStarts, &self.textStarts)
            swap(&textEnds, &self.textEnds)
        }
        let record = self.record
        let json = self.json
        let textBytes = self.textBytes
        let recordStart = record.count
        let objectStart = json.count
        textBytes.count = 0
        // (The text positions through buffers: an array written element by element is checked
        // for uniqueness at each write.)
        textStarts.withUnsafeMutableBufferPointer { textStarts in
            textEnds.withUnsafeMutableBufferPointer { textEnds in
                writeFields(
                    row, changes: &changes, textStarts: textStarts, textEnds: textEnds,
                    record: record, json: json, textBytes: textBytes)
            }
        }
        sourceSuffixCSV.withUnsafeBufferPointer { record.append($0) }
        var number = String(row.number)
        number.withUTF8 { record.append($0) }
        record.append(13)
        record.append(10)
        sourceSuffixJSON.withUnsafeBufferPointer { json.append($0) }
        number.withUTF8 { json.append($0) }
        // The separator travels with the record, so that runs of records copy as they are.
        json.append(UInt8(ascii: "}"))
        json.append(UInt8(ascii: ","))
        json.append(10)
        recordLength = record.count - recordStart
        jsonLength = json.count - objectStart
    }

    /// The fields of one row, into the record, the JSON object and the texts (see `write`).
    @inline(__always)
    private mutating func writeFields(
        _ row: ValidatedRow, changes: inout ChangeLog, textStarts: UnsafeMutableBufferPointer<Int>,
        textEnds: UnsafeMutableBufferPointer<Int>, record: ByteBuffer,
        json: ByteBuffer, textBytes: ByteBuffer
    ) {
        let fields = self.fields
        let needsText = self.needsText
        let isAmount = self.isAmount
        let prefixStarts = jsonPrefixStarts
        let values = row.values
        let ids = row.valueIDs
        let originals = row.originals
        jsonPrefixes.withUnsafeBufferPointer { prefixes in
            for index in fields.indices {
                // A value seen before: its CSV field and JSON member (separator and name
                // included) are copied in one step each.
                let id = ids[index]
                if id >= 0, let seen = rendered.entry(field: index, id: id) {
                    let textStart = textBytes.count
                    rendered.copy(seen, csv: record, json: json, text: needsText[index] ? textBytes : nil)
                    if needsText[index] {
                        textStarts[index] = seen.textStart >= 0 ? textStart : -1
                        textEnds[index] = textBytes.count
                    }
                    if seen.change >= 0 { changes.countAgain(Int(seen.change)) }
                    continue
                }
                let csvStart = record.count
                let jsonStart = json.count
                if index > 0 { record.append(UInt8(ascii: ",")) }
                json.append(UnsafeBufferPointer(rebasing: prefixes[prefixStarts[index]..<prefixStarts[index + 1]]))
                let original = originals[index]
                let text = Self.write(
                    values[index], field: fields[index], isAmount: isAmount[index],
                    keepText: needsText[index] || original != nil, record: record, json: json)
                if needsText[index] {
                    textStarts[index] = text == nil ? -1 : textBytes.count
                    text?.withUTF8Bytes { textBytes.append($0) }
                    textEnds[index] = textBytes.count
                }
                var change = -1
                if let original, let text, !Self.sameBytes(original, text) {
                    change = changes.note(
                        field: fields[index].name, original: original, normalised: text, row: row.number,
                        column: row.columns[index])
                }
                if id >= 0 {
                    let member = UnsafeBufferPointer(start: json.base + jsonStart, count: json.count - jsonStart)
                    rendered.keep(
                        field: index, id: id,
                        csv: UnsafeBufferPointer(start: record.base + csvStart, count: record.count - csvStart),
                        json: member, text: needsText[index] ? text : nil, change: change)
                }
            }
        }
    }

    /// The text of a field of the last row written (only fields in `needsText`; nil: no value).
    /// Valid until the next row is written.
    @inline(__always)
    func text(_ field: Int) -> UnsafeBufferPointer<UInt8>? {
        let start = textStarts[field]
        guard start >= 0 else { return nil }
        return UnsafeBufferPointer(start: textBytes.base + start, count: textEnds[field] - start)
    }

    /// Writes one value in both forms; returns its dataset text when `keepText` or when it had
    /// to be made anyway. Text and plain numbers are written from their bytes: the String of a
    /// value is made only where a later stage or the change log needs it.
    private static func write(
        _ value: TypedValue?, field: Field, isAmount: Bool, keepText: Bool, record: ByteBuffer, json: ByteBuffer
    ) -> String? {
        switch value {
        case .text(let string), .date(let string):
            string.withUTF8Bytes { bytes in
                CsvFieldWriter.appendField(bytes, to: record)
                JsonText.appendString(bytes, to: json)
            }
            return keepText ? string : nil
        case .number(_, let canonical) where !isAmount:
            // Numbers are never neutralised (`-7.25` is a number, not a formula).
            canonical.withUTF8Bytes { bytes in
                record.append(bytes)
                json.append(bytes)
            }
            return keepText ? canonical : nil
        case .number(_, let canonical) where isAmount:
            // Most amounts have two decimals or fewer: padded with zeros as they are written
            // (no String made). One with more is rounded below.
            let padded = canonical.withUTF8Bytes { bytes -> Bool in
                guard let padding = DatasetValues.twoDecimalPadding(bytes) else { return false }
                let padBytes = UnsafeBufferPointer(start: padding.utf8Start, count: padding.utf8CodeUnitCount)
                // (A number needs no CSV quotes, and is never neutralised.)
                record.append(bytes)
                record.append(padBytes)
                json.append(bytes)
                json.append(padBytes)
                return true
            }
            if padded { return keepText ? DatasetValues.twoDecimals(canonical) : nil }
            return writeOther(value!, field: field, record: record, json: json)
        case .list(let items):
            // Sorted once, for both files. (Lists and booleans are few: made in arrays.)
            let parts = DatasetValues.listItems(items, field: field)
            let joined = parts.joined(separator: ";")
            var csv: [UInt8] = []
            var array: [UInt8] = []
            CsvFieldWriter.appendField(joined, to: &csv)
            DatasetJSON.appendJSONArray(parts, field: field, to: &array)
            csv.withUnsafeBufferPointer { record.append($0) }
            array.withUnsafeBufferPointer { json.append($0) }
            return joined
        case .some(let other):
            return writeOther(other, field: field, record: record, json: json)
        case nil:
            Self.null.withUnsafeBufferPointer { json.append($0) }
            return nil
        }
    }

    /// Amounts to round, booleans: through their text.
    private static func writeOther(_ other: TypedValue, field: Field, record: ByteBuffer, json: ByteBuffer) -> String {
        let formatted = DatasetValues.text(other, field: field)
        var isNumber = false
        if case .number = other { isNumber = true }
        var csv: [UInt8] = []
        var member: [UInt8] = []
        CsvFieldWriter.appendField(formatted, neutraliseFormulas: !isNumber, to: &csv)
        DatasetJSON.appendJSON(other, field: field, to: &member)
        csv.withUnsafeBufferPointer { record.append($0) }
        member.withUnsafeBufferPointer { json.append($0) }
        return formatted
    }

    private static let null = Array("null".utf8)

    /// A rejected row's CSV record: the values as found, provenance, and the reasons in both
    /// languages.
    /// `fileReason`: why every row of the file is rejected (it turned out unreadable), first.
    mutating func writeRejected(_ row: ValidatedRow, fileReason: Message? = nil) -> [UInt8] {
        rejected.removeAll(keepingCapacity: true)
        for index in fields.indices {
            if index > 0 { rejected.append(UInt8(ascii: ",")) }
            if let original = row.originals[index] {
                CsvFieldWriter.appendField(original, to: &rejected)
            } else if let value = row.values[index] {
                // A typed cell read as such (no text as found): a number is not neutralised.
                var isNumber = false
                if case .number = value { isNumber = true }
                CsvFieldWriter.appendField(value.canonical, neutraliseFormulas: !isNumber, to: &rejected)
            }
        }
        rejected.append(contentsOf: sourceSuffixCSV)
        rejected.append(contentsOf: String(row.number).utf8)
        var french: [String] = fileReason.map { [$0.fr] } ?? []
        var english: [String] = fileReason.map { [$0.en] } ?? []
        for issue in row.errors {
            let place = [issue.cell, issue.field].compactMap { $0 }.joined(separator: " ")
            french.append(place.isEmpty ? issue.message.fr : "\(place) : \(issue.message.fr)")
            english.append(place.isEmpty ? issue.message.en : "\(place): \(issue.message.en)")
        }
        if french.isEmpty {
            french.append("colonne obligatoire absente du fichier (voir le journal)")
            english.append("a required column is missing from the file (see the log)")
        }
        rejected.append(UInt8(ascii: ","))
        CsvFieldWriter.appendField(french.joined(separator: " | "), to: &rejected)
        rejected.append(UInt8(ascii: ","))
        CsvFieldWriter.appendField(english.joined(separator: " | "), to: &rejected)
        rejected.append(contentsOf: [13, 10])
        return rejected
    }

    /// The file is done: the buffers and the cache are let go.
    mutating func finish() {
        rendered = RenderedValues(fieldCount: 0)
        rejected = []
        // (The spools' buffers are let go with them.)
        record = ByteBuffer(capacity: 0)
        json = ByteBuffer(capacity: 0)
    }

    static func sameBytes(_ a: String, _ b: String) -> Bool {
        a.withUTF8Bytes { p in
            b.withUTF8Bytes { q in
                p.count == q.count && (p.count == 0 || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0)
            }
        }
    }
}
