/// The decimal separator a column's numbers are read with, as far as its file shows it.
public enum DecimalConvention: UInt8, Sendable {
    /// Nothing shown: `1,234` is read the French way (1.234) and `1.234` is ambiguous.
    case unknown
    /// `1234.56`: `1.234` is 1.234 and `1,234` is 1234.
    case dot
    /// `1234,56`: `1.234` is 1234 and `1,234` is 1.234.
    case comma
    /// The column shows both: its ambiguous numbers stay ambiguous.
    case disputed
}

/// The order of day and month in a column's dates written with numbers (`03/04/2024`).
public enum DateOrder: UInt8, Sendable {
    /// `25/03/2024`: the French order, read when a column shows nothing else.
    case dayFirst
    /// `03/25/2024`: as English-language tools write dates.
    case monthFirst
}

/// How one column's numbers and dates are read (one file, one field).
public struct ColumnConvention: Sendable, Equatable {
    /// For numbers.
    public var decimal: DecimalConvention
    /// For dates.
    public var dateOrder: DateOrder

    /// A convention (by default: nothing known, dates day first).
    public init(decimal: DecimalConvention = .unknown, dateOrder: DateOrder = .dayFirst) {
        self.decimal = decimal
        self.dateOrder = dateOrder
    }
}

/// What one value says, by itself, of its column's convention.
public enum ConventionEvidence: UInt8, Sendable {
    /// Nothing: `1234`, `1 234`, `2024-03-15`, `04/04/2024`.
    case none
    /// It reads one way or another depending on the column (`1.234`, `1,234`, `03/04/2024`).
    case ambiguous
    /// `12.5`, `1234.56`, `0.1234`, `1,234.56`: the dot is the decimal separator.
    case dotDecimal
    /// `12,5`, `1.234,56`, `1.234.567`: the comma is the decimal separator.
    case commaDecimal
    /// `25/03/2024`: a first number over 12.
    case dayFirst
    /// `03/25/2024`: a second number over 12.
    case monthFirst
}
