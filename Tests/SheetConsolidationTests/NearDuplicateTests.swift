import SheetTestSupport
import Testing

@testable import SheetConsolidation

/// Near-duplicates are listed for review: one behaviour per case, then the indexed search checked
/// against comparing every pair.
@Suite struct NearDuplicateTests {
    let finder = NearDuplicateFinder(fieldNames: ["intitule", "porteur"])

    func entry(_ region: String, _ title: String?, _ owner: String? = nil) -> NearDuplicateFinder.Entry {
        NearDuplicateFinder.Entry(block: region, texts: [title, owner])
    }

    @Test func accentsCaseAndPunctuationDoNotCount() throws {
        let found = finder.candidates(in: [
            entry("53", "Modernisation de la fonderie Le Gall"),
            entry("53", "MODERNISATION DE LA FONDERIE LE GALL."),
            entry("53", "modernisation de la fonderie le gall"),
        ])
        #expect(found.map { [$0.first, $0.second] } == [[0, 1], [0, 2], [1, 2]])
        #expect(found.allSatisfy { $0.similarity == 1 && $0.field == "intitule" })
    }

    @Test func aRewordedTitleIsACandidateAnUnrelatedOneIsNot() throws {
        let found = finder.candidates(in: [
            entry("53", "Modernisation de la fonderie Le Gall à Lorient"),
            entry("53", "Modernisation fonderie Le Gall, Lorient"),
            entry("53", "Création d'un centre de formation aux métiers du bois"),
        ])
        #expect(found.count == 1)
        let pair = try #require(found.first)
        #expect((pair.first, pair.second) == (0, 1))
        #expect(pair.similarity >= 0.7 && pair.similarity < 1)
    }

    @Test func rowsOfDifferentRegionsAreNeverPaired() {
        let found = finder.candidates(in: [
            entry("53", "Extension de l'usine de granulés bois"),
            entry("84", "Extension de l'usine de granulés bois"),
        ])
        #expect(found.isEmpty)
    }

    @Test func theClosestFieldIsNamed() throws {
        let found = finder.candidates(in: [
            entry("76", "Ligne de découpe laser", "Aéro Composites Occitanie SAS"),
            entry("76", "Atelier d'usinage cinq axes", "AERO COMPOSITES OCCITANIE"),
        ])
        let pair = try #require(found.first)
        #expect(found.count == 1)
        #expect(pair.field == "porteur")
    }

    @Test func missingAndTooShortTextsAreNotCompared() {
        let found = finder.candidates(in: [
            entry("11", nil, "SA"), entry("11", "", "SA"), entry("11", "-", "S.A."),
        ])
        #expect(found.isEmpty)
    }

    @Test func trigramsAreOfTheFoldedKey() {
        #expect(finder.trigrams(of: "Éte") == finder.trigrams(of: "  ete!"))
        #expect(finder.trigrams(of: "abc").isEmpty)  // shorter than 4 after folding
        #expect(finder.trigrams(of: "abcd").count == 4)  // " ab" "abc" "bcd" "cd "
    }

    /// The prefix-filtered search must find exactly the pairs that comparing all pairs finds.
    @Test(arguments: [0.5, 0.7, 0.9]) func indexedSearchEqualsComparingEveryPair(threshold: Double) {
        // Every trigram and word counts here (no block is "large"), every pair is kept: the search
        // itself is what is checked.
        let finder = NearDuplicateFinder(
            fieldNames: ["intitule"], threshold: threshold, largeBlock: .max, templateBlock: .max, perRow: 300)
        let words = [
            "usine", "atelier", "fonderie", "bois", "ligne", "extension", "de", "la", "modernisation", "laser",
        ]
        var generator = SeededGenerator(seed: UInt64(threshold * 1000))
        // (Up to eight words: some sets pass 48 trigrams, where ranks are sorted another way.)
        let titles = (0..<300).map { _ in
            (0..<Int.random(in: 2...8, using: &generator)).map { _ in words.randomElement(using: &generator)! }
                .joined(separator: " ")
        }
        let entries = titles.map { NearDuplicateFinder.Entry(block: "28", texts: [$0]) }

        // The reference is independent of the finder's merge: Jaccard from Swift sets.
        let sets = titles.map { Set(finder.trigrams(of: $0)) }
        func jaccard(_ x: Set<NearDuplicateFinder.Trigram>, _ y: Set<NearDuplicateFinder.Trigram>) -> Double {
            Double(x.intersection(y).count) / Double(x.union(y).count)
        }
        var expected: [[Int]] = []
        for b in sets.indices {
            for a in 0..<b where !sets[a].isEmpty && !sets[b].isEmpty && jaccard(sets[a], sets[b]) >= threshold {
                expected.append([a, b])
            }
        }
        let found = finder.candidates(in: entries).map { [$0.first, $0.second] }
        #expect(!expected.isEmpty && expected.count < sets.count * (sets.count - 1) / 2)
        #expect(found == expected.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) })
    }

    @Test func aTemplateSharedByManyTitlesOfALargeBlockIsNotAResemblance() throws {
        // 1,200 titles of one region on four templates, each ending with a made-up name.
        var generator = SeededGenerator(seed: 11)
        let templates = [
            "Requalification de la friche", "Décarbonation de la chaufferie", "Formation aux métiers de la maintenance",
            "Plateforme d'innovation composites",
        ]
        let syllables = ["ba", "ker", "lo", "mi", "du", "ven", "tra", "sol", "ri", "gan", "pe", "mor", "zon", "vil"]
        func name() -> String { (0..<3).map { _ in syllables.randomElement(using: &generator)! }.joined() }
        var titles = (0..<1200).map { index in "\(templates[index % 4]) \(name()) \(name())" }
        // One real near-duplicate: the same project typed again with one letter changed.
        titles.append(titles[7].replacingAll("a", "à"))
        titles.append(titles[9] + "s")
        let entries = titles.map { NearDuplicateFinder.Entry(block: "53", texts: [$0]) }
        let found = finder.candidates(in: entries)
        #expect(found.contains { $0.first == 9 && $0.second == 1201 }, "the retyped title is found")
        #expect(found.contains { $0.first == 7 && $0.second == 1200 }, "accents do not count")
        // Without leaving the template out, a shared template alone gives Jaccard ≥ 0.7 for many pairs.
        #expect(found.count < 20, "\(found.count) candidates")
    }
}
