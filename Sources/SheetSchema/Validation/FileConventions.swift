public import SheetReading

/// How a file's numbers and dates written as text are read, column by column: before its rows
/// are read, from the file alone (its delimiter); once they were, from what each column showed
/// (`SheetValidator` decides it, `FileValidation.secondReading` hands it back).
public struct FileConventions: Sendable, Equatable {
    /// The decimal separator of a column whose values show none: the dot in a comma-delimited
    /// CSV (a decimal comma there would have to be quoted), otherwise unknown.
    public var defaultDecimal: DecimalConvention
    /// Per schema field (in `schema.fields` order), the convention its column showed over the
    /// whole file; nil before the file was read.
    public var fields: [ColumnConvention]?

    /// What the file shows before its rows are read.
    public init(file: SpreadsheetFile) {
        defaultDecimal = file.csvDetails?.delimiter == UInt8(ascii: ",") ? .dot : .unknown
        fields = nil
    }

    /// Conventions decided from a whole file.
    init(defaultDecimal: DecimalConvention, fields: [ColumnConvention]?) {
        self.defaultDecimal = defaultDecimal
        self.fields = fields
    }

    /// How the field at `index` is read.
    func convention(ofField index: Int) -> ColumnConvention {
        fields?[index] ?? ColumnConvention(decimal: defaultDecimal)
    }
}
