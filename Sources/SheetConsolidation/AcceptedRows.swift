/// What deduplication needs of one file's accepted rows, in their order: each row's number in
/// the sheet, its identity (`RowIdentity`) and its key as people read it (`53 / 2024 / TI-29-001`).
/// A few dozen bytes a row, never the size of its values.
public struct AcceptedRows: Sendable {
    /// Each row's number in its sheet (header = row 1).
    public private(set) var rowNumbers: [Int32] = []
    /// Per row, the digest of its values (`RowIdentity.values`).
    public private(set) var values: [RowDigest] = []
    /// Per row, the digest of its key; empty when the schema has no primary key.
    public private(set) var keys: [RowDigest] = []
    /// The key texts end to end in one byte arena: a few bytes a row instead of a String each.
    private var keyTextBytes: [UInt8] = []
    private var keyTextEnds: [UInt32] = []

    public init() {}

    public var count: Int { rowNumbers.count }

    /// One accepted row; `keyTexts`: the dataset texts of its key fields in the key's order (nil:
    /// no value), joined by ` / ` for the merge log.
    public mutating func append(
        number: Int, identity: RowIdentity, keyFieldCount: Int, keyText: (Int) -> UnsafeBufferPointer<UInt8>?
    ) {
        rowNumbers.append(Int32(number))
        values.append(identity.values)
        if let key = identity.key { keys.append(key) }
        for position in 0..<keyFieldCount {
            if position > 0 { keyTextBytes.append(contentsOf: " / ".utf8) }
            if let text = keyText(position) { keyTextBytes.append(contentsOf: text) }
        }
        keyTextEnds.append(UInt32(keyTextBytes.count))
    }

    /// The row's key (nil when the schema has none).
    public func key(_ index: Int) -> RowDigest? { keys.isEmpty ? nil : keys[index] }

    /// The key values of the row at `index`, for people (`53 / 2024 / TI-29-001`).
    public func keyText(_ index: Int) -> String {
        let start = index == 0 ? 0 : Int(keyTextEnds[index - 1])
        return String(decoding: keyTextBytes[start..<Int(keyTextEnds[index])], as: UTF8.self)
    }

    /// Deduplication is done: the digests are no longer needed (a million rows hold 40 MB).
    public mutating func releaseDigests() {
        keys = []
        values = []
    }
}

extension AcceptedRows {
    /// The rows as a shard result keeps them (before deduplication: the digests with them).
    public func encode(into out: inout ShardBytes) {
        out.append(array: rowNumbers)
        out.append(array: values)
        out.append(array: keys)
        out.append(array: keyTextBytes)
        out.append(array: keyTextEnds)
    }

    /// The rows `encode` wrote.
    public init(from reader: inout ShardByteReader) throws {
        rowNumbers = try reader.array(of: Int32.self)
        values = try reader.array(of: RowDigest.self)
        keys = try reader.array(of: RowDigest.self)
        keyTextBytes = try reader.array(of: UInt8.self)
        keyTextEnds = try reader.array(of: UInt32.self)
        let count = rowNumbers.count
        guard values.count == count, keys.isEmpty || keys.count == count, keyTextEnds.count == count,
            keyTextEnds.last.map({ Int($0) == keyTextBytes.count }) ?? keyTextBytes.isEmpty
        else { throw ShardByteReader.Damaged() }
    }
}
