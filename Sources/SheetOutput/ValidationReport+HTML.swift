import SheetSchema

/// The HTML page: a reviewer's summary, human-sized whatever the number of issues.
extension ValidationReport {
    /// A self-contained page: the result and the files, then per file × field × code the count
    /// and the first examples (`htmlExamples`), with a link to the complete log. The complete
    /// list of entries lives in JSON, JSONL and CSV. All text is escaped; no script, no
    /// external resource.
    func writeHTML(language: Language, to drain: ([UInt8]) throws -> Void) throws {
        let fr = language == .fr
        let escape = MarkupText.escape
        var out = ReportBytes()
        out.append(
            """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <title>\(fr ? "Rapport de validation" : "Validation report")</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}
            td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}th{background:#f3f3f3}
            .error{color:#a00}.warning{color:#a60}.info{color:#555}.ok{color:#070}code{font-size:.95em}
            td.count{text-align:right}ul.examples{margin:0;padding-left:1.2em}
            </style></head><body>

            """)
        out.append("<h1>\(fr ? "Rapport de validation sheetpipe" : "sheetpipe validation report")</h1>\n")
        out.append("<p class=\"\(valid ? "ok" : "error")\"><strong>")
        out.append(
            valid ? (fr ? "Résultat : VALIDE" : "Result: VALID") : (fr ? "Résultat : NON VALIDE" : "Result: NOT VALID"))
        out.append(
            "</strong> — \(files.count) \(fr ? "fichier(s)" : "file(s)"), \(rowsIn) \(fr ? "lignes" : "rows") : "
                + "\(rowsValid) \(fr ? "valides" : "valid"), \(rowsInvalid) \(fr ? "invalides" : "invalid"), "
                + "\(count(.error)) \(fr ? "erreur(s)" : "error(s)"), \(count(.warning)) \(fr ? "avertissement(s)" : "warning(s)"), "
                + "\(count(.info)) info(s)</p>\n")
        out.append(completeLogParagraph(language))
        out.append(
            "<table><tr><th>\(fr ? "Fichier" : "File")</th><th>\(fr ? "Feuille" : "Sheet")</th><th>\(fr ? "Schéma" : "Schema")</th>"
                + "<th>\(fr ? "Statut" : "Status")</th><th>\(fr ? "Lignes" : "Rows")</th><th>\(fr ? "Valides" : "Valid")</th>"
                + "<th>\(fr ? "Invalides" : "Invalid")</th></tr>\n")
        for file in files {
            out.append(
                "<tr><td><code>\(escape(file.path))</code></td><td>\(escape(file.sheet ?? ""))</td><td>\(escape(file.schema ?? ""))</td>"
                    + "<td>\(file.status.name(language))\(file.error.map { "<br><span class=\"error\">\(escape($0.message))</span>" } ?? "")</td>"
                    + "<td>\(file.rowsIn)</td><td>\(file.rowsValid)</td><td>\(file.rowsInvalid)</td></tr>\n")
        }
        out.append("</table>\n")
        for file in files {
            let groups = file.issues.summary.groups
            guard !groups.isEmpty else { continue }
            // The most serious first, then by field and code.
            let keys = groups.keys.sorted { left, right in
                let (a, b) = (groups[left]!.severity, groups[right]!.severity)
                return a != b ? a > b : left < right
            }
            out.append(
                "<h2><code>\(escape(file.path))</code></h2>\n<table><tr><th>\(fr ? "Gravité" : "Severity")</th>"
                    + "<th>\(fr ? "Champ" : "Field")</th><th>Code</th><th>\(fr ? "Nombre" : "Count")</th>"
                    + "<th>\(fr ? "Premiers exemples" : "First examples")</th></tr>\n")
            for key in keys {
                let group = groups[key]!
                var shown = group.examples.prefix(Self.htmlExamples).map { issue in
                    "<li>\(escape(issue.location(language)))\(issue.value.map { " « \(escape(Self.shortened($0))) »" } ?? "") : \(escape(issue.message.text(language)))</li>"
                }.joined()
                let more = group.count - min(group.count, group.examples.count, Self.htmlExamples)
                if more > 0 {
                    shown += fr ? "<li>… et \(more) autre(s)</li>" : "<li>… and \(more) more</li>"
                }
                out.append(
                    "<tr class=\"\(group.severity.rawValue)\"><td>\(group.severity.name(language))</td>"
                        + "<td>\(escape(key.field ?? "-"))</td><td>\(escape(key.code))</td>"
                        + "<td class=\"count\">\(group.count)</td><td><ul class=\"examples\">\(shown)</ul></td></tr>\n")
            }
            out.append("</table>\n")
            try out.drainIfFull(drain)
        }
        out.append("</body></html>\n")
        try out.finish(drain)
    }

    /// Where the complete list is: the logs beside the page, or how to get one.
    private func completeLogParagraph(_ language: Language) -> String {
        let fr = language == .fr
        let total = entryCount
        guard !completeLogs.isEmpty else {
            return fr
                ? "<p>\(total) entrée(s) au total ; la liste complète : <code>sheetpipe validate --format jsonl</code> ou <code>--format csv</code>.</p>\n"
                : "<p>\(total) entries in all; the complete list: <code>sheetpipe validate --format jsonl</code> or <code>--format csv</code>.</p>\n"
        }
        let links = completeLogs.map { "<a href=\"\(MarkupText.escape($0))\">\(MarkupText.escape($0))</a>" }
            .joined(separator: fr ? " ou " : " or ")
        return fr
            ? "<p>\(total) entrée(s) au total ; la liste complète : \(links).</p>\n"
            : "<p>\(total) entries in all; the complete list: \(links).</p>\n"
    }

    /// A value as the page shows it: at most 200 characters.
    static func shortened(_ value: String) -> String {
        value.count <= 200 ? value : String(value.prefix(200)) + "…"
    }
}
