package import SheetReading

/// RFC 4180 fields, decided on bytes (never on Swift `Character`s, where CRLF is one character):
/// a field is quoted when it holds `"`, the delimiter, CR or LF, and quotes inside are doubled.
/// Text that a spreadsheet would run as a formula (`=` `+` `-` `@` TAB CR first) gets a `'` in
/// front; numbers never do.
public enum CsvFieldWriter {
    /// Writes one text field at `p`, which has room for `2 * text.count + 3` bytes.
    @inline(__always)
    package static func writeText(
        _ text: UnsafeBufferPointer<UInt8>, flags: StringTable.Flags, delimiter: UInt8 = UInt8(ascii: ","),
        neutraliseFormulas: Bool = true, _ p: UnsafeMutablePointer<UInt8>
    ) -> Int {
        let neutralise = neutraliseFormulas && flags.contains(.startsLikeFormula)
        var quote = flags.contains(.needsCSVQuotes)
        if delimiter != UInt8(ascii: ",") && !quote && flags.contains(.containsOtherDelimiter) {
            quote = text.contains(delimiter)
        }
        var n = 0
        if quote {
            p[0] = UInt8(ascii: "\"")
            n = 1
        }
        if neutralise {
            p[n] = UInt8(ascii: "'")
            n += 1
        }
        if quote {
            for byte in text {
                if byte == UInt8(ascii: "\"") {
                    p[n] = byte
                    n += 1
                }
                p[n] = byte
                n += 1
            }
            p[n] = UInt8(ascii: "\"")
            return n + 1
        }
        if let base = text.baseAddress, text.count > 0 { (p + n).update(from: base, count: text.count) }
        return n + text.count
    }

    /// Room `writeText` needs for a text of `count` bytes.
    @inline(__always)
    public static func room(forText count: Int) -> Int { 2 * count + 3 }

    /// One text field (comma-separated CSV) at the end of a byte buffer.
    @inline(__always)
    package static func appendField(
        _ text: UnsafeBufferPointer<UInt8>, neutraliseFormulas: Bool = true, to output: ByteBuffer
    ) {
        let written = writeText(
            text, flags: TextScan.flags(of: text), neutraliseFormulas: neutraliseFormulas,
            output.reserve(room(forText: text.count)))
        output.advance(written)
    }

    public static func appendField(
        _ text: UnsafeBufferPointer<UInt8>, delimiter: UInt8 = UInt8(ascii: ","), neutraliseFormulas: Bool = true,
        to output: inout [UInt8]
    ) {
        let flags = TextScan.flags(of: text)
        // Most fields need neither quotes nor a `'`: copied as they are.
        if !flags.contains(.needsCSVQuotes) && !(neutraliseFormulas && flags.contains(.startsLikeFormula))
            && (delimiter == UInt8(ascii: ",") || !flags.contains(.containsOtherDelimiter) || !text.contains(delimiter))
        {
            output.append(contentsOf: text)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: room(forText: text.count)) { buffer in
            let n = writeText(
                text, flags: flags, delimiter: delimiter, neutraliseFormulas: neutraliseFormulas, buffer.baseAddress!)
            output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<n]))
        }
    }

    public static func appendField(
        _ text: String, delimiter: UInt8 = UInt8(ascii: ","), neutraliseFormulas: Bool = true, to output: inout [UInt8]
    ) {
        text.withUTF8Bytes {
            appendField($0, delimiter: delimiter, neutraliseFormulas: neutraliseFormulas, to: &output)
        }
    }

    /// One record of text fields and its line end (CRLF unless told). `neutralise` says, by
    /// position, which fields are text that a spreadsheet could run (numbers are not).
    public static func appendRecord(
        _ fields: [String], lineEnd: [UInt8] = [13, 10], neutralise: (Int) -> Bool = { _ in true },
        to output: inout [UInt8]
    ) {
        for (position, field) in fields.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            appendField(field, neutraliseFormulas: neutralise(position), to: &output)
        }
        output.append(contentsOf: lineEnd)
    }
}
