/// Rows of a submission about another region than the one it is declared for: counted, with
/// the first such row and its region.
public struct RegionCheck: Sendable {
    private let expected: [UInt8]
    public private(set) var mismatches: (count: Int, first: Int, value: String)?

    /// `expected`: the submission's region as the dataset says it.
    public init(expected: String) {
        self.expected = Array(expected.utf8)
    }

    /// An accepted row with this region (its dataset text; nil: none, not a mismatch).
    public mutating func check(_ region: UnsafeBufferPointer<UInt8>?, row: Int) {
        guard let region, !region.elementsEqual(expected) else { return }
        if let known = mismatches {
            mismatches = (known.count + 1, known.first, known.value)
        } else {
            mismatches = (1, row, String(decoding: region, as: UTF8.self))
        }
    }
}
