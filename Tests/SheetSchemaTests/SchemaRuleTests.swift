import Foundation
import SheetReading
import SheetTestSupport
import Testing

@testable import SheetSchema

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
