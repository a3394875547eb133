import Foundation
import Testing

@testable import SheetReading

/// OpenDocument spreadsheets read as the same cells as XLSX: LibreOffice's conversions of the
/// producer fixtures and of the samples compared cell for cell with the XLSX they came from
/// (the differences on purpose listed with their reason in Fixtures/ods/deviations.json).
@Suite struct OdsReadingTests {
    static var pairs: [String: String] {
        (try? Fixtures.json(Fixtures.path("ods", "pairs.json")) as? [String: String]) ?? [:]
    }
    static let names = pairs.keys.sorted()
    static var deviations: [String: [String: Any]] {
        (try? Fixtures.json(Fixtures.path("ods", "deviations.json")) as? [String: [String: Any]]) ?? [:]
    }

    @Test func everyXlsxFixtureAndSampleHasItsConversion() {
        #expect(Self.names.count == 17)
        #expect(Self.names.contains("xlsxwriter_shared.ods"))
        #expect(Self.names.contains("samples/fiches-bretagne.ods"))
    }

    @Test(arguments: names)
    func readsCellForCellLikeTheXlsx(_ name: String) throws {
        let odsPath = Fixtures.path("ods", name)
        let xlsxPath = Fixtures.root.appendingPathComponent("ods").appendingPathComponent(Self.pairs[name] ?? "").path
        let ods = try SpreadsheetFile.open(odsPath)
        let xlsx = try SpreadsheetFile.open(xlsxPath)
        #expect(ods.format == .ods)
        #expect(ods.sheets.map(\.name) == xlsx.sheets.map(\.name))
        let deviation = Self.deviations[name] ?? [:]
        let visibility = deviation["visibility"] as? [String: String] ?? [:]
        for sheet in xlsx.sheets {
            let odsSheet = try #require(ods.sheets.first { $0.name == sheet.name })
            #expect(
                odsSheet.visibility.rawValue == visibility[sheet.name] ?? sheet.visibility.rawValue,
                "\(name): visibility of \(sheet.name)")
            let left = try readSheet(xlsx, sheet)
            let right = try readSheet(ods, odsSheet)
            let changed = (deviation["cells"] as? [String: [String: [String]]])?[sheet.name] ?? [:]
            for (reference, cell) in left.cells {
                let expected = changed[reference].map { ReadCell(type: $0[0], text: $0[1]) } ?? cell
                #expect(right.cells[reference] == expected, "\(name) \(sheet.name)!\(reference)")
            }
            #expect(Set(right.cells.keys) == Set(left.cells.keys), "\(name) \(sheet.name): the same cells")
            #expect(right.summary.mergedRanges == left.summary.mergedRanges, "\(name) \(sheet.name): merged ranges")
            #expect(right.summary.hiddenRows == left.summary.hiddenRows, "\(name) \(sheet.name): hidden rows")
        }
    }

    @Test func aFlatOdsReadsLikeItsPackage() throws {
        // LibreOffice's flat file (.fods) of libreoffice.ods: one XML file, the same cells.
        let flat = try SpreadsheetFile.open(Fixtures.path("ods", "libreoffice.fods"))
        let packaged = try SpreadsheetFile.open(Fixtures.path("ods", "libreoffice.ods"))
        #expect(flat.format == .ods)
        #expect(flat.packageEntries.isEmpty)
        #expect(flat.sheets.map(\.name) == packaged.sheets.map(\.name))
        #expect(flat.sheets.map(\.visibility) == packaged.sheets.map(\.visibility))
        for sheet in packaged.sheets {
            var left = try readSheet(packaged, sheet)
            let right = try readSheet(flat, try #require(flat.sheets.first { $0.name == sheet.name }))
            if sheet.name == "Projets" {
                // LibreOffice's flat export writes this cell's text:tab as nothing at all.
                #expect(left.cells["G7"]?.text == "@mention, tab\there")
                left.cells["G7"] = ReadCell(type: "text", text: "@mention, tabhere")
            }
            #expect(right.cells == left.cells, "\(sheet.name)")
            #expect(right.summary.mergedRanges == left.summary.mergedRanges)
        }
    }

    @Test func eachReadingOfContentXmlHasTheCapsToItself() throws {
        // content.xml is inflated at open (the sheet list) and again for each sheet read: a cap of
        // 1.5 times its size holds every reading, while one of half its size is a bomb.
        let path = Fixtures.path("ods", "libreoffice.ods")
        let content = try ZipArchive(path: path, displayName: path, limits: .default).read("content.xml").count
        var limits = ReadLimits.default
        limits.maxTotalBytes = content * 3 / 2
        let file = try SpreadsheetFile.open(path, options: ReadOptions(limits: limits))
        #expect(file.sheets.count == 2)
        for sheet in file.sheets + file.sheets { _ = try readSheet(file, sheet) }
        limits.maxTotalBytes = content / 2
        let error = try #require(readError(path, options: ReadOptions(limits: limits)))
        #expect(error.code == .limitExceeded)
        #expect(error.part == "content.xml")
    }

    @Test func theDefaultSheetSkipsAHiddenTable() throws {
        let file = try SpreadsheetFile.open(Fixtures.path("producers", "odfpy.ods"))
        #expect(file.sheets.map(\.visibility) == [.hidden, .visible])
        let choice = try file.chooseSheet(named: nil)
        #expect(choice.sheet.name == "Projets")
        #expect(choice.reason.contains("'Notice' (hidden)"))
    }

    @Test func mergedCellsAreFilledOnRequest() throws {
        let path = Fixtures.path("producers", "odfpy.ods")
        let file = try SpreadsheetFile.open(path, options: ReadOptions(fillMergedCells: true))
        let content = try readSheet(file, try file.chooseSheet(named: "Projets").sheet)
        let title = ReadCell(type: "text", text: "Fiches-projets — Région Bretagne")
        #expect(content.cells["A1"] == title)
        #expect(content.cells["B1"] == title)
        #expect(content.cells["C1"] == title)
    }

    @Test func repeatedCellsAreBoundedByTheCellLimit() throws {
        var limits = ReadLimits.default
        limits.maxCells = 20
        let error = try #require(
            readError(Fixtures.path("producers", "odfpy.ods"), options: ReadOptions(limits: limits)))
        #expect(error.code == .limitExceeded)
        #expect(error.reason.contains("--max-cells"))
        #expect(error.part == "content.xml")
        let bomb = try #require(readError(Fixtures.path("hostile", "ods_repeated_rows_bomb.ods")))
        #expect(bomb.reason.contains("1048576 rows"), "\(bomb)")
        #expect(bomb.cell == "Data!A1")
    }

    @Test func aRepeatedRowIsEveryRowItCovers() throws {
        let file = try SpreadsheetFile.open(Fixtures.path("producers", "odfpy.ods"))
        let content = try readSheet(file, try file.chooseSheet(named: "Projets").sheet)
        #expect(content.rows.map(\.number) == [1, 4, 5, 6, 7, 8, 9, 10])
        #expect(content.summary.usedRange?.description == "A1:J10")
        #expect(content.summary.formulaCount == 2)
    }

    @Test(arguments: [
        ("PT12H30M45S", 45_045.0), ("PT12H30M", 45_000), ("-PT1H30M", -5400), ("P1DT2H", 93_600),
        ("PT10H10M10.5S", 36_610.5), ("PT0S", 0), ("P2W", 1_209_600),
    ])
    func isoDurations(_ text: String, _ seconds: Double) {
        let days = Array(text.utf8).withUnsafeBufferPointer { OdsValueParsing.duration($0) }
        #expect(days.map { ($0 * 86_400 * 1000).rounded() / 1000 } == seconds)
    }

    @Test(arguments: ["P1Y", "PT", "P", "12:30", "PT1H2", "PTxH", ""])
    func notDurations(_ text: String) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { OdsValueParsing.duration($0) } == nil)
    }

    @Test func datesGiveTheXlsxDaySerials() {
        func parse(_ text: String) -> (Double, CellKind)? {
            Array(text.utf8).withUnsafeBufferPointer { OdsValueParsing.date($0) }.map { ($0.days, $0.kind) }
        }
        #expect(parse("2024-03-15")! == (45_366, .date))
        #expect(parse("1899-12-30")! == (0, .date))
        #expect(parse("2024-03-15T12:00:00")! == (45_366.5, .dateTime))
        #expect(parse("2024-02-30") == nil)
        #expect(parse("2024-03-15T25:00:00") == nil)
    }
}
