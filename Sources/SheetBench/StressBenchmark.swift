import Foundation
import Glibc

/// `sheetpipe bench --stress DIR`: the inputs of issue 15 that used to make sheetpipe grow with
/// the mess (written by tools/bench/stress_inputs.py into DIR), each run as a child process, with
/// the all-valid run of the same command beside it. One table: time, peak RSS, what was written,
/// the issues and near-duplicate candidates counted, and the validation logs' write rate beside
/// `dd` writing as many bytes to the same disk. Figures only: nothing here asserts a time.
public struct StressBenchmark {
    public var dataDirectory: String
    public var executable: String
    public var pipelinesFolder: String
    /// Seconds after which a case is killed and reported as such.
    public var timeLimit: Double

    public init(dataDirectory: String, executable: String, pipelinesFolder: String, timeLimit: Double) {
        self.dataDirectory = dataDirectory
        self.executable = executable
        self.pipelinesFolder = pipelinesFolder
        self.timeLimit = timeLimit
    }

    enum Command {
        /// `validate --format jsonl -o FILE`: the log is the output.
        case validate(input: String)
        /// `run DEFINITION --out FOLDER`.
        case run(definition: String)
    }

    struct Case {
        var name: String
        var command: Command
        /// Exit statuses that mean the case did what it is for.
        var expected: Set<Int32>
        /// The case whose time is this one's base (× valid).
        var base: String?

        /// The name of its output: the command and the input, e.g. `run-errors-stress` (a folder).
        var slug: String {
            let (command, input): (String, String)
            switch self.command {
            case .validate(let file): (command, input) = ("validate", file)
            case .run(let definition): (command, input) = ("run", definition)
            }
            let stem = input.split(separator: ".").dropLast().joined(separator: ".")
            return command + "-" + stem.replacingOccurrences(of: "/", with: "-")
                + (command == "validate" ? ".jsonl" : "")
        }
    }

    static let limits = ["--max-file-size", "4GiB", "--max-part-size", "16GiB", "--max-total-size", "16GiB"]

    /// The cases, bases first.
    var cases: [Case] {
        var cases = [
            Case(name: "valid workbook", command: .validate(input: "valid/fiches.xlsx"), expected: [0], base: nil),
            Case(
                name: "3–5 errors per row", command: .validate(input: "errors/fiches.xlsx"), expected: [1],
                base: "valid workbook"),
            Case(name: "valid workbook", command: .run(definition: "valid/stress.yml"), expected: [0], base: nil),
            Case(
                name: "3–5 errors per row", command: .run(definition: "errors/stress.yml"), expected: [1],
                base: "valid workbook"),
            Case(name: "dot-decimal CSV", command: .validate(input: "dot-decimal.csv"), expected: [0, 1], base: nil),
            Case(name: "YAML bomb, depth 7", command: .run(definition: "yaml-bomb-7.yml"), expected: [2], base: nil),
            Case(name: "YAML bomb, depth 8", command: .run(definition: "yaml-bomb-8.yml"), expected: [2], base: nil),
        ]
        for size in ["50k", "1m"] {
            let folder = "templated-\(size)"
            cases.append(
                Case(
                    name: "templated \(size), no near-dups", command: .run(definition: "\(folder)/plain.yml"),
                    expected: [0, 1], base: nil))
            cases.append(
                Case(
                    name: "templated \(size), near-dups", command: .run(definition: "\(folder)/near-duplicates.yml"),
                    expected: [0, 1], base: "templated \(size), no near-dups"))
        }
        return cases
    }

    public func run(print: (String) -> Void) throws {
        let outputs = "\(dataDirectory)/out"
        try FileManager.default.createDirectory(atPath: outputs, withIntermediateDirectories: true)
        print("stress inputs: \(dataDirectory) (tools/bench/stress_inputs.py); outputs: \(outputs)")
        print(
            "× valid: against the same command on the valid workbook (templated: against the run without near-duplicates); dd: as many bytes as the logs, to the same disk, synced as sheetpipe syncs its outputs"
        )
        print(StressTable.header)
        var baseSeconds: [String: Double] = [:]
        for (index, stressCase) in cases.enumerated() {
            var row = measure(
                stressCase, output: "\(outputs)/\(index + 1 < 10 ? "0" : "")\(index + 1)-\(stressCase.slug)")
            let commandName = row.command
            if let base = stressCase.base { row.validSeconds = baseSeconds["\(base)|\(commandName)"] }
            if case .exited = row.outcome, let seconds = row.seconds {
                baseSeconds["\(stressCase.name)|\(commandName)"] = seconds
            }
            print(StressTable.line(row))
        }
    }

    func measure(_ stressCase: Case, output: String) -> StressTable.Row {
        let input: String
        let arguments: [String]
        let commandName: String
        switch stressCase.command {
        case .validate(let file):
            input = file
            commandName = "validate --format jsonl"
            arguments =
                [
                    executable, "validate", "\(dataDirectory)/\(file)", "--schema", "project-sheet", "--format",
                    "jsonl",
                    "-o", output,
                ] + Self.limits
        case .run(let definition):
            input = definition
            commandName = "run"
            arguments = [
                executable, "run", "\(dataDirectory)/\(definition)", "--quiet", "--pipelines", pipelinesFolder, "--out",
                output,
            ]
        }
        var row = StressTable.Row(caseName: stressCase.name, command: commandName, outcome: .skipped(""))
        guard access("\(dataDirectory)/\(input)", R_OK) == 0 else {
            row.outcome = .skipped(
                input.hasPrefix("templated")
                    ? "\(input) not found (tools/bench/templated_titles.py not found when the inputs were written?)"
                    : "\(input) not found (python3 tools/bench/stress_inputs.py --out \(dataDirectory))")
            return row
        }
        // What a previous run left would be replaced inside the timed run.
        try? FileManager.default.removeItem(atPath: output)
        guard let measurement = ProcessMeasurement.run(arguments, timeLimit: timeLimit) else {
            row.outcome = .failed("could not start \(arguments[0])")
            return row
        }
        if measurement.timedOut {
            row.outcome = .timedOut(seconds: timeLimit)
            return row
        }
        guard stressCase.expected.contains(measurement.exitStatus) else {
            row.outcome = .failed(
                "exit \(measurement.exitStatus) after \(format(measurement.seconds, 3)) s, expected "
                    + stressCase.expected.sorted().map { "\($0)" }.joined(separator: " or "))
            return row
        }
        row.outcome = .exited(measurement.exitStatus)
        row.seconds = measurement.seconds
        row.cpuSeconds = measurement.cpuSeconds
        row.peakRSSBytes = measurement.peakRSSBytes
        switch stressCase.command {
        case .validate:
            let size = Self.size(of: output)
            row.outputBytes = size
            row.logBytes = size
            row.issues = IssueTally.count(path: output)?.issues
        case .run:
            guard access(output, F_OK) == 0 else { break }  // refused before writing (the bombs)
            row.outputBytes = Self.folderSize(output)
            row.logBytes = ["json", "jsonl", "csv", "html"].map { Self.size(of: "\(output)/validation-report.\($0)") }
                .reduce(0, +)
            row.issues = IssueTally.count(path: "\(output)/validation-report.jsonl")?.issues
            row.candidates = Self.nearDuplicateCandidates(manifest: "\(output)/manifest.json")
        }
        if let bytes = row.logBytes, bytes > 0 { row.ddSeconds = ddSeconds(bytes: bytes, folder: output) }
        return row
    }

    /// `dd` writing `bytes` next to the outputs, synced before it exits as sheetpipe syncs each
    /// output before moving it into place.
    func ddSeconds(bytes: Int, folder: String) -> Double? {
        let target = "\(dataDirectory)/out/dd-floor.tmp"
        defer { unlink(target) }
        guard
            let measurement = ProcessMeasurement.run([
                "dd", "if=/dev/zero", "of=\(target)", "bs=1M", "count=\(bytes)", "iflag=count_bytes", "conv=fsync",
            ]), measurement.exitStatus == 0
        else { return nil }
        return measurement.seconds
    }

    /// Bytes of a regular file (0 for anything else).
    static func size(of path: String) -> Int {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return 0 }
        return Int(info.st_size)
    }

    static func folderSize(_ path: String) -> Int {
        let paths = (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []
        return paths.map { size(of: "\(path)/\($0)") }.reduce(0, +)
    }

    /// `totals.near_duplicate_candidates` of a run's manifest.
    static func nearDuplicateCandidates(manifest path: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let totals = object["totals"] as? [String: Any]
        else { return nil }
        return (totals["near_duplicate_candidates"] as? NSNumber)?.intValue
    }
}
