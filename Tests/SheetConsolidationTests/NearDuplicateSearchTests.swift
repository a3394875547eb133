import Testing

@testable import SheetConsolidation

/// Fingerprints kept per file and searched over the kept rows, from plain texts.
@Suite struct NearDuplicateSearchTests {
    func store(_ rows: [(String, String)]) -> FingerprintStore { FingerprintStore.of(rows) }

    @Test func equalFingerprintsAreOneAndSimilarTextsAreCandidates() {
        let first = store([("53", "Four électrique de verrerie"), ("53", ""), ("29", "Scierie du port")])
        let second = store([("53", "Four électrique de verrerie"), ("53", "Four electrique de la verrerie")])
        #expect(first.ids == [0, -1, 1])
        #expect(first.blockNames == ["53", "29"])
        let search = NearDuplicateSearch(dataset: "d", fields: ["titre"], threshold: 0.6)
        let found = search.candidates(files: [first, second], kept: { _ in true }, jobs: 1)
        let pairs = found.map { [$0.first, $0.second] }
        #expect(pairs.contains([RowReference(file: 0, index: 0), RowReference(file: 1, index: 0)]))
        #expect(found.first { $0.second == RowReference(file: 1, index: 0) }?.similarity == 1)
        #expect(pairs.contains { $0[1] == RowReference(file: 1, index: 1) })
        // A row no longer kept is not compared.
        let withoutFirst = search.candidates(
            files: [first, second], kept: { $0 != RowReference(file: 0, index: 0) }, jobs: 1)
        #expect(!withoutFirst.contains { $0.first == RowReference(file: 0, index: 0) })
    }
}
