@testable import SheetConsolidation

extension FingerprintStore {
    /// One file's fingerprints from plain texts: per row, its block and its one compared text.
    static func of(_ rows: [(block: String, text: String)]) -> FingerprintStore {
        var store = FingerprintStore(fieldCount: 1)
        for (block, text) in rows {
            var blockBytes = Array(block.utf8)
            var textBytes = Array(text.utf8)
            blockBytes.withUnsafeMutableBufferPointer { blockBytes in
                textBytes.withUnsafeMutableBufferPointer { textBytes in
                    store.add(block: UnsafeBufferPointer(blockBytes), blockValueID: -1) { _ in
                        UnsafeBufferPointer(textBytes)
                    }
                }
            }
        }
        store.finish()
        return store
    }
}
