import Foundation
import SheetReading
import SheetTestSupport
import Testing

/// Real files with random damage (seeded: the same cases every run): reading must end in rows or
/// a `ReadError` naming the file — never a crash, a hang or another kind of error.
@Suite struct MutationTests {
    /// Damages a copy: flipped bytes, a cut, or a run of bytes overwritten.
    static func damage(_ original: [UInt8], _ generator: inout SeededGenerator) -> [UInt8] {
        var bytes = original
        switch Int.random(in: 0..<3, using: &generator) {
        case 0:
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[index] ^= UInt8.random(in: 1...255, using: &generator)
            }
        case 1:
            bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator)))
        default:
            let start = Int.random(in: 0..<bytes.count, using: &generator)
            let length = min(Int.random(in: 1...64, using: &generator), bytes.count - start)
            for index in start..<start + length { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        }
        return bytes
    }

    /// `someStillRead`: damage can spare what reading needs (a CSV, a workbook's unused bytes);
    /// in a 2 KB workbook every byte is compressed data, a header or a checksum.
    @Test(arguments: [
        ("producers", "xlsxwriter_shared.xlsx", true), ("producers", "libreoffice.xlsx", true),
        ("calamine", "strict_iso_paths.xlsx", true), ("csv", "excel_fr_1252.csv", true),
        ("csv", "texte_unicode.txt", true), ("hostile", "prefixed_namespaces.xlsx", false),
    ])
    func damagedFilesEndInRowsOrAReadError(_ folder: String, _ name: String, _ someStillRead: Bool) throws {
        let source = Fixtures.path(folder, name)
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: source)))
        #expect(throws: Never.self, "the undamaged file reads") { try Self.readAll(source) }
        var generator = SeededGenerator(seed: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ Int($1) }.magnitude))
        let directory = try TestFiles.folder("sheetpipe-mutation")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent(name).path
        var read = 0
        var refusals: [ReadError.Code: Int] = [:]
        for _ in 0..<150 {
            try Data(Self.damage(original, &generator)).write(to: URL(fileURLWithPath: path))
            do {
                try Self.readAll(path)
                read += 1
            } catch let error as ReadError {
                #expect(error.file == path && error.description.hasPrefix(path), "the message names the file")
                #expect(!error.reason.isEmpty, "the message says why: \(error)")
                #expect(Self.saysWhere(error), "the message says where in the file: \(error)")
                refusals[error.code, default: 0] += 1
            }
        }
        // A reader that refused everything, or nothing, would not pass.
        #expect((read > 0) == someStillRead, "\(read) of 150 damaged copies read")
        #expect(!refusals.isEmpty, "some damaged copies are refused")
    }

    static func readAll(_ path: String) throws {
        let file = try SpreadsheetFile.open(path)
        for sheet in file.sheets where sheet.kind == .worksheet {
            try file.readRows(of: sheet) { row in
                for cell in row.cells { _ = row.value(of: cell) }
            }
        }
    }

    /// An error inside the file names the place: the zip entry for a workbook's parts, the line for
    /// delimited text. Errors about the file as a whole (not a zip, not a workbook) need no place.
    static func saysWhere(_ error: ReadError) -> Bool {
        switch error.code {
        case .malformedXML, .forbiddenDTD, .cellOutsideGrid, .duplicateCell, .rowOutOfOrder, .invalidCellValue,
            .sharedStringIndex, .cellTooLong:
            return error.part != nil && (error.line != nil || error.cell != nil)
        case .unterminatedQuote:
            return error.line != nil
        case .missingPart:
            return error.part != nil
        default:
            return true
        }
    }
}
