import Foundation
import SheetTestSupport
import Testing

/// Runs the committed openpyxl checker (Scripts/check_template.py).
enum TemplateChecker {
    static let script = Binary.packageRoot.appendingPathComponent("Tests/EndToEndTests/Scripts/check_template.py").path

    /// python3 with openpyxl (installed by .ci/run); without it the round-trip tests are skipped.
    static let available: Bool = {
        guard let run = try? python(["-c", "import openpyxl"]) else { return false }
        if run.status != 0 {
            print("SKIPPED: the template round trip needs python3 with openpyxl (pip install openpyxl)")
        }
        return run.status == 0
    }()

    static func python(_ arguments: [String]) throws -> BinaryRun {
        let run = try Python.run(arguments, in: Binary.packageRoot)
        return BinaryRun(status: run.status, stdout: run.stdout, stderr: run.stderr)
    }

    static func dump(_ workbook: String) throws -> [String: Any] {
        let run = try python([script, "dump", workbook])
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    static func fill(_ template: String, rows: String, to output: String) throws {
        let rowsFile = output + ".rows.json"
        try Data(rows.utf8).write(to: URL(fileURLWithPath: rowsFile))
        let run = try python([script, "fill", template, rowsFile, output])
        #expect(run.status == 0, "\(run.stderr)")
    }
}

/// `sheetpipe template` as the national team runs it, read back by openpyxl and by `validate`.
@Suite struct TemplateEndToEndTests {
    static let year = Calendar(identifier: .gregorian).component(.year, from: Date())

    func template(_ schema: String, in directory: URL, name: String = "t.xlsx") throws -> String {
        let path = directory.appendingPathComponent(name).path
        let run = try Binary.run(["template", schema, "-o", path])
        #expect(run.status == 0, "\(run.stderr)")
        return path
    }

    /// Valid rows of each schema, by header, as a submitter would type them.
    static let validRows = [
        "project-sheet": """
        [{"Identifiant fiche": "TI-001", "Campagne": 2024, "Phase": 2, "Région": "Bretagne", "Département(s)": "29",
          "Territoire d'industrie": "Brest", "Intitulé du projet": "Usine du futur", "Axe": "innovation",
          "Porteur": "Société X", "Type de porteur": "entreprise", "SIRET du porteur": "73282932000074",
          "Code postal": "29200", "Coût total HT": 125000.5, "Aides publiques": 50000, "Financeurs": "region",
          "État d'avancement": "en_cours", "Date de début": "date:2024-03-15", "Date de fin": "date:2025-06-30",
          "Projet inspirant": "oui", "Emplois créés": 3}]
        """,
        "csr-contribution": """
        [{"Identifiant": "C-001", "Année": 2024, "Cluster / Pôle": "Aerospace Valley",
          "Type de structure": "pole_competitivite", "SIREN": "732829320", "Région": "Occitanie",
          "Département du siège": "31", "Thème RSE": "economie_circulaire", "Question centrale ISO 26000": "Q4",
          "Type d'action": "formation", "Action": "Atelier réemploi", "Indicateur": "Participants", "Valeur": 12,
          "Unité": "personnes", "Nombre de PME engagées": 5, "Budget de l'action (€)": 1500.5}]
        """,
    ]

    /// A value outside a dropdown's list (which Excel would stop, but a paste gets past).
    static let outOfList = [
        "project-sheet": ("\"en_cours\"", "\"en_suspens\"", "statut"),
        "csr-contribution": ("\"personnes\"", "\"individus\"", "unite"),
    ]

    @Test(.enabled(if: TemplateChecker.available), arguments: ["project-sheet", "csr-contribution"])
    func eachColumnsValidationEqualsTheExpectedTable(_ schema: String) throws {
        let directory = try TestFiles.folder("sheetpipe-template")
        let found = try TemplateChecker.dump(try template(schema, in: directory))
        var expectedText = try String(
            contentsOf: Binary.packageRoot.appendingPathComponent(
                "Tests/EndToEndTests/Golden/template-validations.json"),
            encoding: .utf8)
        expectedText = expectedText.replacingOccurrences(of: "{current+1}", with: String(Self.year + 1))
            .replacingOccurrences(of: "{current}", with: String(Self.year))
        let all = try #require(try JSONSerialization.jsonObject(with: Data(expectedText.utf8)) as? [String: Any])
        let expected = try #require(all[schema] as? [String: Any])
        let foundColumns = found["columns"] as? [String: Any] ?? [:]
        let expectedColumns = expected["columns"] as? [String: Any] ?? [:]
        #expect(Set(foundColumns.keys) == Set(expectedColumns.keys))
        for (header, validation) in expectedColumns {
            #expect(
                (foundColumns[header] as? NSDictionary) == (validation as? NSDictionary),
                "\(schema) · \(header): \(String(describing: foundColumns[header])) instead of \(validation)")
        }
        for key in ["sheets", "properties", "defined_names", "frozen", "autofilter"] {
            #expect(
                (found[key] as? NSObject) == (expected[key] as? NSObject),
                "\(key): \(String(describing: found[key])) instead of \(String(describing: expected[key]))")
        }
    }

    @Test(.enabled(if: TemplateChecker.available), arguments: ["project-sheet", "csr-contribution"])
    func aFilledTemplateValidatesAndAValueOutsideADropdownIsRefused(_ schema: String) throws {
        let directory = try TestFiles.folder("sheetpipe-template")
        let template = try template(schema, in: directory)
        let rows = try #require(Self.validRows[schema])
        let filled = directory.appendingPathComponent("filled.xlsx").path
        try TemplateChecker.fill(template, rows: rows, to: filled)
        let valid = try Binary.run(["validate", filled, "--format", "jsonl"])
        #expect(valid.status == 0, "\(valid.stdout)")
        #expect(!valid.stdout.contains(#""severity":"error""#) && !valid.stdout.contains(#""severity":"warning""#))
        #expect(valid.stdout.contains("schema \(schema) chosen from the template's stamp"))

        let (good, bad, field) = try #require(Self.outOfList[schema])
        let refused = directory.appendingPathComponent("refused.xlsx").path
        try TemplateChecker.fill(template, rows: rows.replacingOccurrences(of: good, with: bad), to: refused)
        let run = try Binary.run(["validate", refused, "--format", "jsonl"])
        #expect(run.status == 1)
        #expect(run.stdout.contains(#""code":"constraint-error","field":"\#(field)""#), "\(run.stdout)")
    }

    @Test func twoTemplatesHaveTheSameBytes() throws {
        let directory = try TestFiles.folder("sheetpipe-template")
        let first = try template("project-sheet", in: directory, name: "a.xlsx")
        // Past the next second: any time stamp taken from the clock would differ.
        Thread.sleep(forTimeInterval: 1.1)
        let second = try template("project-sheet", in: directory, name: "b.xlsx")
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
    }

    @Test func aTemplateOfAnotherVersionGetsAWarningNamingBoth() throws {
        // A pipelines folder whose project-sheet schema has moved on to 2.0.0.
        let directory = try TestFiles.folder("sheetpipe-template")
        let template = try template("project-sheet", in: directory)
        let pipelines = directory.appendingPathComponent("pipelines")
        try FileManager.default.createDirectory(
            at: pipelines.appendingPathComponent("schemas"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: pipelines.appendingPathComponent("reference"),
            withDestinationURL: Binary.packageRoot.appendingPathComponent("pipelines/reference"))
        let schema = try String(
            contentsOf: Binary.packageRoot.appendingPathComponent("pipelines/schemas/project-sheet.json"),
            encoding: .utf8)
        try Data(schema.replacingOccurrences(of: #""version": "1.0.0""#, with: #""version": "2.0.0""#).utf8).write(
            to: pipelines.appendingPathComponent("schemas/project-sheet.json"))
        let run = try Binary.run(["validate", template, "--pipelines", pipelines.path, "--format", "jsonl"])
        let warning = try #require(
            run.stdout.split(separator: "\n").first { $0.contains(#""code":"template-mismatch""#) }, "\(run.stdout)")
        #expect(warning.contains(#""severity":"warning""#))
        #expect(
            warning.contains(
                "workbook made from the template of project-sheet 1.0.0, read with the schema project-sheet 2.0.0"))
        #expect(
            warning.contains(
                "classeur fait à partir du modèle project-sheet 1.0.0, lu avec le schéma project-sheet 2.0.0"))
        // The same version: no warning.
        let same = try Binary.run(["validate", template, "--format", "jsonl"])
        #expect(!same.stdout.contains("template-mismatch"))
        // run reads the stamp too: the warning is in its validation log.
        let out = directory.appendingPathComponent("out")
        let run2 = try Binary.run([
            "run", "--input", template, "--schema", pipelines.appendingPathComponent("schemas/project-sheet.json").path,
            "--pipelines", pipelines.path, "--out", out.path, "--quiet",
        ])
        #expect(run2.status == 0, "\(run2.stderr)")
        let log = try String(contentsOf: out.appendingPathComponent("validation-report.jsonl"), encoding: .utf8)
        #expect(log.contains(#""code":"template-mismatch""#) && log.contains("project-sheet 2.0.0"))
    }

    @Test func aTemplateReadWithAnotherSchemaIsWarnedAbout() throws {
        let directory = try TestFiles.folder("sheetpipe-template")
        let template = try template("csr-contribution", in: directory)
        let run = try Binary.run(["validate", template, "--schema", "project-sheet", "--format", "jsonl"])
        #expect(
            run.stdout.contains(
                "workbook made from the template of csr-contribution 1.0.0, read with the schema project-sheet 1.0.0"),
            "\(run.stdout)")
    }

    @Test func aBadOutputIsAUsageErrorNamingTheFile() throws {
        let run = try Binary.run(["template", "project-sheet", "-o", "/nonexistent-folder/t.xlsx"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("/nonexistent-folder/t.xlsx: cannot create: No such file or directory"))
        let notXlsx = try Binary.run(["template", "project-sheet", "-o", "t.csv"])
        #expect(notXlsx.status == 2)
    }
}
