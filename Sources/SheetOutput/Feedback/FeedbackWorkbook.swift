import Foundation
public import SheetReading
public import SheetSchema

/// A feedback workbook: the submitter's own sheet handed back with what to fix marked on it.
///
/// - The sheet read is copied cell for cell at the same addresses (values as sent: numbers,
///   dates and their number formats, text, booleans; a formula's cached value; text that looks
///   like a formula stays text), so that every address of the validation log points at the cell.
///   Columns ignored as personal data are left empty.
/// - Each cell with an error is filled red, with a warning orange, with a comment giving the
///   message in the run's language and the form expected (`FeedbackMarks`).
/// - A status column after the last used one says which rows were rejected, merged with a
///   duplicate, superseded by a newer submission, or are to review, with their row-level messages.
/// - An `Anomalies` sheet, first, lists every entry of the file's log (aggregated notes with their
///   count and example cells) with a hyperlink to its cell, up to Excel's 65,530 links.
///
/// Written in libxlsxwriter's constant-memory mode, row by row as the source is read again:
/// memory holds the marks (eight bytes a cell) and the bounded comments, not the sheet.
public struct FeedbackWorkbook {
    /// What a workbook holds, for `feedback/index.csv` and the tests.
    public struct Result: Sendable, Equatable {
        public var errorCells = 0
        public var warningCells = 0
        public var rowsRejected = 0
        public var rowsMerged = 0
        public var rowsSuperseded = 0
        public var rowsToReview = 0
        public var comments = 0
        public var commentsLeftOut = 0
        public var links = 0
        public var linksLeftOut = 0
        public var entries = 0
        /// Cells of the source beyond Excel's grid (a CSV longer or wider than a sheet).
        public var cellsBeyondGrid = 0
        /// Texts over Excel's 32,767 characters (shown by their beginning).
        public var cellsCut = 0
        /// The sheet uses Excel's last column: no room for the status column.
        public var withoutStatusColumn = false

        public init() {}
    }

    public var validation: FileValidation
    public var readOptions: ReadOptions
    public var language: Language
    /// Per field, the form expected (`TemplateBuilder.expectedForms`).
    public var expectedForms: [String: String]
    /// The schema's stamp, so that `--schema auto` recognises the corrected workbook.
    public var properties: [(name: String, value: String)]
    /// The document's date (seconds since 1970): from the submission, never the clock.
    public var created: Int
    public var limits: FeedbackLimits

    public init(
        validation: FileValidation, readOptions: ReadOptions, language: Language, expectedForms: [String: String] = [:],
        properties: [(name: String, value: String)] = [], created: Int = XlsxWriter.fixedCreationDate,
        limits: FeedbackLimits = FeedbackLimits()
    ) {
        self.validation = validation
        self.readOptions = readOptions
        self.language = language
        self.expectedForms = expectedForms
        self.properties = properties
        self.created = created
        self.limits = limits
    }

    /// Whether a file gets a feedback workbook: it was read, and its log has an error or a warning.
    public static func isNeeded(for validation: FileValidation) -> Bool {
        validation.status != .unreadable && validation.sheet != nil
            && (validation.issues.summary.errors > 0 || validation.issues.summary.warnings > 0
                || !validation.invalidRows.isEmpty)
    }

    private func text(_ fr: String, _ en: String) -> String { language == .fr ? fr : en }

    static let errorFill: UInt32 = 0xFFC7CE
    static let warningFill: UInt32 = 0xFFD8A8
    static let commentAuthor = "sheetpipe"
    /// Excel's longest cell text.
    static let maxText = 32_767

    /// Reads the submission again and writes its feedback workbook to `path`.
    public func write(to path: String) throws -> Result {
        let marks = try FeedbackMarks(
            validation: validation, language: language, expectedForms: expectedForms, limits: limits)
        var options = XlsxWriter.Options(constantMemory: true)
        options.created = created
        options.title = text("Retour de validation", "Validation feedback")
        // The file's name, not where it lay on the reviewer's disk: the workbook goes to the submitter.
        let fileName = validation.path.split(separator: "/").last.map(String.init) ?? validation.path
        options.subject = fileName
        options.author = Self.commentAuthor
        let writer = try XlsxWriter(path: path, options: options)
        for (name, value) in properties { try writer.setCustomProperty(name, value) }
        let sourceName = validation.sheet ?? "Feuille1"
        let dataName = Self.sheetName(sourceName)
        var anomaliesName = text("Anomalies", "Issues")
        if anomaliesName.lowercased() == dataName.lowercased() { anomaliesName += " sheetpipe" }
        // Anomalies first: the submitter opens on the list, each entry a link to its cell.
        let anomalies = try writer.addSheet(anomaliesName)
        let data = try writer.addSheet(dataName)
        var result = Result()
        try copySheet(into: data, marks: marks, result: &result)
        try listEntries(into: anomalies, dataSheet: dataName, marks: marks, result: &result)
        try anomalies.activate()
        try writer.close()
        return result
    }

    // MARK: The submitter's sheet

    private func copySheet(into sheet: XlsxSheet, marks: FeedbackMarks, result: inout Result) throws {
        let file = try SpreadsheetFile.open(validation.path, options: readOptions)
        let source = try file.chooseSheet(named: validation.sheet).sheet
        let formatCodes = (try? file.customNumberFormats()) ?? [:]
        let dropped = Set(validation.droppedColumns)
        // After the last used column; a sheet that uses Excel's last column has none (said above
        // the Anomalies list), rather than one written over the submitter's own.
        let statusColumn: Int? =
            validation.lastColumn + 1 < CellReference.maxColumns ? validation.lastColumn + 1 : nil
        let headerRow = validation.headerRow ?? 1
        var cellPosition = 0
        var rowPosition = 0
        var counts = result

        /// Marks and statuses of rows with no cell in the source (a blank row, or before the next row read).
        func writeMarkedRows(before next: Int) throws {
            while let row = marks.nextMarkedRow(cellPosition: cellPosition, rowPosition: rowPosition), row < next {
                try writeRow(number: row, cells: nil)
            }
        }

        func writeRow(number: Int, cells row: Row?) throws {
            let cellMarks = marks.cellMarks(inRow: number, from: &cellPosition)
            var markIndex = 0
            if let row {
                for cell in row.cells {
                    let column = Int(cell.column)
                    guard column < CellReference.maxColumns else {
                        counts.cellsBeyondGrid += 1
                        continue
                    }
                    while markIndex < cellMarks.count, cellMarks[markIndex].column < column {
                        try writeMarkedBlank(cellMarks[markIndex], row: number)
                        markIndex += 1
                    }
                    var fill: UInt32?
                    if markIndex < cellMarks.count, cellMarks[markIndex].column == column {
                        fill = try mark(cellMarks[markIndex], row: number)
                        markIndex += 1
                    }
                    if dropped.contains(column) {
                        if let fill { try sheet.writeBlank(row: number - 1, column: column, style: .init(fill: fill)) }
                        continue
                    }
                    try copy(cell, of: row, column: column, fill: fill)
                }
            }
            while markIndex < cellMarks.count {
                try writeMarkedBlank(cellMarks[markIndex], row: number)
                markIndex += 1
            }
            let status = marks.status(ofRow: number, from: &rowPosition)
            let notes = marks.notes(row: number) ?? []
            guard let statusColumn else { return }
            if number == headerRow {
                // The header's own notes (a missing column) are in the Anomalies list.
                try sheet.write(
                    FeedbackStatusColumn.header(language), row: number - 1, column: statusColumn,
                    style: XlsxCellStyle(bold: true, fill: 0xD9E1F2, border: true))
            } else if !status.isEmpty || !notes.isEmpty {
                let words = statusWords(status) + notes
                let fill: UInt32? =
                    status.contains(.rejected) ? Self.errorFill : status.isEmpty ? nil : Self.warningFill
                try sheet.write(
                    cutCounted(words.joined(separator: language == .fr ? " ; " : "; ")), row: number - 1,
                    column: statusColumn,
                    style: XlsxCellStyle(fill: fill))
            }
        }

        func mark(_ mark: (column: Int, isError: Bool), row: Int) throws -> UInt32 {
            if mark.isError { counts.errorCells += 1 } else { counts.warningCells += 1 }
            if let lines = marks.comment(row: row, column: mark.column) {
                try sheet.writeComment(
                    cutCounted(lines.joined(separator: "\n")), row: row - 1, column: mark.column,
                    author: Self.commentAuthor, size: (320, 140))
                counts.comments += 1
            }
            return mark.isError ? Self.errorFill : Self.warningFill
        }

        func writeMarkedBlank(_ cellMark: (column: Int, isError: Bool), row: Int) throws {
            let fill = try mark(cellMark, row: row)
            try sheet.writeBlank(row: row - 1, column: cellMark.column, style: XlsxCellStyle(fill: fill))
        }

        func copy(_ cell: Cell, of row: Row, column: Int, fill: UInt32?) throws {
            let target = row.number - 1
            var style = XlsxCellStyle(fill: fill)
            switch cell.kind {
            case .number, .date, .dateTime, .time, .duration:
                style.numberFormat = Self.numberFormat(cell, codes: formatCodes)
                try sheet.write(cell.number, row: target, column: column, style: style)
            case .boolean:
                try sheet.write(cell.number != 0, row: target, column: column, style: style)
            case .text, .error:
                try sheet.write(cutCounted(row.text(of: cell)), row: target, column: column, style: style)
            case .formulaWithoutValue:
                // The formula as typed, as text: never run, and the log's value is the same.
                let formula = row.text(of: cell)
                try sheet.write(
                    cutCounted(formula.hasPrefix("=") ? formula : "=" + formula), row: target, column: column,
                    style: style)
            }
        }

        /// Cut to Excel's limit, and counted (the notes above the Anomalies list say how many).
        func cutCounted(_ value: String) -> String {
            guard Self.isTooLong(value) else { return value }
            counts.cellsCut += 1
            return String(value.prefix(Self.maxText - 1)) + "…"
        }

        try file.readRows(of: source) { row in
            guard row.number <= CellReference.maxRows else {
                counts.cellsBeyondGrid += row.cells.count
                return
            }
            // A text over Excel's limit reaches here as its beginning (the reader's rule).
            counts.cellsCut += row.issues.lazy.filter { $0.code == .cellTooLong }.count
            try writeMarkedRows(before: row.number)
            try writeRow(number: row.number, cells: row)
        }
        try writeMarkedRows(before: CellReference.maxRows + 1)
        if let statusColumn { try sheet.setColumn(statusColumn, width: 45) } else { counts.withoutStatusColumn = true }
        if validation.headerRow != nil { try sheet.freezePanes(row: headerRow, column: 0) }
        for mapping in validation.mapping {
            guard let address = CellReference.parse(mapping.column + "1") else { continue }
            try sheet.setColumn(address.column, width: Double(min(max(mapping.label.count + 4, 12), 50)))
        }
        counts.rowsRejected = marks.rowCount(.rejected)
        counts.rowsMerged = marks.rowCount(.merged)
        counts.rowsSuperseded = marks.rowCount(.superseded)
        counts.rowsToReview = marks.rowCount(.toReview)
        counts.commentsLeftOut = marks.commentsLeftOut
        counts.cellsBeyondGrid += marks.beyondGrid
        result = counts
    }

    private func statusWords(_ status: FeedbackMarks.RowStatus) -> [String] {
        var words: [String] = []
        if status.contains(.rejected) { words.append(text("REJETÉE : à corriger", "REJECTED: to fix")) }
        if status.contains(.merged) {
            words.append(text("fusionnée avec un doublon (non reprise)", "merged with a duplicate (not kept)"))
        }
        if status.contains(.superseded) {
            words.append(
                text(
                    "remplacée par une soumission plus récente", "superseded by a newer submission"))
        }
        if status.contains(.toReview) {
            words.append(text("doublon possible, à vérifier", "possible duplicate, to review"))
        }
        return words
    }

    // MARK: Anomalies

    private func listEntries(into sheet: XlsxSheet, dataSheet: String, marks: FeedbackMarks, result: inout Result)
        throws
    {
        let bold = XlsxCellStyle(bold: true)
        let header = XlsxCellStyle(bold: true, fill: 0xD9E1F2, border: true)
        let link = XlsxCellStyle(fontColor: 0x0563C1)
        let fileName = validation.path.split(separator: "/").last.map(String.init) ?? validation.path
        let title = text("Retour de validation de", "Validation feedback for") + " \(fileName)"
        try sheet.write(cut(title), row: 0, column: 0, style: bold)
        let summary = validation.issues.summary
        try sheet.write(
            text(
                "\(validation.rowsIn) ligne(s) lue(s) dans la feuille « \(dataSheet) », \(validation.rowsInvalid) rejetée(s) ; "
                    + "\(summary.errors) erreur(s), \(summary.warnings) avertissement(s). Les cellules en rouge "
                    + "(erreur) ou orange (avertissement) portent un commentaire ; la colonne « Statut » dit le sort de chaque ligne.",
                "\(validation.rowsIn) row(s) read in sheet '\(dataSheet)', \(validation.rowsInvalid) rejected; "
                    + "\(summary.errors) error(s), \(summary.warnings) warning(s). Cells in red (error) or orange "
                    + "(warning) carry a comment; the 'Status' column says what became of each row."),
            row: 1, column: 0)
        // Excel's limits, said above the table (constant memory: rows are written in order, so
        // the entries with a link are counted first).
        let targets = marks.entriesWithPlace
        var notes: [String] = []
        if targets > limits.links {
            notes.append(
                text(
                    "Liens limités à \(limits.links) (limite d'Excel) : \(targets - limits.links) entrée(s) listée(s) sans lien.",
                    "Links stop at \(limits.links) (Excel's limit): \(targets - limits.links) entr(ies) listed without one."
                ))
        }
        if marks.commentsLeftOut > 0 {
            notes.append(
                text(
                    "Commentaires limités aux \(limits.comments) premières cellules des \(limits.commentColumns) premières "
                        + "colonnes : \(marks.commentsLeftOut) autre(s) colorée(s) sans commentaire, leur message est dans cette liste.",
                    "Comments on the first \(limits.comments) cells of the first \(limits.commentColumns) columns only: "
                        + "\(marks.commentsLeftOut) other(s) filled without one, their message is in this list."))
        }
        if result.cellsBeyondGrid > 0 {
            notes.append(
                text(
                    "\(result.cellsBeyondGrid) cellule(s) au-delà de la grille d'Excel (1 048 576 lignes, 16 384 colonnes) "
                        + "non reproduite(s) ; leurs anomalies sont dans cette liste.",
                    "\(result.cellsBeyondGrid) cell(s) beyond Excel's grid (1,048,576 rows, 16,384 columns) not "
                        + "copied; their issues are in this list."))
        }
        if result.cellsCut > 0 {
            notes.append(
                text(
                    "\(result.cellsCut) texte(s) de plus de 32 767 caractères (limite d'Excel) : la cellule en montre le début.",
                    "\(result.cellsCut) text(s) over 32,767 characters (Excel's limit): the cell shows the beginning."))
        }
        if result.withoutStatusColumn {
            notes.append(
                text(
                    "Pas de colonne de statut : la feuille utilise la dernière colonne d'Excel (XFD) ; les lignes rejetées sont dans cette liste.",
                    "No status column: the sheet uses Excel's last column (XFD); the rejected rows are in this list."))
        }
        let room = CellReference.maxRows - 6
        if validation.issues.count > room {
            notes.append(
                text(
                    "\(validation.issues.count - room) entrée(s) au-delà de la dernière ligne d'Excel : la liste complète "
                        + "est dans le journal de validation (validation-report.jsonl).",
                    "\(validation.issues.count - room) entr(ies) beyond Excel's last row: the complete list is in the "
                        + "validation log (validation-report.jsonl)."))
        }
        // Three rows above the table: the fourth note and after share the last.
        if notes.count > 3 { notes = Array(notes.prefix(2)) + [notes.dropFirst(2).joined(separator: " ")] }
        for (index, note) in notes.enumerated() {
            try sheet.write(note, row: 2 + index, column: 0, style: XlsxCellStyle(fontColor: 0x9C0006))
        }
        let columns =
            language == .fr
            ? ["Gravité", "Code", "Champ", "Cellule", "Ligne", "Valeur", "Message", "Nombre", "Exemples"]
            : ["Severity", "Code", "Field", "Cell", "Row", "Value", "Message", "Count", "Examples"]
        let widths: [Double] = [14, 20, 22, 10, 8, 30, 70, 9, 40]
        let headerRow = 5
        for (column, name) in columns.enumerated() {
            try sheet.write(name, row: headerRow, column: column, style: header)
            try sheet.setColumn(column, width: widths[column])
        }
        let quoted = "'" + dataSheet.replacingOccurrences(of: "'", with: "''") + "'"
        var row = headerRow
        var counts = result
        try validation.issues.forEach(reading: { issue in
            guard row + 1 < CellReference.maxRows else { return }
            row += 1
            counts.entries += 1
            try sheet.write(FeedbackMarks.severityWord(issue.severity, language), row: row, column: 0)
            try sheet.write(issue.code, row: row, column: 1)
            if let field = issue.field { try sheet.write(cut(field), row: row, column: 2) }
            let target = issue.cell ?? issue.row.map { "A\($0)" }
            if let shown = issue.cell ?? issue.row.map({ text("ligne \($0)", "row \($0)") }) {
                if let target, counts.links < limits.links,
                    let address = CellReference.parse(target), address.row <= CellReference.maxRows,
                    address.column < CellReference.maxColumns
                {
                    try sheet.writeLink("internal:\(quoted)!\(target)", text: shown, row: row, column: 3, style: link)
                    counts.links += 1
                } else {
                    if target != nil { counts.linksLeftOut += 1 }
                    try sheet.write(shown, row: row, column: 3)
                }
            }
            if let number = issue.row { try sheet.write(Double(number), row: row, column: 4) }
            if let value = issue.value { try sheet.write(cut(value), row: row, column: 5) }
            var message = issue.message.text(language)
            if let normalised = issue.normalised, !normalised.isEmpty {
                message += text(" (lu : « \(normalised) »)", " (read: '\(normalised)')")
            }
            try sheet.write(cut(message), row: row, column: 6)
            try sheet.write(Double(issue.count), row: row, column: 7)
            if !issue.examples.isEmpty {
                var cells = issue.examples.compactMap { $0.cell ?? $0.row.map(String.init) }.joined(separator: ", ")
                if issue.count > issue.examples.count {
                    cells += text(
                        " … et \(issue.count - issue.examples.count) autre(s)",
                        " … and \(issue.count - issue.examples.count) more")
                }
                try sheet.write(cut(cells), row: row, column: 8)
            }
        })
        try sheet.freezePanes(row: headerRow + 1, column: 0)
        try sheet.autofilter(
            firstRow: headerRow, firstColumn: 0, lastRow: max(row, headerRow), lastColumn: columns.count - 1)
        result = counts
    }

    /// Cut to Excel's 32,767 characters (the Anomalies list's texts: not counted as the cells').
    func cut(_ value: String) -> String {
        Self.isTooLong(value) ? String(value.prefix(Self.maxText - 1)) + "…" : value
    }

    /// Over Excel's 32,767 characters (counted only when the bytes could be: counting characters
    /// walks the text, and most cells are short).
    static func isTooLong(_ value: String) -> Bool {
        value.utf8.count > maxText && value.count > maxText
    }

    // MARK: Names and formats

    /// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\` nor control
    /// characters, not starting or ending with `'` (a CSV's sheet is named after its file).
    static func sheetName(_ name: String) -> String {
        var cleaned = String(
            name.map { character in
                "[]:*?/\\".contains(character)
                    || character.unicodeScalars.contains { !XlsxText.isAllowed($0.value) || $0.value < 0x20 }
                    ? "_" : character
            })
        while cleaned.hasPrefix("'") { cleaned.removeFirst() }
        // Excel counts UTF-16 units (an emoji is two), libxlsxwriter code points: both stay
        // within 31 when the UTF-16 units do; cut at a character's end.
        while cleaned.utf16.count > 31 { cleaned.removeLast() }
        while cleaned.hasSuffix("'") { cleaned.removeLast() }
        let reserved = cleaned.lowercased() == "history"
        return cleaned.isEmpty || reserved ? "Feuille1" : cleaned
    }

    /// The number format the cell was shown with: its workbook's own code, a built-in one, or a
    /// default for its kind.
    static func numberFormat(_ cell: Cell, codes: [Int: String]) -> String? {
        let id = Int(cell.numberFormatID)
        if let code = codes[id] { return code }
        if let code = builtInFormats[id] { return code }
        switch cell.kind {
        case .date: return XlsxNumberFormat.date
        case .dateTime: return XlsxNumberFormat.dateTime
        case .time: return XlsxNumberFormat.time
        case .duration: return "[h]:mm:ss"
        default: return nil
        }
    }

    /// Excel's built-in number formats (ECMA-376 §18.8.30), as codes.
    static let builtInFormats: [Int: String] = [
        1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?",
        13: "# ??/??", 14: "dd/mm/yyyy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
        19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "dd/mm/yyyy hh:mm", 37: "#,##0 ;(#,##0)",
        38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss",
        46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
    ]
}
