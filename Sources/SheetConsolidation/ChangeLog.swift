import SheetReading

/// A value that normalisation changed, counted over a file (where it was first seen).
public struct NormalisationChange: Sendable, Equatable, Codable {
    public var field: String
    public var original: String
    public var normalised: String
    public var firstRow: Int
    /// The cell (`B7`) where it was first seen; nil when the sheet has no column for the field.
    public var firstCell: String?
    /// How many cells it changed.
    public var count: Int
}

/// The values that normalisation changed in a file, each (field, original, normalised) once,
/// with where it was first seen and how many cells it changed.
public struct ChangeLog: Sendable {
    public private(set) var changes: [NormalisationChange] = []
    private var index: [Key: Int] = [:]

    private struct Key: Hashable {
        var field: String
        var original: String
        var normalised: String
    }

    public init() {}

    /// Counts the change; returns its position in `changes` (to count it again by position).
    public mutating func note(field: String, original: String, normalised: String, row: Int, column: Int?) -> Int {
        let key = Key(field: field, original: original, normalised: normalised)
        if let known = index[key] {
            changes[known].count += 1
            return known
        }
        index[key] = changes.count
        changes.append(
            NormalisationChange(
                field: field, original: original, normalised: normalised, firstRow: row,
                firstCell: column.map { CellReference.name(row: row, column: $0) }, count: 1))
        return changes.count - 1
    }

    /// One more cell for a change already noted.
    public mutating func countAgain(_ position: Int) { changes[position].count += 1 }

    /// The look-up table is needed only while rows come.
    public mutating func finish() { index = [:] }
}

extension ChangeLog {
    /// A file's changes as a shard result kept them (`finish`ed: no more are noted).
    public init(restoring changes: [NormalisationChange]) {
        self.changes = changes
    }
}
