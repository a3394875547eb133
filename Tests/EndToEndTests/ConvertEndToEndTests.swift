import Foundation
import SheetBench
import SheetTestSupport
import Testing

/// `sheetpipe convert` and `inspect` as users run them: golden outputs, exit codes, messages.
@Suite struct ConvertEndToEndTests {
    @Test(arguments: [
        ("producers", "xlsxwriter_shared.xlsx", "csv"), ("producers", "xlsxwriter_inline.xlsx", "csv"),
        ("producers", "libreoffice.xlsx", "csv"), ("producers", "xlsxwriter_shared.xlsx", "json"),
        ("csv", "excel_fr_1252.csv", "csv"), ("csv", "texte_unicode.txt", "json"),
    ])
    func convertMatchesGolden(_ folder: String, _ name: String, _ format: String) throws {
        let run = try Binary.run(["convert", Binary.fixture(folder, name), "--to", format, "--quiet"])
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        try Golden.check(run.stdout, against: "convert-\(name).\(format)")
    }

    @Test func inspectMatchesGolden() throws {
        let run = try Binary.run([
            "inspect", "--format", "json", Binary.fixture("producers", "xlsxwriter_shared.xlsx"),
            Binary.fixture("csv", "excel_fr_1252.csv"),
        ])
        #expect(run.status == 0, "\(run.stderr)")
        try Golden.check(run.stdout, against: "inspect.json")
        let text = try Binary.run(["inspect", Binary.fixture("producers", "openpyxl.xlsx")])
        try Golden.check(text.stdout, against: "inspect-openpyxl.txt")
    }

    @Test func sheetChoiceIsReportedOnStderr() throws {
        let run = try Binary.run(["convert", Binary.fixture("producers", "xlsxwriter_shared.xlsx")])
        #expect(
            run.stderr.contains(
                "reading sheet 'Projets', the first visible worksheet (skipped 'Instructions' (hidden))"))
    }

    @Test func identicalSheetsFromThreeProducersGiveIdenticalCSV() throws {
        // The same data written by XlsxWriter (two ways): the same bytes out.
        let shared = try Binary.run(["convert", Binary.fixture("producers", "xlsxwriter_shared.xlsx"), "--quiet"])
        let inline = try Binary.run(["convert", Binary.fixture("producers", "xlsxwriter_inline.xlsx"), "--quiet"])
        #expect(shared.stdout == inline.stdout)
    }

    @Test func formulaNeutralisationAndQuotingAreInTheBytes() throws {
        let run = try Binary.run(["convert", Binary.fixture("producers", "xlsxwriter_shared.xlsx"), "--quiet"])
        #expect(run.stdout.contains(",'=Projet mal saisi,"))
        #expect(run.stdout.contains(",-7.25,"), "numbers are never neutralised")
        #expect(run.stdout.contains("\"Formation, \"\"compétences\"\" et accueil\""))
        #expect(run.stdout.contains("\"Ligne 1\nLigne 2\""))
        #expect(run.stdout.contains(",'+33 2 99 00 00 00"))
    }

    @Test func formulasWithoutValueAreReportedNotSilentlyEmpty() throws {
        let run = try Binary.run(["convert", Binary.fixture("producers", "openpyxl.xlsx"), "--quiet"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("2 formula cells have no cached value"))
        #expect(run.stderr.contains("Projets!H4"))
    }
}
