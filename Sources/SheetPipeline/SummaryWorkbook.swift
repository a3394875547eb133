import SheetConsolidation
import SheetOutput

/// `summary.xlsx`: each summary table as a sheet (the same rows as `summary/<table>.csv`): the
/// group columns as text, the counts and sums as numbers (amounts in euros), a frozen header and
/// a filter.
struct SummaryWorkbook {
    let tables: [SummaryTable]
    /// From the run's submissions, as the datasets' workbooks (never the clock).
    let created: Int

    /// Table names cut to Excel's 31 characters, made unique (case-insensitively, as Excel compares them).
    static func sheetNames(_ names: [String]) -> [String] {
        var taken: Set<String> = []
        return names.map { name in
            var candidate = String(name.prefix(31))
            var number = 2
            while taken.contains(candidate.lowercased()) {
                let suffix = " (\(number))"
                candidate = String(name.prefix(31 - suffix.count)) + suffix
                number += 1
            }
            taken.insert(candidate.lowercased())
            return candidate
        }
    }

    func write(to path: String) throws(OutputError) {
        do {
            var options = XlsxWriter.Options()
            options.created = created
            let workbook = try XlsxWriter(path: path, options: options)
            let header = XlsxCellStyle(bold: true, fill: 0xDDEB_F7, border: true)
            let euros = XlsxCellStyle(numberFormat: XlsxNumberFormat.euros)
            let text = XlsxCellStyle(numberFormat: XlsxNumberFormat.text)
            for (table, name) in zip(tables, Self.sheetNames(tables.map(\.definition.name))) {
                let sheet = try workbook.addSheet(name)
                let columns = table.header
                let groups = table.definition.groupBy.count
                // After the groups: rows, then per sum its total and how many rows had a value.
                func style(_ column: Int) -> XlsxCellStyle {
                    guard column >= groups else { return text }
                    let position = column - groups - 1
                    return position >= 0 && position % 2 == 0 && table.amountSums[position / 2] ? euros : .plain
                }
                var widths = columns.map(\.count)
                for (column, title) in columns.enumerated() {
                    try sheet.write(title, row: 0, column: column, style: header)
                }
                let rows = table.rows()
                for (index, values) in rows.enumerated() {
                    for (column, value) in values.enumerated() where !value.isEmpty {
                        widths[column] = max(widths[column], value.count)
                        if column >= groups, let number = Double(value) {
                            try sheet.write(number, row: index + 1, column: column, style: style(column))
                        } else {
                            try sheet.write(value, row: index + 1, column: column, style: style(column))
                        }
                    }
                }
                for column in columns.indices {
                    try sheet.setColumn(
                        column, width: Double(min(max(widths[column] + 3, 10), 50)), style: style(column))
                }
                try sheet.freezePanes(row: 1, column: 0)
                try sheet.autofilter(firstRow: 0, firstColumn: 0, lastRow: rows.count, lastColumn: columns.count - 1)
            }
            try workbook.close()
        } catch {
            let place = error.sheet.map { "sheet '\($0)': " } ?? ""
            throw OutputError(path: error.path, reason: place + error.reason)
        }
    }
}
