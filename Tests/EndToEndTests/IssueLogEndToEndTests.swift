import Foundation
import SheetTestSupport
import Testing

/// A run with some 20,000 issues (more than the few megabytes kept in memory): every
/// entry reaches the JSON, JSONL and CSV logs (same entries, same counts), reading notes are one
/// entry per field with their count and first cells, and the HTML page stays small: counts, the
/// first examples, the total and a link to the complete log.
@Suite(.serialized) struct IssueLogEndToEndTests {
    static let rows = 6_000

    /// A project-sheet CSV whose every row has three errors (an unknown axis, a cost that is not
    /// a number, a day 32) and a public amount with a dot as decimal point (a reading note).
    static func erroneousSheet(in folder: URL) throws -> URL {
        var text = "Identifiant fiche;Campagne;Région;Département(s);Territoire d'industrie;Intitulé du projet;Axe;"
        text += "Porteur;Type de porteur;SIRET du porteur;Coût total HT;Aides publiques;État d'avancement;"
        text += "Date de début;Date de fin;Code postal\n"
        for row in 0..<rows {
            text += "COR-2024-\(String(format: "%05d", row));2024;Collectivité de Corse;2A;Ajaccio;Projet \(row);"
            text += "axe_inconnu;Société A;entreprise;73282932000074;environ \(row);\(row).25;idee;"
            text += "32/13/2023;06/11/2024;20000\n"
        }
        let file = folder.appendingPathComponent("fiches-erreurs.csv")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func everyEntryReachesEveryLogAndTheHTMLStaysSmall() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("issue-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sheet = try Self.erroneousSheet(in: folder)
        let out = folder.appendingPathComponent("out")
        let run = try Binary.run([
            "run", "--input", sheet.path, "--schema", "project-sheet", "--out", out.path, "--quiet",
        ])
        #expect(run.status == 1, "\(run.stderr)")
        func text(_ name: String) throws -> String {
            try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
        }
        // JSON Lines, the JSON document and CSV hold the same entries.
        let lines = try text("validation-report.jsonl").split(separator: "\n")
        let entries = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(text("validation-report.json").utf8)) as? [String: Any])
        let documentEntries = try #require(report["issues"] as? [[String: Any]])
        let csv = CsvTable(text: try text("validation-report.csv"))
        #expect(entries.count > 3 * Self.rows)
        #expect(documentEntries.count == entries.count)
        #expect(csv.records.count == entries.count)
        #expect(entries.map { $0["cell"] as? String } == documentEntries.map { $0["cell"] as? String })
        #expect(entries.map { $0["code"] as? String ?? "" } == csv.records.map { $0["code"] ?? "" })
        // Their cells add up to the summary's counts.
        let summary = try #require(report["summary"] as? [String: Any])
        let occurrences = entries.reduce(0) { $0 + ($1["count"] as? Int ?? 1) }
        let counted = ["errors", "warnings", "infos"].reduce(0) { $0 + (summary[$1] as? Int ?? -1) }
        #expect(occurrences == counted)
        #expect(csv.records.reduce(0) { $0 + (Int($1["count"] ?? "") ?? -1) } == counted)
        for code in ["type-error", "constraint-error"] {
            #expect(entries.filter { $0["code"] as? String == code }.count >= Self.rows, "\(code)")
        }
        // The dot decimals: one entry for the column, every cell counted, the first 20 shown.
        let notes = entries.filter { $0["code"] as? String == "value-note" }
        #expect(notes.count == 1)
        let note = try #require(notes.first)
        #expect(note["field"] as? String == "montant_public")
        #expect(note["count"] as? Int == Self.rows)
        let examples = try #require(note["examples"] as? [[String: Any]])
        #expect(examples.map { $0["cell"] as? String } == (2..<22).map { "L\($0)" })
        #expect(csv.records.last { $0["code"] == "value-note" }?["examples"]?.hasPrefix("L2: 0.25 | L3: 1.25") == true)
        // The page: counts, the first 20 examples of each, the total and the link; not every issue.
        let html = try text("validation-report.html")
        #expect(html.utf8.count < 200_000)
        #expect(html.contains("<td class=\"count\">\(Self.rows)</td>"))
        #expect(html.contains("\(entries.count) entrée(s) au total"))
        #expect(html.contains("<a href=\"validation-report.jsonl\">"))
        #expect(html.contains("… et \(Self.rows - 20) autre(s)"))
        let listed = html.components(separatedBy: "<ul class=\"examples\">").dropFirst().map {
            $0.components(separatedBy: "</ul>")[0].components(separatedBy: "<li>").count - 1
        }
        #expect(!listed.isEmpty && listed.allSatisfy { $0 <= 21 }, "\(listed)")
        #expect(!html.contains("COR-2024-05999"))
    }

    /// `validate` writes its formats from the same lists: as many entries in JSONL as in CSV.
    @Test func validateWritesEveryEntryInEachFormat() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("issue-log-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sheet = try Self.erroneousSheet(in: folder)
        let jsonl = try Binary.run(["validate", sheet.path, "--schema", "project-sheet", "--format", "jsonl"])
        let csv = try Binary.run(["validate", sheet.path, "--schema", "project-sheet", "--format", "csv"])
        let text = try Binary.run(["validate", sheet.path, "--schema", "project-sheet", "--format", "text"])
        let entries = jsonl.stdout.split(separator: "\n").count
        // A temporary folder that cannot take the issues: they stay in memory, none is lost.
        let inMemory = try Binary.run(
            ["validate", sheet.path, "--schema", "project-sheet", "--format", "jsonl"],
            environment: ["TMPDIR": folder.appendingPathComponent("missing").path])
        #expect(inMemory.stdout == jsonl.stdout)
        #expect(entries > 3 * Self.rows)
        #expect(CsvTable(text: csv.stdout).records.count == entries)
        let listed = text.stdout.components(separatedBy: "Toutes les anomalies\n")[1].split(separator: "\n").count
        #expect(listed == entries)
        #expect(
            text.stdout.contains(
                "montant_public value-note « 0.25 » — point lu comme virgule décimale (× \(Self.rows) cellules)"
            ))
    }
}
