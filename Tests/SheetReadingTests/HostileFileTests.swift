import Foundation
import Testing

@testable import SheetReading

/// Files made to hurt: each gets the right verdict, with a message naming the file (and the part
/// or cell), never a crash or a hang. Peak memory of the worst ones is checked end to end.
@Suite struct HostileFileTests {
    /// The XLSX and CSV cases (make_fixtures.py), then the ODS ones (make_ods_fixtures.py).
    static var cases: [String: [String: Any]] {
        let xlsx = (try? Fixtures.json(Fixtures.path("hostile", "cases.json")) as? [String: [String: Any]]) ?? [:]
        let ods = (try? Fixtures.json(Fixtures.path("hostile", "ods_cases.json")) as? [String: [String: Any]]) ?? [:]
        return xlsx.merging(ods) { first, _ in first }
    }
    static let names = cases.keys.sorted()

    @Test func theSuiteCoversTheIssueList() {
        let required = [
            "zip_bomb.xlsx", "lying_size.xlsx", "zip_slip_dotdot.xlsx", "zip_slip_absolute.xlsx",
            "zip_slip_backslash.xlsx",
            "zip_slip_drive.xlsx", "duplicate_entry.xlsx", "truncated.xlsx", "not_a_zip.xlsx", "encrypted.xlsx",
            "legacy_renamed.xlsx", "billion_laughs.xlsx", "xxe_file.xlsx", "xxe_url.xlsx", "beyond_columns.xlsx",
            "beyond_rows.xlsx", "duplicate_cell.xlsx", "invalid_utf8.xlsx", "control_characters.xlsx", "long_cell.xlsx",
            "shared_string_index.xlsx", "text_as_xlsx.xlsx", "too_many_entries.xlsx",
            "ods_zip_bomb.ods", "ods_repeated_rows_bomb.ods", "ods_xxe.ods", "ods_billion_laughs.ods",
            "ods_missing_content.ods", "ods_wrong_mimetype.ods", "ods_encrypted.ods", "ods_zip_slip.ods",
            "ods_beyond_rows.ods", "ods_beyond_columns.ods", "ods_empty_tail.ods", "fods_xxe.fods",
            "fods_text_document.fods", "zip_as_fods.fods",
        ]
        #expect(Set(Self.names).isSuperset(of: required))
    }

    @Test(arguments: names)
    func verdict(_ name: String) throws {
        let path = Fixtures.path("hostile", name)
        let expected = try #require(Self.cases[name])
        let error = readError(path)
        guard let code = expected["error"] as? String else {
            #expect(error == nil, "\(name) must read: \(error?.description ?? "")")
            if let cells = expected["cells"] as? [String: String] {
                let file = try SpreadsheetFile.open(path)
                let sheet = try file.chooseSheet(named: expected["sheet"] as? String).sheet
                let content = try readSheet(file, sheet)
                #expect(content.cells.mapValues(\.text) == cells, "\(name)")
            }
            return
        }
        let found = try #require(error, "\(name) must be refused with \(code)")
        #expect(found.code.rawValue == code, "\(name): \(found)")
        #expect(found.file == path)
        #expect(found.description.hasPrefix(path), "the message starts with the file")
        if let part = expected["part"] as? String { #expect(found.part == part, "\(name) names the part") }
        if let cell = expected["cell"] as? String { #expect(found.cell == cell, "\(name) names the cell") }
    }

    @Test func controlCharactersAreFlaggedCellByCell() throws {
        let file = try SpreadsheetFile.open(Fixtures.path("hostile", "control_characters.xlsx"))
        let content = try readSheet(file, file.sheets[0])
        #expect(content.issues.map(\.cell) == ["A1", "B1"])
        #expect(content.issues.allSatisfy { $0.code == .controlCharacter })
        #expect(content.cells["A1"]?.text == "x\u{FFFD}y")
        #expect(content.cells["B1"]?.text == "a\u{FFFD}b")
    }

    @Test func capsCountInflatedBytesNotDeclaredSizes() throws {
        // The sheet claims 10 bytes; a 16 KiB cap still stops it once 16 KiB have inflated.
        var limits = ReadLimits.default
        limits.maxPartBytes = 16 << 10
        let error = try #require(
            readError(Fixtures.path("hostile", "lying_size.xlsx"), options: ReadOptions(limits: limits)))
        #expect(error.code == .limitExceeded)
        #expect(error.reason.contains("16 KiB"))
    }

    @Test func totalCapAppliesAcrossParts() throws {
        var limits = ReadLimits.default
        limits.maxTotalBytes = 1000
        let error = try #require(
            readError(Fixtures.path("producers", "xlsxwriter_shared.xlsx"), options: ReadOptions(limits: limits)))
        #expect(error.code == .limitExceeded)
        #expect(error.reason.contains("in all"))
    }

    @Test func fileSizeCapIsCheckedBeforeOpening() throws {
        var limits = ReadLimits.default
        limits.maxFileBytes = 1000
        let error = try #require(
            readError(Fixtures.path("producers", "openpyxl.xlsx"), options: ReadOptions(limits: limits)))
        #expect(error.code == .limitExceeded)
        #expect(error.reason.contains("--max-file-size"))
    }

    @Test func entryCountCapIsConfigurable() throws {
        var limits = ReadLimits.default
        limits.maxEntries = 2000
        #expect(
            readError(Fixtures.path("hostile", "too_many_entries.xlsx"), options: ReadOptions(limits: limits)) == nil)
    }

    @Test(arguments: ["../a", "a/../../b", "/abs", "C:/x", "c:x", "a\\b", "a/./../.."])
    func unsafeEntryNamesAreRecognised(_ name: String) {
        #expect(ZipArchive.unsafeNameReason(name) != nil)
    }

    @Test(arguments: ["xl/worksheets/sheet1.xml", "[Content_Types].xml", "a..b/c", "docProps/app.xml"])
    func ordinaryEntryNamesPass(_ name: String) {
        #expect(ZipArchive.unsafeNameReason(name) == nil)
    }

    @Test func unknownExtensionIsAUsageError() throws {
        let path = try temporaryFile("x", name: "data.pdf")
        #expect(readError(path)?.code == .unsupportedExtension)
        let xls = try temporaryFile("x", name: "old.xls")
        #expect(readError(xls)?.reason.contains("97-2003") == true)
    }
}
