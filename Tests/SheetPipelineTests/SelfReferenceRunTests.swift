import Foundation
import SheetPipeline
import SheetSchema
import SheetTestSupport
import Testing

/// A self-referencing foreign key (`"resource": ""`) is known missing only at the file's end:
/// the rows it makes invalid then are still rejected by `run` (the file is read again), never
/// left in the dataset.
@Suite struct SelfReferenceRunTests {
    @Test func aRowNamingARowThatNeverComesIsRejected() throws {
        let workspace = try PipelineWorkspace()
        // `porteur` names the identifier of another row of the file (before or after it).
        try workspace.write(
            "essai.json",
            PipelineWorkspace.schema.replacingOccurrences(
                of: #""primaryKey": ["id"],"#,
                with:
                    #""primaryKey": ["id"], "foreignKeys": [{"fields": "porteur", "reference": {"resource": "", "fields": "id"}}],"#
            ))
        try workspace.csv(
            "a.csv",
            [
                ["S1", "Scierie", "Bretagne", "S2", "10,00"], ["S2", "Four", "Bretagne", "", "5,00"],
                ["S3", "Moulin", "Bretagne", "S9", "1,00"],
            ])
        let result = try workspace.run([("a.csv", "2024-01-01")])
        #expect(result.files.map(\.status.rawValue) == ["partial"])
        #expect(try workspace.table("essai.csv").records.map { $0["id"] } == ["S1", "S2"])
        let rejected = try workspace.table("rejected/essai.csv").records
        #expect(rejected.map { $0["id"] } == ["S3"])
        #expect(rejected.first?["reasons_en"] == "D4 porteur: 'S9' is not among this table's id", "\(rejected)")
        try workspace.expectReconciled()
    }
}
