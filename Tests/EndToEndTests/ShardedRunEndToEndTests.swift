import Foundation
import SheetTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `run --shard I/N --work DIR` as N separate processes, then `merge`: the outputs are a single
/// run's byte for byte (the manifest's `run` part apart), whatever N and the order the shards
/// finish in. The shards compare nothing themselves: row digests made in one process are
/// matched by the merge with another's (cross-shard duplicates, conflicts, supersessions and
/// near-duplicates), which holds only with a hash whose key is the same in every process.
@Suite(.serialized) struct ShardedRunEndToEndTests {
    /// The bundled samples (the default pipeline) or the generated set.
    enum InputSet: String, CaseIterable, CustomTestStringConvertible {
        case samples, generated
        var testDescription: String { rawValue }
    }

    /// A generated campaign whose files fall on different shards: exact duplicates of another
    /// file's rows, a key sent again with other values by a newer submission (supersession),
    /// a near-duplicate under another key, rejected rows, an unreadable file, a file sent
    /// twice under two names, and the other dataset.
    static func generatedCampaign(in folder: URL) throws -> URL {
        let header =
            "Identifiant fiche;Campagne;Région;Département(s);Territoire d'industrie;Intitulé du projet;Axe;Porteur;Type de porteur;SIRET du porteur;Coût total HT;Aides publiques;État d'avancement;Date de début;Date de fin;Code postal"
        func row(
            _ id: String, title: String = "Scierie à haut rendement — Ajaccio", cost: String = "1575512,05",
            status: String = "idee", siret: String = "73282932000074", start: String = "07/11/2023"
        ) -> String {
            "\(id);2024;Collectivité de Corse;2A;Ajaccio;\(title);competences;Société A00;entreprise;\(siret);\(cost);914186,75;\(status);\(start);06/11/2024;20000"
        }
        let first = [
            row("GEN-001"), row("GEN-002", title: "Décarbonation de la chaufferie — Bastia", cost: "1540571,11"),
            row("GEN-003", title: "Formation aux métiers de la maintenance — Porto-Vecchio", cost: "2754129,23"),
            row("GEN-004", title: "Requalification de la friche — Ajaccio", cost: "772103,63"),
        ]
        let files: [(String, [String])] = [
            ("a-first.csv", first),
            // The same rows again (merged), GEN-002 with a new status and cost (supersedes).
            (
                "b-again.csv",
                [
                    first[0],
                    row(
                        "GEN-002", title: "Décarbonation de la chaufferie — Bastia", cost: "1600000,00",
                        status: "engage"), row("GEN-010", title: "Ligne de recyclage des plastiques — Porto-Vecchio"),
                ]
            ),
            // Near-duplicate of GEN-003 under another key.
            (
                "c-near.csv",
                [row("GEN-020", title: "Formation aux métiers de maintenance — Porto-Vecchio", cost: "2754129,23")]
            ),
            // Rejected rows beside a good one.
            (
                "d-errors.csv",
                [
                    row("GEN-030", siret: "12345678901234"), row("GEN-031", start: "31/02/2024"),
                    row("GEN-032", title: "Plateforme d'innovation composites — Bastia"),
                ]
            ),
            // Within one file: a duplicate key with other values (a conflict).
            ("e-conflict.csv", [row("GEN-040", cost: "100,00"), row("GEN-040", cost: "200,00")]),
            ("f-copy.csv", first),
        ]
        for (name, rows) in files {
            try Data(([header] + rows).joined(separator: "\r\n").utf8).write(to: folder.appendingPathComponent(name))
        }
        try Data("PK\u{3}\u{4} not really a workbook".utf8).write(to: folder.appendingPathComponent("g-broken.xlsx"))
        try FileManager.default.copyItem(
            at: Binary.packageRoot.appendingPathComponent("samples/contributions-cluster-auvergne.csv"),
            to: folder.appendingPathComponent("h-contributions.csv"))
        let definition = """
            name: generated
            schemas: [project-sheet, csr-contribution]
            inputs:
              - {path: a-first.csv, schema: project-sheet, submitted: 2024-03-01}
              - {path: b-again.csv, schema: project-sheet, submitted: 2024-03-05}
              - {path: c-near.csv, schema: project-sheet, submitted: 2024-03-02}
              - {path: d-errors.csv, schema: project-sheet, submitted: 2024-03-03}
              - {path: e-conflict.csv, schema: project-sheet, submitted: 2024-03-04}
              - {path: f-copy.csv, schema: project-sheet, submitted: 2024-03-06}
              - {path: g-broken.xlsx, schema: project-sheet, submitted: 2024-03-07}
              - {path: h-contributions.csv, schema: csr-contribution, submitted: 2024-03-08}
            datasets:
              - schema: project-sheet
                name: fiches-projets
                near_duplicates: {block: code_region, fields: [intitule, porteur_nom], threshold: 0.7}
              - schema: csr-contribution
                name: contributions-rse
            summaries:
              - name: par-axe
                dataset: fiches-projets
                group_by: [axe, statut]
                sum: [cout_total_ht]
            outputs:
              directory: out
              report: [json, jsonl, csv, html]
              formats: [csv, json, xlsx]
              feedback: true

            """
        let path = folder.appendingPathComponent("generated.yml")
        try Data(definition.utf8).write(to: path)
        return path
    }

    /// The pipeline argument (none: the default, over samples/) and the folder to run in.
    static func pipeline(_ set: InputSet, folder: URL) throws -> [String] {
        switch set {
        case .samples: return []
        case .generated: return [try generatedCampaign(in: folder).path]
        }
    }

    /// Every file of an output folder, the manifest without its `run` part and the ledger
    /// without the manifest's line (its size and hash follow the `run` part).
    static func comparable(_ folder: URL) throws -> [String: Data] {
        var files = try RunEndToEndTests.snapshot(folder)
        files["manifest.json"] = Data(RunEndToEndTests.stableManifest(files["manifest.json"]).utf8)
        if let ledger = files[".sheetpipe-output"] {
            let lines = String(decoding: ledger, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            files[".sheetpipe-output"] = Data(
                lines.filter { !$0.contains("\"manifest.json\"") }.joined(separator: "\n").utf8)
        }
        return files
    }

    static func expectSame(_ merged: [String: Data], _ single: [String: Data], _ what: String) {
        #expect(merged.keys.sorted() == single.keys.sorted(), "\(what): the same files")
        for (name, data) in single.sorted(by: { $0.key < $1.key }) {
            #expect(merged[name] == data, "\(what): \(name) differs from the single run's")
        }
    }

    /// Runs shard `index` of `count` (through the Indexed Job's variables when `fromEnvironment`).
    static func shard(
        _ index: Int, of count: Int, pipeline: [String], work: URL, fromEnvironment: Bool = false
    ) throws -> BinaryRun {
        if fromEnvironment {
            return try Binary.run(
                ["run"] + pipeline + ["--work", work.path, "--quiet"],
                environment: ["JOB_COMPLETION_INDEX": String(index), "SHEETPIPE_SHARDS": String(count)])
        }
        return try Binary.run(["run"] + pipeline + ["--shard", "\(index)/\(count)", "--work", work.path, "--quiet"])
    }

    /// Starts shard `index` of `count` and returns once its temporary folder is in `work` (it
    /// reads and writes), or once it has ended.
    static func shardOnceWriting(_ index: Int, of count: Int, pipeline: [String], work: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binary.path)
        process.arguments = ["run"] + pipeline + ["--shard", "\(index)/\(count)", "--work", work.path, "--quiet"]
        process.currentDirectoryURL = Binary.packageRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        func writing() -> Bool {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: work.path)) ?? []
            return names.contains { $0.hasPrefix(".shard-\(index).") }
        }
        while !writing() && process.isRunning && Date() < deadline { usleep(100) }
        return process
    }

    @Test(arguments: InputSet.allCases, [1, 2, 3, 7])
    func shardsThenMergeWriteTheSingleRunsBytes(set: InputSet, count: Int) throws {
        let folder = try TestFiles.folder("shards")
        let pipeline = try Self.pipeline(set, folder: folder)
        let single = try Binary.run(["run"] + pipeline + ["--out", folder.appendingPathComponent("single").path])
        // Rows are rejected in both sets; the generated one has an unreadable file.
        #expect(single.status == (set == .samples ? 1 : 3), "\(single.stderr)")
        let work = folder.appendingPathComponent("work")
        // The last shard first: the order shards finish in changes nothing.
        for index in (0..<count).reversed() {
            let shard = try Self.shard(
                index, of: count, pipeline: pipeline, work: work, fromEnvironment: index % 2 == 1)
            #expect(shard.status == 0, "shard \(index)/\(count): \(shard.stderr)")
        }
        let merge = try Binary.run(
            ["merge"] + pipeline + ["--work", work.path, "--out", folder.appendingPathComponent("merged").path])
        #expect(merge.status == single.status, "merge: \(merge.stderr)")
        #expect(merge.stderr == single.stderr, "the same warnings and errors")
        let merged = try Self.comparable(folder.appendingPathComponent("merged"))
        Self.expectSame(merged, try Self.comparable(folder.appendingPathComponent("single")), "\(set) in \(count)")
        let manifest = String(decoding: try #require(merged["manifest.json"]), as: UTF8.self)
        #expect(!manifest.isEmpty)
        let full = try String(
            contentsOf: folder.appendingPathComponent("merged/manifest.json"), encoding: .utf8)
        #expect(full.contains("\"shards\": ["), "the manifest's run part lists the shards")
        // A merge leaves the shard results as they were: run again (a Job's retry, another
        // --out), it writes the same bytes.
        let again = try Binary.run(
            ["merge"] + pipeline + ["--work", work.path, "--out", folder.appendingPathComponent("again").path])
        #expect(again.status == single.status, "merge again: \(again.stderr)")
        Self.expectSame(
            try Self.comparable(folder.appendingPathComponent("again")), merged, "\(set) in \(count), merged again")
        if set == .generated {
            // What the set is made to exercise, across shards.
            let log = try String(contentsOf: folder.appendingPathComponent("merged/merge-log.csv"), encoding: .utf8)
            for action in ["merged", "superseded", "candidate"] {
                #expect(log.contains(action), "the merge log has a \(action) row")
            }
            if count == 7 {
                let shards = try FileManager.default.contentsOfDirectory(atPath: work.path).filter {
                    !$0.hasPrefix(".")
                }
                #expect(shards.count == 7)
            }
        }
    }

    @Test func aShardWithNoFileWritesAnEmptyResult() throws {
        let folder = try TestFiles.folder("shards")
        let pipeline = try Self.pipeline(.generated, folder: folder)
        let work = folder.appendingPathComponent("work")
        let run = try Self.shard(9, of: 10, pipeline: pipeline, work: work)
        #expect(run.status == 0, "\(run.stderr)")
        let header =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: work.appendingPathComponent("9/shard.json"))) as? [String: Any]
        #expect((header?["files"] as? [Any])?.isEmpty == true)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("9").path) == ["shard.json"]
        )
    }

    /// Killed while it writes, a shard leaves no result (only a hidden temporary folder the
    /// merge ignores); retried, it writes its result whole; retried again, it replaces it.
    @Test func aShardKilledMidWriteThenRetried() throws {
        let folder = try TestFiles.folder("shards")
        let pipeline = try Self.pipeline(.generated, folder: folder)
        let work = folder.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let process = try Self.shardOnceWriting(0, of: 2, pipeline: pipeline, work: work)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try #require(process.terminationReason == .uncaughtSignal, "killed while it ran")
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("0").path), "no half result")
        let missing = try Binary.run(
            ["merge"] + pipeline + ["--work", work.path, "--out", folder.appendingPathComponent("m").path])
        #expect(missing.status == 2, "nothing to merge yet: \(missing.stderr)")

        for attempt in 1...2 {
            for index in 0..<2 {
                let shard = try Self.shard(index, of: 2, pipeline: pipeline, work: work)
                #expect(shard.status == 0, "attempt \(attempt), shard \(index): \(shard.stderr)")
            }
        }
        let single = try Binary.run(["run"] + pipeline + ["--out", folder.appendingPathComponent("single").path])
        let merge = try Binary.run(
            ["merge"] + pipeline + ["--work", work.path, "--out", folder.appendingPathComponent("merged").path])
        #expect(merge.status == single.status, "\(merge.stderr)")
        Self.expectSame(
            try Self.comparable(folder.appendingPathComponent("merged")),
            try Self.comparable(folder.appendingPathComponent("single")), "after the retries")
        let names = try FileManager.default.contentsOfDirectory(atPath: work.path)
        #expect(names.filter { !$0.hasPrefix(".shard-0.") }.sorted() == ["0", "1"], "retries left no other folder")
    }

    /// Stopped by SIGTERM (a pod evicted or pre-empted) while it reads, a shard removes its
    /// temporary folder and ends as the signal asks.
    @Test func aShardStoppedBySIGTERMLeavesNothing() throws {
        let folder = try TestFiles.folder("shards")
        let pipeline = try Self.pipeline(.generated, folder: folder)
        let work = folder.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let process = try Self.shardOnceWriting(0, of: 1, pipeline: pipeline, work: work)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        try #require(process.terminationReason == .uncaughtSignal, "stopped while it ran")
        #expect(process.terminationStatus == SIGTERM)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == [], "no folder left")
    }

    @Test func aMergeRefusesMissingForeignAndDoubleResults() throws {
        let folder = try TestFiles.folder("shards")
        let pipeline = try Self.pipeline(.generated, folder: folder)
        let work = folder.appendingPathComponent("work")
        for index in 0..<3 { #expect(try Self.shard(index, of: 3, pipeline: pipeline, work: work).status == 0) }
        let out = folder.appendingPathComponent("out-merge")
        func merge() throws -> BinaryRun {
            try Binary.run(["merge"] + pipeline + ["--work", work.path, "--out", out.path, "--quiet"])
        }
        let fs = FileManager.default

        // A missing shard.
        try fs.moveItem(at: work.appendingPathComponent("1"), to: folder.appendingPathComponent("kept-1"))
        var run = try merge()
        #expect(run.status == 2)
        #expect(run.stderr.contains("missing for index 1 of 3"), "\(run.stderr)")
        #expect(!fs.fileExists(atPath: out.path), "nothing written")

        // Two results claiming one index.
        try fs.copyItem(at: work.appendingPathComponent("0"), to: work.appendingPathComponent("1"))
        run = try merge()
        #expect(run.status == 2)
        #expect(run.stderr.contains("shard 0 has two results"), "\(run.stderr)")
        try fs.removeItem(at: work.appendingPathComponent("1"))
        try fs.moveItem(at: folder.appendingPathComponent("kept-1"), to: work.appendingPathComponent("1"))

        // A shard of another definition (another threshold: another definition file).
        let definition = folder.appendingPathComponent("generated.yml")
        let original = try String(contentsOf: definition, encoding: .utf8)
        try Data(original.replacingOccurrences(of: "threshold: 0.7", with: "threshold: 0.8").utf8).write(to: definition)
        #expect(try Self.shard(2, of: 3, pipeline: pipeline, work: work).status == 0)
        try Data(original.utf8).write(to: definition)
        run = try merge()
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(work.path)/2: made from another definition"), "\(run.stderr)")

        // Shards of another count.
        #expect(try Self.shard(2, of: 4, pipeline: pipeline, work: work).status == 0)
        run = try merge()
        #expect(run.status == 2)
        #expect(run.stderr.contains("a shard of 4"), "\(run.stderr)")

        // Once whole again, the merge writes.
        #expect(try Self.shard(2, of: 3, pipeline: pipeline, work: work).status == 0)
        run = try merge()
        #expect(run.status == 3, "the unreadable input: \(run.stderr)")
        #expect(fs.fileExists(atPath: out.appendingPathComponent("manifest.json").path))
    }

    /// A shard result damaged after it was written (a state cut short, an issues file gone) is
    /// named, and nothing is written.
    @Test func aDamagedShardResultIsNamed() throws {
        let folder = try TestFiles.folder("shards")
        let pipeline = try Self.pipeline(.generated, folder: folder)
        let work = folder.appendingPathComponent("work")
        for index in 0..<2 { #expect(try Self.shard(index, of: 2, pipeline: pipeline, work: work).status == 0) }
        let out = folder.appendingPathComponent("out-merge")
        let state = work.appendingPathComponent("0/0.state")
        let bytes = try Data(contentsOf: state)
        try bytes.prefix(bytes.count / 2).write(to: state)
        var run = try Binary.run(["merge"] + pipeline + ["--work", work.path, "--out", out.path, "--quiet"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(state.path): the state is damaged"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing written")
        try bytes.write(to: state)
        try FileManager.default.removeItem(at: work.appendingPathComponent("1/1.issues"))
        run = try Binary.run(["merge"] + pipeline + ["--work", work.path, "--out", out.path, "--quiet"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("1/1.issues: missing from the shard result"), "\(run.stderr)")
    }

    @Test func shardUsageErrorsExit2() throws {
        let folder = try TestFiles.folder("shards")
        let work = folder.appendingPathComponent("work").path
        #expect(try Binary.run(["run", "--shard", "3/3", "--work", work]).status == 2)
        #expect(try Binary.run(["run", "--shard", "0/2"]).status == 2, "--shard needs --work")
        #expect(try Binary.run(["run", "--work", work], environment: ["SHEETPIPE_SHARDS": "2"]).status == 2)
        // The Job's variables without --work: not a whole run in every pod.
        let out = folder.appendingPathComponent("out").path
        let forgotten = try Binary.run(
            ["run", "--out", out], environment: ["JOB_COMPLETION_INDEX": "0", "SHEETPIPE_SHARDS": "3"])
        #expect(forgotten.status == 2, "\(forgotten.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        let broken = folder.appendingPathComponent("broken.yml")
        try Data("name: broken\ninputs: 3\n".utf8).write(to: broken)
        #expect(try Binary.run(["run", broken.path, "--shard", "0/2", "--work", work]).status == 2)
    }
}
