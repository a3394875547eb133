import Foundation
import Testing

@testable import SheetPipeline

/// The copy of the schemas and reference lists the binary carries is the one in pipelines/.
@Suite struct EmbeddedPipelinesTests {
    static let pipelines = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("pipelines")

    @Test func theEmbeddedFilesAreThoseOfThePipelinesFolder() throws {
        var onDisk: [String] = []
        for (folder, suffix) in [("schemas", ".json"), ("reference", ".csv")] {
            let names = try FileManager.default.contentsOfDirectory(
                atPath: Self.pipelines.appendingPathComponent(folder).path)
            onDisk += names.filter { $0.hasSuffix(suffix) }.map { "\(folder)/\($0)" }
        }
        #expect(
            EmbeddedPipelines.files.map(\.path).sorted() == onDisk.sorted(),
            "run python3 tools/embed/embed_pipelines.py")
        for (path, base64) in EmbeddedPipelines.files {
            let embedded = try #require(Data(base64Encoded: base64))
            #expect(
                embedded == (try Data(contentsOf: Self.pipelines.appendingPathComponent(path))),
                "\(path) differs: run python3 tools/embed/embed_pipelines.py")
        }
    }

    @Test func theEmbeddedFolderHoldsThemAndOnlyItsOwnerReadsIt() throws {
        let folder = try #require(EmbeddedPipelines.folder)
        var info = stat()
        #expect(stat(folder, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
        #expect(info.st_uid == getuid())
        let schema = try Data(contentsOf: URL(fileURLWithPath: folder + "/schemas/project-sheet.json"))
        #expect(schema == (try Data(contentsOf: Self.pipelines.appendingPathComponent("schemas/project-sheet.json"))))
    }
}
