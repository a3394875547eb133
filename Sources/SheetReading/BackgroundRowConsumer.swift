import Synchronization

/// Runs a row consumer (a writer, say) on another thread while the reader keeps parsing: rows are
/// copied into a small pool of batches (memory stays flat) and consumed in order. With the zip
/// inflating on a thread of its own, reading a large sheet then keeps three threads busy.
///
/// ```swift
/// let background = BackgroundRowConsumer { row in try writer.write(row) }
/// try file.readRows(of: sheet) { row in try background.accept(row) }
/// try background.finish()
/// ```
package final class BackgroundRowConsumer: @unchecked Sendable {
    private final class Batch: @unchecked Sendable {
        // (Unchecked exclusivity: written at every row; the queues hand a batch to one thread at a time.)
        @exclusivity(unchecked) var rows: [Row] = []
        @exclusivity(unchecked) var count = 0
        /// Bytes of the rows copied in since the batch was taken (cells and their texts).
        @exclusivity(unchecked) var bytes = 0
        /// Sent full by its bytes, not its rows: its rows' storage is let go before it is reused.
        @exclusivity(unchecked) var heavy = false
    }

    /// Bytes a batch may hold before it is handed over, whatever its row count: an ODS cell
    /// repeated over 16,384 columns makes rows of 16,384 cells from a few bytes of file, and
    /// 4 batches of 512 such rows would hold a gigabyte.
    static let batchBytes = 8 << 20

    private let batchSize: Int
    private let consume: (inout Row) throws -> Void
    private let free: BlockingQueue<Batch>
    private let filled = BlockingQueue<Batch>()
    private var current: Batch?
    private var worker: WorkerThread?
    /// No thread could be started: rows are consumed on the caller's thread.
    private var inline = false
    /// Set by the worker when the consumer threw; `failure` is read only after `failed` is seen.
    private var failure: (any Error)?
    private let failed = Atomic<Bool>(false)

    /// `consume` is given each row in place (`inout` so that it is not copied); it reads it and
    /// must not change it.
    package init(batchSize: Int = 512, batches: Int = 4, consume: @escaping (inout Row) throws -> Void) {
        self.batchSize = batchSize
        self.consume = consume
        free = BlockingQueue((0..<max(batches, 2)).map { _ in Batch() })
    }

    /// Copies the row for the consumer thread. Throws the consumer's error, once it has failed.
    package func accept(_ row: Row) throws {
        if failed.load(ordering: .acquiring), let failure { throw failure }
        if worker == nil && !inline { start() }
        if inline {
            var copy = row
            return try consume(&copy)
        }
        if current == nil {
            current = free.receive()
            if let batch = current, batch.heavy {
                // Its wide rows' storage goes back now (the next wide row allocates again).
                batch.rows.removeAll()
                batch.heavy = false
            }
            current?.bytes = 0
        }
        guard let batch = current else { return }
        if batch.count < batch.rows.count {
            batch.rows[batch.count].copy(from: row)
        } else {
            var copy = Row(source: row.source, sharedStrings: row.sharedStrings)
            copy.copy(from: row)
            batch.rows.append(copy)
        }
        batch.count += 1
        batch.bytes += row.cells.count * MemoryLayout<Cell>.stride + row.arena.count
        if batch.count == batchSize || batch.bytes >= Self.batchBytes {
            batch.heavy = batch.bytes >= Self.batchBytes
            filled.send(batch)
            current = nil
        }
    }

    /// Hands over the last rows, waits for the consumer, and throws its first error.
    package func finish() throws {
        if let batch = current, batch.count > 0 { filled.send(batch) }
        current = nil
        filled.close()
        worker?.join()
        worker = nil  // the worker's closure holds this object
        if let failure { throw failure }
    }

    private func start() {
        let worker = WorkerThread { [self] in
            while let batch = filled.receive() {
                if !failed.load(ordering: .relaxed) {
                    do {
                        // Lent in place: taking the row out of the array would copy it (a retain
                        // and a release of each of its references, at every row).
                        try batch.rows.withUnsafeMutableBufferPointer { rows in
                            for index in 0..<batch.count { try consume(&rows[index]) }
                        }
                    } catch {
                        failure = error
                        failed.store(true, ordering: .releasing)
                    }
                }
                batch.count = 0
                free.send(batch)
            }
        }
        if worker.start() {
            self.worker = worker
        } else {
            inline = true
        }
    }
}

extension Row {
    /// Makes this row a copy of `other`, reusing its storage (no allocation once warm).
    mutating func copy(from other: Row) {
        number = other.number
        isHidden = other.isHidden
        fieldCount = other.fieldCount
        cells.removeAll(keepingCapacity: true)
        other.cells.withUnsafeBufferPointer { cells.append(contentsOf: $0) }
        arena.removeAll(keepingCapacity: true)
        other.arena.withUnsafeBufferPointer { arena.append(contentsOf: $0) }
        if !issues.isEmpty || !other.issues.isEmpty { issues = other.issues }
        if sharedStrings !== other.sharedStrings { sharedStrings = other.sharedStrings }
        if source !== other.source { source = other.source }
    }
}

extension SpreadsheetFile {
    /// Streams the rows of `sheet` to `consume` on a thread of its own beside the parser (a
    /// `BackgroundRowConsumer`), and returns the reading's summary once every row is consumed;
    /// a failure on either side stops both and is thrown.
    @discardableResult
    package func readRowsInBackground(of sheet: SheetInfo, _ consume: @escaping (inout Row) throws -> Void) throws
        -> SheetReadSummary
    {
        let background = BackgroundRowConsumer(consume: consume)
        let summary: SheetReadSummary
        do {
            summary = try readRows(of: sheet) { row in try background.accept(row) }
        } catch {
            try? background.finish()
            throw error
        }
        try background.finish()
        return summary
    }
}
