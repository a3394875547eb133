/// What one cell gave for one field.
public struct FieldOutcome: Sendable {
    /// The typed value (nil: empty, missing or unreadable).
    public var value: TypedValue?
    /// What reading the cell found wrong or noteworthy, in order.
    public var issues: [FieldIssue] = []
    /// The value as found (text of the cell, or its canonical form for typed cells).
    public var original: String?
    /// What the text showed of its column's decimal separator or date order (French numbers and
    /// dates written as text; `.none` otherwise): the validator decides each column's convention from it.
    public var evidence = ConventionEvidence.none

    /// An empty outcome, to be filled by reading.
    public init() {}

    var hasError: Bool { issues.contains { ($0.severity ?? $0.code.defaultSeverity) == .error } }
}

/// An issue of one cell read for one field (the validator adds where it is).
public struct FieldIssue: Sendable {
    /// What kind of issue.
    public var code: IssueCode
    /// Its severity, when not the code's default.
    public var severity: Severity?
    /// What it says.
    public var message: Message
    /// The value as normalised, when the issue is about a normalisation.
    public var normalised: String?

    /// An issue of a cell (`severity` nil: the code's default).
    public init(code: IssueCode, severity: Severity? = nil, message: Message, normalised: String? = nil) {
        self.code = code
        self.severity = severity
        self.message = message
        self.normalised = normalised
    }

    init(_ code: IssueCode, _ severity: Severity?, _ message: Message, _ normalised: String?) {
        self.init(code: code, severity: severity, message: message, normalised: normalised)
    }
}
