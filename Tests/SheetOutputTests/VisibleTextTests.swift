import SheetOutput
import SheetTestSupport
import Testing

/// Control characters from file names, sheet names and values never reach a terminal raw.
@Suite struct VisibleTextTests {
    @Test func controlCharactersAreShownEscaped() {
        #expect(VisibleText.escapingControlCharacters("\u{1B}[31mred.csv") == "\\u{1B}[31mred.csv")
        #expect(
            VisibleText.escapingControlCharacters("a\rb\u{07}c\u{7F}d\u{9B}e\0")
                == "a\\u{D}b\\u{7}c\\u{7F}d\\u{9B}e\\u{0}")
        #expect(VisibleText.escapingControlCharacters("a\nb\tc") == "a\\u{A}b\\u{9}c")
        #expect(VisibleText.escapingControlCharacters("a\nb\u{1B}", keepingLineBreaks: true) == "a\nb\\u{1B}")
        // French text (NBSP, « », accents: bytes C2 A0, C2 AB…) is left as it is.
        let french = "Coût « total » : 1\u{A0}234,56\u{202F}€ — Été"
        #expect(VisibleText.escapingControlCharacters(french) == french)
    }

    @Test func noControlCharacterSurvivesAndOtherTextIsUnchanged() {
        var generator = SeededGenerator(seed: 13)
        let pool: [Unicode.Scalar] =
            (0...0xA0).compactMap(Unicode.Scalar.init) + ["é", "«", "»", "\u{202F}", "€", "😀", "\u{2028}"]
        for _ in 0..<2000 {
            let count = Int.random(in: 0...12, using: &generator)
            var scalars = String.UnicodeScalarView()
            for _ in 0..<count { scalars.append(pool.randomElement(using: &generator)!) }
            let text = String(scalars)
            let shown = VisibleText.escapingControlCharacters(text)
            #expect(!shown.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(shown)")
            let hasControl = text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
            #expect((shown == text) == !hasControl, "\(text.debugDescription)")
        }
    }
}
