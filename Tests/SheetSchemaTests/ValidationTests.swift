import Foundation
import SheetReading
import SheetTestSupport
import Testing

@testable import SheetSchema

enum Schemas {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("pipelines").path

    static func load(_ name: String) throws -> TableSchema {
        try TableSchema.load(path: "\(folder)/schemas/\(name).json")
    }

    static let places = try? FrenchPlaces.load(directory: "\(folder)/reference")

    static func validator(_ schemas: [String], sheet: String? = nil) throws -> FileValidator {
        FileValidator(
            schemas: try schemas.map { NamedSchema(name: $0, schema: try load($0)) },
            reader: FieldReader(places: places, currentYear: 2026), readOptions: ReadOptions(), sheet: sheet)
    }
}

func temporaryCSV(_ text: String, name: String = "submission.csv") throws -> String {
    let directory = try TestFiles.folder("sheetpipe-schema")
    let path = directory.appendingPathComponent(name).path
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
}

@Suite struct SchemaDecodingTests {
    @Test(arguments: ["project-sheet", "csr-contribution"])
    func shippedSchemasLoad(_ name: String) throws {
        let schema = try Schemas.load(name)
        #expect(schema.name == name)
        #expect(schema.version == "1.0.0")
        #expect(schema.locale == "fr")
        #expect(!schema.rules.isEmpty)
    }

    func error(_ json: String) -> SchemaError? {
        do {
            _ = try TableSchema.decode(Data(json.utf8), file: "bad.json")
            return nil
        } catch let error as SchemaError {
            return error
        } catch {
            return nil
        }
    }

    @Test(arguments: [
        (#"{"fields": [{"name": "a", "type": "texte"}]}"#, "fields[0].type"),
        (#"{"fields": [{"name": "a", "constraints": {"pattern": "[a-"}}]}"#, "fields[0].constraints.pattern"),
        (#"{"fields": [{"name": "a"}], "primaryKey": ["b"]}"#, "primaryKey"),
        (
            #"{"fields": [{"name": "a", "constraints": {"enum": ["x"]}, "synonyms": {"y": "z"}}]}"#,
            "fields[0].synonyms.y"
        ),
        (
            #"{"fields": [{"name": "a"}], "rules": [{"type": "compare", "left": "a", "operator": "<", "right": "b"}]}"#,
            "rules[0].right"
        ),
        (#"{"fields": [{"name": "a"}], "foreignKeys": [{"fields": "a"}]}"#, "foreignKeys[0].reference"),
        (#"{"fields": []}"#, "fields"),
        (#"{"fields": [{"name": "a"}, {"name": "a"}]}"#, "fields[1].name"),
        (#"{"fields": [{"name": "a", "kind": "iban"}]}"#, "fields[0].kind"),
        (#"{"fields": [{"name": "a", "constraints": {"required": "yes"}}]}"#, "fields[0].constraints.required"),
        ("not json", "(file)"),
    ])
    func aWrongSchemaNamesTheProperty(_ json: String, _ property: String) {
        #expect(error(json)?.property == property, "\(json)")
    }
}

@Suite struct HeaderMatchingTests {
    @Test func headerUnderTitleRowsWithVariantsIsFound() throws {
        let path = try temporaryCSV(
            """
            Région Bretagne — remontée 2024;;;
            ;;;
            N° FICHE;Année;Region;Département(s);TI;Titre;Enjeu;Maître d'ouvrage;Type de porteur;Coût total HT (€);Statut;Contact
            A-1;2024;Bretagne;29;Brest;Usine;innovation;Société X;commune;1 000;idée;Mme Y

            """)
        let result = try Schemas.validator(["project-sheet"]).validate(path: path)
        #expect(result.headerRow == 3)
        #expect(result.rowsIn == 1)
        #expect(result.rowsValid == 1, "\(result.issues.filter { $0.severity == .error })")
        #expect(result.mapping.map(\.field).contains("cout_total_ht"))
        #expect(result.issues.contains { $0.code == "personal-data" && $0.value == "Contact" })
        #expect(result.issues.contains { $0.code == "header-row" })
    }

    @Test func aMissingRequiredColumnIsOneFileLevelIssue() throws {
        let path = try temporaryCSV("Identifiant fiche;Campagne;Région\nA;2024;Bretagne\nB;2024;Bretagne\n")
        let result = try Schemas.validator(["project-sheet"]).validate(path: path)
        let missing = result.issues.filter { $0.code == "missing-label" }
        #expect(missing.count == 8, "one issue per missing required column, not per row")
        #expect(Set(missing.compactMap(\.field)).contains("axe"))
        #expect(result.status == .rejected)
        #expect(result.rowsIn == 2 && result.rowsInvalid == 2)
    }

    @Test func duplicateHeadersAreReported() throws {
        let path = try temporaryCSV("Identifiant;Année;Exercice;Cluster\nX;2024;2023;Pôle\n")
        let result = try Schemas.validator(["csr-contribution"]).validate(path: path)
        #expect(result.issues.contains { $0.code == "duplicate-label" && $0.field == "annee" && $0.cell == "C1" })
    }

    @Test func noHeaderRejectsTheFile() throws {
        let path = try temporaryCSV("a;b;c\n1;2;3\n")
        let result = try Schemas.validator(["project-sheet"]).validate(path: path)
        #expect(result.status == .rejected)
        #expect(result.issues.contains { $0.code == "no-header" })
    }

    @Test func autoPicksTheSchemaWhoseHeadersMatch() throws {
        let path = try temporaryCSV(
            "Identifiant;Année;Cluster / Pôle;Type de structure;N° RNA;Région;Thème RSE;Type d'action;Action;Indicateur;Valeur;Unité;Nombre de PME engagées\n"
        )
        let result = try Schemas.validator(["project-sheet", "csr-contribution"]).validate(path: path)
        #expect(result.schema == "csr-contribution")
        #expect(result.issues.contains { $0.code == "sheet-chosen" && $0.message.en.contains("csr-contribution") })
    }
}

@Suite struct RowValidationTests {
    static let header =
        "Identifiant fiche;Campagne;Région;Département(s);Territoire d'industrie;Intitulé du projet;Axe;Porteur;Type de porteur;SIRET du porteur;SIREN du porteur;Coût total HT;Aides publiques;État d'avancement;Date de début;Date de fin\n"

    func validate(_ rows: String) throws -> FileValidation {
        try Schemas.validator(["project-sheet"]).validate(path: try temporaryCSV(Self.header + rows))
    }

    func codes(_ result: FileValidation, row: Int) -> [String] {
        result.issues.filter { $0.row == row && $0.severity != .info }.map { "\($0.field ?? "-"):\($0.code)" }.sorted()
    }

    @Test func aValidRowInFrenchFormsIsValidAndNormalised() throws {
        let result = try validate(
            "TI-1;2024;Région Sud;13, 83;Fos;Décarbonation;Transition écologique;ACME;Entreprise;732 829 320 00074;;1 234 567,89 €;250 000;financé;15/03/2024;1er mars 2025\n"
        )
        #expect(result.rowsValid == 1, "\(result.issues)")
        #expect(codes(result, row: 2) == [])
    }

    @Test func typeAndConstraintErrorsRejectTheRow() throws {
        let result = try validate("TI-1;2017;Atlantide;20;Fos;X;voler;ACME;commune;;;1.234;;peut-être;31/02/2024;\n")
        #expect(result.rowsInvalid == 1)
        let found = codes(result, row: 2)
        #expect(found.contains("campagne:constraint-error"))
        #expect(found.contains("code_region:type-error"))
        #expect(found.contains("departements:type-error"))
        #expect(found.contains("axe:constraint-error"))
        #expect(found.contains("cout_total_ht:ambiguous-number"))
        #expect(found.contains("statut:constraint-error"))
        #expect(found.contains("date_debut:type-error"))
    }

    @Test func crossFieldRules() throws {
        let result = try validate(
            """
            A;2024;Bretagne;29;Brest;X;innovation;ACME;entreprise;;;100;200;idee;15/03/2024;01/01/2024
            B;2024;Bretagne;29;Brest;X;innovation;ACME;entreprise;73282932000074;123456789;100;;idee;;

            """)
        let first = codes(result, row: 2)
        #expect(first.contains("date_fin:rule-error"))
        #expect(first.contains("montant_public:rule-error"))
        #expect(first.contains("porteur_siret:rule-error"))
        let second = codes(result, row: 3)
        #expect(second.contains("porteur_siren:type-error") || second.contains("porteur_siren:rule-error"))
    }

    /// `montant_public <= cout_total_ht` with a tolerance of 1, and `cout_total_ht > 0` unless
    /// the project is an idea: at the boundaries, with numbers that fit in millionths (compared as
    /// integers) and numbers that do not (seven decimals, compared as Decimals).
    @Test(arguments: [
        ("100", "101", "idee", []),
        ("100", "101,01", "idee", ["montant_public:rule-error"]),
        ("100", "101,0000001", "idee", ["montant_public:rule-error"]),
        ("100,0000001", "101,0000001", "idee", []),
        ("0", "", "financé", ["cout_total_ht:rule-error"]),
        ("0,0000001", "", "financé", []),
        ("0", "", "idee", []),
    ])
    func comparisonsHoldTheirBoundaries(cost: String, funding: String, status: String, expected: [String]) throws {
        let result = try validate(
            "A;2024;Bretagne;29;Brest;X;innovation;ACME;commune;;;\(cost);\(funding);\(status);;\n")
        #expect(codes(result, row: 2) == expected)
    }

    @Test func anInvalidSiretIsOneProblemNotTwo() throws {
        let result = try validate("A;2024;Bretagne;29;Brest;X;innovation;ACME;entreprise;73282932000079;;100;;idee;;\n")
        #expect(codes(result, row: 2) == ["porteur_siret:type-error"])
    }

    @Test func duplicatesAndKeyConflicts() throws {
        let row = "A;2024;Bretagne;29;Brest;X;innovation;ACME;commune;;;100;;idee;;\n"
        let result = try validate(row + row + "A;2024;Bretagne;29;Brest;Y;innovation;ACME;commune;;;100;;idee;;\n")
        #expect(codes(result, row: 3) == ["id_fiche:duplicate-row"])
        #expect(codes(result, row: 4) == ["id_fiche:primary-key"])
        #expect(result.issues.first { $0.code == "primary-key" }?.message.en.contains("row 2") == true)
        #expect(result.rowsValid == 2 && result.rowsInvalid == 1)
    }

    @Test func blankRowsAreNotRowsAndCountsReconcile() throws {
        let result = try validate(
            "A;2024;Bretagne;29;Brest;X;innovation;ACME;commune;;;100;;idee;;\n;;;;;;;;;;;;;;;\n\n")
        #expect(result.rowsIn == 1)
        #expect(result.rowsIn == result.rowsValid + result.rowsInvalid)
    }

    @Test func formerRegionIsReadAsItsSuccessorWithAWarning() throws {
        let result = try validate("A;2024;Alsace;67;Saverne;X;innovation;ACME;commune;;;100;;idee;;\n")
        let issue = try #require(result.issues.first { $0.code == "former-region" })
        #expect(issue.normalised == "44")
        #expect(issue.severity == .warning)
        #expect(result.rowsValid == 1)
    }
}

@Suite struct WorkbookValidationTests {
    @Test func identifiersStoredAsNumbersAreFlagged() throws {
        let samples = URL(fileURLWithPath: Schemas.folder).deletingLastPathComponent().appendingPathComponent("samples")
            .path
        let result = try Schemas.validator(["project-sheet"]).validate(path: samples + "/fiches-occitanie.xlsx")
        let flagged = result.issues.filter { $0.code == "identifier-as-number" }
        #expect(!flagged.isEmpty)
        #expect(flagged.allSatisfy { $0.field == "porteur_siret" && $0.cell?.hasPrefix("J") == true })
        #expect(result.issues.contains { $0.code == "formula-without-value" && $0.cell == "K22" })
        #expect(result.issues.contains { $0.code == "merged-cell" } == false, "the title merge is above the header")
    }

    @Test func theSameRowsAsCSVAndXLSXGetTheSameVerdicts() throws {
        let samples = URL(fileURLWithPath: Schemas.folder).deletingLastPathComponent().appendingPathComponent("samples")
            .path
        let xlsx = try Schemas.validator(["project-sheet"]).validate(path: samples + "/fiches-bretagne.xlsx")
        // The same workbook exported as CSV (UTF-8, ';') by sheetpipe's own reader.
        let file = try SpreadsheetFile.open(samples + "/fiches-bretagne.xlsx")
        var lines: [String] = []
        try file.readRows(of: try file.chooseSheet(named: nil).sheet) { row in
            var fields = [String](repeating: "", count: 14)
            for cell in row.cells where Int(cell.column) < 14 {
                let reader = FieldReader(places: nil, currentYear: 2026)
                var text = reader.cellText(cell, in: row)
                if cell.kind == .date { text = FrenchDate.fromCell(daysSince18991230: cell.number).iso }
                if cell.kind == .formulaWithoutValue { text = "" }
                fields[Int(cell.column)] = text.contains(";") ? "\"\(text)\"" : text
            }
            while lines.count < row.number - 1 { lines.append("") }
            lines.append(fields.joined(separator: ";"))
        }
        let csv = try Schemas.validator(["project-sheet"]).validate(
            path: try temporaryCSV(lines.joined(separator: "\n") + "\n"))
        #expect(csv.rowsIn == xlsx.rowsIn)
        #expect(csv.rowsValid == xlsx.rowsValid)
        func errors(_ result: FileValidation) -> [String] {
            result.issues.filter { $0.severity == .error }.map { "\($0.row ?? 0) \($0.field ?? "-") \($0.code)" }
                .sorted()
        }
        #expect(errors(csv) == errors(xlsx))
    }
}

@Suite struct SchemaRuleTests {
    static let header =
        "Identifiant fiche;Campagne;Région;Département(s);Territoire d'industrie;Intitulé du projet;Axe;Porteur;Type de porteur;Coût total HT;État d'avancement;Code postal;SIREN EPCI\n"

    func validate(_ rows: String) throws -> FileValidation {
        try Schemas.validator(["project-sheet"]).validate(path: try temporaryCSV(Self.header + rows))
    }

    func found(_ result: FileValidation, row: Int) -> [String] {
        result.issues.filter { $0.row == row && $0.severity != .info }.map {
            "\($0.field ?? "-"):\($0.code):\($0.severity.rawValue)"
        }.sorted()
    }

    @Test func placesAndPhaseWarnings() throws {
        let result = try validate(
            """
            A;2024;Bretagne;29, 75;Brest;X;recruter;ACME;commune;100;idee;44000;200054781, 404833048
            B;2021;Bretagne;29;Brest;X;foncier;ACME;commune;100;idee;29200;
            C;2024;Corse;2A;Ajaccio;X;foncier;ACME;commune;100;idee;20000;

            """)
        #expect(
            found(result, row: 2) == [
                "axe:rule-error:warning", "code_postal:rule-error:warning", "departements:rule-error:warning",
                "epci_siren:rule-error:warning",
            ])
        #expect(found(result, row: 3) == ["axe:rule-error:warning"])
        #expect(found(result, row: 4) == [], "Corsica's 20xxx postal codes belong to 2A and 2B")
        #expect(result.rowsValid == 3, "warnings do not reject rows")
    }

    @Test func zeroCostOnlyAtTheIdeaStage() throws {
        let result = try validate(
            "A;2024;Bretagne;29;Brest;X;foncier;ACME;commune;0;idee;;\nB;2024;Bretagne;29;Brest;X;foncier;ACME;commune;0;engagé;;\n"
        )
        #expect(found(result, row: 2) == [])
        #expect(found(result, row: 3) == ["cout_total_ht:rule-error:error"])
    }

    @Test func foreignKeysCheckReferenceListsAndCanOnlyWarn() throws {
        let header =
            "Identifiant;Année;Cluster / Pôle;Type de structure;N° RNA;Région;Thème RSE;Type d'action;Action;Indicateur;Valeur;Unité;Nombre de PME engagées;Question centrale ISO 26000;Département du siège\n"
        let path = try temporaryCSV(
            header + """
                A;2024;Pôle Mer Bretagne Atlantique;pole_competitivite;W751515517;Bretagne;autre;formation;X;Y;1;nombre;2;Q2;29
                B;2024;Pôle Imaginaire;pole_competitivite;W751515517;Bretagne;autre;formation;X;Y;1;nombre;2;Q9;29
                C;2024;Cluster Local;cluster_grappe;;Grand Est;autre;formation;X;Y;1;nombre;2;;67
                D;2024;Pôle Imaginaire;pole_competitivite;W751515517;Bretagne;autre;formation;X;Y;1;nombre;2;Q9;29
                E;2024;Pôle Mer Bretagne Atlantique;pole_competitivite;W751515517;Bretagne;autre;formation;X;Y;1;nombre;2;Q2;29

                """)
        let result = try Schemas.validator(["csr-contribution"]).validate(path: path)
        func codes(_ row: Int) -> [String] {
            result.issues.filter { $0.row == row && $0.severity != .info }.map {
                "\($0.field ?? "-"):\($0.code):\($0.severity.rawValue)"
            }.sorted()
        }
        #expect(codes(2) == [])
        #expect(codes(3) == ["cluster_nom:foreign-key:warning", "iso26000:foreign-key:error"])
        #expect(codes(4) == ["cluster_siren:rule-error:error"], "no RNA in 67, so the SIREN is required")
        // The same values again: a key missing from its list is reported again, one found is not.
        #expect(codes(5) == codes(3))
        #expect(codes(6) == [])
    }

    @Test func aForeignKeyToAMissingListIsASchemaError() {
        let json =
            #"{"fields": [{"name": "a"}], "foreignKeys": [{"fields": "a", "reference": {"resource": "nope.csv", "fields": "code"}}]}"#
        do {
            _ = try TableSchema.decode(
                Data(json.utf8), file: "x.json", referenceFolders: [Schemas.folder + "/reference"])
            Issue.record("expected a schema error")
        } catch let error as SchemaError {
            #expect(error.property == "foreignKeys[0].reference.resource")
        } catch {
            Issue.record("\(error)")
        }
    }
}

@Suite struct PersonalDataAndFormatTests {
    @Test func contactColumnsAreIgnoredWithAWarning() throws {
        let path = try temporaryCSV(
            "Identifiant fiche;Campagne;Région;Contact;Courriel du référent;Remarque libre\nA;2024;Bretagne;Mme Y;y@example.fr;ok\n"
        )
        let result = try Schemas.validator(["project-sheet"]).validate(path: path)
        let personal = result.issues.filter { $0.code == "personal-data" }
        #expect(personal.map(\.value) == ["Contact", "Courriel du référent"])
        #expect(personal.allSatisfy { $0.severity == .warning })
        #expect(result.droppedColumns == [3, 4])
        #expect(result.issues.contains { $0.code == "extra-label" && $0.value == "Remarque libre" })
    }

    @Test func standardStringFormats() throws {
        let json =
            #"{"fields": [{"name": "mail", "format": "email"}, {"name": "site", "format": "uri"}, {"name": "id", "format": "uuid"}]}"#
        let schema = try TableSchema.decode(Data(json.utf8), file: "formats.json")
        let validator = FileValidator(
            schemas: [NamedSchema(name: "formats", schema: schema)],
            reader: FieldReader(places: nil, currentYear: 2026),
            readOptions: ReadOptions(), sheet: nil)
        let path = try temporaryCSV(
            "mail;site;id\na@b.fr;https://x.fr;123e4567-e89b-12d3-a456-426614174000\nnope;not a uri;123\n")
        let result = validator.validate(path: path)
        #expect(result.issues.filter { $0.row == 2 && $0.severity == .error }.isEmpty)
        #expect(
            Set(result.issues.filter { $0.row == 3 && $0.code == "type-error" }.compactMap(\.field)) == [
                "mail", "site", "id",
            ])
    }
}

extension PersonalDataAndFormatTests {
    /// Lengths count characters, not bytes ("été" is 3 characters in 5 bytes); patterns match the
    /// whole value.
    @Test func lengthsCountCharactersAndPatternsMatchTheWholeValue() throws {
        let json = #"""
            {"fields": [{"name": "court", "constraints": {"maxLength": 3}},
                        {"name": "long", "constraints": {"minLength": 3}},
                        {"name": "nace", "constraints": {"pattern": "[A-U]|[0-9]{2}\\.?[0-9]{2}[A-Z]"}}]}
            """#
        let schema = try TableSchema.decode(Data(json.utf8), file: "lengths.json")
        let validator = FileValidator(
            schemas: [NamedSchema(name: "lengths", schema: schema)],
            reader: FieldReader(places: nil, currentYear: 2026), readOptions: ReadOptions(), sheet: nil)
        let path = try temporaryCSV("court;long;nace\nété;été;C\nétés;éé;25.62A\nab;abcd;CC\n")
        let result = validator.validate(path: path)
        func failing(_ row: Int) -> [String] {
            result.issues.filter { $0.row == row && $0.code == "constraint-error" }.compactMap(\.field).sorted()
        }
        #expect(failing(2) == [])
        #expect(failing(3) == ["court", "long"])
        #expect(failing(4) == ["nace"])
        #expect(result.issues.contains { $0.row == 3 && $0.message.en == "at most 3 characters (4 here)" })
    }
}

@Suite struct TemporalFieldTests {
    @Test(arguments: [("14:30", "14:30:00"), ("14h30", "14:30:00"), ("9:05:07", "09:05:07")])
    func times(_ text: String, _ expected: String) {
        #expect(TemporalText.parseTime(text) == expected)
    }

    @Test func dateTimesAndMonths() {
        #expect(TemporalText.parseDateTime("2024-03-15T14:30:00Z", french: false) == "2024-03-15T14:30:00")
        #expect(TemporalText.parseDateTime("15/03/2024 14:30", french: true) == "2024-03-15T14:30:00")
        #expect(TemporalText.parseDateTime("15/03/2024 14:30", french: false) == nil, "standard fields take ISO only")
        #expect(TemporalText.parseYearMonth("2024-03", french: false) == "2024-03")
        #expect(TemporalText.parseYearMonth("03/2024", french: true) == "2024-03")
        #expect(TemporalText.parseYearMonth("mars 2024", french: true) == "2024-03")
        #expect(TemporalText.parseYearMonth("2024-13", french: true) == nil)
        #expect(TemporalText.parseTime("25:00") == nil)
    }
}

@Suite struct DatePatternTests {
    @Test(arguments: [
        ("15/03/2024", "%d/%m/%Y", "2024-03-15"), ("20240315", "%Y%m%d", "2024-03-15"),
        ("15.03.24", "%d.%m.%y", "2024-03-15"),
        ("3/1/2024", "%d/%m/%Y", "2024-01-03"),
    ])
    func patternsSayHowDatesAreWritten(_ text: String, _ pattern: String, _ iso: String) {
        #expect(TemporalText.parse(text, pattern: pattern)?.iso == iso)
    }

    @Test(arguments: [
        ("2024-03-15", "%d/%m/%Y"), ("31/02/2024", "%d/%m/%Y"), ("15/03/2024 ", "%d/%m/%Y"), ("15/03/2024", "%d/%m/%y"),
    ])
    func otherFormsAreRefused(_ text: String, _ pattern: String) {
        #expect(TemporalText.parse(text, pattern: pattern) == nil)
    }
}

@Suite struct BlankRowTests {
    @Test func blankRowsInsideAWorkbookTableAreReportedNotCounted() throws {
        let directory = try TestFiles.folder("sheetpipe-blank")
        let path = directory.appendingPathComponent("gaps.xlsx").path
        let header = ["Identifiant fiche", "Campagne", "Région"]
        var cells: [(String, String)] = []
        for (column, label) in header.enumerated() { cells.append((CellReference.name(row: 1, column: column), label)) }
        for row in [2, 5, 6] {
            cells.append(("A\(row)", "F\(row)"))
            cells.append(("B\(row)", "2024"))
            cells.append(("C\(row)", "Bretagne"))
        }
        try TestWorkbook.write(cells: cells, to: path)
        let result = try Schemas.validator(["project-sheet"]).validate(path: path)
        let blank = result.issues.filter { $0.code == "blank-row" }
        #expect(blank.map(\.row) == [3])
        #expect(blank.first?.message.en == "blank row(s) 3–4 inside the table: skipped")
        #expect(result.rowsIn == 3)
    }
}

/// Value ids (`ValidatedRow.valueIDs`): later stages keep what they derive from a value by its
/// id, so equal ids must mean equal values, originals and issues.
@Suite struct ValueIDTests {
    func rows(_ csv: String, schema json: String) throws -> (FileValidation, [ValidatedRow]) {
        let schema = try TableSchema.decode(Data(json.utf8), file: "ids.json")
        let validator = FileValidator(
            schemas: [NamedSchema(name: "ids", schema: schema)],
            reader: FieldReader(places: nil, currentYear: 2026), readOptions: ReadOptions(), sheet: nil)
        let path = try temporaryCSV(csv)
        var seen: [ValidatedRow] = []
        let result = validator.validate(try validator.prepare(path: path)) { seen.append($0) }
        return (result, seen)
    }

    @Test func equalIDsMeanEqualValuesAndIssuesAreReportedOnEveryRow() throws {
        let json = #"""
            {"fields": [{"name": "code"}, {"name": "montant", "type": "number"}, {"name": "absent"}]}
            """#
        let (result, rows) = try rows(
            "code;montant\nA;1.5\n B ;abc\nA;1.5\n;abc\nB;2\n", schema: json)
        #expect(rows.count == 5)
        // Same content, same id; the column the sheet lacks has one id, the same on every row.
        #expect(rows[0].valueIDs[0] == rows[2].valueIDs[0])
        #expect(rows[0].valueIDs[1] == rows[2].valueIDs[1])
        #expect(rows[1].valueIDs[1] == rows[3].valueIDs[1])
        #expect(rows[0].valueIDs[0] != rows[4].valueIDs[0])
        #expect(Set(rows.map { $0.valueIDs[2] }).count == 1 && rows[0].valueIDs[2] >= 0)
        // Whatever the id, the value is the one read ("B" with its spaces is another text cell,
        // another id, the same value).
        #expect(rows[1].valueIDs[0] != rows[4].valueIDs[0])
        #expect(rows[1].values[0] == .text("B") && rows[4].values[0] == .text("B"))
        for (a, b) in [(0, 2), (1, 3)] {
            #expect(rows[a].values[1] == rows[b].values[1])
            #expect(rows[a].originals[1] == rows[b].originals[1])
        }
        // An invalid value met twice is reported twice, once per row.
        let typeErrors = result.issues.filter { $0.code == "type-error" && $0.field == "montant" }
        #expect(typeErrors.compactMap(\.row) == [3, 5])
        #expect(typeErrors.compactMap(\.cell) == ["B3", "B5"])
        // An absent cell has an id too, and stays empty.
        #expect(rows[3].values[0] == nil && rows[3].valueIDs[0] >= 0)
    }

    /// A value that repeats the row before's is not copied again (`validate` keeps what the
    /// row before left): each row still has its value, its original and its issues.
    @Test func valuesRepeatedRowAfterRowAreKeptAndReportedOnEveryRow() throws {
        let json = #"""
            {"fields": [{"name": "code"}, {"name": "montant", "type": "number"}]}
            """#
        let (result, rows) = try rows(
            "code;montant\n A ;abc\n A ;abc\nA;abc\nA;1.5\nA;1.5\n;1.5\nA;2\n", schema: json)
        #expect(rows.count == 7)
        #expect(
            rows.map { $0.values[0] } == [.text("A"), .text("A"), .text("A"), .text("A"), .text("A"), nil, .text("A")])
        #expect(rows.map { $0.originals[0] } == [" A ", " A ", "A", "A", "A", nil, "A"])
        #expect(rows[3].values[1] == rows[4].values[1] && rows[4].values[1] == rows[5].values[1])
        #expect(rows[3].values[1]?.canonical == "1.5" && rows[6].values[1]?.canonical == "2")
        #expect(rows.map { $0.originals[1] } == ["abc", "abc", "abc", "1.5", "1.5", "1.5", "2"])
        #expect(rows[0].valueIDs[0] == rows[1].valueIDs[0] && rows[1].valueIDs[0] != rows[2].valueIDs[0])
        // The invalid amount, three rows running: three issues, one per row.
        let typeErrors = result.issues.filter { $0.code == "type-error" && $0.field == "montant" }
        #expect(typeErrors.compactMap(\.row) == [2, 3, 4])
        #expect(rows.map(\.isValid) == [false, false, false, true, true, true, true])
    }

    /// A rule that held for some values is not checked again for them (`checkRules`); one that
    /// failed is, and reports every row it fails on.
    @Test func rulesAreRememberedOnlyWhenTheyHold() throws {
        let json = #"""
            {"fields": [{"name": "axe"}, {"name": "campagne", "type": "integer"}],
             "rules": [{"type": "valueIn", "field": "axe", "values": ["a", "b"],
                        "when": {"field": "campagne", "minimum": 2023}, "severity": "warning"}]}
            """#
        let (result, rows) = try rows(
            "axe;campagne\na;2024\nx;2024\na;2024\nx;2024\nx;2020\nx;2020\nb;2024\n", schema: json)
        #expect(rows.count == 7)
        #expect(result.issues.filter { $0.code == "rule-error" }.compactMap(\.row) == [3, 5])
    }

    @Test func pastTheLimitValuesAreReadEachTimeWithoutAnID() throws {
        let count = FieldMemo.limit + 10
        let csv = "code;autre\n" + (0..<count).map { "v\($0);x" }.joined(separator: "\n") + "\nv0;x\n"
        let (_, rows) = try rows(csv, schema: #"{"fields": [{"name": "code"}, {"name": "autre"}]}"#)
        #expect(rows.count == count + 1)
        #expect(Set(rows.prefix(FieldMemo.limit).map { $0.valueIDs[0] }).count == FieldMemo.limit)
        #expect(rows[FieldMemo.limit...].dropLast().allSatisfy { $0.valueIDs[0] == -1 })
        // A value kept before the table filled up keeps its id.
        #expect(rows.last?.valueIDs[0] == rows.first?.valueIDs[0])
        #expect(rows.map { $0.values[0] } == (0..<count).map { TypedValue.text("v\($0)") } + [.text("v0")])
    }
}
