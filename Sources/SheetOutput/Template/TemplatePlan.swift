import SheetReading
public import SheetSchema

/// What a submitter's template holds, decided from a schema before anything is written: the
/// columns of the data sheet with their format and data validation, the lists behind the
/// dropdowns, the read-me text and the stamp. Plain values, tested without libxlsxwriter;
/// `TemplateWorkbook` writes them.
public struct TemplatePlan: Equatable, Sendable {
    public struct Column: Equatable, Sendable {
        /// The schema field.
        public var field: String
        /// The header: the field's French title (what `validate` matches), else its name.
        public var header: String
        public var width: Double
        /// The style of the column's data cells (its number format).
        public var style: XlsxCellStyle
        public var validation: XlsxValidation
        /// One line of the read-me table: label, description, type, required, allowed values, example.
        public var readme: [String]
    }

    /// A list on the hidden sheet, named for the dropdowns that use it.
    public struct List: Equatable, Sendable {
        /// The defined name (`Liste_code_region`).
        public var name: String
        public var title: String
        public var values: [String]
        /// Its column on the lists sheet.
        public var column: Int

        /// `=Listes!$A$2:$A$19`.
        public func range(sheet: String) -> String {
            let letters = CellReference.columnName(column)
            return "='\(sheet)'!$\(letters)$2:$\(letters)$\(values.count + 1)"
        }
    }

    public var schemaName: String
    public var schemaVersion: String?
    public var title: String
    public var language: Language
    public var readmeSheet: String
    public var dataSheet: String
    public var listsSheet: String
    public var columns: [Column]
    public var lists: [List]
    /// Lines above the read-me table: what the workbook is and how to submit it.
    public var instructions: [String]
    public var readmeHeader: [String]
    /// Rows of the data sheet that carry the validations and formats (after the header).
    public var rows: Int
    /// Custom document properties, in order: the stamp `validate` and `run` read back.
    public var properties: [(name: String, value: String)]

    public static func == (a: TemplatePlan, b: TemplatePlan) -> Bool {
        a.schemaName == b.schemaName && a.schemaVersion == b.schemaVersion && a.title == b.title
            && a.language == b.language && a.columns == b.columns && a.lists == b.lists
            && a.instructions == b.instructions && a.rows == b.rows
            && a.properties.map(\.name) == b.properties.map(\.name)
            && a.properties.map(\.value) == b.properties.map(\.value)
    }
}
