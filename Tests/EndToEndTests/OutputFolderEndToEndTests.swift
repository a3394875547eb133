import Foundation
import SheetTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 13: sheetpipe replaces only folders it owns. Each test runs the binary against a
/// temporary folder holding sentinel files and checks that they are intact, with the exit code
/// and the message.
@Suite(.serialized) struct OutputFolderEndToEndTests {
    static let sample = Binary.packageRoot.appendingPathComponent("samples/fiches-corse.csv").path

    /// A folder holding `sentinel.txt` (and any other names given), each with its own text.
    static func folderWithSentinels(_ names: [String] = ["sentinel.txt"]) throws -> URL {
        let folder = try TestFiles.folder("owned")
        for name in names { try Data("keep \(name)\n".utf8).write(to: folder.appendingPathComponent(name)) }
        return folder
    }

    static func expectSentinels(_ folder: URL, _ names: [String] = ["sentinel.txt"], _ comment: Comment? = nil) {
        for name in names {
            let text = try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(text == "keep \(name)\n", "\(folder.lastPathComponent)/\(name) intact \(comment?.rawValue ?? "")")
        }
    }

    static func adHoc(_ out: String, inputs: [String] = [sample], quiet: Bool = true) -> [String] {
        ["run", "--schema", "project-sheet", "--out", out] + (quiet ? ["--quiet"] : [])
            + inputs.flatMap { ["--input", $0] }
    }

    static func leftovers(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter {
            $0.contains(".tmp-") || $0.contains(".unlisted-")
        }
    }

    @Test func theWorkingFolderIsRefused() throws {
        let working = try Self.folderWithSentinels(["sentinel.txt", "pipeline.yml"])
        let pipelines = Binary.packageRoot.appendingPathComponent("pipelines").path
        let run = try Binary.run(Self.adHoc(".") + ["--pipelines", pipelines], workingFolder: working)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("is the working folder"), "\(run.stderr)")
        Self.expectSentinels(working, ["sentinel.txt", "pipeline.yml"])
        #expect(Self.leftovers(working.deletingLastPathComponent()).isEmpty)
    }

    @Test func aFolderHoldingAnInputIsRefused() throws {
        let inputs = try Self.folderWithSentinels()
        let input = inputs.appendingPathComponent("fiches.csv")
        try FileManager.default.copyItem(atPath: Self.sample, toPath: input.path)
        let run = try Binary.run(Self.adHoc(inputs.path, inputs: [input.path]))
        #expect(run.status == 2, "\(run.stderr)")
        // Refused by the definition check (inputs within the folder's reach) before the folder policy.
        #expect(
            run.stderr.contains("\(inputs.path): holds an input of the run")
                || run.stderr.contains("the output folder \(inputs.path) is within reach of inputs"), "\(run.stderr)")
        Self.expectSentinels(inputs)
        #expect(FileManager.default.contentsEqual(atPath: input.path, andPath: Self.sample))
        // The folder a pattern reads, even when it matches nothing yet.
        let pattern = try Binary.run(Self.adHoc(inputs.path, inputs: [inputs.path + "/*.xlsx", Self.sample]))
        #expect(pattern.status == 2, "\(pattern.stderr)")
        #expect(
            pattern.stderr.contains("holds the folder an input pattern reads")
                || pattern.stderr.contains("is within reach of inputs[1].path \(inputs.path)/*.xlsx"),
            "\(pattern.stderr)")
        Self.expectSentinels(inputs)
        // A folder inside the one a pattern reads is fine (a pattern matches files only).
        let inside = try Binary.run(Self.adHoc(inputs.path + "/out", inputs: [inputs.path + "/*.csv"]))
        #expect(inside.status == 1, "\(inside.stderr)")
        Self.expectSentinels(inputs)
    }

    /// `name: ".."` without `outputs.directory` puts the outputs in the definition's folder.
    @Test func theDefinitionsFolderIsRefused() throws {
        let folder = try Self.folderWithSentinels()
        let definition = folder.appendingPathComponent("pipeline.yml")
        let text = "name: \"..\"\nschemas: [project-sheet]\ninputs:\n  - path: \(Self.sample)\n"
        try Data(text.utf8).write(to: definition)
        let run = try Binary.run(["run", definition.path, "--quiet"])
        #expect(run.status == 2, "\(run.stderr)")
        // Refused by the definition check (the name cannot make a folder) or the folder policy.
        #expect(
            run.stderr.contains("holds the pipeline definition") || run.stderr.contains("name: '..' cannot name"),
            "\(run.stderr)")
        Self.expectSentinels(folder)
        #expect(try String(contentsOf: definition, encoding: .utf8) == text)
        let explicit = try Binary.run(["run", definition.path, "--quiet", "--out", folder.path])
        #expect(explicit.status == 2 && explicit.stderr.contains("holds the pipeline definition"), "\(explicit.stderr)")
        Self.expectSentinels(folder)
    }

    @Test func theRootAndTheHomeFolderAreRefused() throws {
        let root = try Binary.run(Self.adHoc("/"))
        #expect(root.status == 2, "\(root.stderr)")
        #expect(root.stderr.contains("/: is the root folder"), "\(root.stderr)")
        let above = try Self.folderWithSentinels()
        let home = above.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Data("keep sentinel.txt\n".utf8).write(to: home.appendingPathComponent("sentinel.txt"))
        let run = try Binary.run(Self.adHoc(home.path), environment: ["HOME": home.path])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("is the home folder"), "\(run.stderr)")
        Self.expectSentinels(home)
        // A folder holding the home folder is refused too.
        let holding = try Binary.run(Self.adHoc(above.path), environment: ["HOME": home.path])
        #expect(holding.status == 2 && holding.stderr.contains("holds the home folder"), "\(holding.stderr)")
        Self.expectSentinels(home)
        Self.expectSentinels(above)
    }

    @Test func aFolderSheetpipeDidNotWriteIsRefused() throws {
        let foreign = try Self.folderWithSentinels()
        let run = try Binary.run(Self.adHoc(foreign.path))
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("holds files sheetpipe did not write (such as sentinel.txt)"), "\(run.stderr)")
        Self.expectSentinels(foreign)
    }

    @Test func aPreviousOutputWithAnUnlistedFileIsRefused() throws {
        let parent = try TestFiles.folder("owned")
        let out = parent.appendingPathComponent("out")
        let first = try Binary.run(Self.adHoc(out.path))
        #expect(first.status == 1, "\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(".sheetpipe-output").path))
        try Data("keep notes.txt\n".utf8).write(to: out.appendingPathComponent("notes.txt"))
        let before = try RunEndToEndTests.snapshot(out)
        let run = try Binary.run(Self.adHoc(out.path))
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("holds notes.txt, which the previous run did not write"), "\(run.stderr)")
        #expect(try RunEndToEndTests.snapshot(out) == before)
    }

    /// Outputs written before `.sheetpipe-output` existed are recognised by their manifest.
    @Test func aPreviousOutputWithoutLedgerIsReplaced() throws {
        let parent = try TestFiles.folder("owned")
        let out = parent.appendingPathComponent("out")
        _ = try Binary.run(Self.adHoc(out.path))
        let ledger = out.appendingPathComponent(".sheetpipe-output")
        try FileManager.default.removeItem(at: ledger)
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"tool\": {\"name\": \"sheetpipe\""))
        let run = try Binary.run(Self.adHoc(out.path))
        #expect(run.status == 1, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: ledger.path), "replaced by outputs with a ledger")
        #expect(Self.leftovers(parent).isEmpty, "\(Self.leftovers(parent))")
    }

    @Test func aLinkedOutputFolderIsNeverEmptiedThrough() throws {
        let parent = try TestFiles.folder("owned")
        let important = parent.appendingPathComponent("important")
        try FileManager.default.createDirectory(at: important, withIntermediateDirectories: true)
        try Data("keep sentinel.txt\n".utf8).write(to: important.appendingPathComponent("sentinel.txt"))
        let link = parent.appendingPathComponent("out")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "important")
        let run = try Binary.run(Self.adHoc(link.path))
        #expect(run.status == 2, "\(run.stderr)")
        #expect(
            run.stderr.contains("\(link.path) (→ \(important.path)): holds files sheetpipe did not write"),
            "\(run.stderr)")
        Self.expectSentinels(important)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "important")
        // A link to an empty folder is followed: the outputs go there, the link stays a link.
        let empty = parent.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let other = parent.appendingPathComponent("other")
        try FileManager.default.createSymbolicLink(atPath: other.path, withDestinationPath: "empty")
        let followed = try Binary.run(Self.adHoc(other.path))
        #expect(followed.status == 1, "\(followed.stderr)")
        #expect(FileManager.default.fileExists(atPath: empty.appendingPathComponent("manifest.json").path))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: other.path) == "empty")
    }

    /// A second run on the same folder (here the test holds the lock, as a running one would) is
    /// refused at once, naming the one that holds it.
    @Test func aSecondRunOnTheSameFolderIsRefused() throws {
        let parent = try TestFiles.folder("owned")
        let out = parent.appendingPathComponent("out")
        _ = try Binary.run(Self.adHoc(out.path))
        let before = try RunEndToEndTests.snapshot(out)
        let lock = open(parent.appendingPathComponent(".out.lock").path, O_RDWR | O_CREAT, 0o644)
        try #require(lock >= 0)
        defer { close(lock) }
        #expect(flock(lock, LOCK_EX | LOCK_NB) == 0)
        let pid = Array("4242\n".utf8)
        _ = ftruncate(lock, 0)
        _ = pwrite(lock, pid, pid.count, 0)
        let run = try Binary.run(Self.adHoc(out.path))
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("another sheetpipe run (PID 4242) is writing this output folder"), "\(run.stderr)")
        #expect(try RunEndToEndTests.snapshot(out) == before)
        flock(lock, LOCK_UN)
        let after = try Binary.run(Self.adHoc(out.path))
        #expect(after.status == 1, "once the lock is let go: \(after.stderr)")

        // And with two runs: the second, started while the first writes, is refused naming it.
        var refusedWhileRunning = false
        for _ in 0..<10 where !refusedWhileRunning {
            let first = Process()
            first.executableURL = URL(fileURLWithPath: Binary.path)
            first.arguments = ["run", "--out", out.path, "--quiet"]
            first.currentDirectoryURL = Binary.packageRoot
            first.standardOutput = FileHandle.nullDevice
            first.standardError = FileHandle.nullDevice
            try first.run()
            let temporary = parent.appendingPathComponent(".out.tmp-\(first.processIdentifier)").path
            let deadline = Date().addingTimeInterval(20)
            while !FileManager.default.fileExists(atPath: temporary) && first.isRunning && Date() < deadline {
                usleep(200)
            }
            let second = try Binary.run(Self.adHoc(out.path))
            let firstStillRunning = first.isRunning
            first.waitUntilExit()
            #expect(first.terminationStatus == 1, "the first run completes")
            if second.status == 2 {
                #expect(
                    second.stderr.contains("another sheetpipe run (PID \(first.processIdentifier))"), "\(second.stderr)"
                )
                refusedWhileRunning = true
            } else {
                #expect(!firstStillRunning, "not refused while the first ran: \(second.status) \(second.stderr)")
            }
        }
        #expect(refusedWhileRunning, "a second run was started while the first was writing")
        #expect(Self.leftovers(parent).isEmpty, "\(Self.leftovers(parent))")
    }

    @Test func aRunStoppedBySIGTERMRemovesItsTemporaryFolder() throws {
        let parent = try TestFiles.folder("owned")
        let out = parent.appendingPathComponent("national-report")
        _ = try Binary.run(["run", "--out", out.path, "--quiet"])
        let before = try RunEndToEndTests.snapshot(out)
        var stoppedMidway = false
        for _ in 0..<10 where !stoppedMidway {
            let (process, temporary) = try Binary.signalRunOnceWriting(out: out, signal: SIGTERM)
            stoppedMidway = process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM
            #expect(!FileManager.default.fileExists(atPath: temporary), "temporary folder removed")
        }
        #expect(stoppedMidway, "a run was stopped by SIGTERM (and ended by it) before it finished")
        #expect(Self.leftovers(parent).isEmpty, "\(Self.leftovers(parent))")
        #expect(try RunEndToEndTests.snapshot(out) == before)
    }

    @Test func aRunThatReadNoInputKeepsThePreviousOutputs() throws {
        let parent = try TestFiles.folder("owned")
        let out = parent.appendingPathComponent("out")
        _ = try Binary.run(Self.adHoc(out.path))
        let before = try RunEndToEndTests.snapshot(out)
        #expect(before["project-sheet.csv"] != nil)
        let unmounted = parent.appendingPathComponent("unmounted").path
        let run = try Binary.run(Self.adHoc(out.path, inputs: ["\(unmounted)/*.xlsx", "\(unmounted)/*.csv"]))
        #expect(run.status == 3, "\(run.stderr)")
        #expect(
            run.stderr.contains(
                "no input file was read (inputs matched no file: \(unmounted)/*.xlsx, \(unmounted)/*.csv)"),
            "\(run.stderr)")
        #expect(run.stderr.contains("the previous outputs in \(out.path) are kept"), "\(run.stderr)")
        #expect(try RunEndToEndTests.snapshot(out) == before)
        #expect(Self.leftovers(parent).isEmpty)
    }

    @Test func aMissingNamedInputIsUnreadableAndTheOthersAreProcessed() throws {
        let parent = try TestFiles.folder("owned")
        let out = parent.appendingPathComponent("out")
        let missing = parent.appendingPathComponent("fiches-missing.csv").path
        let run = try Binary.run(Self.adHoc(out.path, inputs: [missing, Self.sample]))
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stderr.contains(missing), "\(run.stderr)")
        let data = try String(contentsOf: out.appendingPathComponent("project-sheet.csv"), encoding: .utf8)
        #expect(data.contains("fiches-corse.csv"), "the other input is processed")
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json")))
                as? [String: Any])
        #expect(manifest["inputs_missing"] as? [String] == [missing])
        let files = manifest["files"] as? [[String: Any]] ?? []
        #expect(files.first { $0["path"] as? String == missing }?["status"] as? String == "unreadable")
        // Without --quiet the summary lists it.
        let summary = try Binary.run(Self.adHoc(out.path, inputs: [missing, Self.sample], quiet: false))
        #expect(summary.stdout.contains("missing inputs (unreadable): \(missing)"), "\(summary.stdout)")
    }
}
