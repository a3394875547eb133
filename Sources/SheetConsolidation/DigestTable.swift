import SheetHashing
import SheetSchema

/// Rows by digest (the deduplication ledger, the fingerprint store, the near-duplicate search):
/// SheetSchema's `WordKeyTable`, keyed by the digest's two halves and placed by them mixed with a
/// seed of the process: digests use a key fixed in the program (shards compare them), so a file
/// made to pile its rows into one run of slots would be possible without the seed. Sized to the
/// row count, 24 bytes a slot.
public struct DigestTable: Sendable {
    private var table: WordKeyTable<StoredRow, SeededMixing>

    public init(capacity: Int) {
        table = WordKeyTable(capacity: capacity)
    }

    public var count: Int { table.count }

    public subscript(digest: RowDigest) -> RowReference? {
        table[digest.high, digest.low]?.row
    }

    /// Adds the row unless the digest is there: then returns the row it has (and changes nothing).
    public mutating func insert(_ row: RowReference, for digest: RowDigest) -> RowReference? {
        table.insert(StoredRow(row: row), first: digest.high, second: digest.low)?.row
    }

    /// Sets the row of the digest; returns the row it had.
    public mutating func replace(with row: RowReference, for digest: RowDigest) -> RowReference? {
        table.updateValue(StoredRow(row: row), first: digest.high, second: digest.low)?.row
    }

    public mutating func remove(_ digest: RowDigest) {
        table.remove(first: digest.high, second: digest.low)
    }

    /// A row in a slot; `file` -1 marks an empty slot (inputs are numbered from 0).
    struct StoredRow: WordKeyTableValue, Sendable {
        let row: RowReference

        static var vacant: StoredRow { StoredRow(row: RowReference(file: -1, index: 0)) }
        var isVacant: Bool { row.file < 0 }
    }
}
