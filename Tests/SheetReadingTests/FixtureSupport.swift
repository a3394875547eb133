import Foundation
import SheetOutput
import SheetReading
import SheetTestSupport

/// Fixtures live next to the tests in the source tree (made by tools/fixtures/*.py).
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ folder: String, _ name: String) -> String {
        root.appendingPathComponent(folder).appendingPathComponent(name).path
    }

    static func files(in folder: String, extensions: Set<String>) -> [String] {
        let directory = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { extensions.contains(($0 as NSString).pathExtension) }.sorted()
    }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}

/// One cell as the tests compare it: its type name (as `convert --to json` says it) and its
/// canonical text (as `convert --to csv` writes it, before CSV quoting).
struct ReadCell: Equatable, CustomStringConvertible {
    var type: String
    var text: String
    var description: String { "\(type) \(text.debugDescription)" }
}

extension CellKind {
    var typeName: String {
        switch self {
        case .number: return "number"
        case .text: return "text"
        case .boolean: return "boolean"
        case .error: return "error"
        case .date: return "date"
        case .dateTime: return "datetime"
        case .time: return "time"
        case .duration: return "duration"
        case .formulaWithoutValue: return "formula-without-value"
        }
    }
}

/// Everything read from one sheet, keyed by A1 reference.
struct SheetContent {
    var cells: [String: ReadCell] = [:]
    var numbers: [String: Double] = [:]
    var issues: [ReadIssue] = []
    var rows: [(number: Int, texts: [String], fieldCount: Int?)] = []
    var summary = SheetReadSummary()
}

func readSheet(_ file: SpreadsheetFile, _ sheet: SheetInfo) throws -> SheetContent {
    var content = SheetContent()
    content.summary = try file.readRows(of: sheet) { row in
        var texts: [String] = []
        for cell in row.cells {
            var bytes: [UInt8] = []
            ValueFormatting.appendValue(of: cell, in: row, to: &bytes)
            let reference = row.reference(of: cell)
            content.cells[reference] = ReadCell(type: cell.kind.typeName, text: String(decoding: bytes, as: UTF8.self))
            if cell.kind == .number { content.numbers[reference] = cell.number }
            texts.append(String(decoding: bytes, as: UTF8.self))
        }
        content.issues.append(contentsOf: row.issues)
        content.rows.append((row.number, texts, row.fieldCount))
    }
    return content
}

/// The error a file is refused with, or nil when it reads (every worksheet).
func readError(_ path: String, options: ReadOptions = ReadOptions()) -> ReadError? {
    do {
        let file = try SpreadsheetFile.open(path, options: options)
        for sheet in file.sheets where sheet.kind == .worksheet {
            _ = try readSheet(file, sheet)
        }
        return nil
    } catch let error as ReadError {
        return error
    } catch {
        return ReadError(.ioError, file: path, reason: "unexpected error \(error)")
    }
}

/// A file of this text in the tests' temporary folder; returns its path.
func temporaryFile(_ text: String, name: String) throws -> String {
    try temporaryFile(Array(text.utf8), name: name)
}

func temporaryFile(_ bytes: [UInt8], name: String) throws -> String {
    let directory = try TestFiles.folder("sheetpipe-tests")
    let path = directory.appendingPathComponent(name).path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}
