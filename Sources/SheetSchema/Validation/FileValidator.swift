public import SheetReading

/// A schema with the name it is known by (`project-sheet`, or a file path).
public struct NamedSchema: Sendable {
    public var name: String
    public var schema: TableSchema

    public init(name: String, schema: TableSchema) {
        self.name = name
        self.schema = schema
    }
}

/// Validates whole files: opens them, chooses the sheet (the named one, else the one whose header
/// matches a schema best, else the first visible), chooses the schema when several are offered
/// (`--schema auto`), and streams the rows through a `SheetValidator`.
public struct FileValidator: Sendable {
    public var schemas: [NamedSchema]
    public var reader: FieldReader
    public var readOptions: ReadOptions
    public var sheet: String?

    public init(schemas: [NamedSchema], reader: FieldReader, readOptions: ReadOptions, sheet: String?) {
        self.schemas = schemas
        self.reader = reader
        self.readOptions = readOptions
        self.sheet = sheet
    }

    private struct EnoughRows: Error {}

    /// The best header score of each schema on a sheet's first rows.
    func peek(_ file: SpreadsheetFile, _ sheet: SheetInfo) -> [(schema: Int, score: Int)] {
        var rows: [Row] = []
        do {
            try file.readRows(of: sheet) { row in
                rows.append(row)
                if rows.count >= HeaderMatcher.rowsToSearch { throw EnoughRows() }
            }
        } catch {}
        return schemas.indices.map { index in
            let best = rows.map { HeaderMatcher.match($0, schema: schemas[index].schema).score }.max() ?? 0
            return (index, best)
        }
    }

    /// `rowConsumer`, told the schema and sheet chosen, gives what sees every data row after
    /// validation, in order, on the validator's thread.
    public func validate(
        path: String, rowConsumer: ((_ schema: NamedSchema, _ sheet: String) -> (ValidatedRow) -> Void)? = nil
    ) -> FileValidation {
        let file: SpreadsheetFile
        do {
            file = try SpreadsheetFile.open(path, options: readOptions)
        } catch {
            return unreadable(path, error)
        }
        // The schema a template stamped the workbook with picks the schema among several.
        let stamp = (try? file.customProperties()).flatMap(SchemaStamp.init(properties:))
        let stamped = schemas.count > 1 ? stamp.flatMap { stamp in schemas.firstIndex(where: stamp.names) } : nil
        // Sheet and schema.
        var chosenSheet: SheetInfo
        var reason: String
        var reasonFR: String
        var schemaIndex = 0
        var matchingColumns: Int?
        do {
            if let sheet {
                let choice = try file.chooseSheet(named: sheet)
                chosenSheet = choice.sheet
                reason = choice.reason
                reasonFR = "feuille « \(chosenSheet.name) » demandée"
                if schemas.count > 1 {
                    let scores = peek(file, chosenSheet)
                    if let stamped {
                        schemaIndex = stamped
                        matchingColumns = scores[stamped].score
                    } else if let best = scores.max(by: { $0.score < $1.score }) {
                        schemaIndex = best.schema
                        matchingColumns = best.score
                    }
                }
            } else {
                let fallback = try file.chooseSheet(named: nil)
                chosenSheet = fallback.sheet
                reason = fallback.reason
                reasonFR =
                    file.format == .csv
                    ? "le tableau du fichier texte" : "feuille « \(chosenSheet.name) », la première feuille visible"
                let candidates = file.sheets.filter { $0.visibility == .visible && $0.kind == .worksheet }
                if candidates.count > 1 || schemas.count > 1 {
                    var best: (sheet: SheetInfo, schema: Int, score: Int)?
                    for candidate in candidates {
                        for (index, score) in peek(file, candidate)
                        where score > (best?.score ?? 0) && (stamped == nil || index == stamped) {
                            best = (candidate, index, score)
                        }
                    }
                    if let best,
                        HeaderMatcher.isPlausible(
                            HeaderMatch(
                                row: 0, columns: [:], labels: [:], unknownColumns: [], duplicateColumns: [],
                                score: best.score),
                            schema: schemas[best.schema].schema)
                    {
                        if best.sheet.name != chosenSheet.name {
                            reason = "sheet '\(best.sheet.name)', whose header matches the schema best"
                            reasonFR = "feuille « \(best.sheet.name) », dont l'en-tête correspond le mieux au schéma"
                        }
                        chosenSheet = best.sheet
                        schemaIndex = best.schema
                        matchingColumns = best.score
                    }
                    if let stamped { schemaIndex = stamped }
                }
            }
        } catch {
            return unreadable(path, error)
        }
        let named = schemas[schemaIndex]
        let validator = SheetValidator(
            schema: named.schema, reader: reader, file: path, sheet: chosenSheet.name,
            fromWorkbook: file.format == .xlsx,
            schemaName: named.name)
        validator.onRow = rowConsumer?(named, chosenSheet.name)
        validator.mergedCellsFilled = file.fillsMergedCells && file.format == .xlsx
        var summary: SheetReadSummary?
        do {
            // The validator runs on its own thread beside the parser (and the inflater): rows
            // are handed over in order, in batches; its results are read after the join.
            let background = BackgroundRowConsumer { row in validator.consume(row) }
            do {
                summary = try file.readRows(of: chosenSheet) { row in try background.accept(row) }
            } catch {
                try? background.finish()
                throw error
            }
            try background.finish()
        } catch {
            // Rows may have been validated (and handed on) before the failure: they are counted.
            let failure =
                error as? ReadError ?? ReadError(.ioError, file: path, reason: "the file could not be read: \(error)")
            var result = validator.finish(summary: nil)
            result.status = .unreadable
            result.error = (failure.code.rawValue, failure.description)
            result.readFailure = failure
            result.issues.append(
                ValidationIssue(
                    code: .unreadableFile, file: path, sheet: chosenSheet.name, cell: failure.cell, row: failure.line,
                    message: Message(
                        fr: "fichier illisible : \(failure.reason)", en: "unreadable file: \(failure.reason)")))
            return result
        }
        var result = validator.finish(summary: summary)
        var context: [ValidationIssue] = [
            ValidationIssue(
                code: .sheetChosen, file: path, sheet: chosenSheet.name,
                message: Message(fr: "feuille lue : \(reasonFR)", en: "sheet read: \(reason)"))
        ]
        if let stamped, let stamp {
            let version = stamp.version.map { " \($0)" } ?? ""
            context.append(
                ValidationIssue(
                    code: .sheetChosen, file: path, sheet: chosenSheet.name,
                    message: Message(
                        fr:
                            "schéma \(schemas[stamped].name) choisi d'après le tampon du modèle (\(stamp.schema)\(version))",
                        en:
                            "schema \(schemas[stamped].name) chosen from the template's stamp (\(stamp.schema)\(version))"
                    )))
        } else if schemas.count > 1, let matchingColumns {
            context.append(
                ValidationIssue(
                    code: .sheetChosen, file: path, sheet: chosenSheet.name,
                    message: Message(
                        fr: "schéma \(named.name) choisi (\(matchingColumns) colonnes d'en-tête reconnues)",
                        en: "schema \(named.name) chosen (\(matchingColumns) header columns recognised)")))
        }
        if let stamp, let mismatch = stamp.mismatch(with: named) {
            context.append(
                ValidationIssue(code: .templateMismatch, file: path, sheet: chosenSheet.name, message: mismatch))
        }
        if chosenSheet.visibility != .visible {
            context.append(
                ValidationIssue(
                    code: .hiddenSheet, file: path, sheet: chosenSheet.name,
                    message: Message(
                        fr: "les données sont sur une feuille masquée", en: "the data is on a hidden sheet")))
        }
        result.issues.insert(contentsOf: context, at: 0)
        return result
    }

    /// A file that could not be opened, or whose sheet could not be chosen: no schema was applied to it.
    private func unreadable(_ path: String, _ error: any Error) -> FileValidation {
        var result = FileValidation(path: path, sheet: nil, schema: nil, status: .unreadable)
        let code = (error as? ReadError)?.code.rawValue ?? "io-error"
        let reason = (error as? ReadError)?.reason ?? "\(error)"
        // The message names the file once, as reading errors do.
        result.error = (code, (error as? ReadError)?.description ?? "\(path): \(reason)")
        result.issues.append(
            ValidationIssue(
                code: .unreadableFile, file: path, cell: (error as? ReadError)?.cell, row: (error as? ReadError)?.line,
                message: Message(fr: "fichier illisible : \(reason)", en: "unreadable file: \(reason)")))
        return result
    }
}
