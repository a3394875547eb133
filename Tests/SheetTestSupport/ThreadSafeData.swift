public import Foundation

/// Bytes a reading thread hands back to the test that waits for it (a pipe's other end).
public final class ThreadSafeData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    public init() {}
    public func set(_ value: Data) { lock.withLock { data = value } }
    public var value: Data { lock.withLock { data } }
}
