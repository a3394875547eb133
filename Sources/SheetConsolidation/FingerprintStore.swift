/// One file's near-duplicate fingerprints: per accepted row, its block (a region, say) and the
/// texts to compare, as normalised (the search folds them: accents, case, punctuation). Each
/// distinct fingerprint is kept once, its texts end to end in a byte arena (a few bytes a row,
/// not Strings: a million rows' titles would weigh hundreds of MB).
public struct FingerprintStore: Sendable {
    /// How many texts a fingerprint compares.
    public let fieldCount: Int
    /// Per accepted row, its fingerprint's id (-1: no text to compare).
    public private(set) var ids: [Int32] = []
    /// Per fingerprint, its block (a position in `blockNames`).
    public private(set) var blocks: [Int32] = []
    public private(set) var blockNames: [String] = []
    private var blockIndex: [String: Int32] = [:]
    /// The block of a block value by its value id (-1: not seen yet): no text looked up.
    private var blockOfValueID: [Int32] = []
    /// A fingerprint's texts are `bytes[starts[id]..<end of its first field]`, then each next
    /// field's up to its end (`ends[id * fieldCount + field]`). Once the file is read, the texts
    /// are grouped by block (`finish`), so that a search of one block reads them in order.
    private var bytes: [UInt8] = []
    private var starts: [UInt32] = []
    private var ends: [UInt32] = []
    /// Distinct fingerprints by digest (a reference's index is the fingerprint's id).
    private var index = DigestTable(capacity: 1024)
    /// The digest of each fingerprint (block and texts), by id: equal across files for equal
    /// fingerprints.
    private var digests: [RowDigest] = []

    public init(fieldCount: Int) {
        self.fieldCount = fieldCount
    }

    /// One accepted row: the text of its block (nil: none) and the value id of its block's
    /// value (-1: none); `text(field)`: its compared texts, by position among the compared fields.
    public mutating func add(
        block: UnsafeBufferPointer<UInt8>?, blockValueID: Int32, text: (Int) -> UnsafeBufferPointer<UInt8>?
    ) {
        let none = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var digest = RowDigest.Builder()
        digest.add(utf8: block ?? none)
        var empty = true
        for field in 0..<fieldCount {
            let text = text(field) ?? none
            digest.add(utf8: text)
            if !text.isEmpty { empty = false }
        }
        guard !empty else {
            ids.append(-1)
            return
        }
        let id = Int32(blocks.count)
        let key = digest.finish()
        if let known = index.insert(RowReference(file: 0, index: Int(id)), for: key) {
            ids.append(known.index)
            return
        }
        blocks.append(blockNumber(block, valueID: Int(blockValueID)))
        starts.append(UInt32(bytes.count))
        for field in 0..<fieldCount {
            if let text = text(field) { bytes.append(contentsOf: text) }
            ends.append(UInt32(bytes.count))
        }
        digests.append(key)
        ids.append(id)
    }

    /// The number of a block, found by value id when it has one.
    private mutating func blockNumber(_ text: UnsafeBufferPointer<UInt8>?, valueID: Int) -> Int32 {
        if valueID >= 0, valueID < blockOfValueID.count, blockOfValueID[valueID] >= 0 {
            return blockOfValueID[valueID]
        }
        let name = text.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let number: Int32
        if let known = blockIndex[name] {
            number = known
        } else {
            number = Int32(blockNames.count)
            blockIndex[name] = number
            blockNames.append(name)
        }
        if valueID >= 0 {
            if valueID >= blockOfValueID.count {
                blockOfValueID.append(contentsOf: repeatElement(-1, count: valueID + 1 - blockOfValueID.count))
            }
            blockOfValueID[valueID] = number
        }
        return number
    }

    /// The digest of a fingerprint (its block and texts).
    public func digest(_ id: Int) -> RowDigest { digests[id] }

    /// The text (UTF-8) of a compared field (its position among the compared fields) of a
    /// fingerprint.
    public func text(_ id: Int, field: Int) -> ArraySlice<UInt8> {
        let slot = id * fieldCount + field
        let start = field == 0 ? Int(starts[id]) : Int(ends[slot - 1])
        return bytes[start..<Int(ends[slot])]
    }

    /// The rows are all here: texts grouped by block, look-up tables let go.
    public mutating func finish() {
        groupTextsByBlock()
        index = DigestTable(capacity: 0)
        blockIndex = [:]
        blockOfValueID = []
    }

    /// The search is done.
    public mutating func release() {
        digests = []
        bytes = []
        starts = []
        ends = []
        ids = []
    }

    /// Rewrites the texts block after block (ids keep their order within a block).
    private mutating func groupTextsByBlock() {
        var grouped: [UInt8] = []
        grouped.reserveCapacity(bytes.count)
        var newStarts = [UInt32](repeating: 0, count: starts.count)
        var newEnds = [UInt32](repeating: 0, count: ends.count)
        var idsByBlock = [[Int]](repeating: [], count: blockNames.count)
        for id in blocks.indices { idsByBlock[Int(blocks[id])].append(id) }
        for id in idsByBlock.joined() {
            let first = Int(starts[id])
            let last = Int(ends[(id + 1) * fieldCount - 1])
            let shift = grouped.count - first
            grouped.append(contentsOf: bytes[first..<last])
            newStarts[id] = UInt32(grouped.count - (last - first))
            for slot in (id * fieldCount)..<((id + 1) * fieldCount) {
                newEnds[slot] = UInt32(Int(ends[slot]) + shift)
            }
        }
        (bytes, starts, ends) = (grouped, newStarts, newEnds)
    }
}

extension FingerprintStore {
    /// The fingerprints as a shard result keeps them (once `finish` has grouped them by block).
    public func encode(into out: inout ShardBytes) {
        out.append(array: ids)
        out.append(array: blocks)
        out.append(strings: blockNames)
        out.append(array: bytes)
        out.append(array: starts)
        out.append(array: ends)
        out.append(array: digests)
    }

    /// The fingerprints `encode` wrote.
    public init(fieldCount: Int, from reader: inout ShardByteReader) throws {
        self.init(fieldCount: fieldCount)
        ids = try reader.array(of: Int32.self)
        blocks = try reader.array(of: Int32.self)
        blockNames = try reader.strings()
        bytes = try reader.array(of: UInt8.self)
        starts = try reader.array(of: UInt32.self)
        ends = try reader.array(of: UInt32.self)
        digests = try reader.array(of: RowDigest.self)
        index = DigestTable(capacity: 0)
        let count = blocks.count
        guard starts.count == count, ends.count == count * fieldCount, digests.count == count,
            ids.allSatisfy({ Int($0) < count }), blocks.allSatisfy({ Int($0) < blockNames.count }),
            ends.allSatisfy({ Int($0) <= bytes.count })
        else { throw ShardByteReader.Damaged() }
    }
}
