public import SheetSchema

/// The validation log of a run, in the formats reviewers and tools read: a versioned JSON document
/// (its JSON Schema is docs/validation-report.schema.json), JSON Lines (one entry a line), CSV
/// (one entry a row), a text summary then every entry, and an HTML page of counts and first
/// examples, in French or English.
///
/// Every format is written as it is read back from each file's `IssueList` (on disk past a few
/// megabytes): memory does not grow with the number of issues. Reading notes are one entry per
/// file × field × code with a `count` and `examples`; JSON, JSONL, CSV and text list every
/// entry, the HTML page the counts and first examples (with a link to the complete log).
public struct ValidationReport: Sendable {
    /// 2: reading notes aggregated (`count`, `examples`); summary counts are of occurrences.
    public static let version = "2"
    /// How many examples of each field × code the HTML page shows.
    public static let htmlExamples = IssueList.examplesKept

    public enum Format: String, Sendable, CaseIterable { case text, json, jsonl, csv, html }

    public let files: [FileValidation]
    /// The complete log's files, named as the HTML page links to them (beside it).
    public var completeLogs: [String] = []
    /// Each file's feedback workbook (`FileValidation.path` → link relative to the page,
    /// `feedback/fiches-bretagne.xlsx`), for the files that have one.
    public var feedbackWorkbooks: [String: String] = [:]

    public init(files: [FileValidation]) {
        self.files = files
    }

    /// No error anywhere and every file read.
    public var valid: Bool {
        !files.contains { $0.status == .unreadable || $0.status == .rejected } && count(.error) == 0
    }

    /// Occurrences of this severity (an aggregated note counts its cells).
    public func count(_ severity: Severity) -> Int {
        files.reduce(0) { $0 + $1.issues.summary.count(severity) }
    }

    /// Entries of the log (one per plain issue, one per aggregated note).
    public var entryCount: Int { files.reduce(0) { $0 + $1.issues.count } }

    var rowsIn: Int { files.reduce(0) { $0 + $1.rowsIn } }
    var rowsValid: Int { files.reduce(0) { $0 + $1.rowsValid } }
    var rowsInvalid: Int { files.reduce(0) { $0 + $1.rowsInvalid } }

    /// Writes the log in `format`, handing its bytes to `drain` a megabyte or so at a time.
    public func write(_ format: Format, language: Language, to drain: ([UInt8]) throws -> Void) throws {
        switch format {
        case .json: try writeJSON(to: drain)
        case .jsonl: try writeJSONLines(to: drain)
        case .csv: try writeCSV(language: language, to: drain)
        case .text: try writeText(language: language, to: drain)
        case .html: try writeHTML(language: language, to: drain)
        }
    }

    /// Writes the log in `format` to `sink` as it is made.
    public func write(_ format: Format, language: Language, to sink: OutputSink) throws {
        try write(format, language: language) { bytes in
            sink.append(bytes)
            try sink.flushIfNeeded()
        }
    }

    /// The log in `format`, whole (for small reports and tests).
    public func rendered(_ format: Format, language: Language) throws -> String {
        var bytes: [UInt8] = []
        try write(format, language: language) { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Every entry of every file, in order, read back from disk as it goes.
    func forEachEntry(_ body: (ValidationIssue) throws -> Void) throws {
        for file in files { try file.issues.forEach(reading: body) }
    }

    // MARK: JSON

    /// The report document, keys in alphabetical order, two-space indentation; the entries are
    /// written one per line, as they are read back.
    func writeJSON(to drain: ([UInt8]) throws -> Void) throws {
        func counts(_ table: [String: Int]) -> OrderedJSON {
            .object(table.keys.sorted().map { ($0, .number(table[$0]!)) }, .block)
        }
        func file(_ file: FileValidation) -> OrderedJSON {
            .object(
                [
                    (
                        "error",
                        file.error.map {
                            .object([("code", .string($0.code)), ("message", .string($0.message))], .block)
                        }
                            ?? .null
                    ),
                    ("path", .string(file.path)), ("rows_in", .number(file.rowsIn)),
                    ("rows_invalid", .number(file.rowsInvalid)), ("rows_valid", .number(file.rowsValid)),
                    ("schema", .string(file.schema)), ("sheet", .string(file.sheet)),
                    ("status", .string(file.status.rawValue)),
                ], .block)
        }
        // file → field → code → occurrences; and code → occurrences (files of one path add up).
        var byFile: [String: [String: [String: Int]]] = [:]
        var byCode: [String: Int] = [:]
        for validation in files {
            for (key, group) in validation.issues.summary.groups {
                byFile[validation.path, default: [:]][key.field ?? "-", default: [:]][key.code, default: 0] +=
                    group.count
            }
            byCode.merge(validation.issues.summary.byCode, uniquingKeysWith: +)
        }
        let byFileJSON: [(String, OrderedJSON)] = byFile.keys.sorted().map { name in
            let fields = byFile[name]!
            return (name, .object(fields.keys.sorted().map { ($0, counts(fields[$0]!)) }, .block))
        }
        let report = self
        let document = OrderedJSON.object(
            [
                ("files", .array(files.map(file), .block)),
                (
                    "issues",
                    .streamedElements { element in
                        try report.forEachEntry { issue in try element { Self.appendJSON(issue, to: &$0) } }
                    }
                ),
                ("report_version", .string(Self.version)),
                (
                    "summary",
                    .object(
                        [
                            ("by_code", counts(byCode)), ("by_file", .object(byFileJSON, .block)),
                            ("errors", .number(count(.error))), ("infos", .number(count(.info))),
                            ("rows_in", .number(rowsIn)), ("rows_invalid", .number(rowsInvalid)),
                            ("rows_valid", .number(rowsValid)), ("warnings", .number(count(.warning))),
                        ], .block)
                ),
                ("valid", .bool(valid)),
            ], .block)
        try document.write(style: .validationLog, to: drain)
    }

    /// One entry as a compact JSON object, keys in alphabetical order; absent properties left
    /// out, and `count` and `examples` too for an issue of one cell.
    static func appendJSON(_ issue: ValidationIssue, to out: inout [UInt8]) {
        var object = CompactObject()
        object.text("cell", issue.cell, to: &out)
        object.text("code", issue.code, to: &out)
        if issue.count != 1 || !issue.examples.isEmpty {
            object.number("count", issue.count, to: &out)
            object.key("examples", to: &out)
            out.append(UInt8(ascii: "["))
            for (position, example) in issue.examples.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                var item = CompactObject()
                item.text("cell", example.cell, to: &out)
                if let message = example.message { item.message(message, to: &out) }
                item.text("normalised", example.normalised, to: &out)
                item.number("row", example.row, to: &out)
                item.text("value", example.value, to: &out)
                item.close(&out)
            }
            out.append(UInt8(ascii: "]"))
        }
        object.text("field", issue.field, to: &out)
        object.text("file", issue.file, to: &out)
        object.message(issue.message, to: &out)
        object.text("normalised", issue.normalised, to: &out)
        object.number("row", issue.row, to: &out)
        object.text("severity", issue.severity.rawValue, to: &out)
        object.text("sheet", issue.sheet, to: &out)
        object.text("value", issue.value, to: &out)
        object.close(&out)
    }

    /// A JSON object written member by member, on one line.
    private struct CompactObject {
        private var first = true

        mutating func key(_ name: String, to out: inout [UInt8]) {
            out.append(contentsOf: (first ? "{\"" : ",\"").utf8)
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: "\":".utf8)
            first = false
        }

        mutating func text(_ name: String, _ value: String?, to out: inout [UInt8]) {
            guard let value else { return }
            key(name, to: &out)
            JsonText.appendString(value, to: &out)
        }

        mutating func number(_ name: String, _ value: Int?, to out: inout [UInt8]) {
            guard let value else { return }
            key(name, to: &out)
            out.append(contentsOf: String(value).utf8)
        }

        mutating func message(_ message: Message, to out: inout [UInt8]) {
            key("message", to: &out)
            out.append(contentsOf: "{\"en\":".utf8)
            JsonText.appendString(message.en, to: &out)
            out.append(contentsOf: ",\"fr\":".utf8)
            JsonText.appendString(message.fr, to: &out)
            out.append(UInt8(ascii: "}"))
        }

        func close(_ out: inout [UInt8]) {
            if first { out.append(UInt8(ascii: "{")) }
            out.append(UInt8(ascii: "}"))
        }
    }

    func writeJSONLines(to drain: ([UInt8]) throws -> Void) throws {
        var out = ReportBytes()
        try forEachEntry { issue in
            Self.appendJSON(issue, to: &out.bytes)
            out.bytes.append(0x0A)
            try out.drainIfFull(drain)
        }
        try out.finish(drain)
    }

    // MARK: CSV

    /// One entry a row; `count` (1 but for aggregated notes) and `examples` (an aggregated
    /// note's first cells: `F12: 1.5 | F13: 2.5`) last.
    func writeCSV(language: Language, to drain: ([UInt8]) throws -> Void) throws {
        var out = ReportBytes()
        func line(_ fields: [String]) { CsvFieldWriter.appendRecord(fields, lineEnd: [0x0A], to: &out.bytes) }
        line([
            "code", "severity", "file", "sheet", "cell", "row", "field", "value", "normalised", "message", "count",
            "examples",
        ])
        try forEachEntry { issue in
            line([
                issue.code, issue.severity.rawValue, issue.file, issue.sheet ?? "", issue.cell ?? "",
                issue.row.map(String.init) ?? "",
                issue.field ?? "", issue.value ?? "", issue.normalised ?? "", issue.message.text(language),
                String(issue.count),
                issue.examples.map { "\($0.cell ?? $0.row.map(String.init) ?? "-"): \($0.value ?? "")" }.joined(
                    separator: " | "),
            ])
            try out.drainIfFull(drain)
        }
        try out.finish(drain)
    }
}

/// A log's bytes on their way out, handed to a drain a megabyte or so at a time.
struct ReportBytes {
    var bytes: [UInt8] = []
    private static let size = 1 << 20

    init() { bytes.reserveCapacity(Self.size + 4096) }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func drainIfFull(_ drain: ([UInt8]) throws -> Void) throws {
        guard bytes.count >= Self.size else { return }
        try drain(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func finish(_ drain: ([UInt8]) throws -> Void) throws {
        try drain(bytes)
        bytes.removeAll()
    }
}
