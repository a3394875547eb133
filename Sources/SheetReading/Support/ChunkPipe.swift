#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A bounded hand-off of byte chunks from one producer thread to one consumer thread, over a small
/// pool of fixed buffers: memory stays flat however long the stream is. Used to inflate a zip entry
/// on one core while the XML parser runs on the other.
final class ChunkPipe: @unchecked Sendable {
    struct Chunk {
        var buffer: Int
        var count: Int
    }

    let chunkSize: Int
    private let storage: UnsafeMutableRawPointer
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    // Guarded by `mutex`.
    private var free: [Int]
    private var filled: [Chunk] = []
    private var finished = false
    private var cancelled = false

    init(chunkSize: Int, bufferCount: Int) {
        self.chunkSize = chunkSize
        storage = UnsafeMutableRawPointer.allocate(byteCount: chunkSize * bufferCount, alignment: 64)
        free = Array(0..<bufferCount)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
        storage.deallocate()
    }

    func pointer(to buffer: Int) -> UnsafeMutableRawPointer { storage + buffer * chunkSize }

    private func locked<R>(_ body: () -> R) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Producer: a free buffer to fill, or nil when the consumer has stopped listening.
    func takeFreeBuffer() -> Int? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while free.isEmpty && !cancelled { pthread_cond_wait(condition, mutex) }
        if cancelled { return nil }
        return free.removeLast()
    }

    func send(_ chunk: Chunk) {
        locked {
            filled.append(chunk)
            pthread_cond_broadcast(condition)
        }
    }

    /// Producer: no more chunks.
    func finish() {
        locked {
            finished = true
            pthread_cond_broadcast(condition)
        }
    }

    /// Consumer: the next filled chunk, or nil at the end of the stream.
    func receive() -> Chunk? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while filled.isEmpty && !finished { pthread_cond_wait(condition, mutex) }
        if filled.isEmpty { return nil }
        return filled.removeFirst()
    }

    func recycle(_ buffer: Int) {
        locked {
            free.append(buffer)
            pthread_cond_broadcast(condition)
        }
    }

    /// Consumer: stop the producer early (the parser failed).
    func cancel() {
        locked {
            cancelled = true
            pthread_cond_broadcast(condition)
        }
    }
}

/// Runs `body` on a new thread; `join()` waits for it.
final class WorkerThread: @unchecked Sendable {
    private var thread = pthread_t()
    private let body: @Sendable () -> Void

    init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
    }

    func start() {
        let context = Unmanaged.passRetained(self).toOpaque()
        #if canImport(Glibc)
            let result = pthread_create(
                &thread, nil,
                { context in
                    let worker = Unmanaged<WorkerThread>.fromOpaque(context!).takeRetainedValue()
                    worker.body()
                    return nil
                }, context)
        #else
            let result = pthread_create(
                &thread, nil,
                { context in
                    let worker = Unmanaged<WorkerThread>.fromOpaque(context).takeRetainedValue()
                    worker.body()
                    return nil
                }, context)
        #endif
        if result != 0 {
            // No thread: run inline (slower, same result).
            Unmanaged<WorkerThread>.fromOpaque(context).release()
            body()
            ranInline = true
        }
    }

    private var ranInline = false

    func join() {
        if !ranInline { pthread_join(thread, nil) }
    }
}
