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

    @Test(arguments: [
        ("producers", "xlsxwriter_shared.xlsx"), ("producers", "libreoffice.xlsx"),
        ("calamine", "strict_iso_paths.xlsx"),
        ("csv", "excel_fr_1252.csv"), ("csv", "texte_unicode.txt"), ("hostile", "prefixed_namespaces.xlsx"),
    ])
    func damagedFilesEndInRowsOrAReadError(_ folder: String, _ name: String) throws {
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(folder, name))))
        var generator = SeededGenerator(seed: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ Int($1) }.magnitude))
        let directory = try TestFiles.folder("sheetpipe-mutation")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent(name).path
        var outcomes = (read: 0, refused: 0)
        for _ in 0..<150 {
            try Data(Self.damage(original, &generator)).write(to: URL(fileURLWithPath: path))
            do {
                let file = try SpreadsheetFile.open(path)
                for sheet in file.sheets where sheet.kind == .worksheet {
                    try file.readRows(of: sheet) { row in
                        for cell in row.cells { _ = row.value(of: cell) }
                    }
                }
                outcomes.read += 1
            } catch let error as ReadError {
                #expect(error.description.hasPrefix(path), "the message names the file")
                outcomes.refused += 1
            }
        }
        #expect(outcomes.read + outcomes.refused == 150)
    }
}
