import SheetReading

/// Sheet and schema choice: the sheet named, or the visible worksheet whose header matches a
/// schema best (a header must be plausible: `HeaderMatcher.isPlausible(score:)`), else the first
/// visible one; among several schemas, the one whose header columns match best.
extension FileValidator {
    /// A sheet and schema chosen, and why (in both languages), with the header columns the
    /// schema matched when that decided.
    struct Choice {
        var sheet: SheetInfo
        var schema: Int
        var reason: String
        var reasonFR: String
        var matchingColumns: Int?
    }

    /// How well one schema's fields match a sheet's best header row.
    struct SchemaScore {
        /// The schema's position in `schemas`.
        var schema: Int
        /// Distinct fields its best row matched.
        var score: Int
    }

    /// `stamped`: the schema a template's stamp names, which only that schema's scores may pick.
    func chooseSheet(in file: SpreadsheetFile, stamped: Int?) throws(ReadError) -> Choice {
        if let sheet {
            let named = try file.chooseSheet(named: sheet)
            var choice = Choice(
                sheet: named.sheet, schema: 0, reason: named.reason,
                reasonFR: "feuille « \(named.sheet.name) » demandée")
            if schemas.count > 1 {
                let scores = peek(file, named.sheet)
                if let stamped {
                    choice.schema = stamped
                    choice.matchingColumns = scores[stamped].score
                } else if let best = scores.max(by: { $0.score < $1.score }) {
                    choice.schema = best.schema
                    choice.matchingColumns = best.score
                }
            }
            return choice
        }
        let fallback = try file.chooseSheet(named: nil)
        var choice = Choice(
            sheet: fallback.sheet, schema: 0, reason: fallback.reason,
            reasonFR: file.format == .csv
                ? "le tableau du fichier texte" : "feuille « \(fallback.sheet.name) », la première feuille visible")
        let candidates = file.sheets.filter { $0.visibility == .visible && $0.kind == .worksheet }
        guard candidates.count > 1 || schemas.count > 1 else { return choice }
        var best: (sheet: SheetInfo, score: SchemaScore)?
        for candidate in candidates {
            for score in peek(file, candidate)
            where score.score > (best?.score.score ?? 0) && (stamped == nil || score.schema == stamped) {
                best = (candidate, score)
            }
        }
        if let best, HeaderMatcher.isPlausible(score: best.score.score) {
            if best.sheet.name != choice.sheet.name {
                choice.reason = "sheet '\(best.sheet.name)', whose header matches the schema best"
                choice.reasonFR = "feuille « \(best.sheet.name) », dont l'en-tête correspond le mieux au schéma"
            }
            choice.sheet = best.sheet
            choice.schema = best.score.schema
            choice.matchingColumns = best.score.score
        }
        return choice
    }

    private struct EnoughRows: Error {}

    /// The best header score of each schema on a sheet's first rows.
    func peek(_ file: SpreadsheetFile, _ sheet: SheetInfo) -> [SchemaScore] {
        var rows: [Row] = []
        do {
            try file.readRows(of: sheet) { row in
                rows.append(row)
                if rows.count >= HeaderMatcher.rowsToSearch { throw EnoughRows() }
            }
        } catch {}
        return schemas.indices.map { index in
            let headers = HeaderIndex(schemas[index].schema)
            let best = rows.map { HeaderMatcher.match($0, index: headers).score }.max() ?? 0
            return SchemaScore(schema: index, score: best)
        }
    }
}
