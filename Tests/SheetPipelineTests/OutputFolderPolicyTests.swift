import Foundation
import SheetTestSupport
import Testing

@testable import SheetPipeline

/// The parts of output-folder ownership that need no run: paths compared, ledgers read, listed
/// files removed without following links.
@Suite struct OutputFolderPolicyTests {
    @Test func aPatternReadsTheFolderBeforeItsFirstWildcard() {
        #expect(OutputFolderPolicy.patternFolder("../samples/fiches-*") == "../samples")
        #expect(OutputFolderPolicy.patternFolder("/data/in/*/x.xlsx") == "/data/in")
        #expect(OutputFolderPolicy.patternFolder("*.csv") == ".")
        #expect(OutputFolderPolicy.patternFolder("/*.csv") == "/")
        #expect(OutputFolderPolicy.patternFolder("samples/a.csv") == nil)
    }

    @Test func aFolderHoldsOnlyWhatIsUnderIt() {
        #expect(OutputFolderPolicy.holds("/a/b", "/a/b"))
        #expect(OutputFolderPolicy.holds("/a/b", "/a/b/c.csv"))
        #expect(OutputFolderPolicy.holds("/", "/etc"))
        #expect(!OutputFolderPolicy.holds("/a/b", "/a/bc/d.csv"), "a name that starts the same is another folder")
        #expect(!OutputFolderPolicy.holds("/a/b/c", "/a/b"))
    }

    @Test func pathsAreComparedWithTheirLinksFollowed() throws {
        let folder = try TestFiles.folder("policy")
        let real = folder.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        let link = folder.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "real")
        let policy = OutputFolderPolicy(
            workingFolder: link.path, homeFolder: nil, inputs: [], patternFolders: [], definition: nil)
        #expect(throws: OutputRefusal.self) { try policy.resolveOutput(real.path) }
        // A folder yet to be made under a link resolves through it.
        #expect(
            OutputFolderPolicy.resolve(link.path + "/new/out")
                == OutputFolderPolicy.resolve(real.path) + "/new/out")
    }

    @Test func outputsWrittenBeforeTheLedgerAreRecognisedByTheirManifest() throws {
        let folder = try TestFiles.folder("policy")
        let manifest = #"{"tool": {"name": "sheetpipe", "version": "0.9"}, "outputs": ["a.csv", "summary/b.csv"]}"#
        try Data(manifest.utf8).write(to: folder.appendingPathComponent("manifest.json"))
        #expect(OutputLedger.listed(in: folder.path) == ["a.csv", "summary/b.csv", "manifest.json"])
        let other = #"{"tool": {"name": "other"}, "outputs": ["a.csv"]}"#
        try Data(other.utf8).write(to: folder.appendingPathComponent("manifest.json"))
        #expect(OutputLedger.listed(in: folder.path) == nil)
    }

    /// A listed `summary/x.csv` whose `summary` became a link to another folder: nothing is
    /// deleted through the link.
    @Test func listedFilesAreNeverRemovedThroughALinkedFolder() throws {
        let folder = try TestFiles.folder("policy")
        let outside = folder.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("keep\n".utf8).write(to: outside.appendingPathComponent("x.csv"))
        let old = folder.appendingPathComponent("old")
        try FileManager.default.createDirectory(at: old, withIntermediateDirectories: true)
        try Data("ours\n".utf8).write(to: old.appendingPathComponent("a.csv"))
        try FileManager.default.createSymbolicLink(
            atPath: old.appendingPathComponent("summary").path, withDestinationPath: outside.path)
        OutputFolder.removeListed(["a.csv", "summary/x.csv", "../outside/x.csv"], in: old.path)
        #expect(!FileManager.default.fileExists(atPath: old.appendingPathComponent("a.csv").path))
        #expect(try String(contentsOf: outside.appendingPathComponent("x.csv"), encoding: .utf8) == "keep\n")
    }
}
