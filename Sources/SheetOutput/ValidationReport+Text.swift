import SheetSchema

/// The text log: a summary per file (counts by field × code with the first examples), then
/// every entry, one a line.
extension ValidationReport {
    func writeText(language: Language, examples: Int = 3, to drain: ([UInt8]) throws -> Void) throws {
        let fr = language == .fr
        var out = ReportBytes()
        // File names, sheet names and values as a terminal can show them.
        func line(_ text: String) {
            out.append(VisibleText.escapingControlCharacters(text))
            out.bytes.append(0x0A)
        }
        line(fr ? "Rapport de validation sheetpipe" : "sheetpipe validation report")
        line(
            fr
                ? "\(files.count) fichier(s), \(rowsIn) lignes : \(rowsValid) valides, \(rowsInvalid) invalides — \(count(.error)) erreur(s), \(count(.warning)) avertissement(s)"
                : "\(files.count) file(s), \(rowsIn) rows: \(rowsValid) valid, \(rowsInvalid) invalid — \(count(.error)) error(s), \(count(.warning)) warning(s)"
        )
        line(
            valid ? (fr ? "Résultat : VALIDE" : "Result: VALID") : (fr ? "Résultat : NON VALIDE" : "Result: NOT VALID"))
        for file in files {
            line("")
            var heading = "\(file.path)"
            if let sheet = file.sheet { heading += fr ? " — feuille « \(sheet) »" : " — sheet '\(sheet)'" }
            if let schema = file.schema { heading += fr ? " — schéma \(schema)" : " — schema \(schema)" }
            line(heading)
            let status = file.status.name(language)
            line(
                fr
                    ? "  \(status) : \(file.rowsIn) lignes, \(file.rowsValid) valides, \(file.rowsInvalid) invalides"
                    : "  \(status): \(file.rowsIn) rows, \(file.rowsValid) valid, \(file.rowsInvalid) invalid")
            if let error = file.error { line("  \(error.message)") }
            if let header = file.headerRow { line(fr ? "  en-tête ligne \(header)" : "  header on row \(header)") }
            // Counts by field × code, with the first examples.
            let groups = file.issues.summary.groups
            for key in groups.keys.sorted() {
                guard let group = groups[key], group.severity != .info else { continue }
                line("  \(key.field ?? "-") · \(key.code) × \(group.count) (\(group.severity.name(language)))")
                for example in group.examples.prefix(examples) {
                    line(
                        "      \(example.location(language))\(example.value.map { " « \($0) »" } ?? "") : \(example.message.text(language))"
                    )
                }
            }
        }
        line("")
        line(fr ? "Toutes les anomalies" : "Every issue")
        try forEachEntry { issue in
            var text = "  [\(issue.severity.name(language))] \(issue.file) \(issue.location(language))"
            if let field = issue.field { text += " \(field)" }
            text += " \(issue.code)"
            if let value = issue.value { text += " « \(value) »" }
            if let normalised = issue.normalised, normalised != issue.value { text += " → « \(normalised) »" }
            text += " — \(issue.message.text(language))"
            if issue.count > 1 { text += fr ? " (× \(issue.count) cellules)" : " (× \(issue.count) cells)" }
            line(text)
            try out.drainIfFull(drain)
        }
        try out.finish(drain)
    }
}

extension FileValidation.Status {
    /// The status as a reviewer reads it.
    func name(_ language: Language) -> String {
        guard language == .fr else { return rawValue }
        switch self {
        case .accepted: return "accepté"
        case .partial: return "partiel"
        case .rejected: return "rejeté"
        case .unreadable: return "illisible"
        }
    }
}

extension Severity {
    /// The severity as a reviewer reads it.
    func name(_ language: Language) -> String {
        switch self {
        case .error: return language == .fr ? "erreur" : "error"
        case .warning: return language == .fr ? "avertissement" : "warning"
        case .info: return "info"
        }
    }
}
