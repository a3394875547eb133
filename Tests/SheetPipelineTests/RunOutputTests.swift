import Foundation
import SheetPipeline
import SheetSchema
import SheetTestSupport
import Testing

/// What a run writes besides deduplication: safe CSV, typed JSON, options, files that cannot be used.
@Suite struct RunOutputTests {
    @Test func textThatLooksLikeAFormulaIsNeutralisedInCSVAndKeptInJSON() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv("a.csv", [["H1", "=SOMME(A1:A3)", "Bretagne", "@porteur", "-12,5"]])
        try workspace.run([("a.csv", "2024-01-01")])
        let csv = try workspace.output("essai.csv")
        #expect(csv.contains(",'=SOMME(A1:A3),"))
        #expect(csv.contains(",'@porteur,"))
        #expect(csv.contains(",-12.50,"), "numbers are never neutralised")
        let json = try workspace.output("essai.json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(rows.first?["titre"] as? String == "=SOMME(A1:A3)")
        #expect(rows.first?["montant"] as? Double == -12.5)
        #expect(rows.first?["source_row"] as? Int == 2)
        #expect(rows.first?["region"] as? String == "53")
    }

    /// Replacing the previous outputs deletes their files, never what a link inside them points
    /// to: a link in a listed file's place goes as a link; a link the ledger does not list makes
    /// the folder refused.
    @Test func replacingTheOutputsDoesNotFollowLinksInThem() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv("a.csv", [["L1", "Scierie", "Bretagne", "Bois SA", "10"]])
        try workspace.run([("a.csv", "2024-01-01")])
        let outside = "\(workspace.path)/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try workspace.write("outside/keep.csv", "not an output\n")
        let listed = "\(workspace.path)/out/summary/par-region.csv"
        try FileManager.default.removeItem(atPath: listed)
        try FileManager.default.createSymbolicLink(atPath: listed, withDestinationPath: "\(outside)/keep.csv")
        try workspace.run([("a.csv", "2024-01-01")])
        #expect(try String(contentsOfFile: "\(outside)/keep.csv", encoding: .utf8) == "not an output\n")
        #expect(try workspace.records("essai.csv").count == 2)
        #expect(try workspace.output("summary/par-region.csv").hasPrefix("region,"))

        try FileManager.default.createSymbolicLink(atPath: "\(workspace.path)/out/linked", withDestinationPath: outside)
        #expect {
            try workspace.run([("a.csv", "2024-01-01")])
        } throws: { error in
            "\(error)".contains("holds linked, which the previous run did not write")
        }
        #expect(try String(contentsOfFile: "\(outside)/keep.csv", encoding: .utf8) == "not an output\n")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: workspace.path).filter {
            $0.contains(".tmp-") || $0.contains(".unlisted-")
        }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    @Test func mergedCellsAreFilledWhenTheDefinitionSaysSo() throws {
        let workspace = try PipelineWorkspace()
        try TestWorkbook.write(
            cells: [
                ("A1", "Identifiant"), ("B1", "Titre"), ("C1", "Région"), ("D1", "Porteur"), ("E1", "Montant"),
                ("A2", "M1"), ("B2", "Scierie"), ("C2", "Bretagne"), ("E2", "1"),
                ("A3", "M2"), ("B3", "Serres"), ("E3", "2"),
            ], merges: ["C2:C3"], to: "\(workspace.path)/a.xlsx")
        let filled = try workspace.run([("a.xlsx", nil)], extra: "options: {fill_merged_cells: true}")
        #expect(filled.totals.rowsOut == 2)
        let data = try workspace.table("essai.csv").records
        #expect(data.last?["region"] == "53", "row 3 takes the merged region")
        let report = try workspace.output("validation-report.json")
        #expect(report.contains("la valeur de la première est recopiée dans chacune"))

        // Without the option the second row has no region: kept (the field is optional here), empty.
        try workspace.run([("a.xlsx", nil)])
        #expect(try workspace.table("essai.csv").records.last?["region"] == "")
    }

    @Test func filesThatCannotBeUsedAreCountedAndTheOthersGoOn() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv("good.csv", [["K1", "Scierie", "Bretagne", "Bois SA", "1"]])
        try workspace.write("no-header.csv", "a;b;c\n1;2;3\n")
        try workspace.write("fake.xlsx", "not a zip")
        let result = try workspace.run([
            ("good.csv", nil), ("no-header.csv", nil), ("fake.xlsx", nil), ("missing.csv", nil),
        ])
        let status = Dictionary(
            uniqueKeysWithValues: result.files.map {
                (URL(fileURLWithPath: $0.path).lastPathComponent, $0.status.rawValue)
            })
        #expect(status["good.csv"] == "accepted")
        #expect(status["no-header.csv"] == "rejected")
        #expect(status["fake.xlsx"] == "unreadable")
        #expect(status["missing.csv"] == "unreadable")
        #expect(result.totals.rowsOut == 1)
        let files = try workspace.manifest()["files"] as? [[String: Any]] ?? []
        let fake = files.first { ($0["path"] as? String)?.hasSuffix("fake.xlsx") == true }
        #expect((fake?["error"] as? String)?.isEmpty == false)
        try workspace.expectReconciled()
    }

    @Test func summariesSumTheKeptRowsExactly() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv(
            "a.csv",
            [
                ["S1", "Scierie", "Bretagne", "A", "0,1"], ["S2", "Serres", "Bretagne", "B", "0,2"],
                ["S2", "Serres", "Bretagne", "B", "0,2"], ["S3", "Four", "Normandie", "C", ""],
            ])
        try workspace.run([("a.csv", nil)])
        let table = try workspace.records("summary/par-region.csv")
        #expect(table[0] == ["region", "rows", "montant", "montant_rows"])
        #expect(table[1] == ["28", "1", "0.00", "0"])
        #expect(
            table[2] == ["53", "2", "0.30", "2"], "the merged duplicate is not counted twice; 0.1 + 0.2 = 0.30 exactly")
    }
}
