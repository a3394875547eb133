public import SheetReading

/// A row read as a header: its columns matched to the schema's fields.
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
    public var duplicateColumns: [DuplicateColumn]
    /// Distinct fields matched.
    public var score: Int
    /// Unmatched columns whose header reads as several fields, or as a field another column holds
    /// or also reads as: those fields, for the suggestion (never a mapping).
    public var candidates: [Int: [String]] = [:]

    /// A column whose header answers to a field an earlier column already took.
    public struct DuplicateColumn: Sendable, Equatable {
        /// The column (0-based).
        public var column: Int
        /// The field both columns answer to.
        public var field: String
        /// The column (0-based) that took the field first.
        public var first: Int
    }
}

/// Finds the header row (it may sit under title rows) and maps its columns to the schema's fields
/// by name, title and labels: their exact keys first (accents, case, punctuation), then the words
/// people write otherwise (`HeaderIndex`: `H.T.`, `N°`, `du projet`, `(€)`). A column matches one
/// field at most; a field is taken by one column at most: two columns whose headers are exact keys
/// of one field are a duplicate, two that only read as it (or one reading as a field another
/// column names exactly) are left unmatched with the field suggested.
public enum HeaderMatcher {
    /// How many rows may stand above the header.
    public static let rowsToSearch = 20

    /// The columns of `row` matched to the schema's fields, as if it were the header.
    public static func match(_ row: Row, schema: TableSchema) -> HeaderMatch {
        match(row, index: HeaderIndex(schema))
    }

    /// The same, with the schema's headers read already (once for the rows searched).
    static func match(_ row: Row, index: HeaderIndex) -> HeaderMatch {
        var columns: [Int: String] = [:]
        var labels: [Int: String] = [:]
        var unknown: [Int] = []
        var duplicates: [HeaderMatch.DuplicateColumn] = []
        var firstColumnOfField: [String: Int] = [:]
        var candidates: [Int: [String]] = [:]
        /// Field → the columns that only read as it.
        var read: [String: [Int]] = [:]
        var readOrder: [String] = []
        for cell in row.cells where cell.kind == .text {
            let column = Int(cell.column)
            let text = row.text(of: cell)
            labels[column] = text
            guard let field = index.exactField(key: TextKey.make(text)) else {
                switch index.reading(text) {
                case .field(let field):
                    if read[field] == nil { readOrder.append(field) }
                    read[field, default: []].append(column)
                case .ambiguous(let fields):
                    candidates[column] = fields
                    unknown.append(column)
                case .none:
                    unknown.append(column)
                }
                continue
            }
            if let first = firstColumnOfField[field] {
                duplicates.append(HeaderMatch.DuplicateColumn(column: column, field: field, first: first))
            } else {
                firstColumnOfField[field] = column
                columns[column] = field
            }
        }
        for field in readOrder {
            let reading = read[field] ?? []
            if reading.count == 1, let column = reading.first, firstColumnOfField[field] == nil {
                firstColumnOfField[field] = column
                columns[column] = field
                continue
            }
            // Read as a field another column has, or several columns reading as one field: which
            // one holds it is a guess, so none does.
            for column in reading {
                candidates[column] = [field]
                unknown.append(column)
            }
        }
        unknown.sort()
        return HeaderMatch(
            row: row.number, columns: columns, labels: labels, unknownColumns: unknown, duplicateColumns: duplicates,
            score: Set(columns.values).count, candidates: candidates)
    }

    /// A header names at least two fields, and either half the required ones or half of its own
    /// labels (a file with only some of the columns still has a header; they are reported missing).
    public static func isPlausible(_ match: HeaderMatch, schema: TableSchema) -> Bool {
        let required = schema.fields.filter(\.constraints.required).count
        return isPlausible(score: match.score)
            && (match.score * 2 >= required || match.score * 2 >= match.labels.count)
    }

    /// Whether a row naming `score` distinct fields may be a header at all (at least two): what
    /// sheet choice asks of a sheet's best row, before one is chosen.
    static func isPlausible(score: Int) -> Bool { score >= 2 }
}
