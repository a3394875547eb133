import Foundation
import SheetConsolidation
import SheetDigest
import SheetOutput
import SheetReading
import SheetSchema

/// What stage 1 left of one input. The consolidator is handed over once its file is done (after
/// the validator's thread has joined), and only read from then on.
struct FileOutcome: @unchecked Sendable {
    var submission: Submission
    var index: Int
    var validation: FileValidation
    var consolidator: FileConsolidator?
    /// Where its rows were spooled (the run's temporary folder, or a shard result).
    var spool: SpoolFiles
    var sha256: String?
    /// An output that could not be written while spooling (a full disk): an error of the run,
    /// said of the output file the rows were going to.
    var outputError: OutputError?
    var datasetName: String? { consolidator?.dataset.name }
    /// The file's accepted rows, for the stages that keep, merge, supersede, sum and compare
    /// rows: none for a file that turned out unreadable (a file is read whole or contributes
    /// nothing; its rows are only in the rejected rows).
    var accepted: FileConsolidator? { validation.status == .unreadable ? nil : consolidator }
}

/// Stage 1 for one file: read, validate, normalise and spool (one file per worker; inside it the
/// inflater, the parser and the validator each have their thread).
enum FileStage {
    static func process(
        _ submission: Submission, index: Int, definition: PipelineDefinition, schemas: SchemaSet,
        reader: FieldReader, spoolFolder: String, progress: RunProgress?
    ) -> FileOutcome {
        let options = definition.readOptions
        let candidates =
            submission.input.schema.flatMap { selector in
                schemas.list.filter { $0.name == SchemaSelector(selector).schemaName }
            } ?? schemas.list.filter { definition.schemas.isEmpty || definition.schemaNames.contains($0.name) }
        let validator = FileValidator(
            schemas: candidates.isEmpty ? schemas.list : candidates, reader: reader, readOptions: options,
            sheet: definition.sheet)
        var datasetName = ""
        func read(
            rejectingAll reason: Message?, rejectingRows: [UInt32: Message] = [:], conventions: FileConventions? = nil,
            counted: Bool = true
        ) -> (
            FileValidation, FileConsolidator?, spoolError: (any Error)?
        ) {
            // Sheet and schema first: the consolidator is made for them, then given every row.
            let prepared: PreparedSheet
            do {
                prepared = try validator.prepare(path: submission.path)
            } catch {
                return (FileValidation(unreadable: submission.path, error), nil, nil)
            }
            let schema = prepared.schema
            datasetName = definition.dataset(forSchema: schema.name).name
            var consolidator: FileConsolidator?
            var spoolError: (any Error)?
            do {
                consolidator = try FileConsolidator(
                    schema: schema, dataset: definition.dataset(forSchema: schema.name),
                    summaries: definition.summaries.filter {
                        definition.schemaName(ofDataset: $0.dataset) == schema.name
                    }, file: submission.path, sheet: prepared.sheet.name, expectedRegion: submission.input.region,
                    spool: SpoolFiles(folder: spoolFolder, index: index),
                    progress: reason == nil && counted ? progress : nil,
                    rejectingAll: reason, rejectingRows: rejectingRows)
            } catch {
                spoolError = error
            }
            var validation = validator.validate(prepared, conventions: conventions, into: consolidator?.consume)
            do {
                try consolidator?.finish()
            } catch {
                spoolError = error
            }
            if let spoolError {
                // The temporary folder cannot take the rows: nothing of this file can be kept.
                validation.status = .unreadable
                validation.error = FileValidation.Failure(
                    code: "io-error", message: "cannot write the spool: \(spoolError)")
                consolidator = nil
            }
            return (validation, consolidator, spoolError)
        }
        var (validation, consolidator, spoolError) = read(rejectingAll: nil)
        let conventions = validation.secondReading
        if spoolError == nil, let conventions {
            // Some values were read before their column showed its convention (a decimal
            // separator, a date order), and read otherwise with it: the file is read again with
            // the conventions decided (only such files pay for it; its rows were counted once).
            consolidator = nil
            (validation, consolidator, spoolError) = read(rejectingAll: nil, conventions: conventions, counted: false)
        }
        if !validation.rowsInvalidAtEnd.isEmpty, validation.status != .unreadable, consolidator != nil {
            // A self-reference found missing only at the file's end made rows invalid that were
            // spooled as valid: the file is read again, those rows rejected (only such files pay).
            consolidator = nil
            (validation, consolidator, spoolError) = read(
                rejectingAll: nil, rejectingRows: validation.rowsInvalidAtEnd, conventions: conventions, counted: false)
        }
        if validation.status == .unreadable, consolidator != nil, validation.rowsIn > 0 {
            // Unreadable part-way: none of its rows may be kept, and those read are rejected with
            // the reason, their values as found — which the first reading kept only for the rows
            // it rejected. The file is read again up to where it fails, every row rejected (only
            // broken files pay for it).
            consolidator = nil
            let first = validation
            (validation, consolidator, spoolError) = read(
                rejectingAll: unreadableReason(first), conventions: conventions)
            if spoolError == nil {
                if validation.status != .unreadable {
                    // (The file changed between the two readings: the first verdict stands.)
                    validation.issues.append(
                        contentsOf: first.issues.filter { $0.code == IssueCode.unreadableFile.rawValue })
                }
                validation.status = .unreadable
                validation.error = first.error
                validation.readFailure = first.readFailure
            }
            validation.rowsInvalid = validation.rowsIn
            validation.rowsValid = 0
        }
        var outputError: OutputError?
        if let spoolError {
            // The run cannot write its outputs (named by the file the rows were going to).
            let spool = SpoolFiles(folder: spoolFolder, index: index)
            let folder = URL(fileURLWithPath: spoolFolder).deletingLastPathComponent().path
            let spoolPath = (spoolError as? OutputError)?.path
            let path =
                spoolPath == spool.json
                ? "\(folder)/\(datasetName).json"
                : spoolPath == spool.rejected ? "\(folder)/rejected/\(datasetName).csv" : "\(folder)/\(datasetName).csv"
            if let code = (spoolError as? OutputError)?.systemError {
                outputError = OutputError(
                    path: path, action: "cannot write the rows of \(submission.path)", systemError: code)
            } else {
                outputError = OutputError(
                    path: path, reason: "cannot write the rows of \(submission.path): \(spoolError)")
            }
        }
        return FileOutcome(
            submission: submission, index: index, validation: validation, consolidator: consolidator,
            spool: SpoolFiles(folder: spoolFolder, index: index), sha256: sha256(of: submission.path),
            outputError: outputError)
    }

    /// Why every row of a file unreadable part-way is rejected: where and why it fails.
    static func unreadableReason(_ validation: FileValidation) -> Message {
        guard let failure = validation.readFailure else {
            let why = validation.error?.message ?? "?"
            return Message(
                fr: "fichier illisible : \(why) ; aucune ligne du fichier n'est gardée",
                en: "file unreadable: \(why); no row of the file is kept")
        }
        var placeFR: [String] = []
        var placeEN: [String] = []
        if let part = failure.part {
            placeFR.append(part)
            placeEN.append(part)
        }
        if let line = failure.line {
            placeFR.append("ligne \(line)")
            placeEN.append("line \(line)")
        }
        if let cell = failure.cell {
            placeFR.append("cellule \(cell)")
            placeEN.append("cell \(cell)")
        }
        let whereFR = placeFR.isEmpty ? "" : " (" + placeFR.joined(separator: ", ") + ")"
        let whereEN = placeEN.isEmpty ? "" : " (" + placeEN.joined(separator: ", ") + ")"
        return Message(
            fr: "fichier illisible\(whereFR) : \(failure.reason) ; aucune ligne du fichier n'est gardée",
            en: "file unreadable\(whereEN): \(failure.reason); no row of the file is kept")
    }

    /// The SHA-256 of a file's bytes, read in 1 MiB blocks; nil when it cannot be read.
    static func sha256(of path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hash = SHA256Hasher()
        while let block = try? handle.read(upToCount: 1 << 20), !block.isEmpty {
            block.withUnsafeBytes { hash.update($0) }
        }
        return hash.finalize()
    }
}
