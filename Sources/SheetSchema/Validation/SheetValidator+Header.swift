import SheetReading

/// Header matching: the header row chosen among the first rows, its columns mapped to the
/// schema's fields, and what the header itself says (missing, unknown, duplicate, personal columns).
extension SheetValidator {
    /// Where the search for the header stands: rows wait in `pending` while it goes on.
    enum HeaderSearch {
        case searching
        /// Found: the rows after it are data.
        case found
        /// None in the first rows: the file is rejected, no row is validated.
        case absent
    }

    /// Chooses the header among the rows waiting (the best plausible match, the first of equals),
    /// maps its columns, reports what it says, and validates the rows after it.
    func chooseHeader() {
        let index = HeaderIndex(schema)
        let candidates = pending.map { HeaderMatcher.match($0, index: index) }
        guard
            let best = candidates.enumerated().max(by: { a, b in
                a.element.score < b.element.score || (a.element.score == b.element.score && a.offset > b.offset)
            }),
            HeaderMatcher.isPlausible(best.element, schema: schema)
        else {
            headerSearch = .absent
            issue(
                .noHeader,
                Message(
                    fr:
                        "aucune ligne d'en-tête ne correspond au schéma dans les \(HeaderMatcher.rowsToSearch) premières lignes",
                    en: "no header row matching the schema in the first \(HeaderMatcher.rowsToSearch) rows"))
            result.status = .rejected
            result.error = FileValidation.Failure(code: "no-header", message: "no header row matches the schema")
            pending.removeAll()
            return
        }
        let match = best.element
        headerSearch = .found
        result.headerRow = match.row
        lastHeaderColumn = match.labels.keys.max() ?? -1
        headedColumns = Array(repeating: false, count: max(lastHeaderColumn + 1, 0))
        for column in match.labels.keys { headedColumns[column] = true }
        headerFieldCount = pending.first { $0.number == match.row }?.fieldCount
        if match.row > 1 {
            issue(
                .headerRow, row: match.row,
                Message(
                    fr: "en-tête trouvé ligne \(match.row) (lignes de titre au-dessus ignorées)",
                    en: "header found on row \(match.row) (title rows above ignored)"))
        }
        var columnOfField: [String: Int] = [:]
        for (column, field) in match.columns { columnOfField[field] = column }
        fieldColumns = schema.fields.map { columnOfField[$0.name] }
        fieldOfColumn = Array(repeating: -1, count: max(lastHeaderColumn + 1, 0))
        for (index, column) in fieldColumns.enumerated() {
            if let column, column < fieldOfColumn.count { fieldOfColumn[column] = index }
        }
        cellOfField = Array(repeating: -1, count: schema.fields.count)
        // A field without a column is empty on every row: one id for it, so that later stages
        // write it once and copy it after.
        for index in fields.indices where fieldColumns[index] == nil {
            rowState.ids[index] = rowState.memos[index].keep(FieldOutcome(), for: .empty)
        }
        result.mapping = match.columns.keys.sorted().map { column in
            FileValidation.ColumnMapping(
                column: CellReference.columnName(column), label: match.labels[column] ?? "",
                field: match.columns[column] ?? "")
        }
        // What each header no field answers to most likely means (said, never mapped by).
        let taken = Set(match.columns.values)
        let suggestion = HeaderSuggestion(schema)
        var likely: [Int: [Field]] = [:]
        for column in match.unknownColumns {
            let fields = suggestion.fields(
                for: match.labels[column] ?? "", candidates: match.candidates[column], excluding: taken)
            if !fields.isEmpty { likely[column] = fields }
        }
        for field in schema.fields where field.constraints.required && columnOfField[field.name] == nil {
            missingRequiredColumn = true
            // A column whose header most likely means it.
            let candidate = likely.keys.sorted().first { likely[$0]!.contains { $0.name == field.name } }
            let hint = candidate.map { column in
                (
                    fr:
                        " ; la colonne \(CellReference.columnName(column)) « \(match.labels[column] ?? "") » ? (renommez-la)",
                    en: "; column \(CellReference.columnName(column)) '\(match.labels[column] ?? "")'? (rename it)"
                )
            }
            issue(
                .missingLabel, row: match.row, field: field.name,
                Message(
                    fr: "colonne obligatoire absente : « \(field.title ?? field.name) »\(hint?.fr ?? "")",
                    en: "required column missing: '\(field.title ?? field.name)'\(hint?.en ?? "")"))
        }
        for column in match.unknownColumns where isPersonalData(match.labels[column] ?? "") {
            result.droppedColumns.append(column)
            issue(
                .personalData, cell: CellReference.name(row: match.row, column: column), row: match.row,
                value: match.labels[column],
                Message(
                    fr: "colonne de données personnelles, non collectées par le programme : ignorée",
                    en: "column of personal data, which the programme does not collect: ignored"))
        }
        for column in match.unknownColumns where FeedbackStatusColumn.isHeader(match.labels[column] ?? "") {
            issue(
                .extraLabel, severity: .info, cell: CellReference.name(row: match.row, column: column), row: match.row,
                value: match.labels[column],
                Message(
                    fr: "colonne de statut d'un retour sheetpipe : ignorée",
                    en: "status column of a sheetpipe feedback workbook: ignored"))
        }
        for column in match.unknownColumns
        where !isPersonalData(match.labels[column] ?? "") && !FeedbackStatusColumn.isHeader(match.labels[column] ?? "")
        {
            let hint = likely[column].map {
                (
                    fr: " ; vouliez-vous dire \(HeaderSuggestion.names($0, .fr)) ?",
                    en: "; did you mean \(HeaderSuggestion.names($0, .en))?"
                )
            }
            issue(
                .extraLabel, cell: CellReference.name(row: match.row, column: column), row: match.row,
                value: match.labels[column],
                Message(
                    fr: "colonne inconnue du schéma (conservée)\(hint?.fr ?? "")",
                    en: "column unknown to the schema (kept)\(hint?.en ?? "")"))
        }
        for duplicate in match.duplicateColumns {
            issue(
                .duplicateLabel, cell: CellReference.name(row: match.row, column: duplicate.column), row: match.row,
                field: duplicate.field, value: match.labels[duplicate.column],
                Message(
                    fr:
                        "en-tête en double : la colonne \(CellReference.columnName(duplicate.first)) porte déjà ce champ",
                    en: "duplicate header: column \(CellReference.columnName(duplicate.first)) already holds this field"
                ))
        }
        let rows = pending
        pending.removeAll()
        // The dialect note of the CSV reader, when the header or a row above it carries it.
        for row in rows where row.number <= match.row {
            for note in row.issues where note.code == .csvSpacesAfterDelimiter {
                reportSpacesAfterDelimiter(note, row.number)
            }
        }
        for row in rows where row.number > match.row { validate(row) }
    }

    /// A header naming personal data (`Contact`, `Nom du contact`, `Courriel du référent`…).
    private func isPersonalData(_ label: String) -> Bool {
        let key = TextKey.make(label)
        let words = Set(key.split(separator: " ").map(String.init))
        return schema.personalDataKeys.contains { $0 == key || (!$0.contains(" ") && words.contains($0)) }
    }
}
