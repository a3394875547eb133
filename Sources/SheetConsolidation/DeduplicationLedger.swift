/// Decides, row after row in submission order (oldest submission first, then file name, then
/// row), what becomes of each accepted row:
/// - all its values equal to a row already kept → merged into that row (the first one stays);
/// - its key held by a row of an older submission → that row is superseded by this one;
/// - otherwise kept.
/// A superseded row no longer counts: a later row equal to it is compared with what replaced it.
/// Rows with the same key and other values in one file never get here (validation rejects the
/// later one as a conflict naming the earlier).
public struct DeduplicationLedger: Sendable {
    public enum Decision: Equatable, Sendable {
        case kept
        case merged(into: RowReference)
        /// Kept, and the row it replaces is now superseded.
        case supersedes(RowReference)
    }

    private var keptByKey: DigestTable
    private var keptBySignature: DigestTable

    public init(capacity: Int = 0) {
        keptByKey = DigestTable(capacity: capacity)
        keptBySignature = DigestTable(capacity: capacity)
    }

    /// `key`: the digest of the primary-key values (nil when the schema has none);
    /// `signature`: the digest of all the values; `signatureOf`: the signature of a row given
    /// before (asked for the row a newer one supersedes: the table does not keep it twice).
    public mutating func add(
        _ row: RowReference, key: RowDigest?, signature: RowDigest, signatureOf: (RowReference) -> RowDigest
    ) -> Decision {
        if let kept = keptBySignature.insert(row, for: signature) { return .merged(into: kept) }
        guard let key else { return .kept }
        if let older = keptByKey.replace(with: row, for: key) {
            keptBySignature.remove(signatureOf(older))
            return .supersedes(older)
        }
        return .kept
    }
}
