import SheetReading

/// The issues of a row's shape and cells, into the log.
extension SheetValidator {
    /// An issue of this file and sheet, into the log (with the row's, at the row's end).
    func issue(
        _ code: IssueCode, severity: Severity? = nil, cell: String? = nil, row: Int? = nil, field: String? = nil,
        value: String? = nil, normalised: String? = nil, _ message: Message
    ) {
        rowIssues.append(
            ValidationIssue(
                code: code, severity: severity, file: file, sheet: sheet, cell: cell, row: row, field: field,
                value: value,
                normalised: normalised, message: message))
    }

    /// The issues found so far go to the file's list (at the end of each row, and of the sheet).
    func flushIssues() {
        result.issues.append(contentsOf: rowIssues)
        rowIssues.removeAll(keepingCapacity: true)
    }

    /// A cell over 32,767 characters: an error of its row, its value cut (the reader kept its start).
    func reportOverlong(_ readIssue: ReadIssue, row: Int) {
        let length = readIssue.characterCount ?? 0
        let column = readIssue.cell.flatMap { CellReference.parse($0)?.column }
        let field = column.flatMap { $0 < fieldOfColumn.count && fieldOfColumn[$0] >= 0 ? fieldOfColumn[$0] : nil }
        issue(
            .cellTooLong, cell: readIssue.cell, row: row, field: field.map { fields[$0].name }, value: readIssue.value,
            Message(
                fr:
                    "cellule de \(OverlongCell.grouped(length, separator: " ")) caractères ; Excel en permet \(OverlongCell.grouped(OverlongCell.maxCharacters, separator: " ")) : ligne rejetée",
                en:
                    "the cell holds \(OverlongCell.grouped(length, separator: ",")) characters; Excel allows \(OverlongCell.grouped(OverlongCell.maxCharacters, separator: ",")): row rejected"
            ))
    }

    /// A CSV record with more fields than the header (`extra-cell`: an unquoted delimiter inside
    /// a value, say) or fewer (`missing-cell`): an error of the row, naming the line, the count
    /// and the values in excess.
    func reportRaggedRecord(_ row: Row, fields count: Int, expected: Int) {
        let line = row.number
        if count < expected {
            issue(
                .missingCell, severity: .error, cell: CellReference.name(row: line, column: count), row: line,
                Message(
                    fr:
                        "ligne \(line) : \(count) champ(s) au lieu des \(expected) de l'en-tête (enregistrement tronqué ou décalé)",
                    en:
                        "line \(line): \(count) field(s) instead of the header's \(expected) (a truncated or shifted record)"
                ))
            return
        }
        let extra = row.cells.filter { Int($0.column) >= expected }.map { row.text(of: $0) }
        let listFR = extra.isEmpty ? "vides" : extra.map { "« \($0) »" }.joined(separator: ", ")
        let listEN = extra.isEmpty ? "empty" : extra.map { "'\($0)'" }.joined(separator: ", ")
        issue(
            .extraCell, severity: .error, cell: CellReference.name(row: line, column: expected), row: line,
            value: extra.isEmpty ? nil : extra.joined(separator: " | "),
            Message(
                fr:
                    "ligne \(line) : \(count) champs au lieu des \(expected) de l'en-tête ; \(count - expected) en trop : \(listFR) (un séparateur hors guillemets dans une valeur décale les suivantes)",
                en:
                    "line \(line): \(count) fields instead of the header's \(expected); \(count - expected) extra: \(listEN) (a delimiter inside an unquoted value shifts the ones after it)"
            ))
    }

    /// The CSV reader's note that the file puts spaces after its delimiters (once per file).
    func reportSpacesAfterDelimiter(_ note: ReadIssue, _ row: Int) {
        issue(
            .csvDialect, row: row,
            Message(
                fr:
                    "le fichier met des espaces après ses séparateurs avant les champs entre guillemets (ligne \(row)) : ces espaces sont ignorés",
                en: note.message))
    }

    /// A cell's issues, into the log.
    func report(_ outcome: FieldOutcome, field index: Int, column: Int, row: Int) {
        let reference = CellReference.name(row: row, column: column)
        for found in outcome.issues {
            issue(
                found.code, severity: found.severity, cell: reference, row: row, field: fields[index].name,
                value: outcome.original, normalised: found.normalised ?? outcome.value?.canonical, found.message)
        }
    }
}
