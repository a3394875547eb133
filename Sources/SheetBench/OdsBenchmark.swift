import Glibc

/// `sheetpipe bench --ods`: the standard workbook of each size, converted once to ODS by
/// LibreOffice (`soffice --headless --convert-to ods`, kept in the data folder), then read to CSV
/// by sheetpipe, python-calamine's ODS reader and pandas' `odf` engine (odfpy), each as a child
/// process with its own peak memory; sheetpipe on the XLSX of the same data for comparison.
extension BenchmarkRunner {
    static let pandasOdfScript =
        peakReport + """
            import sys, pandas
            pandas.read_excel(sys.argv[1], engine="odf", header=None).to_csv(sys.argv[2], index=False, header=False)
            """

    public func runOds(print: (String) -> Void) throws {
        mkdir(dataDirectory, 0o755)
        let peers: [(name: String, module: String, script: String)] =
            includePeers
            ? [
                ("python-calamine", "python_calamine", BenchmarkRunner.calamineScript),
                ("pandas (odf)", "odf", BenchmarkRunner.pandasOdfScript),
            ]
            .filter {
                BenchmarkRunner.pythonHas($0.module) && ($0.module != "odf" || BenchmarkRunner.pythonHas("pandas"))
            }
            : []
        if includePeers && peers.count < 2 {
            print("(peers not found: pip install python-calamine pandas odfpy to compare)")
        }
        print("tool                          rows   file MB   seconds  CPU seconds     rows/s  peak RSS MiB")
        for size in sizes {
            let xlsx = "\(dataDirectory)/bench-\(size)-shared.xlsx"
            if access(xlsx, R_OK) != 0 {
                print("generating \(xlsx)…")
                let result = try WorkbookGenerator.generate(rows: size, strings: .shared, path: xlsx)
                BenchmarkRunner.writeCachedSize(xlsx + ".xmlsize", result.sheetXMLBytes)
            }
            let ods = "\(dataDirectory)/bench-\(size)-shared.ods"
            if access(ods, R_OK) != 0 {
                print("converting \(xlsx) to ODS with LibreOffice…")
                let converted = ProcessMeasurement.run([
                    "soffice", "--headless", "--calc", "--convert-to", "ods", "--outdir", dataDirectory, xlsx,
                ])
                guard converted?.exitStatus == 0, access(ods, R_OK) == 0 else {
                    print("(soffice could not convert \(xlsx): apt-get install libreoffice-calc-nogui)")
                    return
                }
            }
            let output = "\(dataDirectory)/out.csv"
            let limits = ["--max-file-size", "4GiB", "--max-part-size", "16GiB", "--max-total-size", "16GiB"]
            var runs: [(String, String, [String])] = [
                (
                    "sheetpipe (ods)", ods,
                    [executable, "convert", ods, "--to", "csv", "-o", output, "--quiet"] + limits
                ),
                (
                    "sheetpipe (xlsx, same data)", xlsx,
                    [executable, "convert", xlsx, "--to", "csv", "-o", output, "--quiet"] + limits
                ),
            ]
            for peer in peers { runs.append((peer.name, ods, ["python3", "-c", peer.script, ods, output])) }
            for (name, input, arguments) in runs {
                guard let best = ProcessMeasurement.best(of: repeats, name, arguments) else { continue }
                print(
                    pad(name, 28) + pad("\(size)", 8, right: true)
                        + pad(format(Double(XMLFileWriter.size(of: input)) / 1e6, 1), 10, right: true)
                        + pad(format(best.seconds, 3), 10, right: true)
                        + pad(format(best.cpuSeconds, 3), 13, right: true)
                        + pad("\(Int(Double(size + 1) / best.seconds))", 11, right: true)
                        + pad(best.peakRSSBytes.map { format(Double($0) / 1_048_576, 1) } ?? "?", 14, right: true))
            }
            unlink(output)
        }
    }
}
