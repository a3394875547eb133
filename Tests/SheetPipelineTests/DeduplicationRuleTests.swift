import Foundation
import SheetPipeline
import SheetTestSupport
import Testing

/// Each deduplication rule of `sheetpipe run`, pinned by a small case.
@Suite struct DeduplicationRuleTests {
    @Test func rowsEqualOnceNormalisedAreMergedIntoTheFirst() throws {
        let workspace = try PipelineWorkspace()
        // NFC and NFD spellings of "Été", extra spaces: the same value once normalised.
        try workspace.csv(
            "a.csv",
            [
                ["A1", "Été  solaire", "Bretagne", "Société X", "12,5"],
                ["A1", "E\u{301}te\u{301} solaire", "53", "Société  X", "12,50"],
            ])
        let result = try workspace.run([("a.csv", "2024-01-01")])
        #expect(result.totals.rowsIn == 2)
        #expect(result.totals.rowsOut == 1)
        #expect(result.totals.duplicatesMerged == 1)
        let data = try workspace.table("essai.csv").records
        #expect(data.count == 1)
        #expect(data.first?["titre"] == "Été solaire")
        #expect(data.first?["montant"] == "12.50")
        let log = try workspace.table("merge-log.csv").records
        #expect(log.count == 1)
        #expect(log.first?["action"] == "merged")
        #expect(log.first?["row"] == "3" && log.first?["other_row"] == "2", "row 3 merged into row 2")
        try workspace.expectReconciled()
    }

    @Test func aNumberWrittenTwoWaysIsOneValue() throws {
        let workspace = try PipelineWorkspace()
        // A workbook's number cell holding -7.250, a French CSV saying -7,25.
        try TestWorkbook.write(
            cells: [
                ("A1", "Identifiant"), ("B1", "Titre"), ("C1", "Région"), ("D1", "Porteur"), ("E1", "Montant"),
                ("A2", "B7"), ("B2", "Four électrique"), ("C2", "Bretagne"), ("D2", "Verrerie"),
            ], numbers: [("E2", "-7.250")], to: "\(workspace.path)/a.xlsx")
        try workspace.csv("b.csv", [["B7", "Four électrique", "Bretagne", "Verrerie", "-7,25"]])
        let result = try workspace.run([("a.xlsx", "2024-01-01"), ("b.csv", "2024-02-01")])
        #expect(result.totals.duplicatesMerged == 1, "equal values: merged, not superseded")
        #expect(result.totals.superseded == 0)
        let data = try workspace.table("essai.csv").records
        #expect(data.count == 1)
        #expect(data.first?["montant"] == "-7.25")
        #expect(data.first?["source_file"]?.hasSuffix("a.xlsx") == true, "the first submission is kept")
        try workspace.expectReconciled()
    }

    @Test func theSameKeyWithOtherValuesInOneFileIsAConflict() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv(
            "a.csv",
            [
                ["C1", "Scierie", "Bretagne", "Bois SA", "100"],
                ["C2", "Serres", "Bretagne", "Maraîchers", "200"],
                ["C1", "Scierie agrandie", "Bretagne", "Bois SA", "150"],
            ])
        let result = try workspace.run([("a.csv", nil)])
        #expect(result.totals.rowsOut == 2)
        #expect(result.totals.rowsRejected == 1)
        let rejected = try workspace.table("rejected/essai.csv").records
        #expect(rejected.count == 1)
        let row = try #require(rejected.first)
        #expect(row["id"] == "C1" && row["source_row"] == "4", "the later row, line 4, is rejected")
        #expect(row["reasons_fr"]?.contains("ligne 2") == true, "the reason names the earlier row: \(row)")
        #expect(row["reasons_en"]?.contains("row 2") == true)
        try workspace.expectReconciled()
    }

    /// Deduplication decides on both cores, each taking a share of the keys: many merges and
    /// supersessions spread over both shares come out as one core decides them, in row order.
    @Test func decisionsOnBothCoresAreThoseOfOne() throws {
        let workspace = try PipelineWorkspace()
        // Older file: 200 projects. Newer file: every third one again with the same values
        // (merged), every third with a new amount (supersedes), then 200 new ones.
        let older = (0..<200).map { ["E\($0)", "Atelier \($0)", "Bretagne", "Porteur \($0)", "\(100 + $0)"] }
        var newer: [[String]] = []
        for number in 0..<200 where number % 3 != 2 {
            newer.append([
                "E\(number)", "Atelier \(number)", "Bretagne", "Porteur \(number)", "\(100 + number + number % 3)",
            ])
        }
        newer += (200..<400).map { ["E\($0)", "Atelier \($0)", "Bretagne", "Porteur \($0)", "\(100 + $0)"] }
        try workspace.csv("a.csv", older)
        try workspace.csv("b.csv", newer)
        let inputs: [(String, String?)] = [("a.csv", "2024-01-01"), ("b.csv", "2024-02-01")]
        let single = try workspace.run(inputs, jobs: 1)
        let singleLog = try workspace.records("merge-log.csv")
        let singleData = try workspace.records("essai.csv")
        // (The merge log is sorted by row; the validation log lists each file's events as decided.)
        let singleReport = try workspace.output("validation-report.json")
        let parallel = try workspace.run(inputs, jobs: 2)
        #expect(single.totals.duplicatesMerged == 67 && single.totals.superseded == 67)
        #expect(parallel.totals == single.totals)
        #expect(try workspace.records("merge-log.csv") == singleLog)
        #expect(try workspace.records("essai.csv") == singleData)
        #expect(try workspace.output("validation-report.json") == singleReport)
        try workspace.expectReconciled()
    }

    @Test func aNewerSubmissionSupersedesTheOlderOne() throws {
        let workspace = try PipelineWorkspace()
        // Name order is the reverse of date order: the dates decide.
        try workspace.csv("a-juin.csv", [["D1", "Scierie", "Bretagne", "Bois SA", "150"]])
        try workspace.csv(
            "b-mars.csv",
            [["D1", "Scierie", "Bretagne", "Bois SA", "100"], ["D2", "Serres", "Bretagne", "Flore", "5"]])
        let result = try workspace.run([("a-juin.csv", "2024-06-14"), ("b-mars.csv", "2024-03-29")])
        #expect(result.totals.superseded == 1)
        #expect(result.totals.rowsOut == 2)
        let data = try workspace.table("essai.csv").records
        #expect(data.map { $0["id"] } == ["D2", "D1"], "submission order: March first")
        #expect(data.last?["montant"] == "150.00")
        let log = try #require(try workspace.table("merge-log.csv").records.first)
        #expect(log["action"] == "superseded")
        #expect(log["file"]?.hasSuffix("b-mars.csv") == true && log["other_file"]?.hasSuffix("a-juin.csv") == true)
        #expect(log["reason_en"]?.contains("date from the definition") == true, "\(log)")
        let files = try workspace.manifest()["files"] as? [[String: Any]] ?? []
        #expect(files.first?["submitted_source"] as? String == "definition")
        #expect(files.first { ($0["path"] as? String)?.hasSuffix("b-mars.csv") == true }?["superseded"] as? Int == 1)
        try workspace.expectReconciled()
    }

    @Test func withoutDatesTheFileTimesDecideAndTheLogSaysSo() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv("new.csv", [["E1", "Scierie", "Bretagne", "Bois SA", "150"]])
        try workspace.csv("old.csv", [["E1", "Scierie", "Bretagne", "Bois SA", "100"]])
        let old = Date(timeIntervalSince1970: 1_700_000_000)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: "\(workspace.path)/old.csv")
        try FileManager.default.setAttributes(
            [.modificationDate: old.addingTimeInterval(86_400)], ofItemAtPath: "\(workspace.path)/new.csv")
        try workspace.run([("new.csv", nil), ("old.csv", nil)])
        let log = try #require(try workspace.table("merge-log.csv").records.first)
        #expect(log["action"] == "superseded" && log["file"]?.hasSuffix("old.csv") == true)
        #expect(log["reason_en"]?.contains("file modification time") == true, "\(log)")
        let files = try workspace.manifest()["files"] as? [[String: Any]] ?? []
        #expect(files.allSatisfy { $0["submitted_source"] as? String == "file-mtime" })
        try workspace.expectReconciled()
    }

    @Test func nearDuplicatesAreListedNeverMerged() throws {
        let workspace = try PipelineWorkspace()
        try workspace.csv(
            "a.csv",
            [
                ["F1", "Décarbonation de la chaufferie", "Bretagne", "Laiterie A", "10"],
                ["F2", "Décarbonation chaufferie", "Bretagne", "Fromagerie B", "20"],
                ["F3", "Serres maraîchères", "Bretagne", "Flore", "30"],
                // Another region: another block, never compared.
                ["F4", "Décarbonation de la chaufferie", "Normandie", "Laiterie A", "10"],
            ])
        let result = try workspace.run([("a.csv", "2024-01-01")])
        #expect(result.totals.rowsOut == 4)
        #expect(result.datasets.first?.candidates == 1)
        let records = try workspace.table("merge-log.csv").records
        // How similarity was computed comes first, then the candidate.
        #expect(records.map { $0["action"] } == ["method", "candidate"])
        #expect(records.first?["reason_en"]?.contains("Jaccard") == true)
        let log = records.filter { $0["action"] == "candidate" }
        let candidate = try #require(log.first)
        #expect(candidate["action"] == "candidate" && candidate["row"] == "3" && candidate["other_row"] == "2")
        #expect(candidate["field"] == "titre")
        let similarity = try #require(candidate["similarity"].flatMap(Double.init))
        #expect(similarity >= 0.7 && similarity < 1)
        try workspace.expectReconciled()
    }

    @Test func aBlockPastItsCapListsItsFirstCandidatesAndWarns() throws {
        let workspace = try PipelineWorkspace()
        // Four rows of one title in Bretagne (six pairs), two in Normandie (one pair).
        let owners = ["Laiterie A", "Fromagerie B", "Conserverie C", "Biscuiterie D"]
        try workspace.csv(
            "a.csv",
            owners.enumerated().map {
                ["B\($0.offset)", "Décarbonation de la chaufferie", "Bretagne", $0.element, "1"]
            }
                + [
                    ["N1", "Serres maraîchères chauffées", "Normandie", "Flore", "1"],
                    ["N2", "Serres maraîchères chauffées", "Normandie", "Jardins", "1"],
                ])
        try workspace.write(
            "pipeline.yml",
            """
            name: essai
            schemas: [essai.json]
            inputs: [a.csv]
            datasets:
              - schema: essai
                near_duplicates:
                  block: region
                  fields: [titre, porteur]
                  max_candidates_per_block: 2
            outputs: {directory: out}
            """)
        let definition = try PipelineDefinition.load(path: "\(workspace.path)/pipeline.yml")
        #expect(definition.datasets.first?.nearDuplicates?.maxPerBlock == 2)
        let result = try PipelineRun.run(definition, folder: PipelineWorkspace.folder, options: RunOptions())
        #expect(result.warnings.contains { $0.contains("block 53 capped at 2: 4 more left out") }, "\(result.warnings)")
        #expect(!result.warnings.contains { $0.contains("block 28") })
        let log = try workspace.table("merge-log.csv").records
        let capped = log.filter { $0["action"] == "capped" }
        #expect(capped.count == 1)
        #expect(capped.first?["reason_en"]?.contains("block 53: cap of 2 candidates reached, 4 more") == true)
        // Bretagne's first two candidates (rows 3 and 4 with the rows before them), Normandie's one.
        let candidates = log.filter { $0["action"] == "candidate" }.map { [$0["row"]!, $0["other_row"]!] }
        #expect(candidates == [["3", "2"], ["4", "2"], ["7", "6"]])
        #expect(result.datasets.first?.candidates == 3)
    }

    @Test func supersededRowsStepAsideForTheirReplacement() throws {
        let workspace = try PipelineWorkspace()
        // v1 is replaced by v2; a third submission equal to v1 replaces v2 in turn (it is newer).
        try workspace.csv("1.csv", [["G1", "Scierie", "Bretagne", "Bois SA", "100"]])
        try workspace.csv("2.csv", [["G1", "Scierie", "Bretagne", "Bois SA", "200"]])
        try workspace.csv("3.csv", [["G1", "Scierie", "Bretagne", "Bois SA", "100"]])
        let result = try workspace.run([("1.csv", "2024-01-01"), ("2.csv", "2024-02-01"), ("3.csv", "2024-03-01")])
        #expect(result.totals.superseded == 2)
        #expect(result.totals.duplicatesMerged == 0)
        let data = try workspace.table("essai.csv").records
        #expect(data.count == 1 && data.first?["source_file"]?.hasSuffix("3.csv") == true)
        try workspace.expectReconciled()
    }
}
