import Foundation
import SheetTestSupport
import Testing

/// `--log-format json` (or `SHEETPIPE_LOG_FORMAT=json`): stderr is one JSON object per line that a
/// batch platform parses, stdout stays empty, and the last line is the run's summary.
@Suite struct LogFormatEndToEndTests {
    static func events(_ stderr: String) throws -> [[String: Any]] {
        try stderr.split(separator: "\n").map { line in
            try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
        }
    }

    @Test func aRunOnTheSamplesSaysEachFileEachStageAndOneSummary() throws {
        let out = try TestFiles.folder("log-json").appendingPathComponent("national-report")
        let run = try Binary.run(["run", "--out", out.path, "--log-format", "json"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.isEmpty, "no summary on stdout: \(run.stdout)")
        let events = try Self.events(run.stderr)
        for event in events {
            #expect(event["time"] is String && event["level"] is String && event["message"] is String, "\(event)")
        }
        let files = events.filter { $0["message"] as? String == "file read" }
        let inputs = try FileManager.default.contentsOfDirectory(
            atPath: Binary.packageRoot.appendingPathComponent("samples").path
        ).filter { $0.hasPrefix("fiches-") || $0.hasPrefix("contributions-") }
        #expect(files.count == inputs.count, "one event per input file")
        for file in files {
            #expect((file["file"] as? String)?.hasPrefix("samples/") == true)
            #expect(file["stage"] as? String == "read_validate")
            #expect(file["duration_s"] is Double || file["duration_s"] is Int)
            let counts = try #require(file["counts"] as? [String: Int], "\(file)")
            #expect(counts["rows_in"] == (counts["rows_valid"] ?? -1) + (counts["rows_invalid"] ?? -1))
        }
        let stages = events.filter { $0["message"] as? String == "stage finished" }.compactMap {
            $0["stage"] as? String
        }
        #expect(stages == ["read_validate", "consolidate", "write"])

        let summary = try #require(events.last)
        #expect(summary["message"] as? String == "run finished")
        #expect(summary["exit_code"] as? Int == 1, "the exit code the process ends with")
        // The summary's totals are the manifest's.
        let manifestData = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: manifestData) as? [String: Any])
        let totals = try #require(manifest["totals"] as? [String: Any])
        let counts = try #require(summary["counts"] as? [String: Int])
        for key in ["rows_in", "rows_out", "rows_rejected", "duplicates_merged", "superseded"] {
            #expect(counts[key] == totals[key] as? Int, "\(key)")
        }
        #expect(counts["rows_in"] == files.map { ($0["counts"] as? [String: Int])?["rows_in"] ?? 0 }.reduce(0, +))
        #expect((summary["files"] as? [String: Int])?.values.reduce(0, +) == inputs.count)
        #expect((summary["datasets"] as? [[String: Any]])?.count == 2)
    }

    @Test func theEnvironmentAsksForJSONAndEvenAUsageErrorIsAJSONLine() throws {
        let run = try Binary.run(["run", "--no-such-option"], environment: ["SHEETPIPE_LOG_FORMAT": "json"])
        #expect(run.status == 2)
        let events = try Self.events(run.stderr)
        #expect(events.count == 1, "\(run.stderr)")
        #expect(events.first?["level"] as? String == "error")
        #expect((events.first?["message"] as? String)?.contains("--no-such-option") == true)
        #expect(events.first?["exit_code"] as? Int == 2, "the last line says how the command ends")
        // Spelled in capitals, still JSON; set empty, as good as unset.
        let capitals = try Binary.run(["run", "--jobs", "0"], environment: ["SHEETPIPE_LOG_FORMAT": "JSON"])
        #expect(capitals.status == 2)
        #expect(try Self.events(capitals.stderr).last?["exit_code"] as? Int == 2, "\(capitals.stderr)")
        let empty = try Binary.run(["run", "--jobs", "0"], environment: ["SHEETPIPE_LOG_FORMAT": ""])
        #expect(empty.status == 2)
        #expect(!empty.stderr.hasPrefix("{"), "plain text: \(empty.stderr)")
    }

    @Test func aDefinitionErrorEndsWithItsExitCode() throws {
        let broken = try TestFiles.folder("log-json-definition").appendingPathComponent("broken.yml")
        try Data("name: broken\nbogus: 1\n".utf8).write(to: broken)
        let run = try Binary.run(["run", broken.path, "--log-format", "json"])
        #expect(run.status == 2)
        let last = try #require(try Self.events(run.stderr).last)
        #expect(last["exit_code"] as? Int == 2, "\(run.stderr)")
    }

    @Test func aRunWithNoInputEndsWithAnErrorLineCarryingItsExitCode() throws {
        let folder = try TestFiles.folder("log-json-none")
        let run = try Binary.run(
            [
                "run", "--input", folder.appendingPathComponent("*.csv").path, "--out",
                folder.appendingPathComponent("out").path,
            ],
            environment: ["SHEETPIPE_LOG_FORMAT": "json"])
        #expect(run.status == 3, "\(run.stderr)")
        let events = try Self.events(run.stderr)
        let last = try #require(events.last)
        #expect(last["level"] as? String == "error")
        #expect(last["exit_code"] as? Int == 3)
        #expect((last["message"] as? String)?.contains("no input file was read") == true)
    }

    @Test func anUnknownFormatIsAUsageError() throws {
        let run = try Binary.run(["run", "--quiet"], environment: ["SHEETPIPE_LOG_FORMAT": "xml"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("SHEETPIPE_LOG_FORMAT=xml"), "\(run.stderr)")
    }

    @Test func everyLineOfAShardSaysWhichShardItIsAndTheLastOneItsEnd() throws {
        let work = try TestFiles.folder("log-json-shard").appendingPathComponent("work")
        let run = try Binary.run(
            ["run", "--work", work.path],
            environment: ["SHEETPIPE_LOG_FORMAT": "json", "JOB_COMPLETION_INDEX": "1", "SHEETPIPE_SHARDS": "3"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let events = try Self.events(run.stderr)
        #expect(events.filter { $0["message"] as? String == "file read" }.count > 0)
        for event in events { #expect(event["shard"] as? String == "1/3", "\(event)") }
        let last = try #require(events.last)
        #expect(last["message"] as? String == "shard finished")
        #expect(last["exit_code"] as? Int == 0)
        #expect((last["output"] as? String)?.hasSuffix("/work/1") == true)
    }
}
