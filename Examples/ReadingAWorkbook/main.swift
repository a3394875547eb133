// The code of the article "Reading a workbook" (Sources/SheetReading/SheetReading.docc), built by
// `make test` so that the article's code keeps compiling: `swift run ReadingAWorkbook FILE.xlsx`.
import SheetReading

let path = CommandLine.arguments.dropFirst().first ?? "samples/fiches-bretagne.xlsx"

do {
    let file = try SpreadsheetFile.open(path)
    let choice = try file.chooseSheet(named: nil)  // the first visible worksheet
    print("\(path): \(choice.reason)")

    let summary = try file.readRows(of: choice.sheet) { row in
        for cell in row.cells {
            let address = row.reference(of: cell)  // "B7"
            switch row.value(of: cell) {
            case .text(let text): print(address, text)
            case .number(let number): print(address, number)
            case .date(let date): print(address, date.year, date.month, date.day)
            case let other: print(address, other)
            }
        }
    }
    print("\(summary.rowsWithValues) rows, \(summary.cellCount) cells")
} catch let error as ReadError {
    // Which file, where in it and why: "fiches.xlsx (xl/worksheets/sheet1.xml, line 3): …"
    print("cannot read \(error.file) [\(error.code.rawValue)]: \(error.reason)")
} catch {
    print("stopped: \(error)")  // what the row closure threw
}
