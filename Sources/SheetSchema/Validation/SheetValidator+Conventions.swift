import SheetReading

/// A file's own conventions: each column's decimal separator and date order, decided from what
/// its values show (`ColumnEvidence`), applied to the values that read either way.
///
/// Rows stream through once, read with the conventions known before them (the file's delimiter,
/// or those a first reading decided). When the whole column turns out to show another convention
/// than the one some of its values were read with, the file is read a second time with the
/// conventions decided (`FileValidation.secondReading`): only files with such values pay for it,
/// and memory stays flat — no row is held back waiting for its column's verdict.
extension SheetValidator {
    /// Notes what a cell showed of its column's convention (only cells read afresh: a value the
    /// memo knows was noted the first time it was read, which is all that counts).
    func noteEvidence(_ evidence: ConventionEvidence, field index: Int, column: Int, row: Int, value: String?) {
        columnEvidence[index].record(evidence, row: row, column: column, value: value)
    }

    /// At the sheet's end: the conventions the columns showed. When some values were read with
    /// another, the file is to be read again (said in `result.secondReading`, nothing logged);
    /// otherwise what was inferred, or disputed, is said once per column.
    func settleConventions() {
        guard headerSearch == .found else { return }
        var decided: [ColumnConvention] = []
        decided.reserveCapacity(fields.count)
        var readOtherwise = false
        for index in fields.indices {
            let evidence = columnEvidence[index]
            let applied = conventions.convention(ofField: index)
            let final = evidence.decided(defaultDecimal: conventions.defaultDecimal)
            decided.append(final)
            if final.decimal != applied.decimal && evidence.ambiguous != nil { readOtherwise = true }
            // (A date order other than day first comes with values read otherwise: month-first ones.)
            if final.dateOrder != applied.dateOrder { readOtherwise = true }
        }
        if readOtherwise && conventions.fields == nil {
            result.secondReading = FileConventions(defaultDecimal: conventions.defaultDecimal, fields: decided)
            return
        }
        for index in fields.indices {
            if fields[index].type == .date {
                reportDateOrder(columnEvidence[index], decided[index].dateOrder, field: index)
            } else {
                reportDecimal(columnEvidence[index], decided[index].decimal, field: index)
            }
        }
    }

    /// Said when the column's separator decided its ambiguous numbers, or left them ambiguous
    /// because the column shows both.
    private func reportDecimal(_ evidence: ColumnEvidence, _ decimal: DecimalConvention, field index: Int) {
        guard let example = evidence.ambiguous else { return }
        let name = fields[index].name
        let exampleFR = "« \(example.value) » (\(example.reference))"
        let exampleEN = "'\(example.value)' (\(example.reference))"
        switch decimal {
        case .unknown:
            return
        case .dot, .comma:
            let separatorFR = decimal == .dot ? "le point" : "la virgule"
            let separatorEN = decimal == .dot ? "the dot" : "the comma"
            guard let source = decimal == .dot ? evidence.dotDecimal : evidence.commaDecimal else {
                // No cell shows it: the comma-delimited file does.
                issue(
                    .conventionInferred, cell: example.reference, row: example.row, field: name, value: example.value,
                    Message(
                        fr:
                            "séparateur décimal de la colonne : \(separatorFR), le fichier étant délimité par des virgules (une virgule décimale y serait entre guillemets) ; les nombres ambigus comme \(exampleFR) sont lus avec lui",
                        en:
                            "the column's decimal separator is \(separatorEN), the file being comma-delimited (a decimal comma would have to be quoted); ambiguous numbers such as \(exampleEN) are read with it"
                    ))
                return
            }
            issue(
                .conventionInferred, cell: source.reference, row: source.row, field: name, value: source.value,
                Message(
                    fr:
                        "séparateur décimal de la colonne : \(separatorFR), d'après la cellule \(source.reference) (« \(source.value) ») ; les nombres ambigus comme \(exampleFR) sont lus avec lui",
                    en:
                        "the column's decimal separator is \(separatorEN), as cell \(source.reference) shows ('\(source.value)'); ambiguous numbers such as \(exampleEN) are read with it"
                ))
        case .disputed:
            guard let dot = evidence.dotDecimal, let comma = evidence.commaDecimal else { return }
            let later = dot.row > comma.row ? dot : comma
            issue(
                .conventionConflict, cell: later.reference, row: later.row, field: name, value: later.value,
                Message(
                    fr:
                        "la colonne mêle deux séparateurs décimaux : le point en \(dot.reference) (« \(dot.value) ») et la virgule en \(comma.reference) (« \(comma.value) ») ; ses nombres ambigus comme \(exampleFR) restent ambigus",
                    en:
                        "the column mixes two decimal separators: the dot in \(dot.reference) ('\(dot.value)') and the comma in \(comma.reference) ('\(comma.value)'); its ambiguous numbers such as \(exampleEN) stay ambiguous"
                ))
        }
    }

    /// Said when the column's dates are month first (a departure from the French order), or when
    /// it shows both orders.
    private func reportDateOrder(_ evidence: ColumnEvidence, _ order: DateOrder, field index: Int) {
        let name = fields[index].name
        if order == .monthFirst, let source = evidence.monthFirst {
            let examplesFR =
                evidence.ambiguous.map { " ; les dates comme « \($0.value) » (\($0.reference)) aussi" } ?? ""
            let examplesEN = evidence.ambiguous.map { "; so are dates such as '\($0.value)' (\($0.reference))" } ?? ""
            issue(
                .conventionInferred, cell: source.reference, row: source.row, field: name, value: source.value,
                Message(
                    fr:
                        "dates de la colonne écrites mois/jour/année, d'après la cellule \(source.reference) (« \(source.value) ») : elles sont lues ainsi\(examplesFR)",
                    en:
                        "the column writes dates month/day/year, as cell \(source.reference) shows ('\(source.value)'): they are read so\(examplesEN)"
                ))
            return
        }
        guard let dayFirst = evidence.dayFirst, let monthFirst = evidence.monthFirst else { return }
        let later = dayFirst.row > monthFirst.row ? dayFirst : monthFirst
        issue(
            .conventionConflict, cell: later.reference, row: later.row, field: name, value: later.value,
            Message(
                fr:
                    "la colonne mêle deux ordres de date : jour/mois en \(dayFirst.reference) (« \(dayFirst.value) ») et mois/jour en \(monthFirst.reference) (« \(monthFirst.value) ») ; ses dates sont lues jour/mois/année",
                en:
                    "the column mixes two date orders: day/month in \(dayFirst.reference) ('\(dayFirst.value)') and month/day in \(monthFirst.reference) ('\(monthFirst.value)'); its dates are read day/month/year"
            ))
    }
}
