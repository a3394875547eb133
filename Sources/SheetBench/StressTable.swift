/// The table `sheetpipe bench --stress` prints: one line per case, the all-valid run of the same
/// command beside it (× valid), and for the validation logs their write rate beside `dd` writing
/// as many bytes to the same disk (the disk sets the floor).
public struct StressTable {
    public struct Row: Equatable, Sendable {
        public enum Outcome: Equatable, Sendable {
            /// The command ran to its end (with this exit status).
            case exited(Int32)
            /// Killed at the time limit.
            case timedOut(seconds: Double)
            /// Not run, and why (an input missing).
            case skipped(String)
            /// Could not be started, or exited with a status the case does not expect.
            case failed(String)
        }

        public var caseName: String
        public var command: String
        public var outcome: Outcome
        public var seconds: Double?
        public var cpuSeconds: Double?
        /// The same command on the all-valid input, for × valid.
        public var validSeconds: Double?
        public var peakRSSBytes: Int?
        /// Everything the command wrote (a run's whole output folder).
        public var outputBytes: Int?
        public var issues: Int?
        public var candidates: Int?
        /// The validation logs among the outputs, and `dd`'s time to write as many bytes.
        public var logBytes: Int?
        public var ddSeconds: Double?

        public init(
            caseName: String, command: String, outcome: Outcome, seconds: Double? = nil, cpuSeconds: Double? = nil,
            validSeconds: Double? = nil,
            peakRSSBytes: Int? = nil, outputBytes: Int? = nil, issues: Int? = nil, candidates: Int? = nil,
            logBytes: Int? = nil, ddSeconds: Double? = nil
        ) {
            self.caseName = caseName
            self.command = command
            self.outcome = outcome
            self.seconds = seconds
            self.cpuSeconds = cpuSeconds
            self.validSeconds = validSeconds
            self.peakRSSBytes = peakRSSBytes
            self.outputBytes = outputBytes
            self.issues = issues
            self.candidates = candidates
            self.logBytes = logBytes
            self.ddSeconds = ddSeconds
        }
    }

    static let columns: [(title: String, width: Int)] = [
        ("case", 30), ("command", 23), ("exit", 5), ("seconds", 9), ("CPU s", 8), ("× valid", 8), ("peak RSS MiB", 13),
        ("output MB", 10), ("issues", 10), ("candidates", 11), ("log MB", 9), ("log MB/s", 9), ("dd MB/s", 8),
    ]

    public static var header: String {
        columns.enumerated().map { index, column in pad(column.title, column.width, right: index >= 2) }
            .joined(separator: " ")
    }

    /// The row's cells, formatted (`-` where a figure does not apply, `?` where it is missing).
    public static func cells(_ row: Row) -> [String] {
        func megabytes(_ bytes: Int?) -> String { bytes.map { format(Double($0) / 1e6, 1) } ?? "-" }
        func rate(_ bytes: Int?, _ seconds: Double?) -> String {
            guard let bytes, let seconds, seconds > 0 else { return "-" }
            return format(Double(bytes) / 1e6 / seconds, 1)
        }
        let exit: String
        switch row.outcome {
        case .exited(let status): exit = "\(status)"
        case .timedOut(let limit):
            return [
                row.caseName, row.command,
                "killed at the time limit, \(limit == limit.rounded() ? "\(Int(limit))" : format(limit, 1)) s",
            ]
        case .skipped(let reason): return [row.caseName, row.command, "skipped: \(reason)"]
        case .failed(let reason): return [row.caseName, row.command, "failed: \(reason)"]
        }
        let ratio: String
        if let seconds = row.seconds, let valid = row.validSeconds, valid > 0 {
            ratio = format(seconds / valid, 2)
        } else {
            ratio = "-"
        }
        return [
            row.caseName, row.command, exit, row.seconds.map { format($0, 3) } ?? "?",
            row.cpuSeconds.map { format($0, 2) } ?? "?", ratio,
            row.peakRSSBytes.map { format(Double($0) / 1_048_576, 1) } ?? "?", megabytes(row.outputBytes),
            row.issues.map { "\($0)" } ?? "-", row.candidates.map { "\($0)" } ?? "-", megabytes(row.logBytes),
            rate(row.logBytes, row.seconds), rate(row.logBytes, row.ddSeconds),
        ]
    }

    /// One line of the table; a case that did not run gives its reason after the command.
    public static func line(_ row: Row) -> String {
        let cells = cells(row)
        return zip(cells, columns).enumerated().map { index, pair in
            index == cells.count - 1 && cells.count < columns.count
                ? pair.0 : pad(pair.0, pair.1.width, right: index >= 2)
        }
        .joined(separator: " ")
    }
}
