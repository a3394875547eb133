import Foundation
import SheetConsolidation
import SheetReading
import SheetSchema

/// Stage 2, in submission order: SheetConsolidation decides what becomes of each accepted row
/// (`DatasetConsolidator`), the national tables over the kept rows (`SummaryGroups`,
/// `SummaryTable`) and, later, the near-duplicate candidates (`NearDuplicateSearch`). This type
/// gathers each dataset's files for them and times the steps.
struct Consolidation {
    struct DatasetInfo {
        var name: String
        var schema: String
        var named: NamedSchema
        var definition: PipelineDefinition.Dataset
    }

    var datasets: [DatasetInfo] = []
    /// The fate of each accepted row, and the merge and supersede events.
    private(set) var decisions: DatasetConsolidator
    var summaries: [SummaryTable] = []
    /// Seconds spent deduplicating and summing (for the manifest).
    var timings: [(String, Double)] = []

    init(definition: PipelineDefinition, schemas: SchemaSet, outcomes: [FileOutcome], jobs: Int?) {
        // Only the accepted rows of files read whole take part (`FileOutcome.accepted`).
        decisions = DatasetConsolidator(rowCounts: outcomes.map { $0.accepted?.rows.count ?? 0 })
        for named in schemas.list {
            let dataset = definition.dataset(forSchema: named.name)
            datasets.append(DatasetInfo(name: dataset.name, schema: named.name, named: named, definition: dataset))
        }
        // Each stage lets go of what it no longer needs: at a million rows, the peak is here.
        var clock = StageClock()
        // The ledger's work splits into as many shares as files are read at a time (each share scans
        // every row for its own: beyond a few, more threads only add scans).
        let shares = min(jobs ?? ProcessInfoCores.count, 8)
        for dataset in datasets {
            let files = Self.byInput(outcomes, of: dataset)
            decisions.deduplicate(dataset: dataset.name, files: files.map { $0?.rows }, shares: shares)
            for file in files { file?.releaseDeduplicationDigests() }
        }
        timings = [("deduplicate", clock.lap())]
        defer { timings.append(("summaries", clock.lap())) }
        for table in definition.summaries {
            guard let schemaName = definition.schemaName(ofDataset: table.dataset),
                let schema = schemas.byName[schemaName]?.schema
            else { continue }
            let amounts = table.sums.map { schema.field(named: $0)?.kind == .amount }
            var summary = SummaryTable(table, amountSums: amounts)
            // Each file added up by its own group numbers (no text hashed per row), files side by
            // side; then their groups join the table in submission order.
            let fates = decisions.fates
            let perFile = ParallelMap.map(outcomes, jobs: jobs) {
                outcome -> [(group: String, totals: SummaryTable.Accumulator)] in
                guard let file = outcome.accepted, file.schemaName == schemaName,
                    let groups = file.summaryGroups.first(where: { $0.definition == table })
                else { return [] }
                let kept = fates[outcome.index]
                return groups.totals { kept[$0] == .kept }
            }
            for groups in perFile {
                for (group, totals) in groups { summary.add(group: group, totals) }
            }
            summaries.append(summary)
        }
    }

    /// A dataset's files by input position (a row reference's `file`; nil: another dataset's).
    static func byInput(_ outcomes: [FileOutcome], of dataset: DatasetInfo) -> [FileConsolidator?] {
        outcomes.map { $0.accepted?.schemaName == dataset.schema ? $0.accepted : nil }
    }

    /// The near-duplicate candidates of every dataset that asks for them, from the kept rows.
    /// Reads only what deduplication left (fates, fingerprints), so it can run beside the writing
    /// of the datasets; lets go of the fingerprints when done.
    func nearDuplicates(outcomes: [FileOutcome], jobs: Int?) -> [NearDuplicateSearch.Result] {
        var results: [NearDuplicateSearch.Result] = []
        for dataset in datasets {
            let files = Self.byInput(outcomes, of: dataset)
            if let near = dataset.definition.nearDuplicates {
                let search = NearDuplicateSearch(
                    dataset: dataset.name, fields: near.fields, threshold: near.threshold, blockCap: near.maxPerBlock)
                results.append(search.search(files: files.map { $0?.fingerprints }, kept: decisions.isKept, jobs: jobs))
            }
            for file in files { file?.releaseFingerprints() }
        }
        return results
    }
}

extension Consolidation {
    /// The near-duplicate search on a thread of its own; `wait` gives its results (one per
    /// dataset that asks for it) and time.
    final class Search: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var result: ([NearDuplicateSearch.Result], Double) = ([], 0)

        init(consolidation: Consolidation, outcomes: [FileOutcome], jobs: Int?) {
            let thread = Thread { [self] in
                var clock = StageClock()
                result = (consolidation.nearDuplicates(outcomes: outcomes, jobs: jobs), clock.lap())
                done.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }

        private var waited = false

        /// Blocks until the search is done (once; later calls return the same result).
        func wait() -> ([NearDuplicateSearch.Result], Double) {
            if !waited {
                done.wait()
                waited = true
            }
            return result
        }
    }
}
