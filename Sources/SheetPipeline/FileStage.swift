import Crypto
import Foundation
import SheetConsolidation
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
        var validation = validator.validate(path: submission.path) { schema, sheet in
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
        if let spoolError {
            // The temporary folder cannot take the rows: nothing of this file can be kept.
            validation.status = .unreadable
            validation.error = ("io-error", "cannot write the spool: \(spoolError)")
            consolidator = nil
        }
        return FileOutcome(
            submission: submission, index: index, validation: validation, consolidator: consolidator,
            sha256: sha256(of: submission.path))
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
