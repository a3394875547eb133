import Foundation
import Glibc
import SheetConsolidation
import SheetOutput
import SheetReading
import SheetSchema

/// `<dataset>.csv` and `<dataset>.json`: the kept rows, copied from the spools.
extension RunWriter {
    /// One input's part of a dataset: where its spools are and which rows stay.
    struct SpoolPart: Sendable {
        var input: Int
        var csv: String
        var json: String
        var csvLengths: [UInt32]
        var jsonLengths: [UInt32]
        var kept: [Bool]
    }

    /// `<dataset>.csv` and `<dataset>.json`: the kept rows, copied from the spools (the two files
    /// side by side).
    mutating func writeDataset(_ dataset: Consolidation.DatasetInfo, counts: inout [FileCounts]) throws {
        var parts: [SpoolPart] = []
        for outcome in outcomes {
            // (A file that turned out unreadable has no row here: `FileOutcome.accepted`.)
            guard let file = outcome.accepted, file.schemaName == dataset.schema else { continue }
            let spool = SpoolFiles(folder: folder + "/.spool", index: outcome.index)
            parts.append(
                SpoolPart(
                    input: outcome.index, csv: spool.data, json: spool.json, csvLengths: file.csvLengths,
                    jsonLengths: file.jsonLengths,
                    kept: consolidation.decisions.fates[outcome.index].map { $0 == .kept }))
        }
        let header = csvHeader(dataset.named.schema.fields.map(\.name) + Self.provenance)
        let folder = self.folder
        let spools = parts
        let results = ParallelMap.map([true, false]) { isCSV in
            Result { () throws -> [Int] in
                isCSV
                    ? try Self.copyKept(spools, to: "\(folder)/\(dataset.name).csv", csv: true, header: header)
                    : try Self.copyKept(spools, to: "\(folder)/\(dataset.name).json", csv: false, header: [])
            }
        }
        let copied = try results[0].get()
        _ = try results[1].get()
        for (part, rows) in zip(parts, copied) { counts[part.input].rowsOut += rows }
        record("\(dataset.name).csv")
        record("\(dataset.name).json")
    }

    /// Copies the kept records of each part — runs of consecutive kept records in one step, by
    /// the kernel — and returns how many were copied per part; each spool is deleted once copied.
    /// JSON records carry their `,\n`; the last one written loses it.
    static func copyKept(_ parts: [SpoolPart], to path: String, csv: Bool, header: [UInt8]) throws -> [Int] {
        let sink = try OutputSink(path: path)
        sink.append(csv ? header : Array("[\n".utf8))
        let lastPart = parts.lastIndex { $0.kept.contains(true) }
        var copied: [Int] = []
        for (partIndex, part) in parts.enumerated() {
            let spoolPath = csv ? part.csv : part.json
            let lengths = csv ? part.csvLengths : part.jsonLengths
            let descriptor = open(spoolPath, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw OutputError(path: path, action: "cannot read back the rows spooled for it", systemError: errno)
            }
            defer { close(descriptor) }
            let lastKept = partIndex == lastPart ? part.kept.lastIndex(of: true) : nil
            var rows = 0
            var offset = 0
            var runStart = 0
            var runLength = 0
            for index in lengths.indices {
                let length = Int(lengths[index])
                if part.kept[index] {
                    if runLength == 0 { runStart = offset }
                    // The very last record of the file ends the array: no separator after it.
                    runLength += index == lastKept && !csv ? length - 2 : length
                    rows += 1
                } else if runLength > 0 {
                    try sink.appendFile(
                        descriptor: descriptor, offset: runStart, length: runLength, sourceName: spoolPath)
                    runLength = 0
                }
                offset += length
            }
            try sink.appendFile(descriptor: descriptor, offset: runStart, length: runLength, sourceName: spoolPath)
            copied.append(rows)
            // Copied: its pages go back to the kernel now and hold the next parts' copies.
            unlink(spoolPath)
        }
        if !csv { sink.append(lastPart == nil ? "]\n" : "\n]\n") }
        try sink.commit()
        return copied
    }
}
