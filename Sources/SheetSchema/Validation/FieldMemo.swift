import SheetHashing

/// A field's outcomes already seen, each numbered by its position (its id): regions, enums, codes
/// and dates repeat down a sheet, and a cell's outcome depends only on its content and its field.
/// Found by shared-string index (flat arrays: an array read, no text and no hash — this runs for
/// most cells of a workbook), by text, or by kind and number bits for typed cells. It keeps up to
/// `limit` outcomes; past that a value it has not seen is read each time (id -1), so a column of
/// distinct texts (titles, descriptions) costs a read per cell and little memory.
struct FieldMemo {
    static let limit = ValidatedRow.valueIDLimit
    private var outcomes: [FieldOutcome] = []
    /// Per shared-string index, the id of its outcome (-1: not seen; indexes past 2¹⁸ are not
    /// kept: the table never passes 1 MB a field).
    private var sharedSlots: [Int32] = []
    private var byText: [ByteKey: Int32] = [:]
    private var byTyped = WordKeyTable<StoredID, SeededMixing>()
    /// Per id, the two hashes of the outcome's value (`ValueHash`).
    private var firstHashes: [Int] = []
    private var present: [Bool] = []
    /// The outcome of an absent cell (-1: none yet).
    private var emptyID: Int32 = -1
    private var secondHashes: [Int] = []

    /// What a cell is known by: its shared string, its text, or its kind and number bits; or
    /// its absence (`empty`). `none`: not kept (error values, formulas without a value).
    enum Key {
        case none
        case empty
        case sharedString(Int)
        case text(ByteKey)
        case typed(UInt64)
    }

    /// The id of the outcome already seen for this key, if any.
    @inline(__always)
    func id(of key: Key) -> Int32? {
        switch key {
        case .none: return nil
        case .empty: return emptyID >= 0 ? emptyID : nil
        case .sharedString(let index):
            guard index < sharedSlots.count, sharedSlots[index] >= 0 else { return nil }
            return sharedSlots[index]
        case .text(let text): return byText[text]
        case .typed(let bits): return byTyped[bits]?.id
        }
    }

    func outcome(_ id: Int32) -> FieldOutcome { outcomes[Int(id)] }

    @inline(__always)
    func value(_ id: Int32) -> TypedValue? { outcomes[Int(id)].value }

    @inline(__always)
    func original(_ id: Int32) -> String? { outcomes[Int(id)].original }

    @inline(__always)
    func hasIssues(_ id: Int32) -> Bool { !outcomes[Int(id)].issues.isEmpty }

    /// Something in the cell, valid or not (rules about presence look at this).
    @inline(__always)
    func isPresent(_ id: Int32) -> Bool { present[Int(id)] }

    static func isPresent(_ outcome: FieldOutcome) -> Bool {
        outcome.value != nil || (!outcome.issues.isEmpty && outcome.issues.contains { $0.code != .constraintError })
    }

    @inline(__always)
    func hash(_ id: Int32, second: Bool) -> Int { second ? secondHashes[Int(id)] : firstHashes[Int(id)] }

    /// Keeps a new outcome while there is room; its id, or -1.
    mutating func keep(_ outcome: FieldOutcome, for key: Key) -> Int32 {
        guard outcomes.count < Self.limit else { return -1 }
        let id = Int32(outcomes.count)
        switch key {
        case .none: return -1
        case .empty: emptyID = id
        case .sharedString(let index):
            guard index < 1 << 18 else { return -1 }
            if index >= sharedSlots.count {
                sharedSlots.append(contentsOf: repeatElement(-1, count: index + 1 - sharedSlots.count))
            }
            sharedSlots[index] = id
        case .text(let text): byText[text] = id
        case .typed(let bits): byTyped.updateValue(StoredID(id: id), first: bits)
        }
        outcomes.append(outcome)
        if case .empty = key { present.append(false) } else { present.append(Self.isPresent(outcome)) }
        firstHashes.append(ValueHash.of(outcome.value, second: false))
        secondHashes.append(ValueHash.of(outcome.value, second: true))
        return id
    }

    /// An outcome's id as a `WordKeyTable` value (-1: an empty slot).
    struct StoredID: WordKeyTableValue {
        let id: Int32

        static var vacant: StoredID { StoredID(id: -1) }
        var isVacant: Bool { id < 0 }
    }
}
