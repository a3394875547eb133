import Foundation
import SheetTestSupport
import Testing

@testable import SheetSchema

@Suite struct TextKeyAndBooleanTests {
    @Test(arguments: [
        ("Coût total HT (€)", "cout total ht"), ("N° fiche", "n fiche"), ("Île-de-France", "ile de france"),
        ("Provence-Alpes-Côte d’Azur", "provence alpes cote d azur"), ("  ÉTAT   d'avancement ", "etat d avancement"),
        ("Œuvre", "oeuvre"), ("Straße", "strasse"), ("Réf.", "ref"),
    ])
    func keys(_ text: String, _ key: String) {
        #expect(TextKey.make(text) == key)
    }

    @Test func theLatinTableFoldsAsUnicodeDoes() {
        // Every character of U+0000…U+017F alone and in words: the table (when it applies) and the
        // Unicode path give the same key.
        var generator = SeededGenerator(seed: 42)
        let alphabet = (0x20...0x17F).compactMap { Unicode.Scalar($0).map(Character.init) }
        var texts = alphabet.map { "a\($0)b" }
        for _ in 0..<5000 {
            texts.append(
                String(
                    (0..<Int.random(in: 1...12, using: &generator)).map { _ in
                        alphabet.randomElement(using: &generator)!
                    }))
        }
        var folded = 0
        for text in texts {
            guard let fast = TextKey.latinFold(text) else { continue }
            folded += 1
            #expect(fast == TextKey.unicodeFold(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(folded > 500)
    }

    @Test func normalisedTextIsNFCWithCollapsedSpaces() {
        let decomposed = "Re\u{0301}gion\u{00A0}\u{00A0}Bretagne "
        #expect(TextKey.normalisedText(decomposed) == "Région Bretagne")
        #expect(TextKey.normalisedText(decomposed).unicodeScalars.count == 15)
    }

    @Test(arguments: [
        ("oui", true), ("Non", false), ("x", true), ("X", true), ("1", true), ("0", false), ("vrai", true),
        ("FAUX", false),
    ])
    func booleans(_ text: String, _ value: Bool) {
        #expect(FrenchBoolean.parse(text) == value)
    }

    @Test func unknownBooleanIsNil() {
        #expect(FrenchBoolean.parse("peut-être") == nil)
    }
}
