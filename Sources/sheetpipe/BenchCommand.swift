import ArgumentParser
import Foundation
import SheetBench
import SheetPipeline

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract:
            "Measure convert on the standard workbooks (10k, 100k, 1M rows × 20 columns), next to python-calamine and polars when installed."
    )

    @Option(help: "Row counts, comma-separated (k and m suffixes).")
    var sizes = "10k,100k,1m"

    @Option(help: "shared, inline or both: how the generated workbooks store text.")
    var strings = "shared"

    @Option(help: "Where the generated workbooks are kept between runs.")
    var data = "bench-data"

    @Flag(help: "Skip the peers even when they are installed.")
    var noPeers = false

    @Option(help: "Runs per tool and size; the best is shown.")
    var repeats = 1

    @Flag(help: "Time validate on a project-sheet workbook, next to convert and frictionless.")
    var validate = false

    @Flag(
        name: .customLong("run"),
        help: "Time the whole pipeline (sheetpipe run) on project-sheet workbooks, next to converting them.")
    var pipeline = false

    @Flag(
        help:
            "Time the dataset workbook: sheetpipe run with and without xlsx among the formats, then its dataset's CSV converted to CSV and to XLSX, next to Python XlsxWriter (constant_memory)."
    )
    var xlsx = false

    @Flag(
        help:
            "Time reading ODS: the standard workbooks converted once by LibreOffice (soffice), read by sheetpipe, python-calamine and pandas (odf engine)."
    )
    var ods = false

    @Option(help: "With --run or --xlsx: how many workbooks the rows are spread over.")
    var files = 20

    @Option(
        help: ArgumentHelp(
            "Run the stress cases of issue 15 on the inputs in this folder (written by tools/bench/stress_inputs.py; make stress does both).",
            valueName: "folder"))
    var stress: String?

    @Option(help: "With --stress: seconds after which a case is killed and reported as such.")
    var timeLimit: Double = 600

    @Option(
        help: "With --stress: the sheetpipe binary to measure (default: this one), e.g. a build of an earlier commit.")
    var executable: String?

    func run() throws {
        if let stress {
            try runStress(folder: stress)
            return
        }
        var rowCounts: [Int] = []
        for item in sizes.split(separator: ",") {
            let text = item.lowercased()
            let factor = text.hasSuffix("m") ? 1_000_000 : text.hasSuffix("k") ? 1000 : 1
            guard let number = Int(text.filter(\.isNumber)), number > 0 else {
                throw ValidationError("--sizes: '\(item)' is not a row count")
            }
            rowCounts.append(number * factor)
        }
        let kinds: [WorkbookGenerator.Strings]
        switch strings {
        case "shared": kinds = [.shared]
        case "inline": kinds = [.inline]
        case "both": kinds = [.shared, .inline]
        default: throw ValidationError("--strings: shared, inline or both")
        }
        var runner = BenchmarkRunner(
            sizes: rowCounts, strings: kinds, dataDirectory: data, includePeers: !noPeers, repeats: repeats,
            executable: currentExecutable)
        runner.validate = validate
        if ods {
            try runner.runOds {
                print($0)
                fflush(nil)
            }
            return
        }
        if pipeline || xlsx {
            let folder = try PipelineFolder.locate(nil, executable: currentExecutable)
            let absolute =
                folder.path.hasPrefix("/") ? folder.path : FileManager.default.currentDirectoryPath + "/" + folder.path
            if xlsx {
                try runner.runXlsx(files: files, pipelinesFolder: absolute) {
                    print($0)
                    fflush(nil)
                }
            } else {
                try runner.runPipeline(files: files, pipelinesFolder: absolute) { print($0) }
            }
            return
        }
        try runner.run { print($0) }
    }

    func runStress(folder: String) throws {
        guard timeLimit > 0 else { throw ValidationError("--time-limit: a number of seconds over 0") }
        let pipelines = try PipelineFolder.locate(nil, executable: currentExecutable)
        let current = FileManager.default.currentDirectoryPath
        func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : current + "/" + path }
        try StressBenchmark(
            dataDirectory: absolute(folder), executable: executable.map(absolute) ?? currentExecutable,
            pipelinesFolder: absolute(pipelines.path),
            timeLimit: timeLimit
        ).run {
            print($0)
            fflush(nil)  // each case takes seconds to minutes: show its line now
        }
    }
}
