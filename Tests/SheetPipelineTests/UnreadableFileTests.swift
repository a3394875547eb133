import Foundation
import SheetPipeline
import SheetSchema
import SheetTestSupport
import Testing

/// A file that turns out unreadable part-way takes part in nothing the run decides: it keeps,
/// merges into and supersedes no row, adds to no summary, pairs with no row as a near-duplicate;
/// the rows read before the failure are rejected with the reason, and the counts add up.
@Suite struct UnreadableFileTests {
    @Test func aFileUnreadablePartWayTakesPartInNoDecision() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv("a.csv", [["S1", "Scierie", "Bretagne", "A", "10,00"]])
        // Newer: S1 with other values (would supersede), S9 like S1 (a near-duplicate, and 5.00 more
        // in Brittany's total), then a quote that never closes.
        try workspace.write(
            "b.csv",
            "Identifiant;Titre;Région;Porteur;Montant\r\nS1;Scierie neuve;Bretagne;A;20,00\r\n"
                + "S9;Scierie;Bretagne;A;5,00\r\nS10;\"Four;Bretagne;C;1,00\r\n")
        let result = try workspace.run([("a.csv", "2024-01-01"), ("b.csv", "2024-06-01")])
        #expect(result.files.map(\.status.rawValue) == ["accepted", "unreadable"])
        let data = try workspace.table("essai.csv").records
        #expect(data.count == 1, "a.csv's row")
        #expect(data.first?["id"] == "S1" && data.first?["titre"] == "Scierie")
        #expect(try workspace.table("merge-log.csv").records.isEmpty, "nothing merged, superseded or paired")
        let table = try workspace.records("summary/par-region.csv")
        #expect(table.count == 2 && table[1] == ["53", "1", "10.00", "1"], "\(table)")
        let rejected = try workspace.table("rejected/essai.csv").records
        #expect(rejected.map { $0["id"] } == ["S1", "S9"])
        for row in rejected {
            #expect(
                row["reasons_en"]?.hasPrefix("file unreadable (line 4): a quoted field opened on line 4") == true,
                "\(row)")
        }
        let files = try workspace.manifest()["files"] as? [[String: Any]] ?? []
        #expect(files.last?["rows_in"] as? Int == 2 && files.last?["rows_rejected"] as? Int == 2)
        #expect(files.first?["superseded"] as? Int == 0)
        try workspace.expectReconciled()
    }
}
