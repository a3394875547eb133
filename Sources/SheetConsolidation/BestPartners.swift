/// Per row, its `k` closest earlier rows among the pairs offered so far: what a search keeps, so
/// that its memory grows with the rows, not with the pairs (a block of titles on one template
/// can hold millions). Closer first; on equal similarity the earlier partner (submission order).
///
/// Only rows that get a pair take room: `k` slots each, found through one table by row.
struct BestPartners {
    let k: Int
    /// The first slot of each row (-1: no pair yet).
    private var firstSlot: [Int32]
    private var counts: [Int32] = []
    /// Per slot: the partner, and the similarity as the exact fraction shared / union.
    private var partners: [Int32] = []
    private var shared: [UInt32] = []
    private var union: [UInt32] = []

    init(rows: Int, k: Int) {
        precondition(k >= 1, "at least one partner per row")
        self.k = k
        firstSlot = [Int32](repeating: -1, count: rows)
    }

    /// Offers the pair (`row`, `partner`), with `partner` < `row` in submission order.
    mutating func offer(row: Int, partner: Int, shared pairShared: Int, union pairUnion: Int) {
        var first = Int(firstSlot[row])
        if first < 0 {
            first = partners.count
            firstSlot[row] = Int32(first)
            counts.append(0)
            partners.append(contentsOf: repeatElement(-1, count: k))
            shared.append(contentsOf: repeatElement(0, count: k))
            union.append(contentsOf: repeatElement(1, count: k))
        }
        let countIndex = first / k
        let filled = Int(counts[countIndex])
        if filled < k {
            partners[first + filled] = Int32(partner)
            shared[first + filled] = UInt32(pairShared)
            union[first + filled] = UInt32(pairUnion)
            counts[countIndex] += 1
            return
        }
        // Full: the new pair takes the place of the worst kept one if it is better.
        var worst = first
        for slot in (first + 1)..<(first + k) where isBetter(worst, than: slot) { worst = slot }
        guard
            Self.isBetter(
                pairShared, pairUnion, partner, than: Int(shared[worst]), Int(union[worst]), Int(partners[worst]))
        else { return }
        partners[worst] = Int32(partner)
        shared[worst] = UInt32(pairShared)
        union[worst] = UInt32(pairUnion)
    }

    private func isBetter(_ slot: Int, than other: Int) -> Bool {
        Self.isBetter(
            Int(shared[slot]), Int(union[slot]), Int(partners[slot]), than: Int(shared[other]), Int(union[other]),
            Int(partners[other]))
    }

    /// Closer (compared as fractions, exactly), or as close with an earlier partner.
    static func isBetter(_ s1: Int, _ u1: Int, _ p1: Int, than s2: Int, _ u2: Int, _ p2: Int) -> Bool {
        let left = s1 * u2
        let right = s2 * u1
        return left != right ? left > right : p1 < p2
    }

    /// Every kept pair: (row, partner, shared, union), rows in order.
    func pairs() -> [(row: Int, partner: Int, shared: Int, union: Int)] {
        var found: [(row: Int, partner: Int, shared: Int, union: Int)] = []
        found.reserveCapacity(partners.count)
        for row in firstSlot.indices where firstSlot[row] >= 0 {
            let first = Int(firstSlot[row])
            for slot in first..<(first + Int(counts[first / k])) {
                found.append((row, Int(partners[slot]), Int(shared[slot]), Int(union[slot])))
            }
        }
        return found
    }
}
