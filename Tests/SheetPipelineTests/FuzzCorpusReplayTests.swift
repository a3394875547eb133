import Foundation
import SheetFuzzing
import Testing

/// Every input of the committed fuzz corpora (Fuzz/corpus/<target>/, grown by `make fuzz`) is run
/// again through its target: a target that no longer builds, or crashes on a known input, fails
/// here. Each input must end read or refused with a named reason.
@Suite struct FuzzCorpusReplayTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus").path

    @Test(arguments: FuzzTarget.allCases)
    func everyInputOfTheCorpusEndsReadOrRefused(_ target: FuzzTarget) throws {
        let folder = Self.corpus + "/" + target.rawValue
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        try #require(!names.isEmpty, "no corpus for \(target.rawValue)")
        let scratch = NSTemporaryDirectory() + "sheetpipe-fuzz-replay-\(getpid())-\(target.rawValue)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        // Seeds keep their names; what libFuzzer merged in is named by its SHA-1 (40 hex digits).
        func isSeed(_ name: String) -> Bool { !(name.count == 40 && name.allSatisfy(\.isHexDigit)) }
        var seedsRead = 0
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
            switch bytes.withUnsafeBufferPointer({ target.run($0, scratch: scratch) }) {
            case .read: if isSeed(name) { seedsRead += 1 }
            case .refused(let reason): #expect(!reason.isEmpty && reason != "other", "\(target.rawValue)/\(name)")
            }
        }
        // The seeds are real files (a few hostile ones): most of them read.
        let seeds = names.filter(isSeed).count
        #expect(seedsRead * 2 >= seeds, "\(target.rawValue): \(seedsRead) of \(seeds) seeds read")
    }
}
