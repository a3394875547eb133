import Foundation
import SheetReading
import Testing

/// The workbooks of calamine's test suite (MIT; the XLSX ones copied from ../shared/corpus/calamine,
/// the ODS ones from calamine's tests/ by tools/fixtures/make_ods_fixtures.py): each is
/// read without a crash, and every value equals what python-calamine reads, except the deliberate
/// differences listed with their reason in Fixtures/calamine/deviations.json.
@Suite struct CalamineConformanceTests {
    static let workbooks = Fixtures.files(in: "calamine", extensions: ["xlsx", "xlsm", "ods"])
    static var deviations: [String: [String: Any]] {
        (try? Fixtures.json(Fixtures.path("calamine", "deviations.json")) as? [String: [String: Any]]) ?? [:]
    }

    @Test func theWholeCorpusIsHere() {
        #expect(Self.workbooks.filter { !$0.hasSuffix(".ods") }.count == 35)
        #expect(Self.workbooks.filter { $0.hasSuffix(".ods") }.count == 15, "calamine's ODS files (tests/*.ods)")
    }

    @Test(arguments: workbooks)
    func readsLikeCalamine(_ name: String) throws {
        let path = Fixtures.path("calamine", name)
        let oracle = try Fixtures.json(path + ".calamine.json")
        let deviation = Self.deviations[name] ?? [:]
        if let code = deviation["error"] as? String {
            let error = try #require(readError(path), "\(name) must be refused")
            #expect(error.code.rawValue == code, "\(error)")
            #expect(error.description.hasPrefix(path))
            return
        }
        let file = try SpreadsheetFile.open(path)
        let sheets = oracle["sheets"] as? [String: [String: Any]] ?? [:]
        let chartsheets = deviation["chartsheets"] as? [String] ?? []
        let extra = deviation["extra"] as? [String: [String: [String]]] ?? [:]
        let absent = deviation["absent"] as? [String: [String]] ?? [:]
        for (sheetName, expected) in sheets {
            let info = try #require(file.sheets.first { $0.name == sheetName })
            if chartsheets.contains(sheetName) {
                #expect(info.kind == .chartsheet)
                continue
            }
            let content = try readSheet(file, info)
            let cells = expected["cells"] as? [String: [Any]] ?? [:]
            for reference in absent[sheetName] ?? [] {
                #expect(content.cells[reference] == nil, "\(name) \(sheetName)!\(reference) is read empty on purpose")
            }
            for (reference, pair) in cells where !(absent[sheetName] ?? []).contains(reference) {
                let type = pair[0] as? String ?? ""
                let read = try #require(content.cells[reference], "\(name) \(sheetName)!\(reference) missing")
                switch type {
                case "number":
                    let value = (pair[1] as? NSNumber)?.doubleValue ?? .nan
                    #expect(read.type == "number", "\(sheetName)!\(reference): \(read)")
                    let number = content.numbers[reference] ?? .nan
                    #expect(
                        abs(number - value) <= 1e-9 * max(1, abs(value)),
                        "\(sheetName)!\(reference): \(number) vs \(value)")
                case "boolean":
                    #expect(read == ReadCell(type: "boolean", text: (pair[1] as? Bool) == true ? "true" : "false"))
                case "duration":
                    #expect(read.type == "duration", "\(sheetName)!\(reference)")
                default:
                    #expect(
                        read == ReadCell(type: type, text: pair[1] as? String ?? ""),
                        "\(name) \(sheetName)!\(reference)")
                }
            }
            let allowed = Set(cells.keys).union(extra[sheetName]?.keys ?? [:].keys)
            #expect(
                Set(content.cells.keys).subtracting(allowed).isEmpty,
                "\(name) \(sheetName): cells calamine does not have")
            for (reference, pair) in extra[sheetName] ?? [:] {
                #expect(content.cells[reference] == ReadCell(type: pair[0], text: pair[1]))
            }
        }
    }

    @Test func durationsReadAsElapsedTime() throws {
        let file = try SpreadsheetFile.open(Fixtures.path("calamine", "date.xlsx"))
        let content = try readSheet(file, file.sheets[0])
        #expect(content.cells["A1"] == ReadCell(type: "date", text: "2021-01-01"))
        #expect(content.cells["A3"] == ReadCell(type: "duration", text: "255:10:10"))
    }

    @Test func strictISOPathsAndRichTextAndPhoneticRuns() throws {
        let strict = try SpreadsheetFile.open(Fixtures.path("calamine", "strict_iso_paths.xlsx"))
        #expect(try readSheet(strict, strict.sheets[0]).cells["A1"] == ReadCell(type: "text", text: "Item"))
        let phonetic = try SpreadsheetFile.open(Fixtures.path("calamine", "rph.xlsx"))
        #expect(try readSheet(phonetic, phonetic.sheets[0]).cells["A1"] == ReadCell(type: "text", text: "課きく　毛こ"))
    }

    @Test func sheetVisibilityIsReported() throws {
        let file = try SpreadsheetFile.open(Fixtures.path("calamine", "any_sheets.xlsx"))
        #expect(file.sheets.map(\.visibility) == [.visible, .hidden, .veryHidden, .visible])
        #expect(file.sheets.map(\.kind) == [.worksheet, .worksheet, .worksheet, .chartsheet])
        // ODS has no "very hidden": calamine and sheetpipe both say hidden.
        let ods = try SpreadsheetFile.open(Fixtures.path("calamine", "any_sheets.ods"))
        #expect(ods.sheets.map(\.name) == ["Visible", "Hidden", "VeryHidden", "Chart"])
        #expect(ods.sheets.map(\.visibility) == [.visible, .hidden, .hidden, .visible])
    }
}
