/// Writes a `TemplatePlan` as a workbook: the read-me sheet first, the data sheet (headers bold,
/// filled and frozen, a filter, widths, formats and validations on `plan.rows` rows), the hidden
/// and protected lists sheet, the defined names and the stamp.
public enum TemplateWorkbook {
    static let headerStyle = XlsxCellStyle(bold: true, fill: 0xDDEBF7, wrapText: true, verticalTop: true, border: true)
    static let titleStyle = XlsxCellStyle(bold: true)
    static let readmeStyle = XlsxCellStyle(wrapText: true, verticalTop: true)

    public static func write(_ plan: TemplatePlan, to path: String) throws(XlsxWriteError) {
        var options = XlsxWriter.Options()
        options.title = plan.instructions.first
        options.subject = plan.schemaVersion.map { "\(plan.schemaName) \($0)" } ?? plan.schemaName
        options.comments = "sheetpipe template"
        let writer = try XlsxWriter(path: path, options: options)

        let readme = try writer.addSheet(plan.readmeSheet)
        var row = 0
        for (index, line) in plan.instructions.enumerated() {
            try readme.write(line, row: row, column: 0, style: index == 0 ? titleStyle : .plain)
            row += 1
        }
        row += 1
        let tableTop = row
        for (column, title) in plan.readmeHeader.enumerated() {
            try readme.write(title, row: row, column: column, style: headerStyle)
        }
        row += 1
        for column in plan.columns {
            for (index, text) in column.readme.enumerated() {
                try readme.write(text, row: row, column: index, style: readmeStyle)
            }
            row += 1
        }
        for (index, width) in [28.0, 45, 24, 12, 60, 22].enumerated() {
            try readme.setColumn(index, width: width)
        }
        try readme.freezePanes(row: tableTop + 1, column: 0)

        let data = try writer.addSheet(plan.dataSheet)
        for (index, column) in plan.columns.enumerated() {
            try data.setColumn(index, width: column.width, style: column.style)
            try data.write(column.header, row: 0, column: index, style: headerStyle)
            if plan.rows > 0 {
                try data.addValidation(column.validation, column: index, firstRow: 1, lastRow: plan.rows)
            }
        }
        try data.freezePanes(row: 1, column: 0)
        if !plan.columns.isEmpty {
            try data.autofilter(
                firstRow: 0, firstColumn: 0, lastRow: max(plan.rows, 1), lastColumn: plan.columns.count - 1)
        }

        let lists = try writer.addSheet(plan.listsSheet)
        for list in plan.lists {
            try lists.write(list.title, row: 0, column: list.column, style: titleStyle)
            for (index, value) in list.values.enumerated() {
                try lists.write(value, row: index + 1, column: list.column)
            }
            try lists.setColumn(list.column, width: Double(min(max((list.values.map(\.count).max() ?? 0) + 2, 12), 60)))
            try writer.defineName(list.name, refersTo: list.range(sheet: plan.listsSheet))
        }
        try lists.hide()
        try lists.protect()

        for property in plan.properties {
            try writer.setCustomProperty(property.name, property.value)
        }
        try writer.close()
    }
}
