import Crypto
import Foundation
import SheetConsolidation
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
    var sha256: String?
    /// An output that could not be written while spooling (a full disk): an error of the run,
    /// said of the output file the rows were going to.
    var outputError: OutputError?
    var datasetName: String? { consolidator?.dataset.name }
}

/// Stage 1 for one file: read, validate, normalise and spool (one file per worker; inside it the
/// inflater, the parser and the validator each have their thread).
enum FileStage {
    static func process(
        _ submission: Submission, index: Int, definition: PipelineDefinition, schemas: SchemaSet,
        reader: FieldReader, spoolFolder: String, progress: RunProgress?
    ) -> FileOutcome {
        let options = ReadOptions(limits: definition.limits, fillMergedCells: definition.fillMergedCells)
        let candidates =
            submission.input.schema.flatMap { selector in
                schemas.list.filter { $0.name == schemaName(selector, definition: definition) }
            } ?? schemas.list.filter { definition.schemas.isEmpty || definition.schemaNames.contains($0.name) }
        let validator = FileValidator(
            schemas: candidates.isEmpty ? schemas.list : candidates, reader: reader, readOptions: options,
            sheet: definition.sheet)
        var consolidator: FileConsolidator?
        var spoolError: (any Error)?
        var datasetName = ""
        var validation = validator.validate(path: submission.path) { schema, sheet in
            datasetName = definition.dataset(forSchema: schema.name).name
            do {
                let made = try FileConsolidator(
                    schema: schema, dataset: definition.dataset(forSchema: schema.name),
                    summaries: definition.summaries.filter {
                        definition.schemaName(ofDataset: $0.dataset) == schema.name
                    }, file: submission.path, sheet: sheet, expectedRegion: submission.input.region,
                    spool: SpoolFiles(folder: spoolFolder, index: index), progress: progress)
                consolidator = made
                return made.consume
            } catch {
                spoolError = error
                return { _ in }
            }
        }
        do {
            try consolidator?.finish()
        } catch {
            spoolError = error
        }
        var outputError: OutputError?
        if let spoolError {
            // The temporary folder cannot take the rows: nothing of this file can be kept, and
            // the run cannot write its outputs (named by the file the rows were going to).
            validation.status = .unreadable
            validation.error = ("io-error", "cannot write the spool: \(spoolError)")
            consolidator = nil
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
            sha256: sha256(of: submission.path), outputError: outputError)
    }

    static func schemaName(_ selector: String, definition: PipelineDefinition) -> String {
        selector.hasSuffix(".json")
            ? URL(fileURLWithPath: selector).deletingPathExtension().lastPathComponent : selector
    }

    /// The SHA-256 of a file's bytes, read in 1 MiB blocks; nil when it cannot be read.
    static func sha256(of path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hash = SHA256()
        while let block = try? handle.read(upToCount: 1 << 20), !block.isEmpty { hash.update(data: block) }
        return hash.finalize().map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }
}

extension PipelineDefinition {
    /// The names of the schemas listed by the definition (files by their base name).
    var schemaNames: [String] { schemas.map { FileStage.schemaName($0, definition: self) } }
}
