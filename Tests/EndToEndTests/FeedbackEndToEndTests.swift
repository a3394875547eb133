import Foundation
import SheetReading
import SheetTestSupport
import Testing

/// Runs the committed openpyxl reader of feedback workbooks (Scripts/check_feedback.py).
enum FeedbackChecker {
    static let script = Binary.packageRoot.appendingPathComponent("Tests/EndToEndTests/Scripts/check_feedback.py").path

    static func json(_ command: String, _ workbook: String) throws -> [String: Any] {
        let run = try TemplateChecker.python([script, command, workbook])
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }
}

/// `validate --feedback` and `run` with `outputs.feedback`, read back: the workbook marks exactly
/// the cells the validation log names, keeps every value at its address, and says each row's fate.
@Suite struct FeedbackEndToEndTests {
    /// Workbooks and CSV files of the samples with errors and warnings of several kinds.
    static let submissions = [
        "samples/fiches-occitanie.xlsx", "samples/fiches-bretagne.xlsx", "samples/fiches-hauts-de-france.csv",
        "samples/contributions-pole-vegetal.csv", "samples/contributions-cosmetic-valley.xlsx",
    ]

    /// The log's entries of one file, as JSON objects.
    static func entries(_ log: [String: Any], file: String) -> [[String: Any]] {
        (log["issues"] as? [[String: Any]] ?? []).filter { $0["file"] as? String == file }
    }

    /// Cell → the most serious severity the log names for it (plain entries with a cell, and the
    /// example cells of aggregated notes), errors and warnings only.
    static func expectedMarks(_ entries: [[String: Any]]) -> [String: String] {
        var marks: [String: String] = [:]
        for entry in entries {
            guard let severity = entry["severity"] as? String, severity != "info" else { continue }
            let examples = entry["examples"] as? [[String: Any]] ?? []
            let cells =
                examples.isEmpty
                ? [entry["cell"] as? String].compactMap { $0 } : examples.compactMap { $0["cell"] as? String }
            for cell in cells where marks[cell] != "error" { marks[cell] = severity }
        }
        return marks
    }

    static func index(_ folder: URL) throws -> [[String: String]] {
        let table = try CsvTable(contentsOf: folder.appendingPathComponent("index.csv"))
        return table.records
    }

    @Test(.enabled(if: TemplateChecker.available))
    func aFeedbackWorkbookMarksExactlyTheCellsOfTheLog() throws {
        let directory = try TestFiles.folder("sheetpipe-feedback")
        let feedback = directory.appendingPathComponent("retours")
        let logPath = directory.appendingPathComponent("log.json").path
        let run = try Binary.run(
            ["validate"] + Self.submissions + ["--feedback", feedback.path, "--format", "json", "-o", logPath])
        #expect(run.status == 1, "\(run.stderr)")
        let log = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: logPath))) as? [String: Any])
        let files = try #require(log["files"] as? [[String: Any]])
        let index = try Self.index(feedback)
        #expect(index.map { $0["file"] } == Self.submissions)
        for (file, line) in zip(files, index) {
            let path = try #require(file["path"] as? String)
            let entries = Self.entries(log, file: path)
            let expected = Self.expectedMarks(entries)
            let name = try #require(line["feedback"])
            guard !name.isEmpty else {
                #expect(expected.isEmpty, "\(path) has marks but no workbook")
                continue
            }
            let found = try FeedbackChecker.json("dump", feedback.appendingPathComponent(name).path)
            let marks = try #require(found["marks"] as? [String: [String: Any]])
            #expect(marks.mapValues { $0["severity"] as? String } == expected, "\(path)")
            // Each cell's comment gives every message the log has for it, in French.
            for entry in entries {
                guard let cell = entry["cell"] as? String, entry["severity"] as? String != "info",
                    let message = (entry["message"] as? [String: String])?["fr"]
                else { continue }
                let comment = marks[cell]?["comment"] as? String ?? ""
                #expect(comment.contains(message), "\(path) \(cell): «\(comment)» lacks «\(message)»")
            }
            // Rejected rows are the log's invalid rows.
            let status = try #require(found["status"] as? [String: String])
            let rejected = status.values.filter { $0.hasPrefix("REJETÉE") }.count
            #expect(rejected == file["rows_invalid"] as? Int, "\(path)")
            // Every entry of the log is listed, with a link to its cell or row.
            let anomalies = try #require(found["anomalies"] as? [[String: Any]])
            #expect(anomalies.count == entries.count, "\(path)")
            #expect(anomalies.map { $0["code"] as? String } == entries.map { $0["code"] as? String })
            let sheet = try #require(found["data_sheet"] as? String)
            let quoted = "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'"
            for (anomaly, entry) in zip(anomalies, entries) {
                let target = (entry["cell"] as? String) ?? (entry["row"] as? Int).map { "A\($0)" }
                #expect(anomaly["link"] as? String == target.map { "\(quoted)!\($0)" }, "\(path): \(entry)")
            }
            #expect(found["sheets"] as? [String] == ["Anomalies", sheet])
            #expect(found["active"] as? String == "Anomalies")
            #expect((found["properties"] as? [String: String])?["sheetpipe_schema"] == file["schema"] as? String)
            try expectSameValues(
                source: path, sheet: file["sheet"] as? String, feedback: feedback.appendingPathComponent(name).path)
        }
    }

    @Test func aFeedbackWorkbookValidatedAgainFindsTheSameIssuesAtTheSameCells() throws {
        // As a submitter who sends the workbook back unchanged: the same errors and warnings at
        // the same cells and rows, and the status column recognised (a note, not a warning).
        let directory = try TestFiles.folder("sheetpipe-feedback-again")
        let feedback = directory.appendingPathComponent("fb")
        let workbooks = Self.submissions.filter { $0.hasSuffix(".xlsx") }
        let first = try Binary.run(["validate"] + workbooks + ["--feedback", feedback.path, "--format", "jsonl"])
        let names = try Self.index(feedback).compactMap { $0["feedback"] }.filter { !$0.isEmpty }
        #expect(names.count == workbooks.count)
        let again = try Binary.run(
            ["validate"] + names.map { feedback.appendingPathComponent($0).path } + ["--format", "jsonl"])
        /// File (without folder or extension) → (cell or row, code) of each error and warning.
        func issues(_ jsonl: String) throws -> [String: Set<String>] {
            var found: [String: Set<String>] = [:]
            for line in jsonl.split(separator: "\n") {
                let entry = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                guard entry["severity"] as? String != "info" else { continue }
                let file = URL(fileURLWithPath: entry["file"] as? String ?? "").deletingPathExtension()
                    .lastPathComponent
                let examples = (entry["examples"] as? [[String: Any]] ?? []).compactMap { $0["cell"] as? String }
                let places = examples.isEmpty ? ["\(entry["cell"] ?? entry["row"] ?? "-")"] : examples
                for place in places { found[file, default: []].insert("\(place) \(entry["code"] ?? "")") }
            }
            return found
        }
        let before = try issues(first.stdout)
        #expect(before.count == workbooks.count)
        // A formula without a cached value is given back as its text (never as a formula that
        // would run): read again, it is text in a number column (Occitanie's K22 total).
        let expected = before.mapValues { places in
            Set(places.map { $0.replacingOccurrences(of: " formula-without-value", with: " type-error") })
        }
        #expect(expected != before)
        #expect(try issues(again.stdout) == expected)
        #expect(again.stdout.contains("status column of a sheetpipe feedback workbook: ignored"))
    }

    /// Every cell of the submitter's sheet is in the feedback workbook at the same address with
    /// the same value (read by sheetpipe's own reader on both sides).
    func expectSameValues(source: String, sheet: String?, feedback: String) throws {
        func cells(_ path: String, choose: (SpreadsheetFile) throws -> SheetInfo) throws -> [String: CellValue] {
            let file = try SpreadsheetFile.open(
                path.hasPrefix("/") ? path : Binary.packageRoot.appendingPathComponent(path).path)
            let box = CellBox()
            try file.readRows(of: try choose(file)) { row in
                for cell in row.cells {
                    box.values[CellReference.name(row: row.number, column: Int(cell.column))] = row.value(of: cell)
                }
            }
            return box.values
        }
        let original = try cells(source) { try $0.chooseSheet(named: sheet).sheet }
        // The feedback workbook's second sheet (the first is Anomalies).
        let copied = try cells(feedback) { $0.sheets[1] }
        #expect(!original.isEmpty)
        for (address, value) in original {
            guard let copy = copied[address] else {
                Issue.record("\(source) \(address): \(value) missing from the feedback workbook")
                continue
            }
            switch (value, copy) {
            case (.formulaWithoutValue(let formula), .text(let text)):
                #expect(text == "=" + formula || text == formula, "\(source) \(address)")
            case (.text(let sent), .text(let text)) where source.hasSuffix(".csv"):
                // A workbook's control characters are read as U+FFFD (sheetpipe's XLSX reading
                // rule); a CSV's are kept: the same text otherwise.
                let expected = String(
                    String.UnicodeScalarView(
                        sent.unicodeScalars.map {
                            $0.value < 0x20 && !"\t\n\r".unicodeScalars.contains($0) ? "\u{FFFD}" : $0
                        }))
                #expect(text == expected, "\(source) \(address)")
            default:
                #expect(copy == value, "\(source) \(address): \(copy) instead of \(value)")
            }
        }
    }

    /// `validate FILE --feedback DIR` with a two-field schema (`n`, a required integer, and
    /// `texte`) written beside the input.
    static func validateWithMiniSchema(_ input: URL, feedback: URL, _ more: [String] = []) throws -> BinaryRun {
        let schema = input.deletingLastPathComponent().appendingPathComponent("mini.json")
        try Data(
            #"{"name": "mini", "fields": [{"name": "n", "type": "integer", "constraints": {"required": true}}, {"name": "texte", "type": "string"}]}"#
                .utf8
        ).write(to: schema)
        return try Binary.run(
            [
                "validate", input.path, "--schema", schema.path, "--pipelines",
                Binary.packageRoot.appendingPathComponent("pipelines").path, "--feedback", feedback.path,
            ] + more)
    }

    @Test(.enabled(if: TemplateChecker.available))
    func excelsLimitsOnLinksAndCommentsAreKeptAndSaid() throws {
        // 70,000 rows with an error each: more entries than Excel's 65,530 links (the entry of the
        // sheet chosen has no cell: 70,000 - 65,530 = 4,470 listed without one).
        let directory = try TestFiles.folder("sheetpipe-feedback-limits")
        var csv = "n,texte\n"
        for row in 0..<70_000 { csv += "x\(row),ok\n" }
        let input = directory.appendingPathComponent("many.csv")
        try Data(csv.utf8).write(to: input)
        let feedback = directory.appendingPathComponent("fb")
        let run = try Self.validateWithMiniSchema(
            input, feedback: feedback,
            ["--feedback-comments", "100", "--format", "json", "-o", directory.appendingPathComponent("log.json").path])
        #expect(run.status == 1, "\(run.stderr)")
        let workbook = feedback.appendingPathComponent("many.xlsx").path
        let counts = try FeedbackChecker.json("counts", workbook)
        #expect(counts["links"] as? [Int] == [65_530, 0])
        #expect(counts["comments"] as? [Int] == [100])
        // The limits are said above the list, which still has every entry.
        let file = try SpreadsheetFile.open(workbook)
        let box = CellBox()
        try file.readRows(of: file.sheets[0]) { row in
            if let cell = row.cells.first, row.number <= 5 { box.notes.append(row.text(of: cell)) }
            if row.number > 6 { box.count += 1 }
        }
        #expect(box.notes.contains { $0.contains("Liens limités à 65530") && $0.contains("4470 entrée(s)") })
        #expect(box.notes.contains { $0.contains("69900 autre(s)") })
        #expect(box.count == 70_001)
        let index = try Self.index(feedback)
        #expect(index.first?["comments_left_out"] == "69900")
        #expect(index.first?["links_left_out"] == "4470")
        #expect(index.first?["error_cells"] == "70000")
    }

    @Test(.enabled(if: TemplateChecker.available))
    func aRunsFeedbackSaysWhichRowsWereMergedOrSupersededAndIsTheSameTwice() throws {
        let directory = try TestFiles.folder("sheetpipe-feedback-run")
        let definition = try String(
            contentsOf: Binary.packageRoot.appendingPathComponent("pipelines/national-report.yml"), encoding: .utf8)
        let out = directory.appendingPathComponent("out")
        let samples = Binary.packageRoot.appendingPathComponent("samples").path
        let pipelines = Binary.packageRoot.appendingPathComponent("pipelines").path
        let ours =
            definition
            .replacingOccurrences(of: "../samples/", with: samples + "/")
            .replacingOccurrences(of: "directory: ../out/national-report", with: "directory: \(out.path)")
            .replacingOccurrences(
                of: "  report: [json, jsonl, csv, html]", with: "  report: [json, jsonl, csv, html]\n  feedback: true")
        #expect(ours.contains("feedback: true"))
        let path = directory.appendingPathComponent("national-report.yml")
        try Data(ours.utf8).write(to: path)
        let first = try Binary.run(["run", path.path, "--pipelines", pipelines, "--quiet"])
        #expect(first.status == 1, "\(first.stderr)")
        let feedback = out.appendingPathComponent("feedback")
        let index = try Self.index(feedback)
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json")))
                as? [String: Any])
        let outputs = manifest["outputs"] as? [Any] ?? []
        #expect(outputs.contains { "\($0)".contains("feedback/index.csv") })
        // Every submission is in the index, the Bretagne ones with their submitter.
        let submitted = (manifest["files"] as? [[String: Any]])?.count
        #expect(index.count == submitted)
        #expect(index.contains { $0["submitter"] == "Région Bretagne" && $0["rows_superseded"] == "4" })
        // The merged and superseded rows of the merge log are marked in the status column.
        let mergeLog = try CsvTable(contentsOf: out.appendingPathComponent("merge-log.csv")).records
        let bretagne = try FeedbackChecker.json("dump", feedback.appendingPathComponent("fiches-bretagne.xlsx").path)
        let status = try #require(bretagne["status"] as? [String: String])
        let superseded = Set(status.filter { $0.value.contains("remplacée par une soumission plus récente") }.keys)
        let logged = Set(
            mergeLog.filter { $0["action"] == "superseded" && $0["file"]?.hasSuffix("/fiches-bretagne.xlsx") == true }
                .compactMap { $0["row"] })
        #expect(superseded == logged)
        #expect(superseded.count == 4)
        let merged = index.filter { $0["rows_merged"] != "0" && $0["feedback"] != "" }
        for line in merged {
            let dump = try FeedbackChecker.json("dump", feedback.appendingPathComponent(line["feedback"]!).path)
            let marked = (dump["status"] as? [String: String] ?? [:]).values.filter { $0.contains("fusionnée") }
            #expect(String(marked.count) == line["rows_merged"], "\(line)")
        }
        // The validation page links to each workbook, relative to it.
        let html = try String(contentsOf: out.appendingPathComponent("validation-report.html"), encoding: .utf8)
        for name in index.compactMap({ $0["feedback"] }).filter({ !$0.isEmpty }) {
            #expect(html.contains("<a href=\"feedback/\(name)\">Classeur de retour (XLSX)</a>"), "\(name)")
        }
        // Two runs, the same bytes.
        let before = try index.compactMap { $0["feedback"] }.filter { !$0.isEmpty }.map {
            try Data(contentsOf: feedback.appendingPathComponent($0))
        }
        Thread.sleep(forTimeInterval: 1.1)
        let second = try Binary.run(["run", path.path, "--pipelines", pipelines, "--quiet", "--jobs", "1"])
        #expect(second.status == 1)
        let after = try index.compactMap { $0["feedback"] }.filter { !$0.isEmpty }.map {
            try Data(contentsOf: feedback.appendingPathComponent($0))
        }
        #expect(before == after)
        #expect(!before.isEmpty)
    }

    @Test(.enabled(if: TemplateChecker.available))
    func hostileValuesAndNamesGiveAReadableWorkbookWithoutFormulas() throws {
        // Control characters (invalid in XML), markup, and text that would run as a formula, in
        // the values, the header and the file's name (which names a CSV's sheet).
        let directory = try TestFiles.folder("sheetpipe-feedback-hostile")
        let input = directory.appendingPathComponent("a\u{1}b[1]'<&>.csv")
        try Data(
            "n,texte\nx\u{1}y</t>&<,=HYPERLINK(\"http://x\";\"clic\")\n\"]]>\u{7}\",@SUM(A1)\n=1+1,ok\n".utf8
        ).write(to: input)
        let feedback = directory.appendingPathComponent("fb")
        let run = try Self.validateWithMiniSchema(input, feedback: feedback)
        #expect(run.status == 1, "\(run.stderr)")
        let name = try #require(try Self.index(feedback).first?["feedback"])
        let found = try FeedbackChecker.json("dump", feedback.appendingPathComponent(name).path)
        #expect(found["data_sheet"] as? String == "a_b_1_'<&>.csv")
        #expect(found["formulas"] as? Int == 0)
        let marks = try #require(found["marks"] as? [String: [String: Any]])
        #expect(Set(marks.keys) == ["A2", "A3", "A4"])
        #expect((marks["A2"]?["comment"] as? String)?.contains("x\u{FFFD}y</t>&<") == true)
        // The values as sent, control characters included, in the cells (Excel's _x0001_ escape).
        try expectSameValues(source: input.path, sheet: nil, feedback: feedback.appendingPathComponent(name).path)
    }

    @Test(.enabled(if: TemplateChecker.available), arguments: ["fr", "en"])
    func anUnmatchedHeaderCellSaysWhichFieldItMostLikelyIs(_ language: String) throws {
        // `Porteur du projet` and `Type porteur` are read as their fields; `Coût total TTC` is not
        // the HT cost the schema asks for, so it stays unmatched: its header cell, in the
        // submitter's sheet, says which field it most likely is (in the log's language).
        let directory = try TestFiles.folder("sheetpipe-feedback-header-\(language)")
        let input = directory.appendingPathComponent("fiches.csv")
        try Data(
            """
            Numéro de fiche;Campagne;Région;Départements;TI;Intitulé;Axe;Porteur du projet;Type porteur;Coût total TTC;Statut
            A-1;2024;Bretagne;29;Brest;Usine;innovation;Société X;commune;1 200;idée

            """.utf8
        ).write(to: input)
        let feedback = directory.appendingPathComponent("fb")
        let run = try Binary.run([
            "validate", input.path, "--schema", "project-sheet", "--feedback", feedback.path, "--lang", language,
        ])
        #expect(run.status == 1, "\(run.stderr)")
        let found = try FeedbackChecker.json("dump", feedback.appendingPathComponent("fiches.xlsx").path)
        let marks = try #require(found["marks"] as? [String: [String: Any]])
        #expect(Set(marks.keys) == ["J1"], "only the header no field answers to is marked: \(marks)")
        let comment = try #require(marks["J1"]?["comment"] as? String)
        let suggestion =
            language == "fr"
            ? "colonne inconnue du schéma (conservée) ; vouliez-vous dire « Coût total HT » (cout_total_ht) ?"
            : "column unknown to the schema (kept); did you mean 'Coût total HT' (cout_total_ht)?"
        #expect(comment.contains(suggestion), "\(comment)")
    }

    @Test func aFolderWithFilesSheetpipeDidNotWriteIsRefusedAndItsOwnIsRenewed() throws {
        let directory = try TestFiles.folder("sheetpipe-feedback-folder")
        let input = Binary.packageRoot.appendingPathComponent("samples/fiches-corse.csv").path
        // Someone's folder: refused before anything is read, nothing touched.
        let theirs = directory.appendingPathComponent("theirs")
        try FileManager.default.createDirectory(at: theirs, withIntermediateDirectories: true)
        try Data("precious,data\n".utf8).write(to: theirs.appendingPathComponent("index.csv"))
        try Data("my workbook".utf8).write(to: theirs.appendingPathComponent("fiches-corse.xlsx"))
        let refused = try Binary.run(["validate", input, "--feedback", theirs.path])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("holds files sheetpipe did not write"), "\(refused.stderr)")
        #expect(
            try String(contentsOf: theirs.appendingPathComponent("index.csv"), encoding: .utf8) == "precious,data\n")
        #expect(try Data(contentsOf: theirs.appendingPathComponent("fiches-corse.xlsx")) == Data("my workbook".utf8))
        // A feedback folder of ours: written again, its previous workbooks replaced, none stale.
        let ours = directory.appendingPathComponent("ours")
        let occitanie = Binary.packageRoot.appendingPathComponent("samples/fiches-occitanie.xlsx").path
        #expect(try Binary.run(["validate", input, occitanie, "--feedback", ours.path]).status == 1)
        #expect(FileManager.default.fileExists(atPath: ours.appendingPathComponent("fiches-occitanie.xlsx").path))
        #expect(try Binary.run(["validate", input, "--feedback", ours.path]).status == 1)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: ours.path).sorted() == [
                "fiches-corse.xlsx", "index.csv",
            ])
        // A file of someone else's dropped in it: refused again.
        try Data("notes".utf8).write(to: ours.appendingPathComponent("notes.txt"))
        let again = try Binary.run(["validate", input, "--feedback", ours.path])
        #expect(again.status == 2)
        #expect(again.stderr.contains("notes.txt: not written by sheetpipe's feedback"), "\(again.stderr)")
    }

    @Test(.enabled(if: TemplateChecker.available))
    func aSheetUsingExcelsLastColumnKeepsItAndSaysThereIsNoStatusColumn() throws {
        let directory = try TestFiles.folder("sheetpipe-feedback-wide")
        // 16,384 columns: n, texte, then headed columns up to XFD; a wrong n on row 2.
        let header = ["n", "texte"] + (2..<16_384).map { "c\($0)" }
        let values = ["x", "ok"] + (2..<16_384).map { "v\($0)" }
        let input = directory.appendingPathComponent("wide.csv")
        try Data((header.joined(separator: ",") + "\n" + values.joined(separator: ",") + "\n").utf8).write(to: input)
        let feedback = directory.appendingPathComponent("fb")
        let run = try Self.validateWithMiniSchema(input, feedback: feedback)
        #expect(run.status == 1, "\(run.stderr)")
        let workbook = feedback.appendingPathComponent("wide.xlsx").path
        let file = try SpreadsheetFile.open(workbook)
        let box = CellBox()
        try file.readRows(of: file.sheets[1]) { row in
            if let last = row.cells.last { box.notes.append("\(row.number) \(last.column) \(row.text(of: last))") }
        }
        #expect(box.notes == ["1 16383 c16383", "2 16383 v16383"])
        try file.readRows(of: file.sheets[0]) { row in
            if row.number <= 5, let cell = row.cells.first { box.notes.append(row.text(of: cell)) }
        }
        #expect(box.notes.contains { $0.contains("Pas de colonne de statut") })
    }

    @Test func theFeedbackFolderCannotOverwriteAnInput() throws {
        let directory = try TestFiles.folder("sheetpipe-feedback-input")
        let input = directory.appendingPathComponent("fiches.xlsx")
        try FileManager.default.copyItem(
            at: Binary.packageRoot.appendingPathComponent("samples/fiches-occitanie.xlsx"), to: input)
        let before = try Data(contentsOf: input)
        let run = try Binary.run(["validate", input.path, "--feedback", directory.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--feedback \(directory.path)/fiches.xlsx: this is the input"), "\(run.stderr)")
        #expect(try Data(contentsOf: input) == before)
    }
}

/// Collects what a row callback sees (the callback may run on the reader's thread).
private final class CellBox: @unchecked Sendable {
    var values: [String: CellValue] = [:]
    var notes: [String] = []
    var count = 0
}
