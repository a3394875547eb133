import Foundation
import SheetBench
import SheetTestSupport
import Testing

/// `sheetpipe convert` and `inspect` as users run them: golden outputs, exit codes, messages.
@Suite struct ConvertEndToEndTests {
    @Test(arguments: [
        ("producers", "xlsxwriter_shared.xlsx", "csv"), ("producers", "xlsxwriter_inline.xlsx", "csv"),
        ("producers", "libreoffice.xlsx", "csv"), ("producers", "xlsxwriter_shared.xlsx", "json"),
        ("csv", "excel_fr_1252.csv", "csv"), ("csv", "texte_unicode.txt", "json"),
    ])
    func convertMatchesGolden(_ folder: String, _ name: String, _ format: String) throws {
        let run = try Binary.run(["convert", Binary.fixture(folder, name), "--to", format, "--quiet"])
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        try Golden.check(run.stdout, against: "convert-\(name).\(format)")
    }

    @Test func inspectMatchesGolden() throws {
        let run = try Binary.run([
            "inspect", "--format", "json", Binary.fixture("producers", "xlsxwriter_shared.xlsx"),
            Binary.fixture("csv", "excel_fr_1252.csv"),
        ])
        #expect(run.status == 0, "\(run.stderr)")
        try Golden.check(run.stdout, against: "inspect.json")
        let text = try Binary.run(["inspect", Binary.fixture("producers", "openpyxl.xlsx")])
        try Golden.check(text.stdout, against: "inspect-openpyxl.txt")
    }

    @Test func sheetChoiceIsReportedOnStderr() throws {
        let run = try Binary.run(["convert", Binary.fixture("producers", "xlsxwriter_shared.xlsx")])
        #expect(
            run.stderr.contains(
                "reading sheet 'Projets', the first visible worksheet (skipped 'Instructions' (hidden))"))
    }

    @Test func identicalSheetsFromThreeProducersGiveIdenticalCSV() throws {
        // The same data written by XlsxWriter (two ways): the same bytes out.
        let shared = try Binary.run(["convert", Binary.fixture("producers", "xlsxwriter_shared.xlsx"), "--quiet"])
        let inline = try Binary.run(["convert", Binary.fixture("producers", "xlsxwriter_inline.xlsx"), "--quiet"])
        #expect(shared.stdout == inline.stdout)
    }

    @Test func formulaNeutralisationAndQuotingAreInTheBytes() throws {
        let run = try Binary.run(["convert", Binary.fixture("producers", "xlsxwriter_shared.xlsx"), "--quiet"])
        #expect(run.stdout.contains(",'=Projet mal saisi,"))
        #expect(run.stdout.contains(",-7.25,"), "numbers are never neutralised")
        #expect(run.stdout.contains("\"Formation, \"\"compétences\"\" et accueil\""))
        #expect(run.stdout.contains("\"Ligne 1\nLigne 2\""))
        #expect(run.stdout.contains(",'+33 2 99 00 00 00"))
    }

    @Test func formulasWithoutValueAreReportedNotSilentlyEmpty() throws {
        let run = try Binary.run(["convert", Binary.fixture("producers", "openpyxl.xlsx"), "--quiet"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("2 formula cells have no cached value"))
        #expect(run.stderr.contains("Projets!H4"))
    }
}

@Suite struct ExitCodeTests {
    @Test func success() throws {
        #expect(try Binary.run(["convert", Binary.fixture("hostile", "baseline.xlsx"), "--quiet"]).status == 0)
    }

    @Test func completedWithIssues() throws {
        let run = try Binary.run(["convert", Binary.fixture("csv", "broken_records.csv"), "--quiet"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("line 3: a quote inside an unquoted field"))
        #expect(run.stderr.contains("line 5: the record has 2 fields, the header has 3"))
    }

    @Test(arguments: [
        ["convert"], ["convert", "x.xlsx", "--to", "pdf"], ["frobnicate"],
        ["convert", "Tests/SheetReadingTests/Fixtures/hostile/baseline.xlsx", "--range", "nope"],
        ["convert", "Tests/SheetReadingTests/Fixtures/hostile/baseline.xlsx", "--sheet", "Missing"],
        ["convert", "Tests/SheetReadingTests/Fixtures/hostile/baseline.xlsx", "--max-part-size", "lots"],
    ])
    func usageErrors(_ arguments: [String]) throws {
        let run = try Binary.run(arguments)
        #expect(run.status == 2, "\(arguments): \(run.stderr)")
        #expect(!run.stderr.isEmpty)
    }

    @Test func unreadableInputNamesFileAndPart() throws {
        let run = try Binary.run(["convert", Binary.fixture("hostile", "xxe_file.xlsx")])
        #expect(run.status == 3)
        #expect(
            run.stderr.contains(
                "sheetpipe: error: Tests/SheetReadingTests/Fixtures/hostile/xxe_file.xlsx (xl/worksheets/sheet1.xml"))
        #expect(!run.stdout.contains("root:"), "nothing of /etc/passwd leaks")
        #expect(run.stderr.split(separator: "\n").count == 2, "the error is one line (plus the sheet note)")
    }

    @Test func oneUnreadableFileDoesNotStopTheOthers() throws {
        let run = try Binary.run([
            "inspect", Binary.fixture("hostile", "zip_slip_dotdot.xlsx"), Binary.fixture("producers", "openpyxl.xlsx"),
        ])
        #expect(run.status == 3)
        #expect(run.stdout.contains("openpyxl.xlsx  (XLSX"))
        #expect(run.stderr.contains("zip_slip_dotdot.xlsx (../../evil.xml): unsafe zip entry name"))
    }

    @Test func strayCellIsRefusedUntilARangeIsGiven() throws {
        let refused = try Binary.run(["convert", Binary.fixture("hostile", "stray_cell.xlsx"), "--quiet"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("Data!XFD1048576"))
        let ranged = try Binary.run([
            "convert", Binary.fixture("hostile", "stray_cell.xlsx"), "--quiet", "--range", "A1:B1",
        ])
        #expect(ranged.status == 0)
        #expect(ranged.stdout == "1,2\n")
    }
}

@Suite struct SafetyEndToEndTests {
    @Test func aFailedConvertLeavesThePreviousOutputIntact() throws {
        let directory = try TestFiles.folder("sheetpipe-e2e")
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.csv").path
        try Data("previous\n".utf8).write(to: URL(fileURLWithPath: output))
        let run = try Binary.run(["convert", Binary.fixture("hostile", "duplicate_cell.xlsx"), "-o", output, "--quiet"])
        #expect(run.status == 3)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "previous\n")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["out.csv"], "no temporary file left"
        )
        let ok = try Binary.run(["convert", Binary.fixture("hostile", "baseline.xlsx"), "-o", output, "--quiet"])
        #expect(ok.status == 0)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "ok\n")
    }

    static let hostileFiles: [String] = {
        let folder = Binary.packageRoot.appendingPathComponent(Binary.fixture("hostile", "")).path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".xlsx") }
            .sorted()
    }()

    /// Every hostile file, run by the binary: a verdict (never a crash signal) and a small peak.
    @Test(arguments: hostileFiles)
    func hostileFilesKeepMemorySmall(_ name: String) throws {
        let measurement = try #require(
            ProcessMeasurement.run([
                Binary.path, "convert", Binary.packageRoot.path + "/" + Binary.fixture("hostile", name), "--quiet",
            ]))
        #expect([0, 1, 2, 3].contains(measurement.exitStatus), "\(name) ended with \(measurement.exitStatus)")
        let peak = try #require(measurement.peakRSSBytes)
        #expect(peak < 100 << 20, "\(name): peak \(peak >> 20) MiB")
    }
}
