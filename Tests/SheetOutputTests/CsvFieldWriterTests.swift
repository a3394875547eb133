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

@Suite struct ValueFormattingTests {
    func number(_ value: Double) -> String {
        var output: [UInt8] = []
        ValueFormatting.appendNumber(value, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    @Test(arguments: [
        (1.0, "1"), (-7.25, "-7.25"), (0.1, "0.1"), (1234567.89, "1234567.89"),
        (0.30000000000000004, "0.30000000000000004"),
        (1e-5, "0.00001"), (123456789012345.0, "123456789012345"), (1e21, "1e+21"), (-0.0, "0"), (2.5e-10, "2.5e-10"),
        (1.0 / 3.0, "0.3333333333333333"), (73282932000074.0, "73282932000074"), (100.5, "100.5"),
    ])
    func numbersAreShortestRoundTrip(_ value: Double, _ expected: String) {
        #expect(number(value) == expected)
    }

    @Test func everyWrittenNumberReadsBackExactly() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let value = Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF) * (Bool.random() ? 1 : -1)
            let text = number(value)
            #expect(Double(text) == value, "\(value) → \(text)")
            let scaled = (Double(Int.random(in: -10_000_000...10_000_000)) / 100)
            #expect(Double(number(scaled)) == scaled)
        }
    }
}

/// The byte-buffer forms (the dataset writer's) write what the array forms write.
@Suite struct ByteBufferWriterTests {
    @Test(arguments: [
        "plain", "a,b", "say \"hi\"", "line\nbreak", "=SUM(A1)", "-7,25", "@x", "tab\there", "back\\slash", "",
        "é€", "\u{7F}del", "ctrl\u{01}", "+33 1 23",
    ])
    func sameBytesAsTheArrayForms(_ text: String) {
        for neutralise in [true, false] {
            var expected: [UInt8] = []
            CsvFieldWriter.appendField(text, neutraliseFormulas: neutralise, to: &expected)
            let buffer = ByteBuffer(capacity: 4)
            var copy = text
            copy.withUTF8 { CsvFieldWriter.appendField($0, neutraliseFormulas: neutralise, to: buffer) }
            #expect(Array(UnsafeBufferPointer(start: buffer.base, count: buffer.count)) == expected, "\(text)")
        }
        var expected: [UInt8] = []
        JsonText.appendString(text, to: &expected)
        let buffer = ByteBuffer(capacity: 4)
        var copy = text
        copy.withUTF8 { JsonText.appendString($0, to: buffer) }
        #expect(Array(UnsafeBufferPointer(start: buffer.base, count: buffer.count)) == expected, "\(text)")
    }
}
