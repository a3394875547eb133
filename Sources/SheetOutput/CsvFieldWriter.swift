public import SheetReading

/// RFC 4180 fields, decided on bytes (never on Swift `Character`s, where CRLF is one character):
/// a field is quoted when it holds `"`, the delimiter, CR or LF, and quotes inside are doubled.
/// Text that a spreadsheet would run as a formula (`=` `+` `-` `@` TAB CR first) gets a `'` in
/// front; numbers never do.
public enum CsvFieldWriter {
    @inline(__always)
    public static func appendText(
        _ text: UnsafeBufferPointer<UInt8>, flags: StringTable.Flags, delimiter: UInt8 = UInt8(ascii: ","),
        neutraliseFormulas: Bool = true, to output: inout [UInt8]
    ) {
        let neutralise = neutraliseFormulas && flags.contains(.startsLikeFormula)
        var quote = flags.contains(.needsCSVQuotes)
        if delimiter != UInt8(ascii: ",") && !quote && flags.contains(.containsOtherDelimiter) {
            quote = text.contains(delimiter)
        }
        if !quote {
            if neutralise { output.append(UInt8(ascii: "'")) }
            output.append(contentsOf: text)
            return
        }
        output.append(UInt8(ascii: "\""))
        if neutralise { output.append(UInt8(ascii: "'")) }
        for byte in text {
            if byte == UInt8(ascii: "\"") { output.append(byte) }
            output.append(byte)
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Any field given as bytes (flags computed here).
    public static func appendField(_ text: UnsafeBufferPointer<UInt8>, delimiter: UInt8 = UInt8(ascii: ","), neutraliseFormulas: Bool = true, to output: inout [UInt8]) {
        appendText(text, flags: TextScan.flags(of: text), delimiter: delimiter, neutraliseFormulas: neutraliseFormulas, to: &output)
    }

    public static func appendField(_ text: String, delimiter: UInt8 = UInt8(ascii: ","), neutraliseFormulas: Bool = true, to output: inout [UInt8]) {
        var copy = text
        copy.withUTF8 { appendField($0, delimiter: delimiter, neutraliseFormulas: neutraliseFormulas, to: &output) }
    }
}
