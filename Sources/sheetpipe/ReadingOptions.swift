import ArgumentParser
import SheetOutput
import SheetReading

/// Options every reading command shares: the safety limits and the CSV overrides.
struct ReadingOptions: ParsableArguments {
    @Option(help: "Largest input file to open (e.g. 100MiB).")
    var maxFileSize = "100MiB"
    @Option(help: "Largest inflated size of one part of an XLSX or ODS package.")
    var maxPartSize = "256MiB"
    @Option(help: "Largest inflated size of all the parts read from one package.")
    var maxTotalSize = "512MiB"
    @Option(help: "Most entries allowed in an XLSX or ODS package.")
    var maxEntries = 1000
    @Option(help: "Most non-empty cells one ODS sheet may expand to with its repeated rows and columns.")
    var maxCells = ReadLimits.defaultMaxCells
    @Option(help: "CSV: encoding instead of sniffing it (utf-8, utf-16le, utf-16be, windows-1252).")
    var encoding: String?
    @Option(help: "CSV: delimiter instead of sniffing it (',', ';', 'tab').")
    var delimiter: String?
    @Flag(help: "XLSX, ODS: copy the value of a merged range to each of its cells (the sheet is read twice).")
    var fillMergedCells = false

    func readOptions() throws -> ReadOptions {
        func size(_ text: String, _ flag: String) throws -> Int {
            guard let value = ReadLimits.parseSize(text), value > 0 else {
                throw ValidationError("--\(flag): '\(text)' is not a size (try 100MiB, 1GiB)")
            }
            return value
        }
        let limits = ReadLimits(
            maxFileBytes: try size(maxFileSize, "max-file-size"), maxEntries: maxEntries,
            maxPartBytes: try size(maxPartSize, "max-part-size"),
            maxTotalBytes: try size(maxTotalSize, "max-total-size"), maxCells: maxCells)
        guard maxCells > 0 else { throw ValidationError("--max-cells: a number of cells above 0 is expected") }
        var options = ReadOptions(limits: limits, fillMergedCells: fillMergedCells)
        if let encoding {
            guard let parsed = TextEncoding(name: encoding) else {
                throw ValidationError(
                    "--encoding: unknown encoding '\(encoding)' (utf-8, utf-16le, utf-16be, windows-1252)")
            }
            options.encoding = parsed
        }
        if let delimiter {
            switch delimiter.lowercased() {
            case ",", "comma": options.delimiter = UInt8(ascii: ",")
            case ";", "semicolon": options.delimiter = UInt8(ascii: ";")
            case "tab", "\t", "\\t": options.delimiter = 0x09
            case "|", "pipe": options.delimiter = UInt8(ascii: "|")
            default: throw ValidationError("--delimiter: use ',', ';', 'tab' or '|'")
            }
        }
        return options
    }
}
