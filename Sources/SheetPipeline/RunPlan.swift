import Foundation
import SheetOutput
import SheetReading
import SheetSchema

/// What a run decides before reading any input: the checked definition, its schemas, the
/// submissions in order and what it warns about. A single run, each shard and the merge make the
/// same plan from the same definition and inputs (the shard results record its hashes).
struct RunPlan {
    let folder: PipelineFolder
    let definition: PipelineDefinition
    let schemas: SchemaSet
    let references: ValidationReferences
    let warnings: [String]
    let notes: [String]
    let submissions: [Submission]
    let unmatched: [String]
    let missing: [String]

    init(_ given: PipelineDefinition, folder: PipelineFolder, options: RunOptions) throws {
        self.folder = folder
        schemas = try PipelineRun.loadSchemas(given, folder: folder)
        try PipelineRun.checkDefinition(given, schemas: schemas)
        references = ValidationReferences(folder: folder)
        var warnings: [String] = references.missingWarning.map { [$0] } ?? []
        // The definition as a whole, before any input is read.
        var checked = given
        do {
            warnings += try DefinitionCheck.apply(
                &checked, places: references.places, schemaNames: schemas.names, outputOverride: options.outputDirectory
            )
        } catch {
            throw RunError.configuration(error.description)
        }
        definition = checked
        let (submissions, unmatched, missing, lockFiles) = SubmissionList.resolve(definition)
        for pattern in unmatched { warnings.append("input \(pattern) matched no file") }
        notes = lockFiles.map { "\($0): skipped (\(ExcelLockFile.reason))" }
        for submission in submissions where submission.submitted == nil {
            warnings.append("\(submission.path): no submission date (definition or file time)")
        }
        self.warnings = warnings
        self.submissions = submissions
        self.unmatched = unmatched
        self.missing = missing
    }

    /// The output folder's temporary twin, once the folder is known to be one sheetpipe may
    /// replace. No input, no replacement: the previous outputs stay (before the folder is even
    /// looked at).
    func openOutput(options: RunOptions) throws -> OutputFolder {
        let outputPath = SubmissionList.displayPath(
            options.outputDirectory ?? definition.resolve(definition.outputDirectory),
            workingFolder: FileManager.default.currentDirectoryPath)
        if submissions.isEmpty {
            throw RunError.noInput(
                PipelineRun.noInputMessage(outputPath, unmatched: unmatched, missing: missing, unreadable: []))
        }
        do {
            return try OutputFolder(
                final: outputPath, policy: OutputFolderPolicy.forRun(definition, submissions: submissions))
        } catch let error as OutputRefusal {
            throw RunError.output(error.description)
        } catch let error as OutputError {
            throw RunError.output(error.description)
        }
    }
}
