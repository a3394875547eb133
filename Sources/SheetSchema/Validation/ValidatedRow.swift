/// A data row as validation left it, for the stages after it.
public struct ValidatedRow: Sendable {
    /// As Excel or a text editor shows it (header = row 1).
    public var number: Int
    /// Typed values in the order of the schema's fields (nil: empty or unreadable).
    public var values: [TypedValue?]
    /// Per field, the value's id among those this file's validator has seen for the field (-1:
    /// not kept): within a file, equal ids mean the same cell content, so the same value and
    /// original — what a later stage derives from them can be kept by id and reused.
    public var valueIDs: [Int32]
    /// The values as found, same order (nil for a typed cell read as such, or an empty one).
    public var originals: [String?]
    /// The column (0-based) of each field in the sheet, nil when the sheet has none.
    public var columns: [Int?]
    /// The row has no error (and the file no missing required column).
    public var isValid: Bool
    /// The errors of this row. A missing required column is an error of the file (not listed
    /// here) that makes every row invalid.
    public var errors: [ValidationIssue]

    /// A row with these values and verdict.
    public init(
        number: Int, values: [TypedValue?], valueIDs: [Int32], originals: [String?], columns: [Int?],
        isValid: Bool, errors: [ValidationIssue]
    ) {
        self.number = number
        self.values = values
        self.valueIDs = valueIDs
        self.originals = originals
        self.columns = columns
        self.isValid = isValid
        self.errors = errors
    }
}

extension ValidatedRow {
    /// Value ids are below this (a stage may keep a table of `fields × valueIDLimit` slots).
    @inlinable package static var valueIDLimit: Int { 4096 }

    /// The value ids of these fields packed into one word (16 bits each, at most four fields): a
    /// key for anything that depends only on those values. nil when a field has no id (-1) or
    /// there are more than four fields.
    @inlinable
    package func packedValueIDs(of fields: [Int]) -> UInt64? { Self.packedValueIDs(valueIDs, of: fields) }

    /// The same packing from a row's ids (`valueIDs`) as the validator holds them.
    @inlinable
    package static func packedValueIDs(_ ids: [Int32], of fields: [Int]) -> UInt64? {
        guard fields.count <= 4 else { return nil }
        var key: UInt64 = 0
        for field in fields {
            let id = ids[field]
            guard id >= 0 && id < 1 << 16 else { return nil }
            key = key << 16 | UInt64(id)
        }
        return key
    }
}
