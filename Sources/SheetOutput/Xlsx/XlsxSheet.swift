internal import CXlsxWriter
import SheetReading

/// One worksheet of an `XlsxWriter`: typed cell writes, columns, panes, filters, validations,
/// comments, visibility and protection. Rows and columns count from 0. In constant-memory mode,
/// write each row's cells before the next row's.
public final class XlsxSheet {
    private let writer: XlsxWriter
    private let sheet: UnsafeMutablePointer<lxw_worksheet>
    public let name: String

    init(writer: XlsxWriter, sheet: UnsafeMutablePointer<lxw_worksheet>, name: String) {
        self.writer = writer
        self.sheet = sheet
        self.name = name
    }

    private func live() throws(XlsxWriteError) -> UnsafeMutablePointer<lxw_worksheet> {
        _ = try writer.open()
        return sheet
    }

    private func check(_ result: lxw_error, _ what: @autoclosure () -> String, row: Int, column: Int)
        throws(XlsxWriteError)
    {
        guard result != LXW_NO_ERROR else { return }
        try writer.check(result, what(), sheet: name, cell: CellReference.name(row: row, column: column))
    }

    private func check(_ result: lxw_error, _ what: @autoclosure () -> String) throws(XlsxWriteError) {
        guard result != LXW_NO_ERROR else { return }
        try writer.check(result, what(), sheet: name)
    }

    // MARK: Cells

    /// Always a string cell: text starting with `=` is shown as typed, never run as a formula.
    public func write(_ text: String, row: Int, column: Int, style: XlsxCellStyle = .plain) throws(XlsxWriteError) {
        let sheet = try live()
        let format = try writer.format(style)
        let result = text.withCString {
            worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(column), $0, format)
        }
        try check(result, "cannot write the text", row: row, column: column)
    }

    public func write(_ number: Double, row: Int, column: Int, style: XlsxCellStyle = .plain) throws(XlsxWriteError) {
        let result = worksheet_write_number(
            try live(), lxw_row_t(row), lxw_col_t(column), number, try writer.format(style))
        try check(result, "cannot write the number", row: row, column: column)
    }

    public func write(_ flag: Bool, row: Int, column: Int, style: XlsxCellStyle = .plain) throws(XlsxWriteError) {
        let result = worksheet_write_boolean(
            try live(), lxw_row_t(row), lxw_col_t(column), flag ? 1 : 0, try writer.format(style))
        try check(result, "cannot write the boolean", row: row, column: column)
    }

    /// A date (the style should carry a date number format, else Excel shows the serial number).
    public func write(_ date: XlsxDate, row: Int, column: Int, style: XlsxCellStyle) throws(XlsxWriteError) {
        var value = lxw_datetime(
            year: Int32(date.year), month: Int32(date.month), day: Int32(date.day), hour: 0, min: 0, sec: 0)
        let result = worksheet_write_datetime(
            try live(), lxw_row_t(row), lxw_col_t(column), &value, try writer.format(style))
        try check(result, "cannot write the date", row: row, column: column)
    }

    // MARK: Cells in a hot loop

    /// A string cell from NUL-terminated UTF-8 (at most `XlsxSheet.textLimit` characters):
    /// never a formula. An empty text writes no cell.
    @inline(__always)
    public func write(cString text: UnsafePointer<CChar>, row: Int, column: Int, format: XlsxFormat)
        throws(XlsxWriteError)
    {
        let result = worksheet_write_string(try live(), lxw_row_t(row), lxw_col_t(column), text, format.pointer)
        try check(result, "cannot write the text", row: row, column: column)
    }

    @inline(__always)
    public func write(number: Double, row: Int, column: Int, format: XlsxFormat) throws(XlsxWriteError) {
        let result = worksheet_write_number(try live(), lxw_row_t(row), lxw_col_t(column), number, format.pointer)
        try check(result, "cannot write the number", row: row, column: column)
    }

    @inline(__always)
    public func write(boolean flag: Bool, row: Int, column: Int, format: XlsxFormat) throws(XlsxWriteError) {
        let result = worksheet_write_boolean(
            try live(), lxw_row_t(row), lxw_col_t(column), flag ? 1 : 0, format.pointer)
        try check(result, "cannot write the boolean", row: row, column: column)
    }

    /// The most characters (Unicode scalars, as libxlsxwriter counts) a cell's text may hold.
    public static let textLimit = 32_767
    /// Rows in a worksheet, headers included.
    public static let rowLimit = 1_048_576

    /// An empty cell that carries a style (a fill, a number format for what will be typed).
    public func writeBlank(row: Int, column: Int, style: XlsxCellStyle) throws(XlsxWriteError) {
        let result = worksheet_write_blank(try live(), lxw_row_t(row), lxw_col_t(column), try writer.format(style))
        try check(result, "cannot write the blank cell", row: row, column: column)
    }

    /// A note on a cell (shown on hover), signed by `author` when given, in a box of `size`
    /// pixels (nil: Excel's default, 128 × 74).
    public func writeComment(
        _ text: String, row: Int, column: Int, author: String? = nil, size: (width: Int, height: Int)? = nil
    ) throws(XlsxWriteError) {
        let sheet = try live()
        var options = lxw_comment_options()
        if let size {
            options.width = UInt16(clamping: size.width)
            options.height = UInt16(clamping: size.height)
        }
        let result = XlsxText.xmlSafe(text).withCString { body in
            XlsxWriter.withOptionalCString(author.map(XlsxText.xmlSafe)) { author in
                options.author = author.map { UnsafeMutablePointer(mutating: $0) }
                return worksheet_write_comment_opt(sheet, lxw_row_t(row), lxw_col_t(column), body, &options)
            }
        }
        try check(result, "cannot write the comment", row: row, column: column)
    }

    /// A link (`https://…`, or `internal:'Feuille'!A1`), showing `text` when given (else the link).
    public func writeLink(_ url: String, text: String? = nil, row: Int, column: Int, style: XlsxCellStyle = .plain)
        throws(XlsxWriteError)
    {
        let sheet = try live()
        let format = try writer.format(style)
        let result = url.withCString { link in
            XlsxWriter.withOptionalCString(text) { shown in
                worksheet_write_url_opt(sheet, lxw_row_t(row), lxw_col_t(column), link, format, shown, nil)
            }
        }
        try check(result, "cannot write the link", row: row, column: column)
    }

    // MARK: Layout

    /// Width in characters of the default font; `style` applies to the column's empty cells.
    public func setColumn(_ column: Int, width: Double, style: XlsxCellStyle = .plain, hidden: Bool = false)
        throws(XlsxWriteError)
    {
        var options = lxw_row_col_options()
        options.hidden = hidden ? 1 : 0
        let result = worksheet_set_column_opt(
            try live(), lxw_col_t(column), lxw_col_t(column), width, try writer.format(style), &options)
        try check(result, "cannot set the column", row: 0, column: column)
    }

    public func setRowHeight(_ row: Int, height: Double, style: XlsxCellStyle = .plain) throws(XlsxWriteError) {
        let result = worksheet_set_row(try live(), lxw_row_t(row), height, try writer.format(style))
        try check(result, "cannot set the row", row: row, column: 0)
    }

    /// Rows above `row` and columns left of `column` stay in view.
    public func freezePanes(row: Int, column: Int) throws(XlsxWriteError) {
        worksheet_freeze_panes(try live(), lxw_row_t(row), lxw_col_t(column))
    }

    public func autofilter(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) throws(XlsxWriteError) {
        let result = worksheet_autofilter(
            try live(), lxw_row_t(firstRow), lxw_col_t(firstColumn), lxw_row_t(lastRow), lxw_col_t(lastColumn))
        try check(result, "cannot set the filter", row: firstRow, column: firstColumn)
    }

    /// The sheet Excel opens on.
    public func activate() throws(XlsxWriteError) { worksheet_activate(try live()) }

    /// Hidden (Format › Sheet › Unhide shows it again; libxlsxwriter 1.1.4 has no "very hidden").
    public func hide() throws(XlsxWriteError) { worksheet_hide(try live()) }

    /// Protected without a password: locked cells cannot be edited (a guard against slips, not a lock).
    public func protect() throws(XlsxWriteError) { worksheet_protect(try live(), nil, nil) }

    // MARK: Validation

    /// A data validation on the cells from (firstRow, column) to (lastRow, column).
    public func addValidation(_ validation: XlsxValidation, column: Int, firstRow: Int, lastRow: Int)
        throws(XlsxWriteError)
    {
        let sheet = try live()
        var options = lxw_data_validation()
        func criteria(_ minimum: Bool, _ maximum: Bool) -> UInt8 {
            switch (minimum, maximum) {
            case (true, true): UInt8(LXW_VALIDATION_CRITERIA_BETWEEN.rawValue)
            case (true, false): UInt8(LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO.rawValue)
            case (false, true): UInt8(LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO.rawValue)
            case (false, false): UInt8(LXW_VALIDATION_CRITERIA_BETWEEN.rawValue)
            }
        }
        func numbers(_ minimum: Double?, _ maximum: Double?) {
            options.criteria = criteria(minimum != nil, maximum != nil)
            switch (minimum, maximum) {
            case (let low?, let high?):
                options.minimum_number = low
                options.maximum_number = high
            case (let low?, nil): options.value_number = low
            case (nil, let high?): options.value_number = high
            case (nil, nil):
                // Any number: Excel needs bounds, the widest it knows.
                options.minimum_number = -1e307
                options.maximum_number = 1e307
            }
        }
        func datetime(_ date: XlsxDate) -> lxw_datetime {
            lxw_datetime(
                year: Int32(date.year), month: Int32(date.month), day: Int32(date.day), hour: 0, min: 0, sec: 0)
        }
        var listStrings: CStringArray?
        var listPointers: [UnsafeMutablePointer<CChar>?] = []
        var formula: CStringArray?
        switch validation.rule {
        case .list(let values):
            options.validate = UInt8(LXW_VALIDATION_TYPE_LIST.rawValue)
            listStrings = CStringArray(values)
            listPointers = listStrings?.nullTerminated() ?? []
        case .listFormula(let text):
            options.validate = UInt8(LXW_VALIDATION_TYPE_LIST_FORMULA.rawValue)
            formula = CStringArray([text])
            options.value_formula = formula?.pointers[0]
        case .wholeNumber(let minimum, let maximum):
            options.validate = UInt8(LXW_VALIDATION_TYPE_INTEGER.rawValue)
            numbers(minimum, maximum)
        case .decimal(let minimum, let maximum):
            options.validate = UInt8(LXW_VALIDATION_TYPE_DECIMAL.rawValue)
            numbers(minimum, maximum)
        case .date(let minimum, let maximum):
            options.validate = UInt8(LXW_VALIDATION_TYPE_DATE.rawValue)
            options.criteria = criteria(minimum != nil, maximum != nil)
            switch (minimum, maximum) {
            case (let low?, let high?):
                options.minimum_datetime = datetime(low)
                options.maximum_datetime = datetime(high)
            case (let low?, nil): options.value_datetime = datetime(low)
            case (nil, let high?): options.value_datetime = datetime(high)
            case (nil, nil):
                // Any date Excel can hold.
                options.minimum_datetime = datetime(XlsxDate(year: 1900, month: 1, day: 1))
                options.maximum_datetime = datetime(XlsxDate(year: 9999, month: 12, day: 31))
            }
        case .textLength(let minimum, let maximum):
            options.validate = UInt8(LXW_VALIDATION_TYPE_LENGTH.rawValue)
            numbers(minimum.map(Double.init), maximum.map(Double.init))
        case .any:
            options.validate = UInt8(LXW_VALIDATION_TYPE_ANY.rawValue)
        }
        switch validation.alert {
        case .stop: options.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_STOP.rawValue)
        case .warning: options.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_WARNING.rawValue)
        case .information: options.error_type = UInt8(LXW_VALIDATION_ERROR_TYPE_INFORMATION.rawValue)
        }
        let texts = [validation.inputTitle, validation.inputMessage, validation.errorTitle, validation.errorMessage]
            .map { $0.map(XlsxText.xmlSafe) }
        let messages = CStringArray(texts.map { $0 ?? "" })
        func text(_ index: Int) -> UnsafeMutablePointer<CChar>? {
            texts[index] == nil ? nil : messages.pointers[index]
        }
        options.input_title = text(0)
        options.input_message = text(1)
        options.error_title = text(2)
        options.error_message = text(3)
        let result = listPointers.withUnsafeMutableBufferPointer { list in
            if !list.isEmpty { options.value_list = list.baseAddress }
            return withExtendedLifetime((listStrings, formula, messages)) {
                worksheet_data_validation_range(
                    sheet, lxw_row_t(firstRow), lxw_col_t(column), lxw_row_t(lastRow), lxw_col_t(column), &options)
            }
        }
        try check(result, "cannot add the data validation", row: firstRow, column: column)
    }
}
