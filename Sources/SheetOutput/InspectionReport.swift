import Foundation
public import SheetReading

/// Renders `FileInspection`s for people (text) and programs (JSON).
public enum InspectionReport {
    public static func json(_ inspections: [FileInspection]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data = try encoder.encode(inspections)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static func text(_ inspection: FileInspection) -> String {
        var lines: [String] = []
        if let error = inspection.error {
            // Reading errors start with the file's path (and place): said once.
            var place = ""
            var reason = Substring(error)
            if error.hasPrefix(inspection.file), let colon = error.dropFirst(inspection.file.count).range(of: ": ") {
                place = String(error[error.index(error.startIndex, offsetBy: inspection.file.count)..<colon.lowerBound])
                reason = error[colon.upperBound...]
            }
            let line = "\(inspection.file)\(place): cannot be read — \(reason)"
            return VisibleText.escapingControlCharacters(line) + "\n"
        }
        var heading = "\(inspection.file)  (\(inspection.format.uppercased())"
        if let system = inspection.dateSystem { heading += ", \(system) date system" }
        if let parts = inspection.parts { heading += ", \(parts) zip entries" }
        lines.append(heading + ")")
        if let text = inspection.text {
            lines.append(
                "  text: \(text.encoding) (\(text.encodingSource)\(text.byteOrderMark ? ", with BOM" : "")), delimiter \(text.delimiter) (\(text.delimiterSource)), line endings \(text.lineEndings ?? "none"), \(text.records ?? 0) records of \(text.headerFieldCount ?? 0) fields"
            )
        }
        if let reason = inspection.defaultSheetReason { lines.append("  read by default: \(reason)") }
        for sheet in inspection.sheets {
            var title = "  \(sheet.index + 1). '\(sheet.name)'  \(sheet.visibility)"
            if sheet.kind != "worksheet" { title += ", \(sheet.kind)" }
            if let dimension = sheet.declaredDimension { title += ", declared dimension \(dimension)" }
            lines.append(title)
            if let error = sheet.error {
                lines.append("     cannot be read: \(error)")
                continue
            }
            guard sheet.kind == "worksheet" else { continue }
            lines.append(
                "     \(sheet.rowsWithValues) rows with values, \(sheet.cells) cells, used range \(sheet.usedRange ?? "none")"
            )
            if let header = sheet.headerRow {
                let labels = sheet.headerLabels.prefix(8).map { "\"\($0)\"" }.joined(separator: ", ")
                let more = sheet.headerLabels.count > 8 ? ", …" : ""
                lines.append("     header row (guess): \(header)  \(labels)\(more)")
            }
            if !sheet.mergedRanges.isEmpty {
                lines.append("     merged ranges: \(list(sheet.mergedRanges, total: sheet.mergedRanges.count))")
            }
            if sheet.hiddenRows > 0 || !sheet.hiddenColumns.isEmpty {
                lines.append(
                    "     hidden: \(sheet.hiddenRows) rows, columns \(sheet.hiddenColumns.isEmpty ? "none" : sheet.hiddenColumns.joined(separator: ", "))"
                )
            }
            if sheet.formulas > 0 {
                var line = "     formulas: \(sheet.formulas)"
                if sheet.formulasWithoutValueCount > 0 {
                    line +=
                        ", without cached value: \(list(sheet.formulasWithoutValue, total: sheet.formulasWithoutValueCount))"
                }
                lines.append(line)
            }
            if sheet.errorCellCount > 0 {
                lines.append("     error cells: \(list(sheet.errorCells, total: sheet.errorCellCount))")
            }
            if sheet.issueCount > 0 {
                lines.append("     reading issues: \(sheet.issueCount)")
                for issue in sheet.issues.prefix(10) { lines.append("       - \(issue)") }
            }
        }
        // File and sheet names as a terminal can show them.
        return lines.map { VisibleText.escapingControlCharacters($0) }.joined(separator: "\n") + "\n"
    }

    private static func list(_ items: [String], total: Int, limit: Int = 10) -> String {
        let shown = items.prefix(limit).joined(separator: ", ")
        return total > limit ? "\(total) (\(shown), …)" : "\(total) (\(shown))"
    }
}
