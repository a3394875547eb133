import Dispatch
import Glibc
import Synchronization

/// Runs independent work items on `jobs` workers (default: all cores) and returns the results in
/// input order, whatever the order of completion.
package enum ParallelMap {
    package static func map<T: Sendable, R: Sendable>(
        _ items: [T], jobs: Int? = nil, _ transform: @Sendable @escaping (T) -> R
    ) -> [R] {
        let workers = max(1, min(jobs ?? ProcessInfoCores.count, items.count))
        guard workers > 1 else { return items.map(transform) }
        let results = ResultSlots<R>(count: items.count)
        let next = Atomic<Int>(0)
        // Each worker takes the next item until none is left: long files do not hold up others.
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < items.count else { return }
                results.set(index, transform(items[index]))
            }
        }
        return results.values
    }
}

/// The cores online: how many files are read at a time when `--jobs` does not say.
package enum ProcessInfoCores {
    package static var count: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}

private final class ResultSlots<R>: @unchecked Sendable {
    private var slots: [R?]
    private let lock = DispatchQueue(label: "sheetpipe.results")
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: R) { lock.sync { slots[index] = value } }
    var values: [R] { lock.sync { slots.compactMap { $0 } } }
}
