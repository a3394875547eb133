import SheetReading

/// A cell that showed something of its column's convention: where, and what it held.
struct ConventionCell {
    var row: Int
    var column: Int
    var value: String

    var reference: String { CellReference.name(row: row, column: column) }
}

/// What one column showed of its convention as the file's rows were read: the first cell of
/// each kind of evidence (later ones add nothing: the verdict needs only which kinds were seen).
struct ColumnEvidence {
    var dotDecimal: ConventionCell?
    var commaDecimal: ConventionCell?
    var dayFirst: ConventionCell?
    var monthFirst: ConventionCell?
    /// The first value whose reading depends on the convention (`1.234`, `03/04/2024`).
    var ambiguous: ConventionCell?

    /// Keeps the cell when it is the first of its kind (a text is made only then).
    mutating func record(_ evidence: ConventionEvidence, row: Int, column: Int, value: String?) {
        func keep(_ slot: inout ConventionCell?) {
            if slot == nil { slot = ConventionCell(row: row, column: column, value: value ?? "") }
        }
        switch evidence {
        case .none: return
        case .ambiguous: keep(&ambiguous)
        case .dotDecimal: keep(&dotDecimal)
        case .commaDecimal: keep(&commaDecimal)
        case .dayFirst: keep(&dayFirst)
        case .monthFirst: keep(&monthFirst)
        }
    }

    /// The convention the whole column shows: its cells' when they agree, `disputed` (numbers)
    /// or day first (dates, the French rule) when they do not, the file's default when they
    /// show nothing.
    func decided(defaultDecimal: DecimalConvention) -> ColumnConvention {
        let decimal: DecimalConvention
        switch (dotDecimal != nil, commaDecimal != nil) {
        case (true, true): decimal = .disputed
        case (true, false): decimal = .dot
        case (false, true): decimal = .comma
        case (false, false): decimal = defaultDecimal
        }
        let order: DateOrder = monthFirst != nil && dayFirst == nil ? .monthFirst : .dayFirst
        return ColumnConvention(decimal: decimal, dateOrder: order)
    }
}
