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

    /// The parts of a one-sheet workbook whose workbook names shared strings and styles.
    static func workbookParts() -> [(name: String, text: String)] {
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
        let main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        return [
            (
                "[Content_Types].xml",
                "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"\(main).sheet.main+xml\"/></Types>"
            ),
            (
                "_rels/.rels",
                "<?xml version=\"1.0\"?><Relationships xmlns=\"\(packageRelationships)\"><Relationship Id=\"rId1\" Type=\"\(relationships)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ),
            (
                "xl/workbook.xml",
                "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"\(relationships)\"><sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
            ),
            (
                "xl/_rels/workbook.xml.rels",
                "<?xml version=\"1.0\"?><Relationships xmlns=\"\(packageRelationships)\"><Relationship Id=\"rId1\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"\(relationships)/sharedStrings\" Target=\"sharedStrings.xml\"/><Relationship Id=\"rId3\" Type=\"\(relationships)/styles\" Target=\"styles.xml\"/></Relationships>"
            ),
            (
                "xl/worksheets/sheet1.xml",
                "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\"><v>45000</v></c></row></sheetData></worksheet>"
            ),
            (
                "xl/sharedStrings.xml",
                "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>texte</t></si></sst>"
            ),
            (
                "xl/styles.xml",
                "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><cellXfs count=\"1\"><xf numFmtId=\"0\"/></cellXfs></styleSheet>"
            ),
        ]
    }

    /// Writes `parts` as a zip package named `name` (with the project's zip writer).
    static func package(_ name: String, _ parts: [(name: String, text: String)]) throws -> String {
        let path = try temporaryFile([], name: name)
        let writer = try ZipPackageWriter(path: path)
        for part in parts { try writer.add(part.name, text: part.text) }
        try writer.close()
        return path
    }

    /// What a reader of the message needs: the file first, the part, the reason, what to do.
    static func expectActionable(_ error: ReadError, path: String, part: String) {
        #expect(error.file == path)
        #expect(error.part == part, "\(error)")
        #expect(error.description.hasPrefix("\(path) (\(part)): "), "\(error)")
        #expect(error.reason.contains("save it again"), "says what to do: \(error)")
    }

    @Test func theBuiltWorkbookReads() throws {
        // The packages below are this one with one thing wrong.
        let path = try Self.package("whole.xlsx", Self.workbookParts())
        #expect(readError(path) == nil)
    }

    @Test func aWorkbookPartNamedButAbsentIsNamed() throws {
        let path = try Self.package("no-workbook.xlsx", Self.workbookParts().filter { $0.name != "xl/workbook.xml" })
        let error = try #require(readError(path))
        #expect(error.code == .missingPart)
        Self.expectActionable(error, path: path, part: "xl/workbook.xml")
        #expect(error.reason.hasPrefix("_rels/.rels names this part as the workbook, but the package lacks it"))
    }

    @Test func aWorkbookPartNamedOnlyByTheContentTypesButAbsentIsNamed() throws {
        let parts = Self.workbookParts().filter { $0.name != "xl/workbook.xml" && $0.name != "_rels/.rels" }
        let path = try Self.package("no-workbook-no-rels.xlsx", parts)
        let error = try #require(readError(path))
        #expect(error.code == .missingPart)
        Self.expectActionable(error, path: path, part: "xl/workbook.xml")
        #expect(error.reason.hasPrefix("[Content_Types].xml names this part as the workbook"))
    }

    @Test func aZipWithoutAnyWorkbookIsStillNotAWorkbook() throws {
        let path = try Self.package("other.xlsx", [("notes.txt", "hello")])
        #expect(readError(path)?.code == .notAWorkbook)
    }

    @Test(arguments: [
        ("xl/sharedStrings.xml", "the shared strings (the text of the cells)"),
        ("xl/styles.xml", "the styles (which tell dates from numbers)"),
    ])
    func aSharedStringsOrStylesPartNamedButAbsentIsNamed(_ part: String, _ role: String) throws {
        let path = try Self.package(
            "without-\(part.split(separator: "/").last!).xlsx", Self.workbookParts().filter { $0.name != part })
        let error = try #require(readError(path))
        #expect(error.code == .missingPart)
        Self.expectActionable(error, path: path, part: part)
        #expect(
            error.reason.hasPrefix("xl/_rels/workbook.xml.rels names this part as \(role), but the package lacks it"))
    }

    @Test func aSheetPartNamedButAbsentIsNamed() throws {
        let parts = Self.workbookParts().filter { $0.name != "xl/worksheets/sheet1.xml" }
        let path = try Self.package("no-sheet.xlsx", parts)
        let error = try #require(readError(path))
        #expect(error.code == .missingPart)
        Self.expectActionable(error, path: path, part: "xl/worksheets/sheet1.xml")
        #expect(
            error.reason.hasPrefix(
                "xl/_rels/workbook.xml.rels names this part as sheet 'Data', but the package lacks it"))
    }

    @Test func aDuplicatedZipEntryIsNamed() throws {
        // libzip refuses to write a name twice: the second sheet is written under a name of the
        // same length, then renamed in the package's bytes (local header and central directory).
        var parts = Self.workbookParts()
        parts.append(("xl/worksheets/sheetZ.xml", parts[4].text))
        let path = try Self.package("duplicate.xlsx", parts)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let from = Data("xl/worksheets/sheetZ.xml".utf8)
        let to = Data("xl/worksheets/sheet1.xml".utf8)
        var renamed = 0
        while let range = bytes.range(of: from) {
            bytes.replaceSubrange(range, with: to)
            renamed += 1
        }
        #expect(renamed == 2)
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = try #require(readError(path))
        #expect(error.code == .duplicateEntry)
        Self.expectActionable(error, path: path, part: "xl/worksheets/sheet1.xml")
        #expect(error.reason.contains("holds the entry 'xl/worksheets/sheet1.xml' twice"))
    }

    @Test func unknownExtensionIsAUsageError() throws {
        let path = try temporaryFile("x", name: "data.pdf")
        #expect(readError(path)?.code == .unsupportedExtension)
        let xls = try temporaryFile("x", name: "old.xls")
        #expect(readError(xls)?.reason.contains("97-2003") == true)
    }
}
