import Foundation
import Testing

@testable import SheetReading

/// The hand-offs between threads: order kept, errors carried back, cancellation immediate.
@Suite struct ConcurrencyTests {
    struct Stop: Error {}

    @Test func backgroundConsumerSeesEveryRowInOrderWithItsCells() throws {
        let file = try SpreadsheetFile.open(Fixtures.path("calamine", "minimal_package.xlsx"))
        let sheet = file.sheets[0]
        var direct: [String] = []
        try file.readRows(of: sheet) { row in
            direct.append("\(row.number):" + row.cells.map { row.text(of: $0) }.joined(separator: "|"))
        }
        let collected = Collected()
        let background = BackgroundRowConsumer(batchSize: 7, batches: 2) { row in
            collected.append("\(row.number):" + row.cells.map { row.text(of: $0) }.joined(separator: "|"))
        }
        try file.readRows(of: sheet) { row in try background.accept(row) }
        try background.finish()
        #expect(collected.values == direct)
        #expect(direct.count == 196)
    }

    @Test func aConsumerErrorStopsTheReaderAndComesBack() throws {
        let file = try SpreadsheetFile.open(Fixtures.path("calamine", "minimal_package.xlsx"))
        let background = BackgroundRowConsumer(batchSize: 4, batches: 2) { row in
            if row.number == 10 { throw Stop() }
        }
        var accepted = 0
        #expect(throws: Stop.self) {
            do {
                try file.readRows(of: file.sheets[0]) { row in
                    accepted += 1
                    try background.accept(row)
                }
            } catch {
                try? background.finish()
                throw error
            }
        }
        #expect(accepted < 196, "the reader stopped early")
    }

    @Test func cancellingAQueueReturnsNilEvenWithElementsLeft() {
        let queue = BlockingQueue([1, 2, 3])
        #expect(queue.receive() == 1)
        queue.cancel()
        #expect(queue.receive() == nil)
    }

    @Test func closingAQueueDrainsItFirst() {
        let queue = BlockingQueue([1, 2])
        queue.close()
        #expect(queue.receive() == 1)
        #expect(queue.receive() == 2)
        #expect(queue.receive() == nil)
    }

    @Test func largePartsInflateOnAnotherThreadWithTheSameBytes() throws {
        // A 3 MiB part takes the overlapped path (declared size over 1 MiB); compare with the direct one.
        var part: [UInt8] = []
        var state: UInt32 = 12345
        while part.count < 3 << 20 {
            state = state &* 1_103_515_245 &+ 12345
            part.append(UInt8(48 + (state >> 16) % 40))
        }
        let path = try temporaryFile([], name: "big.zip")
        let writer = try ZipPackageWriter(path: path)
        try writer.add("big.bin", bytes: part)
        try writer.close()
        let archive = try ZipArchive(path: path, displayName: path, limits: .default)
        var overlapped: [UInt8] = []
        var chunks = 0
        try archive.stream("big.bin", overlapInflate: true) { chunk in
            overlapped.append(contentsOf: chunk)
            chunks += 1
        }
        var direct: [UInt8] = []
        try archive.stream("big.bin", overlapInflate: false) { direct.append(contentsOf: $0) }
        #expect(overlapped == part)
        #expect(direct == part)
        #expect(chunks > 1)
        #expect(archive.inflatedTotal == 2 * part.count, "every inflated byte is counted")
    }

    @Test func aParseErrorStopsTheInflaterEarly() throws {
        // The zip bomb's first chunk is enough to fail a consumer; the producer must not go on
        // inflating the remaining gigabyte.
        let archive = try ZipArchive(
            path: Fixtures.path("hostile", "zip_bomb.xlsx"), displayName: "bomb", limits: .default)
        var chunks = 0
        #expect(throws: ReadError.self) {
            try archive.stream("xl/worksheets/sheet1.xml") { _ throws(ReadError) in
                chunks += 1
                throw ReadError(.malformedXML, file: "bomb", reason: "stop")
            }
        }
        #expect(chunks == 1)
        #expect(archive.inflatedTotal < 16 << 20, "stopped after a few chunks, not at the cap")
    }
}

final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ item: String) { lock.lock(); items.append(item); lock.unlock() }
    var values: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
