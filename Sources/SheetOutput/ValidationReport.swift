import Foundation
public import SheetSchema

/// The validation log of a run, in the formats reviewers and tools read: a versioned JSON document
/// (its JSON Schema is docs/validation-report.schema.json), JSON Lines (one issue a line), CSV
/// (one issue a row) and a text summary then every issue, in French or English.
public struct ValidationReport: Sendable {
    public static let version = "1"
    public var files: [FileValidation]

    public init(files: [FileValidation]) {
        self.files = files
    }

    public var issues: [ValidationIssue] { files.flatMap(\.issues) }

    /// No error anywhere and every file read.
    public var valid: Bool {
        !files.contains { $0.status == .unreadable || $0.status == .rejected }
            && !issues.contains { $0.severity == .error }
    }

    public func count(_ severity: Severity) -> Int { issues.filter { $0.severity == severity }.count }

    // MARK: JSON

    struct Document: Encodable {
        var reportVersion: String
        var valid: Bool
        var files: [FileEntry]
        var issues: [ValidationIssue]
        var summary: Summary
    }

    struct FileEntry: Encodable {
        var path: String
        var sheet: String?
        var schema: String?
        var status: FileValidation.Status
        var rowsIn: Int
        var rowsValid: Int
        var rowsInvalid: Int
        var error: ErrorEntry?

        struct ErrorEntry: Encodable {
            var code: String
            var message: String
        }

        enum CodingKeys: String, CodingKey { case path, sheet, schema, status, rowsIn, rowsValid, rowsInvalid, error }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path, forKey: .path)
            try container.encode(sheet, forKey: .sheet)
            try container.encode(schema, forKey: .schema)
            try container.encode(status, forKey: .status)
            try container.encode(rowsIn, forKey: .rowsIn)
            try container.encode(rowsValid, forKey: .rowsValid)
            try container.encode(rowsInvalid, forKey: .rowsInvalid)
            try container.encode(error, forKey: .error)  // null when the file was read
        }
    }

    struct Summary: Encodable {
        var errors: Int
        var warnings: Int
        var infos: Int
        var rowsIn: Int
        var rowsValid: Int
        var rowsInvalid: Int
        var byCode: [String: Int]
        /// file → field (or "-") → code → count.
        var byFile: [String: [String: [String: Int]]]
    }

    var summary: Summary {
        var byCode: [String: Int] = [:]
        var byFile: [String: [String: [String: Int]]] = [:]
        for issue in issues {
            byCode[issue.code, default: 0] += 1
            byFile[issue.file, default: [:]][issue.field ?? "-", default: [:]][issue.code, default: 0] += 1
        }
        return Summary(
            errors: count(.error), warnings: count(.warning), infos: count(.info),
            rowsIn: files.reduce(0) { $0 + $1.rowsIn },
            rowsValid: files.reduce(0) { $0 + $1.rowsValid }, rowsInvalid: files.reduce(0) { $0 + $1.rowsInvalid },
            byCode: byCode, byFile: byFile)
    }

    private static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public func json() throws -> String {
        let document = Document(
            reportVersion: Self.version, valid: valid,
            files: files.map {
                FileEntry(
                    path: $0.path, sheet: $0.sheet, schema: $0.schema, status: $0.status, rowsIn: $0.rowsIn,
                    rowsValid: $0.rowsValid, rowsInvalid: $0.rowsInvalid,
                    error: $0.error.map { FileEntry.ErrorEntry(code: $0.code, message: $0.message) })
            }, issues: issues, summary: summary)
        return String(decoding: try Self.encoder(pretty: true).encode(document), as: UTF8.self) + "\n"
    }

    public func jsonLines() throws -> String {
        let encoder = Self.encoder(pretty: false)
        return try issues.map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }.joined()
    }

    // MARK: CSV

    public func csv(language: Language) -> String {
        var bytes: [UInt8] = []
        func line(_ fields: [String]) {
            for (index, field) in fields.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                CsvFieldWriter.appendField(field, to: &bytes)
            }
            bytes.append(0x0A)
        }
        line(["code", "severity", "file", "sheet", "cell", "row", "field", "value", "normalised", "message"])
        for issue in issues {
            line([
                issue.code, issue.severity.rawValue, issue.file, issue.sheet ?? "", issue.cell ?? "",
                issue.row.map(String.init) ?? "",
                issue.field ?? "", issue.value ?? "", issue.normalised ?? "", issue.message.text(language),
            ])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Text

    public func text(language: Language, examples: Int = 3) -> String {
        let fr = language == .fr
        var lines: [String] = []
        let total = summary
        lines.append(fr ? "Rapport de validation sheetpipe" : "sheetpipe validation report")
        lines.append(
            fr
                ? "\(files.count) fichier(s), \(total.rowsIn) lignes : \(total.rowsValid) valides, \(total.rowsInvalid) invalides — \(total.errors) erreur(s), \(total.warnings) avertissement(s)"
                : "\(files.count) file(s), \(total.rowsIn) rows: \(total.rowsValid) valid, \(total.rowsInvalid) invalid — \(total.errors) error(s), \(total.warnings) warning(s)"
        )
        lines.append(
            valid ? (fr ? "Résultat : VALIDE" : "Result: VALID") : (fr ? "Résultat : NON VALIDE" : "Result: NOT VALID"))
        for file in files {
            lines.append("")
            let status = fr ? statusFR(file.status) : file.status.rawValue
            var heading = "\(file.path)"
            if let sheet = file.sheet { heading += fr ? " — feuille « \(sheet) »" : " — sheet '\(sheet)'" }
            if let schema = file.schema { heading += fr ? " — schéma \(schema)" : " — schema \(schema)" }
            lines.append(heading)
            lines.append(
                fr
                    ? "  \(status) : \(file.rowsIn) lignes, \(file.rowsValid) valides, \(file.rowsInvalid) invalides"
                    : "  \(status): \(file.rowsIn) rows, \(file.rowsValid) valid, \(file.rowsInvalid) invalid")
            if let error = file.error { lines.append("  \(error.message)") }
            if let header = file.headerRow {
                lines.append(fr ? "  en-tête ligne \(header)" : "  header on row \(header)")
            }
            // Counts by field × code, with the first examples.
            var groups: [String: [ValidationIssue]] = [:]
            var order: [String] = []
            for issue in file.issues where issue.severity != .info {
                let key = "\(issue.field ?? "-")\u{1F}\(issue.code)"
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(issue)
            }
            for key in order.sorted() {
                guard let group = groups[key], let first = group.first else { continue }
                lines.append(
                    "  \(first.field ?? "-") · \(first.code) × \(group.count) (\(severityName(first.severity, fr)))")
                for example in group.prefix(examples) {
                    lines.append(
                        "      \(example.location(language))\(example.value.map { " « \($0) »" } ?? "") : \(example.message.text(language))"
                    )
                }
            }
        }
        lines.append("")
        lines.append(fr ? "Toutes les anomalies" : "Every issue")
        for issue in issues {
            var line = "  [\(severityName(issue.severity, fr))] \(issue.file) \(issue.location(language))"
            if let field = issue.field { line += " \(field)" }
            line += " \(issue.code)"
            if let value = issue.value { line += " « \(value) »" }
            if let normalised = issue.normalised, normalised != issue.value { line += " → « \(normalised) »" }
            line += " — \(issue.message.text(language))"
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func statusFR(_ status: FileValidation.Status) -> String {
        switch status {
        case .accepted: return "accepté"
        case .partial: return "partiel"
        case .rejected: return "rejeté"
        case .unreadable: return "illisible"
        }
    }

    private func severityName(_ severity: Severity, _ fr: Bool) -> String {
        switch severity {
        case .error: return fr ? "erreur" : "error"
        case .warning: return fr ? "avertissement" : "warning"
        case .info: return "info"
        }
    }
}
