import Dispatch

/// Runs independent work items on all cores and returns the results in input order, whatever the
/// order of completion.
enum ParallelMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable @escaping (T) -> R) -> [R] {
        guard items.count > 1 else { return items.map(transform) }
        let results = ResultSlots<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            results.set(index, transform(items[index]))
        }
        return results.values
    }
}

private final class ResultSlots<R>: @unchecked Sendable {
    private var slots: [R?]
    private let lock = DispatchQueue(label: "sheetpipe.results")
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: R) { lock.sync { slots[index] = value } }
    var values: [R] { lock.sync { slots.compactMap { $0 } } }
}
