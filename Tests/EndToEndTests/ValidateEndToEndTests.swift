import Foundation
import SheetTestSupport
import Testing

/// `sheetpipe validate` as reviewers and batch jobs run it.
@Suite struct ValidateEndToEndTests {
    static let samples = [
        "samples/contributions-cluster-auvergne.csv", "samples/contributions-pole-mer.xlsx",
        "samples/contributions-pole-vegetal.csv", "samples/fiches-bretagne.xlsx",
        "samples/fiches-grand-est.csv", "samples/fiches-occitanie.xlsx",
    ]

    @Test(arguments: [("json", "fr"), ("text", "fr"), ("text", "en"), ("csv", "en"), ("jsonl", "fr"), ("html", "fr")])
    func reportOnTheSamplesMatchesGolden(_ format: String, _ language: String) throws {
        let run = try Binary.run(["validate"] + Self.samples + ["--format", format, "--lang", language])
        #expect(run.status == 1, "the samples hold invalid rows: \(run.stderr)")
        try Golden.check(run.stdout, against: "validate-samples-\(language).\(format)")
    }

    @Test func theJSONReportHasEveryPropertyItsSchemaRequires() throws {
        let run = try Binary.run(["validate"] + Self.samples + ["--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let schemaData = try Data(
            contentsOf: Binary.packageRoot.appendingPathComponent("docs/validation-report.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: schemaData) as? [String: Any])
        let required = schema["required"] as? [String] ?? []
        #expect(Set(report.keys) == Set(required))
        #expect(report["report_version"] as? String == "2")
        let properties = schema["properties"] as? [String: Any] ?? [:]
        let fileSchema = (properties["files"] as? [String: Any])?["items"] as? [String: Any] ?? [:]
        let issueSchema = (schema["$defs"] as? [String: Any])?["issue"] as? [String: Any] ?? [:]
        let issueKeys = Set((issueSchema["properties"] as? [String: Any] ?? [:]).keys)
        for file in report["files"] as? [[String: Any]] ?? [] {
            #expect(Set(file.keys) == Set(fileSchema["required"] as? [String] ?? []))
            let rowsIn = file["rows_in"] as? Int ?? -1
            #expect(
                rowsIn == (file["rows_valid"] as? Int ?? 0) + (file["rows_invalid"] as? Int ?? 0), "counts reconcile")
        }
        let exampleSchema =
            ((issueSchema["properties"] as? [String: Any])?["examples"] as? [String: Any])?["items"] as? [String: Any]
        let exampleKeys = Set((exampleSchema?["properties"] as? [String: Any] ?? [:]).keys)
        var aggregated = 0
        for issue in report["issues"] as? [[String: Any]] ?? [] {
            #expect(Set(issue.keys).isSubset(of: issueKeys))
            if let examples = issue["examples"] as? [[String: Any]] {
                aggregated += 1
                #expect((issue["count"] as? Int ?? 0) >= examples.count && !examples.isEmpty)
                for example in examples { #expect(Set(example.keys).isSubset(of: exampleKeys)) }
            }
            #expect(Set(issueSchema["required"] as? [String] ?? []).isSubset(of: Set(issue.keys)))
            let message = issue["message"] as? [String: String]
            #expect(message?["fr"]?.isEmpty == false && message?["en"]?.isEmpty == false, "both languages")
        }
        #expect(aggregated > 0, "the samples have reading notes, aggregated")
    }

    @Test func htmlEscapesWhatTheFilesHold() throws {
        let directory = try TestFiles.folder("sheetpipe-html")
        let file = directory.appendingPathComponent("evil.csv")
        try Data("Identifiant fiche;Campagne;Région\n<script>alert(1)</script>;2024;<b>Bretagne</b>\n".utf8).write(
            to: file)
        let run = try Binary.run(["validate", file.path, "--schema", "project-sheet", "--format", "html"])
        #expect(run.stdout.hasPrefix("<!DOCTYPE html>"))
        // The page's own script only.
        #expect(run.stdout.components(separatedBy: "<script").count == 2)
        #expect(!run.stdout.contains("<script>alert") && !run.stdout.contains("<b>"))
        #expect(
            run.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                || run.stdout.contains("&lt;b&gt;Bretagne&lt;/b&gt;"))
    }

    @Test func aValidFileExitsZero() throws {
        let run = try Binary.run(["validate", "samples/contributions-pole-mer.xlsx", "--schema", "csr-contribution"])
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout.contains("Résultat : VALIDE"))
    }

    @Test func failOnChoosesWhatFailsTheJob() throws {
        let never = try Binary.run(["validate", "samples/fiches-grand-est.csv", "--fail-on", "never"])
        #expect(never.status == 0)
        let warning = try Binary.run(["validate", "samples/contributions-cluster-auvergne.csv", "--fail-on", "warning"])
        #expect(warning.status == 1, "dot decimals are warnings")
        let error = try Binary.run(["validate", "samples/contributions-cluster-auvergne.csv", "--fail-on", "error"])
        #expect(error.status == 0)
    }

    @Test func schemaErrorsAreUsageErrorsNamingTheProperty() throws {
        let directory = try TestFiles.folder("sheetpipe-schema")
        let bad = directory.appendingPathComponent("bad.json")
        try Data(#"{"fields": [{"name": "a", "type": "texte"}]}"#.utf8).write(to: bad)
        let run = try Binary.run(["validate", "samples/fiches-grand-est.csv", "--schema", bad.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("fields[0].type: unknown type 'texte'"))
        let unknown = try Binary.run(["validate", "samples/fiches-grand-est.csv", "--schema", "fiche"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("known: csr-contribution, project-sheet"))
    }

    @Test func unreadableInputIsExitThreeAndTheOthersAreValidated() throws {
        let run = try Binary.run([
            "validate", "Tests/SheetReadingTests/Fixtures/hostile/xxe_file.xlsx", "samples/contributions-pole-mer.xlsx",
            "--format", "json",
        ])
        #expect(run.status == 3)
        #expect(run.stdout.contains("\"status\" : \"unreadable\""))
        #expect(run.stdout.contains("\"status\" : \"accepted\""))
    }

    /// A CSV file of `text` in a folder of its own, beside a two-field schema (`n`, an integer,
    /// and `texte`).
    static func csvWithMiniSchema(_ name: String, _ text: String) throws -> (input: URL, schema: URL) {
        let directory = try TestFiles.folder("sheetpipe-mini")
        let schema = directory.appendingPathComponent("mini.json")
        try Data(
            #"{"name": "mini", "fields": [{"name": "n", "type": "integer"}, {"name": "texte", "type": "string"}]}"#.utf8
        ).write(to: schema)
        let input = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: input)
        return (input, schema)
    }

    @Test func aValueUnderABlankHeaderCellIsReported() throws {
        // A column left without a header inside the table is outside it: its values are said,
        // not dropped in silence.
        let (input, schema) = try Self.csvWithMiniSchema("gap.csv", "n,,texte\n1,valeur importante,ok\n")
        let run = try Binary.run(["validate", input.path, "--schema", schema.path, "--format", "jsonl"])
        #expect(run.stdout.contains(#""cell":"B2","code":"extra-cell""#), "\(run.stdout)")
        #expect(run.stdout.contains("valeur importante"))
    }

    @Test func aHeaderWithoutDataRowsIsSaid() throws {
        let (input, schema) = try Self.csvWithMiniSchema("vide.csv", "n,texte\n")
        let run = try Binary.run(["validate", input.path, "--schema", schema.path, "--format", "jsonl"])
        #expect(run.status == 0)
        #expect(
            run.stdout.contains(
                #""code":"no-data-rows","file":"\#(input.path)","message":{"en":"header on row 1 with no data row under it"#
            ),
            "\(run.stdout)")
        #expect(run.stdout.contains(#""row":1,"severity":"warning""#))
        let strict = try Binary.run(["validate", input.path, "--schema", schema.path, "--fail-on", "warning"])
        #expect(strict.status == 1)
    }

    @Test func aCopiedBinaryValidatesFromAnyFolderWithItsBuiltInSchemas() throws {
        // The binary alone, in a folder of its own, run from there: no pipelines/ anywhere near.
        let directory = try TestFiles.folder("sheetpipe-anywhere")
        let temporary = directory.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let sample = Binary.packageRoot.appendingPathComponent("samples/fiches-occitanie.xlsx").path
        let run = try Binary.shell(
            """
            cp "$SHEETPIPE" "$DIR/sheetpipe" && cd "$DIR" && TMPDIR="$DIR/tmp" ./sheetpipe validate --schema project-sheet \
              "$SAMPLE" --format jsonl
            echo "exit $?"
            TMPDIR="$DIR/tmp" ./sheetpipe template csr-contribution -o "$DIR/t.xlsx"; echo "template $?"
            """, environment: ["DIR": directory.path, "SAMPLE": sample])
        #expect(run.stdout.contains(#""code":"formula-without-value""#), "\(run.stdout) \(run.stderr)")
        // The built-in reference lists were found (without them regions are not checked, and said).
        #expect(!run.stderr.contains("no reference lists"), "\(run.stderr)")
        #expect(run.stdout.contains("exit 1") && run.stdout.contains("template 0"), "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("t.xlsx").path))
        // The folder written for the process is gone with it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
    }
}
