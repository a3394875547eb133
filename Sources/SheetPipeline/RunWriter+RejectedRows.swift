import Foundation
import Glibc
import SheetConsolidation
import SheetOutput
import SheetReading
import SheetSchema

/// `rejected/<dataset>.csv`: the rejected rows, copied from the spools.
extension RunWriter {
    /// `rejected/<dataset>.csv`: the values as found, provenance, and the reasons.
    mutating func writeRejected(_ dataset: Consolidation.DatasetInfo, counts: inout [FileCounts]) throws {
        let name = "rejected/\(dataset.name).csv"
        let sink = try OutputSink(path: "\(folder)/\(name)")
        sink.append(
            csvHeader(dataset.named.schema.fields.map(\.name) + Self.provenance + ["reasons_fr", "reasons_en"]))
        for outcome in outcomes {
            guard let file = outcome.consolidator, file.schemaName == dataset.schema else { continue }
            let path = outcome.spool.rejected
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw OutputError(path: "\(folder)/\(name)", reason: "the rows spooled for it are missing")
            }
            defer { try? handle.close() }
            while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
                block.withUnsafeBytes { sink.append($0.bindMemory(to: UInt8.self)) }
                try sink.flushIfNeeded()
            }
            counts[outcome.index].rowsRejected += file.rejectedCount
        }
        try sink.commit()
        record(name)
    }
}
