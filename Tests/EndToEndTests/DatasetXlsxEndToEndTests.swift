import Foundation
import SheetTestSupport
import Testing

/// Runs the committed openpyxl checker of dataset workbooks (Scripts/check_dataset_xlsx.py).
enum DatasetWorkbookChecker {
    static let script = Binary.packageRoot.appendingPathComponent("Tests/EndToEndTests/Scripts/check_dataset_xlsx.py")
        .path

    /// python3 with openpyxl (installed by .ci/run); without it the openpyxl checks are skipped.
    static let available: Bool = {
        guard let run = try? TemplateChecker.python(["-c", "import openpyxl"]) else { return false }
        if run.status != 0 {
            print("SKIPPED: the dataset workbook checks need python3 with openpyxl (pip install openpyxl)")
        }
        return run.status == 0
    }()

    static func dump(_ workbook: String) throws -> [String: Any] {
        let run = try TemplateChecker.python([script, "dump", workbook])
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }
}

/// `<dataset>.xlsx`, `summary.xlsx` and `convert --to xlsx`, read back by openpyxl and by sheetpipe.
@Suite struct DatasetXlsxEndToEndTests {
    /// The national report on the samples, every dataset format asked for.
    static func runSamples(in folder: URL, jobs: [String] = []) throws -> URL {
        var definition = try String(
            contentsOf: Binary.packageRoot.appendingPathComponent("pipelines/national-report.yml"), encoding: .utf8)
        definition = definition.replacingOccurrences(
            of: "../samples/", with: Binary.packageRoot.appendingPathComponent("samples").path + "/")
        let out = folder.appendingPathComponent("out")
        definition = definition.replacingOccurrences(
            of: "  directory: ../out/national-report", with: "  directory: \(out.path)\n  formats: [csv, json, xlsx]")
        let path = folder.appendingPathComponent("national-report.yml")
        try Data(definition.utf8).write(to: path)
        let run = try Binary.run(
            [
                "run", path.path, "--pipelines", Binary.packageRoot.appendingPathComponent("pipelines").path, "--quiet",
            ] + jobs)
        #expect(run.status == 1, "the samples hold rejected rows: \(run.stderr)")
        return out
    }

    @Test(.enabled(if: DatasetWorkbookChecker.available))
    func theSamplesWorkbooksHoldTheirCSVsValuesTypedUnderTwoFrozenHeaderRows() throws {
        let out = try Self.runSamples(in: try TestFiles.folder("dataset-xlsx"))
        for dataset in ["fiches-projets", "contributions-rse"] {
            let compare = try TemplateChecker.python([
                DatasetWorkbookChecker.script, "compare", out.appendingPathComponent("\(dataset).xlsx").path,
                out.appendingPathComponent("\(dataset).csv").path,
            ])
            #expect(compare.status == 0 && compare.stdout == "same\n", "\(dataset): \(compare.stdout)\(compare.stderr)")
        }
        let found = try DatasetWorkbookChecker.dump(out.appendingPathComponent("fiches-projets.xlsx").path)
        // The latest submission date of the inputs (2024-06-14), never the clock.
        #expect(found["created"] as? String == "2024-06-14T00:00:00")
        let sheet = try #require((found["sheets"] as? [[String: Any]])?.first)
        #expect(sheet["title"] as? String == "fiches-projets")
        #expect(sheet["frozen"] as? String == "A3")
        #expect((sheet["autofilter"] as? String)?.hasPrefix("A2:AF") == true, "\(sheet["autofilter"] ?? "none")")
        let head = sheet["head"] as? [[Any]] ?? []
        let labels = head.first?.compactMap { $0 as? String } ?? []
        let names = head.dropFirst().first?.compactMap { $0 as? String } ?? []
        #expect(labels.first == "Identifiant fiche" && labels.last == "Ligne source")
        #expect(names.first == "id_fiche" && names.suffix(3) == ["source_file", "source_sheet", "source_row"])
        let columns = sheet["columns"] as? [[String: Any]] ?? []
        func column(_ name: String) -> (types: [String], formats: [String]) {
            guard let index = names.firstIndex(of: name), index < columns.count else { return ([], []) }
            return (columns[index]["types"] as? [String] ?? [], columns[index]["formats"] as? [String] ?? [])
        }
        #expect(column("porteur_siret") == (["s"], ["@"]), "identifiers as text")
        #expect(column("code_postal") == (["s"], ["@"]))
        #expect(column("cout_total_ht") == (["n"], [#"#,##0.00\ "€""#]), "amounts as numbers in euros")
        #expect(column("campagne").types == ["n"])
        #expect(column("date_debut") == (["d"], ["dd/mm/yyyy"]), "dates as dates")
        #expect(column("projet_inspirant").types == ["b"], "booleans as booleans")
        #expect(column("source_row").types == ["n"])

        let summary = try DatasetWorkbookChecker.dump(out.appendingPathComponent("summary.xlsx").path)
        let titles = (summary["sheets"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        // One sheet per summary table, names cut to Excel's 31 characters.
        #expect(
            titles == [
                "fiches-par-region-axe-statut", "contributions-par-theme-indicat", "contributions-par-region-theme-",
            ])
        #expect(summary["created"] as? String == "2024-06-14T00:00:00")
    }

    @Test func twoRunsGiveTheSameWorkbooksWhateverTheNumberOfJobs() throws {
        let folder = try TestFiles.folder("dataset-xlsx")
        let first = try Self.runSamples(in: folder.appendingPathComponent("a").creatingFolder())
        // Past the next second: a time stamp taken from the clock would differ.
        Thread.sleep(forTimeInterval: 1.1)
        let second = try Self.runSamples(
            in: folder.appendingPathComponent("b").creatingFolder(), jobs: ["--jobs", "1"])
        for name in ["fiches-projets.xlsx", "contributions-rse.xlsx", "summary.xlsx"] {
            let a = try Data(contentsOf: first.appendingPathComponent(name))
            #expect(a == (try Data(contentsOf: second.appendingPathComponent(name))), "\(name) differs")
        }
    }

    /// A workbook converted to a workbook reads back as the original does.
    @Test(arguments: ["fiches-bretagne.xlsx", "contributions-axelera.xlsx"])
    func aWorkbookConvertedToXlsxReadsBackAsTheOriginal(_ sample: String) throws {
        let folder = try TestFiles.folder("convert-xlsx")
        let source = Binary.packageRoot.appendingPathComponent("samples/\(sample)").path
        let converted = folder.appendingPathComponent("c.xlsx").path
        let run = try Binary.run(["convert", source, "--to", "xlsx", "-o", converted, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let original = try Binary.run(["convert", source, "--to", "json", "--quiet"])
        let back = try Binary.run(["convert", converted, "--to", "json", "--quiet"])
        // The same cells, types and values (the file and sheet names aside).
        func rows(_ json: String) -> Substring { json[(json.range(of: "\"rows\"")?.lowerBound ?? json.startIndex)...] }
        #expect(rows(back.stdout) == rows(original.stdout))
    }

    @Test func aCSVConvertedToXlsxHasTypedColumnsAndTextAsTyped() throws {
        let folder = try TestFiles.folder("convert-xlsx")
        let csv = folder.appendingPathComponent("t.csv")
        try Data(
            """
            code,montant,jour,actif,siret,formule,melange
            007,12.50,2024-03-15,true,73282932000074,=1+1,12
            12,-3,2024-02-29,false,35600000000048,+33 1 23,douze
            ,,,,,,

            """.utf8
        ).write(to: csv)
        let converted = folder.appendingPathComponent("t.xlsx").path
        let run = try Binary.run(["convert", csv.path, "--to", "xlsx", "-o", converted, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let back = try Binary.run(["convert", converted, "--to", "json", "--quiet"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(back.stdout.utf8)) as? [String: Any])
        var cells: [String: (String, String)] = [:]
        for row in document["rows"] as? [[String: Any]] ?? [] {
            for cell in row["cells"] as? [[String: Any]] ?? [] {
                let value = cell["value"].map { "\($0)" } ?? ""
                cells[cell["ref"] as? String ?? "?"] = (cell["type"] as? String ?? "?", value)
            }
        }
        func expect(_ reference: String, _ type: String, _ value: String, _ comment: Comment) {
            #expect(cells[reference]?.0 == type && cells[reference]?.1 == value, comment)
        }
        expect("A1", "text", "code", "the header is text")
        expect("B1", "text", "montant", "the header is text")
        expect("A2", "text", "007", "a column with a leading zero stays text")
        expect("A3", "text", "12", "… every value of it")
        expect("B2", "number", "12.5", "numbers")
        expect("B3", "number", "-3", "numbers")
        expect("C2", "date", "2024-03-15", "dates")
        expect("D2", "boolean", "1", "booleans")
        expect("E2", "text", "73282932000074", "a SIRET stays text")
        expect("F2", "text", "=1+1", "a formula's text is a string, never a formula")
        expect("F3", "text", "+33 1 23", "text")
        expect("G2", "text", "12", "a column of numbers and text is text")
        #expect(cells["A4"] == nil, "an empty field writes no cell")
    }

    @Test func twoConversionsGiveTheSameBytes() throws {
        let folder = try TestFiles.folder("convert-xlsx")
        let source = Binary.packageRoot.appendingPathComponent("samples/fiches-corse.csv").path
        let first = folder.appendingPathComponent("a.xlsx").path
        let second = folder.appendingPathComponent("b.xlsx").path
        _ = try Binary.run(["convert", source, "--to", "xlsx", "-o", first, "--quiet"])
        Thread.sleep(forTimeInterval: 1.1)
        _ = try Binary.run(["convert", source, "--to", "xlsx", "-o", second, "--quiet"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
    }

    @Test func aWorkbookIsNotWrittenToStandardOutput() throws {
        let source = Binary.packageRoot.appendingPathComponent("samples/fiches-corse.csv").path
        let run = try Binary.run(["convert", source, "--to", "xlsx"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("name it with -o FILE.xlsx"))
    }
}

extension URL {
    fileprivate func creatingFolder() throws -> URL {
        try FileManager.default.createDirectory(at: self, withIntermediateDirectories: true)
        return self
    }
}
