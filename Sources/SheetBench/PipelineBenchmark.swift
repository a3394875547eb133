import Dispatch
import Foundation
import Glibc

/// `sheetpipe bench --run`: the whole pipeline (`sheetpipe run`) on project-sheet workbooks as
/// regions send them, against converting the same workbooks to CSV — both with one file per core
/// at a time, as `run` reads them.
extension BenchmarkRunner {
    public func runPipeline(files: Int, pipelinesFolder: String, print: (String) -> Void) throws {
        print("tool                              rows  files   seconds     rows/s  × convert  peak RSS MiB")
        // (× convert: against converting the same workbooks one per core at a time.)
        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        for size in sizes {
            let (folder, paths) = try generatedWorkbooks(size: size, files: files, print: print)
            let definition = "\(folder)/bench.yml"
            guard let file = fopen(definition, "w") else { continue }
            fputs(Self.definition(size: size), file)
            fclose(file)
            let limits = ["--max-file-size", "4GiB", "--max-part-size", "16GiB", "--max-total-size", "16GiB"]
            mkdir("\(folder)/csv", 0o755)
            var convertSeconds: Double?
            func convert(_ path: String) -> [String] {
                let name = String(path.split(separator: "/").last ?? "x")
                return [executable, "convert", path, "-o", "\(folder)/csv/\(name).csv", "--quiet"] + limits
            }
            // The baseline (× convert): the same workbooks converted one per core at a time, as
            // `run` reads them; one after the other is shown too.
            let runs: [(String, () -> (Double, Int?)?)] = [
                ("sheetpipe convert (\(cores) at a time)", { Self.inParallel(paths, workers: cores, convert) }),
                ("sheetpipe convert (1 at a time)", { Self.inParallel(paths, workers: 1, convert) }),
                (
                    "sheetpipe run",
                    {
                        guard
                            let measurement = ProcessMeasurement.run([
                                executable, "run", definition, "--quiet", "--pipelines", pipelinesFolder,
                            ]), measurement.exitStatus <= 1
                        else { return nil }
                        return (measurement.seconds, measurement.peakRSSBytes)
                    }
                ),
            ]
            for (name, run) in runs {
                var best: (Double, Int?)?
                for _ in 0..<max(repeats, 1) {
                    guard let result = run() else {
                        print("\(name): failed")
                        break
                    }
                    if best == nil || result.0 < best!.0 { best = result }
                }
                guard let best else { continue }
                if convertSeconds == nil { convertSeconds = best.0 }
                print(
                    pad(name, 32) + pad("\(size)", 8, right: true) + pad("\(paths.count)", 7, right: true)
                        + pad(format(best.0, 3), 10, right: true)
                        + pad("\(Int(Double(size) / best.0))", 11, right: true)
                        + pad(format(best.0 / (convertSeconds ?? best.0), 2), 11, right: true)
                        + pad(best.1.map { format(Double($0) / 1_048_576, 1) } ?? "?", 14, right: true))
            }
        }
    }

    /// The project-sheet workbooks of `size` rows spread over `files` files (generated once, kept
    /// in the data folder).
    func generatedWorkbooks(size: Int, files: Int, print: (String) -> Void) throws -> (String, [String]) {
        let folder = "\(dataDirectory)/run-\(size)"
        // (With its parents: `--data` may name a folder that does not exist yet.)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let perFile = (size + files - 1) / files
        var paths: [String] = []
        for index in 0..<files {
            let path = "\(folder)/fiches-\(index + 1 < 10 ? "0" : "")\(index + 1).xlsx"
            let rows = min(perFile, size - index * perFile)
            guard rows > 0 else { break }
            if access(path, R_OK) != 0 {
                print("generating \(path)…")
                _ = try WorkbookGenerator.generate(
                    rows: rows, strings: .shared, layout: .projectSheet, firstRow: index * perFile, path: path)
            }
            paths.append(path)
        }
        return (folder, paths)
    }

    /// Runs one child per item, `workers` at a time; wall time of the whole, highest peak RSS.
    static func inParallel(_ items: [String], workers: Int, _ arguments: (String) -> [String]) -> (Double, Int?)? {
        let commands = items.map(arguments)
        let results = MeasurementSlots(count: commands.count)
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < commands.count {
                results.set(index, ProcessMeasurement.run(commands[index]))
                index += workers
            }
        }
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        let measurements = results.values
        guard measurements.count == commands.count, measurements.allSatisfy({ $0.exitStatus <= 1 }) else { return nil }
        let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
        return (seconds, measurements.compactMap(\.peakRSSBytes).max())
    }

    /// The pipeline of the benchmark: the default one's project-sheet part, on the generated files.
    static func definition(size: Int, formats: String = "[csv, json]", directory: String = "out") -> String {
        """
        name: bench-\(size)
        schemas: [project-sheet]
        inputs:
          - path: fiches-*.xlsx
            schema: project-sheet
            submitted: 2024-03-31
        options:
          limits: {max_file_size: 4GiB, max_part_size: 16GiB, max_total_size: 16GiB}
        datasets:
          - schema: project-sheet
            name: fiches-projets
            near_duplicates: {block: code_region, fields: [intitule, porteur_nom], threshold: 0.7}
        summaries:
          - name: fiches-par-region-axe-statut
            dataset: fiches-projets
            group_by: [code_region, axe, statut]
            sum: [cout_total_ht, montant_public]
        outputs:
          directory: \(directory)
          formats: \(formats)
          report: [json, jsonl, csv, html]

        """
    }
}

private final class MeasurementSlots: @unchecked Sendable {
    private var slots: [ProcessMeasurement?]
    private let lock = DispatchQueue(label: "sheetpipe.bench")
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: ProcessMeasurement?) { lock.sync { slots[index] = value } }
    var values: [ProcessMeasurement] { lock.sync { slots.compactMap { $0 } } }
}
