import SheetTestSupport
import Testing

@testable import SheetConsolidation

/// What keeps the near-duplicate candidates few and worth a reviewer's time: each row's best
/// few, a cap per block, templates and numbering left out.
@Suite struct NearDuplicateBoundsTests {
    let finder = NearDuplicateFinder(fieldNames: ["intitule"])

    func entries(_ titles: [String], block: String = "53") -> [NearDuplicateFinder.Entry] {
        titles.map { NearDuplicateFinder.Entry(block: block, texts: [$0]) }
    }

    @Test(arguments: [1, 2, 4])
    func aRowKeepsItsFiveClosestEarlierRowsTiesToTheEarliest(jobs: Int) {
        // The last row has seven earlier partners: two equal to it, then three pairs of equal
        // similarity, each a little further off.
        let titles = [
            "Atelier de fabrication additive métal",  // 0: further (two letters)
            "Atelier de fabrication additive",  // 1: equal
            "Atelier de fabrication additive métal",  // 2: as 0
            "Atelier de fabrication additives",  // 3: close (one letter)
            "Atelier de fabrication additive",  // 4: equal
            "Atelier de fabrication additives",  // 5: as 3
            "Atelier de fabrication additive métal",  // 6: as 0
            "Atelier de fabrication additive",  // 7: the row
        ]
        let found = finder.candidates(in: entries(titles), jobs: jobs)
        let partners = found.filter { $0.second == 7 }.map(\.first)
        // Equal first (1, 4), then the closer pair (3, 5), then the earliest of the further ones (0).
        #expect(partners.sorted() == [0, 1, 3, 4, 5], "\(partners)")
        // Every row lists at most five.
        for row in titles.indices { #expect(found.filter { $0.second == row }.count <= 5) }
    }

    @Test func aTemplateSharedByMostTitlesOfABlockIsLeftOut() throws {
        // Sixty titles of one block on one template, each ending with another made-up name.
        let names = [
            "Kerlo", "Brecmi", "Dusol", "Venri", "Traga", "Lopen", "Morzon", "Cafel", "Nudor", "Savil", "Gubrec",
            "Ploutin", "Quemhu", "Necros", "Jouaz", "Belcham",
        ]
        let sides = ["nord", "sud", "est", "ouest"]
        var titles = (0..<60).map { "Requalification de la zone d'activités \(names[$0 % 16]) \(sides[$0 / 16])" }
        // Two genuinely similar titles in the same block.
        titles += ["Plateforme d'innovation des composites", "Plateforme d'innovation composites"]
        let texts = titles
        let search = finder.search(blocks: [Array(texts.indices)]) { row, _ in Array(texts[row].utf8)[...] }
        #expect(search.candidates.map { [$0.first, $0.second] } == [[60, 61]], "\(search.candidates)")
        let left = try #require(search.templateWords.first)
        #expect(left.field == "intitule")
        #expect(left.words == ["activites", "d", "de", "la", "requalification", "zone"])
    }

    @Test func numberedTitlesOfATemplatedBlockAreNotCandidatesSimilarOnesAre() {
        // `Projet 10001`… `Projet 10060` (without the template, Jaccard ≥ 0.7 between neighbours).
        var titles = (1...60).map { "Projet \(10_000 + $0)" }
        titles += ["Projet de réseau de chaleur industriel", "Réseau de chaleur industriel"]
        let found = finder.candidates(in: entries(titles))
        #expect(!found.contains { $0.second < 60 }, "\(found.prefix(5))")
        #expect(found.map { [$0.first, $0.second] } == [[60, 61]])
    }

    @Test func textsThatDifferOnlyByDigitsNeverPair() {
        // A small block: no word is left out as a template here.
        let titles = [
            "Ligne de production 2", "Ligne de production 3", "Ligne de production", "Atelier 2024 de fonderie",
            "Atelier 2025 de fonderie", "Ligne de productions 2",
        ]
        let found = finder.candidates(in: entries(titles)).map { [$0.first, $0.second] }
        for digitsOnly in [[0, 1], [0, 2], [1, 2], [3, 4]] { #expect(!found.contains(digitsOnly), "\(found)") }
        // A letter more is a difference.
        #expect(found.contains([0, 5]), "\(found)")
    }

    func store(_ rows: [(String, String)]) -> FingerprintStore { FingerprintStore.of(rows) }

    @Test func aBlockPastItsCapListsItsFirstCandidatesAndCountsTheRest() throws {
        // Block 53: rows 0–3 alike (a row equal to row 0 is paired with it at once); block 28: one pair.
        let first = store([
            ("53", "Scierie à haut rendement"), ("53", "Scierie a haut rendement"), ("28", "Serres maraîchères"),
            ("53", "Scierie à haut rendements"),
        ])
        let second = store([
            ("53", "Scierie haut rendement"), ("28", "Serres maraichères chauffées"), ("28", "Serre maraîchère"),
        ])
        let search = NearDuplicateSearch(dataset: "d", fields: ["intitule"], threshold: 0.6, blockCap: 2)
        let result = search.search(files: [first, second], kept: { _ in true }, jobs: 2)
        let uncapped = NearDuplicateSearch(dataset: "d", fields: ["intitule"], threshold: 0.6)
            .search(files: [first, second], kept: { _ in true }, jobs: 1)
        let block53 = [
            RowReference(file: 0, index: 0), RowReference(file: 0, index: 1), RowReference(file: 0, index: 3),
            RowReference(file: 1, index: 0),
        ]
        let inBlock53 = uncapped.candidates.filter { block53.contains($0.second) }
        #expect(uncapped.candidates.count > inBlock53.count, "block 28 has candidates too")
        #expect(inBlock53.count > 2)
        #expect(result.cappedBlocks == [.init(dataset: "d", block: "53", listed: 2, leftOut: inBlock53.count - 2)])
        // The first two of block 53 by row, and every candidate of block 28.
        let expected = uncapped.candidates.filter { candidate in
            !inBlock53.contains(candidate) || inBlock53.prefix(2).contains(candidate)
        }
        #expect(result.candidates == expected)
        #expect(uncapped.cappedBlocks.isEmpty)
    }
}
