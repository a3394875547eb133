/// The state of the row being validated, by field index (the positions of `schema.fields`): the
/// validator moves it out of itself once per row (not copied: a class's array properties would be
/// retained and checked at each use in the field loop) and back once the row is done. The memos
/// outlive the row (ids refer to them); the rest is the row's own, reused from row to row.
struct RowState {
    /// Per field, the outcomes of the values already seen (see `FieldMemo`).
    var memos: [FieldMemo]
    /// The row's typed values, and whether each cell held something.
    var values: RowValues
    /// The values as found (kept only when someone listens to rows).
    var originals: [String?]
    /// The values' ids (`ValidatedRow.valueIDs`).
    var ids: [Int32]
    /// The hashes (`ValueHash`) of the values read afresh and not kept by the memo (id -1), made
    /// in the loop that reads them: the key checks need them.
    var firstHashes: [Int]
    var secondHashes: [Int]

    /// No field: what stands in the validator while the row is out (allocates nothing).
    init() {
        memos = []
        values = RowValues(count: 0)
        originals = []
        ids = []
        firstHashes = []
        secondHashes = []
    }

    init(fieldCount: Int) {
        memos = Array(repeating: FieldMemo(), count: fieldCount)
        values = RowValues(count: fieldCount)
        originals = Array(repeating: nil, count: fieldCount)
        ids = Array(repeating: -1, count: fieldCount)
        firstHashes = Array(repeating: 0, count: fieldCount)
        secondHashes = Array(repeating: 0, count: fieldCount)
    }

    /// A hash of the canonical value of a field of this row (two independent ones: `second` or
    /// not). A value the memo keeps was hashed once, when first seen.
    @inline(__always)
    func valueHash(_ index: Int, second: Bool) -> Int {
        let id = ids[index]
        if id >= 0 { return memos[index].hash(id, second: second) }
        return second ? secondHashes[index] : firstHashes[index]
    }

    /// The value ids of these fields, packed (`ValidatedRow.packedValueIDs`).
    @inline(__always)
    func packedValueIDs(of fields: [Int]) -> UInt64? { ValidatedRow.packedValueIDs(ids, of: fields) }

    /// Swaps the row's values, ids and originals with a validated row's: in before it is handed
    /// on, out after (moved, not copied).
    mutating func exchange(with validated: inout ValidatedRow) {
        swap(&validated.values, &values.values)
        swap(&validated.valueIDs, &ids)
        swap(&validated.originals, &originals)
    }

    /// The row's arrays as buffers, for the field loop (values and presence apart).
    struct Buffers {
        var memos: UnsafeMutableBufferPointer<FieldMemo>
        var values: UnsafeMutableBufferPointer<TypedValue?>
        var present: UnsafeMutableBufferPointer<Bool>
        var originals: UnsafeMutableBufferPointer<String?>
        var ids: UnsafeMutableBufferPointer<Int32>
        var firstHashes: UnsafeMutableBufferPointer<Int>
        var secondHashes: UnsafeMutableBufferPointer<Int>
    }

    /// Runs `body` with the row's arrays as buffers: written element by element, an array is
    /// checked for uniqueness at each write, a dozen times a row for every field.
    mutating func withBuffers(_ body: (Buffers) -> Void) {
        memos.withUnsafeMutableBufferPointer { memos in
            values.values.withUnsafeMutableBufferPointer { typed in
                values.present.withUnsafeMutableBufferPointer { present in
                    originals.withUnsafeMutableBufferPointer { originals in
                        ids.withUnsafeMutableBufferPointer { ids in
                            firstHashes.withUnsafeMutableBufferPointer { firstHashes in
                                secondHashes.withUnsafeMutableBufferPointer { secondHashes in
                                    body(
                                        Buffers(
                                            memos: memos, values: typed, present: present, originals: originals,
                                            ids: ids, firstHashes: firstHashes, secondHashes: secondHashes))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One row's values by field index (the positions of `schema.fields`).
struct RowValues {
    var values: [TypedValue?]
    /// Something in the cell, valid or not.
    var present: [Bool]

    init(count: Int) {
        values = Array(repeating: nil, count: count)
        present = Array(repeating: false, count: count)
    }

    /// By position (-1: a field the schema does not have).
    subscript(at position: Int) -> TypedValue? { position >= 0 ? values[position] : nil }

    func isPresent(at position: Int) -> Bool { position >= 0 && present[position] }
}
