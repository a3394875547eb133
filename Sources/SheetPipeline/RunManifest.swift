import Foundation
import SheetConsolidation
import SheetOutput
import SheetReading
import SheetSchema

/// `manifest.json` (docs/manifest.schema.json): the contract of the run. The only part that
/// changes between two runs over the same inputs is `run` (timestamps and timings).
struct RunManifest {
    var definition: PipelineDefinition
    var schemas: SchemaSet
    var outcomes: [FileOutcome]
    /// Per input, in submission order.
    var counts: [FileCounts]
    var datasets: [Consolidation.DatasetInfo]
    var candidates: [NearDuplicateSearch.Candidate]
    /// Every output but the manifest, by path relative to the folder.
    var outputs: [String]
    var warnings: [String]
    var unmatchedInputs: [String]
    var missingInputs: [String]
    var started: Date
    var finished: Date
    var timings: [(String, Double)]
    var options: RunOptions
    /// Per dataset written as a workbook, its sheets and their rows.
    var workbookSheets: [String: [DatasetWorkbook.Sheet]] = [:]

    var json: OrderedJSON {
        let tool: OrderedJSON = .object(
            [("name", .string("sheetpipe")), ("version", .string(options.toolVersion))], .inline)
        let pipeline: OrderedJSON = .object(
            [("name", .string(definition.name)), ("definition", .string(definition.source))], .inline)
        let totalCounts = counts.reduce(FileCounts(), +)
        let totalMembers: [(String, OrderedJSON)] = [
            ("files", .number(outcomes.count)),
            ("files_unreadable", .number(outcomes.filter { $0.validation.status == .unreadable }.count)),
            ("files_rejected", .number(outcomes.filter { $0.validation.status == .rejected }.count)),
            ("near_duplicate_candidates", .number(candidates.count)),
        ]
        let timingMembers: [(String, OrderedJSON)] = (timings + [("total", finished.timeIntervalSince(started))]).map {
            ($0.0, .number(String(format: "%.3f", $0.1)))
        }
        var runMembers: [(String, OrderedJSON)] = [
            ("started", .string(Self.iso(started))), ("finished", .string(Self.iso(finished))),
            ("jobs", .number(options.jobs)), ("timings_seconds", .object(timingMembers, .inline)),
        ]
        // A merge says which shard results it read (the rest of the manifest is a single run's).
        if let shards = options.mergedShards {
            runMembers.append(
                (
                    "shards",
                    .array(
                        shards.map { shard in
                            .object(
                                [
                                    ("index", .number(shard.index)), ("files", .number(shard.files)),
                                    ("written", .string(shard.written)),
                                ], .inline)
                        }, .block)
                ))
        }
        let run: OrderedJSON = .object(runMembers, .block)
        func strings(_ list: [String]) -> OrderedJSON { .array(list.map { .string($0) }, .inline) }
        let members: [(String, OrderedJSON)] = [
            ("manifest_version", .string("1")), ("tool", tool), ("pipeline", pipeline),
            ("schemas", .array(schemas.list.map(schemaEntry), .block)),
            ("files", .array(zip(outcomes, counts).map(fileEntry), .block)),
            ("datasets", .array(datasets.map(datasetEntry), .block)),
            ("totals", .object(totalMembers + Self.countMembers(totalCounts), .blockAtIndent(6))),
            ("outputs", strings((outputs + ["manifest.json"]).sorted())), ("warnings", strings(warnings)),
            ("inputs_unmatched", strings(unmatchedInputs)), ("inputs_missing", strings(missingInputs)), ("run", run),
        ]
        return .object(members, .block)
    }

    private func schemaEntry(_ named: NamedSchema) -> OrderedJSON {
        .object(
            [
                ("name", .string(named.name)), ("version", .string(named.schema.version)),
                ("dataset", .string(definition.dataset(forSchema: named.name).name)),
            ], .inline)
    }

    private func fileEntry(_ outcome: FileOutcome, _ count: FileCounts) -> OrderedJSON {
        let validation = outcome.validation
        let input = outcome.submission.input
        return .object(
            [
                ("path", .string(outcome.submission.path)), ("sha256", .string(outcome.sha256)),
                ("schema", .string(validation.schema)), ("sheet", .string(validation.sheet)),
                ("status", .string(validation.status.rawValue)), ("error", .string(validation.error?.message)),
                ("submitter", .string(input.submitter)), ("region", .string(input.region)),
                ("campaign", .number(input.campaign)), ("submitted", .string(outcome.submission.submitted)),
                ("submitted_source", .string(outcome.submission.submittedSource)),
            ] + Self.countMembers(count), .block)
    }

    private func datasetEntry(_ dataset: Consolidation.DatasetInfo) -> OrderedJSON {
        var total = FileCounts()
        for (outcome, count) in zip(outcomes, counts) where outcome.consolidator?.schemaName == dataset.schema {
            total = total + count
        }
        return .object(
            [
                ("name", .string(dataset.name)), ("schema", .string(dataset.schema)),
                ("csv", .string(file(dataset, .csv))), ("json", .string(file(dataset, .json))),
            ] + workbookMembers(dataset) + [
                ("rejected", .string("rejected/\(dataset.name).csv")),
                ("near_duplicate_candidates", .number(candidates.filter { $0.dataset == dataset.name }.count)),
            ] + Self.countMembers(total), .block)
    }

    /// The dataset's file in this format, nil when `outputs.formats` leaves it out.
    private func file(_ dataset: Consolidation.DatasetInfo, _ format: PipelineDefinition.DatasetFormat) -> String? {
        definition.datasetFormats.contains(format) ? "\(dataset.name).\(format.rawValue)" : nil
    }

    /// `xlsx` and `xlsx_sheets` (each sheet and its rows: past a sheet's limit the rows continue
    /// on `<name> (2)`…), only when the workbook is written.
    private func workbookMembers(_ dataset: Consolidation.DatasetInfo) -> [(String, OrderedJSON)] {
        guard let sheets = workbookSheets[dataset.name] else { return [] }
        let list: [OrderedJSON] = sheets.map { sheet in
            .object([("name", .string(sheet.name)), ("rows", .number(sheet.rows))], .inline)
        }
        return [("xlsx", .string(dataset.name + ".xlsx")), ("xlsx_sheets", .array(list, .inline))]
    }

    private static func countMembers(_ count: FileCounts) -> [(String, OrderedJSON)] {
        [
            ("rows_in", .number(count.rowsIn)), ("rows_out", .number(count.rowsOut)),
            ("rows_rejected", .number(count.rowsRejected)), ("duplicates_merged", .number(count.duplicatesMerged)),
            ("superseded", .number(count.superseded)),
        ]
    }

    static func iso(_ date: Date) -> String {
        CivilDateTime(secondsSince1970: Int(date.timeIntervalSince1970)).isoDateTime + "Z"
    }
}
