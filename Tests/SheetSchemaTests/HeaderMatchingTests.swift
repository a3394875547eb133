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
