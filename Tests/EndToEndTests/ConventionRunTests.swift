import Foundation
import SheetTestSupport
import Testing

/// `sheetpipe run` over files that each write numbers their own way: `-7.250` in a dot-decimal
/// file is the same amount as `-7,25` in a French one, so the rows are duplicates — merged, not
/// rejected as ambiguous nor reported as a key conflict.
@Suite struct ConventionRunTests {
    @Test func aDotDecimalFilesAmbiguousAmountMergesWithItsFrenchDuplicate() throws {
        let folder = try TestFiles.folder("run-conventions")
        let schema = folder.appendingPathComponent("mini.json")
        try Data(
            #"""
            {"name": "mini", "locale": "fr", "primaryKey": ["id"], "fields": [{"name": "id", "type": "string"},
             {"name": "montant", "type": "number", "kind": "amount"}]}
            """#.utf8
        ).write(to: schema)
        // Comma-delimited, dot decimals (the issue's file); French; dot decimals shown only after
        // the ambiguous value (read a second time).
        let files = [
            ("a-virgules.csv", "id,montant\nP1,12.5\nP2,1234.56\nP3,-7.25\nP4,-7.250\n"),
            ("b-francais.csv", "id;montant\nP4;-7,25\nP5;1 234,5\nP6;2,125\n"),
            ("c-tardif.csv", "id;montant\nP6;2.125\nP7;12.5\n"),
        ]
        var arguments = ["run", "--schema", schema.path, "--out", folder.appendingPathComponent("out").path]
        for (name, text) in files {
            let path = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: path)
            arguments += ["--input", path.path]
        }
        let run = try Binary.run(arguments)
        #expect(run.status == 0, "\(run.stderr)")
        let out = folder.appendingPathComponent("out")
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json")))
                as? [String: Any])
        let totals = manifest["totals"] as? [String: Any] ?? [:]
        #expect(totals["rows_in"] as? Int == 9)
        #expect(totals["rows_out"] as? Int == 7)
        #expect(totals["rows_rejected"] as? Int == 0)
        #expect(totals["duplicates_merged"] as? Int == 2)
        #expect(totals["superseded"] as? Int == 0)
        let log = CsvTable(text: try String(contentsOf: out.appendingPathComponent("merge-log.csv"), encoding: .utf8))
        let merged = log.records.filter { $0["action"] == "merged" }.map { "\($0["key"] ?? "")" }
        #expect(merged == ["P4", "P6"])
        let report = CsvTable(
            text: try String(contentsOf: out.appendingPathComponent("validation-report.csv"), encoding: .utf8))
        let codes = report.records.map { $0["code"] ?? "" }
        #expect(!codes.contains("ambiguous-number") && !codes.contains("primary-key"), "\(codes)")
        // Once per file's column, naming the cell that shows the separator.
        let inferred = report.records.filter { $0["code"] == "convention-inferred" }.map {
            "\(($0["file"] ?? "").split(separator: "/").last ?? ""):\($0["cell"] ?? "")"
        }
        #expect(inferred == ["a-virgules.csv:B2", "b-francais.csv:B2", "c-tardif.csv:B3"])
        let data = try String(contentsOf: out.appendingPathComponent("mini.csv"), encoding: .utf8)
        #expect(data.contains("P4,-7.25,"))
    }
}
