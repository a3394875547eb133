import Dispatch
public import Logging
import SheetSchema

extension Logger {
    /// A logger that says nothing: a run's default, when nobody listens.
    public static let silent = Logger(label: "sheetpipe", factory: { _ in SwiftLogNoOpLogHandler() })
}

/// What a run tells its logger, with the same metadata keys in every event: `stage`, `file`,
/// `counts`, `duration_s` (seconds, to the millisecond). A batch platform can filter on them.
enum RunEvents {
    static func started(_ definition: PipelineDefinition, files: Int, output: String, logger: Logger) {
        logger.info(
            "run started",
            metadata: [
                "stage": "read_validate", "pipeline": .string(definition.name), "files": .stringConvertible(files),
                "output": .string(output),
            ])
    }

    /// One file read, validated and spooled: how many rows, how it ended, how long it took.
    static func fileRead(_ outcome: FileOutcome, since started: DispatchTime, logger: Logger) {
        let validation = outcome.validation
        var metadata: Logger.Metadata = [
            "stage": "read_validate", "file": .string(outcome.submission.path),
            "status": .string(validation.status.rawValue),
            "counts": [
                "rows_in": .stringConvertible(validation.rowsIn),
                "rows_valid": .stringConvertible(validation.rowsValid),
                "rows_invalid": .stringConvertible(validation.rowsInvalid),
                "errors": .stringConvertible(validation.issues.summary.errors),
                "warnings": .stringConvertible(validation.issues.summary.warnings),
            ],
            "duration_s": .stringConvertible(seconds(since: started)),
        ]
        if let sheet = validation.sheet { metadata["sheet"] = .string(sheet) }
        if let schema = validation.schema { metadata["schema"] = .string(schema) }
        if let error = validation.error { metadata["error"] = .string(error.message) }
        let level: Logger.Level = validation.status == .unreadable ? .error : .info
        logger.log(level: level, "file read", metadata: metadata)
    }

    static func stageFinished(_ stage: String, seconds: Double, logger: Logger) {
        logger.info(
            "stage finished",
            metadata: ["stage": .string(stage), "duration_s": .stringConvertible(milliseconds(seconds))])
    }

    static func seconds(since start: DispatchTime) -> Double {
        milliseconds(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
    }

    /// Seconds rounded to the millisecond (logs need no more, and stay short).
    static func milliseconds(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
}

extension FileCounts {
    /// The counts as log metadata (snake_case, as in the manifest).
    public var logMetadata: Logger.Metadata.Value {
        [
            "rows_in": .stringConvertible(rowsIn), "rows_out": .stringConvertible(rowsOut),
            "rows_rejected": .stringConvertible(rowsRejected),
            "duplicates_merged": .stringConvertible(duplicatesMerged),
            "superseded": .stringConvertible(superseded),
        ]
    }
}

extension RunResult {
    /// The whole run as the metadata of one final event: totals, each dataset, files by status,
    /// where the outputs went, how long it took.
    public var logMetadata: Logger.Metadata {
        var statuses: [String: Int] = [:]
        for file in files { statuses[file.status.rawValue, default: 0] += 1 }
        var metadata: Logger.Metadata = [
            "stage": "done", "output": .string(outputDirectory), "counts": totals.logMetadata,
            "files": .dictionary(statuses.mapValues { .stringConvertible($0) }),
            "datasets": .array(
                datasets.map { dataset in
                    [
                        "name": .string(dataset.name), "schema": .string(dataset.schema),
                        "counts": dataset.counts.logMetadata,
                        "near_duplicate_candidates": .stringConvertible(dataset.candidates),
                    ]
                }),
            "reports": .array(reportFiles.map { .string($0) }),
            "duration_s": .stringConvertible(RunEvents.milliseconds(seconds)),
        ]
        if !unmatchedInputs.isEmpty { metadata["unmatched_inputs"] = .array(unmatchedInputs.map { .string($0) }) }
        if !missingInputs.isEmpty { metadata["missing_inputs"] = .array(missingInputs.map { .string($0) }) }
        return metadata
    }
}
