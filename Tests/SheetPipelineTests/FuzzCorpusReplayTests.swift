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
        var read = 0
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
            switch bytes.withUnsafeBufferPointer({ target.run($0, scratch: scratch) }) {
            case .read: read += 1
            case .refused(let reason): #expect(!reason.isEmpty && reason != "other", "\(target.rawValue)/\(name)")
            }
        }
        // The seeds are real files: most of each corpus reads.
        #expect(read * 2 >= names.count, "\(target.rawValue): \(read) of \(names.count) read")
    }
}
