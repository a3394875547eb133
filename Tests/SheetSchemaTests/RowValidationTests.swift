import Foundation
import SheetReading
import SheetTestSupport
import Testing

@testable import SheetSchema

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
