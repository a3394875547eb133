import Foundation
import Glibc

/// `sheetpipe bench --xlsx`: the dataset workbook. `sheetpipe run` on the project-sheet workbooks
/// with and without `xlsx` among the formats (its write stage, from the manifest, holds the
/// workbook), then the dataset's CSV written again as CSV and as XLSX by `convert`, and as XLSX by
/// Python XlsxWriter in constant_memory mode with the same types (from datapackage.json).
extension BenchmarkRunner {
    /// XlsxWriter, constant_memory, each cell typed as its field (as `<dataset>.xlsx` is): two
    /// header rows, numbers, dates, booleans, text.
    static let xlsxWriterScript =
        peakReport + """
            import csv, datetime, json, sys, xlsxwriter
            fields = json.load(open(sys.argv[2]))["resources"][0]["schema"]["fields"]
            types = [f["type"] for f in fields]
            workbook = xlsxwriter.Workbook(sys.argv[3], {"constant_memory": True})
            sheet = workbook.add_worksheet("data")
            date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
            text_format = workbook.add_format({"num_format": "@"})
            with open(sys.argv[1], newline="", encoding="utf-8") as handle:
                reader = csv.reader(handle)
                header = next(reader)
                for column, name in enumerate(header):
                    sheet.write_string(0, column, name)
                for column, name in enumerate(header):
                    sheet.write_string(1, column, name)
                sheet.freeze_panes(2, 0)
                row = 2
                for record in reader:
                    for column, value in enumerate(record):
                        if value == "":
                            continue
                        kind = types[column]
                        if kind in ("number", "integer", "year"):
                            sheet.write_number(row, column, float(value))
                        elif kind == "date":
                            sheet.write_datetime(row, column, datetime.datetime.fromisoformat(value), date_format)
                        elif kind == "boolean":
                            sheet.write_boolean(row, column, value == "true")
                        else:
                            sheet.write_string(row, column, value, text_format)
                    row += 1
            workbook.close()
            """

    public func runXlsx(files: Int, pipelinesFolder: String, print: (String) -> Void) throws {
        let peer = includePeers && Self.pythonHas("xlsxwriter")
        if includePeers && !peer { print("(xlsxwriter not found: pip install xlsxwriter to compare)") }
        for size in sizes {
            let (folder, _) = try generatedWorkbooks(size: size, files: files, print: print)
            print("tool                                  rows   seconds   CPU s  write stage s  peak RSS MiB")
            var written: [String: Double] = [:]
            for (name, formats) in [("csv-json", "[csv, json]"), ("xlsx", "[csv, json, xlsx]")] {
                let definition = "\(folder)/bench-\(name).yml"
                guard let file = fopen(definition, "w") else { continue }
                fputs(Self.definition(size: size, formats: formats, directory: "out-\(name)"), file)
                fclose(file)
                guard
                    let measurement = ProcessMeasurement.run([
                        executable, "run", definition, "--quiet", "--pipelines", pipelinesFolder,
                    ]), measurement.exitStatus <= 1
                else {
                    print("sheetpipe run \(formats): failed")
                    continue
                }
                let stage = Self.writeStageSeconds("\(folder)/out-\(name)/manifest.json")
                written[name] = stage
                print(
                    pad("sheetpipe run \(formats)", 34) + pad("\(size)", 10, right: true)
                        + pad(format(measurement.seconds, 2), 10, right: true)
                        + pad(format(measurement.cpuSeconds, 2), 8, right: true)
                        + pad(stage.map { format($0, 2) } ?? "?", 15, right: true)
                        + pad(
                            measurement.peakRSSBytes.map { format(Double($0) / 1_048_576, 1) } ?? "?", 14, right: true))
            }
            let out = "\(folder)/out-xlsx"
            let dataset = "\(out)/fiches-projets.csv"
            guard access(dataset, R_OK) == 0 else { continue }
            let rows = Self.countLines(dataset) - 1
            print("the dataset again (\(rows) rows, \(dataset)):")
            // (CPU seconds beside wall seconds: steadier on a machine others use; × XlsxWriter on both.)
            print(
                "tool                                  rows   seconds   CPU s     rows/s  × XlsxWriter (wall / CPU)  peak RSS MiB"
            )
            let limits = ["--max-file-size", "4GiB", "--max-part-size", "16GiB", "--max-total-size", "16GiB"]
            var runs: [(String, [String])] = [
                (
                    "sheetpipe convert → csv",
                    [executable, "convert", dataset, "-o", "\(folder)/again.csv", "--quiet"] + limits
                ),
                (
                    "sheetpipe convert → xlsx",
                    [executable, "convert", dataset, "--to", "xlsx", "-o", "\(folder)/again.xlsx", "--quiet"] + limits
                ),
            ]
            if peer {
                runs.append(
                    (
                        "XlsxWriter constant_memory",
                        [
                            "python3", "-c", Self.xlsxWriterScript, dataset, "\(out)/datapackage.json",
                            "\(folder)/xlsxwriter.xlsx",
                        ]
                    ))
            }
            var results: [(String, ProcessMeasurement)] = []
            for (name, arguments) in runs {
                let best = ProcessMeasurement.best(of: repeats, name, arguments)
                if let best { results.append((name, best)) }
            }
            let reference = results.first { $0.0.hasPrefix("XlsxWriter") }?.1
            for (name, measurement) in results {
                let ratio = reference.map {
                    "\(format(measurement.seconds / $0.seconds, 3)) / \(format(measurement.cpuSeconds / $0.cpuSeconds, 3))"
                }
                print(
                    pad(name, 34) + pad("\(rows)", 10, right: true)
                        + pad(format(measurement.seconds, 2), 10, right: true)
                        + pad(format(measurement.cpuSeconds, 2), 8, right: true)
                        + pad("\(Int(Double(rows) / measurement.seconds))", 11, right: true)
                        + pad(ratio ?? "-", 27, right: true)
                        + pad(
                            measurement.peakRSSBytes.map { format(Double($0) / 1_048_576, 1) } ?? "?", 14, right: true))
            }
            if let xlsx = written["xlsx"], let plain = written["csv-json"] {
                print("the write stage with the workbook: \(format(xlsx, 2)) s, without: \(format(plain, 2)) s")
            }
        }
    }

    /// `timings_seconds.write` of a run's manifest.
    static func writeStageSeconds(_ manifest: String) -> Double? {
        guard let file = fopen(manifest, "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 4096)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard let range = text.range(of: "\"write\": ") else { continue }
            return Double(text[range.upperBound...].prefix { $0.isNumber || $0 == "." })
        }
        return nil
    }

    static func countLines(_ path: String) -> Int {
        guard let file = fopen(path, "r") else { return 0 }
        defer { fclose(file) }
        var count = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = fread(&buffer, 1, buffer.count, file)
            if got <= 0 { break }
            for index in 0..<got where buffer[index] == 10 { count += 1 }
        }
        return count
    }
}
