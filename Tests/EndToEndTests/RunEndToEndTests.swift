import Foundation
import SheetTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `sheetpipe run` on the bundled samples, as the README's first command runs it.
@Suite(.serialized) struct RunEndToEndTests {
    static func temporaryFolder() throws -> URL {
        try TestFiles.folder("run")
    }

    /// Every output file, by path relative to the folder.
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        while let name = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[name] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return files
    }

    /// The manifest without its `run` part (timestamps and timings, the only things that vary).
    static func stableManifest(_ data: Data?) -> String {
        let text = String(decoding: data ?? Data(), as: UTF8.self)
        guard let range = text.range(of: "  \"run\": {") else { return text }
        return String(text[..<range.lowerBound])
    }

    static let goldenFiles = [
        "fiches-projets.csv", "fiches-projets.json", "contributions-rse.csv", "contributions-rse.json",
        "rejected/fiches-projets.csv", "rejected/contributions-rse.csv", "merge-log.csv", "datapackage.json",
        "summary/fiches-par-region-axe-statut.csv", "summary/contributions-par-theme-indicateur-unite.csv",
        "summary/contributions-par-region-theme-indicateur-unite.csv", "validation-report.json",
    ]

    @Test func theSamplesGiveTheGoldenOutputs() throws {
        let folder = try Self.temporaryFolder()
        let out = folder.appendingPathComponent("national-report")
        let run = try Binary.run(["run", "--out", out.path])
        #expect(run.status == 1, "the samples hold rejected rows: \(run.stderr)")
        #expect(run.stdout.contains("fiches-projets"), "a summary at the end: \(run.stdout)")
        let files = try Self.snapshot(out)
        for name in Self.goldenFiles {
            try Golden.check(
                String(decoding: try #require(files[name], "\(name) written"), as: UTF8.self),
                against: "run/" + name.replacingOccurrences(of: "/", with: "--"))
        }
        try Golden.check(Self.stableManifest(files["manifest.json"]), against: "run/manifest.json")
        for format in ["json", "jsonl", "csv", "html"] { #expect(files["validation-report.\(format)"] != nil) }
    }

    /// The near-duplicate candidates of `make run`, reviewed by eye: PRO-2024-102 is
    /// PRO-2024-002 typed again without one word of its title (same owner, amounts and dates).
    @Test func theSamplesNearDuplicatesAreTheExpectedList() throws {
        let folder = try Self.temporaryFolder()
        let out = folder.appendingPathComponent("national-report")
        _ = try Binary.run(["run", "--out", out.path, "--quiet"])
        let log = CsvTable(text: try String(contentsOf: out.appendingPathComponent("merge-log.csv"), encoding: .utf8))
        let columns = ["dataset", "file", "row", "other_file", "other_row", "field", "similarity"]
        let found = log.records.filter { $0["action"] == "candidate" }.map { record in columns.map { record[$0] ?? "" }
        }
        let expected = CsvTable(
            text: try String(
                contentsOf: Binary.packageRoot.appendingPathComponent("samples/near-duplicate-candidates.csv"),
                encoding: .utf8))
        #expect(expected.header == columns)
        #expect(!found.isEmpty)
        #expect(found == expected.records.map { record in columns.map { record[$0] ?? "" } })
    }

    @Test func theManifestReconcilesEveryFileAndTheRun() throws {
        let folder = try Self.temporaryFolder()
        let out = folder.appendingPathComponent("national-report")
        _ = try Binary.run(["run", "--out", out.path, "--quiet"])
        let data = try Data(contentsOf: out.appendingPathComponent("manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let files = manifest["files"] as? [[String: Any]] ?? []
        #expect(files.count == 22)
        // The LibreOffice region's .ods is read like the workbooks: its sheet, its rows.
        let ods = try #require(files.first { ($0["path"] as? String) == "samples/fiches-centre-val-de-loire.ods" })
        #expect(ods["sheet"] as? String == "Fiches CVL")
        #expect(ods["rows_in"] as? Int == 12)
        #expect(ods["status"] as? String == "partial")
        var sums: [String: Int] = [:]
        let keys = ["rows_in", "rows_out", "rows_rejected", "duplicates_merged", "superseded"]
        for file in files + [manifest["totals"] as? [String: Any] ?? [:]] {
            let count = { (key: String) in file[key] as? Int ?? -1 }
            #expect(
                count("rows_in")
                    == count("rows_out") + count("rows_rejected") + count("duplicates_merged") + count("superseded"))
        }
        for file in files { for key in keys { sums[key, default: 0] += file[key] as? Int ?? 0 } }
        let totals = manifest["totals"] as? [String: Any] ?? [:]
        for key in keys { #expect(sums[key] == totals[key] as? Int, "\(key): files add up to the totals") }
        // Each dedup rule shows in the samples.
        #expect((totals["duplicates_merged"] as? Int ?? 0) >= 2)
        #expect((totals["superseded"] as? Int ?? 0) >= 4)
        #expect((totals["near_duplicate_candidates"] as? Int ?? 0) >= 1)
        // The rows out are the dataset rows.
        let datasetRows = try ["fiches-projets.csv", "contributions-rse.csv"].map { name in
            try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8).components(separatedBy: "\r\n")
                .filter { !$0.isEmpty }.count - 1
        }
        #expect(datasetRows.reduce(0, +) <= totals["rows_out"] as? Int ?? 0)
        // The manifest's contract is written down: every key it has is in its JSON Schema.
        let schemaData = try Data(contentsOf: Binary.packageRoot.appendingPathComponent("docs/manifest.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: schemaData) as? [String: Any])
        #expect(Set(manifest.keys) == Set(schema["required"] as? [String] ?? []))
        let fileSchema =
            ((schema["properties"] as? [String: Any])?["files"] as? [String: Any])?["items"] as? [String: Any]
        for file in files { #expect(Set(file.keys) == Set(fileSchema?["required"] as? [String] ?? [])) }
    }

    @Test func twoRunsGiveTheSameBytesWhateverTheNumberOfJobs() throws {
        let folder = try Self.temporaryFolder()
        let first = folder.appendingPathComponent("first")
        let second = folder.appendingPathComponent("second")
        let single = folder.appendingPathComponent("single")
        _ = try Binary.run(["run", "--out", first.path, "--quiet"])
        _ = try Binary.run(["run", "--out", second.path, "--quiet", "--jobs", "2"])
        _ = try Binary.run(["run", "--out", single.path, "--quiet", "--jobs", "1"])
        let a = try Self.snapshot(first)
        #expect(a.count >= 15)
        for other in [try Self.snapshot(second), try Self.snapshot(single)] {
            #expect(Set(a.keys) == Set(other.keys))
            // The manifest's `run` part varies, and with it its hash in the ledger.
            for (name, data) in a where name != "manifest.json" && name != ".sheetpipe-output" {
                #expect(data == other[name], "\(name) differs between runs")
            }
            let manifestA = Self.stableManifest(a["manifest.json"])
            let manifestB = Self.stableManifest(other["manifest.json"])
            #expect(manifestA == manifestB)
        }
    }

    @Test func aKilledRunLeavesThePreviousOutputsAsTheyWere() throws {
        let folder = try Self.temporaryFolder()
        let out = folder.appendingPathComponent("national-report")
        _ = try Binary.run(["run", "--out", out.path, "--quiet"])
        let before = try Self.snapshot(out)
        #expect(before["manifest.json"] != nil)
        var killedMidway = false
        for _ in 0..<10 where !killedMidway {
            // As soon as the run has started writing, kill it as a machine crash would.
            let (process, _) = try Binary.signalRunOnceWriting(out: out, signal: SIGKILL)
            killedMidway = process.terminationReason == .uncaughtSignal
        }
        #expect(killedMidway, "a run was killed before it finished")
        let after = try Self.snapshot(out)
        #expect(after == before, "the previous outputs are untouched")
        // The next run removes what the killed one left and replaces the outputs whole.
        let next = try Binary.run(["run", "--out", out.path, "--quiet"])
        #expect(next.status == 1, "\(next.stderr)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        let replaced = try Self.snapshot(out)
        #expect(Set(replaced.keys) == Set(before.keys))
    }

    @Test func anAdHocRunNeedsNoDefinition() throws {
        let folder = try Self.temporaryFolder()
        let out = folder.appendingPathComponent("adhoc")
        let run = try Binary.run([
            "run", "--input", "samples/fiches-corse.csv", "--input", "samples/fiches-occitanie.xlsx", "--schema",
            "project-sheet", "--out", out.path,
        ])
        #expect(run.status == 1, "\(run.stderr)")
        let files = try Self.snapshot(out)
        let data = String(decoding: files["project-sheet.csv"] ?? Data(), as: UTF8.self)
        #expect(data.hasPrefix("id_fiche,campagne,"))
        #expect(data.contains("samples/fiches-corse.csv"))
        #expect(files["manifest.json"] != nil && files["datapackage.json"] != nil)
    }

    @Test func aWrongDefinitionIsAConfigurationError() throws {
        let folder = try Self.temporaryFolder()
        let definition = folder.appendingPathComponent("bad.yml")
        try Data("name: bad\ninputs:\n  - path: x.csv\n    submited: 2024-01-01\n".utf8).write(to: definition)
        let run = try Binary.run(["run", definition.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("bad.yml:4: inputs[1].submited: unknown key"), "\(run.stderr)")
    }
}
