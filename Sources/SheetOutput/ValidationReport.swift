import Foundation
public import SheetSchema

/// The validation log of a run, in the formats reviewers and tools read: a versioned JSON document
/// (its JSON Schema is docs/validation-report.schema.json), JSON Lines (one issue a line), CSV
/// (one issue a row) and a text summary then every issue, in French or English.
public struct ValidationReport: Sendable {
    public static let version = "1"
    public let files: [FileValidation]
    /// Every file's issues, in order (made once: each format and count reads them).
    public let issues: [ValidationIssue]

    public init(files: [FileValidation]) {
        self.files = files
        issues = files.flatMap(\.issues)
    }

    /// No error anywhere and every file read.
    public var valid: Bool {
        !files.contains { $0.status == .unreadable || $0.status == .rejected }
            && !issues.contains { $0.severity == .error }
    }

    public func count(_ severity: Severity) -> Int { issues.reduce(0) { $0 + ($1.severity == severity ? 1 : 0) } }

    // MARK: JSON

    /// Counts by code and by file × field × code.
    struct Summary {
        var byCode: [String: Int] = [:]
        /// file → field (or "-") → code → count.
        var byFile: [String: [String: [String: Int]]] = [:]
    }

    var summary: Summary {
        var summary = Summary()
        for issue in issues {
            summary.byCode[issue.code, default: 0] += 1
            summary.byFile[issue.file, default: [:]][issue.field ?? "-", default: [:]][issue.code, default: 0] += 1
        }
        return summary
    }

    var rowsIn: Int { files.reduce(0) { $0 + $1.rowsIn } }
    var rowsValid: Int { files.reduce(0) { $0 + $1.rowsValid } }
    var rowsInvalid: Int { files.reduce(0) { $0 + $1.rowsInvalid } }

    /// The report document, keys in alphabetical order, two-space indentation; the issues are
    /// written one per line, in place (reports of large files hold hundreds of thousands).
    public func json() throws -> String {
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
        let summary = self.summary
        let byFile: [(String, OrderedJSON)] = summary.byFile.keys.sorted().map { name in
            let fields = summary.byFile[name]!
            return (name, .object(fields.keys.sorted().map { ($0, counts(fields[$0]!)) }, .block))
        }
        let document = OrderedJSON.object(
            [
                ("files", .array(files.map(file), .block)),
                ("issues", .renderedElements(count: issues.count) { Self.appendJSON(issues[$0], to: &$1) }),
                ("report_version", .string(Self.version)),
                (
                    "summary",
                    .object(
                        [
                            ("by_code", counts(summary.byCode)), ("by_file", .object(byFile, .block)),
                            ("errors", .number(count(.error))), ("infos", .number(count(.info))),
                            ("rows_in", .number(rowsIn)), ("rows_invalid", .number(rowsInvalid)),
                            ("rows_valid", .number(rowsValid)), ("warnings", .number(count(.warning))),
                        ], .block)
                ),
                ("valid", .bool(valid)),
            ], .block)
        return String(
            decoding: document.bytes(style: .validationLog, capacity: 256 + issues.count * 256), as: UTF8.self)
    }

    /// One issue as a compact JSON object, keys in alphabetical order; absent properties left out.
    static func appendJSON(_ issue: ValidationIssue, to out: inout [UInt8]) {
        var first = true
        func key(_ name: String) {
            out.append(contentsOf: (first ? "{\"" : ",\"").utf8)
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: "\":".utf8)
            first = false
        }
        func text(_ name: String, _ value: String?) {
            guard let value else { return }
            key(name)
            JsonText.appendString(value, to: &out)
        }
        text("cell", issue.cell)
        text("code", issue.code)
        text("field", issue.field)
        text("file", issue.file)
        key("message")
        out.append(contentsOf: "{\"en\":".utf8)
        JsonText.appendString(issue.message.en, to: &out)
        out.append(contentsOf: ",\"fr\":".utf8)
        JsonText.appendString(issue.message.fr, to: &out)
        out.append(UInt8(ascii: "}"))
        text("normalised", issue.normalised)
        if let row = issue.row {
            key("row")
            out.append(contentsOf: String(row).utf8)
        }
        text("severity", issue.severity.rawValue)
        text("sheet", issue.sheet)
        text("value", issue.value)
        out.append(UInt8(ascii: "}"))
    }

    public func jsonLines() throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(issues.count * 256)
        for issue in issues {
            Self.appendJSON(issue, to: &out)
            out.append(0x0A)
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: CSV

    public func csv(language: Language) -> String {
        var bytes: [UInt8] = []
        func line(_ fields: [String]) { CsvFieldWriter.appendRecord(fields, lineEnd: [0x0A], to: &bytes) }
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
        lines.append(fr ? "Rapport de validation sheetpipe" : "sheetpipe validation report")
        lines.append(
            fr
                ? "\(files.count) fichier(s), \(rowsIn) lignes : \(rowsValid) valides, \(rowsInvalid) invalides — \(count(.error)) erreur(s), \(count(.warning)) avertissement(s)"
                : "\(files.count) file(s), \(rowsIn) rows: \(rowsValid) valid, \(rowsInvalid) invalid — \(count(.error)) error(s), \(count(.warning)) warning(s)"
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
        // File names, sheet names and values as a terminal can show them.
        return lines.map { VisibleText.escapingControlCharacters($0) }.joined(separator: "\n") + "\n"
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

extension ValidationReport {
    /// A self-contained HTML page: the summary (files, then counts by field × code with the first
    /// examples), then every issue. All text is escaped; no script, no external resource.
    public func html(language: Language, examples: Int = 3) -> String {
        let fr = language == .fr
        let escape = MarkupText.escape
        func severity(_ value: Severity) -> String {
            switch value {
            case .error: return fr ? "erreur" : "error"
            case .warning: return fr ? "avertissement" : "warning"
            case .info: return "info"
            }
        }
        func status(_ value: FileValidation.Status) -> String {
            guard fr else { return value.rawValue }
            switch value {
            case .accepted: return "accepté"
            case .partial: return "partiel"
            case .rejected: return "rejeté"
            case .unreadable: return "illisible"
            }
        }
        var html = """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <title>\(fr ? "Rapport de validation" : "Validation report")</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
            td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}th{background:#f3f3f3}
            .error{color:#a00}.warning{color:#a60}.info{color:#555}.ok{color:#070}code{font-size:.95em}
            </style></head><body>

            """
        html += "<h1>\(fr ? "Rapport de validation sheetpipe" : "sheetpipe validation report")</h1>\n"
        html += "<p class=\"\(valid ? "ok" : "error")\"><strong>"
        html +=
            valid ? (fr ? "Résultat : VALIDE" : "Result: VALID") : (fr ? "Résultat : NON VALIDE" : "Result: NOT VALID")
        html += "</strong> — \(files.count) \(fr ? "fichier(s)" : "file(s)"), \(rowsIn) \(fr ? "lignes" : "rows") : "
        html += "\(rowsValid) \(fr ? "valides" : "valid"), \(rowsInvalid) \(fr ? "invalides" : "invalid"), "
        html +=
            "\(count(.error)) \(fr ? "erreur(s)" : "error(s)"), \(count(.warning)) \(fr ? "avertissement(s)" : "warning(s)")</p>\n"
        html +=
            "<table><tr><th>\(fr ? "Fichier" : "File")</th><th>\(fr ? "Feuille" : "Sheet")</th><th>\(fr ? "Schéma" : "Schema")</th>"
        html +=
            "<th>\(fr ? "Statut" : "Status")</th><th>\(fr ? "Lignes" : "Rows")</th><th>\(fr ? "Valides" : "Valid")</th>"
        html += "<th>\(fr ? "Invalides" : "Invalid")</th></tr>\n"
        for file in files {
            html +=
                "<tr><td><code>\(escape(file.path))</code></td><td>\(escape(file.sheet ?? ""))</td><td>\(escape(file.schema ?? ""))</td>"
            html +=
                "<td>\(status(file.status))\(file.error.map { "<br><span class=\"error\">\(escape($0.message))</span>" } ?? "")</td>"
            html += "<td>\(file.rowsIn)</td><td>\(file.rowsValid)</td><td>\(file.rowsInvalid)</td></tr>\n"
        }
        html += "</table>\n"
        for file in files {
            var groups: [String: [ValidationIssue]] = [:]
            for issue in file.issues where issue.severity != .info {
                groups["\(issue.field ?? "-")\u{1F}\(issue.code)", default: []].append(issue)
            }
            guard !groups.isEmpty else { continue }
            html +=
                "<h2><code>\(escape(file.path))</code></h2>\n<table><tr><th>\(fr ? "Champ" : "Field")</th><th>Code</th>"
            html += "<th>\(fr ? "Nombre" : "Count")</th><th>\(fr ? "Exemples" : "Examples")</th></tr>\n"
            for key in groups.keys.sorted() {
                guard let group = groups[key], let first = group.first else { continue }
                let shown = group.prefix(examples).map { issue in
                    "\(escape(issue.location(language)))\(issue.value.map { " « \(escape($0)) »" } ?? "") : \(escape(issue.message.text(language)))"
                }.joined(separator: "<br>")
                html +=
                    "<tr class=\"\(first.severity.rawValue)\"><td>\(escape(first.field ?? "-"))</td><td>\(escape(first.code))</td>"
                html += "<td>\(group.count)</td><td>\(shown)</td></tr>\n"
            }
            html += "</table>\n"
        }
        html +=
            "<h2>\(fr ? "Toutes les anomalies" : "Every issue")</h2>\n<table><tr><th>\(fr ? "Gravité" : "Severity")</th>"
        html +=
            "<th>\(fr ? "Fichier" : "File")</th><th>\(fr ? "Emplacement" : "Location")</th><th>\(fr ? "Champ" : "Field")</th><th>Code</th>"
        html += "<th>\(fr ? "Valeur" : "Value")</th><th>\(fr ? "Normalisée" : "Normalised")</th><th>Message</th></tr>\n"
        for issue in issues {
            html +=
                "<tr class=\"\(issue.severity.rawValue)\"><td>\(severity(issue.severity))</td><td><code>\(escape(issue.file))</code></td>"
            html +=
                "<td>\(escape(issue.location(language)))</td><td>\(escape(issue.field ?? ""))</td><td>\(escape(issue.code))</td>"
            html += "<td>\(escape(issue.value ?? ""))</td><td>\(escape(issue.normalised ?? ""))</td>"
            html += "<td>\(escape(issue.message.text(language)))</td></tr>\n"
        }
        html += "</table>\n</body></html>\n"
        return html
    }
}
