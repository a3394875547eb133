import Glibc

/// `sheetpipe bench`: converts the standard workbooks to CSV with sheetpipe and, when they are
/// installed, with python-calamine and polars (calamine engine), each as a child process on the
/// same file, and prints rows/s, MB/s of sheet XML and peak RSS side by side.
public struct BenchmarkRunner {
    public var sizes: [Int]
    public var strings: [WorkbookGenerator.Strings]
    public var dataDirectory: String
    public var includePeers: Bool
    public var repeats: Int
    public var executable: String
    /// Validate mode: a project-sheet workbook, timed for convert, validate and frictionless.
    public var validate = false

    public init(
        sizes: [Int], strings: [WorkbookGenerator.Strings], dataDirectory: String, includePeers: Bool, repeats: Int,
        executable: String
    ) {
        self.sizes = sizes
        self.strings = strings
        self.dataDirectory = dataDirectory
        self.includePeers = includePeers
        self.repeats = repeats
        self.executable = executable
    }

    /// Peers write their own peak memory at exit, as sheetpipe does (see `PeakMemory`).
    static let peakReport = """
        import atexit, os
        def _peak():
            path = os.environ.get("SHEETPIPE_PEAK_RSS_FILE")
            if path:
                for line in open("/proc/self/status"):
                    if line.startswith("VmHWM:"): open(path, "w").write(line.split()[1] + "\\n")
        atexit.register(_peak)

        """
    static let calamineScript =
        peakReport + """
            import csv, sys
            from python_calamine import CalamineWorkbook
            rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
            with open(sys.argv[2], "w", newline="") as f: csv.writer(f).writerows(rows)
            """
    static let polarsScript =
        peakReport + """
            import sys, polars as pl
            pl.read_excel(sys.argv[1], engine="calamine").write_csv(sys.argv[2])
            """

    /// frictionless validate with a standard Table Schema equivalent to project-sheet's checks on
    /// this workbook (field names are the headers, as frictionless matches them exactly).
    static let frictionlessScript =
        peakReport + """
            import json, sys
            from frictionless import validate
            fields = [
                {"name": "Identifiant fiche", "type": "string", "constraints": {"required": True, "maxLength": 50}},
                {"name": "Campagne", "type": "integer", "constraints": {"required": True, "minimum": 2018, "maximum": 2027}},
                {"name": "Région", "type": "string", "constraints": {"required": True}},
                {"name": "Département(s)", "type": "string", "constraints": {"required": True, "pattern": "[0-9]{2,3}|2A|2B"}},
                {"name": "Territoire d'industrie", "type": "string", "constraints": {"required": True}},
                {"name": "Intitulé du projet", "type": "string", "constraints": {"required": True, "maxLength": 300}},
                {"name": "Axe", "type": "string", "constraints": {"required": True, "enum": ["competences", "transition_ecologique", "innovation", "foncier", "recruter", "innover", "attirer", "simplifier"]}},
                {"name": "Porteur", "type": "string", "constraints": {"required": True}},
                {"name": "Type de porteur", "type": "string", "constraints": {"required": True, "enum": ["entreprise", "epci", "commune", "autre"]}},
                {"name": "SIRET du porteur", "type": "string", "constraints": {"pattern": "[0-9]{14}"}},
                {"name": "Coût total HT", "type": "number", "constraints": {"required": True, "minimum": 0}},
                {"name": "Aides publiques", "type": "number", "constraints": {"minimum": 0}},
                {"name": "État d'avancement", "type": "string", "constraints": {"required": True, "enum": ["idee", "en_maturation", "pret_a_engager", "engage", "en_cours", "realise", "abandonne"]}},
                {"name": "Date de début", "type": "date"},
                {"name": "Date de fin", "type": "date"},
                {"name": "Projet inspirant", "type": "boolean"},
                {"name": "Emplois créés", "type": "integer", "constraints": {"minimum": 0}},
                {"name": "Code postal", "type": "string", "constraints": {"pattern": "[0-9]{5}"}},
                {"name": "Description", "type": "string"},
                {"name": "Commentaire", "type": "string"},
            ]
            from frictionless import Schema
            schema = Schema.from_descriptor({"fields": fields, "primaryKey": ["Identifiant fiche"]})
            report = validate(sys.argv[1], schema=schema, limit_errors=10**9)
            # A resource error (file or schema refused) would make the timing meaningless.
            assert not any(e.type == "resource-error" for task in report.tasks for e in task.errors)
            open(sys.argv[2], "w").write(json.dumps(report.stats))
            """

    static func pythonHas(_ module: String) -> Bool {
        ProcessMeasurement.run(["python3", "-c", "import \(module)"])?.exitStatus == 0
    }

    public func run(print: (String) -> Void) throws {
        mkdir(dataDirectory, 0o755)
        if validate { return try runValidation(print: print) }
        let peers: [(name: String, script: String)] =
            includePeers
            ? [
                ("python-calamine", BenchmarkRunner.calamineScript),
                ("polars (calamine)", BenchmarkRunner.polarsScript),
            ]
            .filter { BenchmarkRunner.pythonHas($0.name.hasPrefix("polars") ? "polars" : "python_calamine") }
            : []
        if includePeers && peers.count < 2 {
            print("(peers not found: pip install python-calamine polars fastexcel to compare)")
        }
        print("tool                   rows       file MB  sheet XML MB   seconds     rows/s    XML MB/s  peak RSS MiB")
        for kind in strings {
            for size in sizes {
                let path = "\(dataDirectory)/bench-\(size)-\(kind.rawValue).xlsx"
                let xmlBytes: Int
                let marker = path + ".xmlsize"
                if let cached = BenchmarkRunner.readCachedSize(marker), access(path, R_OK) == 0 {
                    xmlBytes = cached
                } else {
                    print("generating \(path)…")
                    let result = try WorkbookGenerator.generate(rows: size, strings: kind, path: path)
                    xmlBytes = result.sheetXMLBytes
                    BenchmarkRunner.writeCachedSize(marker, xmlBytes)
                    // The generator grew this process; memory figures come from the children.
                }
                let fileMB = Double(XMLFileWriter.size(of: path)) / 1e6
                let output = "\(dataDirectory)/out.csv"
                var runs: [(String, [String])] = [
                    (
                        "sheetpipe (\(kind.rawValue))",
                        [
                            executable, "convert", path, "--to", "csv", "-o", output, "--quiet", "--max-file-size",
                            "4GiB",
                            "--max-part-size", "16GiB", "--max-total-size", "16GiB",
                        ]
                    )
                ]
                for peer in peers { runs.append((peer.name, ["python3", "-c", peer.script, path, output])) }
                for (name, arguments) in runs {
                    var best: ProcessMeasurement?
                    for _ in 0..<max(repeats, 1) {
                        guard let measurement = ProcessMeasurement.run(arguments) else { continue }
                        // sheetpipe exits 1 when it completed with issues; peers must exit 0.
                        let acceptable: Set<Int32> = name.hasPrefix("sheetpipe") ? [0, 1] : [0]
                        if !acceptable.contains(measurement.exitStatus) {
                            print("\(name): exited with status \(measurement.exitStatus)")
                            best = nil
                            break
                        }
                        if best == nil || measurement.seconds < best!.seconds { best = measurement }
                    }
                    guard let best else { continue }
                    let rowsPerSecond = Double(size + 1) / best.seconds
                    let xmlMBps = Double(xmlBytes) / 1e6 / best.seconds
                    print(
                        pad(name, 22) + pad("\(size)", 10, right: true) + pad(format(fileMB, 1), 12, right: true)
                            + pad(format(Double(xmlBytes) / 1e6, 1), 14, right: true)
                            + pad(format(best.seconds, 3), 10, right: true)
                            + pad("\(Int(rowsPerSecond))", 11, right: true)
                            + pad(format(xmlMBps, 1), 12, right: true)
                            + pad(best.peakRSSBytes.map { format(Double($0) / 1_048_576, 1) } ?? "?", 14, right: true))
                }
                unlink(output)
            }
        }
    }

    /// Generates (once) and returns the project-sheet workbook of a size.
    func projectSheetWorkbook(_ size: Int, _ kind: WorkbookGenerator.Strings, print: (String) -> Void) throws -> (
        String, Int
    ) {
        let path = "\(dataDirectory)/bench-\(size)-project-sheet-\(kind.rawValue).xlsx"
        let marker = path + ".xmlsize"
        if let cached = BenchmarkRunner.readCachedSize(marker), access(path, R_OK) == 0 { return (path, cached) }
        print("generating \(path)…")
        let result = try WorkbookGenerator.generate(rows: size, strings: kind, layout: .projectSheet, path: path)
        BenchmarkRunner.writeCachedSize(marker, result.sheetXMLBytes)
        return (path, result.sheetXMLBytes)
    }

    func runValidation(print: (String) -> Void) throws {
        let frictionless = includePeers && BenchmarkRunner.pythonHas("frictionless")
        if includePeers && !frictionless { print("(frictionless not found: pip install frictionless to compare)") }
        print("tool                        rows  sheet XML MB   seconds     rows/s  × convert  peak RSS MiB")
        for kind in strings {
            for size in sizes {
                let (path, xmlBytes) = try projectSheetWorkbook(size, kind, print: print)
                let output = "\(dataDirectory)/out.validation"
                let limits = ["--max-file-size", "4GiB", "--max-part-size", "16GiB", "--max-total-size", "16GiB"]
                var runs: [(String, [String])] = [
                    ("sheetpipe convert", [executable, "convert", path, "-o", output, "--quiet"] + limits),
                    (
                        "sheetpipe validate",
                        [executable, "validate", path, "--schema", "project-sheet", "--format", "json", "-o", output]
                            + limits
                    ),
                ]
                if frictionless {
                    runs.append(
                        ("frictionless validate", ["python3", "-c", BenchmarkRunner.frictionlessScript, path, output]))
                }
                var convertSeconds: Double?
                for (name, arguments) in runs {
                    let best = ProcessMeasurement.best(of: repeats, name, arguments)
                    guard let best else { continue }
                    if convertSeconds == nil { convertSeconds = best.seconds }
                    print(
                        pad(name, 24) + pad("\(size)", 8, right: true)
                            + pad(format(Double(xmlBytes) / 1e6, 1), 14, right: true)
                            + pad(format(best.seconds, 3), 10, right: true)
                            + pad("\(Int(Double(size) / best.seconds))", 11, right: true)
                            + pad(format(best.seconds / (convertSeconds ?? best.seconds), 2), 11, right: true)
                            + pad(best.peakRSSBytes.map { format(Double($0) / 1_048_576, 1) } ?? "?", 14, right: true))
                }
                unlink(output)
            }
        }
    }

    static func readCachedSize(_ path: String) -> Int? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var value = 0
        return fscanf_int(file, &value) ? value : nil
    }

    static func writeCachedSize(_ path: String, _ value: Int) {
        guard let file = fopen(path, "w") else { return }
        fputs("\(value)\n", file)
        fclose(file)
    }

    private static func fscanf_int(_ file: UnsafeMutablePointer<FILE>, _ value: inout Int) -> Bool {
        var buffer = [CChar](repeating: 0, count: 32)
        guard fgets(&buffer, 32, file) != nil else { return false }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let parsed = Int(text.filter { $0.isNumber }) else { return false }
        value = parsed
        return true
    }
}

func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return right ? padding + text : text + padding
}

func format(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = "\(rounded)"
    if let dot = text.firstIndex(of: ".") {
        let fraction = text[text.index(after: dot)...]
        if fraction.count < decimals { text += String(repeating: "0", count: decimals - fraction.count) }
    } else if decimals > 0 {
        text += "." + String(repeating: "0", count: decimals)
    }
    return text
}
