import SheetSchema

/// The HTML page: what a reviewer works from, human-sized whatever the number of issues.
extension ValidationReport {
    /// A self-contained page: the result, a summary of the files (status, rows, issues, links to
    /// each file's part and feedback workbook), then per file × field × code the count and the
    /// first examples (`htmlExamples`), with filters and a search, and a link to the complete log.
    /// The complete list of entries lives in JSON, JSONL and CSV. All text is escaped; the only
    /// script and style are `ReportPageAssets`', allowed by hash; no external resource.
    func writeHTML(language: Language, to drain: ([UInt8]) throws -> Void) throws {
        let fr = language == .fr
        var out = ReportBytes()
        let verdict = valid ? (fr ? "VALIDE" : "VALID") : (fr ? "NON VALIDE" : "NOT VALID")
        out.append(
            """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="\(ReportPageAssets.contentSecurityPolicy)">
            <title>\(fr ? "Rapport de validation" : "Validation report") — \(verdict)</title>
            <style>\(ReportPageAssets.style)</style>
            </head><body>
            <a class="skip" href="#issues">\(fr ? "Aller aux anomalies" : "Skip to the issues")</a>
            <main>

            """)
        out.append("<h1>\(fr ? "Rapport de validation sheetpipe" : "sheetpipe validation report")</h1>\n")
        out.append("<p class=\"\(valid ? "ok" : "error")\"><strong>")
        out.append(fr ? "Résultat : \(verdict)" : "Result: \(verdict)")
        out.append(
            "</strong> — \(files.count) \(fr ? "fichier(s)" : "file(s)"), \(rowsIn) \(fr ? "lignes" : "rows") : "
                + "\(rowsValid) \(fr ? "valides" : "valid"), \(rowsInvalid) \(fr ? "invalides" : "invalid"), "
                + "\(count(.error)) \(fr ? "erreur(s)" : "error(s)"), \(count(.warning)) \(fr ? "avertissement(s)" : "warning(s)"), "
                + "\(count(.info)) info(s)</p>\n")
        out.append(completeLogParagraph(language))
        appendSummary(language, to: &out)
        out.append(
            "<h2 id=\"issues\">\(fr ? "Anomalies par fichier, champ et code" : "Issues by file, field and code")</h2>\n"
        )
        appendFilters(language, to: &out)
        if !files.contains(where: { !$0.issues.summary.groups.isEmpty }) {
            out.append("<p>\(fr ? "Aucune anomalie." : "No issue.")</p>\n")
        }
        for (index, file) in files.enumerated() {
            appendSection(of: file, index: index, language, to: &out)
            try out.drainIfFull(drain)
        }
        out.append("</main>\n<script>\(ReportPageAssets.script)</script>\n</body></html>\n")
        try out.finish(drain)
    }

    /// One row per file: status, rows, issues by severity, links to its part and its workbook.
    private func appendSummary(_ language: Language, to out: inout ReportBytes) {
        let fr = language == .fr
        let escape = MarkupText.escape
        out.append(
            "<h2 id=\"summary\">\(fr ? "Résumé par fichier" : "Summary by file")</h2>\n<table>"
                + "<caption>\(fr ? "Fichiers lus : statut, lignes, anomalies et liens" : "Files read: status, rows, issues and links")</caption>\n"
                + "<thead><tr><th scope=\"col\" class=\"file\">\(fr ? "Fichier" : "File")</th>"
                + "<th scope=\"col\" class=\"status\">\(fr ? "Statut" : "Status")</th>"
                + "<th scope=\"col\" class=\"rows\">\(fr ? "Lignes" : "Rows")</th>"
                + "<th scope=\"col\" class=\"issues\">\(fr ? "Anomalies" : "Issues")</th>"
                + "<th scope=\"col\">\(fr ? "Liens" : "Links")</th></tr></thead>\n<tbody>\n")
        for (index, file) in files.enumerated() {
            let summary = file.issues.summary
            var links: [String] = []
            if !summary.groups.isEmpty {
                links.append(
                    "<a href=\"#file-\(index)\">\(fr ? "Détail" : "Details") (\(summary.groups.count) \(fr ? "groupe(s)" : "group(s)"))</a>"
                )
            }
            if let workbook = feedbackLink(file, language) { links.append(workbook) }
            out.append(
                "<tr><th scope=\"row\"><code>\(escape(file.path))</code>\(fileDetail(file, language))</th>"
                    + "<td>\(file.status.name(language))\(file.error.map { "<p class=\"detail error\">\(escape(Self.shortened($0.message, to: 500)))</p>" } ?? "")</td>"
                    + "<td><ul class=\"lines\"><li>\(file.rowsIn) \(fr ? "lues" : "read")</li>"
                    + "<li>\(file.rowsValid) \(fr ? "valides" : "valid")</li>"
                    + "<li>\(file.rowsInvalid) \(fr ? "invalides" : "invalid")</li></ul></td>"
                    + "<td><ul class=\"lines\"><li class=\"error\">\(summary.count(.error)) \(fr ? "erreur(s)" : "error(s)")</li>"
                    + "<li class=\"warning\">\(summary.count(.warning)) \(fr ? "avertissement(s)" : "warning(s)")</li>"
                    + "<li class=\"info\">\(summary.count(.info)) info(s)</li></ul></td>"
                    + "<td>\(links.isEmpty ? "—" : "<ul class=\"lines\">" + links.map { "<li>\($0)</li>" }.joined() + "</ul>")</td></tr>\n"
            )
        }
        out.append("</tbody></table>\n")
    }

    /// The sheet and schema under a file's name.
    private func fileDetail(_ file: FileValidation, _ language: Language) -> String {
        let fr = language == .fr
        var parts: [String] = []
        if let sheet = file.sheet { parts.append("\(fr ? "feuille" : "sheet") « \(MarkupText.escape(sheet)) »") }
        if let schema = file.schema { parts.append("\(fr ? "schéma" : "schema") \(MarkupText.escape(schema))") }
        return parts.isEmpty ? "" : "<p class=\"detail\">\(parts.joined(separator: " · "))</p>"
    }

    /// The link to a file's feedback workbook, when it has one.
    private func feedbackLink(_ file: FileValidation, _ language: Language) -> String? {
        guard let workbook = feedbackWorkbooks[file.path] else { return nil }
        return "<a href=\"\(MarkupText.escape(RelativeLink.href(workbook)))\">"
            + "\(language == .fr ? "Classeur de retour" : "Feedback workbook") (XLSX)</a>"
    }

    /// Severity, file, code and search; hidden until the script shows it (without JavaScript,
    /// every row is shown and there is nothing to filter with).
    private func appendFilters(_ language: Language, to out: inout ReportBytes) {
        let fr = language == .fr
        let escape = MarkupText.escape
        out.append(
            "<form id=\"filters\" class=\"filters\" role=\"search\" hidden "
                + "aria-label=\"\(fr ? "Filtrer les anomalies" : "Filter the issues")\">\n"
                + "<label for=\"filter-severity\">\(fr ? "Gravité" : "Severity")"
                + "<select id=\"filter-severity\" name=\"severity\"><option value=\"\">\(fr ? "Toutes" : "All")</option>"
        )
        for severity in [Severity.error, .warning, .info] {
            out.append("<option value=\"\(severity.rawValue)\">\(severity.name(language))</option>")
        }
        out.append(
            "</select></label>\n<label for=\"filter-file\">\(fr ? "Fichier" : "File")"
                + "<select id=\"filter-file\" name=\"file\"><option value=\"\">\(fr ? "Tous" : "All")</option>")
        for (index, file) in files.enumerated() where !file.issues.summary.groups.isEmpty {
            let name = file.sheet.map { "\(file.path) — \($0)" } ?? file.path
            out.append("<option value=\"\(index)\">\(escape(Self.shortened(name, to: 120)))</option>")
        }
        out.append(
            "</select></label>\n<label for=\"filter-code\">Code"
                + "<select id=\"filter-code\" name=\"code\"><option value=\"\">\(fr ? "Tous" : "All")</option>")
        let codes = Set(files.flatMap { $0.issues.summary.groups.keys.map(\.code) }).sorted()
        for code in codes { out.append("<option value=\"\(escape(code))\">\(escape(code))</option>") }
        out.append(
            "</select></label>\n<label for=\"filter-search\">\(fr ? "Rechercher" : "Search")"
                + "<input id=\"filter-search\" name=\"search\" type=\"search\" autocomplete=\"off\"></label>\n"
                + "<button type=\"reset\">\(fr ? "Tout afficher" : "Show all")</button>\n"
                + "<p id=\"filter-status\" role=\"status\" data-template=\""
                + "\(fr ? "{shown} groupe(s) affiché(s) sur {total}" : "{shown} of {total} group(s) shown")\"></p>\n"
                + "</form>\n")
    }

    /// A file's issues by field × code, the most serious first: the count and the first examples.
    private func appendSection(of file: FileValidation, index: Int, _ language: Language, to out: inout ReportBytes) {
        let groups = file.issues.summary.groups.sorted { left, right in
            left.value.severity != right.value.severity
                ? left.value.severity > right.value.severity : left.key < right.key
        }
        guard !groups.isEmpty else { return }
        let fr = language == .fr
        let escape = MarkupText.escape
        let path = escape(file.path)
        var about = [
            "\(fr ? "statut" : "status") : \(file.status.name(language))",
            "\(file.rowsIn) \(fr ? "lignes" : "rows"), \(file.rowsValid) \(fr ? "valides" : "valid"), "
                + "\(file.rowsInvalid) \(fr ? "invalides" : "invalid")",
        ]
        if let workbook = feedbackLink(file, language) { about.append(workbook) }
        out.append(
            "<section id=\"file-\(index)\" data-file=\"\(index)\" aria-labelledby=\"file-\(index)-title\">\n"
                + "<h3 id=\"file-\(index)-title\"><code>\(path)</code></h3>\(fileDetail(file, language))\n"
                + "<p class=\"detail\">\(about.joined(separator: " · "))</p>\n"
                + (file.error.map { "<p class=\"detail error\">\(escape(Self.shortened($0.message, to: 500)))</p>\n" }
                    ?? "")
                + "<table><caption>\(fr ? "Anomalies de" : "Issues of") <code>\(path)</code> "
                + "\(fr ? "par champ et code" : "by field and code")</caption>\n"
                + "<thead><tr><th scope=\"col\" class=\"severity\">\(fr ? "Gravité" : "Severity")</th>"
                + "<th scope=\"col\" class=\"field\">\(fr ? "Champ" : "Field")</th>"
                + "<th scope=\"col\" class=\"code\">Code</th><th scope=\"col\" class=\"count\">\(fr ? "Nombre" : "Count")</th>"
                + "<th scope=\"col\">\(fr ? "Premiers exemples" : "First examples")</th></tr></thead>\n<tbody>\n")
        for (key, group) in groups {
            var shown = group.examples.prefix(Self.htmlExamples).map { issue in
                "<li>\(escape(Self.exampleLocation(issue, language)))\(issue.value.map { " « \(escape(Self.shortened($0))) »" } ?? "") : "
                    + "\(escape(Self.shortened(issue.message.text(language), to: 500)))</li>"
            }.joined()
            let more = group.count - min(group.count, group.examples.count, Self.htmlExamples)
            if more > 0 {
                shown += fr ? "<li>… et \(more) autre(s)</li>" : "<li>… and \(more) more</li>"
            }
            let severity = group.severity.rawValue
            out.append(
                "<tr data-severity=\"\(severity)\" data-file=\"\(index)\" data-code=\"\(escape(key.code))\">"
                    + "<td class=\"severity \(severity)\">\(group.severity.name(language))</td>"
                    + "<td>\(escape(key.field ?? "-"))</td><td><code>\(escape(key.code))</code></td>"
                    + "<td class=\"count\">\(group.count)</td><td><ul class=\"examples\">\(shown)</ul></td></tr>\n")
        }
        out.append("</tbody></table>\n</section>\n")
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
        let links = completeLogs.map {
            "<a href=\"\(MarkupText.escape(RelativeLink.href($0)))\">\(MarkupText.escape($0))</a>"
        }
        .joined(separator: fr ? " ou " : " or ")
        return fr
            ? "<p>\(total) entrée(s) au total ; la liste complète : \(links).</p>\n"
            : "<p>\(total) entries in all; the complete list: \(links).</p>\n"
    }

    /// `Projets!F12`, with a sheet name of more than 60 characters cut (the file's part names it
    /// whole above its table).
    static func exampleLocation(_ issue: ValidationIssue, _ language: Language) -> String {
        guard let sheet = issue.sheet, sheet.utf8.count > 60 else { return issue.location(language) }
        var shown = issue
        shown.sheet = shortened(sheet, to: 60)
        return shown.location(language)
    }

    /// A value or message as the page shows it: at most `limit` characters (the complete logs
    /// hold it whole).
    static func shortened(_ value: String, to limit: Int = 200) -> String {
        // (Bytes first: most values are short, and counting a long one's characters walks it all.)
        value.utf8.count <= limit || value.count <= limit ? value : String(value.prefix(limit)) + "…"
    }
}
