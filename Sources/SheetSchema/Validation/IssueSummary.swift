/// What a file's issues add up to, kept as they are found: how many of each severity, and per
/// field × code how many with the first examples — bounded by fields × codes, never by the
/// number of issues. Counts are of occurrences: an aggregated note counts its cells.
public struct IssueSummary: Sendable, Codable {
    /// A field (nil: the row, sheet or file) and a code.
    public struct GroupKey: Hashable, Sendable, Comparable, Codable {
        public var field: String?
        public var code: String

        public static func < (left: GroupKey, right: GroupKey) -> Bool {
            (left.field ?? "-", left.code) < (right.field ?? "-", right.code)
        }
    }

    /// The occurrences of one field × code.
    public struct Group: Sendable, Codable {
        /// The most serious severity among them.
        public var severity: Severity
        public var count: Int
        /// The first ones, as found (at most `IssueList.examplesKept`).
        public var examples: [ValidationIssue]
    }

    public private(set) var errors = 0
    public private(set) var warnings = 0
    public private(set) var infos = 0
    public private(set) var groups: [GroupKey: Group] = [:]

    public init() {}

    /// Occurrences of this severity.
    public func count(_ severity: Severity) -> Int {
        switch severity {
        case .error: return errors
        case .warning: return warnings
        case .info: return infos
        }
    }

    /// Occurrences per code.
    public var byCode: [String: Int] {
        var counts: [String: Int] = [:]
        for (key, group) in groups { counts[key.code, default: 0] += group.count }
        return counts
    }

    mutating func count(_ issue: ValidationIssue) {
        switch issue.severity {
        case .error: errors += issue.count
        case .warning: warnings += issue.count
        case .info: infos += issue.count
        }
        // (One lookup: the group is changed in place.)
        Self.add(
            issue,
            to: &groups[
                GroupKey(field: issue.field, code: issue.code),
                default: Group(severity: issue.severity, count: 0, examples: [])])
    }

    private static func add(_ issue: ValidationIssue, to group: inout Group) {
        group.count += issue.count
        if issue.severity > group.severity { group.severity = issue.severity }
        if group.examples.count < IssueList.examplesKept { group.examples.append(issue) }
    }
}
