import Foundation
import Glibc
import SheetConsolidation
import SheetOutput
import SheetReading
import SheetSchema

/// `<dataset>.csv`, `<dataset>.json` and `<dataset>.xlsx` (those `outputs.formats` names): the
/// kept rows, copied or decoded from the spools.
extension RunWriter {
    /// One input's part of a dataset: where its spools are and which rows stay.
    struct SpoolPart: Sendable {
        var input: Int
        var csv: String
        var json: String
        var csvLengths: [UInt32]
        var jsonLengths: [UInt32]
        var kept: [Bool]
        /// The provenance of its rows.
        var file: String
        var sheet: String
    }

    /// The dataset's files, side by side (the workbook, the longest, decodes the JSON spool while
    /// the kernel copies the others); each spool is deleted once no file needs it.
    mutating func writeDataset(_ dataset: Consolidation.DatasetInfo, counts: inout [FileCounts]) throws {
        var parts: [SpoolPart] = []
        for outcome in outcomes {
            // (A file that turned out unreadable has no row here: `FileOutcome.accepted`.)
            guard let file = outcome.accepted, file.schemaName == dataset.schema else { continue }
            let spool = outcome.spool
            parts.append(
                SpoolPart(
                    input: outcome.index, csv: spool.data, json: spool.json, csvLengths: file.csvLengths,
                    jsonLengths: file.jsonLengths,
                    kept: consolidation.decisions.fates[outcome.index].map { $0 == .kept }, file: file.file,
                    sheet: file.sheet))
        }
        let formats = definition.datasetFormats
        let header = csvHeader(dataset.named.schema.fields.map(\.name) + Self.provenance)
        let folder = self.folder
        let spools = parts
        // The JSON spool is read by both the JSON copy and the workbook: deleted after both.
        let jsonShared = formats.contains(.json) && formats.contains(.xlsx)
        let deleteSpools = !keepsSpools
        let workbook = DatasetWorkbook(
            name: dataset.name, fields: dataset.named.schema.fields, path: "\(folder)/\(dataset.name).xlsx",
            created: creationDate, temporaryFolder: folder + "/.spool", rowsPerSheet: rowsPerSheet)
        let results = ParallelMap.map(formats) { format in
            Result { () throws -> DatasetWorkbook.Written? in
                switch format {
                case .csv:
                    try Self.copyKept(
                        spools, to: "\(folder)/\(dataset.name).csv", csv: true, header: header,
                        deleteSpools: deleteSpools)
                case .json:
                    try Self.copyKept(
                        spools, to: "\(folder)/\(dataset.name).json", csv: false, header: [],
                        deleteSpools: deleteSpools && !jsonShared)
                case .xlsx:
                    return try workbook.write(spools)
                }
                return nil
            }
        }
        for result in results {
            if let written = try result.get() {
                workbookSheets[dataset.name] = written.sheets
                if written.sheets.count > 1 {
                    let list = written.sheets.map { "\($0.name) (\($0.rows) rows)" }.joined(separator: ", ")
                    notices.append(
                        "\(dataset.name).xlsx: \(written.sheets.reduce(0) { $0 + $1.rows }) rows, more than a sheet holds: continued over \(written.sheets.count) sheets: \(list)"
                    )
                }
                if written.cutTexts > 0 {
                    notices.append(
                        "\(dataset.name).xlsx: \(written.cutTexts) texts longer than \(XlsxSheet.textLimit) characters (Excel's limit for a cell) are cut there; \(dataset.name).csv and .json have them whole"
                    )
                }
            }
        }
        // The spools no file read (a format left out), and the JSON spools read by two.
        for part in parts where deleteSpools {
            if !formats.contains(.csv) { unlink(part.csv) }
            if !formats.contains(.json) || jsonShared { unlink(part.json) }
        }
        for (part, kept) in zip(parts, parts.map { $0.kept.count { $0 } }) { counts[part.input].rowsOut += kept }
        for format in formats { record("\(dataset.name).\(format.rawValue)") }
    }

    /// Copies the kept records of each part — runs of consecutive kept records in one step, by
    /// the kernel — and returns how many were copied per part; each spool is deleted once copied
    /// (unless another output still reads it).
    /// JSON records carry their `,\n`; the last one written loses it.
    @discardableResult
    static func copyKept(
        _ parts: [SpoolPart], to path: String, csv: Bool, header: [UInt8], deleteSpools: Bool = true
    ) throws -> [Int] {
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
            if deleteSpools { unlink(spoolPath) }
        }
        if !csv { sink.append(lastPart == nil ? "]\n" : "\n]\n") }
        try sink.commit()
        return copied
    }
}
