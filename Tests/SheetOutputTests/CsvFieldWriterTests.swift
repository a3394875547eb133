import SheetOutput
import SheetReading
import Testing

/// RFC 4180 quoting decided on bytes, and formula neutralisation of text (never of numbers).
@Suite struct CsvFieldWriterTests {
    func field(_ text: String, neutralise: Bool = true, delimiter: UInt8 = UInt8(ascii: ",")) -> [UInt8] {
        var output: [UInt8] = []
        CsvFieldWriter.appendField(text, delimiter: delimiter, neutraliseFormulas: neutralise, to: &output)
        return output
    }

    @Test(arguments: [
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("line\nbreak", "\"line\nbreak\""),
        ("cr\ronly", "\"cr\ronly\""), ("crlf\r\nx", "\"crlf\r\nx\""), ("", ""), ("é€", "é€"),
    ])
    func quotesOnlyWhenNeeded(_ text: String, _ expected: String) {
        #expect(field(text) == Array(expected.utf8))
    }

    @Test func crlfIsTwoBytesNotOneCharacter() {
        // In Swift "\r\n" is a single Character; the decision must see the bytes.
        let text = "a\r\nb"
        #expect(text.count == 3)
        #expect(field(text) == Array("\"a\r\nb\"".utf8))
    }

    @Test(arguments: ["=SUM(A1)", "+33 1 23", "-5", "@cmd", "\tx", "\rx"])
    func formulaLikeTextIsNeutralised(_ text: String) {
        let output = field(text)
        let unquoted = output.first == UInt8(ascii: "\"") ? Array(output.dropFirst()) : output
        #expect(unquoted.first == UInt8(ascii: "'"), "\(text.debugDescription)")
    }

    @Test func neutralisationCanBeTurnedOff() {
        #expect(field("=1+1", neutralise: false) == Array("=1+1".utf8))
    }

    @Test func otherDelimitersAreQuotedForThem() {
        #expect(field("a;b", delimiter: UInt8(ascii: ";")) == Array("\"a;b\"".utf8))
        #expect(field("a;b") == Array("a;b".utf8))
    }
}
