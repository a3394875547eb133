import SheetOutput
import SheetReading
import SheetSchema

/// The dataset form of values already written (CSV field and JSON member, each with what comes
/// before it in a record: the separator, the member's name; end to end in one byte arena), with
/// their text for later stages and the change they made, by field and value id.
struct RenderedValues {
    /// Where an entry's bytes are (no reference in it: copying one retains nothing).
    struct Entry {
        var csv: Range<Int>
        var json: Range<Int>
        /// Its text for later stages (`textStart` -1: none).
        var textStart: Int
        var textEnd: Int
        /// Position in the file's changes (-1: none).
        var change: Int32
    }

    /// By field and value id (`field * ValidatedRow.valueIDLimit + id`), the position of its
    /// entry (-1: not written yet). One flat table: an array per field is retained at each read.
    private var slots: [Int32]
    private var entries: [Entry] = []
    private var bytes: [UInt8] = []

    init(fieldCount: Int) {
        slots = Array(repeating: -1, count: fieldCount * ValidatedRow.valueIDLimit)
    }

    @inline(__always)
    func entry(field: Int, id: Int32) -> Entry? {
        let slot = slots[field * ValidatedRow.valueIDLimit + Int(id)]
        return slot >= 0 ? entries[Int(slot)] : nil
    }

    /// Appends an entry's CSV field and JSON member, and its text when asked (and it has one).
    @inline(__always)
    func copy(_ entry: Entry, csv: ByteBuffer, json: ByteBuffer, text: ByteBuffer?) {
        // (Most are a few dozen bytes: copied without a call to memmove each.)
        bytes.withUnsafeBufferPointer { arena in
            csv.appendShort(UnsafeBufferPointer(rebasing: arena[entry.csv]))
            json.appendShort(UnsafeBufferPointer(rebasing: arena[entry.json]))
            if let text, entry.textStart >= 0 {
                text.appendShort(UnsafeBufferPointer(rebasing: arena[entry.textStart..<entry.textEnd]))
            }
        }
    }

    mutating func keep(
        field: Int, id: Int32, csv: UnsafeBufferPointer<UInt8>, json: UnsafeBufferPointer<UInt8>,
        text: String?, change: Int
    ) {
        let csvStart = bytes.count
        bytes.append(contentsOf: csv)
        let jsonStart = bytes.count
        bytes.append(contentsOf: json)
        let jsonEnd = bytes.count
        var textStart = -1
        if let text {
            textStart = bytes.count
            text.withUTF8Bytes { bytes.append(contentsOf: $0) }
        }
        slots[field * ValidatedRow.valueIDLimit + Int(id)] = Int32(entries.count)
        entries.append(
            Entry(
                csv: csvStart..<jsonStart, json: jsonStart..<jsonEnd, textStart: textStart, textEnd: bytes.count,
                change: Int32(change)))
    }
}
