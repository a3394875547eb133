/// Rows of a submission about another region than the one it is declared for: counted, with
/// the first such row and its region.
public struct RegionCheck: Sendable {
    private let expected: [UInt8]
    /// The rows whose region differs, nil when none does.
    public private(set) var mismatches: Mismatches?

    /// How many rows, the first (its row number) and its region.
    public struct Mismatches: Sendable, Equatable, Codable {
        public var count: Int
        public var first: Int
        public var value: String
    }

    /// `expected`: the submission's region as the dataset says it.
    public init(expected: String) {
        self.expected = Array(expected.utf8)
    }

    /// An accepted row with this region (its dataset text; nil: none, not a mismatch).
    public mutating func check(_ region: UnsafeBufferPointer<UInt8>?, row: Int) {
        guard let region, !region.elementsEqual(expected) else { return }
        if let known = mismatches {
            mismatches = Mismatches(count: known.count + 1, first: known.first, value: known.value)
        } else {
            mismatches = Mismatches(count: 1, first: row, value: String(decoding: region, as: UTF8.self))
        }
    }
}

extension RegionCheck {
    /// A file's check as a shard result kept it.
    public init(expected: String, restoring mismatches: Mismatches?) {
        self.init(expected: expected)
        self.mismatches = mismatches
    }
}
