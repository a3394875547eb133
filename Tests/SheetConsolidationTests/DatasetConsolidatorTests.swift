import Testing

@testable import SheetConsolidation

/// Deduplication of a dataset over files given as plain values: each file's rows as (key, values).
@Suite struct DatasetConsolidatorTests {
    func digest(_ text: String) -> RowDigest {
        var builder = RowDigest.Builder()
        builder.add(text)
        return builder.finish()
    }

    /// A file's accepted rows, each `key=values` (no key: `=values`).
    func file(_ rows: [String], keyed: Bool = true) -> AcceptedRows {
        var accepted = AcceptedRows()
        for (index, row) in rows.enumerated() {
            let parts = row.split(separator: "=", omittingEmptySubsequences: false).map(String.init)
            let identity = RowIdentity(
                values: digest(parts[0] + "|" + parts[1]), key: keyed ? digest(parts[0]) : nil)
            var key = Array(parts[0].utf8)
            key.withUnsafeMutableBufferPointer { bytes in
                accepted.append(number: index + 2, identity: identity, keyFieldCount: keyed ? 1 : 0) { _ in
                    UnsafeBufferPointer(bytes)
                }
            }
        }
        return accepted
    }

    func decide(_ files: [AcceptedRows?], shares: Int = 1) -> DatasetConsolidator {
        var consolidator = DatasetConsolidator(rowCounts: files.map { $0?.count ?? 0 })
        consolidator.deduplicate(dataset: "d", files: files, shares: shares)
        return consolidator
    }

    @Test func aLaterSubmissionSupersedesTheSameKey() {
        let result = decide([file(["K1=a", "K2=b"]), file(["K1=c"])])
        #expect(result.fates == [[.superseded, .kept], [.kept]])
        #expect(
            result.events == [
                .init(
                    kind: .superseded, dataset: "d", row: RowReference(file: 0, index: 0),
                    other: RowReference(file: 1, index: 0))
            ])
    }

    @Test func theSameContentMergesIntoTheFirst() {
        let result = decide([file(["K1=a"]), file(["K1=a", "K2=b"])])
        #expect(result.fates == [[.kept], [.merged, .kept]])
        #expect(result.events.map(\.kind) == [.merged])
        #expect(result.events.first?.other == RowReference(file: 0, index: 0))
    }

    @Test func withoutAKeyOnlyEqualRowsMerge() {
        let result = decide([file(["=a", "=b"], keyed: false), file(["=a", "=c"], keyed: false)])
        #expect(result.fates == [[.kept, .kept], [.merged, .kept]])
    }

    @Test func aRowEqualToASupersededOneSupersedesWhatReplacedIt() {
        let result = decide([file(["K1=a"]), file(["K1=b"]), file(["K1=a"])])
        #expect(result.fates == [[.superseded], [.superseded], [.kept]])
    }

    @Test func inputsOfOtherDatasetsKeepTheirPositions() {
        let result = decide([nil, file(["K1=a"]), nil, file(["K1=a"])])
        #expect(result.fates == [[], [.kept], [], [.merged]])
        #expect(result.events.first?.row == RowReference(file: 3, index: 0))
    }

    @Test func mergedAndSupersededAreCountedByTheirInput() {
        let result = decide([file(["K1=a", "K2=b", "K3=c"]), file(["K1=a", "K2=x", "K4=d"]), file(["K3=y"])])
        let counts = result.counts()
        #expect(counts.map(\.merged) == [0, 1, 0])
        #expect(counts.map(\.superseded) == [2, 0, 0])
    }

    /// The work split in shares decides exactly as in one.
    @Test(arguments: [2, 3, 5])
    func sharesDecideAsOne(shares: Int) {
        var files: [AcceptedRows?] = []
        for input in 0..<6 {
            files.append(file((0..<200).map { "K\(($0 * 7 + input * 13) % 150)=v\(($0 + input) % 3)" }))
        }
        let one = decide(files)
        let split = decide(files, shares: shares)
        #expect(split.fates == one.fates)
        #expect(split.events == one.events)
        #expect(!one.events.isEmpty)
    }
}
