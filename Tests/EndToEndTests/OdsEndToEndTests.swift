import Foundation
import SheetTestSupport
import Testing

/// OpenDocument spreadsheets through the commands as users run them: `inspect`, `convert` and
/// `validate` on the LibreOffice region's sample and on the ODS fixtures (`run` reads the sample
/// with the others: RunEndToEndTests).
@Suite struct OdsEndToEndTests {
    static let sample = Binary.packageRoot.appendingPathComponent("samples/fiches-centre-val-de-loire.ods").path

    @Test func inspectDescribesTheOdsPackage() throws {
        let run = try Binary.run(["inspect", Self.sample])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("(ODS, 15 zip entries)"), "\(run.stdout)")
        #expect(
            run.stdout.contains(
                "read by default: sheet 'Fiches CVL', the first visible worksheet (skipped 'Consignes' (hidden))"))
        #expect(run.stdout.contains("merged ranges: 1 (A1:F1)"))
        #expect(run.stdout.contains("hidden: 1 rows"))
        let json = try Binary.run(["inspect", "--format", "json", Self.sample])
        #expect(json.stdout.contains("\"format\" : \"ods\""), "\(json.stdout.prefix(400))")
    }

    @Test func convertGivesTheBytesOfTheSameDataAsXlsx() throws {
        // LibreOffice's .ods of the LibreOffice XLSX fixture: the same CSV, byte for byte.
        let run = try Binary.run(["convert", Binary.fixture("ods", "libreoffice.ods"), "--to", "csv", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        try Golden.check(run.stdout, against: "convert-libreoffice.xlsx.csv")
    }

    @Test func convertToXlsxAndBackKeepsTheCells() throws {
        let folder = try TestFiles.folder("ods-convert")
        let workbook = folder.appendingPathComponent("cvl.xlsx").path
        let toXlsx = try Binary.run(["convert", Self.sample, "--to", "xlsx", "-o", workbook, "--quiet"])
        #expect(toXlsx.status == 0, "\(toXlsx.stderr)")
        let fromOds = try Binary.run(["convert", Self.sample, "--to", "json", "--quiet"])
        let fromXlsx = try Binary.run(["convert", workbook, "--to", "json", "--quiet"])
        #expect(fromOds.status == 0 && fromXlsx.status == 0)
        #expect(fromOds.stdout.contains("\"type\": \"date\", \"value\": \"2023-11-07\""), "typed dates")
        #expect(
            fromOds.stdout.components(separatedBy: "\n").dropFirst()
                == fromXlsx.stdout.components(separatedBy: "\n").dropFirst())
    }

    @Test func validateFindsTheSamplesMistakes() throws {
        let run = try Binary.run([
            "validate", "--schema", "project-sheet", Self.sample, "--format", "json", "--lang", "en",
        ])
        #expect(run.status == 1, "\(run.stderr)")
        for expected in [
            "\"cell\":\"K8\",\"code\":\"type-error\"", "\"cell\":\"J10\",\"code\":\"type-error\"",
            "\"cell\":\"M13\",\"code\":\"constraint-error\"", "\"code\":\"hidden-row\"",
        ] {
            #expect(run.stdout.contains(expected), "\(expected)")
        }
        #expect(run.stdout.contains("\"status\" : \"partial\""))
    }

    @Test func anEncryptedOdsIsUnreadableAndSaysWhy() throws {
        let run = try Binary.run([
            "validate", "--schema", "project-sheet", Binary.fixture("hostile", "ods_encrypted.ods"),
        ])
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stderr.contains("encrypted"), "\(run.stderr)")
        let bomb = try Binary.run(["convert", Binary.fixture("hostile", "ods_repeated_rows_bomb.ods"), "--quiet"])
        #expect(bomb.status == 3)
        #expect(bomb.stderr.contains("--max-cells"), "\(bomb.stderr)")
    }
}
