import Foundation
import SheetReading
import SheetTestSupport
import Testing

@testable import SheetSchema

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

    @Test func theHeadersOfTheIssueAreReadAsTheFieldsTheyMean() throws {
        let path = try temporaryCSV(
            """
            Numéro de fiche;Campagne;Région;Dépt.;TI;Intitulé du projet (Titre);Axe;Porteur du projet;Type porteur;Coût total H.T. (€);Statut du projet
            A-1;2024;Bretagne;29;Brest;Usine;innovation;Société X;commune;1 000;idée

            """)
        let result = try Schemas.validator(["project-sheet"]).validate(path: path)
        #expect(result.rowsValid == 1, "\(result.issues.filter { $0.severity != .info })")
        #expect(
            result.mapping.map(\.field) == [
                "id_fiche", "campagne", "code_region", "departements", "territoire_industrie", "intitule", "axe",
                "porteur_nom", "porteur_type", "cout_total_ht", "statut",
            ])
        #expect(!result.issues.contains { $0.code == "extra-label" || $0.code == "missing-label" })
    }

    @Test func twoColumnsReadingAsOneFieldAreNeitherMappedAndBothSuggestIt() throws {
        // Which of the two holds the cost would be a guess: neither does, both say which field
        // they may be, and no duplicate is claimed (neither header is the field's own).
        let path = try temporaryCSV(
            """
            Identifiant fiche;Campagne;Coût total H.T.;Coût HT total
            A-1;2024;1 000;2 000

            """)
        let result = try Schemas.validator(["project-sheet"]).validate(path: path)
        #expect(!result.mapping.contains { $0.field == "cout_total_ht" })
        let extra = result.issues.filter { $0.code == "extra-label" }
        #expect(extra.map(\.cell) == ["C1", "D1"])
        #expect(extra.allSatisfy { $0.message.en.contains("did you mean 'Coût total HT' (cout_total_ht)?") })
        #expect(!result.issues.contains { $0.code == "duplicate-label" })
        let missing = result.issues.first { $0.code == "missing-label" && $0.field == "cout_total_ht" }
        #expect(missing?.message.en.contains("column C 'Coût total H.T.'?") == true, "\(String(describing: missing))")
    }

    @Test func aColumnReadingAsAFieldAnotherColumnNamesIsOnlyAnUnknownColumn() throws {
        let path = try temporaryCSV(
            """
            Identifiant fiche;Campagne;Montant total HT;Coût total HT
            A-1;2024;1 000;2 000

            """)
        let result = try Schemas.validator(["project-sheet"]).validate(path: path)
        #expect(result.mapping.first { $0.field == "cout_total_ht" }?.column == "D")
        #expect(result.issues.contains { $0.code == "extra-label" && $0.cell == "C1" })
        #expect(!result.issues.contains { $0.code == "duplicate-label" })
    }

    @Test func anAmbiguousHeaderIsLeftUnmatchedAndSuggestsEachFieldItMayBe() throws {
        let schema = try HeaderVariantTests.schema("close")
        let validator = FileValidator(
            schemas: [NamedSchema(name: "close", schema: schema)], reader: FieldReader(places: nil, currentYear: 2026),
            readOptions: ReadOptions(), sheet: nil)
        let path = try temporaryCSV("Coût total;Date de début;Date de fin\n12;01/02/2024;03/04/2024\n")
        let result = validator.validate(path: path)
        #expect(result.mapping.map(\.field) == ["date_debut", "date_fin"])
        let extra = try #require(result.issues.first { $0.code == "extra-label" && $0.cell == "A1" })
        #expect(
            extra.message.fr.hasSuffix(
                "vouliez-vous dire « Coût total HT » (cout_total_ht) ou « Coût total TTC » (cout_total_ttc) ?"),
            "\(extra.message.fr)")
    }

    @Test func aHeaderOfSixteenThousandColumnsIsMatched() throws {
        // Excel's widest header, every column a variant or a near miss: each is read once
        // (a few look-ups), none is compared with the others.
        let variants = [
            "Numéro de fiche", "Campagne", "Rég.", "Dépt.", "TI", "Intitulé du projet (Titre)", "Axe",
            "Porteur du projet", "Type porteur", "Coût HT total", "Statut du projet", "Projet porteur",
        ]
        let header = (0..<16_384).map { column in
            column < variants.count
                ? variants[column] : column % 2 == 0 ? "Coût total TTC \(column)" : "Colonne \(column)"
        }
        let path = try temporaryCSV(header.joined(separator: ",") + "\n" + String(repeating: ",", count: 16_383) + "\n")
        let result = try Schemas.validator(["project-sheet"]).validate(path: path)
        #expect(
            result.mapping.map(\.field) == [
                "id_fiche", "campagne", "code_region", "departements", "territoire_industrie", "intitule", "axe",
                "porteur_nom", "porteur_type", "cout_total_ht", "statut",
            ])
        #expect(result.issues.filter { $0.code == "extra-label" }.count == 16_384 - 11)
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
