import Glibc

/// A bounded hand-off of byte chunks from one producer thread to one consumer thread, over a small
/// pool of fixed buffers: memory stays flat however long the stream is. Used to inflate a zip entry
/// on one thread while the XML parser runs on another.
final class ChunkPipe: @unchecked Sendable {
    struct Chunk {
        var buffer: Int
        var count: Int
    }

    let chunkSize: Int
    private let storage: UnsafeMutableRawPointer
    /// Buffers the producer may fill; closed when the consumer stops listening.
    private let free: BlockingQueue<Int>
    /// Filled buffers, in order; closed when the producer is done.
    private let filled = BlockingQueue<Chunk>()

    init(chunkSize: Int, bufferCount: Int) {
        self.chunkSize = chunkSize
        storage = UnsafeMutableRawPointer.allocate(byteCount: chunkSize * bufferCount, alignment: 64)
        free = BlockingQueue(Array(0..<bufferCount))
    }

    deinit { storage.deallocate() }

    func pointer(to buffer: Int) -> UnsafeMutableRawPointer { storage + buffer * chunkSize }

    /// Producer: a free buffer to fill, or nil when the consumer has stopped listening.
    func takeFreeBuffer() -> Int? { free.receive() }

    func send(_ chunk: Chunk) { filled.send(chunk) }

    /// Producer: no more chunks.
    func finish() { filled.close() }

    /// Consumer: the next filled chunk, or nil at the end of the stream.
    func receive() -> Chunk? { filled.receive() }

    func recycle(_ buffer: Int) { free.send(buffer) }

    /// Consumer: stop the producer early (the parser failed).
    func cancel() { free.cancel() }
}

/// Runs `body` on a new thread; `join()` waits for it. When no thread can be had, `start()`
/// returns false and the caller takes its single-threaded path (running a pipeline stage inline
/// would deadlock it).
final class WorkerThread: @unchecked Sendable {
    private var thread = pthread_t()
    private let body: @Sendable () -> Void

    init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
    }

    func start() -> Bool {
        let context = Unmanaged.passRetained(self).toOpaque()
        let result = pthread_create(
            &thread, nil,
            { context in
                let worker = Unmanaged<WorkerThread>.fromOpaque(context!).takeRetainedValue()
                worker.body()
                return nil
            }, context)
        if result != 0 {
            Unmanaged<WorkerThread>.fromOpaque(context).release()
            return false
        }
        started = true
        return true
    }

    private var started = false

    func join() {
        if started { pthread_join(thread, nil) }
    }
}
