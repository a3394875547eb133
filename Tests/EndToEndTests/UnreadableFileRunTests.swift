import Foundation
import SheetTestSupport
import Testing

/// A file is read whole or contributes nothing: one that turns out unreadable part-way adds no
/// row to the dataset and supersedes nothing, and the rows read before the failure are rejected
/// with the reason — the counts still add up. And a cell too long for Excel is an error of its
/// row, not of the file.
@Suite(.serialized) struct UnreadableFileRunTests {
    /// The header and first two rows of a sample (`;`, UTF-8 with a BOM, CRLF).
    static func sampleLines() throws -> [String] {
        let text = try String(
            contentsOf: Binary.packageRoot.appendingPathComponent("samples/fiches-corse.csv"), encoding: .utf8)
        return Array(text.components(separatedBy: "\r\n").prefix(3))
    }

    struct Outputs {
        var run: BinaryRun
        var dataset: [String]
        var rejected: [String]
        var mergeLog: [String]
        var files: [String: [String: Any]]
        var totals: [String: Any]
    }

    /// `run --input good --input other --schema project-sheet`, the good file submitted first.
    func run(good: String, other: String, in folder: URL) throws -> Outputs {
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_704_067_200)], ofItemAtPath: good)  // 2024-01-01
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_717_200_000)], ofItemAtPath: other)  // 2024-06-01
        let out = folder.appendingPathComponent("out")
        let run = try Binary.run([
            "run", "--input", good, "--input", other, "--schema", "project-sheet", "--out", out.path, "--quiet",
        ])
        func lines(_ name: String) throws -> [String] {
            try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8).components(separatedBy: "\r\n")
                .filter { !$0.isEmpty }.dropFirst().map { $0 }
        }
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("manifest.json")))
                as? [String: Any])
        var files: [String: [String: Any]] = [:]
        for file in manifest["files"] as? [[String: Any]] ?? [] {
            files[URL(fileURLWithPath: file["path"] as? String ?? "").lastPathComponent] = file
        }
        return Outputs(
            run: run, dataset: try lines("project-sheet.csv"), rejected: try lines("rejected/project-sheet.csv"),
            mergeLog: try lines("merge-log.csv"), files: files, totals: manifest["totals"] as? [String: Any] ?? [:])
    }

    func expectCountsAddUp(_ outputs: Outputs, sourceLocation: SourceLocation = #_sourceLocation) {
        for count in Array(outputs.files.values) + [outputs.totals] {
            let value = { (key: String) in count[key] as? Int ?? -1 }
            #expect(
                value("rows_in") == value("rows_out") + value("rows_rejected") + value("duplicates_merged")
                    + value("superseded"), "\(count)", sourceLocation: sourceLocation)
        }
    }

    @Test func aCsvUnreadablePartWaySupersedesNothingAndItsRowsAreRejected() throws {
        let folder = try TestFiles.folder("unreadable-csv")
        let lines = try Self.sampleLines()
        let good = folder.appendingPathComponent("good.csv").path
        let broken = folder.appendingPathComponent("broken-newer.csv").path
        try Data((lines.joined(separator: "\r\n") + "\r\n").utf8).write(to: URL(fileURLWithPath: good))
        // The same key as the good file's first row with other values, then a quote never closed.
        let newer = lines[1].replacingOccurrences(of: "Scierie", with: "Nouvelle scierie")
        try Data((lines[0] + "\r\n" + newer + "\r\nCOR-2024-009;2024;\"Corse\r\n").utf8).write(
            to: URL(fileURLWithPath: broken))
        let outputs = try run(good: good, other: broken, in: folder)
        #expect(outputs.run.status == 3, "an input could not be read: \(outputs.run.stderr)")
        #expect(outputs.dataset.count == 2)
        #expect(outputs.dataset.allSatisfy { $0.contains("/good.csv,") }, "\(outputs.dataset)")
        #expect(outputs.dataset.first?.contains("Scierie à haut rendement") == true, "the older row stays")
        #expect(outputs.mergeLog.isEmpty, "the broken file supersedes nothing: \(outputs.mergeLog)")
        #expect(outputs.rejected.count == 1)
        let rejected = try #require(outputs.rejected.first)
        #expect(rejected.contains("Nouvelle scierie") && rejected.contains("/broken-newer.csv,"))
        #expect(rejected.contains("file unreadable (line 3): a quoted field opened on line 3 is never closed"))
        #expect(rejected.contains("fichier illisible (ligne 3)"))
        let file = try #require(outputs.files["broken-newer.csv"])
        #expect(file["status"] as? String == "unreadable")
        #expect(file["rows_in"] as? Int == 1 && file["rows_rejected"] as? Int == 1)
        #expect(file["rows_out"] as? Int == 0 && file["superseded"] as? Int == 0)
        #expect(outputs.files["good.csv"]?["rows_out"] as? Int == 2)
        #expect(outputs.files["good.csv"]?["superseded"] as? Int == 0)
        expectCountsAddUp(outputs)
    }

    @Test func anXlsxWhoseRowsGoBackwardsPartWayContributesNothing() throws {
        let folder = try TestFiles.folder("unreadable-xlsx")
        let lines = try Self.sampleLines()
        let good = folder.appendingPathComponent("good.csv").path
        try Data((lines.joined(separator: "\r\n") + "\r\n").utf8).write(to: URL(fileURLWithPath: good))
        // Header, the good file's two keys with other values (rows 2 and 4), then row 3: backwards.
        func row(_ number: Int, _ line: String) -> String {
            let values = line.replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: ";")
            var xml = "<row r=\"\(number)\">"
            for (column, value) in values.enumerated() where !value.isEmpty {
                let reference = "\(Character(UnicodeScalar(UInt8(65 + column))))\(number)"
                xml += "<c r=\"\(reference)\" t=\"inlineStr\"><is><t>\(value)</t></is></c>"
            }
            return xml + "</row>"
        }
        let first = lines[1].replacingOccurrences(of: "Scierie", with: "Nouvelle scierie")
        let second = lines[2].replacingOccurrences(of: "Décarbonation", with: "Nouvelle décarbonation")
        let sheet =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
            + row(1, lines[0]) + row(2, first) + row(4, second) + row(3, second) + "</sheetData></worksheet>"
        let broken = folder.appendingPathComponent("broken-newer.xlsx").path
        try TestWorkbook.write(sheetXML: sheet, to: broken)
        let outputs = try run(good: good, other: broken, in: folder)
        #expect(outputs.run.status == 3, "\(outputs.run.stderr)")
        #expect(outputs.dataset.count == 2)
        #expect(outputs.dataset.allSatisfy { $0.contains("/good.csv,") }, "\(outputs.dataset)")
        #expect(outputs.mergeLog.isEmpty, "\(outputs.mergeLog)")
        #expect(outputs.rejected.count == 2)
        for rejected in outputs.rejected {
            #expect(rejected.contains("file unreadable (xl/worksheets/sheet1.xml"), "\(rejected)")
            #expect(rejected.contains("row 3 appears after row 4"))
            #expect(rejected.contains("fichier illisible (xl/worksheets/sheet1.xml"))
        }
        let file = try #require(outputs.files["broken-newer.xlsx"])
        #expect(file["status"] as? String == "unreadable")
        #expect(file["rows_in"] as? Int == 2 && file["rows_rejected"] as? Int == 2 && file["rows_out"] as? Int == 0)
        #expect(outputs.totals["superseded"] as? Int == 0 && outputs.totals["duplicates_merged"] as? Int == 0)
        expectCountsAddUp(outputs)
    }

    @Test func aHugeCsvCellRejectsItsRowAndTheRunCompletes() throws {
        let folder = try TestFiles.folder("huge-cell")
        let lines = try Self.sampleLines()
        let good = folder.appendingPathComponent("good.csv").path
        try Data((lines.joined(separator: "\r\n") + "\r\n").utf8).write(to: URL(fileURLWithPath: good))
        // Another region's file whose second row has a 50 MB title (column F).
        let other = folder.appendingPathComponent("huge.csv").path
        #expect(FileManager.default.createFile(atPath: other, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: other))
        var first = lines[1].components(separatedBy: ";")
        first[0] = "COR-2024-101"
        var second = lines[2].components(separatedBy: ";")
        second[0] = "COR-2024-102"
        let (before, after) = (second[..<5].joined(separator: ";"), second[6...].joined(separator: ";"))
        try handle.write(
            contentsOf: Data((lines[0] + "\r\n" + first.joined(separator: ";") + "\r\n" + before + ";").utf8))
        let block = Data(String(repeating: "x", count: 1 << 20).utf8)
        for _ in 0..<50 { try handle.write(contentsOf: block) }
        try handle.write(contentsOf: Data((";" + after + "\r\n").utf8))
        try handle.close()
        let outputs = try run(good: good, other: other, in: folder)
        #expect(outputs.run.status == 1, "rows rejected, every file read: \(outputs.run.stderr)")
        #expect(outputs.dataset.count == 3, "the other rows are kept")
        #expect(outputs.rejected.count == 1)
        let rejected = try #require(outputs.rejected.first)
        #expect(rejected.count < 10_000, "the value is cut in the outputs")
        #expect(
            rejected.contains("F3 intitule: the cell holds 52,428,800 characters; Excel allows 32,767"),
            "\(rejected.prefix(2000))")
        #expect(rejected.contains("… (52,428,800 characters)"))
        #expect(outputs.files["huge.csv"]?["status"] as? String == "partial")
        expectCountsAddUp(outputs)
    }
}
