// Reads a workbook through SheetReading and prints its first cells: what `make consumer` runs.
import Foundation
import SheetReading

func shown(_ value: CellValue) -> String {
    switch value {
    case .text(let text): return text
    case .number(let number): return String(number)
    case .date(let date): return "\(date.year)-\(date.month)-\(date.day)"
    default: return "\(value)"
    }
}

guard let path = CommandLine.arguments.dropFirst().first else {
    print("usage: Consumer WORKBOOK")
    exit(2)
}
do {
    let file = try SpreadsheetFile.open(path)
    let choice = try file.chooseSheet(named: nil)
    print("\(choice.reason), of \(file.sheets.count)")
    try file.readRows(of: choice.sheet) { row in
        guard row.number <= 3 else { return }
        let cells = row.cells.prefix(3).map { "\(row.reference(of: $0))=\(shown(row.value(of: $0)))" }
        print("row \(row.number): \(cells.joined(separator: "  "))")
    }
} catch {
    print("cannot read: \(error)")
    exit(1)
}
