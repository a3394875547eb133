import Foundation
import SheetBench
import SheetTestSupport
import Testing

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
