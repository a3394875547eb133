import Foundation
import SheetBench
import Testing

/// What `sheetpipe bench --stress` counts and prints: issues of a JSONL log (aggregated entries
/// stand for their `count`), and the table's derived figures. No timing is asserted.
@Suite struct StressBenchTableTests {
    @Test func aLineIsAnIssueAndAnAggregatedEntryCountsItsCount() {
        let log = """
            {"code":"sheet-chosen","file":"a.xlsx","severity":"info"}
            {"cell":"K3","code":"type-error","message":{"en":"\\"count\\": 7","fr":"count: 7"},"value":"{\\"count\\":9}"}
            {"code":"value-note","count":100000,"examples":[{"cell":"K2","count":3}],"field":"cout_total_ht"}
            {"examples":[{"count":4}],"code":"value-note", "count" : 12}

            """
        let counts = IssueTally.count(text: log)
        #expect(counts == IssueTally.Counts(entries: 4, issues: 1 + 1 + 100_000 + 12))
    }

    @Test func aLogOnDiskIsCountedAcrossItsChunks() throws {
        // Over the 1 MiB chunk, so that lines straddle chunk boundaries; the last line has no newline.
        let line =
            "{\"code\":\"rule-error\",\"field\":\"departements\",\"value\":\"\(String(repeating: "x", count: 300))\"}\n"
        let lines = 5000
        let text = String(repeating: line, count: lines) + "{\"code\":\"value-note\",\"count\":41}"
        let path = "/tmp/sheetpipe-tally-\(getpid()).jsonl"
        defer { unlink(path) }
        let file = try #require(fopen(path, "w"))
        fputs(text, file)
        fclose(file)
        #expect(IssueTally.count(path: path) == IssueTally.Counts(entries: lines + 1, issues: lines + 41))
        #expect(IssueTally.count(path: "/nonexistent/log.jsonl") == nil)
    }

    @Test func theRowGivesRatesAndTheRatioToItsBase() {
        let row = StressTable.Row(
            caseName: "3–5 errors per row", command: "validate --format jsonl", outcome: .exited(1), seconds: 8,
            cpuSeconds: 9.5, validSeconds: 2, peakRSSBytes: 200 * 1_048_576, outputBytes: 1_200_000_000,
            issues: 1_907_000,
            logBytes: 1_200_000_000, ddSeconds: 4)
        #expect(
            StressTable.cells(row) == [
                "3–5 errors per row", "validate --format jsonl", "1", "8.000", "9.50", "4.00", "200.0", "1200.0",
                "1907000",
                "-", "1200.0", "150.0", "300.0",
            ])
        #expect(StressTable.line(row).count == StressTable.header.count)
    }

    @Test func aCaseThatDidNotRunSaysWhy() {
        let skipped = StressTable.Row(
            caseName: "templated 1m, near-dups", command: "run",
            outcome: .skipped("tools/bench/templated_titles.py not found"))
        #expect(
            StressTable.line(skipped).hasSuffix(
                "run" + String(repeating: " ", count: 21)
                    + "skipped: tools/bench/templated_titles.py not found"))
        let killed = StressTable.Row(
            caseName: "templated 1m, near-dups", command: "run", outcome: .timedOut(seconds: 180))
        #expect(StressTable.cells(killed).last == "killed at the time limit, 180 s")
    }
}
