public import SheetReading

/// Finds the header row (it may sit under title rows) and maps its columns to the schema's fields
/// by name, title and labels, after key normalisation (accents, case, punctuation, `N°`, `(€)`).
public struct HeaderMatch: Sendable {
    /// Row number of the header (as a person sees it).
    public var row: Int
    /// Column (0-based) → field name.
    public var columns: [Int: String]
    /// Header texts by column, as found.
    public var labels: [Int: String]
    /// Columns whose header no field answers to.
    public var unknownColumns: [Int]
    /// Columns answering to a field another column already took.
    public var duplicateColumns: [(column: Int, field: String, first: Int)]
    /// Distinct fields matched.
    public var score: Int
}

public enum HeaderMatcher {
    /// How many rows may stand above the header.
    public static let rowsToSearch = 20

    public static func match(_ row: Row, schema: TableSchema) -> HeaderMatch {
        var keyToField: [String: String] = [:]
        for field in schema.fields {
            for key in field.headerKeys where keyToField[key] == nil { keyToField[key] = field.name }
        }
        var columns: [Int: String] = [:]
        var labels: [Int: String] = [:]
        var unknown: [Int] = []
        var duplicates: [(Int, String, Int)] = []
        var firstColumnOfField: [String: Int] = [:]
        for cell in row.cells where cell.kind == .text {
            let column = Int(cell.column)
            let text = row.text(of: cell)
            labels[column] = text
            guard let field = keyToField[TextKey.make(text)] else {
                unknown.append(column)
                continue
            }
            if let first = firstColumnOfField[field] {
                duplicates.append((column, field, first))
            } else {
                firstColumnOfField[field] = column
                columns[column] = field
            }
        }
        return HeaderMatch(
            row: row.number, columns: columns, labels: labels, unknownColumns: unknown, duplicateColumns: duplicates,
            score: Set(columns.values).count)
    }

    /// A header names at least two fields, and either half the required ones or half of its own
    /// labels (a file with only some of the columns still has a header; they are reported missing).
    public static func isPlausible(_ match: HeaderMatch, schema: TableSchema) -> Bool {
        let required = schema.fields.filter(\.constraints.required).count
        return match.score >= 2 && (match.score * 2 >= required || match.score * 2 >= match.labels.count)
    }
}
