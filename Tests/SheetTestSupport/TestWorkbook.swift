import Foundation
import SheetReading

/// Minimal workbooks written with the project's zip writer, for tests that need a particular
/// layout of cells (inline strings, one sheet named Sheet1). Shared by the test targets.
public enum TestWorkbook {
    /// `cells`: text cells; `numbers`: number cells with the `<v>` text as a producer wrote it;
    /// `merges`: merged ranges (`B2:B4`); `shared`: text cells whose text is in the shared-string
    /// table (`xl/sharedStrings.xml`, one string each).
    public static func write(
        cells: [(String, String)], numbers: [(String, String)] = [], merges: [String] = [],
        shared: [(String, String)] = [], to path: String
    ) throws {
        var rows: [Int: [(Int, String, String)]] = [:]
        for (reference, text) in cells {
            guard let place = CellReference.parse(reference) else { continue }
            rows[place.row, default: []].append((place.column, reference, text))
        }
        var sharedIndexes: [String: Int] = [:]
        for (index, (reference, text)) in shared.enumerated() {
            guard let place = CellReference.parse(reference) else { continue }
            rows[place.row, default: []].append((place.column, reference, text))
            sharedIndexes[reference] = index
        }
        var numberCells = Set<String>()
        for (reference, value) in numbers {
            guard let place = CellReference.parse(reference) else { continue }
            rows[place.row, default: []].append((place.column, reference, value))
            numberCells.insert(reference)
        }
        var sheet =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        for number in rows.keys.sorted() {
            sheet += "<row r=\"\(number)\">"
            for (_, reference, text) in rows[number]!.sorted(by: { $0.0 < $1.0 }) {
                let escaped = text.replacingAll("&", "&amp;").replacingAll("<", "&lt;")
                if let index = sharedIndexes[reference] {
                    sheet += "<c r=\"\(reference)\" t=\"s\"><v>\(index)</v></c>"
                    continue
                }
                if numberCells.contains(reference) {
                    sheet += "<c r=\"\(reference)\"><v>\(escaped)</v></c>"
                    continue
                }
                sheet += "<c r=\"\(reference)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escaped)</t></is></c>"
            }
            sheet += "</row>"
        }
        sheet += "</sheetData>"
        if !merges.isEmpty {
            sheet += "<mergeCells count=\"\(merges.count)\">"
            for range in merges { sheet += "<mergeCell ref=\"\(range)\"/>" }
            sheet += "</mergeCells>"
        }
        sheet += "</worksheet>"
        var strings: String?
        if !shared.isEmpty {
            strings =
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            for (_, text) in shared {
                strings! +=
                    "<si><t xml:space=\"preserve\">\(text.replacingAll("&", "&amp;").replacingAll("<", "&lt;"))</t></si>"
            }
            strings! += "</sst>"
        }
        try write(sheetXML: sheet, sharedStrings: strings, to: path)
    }

    /// A workbook of one sheet (`Sheet1`) whose XML is given as is (rows out of order, say),
    /// and optionally the shared-string part's.
    public static func write(sheetXML sheet: String, sharedStrings: String? = nil, to path: String) throws {
        try MinimalWorkbook.write(
            sheetXML: Array(sheet.utf8), sharedStrings: sharedStrings.map { Array($0.utf8) }, to: path)
    }
}

extension String {
    public func replacingAll(_ target: String, _ replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound] + replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
