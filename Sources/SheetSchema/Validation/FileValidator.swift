public import SheetReading

/// Validates whole files in two steps: `prepare` opens a file and chooses the sheet (the named
/// one, else the one whose header matches a schema best, else the first visible) and the schema
/// when several are offered (`--schema auto`); `validate` streams the sheet's rows through a
/// `SheetValidator`, into a row sink when one is given.
public struct FileValidator: Sendable {
    /// The schemas a file may be validated against (the first unless another fits better).
    public var schemas: [NamedSchema]
    /// Reads cells for fields.
    public var reader: FieldReader
    /// How files are opened (limits, merged cells).
    public var readOptions: ReadOptions
    /// The sheet to read, by name (nil: chosen as above).
    public var sheet: String?

    /// A validator of files against these schemas.
    public init(schemas: [NamedSchema], reader: FieldReader, readOptions: ReadOptions, sheet: String?) {
        self.schemas = schemas
        self.reader = reader
        self.readOptions = readOptions
        self.sheet = sheet
    }

    /// Prepares and validates a file, without a row sink.
    public func validate(path: String) -> FileValidation {
        do {
            return validate(try prepare(path: path))
        } catch {
            return FileValidation(unreadable: path, error)
        }
    }

    /// Opens a file and chooses its sheet and schema. Throws when the file cannot be opened or the
    /// sheet named cannot be found (`FileValidation(unreadable:_:)` says so in a log).
    public func prepare(path: String) throws(ReadError) -> PreparedSheet {
        let file = try SpreadsheetFile.open(path, options: readOptions)
        // The schema a template stamped the workbook with picks the schema among several.
        let stamp = (try? file.customProperties()).flatMap(SchemaStamp.init(properties:))
        let stamped = schemas.count > 1 ? stamp.flatMap { stamp in schemas.firstIndex(where: stamp.names) } : nil
        var choice = try chooseSheet(in: file, stamped: stamped)
        if let stamped { choice.schema = stamped }
        let named = schemas[choice.schema]
        let sheetName = choice.sheet.name
        var context: [ValidationIssue] = [
            ValidationIssue(
                code: .sheetChosen, file: path, sheet: sheetName,
                message: Message(fr: "feuille lue : \(choice.reasonFR)", en: "sheet read: \(choice.reason)"))
        ]
        if let stamped, let stamp {
            let version = stamp.version.map { " \($0)" } ?? ""
            context.append(
                ValidationIssue(
                    code: .sheetChosen, file: path, sheet: sheetName,
                    message: Message(
                        fr:
                            "schéma \(schemas[stamped].name) choisi d'après le tampon du modèle (\(stamp.schema)\(version))",
                        en:
                            "schema \(schemas[stamped].name) chosen from the template's stamp (\(stamp.schema)\(version))"
                    )))
        } else if schemas.count > 1, let matchingColumns = choice.matchingColumns {
            context.append(
                ValidationIssue(
                    code: .sheetChosen, file: path, sheet: sheetName,
                    message: Message(
                        fr: "schéma \(named.name) choisi (\(matchingColumns) colonnes d'en-tête reconnues)",
                        en: "schema \(named.name) chosen (\(matchingColumns) header columns recognised)")))
        }
        if let stamp, let mismatch = stamp.mismatch(with: named) {
            context.append(ValidationIssue(code: .templateMismatch, file: path, sheet: sheetName, message: mismatch))
        }
        if choice.sheet.visibility != .visible {
            context.append(
                ValidationIssue(
                    code: .hiddenSheet, file: path, sheet: sheetName,
                    message: Message(
                        fr: "les données sont sur une feuille masquée", en: "the data is on a hidden sheet")))
        }
        return PreparedSheet(path: path, file: file, sheet: choice.sheet, schema: named, context: context)
    }

    /// Validates a prepared sheet's rows; `sink`, when given, sees every data row after
    /// validation, in order, on the validator's thread. A file unreadable part-way is
    /// `unreadable`, its rows validated so far counted (and handed to `sink`).
    ///
    /// `conventions`: how its columns write numbers and dates (nil: what the file shows before
    /// its rows are read). When its columns turn out to show other conventions than some values
    /// were read with, the file is read again with them — here when no sink listens; with a
    /// sink, the result's `secondReading` says so and the caller reads it again with a new sink.
    public func validate(
        _ prepared: PreparedSheet, conventions: FileConventions? = nil, into sink: ((ValidatedRow) -> Void)? = nil
    ) -> FileValidation {
        let first = validateOnce(prepared, conventions: conventions ?? FileConventions(file: prepared.file), into: sink)
        guard sink == nil, let decided = first.secondReading else { return first }
        return validateOnce(prepared, conventions: decided, into: nil)
    }

    private func validateOnce(
        _ prepared: PreparedSheet, conventions: FileConventions, into sink: ((ValidatedRow) -> Void)?
    ) -> FileValidation {
        let file = prepared.file
        let validator = SheetValidator(
            schema: prepared.schema.schema, reader: reader, file: prepared.path, sheet: prepared.sheet.name,
            fromWorkbook: file.format.isWorkbook, schemaName: prepared.schema.name, context: prepared.context,
            conventions: conventions, sink: sink)
        validator.mergedCellsFilled = file.fillsMergedCells && file.format.isWorkbook
        var summary: SheetReadSummary?
        do {
            // The validator runs on its own thread beside the parser (and the inflater): rows
            // are handed over in order, in batches; its results are read after the join.
            summary = try file.readRowsInBackground(of: prepared.sheet) { row in validator.consume(row) }
        } catch {
            let failure =
                error as? ReadError
                ?? ReadError(.ioError, file: prepared.path, reason: "the file could not be read: \(error)")
            var result = validator.finish(summary: nil)
            result.status = .unreadable
            result.error = FileValidation.Failure(code: failure.code.rawValue, message: failure.description)
            result.readFailure = failure
            result.issues.append(
                ValidationIssue(
                    code: .unreadableFile, file: prepared.path, sheet: prepared.sheet.name, cell: failure.cell,
                    row: failure.line,
                    message: Message(
                        fr: "fichier illisible : \(failure.reason)", en: "unreadable file: \(failure.reason)")))
            return result
        }
        return validator.finish(summary: summary)
    }
}
