import SheetOutput
import SheetReading
import Testing

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
