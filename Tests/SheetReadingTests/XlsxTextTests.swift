import Testing

@testable import SheetReading

@Suite struct XlsxTextTests {
    func decode(_ text: String) -> (String, Bool) {
        var output: [UInt8] = []
        var copy = text
        let result = copy.withUTF8 { XlsxText.decode($0, into: &output) }
        return (String(decoding: output, as: UTF8.self), result.hadControlCharacters)
    }

    @Test func escapesAreDecoded() {
        #expect(decode("ABC_x000D__x000A_DEF").0 == "ABC\r\nDEF")
        #expect(decode("a_x005F_x0041_b").0 == "a_x0041_b")
        #expect(decode("_xD83D__xDE00_").0 == "😀")
        #expect(decode("_x00e9_").0 == "é")
        #expect(decode("not_x12_an escape").0 == "not_x12_an escape")
    }

    @Test func controlCharactersAreReplacedAndFlagged() {
        #expect(decode("a_x0007_b") == ("a\u{FFFD}b", true))
        #expect(decode("tab\tok") == ("tab\tok", false))
        #expect(decode("lone_xD800_") == ("lone\u{FFFD}", false))
    }
}
