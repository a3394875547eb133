import Foundation
import SheetTestSupport
import Testing

/// The JSON outputs follow their published JSON Schemas (docs/*.schema.json), checked by a real
/// validator (python3 with jsonschema, Scripts/check_json_schema.py): the samples' logs (their
/// goldens), and the log and manifest of a run with aggregated notes and issues spooled to disk.
@Suite(.serialized) struct JSONSchemaEndToEndTests {
    static let script = Binary.packageRoot.appendingPathComponent("Tests/EndToEndTests/Scripts/check_json_schema.py")
        .path

    /// python3 with jsonschema (installed by .ci/run); without it these tests are skipped.
    static let available: Bool = {
        guard let run = try? TemplateChecker.python(["-c", "import jsonschema"]) else { return false }
        if run.status != 0 {
            print("SKIPPED: the JSON Schema checks need python3 with jsonschema (pip install jsonschema)")
        }
        return run.status == 0
    }()

    static func check(_ schema: String, _ documents: [String], sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let schemaPath = Binary.packageRoot.appendingPathComponent("docs/\(schema)").path
        let run = try TemplateChecker.python([script, schemaPath] + documents)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)", sourceLocation: sourceLocation)
        #expect(
            run.stdout.components(separatedBy: ": valid\n").count == documents.count + 1, sourceLocation: sourceLocation
        )
    }

    @Test(.enabled(if: available)) func theSamplesLogsFollowTheirSchema() throws {
        let golden = Binary.packageRoot.appendingPathComponent("Tests/EndToEndTests/Golden")
        try Self.check(
            "validation-report.schema.json",
            [
                golden.appendingPathComponent("validate-samples-fr.json").path,
                golden.appendingPathComponent("run/validation-report.json").path,
            ])
    }

    @Test(.enabled(if: available)) func aSpooledLogWithAggregatedNotesFollowsItsSchema() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sheet = try IssueLogEndToEndTests.erroneousSheet(in: folder)
        let out = folder.appendingPathComponent("out")
        _ = try Binary.run(["run", "--input", sheet.path, "--schema", "project-sheet", "--out", out.path, "--quiet"])
        try Self.check("validation-report.schema.json", [out.appendingPathComponent("validation-report.json").path])
        try Self.check("manifest.schema.json", [out.appendingPathComponent("manifest.json").path])
    }
}
